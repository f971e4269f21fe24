"""`check`: the JWT debugging checklist over a token, a refresh token and a `.env`."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from jwtfix.cli._app import (
    AtOpt,
    JsonOpt,
    NoColorOpt,
    SkewOpt,
    TokenArg,
    app,
    duration_option,
    exit_with,
    file_argument,
    note,
    now_at,
    out,
    use_color,
)
from jwtfix.cli._live import (
    CredentialsOpt,
    InsecureOpt,
    LiveArgs,
    LiveOpt,
    LoginPathOpt,
    LogoutPathOpt,
    NoLogoutOpt,
    NoReuseOpt,
    ProtectedOpt,
    RefreshPathOpt,
    ReuseWaitOpt,
    TimeoutOpt,
    issued_token,
    run_live,
)
from jwtfix.cli._secrets import (
    Encoding,
    KeyOpt,
    SecretEncodingOpt,
    SecretEnvOpt,
    SecretFileOpt,
    SecretOpt,
    load_secret,
)

if TYPE_CHECKING:
    from jwtfix.checks import Secret, Thresholds
    from jwtfix.envfile import EnvFile
    from jwtfix.model import CheckReport
    from jwtfix.tokens import ParsedToken


class Format(StrEnum):
    HUMAN = "human"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"
    JUNIT = "junit"


class ProfileChoice(StrEnum):
    PRODUCTION = "production"
    DEVELOPMENT = "development"


def _duration_opt(name: str, default: str) -> Any:
    bound = "Shortest" if name.endswith("min") else "Longest"
    kind = "access" if "access" in name else "refresh"
    return typer.Option(
        name,
        metavar="DUR",
        help=f"{bound} acceptable {kind}-token lifetime (default {default}; a bare number is "
        "seconds).",
    )


@app.command(
    epilog="Examples: jwtfix check --env .env @token.txt  |  "
    "jwtfix check --env .env --format sarif > jwtfix.sarif  |  "
    "jwtfix check --select JWT3 --strict --env .env"
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
        Format, typer.Option("--format", "-f", help="Output format.")
    ] = Format.HUMAN,
    json_: JsonOpt = False,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
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
    profile: Annotated[
        ProfileChoice,
        typer.Option(
            "--profile",
            help="production: lifetimes outside the thresholds warn; development: they pass "
            "with a note.",
        ),
    ] = ProfileChoice.PRODUCTION,
    access_min: Annotated[str | None, _duration_opt("--access-min", "15m")] = None,
    access_max: Annotated[str | None, _duration_opt("--access-max", "1h")] = None,
    refresh_min: Annotated[str | None, _duration_opt("--refresh-min", "7d")] = None,
    refresh_max: Annotated[str | None, _duration_opt("--refresh-max", "30d")] = None,
    live: LiveOpt = None,
    login_path: LoginPathOpt = "/auth/login",
    credentials: CredentialsOpt = None,
    refresh_path: RefreshPathOpt = "/auth/refresh",
    logout_path: LogoutPathOpt = "/auth/logout",
    protected: ProtectedOpt = "/auth/me",
    timeout: TimeoutOpt = None,
    reuse_wait: ReuseWaitOpt = None,
    no_logout: NoLogoutOpt = False,
    no_reuse: NoReuseOpt = False,
    insecure: InsecureOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Run the JWT debugging checklist over a token, a refresh token and a .env.

    Each finding has a stable ID (JWT101-JWT710; MANUAL-n for the checklist
    items no tool can check) and a status: pass, warn, fail, skip or manual.
    Exit 1 when a check fails (or warns, with --strict), 0 otherwise, 2 for
    usage errors and unreadable files. A TOKEN that is not a JWT is a JWT101
    failure, not an error.
    """
    from jwtfix import checks

    fmt = Format.JSON if json_ else output_format
    thresholds = _thresholds(access_min, access_max, refresh_min, refresh_max)
    skew_s = duration_option(skew, "--skew")
    buffer_s = duration_option(buffer, "--buffer")
    now = now_at(at)
    env_file = _load_env(env)
    explicit = (
        live is not None
        or env is not None
        or refresh_token is not None
        or key is not None
        or any(v is not None for v in (secret, secret_env, secret_file))
    )
    token_text, parsed, token_error, token_source = _read_check_token(token, explicit)
    refresh, refresh_error = _read_refresh(refresh_token)
    access_secret = _secret(secret, secret_env, secret_file, secret_encoding, env_file)
    loaded_key = _key(key)
    checks.select(select or (), ignore or ())  # a typo in --select is exit 2 before any work
    inputs = []
    if token_text is not None:
        inputs.append(f"token ({token_source})")
    if refresh_token is not None:
        inputs.append("refresh token (--refresh-token)")
    if env_file is not None:
        inputs.append(f".env ({env_file.path})")
    if access_secret is not None and env_file is None:
        inputs.append(f"secret ({access_secret.origin})")
    if loaded_key is not None:
        inputs.append(f"key ({key})")
    transcript = None
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
            ),
            parsed,
            refresh,
            access_secret,
            env_file,
        )
        inputs.append(f"live service ({live}, {len(transcript.calls)} requests)")
        if at is None:
            now = now_at(None)  # the issued tokens are judged after the flow, not before it
        if token_text is None and transcript.access_token is not None:
            token_text, parsed, token_error = issued_token(transcript.access_token)
            inputs.append("token (issued by login)")
        if refresh_token is None and transcript.refresh_token is not None:
            refresh, refresh_error = issued_token(transcript.refresh_token)[1:]
            if transcript.login is not None:
                inputs.append("refresh token (issued by login)")
    inputs.append(f"profile {profile.value}")

    with _progress(wordlist is not None) as progress:
        ctx = checks.CheckContext(
            now=now,
            token_text=token_text,
            token=parsed,
            token_error=token_error,
            refresh=refresh,
            refresh_error=refresh_error,
            env=env_file,
            secret=access_secret,
            key=loaded_key,
            skew=skew_s,
            buffer=buffer_s,
            profile=checks.Profile(profile.value),
            thresholds=thresholds,
            wordlist=wordlist,
            progress=progress,
            live=transcript,
        )
        report = checks.run(
            ctx,
            select_ids=select or (),
            ignore_ids=ignore or (),
            strict=strict,
            inputs=tuple(inputs),
        )
    out(_render(report, fmt, use_color(no_color)))
    exit_with(report.exit_code)


