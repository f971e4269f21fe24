"""JWT9xx: the service's and the frontend's code (`check --src`), at file, line and column.

Every check reads `ctx.src` (the `SrcReport` of `jwtfix.srcscan`, made by the
CLI before the checks run): problems become findings at their line with the
code shown; a check whose kind of code was read and found right passes; one
whose kind of code was not found at all is `skip` and says so.
"""

from __future__ import annotations

from collections.abc import Iterator

from jwtfix.checks.registry import CheckContext, Need, Profile, Registered, check
from jwtfix.model import Finding, Location, Severity, Status
from jwtfix.srcscan import SrcReport

ANSWERED_ITEMS = {901: 1, 902: 2, 903: 3, 904: 10, 905: 5, 906: 6, 907: 7, 908: 8, 909: 9, 910: 10}
"""JWT9nn -> the checklist item it answers."""


def _report(ctx: CheckContext) -> SrcReport:
    assert ctx.src is not None
    return ctx.src


def answers(ctx: CheckContext, item: int) -> bool:
    """Whether the code settled checklist item `item` (a finding, or code read and right)."""
    if ctx.src is None:
        return False
    if item == 6 and ctx.src.about("JWT902"):
        return True  # no refresh mechanism at all (JWT902): there is nothing to rotate
    for number, answered in ANSWERED_ITEMS.items():
        check_id = f"JWT{number}"
        if answered == item and (ctx.src.about(check_id) or ctx.src.judged.get(check_id)):
            return True
    return False


def _judge(
    ctx: CheckContext, me: Registered, right: str, absent: str, unread: str = ""
) -> Iterator[Finding]:
    report = _report(ctx)
    found = report.about(me.info.id)
    for item in found:
        status, message = item.status, item.message
        if me.info.id == "JWT901" and status is Status.WARN and ctx.profile is Profile.DEVELOPMENT:
            status, message = Status.PASS, f"{message} (allowed by the development profile)"
        yield me.finding(
            status,
            message,
            item.fix,
            location=Location(file=item.file, line=item.line, column=item.column, code=item.code),
            severity=Severity.WARNING if item.status is Status.WARN else None,
        )
    if found:
        return
    count = report.judged.get(me.info.id, 0)
    unsaid = report.unread.get(me.info.id, 0)
    if count:
        message = right.format(count=count, s="" if count == 1 else "s")
        places = report.places.get(me.info.id, ())
        if not places:
            yield me.finding(Status.PASS, message)
            return
        # where it was judged right, so that a reader can see which handler or call it read
        first = places[0]
        more = f" and {len(places) - 1} more" if len(places) > 1 else ""
        where = Location(file=first.file, line=first.line, column=first.column)
        message = f"{message} ({first.file}:{first.line}{more})"
        yield me.finding(Status.PASS, message, location=where)
    elif unsaid and unread:
        yield me.finding(Status.SKIP, unread.format(count=unsaid, s="" if unsaid == 1 else "s"))
    else:
        yield me.finding(Status.SKIP, f"{absent} in {_files_read(report)}")


