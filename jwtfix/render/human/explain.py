"""Human output of `explain`: the entry that matched (or the closest ones), and with
--token the diagnosis as `expiry` or `verify` would show it, then the verdict."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.table import Table
from rich.text import Text

from jwtfix.ops.explain import Diagnosis, Entry, Explanation
from jwtfix.render.human import expiry, hanging, to_text, verdict_line


def explain_text(
    explanation: Explanation,
    diagnosis: Diagnosis | None,
    *,
    color: bool,
    width: int | None = None,
) -> str:
    from jwtfix.verdict import explain_verdict

    lines: list[Any] = [verdict_line(explain_verdict(explanation, diagnosis)), Text("")]
    entry = explanation.entry
    if entry is None:
        if explanation.candidates:
            lines.append(Text("The closest known messages:", style="bold"))
            for candidate in explanation.candidates:
                line = Text.assemble((candidate.library, "cyan"))
                line.append(f": {candidate.messages[0]}")
                line.append(f"  → {candidate.next}", style="dim")
                lines.append(hanging("-", line))
        lines.append(Text("`jwtfix explain --list` shows every known message.", style="dim"))
    else:
        head = Text()
        if explanation.library_known:
            head.append(entry.library, style="bold cyan")
        else:
            head.append(f"library unknown, a token problem of kind {entry.kind}", style="bold cyan")
        head.append(f": {_shorten(explanation.excerpt or explanation.message or '')}", style="bold")
        grid = Table.grid(padding=(0, 1, 0, 0))  # wrapped lines start under the text
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(Text("✔", style="bold green"), head)
        lines.append(grid)
        if explanation.printed_by:
            printers = ", ".join(e.library for e in explanation.printed_by[1:])
            shared = Text(
                f"or {printers}: the same words, and the text names none of them",
                style="dim",
            )
            lines.append(hanging("", shared, indent=1))
        if entry.source:
            source = entry.source  # a library's answer names its repository already
            if not source.startswith(entry.repository):
                source = f"from {entry.source} ({entry.repository})"
            # A long path folds onto the next line rather than losing its file name, and
            # wrapped lines stay indented.
            lines.append(hanging("", Text(source, style="dim", overflow="fold"), indent=1))
        lines.append(Text(""))
        lines.append(Text(entry.meaning))
        lines.append(Text(""))
        lines.append(Text("Likely causes, the most frequent first:", style="bold"))
        lines.extend(hanging(f"{i}.", cause) for i, cause in enumerate(entry.causes, 1))
        lines.append(Text("Fixes:", style="bold"))
        lines.extend(hanging("-", fix) for fix in entry.fixes)
        step = Text.assemble(("Tells which cause it is: ", "bold"))
        step.append(entry.next, style="yellow")
        lines.append(step)
        listed = {e.id for e in explanation.printed_by}
        also = [c for c in explanation.candidates if c.id not in listed]
        # The library's own other entries the text matches (a wrapper around this message)
        # are not another library printing it.
        own = [c.id for c in also if c.library == entry.library]
        others = ", ".join(f"{c.library} ({c.id})" for c in also if c.library != entry.library)
        if others:
            lines.append(Text(f"Also printed in this form by: {others}", style="dim"))
        if own:
            lines.append(Text(f"Also matches: {', '.join(own)}", style="dim"))
    rendered = to_text(*lines, color=color, width=width)
    if diagnosis is not None:
        rendered += "\n" + _diagnosis_text(diagnosis, color=color, width=width)
    return rendered


def _shorten(text: str, limit: int = 160) -> str:
    """The matched part of the user's text, on one line."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _diagnosis_text(diagnosis: Diagnosis, *, color: bool, width: int | None = None) -> str:
    heading = to_text(
        Text(f"jwtfix {diagnosis.command} on the token:", style="bold"), color=color, width=width
    )
    if diagnosis.command == "verify":
        from jwtfix.render.human.signing import verify_text

        body = verify_text(diagnosis.report, color=color, width=width)
    else:
        body = expiry(diagnosis.report, diagnosis.claims or {}, color=color, width=width)
    return heading + body.rstrip("\n")


def explain_list_text(entries: Sequence[Entry], *, color: bool, width: int | None = None) -> str:
    """One line per known message, `library: message`, so that grep finds them."""
    lines = []
    for entry in entries:
        for message in entry.messages:
            # one line each, never wrapped, so that grep finds a message whole
            line = Text.assemble((entry.library, "cyan"))
            line.append(f": {message}")
            lines.append(line)
    libraries = len({e.library for e in entries})
    total = sum(len(e.messages) for e in entries)
    summary = Text(f"{total} messages of {libraries} libraries and services", style="dim")
    longest = max((len(line) for line in lines), default=0)
    return to_text(*lines, summary, color=color, width=max(width or 0, longest + 1))
