"""JWT3xx: the service's `.env`: secrets, expiry settings and file hazards (items 1, 8)."""

from __future__ import annotations

from collections.abc import Iterator

from jwtfix.checks._common import EnvDuration, amount, env_duration, judge_range
from jwtfix.checks.registry import CheckContext, Need, Registered, Secret, check
from jwtfix.envfile import ACCESS_EXPIRY, REFRESH_EXPIRY, REFRESH_SECRET, ServiceConfig, hazards
from jwtfix.jws import HMAC, hmac_min_length
from jwtfix.model import Finding, Location, Severity, Status
from jwtfix.placeholders import placeholder_shape
from jwtfix.timefmt import span
from jwtfix.weak_secrets import is_weak_secret


def _service(ctx: CheckContext) -> ServiceConfig:
    assert ctx.service is not None
    return ctx.service


def _configured_alg(ctx: CheckContext) -> str:
    service = ctx.service
    return service.algorithm.value if service and service.algorithm else ""


def _algorithm(ctx: CheckContext) -> str:
    """The HMAC algorithm the secrets are for: JWT_ALGORITHM, else the token's, else HS256."""
    for alg in (_configured_alg(ctx), ctx.token.alg if ctx.token else None):
        if alg and alg.strip().upper() in HMAC:
            return alg.strip().upper()
    return "HS256"


def _is_asymmetric(ctx: CheckContext) -> bool:
    return _configured_alg(ctx).strip().upper()[:2] in ("RS", "PS", "ES", "ED")


def _secrets(ctx: CheckContext) -> list[tuple[Secret, Location | None]]:
    """The access secret (options or JWT_SECRET) and JWT_REFRESH_SECRET, with their lines."""
    found: list[tuple[Secret, Location | None]] = []
    if ctx.secret is not None:
        found.append((ctx.secret, ctx.secret.location))
    refresh = ctx.service.load_secret(REFRESH_SECRET) if ctx.service else None
    if refresh is not None:
        found.append((refresh, refresh.location))
    return found


