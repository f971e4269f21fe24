"""The authentication timeline of a recorded browser session (HAR).

`session(exchanges)` keeps, of each exchange, only what the JWT8xx checks
judge: the access token it carried (Authorization first, else a header,
cookie, query parameter or body: `har` finds them all) and its remaining
lifetime when sent, whether it is a refresh call (judged by what it does: a
refresh grant, a refresh token spent for new tokens, a POST to a refresh
path) and which refresh token it spent (in its body, a cookie, or as its
bearer), what tokens and auth cookies the response handed out, whether it
was a login, 401s and the server's `Date` and `Age`.
Tokens are named by labels (`A1` access, `R1` refresh, `I1` ID token, in the
order they first appear) and a short fingerprint, never shown whole.
Exchanges that touch no token are only counted; at most `limits.MAX_HAR_ENTRIES`
exchanges are read (`HarSession.truncated` says when more were left), so a
recording of any size fits in memory.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from jwtfix import limits
from jwtfix.clocks import age_seconds
from jwtfix.exchange import CarriedToken, Cookie, Exchange, is_loopback
from jwtfix.har import Stream, cookie_token
from jwtfix.timefmt import http_date
from jwtfix.tokens import fingerprint, looks_like_jwt

_AUTH_COOKIE = re.compile(r"token|jwt|auth|session|sess|sid|refresh|access|bearer", re.I)
_LOGIN = re.compile(r"log-?in|sign-?in|authenticate|register|sign-?up|log-?out|sign-?out", re.I)
_REFRESH_PATH = re.compile(
    r"/(?:token[-_]?)?refresh(?:[-_]?(?:token|tokens|session|access|jwt|auth))?/?$", re.I
)
"""The last segment of a refresh endpoint: /auth/refresh, /api/token/refresh/, /refresh-token."""
_TOKEN_PATH = re.compile(r"/(?:oauth2?/|connect/)?token/?$", re.I)
"""A token endpoint (/api/token/, /oauth/token): login unless it spends a refresh token."""
_LOGIN_GRANTS = frozenset(("password", "authorization_code", "client_credentials"))
_API_KEY_ROLES = frozenset(("anon", "service_role"))
"""`role` claims of a project's API key (Supabase's anon and service keys: no `sub`)."""
_PREFIX = {"access": "A", "refresh": "R", "id": "I", "apikey": "K"}
API_CLIENTS = (
    "insomnia",
    "postman",
    "paw",
    "rapidapi",
    "bruno",
    "hoppscotch",
    "thunder client",
    "httpie",
    "yaak",
)
"""HAR creators that send requests one at a time by hand and export the last answer of each:
their entries' times are the export's, not a recording's."""
CLOCK_TOLERANCE = 60.0
"""Seconds a browser's start time and a server's Date may differ before it is said."""
_BROWSERS = ("webinspector", "web inspector", "firefox", "playwright", "chrome", "safari")


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """A token seen in the session, by label."""

    label: str
    """`A1`, `R2`, `I1`, `K1`: kind and order of first appearance."""
    kind: str
    """access, refresh, id or apikey (a project's API key: not a session token)."""
    fingerprint: str
    """First 8 hex digits of the SHA-256 of the token text."""
    exp: float | None = None
    iat: float | None = None
    nbf: float | None = None
    first_entry: int = 0


@dataclass(frozen=True, slots=True)
class AuthCookie:
    """A Set-Cookie that holds a token or has an auth-like name (its value is never kept)."""

    entry: int
    name: str
    token: str | None
    """Label of the token it holds, if its value is a JWT or a refresh token."""
    http_only: bool | None
    secure: bool | None
    same_site: str | None
    local_http: bool = False
    """Set by a plain-http answer of this machine (`http://localhost`, 127.0.0.1): a
    development server, where Secure is usually left for production."""


