"""`expiry`: is the token usable now, and is it time to refresh it?"""

# No `from __future__ import annotations` here: typer would have to eval every
# annotation string at start-up; real annotations are cheaper.

from jwtfix.cli._app import (
    AtOpt,
    BufferOpt,
    JsonOpt,
    NoColorOpt,
    QuietOpt,
    SkewOpt,
    TokenArg,
    app,
    duration_option,
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
        "jwtfix expiry --skew 30s --buffer 60 @token.txt",
        'jwtfix expiry -q @token.txt || echo "refresh it"',
    )
)
def expiry(
    token: TokenArg = None,
    skew: SkewOpt = None,
    buffer: BufferOpt = None,
    at: AtOpt = None,
    quiet: QuietOpt = False,
    json_: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Is the token usable now, as a server with clock skew judges it, and is it time to
    refresh it?

    Status: valid, expiring (within --buffer of exp), expired (now >= exp + skew),
    not_yet_valid (nbf > now + skew), no_exp, or malformed (exp or nbf not a number).
    Exit 0 for valid and no_exp, 1 otherwise.
    """
    from jwtfix.ops.expiry import evaluate
    from jwtfix.tokens import require_jws

    skew_s = duration_option(skew, "--skew")
    buffer_s = duration_option(buffer, "--buffer")
    parsed, _ = read_token(token, quiet=quiet)
    claims = require_jws(parsed, "expiry")
    report = evaluate(claims, now=now_at(at), skew=skew_s, buffer=buffer_s)
    if not quiet:
        if json_:
            from jwtfix.render.json import dumps, expiry_document

            out(dumps(expiry_document(report)))
        else:
            from jwtfix.render import human

            out(human.expiry(report, claims, color=use_color(no_color), width=term_width()))
    exit_with(ExitCode.FINDINGS if report.failed else ExitCode.OK)
