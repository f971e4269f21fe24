"""`sign`, `keygen` and `verify`: the commands that need a secret or a key.

Secrets never reach stdout or stderr: they are named by where they came from.
Heavy modules (PyJWT, cryptography, rich) are imported inside the commands,
and cryptography only for key files and asymmetric algorithms.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from jwtfix.cli._app import (
    AtOpt,
    JsonOpt,
    NoColorOpt,
    QuietOpt,
    SkewOpt,
    TokenArg,
    app,
    duration_option,
    exit_with,
    fail,
    now_at,
    out,
    read_token,
    use_color,
)
from jwtfix.cli._secrets import (
    Encoding,
    KeyOpt,
    SecretEncodingOpt,
    SecretEnvOpt,
    SecretFileOpt,
    SecretOpt,
    load_secret,
)
from jwtfix.errors import ExitCode

if TYPE_CHECKING:
    from jwtfix.envfile import EnvFile
    from jwtfix.keys import Key, Secret


EnvOpt = Annotated[
    str | None,
    typer.Option(
        "--env",
        metavar="PATH",
        help="A .env file: JWT_SECRET, JWT_ALGORITHM, JWT_EXPIRES_IN, JWT_ISSUER, JWT_AUDIENCE ...",
    ),
]


def _warn(message: str) -> None:
    sys.stderr.write(f"warning: {' '.join(message.split())}\n")


def _load_env(path: str | None) -> EnvFile | None:
    if path is None:
        return None
    from jwtfix.envfile import load

    return load(path)


def _load_key(path: str | None) -> Key | None:
    if path is None:
        return None
    from jwtfix.keys import load_key

    return load_key(path)


def _one_key_source(secret_given: bool, key: str | None, jwks: str | None = None) -> None:
    given = [
        name for name, v in (("a secret", secret_given), ("--key", key), ("--jwks", jwks)) if v
    ]
    if len(given) > 1:
        fail(f"give one of a secret, --key and --jwks, not {' and '.join(given)}")


# --- sign --------------------------------------------------------------------


@app.command(
    epilog="Example: T=$(jwtfix sign --env .env --sub user-42 --expires 15m)  |  "
    "jwtfix sign --alg ES256 --key private.pem --aud api --jti auto"
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
    no_color: NoColorOpt = False,  # accepted as on every command; sign prints no colour
) -> None:
    """Sign a test token and print it alone on stdout, so that T=$(jwtfix sign ...) works.

    exp - iat is what jsonwebtoken computes for the same expiresIn; with --at and a
    deterministic algorithm (HS*, RS*, EdDSA) the token is the same byte for byte.
    """
    from jwtfix.inputs import read_text
    from jwtfix.keys import default_alg
    from jwtfix.ops.sign import (
        TimeSpec,
        build_payload,
        parse_assignment,
        parse_payload,
    )
    from jwtfix.ops.sign import sign as run
    from jwtfix.timefmt import is_bare_number, parse_when

    now = now_at(at)
    env_file = _load_env(env)
    access_secret, _ = load_secret(secret, secret_env, secret_file, secret_encoding, env_file)
    explicit_secret = any(v is not None for v in (secret, secret_env, secret_file))
    _one_key_source(explicit_secret, key)
    loaded_key = _load_key(key)
    if loaded_key is not None:
        access_secret = None
    algorithm = alg
    if algorithm is None and env_file is not None and loaded_key is None:
        algorithm = (env_file.value("JWT_ALGORITHM") or "").strip() or None
    if algorithm is None:
        algorithm = default_alg(loaded_key) if loaded_key is not None else "HS256"

    base = None
    if payload is not None:
        stdin = getattr(sys.stdin, "buffer", None)
        text, source = read_text(payload, stdin, what="--payload")
        base = parse_payload(text, source)
    claims = [parse_assignment(c, "--claim") for c in claim or []]
    headers = [parse_assignment(h, "--header") for h in header or []]

    def env_time(name: str) -> TimeSpec | None:
        if env_file is None:
            return None
        value = (env_file.value(name) or "").strip()
        if not value:
            return None
        where = env_file.where(name)
        if is_bare_number(value):
            _warn(
                f"{where} is {value!r}, a number without a unit: jsonwebtoken reads a string "
                f"as milliseconds, so the token lives {float(value) / 1000:g}s as the service "
                f"signs it (and here). Write {value}s if seconds are meant"
            )
        return TimeSpec(value, where, from_env=True)

    # `is not None`: an empty --expires "$EXP" is an error, not a token without exp.
    expires_spec = (
        TimeSpec(expires, "--expires") if expires is not None else env_time("JWT_EXPIRES_IN")
    )
    issuer = iss if iss is not None else _env_value(env_file, "JWT_ISSUER")
    audience = list(aud or [])
    if not audience and env_file is not None:
        audience = [a.strip() for a in (_env_value(env_file, "JWT_AUDIENCE") or "").split(",")
                    if a.strip()]  # fmt: skip
    if no_iat and iat is not None:
        fail("give --iat WHEN or --no-iat, not both")
    iat_value = int(parse_when(iat, now, what="--iat")) if iat is not None else None

    def make(spec: TimeSpec | None, jwt_id: str | None = jti) -> dict[str, Any]:
        return build_payload(
            base,
            now=now,
            claims=claims,
            iat=iat_value,
            no_iat=no_iat,
            expires=spec,
            not_before=TimeSpec(not_before, "--not-before") if not_before is not None else None,
            audience=audience,
            issuer=issuer,
            subject=sub,
            jwt_id=jwt_id,
        )

    access = run(
        make(expires_spec),
        alg=algorithm,
        secret=access_secret,
        key=loaded_key,
        kid=kid,
        headers=headers,
        allow_none=allow_none,
    )
    for warning in access.warnings:
        _warn(warning)
    if pair:
        from jwtfix.render.json import dumps
        from jwtfix.render.signing import pair_document

        refresh_secret = _refresh_secret(env_file, secret_encoding)
        if "exp" not in access.payload:
            fail(
                "--pair needs the access token's lifetime: --expires DUR or JWT_EXPIRES_IN in --env"
            )
        refresh_spec = (
            TimeSpec(refresh_expires, "--refresh-expires")
            if refresh_expires is not None
            else env_time("JWT_REFRESH_EXPIRES_IN")
        )
        refresh_alg = algorithm if algorithm.startswith("HS") else "HS256"
        # A refresh token gets a jti, so that it can be rotated and revoked one by one
        # (JWT504): random, or under --at derived from the access token, so that the
        # pair stays reproducible byte for byte. --jti names one for both tokens.
        refresh_jti = jti or ("auto" if at is None else _derived_jti(access.token))
        refresh = run(make(refresh_spec, refresh_jti), alg=refresh_alg, secret=refresh_secret,
                      kid=kid, headers=headers)  # fmt: skip
        for warning in refresh.warnings:
            _warn(warning)
        out(dumps(pair_document(access, refresh)))
        return
    if json_:
        from jwtfix.render.json import dumps
        from jwtfix.render.signing import sign_document

        out(dumps(sign_document(access)))
    else:
        out(access.token)


def _env_value(env_file: EnvFile | None, name: str) -> str | None:
    if env_file is None:
        return None
    value = (env_file.value(name) or "").strip()
    return value or None


def _derived_jti(access_token: str) -> str:
    import uuid

    return str(uuid.uuid5(uuid.NAMESPACE_URL, "jwtfix:refresh:" + access_token))


def _refresh_secret(env_file: EnvFile | None, encoding: Encoding) -> Secret:
    from jwtfix.keys import decode_secret

    if env_file is None:
        fail("--pair needs --env PATH with JWT_SECRET and JWT_REFRESH_SECRET")
    entry = env_file.get("JWT_REFRESH_SECRET")
    if entry is None or not entry.value:
        fail(f"--pair: {env_file.path} has no JWT_REFRESH_SECRET to sign the refresh token with")
    return decode_secret(
        entry.value.encode("utf-8"), encoding.value, env_file.where("JWT_REFRESH_SECRET")
    )


# --- keygen ------------------------------------------------------------------


class KeygenAlg(StrEnum):
    RS256 = "RS256"
    PS256 = "PS256"
    ES256 = "ES256"
    ES384 = "ES384"
    ES512 = "ES512"
    EdDSA = "EdDSA"


@app.command(
    epilog="Example: jwtfix keygen --alg ES256 --out keys/  &&  "
    "jwtfix sign --key keys/private.pem --sub user-42"
)
def keygen(
    alg: Annotated[
        KeygenAlg, typer.Option("--alg", help="The algorithm the key pair is for.")
    ] = KeygenAlg.RS256,
    out_dir: Annotated[
        str | None,
        typer.Option(
            "--out",
            metavar="DIR",
            help="Write private.pem, public.pem, private.jwk.json, public.jwk.json and "
            "jwks.json there (private ones mode 0600). Default: print to stdout.",
        ),
    ] = None,
    bits: Annotated[int, typer.Option("--bits", help="RSA key size.")] = 2048,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
    json_: JsonOpt = False,
    no_color: NoColorOpt = False,  # accepted as on every command; keygen prints no colour
) -> None:
    """Generate a test key pair as PEM and as JWK/JWKS, with kid = its RFC 7638 thumbprint."""
    from jwtfix.ops.keygen import generate, write
    from jwtfix.render.json import dumps
    from jwtfix.render.signing import keygen_document, keygen_text, keygen_written

    pair = generate(alg.value, bits=bits)
    if out_dir is None:
        if json_:
            out(dumps(keygen_document(pair, None)))
        else:
            out(keygen_text(pair))
        return
    written = write(pair, Path(out_dir), force=force)
    out(dumps(keygen_document(pair, written)) if json_ else keygen_written(pair, written))


# --- verify ------------------------------------------------------------------


def _check_allowed_algs(algs: list[str]) -> None:
    """A typo in --alg (hs256, RS265) would make every token alg_not_allowed: exit 2."""
    from jwtfix.jws import SIGNING_ALGS

    for name in algs:
        if name in SIGNING_ALGS:
            continue
        if name.lower() == "none":
            fail("--alg none: an unsecured token (alg none) is never accepted by verify")
        close = [a for a in SIGNING_ALGS if a.lower() == name.lower()]
        hint = f"did you mean {close[0]}? " if close else ""
        fail(f"--alg {name!r} is not an algorithm: {hint}use one of {', '.join(SIGNING_ALGS)}")


@app.command(
    epilog='Example: jwtfix verify --env .env "$TOKEN"  |  '
    "jwtfix verify --jwks jwks.json --aud api --iss https://auth.example.com @token.txt"
)
def verify(
    token: TokenArg = None,
    secret: SecretOpt = None,
    secret_env: SecretEnvOpt = None,
    secret_file: SecretFileOpt = None,
    secret_encoding: SecretEncodingOpt = Encoding.utf8,
    key: KeyOpt = None,
    jwks: Annotated[
        str | None,
        typer.Option("--jwks", metavar="PATH", help="A JWKS file: the key is chosen by kid."),
    ] = None,
    env: EnvOpt = None,
    refresh: Annotated[
        bool,
        typer.Option(
            "--refresh",
            help="Verify as a refresh token: JWT_REFRESH_SECRET of --env instead of JWT_SECRET.",
        ),
    ] = False,
    alg: Annotated[
        list[str] | None,
        typer.Option(
            "--alg",
            metavar="ALG",
            help="Allowed algorithm, repeatable (default: JWT_ALGORITHM of --env, else the "
            "key's family).",
        ),
    ] = None,
    aud: Annotated[
        list[str] | None,
        typer.Option("--aud", metavar="VALUE", help="Accepted audience, repeatable."),
    ] = None,
    iss: Annotated[
        list[str] | None,
        typer.Option("--iss", metavar="VALUE", help="Accepted issuer, repeatable."),
    ] = None,
    sub: Annotated[str | None, typer.Option("--sub", metavar="VALUE", help="Expected sub.")] = None,
    require: Annotated[
        list[str] | None,
        typer.Option("--require", metavar="CLAIM", help="A claim that must be present."),
    ] = None,
    skew: SkewOpt = None,
    at: AtOpt = None,
    quiet: QuietOpt = False,
    json_: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Check a token's signature and claims with a key, and say why it fails.

    Exit 0 valid, 1 invalid (reason in the output), 2 not a JWT or no usable key.
    With --env, JWT_ALGORITHM, JWT_ISSUER and JWT_AUDIENCE are checked as the service
    would, and the other secrets of the file are tried when the signature fails.
    """
    from jwtfix.ops.verify import env_defaults
    from jwtfix.ops.verify import verify as run

    skew_s = duration_option(skew, "--skew")
    _check_allowed_algs(alg or [])
    now = now_at(at)
    env_file = _load_env(env)
    if refresh and env_file is None:
        fail("--refresh needs --env PATH (it uses that file's JWT_REFRESH_SECRET)")
    name = "JWT_REFRESH_SECRET" if refresh else "JWT_SECRET"
    explicit_secret = any(v is not None for v in (secret, secret_env, secret_file))
    _one_key_source(explicit_secret, key, jwks)
    loaded_key = _load_key(key)
    jwks_keys = None
    if jwks is not None:
        from jwtfix.keys import load_jwks

        jwks_keys = load_jwks(jwks)
    the_secret, env_key = (None, None)
    if loaded_key is None and jwks_keys is None:
        the_secret, env_key = load_secret(
            secret, secret_env, secret_file, secret_encoding, env_file, name
        )
        if refresh and env_key is None and not explicit_secret:
            fail(f"--refresh: {env_file.path if env_file else '.env'} has no JWT_REFRESH_SECRET")
    parsed, _ = read_token(token)
    defaults = env_defaults(env_file) if env_file is not None else {}
    if (loaded_key is not None or jwks_keys) and "algorithms" in defaults and not alg:
        from jwtfix.jws import HMAC_ALGS

        if defaults["algorithms"][0] in HMAC_ALGS:
            del defaults["algorithms"]  # the .env's HS setting does not describe this key
    report = run(
        parsed,
        now=now,
        secret=the_secret,
        key=loaded_key,
        jwks=jwks_keys,
        algorithms=alg or defaults.get("algorithms"),
        audience=aud or defaults.get("audience"),
        issuer=iss or defaults.get("issuer"),
        subject=sub,
        require=require or (),
        skew=skew_s,
        env=env_file,
        env_key=env_key,
    )
    if not quiet:
        if json_:
            from jwtfix.render.json import dumps
            from jwtfix.render.signing import verify_document

            out(dumps(verify_document(report)))
        else:
            from jwtfix.render.signing import verify_text

            out(verify_text(report, color=use_color(no_color)))
    exit_with(ExitCode.OK if report.valid else ExitCode.FINDINGS)
