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

from rich.console import RenderableType
from rich.text import Text

from jwtfix.checks.registry import CHECKLIST, SKIP_REASONS
from jwtfix.model import CheckReport, Finding, Status, TimelineEntry
from jwtfix.render.human import to_text

MARKS = {
    Status.PASS: ("✔", "green"),
    Status.WARN: ("!", "yellow"),
    Status.FAIL: ("✘", "red"),
    Status.SKIP: ("-", "dim"),
    Status.MANUAL: ("?", "cyan"),
}


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


def _line(finding: Finding) -> list[Text]:
    """pass/skip: one line with the message; warn/fail/manual: title, message, fix."""
    mark, style = MARKS[finding.status]
    quiet = finding.status in (Status.PASS, Status.SKIP)
    line = Text("  ")
    line.append(f"{mark} {finding.status.value:<6}", style=f"bold {style}")
    line.append(f" {finding.id:<9} ", style="" if quiet else "bold")
    if quiet:
        line.append(finding.message, style="dim")
        return [line]
    line.append(finding.title, style="bold")
    body = Text("      ")
    location = finding.location
    if location is not None and location.file is not None:
        where = location.file + (f":{location.line}" if location.line is not None else "")
        where += f":{location.column}" if location.column is not None else ""
        if where not in finding.message:
            body.append(f"{where}: ", style="bold")
    body.append(finding.message)
    lines = [line, body]
    if location is not None and location.code:
        lines.append(Text(f"      | {location.code}", style="dim"))
    if finding.fix:
        label = "look at: " if finding.status is Status.MANUAL else "fix: "
        fix = Text("      ")
        fix.append(label, style=f"bold {style}")
        fix.append(finding.fix)
        lines.append(fix)
    return lines


def render(report: CheckReport, *, color: bool, verbose: bool = False) -> str:
    items = {rule.id: rule.item for rule in report.rules}
    parts: list[RenderableType] = []
    missing: dict[str, int] = {}
    """Checks skipped for want of an input, per input (the default output's last lines)."""
    if report.inputs:
        parts.append(Text("checked: " + ", ".join(report.inputs), style="dim"))
    for number, title in CHECKLIST.items():
        findings = [f for f in report.findings if items.get(f.id) == number]
        if not findings:
            continue
        worst = _worst(findings)
        heading = Text(f"{number}. {title}", style="bold")
        heading.append(f"  {worst.value}", style=MARKS[worst][1])
        parts.append(heading)
        skipped: dict[str, list[str]] = {}
        would = [_MISSING_INPUT[f.message] for f in findings if f.message in _MISSING_INPUT]
        for finding in findings:
            if finding.status is Status.SKIP:
                skipped.setdefault(finding.message, []).append(finding.id)
            elif verbose:
                parts.extend(_line(finding))
            elif finding.status is Status.MANUAL:
                parts.append(_manual(finding, tuple(dict.fromkeys(would))))
            elif finding.status is not Status.PASS:
                parts.extend(_line(finding))
        if verbose:
            for reason, ids in skipped.items():
                line = Text("  ")
                line.append(f"{MARKS[Status.SKIP][0]} skip  ", style="bold dim")
                line.append(f" {', '.join(dict.fromkeys(ids))}: {reason}", style="dim")
                parts.append(line)
        elif skipped:
            kept = {why: ids for why, ids in skipped.items() if why not in _MISSING_INPUT}
            for why, ids in skipped.items():
                if why in _MISSING_INPUT:
                    missing[_MISSING_INPUT[why]] = missing.get(_MISSING_INPUT[why], 0) + len(ids)
            if kept:
                line = Text("  ")
                line.append(f"{MARKS[Status.SKIP][0]} skip  ", style="bold dim")
                line.append(
                    " " + "; ".join(f"{', '.join(dict.fromkeys(ids))}: {why}" for why, ids in
                                    kept.items()),
                    style="dim",
                )  # fmt: skip
                parts.append(line)
        parts.extend(_timeline([e for e in report.timeline if e.item == number]))
    if missing:
        counts_text = ", ".join(f"{n} need {what}" for what, n in missing.items())
        parts.append(Text(f"not run: {counts_text} (--verbose lists them)", style="dim"))
    counts = report.summary()
    style = "bold red" if report.exit_code else "bold yellow" if counts["warn"] else "bold green"
    parts.append(Text(verdict(report), style=style))
    return to_text(*parts, color=color)


def _manual(finding: Finding, would: tuple[str, ...] = ()) -> Text:
    """A manual item in one line: what to look at, and which input would settle it."""
    mark, style = MARKS[Status.MANUAL]
    line = Text("  ")
    line.append(f"{mark} manual", style=f"bold {style}")
    line.append(f" {finding.id:<9} ")
    line.append("look at: ", style=f"bold {style}")
    line.append(finding.fix or finding.message)
    if would:
        line.append(f" — {' / '.join(would)} would check this", style="dim")
    return line


_MISSING_INPUT = {
    reason: match.group(1)
    for reason in SKIP_REASONS.values()
    if (match := re.search(r"\(pass (.+)\)$", reason)) is not None
}
"""A skip reason that only says an input was not given -> that input (`--har FILE.har`)."""


def _timeline(entries: list[TimelineEntry]) -> list[Text]:
    """The live flow's requests for one item: `POST /auth/login  200  12 ms  login`."""
    if not entries:
        return []
    width = max(len(f"{e.method} {e.path}") for e in entries)
    lines = []
    for entry in entries:
        line = Text("      ")
        line.append(f"{entry.method} {entry.path}".ljust(width), style="dim")
        status = "---" if entry.status is None else str(entry.status)
        good = entry.status is not None and entry.status < 400
        line.append(f"  {status}", style="green" if good else "yellow")
        ms = "" if entry.elapsed_ms is None else f"{entry.elapsed_ms:.0f} ms"
        line.append(f"  {ms:>7}  {entry.step}", style="dim")
        if entry.bearer:
            line.append(f"  {entry.bearer}", style="dim")
        lines.append(line)
        lines.extend(Text(f"        {note}", style="dim") for note in entry.notes)
    return lines


def _worst(findings: list[Finding]) -> Status:
    for status in (Status.FAIL, Status.WARN, Status.MANUAL, Status.PASS):
        if any(f.status is status for f in findings):
            return status
    return Status.SKIP
