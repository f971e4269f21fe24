"""The live flow of `check --live URL`: log in, use, refuse, refresh, reuse, log out.

`run(client, options, ...)` drives a running service through an `HttpClient`
and returns a
`LiveTranscript`: every request as a `Call` tagged with the step it belongs
to, the tokens the service issued, and the steps left out and why. It judges
nothing: the JWT7xx checks (jwtfix/checks/live.py) read the transcript.

It never reads the clock, the environment or the terminal itself: the client
carries the clock, `sleep` is passed in (for `--reuse-wait`), `now` is given.
Tokens are kept in the transcript for the token checks; nothing here prints.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from jwtfix import answers
from jwtfix.inputs import strip_bearer
from jwtfix.jws import b64url, hmac_sign, segment
from jwtfix.tokens import looks_like_jwt

if TYPE_CHECKING:
    from jwtfix.answers import Answer
    from jwtfix.httpclient import Cookie, Exchange, HttpClient

    Client = HttpClient

ACCESS_FIELDS = ("accessToken", "access_token", "token", "id_token", "jwt")
"""Where login and refresh responses put the access token (as `inputs` reads a response)."""
REFRESH_FIELDS = ("refreshToken", "refresh_token")

ITEM_OF_STEP = {
    "login": 2,
    "use": 10,
    "refuse-no-token": 10,
    "refuse-bad-signature": 10,
    "refuse-alg-none": 10,
    "refuse-refresh-token": 10,
    "refuse-expired": 10,
    "refresh": 2,
    "probe-refresh": 2,
    "use-refreshed": 2,
    "reuse-old": 6,
    "refresh-after-reuse": 6,
    "login-again": 7,
    "logout": 7,
    "refresh-after-logout": 7,
    "use-after-logout": 7,
}
"""The checklist item each step's request is shown under."""

REFUSALS = {
    "refuse-no-token": "no token",
    "refuse-bad-signature": "the access token with its signature changed",
    "refuse-alg-none": "its claims under alg: none",
    "refuse-refresh-token": "the refresh token as a bearer",
    "refuse-expired": "its claims signed with JWT_SECRET, expired an hour ago",
}
"""The tokens the protected route must refuse, by step."""


@dataclass(frozen=True, slots=True)
class LiveOptions:
    """What the flow is told: the service, its paths, the account and what to leave out."""

    url: str
    """The service's base URL; paths are appended to it."""
    login: str = "/auth/login"
    refresh: str = "/auth/refresh"
    logout: str = "/auth/logout"
    protected: str = "/auth/me"
    credentials: Any = None
    """The JSON body posted to the login path; None: use the given tokens instead."""
    access_token: str | None = None
    """TOKEN, used when there are no credentials."""
    refresh_token: str | None = None
    """--refresh-token, used when there are no credentials."""
    secret: bytes | None = field(default=None, repr=False)
    """JWT_SECRET, to sign an expired copy of the access token; never shown."""
    alg: str = "HS256"
    """The HMAC algorithm for that copy (JWT_ALGORITHM, or the access token's)."""
    reuse_wait: float = 0.0
    reuse: bool = True
    """False: --no-reuse (the old refresh token is not sent again)."""
    do_logout: bool = True
    """False: --no-logout."""

    def endpoint(self, path: str) -> str:
        return self.url.rstrip("/") + "/" + path.lstrip("/")


@dataclass(frozen=True)
class Call:
    """One request of the flow and the step it belongs to."""

    step: str
    exchange: Exchange

    @cached_property
    def answer(self) -> Answer:
        """What the answer says (jwtfix.answers): the kind of refusal, a token sent wrongly."""
        return answers.read_exchange(self.exchange)

    @property
    def item(self) -> int:
        return ITEM_OF_STEP[self.step]

    @property
    def status(self) -> int | None:
        return self.exchange.status

    @property
    def accepted(self) -> bool:
        """A 2xx answer that does not carry an error in its body."""
        return self.answer.accepted