@dataclass(frozen=True, slots=True)
class HostClock:
    """How many answers of one host had a `Date` that agrees with the browser's start time."""

    host: str
    answers: int
    """Answers with a Date."""
    agreed: int
    """Of those, the ones within a minute (plus their duration) of the start time."""


@dataclass(frozen=True, slots=True)
class HarEntry:
    """One exchange that carried, spent or received a token, or was refused."""

    entry: int
    started: float
    time_ms: float
    method: str
    path: str
    status: int
    token: str | None = None
    """Label of the bearer token sent."""
    api_key: str | None = None
    """Label of a project's API key the request carried (an `apikey` header): not a bearer."""
    host: str = ""
    """The URL's host (and port)."""
    remaining: float | None = None
    """exp - started of the bearer token, in seconds (negative: sent expired)."""
    refresh: bool = False
    """A refresh call (by path, grant_type, or a refresh token spent for new tokens)."""
    refresh_token: str | None = None
    """Label of the refresh token the request sent."""
    issued: tuple[str, ...] = ()
    """Labels of the tokens the response handed out (body or cookies)."""
    body_tokens: tuple[tuple[str, str], ...] = ()
    """(label, JSON field) of tokens in the response body, readable by page scripts."""
    server_date: float | None = None
    """The response's Date header as Unix seconds."""
    server_age: float = 0.0
    """The response's Age header (a cached answer made that many seconds before)."""
    login: bool = False
    """A login: tokens issued for credentials (no refresh token spent), or a login path."""
    refused: bool = False
    """The server refused the token: a 401, or a 400/403/422 whose body says why in a
    token's words (Flask-JWT-Extended answers 422 for a bad signature or a malformed
    token, some stacks 400 or 403)."""

    @property
    def ended(self) -> float:
        return self.started + self.time_ms / 1000


@dataclass(frozen=True, slots=True)
class HarSession:
    """What the JWT8xx checks judge, from one HAR file."""

    file: str
    exchanges: int
    """How many entries the HAR has."""
    entries: tuple[HarEntry, ...]
    tokens: tuple[TokenInfo, ...]
    cookies: tuple[AuthCookie, ...]
    last_started: float | None = None
    truncated: bool = False
    """The HAR has more than `exchanges` entries: the rest were not read
    (limits.MAX_HAR_ENTRIES)."""
    creator: str | None = None
    """The program that wrote the HAR (`log.creator.name`)."""
    not_recorded: str | None = None
    """Why the entries' start times are not a recording's (an API client's export, or every
    entry started at the same instant), or None: then no timing or browser clock is judged."""
    clocks: tuple[HostClock, ...] = ()
    """Per host (in order of first answer), how its Date headers agree with the browser's
    clock."""
    untimed: int = 0
    """Entries without a startedDateTime (then `not_recorded` says so)."""

    @property
    def timed(self) -> bool:
        """Some entry has a start time of its own (the table and JSON show times)."""
        return self.untimed < self.exchanges

    @property
    def session_tokens(self) -> tuple[TokenInfo, ...]:
        """Tokens of the user's session (API keys left out)."""
        return tuple(t for t in self.tokens if t.kind != "apikey")

    @property
    def api_keys(self) -> tuple[TokenInfo, ...]:
        return tuple(t for t in self.tokens if t.kind == "apikey")

    def token(self, label: str | None) -> TokenInfo | None:
        return next((t for t in self.tokens if t.label == label), None)


