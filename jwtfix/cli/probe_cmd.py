"""`probe`: send one request with the token and say why the service answers as it does."""

# No `from __future__ import annotations` here: typer would have to eval every
# annotation string at start-up; real annotations are cheaper.

import json
import re
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from jwtfix.cli._app import (
    AtOpt,
    JsonOpt,
    NoColorOpt,
    TokenArg,
    app,
    examples,
    exit_with,
    fail,
    file_argument,
    note,
    out,
    term_width,
    use_color,
    wait_option,
)
from jwtfix.cli._secrets import Dotenv, DotenvOpt, KeyOpt


@app.command(
    epilog=examples(
        "jwtfix probe http://localhost:3000/auth/me @token.txt --env .env",
        "jwtfix probe http://localhost:3000/auth/me --no-token",
    )
)
def probe(
    url: Annotated[str, typer.Argument(metavar="URL", help="The http(s) URL to call.")],
    token: TokenArg = None,
    method: Annotated[
        str | None,
        typer.Option(
            "-X", "--request", metavar="METHOD", help="HTTP method (default GET, POST with --data)."
        ),
    ] = None,
    header: Annotated[
        list[str] | None,
        typer.Option(
            "-H", "--header", metavar="'Name: value'", help="A request header, repeatable."
        ),
    ] = None,
    data: Annotated[
        str | None,
        typer.Option("--data", "-d", metavar="JSON|@FILE", help="A JSON body to send."),
    ] = None,
    no_token: Annotated[
        bool, typer.Option("--no-token", help="Send no token: see what the service asks for.")
    ] = False,
    env: Annotated[
        str | None,
        typer.Option(
            "--env",
            metavar="PATH",
            help="The service's .env: add verify's diagnosis (JWT_SECRET ...).",
        ),
    ] = None,
    key: KeyOpt = None,
    jwks: Annotated[
        str | None,
        typer.Option(
            "--jwks",
            metavar="PATH|URL",
            help="The service's JWKS (a file, or a URL of a JWKS or discovery document): add "
            "verify's diagnosis, as verify --jwks.",
        ),
    ] = None,
    oidc: Annotated[
        bool,
        typer.Option("--oidc", help="Verify with the JWKS of the token's iss, as verify --oidc."),
    ] = False,
    timeout: Annotated[
        str | None,
        typer.Option("--timeout", metavar="DUR", help="Give up after this long (default 10s)."),
    ] = None,
    at: AtOpt = None,
    insecure: Annotated[
        bool,
        typer.Option(
            "--insecure",
            "-k",
            help="Do not verify TLS certificates (self-signed development servers).",
        ),
    ] = False,
    json_: JsonOpt = False,
    dotenv: DotenvOpt = Dotenv.auto,
    no_color: NoColorOpt = False,
) -> None:
    """Send one request with the token as `Authorization: Bearer ...` and say why the
    service answers as it does: its WWW-Authenticate challenge, the error in the body,
    its clock, the token's expiry at that clock, and a verdict.

    Exit 0 for a 2xx answer, 1 for any other answer, 2 when there is no answer
    (refused, unknown host, timeout) or the URL is not http(s).
    """
    from jwtfix.httpclient import HttpClient, check_url

    check_url(url)
    seconds = wait_option(timeout, "--timeout", 10.0)
    if seconds <= 0:
        fail(f"--timeout {timeout!r} must be longer than 0")
    headers = [_header(h) for h in header or []]
    body = _data(data) if data is not None else None
    if body is not None and not any(k.lower() == "content-type" for k, _ in headers):
        headers.append(("Content-Type", "application/json"))
    token_text, parsed = (None, None) if no_token else _token(token)
    if insecure:
        sys.stderr.write(
            "warning: --insecure: the TLS certificate is not checked; anyone on the path can "
            "read the token. Use it only against a development server.\n"
        )
    # Every option is read before the request: a typo must not cost a request with a live token.
    at_now: float | None = None
    if at is not None:
        from jwtfix.timefmt import parse_when

        at_now = parse_when(at, time.time(), what="--at")
    verifier = _verifier(
        env, key, jwks, oidc, parsed, seconds, insecure, token_text is not None, dotenv
    )
    verb = (method or ("POST" if body is not None else "GET")).upper()
    if not _TOKEN.fullmatch(verb):
        fail(f"-X {method!r}: a method is a word of ASCII letters such as GET or POST")
    with HttpClient(timeout=seconds, clock=time.time, insecure=insecure) as client:
        exchange = client.request(
            verb,
            url,
            headers=headers,
            bearer=token_text,
            content=body,
        )
        exchanges = client.exchanges
    assert exchange.received_at is not None
    now = (exchange.sent_at + exchange.received_at) / 2 if at_now is None else at_now

    from jwtfix.ops.probe import probe as run

    report = run(
        exchange,
        now=now,
        token=parsed,
        sent_token=token_text is not None,
        verify=verifier,
        exchanges=exchanges,
    )
    if json_:
        from jwtfix.render.json import dumps, probe_document

        out(dumps(probe_document(report)))
    else:
        from jwtfix.render.human.probe import probe_text

        out(probe_text(report, color=use_color(no_color), width=term_width()))
    exit_with(report.exit_code)


