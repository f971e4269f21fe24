"""Human output of `har`: the authentication timeline as a table, then the findings."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from jwtfix.model import CheckReport
from jwtfix.ops.har import HarEntry, HarSession
from jwtfix.render.human import WIDTH, check, fit_longest, to_text, verdict_line
from jwtfix.timefmt import span

MAX_ROWS = 200
"""Rows shown; `--json` lists every entry."""
_KINDS = {"apikey": "API key (not a session token)"}


def _clock(seconds: float, fmt: str = "%H:%M:%S.%f") -> str:
    try:
        text = datetime.fromtimestamp(seconds, UTC).strftime(fmt)
    except (OverflowError, OSError, ValueError):  # a startedDateTime in year 1
        return "out of range"
    return text[:-3] if fmt.endswith("%f") else text


def _entries(count: int) -> str:
    return "1 entry" if count == 1 else f"{count} entries"


def _remaining(entry: HarEntry) -> Text:
    if entry.remaining is None:
        return Text("")
    if entry.remaining < 0:
        return Text(f"expired {span(entry.remaining)} ago", style="red")
    return Text(span(entry.remaining), style="yellow" if entry.remaining < 60 else "")


def _note(entry: HarEntry) -> str:
    """What the row did beyond its request: a refresh, tokens issued (a 401 is its status)."""
    notes = []
    if entry.refresh:
        notes.append("refresh" + (f" with {entry.refresh_token}" if entry.refresh_token else ""))
    if entry.issued:
        notes.append("issued " + ", ".join(entry.issued))
    return "; ".join(notes)


def render(
    recorded: HarSession, report: CheckReport, *, color: bool, width: int | None = None
) -> str:
    first = recorded.entries[0].started if recorded.entries else None
    read = f"the first {recorded.exchanges} entries" if recorded.truncated else ""
    heading = Text(
        f"{recorded.file}: {read or _entries(recorded.exchanges)}, "
        f"{len(recorded.entries)} about tokens",
        style="bold",
    )
    if first is not None and recorded.not_recorded is not None:
        heading.append(
            f" (times UTC: the export's, {_clock(first, '%Y-%m-%d')}, not when each request "
            "was sent)",
            style="dim",
        )
    elif first is not None:
        heading.append(f" (times UTC, from {_clock(first, '%Y-%m-%d')})", style="dim")
    table = Table(
        box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False, header_style="bold"
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("time", no_wrap=True)
    table.add_column("request", no_wrap=True)
    table.add_column("status", justify="right", no_wrap=True)
    table.add_column("token", no_wrap=True)
    table.add_column("remaining", no_wrap=True)
    table.add_column("note", ratio=1, min_width=12)
    shown = recorded.entries[:MAX_ROWS]
    # milliseconds only where the recording has them (they tell refresh races apart)
    clock_format = (
        "%H:%M:%S.%f" if any(round(e.started * 1000) % 1000 for e in shown) else "%H:%M:%S"
    )
    # the request (a path) is cut in the middle so that every other column keeps its width
    fixed = [
        max([len(header)] + [len(cell) for cell in cells])
        for header, cells in (
            ("#", [str(e.entry) for e in shown]),
            ("time", [_clock(e.started, clock_format) for e in shown]),
            ("status", [str(e.status or "---") for e in shown]),
            ("token", [e.token or "" for e in shown]),
            ("remaining", [_remaining(e).plain for e in shown]),
            ("note", [_note(e)[:16] for e in shown]),
        )
    ]
    requests = fit_longest(
        [f"{e.method} {e.path}" for e in shown], sum(fixed) + 2 * len(fixed) + 4, width or WIDTH
    )
    for entry, request in zip(shown, requests, strict=True):
        table.add_row(
            str(entry.entry),
            _clock(entry.started, clock_format),
            request,
            Text(
                str(entry.status or "---"),
                style="green" if 0 < entry.status < 400 else "red",
            ),
            entry.token or "",
            _remaining(entry),
            _note(entry),
        )
    parts: list[RenderableType] = [verdict_line(report.verdict), Text("")] if report.verdict else []
    parts += [heading, table] if shown else [heading]
    if len(recorded.entries) > MAX_ROWS:
        parts.append(
            Text(f"... {len(recorded.entries) - MAX_ROWS} more entries (--json lists all)")
        )
    tokens = ", ".join(
        f"{t.label} {_KINDS.get(t.kind, t.kind)} sha256:{t.fingerprint}"
        for t in recorded.tokens[:MAX_ROWS]
    )
    if tokens:
        parts.append(Text(f"tokens: {tokens}", style="dim"))
    without = replace(report, verdict=None)
    return (
        to_text(*parts, color=color, width=width).rstrip("\n")
        + "\n\n"
        + check.render(without, color=color, width=width)
    )
