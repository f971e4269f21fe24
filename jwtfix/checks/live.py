"""JWT7xx: what the running service did in the live flow (`check --live URL`).

Each check reads the transcript of `jwtfix.ops.live.run` (no I/O here) and
judges one step: login (JWT701), the protected route (JWT702-705), refresh
and rotation (JWT706-708), logout (JWT709) and the service's clock (JWT710).
Steps the flow left out are `skip`, saying why (a 404 naming the option that
sets the path, --no-reuse, --no-logout, a missing input).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from jwtfix import clocks as estimate
from jwtfix.checks.registry import CheckContext, Need, Registered, check
from jwtfix.model import Finding, Severity, Status

if TYPE_CHECKING:
    from jwtfix.answers import Answer
    from jwtfix.ops.live import Call, LiveTranscript


def _live(ctx: CheckContext) -> LiveTranscript:
    assert ctx.live is not None
    return ctx.live


def _answer(call: Call) -> str:
    """`GET /auth/me answered 403` (with where a redirect pointed)."""
    exchange = call.exchange
    text = f"{exchange.method} {exchange.path} answered {exchange.status}"
    if exchange.redirect_to is not None and not exchange.redirect_followed:
        text += f", a redirect to {exchange.redirect_to} (not followed: another origin)"
    return text


def _skip(me: Registered, live: LiveTranscript, *steps: str) -> Finding | None:
    for step in (*steps, "flow"):
        if step in live.skipped:
            return me.finding(Status.SKIP, live.skipped[step])
    return None


@check("JWT701", title="Login does not answer with tokens", item=2, needs=(Need.LIVE,))
def login(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """Login (POST --credentials to --login) must answer with an access and a refresh token.

    Tested as OWASP WSTG-SESS-06/-10 and ASVS 5.0 7.4.1 expect a session to
    start: an access token in the body (`accessToken`, `access_token`,
    `token`), and a refresh token in the body or, better, an HttpOnly Secure
    cookie. Without a refresh token the client must log in again whenever the
    short-lived access token expires.
    """
    live = _live(ctx)
    call = live.call("login")
    if call is None:
        yield me.finding(
            Status.SKIP, "no --credentials: the flow used TOKEN and --refresh-token instead"
        )
        return
    if "login" in live.skipped:
        yield me.finding(Status.SKIP, live.skipped["login"])
        return
    if not call.exchange.ok:
        said = call.answer.message
        yield me.finding(
            Status.FAIL,
            f"{_answer(call)} to the credentials"
            + (" sent as a form" if live.login_form else "")
            + (f" ({said!r})" if said else ""),
            "check the --credentials JSON (field names and values of the test account); "
            "--login-form sends them as a form",
        )
        return
    got = live.login
    if got is None or got.access is None:
        from jwtfix.vocabulary import TOKEN_FIELDS, WRAPPERS

        yield me.finding(
            Status.FAIL,
            f"{_answer(call)} without an access token (looked for {', '.join(TOKEN_FIELDS)} "
            f"in the JSON body and in {', '.join(WRAPPERS)})",
            "return the access token in the login response: {accessToken, refreshToken, expiresIn}",
        )
        return
    form = " (the credentials sent as a form)" if live.login_form else ""
    if got.refresh is None:
        yield me.finding(
            Status.WARN,
            f"{_answer(call)}{form} with an access token ({got.access_field}) but no refresh "
            "token, in the body or a cookie",
            "issue a refresh token at login (an HttpOnly Secure cookie, or refreshToken in the "
            "body) so clients can renew the access token",
            severity=Severity.WARNING,
        )
        return
    where = (
        f"the cookie {got.refresh_cookie.name}"
        if got.refresh_cookie is not None
        else f"the field {got.refresh_field}"
    )
    opaque = ", opaque" if got.refresh_opaque else ""
    yield me.finding(
        Status.PASS,
        f"{_answer(call)}{form} with an access token ({got.access_field}) and a refresh token "
        f"({where}{opaque})",
    )


@check("JWT702", title="Protected route refuses a fresh token", item=10, needs=(Need.LIVE,))
def fresh_refused(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The protected route (--protected) must accept the access token login just issued.

    ASVS 5.0 9.2.1 (a token is accepted only when valid) is tested both ways:
    this is the "valid" half. A refusal here usually means the middleware
    verifies with another secret or algorithm than login signs with, a
    missing `Bearer ` prefix convention, or a clock far off (JWT710).
    """
    live = _live(ctx)
    call = live.call("use")
    if call is None or call.status == 404:
        yield me.finding(Status.SKIP, live.skipped.get("use", "no access token to send"))
        return
    if call.accepted:
        yield me.finding(Status.PASS, f"{_answer(call)} to the fresh access token")
        return
    yield me.finding(
        Status.FAIL,
        f"{_answer(call)} to the access token login just issued",
        "verify with the same secret and algorithm list as login signs with (jwt.verify("
        "token, JWT_SECRET, {algorithms: ['HS256']})) and compare the clocks (JWT710)",
    )


