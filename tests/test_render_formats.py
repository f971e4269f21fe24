"""`render.for_format`: every check output format has a renderer, and fixes live in reports."""

from __future__ import annotations

import json
from typing import Any

import pytest
from check_reports import make_report
from conftest import NOW, make_token

from jwtfix import render
from jwtfix.model import Status
from jwtfix.ops.expiry import ExpiryStatus, evaluate
from jwtfix.render.json import expiry_document


@pytest.mark.parametrize("fmt", list(render.Format))
def test_every_format_renders_the_failed_findings(fmt: render.Format) -> None:
    report = make_report()
    text = render.for_format(fmt, color=False)(report)
    assert text.strip()
    # Every format names each failed check (the human one by title, the others by ID).
    for finding in report.findings:
        if finding.status is Status.FAIL:
            name = finding.title if fmt is render.Format.HUMAN else finding.id
            assert name in text, (fmt, finding.id)


@pytest.mark.parametrize("fmt", list(render.Format))
def test_check_format_option_uses_the_same_renderer(cli: Any, fmt: render.Format) -> None:
    result = cli("check", "--format", fmt.value, "--at", str(NOW), make_token({"sub": "a"}))
    assert result.exit_code in (0, 1), result.stderr
    assert result.stdout.strip()


def test_expiry_fix_is_in_the_report_and_the_json() -> None:
    report = evaluate({"iat": NOW - 3600, "exp": NOW - 600}, now=NOW)
    assert report.status is ExpiryStatus.EXPIRED
    assert report.fix is not None and "refresh endpoint" in report.fix
    assert expiry_document(report)["fix"] == report.fix
    valid = evaluate({"iat": NOW, "exp": NOW + 900}, now=NOW)
    assert valid.fix is None and expiry_document(valid)["fix"] is None


def test_cli_expiry_json_carries_the_fix_the_human_output_shows(cli: Any) -> None:
    token = make_token({"iat": NOW - 3600, "exp": NOW - 600})
    doc = json.loads(cli("expiry", "--json", "--at", str(NOW), token).stdout)
    human = cli("expiry", "--at", str(NOW), token).stdout
    assert doc["fix"] and f"fix: {doc['fix'][:40]}" in " ".join(human.split())
