"""GitHub workflow commands for `check`: annotations, escaping that survives a round trip."""

from __future__ import annotations

import re

from jwtfix.model import CheckInfo, CheckReport, Finding, Location, Severity, Status
from jwtfix.render import github

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


COMMAND = re.compile(r"^::(error|warning|notice) ?([^:]*)::(.*)$")


def unescape(text: str) -> str:
    # The runner's decoding, in the reverse order of the encoding.
    for escaped, raw in (("%2C", ","), ("%3A", ":"), ("%0A", "\n"), ("%0D", "\r"), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def commands(report: CheckReport) -> list[tuple[str, dict[str, str], str]]:
    parsed = []
    for line in github.render(report).splitlines():
        match = COMMAND.match(line)
        if match:
            kind, props, data = match.groups()
            properties = dict(prop.split("=", 1) for prop in props.split(",")) if props else {}
            parsed.append((kind, {k: unescape(v) for k, v in properties.items()}, unescape(data)))
    return parsed


def test_failures_and_warnings_become_annotations() -> None:
    found = commands(make_report())
    assert [(kind, props.get("title")) for kind, props, _ in found] == [
        ("error", "JWT204"),
        ("error", "JWT305"),
        ("warning", "JWT308"),
        ("warning", "JWT601"),
    ]


def test_env_findings_name_file_and_line() -> None:
    lines = github.render(make_report()).splitlines()
    assert lines[1].startswith("::error file=config/.env,line=4,title=JWT305::")
    _, props, _ = commands(make_report())[2]
    assert props == {"file": "config/.env", "line": "2", "title": "JWT308"}


def test_message_with_percent_colon_and_newlines_survives() -> None:
    text = github.render(make_report())
    # Every command stays on one line: one line per annotation plus the summary.
    assert len(text.splitlines()) == 5
    assert "\r" not in text
    _, _, data = commands(make_report())[1]
    assert (
        data
        == f"Refresh secret equals access secret: {ODD}\nFix: set JWT_REFRESH_SECRET: a, new one"
    )


def test_properties_escape_colon_and_comma() -> None:
    finding = Finding(
        "JWT308",
        ".env hazards",
        Status.FAIL,
        "m",
        location=Location(file="C:\\app,1\\.env", line=7),
    )
    line = github.render(make_report(findings=(finding,))).splitlines()[0]
    assert line.startswith("::error file=C%3A\\app%2C1\\.env,line=7,title=JWT308::")
    _, props, _ = commands(make_report(findings=(finding,)))[0]
    assert props["file"] == "C:\\app,1\\.env"


def test_strict_makes_warnings_errors() -> None:
    assert {kind for kind, _, _ in commands(make_report(strict=True))} == {"error"}


def test_pass_skip_manual_are_only_counted() -> None:
    lines = github.render(make_report()).splitlines()
    assert not any("JWT101" in line or "JWT206" in line or "MANUAL-3" in line for line in lines)
    assert lines[-1] == "jwtfix check: 1 pass, 2 warn, 2 fail, 1 skip, 1 manual"


def test_escape_functions() -> None:
    assert github.escape_data("50%\r\n:,") == "50%25%0D%0A:,"
    assert github.escape_property("50%\r\n:,") == "50%25%0D%0A%3A%2C"
