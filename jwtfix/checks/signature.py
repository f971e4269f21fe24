"""JWT4xx: the token against the service's secret, key and settings (items 1, 8, 9)."""

from __future__ import annotations

from collections.abc import Iterator

from jwtfix.checks._common import amount, env_duration, lifetime
from jwtfix.checks.registry import CheckContext, Need, Registered, check
from jwtfix.jws import HMAC, HMAC_ALGS
from jwtfix.model import Finding, Location, Severity, Status
from jwtfix.ops.verify import VerifyReport, verify
from jwtfix.timefmt import span

# verify's reasons for not checking a signature that are about the key or the alg.
_KEY_REASONS = frozenset({"alg_not_allowed", "alg_none", "key_type_mismatch", "kid_not_found"})
# A token's lifetime may differ from the setting by rounding (jsonwebtoken floors
# iat + expiresIn), so a second either way is the same setting.
_ROUNDING = 1.0


def _hmac(alg: str | None) -> bool:
    return alg in HMAC_ALGS


@check("JWT401", title="Signature does not verify", item=8, needs=(Need.TOKEN, Need.VERIFY_KEY))
def signature(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The token's signature does not verify with the configured secret or key.

    The server answers "invalid signature". The usual causes: the token was
    signed by another service or environment, with the refresh secret, with a
    secret that has a stray newline or was base64-decoded on one side only, or
    with a well-known default. The message says which of these jwtfix found;
    `jwtfix verify --env .env TOKEN` shows the same diagnosis.
    """
    token = ctx.token
    assert token is not None
    alg = token.alg
    if alg is None or alg.lower() == "none" or not token.signature:
        yield me.finding(Status.SKIP, "the token is unsecured (see JWT102)")
        return
    if ctx.key is None and not _hmac(alg):
        yield me.finding(
            Status.SKIP,
            f"the token is {alg}, signed with a private key: pass --key with the public key "
            "to check it",
        )
        return
    report = _verify(ctx)
    what = report.key or (ctx.secret.origin if ctx.secret else "the key given")
    if report.signature_valid:
        yield me.finding(Status.PASS, f"the signature verifies with {what}")
        return
    if report.signature_valid is None and report.reason not in _KEY_REASONS:
        yield me.finding(Status.SKIP, f"the signature was not checked: {report.message}")
        return
    diagnosis = "; ".join(report.diagnosis)
    # The diagnosis names the key it was checked against; say it once.
    message = diagnosis or report.message or f"the signature does not verify with {what}"
    yield me.finding(
        Status.FAIL,
        message,
        "sign and verify with the same secret or key pair; `jwtfix verify` with the same key "
        "shows the diagnosis",
        location=Location(claim="signature"),
    )


def _verify(ctx: CheckContext) -> VerifyReport:
    assert ctx.token is not None
    secret, env_key = None, None
    if ctx.key is None and ctx.secret is not None:
        # The Secret as loaded (its encoding too), so that the diagnosis is verify's.
        secret = ctx.secret
        if ctx.secret.location is not None:
            env_key = "JWT_SECRET"
    return verify(
        ctx.token,
        now=ctx.now,
        secret=secret,
        key=ctx.key,
        skew=ctx.skew,
        env=ctx.env,
        env_key=env_key,
    )


@check(
    "JWT402",
    title="Lifetime differs from the configured expiry",
    item=1,
    severity=Severity.WARNING,
    needs=(Need.TOKEN, Need.ENV),
)
def configured_lifetime(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The token's lifetime (`exp - iat`) is not what `JWT_EXPIRES_IN` says.

    The token was not issued by the code that reads this `.env` (another
    service, environment or a hard-coded `expiresIn`), or the setting is read
    another way than you think (a bare number read as milliseconds). Find the
    `jwt.sign` call that made it and see which expiry it passes.
    """
    assert ctx.token is not None
    setting = env_duration(ctx, "JWT_EXPIRES_IN")
    if setting is None or setting.seconds is None:
        yield me.finding(Status.SKIP, "JWT_EXPIRES_IN is not set or not readable (see JWT306)")
        return
    seconds = lifetime(ctx.token.claims)
    if seconds is None:
        yield me.finding(Status.SKIP, "the token has no numeric exp and iat in seconds")
        return
    if abs(seconds - setting.seconds) <= _ROUNDING:
        yield me.finding(
            Status.PASS,
            f"the token's lifetime ({span(seconds)}) matches JWT_EXPIRES_IN={setting.text}",
        )
        return
    if setting.bare and abs(seconds - float(setting.text.strip())) <= _ROUNDING:
        yield me.finding(
            Status.PASS,
            f"the token's lifetime ({span(seconds)}) is JWT_EXPIRES_IN={setting.text.strip()} "
            "read as seconds: the signer converts the setting to a number (see JWT307)",
        )
        return
    yield me.finding(
        Status.WARN,
        f"the token's lifetime is {span(seconds)} but JWT_EXPIRES_IN={setting.text.strip()} "
        f"({setting.location.file}:{setting.location.line}) means {amount(setting.seconds)}: "
        "it was not issued with this setting",
        "find the code that signed it (another service, a hard-coded expiresIn, another "
        "environment's .env) and make it use JWT_EXPIRES_IN",
        location=setting.location,
    )


@check(
    "JWT403", title="Algorithm differs from JWT_ALGORITHM", item=9, needs=(Need.HEADER, Need.ENV)
)
def algorithm(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The token's `alg` is not the `JWT_ALGORITHM` of the `.env`.

    A verifier that pins its algorithm (as it should) rejects the token with
    "invalid algorithm". The token comes from another issuer, or signer and
    verifier are configured differently; sign with the algorithm the verifier
    expects.
    """
    assert ctx.token is not None and ctx.service is not None
    setting = ctx.service.algorithm
    configured = setting.value if setting else None
    if not configured or setting is None:
        yield me.finding(Status.SKIP, "JWT_ALGORITHM is not set in the .env")
        return
    alg = ctx.token.alg
    if alg == configured.strip():
        yield me.finding(Status.PASS, f"the token's alg {alg} is JWT_ALGORITHM")
        return
    yield me.finding(
        Status.FAIL,
        f"the token's alg is {alg!r} but {setting.where} is "
        f"{configured.strip()!r}: a verifier pinned to it rejects the token",
        f"sign with {configured.strip()} (jwt.sign(..., {{ algorithm: '{configured.strip()}' }}))"
        " or correct JWT_ALGORITHM",
        location=setting.location,
    )


@check("JWT404", title="Secret found in a wordlist", item=8, needs=(Need.HEADER,))
def cracked(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The HMAC secret of the token is in a list of weak secrets (built-in, or --wordlist).

    Anyone holding one token can test secrets offline, as fast as their
    hardware goes, and then forge any token. The built-in list holds framework
    and tutorial defaults, jwt.io's example secret, placeholders and common
    words; pass `--wordlist rockyou.txt` for a big list. Replace the secret with
    `openssl rand -base64 48` and rotate.
    """
    token = ctx.token
    assert token is not None
    from jwtfix.crack import find_secret

    if token.kind != "JWS" or token.alg not in HMAC or not token.signature:
        yield me.finding(Status.SKIP, f"the token is not HMAC-signed (alg {token.alg})")
        return

    where = "the built-in list of weak secrets"
    result = find_secret(token)
    if result is None and ctx.wordlist is not None:
        result = find_secret(
            token, wordlist=ctx.wordlist, workers=ctx.workers, progress=ctx.progress
        )
        where = f"line {result.line} of {ctx.wordlist}" if result else where
    if result is None:
        searched = "the built-in list of weak secrets" + (
            f" or in {ctx.wordlist}" if ctx.wordlist else ""
        )
        yield me.finding(Status.PASS, f"the secret is not in {searched}")
        return
    yield me.finding(
        Status.FAIL,
        f"the token's secret is in {where} ({result.length} bytes): anyone with one token can "
        "forge any token",
        "replace the secret with `openssl rand -base64 48`, deploy it everywhere tokens are "
        "verified, and revoke every token signed with the old one",
        location=Location(claim="signature"),
    )
