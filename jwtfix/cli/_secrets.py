"""Loading the HMAC secret of `--secret`, `--secret-env`, `--secret-file` or `--env`.

Shared by sign, verify and check, so that a secret is read (and named in
messages) the same way everywhere. A module of its own, without commands:
`check` must not register (and so build) the signing commands to use it.
"""

from __future__ import annotations

import os
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from jwtfix.cli._app import fail, note

if TYPE_CHECKING:
    from jwtfix.envfile import EnvFile
    from jwtfix.keys import Secret


class Encoding(StrEnum):
    utf8 = "utf8"
    base64 = "base64"
    base64url = "base64url"
    hex = "hex"


# The secret and key options, shared by sign, verify and check.
SecretOpt = Annotated[
    str | None,
    typer.Option(
        "--secret",
        metavar="VALUE",
        help="HMAC secret (visible in the process list and shell history: prefer the next two).",
    ),
]
SecretEnvOpt = Annotated[
    str | None,
    typer.Option("--secret-env", metavar="VAR", help="Read the HMAC secret from $VAR."),
]
SecretFileOpt = Annotated[
    str | None,
    typer.Option(
        "--secret-file",
        metavar="PATH",
        help="Read the HMAC secret from a file (one trailing newline is not part of it).",
    ),
]
SecretEncodingOpt = Annotated[
    Encoding,
    typer.Option("--secret-encoding", help="How the secret is written.", case_sensitive=False),
]
KeyOpt = Annotated[
    str | None,
    typer.Option(
        "--key",
        metavar="PATH",
        help="PEM (PKCS#1, PKCS#8, SEC1, SPKI, X.509 certificate) or JWK key file.",
    ),
]


def load_secret(
    value: str | None,
    env_var: str | None,
    path: str | None,
    encoding: Encoding,
    env: EnvFile | None,
    env_name: str = "JWT_SECRET",
) -> tuple[Secret | None, str | None]:
    """The HMAC secret of the options, else `env_name` of the .env; and that .env name."""
    given = [n for n, v in (("--secret", value), ("--secret-env", env_var),
                            ("--secret-file", path)) if v is not None]  # fmt: skip
    if len(given) > 1:
        fail(f"give one secret, not {' and '.join(given)}")
    if not given and (env is None or not env.value(env_name)):
        return None, None  # nothing to load: `check` without a secret needs no key code
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
    if env is not None:
        entry = env.get(env_name)
        if entry is not None and entry.value:
            secret = decode_secret(entry.value.encode("utf-8"), encoding.value, env.where(env_name))
            return secret, env_name
    return None, None
