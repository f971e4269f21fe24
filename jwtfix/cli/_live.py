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
    protected: str | None
    credentials: str | None
    timeout: str | None
    reuse_wait: str | None
    no_logout: bool
    no_reuse: bool
    insecure: bool
    login_form: bool = False
    refresh_with: str | None = None
    logout_method: str | None = None
    oidc: bool = False
    client_id: str | None = None
    client_secret_env: str | None = None
    scope: str | None = None
    revoke: str | None = None


def run_live(
    url: str,
    args: LiveArgs,
    token: ParsedToken | None,
    refresh: str | None,
    secret: Secret | None,
    service: ServiceConfig | None,
) -> LiveTranscript:
    """Run the live flow against `url`; a service without an answer is exit 2 naming it."""
    import time

    from jwtfix.errors import UsageError
    from jwtfix.httpclient import HttpClient, check_url
    from jwtfix.ops.live import Carrier, LiveOptions, run

    check_url(url)
    carrier = None
    if args.refresh_with is not None:
        try:
            carrier = Carrier.parse(args.refresh_with)
        except ValueError as err:
            raise UsageError(str(err)) from None
    method = (args.logout_method or "POST").upper()
    if method not in ("POST", "DELETE"):
        raise UsageError(f"--logout-method {args.logout_method!r}: give POST or DELETE")
    client_secret = _client_secret(args.client_secret_env)
    if not args.oidc and (args.client_id or client_secret or args.scope or args.revoke):
        raise UsageError("--client-id, --client-secret-env, --scope and --revoke go with --oidc")
    if args.revoke is not None:
        check_url(args.revoke)
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
        protected=args.protected or ("" if args.oidc else "/auth/me"),
        credentials=body,
        access_token=None if body is not None or token is None else token.text,
        refresh_token=None if body is not None else refresh,
        secret=secret.value if secret is not None else None,
        alg=_hmac_alg(service, token),
        reuse_wait=wait_option(args.reuse_wait, "--reuse-wait", 0.0),
        reuse=not args.no_reuse,
        do_logout=not args.no_logout,
        login_form=args.login_form,
        refresh_with=carrier,
        logout_method=method,
        oidc=args.oidc,
        client_id=args.client_id,
        client_secret=client_secret,
        scope=args.scope,
        revoke=args.revoke,
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


def _client_secret(variable: str | None) -> str | None:
    """--client-secret-env VAR: the OAuth client's secret, read from the environment only."""
    if variable is None:
        return None
    import os

    from jwtfix.errors import UsageError

    value = os.environ.get(variable)
    if not value:
        raise UsageError(f"--client-secret-env {variable}: the variable {variable} is not set")
    return value


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
ProtectedOpt = Annotated[
    str | None,
    _opt(
        "--protected",
        "PATH|URL",
        "A route that needs the access token (default /auth/me; with --oidc the userinfo "
        "endpoint).",
    ),
]
OidcOpt = Annotated[
    bool,
    _opt(
        "--oidc",
        None,
        "URL is an OAuth 2.0 / OpenID Connect issuer: read its discovery document (token, "
        "revocation, userinfo endpoints); log in by the password grant with --credentials, "
        "else start from TOKEN and --refresh-token.",
    ),
]
ClientIdOpt = Annotated[str | None, _opt("--client-id", "ID", "The OAuth client (--oidc).")]
ClientSecretEnvOpt = Annotated[
    str | None,
    _opt(
        "--client-secret-env",
        "VAR",
        "The environment variable holding the client's secret (client_secret_basic).",
    ),
]
ScopeOpt = Annotated[str | None, _opt("--scope", "SCOPE", "The scope to ask for (--oidc).")]
RevokeOpt = Annotated[
    str | None,
    _opt("--revoke", "URL", "The RFC 7009 revocation endpoint, when discovery names none."),
]
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
LoginFormOpt = Annotated[
    bool,
    _opt(
        "--login-form",
        None,
        "Send the credentials as a URL-encoded form, as OAuth2's password form wants; by "
        "default JSON, retried as a form when the service asks.",
    ),
]
RefreshWithOpt = Annotated[
    str | None,
    _opt(
        "--refresh-with",
        "HOW",
        "How the refresh endpoint takes the refresh token: json:FIELD, form:FIELD, bearer "
        "or cookie:NAME (default: found by the flow).",
    ),
]
LogoutMethodOpt = Annotated[
    str | None,
    _opt(
        "--logout-method",
        "METHOD",
        "Logout's method, POST or DELETE (default POST; a 405 retries DELETE).",
    ),
]
InsecureOpt = Annotated[
    bool, _opt("--insecure", None, "Do not verify TLS certificates (self-signed dev servers).")
]
