"""Human output with rich: highlighted JSON, tables of times, a coloured verdict.

Each function renders a report to a string (no I/O of its own); colour is
decided by the caller and passed in, so piped output never holds escapes.
"""

from __future__ import annotations

import json
import re
from typing import Any

from rich.console import Console, RenderableType
from rich.json import JSON
from rich.segment import Segment, Segments
from rich.table import Table
from rich.text import Text

from jwtfix.model import Status, Verdict
from jwtfix.ops.decode import DecodeReport
from jwtfix.ops.expiry import ExpiryReport, ExpiryStatus
from jwtfix.render.terminal import printable
from jwtfix.timefmt import TIME_CLAIMS, is_numeric_date, iso, iso_text, relative, span

STATUS_STYLE = {
    ExpiryStatus.VALID: ("✔", "green"),
    ExpiryStatus.NO_EXP: ("!", "yellow"),
    ExpiryStatus.EXPIRING: ("!", "yellow"),
    ExpiryStatus.EXPIRED: ("✘", "red"),
    ExpiryStatus.NOT_YET_VALID: ("✘", "red"),
    ExpiryStatus.MALFORMED: ("✘", "red"),
}

MARKS = {
    Status.PASS: ("✔", "green"),
    Status.WARN: ("!", "yellow"),
    Status.FAIL: ("✘", "red"),
    Status.SKIP: ("-", "dim"),
    Status.MANUAL: ("?", "cyan"),
}
"""The one look of a status word in every command: its mark and colour."""
ID_STYLE = "bold"
"""How a finding ID (`JWT305`) is shown everywhere."""
WIDTH = 80
"""The width when the caller does not say (SPEC 4.5: 80 columns when not a terminal)."""


def to_text(*renderables: RenderableType, color: bool, width: int | None = None) -> str:
    """Render to a string as a terminal of `width` columns would show it."""
    width = width or WIDTH
    console = Console(
        record=False,
        force_terminal=color,
        no_color=not color,
        color_system="truecolor" if color else None,
        width=width,
        highlight=False,
        emoji=False,
    )
    return "".join(_fitted(console, renderable, width) for renderable in renderables)


_BYTE_SLACK = 4
"""At most how many columns narrower a piece is laid out to fit its width in bytes too
(two three-byte marks, `✘` and `—`, in one line)."""


def _fitted(console: Console, renderable: RenderableType, width: int) -> str:
    """A piece laid out at `width`; when a line that fills the width holds marks of
    several bytes (`✘`, `—`, `…`), laid out up to _BYTE_SLACK columns narrower, so that
    the line fits the width counted in bytes too (as awk or `wc -c` count it)."""
    narrower = width
    text = _rendered(console, renderable, narrower)
    if text.isascii():  # one byte a column: nothing to fit
        return text
    # Laid out narrower, other lines fill the width: as many times as the slack allows.
    while (over := max(map(_bytes_over, text.split("\n"))) - width) > 0 and (
        narrower > width - _BYTE_SLACK
    ):
        narrower = max(narrower - over, width - _BYTE_SLACK)
        text = _rendered(console, renderable, narrower)
    return text


def _bytes_over(line: str) -> int:
    """A line's length in bytes, when its marks of several bytes are few enough to make
    room for: a rule of `─` or a line of CJK text fits no narrower width in bytes (0)."""
    plain = _SGR.sub("", line)
    size = len(plain.encode(errors="surrogatepass"))  # a lone surrogate may reach here
    return size if size - len(plain) <= _BYTE_SLACK else 0


def _rendered(console: Console, renderable: RenderableType, width: int) -> str:
    with console.capture() as capture:
        # Laid out first, then every piece of text made printable (render/terminal.py):
        # rich's own colour codes are added after that, from the pieces' styles.
        lines = console.render(renderable, console.options.update_width(width))
        console.print(
            Segments(
                segment if segment.control else Segment(printable(segment.text), segment.style)
                for segment in lines
            ),
            end="",
        )
    # rich pads table cells to the width: trailing blanks only bother diffs, logs and
    # whoever copies a line. In colour, the codes after the blanks stay; none of our
    # styles has a background.
    return "\n".join(_TRAILING_BLANKS.sub(_codes_only, line) for line in capture.get().split("\n"))