@check(
    "JWT703", title="Protected route accepts a token it must refuse", item=10, needs=(Need.LIVE,)
)
def accepts_bad(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The protected route accepted no token, a bad signature, alg none, a refresh or expired one.

    One finding per kind (ASVS 5.0 9.2.1; RFC 9700 §2.2.2 on refresh tokens
    used as access tokens). Typical causes: `jwt.decode` instead of
    `jwt.verify` (checks nothing), `ignoreExpiration: true`, an algorithm list
    that admits `none`, one secret for access and refresh tokens.
    """
    from jwtfix.ops.live import NOT_FORGEABLE, REFUSALS

    live = _live(ctx)
    skipped = _skip(me, live, "refuse", "use")
    if skipped is not None:
        yield skipped
        return
    for step, what in REFUSALS.items():
        call = live.call(step)
        if call is None and step == "refuse-refresh-token" and live.refresh_token is None:
            continue  # no refresh token at all: JWT701 and JWT706 say so
        if call is None and live.skipped.get(step) == NOT_FORGEABLE:
            continue  # an RS/ES/EdDSA token: nobody but its issuer can make that kind
        if call is None:
            yield me.finding(Status.SKIP, f"{what}: {live.skipped.get(step, 'not tried')}")
        elif call.accepted:
            yield me.finding(
                Status.FAIL,
                f"{_answer(call)} to {what}: accepted",
                _ACCEPT_FIXES[step],
            )
        else:
            yield me.finding(Status.PASS, f"{what}: refused ({call.status})")


_ACCEPT_FIXES = {
    "refuse-no-token": "put the auth middleware in front of the route (router.get(path, "
    "authenticate, handler))",
    "refuse-bad-signature": "verify the signature: jwt.verify, not jwt.decode",
    "refuse-alg-none": "pin the algorithms: jwt.verify(token, secret, {algorithms: ['HS256']})",
    "refuse-refresh-token": "sign refresh tokens with their own secret (JWT_REFRESH_SECRET) or "
    "check a token type claim",
    "refuse-expired": "drop ignoreExpiration / verify_exp=False: expired tokens must get 401",
}


def _refusal_calls(live: LiveTranscript) -> list[Call]:
    from jwtfix.ops.live import REFUSALS

    calls = (live.call(step) for step in REFUSALS)
    return [c for c in calls if c is not None and not c.accepted]


def _bearer_challenge(call: Call) -> bool:
    parsed = call.answer.challenges
    return parsed is not None and any(c.scheme_lower == "bearer" for c in parsed.challenges)


@check("JWT704", title="Refusal is not 401 with a Bearer challenge", item=10, needs=(Need.LIVE,))
def refusal_shape(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """A refused token must get `401` with `WWW-Authenticate: Bearer` (RFC 6750 §3).

    A 403 tells the client its token is fine but lacks rights, a 500 looks
    like an outage, a 200 with an error body slips past every interceptor:
    none of them makes a client refresh. ASVS 5.0 10.4.5 (resource servers
    answer invalid tokens in the standard way).
    """
    live = _live(ctx)
    calls = _refusal_calls(live)
    if not calls:
        yield _skip(me, live, "refuse", "use") or me.finding(Status.SKIP, "nothing was refused")
        return
    wrong = [c for c in calls if c.status != 401]
    if wrong:
        yield me.finding(
            Status.FAIL,
            "; ".join(_answer(c) + f" ({_what(c)}{_kind(c)})" for c in wrong),
            'answer 401 with WWW-Authenticate: Bearer error="invalid_token" for a missing, '
            "invalid or expired token (403 is for a valid token without the rights)",
        )
        return
    bare = [c for c in calls if not _bearer_challenge(c)]
    if bare:
        yield me.finding(
            Status.WARN,
            f"{len(bare)} of {len(calls)} refusals are 401 without WWW-Authenticate: Bearer ("
            + ", ".join(_what(c) for c in bare)
            + ")",
            'add WWW-Authenticate: Bearer error="invalid_token", error_description="..." '
            "to 401 answers (RFC 6750 §3)",
            severity=Severity.WARNING,
        )
        return
    yield me.finding(
        Status.PASS, f"all {len(calls)} refusals are 401 with WWW-Authenticate: Bearer"
    )


def _what(call: Call) -> str:
    from jwtfix.ops.live import REFUSALS

    return REFUSALS.get(call.step, call.step)


def _kind(call: Call) -> str:
    """`: 'Signature verification failed'`: what the refusal said, when it said something."""
    said = call.answer.message
    return f": {said!r}" if said else ""


@check(
    "JWT705",
    title="Expired token's refusal looks like any other",
    item=10,
    severity=Severity.WARNING,
    needs=(Need.LIVE,),
)
def expired_distinct(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """An expired token must be refused distinctly (`error_description`, a code: TOKEN_EXPIRED).

    A client refreshes on "expired" and logs the user out on "invalid"; when
    both answers are identical it can only guess (OWASP WSTG-SESS-06).
    Compared: the expired copy's refusal with the bad signature's.
    """
    live = _live(ctx)
    expired, forged = live.call("refuse-expired"), live.call("refuse-bad-signature")
    if expired is None or forged is None:
        yield _skip(me, live, "refuse-expired", "refuse", "use") or me.finding(
            Status.SKIP, "the expired or the forged token was not tried"
        )
        return
    if expired.accepted or forged.accepted:
        yield me.finding(Status.SKIP, "a token that must be refused was accepted (JWT703)")
        return
    said_expired, said_forged = expired.answer, forged.answer
    if said_expired.kind == "expired" and said_forged.kind != "expired":
        yield me.finding(
            Status.PASS,
            f"an expired token is refused distinctly ({_said(said_expired)!r}; the forged one: "
            f"{_said(said_forged)!r})",
        )
        return
    if said_expired.reason() == said_forged.reason() or said_expired.kind == said_forged.kind:
        yield me.finding(
            Status.WARN,
            f"the expired token and the forged one get the same answer ({expired.status}, "
            f"{_said(said_expired)!r}): a client cannot tell it should refresh",
            'answer an expired token with error_description="...expired" and a code such as '
            "TOKEN_EXPIRED (jsonwebtoken: err instanceof TokenExpiredError)",
        )
        return
    yield me.finding(
        Status.PASS,
        f"an expired token is refused distinctly ({_said(said_expired)!r}; the forged one: "
        f"{_said(said_forged)!r})",
    )


def _said(answer: Answer) -> str:
    return answer.message or (f"status {answer.status}")


@check("JWT706", title="No working refresh endpoint", item=2, needs=(Need.LIVE,))
def refresh_endpoint(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The refresh endpoint (--refresh) must exchange the refresh token for a working access token.

    RFC 9700 §4.14.2 and ASVS 5.0 7.4.1: short-lived access tokens need a way
    to be renewed without the password. Without one, users are logged out
    every 15 minutes and teams "fix" it with access tokens that live days.
    """
    live = _live(ctx)
    probe = live.call("probe-refresh")
    if probe is not None:
        if probe.status == 404:
            message = (
                f"login gave no refresh token and {probe.exchange.path} answered 404: the "
                "service has no refresh mechanism"
            )
        else:
            message = (
                f"login gave no refresh token (body or cookie); {_answer(probe)} to a request "
                "without one"
            )
        yield me.finding(
            Status.FAIL,
            message,
            "issue a refresh token at login and add POST /auth/refresh that returns a new "
            "access token for it",
        )
        return
    call = live.call("refresh")
    if call is None or "refresh" in live.skipped:
        yield me.finding(Status.SKIP, live.skipped.get("refresh", "no refresh token to send"))
        return
    if not call.accepted:
        tried = [c for c in live.calls if c.step in ("refresh-try", "refresh")]
        wrong_way = call.answer.sent_wrong_way
        said = call.answer.message
        if wrong_way is not None:
            message = (
                f"{_answer(call)}: the refresh token was not found in {len(tried)} carrier"
                f"{'s' if len(tried) != 1 else ''} tried ({wrong_way})"
            )
            fix = (
                "name the carrier the refresh endpoint reads with --refresh-with "
                "json:FIELD|form:FIELD|bearer|cookie:NAME"
            )
        else:
            carrier = live.carrier.describe() if live.carrier else ""
            message = f"{_answer(call)} to the refresh token login just issued, sent {carrier}" + (
                f" ({said!r})" if said else ""
            )
            fix = (
                "the refresh endpoint must accept a fresh refresh token (its secret, its field "
                "name or cookie)"
            )
        yield me.finding(Status.FAIL, message, fix)
        return
    new = live.refreshed
    if new is None or new.access is None:
        yield me.finding(
            Status.FAIL,
            f"{_answer(call)} without an access token",
            "return {accessToken, refreshToken, expiresIn} from the refresh endpoint",
        )
        return
    use = live.call("use-refreshed")
    if use is not None and not use.accepted:
        yield me.finding(
            Status.FAIL,
            f"the refreshed access token does not work: {_answer(use)}",
            "sign refreshed access tokens exactly as login does",
        )
        return
    sent = f", the refresh token sent {live.carrier.describe()}" if live.carrier else ""
    spec = (
        f" (--refresh-with {live.carrier.spec})"
        if live.carrier and live.carrier.how != "grant"
        else ""
    )
    yield me.finding(
        Status.PASS,
        f"{_answer(call)}{sent}{spec}, with an access token that the protected route accepts",
    )


@check("JWT707", title="Refresh tokens do not rotate", item=6, needs=(Need.LIVE,))
def rotation(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """Each refresh must return a new refresh token and retire the old one (RFC 9700 §4.14.2).

    With rotation, a stolen refresh token works once at most; without it, a
    copy works until it expires. A new token issued while the old one still
    works is rotation without invalidation (or a grace window longer than
    --reuse-wait).
    """
    live = _live(ctx)
    refreshed, reuse = live.refreshed, live.call("reuse-old")
    if refreshed is None:
        yield _skip(me, live, "refresh") or me.finding(Status.SKIP, "no successful refresh")
        return
    if reuse is None:
        yield me.finding(Status.SKIP, live.skipped.get("reuse", "the old token was not resent"))
        return
    old = live.refresh_token
    rotated = refreshed.refresh is not None and refreshed.refresh != old
    if reuse.accepted and not rotated:
        yield me.finding(
            Status.FAIL,
            "the refresh answer holds no new refresh token, and the old one works again "
            f"({_answer(reuse)}): a stolen refresh token works until it expires",
            "return a new refresh token from each refresh and mark the old one used (store "
            "its jti)",
        )
    elif reuse.accepted:
        yield me.finding(
            Status.WARN,
            "a new refresh token came back but the old one still works "
            f"({_answer(reuse)}): rotation without invalidation",
            "retire the old refresh token when it is used (or shorten the grace window below "
            "--reuse-wait)",
            severity=Severity.WARNING,
        )
    elif not rotated:
        yield me.finding(
            Status.FAIL,
            "the refresh answer holds no new refresh token, and the old one is now refused: "
            "the session cannot be refreshed a second time",
            "return a new refresh token with each refresh",
        )
    else:
        yield me.finding(
            Status.PASS,
            f"a new refresh token came back and the old one is refused ({reuse.status})",
        )


@check(
    "JWT708",
    title="Reuse does not revoke the rotated token",
    item=6,
    severity=Severity.WARNING,
    needs=(Need.LIVE,),
)
def reuse_detection(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """Reuse of a rotated refresh token should revoke its successor (RFC 9700 §4.14.2).

    A reused, retired token means two parties hold the family: the attacker
    or the user. Revoking the whole family ends both sessions, so the thief's
    copy dies too (the user logs in again).
    """
    live = _live(ctx)
    after = live.call("refresh-after-reuse")
    if after is None:
        reuse = live.call("reuse-old")
        if reuse is not None and reuse.accepted:
            reason = "the old refresh token was accepted again (JWT707)"
        elif reuse is not None:
            reason = "no new refresh token to try after the reuse (JWT707)"
        else:
            reason = live.skipped.get("reuse") or live.skipped.get("refresh", "no reuse tried")
        yield me.finding(Status.SKIP, reason)
        return
    if after.accepted:
        yield me.finding(
            Status.WARN,
            f"after the old refresh token was reused, the new one still works ({_answer(after)})",
            "on reuse of a retired refresh token, revoke every token of its family",
        )
        return
    yield me.finding(
        Status.PASS, f"after the reuse, the new refresh token is revoked too ({after.status})"
    )


@check("JWT709", title="Logout leaves tokens usable", item=7, needs=(Need.LIVE,))
def logout(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """Logout must revoke the refresh token (fail) and should revoke the access token (warn).

    OWASP WSTG-SESS-06 (testing for logout functionality) and ASVS 5.0
    7.4.1: deleting tokens in the browser only forgets them; a copy keeps
    working until the server revokes it (delete the refresh token's jti, deny
    the access token's jti until its exp).
    """
    live = _live(ctx)
    call = live.call("logout")
    if call is None or "logout" in live.skipped:
        yield me.finding(Status.SKIP, live.skipped.get("logout", "no logout sent"))
        return
    if not call.exchange.ok:
        yield me.finding(
            Status.FAIL,
            f"{_answer(call)} to the bearer and refresh token",
            "logout must accept the session's own tokens and revoke them",
        )
        return
    refresh, use = live.call("refresh-after-logout"), live.call("use-after-logout")
    carrier = live.carrier.describe() if live.carrier else "as refresh was sent"
    if refresh is not None and refresh.accepted:
        yield me.finding(
            Status.FAIL,
            f"after logout the refresh token still works, sent {carrier} ({_answer(refresh)})",
            "delete the refresh token (its jti) from the store on logout",
        )
        return
    unknown = None  # why the refresh half cannot be judged
    if refresh is not None and live.carrier is None:
        unknown = "the refresh endpoint never read the refresh token by any carrier (JWT706)"
    elif refresh is not None and refresh.answer.sent_wrong_way is not None:
        unknown = (
            f"the refusal after logout is about how it was sent, not the token "
            f"({refresh.answer.sent_wrong_way})"
        )
    if use is not None and use.accepted:
        first = (
            "after logout the refresh token is refused but"
            if refresh is not None and unknown is None
            else "after logout"
        )
        if live.options.oidc and not live.access_opaque:
            first = (
                f"{first} the provider's JWT access token still works ({_answer(use)}): the API "
                "checks it itself, so revocation cannot reach it before its exp;"
            )
            yield me.finding(
                Status.WARN,
                first.rstrip(";")
                + (
                    f"; whether the refresh token is revoked cannot be told: {unknown}"
                    if unknown
                    else ""
                ),
                "keep JWT access tokens short-lived (minutes), or have the API introspect "
                "tokens (RFC 7662) where revocation must take effect at once",
                severity=Severity.WARNING,
            )
            return
        yield me.finding(
            Status.WARN,
            f"{first} the access token still works ({_answer(use)}) until it expires"
            + (
                f"; whether the refresh token is revoked cannot be told: {unknown}"
                if unknown
                else ""
            ),
            "deny the access token's jti until its exp (a blacklist) on logout, or keep access "
            "tokens short-lived",
            severity=Severity.WARNING,
        )
        return
    if unknown is not None:
        yield me.finding(
            Status.SKIP, f"whether logout revokes the refresh token cannot be told: {unknown}"
        )
        return
    if refresh is None:
        yield me.finding(Status.PASS, "after logout the access token is refused")
        return
    yield me.finding(
        Status.PASS,
        f"after logout the refresh token is refused ({refresh.status}"
        + (f" {refresh.answer.message!r}" if refresh.answer.message else "")
        + f", sent {carrier}) and the access token is refused",
    )


@check("JWT710", title="Service clock differs from this machine's", item=4, needs=(Need.LIVE,))
def clocks(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The service's clock (its `Date` headers, the `iat` it issues) differs by more than the skew.

    Tokens are judged by the server's clock: when it runs ahead, fresh tokens
    look issued in the future elsewhere; behind, they stay valid too long
    (WSTG-SESS-10 session timeout). A difference counts only beyond --skew
    plus the measurement's own error (`Date` has one-second resolution, the
    round trip bounds the rest). Fix the host's NTP sync.
    """
    live = _live(ctx)
    offset = _offset(live)
    if offset is None:
        yield me.finding(Status.SKIP, "no Date header and no issued iat to compare with")
        return
    said = f"the service's clock {offset.describe(ctx.skew)}; the skew allowed is {ctx.skew:g} s"
    if offset.out_of_step(ctx.skew):
        yield me.finding(
            Status.FAIL,
            said,
            "sync the service host's clock (NTP: chrony, systemd-timesyncd); until then a "
            "clockTolerance / leeway of the offset hides it",
        )
        return
    yield me.finding(Status.PASS, said)


def _offset(live: LiveTranscript) -> estimate.Offset | None:
    """server - local from every Date header and every issued `iat` (jwtfix.clocks)."""
    from jwtfix.httpclient import clock_offset
    from jwtfix.ops.live import claims_of

    measured: list[estimate.Offset] = []
    busy = 0.0  # the longest round trip so far: how late the server's Date timer may run
    for sent in live.calls:
        offset = clock_offset(sent.exchange, busy=busy)
        if offset is not None:
            measured.append(offset)
        if sent.exchange.received_at is not None:
            busy = max(busy, sent.exchange.received_at - sent.exchange.sent_at)
    for step, issued in (("login", live.login), ("refresh", live.refreshed)):
        call = live.call(step)
        if issued is None or call is None or call.exchange.received_at is None:
            continue
        for token in (issued.access, issued.refresh):
            iat = claims_of(token).get("iat") if token else None
            if isinstance(iat, int | float) and not isinstance(iat, bool):
                # iat is stamped (whole seconds) between our send and receive.
                measured.append(
                    estimate.from_stamp(
                        iat,
                        resolution=1.0,
                        sent_at=call.exchange.sent_at,
                        received_at=call.exchange.received_at,
                        source="issued iat",
                    )
                )
    return estimate.combine(measured)
