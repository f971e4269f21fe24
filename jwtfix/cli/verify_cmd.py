"""`verify`: check a token's signature and claims with a key, and say why it fails."""

from __future__ import annotations

from typing import Annotated, Any

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
    examples,
    exit_with,
    fail,
    now_at,
    out,
    read_token,
    term_width,
    use_color,
    wait_option,
)
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
    load_service,
    service_verifier,
)
from jwtfix.errors import ExitCode


@app.command(
    epilog=examples(
        "jwtfix verify @token.txt",
        "jwtfix verify --env .env --aud api.example.com @token.txt",
        "jwtfix verify --jwks keys/jwks.json @es256.txt",
    )
)
def verify(
    token: TokenArg = None,
    env: EnvOpt = None,
    secret: SecretOpt = None,
    secret_env: SecretEnvOpt = None,
    secret_file: SecretFileOpt = None,
    secret_encoding: SecretEncodingOpt = Encoding.utf8,
    key: KeyOpt = None,
    jwks: Annotated[
        str | None,
        typer.Option(
            "--jwks",
            metavar="PATH|URL",
            help="A JWKS file or http(s) URL (a JWKS, a JWK or an OpenID discovery document): "
            "the key is chosen by kid.",
        ),
    ] = None,
    oidc: Annotated[
        bool,
        typer.Option(
            "--oidc",
            help="Fetch the JWKS that the token's iss publishes (its OpenID discovery document).",
        ),
    ] = False,
    timeout: Annotated[
        str | None,
        typer.Option("--timeout", metavar="DUR", help="For --jwks URL and --oidc (default 10s)."),
    ] = None,
    insecure: Annotated[
        bool,
        typer.Option("--insecure", help="Do not verify TLS certificates when fetching the JWKS."),
    ] = False,
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
    dotenv: DotenvOpt = Dotenv.auto,
    no_color: NoColorOpt = False,
) -> None:
    """Check a token's signature and claims with a key, and say why it fails.

    Exit 0 valid, 1 invalid (reason in the output), 2 not a JWT or no usable key.
    With --env, JWT_ALGORITHM, JWT_ISSUER and JWT_AUDIENCE are checked as the service
    would, and the other secrets of the file are tried when the signature fails.
    """
    from jwtfix.ops import verify as ops

    skew_s = duration_option(skew, "--skew")
    ops.check_allowed(alg or [])
    now = now_at(at)
    service = load_service(env, dotenv)
    implicit = None
    if env is key is jwks is secret is secret_env is secret_file is None and not oidc:
        service, implicit = implicit_source(secret_encoding, dotenv)
    if refresh and service is None:
        fail("--refresh needs --env PATH (it uses that file's JWT_REFRESH_SECRET)")
    name = "JWT_REFRESH_SECRET" if refresh else "JWT_SECRET"
    explicit_secret = any(v is not None for v in (secret, secret_env, secret_file))
    read: list[Any] = []

    def token_once() -> Any:
        if not read:
            read.append(read_token(token, any_payload=True)[0])
        return read[0]

    verifier = service_verifier(
        token_once,
        service=service,
        secret=(secret, secret_env, secret_file, secret_encoding),
        key=key,
        jwks=jwks,
        oidc=oidc,
        timeout=wait_option(timeout, "--timeout", 10.0),
        insecure=insecure,
        secret_name=name,
        implicit=implicit,
    )
    if refresh and verifier.secret_used_env is False and not explicit_secret:
        fail(f"--refresh: {service.path if service else '.env'} has no JWT_REFRESH_SECRET")
    report = verifier.verify(
        token_once(),
        now=now,
        skew=skew_s,
        algorithms=alg or None,
        audience=aud or None,
        issuer=iss or None,
        subject=sub,
        require=require or (),
    )
    if not quiet:
        if json_:
            from jwtfix.render.json import dumps, verify_document

            out(dumps(verify_document(report)))
        else:
            from jwtfix.render.human.signing import verify_text

            out(verify_text(report, color=use_color(no_color), width=term_width()))
    exit_with(ExitCode.OK if report.valid else ExitCode.FINDINGS)