class _Labels:
    """Gives each distinct token a label on first sight, and reads its times."""

    def __init__(self) -> None:
        self.by_print: dict[str, TokenInfo] = {}
        self.by_label: dict[str, TokenInfo] = {}
        self.counts = dict.fromkeys(_PREFIX, 0)

    def kind(self, token: CarriedToken) -> str:
        """A carried token's kind: as first seen, else by its claims (a type claim, an API
        key's role), else by where it was."""
        known = self.by_print.get(fingerprint(token.text))
        if known is not None:
            return known.kind
        return _claim_kind(_claims(token.text)) or token.role

    def label(self, text: str, kind: str, entry: int) -> str:
        mark = fingerprint(text)
        known = self.by_print.get(mark)
        if known is not None:
            return known.label
        claims = _claims(text)
        claimed = _claim_kind(claims)
        if claimed == "apikey" or (kind == "access" and claimed == "refresh"):
            kind = claimed
        self.counts[kind] += 1
        label = f"{_PREFIX[kind]}{self.counts[kind]}"
        self.by_print[mark] = self.by_label[label] = TokenInfo(
            label,
            kind,
            mark,
            _time(claims.get("exp")),
            _time(claims.get("iat")),
            _time(claims.get("nbf")),
            entry,
        )
        return label

    def info(self, label: str) -> TokenInfo:
        return self.by_label[label]


def _claims(text: str) -> dict[str, Any]:
    if not looks_like_jwt(text):
        return {}
    from jwtfix.errors import TokenError
    from jwtfix.tokens import parse

    try:
        return parse(text).claims
    except TokenError:
        return {}


def _claim_kind(claims: dict[str, Any]) -> str | None:
    """`refresh` by a type claim, `apikey` by an API key's role without a subject (Supabase's
    anon and service_role keys), else None."""
    role = claims.get("role")  # any JSON: `{"id": ..., "name": "ADMIN"}` in some apps
    if isinstance(role, str) and role in _API_KEY_ROLES and "sub" not in claims:
        return "apikey"
    for name in ("typ", "type", "token_type", "tokenType", "use"):
        value = claims.get(name)
        if isinstance(value, str) and "refresh" in value.lower():
            return "refresh"
    return None


