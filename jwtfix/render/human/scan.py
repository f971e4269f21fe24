"""Human output of `scan`: a compact table of the tokens found and a summary line.

Tokens are shown by a prefix of their header and a fingerprint, never whole,
unless the caller asks (`--show-tokens`): they may be live credentials.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from jwtfix.ops.scan import Hit, claim_text, prefix
from jwtfix.render.human import to_text
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
) -> str:
    """The table (when anything was found) and one summary line.

    `flagged[i]` marks the hits that make the scan fail; `reason` says why
    ("expires within 30d").
    """
    parts: list[Table | Text] = []
    if hits:
        table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
        table.add_column("location", no_wrap=True)
        for column in ("alg", "sub", "status", "expires", "token"):
            table.add_column(column, overflow="fold")
        for hit, flag in zip(hits, flagged, strict=True):
            table.add_row(
                f"{hit.file}:{hit.line}:{hit.column}",
                hit.token.alg or "?",
                (claim_text(hit, "sub") or "-")[:24],
                Text(
                    hit.status + (" !" if flag else ""),
                    style=STYLES.get(hit.status, "") + (" bold" if flag else ""),
                ),
                _exp(hit),
                f"{prefix(hit.token.text)} {hit.fingerprint}",
            )
        parts.append(table)
        if show_tokens:  # whole, unwrapped, one per line: to be copied
            parts.extend(Text(f"{hit.fingerprint}  {hit.token.text}") for hit in hits)
    parts.append(Text(summary(hits, flagged, files=files, exit_code=exit_code, reason=reason)))
    return to_text(*parts, color=color)


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
