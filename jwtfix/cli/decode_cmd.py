"""`decode`: show a token without a key. (One module per command: only the invoked
command's parameters are built at start-up.)"""

# No `from __future__ import annotations` here: typer would have to eval every
# annotation string at start-up; real annotations are cheaper.

import json
from typing import Annotated

import typer

from jwtfix.cli._app import (
    AtOpt,
    JsonOpt,
    NoColorOpt,
    TokenArg,
    app,
    examples,
    exit_with,
    now_at,
    out,
    read_token,
    term_width,
    use_color,
)
from jwtfix.errors import ExitCode


@app.command(
    epilog=examples(
        "jwtfix decode @token.txt",
        "cat token.txt | jwtfix decode --claim sub",
    )
)
def decode(
    token: TokenArg = None,
    claim: Annotated[
        list[str] | None,
        typer.Option(
            "--claim",
            "-c",
            metavar="NAME",
            help="Print just this claim's value (repeatable); exit 1 when it is missing.",
        ),
    ] = None,
    at: AtOpt = None,
    json_: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Show a token's header, payload and times, without verifying its signature.

    Exits 0 whenever the token decodes, whatever its status: judging it is the
    job of `expiry`, `verify` and `check`.
    """
    from jwtfix.ops.decode import decode as run

    parsed, _ = read_token(token)
    report = run(parsed, now=now_at(at))
    if claim:
        code = ExitCode.OK
        lines = []
        for name in claim:
            if name in parsed.claims:
                value = parsed.claims[name]
                lines.append(value if isinstance(value, str) else json.dumps(value))
            elif name in parsed.header:
                value = parsed.header[name]
                lines.append(value if isinstance(value, str) else json.dumps(value))
            else:
                from jwtfix.cli._app import note

                note(f"the token has no claim {name!r}")
                code = ExitCode.FINDINGS
        if json_:
            from jwtfix.render.json import dumps

            out(dumps({n: parsed.claims.get(n, parsed.header.get(n)) for n in claim}))
        elif lines:
            out("\n".join(lines))
        exit_with(code)
    if json_:
        from jwtfix.render.json import decode_document, dumps

        out(dumps(decode_document(report)))
    else:
        from jwtfix.render import human

        out(human.decode(report, color=use_color(no_color), width=term_width()))