def _time(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _grant_type(ex: Exchange) -> str | None:
    body = ex.request_body or ""
    if "grant_type" not in body:
        return None
    match = re.search(r'grant_type"?\s*[:=]\s*"?([A-Za-z_:.-]+)', body)
    return match.group(1) if match else None


def session(exchanges: Iterable[Exchange], file: str = "", limit: int | None = None) -> HarSession:
    """Build the timeline of the first `limit` exchanges (limits.MAX_HAR_ENTRIES); memory
    grows with the auth traffic of those, not with the HAR. The rest are not read
    (`truncated`)."""
    limit = limits.MAX_HAR_ENTRIES if limit is None else limit
    labels = _Labels()
    entries: list[HarEntry] = []
    cookies: list[AuthCookie] = []
    count = 0
    last: float | None = None
    starts: set[float] = set()
    untimed = 0
    clocks: dict[str, HostClock] = {}
    stream = iter(exchanges)
    for ex in stream:
        count += 1
        last = ex.sent_at if last is None else max(last, ex.sent_at)
        if not ex.time_recorded:
            untimed += 1
        else:
            if len(starts) < 2:
                starts.add(ex.sent_at)
            _clock(ex, clocks)
        timeline, found = _entry(ex, labels)
        cookies.extend(found)
        if timeline is not None:
            entries.append(timeline)
        if count >= limit:
            break
    # One more entry is read only to know whether there is one: a broken one past the
    # limit is as unread as the rest.
    truncated = count >= limit and _more(stream)
    creator = exchanges.creator if isinstance(exchanges, Stream) else None
    not_recorded = _not_recorded(creator, count, len(starts), untimed)
    if not_recorded is not None:  # no time of sending: no lifetime left when sent either
        entries = [replace(e, remaining=None) for e in entries]
    return HarSession(
        file=file,
        exchanges=count,
        entries=tuple(entries),
        tokens=tuple(sorted(labels.by_print.values(), key=lambda t: (t.first_entry, t.label))),
        cookies=tuple(cookies),
        last_started=last,
        truncated=truncated,
        creator=creator,
        not_recorded=not_recorded,
        clocks=tuple(clocks.values()),
        untimed=untimed,
    )


def _not_recorded(creator: str | None, count: int, starts: int, untimed: int = 0) -> str | None:
    """Why the start times are not when each request was sent, or None.

    Entries without a start time (`untimed`: a HAR written by hand or by a converter) leave
    the order of the timeline but not its times.

    An API client (Insomnia, Postman, ...) exports the last answer of each request, sent by
    hand at any time, under the export's time. Every entry starting at the same instant
    says the same of an unknown writer; a browser may start two requests at once (a CORS
    preflight and its request), so from a browser it takes three.
    """
    name = (creator or "").lower()
    client = next((c for c in API_CLIENTS if c in name), None)
    if client is not None:
        return (
            f"the HAR is an export of {creator} (an API client: requests sent one by one by "
            "hand, each with its last answer), not a recording, so its times say nothing of "
            "when each request was sent"
        )
    if untimed:
        which = (
            "none of the HAR's entries has a startedDateTime"
            if untimed == count
            else f"{untimed} of the HAR's {count} entries have no startedDateTime"
        )
        return (
            f"{which} (it was written by hand or converted, not recorded by a browser), so "
            "its times say nothing of when each request was sent"
        )
    browser = any(b in name for b in _BROWSERS)
    if starts == 1 and count >= (3 if browser else 2):
        return (
            f"all {count} entries of the HAR start at the same instant: they are an export "
            "(of an API client or a tool), not a recording, so their times say nothing of "
            "when each request was sent"
        )
    return None


def browser_offset(started: float, date: float, age: float, elapsed_ms: float) -> float | None:
    """How far the browser's start time is ahead of an answer's `Date` (plus its `Age`),
    or None while they agree within a minute (and the exchange's duration)."""
    offset = started - (date + age)
    return None if abs(offset) <= CLOCK_TOLERANCE + elapsed_ms / 1000 else offset


def _clock(ex: Exchange, clocks: dict[str, HostClock]) -> None:
    """Count, per host, the answers whose Date agrees with the browser's start time."""
    date = http_date(ex.header("date"))
    if date is None:
        return
    host = host_of(ex.url)
    off = browser_offset(ex.sent_at, date, age_seconds(ex.header("age")), ex.elapsed_ms or 0.0)
    known = clocks.get(host, HostClock(host, 0, 0))
    clocks[host] = HostClock(host, known.answers + 1, known.agreed + (off is None))


def _local_http(url: str) -> bool:
    """A plain-http URL of this machine (`http://localhost:3000/...`): a development server.
    (`har.exchange` refused the URLs that do not split.)"""
    parts = urlsplit(url)
    return parts.scheme == "http" and is_loopback(parts.hostname or "")


def host_of(url: str) -> str:
    """`api.example.com:8443`: the URL's host and port, without credentials."""
    try:
        return urlsplit(url).netloc.rpartition("@")[2].lower() or "?"
    except ValueError:
        return "?"


def _more(stream: Iterator[Exchange]) -> bool:
    from jwtfix.errors import InputError

    try:
        return next(stream, None) is not None
    except InputError:
        return True


def _entry(ex: Exchange, labels: _Labels) -> tuple[HarEntry | None, list[AuthCookie]]:
    i = ex.index
    route = ex.route
    grant = _grant_type(ex)
    # What the request carried: the access token it used, and a refresh token it spent
    # (in its body, a cookie, or as the bearer: Flask-JWT-Extended's refresh).
    bearer: CarriedToken | None = None
    spent: CarriedToken | None = None
    key: CarriedToken | None = None
    for token in ex.sent_tokens:
        kind = labels.kind(token)
        if kind == "refresh":
            spent = spent or token
        elif kind == "apikey":
            key = key or token
        elif bearer is None:
            bearer = token
    # What the response handed out.
    issued: list[str] = []
    body_tokens: list[tuple[str, str]] = []
    for token in ex.received_tokens:
        given = labels.label(token.text, token.role, i)
        issued.append(given)
        if token.carrier in ("body", "form"):
            body_tokens.append((given, token.field))
    found: list[AuthCookie] = []
    local_http = _local_http(ex.url)
    for cookie in ex.cookies_set:
        if _deletes(cookie, ex):
            continue  # not a token handed out: a logout clearing the cookie
        refreshish = "refresh" in cookie.name.lower()
        value = cookie_token(cookie.value)
        label: str | None = None
        if value and (looks_like_jwt(value) or refreshish):
            label = labels.label(value, "refresh" if refreshish else "access", i)
            issued.append(label)
        if label is not None or _AUTH_COOKIE.search(cookie.name):
            found.append(
                AuthCookie(
                    i,
                    cookie.name,
                    label,
                    cookie.http_only,
                    cookie.secure,
                    cookie.same_site,
                    local_http=local_http,
                )
            )
    is_refresh = _is_refresh(ex, route, grant, spent is not None, bool(issued))
    login = not is_refresh and (
        (grant in _LOGIN_GRANTS)
        or bool(_LOGIN.search(route))
        or (ex.method == "POST" and bool(_TOKEN_PATH.search(route)))
        or (bool(issued) and spent is None and bearer is None)
    )
    refresh_label = None
    if spent is not None and is_refresh:
        refresh_label = labels.label(spent.text, "refresh", i)
    bearer_label = remaining = None
    if bearer is not None:
        bearer_label = labels.label(bearer.text, "access", i)
        exp = labels.info(bearer_label).exp
        remaining = None if exp is None else exp - ex.sent_at
    key_label = None if key is None else labels.label(key.text, "apikey", i)
    refused = _refused(ex)
    if bearer_label is None and not is_refresh and not issued and not refused and not found:
        return None, found
    return (
        HarEntry(
            entry=i,
            started=ex.sent_at,
            time_ms=ex.elapsed_ms or 0.0,
            method=ex.method,
            path=route,
            status=ex.status or 0,
            token=bearer_label,
            api_key=key_label,
            host=host_of(ex.url),
            remaining=remaining,
            refresh=is_refresh,
            refresh_token=refresh_label,
            issued=tuple(dict.fromkeys(issued)),
            body_tokens=tuple(body_tokens),
            server_date=http_date(ex.header("date")),
            server_age=age_seconds(ex.header("age")),
            login=login,
            refused=refused,
        ),
        found,
    )


def _deletes(cookie: Cookie, ex: Exchange) -> bool:
    """A Set-Cookie that deletes the cookie, as a logout sends: already expired when it
    arrived (`parse_set_cookie` read Max-Age=0 as a second before the request, and an
    Expires in the past as it is)."""
    return cookie.expires is not None and cookie.expires <= ex.sent_at


_REFUSAL_STATUSES = frozenset({400, 403, 422})
"""Statuses a stack refuses a token with besides 401, when the body says so."""


def _refused(ex: Exchange) -> bool:
    """A 401, or a 400/403/422 whose answer names a token problem (expired, signature,
    malformed, missing, ...): what a client's refresh-and-retry must catch."""
    if ex.status == 401:
        return True
    if ex.status not in _REFUSAL_STATUSES or not ex.body_recorded:
        return False
    from jwtfix import answers

    return answers.read(ex.status, ex.response_headers, ex.body).about_token


def _is_refresh(ex: Exchange, route: str, grant: str | None, spent: bool, issued: bool) -> bool:
    """Judged by what the call does: a refresh grant, a refresh token spent for new tokens,
    or a POST to a refresh endpoint's path; not any URL that says "refresh"."""
    if grant is not None:
        return grant == "refresh_token"
    if _LOGIN.search(route):
        return False
    if spent and issued:
        return True
    return ex.method in ("POST", "PUT") and bool(_REFRESH_PATH.search(route))


def is_login(entry: HarEntry) -> bool:
    return entry.login or bool(_LOGIN.search(entry.path))
