"""probe's human output: the exchange, what the service said, the verdict.

Plain text (no colour needed); tokens and cookies only as the fingerprints the
HTTP client recorded, the response body never whole.
"""

from __future__ import annotations

from jwtfix.ops.probe import ProbeReport
from jwtfix.timefmt import iso


def probe_text(report: ProbeReport) -> str:
    lines: list[str] = []
    for exchange in report.exchanges:
        ms = f"{exchange.elapsed_ms:.0f} ms" if exchange.elapsed_ms is not None else "-"
        lines.append(f"{exchange.method} {exchange.url} -> {exchange.status} ({ms})")
        auth = exchange.request_header("authorization")
        if auth:
            lines.append(f"  sent Authorization: {auth}")
    parsed = report.challenges
    if parsed is not None:
        for c in parsed.challenges:
            shown = ", ".join(f"{k}={v!r}" for k, v in c.params.items())
            lines.append(f"  challenge: {c.scheme}" + (f" {shown}" if shown else ""))
    if report.body_error is not None and report.body_error.summary:
        lines.append(f"  body: {report.body_error.summary}")
    if report.stack is not None:
        leeway = (
            f", default leeway {report.stack.leeway_seconds:g}s"
            if report.stack.leeway_seconds is not None
            else ""
        )
        lines.append(f"  stack: {report.stack.name}{leeway} ({report.stack.evidence})")
    clock = report.clock
    if clock is not None:
        lines.append(
            f"  server clock: {iso(round(clock.server_time))} from its {clock.source}; it "
            f"{clock.offset.describe(0.0)}"
        )
    if report.token is not None:
        lines.append(f"  token at the server's clock: {report.token.status.value}")
    if report.token_local is not None and (
        report.token is None or report.token_local.status != report.token.status
    ):
        lines.append(f"  token at this machine's clock: {report.token_local.status.value}")
    explanation = report.explanation
    entry = getattr(explanation, "entry", None)
    if entry is not None:
        lines.append(f"  known message: {entry.library}: {entry.meaning}")
    lines.append("")
    lines.append(report.verdict)
    listed = [f for f in report.findings if f.status.value != "pass"]
    if listed or report.diagnosis or report.notes:
        lines.append("")
    lines.extend(
        f"{f.status.value}: {f.message}" + (f" ({f.fix})" if f.fix else "") for f in listed
    )
    lines.extend(f"diagnosis: {d}" for d in report.diagnosis)
    lines.extend(f"note: {n}" for n in report.notes)
    return "\n".join(lines)
