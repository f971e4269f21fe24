"""Durations (the `ms` grammar), times (`--at WHEN`), and how both are shown.

Durations follow the `ms` package (v2) that Node's `jsonwebtoken` uses for
`expiresIn`, so that `15m` means here exactly what it means to the server.
Dates are parsed by python-dateutil, imported only when a date is given.
"""

from __future__ import annotations

import math
import re
import warnings
from datetime import UTC, datetime
from functools import cache
from typing import Any

from jwtfix.errors import DurationError, TimeParseError

TIME_CLAIMS = ("iat", "nbf", "exp", "auth_time")

_SECOND = 1000.0
_MINUTE = _SECOND * 60
_HOUR = _MINUTE * 60
_DAY = _HOUR * 24
_WEEK = _DAY * 7
_YEAR = _DAY * 365.25

_UNITS = {
    "y": _YEAR, "yr": _YEAR, "yrs": _YEAR, "year": _YEAR, "years": _YEAR,
    "w": _WEEK, "week": _WEEK, "weeks": _WEEK,
    "d": _DAY, "day": _DAY, "days": _DAY,
    "h": _HOUR, "hr": _HOUR, "hrs": _HOUR, "hour": _HOUR, "hours": _HOUR,
    "m": _MINUTE, "min": _MINUTE, "mins": _MINUTE, "minute": _MINUTE, "minutes": _MINUTE,
    "s": _SECOND, "sec": _SECOND, "secs": _SECOND, "second": _SECOND, "seconds": _SECOND,
    "ms": 1.0, "msec": 1.0, "msecs": 1.0, "millisecond": 1.0, "milliseconds": 1.0,
}  # fmt: skip


@cache
def _ms_re() -> re.Pattern[str]:
    # The regular expression of ms 2.1.3, with ASCII digits and an end that does not
    # accept a trailing newline (JavaScript's `$` does not; Python's does). Compiled
    # on first use: `decode` never parses a duration.
    return re.compile(
        r"(-?(?:[0-9]+)?\.?[0-9]+) *(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m"
        r"|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)?\Z",
        re.IGNORECASE | re.ASCII,
    )


@cache
def _bare_number_re() -> re.Pattern[str]:
    return re.compile(r"-?(?:[0-9]+)?\.?[0-9]+\Z", re.ASCII)


DURATION_HINT = "use a number and a unit such as 900ms, 30s, 15m, 1h, 7d, 2w, 1y or '2.5 hrs'"


def ms(text: str) -> float | None:
    """What `require('ms')(text)` returns, in milliseconds; None where it returns undefined."""
    if not text or len(text) > 100:
        return None
    match = _ms_re().match(text)
    if match is None:
        return None
    unit = (match.group(2) or "ms").lower()
    return float(match.group(1)) * _UNITS[unit]


def is_bare_number(text: str) -> bool:
    """True for a unitless number, which `ms` (and so `jsonwebtoken`) reads as milliseconds."""
    return bool(_bare_number_re().match(text.strip()))


def parse_duration(text: str, *, what: str = "duration") -> float:
    """A command-line duration in seconds: the `ms` grammar, a bare number meaning seconds."""
    stripped = text.strip()
    if is_bare_number(stripped):
        seconds = float(stripped)
    else:
        value = ms(stripped)
        if value is None:
            raise DurationError(f"{what} {text!r} is not a duration: {DURATION_HINT}")
        seconds = value / 1000.0
    if not math.isfinite(seconds):
        # A 400-digit number is infinite as a float; JSON output cannot hold it.
        raise DurationError(f"{what} {text[:40]!r}... is too large to be a duration")
    return seconds


def jsonwebtoken_exp(iat: int, expires_in: str | float) -> int:
    """The `exp` that jsonwebtoken 9 computes for `expiresIn` (its `timespan` helper)."""
    if isinstance(expires_in, str):
        milliseconds = ms(expires_in)
        if milliseconds is None:
            raise DurationError(f"expiresIn {expires_in!r} is not a duration: {DURATION_HINT}")
        total = iat + milliseconds / 1000
    else:
        total = iat + expires_in
    if not math.isfinite(total):  # a 400-digit number is infinite as a float
        raise DurationError(f"the expiry is too large to be a duration ({str(expires_in)[:20]})")
    return math.floor(total)


def parse_when(text: str, now: float, *, what: str = "time") -> float:
    """`now`, a Unix timestamp, a signed duration (`+15m`, `-2h`) or a date; Unix seconds."""
    stripped = text.strip()
    if not stripped:
        raise TimeParseError(f"{what} is empty: give a date, a Unix timestamp, 'now' or '+15m'")
    if stripped.lower() == "now":
        return now
    if is_bare_number(stripped) and not stripped.startswith("-"):
        return _in_calendar(float(stripped), text, what)
    if stripped[0] in "+-" and stripped[1:2] not in ("+", "-"):
        signed = stripped[1:] if stripped[0] == "+" else stripped
        if is_bare_number(signed):
            # A bare number on the command line means seconds (SPEC section 1), not ms.
            return _in_calendar(now + float(signed), text, what)
        offset = ms(signed)
        if offset is not None:
            return _in_calendar(now + offset / 1000.0, text, what)
    return _parse_date(stripped, what, now)


