"""Human output of `keygen` and `verify`. Keys are named by their origin, never shown."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jwtfix.ops.keygen import FILES, KeyPair
from jwtfix.ops.verify import VerifyReport
from jwtfix.render.human import to_text
from jwtfix.timefmt import is_numeric_date, iso_text, relative


def keygen_text(pair: KeyPair) -> str:
    """Everything on stdout: both PEMs, then the public JWKS (one JSON line)."""
    return (
        f"# {pair.alg} key pair, kid {pair.kid} (RFC 7638 thumbprint)\n"
        f"{pair.private_pem}{pair.public_pem}"
        f"{json.dumps(pair.jwks, separators=(',', ':'))}\n"
    )


def keygen_written(pair: KeyPair, written: list[Path]) -> str:
    lines = [f"{pair.alg} key pair, kid {pair.kid}"]
    for (_, (_, private)), path in zip(FILES.items(), written, strict=True):
        lines.append(f"  {path}" + ("  (private, mode 0600)" if private else ""))
    return "\n".join(lines)


def verify_text(report: VerifyReport, *, color: bool, width: int | None = None) -> str:
    """The verdict, whether the signature verified (always, SPEC 4.5), then the claims."""
    from rich.table import Table
    from rich.text import Text

    from jwtfix.model import Status
    from jwtfix.render.human import status_text, verdict_line
    from jwtfix.verdict import verify_verdict

    facts = Table.grid(padding=(0, 1, 0, 0))
    facts.add_column(no_wrap=True, style="bold")
    facts.add_column(no_wrap=True)
    facts.add_column(ratio=1)
    key = report.key or "the key"
    if report.signature_valid is True:
        signature = (status_text(Status.PASS, "verified"), f"{report.alg} with {key}")
    elif report.signature_valid is False:
        signature = (status_text(Status.FAIL, "failed"), f"{report.alg} with {key}")
    else:
        signature = (status_text(Status.SKIP, "not checked"), report.message or "")
    facts.add_row("signature", *signature)
    if report.valid:
        exp = (report.payload or {}).get("exp")
        if isinstance(exp, int | float) and is_numeric_date(exp):
            when = f"expires {relative(exp - report.now)} ({iso_text(exp)})"
        else:
            when = "no exp: the token never expires"
        facts.add_row("claims", status_text(Status.PASS, "valid"), when)
    elif report.reason != "invalid_signature":
        facts.add_row(
            "claims", status_text(Status.FAIL, report.reason or "invalid"), report.message or ""
        )
    notes = Table.grid(padding=(0, 1, 0, 0))
    notes.add_column(no_wrap=True, justify="right", min_width=3)
    notes.add_column(ratio=1)
    for line in report.diagnosis:
        notes.add_row(Text("→", style="yellow"), line)
    for line in report.warnings:
        notes.add_row(Text("!", style="yellow"), Text.assemble(("warning: ", "yellow"), line))
    token = Table.grid(padding=(0, 1, 0, 0))
    token.add_column(no_wrap=True, style="dim", min_width=len("signature"))
    token.add_column(ratio=1, style="dim")
    token.add_row("header", _compact(report.header))
    if report.payload is not None:
        token.add_row("payload", _compact(report.payload))
    parts: list[Any] = [verdict_line(verify_verdict(report)), facts]
    if notes.row_count:
        parts.append(notes)
    parts.append(token)
    return to_text(*parts, color=color, width=width)


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=str)
