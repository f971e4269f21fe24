"""The JwtfixError family and the exit codes every command shares.

Every problem a user can cause (bad input, unreadable file, a token that is not
a JWT) is a JwtfixError; `cli/_app.py` turns it into one `error:` line (or a
JSON error object) and its exit code. Any other exception is a bug of ours:
one `error:` line asking for a report, exit INTERNAL. Messages never hold a
secret.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    """The command worked and found nothing wrong."""
    FINDINGS = 1
    """The command worked and found a problem (expired, invalid signature, ...)."""
    USAGE = 2
    """Usage error, unreadable file, or input that is not a JWT."""
    INTERNAL = 3
    """A bug in jwtfix (SPEC section 1): CI can tell it from a usage error."""


class JwtfixError(Exception):
    """A problem with what the user gave us; exit code 2 unless said otherwise."""

    type = "error"
    exit_code = ExitCode.USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(JwtfixError):
    """Options that do not go together or make no sense (`--pair` without `--env`, ...)."""

    type = "usage_error"


class InputError(JwtfixError):
    """An argument, file or stdin that cannot be read or used."""

    type = "input_error"


class TokenError(JwtfixError):
    """Text that is not a JWT (or not one we can read) where a JWT is required."""

    type = "invalid_token"


class DurationError(JwtfixError):
    """A duration that the `ms` grammar does not accept."""

    type = "invalid_duration"


class TimeParseError(JwtfixError):
    """A time (`--at`, `--expires` date) that cannot be read."""

    type = "invalid_time"


class KeyLoadError(JwtfixError):
    """A secret or key that cannot be loaded or does not fit the algorithm."""

    type = "invalid_key"