@dataclass(frozen=True, slots=True)
class Issued:
    """Tokens one answer (login or refresh) gave: from its body or a cookie."""

    access: str | None = field(default=None, repr=False)
    access_field: str | None = None
    refresh: str | None = field(default=None, repr=False)
    refresh_field: str | None = None
    """The body field it came in, or None when it came as a cookie."""
    refresh_cookie: Cookie | None = None


@dataclass(frozen=True)
class LiveTranscript:
    """What the flow sent and got; the JWT7xx checks judge it."""

    options: LiveOptions
    calls: tuple[Call, ...]
    login: Issued | None = None
    """What the first login gave; None without --credentials."""
    refreshed: Issued | None = None
    """What the first refresh gave."""
    skipped: Mapping[str, str] = field(default_factory=dict)
    """Step -> why it was left out (404 naming the option, --no-reuse, no input, ...)."""
    budget_spent: bool = False

    def call(self, step: str) -> Call | None:
        return next((c for c in self.calls if c.step == step), None)

    @property
    def exchanges(self) -> tuple[Exchange, ...]:
        return tuple(c.exchange for c in self.calls)

    @property
    def access_token(self) -> str | None:
        """The access token the flow started from (issued by login, or TOKEN)."""
        if self.login is not None and self.login.access:
            return self.login.access
        return self.options.access_token

    @property
    def refresh_token(self) -> str | None:
        if self.login is not None and self.login.refresh:
            return self.login.refresh
        return self.options.refresh_token


def issued(exchange: Exchange) -> Issued:
    """The access and refresh token of a login or refresh answer."""
    body = exchange.json()
    access = access_field = refresh = refresh_field = None
    if isinstance(body, dict):
        # Some services wrap the tokens: {"data": {"accessToken": ...}}, {"tokens": {...}}.
        scopes = [body, *(v for v in body.values() if isinstance(v, dict))]
        for scope in scopes:
            for name in ACCESS_FIELDS:
                if access is None and _jwt(scope.get(name)):
                    access, access_field = _bare(scope[name]), name
            for name in REFRESH_FIELDS:
                if refresh is None and _jwt(scope.get(name)):
                    refresh, refresh_field = _bare(scope[name]), name
    cookie = None
    if refresh is None:
        cookie = next(
            (c for c in exchange.cookies_set if "refresh" in c.name.lower() and c.value), None
        ) or next((c for c in exchange.cookies_set if looks_like_jwt(c.value)), None)
        if cookie is not None:
            refresh = cookie.value
    return Issued(access, access_field, refresh, refresh_field, cookie)


def _jwt(value: Any) -> bool:
    return isinstance(value, str) and looks_like_jwt(_bare(value))


def _bare(value: str) -> str:
    return strip_bearer(value.strip())


# -- forged tokens -------------------------------------------------------------------------


def bad_signature(token: str) -> str:
    """The token with one bit of its signature flipped (still valid base64url)."""
    head, payload, signature = token.split(".")[:3]
    raw = bytearray(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)) or b"\0")
    raw[0] ^= 0x01
    return f"{head}.{payload}.{b64url(bytes(raw))}"


def alg_none(claims: dict[str, Any]) -> str:
    return f"{segment({'alg': 'none', 'typ': 'JWT'})}.{segment(claims)}."


def expired_copy(claims: dict[str, Any], secret: bytes, alg: str, now: float) -> str:
    """The claims signed with the service's own secret, expired an hour ago."""
    lifetime = 900
    if isinstance(claims.get("exp"), int | float) and isinstance(claims.get("iat"), int | float):
        lifetime = max(int(claims["exp"] - claims["iat"]), 1)
    exp = int(now) - 3600
    payload = {**claims, "iat": exp - lifetime, "exp": exp}
    signing_input = f"{segment({'alg': alg, 'typ': 'JWT'})}.{segment(payload)}"
    return f"{signing_input}.{b64url(hmac_sign(alg, secret, signing_input.encode('ascii')))}"


