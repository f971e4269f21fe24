"""Human output of `check`: findings grouped under the ten checklist items, a verdict.

By default (SPEC check) each item is one line with its status, followed only by
what is not `pass`: warnings and failures in full, the item's skips on one
line, a `manual` item's "look at" on one line. `verbose` lists every finding,
passes and the manual items' questions included.

A pure function of the report (rich renders to a string); colour is decided
by the caller.
"""

from __future__ import annotations

import re

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from jwtfix.checks.registry import CHECKLIST, SKIP_REASONS
from jwtfix.limits import MAX_LISTED
from jwtfix.model import CheckReport, Finding, Status, TimelineEntry
from jwtfix.render.human import ID_STYLE, MARKS, status_text, to_text, verdict_line

STATUS_WIDTH = 8
"""`✘ manual`: the widest status cell, so that every item's columns line up."""
ID_WIDTH = 9
"""`MANUAL-10`: the widest ID."""


def verdict(report: CheckReport) -> str:
    """`2 failed, 3 warnings, 10 passed, 4 skipped, 6 to check by hand — exit 1`."""
    counts = report.summary()
    parts = []
    for status, one, many in (
        (Status.FAIL, "failed", "failed"),
        (Status.WARN, "warning", "warnings"),
        (Status.PASS, "passed", "passed"),
        (Status.SKIP, "skipped", "skipped"),
        (Status.MANUAL, "to check by hand", "to check by hand"),
    ):
        count = counts[status.value]
        if count:
            parts.append(f"{count} {one if count == 1 else many}")
    text = ", ".join(parts) or "no checks selected"
    suffix = " (--strict: warnings fail)" if report.strict and counts["warn"] else ""
    return f"{text} — exit {report.exit_code}{suffix}"


