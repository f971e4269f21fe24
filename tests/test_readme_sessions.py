"""The README's live sessions (its `shell-session` blocks) stay true.

`tests/test_readme.py` runs every `console` block as shown. The two
`shell-session` blocks run `check --live` against a service, whose port,
timings and token fingerprints differ from run to run: here each runs against
the same service (the Express test service with examples/good.env's secrets,
simplejwt with rotation and its blacklist app), on an ephemeral port written
in for the README's, and its output must be the README's but for those
values. Lines are compared with their whitespace runs joined, so a wrap at
another width or a wider timing column is no difference.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from dotenv import dotenv_values
from services import NODE_SERVICE, Service, start_command
from stack_services import DJANGO_SECRET_KEY

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"

VARYING = [
    (re.compile(r"\b\d+ ms\b"), "N ms"),
    (re.compile(r"<sha256:[0-9a-f]{8}>"), "<sha256:…>"),
    (re.compile(r"\(±[0-9.]+ s, from \d+ measurements\)"), "(±… s, from … measurements)"),
]
"""What differs from run to run: a request's time, a token's fingerprint, the clock's error."""


def sessions() -> list[list[tuple[str, list[str]]]]:
    """Each shell-session block: its `$ command` lines, each with the output under it."""
    text = README.read_text(encoding="utf-8")
    blocks = []
    for block in re.findall(r"```shell-session\n(.*?)```", text, flags=re.DOTALL):
        steps = []
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, *output = chunk.rstrip("\n").split("\n")
            steps.append((command, output))
        blocks.append(steps)
    return blocks


def normalized(output: str, port: str) -> str:
    text = " ".join(output.split()).replace(f"127.0.0.1:{port}", "127.0.0.1:PORT")
    for pattern, stand_in in VARYING:
        text = pattern.sub(stand_in, text)
    return text


def run_as_shown(command: str, readme_port: str, service: Service, cwd: Path) -> str:
    port = service.root.rsplit(":", 1)[1]
    argv = shlex.split(command.replace(f"127.0.0.1:{readme_port}", f"127.0.0.1:{port}"))
    assert argv[0] == "jwtfix"
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "jwtfix"), *argv[1:]],
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "100"},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in proc.stdout
    return proc.stdout


def readme_port(command: str) -> str:
    found = re.search(r"127\.0\.0\.1:(\d+)", command)
    assert found, command
    return found.group(1)


def the_block(words: str) -> list[tuple[str, list[str]]]:
    found = [steps for steps in sessions() if any(words in command for command, _ in steps)]
    assert len(found) == 1, words
    return found[0]


def test_the_readme_has_both_live_sessions() -> None:
    assert len(sessions()) == 2
    for steps in sessions():
        assert any(
            command.startswith("jwtfix check ") and " --live " in command for command, _ in steps
        )


@pytest.fixture
def express_good_env(node_modules: Path) -> Iterator[Service]:
    """tests/node/service.js with the secrets of examples/good.env, as the README starts it."""
    secrets = {k: v or "" for k, v in dotenv_values(ROOT / "examples" / "good.env").items()}
    with start_command(
        ["node", str(NODE_SERVICE)], stack="express", env={**os.environ, **secrets}
    ) as service:
        yield service


def test_the_express_session_prints_what_the_readme_shows(
    express_good_env: Service, tmp_path: Path
) -> None:
    steps = the_block("node tests/node/service.js")
    start, (command, expected) = steps[0], steps[1]
    assert start[0].startswith("(set -a; . examples/good.env; node tests/node/service.js")
    port = readme_port(command)
    # The command's relative paths (examples/, tests/data/) are the repository's.
    output = run_as_shown(command, port, express_good_env, ROOT)
    assert normalized(output, express_good_env.root.rsplit(":", 1)[1]) == normalized(
        "\n".join(expected), port
    ), output


def test_the_simplejwt_session_prints_what_the_readme_shows(
    simplejwt_rotate: Service, tmp_path: Path
) -> None:
    ((command, expected),) = the_block("/api/token/blacklist/")
    port = readme_port(command)
    # `.env` holding its signing key as JWT_SECRET, as the README says.
    (tmp_path / ".env").write_text(f"JWT_SECRET={DJANGO_SECRET_KEY}\n")
    output = run_as_shown(command, port, simplejwt_rotate, tmp_path)
    assert normalized(output, simplejwt_rotate.root.rsplit(":", 1)[1]) == normalized(
        "\n".join(expected), port
    ), output