def claims_of(token: str) -> dict[str, Any]:
    from jwtfix import tokens
    from jwtfix.errors import TokenError

    try:
        return tokens.parse(token).claims
    except TokenError:
        return {}


# -- the flow ------------------------------------------------------------------------------


class _Flow:
    def __init__(self, client: Client, options: LiveOptions) -> None:
        self.client = client
        self.options = options
        self.calls: list[Call] = []
        self.skipped: dict[str, str] = {}

    def send(self, step: str, method: str, path: str, **kwargs: Any) -> Call:
        exchange = self.client.request(method, self.options.endpoint(path), **kwargs)
        call = Call(step, exchange)
        self.calls.append(call)
        return call

    def refresh_with(self, step: str, token: str, issued_by: Issued | None) -> Call:
        """POST the refresh path with `token`: in the body field, or as the cookie it came as."""
        cookie = issued_by.refresh_cookie if issued_by is not None else None
        if cookie is not None:
            # This exact token, not whatever the jar holds now: a stolen copy is replayed.
            return self.send(
                step,
                "POST",
                self.options.refresh,
                json={},
                headers={"Cookie": f"{cookie.name}={token}"},
                send_cookies=False,
            )
        name = (issued_by.refresh_field if issued_by else None) or "refreshToken"
        return self.send(step, "POST", self.options.refresh, json={name: token})


def run(
    client: Client,
    options: LiveOptions,
    *,
    now: float,
    sleep: Callable[[float], None],
) -> LiveTranscript:
    """Run the live flow (SPEC "The live flow"); at most the client's budget of requests.

    A `NetworkError` (no answer) propagates: the service cannot be judged.
    When the budget is spent, the flow stops and says so.
    """
    from jwtfix.httpclient import RequestBudgetError

    flow = _Flow(client, options)
    state: dict[str, Issued | None] = {"login": None, "refreshed": None}
    try:
        _steps(flow, options, now, sleep, state)
        spent = False
    except RequestBudgetError:
        spent = True
    return LiveTranscript(
        options=options,
        calls=tuple(flow.calls),
        login=state["login"],
        refreshed=state["refreshed"],
        skipped=dict(flow.skipped),
        budget_spent=spent,
    )


def _steps(
    flow: _Flow,
    options: LiveOptions,
    now: float,
    sleep: Callable[[float], None],
    state: dict[str, Issued | None],
) -> None:
    # 1. Log in, or start from the given tokens.
    tokens = Issued(access=options.access_token, refresh=options.refresh_token)
    if options.credentials is not None:
        login = flow.send("login", "POST", options.login, json=options.credentials)
        if login.status == 404:
            flow.skipped["login"] = f"{options.login} answered 404 (set its path with --login)"
        elif login.exchange.ok:
            tokens = issued(login.exchange)
            state["login"] = tokens
        if tokens.access is None and tokens.refresh is None:
            flow.skipped["flow"] = "login gave no token to go on with"
            return
    access, refresh = tokens.access, tokens.refresh

    # 2. Use the access token.
    use = flow.send("use", "GET", options.protected, bearer=access) if access else None
    if use is None:
        flow.skipped["use"] = "no access token (pass --credentials, or TOKEN)"
    elif use.status == 404:
        flow.skipped["use"] = (
            f"{options.protected} answered 404 (set the protected route with --protected)"
        )

    # 3. Tokens the protected route must refuse.
    if use is not None and use.accepted and access is not None:
        _refusals(flow, options, access, refresh, now)
    elif use is not None and use.status != 404:
        flow.skipped["refuse"] = "the protected route refused the fresh access token (JWT702)"

    # 4. Refresh, rotation and reuse.
    if refresh is None:
        if options.credentials is None:
            flow.skipped["refresh"] = "no refresh token (pass --credentials or --refresh-token)"
        else:
            # Login gave none: is there a refresh endpoint at all?
            flow.send("probe-refresh", "POST", options.refresh, json={})
    else:
        _refresh(flow, options, tokens, sleep, state)

    # 5. Log out, then try the tokens again.
    if not options.do_logout:
        flow.skipped["logout"] = "--no-logout given"
        return
    if options.credentials is not None:
        again = flow.send("login-again", "POST", options.login, json=options.credentials)
        fresh: Issued | None = issued(again.exchange) if again.exchange.ok else Issued()
    else:
        fresh = _latest_usable(flow, tokens, state)
    if fresh is None:
        flow.skipped["logout"] = (
            "the refresh tokens were revoked by reuse detection; pass --credentials for a "
            "fresh login"
        )
        return
    if fresh.access is None:
        flow.skipped["logout"] = "no access token to log out with"
        return
    body = {}
    if fresh.refresh is not None and fresh.refresh_cookie is None:
        body[fresh.refresh_field or "refreshToken"] = fresh.refresh
    logout = flow.send("logout", "POST", options.logout, json=body, bearer=fresh.access)
    if logout.status == 404:
        flow.skipped["logout"] = f"{options.logout} answered 404 (set its path with --logout)"
        return
    if fresh.refresh is not None:
        flow.refresh_with("refresh-after-logout", fresh.refresh, fresh)
    flow.send("use-after-logout", "GET", options.protected, bearer=fresh.access)


