"""`explain`: what an error message of a JWT library, framework or gateway means.

Flags -> the message text -> `ops.explain.explain` -> with `--token`, the
diagnosis that settles it (`expiry`, or `verify` when a key or `.env` is given)
-> a renderer -> an exit code. The knowledge base is compiled only here.
"""

# No `from __future__ import annotations` here: typer would have to eval every
# annotation string at start-up; real annotations are cheaper.

import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from jwtfix.cli._app import (
    AtOpt,
    JsonOpt,
    NoColorOpt,
    SkewOpt,
    app,
    duration_option,
    examples,
    exit_with,
    fail,
    note,
    now_at,
    out,
    read_token,
    term_width,
    use_color,
)
from jwtfix.cli._secrets import (
    Dotenv,
    DotenvOpt,
    Encoding,
    EnvOpt,
    KeyOpt,
    SecretEncodingOpt,
    SecretEnvOpt,
    SecretFileOpt,
    SecretOpt,
    load_service,
    one_key_source,
    service_verifier,
)
from jwtfix.errors import ExitCode

if TYPE_CHECKING:
    from jwtfix.ops.explain import Diagnosis


@app.command(
    # A pasted message may start with "-" ("- jwt expired", "-----BEGIN..."): a word
    # that is no option of explain is the message, not a usage error.
    context_settings={"ignore_unknown_options": True},
    epilog=examples(
        "jwtfix explain 'TokenExpiredError: jwt expired' --token @token.txt",
        "jwtfix explain @error.log",
        "jwtfix explain --list | grep -i audience",
    ),
)
def explain(
    message: Annotated[
        str | None,
        typer.Argument(
            metavar="[MESSAGE]",
            help="The error message, a log excerpt, a JSON error body or a WWW-Authenticate "
            "value; '-' or nothing for stdin, @FILE for a file.",
            show_default=False,
        ),
    ] = None,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            metavar="TOKEN",
            help="The token the message was about (or @FILE, or - for stdin): run the "
            "diagnosis that tells which cause it is (expiry; verify with a key or --env).",
        ),
    ] = None,
    env: EnvOpt = None,
    secret: SecretOpt = None,
    secret_env: SecretEnvOpt = None,
    secret_file: SecretFileOpt = None,
    secret_encoding: SecretEncodingOpt = Encoding.utf8,
    key: KeyOpt = None,
    jwks: Annotated[
        str | None,
        typer.Option("--jwks", metavar="PATH", help="With --token: verify with a JWKS file."),
    ] = None,
    skew: SkewOpt = None,
    at: AtOpt = None,
    list_: Annotated[
        bool, typer.Option("--list", help="Show every known message (library: message).")
    ] = False,
    json_: JsonOpt = False,
    dotenv: DotenvOpt = Dotenv.auto,
    no_color: NoColorOpt = False,
) -> None:
    """Say what an error message from a JWT library or server means: who prints it, its
    likely causes (most frequent first), the fixes, and the jwtfix command that tells
    which cause it is. With --token, run that command on the token.

    Exit 0 when the message is recognised (with --token: and the diagnosis finds the
    token fine), 1 when it is not recognised or the diagnosis finds a problem.
    """
    from jwtfix.ops import explain as kb

    if list_:
        entries = kb.entries()
        if json_:
            from jwtfix.render.json import dumps, explain_list_document

            out(dumps(explain_list_document(entries)))
        else:
            from jwtfix.render.human.explain import explain_list_text

            out(explain_list_text(entries, color=use_color(no_color), width=term_width()))
        return
    skew_s = duration_option(skew, "--skew")
    now = now_at(at)  # read without --token too: a bad --at is an error, as a bad --skew is
    if message in (None, "-") and token == "-":
        fail("the message and --token cannot both come from stdin: give one of them as @FILE")
    text = _read_message(message)
    if not text.strip():
        fail("the message is empty: give the error text, @FILE or pipe it on stdin")
    explanation = kb.explain(text)
    diagnosis = None
    if token is not None:
        ran = _diagnose(
            token,
            explanation,
            now=now,
            skew=skew_s,
            env=env,
            secret=(secret, secret_env, secret_file, secret_encoding),
            key=key,
            jwks=jwks,
            dotenv=dotenv,
        )
        diagnosis = replace(ran, verdict=kb.verdict(explanation, ran))
    elif any(v is not None for v in (env, secret, secret_env, secret_file, key, jwks)):
        note("a key or --env is used only with --token TOKEN (to verify the token)")
    if json_:
        from jwtfix.render.json import dumps, explain_document

        out(dumps(explain_document(explanation, diagnosis)))
    else:
        from jwtfix.render.human.explain import explain_text

        out(explain_text(explanation, diagnosis, color=use_color(no_color), width=term_width()))
    code = ExitCode.OK
    if not explanation.matched or (diagnosis is not None and diagnosis.failed):
        code = ExitCode.FINDINGS
    exit_with(code)