def _render(report: CheckReport, fmt: Format, color: bool) -> str:
    if fmt is Format.JSON:
        from jwtfix.render.json import check_document, dumps

        return dumps(check_document(report))
    if fmt is Format.HUMAN:
        from jwtfix.render import check_human

        return check_human.render(report, color=color)
    if fmt in (Format.SARIF, Format.JUNIT, Format.GITHUB):
        # jwtfix.render.sarif / junit / github: each a pure render(report) -> str.
        import importlib

        module = importlib.import_module(f"jwtfix.render.{fmt.value}")
        return str(module.render(report))
    from typing import assert_never

    assert_never(fmt)


def _thresholds(
    access_min: str | None,
    access_max: str | None,
    refresh_min: str | None,
    refresh_max: str | None,
) -> Thresholds:
    from jwtfix.checks import Thresholds

    default = Thresholds()
    values = Thresholds(
        access_min=duration_option(access_min, "--access-min", default.access_min),
        access_max=duration_option(access_max, "--access-max", default.access_max),
        refresh_min=duration_option(refresh_min, "--refresh-min", default.refresh_min),
        refresh_max=duration_option(refresh_max, "--refresh-max", default.refresh_max),
    )
    for kind in ("access", "refresh"):
        low, high = getattr(values, f"{kind}_min"), getattr(values, f"{kind}_max")
        if low > high:
            from jwtfix.errors import DurationError

            raise DurationError(
                f"--{kind}-min ({low:g} s) is greater than --{kind}-max ({high:g} s)"
            )
    return values


def _load_env(path: str | None) -> EnvFile | None:
    if path is None:
        return None
    from jwtfix import envfile

    return envfile.load(path)


def _read_check_token(
    arg: str | None, other_inputs: bool
) -> tuple[str | None, ParsedToken | None, str | None, str]:
    """(text, parsed, parse error, source): a token that does not parse is JWT101's job.

    With other inputs (--env, --refresh-token, a key) and no TOKEN argument,
    stdin is left alone: `check --env .env` in CI must not wait for input.
    """
    from jwtfix import inputs, tokens
    from jwtfix.errors import TokenError

    if arg is None and other_inputs:
        return None, None, None, ""
    stdin = getattr(sys.stdin, "buffer", None)
    text, source = inputs.read_text(file_argument(arg), stdin)
    unwrapped = inputs.unwrap(text, source)
    if unwrapped.note:
        note(unwrapped.note)
    try:
        return unwrapped.text, tokens.parse(unwrapped.text), None, source
    except TokenError as err:
        return unwrapped.text, None, err.message, source


def _read_refresh(arg: str | None) -> tuple[ParsedToken | None, str | None]:
    if arg is None:
        return None, None
    from jwtfix import inputs, tokens
    from jwtfix.errors import TokenError

    text, source = inputs.read_text(arg, None, "--refresh-token")
    unwrapped = inputs.unwrap(text, source)
    try:
        return tokens.parse(unwrapped.text), None
    except TokenError as err:
        return None, err.message


def _secret(
    value: str | None,
    env_var: str | None,
    path: str | None,
    encoding: Encoding,
    env_file: EnvFile | None,
) -> Secret | None:
    """The access secret: --secret, --secret-env or --secret-file, else JWT_SECRET of --env.

    Loaded exactly as `sign` and `verify` load it (one loader, same messages).
    """
    from jwtfix.checks import Secret
    from jwtfix.model import Location

    loaded, env_name = load_secret(value, env_var, path, encoding, env_file)
    if loaded is None:
        return None
    location = None
    if env_name is not None and env_file is not None:
        entry = env_file.get(env_name)
        location = Location(file=env_file.path, line=entry.line) if entry else None
    return Secret(loaded.value, loaded.origin, location)


def _key(path: str | None) -> Any:
    if path is None:
        return None
    from jwtfix.keys import load_key

    return load_key(path)


@contextmanager
def _progress(wanted: bool) -> Iterator[Callable[[int, int | None], None] | None]:
    """A rich progress bar on stderr for a --wordlist, only when stderr is a terminal."""
    if not wanted or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("JWT404 wordlist"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task("wordlist", total=None)

    def update(done: int, total: int | None) -> None:
        bar.update(task, completed=done, total=total)

    with bar:
        yield update
