"""The check registry: `@check(ID, ...)` registers a function that yields Findings.

A check declares what it needs (a token, a refresh token, a `.env`, a secret or
key); when that input was not given, `run` reports a `skip` finding saying so
and never calls it. The function's docstring is its help text (and its SARIF
rule help); its first line is a summary, the rest says what to do.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from jwtfix.envfile import EnvFile, ServiceConfig, service_config
from jwtfix.keys import Secret
from jwtfix.model import CheckInfo, Finding, Location, Severity, Status

if TYPE_CHECKING:
    from jwtfix.ops.har import HarSession
    from jwtfix.ops.live import LiveTranscript
    from jwtfix.srcscan import SrcReport
    from jwtfix.tokens import ParsedToken

__all__ = ["Secret"]  # the one Secret of jwtfix.keys, re-exported for the check modules

CHECKLIST = {
    1: "Expiry times are appropriate",
    2: "A refresh endpoint exists",
    3: "The frontend handles 401 and refreshes",
    4: "Client and server clocks agree",
    5: "Tokens are stored safely",
    6: "Refresh tokens rotate on use",
    7: "Tokens are invalidated on logout",
    8: "The JWT secret is properly set",
    9: "Token format and structure are right",
    10: "The middleware checks expiry",
}
"""The ten items of the JWT debugging checklist; every check belongs to one."""


class Profile(StrEnum):
    PRODUCTION = "production"
    """Lifetimes outside the thresholds warn."""
    DEVELOPMENT = "development"
    """Lifetimes outside the thresholds pass, with a note."""


class Need(StrEnum):
    """An input a check cannot run without."""

    TOKEN_TEXT = "token_text"
    """The TOKEN argument, even one that does not parse (JWT101 judges that)."""
    TOKEN = "token"
    """A parsed token with readable claims (a JWS)."""
    HEADER = "header"
    """A parsed token, JWS or JWE: its header is readable either way."""
    REFRESH = "refresh"
    """A parsed refresh token (--refresh-token)."""
    ENV = "env"
    """A `.env` file (--env)."""
    SECRET = "secret"
    """An HMAC secret: --secret*, or JWT_SECRET of the .env."""
    VERIFY_KEY = "verify_key"
    """A secret or a key (--key) that the token's signature can be checked with."""
    HAR = "har"
    """A HAR transcript (`CheckContext.har`)."""
    LIVE = "live"
    """A transcript of the live flow against a running service (`CheckContext.live`)."""
    SRC = "src"
    """The service's and frontend's source code as read (`CheckContext.src`)."""


