"""Human output of `explain`: the entry that matched (or the closest ones), and with
--token the diagnosis as `expiry` or `verify` would show it, then the verdict."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text

from jwtfix.ops.explain import Diagnosis, Entry, Explanation
from jwtfix.render.human import expiry, to_text


def explain_text(explanation: Explanation, diagnosis: Diagnosis | None, *, color: bool) -> str:
    lines: list[Any] = []
    entry = explanation.entry
    if entry is None:
        lines.append(Text("✘ not a message jwtfix knows", style="bold red"))
        if explanation.candidates:
            lines.append(Text("The closest known messages:", style="bold"))
            for candidate in explanation.candidates:
                line = Text("  ")
                line.append(candidate.library, style="cyan")
                line.append(f": {candidate.messages[0]}")
                line.append(f"  → {candidate.next}", style="dim")
                lines.append(line)
        lines.append(Text("`jwtfix explain --list` shows every known message.", style="dim"))
    else:
        head = Text("✔ ", style="bold green")
        if explanation.library_known:
            head.append(entry.library, style="bold cyan")
        else:
            head.append(f"library unknown, a token problem of kind {entry.kind}", style="bold cyan")
        head.append(f": {_shorten(explanation.excerpt or explanation.message or '')}", style="bold")
        lines.append(head)
        if entry.source.startswith(entry.repository):  # a library's answer, not a message's
            lines.append(Text(f"  {entry.source}", style="dim"))
        elif entry.source:
            lines.append(Text(f"  from {entry.source} ({entry.repository})", style="dim"))
        lines.append(Text(""))
        lines.append(Text(entry.meaning))
        lines.append(Text(""))
        lines.append(Text("Likely causes, the most frequent first:", style="bold"))
        lines.extend(Text(f"  {i}. {cause}") for i, cause in enumerate(entry.causes, 1))
        lines.append(Text("Fixes:", style="bold"))
        lines.extend(Text(f"  - {fix}") for fix in entry.fixes)
        step = Text("Tells which cause it is: ", style="bold")
        step.append(entry.next, style="yellow")
        lines.append(step)
        if explanation.candidates:
            others = ", ".join(f"{c.library} ({c.id})" for c in explanation.candidates)
            lines.append(Text(f"Also printed in this form by: {others}", style="dim"))
    rendered = to_text(*lines, color=color)
    if diagnosis is not None:
        rendered += "\n" + _diagnosis_text(diagnosis, color=color)
    return rendered


def _shorten(text: str, limit: int = 160) -> str:
    """The matched part of the user's text, on one line."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _diagnosis_text(diagnosis: Diagnosis, *, color: bool) -> str:
    heading = to_text(Text(f"jwtfix {diagnosis.command} on the token:", style="bold"), color=color)
    if diagnosis.command == "verify":
        from jwtfix.render.human.signing import verify_text

        body = verify_text(diagnosis.report, color=color)
    else:
        body = expiry(diagnosis.report, diagnosis.claims or {}, color=color)
    line = Text("Verdict: ", style="bold")
    line.append(diagnosis.verdict)
    return heading + body.rstrip("\n") + "\n\n" + to_text(line, color=color)


def explain_list_text(entries: Sequence[Entry], *, color: bool) -> str:
    """One line per known message, `library: message`, so that grep finds them."""
    lines = []
    for entry in entries:
        for message in entry.messages:
            line = Text(entry.library, style="cyan")
            line.append(f": {message}")
            lines.append(line)
    libraries = len({e.library for e in entries})
    total = sum(len(e.messages) for e in entries)
    summary = Text(f"{total} messages of {libraries} libraries and services", style="dim")
    return to_text(*lines, summary, color=color)
