"""The verdict: the one sentence human output starts with (SPEC 4.5).

Which problem matters most is decided here, over the reports, not by the
renderers: a token that is refused *now* (not a JWT, unsigned, a signature
that does not verify, expired, not yet valid) comes before how the service
is configured, failures before warnings, and among equals the order of
`RANK`. Each verdict names the problem and what to do, or says that nothing
is wrong. Pure: reports and plain values in, a `Verdict` out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from jwtfix.model import CheckReport, Finding, Status, Verdict
from jwtfix.timefmt import is_numeric_date, iso_text, ms, relative, span

if TYPE_CHECKING:
    from jwtfix.envfile import ServiceConfig
    from jwtfix.ops.expiry import ExpiryReport
    from jwtfix.ops.har import HarSession
    from jwtfix.ops.verify import VerifyReport


RANK = (
    # the token is refused now, whatever the configuration
    "JWT101", "JWT102", "JWT401", "JWT204", "JWT205", "JWT206", "JWT202", "JWT208", "JWT403",
    "JWT201", "JWT203",
    # what a running service or a recorded session showed
    "JWT702", "JWT703", "JWT801", "JWT802", "JWT706", "JWT707", "JWT709", "JWT705", "JWT704",
    "JWT710", "JWT805", "JWT803", "JWT804", "JWT806",
    # the secret, then the expiry settings
    "JWT301", "JWT308", "JWT305", "JWT502", "JWT303", "JWT404", "JWT302", "JWT304",
    "JWT306", "JWT307", "JWT309", "JWT207", "JWT402", "JWT501", "JWT503", "JWT504",
)  # fmt: skip
"""Among findings of the same status, the earlier ID is the more important."""


def most_important(findings: Iterable[Finding]) -> Finding | None:
    """The failing finding that matters most, else the warning; None when neither."""
    ranked = [f for f in findings if f.status in (Status.FAIL, Status.WARN)]
    if not ranked:
        return None

    def key(finding: Finding) -> tuple[int, int, str]:
        status = 0 if finding.status is Status.FAIL else 1
        rank = RANK.index(finding.id) if finding.id in RANK else len(RANK)
        return (status, rank, finding.id)

    return min(ranked, key=key)


def check_verdict(
    report: CheckReport,
    *,
    now: float,
    claims: dict[str, Any] | None = None,
    service: ServiceConfig | None = None,
) -> Verdict:
    """The verdict of `check` (and `har`): its most important finding, with the fix."""
    top = most_important(report.findings)
    if top is None:
        counts = report.summary()
        ran = counts["pass"]
        manual = counts["manual"]
        rest = f"; {manual} item{'s' if manual != 1 else ''} to check by hand" if manual else ""
        if not ran:
            return Verdict(Status.PASS, f"Nothing was checked that could fail{rest}.")
        return Verdict(
            Status.PASS,
            f"Nothing wrong found: {ran} check{'s' if ran != 1 else ''} passed{rest}.",
        )
    if top.id == "JWT204" and top.status is Status.FAIL and claims is not None:
        return Verdict(Status.FAIL, expired_sentence(claims, now, service), top.id)
    return Verdict(top.status, _finding_sentence(top), top.id)


SENSITIVE_EXPORT = (
    "record the session again and export it with its sensitive data (Chrome DevTools, "
    'Network panel: "Export HAR (with sensitive data)", offered once "Allow to generate '
    'HAR with sensitive data" is on in its settings)'
)
"""How to get a HAR that keeps Authorization headers and cookies."""


def har_verdict(report: CheckReport, recorded: HarSession) -> Verdict | None:
    """The verdict of `har`: check's, except where the recording leaves nothing to judge.

    A HAR without any session token (none sent, none handed out; a project's API key is
    not one) passes every check vacuously: the verdict says so, and how to record one.
    One where tokens were handed out but no request carried one passes the checks of
    what requests sent without judging them: the verdict adds that.
    """
    verdict = report.verdict
    if verdict is None or verdict.status is not Status.PASS:
        return verdict
    if not recorded.session_tokens:
        keys = [k.label for k in recorded.api_keys]
        held = (
            "no token"
            if not keys
            else f"no session token, only the project's API key {', '.join(keys)} (an "
            "apikey header or an anon key: the same for every user)"
        )
        return Verdict(
            Status.SKIP,
            f"The recording holds {held}, so nothing about tokens could be judged "
            f"(exported sanitized?): {SENSITIVE_EXPORT}.",
        )
    if not any(e.token for e in recorded.entries):
        return Verdict(
            Status.PASS,
            f"{verdict.text.rstrip('.')}, but no request carries a bearer token, so expired "
            f"tokens sent and 401 handling were not judged (exported sanitized?): "
            f"{SENSITIVE_EXPORT}.",
        )
    return verdict


def _finding_sentence(finding: Finding) -> str:
    """`Title (ID): the message's first clause — the fix.` (the detail follows below it)."""
    message = _brief(finding.message.split("; ", 1)[0]).rstrip(". ")
    text = f"{finding.title} ({finding.id}): {message}"
    if finding.fix:
        text += f" — {finding.fix.rstrip('. ')}"
    return text + "."


def _brief(text: str) -> str:
    """The text without its parenthesised asides (sizes, dates, examples): the detail follows."""
    while True:
        shorter = re.sub(r" \([^()]*\)", "", text)
        if shorter == text:
            return text
        text = shorter


def expired_sentence(claims: dict[str, Any], now: float, service: ServiceConfig | None) -> str:
    """`The token expired 7m ago after living 5m, as JWT_EXPIRES_IN=5m at .env:4 sets: ...`."""
    exp: Any = claims.get("exp")
    iat: Any = claims.get("iat")
    text = f"The token expired {span(now - exp)} ago"
    if is_numeric_date(iat) and iat < exp:
        lifetime = exp - iat
        text += f" after living {span(lifetime)}"
        setting = service.access_expiry if service is not None else None
        if setting is not None and setting.text:
            seconds = _setting_seconds(setting.text)
            if seconds is not None and abs(seconds - lifetime) <= 1:
                text += f", as {setting.key}={setting.text} at {setting.path}:{setting.line} sets"
    return text + ": the client must refresh it (on the 401, or before exp) and retry the request."


def _setting_seconds(text: str) -> float | None:
    """An expiry setting in seconds as the signer most likely uses it (a bare number: seconds)."""
    try:
        return float(text)
    except ValueError:
        value = ms(text)
        return value / 1000 if value is not None else None


def expiry_verdict(report: ExpiryReport) -> Verdict:
    """The verdict of `expiry`: usable now, and should the client refresh."""
    from jwtfix.ops.expiry import ExpiryStatus

    status, now = report.status, report.now
    remaining = report.remaining_seconds
    if status is ExpiryStatus.MALFORMED:
        return Verdict(
            Status.FAIL,
            "exp or nbf is not a number (NumericDate): servers reject the token; "
            "sign it with numeric times.",
        )
    if status is ExpiryStatus.NOT_YET_VALID:
        return Verdict(
            Status.FAIL,
            f"The token is not valid yet: nbf is {relative(report.nbf - now)} "
            f"({iso_text(report.nbf)}); wait, or check the issuer's clock (`jwtfix probe`).",
        )
    if status is ExpiryStatus.NO_EXP:
        return Verdict(
            Status.WARN,
            "The token has no exp: it never expires, so a stolen copy works forever; "
            "sign it with an expiry (e.g. 15m).",
        )
    assert remaining is not None
    lifetime = report.lifetime_seconds
    lived = f" after living {span(lifetime)}" if lifetime is not None and lifetime > 0 else ""
    if status is ExpiryStatus.EXPIRED:
        skew = (
            f", beyond the clock skew of {span(report.skew_seconds)}" if report.skew_seconds else ""
        )
        return Verdict(
            Status.FAIL,
            f"The token expired {span(-remaining)} ago{lived}{skew}: the client must refresh "
            "it (on the 401, or before exp) and retry the request.",
        )
    if remaining <= 0:  # past exp, still inside the skew
        grace = report.skew_seconds + remaining
        return Verdict(
            Status.WARN,
            f"The token is {span(-remaining)} past exp, but a server with a clock skew of "
            f"{span(report.skew_seconds)} still accepts it for {span(grace)} more: "
            "refresh it now.",
        )
    if status is ExpiryStatus.EXPIRING:
        return Verdict(
            Status.WARN,
            f"The token expires {relative(remaining)}, inside the refresh buffer of "
            f"{span(report.buffer_seconds)}: refresh it now.",
        )
    return Verdict(
        Status.PASS,
        f"The token is valid and expires {relative(remaining)} ({iso_text(report.exp)}); "
        "nothing to do.",
    )


def verify_verdict(report: VerifyReport) -> Verdict:
    """The verdict of `verify`: whether the signature verified, and what refuses the token."""
    key = report.key or "the key"
    if report.valid:
        exp = (report.payload or {}).get("exp")
        until = (
            f", expires {relative(exp - report.now)}"
            if isinstance(exp, int | float) and is_numeric_date(exp)
            else ", no exp: it never expires"
        )
        return Verdict(
            Status.PASS,
            f"Valid: the {report.alg} signature verifies with {key} and the claims pass{until}.",
        )
    reason = report.reason or "invalid"
    message = (report.message or reason).rstrip(". ")
    hint = f" — {report.diagnosis[0].rstrip('. ')}" if report.diagnosis else ""
    if report.signature_valid is True and reason == "expired":
        return Verdict(
            Status.FAIL,
            f"The signature verifies with {key}, but {message}: the key is right, the client "
            "must refresh the token (on the 401, or before exp) and retry.",
            reason,
        )
    if report.signature_valid is True:
        return Verdict(
            Status.FAIL,
            f"The signature verifies with {key}, but the token is refused: {message}{hint}.",
            reason,
        )
    if report.signature_valid is False:
        why = report.diagnosis[0].rstrip(". ") if report.diagnosis else message
        return Verdict(Status.FAIL, f"The signature does not verify with {key}: {why}.", reason)
    return Verdict(Status.FAIL, f"Refused before the signature was checked: {message}{hint}.")


_NAME_START = re.compile(r"[A-Za-z]\w*(?:[A-Z0-9_]|::|\.\w|\()")
"""A first word that is a name or code and keeps its case: `NEXTAUTH_SECRET`, `JwtBearer`,
`SSL`, `Validator::assert`, `JWT.decode`."""

_SENTENCE_WORDS = frozenset(
    {
        *("A", "An", "The", "This", "That", "These", "Those", "It", "Its", "No", "Not"),
        *("Another", "One", "Some", "Any", "All", "Each", "Every", "Both", "Either", "Neither"),
        *("In", "On", "At", "For", "With", "When", "If", "Or", "And", "But"),
    }
)
"""Words that start a sentence but are no name, even inside a library's name."""


