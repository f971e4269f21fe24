"""The checklist items no tool can check from a token and a `.env`: `manual` findings.

Their IDs are `MANUAL-<item>` (the number of the checklist item), not `JWTnnn`:
SPEC section 3 owns the JWT numbering, and a manual finding is a question to
a person, not a defect found. They never change the exit code. Items 2, 6, 7
and 10 are settled by the live flow when `--live` is given: then they report
nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from jwtfix.checks.registry import CheckContext, Registered, check
from jwtfix.checks.src import answers
from jwtfix.model import Finding, Severity, Status


@check("MANUAL-2", title="A refresh endpoint exists", item=2, severity=Severity.NOTE)
def refresh_endpoint(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """Check by hand that the API has a refresh endpoint that issues new access tokens.

    Without one, short-lived access tokens log users out every 15 minutes,
    and teams "fix" it by making tokens live for days.
    """
    if ctx.live is not None or answers(ctx, 2):
        return  # settled by the live flow (JWT7xx) or the code (JWT902)
    yield me.finding(
        Status.MANUAL,
        "is there an endpoint (e.g. POST /auth/refresh) that takes a refresh token and returns a "
        "new access token?",
        "call it with the refresh token (curl -X POST .../auth/refresh) and run "
        "`jwtfix check` on the access token it returns",
    )


@check("MANUAL-3", title="The frontend handles 401 and refreshes", item=3, severity=Severity.NOTE)
def frontend_401(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """Check by hand that the client refreshes on a 401 (or before `exp`) and retries once.

    A client that ignores 401 shows errors once the access token expires; one
    that refreshes from several requests at once races and may burn a rotated
    refresh token.
    """
    if ctx.har is not None or answers(ctx, 3):
        return  # settled by the recorded session (JWT801-JWT803) or the code (JWT903)
    yield me.finding(
        Status.MANUAL,
        "does the HTTP client (an axios/fetch interceptor) refresh on a 401 or shortly before "
        "exp, retry the request once, and share one refresh between parallel requests?",
        "in the browser's network tab, let an access token expire (`jwtfix sign --env .env "
        "--expires 1m` for a short-lived one): each 401 must be followed by one refresh call "
        "and a retry of the request",
    )


@check("MANUAL-5", title="Tokens are stored safely", item=5, severity=Severity.NOTE)
def storage(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """Check by hand where a web app keeps its tokens: httpOnly cookies, not localStorage.

    Any script on the page (an XSS, a compromised dependency) reads
    localStorage and sessionStorage; an httpOnly, Secure, SameSite cookie is
    out of its reach.
    """
    if ctx.har is not None or answers(ctx, 5):
        return  # settled by the recorded session (JWT806) or the code (JWT905)
    yield me.finding(
        Status.MANUAL,
        "are refresh tokens (and ideally access tokens) kept in httpOnly, Secure, SameSite "
        "cookies rather than localStorage or sessionStorage?",
        "search the frontend for localStorage.setItem / sessionStorage with a token, and look at "
        "the Set-Cookie flags in the login response",
    )


@check("MANUAL-6", title="Refresh tokens rotate on use", item=6, severity=Severity.NOTE)
def rotation(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """Check by hand that each refresh returns a new refresh token and retires the old one.

    With rotation, a stolen refresh token works once at most, and a reuse of a
    retired one reveals the theft (revoke the whole family then).
    """
    if ctx.live is not None or ctx.har is not None or answers(ctx, 6):
        return  # settled by the live flow, the recorded session (JWT804) or the code (JWT906)
    yield me.finding(
        Status.MANUAL,
        "does each call of the refresh endpoint return a new refresh token, and does reusing the "
        "old one fail?",
        "call the refresh endpoint twice with the same refresh token: the second call must "
        "answer 401",
    )


@check("MANUAL-7", title="Tokens are invalidated on logout", item=7, severity=Severity.NOTE)
def logout(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """Check by hand that logout revokes the refresh token on the server.

    Deleting tokens in the browser only forgets them: a copy keeps working
    until it expires unless the server revokes it (delete the stored `jti`, or
    a deny-list of access-token `jti`s until their `exp`).
    """
    if ctx.live is not None or answers(ctx, 7):
        return  # settled by the live flow (JWT7xx) or the code (JWT907)
    yield me.finding(
        Status.MANUAL,
        "does logout delete the refresh token (its jti) on the server, not just in the browser?",
        "log out, then call the refresh endpoint with the old refresh token: it must answer 401",
    )


@check("MANUAL-10", title="The middleware checks expiry", item=10, severity=Severity.NOTE)
def middleware(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """Check by hand that every protected route verifies the token, including `exp`.

    `jwt.decode` (jsonwebtoken) and `jwt.decode(..., options={"verify_signature":
    False})` (PyJWT) check nothing; only `jwt.verify` / a verifying decode do,
    with a pinned algorithm list.
    """
    if ctx.live is not None or answers(ctx, 10):
        return  # settled by the live flow (JWT7xx) or the code (JWT904, JWT910)
    yield me.finding(
        Status.MANUAL,
        "does the auth middleware call jwt.verify (not jwt.decode) on every protected route, "
        "with an algorithms allow-list, and answer 401 for an expired token?",
        "send an expired token (`jwtfix sign --env .env --expires -5m`) to a protected route: it "
        "must answer 401",
    )
