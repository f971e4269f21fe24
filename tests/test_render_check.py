"""The human and JSON renderers of `check`: pure functions of a CheckReport."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, NOW

from jwtfix import checks, envfile, tokens
from jwtfix.checks import CheckContext
from jwtfix.model import CheckInfo, CheckReport, Finding, Location, Severity, Status
from jwtfix.render.human import check as check_human
from jwtfix.render.json import check_document

ROOT = Path(__file__).parent.parent
GOLDEN = DATA / "check-broken-env.txt"
"""`--verbose`: every finding."""
GOLDEN_SUMMARY = DATA / "check-broken-env-summary.txt"
"""The default: per item its status, then only what is not pass."""


def broken_report() -> CheckReport:
    env = envfile.parse((ROOT / "examples/broken.env").read_text(), "examples/broken.env")
    token = (ROOT / "examples/expired-access.jwt").read_text().strip()
    context = CheckContext(now=NOW, env=env, token_text=token, token=tokens.parse(token))
    return checks.run(context, inputs=("token (argument)", ".env (examples/broken.env)"))


@pytest.mark.parametrize(("verbose", "golden"), [(True, GOLDEN), (False, GOLDEN_SUMMARY)])
def test_human_output_matches_the_golden_file(verbose: bool, golden: Path) -> None:
    text = check_human.render(broken_report(), color=False, verbose=verbose)
    if os.environ.get("JWTFIX_UPDATE_GOLDEN"):
        golden.write_text(text)
    assert text == golden.read_text()


def test_the_summary_shows_each_item_and_only_what_is_not_pass() -> None:
    report = broken_report()
    # wide enough that no message wraps: this test is about what is shown, not the layout
    text = check_human.render(report, color=False, width=1000)
    verbose = check_human.render(report, color=False, verbose=True, width=1000)
    assert "✔ pass" not in text
    assert "✔ pass" in verbose
    for finding in report.findings:
        if finding.status in (Status.WARN, Status.FAIL):
            assert finding.message in text
        if finding.status is Status.SKIP and "(pass " in finding.message:
            # Skipped for want of an input: counted on the `not run:` line, which names it.
            wanted = finding.message.rsplit("(pass ", 1)[1].rstrip(")")
            assert re.search(rf"^Not run: .*\d+ checks? needs? {re.escape(wanted)}", text, re.M)
        elif finding.status is not Status.PASS:
            assert finding.id in text
    headings = [line for line in text.splitlines() if re.match(r"\d+\. ", line)]
    items = {rule.id: rule.item for rule in report.rules}
    assert len(headings) == len({items[finding.id] for finding in report.findings})


def test_the_good_example_fits_on_one_screen(cli: Any) -> None:
    """About 45 lines for a healthy token and .env at 80 columns (each manual item names the
    inputs that would settle it, --src among them): the warnings stand out."""
    args = (
        "check",
        "--env",
        str(ROOT / "examples/good.env"),
        str(ROOT / "examples/valid-access.jwt"),
    )
    stdout = cli(*args).stdout
    short = stdout.splitlines()
    assert len(short) <= 50
    assert sum("! warn " in line for line in short) == 2
    # Each manual item names the input that would settle it.
    manual = [line for line in short if "? manual" in line]
    assert manual and " ".join(stdout.split()).count("would check this") == len(manual)
    assert len(cli(*args, "--verbose").stdout.splitlines()) > len(short)


def report_of(*statuses: Status, strict: bool = False) -> CheckReport:
    rule = CheckInfo("JWT204", "Token expired", "help", Severity.ERROR, 10)
    found = tuple(
        Finding("JWT204", "Token expired", s, f"{s.value} message", "do x") for s in statuses
    )
    return CheckReport(
        findings=found,
        rules=(rule,),
        exit_code=checks.exit_code(found, strict=strict),
        strict=strict,
    )


@pytest.mark.parametrize(
    ("statuses", "strict", "verdict"),
    [
        ((Status.PASS,), False, "1 passed — exit 0"),
        (
            (Status.FAIL, Status.FAIL, Status.WARN, Status.PASS),
            False,
            "2 failed, 1 warning, 1 passed — exit 1",
        ),
        ((Status.WARN, Status.WARN), True, "2 warnings — exit 1 (--strict: warnings fail)"),
        ((Status.SKIP, Status.MANUAL), False, "1 skipped, 1 to check by hand — exit 0"),
        ((), False, "no checks selected — exit 0"),
    ],
)
def test_verdict(statuses: tuple[Status, ...], strict: bool, verdict: str) -> None:
    report = report_of(*statuses, strict=strict)
    assert check_human.verdict(report) == verdict
    assert check_human.render(report, color=False).rstrip("\n").endswith(verdict)


def test_fix_is_shown_under_non_pass_findings_only() -> None:
    text = check_human.render(report_of(Status.PASS, Status.FAIL), color=False)
    assert text.count("fix: do x") == 1
    assert "fix: do x" in text.split("fail message", 1)[1]


def test_skips_with_the_same_reason_share_a_line() -> None:
    report = checks.run(CheckContext(now=NOW), select_ids=["JWT1"])
    verbose = check_human.render(report, color=False, verbose=True, width=120)
    assert "JWT101, JWT102, JWT103, JWT104, JWT105: no token given (pass TOKEN)" in verbose
    # By default, checks skipped for want of an input are one count per input.
    assert "Not run: 5 checks need TOKEN (--verbose lists them)." in check_human.render(
        report, color=False
    )


def test_colour_only_when_asked() -> None:
    report = report_of(Status.FAIL)
    assert "\x1b[" not in check_human.render(report, color=False)
    assert "\x1b[" in check_human.render(report, color=True)


@pytest.mark.parametrize("color", [False, True])
def test_no_line_ends_in_padding(color: bool) -> None:
    # rich pads table cells to the width; a copied line or a log keeps none of it.
    rendered = check_human.render(broken_report(), color=color, width=80)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", rendered)
    assert all(line == line.rstrip() for line in plain.split("\n"))
    # ... and a line that fills the width with a `✘` or a `—` in it fits it in bytes too
    assert max(len(line.encode()) for line in plain.split("\n")) <= 80


def test_json_document() -> None:
    document = check_document(broken_report())
    assert document["exit_code"] == 1
    assert document["inputs"] == ["token (argument)", ".env (examples/broken.env)"]
    by_id = {f["id"]: f for f in document["findings"]}
    assert by_id["JWT307"]["location"] == {"file": "examples/broken.env", "line": 5}
    assert by_id["JWT307"]["checklist_item"] == 1
    assert by_id["JWT204"]["location"] is None and by_id["JWT204"]["claim"] == "exp"
    assert by_id["MANUAL-3"]["status"] == "manual" and by_id["MANUAL-3"]["severity"] == "note"
    assert list(document)[:4] == ["schema_version", "findings", "summary", "exit_code"]


def test_json_location_without_a_file_is_null() -> None:
    finding = Finding("JWT601", "t", Status.FAIL, "m", location=Location(claim="password"))
    rule = CheckInfo("JWT601", "t", "h", Severity.ERROR, 9)
    report = CheckReport(findings=(finding,), rules=(rule,), exit_code=1)
    (item,) = check_document(report)["findings"]
    assert item["location"] is None and item["claim"] == "password"