def _refusals(
    flow: _Flow, options: LiveOptions, access: str, refresh: str | None, now: float
) -> None:
    claims = claims_of(access)
    flow.send("refuse-no-token", "GET", options.protected)
    flow.send("refuse-bad-signature", "GET", options.protected, bearer=bad_signature(access))
    flow.send("refuse-alg-none", "GET", options.protected, bearer=alg_none(claims))
    if refresh is not None:
        flow.send("refuse-refresh-token", "GET", options.protected, bearer=refresh)
    else:
        flow.skipped["refuse-refresh-token"] = "no refresh token to try as a bearer"
    if options.secret is not None and claims:
        expired = expired_copy(claims, options.secret, options.alg, now)
        flow.send("refuse-expired", "GET", options.protected, bearer=expired)
    else:
        flow.skipped["refuse-expired"] = (
            "no JWT_SECRET to sign an expired token with (pass --env with JWT_SECRET)"
        )


def _refresh(
    flow: _Flow,
    options: LiveOptions,
    tokens: Issued,
    sleep: Callable[[float], None],
    state: dict[str, Issued | None],
) -> None:
    old = tokens.refresh
    assert old is not None
    call = flow.refresh_with("refresh", old, tokens)
    if call.status == 404:
        flow.skipped["refresh"] = (
            f"{options.refresh} answered 404 (set the refresh path with --refresh)"
        )
        return
    if not call.exchange.ok:
        return
    new = issued(call.exchange)
    state["refreshed"] = new
    if new.access is not None:
        flow.send("use-refreshed", "GET", options.protected, bearer=new.access)
    if not options.reuse:
        flow.skipped["reuse"] = "--no-reuse given"
        return
    if options.reuse_wait > 0:
        sleep(options.reuse_wait)
    reuse = flow.refresh_with("reuse-old", old, tokens)
    if not reuse.accepted and new.refresh is not None and new.refresh != old:
        flow.refresh_with("refresh-after-reuse", new.refresh, new)


def _latest_usable(flow: _Flow, tokens: Issued, state: dict[str, Issued | None]) -> Issued | None:
    """Without --credentials: the newest tokens the service still honours, if any."""
    after_reuse = next((c for c in flow.calls if c.step == "refresh-after-reuse"), None)
    if after_reuse is not None:
        return issued(after_reuse.exchange) if after_reuse.accepted else None
    reuse = next((c for c in flow.calls if c.step == "reuse-old"), None)
    if reuse is not None and reuse.accepted:
        return issued(reuse.exchange)
    refreshed = state["refreshed"]
    if refreshed is not None and reuse is None:
        return refreshed
    if state["refreshed"] is None:
        return tokens
    return None
