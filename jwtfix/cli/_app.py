"""The typer app, its error handling and the helpers every command shares.

Commands live in the sibling modules, one per area, and each is: flags ->
inputs -> one core call -> a renderer -> an exit code. The single place that
turns problems into `error:` lines and exit codes is `JwtfixGroup.main`, so
that the console script, `python -m jwtfix` and tests through typer's
CliRunner behave the same. Core modules are imported inside the commands:
`decode --json` must not pay for rich, PyJWT or cryptography.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from jwtfix import __version__
from jwtfix.errors import ExitCode, JwtfixError

HELP = """Tells you why a JSON Web Token is rejected, and how to fix it.

Exit codes: 0 nothing wrong, 1 a problem found (expired, invalid signature,
a failed check), 2 usage error or input that is not a JWT, 3 a bug in jwtfix.
"""


class _RunState:
    """What the error handler must know about the command line being run."""

    json: bool = False


STATE = _RunState()


class JwtfixGroup(TyperGroup):
    """Turns every error into one `error:` line (or a JSON error) and exit code 2."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        STATE.json = "--json" in argv or _format_is_json(argv)
        if not argv:
            # `jwtfix` alone is a usage error, as click has it since 8.2: the help goes to
            # stderr (stdout stays clean for pipes) and the exit code is 2.
            import contextlib

            with contextlib.redirect_stdout(sys.stderr):
                super().main(["--help"], prog_name or "jwtfix", standalone_mode=False)
            code: Any = ExitCode.USAGE
            if not standalone_mode:
                return code
            sys.exit(code)
        try:
            code = super().main(
                argv, prog_name or "jwtfix", complete_var, standalone_mode=False, **extra
            )
        except JwtfixError as err:
            code = report_error(err.type, err.message, err.exit_code)
        except typer.Exit as err:  # raised outside invoke, e.g. by --version
            code = err.exit_code
        except typer.Abort:
            code = report_error("aborted", "aborted", 130)
        except _click_exceptions() as err:
            if type(err).__name__ == "NoArgsIsHelpError":
                # `jwtfix` alone: typer has printed the help already; a usage error, silently.
                code = ExitCode.USAGE
            else:
                code = report_error("usage_error", _usage_message(err), ExitCode.USAGE)
        except UnicodeEncodeError as err:
            # A value that came as bytes which are not UTF-8 (a lone surrogate, as Python
            # escapes them on POSIX) and had to be encoded: the user's input, not our bug.
            flag = _undecodable_option(argv)
            if flag is None or "surrogate" not in str(err.reason):
                code = _internal(err)
            else:
                code = report_error(
                    "usage_error",
                    f"{flag} holds bytes that are not UTF-8: jwtfix reads text arguments as "
                    "UTF-8 (the value is not shown: it may be a secret)",
                    ExitCode.USAGE,
                )
        except BrokenPipeError:
            # Reader went away (`jwtfix decode ... | head -1`): not an error of ours.
            sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - must outlive this frame
            code = ExitCode.OK
        except Exception as err:  # no traceback may reach a user
            code = _internal(err)
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


def _internal(err: Exception) -> int:
    if os.environ.get("JWTFIX_DEBUG"):
        raise err
    return report_error(
        "internal_error",
        f"internal error ({type(err).__name__}): this is a bug in jwtfix {__version__}, "
        "please report it with the command line that caused it (JWTFIX_DEBUG=1 shows "
        "the traceback)",
        ExitCode.INTERNAL,
    )


def _undecodable_option(argv: list[str]) -> str | None:
    """The option whose value (or the argument that) holds surrogate-escaped bytes, if any."""
    for i, arg in enumerate(argv):
        if any("\udc80" <= c <= "\udcff" for c in arg):
            if arg.startswith("--") and "=" in arg:
                return arg.split("=", 1)[0]
            previous = argv[i - 1] if i else ""
            return previous if previous.startswith("-") else "an argument"
    return None