def _mid_sentence(text: str, library: str = "", prose: str = "") -> str:
    """A sentence's text put after a colon: its first letter lower-cased, unless the first
    word is a name (`NEXTAUTH_SECRET is missing`, not `nEXTAUTH_SECRET is missing`): a
    word of the `library`'s name, or one `prose` about it writes with its capital inside a
    sentence (`Keycloak refuses ...` where the text says `... asks Keycloak ...`)."""
    if _NAME_START.match(text) or text.startswith("I "):
        return text
    first = re.match(r"[A-Z][\w-]*", text)
    if first and first[0] not in _SENTENCE_WORDS:
        word = re.escape(first[0])
        if re.search(rf"(?<![\w-]){word}(?![\w-])", library) or re.search(
            rf"(?<=[\w,;)] ){word}(?![\w-])", prose
        ):
            return text
    return text[:1].lower() + text[1:]


def explain_verdict(explanation: Any, diagnosis: Any = None) -> Verdict:
    """The verdict of `explain`: what the token showed (with --token), else the likeliest cause.

    `explanation` is an `ops.explain.Explanation`, `diagnosis` its `Diagnosis` or None.
    """
    if diagnosis is not None and diagnosis.verdict:
        status = Status.FAIL if diagnosis.failed else Status.PASS
        found = (
            expiry_verdict(diagnosis.report)
            if diagnosis.command == "expiry"
            else verify_verdict(diagnosis.report)
        )
        if not diagnosis.failed or found.status is Status.PASS:
            return Verdict(status, diagnosis.verdict)
        detail = _mid_sentence(found.text)
        return Verdict(status, f"{diagnosis.verdict.rstrip('. ')} — {detail}")
    entry = explanation.entry
    if entry is None:
        if not explanation.candidates:
            return Verdict(
                Status.FAIL,
                "jwtfix does not know this message, and it does not read as a token error.",
            )
        return Verdict(
            Status.FAIL,
            "jwtfix does not know this message: look at the closest ones below, or "
            "`jwtfix explain --list` for every known one.",
        )
    cause = entry.causes[0].rstrip(". ") if entry.causes else entry.meaning.rstrip(". ")
    prose = " ".join((entry.meaning, *entry.fixes[:1], *entry.messages))  # where its names show
    who = entry.library
    printers = getattr(explanation, "printed_by", ())
    if len(printers) > 1:  # the same words printed by several libraries the text does not name
        more = len(printers) - 1
        others = "another library" if more == 1 else f"{more} other libraries"
        who = f"{entry.library} (or {others} printing these words)"
    cause = _mid_sentence(cause, entry.library, prose)
    return Verdict(
        Status.WARN, f"{who}: most often {cause}; {entry.next.strip()} tells which cause it is."
    )
