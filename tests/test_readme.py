"""The README stays true: every `$ command` in its console blocks runs as shown.

Each command runs in bash, in a scratch folder holding a copy of examples/,
with the installed `jwtfix` first on PATH. Its output (stdout and stderr
together, as a terminal shows them) must match the lines under it: a line
`...` stands for any number of lines, and `...` inside a line for any text.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def _examples() -> list[tuple[str, list[str]]]:
    text = README.read_text(encoding="utf-8")
    found: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.DOTALL):
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, *expected = chunk.rstrip("\n").split("\n")
            found.append((command, expected))
    return found


def _pattern(expected: list[str]) -> re.Pattern[str]:
    parts = []
    for line in expected:
        if line == "...":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append(".*".join(map(re.escape, line.split("..."))) + r"\n")
    return re.compile("".join(parts), flags=re.DOTALL if not expected else 0)


EXAMPLES = _examples()


def test_the_readme_has_examples_for_every_command() -> None:
    commands = {command.split()[1] for command, _ in EXAMPLES if command.startswith("jwtfix ")}
    assert {
        "decode",
        "expiry",
        "sign",
        "keygen",
        "verify",
        "check",
        "explain",
        "scan",
        "har",
        "probe",
    } <= commands


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example_runs_as_shown(command: str, expected: list[str], tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "NO_COLOR": "1",
        "COLUMNS": "100",
    }
    env.pop("FORCE_COLOR", None)
    proc = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=60,
    )
    output = proc.stdout if proc.stdout.endswith("\n") or not proc.stdout else proc.stdout + "\n"
    assert "Traceback" not in output
    assert _pattern(expected).fullmatch(output), f"README example `{command}` printed:\n{output}"
