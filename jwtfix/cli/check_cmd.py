"""`check`: the JWT debugging checklist over a token, a refresh token and a `.env`."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from jwtfix.cli._app import (
    OUTPUT_PANEL,
    AtOpt,
    JsonOpt,
    NoColorOpt,
    SkewOpt,
    TokenArg,
    app,
    duration_option,
    examples,
    exit_with,
    file_argument,
    note,
    now_at,
    out,
    term_width,
    use_color,
)
from jwtfix.cli._live import (
    ClientIdOpt,
    ClientSecretEnvOpt,
    CredentialsOpt,
    InsecureOpt,
    LiveArgs,
    LiveOpt,
    LoginFormOpt,
    LoginPathOpt,
    LogoutMethodOpt,
    LogoutPathOpt,
    NoLogoutOpt,
    NoReuseOpt,
    OidcOpt,
    ProtectedOpt,
    RefreshPathOpt,
    RefreshWithOpt,
    ReuseWaitOpt,
    RevokeOpt,
    ScopeOpt,
    TimeoutOpt,
    run_live,
)
from jwtfix.cli._progress import wordlist_progress
from jwtfix.cli._secrets import (
    Dotenv,
    DotenvOpt,
    Encoding,
    KeyOpt,
    SecretEncodingOpt,
    SecretEnvOpt,
    SecretFileOpt,
    SecretOpt,
    load_key,
    load_secret,
    load_service,
)
from jwtfix.render import Format

if TYPE_CHECKING:
    from jwtfix.checks.inputs import TokenInput
    from jwtfix.checks.registry import Thresholds
    from jwtfix.envfile import EnvFile
    from jwtfix.srcscan import SrcReport


class ProfileChoice(StrEnum):
    PRODUCTION = "production"
    DEVELOPMENT = "development"


def _duration_opt(name: str, default: str) -> Any:
    bound = "Shortest" if name.endswith("min") else "Longest"
    kind = "access" if "access" in name else "refresh"
    return typer.Option(
        name,
        metavar="DUR",
        rich_help_panel=THRESHOLDS_PANEL,
        help=f"{bound} acceptable {kind}-token lifetime (default {default}; a bare number is "
        "seconds).",
    )


THRESHOLDS_PANEL = "Lifetime thresholds"


@app.command(
    epilog=examples(
        "jwtfix check --env .env @token.txt",
        "jwtfix check --env .env --har session.har @token.txt",
        "jwtfix check --env .env --format sarif > jwtfix.sarif",
        "jwtfix check --select JWT3 --strict --env .env",
    )
)
def check(
    token: TokenArg = None,
    env: Annotated[
        str | None,
        typer.Option(
            "--env", metavar="PATH", help="The service's .env (JWT_SECRET, JWT_EXPIRES_IN, ...)."
        ),
    ] = None,
    refresh_token: Annotated[
        str | None,
        typer.Option(
            "--refresh-token",
            metavar="TOKEN",
            help="A refresh token to check too (the token, or @FILE).",
        ),
    ] = None,
    secret: SecretOpt = None,
    secret_env: SecretEnvOpt = None,
    secret_file: SecretFileOpt = None,
    secret_encoding: SecretEncodingOpt = Encoding.utf8,
    key: KeyOpt = None,
    wordlist: Annotated[
        str | None,
        typer.Option(
            "--wordlist",
            metavar="FILE",
            help="Also try every line of FILE as the HMAC secret (JWT404), on every core.",
        ),
    ] = None,
    output_format: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="Output format: human, json, github, sarif or junit.",
            rich_help_panel=OUTPUT_PANEL,
        ),
    ] = Format.HUMAN,
    json_: JsonOpt = False,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            rich_help_panel=OUTPUT_PANEL,
            help="Human output: every finding, passes included (default: "
            "per item its status, then only what is not pass).",
        ),
    ] = False,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            metavar="IDS",
            help="Run only these checks: IDs or prefixes (JWT305, JWT3, MANUAL), comma-separated "
            "or repeated.",
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", metavar="IDS", help="Leave out these checks (IDs or prefixes)."),
    ] = None,
    skew: SkewOpt = None,
    buffer: Annotated[
        str | None,
        typer.Option(metavar="DUR", help="Refresh this long before exp (JWT204 warns inside it)."),
    ] = None,
    at: AtOpt = None,
    har: Annotated[
        str | None,
        typer.Option(
            "--har",
            metavar="FILE.har",
            help="A recorded browser session (HAR): adds JWT801-JWT806 (items 3, 4, 5, 6).",
        ),
    ] = None,
    src: Annotated[
        list[str] | None,
        typer.Option(
            "--src",
            metavar="PATH",
            help="The service's or frontend's code (a repository or folder; repeatable): adds "
            "JWT901-JWT910 at file:line.",
        ),
    ] = None,
    live: LiveOpt = None,
    login_path: LoginPathOpt = "/auth/login",
    credentials: CredentialsOpt = None,
    refresh_path: RefreshPathOpt = "/auth/refresh",
    logout_path: LogoutPathOpt = "/auth/logout",
    protected: ProtectedOpt = None,
    timeout: TimeoutOpt = None,
    reuse_wait: ReuseWaitOpt = None,
    no_logout: NoLogoutOpt = False,
    no_reuse: NoReuseOpt = False,
    insecure: InsecureOpt = False,
    profile: Annotated[
        ProfileChoice,
        typer.Option(
            "--profile",
            metavar="PROFILE",
            help="production: lifetimes outside the thresholds warn; development: they pass "
            "with a note.",
            rich_help_panel=THRESHOLDS_PANEL,
        ),
    ] = ProfileChoice.PRODUCTION,
    access_min: Annotated[str | None, _duration_opt("--access-min", "15m")] = None,
    access_max: Annotated[str | None, _duration_opt("--access-max", "1h")] = None,
    refresh_min: Annotated[str | None, _duration_opt("--refresh-min", "7d")] = None,
    refresh_max: Annotated[str | None, _duration_opt("--refresh-max", "30d")] = None,
    dotenv: DotenvOpt = Dotenv.auto,
    login_form: LoginFormOpt = False,
    refresh_with: RefreshWithOpt = None,
    logout_method: LogoutMethodOpt = None,
    oidc: OidcOpt = False,
    client_id: ClientIdOpt = None,
    client_secret_env: ClientSecretEnvOpt = None,
    scope: ScopeOpt = None,
    revoke: RevokeOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Run the JWT debugging checklist over a token, a .env, a HAR file and a live service.

    Each finding has a stable ID (JWT101-JWT910; MANUAL-n for the checklist
    items the given inputs cannot reach) and a status: pass, warn, fail, skip
    or manual.
    Exit 1 when a check fails (or warns, with --strict), 0 otherwise, 2 for
    usage errors and unreadable files. A TOKEN that is not a JWT is a JWT101
    failure, not an error.
    """
    from jwtfix import checks, render
    from jwtfix.checks import inputs as check_inputs

    fmt = Format.JSON if json_ else output_format
    thresholds = check_inputs.thresholds(
        *(
            None if text is None else duration_option(text, name)
            for text, name in (
                (access_min, "--access-min"),
                (access_max, "--access-max"),
                (refresh_min, "--refresh-min"),
                (refresh_max, "--refresh-max"),
            )
        )
    )
    skew_s = duration_option(skew, "--skew")
    buffer_s = duration_option(buffer, "--buffer")
    now = now_at(at)
    service = load_service(env, dotenv)
    explicit = (
        live is not None
        or har is not None
        or bool(src)
        or env is not None
        or refresh_token is not None
        or key is not None
        or any(v is not None for v in (secret, secret_env, secret_file))
    )
    given, token_source = _read_check_token(token, explicit)
    refresh = _read_refresh(refresh_token)
    access_secret, _ = load_secret(secret, secret_env, secret_file, secret_encoding, service)
    loaded_key = load_key(key)
    checks.select(select or (), ignore or ())  # a typo in --select is exit 2 before any work
    transcript = None
    token_opaque = False
    live_inputs: list[str] = []
    recorded = None
    if har is not None:
        from jwtfix.cli.har_cmd import describe, load_session

        recorded = load_session(har)
        live_inputs.append(describe(recorded))
    code = None
    if src:
        code = _read_src(src, service.env if service is not None else None, thresholds)
        # files left unread (past the run's budget of code, minified, unreadable) are counted
        # here too, where a reader sees them: the notes naming them go to stderr
        unread = f", {len(code.skipped):,} not read" if code.skipped else ""
        live_inputs.append(
            f"source ({', '.join(src)}, {code.files:,} file{'s' if code.files != 1 else ''}"
            f"{unread})"
        )
    if live is not None:
        transcript = run_live(
            live,
            LiveArgs(
                login_path,
                refresh_path,
                logout_path,
                protected,
                credentials,
                timeout,
                reuse_wait,
                no_logout,
                no_reuse,
                insecure,
                login_form,
                refresh_with,
                logout_method,
                oidc,
                client_id,
                client_secret_env,
                scope,
                revoke,
            ),
            given.token if given else None,
            refresh.text if refresh else None,
            access_secret,
            service,
        )
        live_inputs.append(f"live service ({live}, {len(transcript.calls)} requests)")
        if at is None:
            now = now_at(None)  # the issued tokens are judged after the flow, not before it
        # The tokens login issued go through the token checks (lifetime, refresh, jti);
        # an opaque access token has no claims to check.
        if given is None and transcript.access_opaque:
            live_inputs.append("access token (issued by login; opaque: its claims are unknown)")
            token_opaque = True
        elif given is None and transcript.access_token is not None:
            given, token_source = (
                check_inputs.token_input(transcript.access_token),
                "issued by login",
            )
        if refresh is None and transcript.refresh_token is not None:
            refresh = check_inputs.token_input(transcript.refresh_token)
            if transcript.refresh_opaque:
                from dataclasses import replace

                refresh = replace(
                    refresh,
                    token=None,
                    error="it is opaque (not a JWT): the checks that need its claims cannot "
                    "judge it",
                )
            if transcript.login is not None:
                live_inputs.append("refresh token (issued by login)")
    inputs = check_inputs.describe_inputs(
        token_source=token_source if given is not None else None,
        refresh=refresh_token is not None,
        env_path=service.path if service is not None else None,
        secret_origin=access_secret.origin if access_secret is not None else None,
        key_path=key if loaded_key is not None else None,
        live=tuple(live_inputs),
        profile=profile.value,
    )
    with wordlist_progress(wordlist is not None) as progress:
        ctx = checks.CheckContext(
            now=now,
            token_text=given.text if given else None,
            token=given.token if given else None,
            token_error=given.error if given else None,
            refresh=refresh.token if refresh else None,
            refresh_error=refresh.error if refresh else None,
            env=service.env if service is not None else None,
            service=service,
            secret=access_secret,
            key=loaded_key,
            skew=skew_s,
            buffer=buffer_s,
            profile=checks.Profile(profile.value),
            thresholds=thresholds,
            wordlist=wordlist,
            progress=progress,
            live=transcript,
            har=recorded,
            src=code,
            token_opaque=token_opaque,
        )
        report = checks.run(
            ctx,
            select_ids=select or (),
            ignore_ids=ignore or (),
            strict=strict,
            inputs=inputs,
        )
    out(
        render.for_format(fmt, color=use_color(no_color), verbose=verbose, width=term_width())(
            report
        )
    )
    exit_with(report.exit_code)


