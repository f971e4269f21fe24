"""`probe`: why a service answers a request with a token the way it does.

Pure over one recorded `Exchange` and an explicit `now` (this machine's time
of the request, or `--at`). What the answer says (challenge, body error,
refusal kind, stack and its leeway) is read by `jwtfix.answers`; the server's
clock (its `Date`, or a jjwt/.NET-style "Current time: ..." in a message) is
estimated by `jwtfix.clocks`. Here: the token's times judged at the server's
clock, verify's diagnosis when a key or `.env` is given, and the cause named
in one sentence. It never calls a token expired from this machine's clock
alone, and never blames roles or scopes when the signature check fails.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from jwtfix import answers, clocks
from jwtfix import challenge as challenges
from jwtfix.answers import BodyError, Stack
from jwtfix.httpclient import MAX_REDIRECTS, Exchange, clock_offset, same_origin
from jwtfix.limits import clip
from jwtfix.model import Status
from jwtfix.ops.expiry import ExpiryReport, ExpiryStatus, evaluate
from jwtfix.timefmt import is_numeric_date, iso, iso_text, span

if TYPE_CHECKING:
    from jwtfix.ops.verify import VerifyReport
    from jwtfix.tokens import ParsedToken


# -- the report -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProbeFinding:
    """One thing probe noticed, for people and for CI."""

    status: Status
    message: str
    fix: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status.value, "message": self.message, "fix": self.fix}


@dataclass(frozen=True, slots=True)
class ProbeReport:
    """Everything `probe` learnt from one request."""

    method: str
    url: str
    status: int
    elapsed_ms: float | None
    sent_token: bool
    challenges: challenges.ParsedChallenges | None
    """None when the response has no WWW-Authenticate."""
    body_error: BodyError | None
    explanation: Any
    """explain's Explanation for the service's message, or None (no message, or no explain)."""
    clock: ServerClock | None
    stack: Stack | None
    kind: str | None
    """The family of refusal recognised (expired, signature, ...), or None."""
    token: ExpiryReport | None
    """The token's times at the server's clock, with the stack's leeway."""
    token_local: ExpiryReport | None
    """The same at this machine's clock, with no leeway."""
    now: float
    verdict: str
    findings: tuple[ProbeFinding, ...] = ()
    diagnosis: tuple[str, ...] = ()
    """verify's diagnosis, with --env."""
    verify_reason: str | None = None
    notes: tuple[str, ...] = field(default=())
    """What the HTTP client noted (a redirect to another origin not followed, ...)."""
    exchanges: tuple[Exchange, ...] = ()

    @property
    def exit_code(self) -> int:
        return 0 if 200 <= self.status < 300 else 1


def probe(
    exchange: Exchange,
    *,
    now: float,
    token: ParsedToken | None,
    sent_token: bool,
    verify: Callable[[float, float], VerifyReport] | None = None,
    exchanges: tuple[Exchange, ...] = (),
) -> ProbeReport:
    """Judge the answer `exchange` got; `now` is this machine's time of the request.

    `verify(server_now, leeway)` is verify's judgement of the token (with --env),
    called with the server's clock and the stack's leeway once they are known.
    """
    if exchange.status is None:
        raise ValueError("probe needs an exchange with an answer")
    status = exchange.status
    answer = answers.read_exchange(exchange)
    parsed, body, stack, kind = answer.challenges, answer.body, answer.stack, answer.kind
    texts = list(answer.texts)
    explanation = answer.explanation
    clock = server_clock(exchange, texts, now)
    if exchange.ok:
        kind = None

    claims = token.payload if token is not None and isinstance(token.payload, dict) else None
    leeway = stack.leeway_seconds if stack and stack.leeway_seconds is not None else 0.0
    token_local = evaluate(claims, now=now) if claims is not None else None
    token_server = (
        evaluate(claims, now=clock.server_time, skew=leeway)
        if claims is not None and clock is not None
        else None
    )
    verify_report = None
    if verify is not None:
        verify_report = verify(clock.server_time if clock else now, leeway)
    judge = _Judge(
        answer=answer,
        exchange=exchange,
        now=now,
        token=token,
        claims=claims,
        sent_token=sent_token,
        parsed=parsed,
        body=body,
        clock=clock,
        stack=stack,
        kind=kind,
        token_server=token_server,
        token_local=token_local,
        verify_report=verify_report,
        texts=texts,
        explanation=explanation,
    )
    verdict = judge.verdict()
    return ProbeReport(
        method=exchange.method,
        url=exchange.url,
        status=status,
        elapsed_ms=exchange.elapsed_ms,
        sent_token=sent_token,
        challenges=parsed,
        body_error=body,
        explanation=explanation,
        clock=clock,
        stack=stack,
        kind=kind,
        token=token_server,
        token_local=token_local,
        now=now,
        verdict=verdict,
        findings=tuple(judge.findings),
        diagnosis=tuple(verify_report.diagnosis) if verify_report is not None else (),
        verify_reason=verify_report.reason if verify_report is not None else None,
        notes=tuple(n for e in (exchanges or (exchange,)) for n in e.notes),
        exchanges=exchanges or (exchange,),
    )