@check("JWT901", title="Access-token lifetime in code", item=1, needs=(Need.SRC,))
def code_lifetime(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The code signs access tokens with a lifetime outside the profile's range, or none.

    Read from `jwt.sign(..., { expiresIn })`, `JwtModule.register({ signOptions })`,
    jose's `setExpirationTime`, simplejwt's `ACCESS_TOKEN_LIFETIME`,
    Flask-JWT-Extended's `JWT_ACCESS_TOKEN_EXPIRES` and `expires_delta`,
    `ACCESS_TOKEN_EXPIRE_MINUTES` and the `exp` of `jwt.encode`; a value from
    the environment is read in the `.env` given (--env). A lifetime from a
    function call is not judged. Sign for 15m-1h and use refresh tokens.
    """
    yield from _judge(
        ctx,
        me,
        "{count} access-token lifetime{s} in the code within range",
        "no token signing",
        "{count} token signing{s} with a lifetime the code does not spell out (a payload built"
        " elsewhere with no expiresIn, or a value computed, from a config module, a call or a"
        " variable of the environment: give the .env with --env for the last)",
    )


@check("JWT902", title="Refresh route in code", item=2, needs=(Need.SRC,))
def code_refresh_route(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The service issues tokens and no route refreshes them.

    Without a refresh endpoint, short-lived access tokens log users out; teams
    then make tokens live for days. Add a refresh token and POST /auth/refresh.
    """
    yield from _judge(ctx, me, "a refresh route exists", "no token issuing without refresh found")


@check("JWT903", title="Frontend 401 handling in code", item=3, needs=(Need.SRC,))
def code_401(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The frontend does not refresh on 401 once, shared by concurrent requests, and retry once.

    An axios response interceptor (or a fetch wrapper) should catch a 401,
    await one refresh shared by every request in flight, and retry the request
    once (a `_retry` flag); a second 401 means: log in again.
    """
    yield from _judge(
        ctx,
        me,
        "{count} place{s} where the frontend refreshes the access token (once on 401, or"
        " before it expires)",
        "no frontend sending access tokens",
    )


@check("JWT904", title="Expiry checks disabled in code", item=10, needs=(Need.SRC,))
def code_time_checks(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """Verification disables or stretches time checks.

    `ignoreExpiration: true`, `options={"verify_exp": False}`, or a clock
    tolerance / leeway over 5 minutes let expired tokens in. Keep exp checked
    and a tolerance of seconds.
    """
    yield from _judge(
        ctx, me, "exp checked by {count} verification setting{s}", "no verification options"
    )


@check("JWT905", title="Token storage in code", item=5, needs=(Need.SRC,))
def code_storage(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """Tokens stored where page scripts read them, or cookies without httpOnly/secure/sameSite.

    localStorage, sessionStorage and script-set cookies are open to any script
    on the page (XSS, a compromised dependency). Keep the refresh token in an
    httpOnly, Secure, SameSite cookie and the access token in memory.
    """
    yield from _judge(
        ctx,
        me,
        "{count} token cookie{s} set with httpOnly, secure and sameSite",
        "no token storage",
    )


@check("JWT906", title="Refresh rotation in code", item=6, needs=(Need.SRC,))
def code_rotation(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The refresh handler does not issue a new refresh token, or does not retire the old one.

    With rotation, a stolen refresh token works once at most. Issue a new one
    on every refresh and delete (or mark used) the one received.
    """
    if not _report(ctx).about(me.info.id) and _report(ctx).about("JWT902"):
        yield me.finding(Status.SKIP, "no refresh mechanism in the code (JWT902): nothing rotates")
        return
    yield from _judge(
        ctx,
        me,
        "the refresh token rotated by {count} refresh handler{s}",
        "no refresh handler",
        "{count} refresh handler{s} calling code the reader cannot follow: look whether it"
        " issues a new refresh token and retires the one it received",
    )


@check("JWT907", title="Logout revocation in code", item=7, needs=(Need.SRC,))
def code_logout(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The logout handler does not revoke the refresh token (no delete, blacklist or version bump).

    Clearing a cookie only makes the browser forget it; a copy keeps working
    until it expires. Delete the stored token (its jti) or deny-list it.
    """
    yield from _judge(
        ctx,
        me,
        "the token revoked by {count} logout handler{s}",
        "no logout handler",
        "{count} logout handler{s} calling code the reader cannot follow: look whether it"
        " revokes the refresh token",
    )


@check("JWT908", title="Secret in code", item=8, needs=(Need.SRC,))
def code_secret(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """A literal secret, a fallback default, or the access secret reused for refresh tokens.

    `process.env.JWT_SECRET || 'secret'` signs with a guessable key whenever the
    variable is missing. Read secrets from the environment, fail at start-up
    without them, and give refresh tokens their own secret.
    """
    yield from _judge(
        ctx,
        me,
        "{count} secret{s} read from the environment",
        "no JWT secret",
        "{count} secret{s} from a config module or a call: look at where the value comes from",
    )


@check("JWT909", title="Algorithm pinning in code", item=9, needs=(Need.SRC,))
def code_algorithms(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """Verification without a pinned algorithm list.

    `jwt.verify(token, key)` without `algorithms` lets the token's header pick
    the algorithm within the key's family (and, in older libraries, beyond).
    Pass `{ algorithms: ['HS256'] }` / `algorithms=["HS256"]`.
    """
    yield from _judge(
        ctx,
        me,
        "the algorithms pinned in {count} verification{s}",
        "no token verification",
        "{count} verification{s} with the algorithms set elsewhere (@fastify/jwt's"
        " registration options): look that they are listed",
    )


@check("JWT910", title="Unverified token in middleware", item=10, needs=(Need.SRC,))
def code_middleware(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """A middleware or route reads the request's token without verifying it.

    `jwt.decode` (jsonwebtoken) and PyJWT's `verify_signature: False` check
    neither the signature nor exp: any forged or expired token passes. Use
    `jwt.verify` with a pinned algorithm list.
    """
    report = _report(ctx)
    if report.about(me.info.id):
        yield from _judge(ctx, me, "", "")
        return
    verified = report.judged.get("JWT909", 0) + report.judged.get("JWT904", 0)
    verified += len(report.about("JWT909")) + len(report.about("JWT904"))
    verified += report.unread.get("JWT909", 0)  # a verification whose algorithms are elsewhere
    if verified:
        yield me.finding(
            Status.PASS, "tokens read from requests are verified (jwt.verify or a verifying decode)"
        )
    else:
        yield me.finding(Status.SKIP, f"no token verification in {_files_read(report)}")


def _files_read(report: SrcReport) -> str:
    """`the 12 source files read`, `the 1 source file read`, and the files of languages not
    read where they are a tenth of the code or more (`the 0 source files read (12 Go files are
    not read: --src reads Python, JavaScript and TypeScript)`)."""
    count = report.files
    said = f"the {count} source file{'s' if count != 1 else ''} read"
    unread = sum(n for _, n in report.other_languages)
    if unread * 10 < count + unread or not unread:
        return said  # (a Homebrew formula beside a Python CLI's code is no service unread)
    others = ", ".join(
        f"{n} {language} file{'s' if n != 1 else ''}" for language, n in report.other_languages
    )
    verb = "is" if len(report.other_languages) == 1 and report.other_languages[0][1] == 1 else "are"
    return f"{said} ({others} {verb} not read: --src reads Python, JavaScript and TypeScript)"
