"""probe's output: the JSON document (SPEC section 2) and the human text.

Pure `render(report) -> str`. Tokens and cookies appear only as the
fingerprints the HTTP client recorded; the response body is never printed whole.
"""

from __future__ import annotations

from typing import Any

from jwtfix.ops.probe import ProbeReport
from jwtfix.render.json import SCHEMA_VERSION, dumps, expiry_document
from jwtfix.timefmt import iso, span


def document(report: ProbeReport) -> dict[str, Any]:
    parsed = report.challenges
    bearer = parsed.bearer if parsed else None
    clock = report.clock
    return {
        "schema_version": SCHEMA_VERSION,
        "method": report.method,
        "url": report.url,
        "status": report.status,
        "elapsed_ms": report.elapsed_ms,
        "sent_token": report.sent_token,
        "challenge": None
        if parsed is None
        else {
            **(bearer.to_json() if bearer else {"scheme": None, "error": None}),
            "no_error_means": "no usable credentials seen (RFC 6750 §3.1)"
            if bearer is not None and bearer.error is None
            else None,
            "challenges": [c.to_json() for c in parsed.challenges],
            "notes": list(parsed.notes),
        },
        "server_time": None
        if clock is None
        else {
            "value": round(clock.server_time, 3),
            "iso": iso(round(clock.server_time)),
            "source": clock.source,
            "header": clock.header,
        },
        "clock_offset_seconds": None if clock is None else clock.offset_seconds,
        "clock_uncertainty_seconds": None if clock is None else clock.uncertainty_seconds,
        "body_error": None if report.body_error is None else report.body_error.to_json(),
        "explanation": None if report.explanation is None else report.explanation.to_json(),
        "stack": None if report.stack is None else report.stack.to_json(),
        "kind": report.kind,
        "token": None if report.token is None else expiry_document(report.token),
        "token_at_this_machine": None
        if report.token_local is None
        else expiry_document(report.token_local),
        "verdict": report.verdict,
        "findings": [f.to_json() for f in report.findings],
        "diagnosis": list(report.diagnosis),
        "verify_reason": report.verify_reason,
        "notes": list(report.notes),
        "exchanges": [e.to_json() for e in report.exchanges],
    }


def render_json(report: ProbeReport) -> str:
    return dumps(document(report))


def render_human(report: ProbeReport) -> str:
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
        direction = "ahead" if clock.offset_seconds >= 0 else "behind"
        lines.append(
            f"  server clock: {iso(round(clock.server_time))}, "
            f"{span(abs(clock.offset_seconds))} {direction} of this machine "
            f"(±{clock.uncertainty_seconds:g}s, {clock.source})"
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
