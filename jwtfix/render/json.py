"""JSON output: one document per command, stable key order, `schema_version`.

Uses only the standard library, so `--json` never imports rich.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from jwtfix.timefmt import TIME_CLAIMS, iso, time_object

if TYPE_CHECKING:  # types only: `decode --json` must not import the check model
    from jwtfix.model import CheckReport, Finding
    from jwtfix.ops.decode import DecodeReport
    from jwtfix.ops.expiry import ExpiryReport
    from jwtfix.ops.scan import Hit

SCHEMA_VERSION = 1


def dumps(document: dict[str, Any]) -> str:
    """Serialise one output document; never fails on a value from a token."""
    return json.dumps(document, indent=2, ensure_ascii=False, default=str)


def error(type_: str, message: str) -> str:
    return dumps({"error": {"type": type_, "message": message}})


def _seconds(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def expiry_document(report: ExpiryReport) -> dict[str, Any]:
    now = report.now
    return {
        "schema_version": SCHEMA_VERSION,
        "status": report.status.value,
        "now": time_object(_seconds(now), now),
        "exp": None if report.exp is None else time_object(report.exp, now),
        "iat": None if report.iat is None else time_object(report.iat, now),
        "nbf": None if report.nbf is None else time_object(report.nbf, now),
        "lifetime_seconds": _seconds(report.lifetime_seconds),
        "remaining_seconds": _seconds(report.remaining_seconds),
        "skew_seconds": _seconds(report.skew_seconds),
        "buffer_seconds": _seconds(report.buffer_seconds),
        "server_accepts": report.server_accepts,
        "refresh_at": None if report.refresh_at is None else iso(report.refresh_at),
        "warnings": list(report.warnings),
    }


def decode_document(report: DecodeReport) -> dict[str, Any]:
    token = report.token
    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "kind": token.kind,
        "header": token.header,
        "payload": token.payload,
        "signature": token.signature,
        "times": {
            name: time_object(token.claims[name], report.now)
            for name in TIME_CLAIMS
            if name in token.claims
        },
        "status": report.expiry.status.value if report.expiry else None,
        "verified": False,
        "warnings": [issue.detail for issue in token.encoding_issues]
        + (list(report.expiry.warnings) if report.expiry else []),
    }
    if token.kind == "JWE":
        document["encrypted"] = True
    return document


def check_document(report: CheckReport) -> dict[str, Any]:
    """`check --json`: findings, a summary of counts per status, the exit code."""
    return {
        "schema_version": SCHEMA_VERSION,
        "findings": [_finding(finding, report) for finding in report.findings],
        "summary": report.summary(),
        "exit_code": report.exit_code,
        "strict": report.strict,
        "inputs": list(report.inputs),
    }


def _finding(finding: Finding, report: CheckReport) -> dict[str, Any]:
    item = next((rule.item for rule in report.rules if rule.id == finding.id), None)
    document: dict[str, Any] = {
        "id": finding.id,
        "title": finding.title,
        "status": finding.status.value,
        "severity": finding.severity.value,
        "message": finding.message,
        "fix": finding.fix,
        "location": None,
        "checklist_item": item,
    }
    location = finding.location
    if location is not None:
        if location.file is not None:
            document["location"] = {"file": location.file, "line": location.line}
        if location.claim is not None:
            document["claim"] = location.claim
    return document


def scan_record(hit: Hit, now: float, *, show_token: bool = False) -> dict[str, Any]:
    """`scan --json`: one object per token (NDJSON); the token itself only on request."""
    token = hit.token
    claims = token.claims
    header = token.header
    record: dict[str, Any] = {
        "file": hit.file,
        "line": hit.line,
        "column": hit.column,
        "kind": token.kind,
        "alg": token.alg,
        "kid": header.get("kid"),
        "typ": header.get("typ"),
        "sub": claims.get("sub"),
        "iss": claims.get("iss"),
        "status": hit.status,
        "exp": time_object(claims["exp"], now) if "exp" in claims else None,
        "iat": time_object(claims["iat"], now) if "iat" in claims else None,
        "nbf": time_object(claims["nbf"], now) if "nbf" in claims else None,
        "fingerprint": hit.fingerprint,
        "length": len(token.text),
    }
    if show_token:
        record["token"] = token.text
    return record