_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
"""RFC 9110 token: a method or a header name."""
_FRAMING = ("content-length", "transfer-encoding", "connection")
"""Headers the HTTP client writes from the request itself; given by hand they break it."""


def _header(text: str) -> tuple[str, str]:
    name, sep, value = text.partition(":")
    name, value = name.strip(), value.strip()
    if not sep or not _TOKEN.fullmatch(name):
        fail(f"-H {text!r}: write a header as 'Name: value' (the name in ASCII)")
    if name.lower() in _FRAMING:
        fail(f"-H {text!r}: jwtfix writes {name} itself from the request it sends")
    if any(not (" " <= c <= "~" or c == "\t") for c in value):
        fail(f"-H {text!r}: a header value is printable ASCII on one line")
    return name, value


def _data(text: str) -> bytes:
    if text.startswith("@"):
        path = Path(text[1:])
        try:
            raw = path.read_bytes()
        except OSError as err:
            fail(f"--data {text}: cannot read {path}: {err.strerror or err}")
        where = str(path)
    else:
        raw, where = text.encode("utf-8"), "--data"
    try:
        json.loads(raw)
    except RecursionError:
        fail(f"{where} is JSON nested too deeply to read; probe sends a JSON body")
    except ValueError as err:
        fail(f"{where} is not JSON ({err}); probe sends a JSON body")
    return raw


def _token(arg: str | None) -> tuple[str, Any]:
    """The token text to send, and its parsed form (None when it is no JWT: sent as is)."""
    from jwtfix import inputs, tokens
    from jwtfix.errors import InputError, TokenError

    stdin = getattr(sys.stdin, "buffer", None)
    try:
        text = inputs.read_token(file_argument(arg), stdin)
    except InputError as err:
        if arg is None:
            raise InputError(f"{err.message}; or --no-token to send none") from None
        raise
    if text.note:
        note(text.note)
    try:
        return text.text, tokens.parse(text.text)
    except TokenError:
        note("the token is not a JWT (an opaque token?): it is sent as is, its times unknown")
        return text.text, None


def _verifier(
    env: str | None,
    key: str | None,
    jwks: str | None,
    oidc: bool,
    parsed: Any,
    timeout: float,
    insecure: bool,
    sent: bool,
    dotenv: Dotenv = Dotenv.auto,
) -> Any:
    """verify's judgement at the server's clock, with --env, --key, --jwks or --oidc (the one
    "verify against this service's config" entry verify and explain use); None without."""
    if env is None and key is None and jwks is None and not oidc:
        return None
    if parsed is None:
        given = [n for n, v in (("--env", env), ("--key", key), ("--jwks", jwks),
                                ("--oidc", oidc)) if v]  # fmt: skip
        if not sent:
            fail(f"{given[0]} needs a token that is a JWT (verify reads its signature)")
        note(f"the token is not a JWT, so {given[0]} cannot verify it: the service's answer alone")
        return None
    from jwtfix.cli._secrets import load_service, service_verifier

    verifier = service_verifier(
        lambda: parsed, service=load_service(env, dotenv), key=key, jwks=jwks, oidc=oidc,
        timeout=timeout, insecure=insecure,
    )  # fmt: skip

    def judge(server_now: float, leeway: float) -> Any:
        return verifier.verify(parsed, now=server_now, skew=leeway)

    return judge
