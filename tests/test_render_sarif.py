"""SARIF 2.1.0 output of `check`: valid against the official schema, rules, levels, locations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from check_reports import ODD, RULES, make_report
from jsonschema.validators import validator_for  # type: ignore[import-untyped]

from jwtfix.model import CheckReport, Finding, Location, Severity, Status
from jwtfix.render import sarif

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def validator() -> Any:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    cls = validator_for(schema)  # the schema says which draft it is (draft-04)
    cls.check_schema(schema)
    return cls(schema)


def errors(validator: Any, document: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def run(report: CheckReport, **options: bool) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(sarif.render(report, **options))
    assert len(document["runs"]) == 1
    run: dict[str, Any] = document["runs"][0]
    return run


@pytest.mark.parametrize("all_results", [False, True])
def test_valid_against_the_official_schema(validator: Any, all_results: bool) -> None:
    document = json.loads(sarif.render(make_report(), all_results=all_results))
    assert errors(validator, document) == []
    assert document["version"] == "2.1.0"
    assert document["$schema"].endswith("sarif-schema-2.1.0.json")


def test_empty_report_is_valid(validator: Any) -> None:
    document = json.loads(sarif.render(CheckReport(findings=(), rules=(), exit_code=0)))
    assert errors(validator, document) == []
    assert document["runs"][0]["results"] == []


def test_one_rule_per_check_with_help_and_default_level() -> None:
    driver = run(make_report())["tool"]["driver"]
    assert driver["name"] == "jwtfix"
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert list(rules)[: len(RULES)] == [info.id for info in RULES]
    structure = rules["JWT101"]
    assert structure["name"] == "TokenStructure"
    assert structure["shortDescription"]["text"] == "Token structure"
    assert structure["fullDescription"]["text"] == "The token must have three base64url segments."
    assert structure["help"]["text"].endswith("A JWS is header.payload.signature.")
    levels = {rule_id: rule["defaultConfiguration"]["level"] for rule_id, rule in rules.items()}
    assert levels["JWT204"] == "error"
    assert levels["JWT308"] == "warning"
    assert levels["JWT601"] == "note"
    # A finding whose check is not among the rules still gets one.
    assert "MANUAL-3" in rules


def test_results_point_at_their_rule() -> None:
    result_run = run(make_report(), all_results=True)
    rules = result_run["tool"]["driver"]["rules"]
    for result in result_run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_only_problems_are_results_by_default() -> None:
    results = run(make_report())["results"]
    assert [(r["ruleId"], r["kind"], r["level"]) for r in results] == [
        ("JWT204", "fail", "error"),
        ("JWT305", "fail", "error"),
        ("JWT308", "fail", "warning"),
        ("JWT601", "fail", "warning"),
    ]


def test_all_results_carry_their_kind_at_level_none() -> None:
    results = run(make_report(), all_results=True)["results"]
    kinds = {r["ruleId"]: (r["kind"], r["level"]) for r in results}
    assert kinds["JWT101"] == ("pass", "none")
    assert kinds["JWT206"] == ("notApplicable", "none")
    assert kinds["MANUAL-3"] == ("review", "none")


def test_fail_level_follows_the_severity() -> None:
    note = Finding(
        "JWT601", "Sensitive data in the payload", Status.FAIL, "x", severity=Severity.NOTE
    )
    (result,) = run(make_report(findings=(note,)))["results"]
    assert result["level"] == "note"


def test_env_findings_are_at_their_file_and_line() -> None:
    results = {r["ruleId"]: r for r in run(make_report())["results"]}
    physical = results["JWT305"]["locations"][0]["physicalLocation"]
    assert physical == {"artifactLocation": {"uri": "config/.env"}, "region": {"startLine": 4}}
    assert results["JWT308"]["locations"][0]["physicalLocation"]["region"]["startLine"] == 2


def test_token_findings_name_the_claim_or_have_no_location() -> None:
    results = {r["ruleId"]: r for r in run(make_report())["results"]}
    assert results["JWT204"]["locations"] == [
        {"logicalLocations": [{"name": "exp", "kind": "member"}]}
    ]
    assert "locations" not in results["JWT601"]


def test_message_holds_message_and_fix() -> None:
    results = {r["ruleId"]: r for r in run(make_report())["results"]}
    assert results["JWT305"]["message"]["text"] == f"{ODD}\nFix: set JWT_REFRESH_SECRET: a, new one"


def test_summary_and_exit_code_are_recorded() -> None:
    result_run = run(make_report())
    assert result_run["invocations"][0]["exitCode"] == 1
    assert result_run["properties"]["summary"] == make_report().summary()


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("config/.env", "config/.env"),
        ("my config/.env", "my%20config/.env"),
        ("config\\.env", "config/.env"),
        ("/srv/app/.env", "file:///srv/app/.env"),
    ],
)
def test_file_uris(path: str, uri: str) -> None:
    assert sarif.file_uri(path) == uri


def test_absolute_env_path_is_valid(validator: Any, tmp_path: Path) -> None:
    finding = Finding(
        "JWT305", "t", Status.FAIL, "m", location=Location(file=str(tmp_path / ".env"), line=1)
    )
    document = json.loads(sarif.render(make_report(findings=(finding,))))
    assert errors(validator, document) == []


EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.mark.parametrize(
    "args",
    [
        ["--env", "broken.env", "--refresh-token", "@refresh.jwt", "@expired-access.jwt"],
        ["--env", "good.env", "@valid-access.jwt"],
    ],
)
def test_check_command_output_is_valid(
    validator: Any, cli: Any, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(EXAMPLES)
    result = cli("check", "--format", "sarif", *args)
    assert result.exit_code in (0, 1), result.stderr
    document = json.loads(result.stdout)
    assert errors(validator, document) == []
    located = [
        loc["physicalLocation"]
        for res in document["runs"][0]["results"]
        for loc in res.get("locations", [])
        if "physicalLocation" in loc
    ]
    if "broken.env" in args:
        assert {"artifactLocation": {"uri": "broken.env"}, "region": {"startLine": 4}} in located