@check("JWT301", title="JWT_SECRET missing or empty", item=8, needs=(Need.ENV,))
def secret_missing(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """`JWT_SECRET` is not in the `.env`, or is empty.

    jsonwebtoken then fails with "secretOrPrivateKey must have a value", or,
    worse, the code falls back to a default written next to it. Generate a
    random secret (`openssl rand -base64 48`) and set it in the `.env` or the
    secret store of the deployment.
    """
    service = _service(ctx)
    entry = service.secret
    fix = "generate one with `openssl rand -base64 48` and set JWT_SECRET=<it> in " + service.path
    if entry is None:
        if _is_asymmetric(ctx):
            yield me.finding(
                Status.PASS,
                f"no JWT_SECRET, and JWT_ALGORITHM is {_configured_alg(ctx)}: the service "
                "signs with a key pair",
            )
            return
        yield me.finding(Status.FAIL, f"JWT_SECRET is not set in {service.path}", fix)
    elif not entry.value:
        yield me.finding(Status.FAIL, f"{entry.where} is empty", fix, location=entry.location)
    else:
        yield me.finding(Status.PASS, f"{entry.where} is set")


@check("JWT302", title="Secret too short", item=8, needs=(Need.SECRET,))
def secret_short(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The HMAC secret is shorter than the algorithm's hash: 32/48/64 bytes for HS256/384/512.

    RFC 7518 section 3.2 requires a key at least as long as the hash; a short
    secret can be brute-forced offline from a single token (PyJWT warns with
    InsecureKeyLengthWarning). Generate a random one of the right length:
    `openssl rand -base64 48` gives 64 characters.
    """
    alg = _algorithm(ctx)
    need = hmac_min_length(alg)
    for secret, location in _secrets(ctx):
        length = len(secret.value)
        if length < need:
            yield me.finding(
                Status.FAIL,
                f"{secret.origin} is {length} bytes; {alg} needs at least {need}",
                f"replace it with a random secret of {need}+ bytes: `openssl rand -base64 48`",
                location=location,
            )
        else:
            yield me.finding(Status.PASS, f"{secret.origin} is {length} bytes ({alg} needs {need})")


@check("JWT303", title="Weak or well-known secret", item=8, needs=(Need.SECRET,))
def secret_weak(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The secret is a placeholder (`changeme`), a framework or tutorial default, or a word.

    Placeholders are found by list and by shape (`your-…-key`, `change-me…`,
    `…-min-32-chars`, `replace…`, `example…`): an instruction that someone forgot
    to follow, such as `change-this-to-a-long-random-string`.

    Such secrets are the first thing anyone tries: with one, every token the
    service issues can be forged. Tools try them in milliseconds against any
    token they see. Replace it with a random secret (`openssl rand -base64 48`)
    and rotate: every token signed with the old one must die.
    """
    for secret, location in _secrets(ctx):
        if is_weak_secret(secret.value):
            yield me.finding(
                Status.FAIL,
                f"{secret.origin} is a placeholder, a well-known default or a dictionary word "
                f"({len(secret.value)} bytes)",
                "replace it with `openssl rand -base64 48` and rotate: tokens signed with it can "
                "be forged by anyone",
                location=location,
            )
        elif (shape := placeholder_shape(secret.value)) is not None:
            yield me.finding(
                Status.FAIL,
                f"{secret.origin} has the shape of a placeholder ({shape}, "
                f"{len(secret.value)} bytes): an instruction to put a secret here, not a secret",
                "replace it with `openssl rand -base64 48` and rotate: placeholders from "
                "tutorials are the first secrets anyone tries",
                location=location,
            )
        else:
            yield me.finding(
                Status.PASS, f"{secret.origin} is not a known default, placeholder or word"
            )


@check(
    "JWT304",
    title="No refresh secret",
    item=8,
    severity=Severity.WARNING,
    needs=(Need.ENV,),
)
def refresh_secret_missing(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """No `JWT_REFRESH_SECRET` is configured.

    With one secret for both, a refresh token is accepted where an access token
    is expected (and the other way round) unless every verifier checks a `typ`
    claim. Sign refresh tokens with their own secret.
    """
    service = _service(ctx)
    entry = service.refresh_secret
    if entry is not None and entry.value:
        yield me.finding(Status.PASS, f"{entry.where} is set")
        return
    if ctx.live is not None and ctx.live.refresh_opaque:
        # SPEC 4.1: an opaque refresh token is looked up, not verified: it needs no secret.
        yield me.finding(
            Status.PASS,
            f"JWT_REFRESH_SECRET is not set in {service.path}, and none is needed: the "
            "service's refresh token is opaque (not a signed JWT)",
        )
        return
    yield me.finding(
        Status.WARN,
        f"JWT_REFRESH_SECRET is {'empty' if entry else 'not set'} in {service.path}: refresh "
        "tokens are signed with the access secret, so one passes for the other",
        "add JWT_REFRESH_SECRET=<`openssl rand -base64 48`> and sign refresh tokens with it",
        location=entry.location if entry else None,
    )


@check("JWT305", title="Refresh secret equals access secret", item=8, needs=(Need.ENV,))
def same_secret(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """`JWT_REFRESH_SECRET` is the same as `JWT_SECRET` (perhaps up to whitespace).

    A refresh token then verifies as an access token: a long-lived credential
    opens every API. Give the refresh tokens a secret of their own.
    """
    service = _service(ctx)
    access, refresh = service.secret, service.refresh_secret
    if not (access and refresh and access.value and refresh.value):
        yield me.finding(Status.SKIP, "JWT_SECRET and JWT_REFRESH_SECRET are not both set")
        return
    fix = "set JWT_REFRESH_SECRET to its own random value (`openssl rand -base64 48`)"
    where = refresh.location
    if access.value == refresh.value:
        yield me.finding(
            Status.FAIL,
            f"{refresh.where} equals {access.where}: a refresh token is accepted as an access "
            "token",
            fix,
            location=where,
        )
    elif access.value.strip() == refresh.value.strip():
        yield me.finding(
            Status.FAIL,
            f"{refresh.where} equals {access.where} but for "
            "white space, which some loaders trim: then they are the same secret",
            fix,
            location=where,
        )
    else:
        yield me.finding(Status.PASS, "JWT_REFRESH_SECRET differs from JWT_SECRET")


def _settings(ctx: CheckContext) -> list[tuple[EnvDuration, str]]:
    found = []
    for key, kind in ((ACCESS_EXPIRY, "access"), (REFRESH_EXPIRY, "refresh")):
        setting = env_duration(ctx, key)
        if setting is not None:
            found.append((setting, kind))
    return found


@check("JWT306", title="Expiry setting unparseable or out of range", item=1, needs=(Need.ENV,))
def expiry_setting(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """`JWT_EXPIRES_IN` or `JWT_REFRESH_EXPIRES_IN` cannot be read, or is outside the range.

    The settings are read as jsonwebtoken's `expiresIn` reads a string (the
    `ms` grammar: `15m`, `1h`, `7d`). A value it cannot read makes every
    `jwt.sign` throw; one outside the profile's range (access 15m-1h, refresh
    7d-30d by default, see `--access-min` ...) is a warning under the
    production profile and passes with a note under development.
    """
    settings = _settings(ctx)
    if not settings:
        yield me.finding(
            Status.SKIP, f"neither {ACCESS_EXPIRY} nor {REFRESH_EXPIRY} is set in the .env"
        )
        return
    for setting, kind in settings:
        label = f"{setting.key}={setting.text.strip()} ({setting.location.file}:"
        label += f"{setting.location.line})"
        if setting.seconds is None:
            yield me.finding(
                Status.FAIL,
                f"{label} is not a duration jsonwebtoken can read: jwt.sign throws "
                "'\"expiresIn\" should be a number of seconds or string representing a timespan'",
                "write a number and a unit: 900s, 15m, 1h, 7d",
                location=setting.location,
            )
            continue
        if setting.seconds <= 0:
            yield me.finding(
                Status.FAIL,
                f"{label} is {setting.seconds:g} s: every token is expired when it is issued",
                "use a positive duration such as 15m",
                location=setting.location,
            )
            continue
        what = label
        if setting.bare:
            what += " as jsonwebtoken reads it (a bare number is milliseconds, see JWT307)"
        verdict = judge_range(ctx, setting.seconds, kind, what)
        yield me.finding(
            verdict.status,
            verdict.message,
            verdict.fix,
            location=setting.location if verdict.status is not Status.PASS else None,
            severity=Severity.WARNING,
        )


@check(
    "JWT307",
    title="Unitless expiry read as milliseconds",
    item=1,
    severity=Severity.WARNING,
    needs=(Need.ENV,),
)
def unitless(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """An expiry setting is a bare number such as `JWT_EXPIRES_IN=900`.

    Environment variables are strings, and jsonwebtoken reads a string through
    `ms`, where a number without a unit is milliseconds: `expiresIn: "900"` is
    0.9 seconds, not 15 minutes, and every token is expired on arrival. Write
    the unit (`900s`, `15m`), or convert in code (`Number(process.env...)`)
    if seconds are meant.
    """
    settings = _settings(ctx)
    if not settings:
        yield me.finding(
            Status.SKIP, f"neither {ACCESS_EXPIRY} nor {REFRESH_EXPIRY} is set in the .env"
        )
        return
    found = False
    for setting, _ in settings:
        if not setting.bare:
            continue
        found = True
        number = setting.text.strip()
        try:
            as_seconds = span(float(number))
        except ValueError:  # pragma: no cover - is_bare_number accepted it
            as_seconds = number
        yield me.finding(
            Status.WARN,
            f"{setting.key}={number} has no unit: jsonwebtoken reads the string {number!r} as "
            f"{number} ms, not {number} s ({as_seconds})",
            f"write {setting.key}={number}s (or {as_seconds.replace(' ', '')}), or pass "
            f"Number(process.env.{setting.key}) if the code means seconds",
            location=setting.location,
        )
    if not found:
        yield me.finding(Status.PASS, "the expiry settings have units")


@check("JWT308", title="Hazards in the .env file", item=8, needs=(Need.ENV,))
def env_hazards(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The `.env` has text that loaders read differently: duplicate keys, white space or a
    carriage return around a secret, unbalanced quotes, a byte order mark.

    python-dotenv, Node's dotenv, docker `--env-file`, systemd and secret
    stores each handle these differently, so a service, its tests and its
    deployment end up with different secrets and tokens fail to verify "for no
    reason". Each finding names the line; fix it there.
    """
    env = _service(ctx).env
    found = hazards(env)
    if not found:
        yield me.finding(
            Status.PASS,
            f"{env.path} has no duplicate keys, stray white space, unbalanced quotes or BOM",
        )
        return
    for hazard in found:
        yield me.finding(
            hazard.status,
            hazard.message,
            hazard.fix,
            location=Location(file=env.path, line=hazard.line),
            severity=Severity.ERROR if hazard.status is Status.FAIL else Severity.WARNING,
        )


@check("JWT309", title="Access expiry not shorter than refresh", item=1, needs=(Need.ENV,))
def access_vs_refresh(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """`JWT_EXPIRES_IN` is not shorter than `JWT_REFRESH_EXPIRES_IN`.

    The refresh token must outlive the access token it renews; otherwise the
    client cannot refresh when the access token expires and users are logged
    out. Make access tokens short (15m) and refresh tokens long (7d).
    """
    access, refresh = env_duration(ctx, ACCESS_EXPIRY), env_duration(ctx, REFRESH_EXPIRY)
    if access is None or refresh is None:
        yield me.finding(
            Status.SKIP, f"{ACCESS_EXPIRY} and {REFRESH_EXPIRY} are not both set in the .env"
        )
        return
    if access.seconds is None or refresh.seconds is None:
        yield me.finding(Status.SKIP, "an expiry setting is unreadable (see JWT306)")
        return
    if access.seconds >= refresh.seconds:
        yield me.finding(
            Status.FAIL,
            f"{ACCESS_EXPIRY} ({amount(access.seconds)}) is not shorter than {REFRESH_EXPIRY} "
            f"({amount(refresh.seconds)}): the refresh token dies first",
            f"make {ACCESS_EXPIRY} short (15m) and {REFRESH_EXPIRY} long (7d)",
            location=access.location,
        )
    else:
        yield me.finding(
            Status.PASS,
            f"{ACCESS_EXPIRY} ({amount(access.seconds)}) is shorter than {REFRESH_EXPIRY} "
            f"({amount(refresh.seconds)})",
        )
