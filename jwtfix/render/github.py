"""GitHub Actions workflow commands for `check` (`--format github`).

Each finding that needs attention becomes an annotation on the run and, for
`.env` findings, on the file and line:

    ::error file=config/.env,line=3,title=JWT305::<title>: <message>%0AFix: <fix>

`fail` -> `::error`; `warn` -> `::warning` (`::error` under `--strict`, where a
warning fails the build). `pass`, `skip` and `manual` make no annotation:
GitHub shows only ten of each kind per step, and they are not problems. A last
plain line counts the findings per status.

Values are escaped as the Actions runner expects: in the message `%`, CR and
LF; in properties also `:` and `,`.
"""

from __future__ import annotations

from jwtfix.limits import MAX_LISTED
from jwtfix.model import CheckReport, Finding, Status


def render(report: CheckReport, *, command: str = "check") -> str:
    """Workflow commands, one per line, then a summary line naming `command`."""
    lines = []
    per_id: dict[str, int] = {}
    for finding in report.findings:
        if finding.status in (Status.FAIL, Status.WARN):
            per_id[finding.id] = per_id.get(finding.id, 0) + 1
            if per_id[finding.id] <= MAX_LISTED:  # GitHub shows ten of a kind per step
                lines.append(_command(finding, report.strict))
    lines += [
        f"::notice title={escape_property(ident)}::and {count - MAX_LISTED:,} more {ident} "
        "findings (--format sarif or json lists all)"
        for ident, count in per_id.items()
        if count > MAX_LISTED
    ]
    summary = report.summary()
    counts = ", ".join(f"{summary[status.value]} {status.value}" for status in Status)
    lines.append(f"jwtfix {command}: {counts}")
    return "\n".join(lines) + "\n"


def _command(finding: Finding, strict: bool) -> str:
    command = "warning" if finding.status is Status.WARN and not strict else "error"
    properties: list[tuple[str, str]] = []
    where = finding.location
    if where is not None and where.file:
        properties.append(("file", where.file))
        if where.line is not None:
            properties.append(("line", str(where.line)))
            if where.column is not None:
                properties.append(("col", str(where.column)))
    properties.append(("title", finding.id))  # as SPEC shows it: title=JWT305
    message = f"{finding.title}: {finding.message}"
    if finding.fix:
        message = f"{message}\nFix: {finding.fix}"
    props = ",".join(f"{name}={escape_property(value)}" for name, value in properties)
    return f"::{command} {props}::{escape_data(message)}"


def escape_data(text: str) -> str:
    """Escape a workflow command's message (after the `::`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (`file=`, `title=`, ...)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