_TRAILING_BLANKS = re.compile(r"(?:\x1b\[[0-9;]*m| )+$")
_SGR = re.compile(r"\x1b\[[0-9;]*m")


def _codes_only(tail: re.Match[str]) -> str:
    return "".join(_SGR.findall(tail.group()))


def cut_middle(text: str, width: int) -> str:
    """`examples/…/session.har:12:5`: text shortened to `width` by cutting its middle.
    The `…` is one column but three bytes: the text keeps two characters fewer, so that
    it fits `width` counted in bytes too."""
    if len(text) <= width:
        return text
    if width <= 3:
        return "…"[:width]
    keep = width - 3
    head = keep // 3  # the end (a file's name, its line) tells more than the start
    tail = keep - head
    return text[:head] + "…" + (text[-tail:] if tail else "")


def fit_longest(cells: list[str], others: int, width: int, floor: int = 12) -> list[str]:
    """Cut the cells of one column in the middle so that the table fits `width`.

    `others` is the width the other columns take, gaps included; the column
    keeps at least `floor` characters (the terminal may then wrap the line).
    """
    budget = max(floor, width - others)
    return [cut_middle(cell, budget) for cell in cells]


def verdict_line(verdict: Verdict) -> RenderableType:
    """`✘ The token expired ...`: the mark, then the sentence wrapped under itself."""
    mark, style = MARKS[verdict.status]
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True, width=1)
    grid.add_column(ratio=1, overflow="fold")  # a server's long word folded, never cut unsaid
    grid.add_row(Text(mark, style=f"bold {style}"), Text(verdict.text, style="bold"))
    return grid