def _click_exceptions() -> type[Exception]:
    from typer._click.exceptions import ClickException

    return ClickException


def _usage_message(err: Exception) -> str:
    message = getattr(err, "format_message", lambda: str(err))()
    ctx = getattr(err, "ctx", None)
    where = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    message = message[:1].lower() + message[1:] if message else "usage error"
    return " ".join(message.split()) + where


def _format_is_json(argv: list[str]) -> bool:
    """`--format json`, `--format=json`, `-f json` or `-fjson` (check's short option)."""
    for i, arg in enumerate(argv):
        if arg in ("--format=json", "-fjson") or (
            arg in ("--format", "-f") and argv[i + 1 : i + 2] == ["json"]
        ):
            return True
    return False


def report_error(type_: str, message: str, code: int) -> int:
    """Print `error: message` on stderr and, with --json, the JSON error on stdout."""
    from jwtfix.render.terminal import one_line

    message = " ".join(message.split())
    sys.stderr.write(f"error: {one_line(message)}\n")
    if STATE.json:
        from jwtfix.render.json import error

        sys.stdout.write(error(type_, message) + "\n")
    return int(code)


def fail(message: str) -> NoReturn:
    """Stop the command with exit 2 and `error: message` (a UsageError)."""
    from jwtfix.errors import UsageError

    raise UsageError(message)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"jwtfix {__version__}\n")
        raise typer.Exit(0)


app = typer.Typer(
    name="jwtfix",
    cls=JwtfixGroup,
    help=HELP,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode="markdown",
)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Tells you why a JSON Web Token is rejected, and how to fix it."""


# Options shared by many commands, as Annotated aliases.
OUTPUT_PANEL = "Output"
TIME_PANEL = "Time"
JsonOpt = Annotated[
    bool,
    typer.Option("--json", help="Print one JSON document on stdout.", rich_help_panel=OUTPUT_PANEL),
]
NoColorOpt = Annotated[
    bool,
    typer.Option(
        "--no-color",
        help="No colour (also: NO_COLOR=1); FORCE_COLOR=1 forces it.",
        rich_help_panel=OUTPUT_PANEL,
    ),
]
AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at",
        metavar="WHEN",
        help="Behave as if now were WHEN: a date, a Unix timestamp, 'now', or +15m / -2h.",
        rich_help_panel=TIME_PANEL,
    ),
]
SkewOpt = Annotated[
    str | None,
    typer.Option(
        "--skew",
        metavar="DUR",
        help="Clock tolerance of the server (e.g. 30s); default 0, as in jsonwebtoken and PyJWT.",
        rich_help_panel=TIME_PANEL,
    ),
]
BufferOpt = Annotated[
    str | None,
    typer.Option(
        "--buffer",
        metavar="DUR",
        help="Refresh this long before exp (e.g. 60s, 5m): 'expiring' inside it.",
        rich_help_panel=TIME_PANEL,
    ),
]
QuietOpt = Annotated[
    bool,
    typer.Option(
        "--quiet", "-q", help="No output, the exit code only.", rich_help_panel=OUTPUT_PANEL
    ),
]


def examples(*lines: str) -> str:
    """A command's --help epilog: its examples, one a line (tests/test_help.py runs them)."""
    return "Examples:\n\n" + "\n\n".join(f"$ {line}" for line in lines)


TokenArg = Annotated[
    str | None,
    typer.Argument(
        metavar="[TOKEN]",
        help="The token, '-' or nothing for stdin, or @FILE. Bearer prefixes, Authorization "
        "lines, quotes and JSON login responses are unwrapped.",
        show_default=False,
    ),
]


