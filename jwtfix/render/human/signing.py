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


def verify_text(report: VerifyReport, *, color: bool) -> str:
    from rich.text import Text

    verdict = Text()
    if report.valid:
        verdict.append("✔ valid", style="bold green")
        detail = f"  {report.alg} signature verified with {report.key}"
        exp = (report.payload or {}).get("exp")
        if isinstance(exp, int | float) and is_numeric_date(exp):
            detail += f"; expires {relative(exp - report.now)} ({iso_text(exp)})"
        else:
            detail += "; the token has no exp: it never expires"
        verdict.append(detail)
    else:
        verdict.append(f"✘ {report.reason}", style="bold red")
        verdict.append(f"  {report.message}")
    lines: list[Any] = [verdict]
    for line in report.diagnosis:
        item = Text("  → ", style="yellow")
        item.append(line)
        lines.append(item)
    for line in report.warnings:
        item = Text("  ! warning: ", style="yellow")
        item.append(line)
        lines.append(item)
    lines.append(Text(f"header   {_compact(report.header)}", style="dim"))
    if report.payload is not None:
        lines.append(Text(f"payload  {_compact(report.payload)}", style="dim"))
    return to_text(*lines, color=color)


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=str)
