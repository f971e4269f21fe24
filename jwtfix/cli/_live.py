"""check's live-flow options (`--live URL` and its companions) and the one call into ops.live.

Kept apart from check_cmd so the checklist command stays one page: this
module turns the flags into `LiveOptions`, says before the flow starts that
the test account's sessions will be ended, opens the one HTTP client with the
wall clock, and runs the flow.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from jwtfix.cli._app import note, wait_option

if TYPE_CHECKING:
    from jwtfix.envfile import ServiceConfig
    from jwtfix.keys import Secret
    from jwtfix.ops.live import LiveTranscript
    from jwtfix.tokens import ParsedToken


def _opt(name: str, metavar: str | None, help: str) -> Any:
    return typer.Option(name, metavar=metavar, help=help, rich_help_panel="Live flow")


class LiveArgs(NamedTuple):
    """The live flow's options as given on the command line."""

    login: str
    refresh: str
    logout: str
    protected: str
    credentials: str | None
    timeout: str | None
    reuse_wait: str | None
    no_logout: bool
    no_reuse: bool
    insecure: bool


def run_live(
    url: str,
    args: LiveArgs,
    token: ParsedToken | None,
    refresh: ParsedToken | None,
    secret: Secret | None,
    service: ServiceConfig | None,
) -> LiveTranscript:
    """Run the live flow against `url`; a service without an answer is exit 2 naming it."""
    import time

    from jwtfix.httpclient import HttpClient, check_url
    from jwtfix.ops.live import LiveOptions, run

    check_url(url)
    timeout_s = wait_option(args.timeout, "--timeout", 10.0)
    if timeout_s <= 0:
        from jwtfix.errors import DurationError

        raise DurationError("--timeout must be longer than 0 s")
    body = _credentials(args.credentials)
    if body is None and token is None:
        from jwtfix.errors import InputError

        raise InputError(
            "--live needs --credentials (a test account to log in with) or a TOKEN to start from"
        )
    options = LiveOptions(
        url=url,
        login=args.login,
        refresh=args.refresh,
        logout=args.logout,
        protected=args.protected,
        credentials=body,
        access_token=None if body is not None or token is None else token.text,
        refresh_token=None if body is not None or refresh is None else refresh.text,
        secret=secret.value if secret is not None else None,
        alg=_hmac_alg(service, token),
        reuse_wait=wait_option(args.reuse_wait, "--reuse-wait", 0.0),
        reuse=not args.no_reuse,
        do_logout=not args.no_logout,
    )
    if args.insecure:
        sys.stderr.write("warning: --insecure: TLS certificates are not verified\n")
    if not (args.no_logout and args.no_reuse):
        ended = " and ".join(
            what
            for what, left_out in (
                ("reusing a rotated refresh token", args.no_reuse),
                ("logging out", args.no_logout),
            )
            if not left_out
        )
        note(
            f"the live flow ends the test account's sessions at {url} ({ended} revoke its "
            "refresh tokens); --no-reuse / --no-logout leave those steps out"
        )
    with HttpClient(timeout=timeout_s, clock=time.time, insecure=args.insecure) as client:
        return run(client, options, now=time.time(), sleep=time.sleep)


def _credentials(text: str | None) -> Any:
    """--credentials JSON or @FILE: the login body, which must be a JSON object."""
    if text is None:
        return None
    import json

    from jwtfix.errors import InputError

    source = "--credentials"
    if text.startswith("@"):
        from jwtfix import inputs

        text, source = inputs.read_text(text, None, "--credentials")
    try:
        body = json.loads(text)
    except RecursionError:
        raise InputError(f"{source} is JSON nested too deeply to read") from None
    except ValueError as err:
        # Not the text itself: it holds a password.
        raise InputError(f"{source} is not JSON: {getattr(err, 'msg', err)}") from None
    if not isinstance(body, dict):
        raise InputError(f'{source} must be a JSON object such as {{"username": ..., ...}}')
    return body


def _hmac_alg(service: ServiceConfig | None, token: ParsedToken | None) -> str:
    """JWT_ALGORITHM of the .env, else the token's HMAC alg, else HS256."""
    from jwtfix.jws import is_hmac

    entry = service.algorithm if service is not None else None
    for alg in (entry.value if entry else None, token.alg if token else None):
        if is_hmac(alg):
            assert alg is not None
            return alg
    return "HS256"


LiveOpt = Annotated[
    str | None,
    typer.Option(
        "--live",
        metavar="URL",
        help="Run the live flow against the service at URL (its base URL): login, use, refuse, "
        "refresh, reuse, logout, clocks (JWT701-JWT710). At most 20 requests.",
        rich_help_panel="Live flow",
    ),
]
LoginPathOpt = Annotated[str, _opt("--login", "PATH", "Login path.")]
CredentialsOpt = Annotated[
    str | None,
    _opt(
        "--credentials",
        "JSON|@FILE",
        "The JSON body posted to the login path (a test account: its sessions are ended).",
    ),
]
RefreshPathOpt = Annotated[str, _opt("--refresh", "PATH", "Refresh path.")]
LogoutPathOpt = Annotated[str, _opt("--logout", "PATH", "Logout path.")]
ProtectedOpt = Annotated[str, _opt("--protected", "PATH", "A route that needs the access token.")]
TimeoutOpt = Annotated[str | None, _opt("--timeout", "DUR", "Per request (default 10s).")]
ReuseWaitOpt = Annotated[
    str | None,
    _opt(
        "--reuse-wait",
        "DUR",
        "Wait this long before resending the old refresh token (a grace window; default 0).",
    ),
]
NoLogoutOpt = Annotated[bool, _opt("--no-logout", None, "Leave out the logout step.")]
NoReuseOpt = Annotated[bool, _opt("--no-reuse", None, "Leave out resending the old refresh token.")]
InsecureOpt = Annotated[
    bool, _opt("--insecure", None, "Do not verify TLS certificates (self-signed dev servers).")
]
