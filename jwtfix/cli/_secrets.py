"""The secret, key and `.env` options of sign, verify and check, and their loading.

Shared so that a secret is read (and named in messages) the same way
everywhere. A module of its own, without commands: `check` must not register
(and so build) the signing commands to use it.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from jwtfix.cli._app import fail, note

if TYPE_CHECKING:
    from jwtfix.envfile import ServiceConfig
    from jwtfix.keys import Key, Secret


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
    sys.stderr.write(f"warning: {' '.join(message.split())}\n")


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
