"""JWT8xx: a recorded browser session (HAR) judged: 401 handling, refresh races, rotation,
clocks and token storage (checklist items 3, 4, 5 and 6).

Every check reads `ctx.har` (the timeline of `jwtfix.ops.har`) and `ctx.skew`
only; each finding points at the HAR entry it is about. Tokens are named by
their labels (`A1`, `R1`), never shown.
"""

from __future__ import annotations

from collections.abc import Iterator

from jwtfix.checks.registry import CheckContext, Need, Registered, check
from jwtfix.clocks import server_time_range
from jwtfix.model import Finding, Location, Severity, Status
from jwtfix.ops.har import HarEntry, HarSession, browser_offset, is_login
from jwtfix.timefmt import span

REFRESH_WINDOW = 30.0
"""Seconds after a 401 within which a client that handles it has called the refresh endpoint."""
MAX_FINDINGS = 20
"""Findings of one kind listed one by one; the rest are counted in one more."""


def _session(ctx: CheckContext) -> HarSession:
    assert ctx.har is not None
    return ctx.har


def _at(session: HarSession, entry: HarEntry | int) -> Location:
    index = entry if isinstance(entry, int) else entry.entry
    return Location(file=session.file or None, entry=index)


def _request(entry: HarEntry) -> str:
    return f"entry {entry.entry} ({entry.method} {entry.path} -> {entry.status or 'no answer'})"


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _requests(count: int) -> str:
    return "1 request" if count == 1 else f"{count} requests"


def _kind(session: HarSession, label: str) -> str | None:
    info = session.token(label)
    return None if info is None else info.kind


def _keys(session: HarSession) -> str:
    """`; the apikey header carried only the project's API key K1 (not a session token)`."""
    keys = session.api_keys
    if not keys:
        return ""
    labels = ", ".join(k.label for k in keys)
    what = "API key" if len(keys) == 1 else "API keys"
    return (
        f"; requests carried only the project's {what} {labels} (an apikey header or an "
        "anon/service_role key: not a user's session token)"
    )


def _capped(me: Registered, findings: list[Finding], what: str) -> Iterator[Finding]:
    yield from findings[:MAX_FINDINGS]
    if len(findings) > MAX_FINDINGS:
        worst = findings[MAX_FINDINGS].status
        yield me.finding(worst, f"and {len(findings) - MAX_FINDINGS} more {what}")


