"""JWT2xx: the token's time claims, judged as `jsonwebtoken` and PyJWT judge them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jwtfix.checks._common import judge_range, lifetime
from jwtfix.checks.registry import CheckContext, Need, Registered, check
from jwtfix.model import Finding, Location, Severity, Status
from jwtfix.ops.expiry import MILLISECONDS_THRESHOLD, ExpiryStatus, evaluate
from jwtfix.timefmt import is_numeric_date, iso, iso_text, relative, span

_TIME_CLAIMS = ("exp", "iat", "nbf")


def _claims(ctx: CheckContext) -> dict[str, Any]:
    assert ctx.token is not None
    return ctx.token.claims


@check("JWT201", title="No exp claim", item=10, needs=(Need.TOKEN,))
def no_exp(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The token has no `exp` claim, so it never expires.

    A leaked token without `exp` works forever, and middleware that "checks
    expiry" has nothing to check. Give every access token an `exp`
    (`expiresIn: '15m'` in jsonwebtoken) and make the verifier require it
    (PyJWT: `options={"require": ["exp"]}`).
    """
    if "exp" in _claims(ctx):
        yield me.finding(Status.PASS, "the token has an exp claim")
        return
    yield me.finding(
        Status.FAIL,
        "the token has no exp claim: it never expires, so a leaked copy works forever",
        "sign tokens with an expiry (jsonwebtoken: expiresIn: '15m'; PyJWT: an 'exp' claim) and "
        "require exp when verifying",
        location=Location(claim="exp"),
    )