def use_color(no_color: bool) -> bool:
    """Colour only on a terminal; --no-color and NO_COLOR win over FORCE_COLOR."""
    if no_color or os.environ.get("NO_COLOR"):
        return False
    force = os.environ.get("FORCE_COLOR")
    if force is not None and force.strip().lower() not in ("", "0", "false", "no"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def term_width() -> int:
    """The width human output wraps at: $COLUMNS, else the terminal's, else 80 (SPEC 4.5)."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        import shutil

        return shutil.get_terminal_size((80, 24)).columns
    return 80


def now_at(at: str | None) -> int:
    """The command's `now`: the wall clock in whole seconds (as servers use), or --at."""
    wall = int(time.time())
    if at is None:
        return wall
    from jwtfix.timefmt import parse_when

    return int(parse_when(at, wall, what="--at"))


def duration_option(
    text: str | None, name: str, default: float = 0.0, *, negative: bool = False
) -> float:
    """A duration flag in seconds; negative values only where they mean something."""
    if text is None:
        return default
    from jwtfix.errors import DurationError
    from jwtfix.timefmt import parse_duration

    seconds = parse_duration(text, what=name)
    if seconds < 0 and not negative:
        raise DurationError(f"{name} {text!r} is negative: give a length of time such as 30s")
    return seconds


# A socket timeout or a sleep beyond about 292 years overflows the C time type (exit 3 was the
# result); no request or grace window of a command-line run needs more than a day.
MAX_WAIT_SECONDS = 86400.0


def wait_option(text: str | None, name: str, default: float) -> float:
    """A timeout or wait flag in seconds, at most a day (a longer one is a typo, not a wait)."""
    seconds = duration_option(text, name, default)
    if seconds > MAX_WAIT_SECONDS:
        from jwtfix.errors import DurationError

        raise DurationError(f"{name} {text!r} is longer than a day: give at most 24h")
    return seconds


def read_token(
    arg: str | None, *, quiet: bool = False, any_payload: bool = False
) -> tuple[Any, str]:
    """Read, unwrap and parse a TOKEN argument; returns (ParsedToken, source).

    Notes about what was unwrapped go to stderr unless `quiet`; `any_payload` as
    in `tokens.parse` (verify judges a JWS whose payload is not JSON).
    """
    from jwtfix import inputs, tokens

    stdin = getattr(sys.stdin, "buffer", None)
    token_text = inputs.read_token(file_argument(arg, quiet=quiet), stdin)
    if token_text.note and not quiet:
        note(token_text.note)
    return tokens.parse(token_text.text, any_payload=any_payload), token_text.source


def file_argument(arg: str | None, *, quiet: bool = False) -> str | None:
    """A TOKEN that names an existing file (and is no JWT) is read as @FILE, with a note."""
    from jwtfix import tokens

    if (
        arg is not None
        and arg != "-"
        and not arg.startswith("@")
        and not tokens.looks_like_jwt(arg.strip())
        and os.path.isfile(arg)
    ):
        if not quiet:
            note(f"reading the token from the file {arg} (the same as @{arg})")
        return "@" + arg
    return arg


def note(message: str) -> None:
    """A note on stderr, wrapped at the width human output uses (SPEC 4.5), indented under
    its first word; a path or URL longer than a line stays whole."""
    import textwrap

    from jwtfix.render.terminal import one_line

    lines = textwrap.wrap(
        f"note: {one_line(message)}",
        width=max(term_width(), 40),
        subsequent_indent="  ",
        break_long_words=False,
        break_on_hyphens=False,
    )
    sys.stderr.write("\n".join(lines or ["note:"]) + "\n")


def out(text: str) -> None:
    """Write a result to stdout, ending it with exactly one newline."""
    text = text if text.endswith("\n") else text + "\n"
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        # A claim may hold a lone surrogate ("\ud800" in the token's JSON), which no
        # UTF-8 stream can carry: write it escaped, as JSON itself writes it.
        sys.stdout.flush()
        encoding = sys.stdout.encoding or "utf-8"
        sys.stdout.buffer.write(text.encode(encoding, "backslashreplace"))
        sys.stdout.flush()


def exit_with(code: int) -> NoReturn:
    raise typer.Exit(int(code))
