"""JUnit XML output of `check`, for CI test reports (`--format junit`).

One test suite, "jwtfix check", with one test case per finding: classname
`jwtfix.check.<area>` after the ID's hundreds (structure, times, config,
signature, refresh, payload, har; `manual` for the MANUAL-n checklist
items) and name `JWT204 Token expired`.

* `fail` -> `<failure>`; `warn` -> `<failure>` under `--strict`, else a
  passing case whose `<system-out>` holds the warning;
* `skip` and `manual` -> `<skipped>` with the reason or what to look at;
* `pass` -> a passing case.

The counts on `<testsuites>` and `<testsuite>` are those of the cases.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from jwtfix.model import CheckReport, Finding, Status

SUITE = "jwtfix check"

AREAS = {
    "1": "structure",
    "2": "times",
    "3": "config",
    "4": "signature",
    "5": "refresh",
    "6": "payload",
    "8": "har",
    "9": "code",
}
"""First digit of a finding ID -> the area in the test case's classname."""

# Characters XML 1.0 cannot hold even escaped; a claim value may contain them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render(report: CheckReport) -> str:
    """The JUnit XML document of a `check` report."""
    cases = [_case(finding, report.strict) for finding in report.findings]
    failures = sum(1 for case in cases if case.find("failure") is not None)
    skipped = sum(1 for case in cases if case.find("skipped") is not None)
    counts = {
        "tests": str(len(cases)),
        "failures": str(failures),
        "errors": "0",
        "skipped": str(skipped),
        "time": "0",
    }
    root = ET.Element("testsuites", {"name": "jwtfix", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE, **counts})
    suite.extend(cases)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def classname(finding_id: str) -> str:
    if finding_id.startswith("MANUAL"):
        return "jwtfix.check.manual"  # checklist items no tool can check (MANUAL-3)
    digits = finding_id.removeprefix("JWT")
    return f"jwtfix.check.{AREAS.get(digits[:1], 'other')}"


def _case(finding: Finding, strict: bool) -> ET.Element:
    case = ET.Element(
        "testcase",
        {
            "classname": classname(finding.id),
            "name": _xml(f"{finding.id} {finding.title}"),
            "time": "0",
        },
    )
    where = finding.location
    if where is not None and where.file and where.line is not None:
        # `file` and `line` as GitLab and Jenkins read them; the column in the text
        case.set("file", _xml(where.file))
        case.set("line", str(where.line))
    text = _xml(finding.message if not finding.fix else f"{finding.message}\nFix: {finding.fix}")
    if where is not None and where.file and where.line is not None and where.column is not None:
        # code findings (check --src): file:line:column first, as compilers print them
        text = _xml(f"{where.file}:{where.line}:{where.column}: ") + text
    status = finding.status
    if status is Status.FAIL or (status is Status.WARN and strict):
        failure = ET.SubElement(
            case, "failure", {"message": _xml(finding.message), "type": status.value}
        )
        failure.text = text
    elif status in (Status.SKIP, Status.MANUAL):
        ET.SubElement(case, "skipped", {"message": _xml(f"{status.value}: {finding.message}")})
        if finding.fix:
            ET.SubElement(case, "system-out").text = text
    else:
        ET.SubElement(case, "system-out").text = f"{status.value}: {text}"
    return case


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
