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


_GAP = 3
"""Columns between two cells of the table (padding, rule, padding)."""
REQUEST_FLOOR = 16
"""Characters of the request kept, however narrow the terminal."""
NOTE_KEPT = 16
"""Characters of a note kept on one line before the request is cut for it."""


def _fit(requests: list[str], notes: list[str], room: int) -> tuple[int, int]:
    """Widths of the request and note columns in `room` characters.

    Both whole when they fit. Else the note keeps up to `NOTE_KEPT` characters
    a line (it wraps between words, never narrower than its longest word) and
    the request gets the rest, at least `REQUEST_FLOOR`, cut in the middle. A
    terminal too narrow even for that gets a line longer than itself, which it
    wraps: nothing is cut unsaid.
    """
    request = max([len("request")] + [len(r) for r in requests])
    note = max([len("note")] + [len(n) for n in notes])
    if request + note <= room:
        return request, note
    longest_word = max([len("note")] + [len(w) for n in notes for w in n.split()])
    note = min(note, max(longest_word, NOTE_KEPT))
    request = max(room - note, min(request, REQUEST_FLOOR))
    return request, max(longest_word, min(note, room - request))


def _request(method: str, path: str, width: int) -> str:
    """`POST /api/…/logout/`: the method and its space kept, the path cut in the middle."""
    text = f"{method} {path}"
    if len(text) <= width:
        return text
    keep = width - len(method) - 1
    if keep < 4:  # no room for a path: cut the whole
        return fit_longest([text], 0, width, floor=1)[0]
    return f"{method} {fit_longest([path], 0, keep, floor=1)[0]}"


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
    if first is not None and not recorded.timed:
        heading.append(" (no times: its entries have no startedDateTime)", style="dim")
    elif first is not None and recorded.untimed:
        heading.append(
            f" (times UTC, from {_clock(first, '%Y-%m-%d')}; {_entries(recorded.untimed)} "
            "without startedDateTime)",
            style="dim",
        )
    elif first is not None and recorded.not_recorded is not None:
        heading.append(
            f" (times UTC: the export's, {_clock(first, '%Y-%m-%d')}, not when each request "
            "was sent)",
            style="dim",
        )
    elif first is not None:
        heading.append(f" (times UTC, from {_clock(first, '%Y-%m-%d')})", style="dim")
    shown = recorded.entries[:MAX_ROWS]
    # milliseconds only where the recording has them (they tell refresh races apart)
    clock_format = (
        "%H:%M:%S.%f" if any(round(e.started * 1000) % 1000 for e in shown) else "%H:%M:%S"
    )
    rows = [
        (
            str(e.entry),
            _clock(e.started, clock_format) if recorded.timed else "--",
            e.method,
            e.path,
            str(e.status or "---"),
            e.token or "",
            _remaining(e),
            _note(e),
        )
        for e in shown
    ]
    short = [
        max([len(header)] + [len(cell) for cell in cells])
        for header, cells in (
            ("#", [r[0] for r in rows]),
            ("time", [r[1] for r in rows]),
            ("status", [r[4] for r in rows]),
            ("token", [r[5] for r in rows]),
            ("remaining", [r[6].plain for r in rows]),
        )
    ]
    request_width, note_width = _fit(
        [f"{r[2]} {r[3]}" for r in rows],
        [r[7] for r in rows],
        (width or WIDTH) - sum(short) - _GAP * 6,
    )
    table = Table(
        box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False, header_style="bold"
    )
    # Short columns keep their width whatever the terminal's (SPEC 4.5): only the request
    # (its path cut in the middle) and the note (wrapped between words) give way.
    table.add_column("#", justify="right", no_wrap=True, min_width=short[0])
    table.add_column("time", no_wrap=True, min_width=short[1])
    table.add_column("request", no_wrap=True, width=request_width)
    table.add_column("status", justify="right", no_wrap=True, min_width=short[2])
    table.add_column("token", no_wrap=True, min_width=short[3])
    table.add_column("remaining", no_wrap=True, min_width=short[4])
    table.add_column("note", width=note_width)
    for entry, (number, clock, method, path, status, token, remaining, note) in zip(
        shown, rows, strict=True
    ):
        table.add_row(
            number,
            clock,
            _request(method, path, request_width),
            Text(status, style="green" if 0 < entry.status < 400 else "red"),
            token,
            remaining,
            note,
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