@check("JWT202", title="Time claim not a NumericDate", item=9, needs=(Need.TOKEN,))
def not_numeric(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """`exp`, `iat` or `nbf` is not a JSON number (a string, a boolean, null...).

    RFC 7519 makes these NumericDates: seconds since 1970 as a JSON number.
    jsonwebtoken rejects `"exp": "1769336100"` with "invalid exp value", PyJWT
    with "Expiration Time claim (exp) must be an integer". Write the number
    without quotes where the token is made.
    """
    claims = _claims(ctx)
    bad = [name for name in _TIME_CLAIMS if name in claims and not is_numeric_date(claims[name])]
    if not bad:
        yield me.finding(Status.PASS, "the time claims present are numbers")
        return
    for name in bad:
        value = claims[name]
        kind = "a string" if isinstance(value, str) else type(value).__name__
        if value is None:
            kind = "null"
        elif isinstance(value, bool):
            kind = "a boolean"
        yield me.finding(
            Status.FAIL,
            f"{name} is {kind}, not a number: servers reject the token",
            f"put {name} in the token as a JSON number of seconds since 1970, e.g. "
            f"Math.floor(Date.now() / 1000) + 900, not a string or a date",
            location=Location(claim=name),
        )


@check("JWT203", title="Times in milliseconds", item=9, needs=(Need.TOKEN,))
def milliseconds(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """A time claim is in milliseconds (`Date.now()`), not seconds.

    `exp: Date.now() + 900000` makes a token that expires in the year 58000:
    it never expires. In `iat` it makes PyJWT reject the token as issued in the
    future. Divide by 1000 (`Math.floor(Date.now() / 1000)`), or let the
    library set the times (`expiresIn`).
    """
    claims = _claims(ctx)
    found = False
    for name in _TIME_CLAIMS:
        value: Any = claims.get(name)
        if is_numeric_date(value) and value > MILLISECONDS_THRESHOLD:
            found = True
            when = iso(value / 1000) or "out of range"
            yield me.finding(
                Status.FAIL,
                f"{name} is {value}, which is milliseconds: in seconds it is {when} "
                f"({relative(value / 1000 - ctx.now)})",
                "use seconds: Math.floor(Date.now() / 1000), or let the library set the time "
                "(jsonwebtoken: expiresIn)",
                location=Location(claim=name),
            )
    if not found:
        yield me.finding(Status.PASS, "the time claims are in seconds")


@check("JWT204", title="Token expired", item=3, needs=(Need.TOKEN,))
def expired(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The token is expired (`now >= exp + skew`), or expires within the refresh buffer.

    Usually a cached token, or a client that does not refresh before `exp`. The
    client should refresh when `now >= exp - buffer`; run `jwtfix expiry
    --buffer 60` in the client's place to see when. An expired token at a
    server that just issued it means the clocks disagree (see JWT206).
    """
    claims = _claims(ctx)
    # Judged without nbf: JWT205 reports that one, and an nbf in the future must not
    # hide an exp in the past.
    report = evaluate(
        {k: v for k, v in claims.items() if k != "nbf"},
        now=ctx.now,
        skew=ctx.skew,
        buffer=ctx.buffer,
    )
    exp: Any = claims.get("exp")
    location = Location(claim="exp")
    if report.status in (ExpiryStatus.NO_EXP, ExpiryStatus.MALFORMED):
        yield me.finding(Status.SKIP, "no numeric exp to judge (see JWT201/JWT202)")
    elif report.status is ExpiryStatus.EXPIRED:
        yield me.finding(
            Status.FAIL,
            f"the token expired {span(ctx.now - exp)} ago ({iso_text(exp)})"
            + (f", beyond the clock skew of {span(ctx.skew)}" if ctx.skew else ""),
            "get a new token: the client should call the refresh endpoint when a request gets a "
            "401, or before exp (`jwtfix expiry --buffer 60` shows when)",
            location=location,
        )
    elif report.status is ExpiryStatus.EXPIRING:
        message = (
            f"the token expired {span(ctx.now - exp)} ago ({iso_text(exp)}); a server with the "
            f"clock skew of {span(ctx.skew)} still accepts it"
            if exp <= ctx.now
            else f"the token expires {relative(exp - ctx.now)} ({iso_text(exp)}), within the "
            f"refresh buffer of {span(ctx.buffer)}"
        )
        yield me.finding(
            Status.WARN,
            message,
            "refresh it now: a request sent with it may arrive after it expires",
            severity=Severity.WARNING,
            location=location,
        )
    else:
        yield me.finding(
            Status.PASS, f"the token expires {relative(exp - ctx.now)} ({iso_text(exp)})"
        )


@check("JWT205", title="Token not yet valid", item=4, needs=(Need.TOKEN,))
def not_yet_valid(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """`nbf` is in the future beyond the clock skew: the token is not valid yet.

    Servers reject it ("jwt not active", "The token is not yet valid (nbf)").
    Usually the issuer's clock is ahead of the verifier's; sync both with NTP,
    or allow a small clock tolerance (`clockTolerance: 30` in jsonwebtoken,
    `leeway=30` in PyJWT).
    """
    claims = _claims(ctx)
    if "nbf" not in claims or not is_numeric_date(claims["nbf"]):
        yield me.finding(Status.PASS, "no numeric nbf claim: nothing delays the token")
        return
    report = evaluate({"nbf": claims["nbf"]}, now=ctx.now, skew=ctx.skew)
    nbf = claims["nbf"]
    if report.status is ExpiryStatus.NOT_YET_VALID:
        yield me.finding(
            Status.FAIL,
            f"nbf is {relative(nbf - ctx.now)} ({iso_text(nbf)}), beyond the clock skew of "
            f"{span(ctx.skew)}: servers reject the token until then",
            "sync the issuer's and the server's clocks with NTP, or allow a clock tolerance "
            "(jsonwebtoken clockTolerance, PyJWT leeway); run `jwtfix check --skew 30s` to try",
            location=Location(claim="nbf"),
        )
    else:
        yield me.finding(Status.PASS, f"nbf is {relative(nbf - ctx.now)}: the token is active")


@check("JWT206", title="Issued in the future: clocks disagree", item=4, needs=(Need.TOKEN,))
def issued_in_future(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """`iat` is in the future beyond the clock skew: the issuer's clock is ahead.

    PyJWT rejects such a token ("The token is not yet valid (iat)"), and other
    times in the token are off by the same amount. Run NTP on the issuer and the
    servers; a clock tolerance of a few seconds hides small drifts.
    """
    iat: Any = _claims(ctx).get("iat")
    if not is_numeric_date(iat):
        yield me.finding(Status.PASS, "no numeric iat claim to compare with this clock")
        return
    if iat > MILLISECONDS_THRESHOLD:
        yield me.finding(Status.SKIP, "iat is in milliseconds (see JWT203)")
        return
    ahead = iat - ctx.now
    if ahead > ctx.skew:
        yield me.finding(
            Status.FAIL,
            f"iat is {span(ahead)} in the future ({iso_text(iat)}): the issuer's clock is at least "
            f"{span(ahead)} ahead of this one",
            "sync the issuer's and the servers' clocks with NTP (timedatectl set-ntp true), or "
            "allow a clock tolerance; compare with `date -u` on both machines",
            location=Location(claim="iat"),
        )
    else:
        yield me.finding(Status.PASS, "iat is not in the future")


@check(
    "JWT207",
    title="Token lifetime outside the range",
    item=1,
    severity=Severity.WARNING,
    needs=(Need.TOKEN,),
)
def token_lifetime(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The token's lifetime (`exp - iat`) is outside the profile's access-token range.

    Short-lived access tokens (15 minutes to an hour by default) limit what a
    leaked token is worth; much shorter ones make clients refresh constantly.
    Set `expiresIn` (JWT_EXPIRES_IN) within the range, or pass
    `--access-min/--access-max` for a service with other needs. Under
    `--profile development` an outside value passes with a note.
    """
    claims = _claims(ctx)
    seconds = lifetime(claims)
    if seconds is None:
        yield me.finding(Status.SKIP, "no numeric exp and iat in seconds: lifetime unknown")
        return
    if seconds <= 0:
        yield me.finding(Status.SKIP, "exp is not after iat (see JWT208)")
        return
    verdict = judge_range(ctx, seconds, "access", "the token's lifetime (exp - iat)")
    yield me.finding(
        verdict.status,
        verdict.message,
        verdict.fix,
        location=Location(claim="exp") if verdict.status is not Status.PASS else None,
    )


@check("JWT208", title="Inconsistent times", item=9, needs=(Need.TOKEN,))
def inconsistent(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The times contradict each other: `exp <= iat`, or `nbf >= exp`.

    Such a token was never valid. Usually a lifetime of 0 or a negative one (a
    bare-number `expiresIn` string read as milliseconds: "900" is 0.9 s), or
    times mixed between seconds and milliseconds.
    """
    claims = _claims(ctx)
    exp: Any = claims.get("exp")
    iat: Any = claims.get("iat")
    nbf: Any = claims.get("nbf")
    found = False
    if is_numeric_date(exp) and is_numeric_date(iat) and exp <= iat:
        found = True
        yield me.finding(
            Status.FAIL,
            f"exp is not after iat (exp - iat = {exp - iat:g} s): the token was dead when issued",
            "give the token a positive lifetime; a bare-number expiresIn string is read as "
            "milliseconds ('900' is 0.9 s): write '15m' or the number 900",
            location=Location(claim="exp"),
        )
    if is_numeric_date(exp) and is_numeric_date(nbf) and nbf >= exp:
        found = True
        yield me.finding(
            Status.FAIL,
            f"nbf is not before exp (exp - nbf = {exp - nbf:g} s): the token is never valid",
            "set nbf to the issue time (or leave it out) and exp after it",
            location=Location(claim="nbf"),
        )
    if not found:
        yield me.finding(Status.PASS, "exp is after iat and nbf")
