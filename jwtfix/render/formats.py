"""The output formats of `check` and `for_format`, the one map from a format to its renderer.

A new format is a `Format` member, a module and a branch in `for_format`
(mypy's `assert_never` says when the branch is missing). Exposed as
`jwtfix.render.Format` / `jwtfix.render.for_format`.
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


def for_format(
    fmt: Format, *, color: bool = False, verbose: bool = False, width: int | None = None
) -> Renderer:
    """The renderer of `fmt`; the modules are imported here, only for the format asked.

    `verbose` (human only): every finding, passes included; `width`: the terminal's.
    """
    if fmt is Format.HUMAN:
        from jwtfix.render.human import check

        return lambda report: check.render(report, color=color, verbose=verbose, width=width)
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
