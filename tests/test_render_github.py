"""GitHub workflow commands for `check`: annotations, escaping that survives a round trip."""

from __future__ import annotations

import re

from check_reports import ODD, make_report

from jwtfix.model import CheckReport, Finding, Location, Status
from jwtfix.render import github

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
