"""Helpers the check modules share: lifetimes against the profile's range, env settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jwtfix.checks.registry import CheckContext, Profile
from jwtfix.model import Location, Status
from jwtfix.ops.expiry import MILLISECONDS_THRESHOLD
from jwtfix.timefmt import is_bare_number, is_numeric_date, ms, span


@dataclass(frozen=True, slots=True)
class RangeVerdict:
    status: Status
    message: str
    fix: str | None


def amount(seconds: float) -> str:
    """`15m`, `7d`, and `900ms` for less than a second (span would round it to 1s)."""
    if 0 < abs(seconds) < 1:
        return f"{seconds * 1000:g}ms"
    return span(seconds)


def judge_range(ctx: CheckContext, seconds: float, kind: str, what: str) -> RangeVerdict:
    """A lifetime against the access or refresh range: warn (production) or pass with a note."""
    low, high = (
        (ctx.thresholds.access_min, ctx.thresholds.access_max)
        if kind == "access"
        else (ctx.thresholds.refresh_min, ctx.thresholds.refresh_max)
    )
    wanted = f"{span(low)}-{span(high)}"
    if low <= seconds <= high:
        return RangeVerdict(
            Status.PASS, f"{what} is {amount(seconds)}, within the {kind} range {wanted}", None
        )
    side = "shorter" if seconds < low else "longer"
    consequence = (
        "users are logged out or refresh constantly"
        if seconds < low
        else "a leaked token stays usable that long"
        if kind == "access"
        else "a stolen refresh token keeps a session alive that long"
    )
    message = f"{what} is {amount(seconds)}, {side} than the {kind} range {wanted}: {consequence}"
    fix = (
        f"set the {kind} lifetime within {wanted} (e.g. "
        + ("15m" if kind == "access" else "7d")
        + f"), or pass --{kind}-min/--{kind}-max if this service needs another range"
    )
    if ctx.profile is Profile.DEVELOPMENT:
        return RangeVerdict(
            Status.PASS,
            f"{message} (note: allowed under the development profile)",
            None,
        )
    return RangeVerdict(Status.WARN, message, fix)


def lifetime(claims: dict[str, Any]) -> float | None:
    """exp - iat in seconds, when both are NumericDates in seconds (not milliseconds)."""
    exp: Any = claims.get("exp")
    iat: Any = claims.get("iat")
    if not (is_numeric_date(exp) and is_numeric_date(iat)):
        return None
    if exp > MILLISECONDS_THRESHOLD or iat > MILLISECONDS_THRESHOLD:
        return None
    return float(exp - iat)


@dataclass(frozen=True, slots=True)
class EnvDuration:
    """An expiry setting of the .env as `jsonwebtoken` reads it."""

    key: str
    text: str
    seconds: float | None
    """What `expiresIn: process.env[key]` means in seconds; None when ms() cannot read it."""
    bare: bool
    """A unitless number string: jsonwebtoken reads it as milliseconds."""
    location: Location


def env_duration(ctx: CheckContext, key: str) -> EnvDuration | None:
    """JWT_EXPIRES_IN or JWT_REFRESH_EXPIRES_IN of the service, as jsonwebtoken reads it."""
    setting = ctx.service.setting(key) if ctx.service else None
    if setting is None or not setting.text:
        return None
    text = setting.value
    milliseconds = ms(text)  # exactly as jsonwebtoken: " 15m" is not a duration to ms
    return EnvDuration(
        key=key,
        text=text,
        seconds=None if milliseconds is None else milliseconds / 1000.0,
        bare=is_bare_number(text),
        location=setting.location,
    )


def env_location(ctx: CheckContext, key: str) -> Location | None:
    setting = ctx.service.setting(key) if ctx.service else None
    return setting.location if setting is not None else None
