"""Is the token usable now, as a server with clock skew judges it, and should a client
with a refresh buffer refresh it? The rules are those of `jsonwebtoken` and PyJWT:
`nbf > now + skew` is not yet valid, `now >= exp + skew` is expired.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Any, NamedTuple

from jwtfix.timefmt import is_numeric_date, iso, relative, span

# Seconds since the epoch above which a time claim is surely milliseconds
# (1e11 s is the year 5138; 1e11 ms is 1973).
MILLISECONDS_THRESHOLD = 100_000_000_000


class ExpiryStatus(StrEnum):
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    EXPIRING = "expiring"
    VALID = "valid"
    NO_EXP = "no_exp"
    MALFORMED = "malformed"
    """exp or nbf present but not a NumericDate (a string, a boolean, null): servers reject
    the token, so a script must not read it as `no_exp`."""


class ExpiryReport(NamedTuple):
    status: ExpiryStatus
    now: float
    exp: Any
    """The claims as in the token (any JSON value, or None when absent)."""
    iat: Any
    nbf: Any
    lifetime_seconds: float | None
    remaining_seconds: float | None
    skew_seconds: float
    buffer_seconds: float
    server_accepts: bool
    """Would a server with this skew accept the token's times now?"""
    refresh_at: float | None
    """exp - buffer, when a client should refresh."""
    warnings: tuple[str, ...] = ()
    fix: str | None = None
    """What to do about the status, for people and for --json (None: nothing to do)."""

    @property
    def failed(self) -> bool:
        """Exit 1: anything but a usable token that needs no refresh."""
        if not self.server_accepts:
            return True
        return self.status not in (ExpiryStatus.VALID, ExpiryStatus.NO_EXP)


# --- the time rules (shared with verify's validators, ops/claims.py) ------------


def expired(exp: float, now: float, skew: float) -> bool:
    """PyJWT and jsonwebtoken: expired from `exp + skew` on (exp itself is too late)."""
    return now >= exp + skew


def not_yet_valid(nbf: float, now: float, skew: float) -> bool:
    return nbf > now + skew


def issued_in_future(iat: float, now: float, skew: float) -> bool:
    return iat > now + skew


def evaluate(
    claims: dict[str, Any], *, now: float, skew: float = 0.0, buffer: float = 0.0
) -> ExpiryReport:
    """Judge the time claims of a payload at `now` (Unix seconds)."""
    # Any, not Any | None: each is used as a number only after is_numeric_date said so.
    exp: Any = claims.get("exp")
    iat: Any = claims.get("iat")
    nbf: Any = claims.get("nbf")
    warnings: list[str] = []
    for name in ("exp", "nbf", "iat"):
        warnings.extend(_claim_warnings(name, claims, now))

    exp_ok = is_numeric_date(exp)
    nbf_ok = is_numeric_date(nbf)
    rejected_type = ("exp" in claims and not exp_ok) or ("nbf" in claims and not nbf_ok)

    if rejected_type:
        status = ExpiryStatus.MALFORMED
    elif nbf_ok and not_yet_valid(nbf, now, skew):
        status = ExpiryStatus.NOT_YET_VALID
    elif exp_ok and expired(exp, now, skew):
        status = ExpiryStatus.EXPIRED
    elif exp_ok and now >= exp - buffer:
        status = ExpiryStatus.EXPIRING
    elif exp_ok:
        status = ExpiryStatus.VALID
    else:
        status = ExpiryStatus.NO_EXP

    if is_numeric_date(iat) and issued_in_future(iat, now, skew):
        ahead = iat - now
        warnings.append(
            f"iat is {span(ahead)} in the future: the issuer's clock is at least {span(ahead)} "
            "ahead of this one (PyJWT rejects such a token: 'The token is not yet valid (iat)'); "
            "sync both clocks with NTP or allow a clock skew"
        )
    if status is ExpiryStatus.NO_EXP and "exp" not in claims:
        warnings.append(
            "the token has no exp claim: it never expires, so a leaked copy works forever"
        )

    lifetime = exp - iat if exp_ok and is_numeric_date(iat) else None
    if lifetime is not None and lifetime <= 0:
        warnings.append(
            f"exp is not after iat (lifetime {lifetime:g} s): the token was dead when issued"
        )
    report = ExpiryReport(
        status=status,
        now=now,
        exp=exp,
        iat=iat,
        nbf=nbf,
        lifetime_seconds=lifetime,
        remaining_seconds=exp - now if exp_ok else None,
        skew_seconds=skew,
        buffer_seconds=buffer,
        server_accepts=status not in (ExpiryStatus.EXPIRED, ExpiryStatus.NOT_YET_VALID)
        and not rejected_type,
        refresh_at=exp - buffer if exp_ok else None,
        warnings=tuple(warnings),
    )
    return report._replace(fix=_fix(report))


def _claim_warnings(name: str, claims: dict[str, Any], now: float) -> list[str]:
    if name not in claims:
        return []
    value = claims[name]
    if not is_numeric_date(value):
        shown = value if isinstance(value, str) and len(value) <= 40 else type(value).__name__
        hint = ""
        if isinstance(value, str) and _number(value) is not None:
            hint = f" (write it as the number {value.strip()}, without quotes)"
        library = {
            "exp": "jsonwebtoken rejects it with 'invalid exp value', PyJWT with "
            "'Expiration Time claim (exp) must be an integer'",
            "nbf": "jsonwebtoken rejects it with 'invalid nbf value', PyJWT with "
            "'Not Before claim (nbf) must be an integer'",
            "iat": "PyJWT rejects it with 'Issued At claim (iat) must be an integer'",
        }[name]
        return [f"{name} is not a number ({shown!r}): {library}{hint}"]
    if value > MILLISECONDS_THRESHOLD:
        seconds = value / 1000
        when = iso(seconds) or "out of range"
        effect = {
            "exp": "the token effectively never expires",
            "nbf": "the token is not valid for thousands of years",
            "iat": "PyJWT rejects the token as issued in the future",
        }[name]
        return [
            f"{name} looks like milliseconds ({value}): in seconds it is {when} "
            f"({relative(seconds - now)}); {effect}. Divide by 1000 where the token is made "
            "(Math.floor(Date.now() / 1000))"
        ]
    return []


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _fix(report: ExpiryReport) -> str | None:
    """What to do about the token's time status, for people (None: nothing to do)."""
    status = report.status
    if status is ExpiryStatus.EXPIRED:
        if report.lifetime_seconds is not None and report.lifetime_seconds <= 60:
            return (
                f"the token lived only {span(report.lifetime_seconds)}: check the issuer's "
                "expiresIn (a bare number string is milliseconds in jsonwebtoken)"
            )
        return (
            "get a new token: the client should call the refresh endpoint on a 401, or before "
            "exp (`jwtfix expiry --buffer 60` says when); if it is fresh, compare the clocks"
        )
    if status is ExpiryStatus.EXPIRING:
        return "refresh it now, before the server starts answering 401"
    if status is ExpiryStatus.NOT_YET_VALID:
        return (
            "the issuer's clock is ahead of this one, or nbf was set in the future: sync the "
            "clocks with NTP, or let the server allow a clock skew (--skew 30s shows the effect)"
        )
    if status is ExpiryStatus.MALFORMED:
        return "write exp as a number of seconds since the epoch (a JSON number, not a string)"
    if status is ExpiryStatus.NO_EXP:
        return "sign tokens with an expiry (expiresIn: '15m' in jsonwebtoken)"
    return None
