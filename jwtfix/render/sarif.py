"""SARIF 2.1.0 output of `check`, for code-scanning tools (`--format sarif`).

One run, one rule per selected check (its docstring is the rule's help, its
severity the rule's default level), one result per finding that needs
attention. Findings about a `.env` line are placed at that file and line;
findings about a token name the claim as a logical location.

Only `fail` and `warn` findings become results by default: GitHub code
scanning turns every result into an alert whatever its SARIF `kind`, so a
`pass` would show up as a problem. `render(report, all_results=True)` also
emits `pass` (kind `pass`), `skip` (kind `notApplicable`) and `manual` (kind
`review`), all at level `none`, for viewers that honour `kind`. The counts per
status are always in the run's `properties.summary`.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePath, PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from jwtfix import __version__
from jwtfix.model import CheckInfo, CheckReport, Finding, Location, Severity, Status

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SARIF_VERSION = "2.1.0"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "note"}
"""Severity -> SARIF level, for rules and for `fail` findings."""

KINDS = {
    Status.FAIL: "fail",
    Status.WARN: "fail",
    Status.PASS: "pass",
    Status.SKIP: "notApplicable",
    Status.MANUAL: "review",
}
"""Status -> SARIF result kind."""

_PROBLEMS = frozenset({Status.FAIL, Status.WARN})


def render(report: CheckReport, *, all_results: bool = False) -> str:
    """The SARIF log of a `check` report, as JSON text."""
    return json.dumps(document(report, all_results=all_results), indent=2, ensure_ascii=False)


def document(report: CheckReport, *, all_results: bool = False) -> dict[str, Any]:
    rules = list(report.rules)
    index = {rule.id: i for i, rule in enumerate(rules)}
    for finding in report.findings:
        if finding.id not in index:  # a finding of an unlisted check still needs a rule
            index[finding.id] = len(rules)
            rules.append(CheckInfo(finding.id, finding.title, "", finding.severity, 0))
    results = [
        _result(finding, index[finding.id])
        for finding in report.findings
        if all_results or finding.status in _PROBLEMS
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "jwtfix",
                        "version": __version__,
                        "rules": [_rule(rule) for rule in rules],
                    }
                },
                "invocations": [
                    {"executionSuccessful": True, "exitCode": report.exit_code},
                ],
                "results": results,
                "properties": {"summary": report.summary(), "strict": report.strict},
            }
        ],
    }


def _rule(rule: CheckInfo) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": _pascal(rule.title) or rule.id,
        "shortDescription": {"text": rule.title},
    }
    help_text = rule.help.strip()
    if help_text:
        descriptor["fullDescription"] = {"text": help_text.split("\n\n", 1)[0].strip()}
        descriptor["help"] = {"text": help_text}
    descriptor["defaultConfiguration"] = {"level": LEVELS[rule.severity]}
    if rule.item:
        descriptor["properties"] = {"checklistItem": rule.item}
    return descriptor


def _pascal(title: str) -> str:
    """`Token expired` -> `TokenExpired`: SARIF's readable rule name."""
    return "".join(word[:1].upper() + word[1:] for word in re.findall(r"[A-Za-z0-9]+", title))


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    text = finding.message
    if finding.fix:
        text = f"{text}\nFix: {finding.fix}"
    result: dict[str, Any] = {
        "ruleId": finding.id,
        "ruleIndex": rule_index,
        "kind": KINDS[finding.status],
        "level": _level(finding),
        "message": {"text": text},
    }
    location = _location(finding.location)
    if location:
        result["locations"] = [location]
    return result


def _level(finding: Finding) -> str:
    if finding.status is Status.FAIL:
        return LEVELS[finding.severity]
    if finding.status is Status.WARN:
        return "warning"
    return "none"  # SARIF 3.27.10: any kind but `fail` has level `none`


def _location(where: Location | None) -> dict[str, Any]:
    if where is None:
        return {}
    location: dict[str, Any] = {}
    if where.file:
        physical: dict[str, Any] = {"artifactLocation": {"uri": file_uri(where.file)}}
        if where.line is not None and where.line >= 1:
            physical["region"] = {"startLine": where.line}
            if where.column is not None and where.column >= 1:
                physical["region"]["startColumn"] = where.column
        location["physicalLocation"] = physical
    logical: dict[str, Any] = {}
    if where.claim:
        logical = {"name": where.claim, "kind": "member"}
    elif where.entry is not None:
        logical = {"name": f"entries[{where.entry}]", "kind": "element"}
    if logical:
        location["logicalLocations"] = [logical]
    return location


def file_uri(path: str) -> str:
    """A path as a SARIF URI: relative paths stay relative (to the repository root)."""
    pure: PurePath = PureWindowsPath(path) if "\\" in path else PurePosixPath(path)
    if pure.is_absolute():
        return pure.as_uri()
    # A file name that is not UTF-8 reaches us with surrogate escapes (as os.fsdecode gives
    # it); its bytes are percent-encoded as they are, as as_uri() does for absolute paths.
    return quote(pure.as_posix().encode("utf-8", "surrogateescape"), safe="/")
