"""`sign`: print a signed test token (or, with --pair, a login response's two tokens).

Flags -> the secret or key and the .env -> `ops.sign` -> the token on stdout.
Secrets never reach stdout or stderr: they are named by where they came from.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from jwtfix.cli._app import AtOpt, JsonOpt, NoColorOpt, app, examples, fail, now_at, out
from jwtfix.cli._secrets import (
    Dotenv,
    DotenvOpt,
    Encoding,
    EnvOpt,
    KeyOpt,
    SecretEncodingOpt,
    SecretEnvOpt,
    SecretFileOpt,
    SecretOpt,
    implicit_source,
    load_key,
    load_secret,
    load_service,
    one_key_source,
    warn,
)


@app.command(
    epilog=examples(
        "jwtfix sign --expires 15m",
        "T=$(jwtfix sign --env .env --sub user-42 --expires 15m)",
        "jwtfix sign --alg ES256 --key keys/private.pem --aud api --jti auto",
    )
)
def sign(
    alg: Annotated[
        str | None,
        typer.Option(
            "--alg",
            metavar="ALG",
            help="HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512, EdDSA, none. "
            "Default: JWT_ALGORITHM of --env, the key's own, or HS256.",
        ),
    ] = None,
    secret: SecretOpt = None,
    secret_env: SecretEnvOpt = None,
    secret_file: SecretFileOpt = None,
    secret_encoding: SecretEncodingOpt = Encoding.utf8,
    key: KeyOpt = None,
    env: EnvOpt = None,
    expires: Annotated[
        str | None,
        typer.Option(
            "--expires",
            metavar="DUR|DATE",
            help="exp: a duration from iat as jsonwebtoken's expiresIn (15m, 2.5 hrs, 900 = "
            "seconds, -5m = already expired) or a date.",
        ),
    ] = None,
    not_before: Annotated[
        str | None,
        typer.Option(
            "--not-before", metavar="DUR|DATE", help="nbf: a duration from iat or a date."
        ),
    ] = None,
    iat: Annotated[
        str | None, typer.Option("--iat", metavar="WHEN", help="iat (default: now or --at).")
    ] = None,
    no_iat: Annotated[bool, typer.Option("--no-iat", help="Leave iat out.")] = False,
    sub: Annotated[str | None, typer.Option("--sub", metavar="VALUE", help="sub claim.")] = None,
    iss: Annotated[
        str | None,
        typer.Option("--iss", metavar="VALUE", help="iss claim (default: JWT_ISSUER of --env)."),
    ] = None,
    aud: Annotated[
        list[str] | None,
        typer.Option(
            "--aud", metavar="VALUE", help="aud claim, repeatable (default: JWT_AUDIENCE of --env)."
        ),
    ] = None,
    jti: Annotated[
        str | None,
        typer.Option("--jti", metavar="VALUE|auto", help="jti claim; 'auto' makes a random UUID."),
    ] = None,
    kid: Annotated[str | None, typer.Option("--kid", metavar="KID", help="kid header.")] = None,
    claim: Annotated[
        list[str] | None,
        typer.Option(
            "--claim",
            "-c",
            metavar="K=V|K:=JSON",
            help="A claim: k=v (a string) or k:=JSON (e.g. admin:=true, roles:='[\"a\"]').",
        ),
    ] = None,
    payload: Annotated[
        str | None,
        typer.Option("--payload", metavar="JSON|@FILE|-", help="The claims to start from."),
    ] = None,
    header: Annotated[
        list[str] | None,
        typer.Option("--header", metavar="K=V|K:=JSON", help="An extra header parameter."),
    ] = None,
    allow_none: Annotated[
        bool, typer.Option("--allow-none", help="Allow --alg none (an unsigned token).")
    ] = False,
    pair: Annotated[
        bool,
        typer.Option(
            "--pair",
            help="Print {accessToken, refreshToken, expiresIn} signed with JWT_SECRET and "
            "JWT_REFRESH_SECRET of --env.",
        ),
    ] = False,
    refresh_expires: Annotated[
        str | None,
        typer.Option(
            "--refresh-expires",
            metavar="DUR|DATE",
            help="With --pair: the refresh token's exp (default: JWT_REFRESH_EXPIRES_IN).",
        ),
    ] = None,
    at: AtOpt = None,
    json_: JsonOpt = False,
    dotenv: DotenvOpt = Dotenv.auto,
    no_color: NoColorOpt = False,  # accepted as on every command; sign prints no colour
) -> None:
    """Sign a test token and print it alone on stdout, so that T=$(jwtfix sign ...) works.

    exp - iat is what jsonwebtoken computes for the same expiresIn; with --at and a
    deterministic algorithm (HS*, RS*, EdDSA) the token is the same byte for byte.
    """
    from jwtfix.inputs import read_text
    from jwtfix.ops import sign as ops

    now = now_at(at)
    service = load_service(env, dotenv)
    implicit = None
    no_key_given = env is None and key is None and secret is secret_env is secret_file is None
    if no_key_given and (alg is None or alg.upper().startswith("HS")):
        service, implicit = implicit_source(secret_encoding, dotenv)
    access_secret, _ = load_secret(secret, secret_env, secret_file, secret_encoding, service)
    access_secret = access_secret or implicit
    one_key_source(any(v is not None for v in (secret, secret_env, secret_file)), key)
    loaded_key = load_key(key)
    if loaded_key is not None:
        access_secret = None
    algorithm = ops.choose_alg(alg, loaded_key, service)
    if loaded_key is not None and loaded_key.unknown_alg is not None:
        warn(
            f'{loaded_key.origin} has "alg": {loaded_key.unknown_alg!r}, which is no JWS '
            f"algorithm jwtfix knows (a typo?): signed with {algorithm}, as its kty says; "
            "a library that reads the JWK's alg may refuse it"
        )

    base = None
    if payload is not None:
        stdin = getattr(sys.stdin, "buffer", None)
        text, source = read_text(payload, stdin, what="--payload")
        base = ops.parse_payload(text, source)
    claims = [ops.parse_assignment(c, "--claim") for c in claim or []]
    headers = [ops.parse_assignment(h, "--header") for h in header or []]

    def time_spec(value: str | None, option: str, env_name: str) -> ops.TimeSpec | None:
        # `is not None`: an empty --expires "$EXP" is an error, not a token without exp.
        if value is not None:
            return ops.TimeSpec(value, option)
        spec, warning = ops.env_expiry(service, env_name)
        if warning:
            warn(warning)
        return spec

    expires_spec = time_spec(expires, "--expires", "JWT_EXPIRES_IN")
    issuer, audience = ops.claim_defaults(service, iss, aud or [])
    if no_iat and iat is not None:
        fail("give --iat WHEN or --no-iat, not both")
    iat_value = None
    if iat is not None:
        from jwtfix.timefmt import parse_when

        iat_value = int(parse_when(iat, now, what="--iat"))

    def make(spec: ops.TimeSpec | None, jwt_id: str | None = jti) -> dict[str, Any]:
        return ops.build_payload(
            base,
            now=now,
            claims=claims,
            iat=iat_value,
            no_iat=no_iat,
            expires=spec,
            not_before=ops.TimeSpec(not_before, "--not-before") if not_before is not None else None,
            audience=audience,
            issuer=issuer,
            subject=sub,
            jwt_id=jwt_id,
        )

    access = ops.sign(
        make(expires_spec),
        alg=algorithm,
        secret=access_secret,
        key=loaded_key,
        kid=kid,
        headers=headers,
        allow_none=allow_none,
    )
    for warning in access.warnings:
        warn(warning)
    from jwtfix.render.json import dumps

    if pair:
        from jwtfix.render.json import pair_document

        refresh_secret = ops.pair_secret(service, secret_encoding.value)
        if "exp" not in access.payload:
            fail(
                "--pair needs the access token's lifetime: --expires DUR or JWT_EXPIRES_IN in --env"
            )
        refresh_spec = time_spec(refresh_expires, "--refresh-expires", "JWT_REFRESH_EXPIRES_IN")
        refresh_jti = ops.pair_jti(jti, access.token, reproducible=at is not None)
        refresh = ops.sign(make(refresh_spec, refresh_jti), alg=ops.pair_alg(algorithm),
                           secret=refresh_secret, kid=kid, headers=headers)  # fmt: skip
        for warning in refresh.warnings:
            warn(warning)
        out(dumps(pair_document(access, refresh)))
        return
    if json_:
        from jwtfix.render.json import sign_document

        out(dumps(sign_document(access)))
    else:
        out(access.token)