@dataclass
class _Judge:
    """Works out the verdict and the findings; one method per family of answer."""

    exchange: Exchange
    now: float
    token: ParsedToken | None
    claims: dict[str, Any] | None
    sent_token: bool
    parsed: challenges.ParsedChallenges | None
    body: BodyError | None
    clock: ServerClock | None
    stack: Stack | None
    kind: str | None
    token_server: ExpiryReport | None
    token_local: ExpiryReport | None
    verify_report: VerifyReport | None
    texts: list[str]
    explanation: Any = None
    answer: answers.Answer | None = None
    findings: list[ProbeFinding] = field(default_factory=list)

    def add(self, status: Status, message: str, fix: str | None = None) -> None:
        self.findings.append(ProbeFinding(status, message, fix))

    @property
    def status(self) -> int:
        assert self.exchange.status is not None
        return self.exchange.status

    @property
    def bearer(self) -> challenges.Challenge | None:
        return self.parsed.bearer if self.parsed else None

    def verdict(self) -> str:
        self._general_findings()
        ex = self.exchange
        if (
            ex.redirect_to is not None
            and not ex.redirect_followed
            and same_origin(ex.redirect_to, ex.url)
        ):
            return (
                f"The service keeps redirecting ({self.status} to {ex.redirect_to}; jwtfix "
                f"stopped after {MAX_REDIRECTS} redirects): a redirect loop, often a login page "
                "that redirects to itself when the token is refused."
            )
        if ex.redirect_to is not None and not ex.redirect_followed:
            return (
                f"The service answers {self.status} with a redirect to {ex.redirect_to}, another "
                "origin, which was not followed (the token is never sent there): the route "
                "probably wants a browser login, not a bearer token."
            )
        if ex.ok:
            return self._accepted()
        if self.status in (401, 400) or (self.bearer is not None and self.status != 403):
            return self._refused()
        if self.status == 403:
            return self._forbidden()
        if self.status == 404:
            return (
                f"The route does not exist ({self.status}): check the URL and the method "
                f"({ex.method}); some services also answer 404 to hide routes from callers "
                "without access."
            )
        if self.status >= 500:
            cause = self._cause_text()
            return (
                f"The service failed ({self.status}){cause}: a token error it does not turn "
                "into a 401 (an exception in its auth middleware), or a fault of its own."
            )
        return f"The service answered {self.status}{self._cause_text()}."

    # -- shared findings

    def _general_findings(self) -> None:
        if self.parsed is not None:
            for note in self.parsed.notes:
                self.add(Status.WARN, f"WWW-Authenticate: {note}")
        elif self.status == 401:
            self.add(
                Status.WARN,
                "a 401 without WWW-Authenticate (RFC 9110 §15.5.2 requires one): clients "
                "cannot tell which scheme the service wants",
                'answer 401 with `WWW-Authenticate: Bearer` (and error="invalid_token" '
                "for a bad token)",
            )
        bearer = self.bearer
        if bearer is not None and bearer.error in challenges.ERROR_CODES:
            expected = challenges.ERROR_CODES[bearer.error]
            if expected != self.status:
                self.add(
                    Status.WARN,
                    f"error={bearer.error} goes with status {expected} (RFC 6750 §3.1), "
                    f"the service answered {self.status}",
                )
        if self.clock is not None and self.clock.offset.out_of_step(1.0):
            far = self.clock.offset.out_of_step(30.0)
            self.add(
                Status.WARN if far else Status.PASS,
                f"the server's clock {self.clock.offset.describe(1.0)}, from its "
                f"{self.clock.source}",
                "sync both clocks with NTP" if far else None,
            )
        if self.clock is None and self.exchange.received_at is not None:
            self.add(
                Status.WARN,
                "the response has no usable Date header: the server's clock is unknown, so "
                "expiry can only be judged by this machine's clock",
            )
        if self.token is not None and self.token.alg == "none":
            self.add(Status.FAIL, "the token is unsigned (alg: none): no service should accept it")

    # -- 2xx

    def _accepted(self) -> str:
        verdict = f"The service accepted the request ({self.status})"
        server = self.token_server
        if not self.sent_token:
            return verdict + " without a token: the route is not protected."
        if server is not None and server.status is ExpiryStatus.EXPIRED:
            self.add(
                Status.FAIL,
                "the service accepted a token that is expired at its own clock"
                + (
                    f" beyond its usual leeway of {self.stack.leeway_seconds:g}s"
                    if self.stack
                    else ""
                ),
                "check that the middleware verifies exp (jwt.verify, not jwt.decode; no "
                "ignoreExpiration)",
            )
            return (
                verdict
                + ", although the token is expired at the server's clock: it does not check exp."
            )
        if self.token is not None and self.token.alg == "none":
            return verdict + " with an unsigned token (alg: none): it does not verify signatures."
        return verdict + "."

    # -- 401 / 400

    def _refused(self) -> str:
        bearer = self.bearer
        if not self.sent_token:
            scheme = self.parsed.schemes[0] if self.parsed and self.parsed.schemes else None
            wants = f" (it asks for {scheme})" if scheme else ""
            return f"The service wants credentials{wants} and no token was sent (--no-token)."
        if bearer is not None and bearer.error is None and not self._body_says_something():
            self.add(
                Status.FAIL,
                "the service answered 401 with a Bearer challenge but no error: it saw no "
                "usable credentials in the request (RFC 6750 §3.1)",
                "check that the Authorization header reaches it (a proxy or CDN that drops it, "
                "a redirect that loses it), in the form it expects ('Bearer <token>')",
            )
            return (
                f"The service saw no usable credentials ({self.status} with "
                f"'{self._challenge_text()}' and no error=): the Authorization header did not "
                "reach it, or not in the form it reads (a proxy that strips it, another scheme "
                "or a cookie it expects instead)."
            )
        if self.parsed is not None and self.bearer is None and self.parsed.challenges:
            schemes = ", ".join(self.parsed.schemes)
            self.add(
                Status.WARN,
                f"the service asks for {schemes}, not Bearer: it does not take the token this way",
            )
        return self._by_kind()

    def _forbidden(self) -> str:
        bearer = self.bearer
        if bearer is not None and bearer.error == "insufficient_scope":
            scope = bearer.get("scope")
            need = f" (it needs the scope {scope!r})" if scope else ""
            return (
                f"The token is valid but lacks the permission for this route{need}: "
                "request a token with that scope or role."
            )
        report = self.verify_report
        if report is not None and report.signature_valid is False:
            return self._signature()
        if self.kind is None and self._refresh_type() is not None:
            return self._wrong_type()
        if self.kind in (None, "scope"):
            return (
                "The service knows who you are but refuses access "
                f"({self.status}{self._cause_text()}): the token's roles or scopes do not allow "
                "this route (some stacks, such as hand-written middleware, also answer 403 for "
                "a bad token)."
            )
        self.add(
            Status.WARN,
            f"a token problem ({self.kind}) answered with 403: RFC 6750 wants 401 for a bad token, "
            "so clients do not know to refresh",
        )
        return self._by_kind()

    def _by_kind(self) -> str:
        kind = self.kind
        if kind == "expired":
            return self._expired()
        if kind == "not_yet_valid":
            return self._not_yet_valid()
        if kind == "signature":
            return self._signature()
        if kind == "key":
            kid = self.token.header.get("kid") if self.token is not None else None
            which = f" for the kid {kid!r}" if kid is not None else " (the token has no kid)"
            return (
                f"The service has no key{which}: the token was signed by another issuer, "
                "tenant or environment, or the keys rotated and one side has a stale JWKS "
                "(try: jwtfix verify --oidc TOKEN)."
            )
        if kind in ("audience", "issuer"):
            claim = "aud" if kind == "audience" else "iss"
            value = self.claims.get(claim) if self.claims is not None else None
            has = (
                f" (the token has {claim}={value!r})"
                if value is not None
                else f" (the token has no {claim})"
            )
            return (
                f"The service expects another {kind}{has}: the token was issued for another "
                "API, tenant or environment, or the service's expected value is misconfigured."
            )
        if kind == "algorithm":
            alg = self.token.alg if self.token is not None else None
            return (
                f"The service does not allow the token's algorithm ({alg}): sign with the one "
                "it expects, or add it to its allow-list."
            )
        if kind == "revoked":
            return (
                "The service says the token was revoked (logged out or blocklisted): log in again."
            )
        if kind == "malformed" and self.token is None and self.sent_token:
            return (
                f"The service cannot read the token as a JWT{self._said()}, and it is none: an "
                "opaque token (a refresh token, or another server's opaque access token) where "
                "this route wants its JWT access token."
            )
        if kind == "malformed":
            return (
                "The service cannot read the token as a JWT: it was cut, quoted, sent with "
                "'Bearer ' twice, or is not a JWT (an opaque token or an ID token where an "
                "access token is expected)."
            )
        if kind == "missing":
            return (
                "The service did not find a token in the request: check the header name and "
                "the 'Bearer ' prefix, and that no proxy drops Authorization."
            )
        if kind == "wrong_type":
            return self._wrong_type()
        if kind == "scope":
            return self._forbidden() if self.status != 403 else "The token lacks the permission."
        typed = self._refresh_type()
        if typed is not None:
            return self._wrong_type()
        if self.token is None and self.sent_token:
            return (
                f"The service refused the token ({self.status}{self._cause_text()}); it is not "
                "a JWT, so its claims cannot be read: an opaque token (a refresh token, or "
                "another server's opaque access token) where this route wants its own access "
                "token."
            )
        report = self.verify_report
        if report is not None and report.signature_valid is False:
            # the service's words name no cause, the check it could run does
            return self._signature()
        return self._no_reason()

    def _token_type(self) -> tuple[str, str] | None:
        """(claim, value) of the token's type claim (token_type, type, typ), if any."""
        if self.claims is None:
            return None
        for claim in ("token_type", "type", "typ"):
            value = self.claims.get(claim)
            if isinstance(value, str) and value:
                return claim, value
        return None

    def _refresh_type(self) -> tuple[str, str] | None:
        typed = self._token_type()
        if typed is not None and "refresh" in typed[1].lower():
            return typed
        return None

    def _wrong_type(self) -> str:
        said = self._said()
        typed = self._token_type()
        if typed is not None and "refresh" in typed[1].lower():
            return (
                f"The token is a refresh token ({typed[0]}={typed[1]!r}) sent as the bearer"
                f"{said}: send the access token, and the refresh token only to the refresh "
                "endpoint."
            )
        has = f" (the token has {typed[0]}={typed[1]!r})" if typed else ""
        return (
            f"The service refuses this type of token{has}{said}: it wants an access token, "
            "not a refresh or ID token."
        )

    def _expired(self) -> str:
        server, local = self.token_server, self.token_local
        said = self._said()
        if self.claims is None:
            return (
                f"The service says the token is expired{said}; give the token to judge its times."
            )
        exp: Any = self.claims.get("exp")
        mismatch = self._expired_at_mismatch(exp)
        if mismatch:
            return mismatch
        if server is not None and server.status is ExpiryStatus.EXPIRED:
            ago = server.now - exp if is_numeric_date(exp) else None
            offset = self.clock.offset_seconds if self.clock else 0.0
            if local is not None and local.status is not ExpiryStatus.EXPIRED and offset > 0:
                return (
                    f"The token expired by the server's clock, which runs {span(offset)} ahead of "
                    f"this machine's: here it still looks valid{said}. Sync the clocks (NTP)."
                )
            when = f" {span(ago)} ago" if ago is not None else ""
            return (
                f"The token expired{when} (exp {iso_text(exp)}, judged at the server's clock"
                f"{self._leeway_text()}){said}: get a new one (refresh) before it runs out."
            )
        if server is not None:
            if server.status is ExpiryStatus.EXPIRING and is_numeric_date(exp):
                state = f"past exp by {span(server.now - exp)} but still within"
            else:
                state = f"{server.status.value}, with"
            leeway = (
                f"{self.stack.name}'s default leeway of {self.stack.leeway_seconds:g}s"
                if self.stack is not None and self.stack.leeway_seconds is not None
                else "no leeway"
            )
            return (
                f"The service says expired{said}, but at its own clock the token is {state} "
                f"{leeway}: the service allows less leeway than its default, judged another "
                "token (a cached one, the refresh token, an older copy), or its clock is wrong "
                "in a way Date does not show."
            )
        if local is not None and local.status is ExpiryStatus.EXPIRED:
            return (
                f"The service says expired{said} and the token is expired by this machine's clock "
                "(the server's clock is unknown: no Date header): get a new token."
            )
        return f"The service says the token is expired{said}."

    def _expired_at_mismatch(self, exp: Any) -> str | None:
        if not is_numeric_date(exp):
            return None
        for text in self.texts:
            m = _EXPIRED_AT.search(text)
            when = _message_time(m.group("when")) if m else None
            if when is not None and abs(when[0] - exp) > 1.5:
                return (
                    f"The service judged another token: its message names an expiry of "
                    f"{iso(when[0])}, the token sent expires at {iso_text(exp)} (a cached token, "
                    "or the service reads a token from somewhere else, e.g. a cookie)."
                )
        return None

    def _not_yet_valid(self) -> str:
        offset = self.clock.offset_seconds if self.clock else None
        said = self._said()
        if offset is not None and offset < -1:
            return (
                "The token is not yet valid by the server's clock, which runs "
                f"{span(-offset)} behind this machine's{said}: sync the clocks (NTP), "
                "or allow a clock skew."
            )
        return (
            f"The service says the token is not yet valid{said}: nbf or iat lies in its future; "
            "the issuer's clock runs ahead of the service's. Sync the clocks or allow a clock skew."
        )

    def _signature(self) -> str:
        said = self._said()
        report = self.verify_report
        if report is not None:
            if report.signature_valid:
                return (
                    f"The signature does not verify at the service{said}, but does with "
                    f"{report.key or 'the .env secret'}: the service runs with another secret "
                    "than the .env given (another environment, a stale deployment)."
                )
            if report.diagnosis:
                return f"The signature does not verify{said}: {report.diagnosis[0]}"
        return (
            f"The signature does not verify with the service's key{said}: the token was signed "
            "with another secret or key (another environment, the refresh secret, a rotated "
            "key); run with --env .env to find which."
        )

    def _no_reason(self) -> str:
        entry = getattr(self.explanation, "entry", None)
        meaning = getattr(entry, "meaning", None)
        server, local = self.token_server, self.token_local
        if isinstance(meaning, str) and meaning:
            library = getattr(entry, "library", "a known library")
            causes = getattr(entry, "causes", ())
            likely = f"; most likely: {causes[0].rstrip('.')}" if causes else ""
            if server is not None and server.status is ExpiryStatus.EXPIRED:
                # what the token shows beats the library's list of usual causes
                likely = (
                    f"; the token is expired at the server's clock{self._leeway_text()}, "
                    "which is the likely cause: get a new one"
                )
            return f"{library} says{self._said_plain()}: {meaning.rstrip('.')}{likely}."
        if self.claims is None:
            return (
                f"The service refused the token ({self.status}) without saying why"
                f"{self._cause_text()}."
            )
        if server is not None and server.status is ExpiryStatus.EXPIRED:
            return (
                f"The service gives no reason{self._cause_text()}; the token is expired at the "
                f"server's clock{self._leeway_text()}, which is the likely cause: get a new one."
            )
        if server is None and local is not None and local.status is ExpiryStatus.EXPIRED:
            return (
                f"The service gives no reason{self._cause_text()}; the token is expired by this "
                "machine's clock (the server's is unknown), the likely cause."
            )
        report = self.verify_report
        if report is not None and not report.valid:
            return f"The service gives no reason; verify finds: {report.message or report.reason}."
        if report is not None and report.valid:
            return (
                "The service gives no reason, yet the token verifies with the .env's secret and "
                "its times are fine at the server's clock: the service runs with another secret "
                "or other rules (audience, issuer, a revocation list)."
            )
        return (
            f"The service gives no reason{self._cause_text()}; the token's times are fine at the "
            "server's clock, so the signature (another secret or key) or a claim rule "
            "(aud, iss) is the likely cause: run with --env .env to check the signature."
        )

    # -- wording helpers

    def _body_says_something(self) -> bool:
        return self.body is not None and any(
            (self.body.error, self.body.message, self.body.description, self.body.code)
        )

    def _said_plain(self) -> str:
        text = self._service_message()
        return f" {text!r}" if text else ""

    def _said(self) -> str:
        text = self._service_message()
        return f" (the service says: {text!r})" if text else ""

    def _cause_text(self) -> str:
        text = self._service_message()
        return f": {text!r}" if text else ""

    def _service_message(self) -> str | None:
        text = self.answer.message if self.answer is not None else None
        if text is None:
            return None
        return clip(text, 160)

    def _challenge_text(self) -> str:
        bearer = self.bearer
        assert bearer is not None
        realm = bearer.get("realm")
        return bearer.scheme + (f' realm="{realm}"' if realm is not None else "")

    def _leeway_text(self) -> str:
        if self.stack is None or self.stack.leeway_seconds is None:
            return ""
        return f", with {self.stack.name}'s default leeway of {self.stack.leeway_seconds:g}s"


