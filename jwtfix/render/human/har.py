"""Human output of `har`: the authentication timeline as a table, then the findings."""

from __future__ import annotations

from datetime import UTC, datetime

from rich import box
from rich.table import Table
from rich.text import Text

from jwtfix.model import CheckReport
from jwtfix.ops.har import HarEntry, HarSession
from jwtfix.render.human import check, to_text
from jwtfix.timefmt import span

MAX_ROWS = 200
"""Rows shown; `--json` lists every entry."""


def _clock(seconds: float, fmt: str = "%H:%M:%S.%f") -> str:
    try:
        text = datetime.fromtimestamp(seconds, UTC).strftime(fmt)
    except (OverflowError, OSError, ValueError):  # a startedDateTime in year 1
        return "out of range"
    return text[:-3] if fmt.endswith("%f") else text


def _remaining(entry: HarEntry) -> Text:
    if entry.remaining is None:
        return Text("")
    if entry.remaining < 0:
        return Text(f"expired {span(entry.remaining)} ago", style="red")
    return Text(span(entry.remaining), style="yellow" if entry.remaining < 60 else "")


def _note(entry: HarEntry) -> str:
    notes = []
    if entry.refresh:
        notes.append("refresh" + (f" with {entry.refresh_token}" if entry.refresh_token else ""))
    if entry.issued:
        notes.append("issued " + ", ".join(entry.issued))
    if entry.status == 401:
        notes.append("401")
    return "; ".join(notes)


def render(recorded: HarSession, report: CheckReport, *, color: bool) -> str:
    first = recorded.entries[0].started if recorded.entries else None
    heading = Text(
        f"{recorded.file}: {recorded.exchanges} entries, {len(recorded.entries)} about tokens",
        style="bold",
    )
    if first is not None:
        heading.append(f" (times UTC, from {_clock(first, '%Y-%m-%d')})", style="dim")
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for name, justify in (
        ("#", "right"),
        ("time", "left"),
        ("request", "left"),
        ("status", "right"),
        ("token", "left"),
        ("remaining", "left"),
        ("", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for entry in recorded.entries[:MAX_ROWS]:
        table.add_row(
            str(entry.entry),
            _clock(entry.started),
            f"{entry.method} {entry.path}",
            Text(
                str(entry.status or "---"),
                style="green" if 0 < entry.status < 400 else "red",
            ),
            entry.token or "",
            _remaining(entry),
            _note(entry),
        )
    parts: list[Text | Table] = [heading, table]
    if len(recorded.entries) > MAX_ROWS:
        parts.append(
            Text(f"... {len(recorded.entries) - MAX_ROWS} more entries (--json lists all)")
        )
    tokens = ", ".join(
        f"{t.label} {t.kind} sha256:{t.fingerprint}" for t in recorded.tokens[:MAX_ROWS]
    )
    if tokens:
        parts.append(Text(f"tokens: {tokens}", style="dim"))
    return to_text(*parts, color=color).rstrip("\n") + "\n\n" + check.render(report, color=color)