def _read_check_token(arg: str | None, other_inputs: bool) -> tuple[TokenInput | None, str]:
    """The token and where it came from: a token that does not parse is JWT101's job.

    With other inputs (--env, --refresh-token, a key) and no TOKEN argument,
    stdin is left alone: `check --env .env` in CI must not wait for input.
    """
    from jwtfix import inputs
    from jwtfix.checks.inputs import token_input

    if arg is None and other_inputs:
        return None, ""
    stdin = getattr(sys.stdin, "buffer", None)
    text, source = inputs.read_text(file_argument(arg), stdin)
    unwrapped = inputs.unwrap(text, source)
    if unwrapped.note:
        note(unwrapped.note)
    return token_input(unwrapped.text), source


def _read_src(paths: list[str], env: EnvFile | None, thresholds: Thresholds) -> SrcReport:
    """The code under --src, read (ast-grep is imported here: only --src pays for it)."""
    from jwtfix.ops.scan import check_paths
    from jwtfix.srcscan.engine import analyse
    from jwtfix.srcscan.rules import Limits

    check_paths(paths)
    report = analyse(paths, env=env, limits=Limits(thresholds.access_min, thresholds.access_max))
    from jwtfix.limits import at_most

    for line in at_most([f"--src: not read: {skipped}" for skipped in report.skipped]):
        note(line if line.startswith("--src") else f"--src: {line} files not read")
    return report


def _read_refresh(arg: str | None) -> TokenInput | None:
    if arg is None:
        return None
    from jwtfix import inputs
    from jwtfix.checks.inputs import token_input

    text, source = inputs.read_text(arg, None, "--refresh-token")
    return token_input(inputs.unwrap(text, source).text)