@check("JWT801", title="Request sent with an expired access token", item=3, needs=(Need.HAR,))
def expired_sent(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """A request carried an access token whose `exp` had passed (beyond the skew) when it was sent.

    The client does not look at `exp`: it sends the token until the server
    says 401. Refresh shortly before `exp` (a buffer of 30-60 s), or at least
    on the first 401. A server that answered such a request with 2xx does not
    check `exp` at all (checklist item 10). Warns when every such request was
    refused and then refreshed (the client recovers, at the cost of a round
    trip); fails otherwise. A project's API key (Supabase's `apikey` header, an
    anon/service_role key without `sub`) is not a bearer token of the session.
    """
    session = _session(ctx)
    carried = [e for e in session.entries if e.token is not None and not e.refresh]
    if not carried:
        yield me.finding(
            Status.SKIP,
            "no request of the HAR carries a bearer token (exported sanitized? Chrome drops "
            "Authorization headers unless exported 'with sensitive data')" + _keys(session),
        )
        return
    if session.not_recorded is not None:
        yield me.finding(
            Status.SKIP,
            f"{_requests(len(carried))} carried a bearer token, but whether one was sent after "
            f"its exp cannot be told: {session.not_recorded}",
        )
        return
    by_token: dict[str, list[HarEntry]] = {}
    for entry in carried:
        if entry.remaining is not None and entry.remaining < -ctx.skew:
            by_token.setdefault(entry.token or "", []).append(entry)
    if not by_token:
        timed = sum(1 for e in carried if e.remaining is not None)
        yield me.finding(
            Status.PASS,
            f"{_requests(len(carried))} carried a bearer token, none after its exp "
            f"({timed} with an exp to judge)",
        )
        return
    findings = []
    for label, entries in by_token.items():
        first = entries[0]
        accepted = [e for e in entries if 200 <= e.status < 300]
        recovered = all(e.refused and _refresh_after(session, e) for e in entries)
        late = span(-(first.remaining or 0.0))
        message = (
            f"{label} was sent {_times(len(entries))} after it expired; first at "
            f"{_request(first)}, {late} after exp"
        )
        if accepted:
            message += (
                f"; the server accepted it {_times(len(accepted))} (entry {accepted[0].entry}): "
                "it does not check exp"
            )
        findings.append(
            me.finding(
                Status.WARN if recovered and not accepted else Status.FAIL,
                message,
                "refresh before exp (keep exp from the login/refresh response and refresh "
                "30-60 s ahead), and on a 401 refresh once and retry"
                + ("; make the API verify exp (jwt.verify, not jwt.decode)" if accepted else ""),
                location=_at(session, first),
            )
        )
    yield from _capped(me, findings, "expired tokens")


def _refusal(entry: HarEntry) -> str:
    return "401" if entry.status == 401 else f"{entry.status} refusing its token"


def _refresh_after(session: HarSession, entry: HarEntry) -> bool:
    return any(
        e.refresh and e.entry > entry.entry and 0 <= e.started - entry.started <= REFRESH_WINDOW
        for e in session.entries
    )


@check("JWT802", title="Unauthorized (401) not followed by a refresh", item=3, needs=(Need.HAR,))
def unhandled_401(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """A 401 answer (or a 400/403/422 whose body refuses the token) was not followed by a
    refresh call within 30 seconds.

    The client shows the error (or logs the user out) instead of refreshing:
    an axios/fetch interceptor should catch 401, call the refresh endpoint
    once, and retry the request with the new access token. 401s of the login
    and refresh calls themselves are not counted (they mean: log in again).
    """
    session = _session(ctx)
    refused = [e for e in session.entries if e.refused and not e.refresh and not is_login(e)]
    if not refused:
        yield me.finding(Status.PASS, "no request was answered 401 or refused its token")
        return
    if session.not_recorded is not None:
        yield me.finding(
            Status.SKIP,
            f"{len(refused)} token refusals, but no app's frontend answered them: "
            f"{session.not_recorded}",
        )
        return
    unhandled = [e for e in refused if not _refresh_after(session, e)]
    if not unhandled:
        yield me.finding(
            Status.PASS,
            f"each of the {len(refused)} token refusals (401 or a refusal body) was followed "
            "by a refresh call",
        )
        return
    findings = [
        me.finding(
            Status.FAIL,
            f"{_request(e)} was answered {_refusal(e)} and no refresh call followed within "
            f"{REFRESH_WINDOW:g}s",
            "on a 401, call the refresh endpoint once (shared by all requests in flight) and "
            "retry the request; log out only when the refresh itself fails",
            location=_at(session, e),
        )
        for e in unhandled
    ]
    yield from _capped(me, findings, "401 answers without a refresh")


@check("JWT803", title="Several refresh calls at once", item=3, needs=(Need.HAR,))
def refresh_race(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """Refresh calls overlapped in time: a refresh race.

    Each request that got a 401 refreshed on its own. With rotating refresh
    tokens all but the first call spend an already-used token, and the server
    may revoke the session: users are logged out at random. Share one
    in-flight refresh (a single promise) between all requests.
    """
    session = _session(ctx)
    calls = sorted((e for e in session.entries if e.refresh), key=lambda e: e.started)
    if not calls:
        yield me.finding(Status.SKIP, "the HAR has no refresh call")
        return
    if session.not_recorded is not None:
        yield me.finding(
            Status.SKIP,
            f"{len(calls)} refresh calls, but whether two overlapped cannot be told: "
            f"{session.not_recorded}",
        )
        return
    groups: list[list[HarEntry]] = []
    end = float("-inf")
    for call in calls:
        if groups and call.started <= end:
            groups[-1].append(call)
            end = max(end, call.ended)
        else:
            groups.append([call])
            end = call.ended
    races = [g for g in groups if len(g) > 1]
    if not races:
        yield me.finding(Status.PASS, f"{len(calls)} refresh calls, never two at once")
        return
    findings = [
        me.finding(
            Status.FAIL,
            f"{len(group)} refresh calls were in flight at once (entries "
            + ", ".join(str(e.entry) for e in group)
            + f", {group[0].path})",
            "let one refresh run and make the other requests wait for its result (a shared "
            "promise / mutex in the HTTP interceptor)",
            location=_at(session, group[0]),
        )
        for group in races
    ]
    yield from _capped(me, findings, "refresh races")


@check("JWT804", title="Refresh token used more than once", item=6, needs=(Need.HAR,))
def refresh_reuse(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The same refresh token was sent to the refresh endpoint more than once.

    Fails when the server accepted it again: refresh tokens do not rotate (or
    the old one stays valid), so a stolen one works until it expires. Warns
    when the server refused the reuse: rotation works, but the client kept an
    old refresh token (often a refresh race, JWT803) and logs the user out.
    """
    session = _session(ctx)
    uses: dict[str, list[HarEntry]] = {}
    for entry in session.entries:
        if entry.refresh and entry.refresh_token is not None:
            uses.setdefault(entry.refresh_token, []).append(entry)
    if not uses:
        yield me.finding(
            Status.SKIP,
            "no refresh call of the HAR shows the refresh token it sent (in its body or a cookie)",
        )
        return
    reused = {label: entries for label, entries in uses.items() if len(entries) > 1}
    if reused and session.not_recorded is not None:
        yield me.finding(
            Status.SKIP,
            f"{', '.join(reused)} appears in several refresh calls, but that is the saved "
            f"request, not a reuse: {session.not_recorded}",
        )
        return
    if not reused:
        yield me.finding(
            Status.PASS, f"each of {len(uses)} refresh tokens was sent to one refresh call only"
        )
        return
    findings = []
    for label, entries in reused.items():
        accepted = [e for e in entries if 200 <= e.status < 300]
        where = ", ".join(str(e.entry) for e in entries)
        rotated = any(_kind(session, label) == "refresh" for e in accepted for label in e.issued)
        if len(accepted) > 1:
            findings.append(
                me.finding(
                    Status.FAIL,
                    f"{label} was accepted by {len(accepted)} refresh calls (entries {where})"
                    + ("" if rotated else "; no refresh response handed out a new refresh token"),
                    "rotate: each refresh returns a new refresh token and retires the one it "
                    "got (store its jti; a reuse of a retired one revokes the whole family)",
                    location=_at(session, entries[1]),
                )
            )
        else:
            findings.append(
                me.finding(
                    Status.WARN,
                    f"{label} was sent to {len(entries)} refresh calls (entries {where}); the "
                    "server refused the reuse, so the client kept a refresh token it had spent",
                    "store the new refresh token from each refresh response before the next "
                    "refresh, and let only one refresh run at a time",
                    severity=Severity.WARNING,
                    location=_at(session, entries[1]),
                )
            )
    yield from _capped(me, findings, "reused refresh tokens")


@check("JWT805", title="Server clock and token times disagree", item=4, needs=(Need.HAR,))
def clocks(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """A token's `iat` or `nbf` lies after the server's clock (its `Date` header), beyond the skew.

    The issuer's clock runs ahead of the API server's (or the token comes
    from another machine): servers without clock tolerance refuse the token
    as not yet valid right after login. Sync the clocks with NTP and allow a
    small skew (`clockTolerance: 30` in jsonwebtoken, `leeway=30` in PyJWT).
    Also warns when the browser's clock (startedDateTime) differs from the
    server's by more than a minute: a client that judges `exp` by its own
    clock refreshes too early or too late. When another host's `Date` agrees
    with the browser, the host that disagrees is named instead. An API
    client's export (Insomnia, Postman, ...; or entries that all start at one
    instant) is no recording: its start times and the browser's clock are not
    judged, and only tokens an answer handed out are compared with that
    answer's `Date`.
    """
    session = _session(ctx)
    # An export's request and answer may be from different times (the request as saved
    # now, the answer as last received): only what an answer handed out is judged
    # against that answer's Date, and the start times not at all.
    recorded = session.not_recorded is None
    judged = 0
    flagged: set[str] = set()
    findings = []
    browser_off: tuple[HarEntry, float] | None = None
    for entry in session.entries:
        if entry.server_date is None:
            continue
        for label in dict.fromkeys((*entry.issued, entry.token) if recorded else entry.issued):
            info = session.token(label)
            if info is None or info.kind == "apikey":
                continue
            for claim, value in (("iat", info.iat), ("nbf", info.nbf)):
                if value is None:
                    continue
                judged += 1
                # The latest the server's clock can have been (a cached Date, its Age, the trip).
                latest = server_time_range(
                    entry.server_date, age=entry.server_age, round_trip=entry.time_ms / 1000
                )[1]
                ahead = value - latest
                if ahead > ctx.skew and info.label not in flagged:
                    flagged.add(info.label)
                    findings.append(
                        me.finding(
                            Status.FAIL,
                            f"{info.label}'s {claim} is {span(ahead)} after the server's clock "
                            f"(Date of {_request(entry)}): the issuer's clock runs ahead",
                            "sync the clocks of the issuer and the API servers (NTP), and allow "
                            "a clock tolerance of 30-60 s when verifying",
                            location=_at(session, entry),
                        )
                    )
        offset = browser_offset(entry.started, entry.server_date, entry.server_age, entry.time_ms)
        if recorded and offset is not None and browser_off is None:
            browser_off = (entry, offset)
    if browser_off is not None:
        findings.append(_clock_finding(session, me, *browser_off))
    if findings:
        yield from _capped(me, findings, "clock disagreements")
    elif judged:
        only = (
            ""
            if recorded
            else f" (only tokens handed out, against their own answer's Date: "
            f"{session.not_recorded})"
        )
        yield me.finding(
            Status.PASS, f"{judged} token times agree with the servers' Date headers{only}"
        )
    elif not recorded:
        yield me.finding(
            Status.SKIP,
            f"no answer hands out a token with iat/nbf, and the browser's clock cannot be "
            f"judged: {session.not_recorded}",
        )
    else:
        yield me.finding(
            Status.SKIP, "no response with a Date header carries or answers a token with iat/nbf"
        )


def _clock_finding(session: HarSession, me: Registered, entry: HarEntry, offset: float) -> Finding:
    """The browser's clock off from a server's: blamed on that server when another host's
    Date agrees with the browser, else on the browser."""
    agreeing = [c.host for c in session.clocks if c.agreed and c.host != entry.host]
    if agreeing:
        side = "behind" if offset > 0 else "ahead of"
        return me.finding(
            Status.WARN,
            f"the clock of {entry.host} is {span(offset)} {side} the browser's (Date of "
            f"{_request(entry)}), while {agreeing[0]}'s Date agrees with the browser",
            f"sync the clock of {entry.host} (NTP); tokens it issues and its Date are off by "
            "as much, and clients that judge exp by the device's clock refresh too early or "
            "too late",
            severity=Severity.WARNING,
            location=_at(session, entry),
        )
    side = "ahead of" if offset > 0 else "behind"
    return me.finding(
        Status.WARN,
        f"the browser's clock is {span(offset)} {side} the server's (Date of {_request(entry)})",
        "judge exp by the server's time (the expires_in of the response, or the offset "
        "from its Date header), not the device's clock",
        severity=Severity.WARNING,
        location=_at(session, entry),
    )


@check("JWT806", title="Tokens readable by page scripts", item=5, needs=(Need.HAR,))
def storage(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """A refresh token in a response body, a token in a cookie without HttpOnly, or an auth
    cookie without Secure or SameSite.

    What page scripts can read, an XSS or a compromised dependency can steal:
    a refresh token in a JSON body ends up in localStorage and gives its thief
    a session for days. Set refresh tokens (and ideally access tokens) as
    `HttpOnly; Secure; SameSite=Strict` cookies scoped to the refresh path.
    Missing `Secure` or `SameSite` on an auth cookie warns (not `Secure` from a
    plain-http server on this machine: development, where it is left for
    production, and browsers treat localhost as secure). A Set-Cookie that
    deletes a cookie (Max-Age=0, an Expires in the past, as at logout) sets no
    token and is not judged.
    """
    session = _session(ctx)
    findings = []
    seen: set[tuple[str, str]] = set()
    for entry in session.entries:
        for label, field in entry.body_tokens:
            info = session.token(label)
            if info is None or info.kind != "refresh" or ("body", label) in seen:
                continue
            seen.add(("body", label))
            findings.append(
                me.finding(
                    Status.FAIL,
                    f"the response of {_request(entry)} carries refresh token {label} in its "
                    f"body ({field}): page scripts can read it",
                    "send the refresh token as a Set-Cookie with HttpOnly; Secure; "
                    "SameSite=Strict; Path=/auth/refresh, and leave it out of the JSON",
                    location=_at(session, entry),
                )
            )
    for cookie in session.cookies:
        readable = cookie.token is not None and cookie.http_only is False
        if readable and ("httponly", cookie.name) not in seen:
            seen.add(("httponly", cookie.name))
            findings.append(
                me.finding(
                    Status.FAIL,
                    f"cookie {cookie.name!r} (entry {cookie.entry}) holds token "
                    f"{cookie.token} without HttpOnly: page scripts can read it",
                    f"add HttpOnly to the Set-Cookie of {cookie.name!r}",
                    location=_at(session, cookie.entry),
                )
            )
        missing = [
            flag
            for flag, value in (("Secure", cookie.secure), ("SameSite", cookie.same_site))
            if (value is False and not (flag == "Secure" and cookie.local_http))
            or (flag == "SameSite" and value is None and cookie.secure is not None)
        ]
        if missing and ("flags", cookie.name) not in seen:
            seen.add(("flags", cookie.name))
            findings.append(
                me.finding(
                    Status.WARN,
                    f"auth cookie {cookie.name!r} (entry {cookie.entry}) is set without "
                    + " and ".join(missing),
                    f"set {cookie.name!r} with Secure and SameSite=Strict (or Lax)",
                    severity=Severity.WARNING,
                    location=_at(session, cookie.entry),
                )
            )
    if findings:
        yield from _capped(me, findings, "readable tokens")
        return
    kept = len(session.cookies)
    local = any(c.local_http and c.secure is False for c in session.cookies)
    dev = " (Secure not judged on cookies of a plain-http server on this machine)"
    yield me.finding(
        Status.PASS,
        f"no refresh token in a response body; {kept} auth cookie(s), all HttpOnly, Secure and "
        f"SameSite{dev if local else ''}"
        if kept
        else "no refresh token in a response body and no auth cookie",
    )
