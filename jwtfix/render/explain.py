"""Output of `explain`: the JSON document and the human text.

`document` and `list_document` use only the standard library; the human
renderers import rich when they are called. A diagnosis is rendered with the
renderers of the command that ran (`expiry`'s or `verify`'s).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jwtfix.render.json import SCHEMA_VERSION

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jwtfix.ops.explain import Diagnosis, Entry, Explanation


def document(explanation: Explanation, diagnosis: Diagnosis | None) -> dict[str, Any]:
    """`explain --json`: matched, library, meaning, causes, fixes, next (SPEC), and with
    --token the report of the command that ran, as `diagnosis`."""
    doc: dict[str, Any] = {"schema_version": SCHEMA_VERSION, **explanation.to_json()}
    if diagnosis is not None:
        from jwtfix.ops.explain import verdict

        doc["diagnosis_command"] = diagnosis.command
        doc["diagnosis"] = _diagnosis_document(diagnosis)
        doc["verdict"] = verdict(explanation, diagnosis)
    return doc


def _diagnosis_document(diagnosis: Diagnosis) -> dict[str, Any]:
    if diagnosis.command == "verify":
        from jwtfix.render.signing import verify_document

        return verify_document(diagnosis.report)
    from jwtfix.render.json import expiry_document

    return expiry_document(diagnosis.report)


def list_document(entries: Sequence[Entry]) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "count": len(entries),
        "messages": sum(len(e.messages) for e in entries),
        "libraries": len({e.library for e in entries}),
        "entries": [entry.to_json() for entry in entries],
    }


def text(explanation: Explanation, diagnosis: Diagnosis | None, *, color: bool) -> str:
    from rich.text import Text

    from jwtfix.render.human import to_text

    lines: list[Any] = []
    entry = explanation.entry
    if entry is None:
        head = Text("✘ not a message jwtfix knows", style="bold red")
        lines.append(head)
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
        head.append(entry.library, style="bold cyan")
        head.append(f": {_shorten(explanation.excerpt or explanation.message or '')}", style="bold")
        lines.append(head)
        lines.append(Text(f"  from {entry.source} ({entry.repository})", style="dim"))
        lines.append(Text(""))
        lines.append(Text(entry.meaning))
        lines.append(Text(""))
        lines.append(Text("Likely causes, the most frequent first:", style="bold"))
        for i, cause in enumerate(entry.causes, 1):
            lines.append(Text(f"  {i}. {cause}"))
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
        rendered += "\n" + _diagnosis_text(explanation, diagnosis, color=color)
    return rendered


def _shorten(text: str, limit: int = 160) -> str:
    """The matched part of the user's text, on one line."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _diagnosis_text(explanation: Explanation, diagnosis: Diagnosis, *, color: bool) -> str:
    from rich.text import Text

    from jwtfix.ops.explain import verdict
    from jwtfix.render.human import to_text

    heading = to_text(Text(f"jwtfix {diagnosis.command} on the token:", style="bold"), color=color)
    if diagnosis.command == "verify":
        from jwtfix.render.signing import verify_text

        body = verify_text(diagnosis.report, color=color)
    else:
        from jwtfix.render import human

        body = human.expiry(diagnosis.report, diagnosis.claims or {}, color=color)
    line = Text("Verdict: ", style="bold")
    line.append(verdict(explanation, diagnosis))
    return heading + body.rstrip("\n") + "\n\n" + to_text(line, color=color)


def list_text(entries: Sequence[Entry], *, color: bool) -> str:
    """One line per known message, `library: message`, so that grep finds them."""
    from rich.text import Text

    from jwtfix.render.human import to_text

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
