"""Renderers: pure functions from a report to text, organised by output format.

`human/` (rich; one module per command family, so that a command loads only
its own), `json.py` (standard library only: `--json` never imports rich),
and the CI formats of `check`: `github.py`, `sarif.py`, `junit.py`, each a
`render(report) -> str`. `for_format` is the one place that maps a check
output format to its renderer; a new format is a `Format` member, a module
and a branch there (mypy's `assert_never` says when the branch is missing).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, assert_never

if TYPE_CHECKING:
    from jwtfix.model import CheckReport

Renderer = Callable[["CheckReport"], str]
"""A check report -> the text printed on stdout."""


class Format(StrEnum):
    """The output formats of `check --format`."""

    HUMAN = "human"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"
    JUNIT = "junit"


def for_format(fmt: Format, *, color: bool = False) -> Renderer:
    """The renderer of `fmt`; the modules are imported here, only for the format asked."""
    if fmt is Format.HUMAN:
        from jwtfix.render.human import check

        return lambda report: check.render(report, color=color)
    if fmt is Format.JSON:
        from jwtfix.render.json import check_document, dumps

        return lambda report: dumps(check_document(report))
    if fmt is Format.GITHUB:
        from jwtfix.render import github

        return github.render
    if fmt is Format.SARIF:
        from jwtfix.render import sarif

        return sarif.render
    if fmt is Format.JUNIT:
        from jwtfix.render import junit

        return junit.render
    assert_never(fmt)
