"""JWT5xx: the refresh token (--refresh-token): lifetime, secret, rotation (items 1, 6, 8)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from jwtfix.checks._common import env_duration, judge_range, lifetime
from jwtfix.checks.registry import CheckContext, Need, Registered, check
from jwtfix.jws import hmac_verifies
from jwtfix.model import Finding, Location, Severity, Status
from jwtfix.timefmt import span

if TYPE_CHECKING:
    from jwtfix.tokens import ParsedToken


def _refresh_claims(ctx: CheckContext) -> dict[str, object]:
    assert ctx.refresh is not None
    return ctx.refresh.claims


@check(
    "JWT501",
    title="Refresh token lifetime outside the range",
    item=1,
    severity=Severity.WARNING,
    needs=(Need.REFRESH,),
)
def refresh_lifetime(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The refresh token's lifetime (`exp - iat`) is outside the profile's refresh range.

    A refresh token that lives for months (or has no `exp`) keeps a stolen
    session alive that long; one that lives minutes logs users out. Set
    `JWT_REFRESH_EXPIRES_IN` within the range (7d-30d by default, see
    `--refresh-min/--refresh-max`).
    """
    claims = _refresh_claims(ctx)
    if "exp" not in claims:
        yield me.finding(
            Status.FAIL,
            "the refresh token has no exp claim: a stolen one works forever",
            "sign refresh tokens with an expiry (expiresIn: '7d') and store them so they can be "
            "revoked",
            location=Location(claim="refresh.exp"),
        )
        return
    seconds = lifetime(claims)
    if seconds is None or seconds <= 0:
        yield me.finding(
            Status.SKIP, "the refresh token has no numeric exp after iat: lifetime unknown"
        )
        return
    verdict = judge_range(ctx, seconds, "refresh", "the refresh token's lifetime (exp - iat)")
    yield me.finding(
        verdict.status,
        verdict.message,
        verdict.fix,
        location=Location(claim="refresh.exp") if verdict.status is not Status.PASS else None,
    )


