"""`har`: the authentication timeline of a recorded browser session, and JWT801-JWT806."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from jwtfix.cli._app import (
    JsonOpt,
    NoColorOpt,
    SkewOpt,
    app,
    duration_option,
    examples,
    exit_with,
    note,
    out,
    term_width,
    use_color,
)

if TYPE_CHECKING:
    from jwtfix.model import CheckReport
    from jwtfix.ops.har import HarSession


class HarFormat(StrEnum):
    HUMAN = "human"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"


def load_session(path: str) -> HarSession:
    """Read a HAR file (streamed) into its timeline; HarError (exit 2) where it is broken."""
    import gc

    from jwtfix import har
    from jwtfix.ops.har import session

    # Each entry is freed by reference counting once judged; the cyclic collector
    # would only rescan the parser's fresh objects, about a fifth of the run time.
    gc.disable()
    try:
        recorded = session(har.read(path), path)
    finally:
        gc.enable()
    if recorded.truncated:
        note(
            f"{path} has more than {recorded.exchanges:,} entries: only the first "
            f"{recorded.exchanges:,} were read, and the timeline and findings are about them"
        )
    return recorded


def describe(recorded: HarSession) -> str:
    """The HAR as check's list of inputs names it."""
    if recorded.truncated:
        return f"HAR ({recorded.file}, the first {recorded.exchanges} entries)"
    return f"HAR ({recorded.file}, {recorded.exchanges} entries)"


@app.command(
    epilog=examples(
        "jwtfix har session.har",
        "jwtfix har --format github session.har",
        "jwtfix check --env .env --har session.har @token.txt",
    )
)
def har(
    file: Annotated[
        str,
        typer.Argument(metavar="FILE.har", help="A HAR file (Chrome, Firefox, Playwright...)."),
    ],
    output_format: Annotated[
        HarFormat,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="Output format: human, json, github or sarif."
        ),
    ] = HarFormat.HUMAN,
    json_: JsonOpt = False,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
    skew: SkewOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """The authentication timeline of a recorded browser session (HAR) and its findings.

    Lists each request that carried a bearer token (which one, as a label
    such as A1, and its remaining lifetime when sent), refresh calls and 401
    answers, then JWT801-JWT806: expired tokens sent, 401s not refreshed,
    refresh races, reused refresh tokens, clocks, tokens readable by page
    scripts. Tokens and cookie values are never printed. Exit 1 when a finding
    fails (or warns, with --strict).
    """
    from dataclasses import replace

    from jwtfix import checks
    from jwtfix.verdict import har_verdict

    fmt = HarFormat.JSON if json_ else output_format
    skew_s = duration_option(skew, "--skew")
    recorded = load_session(file)
    ctx = checks.CheckContext(now=recorded.last_started or 0.0, har=recorded, skew=skew_s)
    report = checks.run(
        ctx,
        select_ids=("JWT8",),
        strict=strict,
        inputs=(describe(recorded),),
    )
    report = replace(report, verdict=har_verdict(report, recorded))
    out(_render(recorded, report, fmt, use_color(no_color)))
    exit_with(report.exit_code)


def _render(recorded: HarSession, report: CheckReport, fmt: HarFormat, color: bool) -> str:
    from jwtfix.render import Format, for_format

    if fmt is HarFormat.JSON:
        from jwtfix.render.json import dumps, har_document

        return dumps(har_document(recorded, report))
    if fmt is HarFormat.HUMAN:
        from jwtfix.render.human.har import render

        return render(recorded, report, color=color, width=term_width())
    return for_format(Format(fmt.value))(report)
