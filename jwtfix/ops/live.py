"""The live flow of `check --live URL`: log in, use, refuse, refresh, reuse, log out.

`run(client, options, ...)` drives a running service through an `HttpClient`
and returns a
`LiveTranscript`: every request as a `Call` tagged with the step it belongs
to, the tokens the service issued, and the steps left out and why. It judges
nothing: the JWT7xx checks (jwtfix/checks/live.py) read the transcript.

It speaks the service's dialect (SPEC 4.2): tokens are read with the one
vocabulary (jwtfix.vocabulary), answers with the one reader (jwtfix.answers);
a JSON login the service wants as a form is retried as one; the refresh
token's carrier (a JSON or form field, the bearer, a cookie) is found from
what the refusals say and reused for reuse and logout; a 405 logout is retried
as DELETE. With `oidc`, the issuer's discovery document gives the token,
revocation and userinfo endpoints (grant requests, RFC 7009 revocation).

It never reads the clock, the environment or the terminal itself: the client
carries the clock, `sleep` is passed in (for `--reuse-wait`), `now` is given.
Tokens are kept in the transcript for the token checks; nothing here prints.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

from jwtfix import answers
from jwtfix.errors import InputError
from jwtfix.jws import b64url, hmac_sign, is_hmac, segment
from jwtfix.tokens import looks_like_jwt
from jwtfix.tokens import parse as parse_token
from jwtfix.vocabulary import REFRESH_FIELDS, tokens_in

if TYPE_CHECKING:
    from jwtfix.answers import Answer
    from jwtfix.httpclient import Cookie, Exchange, HttpClient

    Client = HttpClient

ITEM_OF_STEP = {
    "discovery": 2,
    "login-try": 2,
    "login": 2,
    "use": 10,
    "refuse-no-token": 10,
    "refuse-bad-signature": 10,
    "refuse-alg-none": 10,
    "refuse-refresh-token": 10,
    "refuse-expired": 10,
    "refresh-try": 2,
    "refresh": 2,
    "probe-refresh": 2,
    "use-refreshed": 2,
    "reuse-old": 6,
    "refresh-after-reuse": 6,
    "login-again": 7,
    "logout-try": 7,
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
class Carrier:
    """How a refresh token is sent: a JSON or form field, the bearer, or a cookie."""

    how: str
    """json, form, bearer, cookie, or grant (OAuth's grant_type=refresh_token)."""
    name: str | None = None
    """The field or cookie name (None for bearer)."""

    @staticmethod
    def parse(text: str) -> Carrier:
        """`json:FIELD`, `form:FIELD`, `bearer`, `cookie:NAME` (--refresh-with); ValueError."""
        how, _, name = text.strip().partition(":")
        how = how.lower()
        if how == "bearer" and not name:
            return Carrier("bearer")
        if how in ("json", "form", "cookie") and name.strip():
            return Carrier(how, name.strip())
        raise ValueError(
            f"--refresh-with {text!r}: write json:FIELD, form:FIELD, bearer or cookie:NAME"
        )

    @property
    def spec(self) -> str:
        return self.how if self.name is None else f"{self.how}:{self.name}"

    def describe(self) -> str:
        if self.how == "grant":
            return "as grant_type=refresh_token (RFC 6749 §6)"
        if self.how == "bearer":
            return "as Authorization: Bearer"
        if self.how == "cookie":
            return f"in the cookie {self.name}"
        return f"in the {'JSON' if self.how == 'json' else 'form'} field {self.name}"


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
    login_form: bool = False
    """--login-form: send the credentials as a form (else JSON, retried as a form when the
    service asks for one)."""
    refresh_with: Carrier | None = None
    """--refresh-with: the one carrier of the refresh token (else found by the flow)."""
    logout_method: str = "POST"
    """--logout-method (a 405 to POST is retried once as DELETE)."""
    oidc: bool = False
    """--oidc: `url` is an OAuth 2.0 / OpenID Connect issuer; its discovery document names
    the token, revocation and userinfo endpoints."""
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    """From --client-secret-env (client_secret_basic); never shown."""
    scope: str | None = None
    revoke: str | None = None
    """--revoke URL: the RFC 7009 revocation endpoint, when discovery names none."""

    def endpoint(self, path: str) -> str:
        if path.lower().startswith(("http://", "https://")):
            return path
        return self.url.rstrip("/") + "/" + path.lstrip("/")

    def client_auth(self) -> tuple[dict[str, str], dict[str, str]]:
        """(headers, form fields) that authenticate the OAuth client: client_secret_basic
        with a secret, else the client_id in the form (a public client)."""
        from urllib.parse import quote

        if self.client_id is None:
            return {}, {}
        if self.client_secret is None:
            return {}, {"client_id": self.client_id}
        pair = f"{quote(self.client_id, safe='')}:{quote(self.client_secret, safe='')}"
        basic = base64.b64encode(pair.encode()).decode("ascii")
        return {"Authorization": f"Basic {basic}"}, {}


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
    refresh_opaque: bool = False
    """The refresh token is not a JWT (Directus, OAuth providers): used, never read."""
    access_opaque: bool = False
    """The access token is not a JWT (an OAuth token endpoint's): its claims are unknown."""


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
    carrier: Carrier | None = None
    """The carrier of the refresh token that the refresh endpoint read (its dialect)."""
    login_form: bool = False
    """Login took the credentials as a form."""
    provider: Mapping[str, str] = field(default_factory=dict)
    """--oidc: the endpoints discovery (or RFC 8414 metadata) named."""

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

    @property
    def access_opaque(self) -> bool:
        """The access token login issued is not a JWT (an OAuth provider's opaque token)."""
        return self.login is not None and self.login.access_opaque

    @property
    def refresh_opaque(self) -> bool:
        """The refresh token the flow started from is not a JWT."""
        token = self.refresh_token
        return token is not None and not looks_like_jwt(token)


def issued(exchange: Exchange) -> Issued:
    """The access and refresh token of a login or refresh answer (the one vocabulary,
    jwtfix.vocabulary), or the refresh token in a cookie it set."""
    found = tokens_in(exchange.json())
    access = found.access
    refresh = found.refresh
    cookie = None
    if refresh is None:
        cookie = next(
            (c for c in exchange.cookies_set if "refresh" in c.name.lower() and c.value), None
        ) or next((c for c in exchange.cookies_set if looks_like_jwt(c.value)), None)
    return Issued(
        access=access.text if access is not None else None,
        access_field=access.path if access is not None else None,
        refresh=refresh.text if refresh is not None else cookie.value if cookie else None,
        refresh_field=refresh.name if refresh is not None else None,
        refresh_cookie=cookie,
        refresh_opaque=(refresh.opaque if refresh is not None else False)
        or (cookie is not None and not looks_like_jwt(cookie.value)),
        access_opaque=access is not None and access.opaque,
    )


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
        self.login_form = options.login_form
        self.carrier: Carrier | None = options.refresh_with
        """The carrier that the refresh endpoint read; None until one is known."""

    def send(self, step: str, method: str, path: str, **kwargs: Any) -> Call:
        exchange = self.client.request(method, self.options.endpoint(path), **kwargs)
        call = Call(step, exchange)
        self.calls.append(call)
        return call

    # -- login

    def login(self, step: str) -> Call:
        """POST the credentials, as JSON or as a form; a JSON login answered 415, or 400/422
        naming the credentials' fields as missing, is retried once as a form."""
        credentials = self.options.credentials
        if self.options.oidc:
            headers, extra = self.options.client_auth()
            fields = {"grant_type": "password", **(credentials or {}), **extra}
            if self.options.scope:
                fields["scope"] = self.options.scope
            form = _form(fields)
            return self.send(
                step,
                "POST",
                self.options.login,
                content=form["content"],
                headers={**form["headers"], **headers},
            )
        if self.login_form:
            return self.send(step, "POST", self.options.login, **_form(credentials))
        call = self.send(
            "login-try" if step == "login" else step, "POST", self.options.login, json=credentials
        )
        missing = set(call.answer.body.missing) if call.answer.body else set()
        if call.status == 415 or (call.status in (400, 422) and missing & set(credentials or {})):
            self.login_form = True
            return self.send(step, "POST", self.options.login, **_form(credentials))
        if step == "login":
            self.calls[-1] = Call("login", call.exchange)
            return self.calls[-1]
        return call

    # -- refresh

    def refresh_with(
        self, step: str, token: str, carrier: Carrier, *, path: str | None = None,
        method: str = "POST", bearer: str | None = None,
    ) -> Call:  # fmt: skip
        """Send `token` to the refresh (or logout) path by `carrier`."""
        target = path or self.options.refresh
        if carrier.how == "grant":
            headers, extra = self.options.client_auth()
            fields = {"grant_type": "refresh_token", "refresh_token": token, **extra}
            form = _form(fields)
            return self.send(
                step,
                method,
                target,
                content=form["content"],
                headers={**form["headers"], **headers},
            )
        if carrier.how == "bearer":
            return self.send(step, method, target, bearer=token)
        if carrier.how == "cookie":
            # This exact token, not whatever the jar holds now: a stolen copy is replayed.
            return self.send(
                step,
                method,
                target,
                json={},
                bearer=bearer,
                headers={"Cookie": f"{carrier.name}={token}"},
                send_cookies=False,
            )
        if carrier.how == "form":
            return self.send(step, method, target, bearer=bearer, **_form({carrier.name: token}))
        return self.send(step, method, target, json={carrier.name: token}, bearer=bearer)

    def first_carrier(self, issued_by: Issued | None) -> Carrier:
        if self.carrier is not None:
            return self.carrier
        if issued_by is not None and issued_by.refresh_cookie is not None:
            return Carrier("cookie", issued_by.refresh_cookie.name)
        name = issued_by.refresh_field if issued_by is not None else None
        return Carrier("json", name or "refreshToken")

    def find_carrier(self, token: str, issued_by: Issued | None) -> Call:
        """The refresh request, by the carrier login suggested; when the answer says the token
        was not found where it was put, the other carriers in turn (SPEC 4.2)."""
        forced = self.carrier is not None
        carrier = self.first_carrier(issued_by)
        call = self.refresh_with("refresh", token, carrier)
        tried = [carrier]
        while (
            not forced
            and not call.accepted
            and call.status in answers.knowledge().retry_statuses
            and call.answer.sent_wrong_way is not None
        ):
            following = _next_carrier(call.answer, tried, issued_by)
            if following is None:
                break
            self.calls[-1] = Call("refresh-try", call.exchange)
            call = self.refresh_with("refresh", token, following)
            tried.append(following)
            carrier = following
        if call.accepted or (call.status != 404 and call.answer.sent_wrong_way is None):
            self.carrier = carrier
        return call

    # -- logout

    def logout(self, fresh: Issued) -> Call:
        """Log out with the bearer and the refresh token (by the carrier that worked); a 405
        to POST is retried once as DELETE."""
        method = self.options.logout_method.upper()
        call = self._logout_once("logout", method, fresh)
        if call.status == 405 and method == "POST":
            self.calls[-1] = Call("logout-try", call.exchange)
            call = self._logout_once("logout", "DELETE", fresh)
        return call

    def revoke(self, fresh: Issued) -> Call:
        """RFC 7009: revoke the refresh token (else the access token) with the client's auth."""
        headers, extra = self.options.client_auth()
        if fresh.refresh is not None:
            fields = {"token": fresh.refresh, "token_type_hint": "refresh_token", **extra}
        else:
            fields = {"token": fresh.access or "", "token_type_hint": "access_token", **extra}
        form = _form(fields)
        return self.send(
            "logout",
            "POST",
            self.options.logout,
            content=form["content"],
            headers={**form["headers"], **headers},
        )

    def _logout_once(self, step: str, method: str, fresh: Issued) -> Call:
        carrier = self.carrier or self.first_carrier(fresh)
        if fresh.refresh is None:
            return self.send(step, method, self.options.logout, json={}, bearer=fresh.access)
        if carrier.how == "bearer":
            # One Authorization header: it carries the refresh token, as refresh read it.
            return self.refresh_with(
                step, fresh.refresh, carrier, path=self.options.logout, method=method
            )
        return self.refresh_with(
            step,
            fresh.refresh,
            carrier,
            path=self.options.logout,
            method=method,
            bearer=fresh.access,
        )


def _form(fields: Any) -> dict[str, Any]:
    """A form body (application/x-www-form-urlencoded) from a JSON object's fields."""
    from urllib.parse import urlencode

    pairs = {
        str(k): v if isinstance(v, str) else json.dumps(v)
        for k, v in (fields or {}).items()
        if v is not None
    }
    return {
        "content": urlencode(pairs).encode("ascii"),
        "headers": {"Content-Type": "application/x-www-form-urlencoded"},
    }


def _next_carrier(answer: Answer, tried: list[Carrier], issued_by: Issued | None) -> Carrier | None:
    """The next carrier to try after `answer` said the token was not where it was put:
    a field the answer names, the bearer when it names the Authorization header, the
    vocabulary's other field names, the bearer, a form."""
    named = answer.body.missing if answer.body else ()
    said = (answer.message or "").lower()
    login_field = issued_by.refresh_field if issued_by is not None else None
    candidates = [Carrier("json", name) for name in named]
    if "authorization" in said or "bearer" in said or "header" in said:
        candidates.append(Carrier("bearer"))
    candidates += [Carrier("json", name) for name in REFRESH_FIELDS]
    candidates.append(Carrier("bearer"))
    candidates.append(Carrier("form", login_field or "refresh_token"))
    return next((c for c in candidates if c not in tried), None)


def run(
    client: Client,
    options: LiveOptions,
    *,
    now: float,
    sleep: Callable[[float], None],
) -> LiveTranscript:
    """Run the live flow (SPEC "The live flow"); at most the client's budget of requests.

    A `NetworkError` (no answer) propagates: the service cannot be judged; so does a
    `DiscoveryError` (--oidc: no token endpoint to use).
    When the budget is spent, the flow stops and says so.
    """
    from jwtfix.httpclient import RequestBudgetError

    flow = _Flow(client, options)
    state: dict[str, Issued | None] = {"login": None, "refreshed": None}
    provider: dict[str, str] = {}
    try:
        if options.oidc:
            options = _discover(flow, options, provider)
            flow.options = options
            if flow.carrier is None:
                flow.carrier = Carrier("grant", "refresh_token")
        if "flow" not in flow.skipped:
            _steps(flow, options, now, sleep, state)
        spent = False
    except RequestBudgetError:
        spent = True
    return LiveTranscript(
        provider=provider,
        options=options,
        calls=tuple(flow.calls),
        login=state["login"],
        refreshed=state["refreshed"],
        skipped=dict(flow.skipped),
        budget_spent=spent,
        carrier=flow.carrier,
        login_form=flow.login_form,
    )


def _discover(flow: _Flow, options: LiveOptions, provider: dict[str, str]) -> LiveOptions:
    """Read the issuer's discovery document (and RFC 8414 metadata when it names no
    revocation endpoint): the token endpoint is login's and refresh's, the revocation
    endpoint logout's, userinfo the default protected route."""
    from jwtfix.jwks_remote import ENDPOINTS, discovery_url, endpoints, metadata_url

    call = flow.send("discovery", "GET", discovery_url(options.url), send_cookies=False)
    found, left_out = endpoints(call.exchange.json(), options.url) if call.exchange.ok else ({}, [])
    extra = None
    if not found.get("revocation_endpoint") and not options.revoke:
        extra = flow.send("discovery", "GET", metadata_url(options.url), send_cookies=False)
        if extra.exchange.ok:
            more, more_left_out = endpoints(extra.exchange.json(), options.url)
            found = {**more, **found}
            left_out += [note for note in more_left_out if note not in left_out]
    provider.update(found)
    if "token_endpoint" not in found:
        raise DiscoveryError(_unusable(call.exchange, left_out, tried_metadata=extra is not None))
    for name in ENDPOINTS:  # kept to say why a step had no endpoint
        why = next((note for note in left_out if f"the {name} " in note), None)
        if why:
            flow.skipped[name] = why
    revoke = options.revoke or found.get("revocation_endpoint")
    return replace(
        options,
        login=found["token_endpoint"],
        refresh=found["token_endpoint"],
        logout=revoke or "",
        protected=options.protected or found.get("userinfo_endpoint") or options.protected,
    )


class DiscoveryError(InputError):
    """--oidc: the issuer gives no token endpoint the flow may use (exit 2, as an issuer that
    cannot be reached): the live flow cannot start, so there is nothing to judge."""

    type = "invalid_discovery"


def _unusable(exchange: Exchange, left_out: list[str], *, tried_metadata: bool) -> str:
    """Why the discovery document gives no token endpoint, in one line naming its URL."""
    also = " (nor in the RFC 8414 metadata)" if tried_metadata else ""
    where = f"--oidc: {exchange.method} {exchange.url}"
    if not exchange.ok:
        hint = " (is the issuer URL right?)" if exchange.status == 404 else ""
        return f"{where} answered {exchange.status}, not a discovery document{also}{hint}"
    document = exchange.json()
    if not isinstance(document, dict):
        what = "JSON but not an object" if document is not None else "not JSON"
        start = exchange.text.strip()[:40]
        return f"{where} answered {what} (it starts {start!r}): not a discovery document"
    why = next((note for note in left_out if "token_endpoint" in note), None)
    if why is not None:
        return f"{where}: {why}{also}; the live flow needs a token endpoint on the issuer's origin"
    return f"{where}: the discovery document names no token_endpoint{also}: is the issuer right?"


def _steps(
    flow: _Flow,
    options: LiveOptions,
    now: float,
    sleep: Callable[[float], None],
    state: dict[str, Issued | None],
) -> None:
    # 1. Log in, or start from the given tokens.
    tokens = Issued(
        access=options.access_token,
        refresh=options.refresh_token,
        refresh_opaque=options.refresh_token is not None
        and not looks_like_jwt(options.refresh_token),
    )
    if options.credentials is not None:
        login = flow.login("login")
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
        _refusals(flow, options, access, refresh, now, opaque=tokens.access_opaque)
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
        again = flow.login("login-again")
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
    if options.oidc and not options.logout:
        flow.skipped["logout"] = flow.skipped.get("revocation_endpoint") or (
            "the provider names no revocation_endpoint (discovery nor RFC 8414 metadata); pass "
            "--revoke URL (its end_session_endpoint is a browser redirect, not a revocation)"
        )
        return
    logout = flow.revoke(fresh) if options.oidc else flow.logout(fresh)
    if logout.status == 404:
        flow.skipped["logout"] = f"{options.logout} answered 404 (set its path with --logout)"
        return
    if fresh.refresh is not None:
        carrier = flow.carrier or flow.first_carrier(fresh)
        flow.refresh_with("refresh-after-logout", fresh.refresh, carrier)
    flow.send("use-after-logout", "GET", options.protected, bearer=fresh.access)


NOT_FORGEABLE = (
    "the access token is signed with the issuer's private key: no expired copy can be made"
)


def _refusals(
    flow: _Flow,
    options: LiveOptions,
    access: str,
    refresh: str | None,
    now: float,
    *,
    opaque: bool = False,
) -> None:
    flow.send("refuse-no-token", "GET", options.protected)
    claims = {} if opaque else claims_of(access)
    if opaque or not claims:
        why = "the access token is opaque (not a JWT): it has no claims to forge"
        for step in ("refuse-bad-signature", "refuse-alg-none", "refuse-expired"):
            flow.skipped[step] = why
    else:
        flow.send("refuse-bad-signature", "GET", options.protected, bearer=bad_signature(access))
        flow.send("refuse-alg-none", "GET", options.protected, bearer=alg_none(claims))
    if refresh is not None:
        flow.send("refuse-refresh-token", "GET", options.protected, bearer=refresh)
    else:
        flow.skipped["refuse-refresh-token"] = "no refresh token to try as a bearer"
    if opaque or not claims:
        return
    if not is_hmac(parse_token(access).alg):
        # Only the issuer's private key could sign an expired copy: not a thing to ask for.
        flow.skipped["refuse-expired"] = NOT_FORGEABLE
        return
    if options.secret is not None:
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
    call = flow.find_carrier(old, tokens)
    if call.status == 404:
        flow.skipped["refresh"] = (
            f"{options.refresh} answered 404 (set the refresh path with --refresh)"
        )
        return
    if not call.accepted:
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
    carrier = flow.carrier or flow.first_carrier(tokens)
    reuse = flow.refresh_with("reuse-old", old, carrier)
    if not reuse.accepted and new.refresh is not None and new.refresh != old:
        flow.refresh_with("refresh-after-reuse", new.refresh, carrier)


def _latest_usable(flow: _Flow, tokens: Issued, state: dict[str, Issued | None]) -> Issued | None:
    """Without --credentials: the newest tokens the service still honours, if any."""
    after_reuse = next((c for c in flow.calls if c.step == "refresh-after-reuse"), None)
    if after_reuse is not None:
        return _with_refresh(issued(after_reuse.exchange), tokens) if after_reuse.accepted else None
    reuse = next((c for c in flow.calls if c.step == "reuse-old"), None)
    if reuse is not None and reuse.accepted:
        return _with_refresh(issued(reuse.exchange), tokens)
    refreshed = state["refreshed"]
    if refreshed is not None and reuse is None:
        return _with_refresh(refreshed, tokens)
    if state["refreshed"] is None:
        return tokens
    return None


def _with_refresh(new: Issued, old: Issued) -> Issued:
    """A refresh answer without a new refresh token (no rotation): the old one still holds."""
    if new.refresh is not None or new.access is None:
        return new
    return replace(
        new,
        refresh=old.refresh,
        refresh_field=old.refresh_field,
        refresh_cookie=old.refresh_cookie,
        refresh_opaque=old.refresh_opaque,
    )