# -- the server's clock -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ServerClock:
    """The server's time and its offset from this machine's (jwtfix.clocks' one estimate)."""

    server_time: float
    """Unix seconds at the server when it answered (this machine's time + the estimate)."""
    offset: clocks.Offset
    """server - this machine, as an interval: positive when the server runs ahead."""
    source: str
    """`Date header` or `message` (a "Current time: ..." in the error)."""
    header: str | None = None
    """The raw `Date` value, when that is the source."""

    @property
    def offset_seconds(self) -> float:
        return round(self.offset.estimate, 3)

    @property
    def uncertainty_seconds(self) -> float:
        """How far off the estimate may be (resolution, a cached Date, the round trip)."""
        return round(self.offset.uncertainty, 3)

    @property
    def significant(self) -> bool:
        """The server's clock certainly differs from this machine's."""
        return self.offset.out_of_step(0.0)


_CURRENT_TIME = re.compile(
    r"current time:?\s*'?(?P<when>\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?"
    r"|\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2})'?",
    re.IGNORECASE,
)
_EXPIRED_AT = re.compile(
    r"(?:jwt expired at|token expired at|expired at|validto:)\s*'?"
    r"(?P<when>\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?"
    r"|\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2})",
    re.IGNORECASE,
)
_ALLOWED_SKEW = re.compile(r"allowed clock skew:\s*(\d+)\s*milliseconds", re.IGNORECASE)