def _read_message(arg: str | None) -> str:
    """The message from the argument, stdin (`-` or nothing) or @FILE; a log excerpt
    may hold bytes that are not UTF-8, and they do not matter to the match. Of a paste
    longer than MAX_PASTE_BYTES (a whole log) the last ones are read, from a line's start,
    and a note says so."""
    if arg is not None and arg != "-" and not (arg.startswith("@") and len(arg) > 1):
        return arg
    if arg is None or arg == "-":
        stdin = getattr(sys.stdin, "buffer", None)
        if stdin is None or stdin.isatty():
            fail("no message given: pass it as an argument, as @FILE, or pipe it on stdin")
        data, size = _tail(stdin)
        where = "standard input"
    else:
        path = Path(arg[1:])
        try:
            with path.open("rb") as stream:
                data, size = _tail(stream)
        except OSError as err:
            from jwtfix.errors import InputError

            reason = err.strerror or type(err).__name__
            raise InputError(f"cannot read the message file {str(path)!r}: {reason}") from err
        where = str(path)
    if size > len(data):
        note(
            f"{where} holds {_size(size)}: explain read its last {_size(len(data))}"
            " (a log's newest lines); cut the excerpt that holds the error to read another part"
        )
    return data.decode("utf-8", errors="replace")


def _size(count: int) -> str:
    return f"{count / (1 << 20):.1f} MiB" if count >= 1 << 20 else f"{count / 1024:.0f} KiB"


def _tail(stream: Any) -> tuple[bytes, int]:
    """The last MAX_PASTE_BYTES of a stream, from a line's start, and the stream's size; read
    in blocks, so a paste of any size costs no more memory than that."""
    from jwtfix.limits import MAX_PASTE_BYTES

    kept = bytearray()
    size = 0
    while block := stream.read(1 << 16):
        size += len(block)
        kept += block
        if len(kept) > 2 * MAX_PASTE_BYTES:
            del kept[: len(kept) - MAX_PASTE_BYTES]
    if size <= MAX_PASTE_BYTES:
        return bytes(kept), size
    tail = kept[-MAX_PASTE_BYTES:]
    start = tail.find(b"\n")
    return bytes(tail[start + 1 :] if 0 <= start < len(tail) - 1 else tail), size


def _diagnose(
    token_arg: str,
    explanation: Any,
    *,
    now: int,
    skew: float,
    env: str | None,
    secret: tuple[str | None, str | None, str | None, Encoding],
    key: str | None,
    jwks: str | None,
    dotenv: Dotenv = Dotenv.auto,
) -> "Diagnosis":
    """Run expiry on the token, or verify when a key or .env says how to check it."""
    from jwtfix.ops.explain import Diagnosis

    value, secret_env, secret_file, encoding = secret
    one_key_source(any(v is not None for v in secret[:3]), key, jwks)
    parsed, _ = read_token(token_arg)
    if env is None and not any(v is not None for v in (value, secret_env, secret_file, key, jwks)):
        if explanation.entry is not None and explanation.entry.diagnosis == "verify":
            note(
                "this message is about the signature, key or claims: give --env, --key, "
                "--jwks or a secret to verify the token; showing its expiry"
            )
        return _expiry(parsed, now=now, skew=skew)

    verifier = service_verifier(
        lambda: parsed, service=load_service(env, dotenv),
        secret=(value, secret_env, secret_file, encoding), key=key, jwks=jwks,
    )  # fmt: skip
    if verifier.secret_used_env is False and not any(v is not None for v in secret[:3]):
        fail(f"{env} has no JWT_SECRET to verify the token with: give --secret-*, or --key")
    report = verifier.verify(parsed, now=now, skew=skew)
    return Diagnosis(command="verify", report=report, failed=not report.valid)


def _expiry(parsed: Any, *, now: int, skew: float) -> "Diagnosis":
    from jwtfix.ops.expiry import evaluate
    from jwtfix.ops.explain import Diagnosis
    from jwtfix.tokens import require_jws

    claims = require_jws(parsed, "explain --token")
    report = evaluate(claims, now=now, skew=skew)
    return Diagnosis(command="expiry", report=report, failed=report.failed, claims=claims)