@check(
    "JWT502",
    title="Refresh token signed with the access secret",
    item=8,
    needs=(Need.REFRESH, Need.SECRET),
)
def refresh_secret(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The refresh token verifies with the access-token secret.

    Then the refresh token, which lives for days, is also a valid access token
    for every API that checks only the signature. Sign refresh tokens with
    `JWT_REFRESH_SECRET`, and verify access tokens with `JWT_SECRET` only.
    """
    refresh, secret = ctx.refresh, ctx.secret
    assert refresh is not None and secret is not None
    alg = refresh.alg or ""
    if not alg.upper().startswith("HS") or not refresh.signature:
        yield me.finding(Status.SKIP, f"the refresh token is not HMAC-signed (alg {alg or None})")
        return
    if hmac_verifies(refresh, secret.value):
        typed = _type_claim(ctx.token, refresh)
        call = ctx.live.call("refuse-refresh-token") if ctx.live is not None else None
        if typed is not None and call is not None and not call.accepted:
            claim, access_type, refresh_type = typed
            yield me.finding(
                Status.WARN,
                f"the refresh token verifies with the access secret ({secret.origin}), but the "
                f"service tells the two apart by the claim {claim} ({refresh_type!r} vs "
                f"{access_type!r}): it refused the refresh token as a bearer (JWT703); an API "
                "that checks only the signature would accept it",
                f"keep checking {claim} on every API, or sign refresh tokens with their own "
                "secret (JWT_REFRESH_SECRET)",
                severity=Severity.WARNING,
                location=Location(claim="refresh.signature"),
            )
            return
        if call is not None and not call.accepted:
            # Refused as a bearer by this service (JWT703), by a rule the tokens do not show.
            yield me.finding(
                Status.WARN,
                f"the refresh token verifies with the access secret ({secret.origin}); this "
                f"service refused it as a bearer (JWT703, {call.status}), but any API that "
                "checks only the signature would accept it",
                "sign refresh tokens with JWT_REFRESH_SECRET (a different random value) and "
                "verify them only at the refresh endpoint",
                severity=Severity.WARNING,
                location=Location(claim="refresh.signature"),
            )
            return
        yield me.finding(
            Status.FAIL,
            f"the refresh token verifies with the access secret ({secret.origin}): it is "
            "accepted as an access token",
            "sign refresh tokens with JWT_REFRESH_SECRET (a different random value) and verify "
            "them only at the refresh endpoint",
            location=Location(claim="refresh.signature"),
        )
    else:
        yield me.finding(
            Status.PASS,
            f"the refresh token does not verify with the access secret ({secret.origin})",
        )


@check(
    "JWT503",
    title="Refresh token lives no longer than the access token",
    item=1,
    needs=(Need.REFRESH,),
)
def refresh_shorter(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The refresh token's lifetime is not longer than the access token's.

    When the access token expires, the refresh token is already dead, so the
    client cannot refresh and the user is logged out. Refresh tokens live days,
    access tokens minutes.
    """
    refresh_seconds = lifetime(_refresh_claims(ctx))
    access_seconds: float | None = None
    source = "the access token"
    if ctx.token is not None and ctx.token.payload is not None:
        access_seconds = lifetime(ctx.token.claims)
    if access_seconds is None:
        setting = env_duration(ctx, "JWT_EXPIRES_IN")
        if setting is not None and setting.seconds is not None:
            access_seconds = setting.seconds
            source = f"JWT_EXPIRES_IN ({setting.location.file}:{setting.location.line})"
    if refresh_seconds is None or access_seconds is None:
        yield me.finding(
            Status.SKIP,
            "needs the lifetimes of both tokens (exp and iat), or JWT_EXPIRES_IN in the .env",
        )
        return
    if refresh_seconds <= access_seconds:
        yield me.finding(
            Status.FAIL,
            f"the refresh token lives {span(refresh_seconds)}, no longer than {source} "
            f"({span(access_seconds)}): it dies before it can renew the access token",
            "give refresh tokens a lifetime of days (JWT_REFRESH_EXPIRES_IN=7d) and access tokens "
            "minutes (JWT_EXPIRES_IN=15m)",
            location=Location(claim="refresh.exp"),
        )
    else:
        yield me.finding(
            Status.PASS,
            f"the refresh token lives {span(refresh_seconds)}, longer than {source} "
            f"({span(access_seconds)})",
        )


@check(
    "JWT504",
    title="Refresh token has no jti",
    item=6,
    severity=Severity.WARNING,
    needs=(Need.REFRESH,),
)
def refresh_jti(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The refresh token has no `jti` (token ID).

    Without an ID, the server cannot remember which refresh tokens it issued,
    so it can neither rotate them (accept each one once and issue a new one)
    nor revoke one session at logout. Give each refresh token a random `jti`
    (`jwtid: crypto.randomUUID()`) and store it.
    """
    jti = _refresh_claims(ctx).get("jti")
    if isinstance(jti, str) and jti:
        yield me.finding(Status.PASS, "the refresh token has a jti: it can be rotated and revoked")
        return
    yield me.finding(
        Status.WARN,
        "the refresh token has no jti: it cannot be rotated or revoked one by one",
        "sign refresh tokens with a random jti (jsonwebtoken: jwtid: crypto.randomUUID()), store "
        "it, accept each one once and delete it at logout",
        location=Location(claim="refresh.jti"),
    )


_TYPE_CLAIMS = ("token_type", "type", "typ")
"""Claims that name a token's type (simplejwt: token_type; Flask-JWT-Extended: type)."""


def _type_claim(access: ParsedToken | None, refresh: ParsedToken) -> tuple[str, Any, Any] | None:
    """(claim, access's value, refresh's value) of a type claim the two tokens disagree on."""
    if access is None or not isinstance(access.payload, dict):
        return None
    for claim in _TYPE_CLAIMS:
        a, r = access.payload.get(claim), refresh.claims.get(claim)
        if isinstance(a, str) and isinstance(r, str) and a != r:
            return claim, a, r
    return None