def hanging(marker: str, text: Text | str, indent: int = 2) -> RenderableType:
    """`  1. text` whose wrapped lines start under the text, not under the marker."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True, min_width=indent + len(marker), justify="right")
    grid.add_column(ratio=1)
    grid.add_row(marker, text)
    return grid


def status_text(status: Status, word: str | None = None) -> Text:
    """`✘ fail` in the status's colour; `word` replaces the status's own name."""
    mark, style = MARKS[status]
    return Text(f"{mark} {word or status.value}", style=f"bold {style}")


def _json(value: Any) -> JSON:
    return JSON(json.dumps(value, ensure_ascii=False, default=str), indent=2)


def status_line(report: ExpiryReport) -> RenderableType:
    """`✘ expired  expired 3h ago (...)`, the detail wrapped under itself."""
    mark, style = STATUS_STYLE[report.status]
    grid = Table.grid(padding=(0, 2, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(
        Text(f"{mark} {report.status.value}", style=f"bold {style}"), _status_detail(report)
    )
    return grid


def _status_detail(report: ExpiryReport) -> str:
    now, status = report.now, report.status
    if status is ExpiryStatus.NOT_YET_VALID:
        return f"nbf is {relative(report.nbf - now)}: the token is not valid yet"
    if status is ExpiryStatus.MALFORMED:
        return "exp or nbf is not a number (NumericDate), so servers reject the token"
    if status is ExpiryStatus.NO_EXP:
        return "no exp claim: the token never expires"
    remaining = report.remaining_seconds or 0.0
    if status is ExpiryStatus.EXPIRED:
        return f"expired {span(remaining)} ago ({iso_text(report.exp)})"
    if status is ExpiryStatus.EXPIRING and remaining <= 0:
        grace = report.skew_seconds + remaining
        return (
            f"{span(-remaining)} past exp ({iso_text(report.exp)}), accepted for {span(grace)} "
            f"more thanks to the clock skew of {span(report.skew_seconds)}"
        )
    if status is ExpiryStatus.EXPIRING:
        return (
            f"expires {relative(remaining)} ({iso_text(report.exp)}), within the refresh buffer "
            f"of {span(report.buffer_seconds)}: refresh it now"
        )
    return f"expires {relative(remaining)} ({iso_text(report.exp)})"


def times_table(claims: dict[str, Any], now: float) -> Table | None:
    names = [name for name in TIME_CLAIMS if name in claims]
    if not names:
        return None
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("claim")
    table.add_column("value", justify="right")
    table.add_column("UTC")
    table.add_column("relative")
    for name in names:
        value = claims[name]
        if is_numeric_date(value):
            table.add_row(name, str(value), iso(value) or "out of range", relative(value - now))
        else:
            table.add_row(name, repr(value), "not a number", "")
    return table


def _warnings(lines: list[str]) -> list[RenderableType]:
    return [hanging("warning:", line, indent=0) for line in lines]


def decode(report: DecodeReport, *, color: bool, width: int | None = None) -> str:
    token = report.token
    parts: list[RenderableType] = [Text("Header", style="bold cyan"), _json(token.header)]
    if token.kind == "JWE":
        parts += [
            Text(
                f"encrypted JWT (JWE, {token.header.get('enc', 'unknown enc')}): the payload "
                "is encrypted and only its recipient's key can read it",
                style="bold magenta",
            )
        ]
        parts += _warnings([issue.detail for issue in token.encoding_issues])
        return to_text(*parts, color=color, width=width)
    parts += [Text("Payload", style="bold cyan"), _json(token.payload)]
    signature = Text.assemble(("Signature ", "bold cyan"))
    if token.signature:
        shown = token.signature if len(token.signature) <= 24 else token.signature[:24] + "…"
        signature.append(f"{shown} ({len(token.signature_bytes)} bytes)")
    else:
        signature.append("none: the token is unsecured", style="bold red")
    parts.append(signature)
    table = times_table(token.claims, report.now)
    if table is not None:
        parts += [Text("Times", style="bold cyan"), table]
    if report.expiry is not None:
        parts.append(status_line(report.expiry))
    parts += _warnings(
        [issue.detail for issue in token.encoding_issues]
        + (list(report.expiry.warnings) if report.expiry else [])
    )
    parts.append(
        Text(
            "signature not verified: anyone can make a token that decodes like this; "
            "check it with `jwtfix verify` and the key",
            style="dim",
        )
    )
    return to_text(*parts, color=color, width=width)


def expiry(
    report: ExpiryReport, claims: dict[str, Any], *, color: bool, width: int | None = None
) -> str:
    from jwtfix.verdict import expiry_verdict

    parts: list[RenderableType] = [verdict_line(expiry_verdict(report))]
    facts = Table(box=None, show_header=False, pad_edge=False, show_edge=False)
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column(ratio=1)
    mark, style = STATUS_STYLE[report.status]
    facts.add_row(
        "status",
        Text.assemble(
            (f"{mark} {report.status.value}", f"bold {style}"), f"  {_status_detail(report)}"
        ),
    )
    facts.add_row("now", f"{iso_text(report.now)}")
    facts.add_row(
        "server",
        ("accepts" if report.server_accepts else "rejects")
        + f" the token (clock skew {span(report.skew_seconds)})",
    )
    if report.lifetime_seconds is not None:
        facts.add_row("lifetime", f"{span(report.lifetime_seconds)} (exp - iat)")
    if report.refresh_at is not None:
        facts.add_row(
            "refresh at",
            f"{iso_text(report.refresh_at)} "
            f"({relative(report.refresh_at - report.now)}, "
            f"buffer {span(report.buffer_seconds)})",
        )
    parts.append(facts)
    table = times_table(claims, report.now)
    if table is not None:
        parts.append(table)
    parts += _warnings(list(report.warnings))
    if report.fix:
        parts.append(hanging("fix:", report.fix, indent=0))
    return to_text(*parts, color=color, width=width)
