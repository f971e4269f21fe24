"""--help: every command's fits 80 columns, its examples are lines of their own and run.

The examples run in bash, as a user would type them, in a scratch project
folder holding what they name (.env, token.txt, session.har, error.log,
keys/, es256.txt); probe's `http://localhost:3000` is a test server on
127.0.0.1. An example "runs" when it exits 0 or 1 (a finding), never 2 (a
usage error) or 3.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from servers import LocalServer, Reply, Request

from jwtfix.cli import app

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _commands() -> dict[str, object]:
    import typer.main

    group = typer.main.get_command(app)
    return dict(group.commands)  # type: ignore[attr-defined]


COMMANDS = _commands()
EXAMPLES = [
    (name, line[2:])
    for name, command in COMMANDS.items()
    for line in (getattr(command, "epilog", None) or "").split("\n\n")
    if line.startswith("$ ")
]


def _run(command: str, cwd: Path, columns: int = 80) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.update({"NO_COLOR": "1", "COLUMNS": str(columns)})
    env.pop("JWT_SECRET", None)
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_fits_80_columns_and_cuts_nothing(name: str, tmp_path: Path) -> None:
    result = _run(f"jwtfix {name} --help", tmp_path)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "…" not in result.stdout  # no help text cut short
    assert "  |  " not in result.stdout  # examples are lines, not joined by "  |  "
    # a choice listed as <a|b|c> in the type column squeezes every description: say it in words
    assert not re.search(r"<\w+\|", result.stdout)


def test_every_command_has_examples() -> None:
    assert {name for name, _ in EXAMPLES} == set(COMMANDS)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("project")
    shutil.copy(ROOT / "examples/good.env", folder / ".env")
    shutil.copy(ROOT / "examples/valid-access.jwt", folder / "token.txt")
    shutil.copy(ROOT / "examples/session.har", folder / "session.har")
    (folder / "error.log").write_text("12:00:01 ERROR auth TokenExpiredError: jwt expired\n")
    assert _run("jwtfix keygen --alg ES256 --out keys/", folder).returncode == 0
    signed = _run("jwtfix sign --alg ES256 --key keys/private.pem --expires 1h", folder)
    (folder / "es256.txt").write_text(signed.stdout)
    return folder


def _service(request: Request) -> Reply:
    if request.headers.get("authorization"):
        return Reply.json(
            401,
            '{"error": "invalid_token", "message": "jwt expired"}',
            [("WWW-Authenticate", 'Bearer error="invalid_token", error_description="jwt expired"')],
        )
    return Reply.json(401, '{"message": "No authorization token was found"}')


@pytest.mark.parametrize(("name", "example"), EXAMPLES, ids=[e for _, e in EXAMPLES])
def test_help_examples_run(
    name: str,
    example: str,
    project: Path,
    tmp_path: Path,
    local_server: Callable[..., LocalServer],
) -> None:
    folder = tmp_path / "project"
    shutil.copytree(project, folder)
    if name == "keygen" and "--out keys/" in example:
        shutil.rmtree(folder / "keys")
    if "http://localhost:3000" in example:
        example = example.replace("http://localhost:3000", local_server(_service).url)
    result = _run(example, folder)
    assert result.returncode in (0, 1), result.stderr
    assert "error:" not in result.stderr, result.stderr


def test_jwtfix_alone_prints_help_on_stderr_and_exits_2(tmp_path: Path) -> None:
    result = _run("jwtfix", tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Usage: jwtfix [OPTIONS] COMMAND" in result.stderr
    assert "--help" not in _run("jwtfix --help", tmp_path).stderr
