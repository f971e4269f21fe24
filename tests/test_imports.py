"""`decode --json` and `expiry --json` start fast: they import none of the heavy libraries.

Not a timing (timings are for bench/): `python -X importtime` lists every
module a real process imports, and we check the names.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NOW, make_token

HEAVY = {"rich", "jwt", "cryptography", "dateutil", "httpx", "ast_grep_py"}
TOKEN = make_token({"sub": "alice", "iat": NOW - 60, "exp": NOW + 900})


def imported_modules(*args: str) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPROFILEIMPORTTIME"}
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "jwtfix", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    modules = set()
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        name = line.rsplit("|", 1)[1].strip()
        if name == "imported package":  # the header line
            continue
        modules.add(name)
    return modules, proc


def top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


@pytest.mark.parametrize(
    "args",
    [
        ["decode", "--json", TOKEN],
        ["expiry", "--json", TOKEN],
        ["expiry", "--json", "--skew", "30s", "--buffer", "1m", "--at", str(NOW), TOKEN],
        ["decode", "--claim", "sub", TOKEN],
        ["har", "--json", str(Path(__file__).parent / "data" / "har" / "clean.har")],
    ],
)
def test_json_commands_import_no_heavy_library(args: list[str]) -> None:
    modules, proc = imported_modules(*args)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    if "--json" in args:
        json.loads(proc.stdout)  # the command really ran
    # the parsing of -X importtime works (importlib.import_module, which loads the
    # command modules, is not timed; what the commands import is)
    assert "jwtfix.tokens" in modules
    assert "json" in top_level(modules)
    assert top_level(modules) & HEAVY == set()


def test_the_check_can_see_a_heavy_import() -> None:
    # Human output uses rich: the same parsing must notice it, or the test above
    # proves nothing.
    modules, proc = imported_modules("decode", TOKEN)
    assert proc.returncode == 0
    assert "rich" in top_level(modules)
    # a date for --at loads dateutil, and only then
    modules, _ = imported_modules("expiry", "--json", "--at", "2026-01-25T10:15:00Z", TOKEN)
    assert "dateutil" in top_level(modules)
