"""Conventions every command shares: exit codes, error lines, JSON errors, colour, help."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import NOW, make_token

from jwtfix import __version__

TOKEN = make_token({"sub": "alice", "iat": NOW - 60, "exp": NOW + 900})
EXPIRED = make_token({"sub": "alice", "exp": NOW - 60})
COMMANDS = ("decode", "expiry")


def run(*args: str, input: bytes | None = None, **env: str) -> subprocess.CompletedProcess[bytes]:
    """`python -m jwtfix` as a real process, output piped (not a terminal)."""
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "jwtfix", *args],
        input=input,
        capture_output=True,
        env=environ,
        timeout=60,
        check=False,
    )


def test_exit_codes_0_1_2(cli: Any) -> None:
    assert cli("expiry", "--at", str(NOW), TOKEN).exit_code == 0
    assert cli("expiry", "--at", str(NOW), EXPIRED).exit_code == 1
    assert cli("expiry", "--at", str(NOW), "nope").exit_code == 2


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    "args",
    [["not-a-jwt"], ["a.b"], ["--at", "whenever", "TOKEN"], ["@/nonexistent/token"]],
)
def test_bad_input_is_one_error_line(cli: Any, command: str, args: list[str]) -> None:
    args = [TOKEN if a == "TOKEN" else a for a in args]
    result = cli(command, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ")


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    ("args", "type_"),
    [
        (["not-a-jwt"], "invalid_token"),
        (["@/nonexistent/token"], "input_error"),
        (["--at", "whenever", "TOKEN"], "invalid_time"),
        (["--bogus", "TOKEN"], "usage_error"),
    ],
)
def test_json_errors_are_json_on_stdout(
    cli: Any, command: str, args: list[str], type_: str
) -> None:
    args = [TOKEN if a == "TOKEN" else a for a in args]
    result = cli(command, "--json", *args)
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert set(doc) == {"error"}
    assert doc["error"]["type"] == type_
    assert isinstance(doc["error"]["message"], str) and doc["error"]["message"]
    assert result.stderr.startswith("error: ")  # still said on stderr for people


def test_json_with_exit_1_is_one_document(cli: Any) -> None:
    result = cli("expiry", "--json", "--at", str(NOW), EXPIRED)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["status"] == "expired"


@pytest.mark.parametrize("command", COMMANDS)
def test_unknown_option(cli: Any, command: str) -> None:
    result = cli(command, "--frobnicate", TOKEN)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
    assert "--frobnicate" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_unknown_command(cli: Any) -> None:
    result = cli("frobnicate")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "frobnicate" in result.stderr


def test_version(cli: Any) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"jwtfix {__version__}\n"


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help(cli: Any, flag: str) -> None:
    result = cli(flag)
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_command_help_has_an_example(cli: Any, command: str, flag: str) -> None:
    result = cli(command, flag)
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert f"jwtfix {command}" in result.stdout


def test_help_of_expiry_states_the_exit_codes(cli: Any) -> None:
    out = " ".join(cli("expiry", "--help").stdout.split())
    assert "Exit 0 for valid and no_exp, 1 otherwise" in out


# Colour: CliRunner output is never a terminal.


@pytest.mark.parametrize("command", COMMANDS)
def test_no_colour_through_the_runner(cli: Any, command: str) -> None:
    result = cli(command, "--at", str(NOW), TOKEN)
    assert "\x1b[" not in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    ("args", "env"),
    [
        ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}),  # NO_COLOR wins
        (["--no-color"], {"FORCE_COLOR": "1"}),  # so does --no-color
        ([], {"FORCE_COLOR": "0"}),
    ],
)
def test_colour_switched_off(cli: Any, command: str, args: list[str], env: dict[str, str]) -> None:
    result = cli(command, *args, "--at", str(NOW), TOKEN, env=env)
    assert "\x1b[" not in result.stdout


@pytest.mark.parametrize(
    "args", [["sign", "--secret-env", "JWTFIX_CLI_SECRET"], ["keygen", "--alg", "EdDSA"]]
)
def test_no_color_is_accepted_by_commands_that_print_no_colour(
    cli: Any, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # SPEC 1: --no-color on every command; sign and keygen answered "no such option" (exit 2),
    # which breaks a script that passes --no-color to every jwtfix call.
    monkeypatch.setenv("JWTFIX_CLI_SECRET", "x" * 32)
    result = cli(*args, "--no-color")
    assert result.exit_code == 0, result.stderr
    assert "\x1b[" not in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_force_color_through_the_runner(cli: Any, command: str) -> None:
    result = cli(command, "--at", str(NOW), TOKEN, env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert "\x1b[" in result.stdout


# Real processes: what CliRunner cannot show.


def test_piped_output_has_no_ansi_by_default() -> None:
    proc = run("decode", "--at", str(NOW), TOKEN, TERM="xterm-256color")
    assert proc.returncode == 0
    assert b"signature not verified" in proc.stdout
    assert b"\x1b[" not in proc.stdout


def test_force_color_in_a_real_process() -> None:
    proc = run("expiry", "--at", str(NOW), TOKEN, FORCE_COLOR="1")
    assert proc.returncode == 0
    assert b"\x1b[" in proc.stdout
    proc = run("expiry", "--at", str(NOW), TOKEN, FORCE_COLOR="1", NO_COLOR="1")
    assert b"\x1b[" not in proc.stdout


def test_no_traceback_for_broken_input_in_a_real_process(tmp_path: Path) -> None:
    cases: list[tuple[list[str], bytes | None]] = [
        (["decode", "-"], b"\xff\xfe\x00\x01"),
        (["decode", "''"], None),
        (["expiry", "--at", "9" * 400, TOKEN], None),
        (["expiry", "--skew", "9" * 400, TOKEN], None),
        (["decode", "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjFlNDAwfQ.c2ln"], None),  # exp 1e400
        (["decode", "@" + str(tmp_path)], None),  # a directory
        (["expiry", "--json", "{"], None),
    ]
    for args, stdin in cases:
        proc = run(*args, input=stdin)
        assert proc.returncode == 2, (args, proc.stderr)
        assert b"Traceback" not in proc.stderr
        assert proc.stderr.startswith(b"error: ")
        assert b"internal error" not in proc.stderr, args
        assert len(proc.stderr.splitlines()) == 1


def test_json_output_is_strict_json_in_a_real_process() -> None:
    proc = run("decode", "--json", "--at", str(NOW), TOKEN)
    assert proc.returncode == 0
    doc = json.loads(proc.stdout, parse_constant=lambda c: pytest.fail(f"{c} in output"))
    assert doc["payload"]["sub"] == "alice"


def test_missing_dependency_is_one_error_line_not_a_traceback() -> None:
    # `python -m jwtfix` run by an interpreter that lacks the installed dependencies
    # (the system python3 instead of the venv's) must still answer in one line.
    script = (
        "import sys; sys.modules['typer'] = None; sys.argv = ['jwtfix', 'decode', 'x']; "
        "from jwtfix.cli import main; main()"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith("error: jwtfix needs the package 'typer'")
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.splitlines()) == 1
