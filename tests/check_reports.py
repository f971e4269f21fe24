"""A small CheckReport shared by the SARIF, JUnit and GitHub renderer tests.

Built from model objects directly, so the renderers are tested apart from the
checks; it holds every status, a .env location, a claim location, a MANUAL
item and a message with the characters each format must escape.
"""

from __future__ import annotations

from jwtfix.model import CheckInfo, CheckReport, Finding, Location, Severity, Status

RULES = (
    CheckInfo(
        "JWT101",
        "Token structure",
        "The token must have three base64url segments.\n\nA JWS is header.payload.signature.",
        Severity.ERROR,
        9,
    ),
    CheckInfo(
        "JWT204",
        "Token expired",
        "The exp claim is past, beyond the allowed clock skew.",
        Severity.ERROR,
        1,
    ),
    CheckInfo(
        "JWT206", "Clocks disagree", "iat is in the future beyond the skew.", Severity.WARNING, 4
    ),
    CheckInfo(
        "JWT305", "Refresh secret equals access secret", "Use two secrets.", Severity.ERROR, 8
    ),
    CheckInfo(
        "JWT308", ".env hazards", "Whitespace, CR, duplicate keys, BOM.", Severity.WARNING, 8
    ),
    CheckInfo("JWT601", "Sensitive data in the payload", "", Severity.NOTE, 9),
)
ODD = "100% sure: a, b\nsecond line\r\nthird"
FINDINGS = (
    Finding("JWT101", "Token structure", Status.PASS, "three segments, base64url, JSON objects"),
    Finding(
        "JWT204",
        "Token expired",
        Status.FAIL,
        "expired 3h 12m ago",
        fix="refresh it",
        location=Location(claim="exp"),
    ),
    Finding(
        "JWT305",
        "Refresh secret equals access secret",
        Status.FAIL,
        ODD,
        fix="set JWT_REFRESH_SECRET: a, new one",
        location=Location(file="config/.env", line=4),
    ),
    Finding(
        "JWT308",
        ".env hazards",
        Status.WARN,
        "JWT_SECRET ends in a space",
        severity=Severity.WARNING,
        location=Location(file="config/.env", line=2),
    ),
    Finding("JWT206", "Clocks disagree", Status.SKIP, "no iat claim", severity=Severity.WARNING),
    Finding(
        "MANUAL-3",
        "Frontend handles 401",
        Status.MANUAL,
        "look at the HTTP client's 401 handler",
        fix="retry once after a refresh",
    ),
    Finding(
        "JWT601",
        "Sensitive data in the payload",
        Status.WARN,
        "claim 'password' present",
        severity=Severity.NOTE,
    ),
)


def make_report(*, strict: bool = False, findings: tuple[Finding, ...] = FINDINGS) -> CheckReport:
    return CheckReport(findings=findings, rules=RULES, exit_code=1, strict=strict)