def _in_calendar(seconds: float, text: str, what: str) -> float:
    if not math.isfinite(seconds) or iso(seconds) is None:
        raise TimeParseError(f"{what} {text[:40]!r} is outside the calendar (years 1 to 9999)")
    return seconds


def _parse_date(text: str, what: str, now: float) -> float:
    from dateutil import parser as dateparser

    # Parts the text leaves out (the date of '10:00') come from `now`, not the wall clock.
    default = datetime.fromtimestamp(now, UTC).replace(
        hour=0, minute=0, second=0, microsecond=0, tzinfo=None
    )
    with warnings.catch_warnings(record=True) as caught:
        # dateutil only warns about a zone name it does not know ('PST') and then
        # ignores it: reading the time as UTC would be silently hours off.
        warnings.simplefilter("always")
        try:
            moment = dateparser.parse(text, default=default)
        except (ValueError, OverflowError) as err:
            raise TimeParseError(
                f"{what} {text!r} is not a time: give a date such as 2026-01-25T10:15:00Z, "
                "a Unix timestamp, 'now', or a duration from now such as +15m or -2h"
            ) from err
    if any(issubclass(w.category, dateparser.UnknownTimezoneWarning) for w in caught):
        raise TimeParseError(
            f"{what} {text!r} names a time zone that cannot be read unambiguously: "
            "give a UTC offset instead, e.g. 2026-01-25T10:15:00-08:00"
        )
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.timestamp()
    except (ValueError, OverflowError) as err:  # an offset of 24h or more: +25:00
        raise TimeParseError(f"{what} {text!r} has a UTC offset outside -23:59..+23:59") from err


_DOUBLE_MAX = (1 << 1024) - (1 << 970)
"""The least int that overflows a double (rounds to 2**1024): math.isfinite raises."""


def http_date(text: str | None) -> float | None:
    """An HTTP `Date` (RFC 9110 IMF-fixdate, or the obsolete forms) as Unix seconds; None when
    absent or unreadable. A date with no zone (`-0000`) is UTC, as HTTP dates always are."""
    if not text:
        return None
    from email.utils import parsedate_to_datetime  # here: only HAR and HTTP code read dates

    try:
        when = parsedate_to_datetime(text)
        return when.replace(tzinfo=when.tzinfo or UTC).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def is_numeric_date(value: Any) -> bool:
    """A JSON number that RFC 7519 accepts as NumericDate (not a bool, not NaN)."""
    if type(value) is int:  # the common case first: scan judges every token it finds
        return -_DOUBLE_MAX < value < _DOUBLE_MAX
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int beyond the range of a double
        return False


def iso(seconds: float) -> str | None:
    """`2026-01-25T10:15:00Z`; None when the time is beyond what a calendar shows."""
    try:
        moment = datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None
    if moment.microsecond:
        return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return moment.isoformat().replace("+00:00", "Z")


def iso_text(seconds: float) -> str:
    """`iso(seconds)` for a sentence: 'out of range' where no calendar shows the time."""
    return iso(seconds) or "out of range"


def time_object(value: Any, now: float) -> dict[str, Any]:
    """The SPEC's JSON shape of a time: value as in the token, ISO, and seconds from now."""
    if not is_numeric_date(value):
        return {"value": value, "iso": None, "relative_seconds": None}
    return {"value": value, "iso": iso(value), "relative_seconds": math.floor(value - now)}


def span(seconds: float) -> str:
    """`14m 32s`, `3h 12m`, `2d 4h`: the two largest units of a length of time."""
    if not math.isfinite(seconds):
        # A .env value of 400 digits is infinite as a float (and so as `ms` reads it).
        return "forever"
    total = round(abs(seconds))
    if total == 0:
        return "0s"
    year = 31_557_600  # 365.25 days, as `ms` counts a year
    if total % year > year - 86_400:
        # A calendar span of whole years (73 years from 2026-01-01 to 2099-01-01) falls
        # short of n x 365.25 days by under a day: show "73y", not "72y 365d".
        total += year - total % year
    parts: list[str] = []
    for unit, size in (("y", year), ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)):
        count, total = divmod(total, size)
        if count or parts:
            parts.append(f"{count}{unit}")
        if len(parts) == 2:
            break
    return " ".join(p for p in parts if not p.startswith("0")) or "0s"


def relative(seconds: float) -> str:
    """`in 14m 32s`, `3h 12m ago`, or `now`, for a signed offset from now."""
    if round(seconds) == 0:
        return "now"
    return f"in {span(seconds)}" if seconds > 0 else f"{span(seconds)} ago"
