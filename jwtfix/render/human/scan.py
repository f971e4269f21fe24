"""Human output of `scan`: a compact table of the tokens found and a summary line.

Tokens are shown by their fingerprint (as har and the HTTP client name them), never whole,
unless the caller asks (`--show-tokens`): they may be live credentials.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from jwtfix.ops.scan import Hit, claim_text
from jwtfix.render.human import WIDTH, cut_middle, fit_longest, to_text
from jwtfix.timefmt import relative

STYLES = {
    "valid": "green",
    "no_exp": "yellow",
    "expiring": "yellow",
    "expired": "red",
    "not_yet_valid": "red",
    "malformed": "red",
    "encrypted": "cyan",
}


def render(
    hits: Sequence[Hit],
    flagged: Sequence[bool],
    *,
    files: int,
    exit_code: int,
    color: bool,
    show_tokens: bool = False,
    reason: str = "",
    width: int | None = None,
) -> str:
    """The table (when anything was found) and one summary line.

    `flagged[i]` marks the hits that make the scan fail; `reason` says why
    ("expires within 30d").
    """
    parts: list[Table | Text] = []
    if hits:
        rows = [
            [
                f"{hit.file}:{hit.line}:{hit.column}",
                hit.token.alg or "?",
                (claim_text(hit, "sub") or "-")[:24],
                hit.status + (" !" if flag else ""),
                _exp(hit),
                hit.fingerprint,
            ]
            for hit, flag in zip(hits, flagged, strict=True)
        ]
        headers = ["location", "alg", "sub", "status", "expires", "token"]
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
        others = sum(widths[1:]) + 2 * (len(widths) - 1)
        if widths[0] + others > (width or WIDTH) and widths[2] > _SHORT_SUB:
            # The file is what tells two rows apart: the subject gives way first.
            for row in rows:
                row[2] = cut_middle(row[2], _SHORT_SUB)
            # the `…` is one column and three bytes: lines fit the width in bytes too
            others -= widths[2] - max(len("sub"), *(len(r[2]) for r in rows)) - 2
        locations = fit_longest([r[0] for r in rows], others, width or WIDTH)
        table = Table(
            box=None, pad_edge=False, show_edge=False, header_style="bold", padding=(0, 2, 0, 0)
        )
        for header in headers:
            table.add_column(header, no_wrap=True)
        for row, location, hit, flag in zip(rows, locations, hits, flagged, strict=True):
            style = STYLES.get(hit.status, "")
            if flag:  # trips the scan's failure rule: never green
                style = ("yellow" if style == "green" else style) + " bold"
            status = Text(row[3], style=style)
            table.add_row(location, row[1], row[2], status, row[4], row[5])
        parts.append(table)
    text = to_text(*parts, color=color, width=width)
    if show_tokens:  # whole, unwrapped, one per line: to be copied (wider than the terminal)
        text += "".join(f"{hit.fingerprint}  {hit.token.text}\n" for hit in hits)
    summary_line = Text(summary(hits, flagged, files=files, exit_code=exit_code, reason=reason))
    return text + to_text(summary_line, color=color, width=width)


_SHORT_SUB = 12
"""The subject's width when the locations do not fit beside it whole."""


def _exp(hit: Hit) -> str:
    report = hit.expiry
    if report is None or report.remaining_seconds is None:
        return "-"
    return relative(report.remaining_seconds)


def summary(
    hits: Sequence[Hit], flagged: Sequence[bool], *, files: int, exit_code: int, reason: str
) -> str:
    """`3 tokens in 2 of 5 files: 2 valid, 1 expired; 1 expires within 30d — exit 1`."""
    if not hits:
        return f"no tokens in {_count(files, 'file')} — exit {exit_code}"
    in_files = len({hit.file for hit in hits})
    counts = Counter(hit.status for hit in hits)
    statuses = ", ".join(f"{n} {status}" for status, n in counts.most_common())
    text = f"{_count(len(hits), 'token')} in {in_files} of {_count(files, 'file')}: {statuses}"
    failing = sum(flagged)
    if failing and reason:
        text += f"; {failing} {reason}"
    return f"{text} — exit {exit_code}"


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"
