"""Output of `sign`, `keygen` and `verify`: JSON documents and human text.

The JSON functions use only the standard library; the human verdict of
`verify` imports rich when it is called, like the other human renderers.
Nothing here ever receives a secret: keys are named by their origin.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jwtfix.ops.keygen import FILES, KeyPair
from jwtfix.ops.sign import SignResult
from jwtfix.ops.verify import VerifyReport
from jwtfix.render.json import SCHEMA_VERSION
from jwtfix.timefmt import TIME_CLAIMS, is_numeric_date, iso_text, relative, time_object


def sign_document(result: SignResult) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "token": result.token,
        "header": result.header,
        "payload": result.payload,
        "warnings": list(result.warnings),
    }


def pair_document(access: SignResult, refresh: SignResult) -> dict[str, Any]:
    """The shape of a typical login response: accessToken, refreshToken, expiresIn (s)."""
    exp, iat = access.payload.get("exp"), access.payload.get("iat")
    expires_in = None
    if isinstance(exp, int | float) and isinstance(iat, int | float) and is_numeric_date(exp):
        expires_in = int(exp - iat)
    return {"accessToken": access.token, "refreshToken": refresh.token, "expiresIn": expires_in}


def keygen_document(pair: KeyPair, written: list[Path] | None) -> dict[str, Any]:
    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "alg": pair.alg,
        "kid": pair.kid,
    }
    if written is not None:
        document["files"] = {
            attr: str(path) for (attr, _), path in zip(FILES.items(), written, strict=True)
        }
    else:
        document.update(
            private_pem=pair.private_pem,
            public_pem=pair.public_pem,
            private_jwk=pair.private_jwk,
            public_jwk=pair.public_jwk,
            jwks=pair.jwks,
        )
    return document


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


def verify_document(report: VerifyReport) -> dict[str, Any]:
    claims = report.payload or {}
    return {
        "schema_version": SCHEMA_VERSION,
        "valid": report.valid,
        "reason": report.reason,
        "message": report.message,
        "header": report.header,
        "payload": report.payload,
        "diagnosis": list(report.diagnosis),
        "alg": report.alg,
        "allowed_algorithms": list(report.allowed),
        "key": report.key,
        "signature_valid": report.signature_valid,
        "checked_claims": list(report.checked),
        "now": time_object(
            int(report.now) if float(report.now).is_integer() else report.now, report.now
        ),
        "times": {
            name: time_object(claims[name], report.now) for name in TIME_CLAIMS if name in claims
        },
    }


def verify_text(report: VerifyReport, *, color: bool) -> str:
    from rich.text import Text

    from jwtfix.render.human import to_text

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
    lines.append(Text(f"header   {_compact(report.header)}", style="dim"))
    if report.payload is not None:
        lines.append(Text(f"payload  {_compact(report.payload)}", style="dim"))
    return to_text(*lines, color=color)


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=str)
