"""The debugging checklist: registered checks, selection by ID or prefix, and `run`.

Checks live one module per hundred (structure 1xx, times 2xx, config 3xx,
signature 4xx, refresh 5xx, payload 6xx, live 7xx) plus `manual` for the checklist items
no tool can check. `run` selects, runs each check with its inputs (or reports
it skipped) and computes the exit code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from jwtfix.checks.registry import (
    CHECKLIST,
    REGISTRY,
    CheckContext,
    Need,
    Profile,
    Registered,
    Secret,
    Thresholds,
    check,
)
from jwtfix.errors import ExitCode, InputError
from jwtfix.model import CheckInfo, CheckReport, Finding, Status, TimelineEntry
from jwtfix.verdict import check_verdict

__all__ = [
    "CHECKLIST",
    "CheckContext",
    "Need",
    "Profile",
    "Secret",
    "Thresholds",
    "all_checks",
    "check",
    "exit_code",
    "run",
    "select",
]

_MODULES = (
    "structure",
    "times",
    "config",
    "signature",
    "refresh",
    "payload",
    "live",
    "har",
    "src",
    "manual",
)
_ID_PATTERN = re.compile(r"([A-Z]+)-?(\d+)")


def all_checks() -> list[Registered]:
    """Every registered check, in ID order (JWT1xx..JWT6xx, then MANUAL-n by item)."""
    import importlib

    for name in _MODULES:
        importlib.import_module(f"jwtfix.checks.{name}")
    return sorted(REGISTRY.values(), key=lambda r: _order(r.info.id))


def _order(check_id: str) -> tuple[int, int, str]:
    match = _ID_PATTERN.fullmatch(check_id)
    if match is None:  # pragma: no cover - IDs are fixed in the source
        return (2, 0, check_id)
    return (0 if match.group(1) == "JWT" else 1, int(match.group(2)), check_id)


def _normalise(pattern: str) -> str:
    return pattern.strip().upper()


def select(chosen: Iterable[str] = (), ignored: Iterable[str] = ()) -> list[Registered]:
    """The checks chosen by --select / --ignore (IDs or prefixes such as JWT3, JWT30).

    A pattern that matches no check is an InputError (exit 2): a typo must not
    silently turn a CI gate off.
    """
    checks = all_checks()
    chosen_patterns = [_normalise(p) for p in _split(chosen)]
    ignored_patterns = [_normalise(p) for p in _split(ignored)]
    for pattern in chosen_patterns + ignored_patterns:
        if not any(c.info.id.startswith(pattern) for c in checks):
            raise InputError(
                f"{pattern!r} matches no check ID: use an ID such as JWT305 or a prefix such "
                f"as JWT3 (IDs: {id_ranges(checks)})"
            )
    if chosen_patterns:
        checks = [c for c in checks if any(c.info.id.startswith(p) for p in chosen_patterns)]
    return [c for c in checks if not any(c.info.id.startswith(p) for p in ignored_patterns)]


def id_ranges(checks: Iterable[Registered]) -> str:
    """`JWT101-JWT602, MANUAL-2...MANUAL-10`: the registered IDs, first to last per family."""
    families: dict[str, list[str]] = {}
    for registered in sorted(checks, key=lambda r: _order(r.info.id)):
        match = _ID_PATTERN.fullmatch(registered.info.id)
        families.setdefault(match.group(1) if match else "", []).append(registered.info.id)
    # JWTnnn IDs are one range; MANUAL-n follow the checklist items, so "..." between them.
    return ", ".join(
        f"{ids[0]}{'...' if '-' in ids[0] else '-'}{ids[-1]}" if len(ids) > 1 else ids[0]
        for ids in families.values()
    )


def _split(patterns: Iterable[str]) -> list[str]:
    """`--select JWT3,JWT4` and repeated options alike."""
    return [part for pattern in patterns for part in pattern.split(",") if part.strip()]


def exit_code(findings: Iterable[Finding], *, strict: bool = False) -> int:
    """1 when a finding fails, or warns under --strict; else 0."""
    bad = {Status.FAIL, Status.WARN} if strict else {Status.FAIL}
    return ExitCode.FINDINGS if any(f.status in bad for f in findings) else ExitCode.OK


def run(
    ctx: CheckContext,
    *,
    select_ids: Iterable[str] = (),
    ignore_ids: Iterable[str] = (),
    strict: bool = False,
    inputs: tuple[str, ...] = (),
) -> CheckReport:
    """Run the selected checks over the context and build the report."""
    checks = select(select_ids, ignore_ids)
    if ctx.secret is None and ctx.service is not None:
        ctx = replace(ctx, secret=ctx.service.load_secret())
    findings: list[Finding] = []
    for registered in checks:
        findings.extend(registered.run(ctx))
    rules: tuple[CheckInfo, ...] = tuple(c.info for c in checks)
    report = CheckReport(
        findings=tuple(findings),
        rules=rules,
        exit_code=exit_code(findings, strict=strict),
        strict=strict,
        inputs=inputs,
        timeline=_timeline(ctx),
    )
    claims = ctx.token.claims if ctx.token is not None else None
    return replace(
        report, verdict=check_verdict(report, now=ctx.now, claims=claims, service=ctx.service)
    )


def _timeline(ctx: CheckContext) -> tuple[TimelineEntry, ...]:
    if ctx.live is None:
        return ()
    return tuple(
        TimelineEntry(
            item=call.item,
            step=call.step,
            method=call.exchange.method,
            path=call.exchange.path,
            status=call.exchange.status,
            elapsed_ms=call.exchange.elapsed_ms,
            notes=call.exchange.notes,
            bearer=call.exchange.request_header("authorization"),
            refusal=None
            if call.accepted or call.exchange.status is None
            else (call.answer.kind or "refused"),
        )
        for call in ctx.live.calls
    )
