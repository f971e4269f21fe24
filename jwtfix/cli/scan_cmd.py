"""`scan`: every JWT in files, folders and stdin, with where it is and when it expires."""

# No `from __future__ import annotations` here: typer would have to eval every
# annotation string at start-up; real annotations are cheaper.

import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated

import typer

from jwtfix.cli._app import (
    AtOpt,
    NoColorOpt,
    SkewOpt,
    app,
    duration_option,
    examples,
    exit_with,
    note,
    now_at,
    out,
    term_width,
    use_color,
)
from jwtfix.errors import ExitCode

NDJSON_BATCH = 512
"""Records written per write(): one system call per batch, not per token."""


class ScanFormat(StrEnum):
    HUMAN = "human"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"


@app.command(
    epilog=examples(
        "jwtfix scan .",
        "jwtfix scan --expiring-within 30d .",
        "cat session.har | jwtfix scan -",
    )
)
def scan(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH...",
            help="Files, folders (inside a git work tree: the files git does not ignore) "
            "or '-' for stdin. .gz files are decompressed.",
            show_default=False,
        ),
    ],
    expiring_within: Annotated[
        str | None,
        typer.Option(
            "--expiring-within",
            metavar="DUR",
            help="Fail (exit 1) when a token has expired or expires within DUR (e.g. 30d): "
            "test fixtures that will break the build on a date.",
        ),
    ] = None,
    fail_on_found: Annotated[
        bool,
        typer.Option(
            "--fail-on-found",
            help="Fail (exit 1) when any token is found (the pre-commit hook passes it).",
        ),
    ] = False,
    show_tokens: Annotated[
        bool,
        typer.Option(
            "--show-tokens",
            help="Print whole tokens (they may be live credentials: by default only a prefix "
            "and a fingerprint).",
        ),
    ] = False,
    output_format: Annotated[
        ScanFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="Output format: human, json (NDJSON: a token a line), github or sarif.",
        ),
    ] = ScanFormat.HUMAN,
    json_: Annotated[
        bool, typer.Option("--json", help="One JSON object per token per line (NDJSON).")
    ] = False,
    skew: SkewOpt = None,
    at: AtOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Find every JWT in files, folders or stdin: logs (also .gz), fixtures, JSON,
    minified bundles, HAR files, source.

    Each token is reported with file, line, column, alg, kid, sub/iss, its status
    as `expiry` judges it and its exp, named by a fingerprint instead of its text.
    Binary files are skipped, and inside a git work tree the files git ignores;
    what was skipped is said on stderr. Exit 0 unless --expiring-within or
    --fail-on-found finds a token (exit 1); 2 for a path that cannot be read.
    """
    from jwtfix.ops import scan as ops

    fmt = ScanFormat.JSON if json_ else output_format
    now = now_at(at)
    skew_s = duration_option(skew, "--skew")
    within = (
        duration_option(expiring_within, "--expiring-within", negative=True)
        if expiring_within is not None
        else None
    )
    ops.check_paths(paths)

    def fails(hit: "ops.Hit") -> bool:
        return fail_on_found or (within is not None and ops.expires_within(hit, within))

    stdin = getattr(sys.stdin, "buffer", None)
    hits: list[ops.Hit] = []
    flagged: list[bool] = []
    skipped: list[ops.Skipped] = []
    files = 0
    failed = False
    unreadable = False
    batch: list[str] = []
    record = None
    if fmt is ScanFormat.JSON:
        from jwtfix.render.json import scan_record

        record = scan_record
    import json

    # One encoder for every record: json.dumps with options builds a new one per call.
    encode = json.JSONEncoder(ensure_ascii=False, default=str).encode
    hit_type = ops.Hit
    from jwtfix.render.terminal import one_line

    for item in ops.scan(paths, now=now, skew=skew_s, stdin=stdin):
        if type(item) is hit_type:  # the common case first
            fail = fails(item)
            failed = failed or fail
            if record is not None:
                document = record(item, now, show_token=show_tokens)
                if within is not None:
                    document["expiring_within"] = ops.expires_within(item, within)
                batch.append(encode(document))
                if len(batch) >= NDJSON_BATCH:
                    out("\n".join(batch))
                    batch.clear()
            else:
                hits.append(item)
                flagged.append(fail)
            continue
        if isinstance(item, ops.Source):
            files += 1
            continue
        if isinstance(item, ops.Skipped):
            skipped.append(item)
            if item.reason in ("binary", "unreadable"):
                files -= 1
            if item.reason == "unreadable":
                unreadable = True
                if batch:
                    out("\n".join(batch))
                    batch.clear()
                message = " ".join(f"{item.path}: cannot read it: {item.detail}".split())
                sys.stderr.write(f"error: {one_line(message)}\n")
                if record is not None:  # NDJSON: the error object on one line of its own
                    out(encode({"error": {"type": "input_error", "message": message}}))
    if batch:
        out("\n".join(batch))
    exit_code = ExitCode.USAGE if unreadable else ExitCode.FINDINGS if failed else ExitCode.OK
    reason = "found (--fail-on-found)" if fail_on_found else f"expiring within {expiring_within}"
    if fmt is ScanFormat.HUMAN:
        from jwtfix.render.human import scan as scan_human

        out(
            scan_human.render(
                hits,
                flagged,
                files=files,
                exit_code=int(exit_code),
                color=use_color(no_color),
                width=term_width(),
                show_tokens=show_tokens,
                reason=reason,
            )
        )
    elif fmt in (ScanFormat.SARIF, ScanFormat.GITHUB):
        # With a failure rule, only what trips it is annotated, saying which rule it trips.
        if fail_on_found:
            why = "found (--fail-on-found)"
        elif expiring_within is not None:
            why = f"expires within {expiring_within}"
        else:
            why = ""
        annotate_all = fmt is not ScanFormat.GITHUB or not why
        shown = [(h, f) for h, f in zip(hits, flagged, strict=True) if f or annotate_all]
        report = ops.check_report(
            [h for h, _ in shown], [f for _, f in shown], exit_code=int(exit_code), now=now,
            reason=why,
        )  # fmt: skip
        if fmt is ScanFormat.SARIF:
            from jwtfix.render import sarif

            out(sarif.render(report))
        else:
            from jwtfix.render import github

            out(github.render(report, command="scan"))
    _say_skipped(skipped)
    exit_with(exit_code)


def _say_skipped(skipped: "Sequence[object]") -> None:
    """One note on stderr per kind of skip, naming the first few paths."""
    from jwtfix.ops.scan import Skipped

    kinds = {
        "binary": "binary file",
        "ignored": "path ignored by git",
        "special": "special file (pipe, socket, device)",
        "symlink": "symbolic link",
    }
    for reason, label in kinds.items():
        names = [s.path for s in skipped if isinstance(s, Skipped) and s.reason == reason]
        if not names:
            continue
        shown = ", ".join(names[:3]) + (f", ... ({len(names) - 3} more)" if len(names) > 3 else "")
        plural = (
            label
            if len(names) == 1
            else label.replace("path", "paths").replace("file", "files").replace("link", "links")
        )
        note(f"skipped {len(names)} {plural}: {shown}")
