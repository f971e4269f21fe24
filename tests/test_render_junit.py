"""JUnit XML output of `check`: parses, one case per finding, counts that match."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from check_reports import FINDINGS, ODD, make_report

from jwtfix.model import CheckReport, Finding, Status
from jwtfix.render import junit


def parse(report: CheckReport) -> ET.Element:
    text = junit.render(report)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(text.encode("utf-8"))


def cases(root: ET.Element) -> dict[str, ET.Element]:
    return {case.get("name", "").split()[0]: case for case in root.iter("testcase")}


@pytest.mark.parametrize(("strict", "failures"), [(False, 2), (True, 4)])
def test_counts_match_the_cases(strict: bool, failures: int) -> None:
    root = parse(make_report(strict=strict))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "jwtfix check"
    testcases = suite.findall("testcase")
    assert len(testcases) == len(FINDINGS)
    counted = {
        "tests": len(testcases),
        "failures": sum(1 for c in testcases if c.find("failure") is not None),
        "errors": sum(1 for c in testcases if c.find("error") is not None),
        "skipped": sum(1 for c in testcases if c.find("skipped") is not None),
    }
    assert counted == {"tests": 7, "failures": failures, "errors": 0, "skipped": 2}
    for element in (root, suite):
        assert {key: int(element.get(key, "-1")) for key in counted} == counted


def test_case_names_and_classnames() -> None:
    by_id = cases(parse(make_report()))
    assert by_id["JWT305"].get("name") == "JWT305 Refresh secret equals access secret"
    assert by_id["JWT305"].get("classname") == "jwtfix.check.config"
    assert by_id["JWT101"].get("classname") == "jwtfix.check.structure"
    assert by_id["JWT204"].get("classname") == "jwtfix.check.times"
    assert by_id["MANUAL-3"].get("classname") == "jwtfix.check.manual"


def test_failure_keeps_message_and_fix() -> None:
    failure = cases(parse(make_report()))["JWT305"].find("failure")
    assert failure is not None
    assert failure.get("message") == ODD
    # XML parsers normalise CRLF in element text to LF, as they should.
    assert failure.text == f"{ODD}\nFix: set JWT_REFRESH_SECRET: a, new one".replace("\r\n", "\n")


def test_warning_passes_unless_strict() -> None:
    lenient = cases(parse(make_report()))["JWT308"]
    assert lenient.find("failure") is None
    out = lenient.find("system-out")
    assert out is not None
    assert out.text == "warn: JWT_SECRET ends in a space"
    strict = cases(parse(make_report(strict=True)))["JWT308"].find("failure")
    assert strict is not None
    assert strict.get("type") == "warn"


def test_skip_and_manual_are_skipped_with_the_reason() -> None:
    by_id = cases(parse(make_report()))
    skipped = by_id["JWT206"].find("skipped")
    manual = by_id["MANUAL-3"].find("skipped")
    assert skipped is not None
    assert manual is not None
    assert skipped.get("message") == "skip: no iat claim"
    assert manual.get("message") == "manual: look at the HTTP client's 401 handler"


def test_characters_xml_cannot_hold_do_not_break_the_document() -> None:
    finding = Finding("JWT601", "Sensitive data", Status.FAIL, "claim 'a\x00b\x1b[31m' found")
    failure = cases(parse(make_report(findings=(finding,))))["JWT601"].find("failure")
    assert failure is not None
    assert failure.get("message") == "claim 'a\ufffdb\ufffd[31m' found"


def test_empty_report() -> None:
    root = parse(CheckReport(findings=(), rules=(), exit_code=0))
    assert root.get("tests") == "0"
    assert root.findall("testsuite/testcase") == []
