"""Result types shared by the commands and the renderers (frozen dataclasses).

Findings carry a stable public ID (`JWT305`), a status, a message that says
what is wrong and a fix kept apart from it. None of them ever holds a secret.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    """The outcome of one check."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    SKIP = "skip"
    """The check could not run: its input (token, .env, key) was not given."""
    MANUAL = "manual"
    """No tool can check this; the message says what a person should look at."""


class Severity(StrEnum):
    """How bad a finding is when it does not pass; maps to SARIF levels."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding points: a file and line (a `.env`), or a claim, or a HAR entry."""

    file: str | None = None
    line: int | None = None
    claim: str | None = None
    """A token claim or header parameter, e.g. `exp` or `header.alg`."""
    entry: int | None = None
    """0-based index of a HAR entry."""
    column: int | None = None
    """1-based column (characters) in `line`, where a finding points inside a line."""
    code: str | None = None
    """The source line a finding about code points at (`check --src`), secrets masked."""


@dataclass(frozen=True, slots=True)
class Finding:
    id: str
    """Public, stable ID such as `JWT305`; never renumbered."""
    title: str
    """The check's short title."""
    status: Status
    message: str
    """What was found; secrets are named by where they come from, never shown."""
    fix: str | None = None
    """What to do about it, kept apart from the message."""
    severity: Severity = Severity.ERROR
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class CheckInfo:
    """What a registered check is: its public ID and its documentation."""

    id: str
    title: str
    help: str
    """The check's docstring: what it means and what to do (SARIF rule help)."""
    severity: Severity
    item: int
    """Which of the ten items of the debugging checklist it belongs to (1-10)."""


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One request of the live flow (`check --live`), as the output lists it: no tokens."""

    item: int
    """The checklist item the request helps settle (it is shown under it)."""
    step: str
    """The flow's step: login, use, refuse-expired, refresh, reuse-old, logout, ..."""
    method: str
    path: str
    status: int | None
    elapsed_ms: float | None
    notes: tuple[str, ...] = ()
    """What the client noted: a redirect to another origin not followed, a cookie ignored."""
    bearer: str | None = None
    """The Authorization sent, as a fingerprint (`Bearer <sha256:1a2b3c4d>`), never the token."""
    refusal: str | None = None
    """What a refusal said, read by jwtfix.answers: its kind (expired, signature, wrong_type,
    missing, ...) or `refused` when it names none; None for an accepted answer."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """The one sentence human output starts with (`jwtfix.verdict` decides it)."""

    status: Status
    """FAIL (a problem), WARN (a risk, nothing refused) or PASS (nothing wrong)."""
    text: str
    """The problem and what to do, or that nothing is wrong."""
    finding: str | None = None
    """The ID of the finding (or verify's reason) it is about, where there is one."""


@dataclass(frozen=True, slots=True)
class CheckReport:
    """The result of `check` (and the findings part of `har`)."""

    findings: tuple[Finding, ...]
    rules: tuple[CheckInfo, ...]
    """Every check that was selected, in ID order (SARIF lists one rule per ID)."""
    exit_code: int
    strict: bool = False
    inputs: tuple[str, ...] = ()
    """What was checked, for people: 'token (argument)', '.env (config/.env)'."""
    timeline: tuple[TimelineEntry, ...] = ()
    """The live flow's requests (`--live`), in order; empty without it."""
    verdict: Verdict | None = None
    """The most important problem and what to do (`jwtfix.verdict.check_verdict`)."""

    def summary(self) -> dict[str, int]:
        counts = {status.value: 0 for status in Status}
        for finding in self.findings:
            counts[finding.status.value] += 1
        return counts
