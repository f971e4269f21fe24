"""JSON output: one document per command, stable key order, `schema_version`.

Uses only the standard library, so `--json` never imports rich.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from jwtfix.timefmt import TIME_CLAIMS, is_numeric_date, iso, time_object

if TYPE_CHECKING:  # types only: `decode --json` must not import the check model
    from collections.abc import Sequence
    from pathlib import Path

    from jwtfix.model import CheckReport, Finding, TimelineEntry
    from jwtfix.ops.decode import DecodeReport
    from jwtfix.ops.expiry import ExpiryReport
    from jwtfix.ops.explain import Diagnosis, Entry, Explanation
    from jwtfix.ops.har import HarSession
    from jwtfix.ops.keygen import KeyPair
    from jwtfix.ops.probe import ProbeReport
    from jwtfix.ops.scan import Hit
    from jwtfix.ops.sign import SignResult
    from jwtfix.ops.verify import VerifyReport

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
        "fix": report.fix,
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
        # the sentence human output starts with, and the finding it is about (SPEC 4.5)
        "verdict": report.verdict.text if report.verdict else None,
        "verdict_id": report.verdict.finding if report.verdict else None,
        **({"live": [_entry(entry) for entry in report.timeline]} if report.timeline else {}),
    }


def _entry(entry: TimelineEntry) -> dict[str, Any]:
    return {
        "step": entry.step,
        "checklist_item": entry.item,
        "method": entry.method,
        "path": entry.path,
        "status": entry.status,
        "elapsed_ms": entry.elapsed_ms,
        "notes": list(entry.notes),
        "authorization": entry.bearer,
        "refusal": entry.refusal,
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
            if location.column is not None:
                document["location"]["column"] = location.column
            if location.code is not None:
                document["location"]["code"] = location.code
        if location.claim is not None:
            document["claim"] = location.claim
        if location.entry is not None:  # a HAR entry (har, check --har)
            document["location"] = {**(document["location"] or {}), "entry": location.entry}
    return document


def har_document(recorded: HarSession, report: CheckReport) -> dict[str, Any]:
    """`har --json`: `file`, the timeline (`entries`), `tokens`, then check's document."""
    document = check_document(report)

    def seconds(value: float | None) -> float | None:
        return None if value is None else round(value, 3)

    entries = [
        {
            "entry": e.entry,
            "time": iso(e.started) if recorded.timed else None,
            "method": e.method,
            "path": e.path,
            "status": e.status,
            "refused": e.refused,
            "token": e.token,
            "api_key": e.api_key,
            "remaining_seconds": seconds(e.remaining),
            "refresh": e.refresh,
            "refresh_token": e.refresh_token,
            "issued": list(e.issued),
            "duration_ms": seconds(e.time_ms),
        }
        for e in recorded.entries
    ]
    tokens = [
        {
            "label": t.label,
            "kind": t.kind,
            "fingerprint": t.fingerprint,
            "exp": None if t.exp is None else iso(t.exp),
            "iat": None if t.iat is None else iso(t.iat),
            "first_entry": t.first_entry,
        }
        for t in recorded.tokens
    ]
    return {
        "schema_version": document["schema_version"],
        "file": recorded.file,
        "exchanges": recorded.exchanges,
        "truncated": recorded.truncated,
        "creator": recorded.creator,
        "not_recorded": recorded.not_recorded,
        "entries": entries,
        "tokens": tokens,
        **{k: v for k, v in document.items() if k != "schema_version"},
    }


# --- sign, keygen, verify ---------------------------------------------------


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
    from jwtfix.ops.keygen import FILES

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


def _verify_verdict(report: VerifyReport) -> str:
    from jwtfix.verdict import verify_verdict

    return verify_verdict(report).text


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
        "warnings": list(report.warnings),
        "checked_claims": list(report.checked),
        "verdict": _verify_verdict(report),
        "now": time_object(
            int(report.now) if float(report.now).is_integer() else report.now, report.now
        ),
        "times": {
            name: time_object(claims[name], report.now) for name in TIME_CLAIMS if name in claims
        },
    }


def probe_document(report: ProbeReport) -> dict[str, Any]:
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
        "fingerprint": hit.fingerprint,
        "length": len(token.text),
    }
    if show_token:
        record["token"] = token.text
    return record


def explain_document(explanation: Explanation, diagnosis: Diagnosis | None) -> dict[str, Any]:
    """`explain --json`: matched, library, meaning, causes, fixes, next (SPEC section 2);
    with --token also `diagnosis`, the JSON report of the command that ran on the token."""
    document: dict[str, Any] = {"schema_version": SCHEMA_VERSION, **explanation.to_json()}
    if diagnosis is not None:
        document["diagnosis_command"] = diagnosis.command
        document["diagnosis"] = (
            verify_document(diagnosis.report)
            if diagnosis.command == "verify"
            else expiry_document(diagnosis.report)
        )
        document["verdict"] = diagnosis.verdict
    return document


def explain_list_document(entries: Sequence[Entry]) -> dict[str, Any]:
    """`explain --list --json`: every entry of the knowledge base."""
    return {
        "schema_version": SCHEMA_VERSION,
        "count": len(entries),
        "messages": sum(len(entry.messages) for entry in entries),
        "libraries": len({entry.library for entry in entries}),
        "entries": [entry.to_json() for entry in entries],
    }
