"""Shared fixtures: a fixed `now`, token factories, the CLI runner, and Node.

Node's packages (tests/node/package.json and its lock file) are installed with
`npm ci` the first time a test asks for them, so a clean clone needs nothing
installed by hand.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from jwtfix.cli import app

# Local HTTP services (127.0.0.1, ephemeral ports) for the tests that need one, and the
# real third-party stacks of tests/stacks/ (installed into their own virtualenv).
pytest_plugins = ["servers", "jwks_service", "stack_services"]

NOW = 1_769_336_100
"""2026-01-25T10:15:00Z: the `now` of every test that depends on the clock."""
NOW_ISO = "2026-01-25T10:15:00Z"

TESTS = Path(__file__).parent
DATA = TESTS / "data"
NODE_DIR = TESTS / "node"


def load_har(name: str) -> Any:
    """The session of a HAR fixture of tests/data/har/ (by its name without `.har`)."""
    from jwtfix import har
    from jwtfix.ops.har import session

    path = str(DATA / "har" / f"{name}.har")
    return session(har.read(path), path)


def har_findings(recorded: Any) -> dict[str, list[Any]]:
    """The JWT8xx findings of a recorded session, by ID (judged at its last request)."""
    from jwtfix import checks
    from jwtfix.checks import CheckContext

    ctx = CheckContext(now=recorded.last_started or 0, har=recorded, skew=0.0)
    out: dict[str, list[Any]] = {}
    for finding in checks.run(ctx, select_ids=["JWT8"]).findings:
        out.setdefault(finding.id, []).append(finding)
    return out


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def make_token(
    claims: dict[str, Any] | None = None,
    *,
    header: dict[str, Any] | None = None,
    secret: bytes | str = b"test-secret-that-is-at-least-32-bytes-long!",
    alg: str = "HS256",
) -> str:
    """An HS-signed (or unsecured, alg 'none') token made with the standard library."""
    head = {"alg": alg, "typ": "JWT", **(header or {})}
    signing_input = (
        b64url(json.dumps(head, separators=(",", ":")).encode())
        + "."
        + b64url(json.dumps(claims if claims is not None else {}, separators=(",", ":")).encode())
    )
    if alg == "none":
        return signing_input + "."
    key = secret.encode() if isinstance(secret, str) else secret
    digest = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}[alg]
    signature = hmac.new(key, signing_input.encode("ascii"), digest).digest()
    return signing_input + "." + b64url(signature)


@pytest.fixture
def token_factory() -> Callable[..., str]:
    return make_token


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A CliRunner with no colour and a fixed terminal width."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    return CliRunner()


@pytest.fixture
def cli(runner: CliRunner) -> Callable[..., Any]:
    """`cli("decode", token, input=...)` -> click Result (stdout, stderr, exit_code)."""

    def invoke(
        *args: str, input: str | bytes | None = None, env: dict[str, str] | None = None
    ) -> Any:
        return runner.invoke(app, list(args), input=input, env=env)

    return invoke


@pytest.fixture(scope="session")
def node_modules() -> Path:
    """Install tests/node with `npm ci` (once) and return its node_modules folder."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.fail("Node.js and npm are required for the interop tests (Node 20)")
    modules = NODE_DIR / "node_modules"
    stamp = modules / ".package-lock.json"
    lock = NODE_DIR / "package-lock.json"
    if not stamp.exists() or stamp.stat().st_mtime < lock.stat().st_mtime:
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=NODE_DIR,
            check=True,
            timeout=600,
        )
    return modules


@pytest.fixture(scope="session")
def node(node_modules: Path) -> Iterator[Callable[..., str]]:
    """Run a Node script (CommonJS or, with esm=True, an ES module) in tests/node."""

    def run(script: str, *args: str, esm: bool = False, input: str | None = None) -> str:
        cmd = ["node", "--input-type=module" if esm else "--input-type=commonjs", "-e", script]
        proc = subprocess.run(
            [*cmd, "--", *args],
            cwd=NODE_DIR,
            input=input,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "NODE_PATH": str(node_modules)},
        )
        if proc.returncode != 0:
            raise AssertionError(f"node failed ({proc.returncode}): {proc.stderr.strip()}")
        return proc.stdout

    yield run
