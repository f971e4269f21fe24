"""The secret, key and `.env` options of sign, verify and check, and their loading.

Shared so that a secret is read (and named in messages) the same way
everywhere. A module of its own, without commands: `check` must not register
(and so build) the signing commands to use it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from jwtfix.cli._app import fail, note

if TYPE_CHECKING:
    from jwtfix.envfile import ServiceConfig
    from jwtfix.keys import Key, Secret
    from jwtfix.ops.verify import VerifyReport


class Encoding(StrEnum):
    utf8 = "utf8"
    base64 = "base64"
    base64url = "base64url"
    hex = "hex"


KEYS_PANEL = "Secrets and keys"
"""The --help panel of the secret and key options (without them: $JWT_SECRET, ./.env)."""

# The secret and key options, shared by sign, verify and check.
SecretOpt = Annotated[
    str | None,
    typer.Option(
        "--secret",
        metavar="VALUE",
        help="HMAC secret (visible in the process list and shell history: prefer the next two).",
        rich_help_panel=KEYS_PANEL,
    ),
]
SecretEnvOpt = Annotated[
    str | None,
    typer.Option(
        "--secret-env",
        metavar="VAR",
        help="Read the HMAC secret from $VAR.",
        rich_help_panel=KEYS_PANEL,
    ),
]
SecretFileOpt = Annotated[
    str | None,
    typer.Option(
        "--secret-file",
        metavar="PATH",
        help="Read the HMAC secret from a file (one trailing newline is not part of it).",
        rich_help_panel=KEYS_PANEL,
    ),
]
SecretEncodingOpt = Annotated[
    Encoding,
    typer.Option(
        "--secret-encoding",
        metavar="ENC",
        help="How the secret is written: utf8, base64, base64url or hex.",
        case_sensitive=False,
        rich_help_panel=KEYS_PANEL,
    ),
]
KeyOpt = Annotated[
    str | None,
    typer.Option(
        "--key",
        metavar="PATH",
        help="PEM (PKCS#1, PKCS#8, SEC1, SPKI, X.509 certificate) or JWK key file.",
        rich_help_panel=KEYS_PANEL,
    ),
]


EnvOpt = Annotated[
    str | None,
    typer.Option(
        "--env",
        metavar="PATH",
        help="A .env file: JWT_SECRET, JWT_ALGORITHM, JWT_EXPIRES_IN, JWT_ISSUER, JWT_AUDIENCE "
        "... Without it or a key option, sign and verify use $JWT_SECRET, else ./.env.",
    ),
]


class Dotenv(StrEnum):
    auto = "auto"
    node = "node"
    python = "python"


DotenvOpt = Annotated[
    Dotenv,
    typer.Option(
        "--dotenv",
        metavar="LOADER",
        help="Read the .env as the service's loader does: node (dotenv), python "
        "(python-dotenv) or auto (python in a Python project without package.json).",
        case_sensitive=False,
        rich_help_panel=KEYS_PANEL,
    ),
]


def load_service(path: str | None, dotenv: Dotenv = Dotenv.auto) -> ServiceConfig | None:
    """The service configuration of --env, read once; None without --env."""
    if path is None:
        return None
    from jwtfix.envfile import Loader, load, service_config

    loader: Loader | None = None
    if dotenv is Dotenv.node:
        loader = "node"
    elif dotenv is Dotenv.python:
        loader = "python"
    return service_config(load(path, loader))


def implicit_source(
    encoding: Encoding, dotenv: Dotenv, *, cwd: str = "."
) -> tuple[ServiceConfig | None, Secret | None]:
    """Where sign and verify find the secret when no key option is given (SPEC 4.6).

    `$JWT_SECRET` of the environment, else the `.env` of the current folder (read
    as the service's loader reads it, its other settings applying too); which
    one is said on stderr, never the value. (None, None) when neither is there.
    """
    from pathlib import Path

    value = os.environ.get("JWT_SECRET")
    if value:
        from jwtfix.keys import decode_secret

        note("no key option given: using $JWT_SECRET of the environment")
        return None, decode_secret(
            value.encode("utf-8"), encoding.value, "$JWT_SECRET (environment)"
        )
    path = Path(cwd) / ".env"
    if path.is_file():
        service = load_service(str(path) if cwd != "." else ".env", dotenv)
        assert service is not None
        if service.secret is not None and service.secret.value:
            note(
                f"no key option given: using {service.secret.where} (the .env of this "
                f"folder, read as {service.env.loader_name} reads it)"
            )
        else:
            note(f"no key option given: read {service.path}, which sets no JWT_SECRET")
        return service, None
    return None, None


def load_key(path: str | None) -> Key | None:
    if path is None:
        return None
    from jwtfix.keys import load_key as load

    return load(path)


def one_key_source(secret_given: bool, key: str | None, jwks: str | None = None) -> None:
    given = [
        name for name, v in (("a secret", secret_given), ("--key", key), ("--jwks", jwks)) if v
    ]
    if len(given) > 1:
        fail(f"give one of a secret, --key and --jwks, not {' and '.join(given)}")


def warn(message: str) -> None:
    from jwtfix.render.terminal import one_line

    sys.stderr.write(f"warning: {one_line(message)}\n")


def load_secret(
    value: str | None,
    env_var: str | None,
    path: str | None,
    encoding: Encoding,
    service: ServiceConfig | None,
    env_name: str = "JWT_SECRET",
) -> tuple[Secret | None, str | None]:
    """The HMAC secret of the options, else `env_name` of the .env; and that .env name."""
    given = [n for n, v in (("--secret", value), ("--secret-env", env_var),
                            ("--secret-file", path)) if v is not None]  # fmt: skip
    if len(given) > 1:
        fail(f"give one secret, not {' and '.join(given)}")
    if not given:
        secret = service.load_secret(env_name, encoding.value) if service else None
        return secret, env_name if secret is not None else None
    from jwtfix.errors import KeyLoadError
    from jwtfix.keys import decode_secret, read_secret_file

    if value is not None:
        note(
            "a secret given with --secret is visible in the process list and your shell "
            "history; prefer --secret-env VAR or --secret-file PATH"
        )
        return decode_secret(value.encode("utf-8"), encoding.value, "--secret (command line)"), None
    if env_var is not None:
        found = os.environ.get(env_var)
        if found is None:
            raise KeyLoadError(f"--secret-env {env_var}: the environment variable is not set")
        return decode_secret(found.encode("utf-8"), encoding.value, f"${env_var}"), None
    if path is not None:
        raw, stripped = read_secret_file(path)
        if stripped:
            note(f"the trailing newline of {path} is not used as part of the secret")
        return decode_secret(raw, encoding.value, f"--secret-file {path}"), None
    raise AssertionError("unreachable: one secret option is given")


# -- verify against this service's config: the one entry of verify, explain and probe --------


class ServiceVerifier:
    """How the service would verify a token: its key material (a secret, a key, a JWKS file
    or URL, the issuer's discovery) and its rules (.env: JWT_ALGORITHM, JWT_ISSUER,
    JWT_AUDIENCE). verify, explain and probe build it here and call `verify`."""

    def __init__(
        self,
        *,
        service: ServiceConfig | None,
        secret: Secret | None,
        env_key: str | None,
        key: Key | None,
        jwks: tuple[Key, ...] | None,
        remote: Any,
    ) -> None:
        from jwtfix.ops.verify import service_rules

        self.service = service
        self.secret = secret
        self.env_key = env_key
        self.key = key
        self.jwks = jwks
        self.remote = remote
        self.rules = service_rules(service, asymmetric_key=key is not None or bool(jwks))

    @property
    def secret_used_env(self) -> bool | None:
        """With no key and no JWKS: did the secret come from the .env? (None: a key is used.)"""
        if self.key is not None or self.jwks is not None:
            return None
        return self.env_key is not None

    def verify(
        self,
        parsed: Any,
        *,
        now: float,
        skew: float,
        algorithms: list[str] | None = None,
        audience: list[str] | None = None,
        issuer: list[str] | None = None,
        subject: str | None = None,
        require: Sequence[str] = (),
    ) -> VerifyReport:
        from jwtfix.ops import verify as ops

        report = ops.verify(
            parsed,
            now=now,
            secret=self.secret,
            key=self.key,
            jwks=self.jwks,
            algorithms=algorithms or list(self.rules.algorithms) or None,
            audience=audience or list(self.rules.audiences) or None,
            issuer=issuer or list(self.rules.issuers) or None,
            subject=subject,
            require=require,
            skew=skew,
            env=self.service.env if self.service is not None else None,
            env_key=self.env_key,
        )
        if self.remote is not None:
            from jwtfix.jwks_remote import judge

            report = judge(report, self.remote)
        return report


def service_verifier(
    token: Callable[[], Any],
    *,
    service: ServiceConfig | None,
    secret: tuple[str | None, str | None, str | None, Encoding] = (
        None,
        None,
        None,
        Encoding.utf8,
    ),
    key: str | None = None,
    jwks: str | None = None,
    oidc: bool = False,
    timeout: float = 10.0,
    insecure: bool = False,
    secret_name: str = "JWT_SECRET",
    implicit: Secret | None = None,
) -> ServiceVerifier:
    """Load the key material the options name (one of a secret, --key, --jwks, --oidc; else
    `secret_name` of the service's .env, else `implicit`: $JWT_SECRET or ./.env). `token()`
    reads the token, when --jwks URL or --oidc needs its kid and iss (so a token is read
    before the network, and only then)."""
    value, secret_env, secret_file, encoding = secret
    explicit = any(v is not None for v in (value, secret_env, secret_file))
    one_key_source(explicit, key, jwks or ("--oidc" if oidc else None))
    if oidc and jwks is not None:
        fail("give --jwks URL or --oidc, not both")
    loaded_key = load_key(key)
    jwks_keys: tuple[Key, ...] | None = None
    remote = None
    if oidc or (jwks is not None and jwks.lower().startswith(("http://", "https://"))):
        remote = _fetch_jwks(jwks, token(), timeout, insecure)
        jwks_keys = tuple(remote.keys or remote.secrets)
    elif jwks is not None:
        from jwtfix.keys import load_jwks

        jwks_keys = load_jwks(jwks)
    the_secret, env_key = (None, None)
    if loaded_key is None and jwks_keys is None:
        the_secret, env_key = load_secret(
            value, secret_env, secret_file, encoding, service, secret_name
        )
        the_secret = the_secret or implicit
    return ServiceVerifier(
        service=service,
        secret=the_secret,
        env_key=env_key,
        key=loaded_key,
        jwks=jwks_keys,
        remote=remote,
    )


def _fetch_jwks(url: str | None, parsed: Any, timeout: float, insecure: bool) -> Any:
    """The keys of --jwks URL, or of --oidc (the token's iss), fetched once (or twice)."""
    import time

    from jwtfix import jwks_remote
    from jwtfix.httpclient import HttpClient

    if timeout <= 0:
        fail("--timeout must be longer than 0")
    if insecure:
        sys.stderr.write("warning: --insecure: the JWKS's TLS certificate is not checked\n")
    kid = parsed.header.get("kid")
    kid = kid if isinstance(kid, str) else None
    with HttpClient(timeout=timeout, clock=time.time, insecure=insecure) as client:
        if url is None:
            return jwks_remote.fetch_oidc(client, parsed.claims.get("iss"), kid=kid)
        return jwks_remote.fetch(client, url, kid=kid)