def _grid() -> Table:
    """Status, ID, then the text, which wraps under itself (a hanging indent)."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True, width=STATUS_WIDTH)
    grid.add_column(no_wrap=True, width=ID_WIDTH)
    grid.add_column(ratio=1)
    return grid


def _add(grid: Table, finding: Finding) -> None:
    """pass/skip: one row with the message; warn/fail: title, message, fix."""
    quiet = finding.status in (Status.PASS, Status.SKIP)
    ident = Text(finding.id, style="" if quiet else ID_STYLE)
    if quiet:
        # a pass names the file it read: a path longer than the column folds, its line kept
        message = Text(finding.message, style="dim", overflow="fold")
        grid.add_row(status_text(finding.status), ident, message)
        return
    body = Text(overflow="fold")  # a path longer than the column folds, its line:col kept
    body.append(finding.title, style="bold")
    body.append("\n")
    location = finding.location
    if location is not None and location.file is not None:
        where = location.file + (f":{location.line}" if location.line is not None else "")
        where += f":{location.column}" if location.column is not None else ""
        if where not in finding.message:
            body.append(f"{where}: ", style="bold")
    body.append(finding.message)
    fix = Text()
    if finding.fix:
        label = "look at: " if finding.status is Status.MANUAL else "fix: "
        fix.append(label, style=f"bold {MARKS[finding.status][1]}")
        fix.append(finding.fix)
    cell: RenderableType
    if location is not None and location.code:
        # The offending line of code, under the message and cut rather than wrapped: it is
        # read as code.
        code = Text(f"| {location.code}", style="dim", no_wrap=True, overflow="ellipsis")
        cell = Group(body, code, fix) if finding.fix else Group(body, code)
    else:
        if finding.fix:
            body.append("\n")
            body.append_text(fix)
        cell = body
    grid.add_row(status_text(finding.status), ident, cell)


def render(
    report: CheckReport, *, color: bool, verbose: bool = False, width: int | None = None
) -> str:
    items = {rule.id: rule.item for rule in report.rules}
    parts: list[RenderableType] = []
    missing: dict[str, int] = {}
    """Checks skipped for want of an input, per input (the default output's last lines)."""
    if report.verdict is not None:
        parts += [verdict_line(report.verdict), Text("")]
    if report.inputs:
        parts.append(Text("checked: " + ", ".join(report.inputs), style="dim"))
    for number, title in CHECKLIST.items():
        findings = [f for f in report.findings if items.get(f.id) == number]
        if not findings:
            continue
        worst = _worst(findings)
        heading = Text(f"{number}. {title}", style="bold")
        heading.append(f"  {worst.value}", style=f"bold {MARKS[worst][1]}")
        parts.append(heading)
        grid = _grid()
        skipped: dict[str, list[str]] = {}
        would = [_MISSING_INPUT[f.message] for f in findings if f.message in _MISSING_INPUT]
        shown: dict[str, int] = {}
        """Warnings and failures of each ID shown so far (a minified bundle can hold
        thousands): after MAX_LISTED of one ID, the rest is counted on one line."""
        for finding in findings:
            if finding.status is Status.SKIP:
                skipped.setdefault(finding.message, []).append(finding.id)
            elif verbose:
                _add(grid, finding)
            elif finding.status is Status.MANUAL:
                _manual(grid, finding, tuple(dict.fromkeys(would)))
            elif finding.status is not Status.PASS:
                shown[finding.id] = shown.get(finding.id, 0) + 1
                if shown[finding.id] <= MAX_LISTED:
                    _add(grid, finding)
        for ident, count in shown.items():
            if count > MAX_LISTED:
                more = f"and {count - MAX_LISTED:,} more {ident} findings (--format json lists all)"
                grid.add_row("", Text(ident), Text(more, style="dim"))
        if not verbose:
            for why, ids in skipped.items():
                if why in _MISSING_INPUT:
                    missing[_MISSING_INPUT[why]] = missing.get(_MISSING_INPUT[why], 0) + len(ids)
            skipped = {why: ids for why, ids in skipped.items() if why not in _MISSING_INPUT}
        for reason, ids in skipped.items():
            grid.add_row(
                status_text(Status.SKIP),
                "",
                Text(f"{', '.join(dict.fromkeys(ids))}: {reason}", style="dim"),
            )
        if grid.row_count:
            parts.append(Padding(grid, (0, 0, 0, 2)))
        timeline = _timeline([e for e in report.timeline if e.item == number])
        if timeline is not None:
            parts.append(Padding(timeline, (0, 0, 0, 4)))
    if missing:
        counts_text = ", ".join(
            f"{n} {'check needs' if n == 1 else 'checks need'} {what}"
            for what, n in missing.items()
        )
        parts.append(Text(f"Not run: {counts_text} (--verbose lists them).", style="dim"))
    counts = report.summary()
    style = "bold red" if report.exit_code else "bold yellow" if counts["warn"] else "bold green"
    parts.append(Text(verdict(report), style=style))
    return to_text(*parts, color=color, width=width)


def _manual(grid: Table, finding: Finding, would: tuple[str, ...] = ()) -> None:
    """A manual item in one row: what to look at, and which input would settle it."""
    style = MARKS[Status.MANUAL][1]
    body = Text()
    body.append("look at: ", style=f"bold {style}")
    body.append(finding.fix or finding.message)
    if would:
        body.append(f" — {' / '.join(would)} would check this", style="dim")
    grid.add_row(status_text(Status.MANUAL), Text(finding.id), body)


_MISSING_INPUT = {
    reason: match.group(1)
    for reason in SKIP_REASONS.values()
    if (match := re.search(r"\(pass (.+)\)$", reason)) is not None
}
"""A skip reason that only says an input was not given -> that input (`--har FILE.har`)."""


def _timeline(entries: list[TimelineEntry]) -> Table | None:
    """The live flow's requests for one item: `POST /auth/login  200  12 ms  login`."""
    if not entries:
        return None
    table = Table.grid(padding=(0, 2, 0, 0))
    table.add_column(overflow="fold", style="dim")
    table.add_column(no_wrap=True, justify="right")
    table.add_column(no_wrap=True, justify="right", style="dim")
    table.add_column(ratio=1, style="dim")
    for entry in entries:
        good = entry.status is not None and entry.status < 400
        notes = [entry.step] + ([entry.bearer] if entry.bearer else []) + list(entry.notes)
        table.add_row(
            f"{entry.method} {entry.path}",
            Text("---" if entry.status is None else str(entry.status),
                 style="green" if good else "yellow"),
            "" if entry.elapsed_ms is None else f"{entry.elapsed_ms:.0f} ms",
            "  ".join(notes),
        )  # fmt: skip
    return table


def _worst(findings: list[Finding]) -> Status:
    for status in (Status.FAIL, Status.WARN, Status.MANUAL, Status.PASS):
        if any(f.status is status for f in findings):
            return status
    return Status.SKIP