# Need -> (is it given?, the skip finding's message when not). A new input is one
# field of CheckContext, one Need and one row here.
_NEEDS: dict[Need, tuple[Callable[[CheckContext], bool], str]] = {
    Need.TOKEN_TEXT: (lambda c: c.token_text is not None, "no token given (pass TOKEN)"),
    Need.TOKEN: (
        lambda c: c.token is not None and c.token.payload is not None,
        "no token given (pass TOKEN)",
    ),
    Need.HEADER: (lambda c: c.token is not None, "no token given (pass TOKEN)"),
    Need.REFRESH: (
        lambda c: c.refresh is not None and c.refresh.payload is not None,
        "no refresh token given (pass --refresh-token)",
    ),
    Need.ENV: (lambda c: c.env is not None, "no .env given (pass --env PATH)"),
    Need.SECRET: (
        lambda c: c.secret is not None,
        "no secret given (pass --env with JWT_SECRET, or --secret-env / --secret-file)",
    ),
    Need.VERIFY_KEY: (
        lambda c: c.secret is not None or c.key is not None,
        "no secret or key given (pass --env, --secret-env, --secret-file or --key)",
    ),
    Need.HAR: (lambda c: c.har is not None, "no HAR file given (pass --har FILE.har)"),
    Need.LIVE: (lambda c: c.live is not None, "no running service given (pass --live URL)"),
    Need.SRC: (lambda c: c.src is not None, "no source code given (pass --src PATH)"),
}
SKIP_REASONS = {need: reason for need, (_, reason) in _NEEDS.items()}


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Acceptable lifetimes in seconds (SPEC defaults: access 15m-1h, refresh 7d-30d)."""

    access_min: float = 15 * 60
    access_max: float = 60 * 60
    refresh_min: float = 7 * 86_400
    refresh_max: float = 30 * 86_400


@dataclass(frozen=True)
class CheckContext:
    """Everything a check may look at; plain values, an explicit `now`.

    Grouped by input: the token, the refresh token, the service's `.env`, the
    key material, the transcripts (HAR, live run), then the settings. An input
    that is not given is None, and a check that needs it is skipped (see `Need`).
    """

    now: float
    # --- the token (TOKEN)
    token_text: str | None = None
    """The token as given (unwrapped), parsed or not."""
    token: ParsedToken | None = None
    token_error: str | None = None
    """Why the token did not parse (the parser's message), for JWT101."""
    # --- the refresh token (--refresh-token)
    refresh: ParsedToken | None = None
    refresh_error: str | None = None
    # --- the service's configuration (--env)
    env: EnvFile | None = None
    """The `.env` as read; `service` is what it configures."""
    service: ServiceConfig | None = None
    """Derived from `env` when not given."""
    # --- key material
    secret: Secret | None = None
    """The access secret: --secret* if given, else JWT_SECRET of the .env."""
    key: Any = None
    """A key loaded from --key (PEM or JWK), for JWT401."""
    # --- transcripts (room for the HAR and live-flow inputs)
    har: HarSession | None = None
    """The authentication timeline of a recorded session (--har), for JWT8xx."""
    # --- settings
    skew: float = 0.0
    buffer: float = 0.0
    profile: Profile = Profile.PRODUCTION
    thresholds: Thresholds = field(default_factory=Thresholds)
    wordlist: str | None = None
    """A wordlist file for JWT404, on top of the built-in list."""
    workers: int | None = None
    progress: Callable[[int, int | None], None] | None = None
    """Called as progress(done, total_bytes) while a wordlist is tried."""
    live: LiveTranscript | None = None
    """What the live flow sent to and got from the service (--live URL), for JWT7xx."""
    src: SrcReport | None = None
    """The service's and frontend's code as read (--src PATH), for JWT9xx."""
    token_opaque: bool = False
    """The access token (issued by the live flow) is opaque: the token checks cannot read it."""

    def __post_init__(self) -> None:
        if self.service is None and self.env is not None:
            object.__setattr__(self, "service", service_config(self.env))

    def has(self, need: Need) -> bool:
        return _NEEDS[need][0](self)

    def skip_reason(self, need: Need) -> str:
        if need in (Need.TOKEN_TEXT, Need.TOKEN, Need.HEADER) and self.token_opaque:
            return "the access token is opaque (not a JWT): its claims cannot be read"
        if need in (Need.TOKEN, Need.HEADER) and self.token_text is not None:
            if self.token is None:
                return "the token is not a JWT (see JWT101)"
            return "the token is encrypted (JWE): its claims cannot be read"
        if need is Need.REFRESH and self.refresh_error is not None:
            return f"the refresh token is not a JWT: {self.refresh_error}"
        if need is Need.REFRESH and self.refresh is not None:
            return "the refresh token is encrypted (JWE): its claims cannot be read"
        return SKIP_REASONS[need]


CheckFunc = Callable[[CheckContext], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Registered:
    info: CheckInfo
    func: CheckFunc
    needs: tuple[Need, ...]

    def run(self, ctx: CheckContext) -> list[Finding]:
        for need in self.needs:
            if not ctx.has(need):
                return [self.finding(Status.SKIP, ctx.skip_reason(need))]
        return list(self.func(ctx))

    def finding(
        self,
        status: Status,
        message: str,
        fix: str | None = None,
        *,
        location: Location | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        return Finding(
            id=self.info.id,
            title=self.info.title,
            status=status,
            message=message,
            fix=fix,
            severity=severity or self.info.severity,
            location=location,
        )


REGISTRY: dict[str, Registered] = {}


def check(
    id: str,
    *,
    title: str,
    item: int,
    severity: Severity = Severity.ERROR,
    needs: tuple[Need, ...] = (),
) -> Callable[[Callable[[CheckContext, Registered], Iterator[Finding]]], CheckFunc]:
    """Register a check under a stable public ID; its docstring is its help text."""
    if item not in CHECKLIST:
        raise ValueError(f"{id}: checklist item {item} does not exist")

    def register(
        func: Callable[[CheckContext, Registered], Iterator[Finding]],
    ) -> CheckFunc:
        if id in REGISTRY:
            raise ValueError(f"check ID {id} registered twice")
        doc = inspect.getdoc(func)
        if not doc:
            raise ValueError(f"check {id} has no docstring: it is the check's help text")
        info = CheckInfo(id=id, title=title, help=doc, severity=severity, item=item)

        def bound(ctx: CheckContext) -> Iterator[Finding]:
            return func(ctx, registered)

        registered = Registered(info, bound, needs)
        REGISTRY[id] = registered
        return bound

    return register
