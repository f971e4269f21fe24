"""What `check` is given, turned into a CheckContext: token parsing, thresholds, the input list.

No I/O: the command reads the files and stdin, this module judges and names
what was read. A token that does not parse is kept with its parser message,
for JWT101 to report (check's job is to say what is wrong, not to stop).
"""

from __future__ import annotations

from dataclasses import dataclass

from jwtfix.checks.registry import Thresholds
from jwtfix.errors import DurationError, TokenError
from jwtfix.tokens import ParsedToken, parse


@dataclass(frozen=True, slots=True)
class TokenInput:
    """A token as given to check: its text, and the parsed token or why it did not parse."""

    text: str
    token: ParsedToken | None
    error: str | None
    """The parser's message when `token` is None."""


def token_input(text: str) -> TokenInput:
    try:
        return TokenInput(text, parse(text), None)
    except TokenError as err:
        return TokenInput(text, None, err.message)


def thresholds(
    access_min: float | None = None,
    access_max: float | None = None,
    refresh_min: float | None = None,
    refresh_max: float | None = None,
) -> Thresholds:
    """The lifetime range, SPEC's defaults where None; DurationError when min > max."""
    default = Thresholds()
    values = Thresholds(
        access_min=default.access_min if access_min is None else access_min,
        access_max=default.access_max if access_max is None else access_max,
        refresh_min=default.refresh_min if refresh_min is None else refresh_min,
        refresh_max=default.refresh_max if refresh_max is None else refresh_max,
    )
    for kind in ("access", "refresh"):
        low, high = getattr(values, f"{kind}_min"), getattr(values, f"{kind}_max")
        if low > high:
            raise DurationError(
                f"--{kind}-min ({low:g} s) is greater than --{kind}-max ({high:g} s)"
            )
    return values


def describe_inputs(
    *,
    token_source: str | None,
    refresh: bool,
    env_path: str | None,
    secret_origin: str | None,
    key_path: str | None,
    profile: str,
    live: tuple[str, ...] = (),
) -> tuple[str, ...]:
    """The report's `inputs`: what was checked, named by where it came from."""
    found = []
    if token_source is not None:
        found.append(f"token ({token_source})")
    if refresh:
        found.append("refresh token (--refresh-token)")
    if env_path is not None:
        found.append(f".env ({env_path})")
    if secret_origin is not None and env_path is None:
        found.append(f"secret ({secret_origin})")
    if key_path is not None:
        found.append(f"key ({key_path})")
    found.extend(live)  # what the live flow ran against, and the tokens it was issued
    found.append(f"profile {profile}")
    return tuple(found)