def _message_time(text: str) -> tuple[float, float] | None:
    """(Unix seconds, resolution) of a time printed in a message, read as UTC."""
    text = text.strip().strip("'")
    try:
        if "/" in text:  # .NET InvariantCulture: MM/dd/yyyy HH:mm:ss, in UTC
            when = datetime.strptime(text, "%m/%d/%Y %H:%M:%S").replace(tzinfo=UTC)
            return when.timestamp(), 1.0
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp(), (0.001 if "." in text else 1.0)


def server_clock(exchange: Exchange, texts: list[str], now: float) -> ServerClock | None:
    """The server's clock at the time of `exchange`, shifted to `now` (this machine's).

    `now` is the time the command runs as (`--at` or the wall clock), and the
    offset is measured against the exchange's own send/receive stamps, so
    `server_time = now + offset`. A "Current time:" in a message is preferred
    over `Date` when it is finer (jjwt prints milliseconds).
    """
    if exchange.received_at is None:
        return None
    for text in texts:
        m = _CURRENT_TIME.search(text)
        parsed = _message_time(m.group("when")) if m else None
        if parsed is not None and parsed[1] < 1:
            offset = clocks.from_stamp(
                parsed[0],
                resolution=parsed[1],
                sent_at=exchange.sent_at,
                received_at=exchange.received_at,
                source="message",
            )
            return ServerClock(server_time=now + offset.estimate, offset=offset, source="message")
    measured = clock_offset(exchange)
    if measured is None:
        return None
    return ServerClock(
        server_time=now + measured.estimate,
        offset=measured,
        source="Date header",
        header=exchange.header("date"),
    )
