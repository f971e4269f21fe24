"""probe's human output: the verdict first, then the exchange and what the service said.

Tokens and cookies only as the fingerprints the HTTP client recorded, the
response body never whole. The challenge is shown as the server sent it (no
quotes added), the body's error code kept beside its message.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from jwtfix.limits import clip
from jwtfix.model import Status, Verdict
from jwtfix.ops.probe import ProbeReport
from jwtfix.render.human import status_text, to_text, verdict_line
from jwtfix.timefmt import iso


def probe_text(report: ProbeReport, *, color: bool = False, width: int | None = None) -> str:
    failed = report.exit_code != 0
    parts: list[RenderableType] = [
        verdict_line(Verdict(Status.FAIL if failed else Status.PASS, report.verdict))
    ]
    facts = Table.grid(padding=(0, 1, 0, 0))
    facts.add_column(no_wrap=True, style="bold")
    facts.add_column(ratio=1, overflow="fold")  # a long word of a server's is folded, not cut
    for exchange in report.exchanges:
        ms = f"{exchange.elapsed_ms:.0f} ms" if exchange.elapsed_ms is not None else "-"
        good = exchange.status is not None and 200 <= exchange.status < 300
        answer = Text(f"{exchange.method} {exchange.url} -> ")
        answer.append(str(exchange.status), style="green" if good else "red")
        answer.append(f" ({ms})")
        facts.add_row("request:", answer)
        auth = exchange.request_header("authorization")
        if auth:
            facts.add_row("sent:", f"Authorization: {auth}")
        for header in exchange.headers("www-authenticate"):
            facts.add_row("challenge:", f"WWW-Authenticate: {clip(header)}")
    if report.body_error is not None and report.body_error.summary:
        body = report.body_error
        text = body.summary or ""
        codes = [c for c in (body.code, body.error) if c and c not in text]
        if codes:
            text += f" (code: {', '.join(dict.fromkeys(codes))})"
        facts.add_row("body:", clip(text))
    if report.stack is not None:
        leeway = (
            f", default leeway {report.stack.leeway_seconds:g}s"
            if report.stack.leeway_seconds is not None
            else ""
        )
        facts.add_row("stack:", f"{report.stack.name}{leeway} ({report.stack.evidence})")
    clock = report.clock
    if clock is not None:
        facts.add_row(
            "server clock:",
            f"{iso(round(clock.server_time))} from its {clock.source}; it "
            f"{clock.offset.describe(0.0)}",
        )
    if report.token is not None:
        facts.add_row("token:", f"{report.token.status.value} at the server's clock")
    if report.token_local is not None and (
        report.token is None or report.token_local.status != report.token.status
    ):
        facts.add_row("", f"{report.token_local.status.value} at this machine's clock")
    entry = getattr(report.explanation, "entry", None)
    if entry is not None:
        facts.add_row("known message:", f"{entry.library}: {entry.meaning}")
    parts.append(facts)
    listed = [f for f in report.findings if f.status.value != "pass"]
    if listed:
        grid = Table.grid(padding=(0, 1, 0, 0))
        grid.add_column(no_wrap=True, width=6)
        grid.add_column(ratio=1, overflow="fold")
        for finding in listed:
            body_text = Text(finding.message)
            if finding.fix:
                body_text.append("\nfix: ", style="bold")
                body_text.append(finding.fix)
            grid.add_row(status_text(finding.status), body_text)
        parts.append(grid)
    parts.extend(Text.assemble(("diagnosis: ", "bold"), d) for d in report.diagnosis)
    parts.extend(Text.assemble(("note: ", "dim"), n) for n in report.notes)
    return to_text(*parts, color=color, width=width)
