"""Real services for the live tests, each on 127.0.0.1 with an ephemeral port.

`start_service` runs a service as a subprocess (tests/node/service.js or
tests/fastapi_service.py), waits (bounded) until it prints its port and
accepts connections, yields it, and always stops it by its own pid
(terminate, wait, kill). Listeners that record or never answer are in
tests/servers.py. Nothing here talks to any address but 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

TESTS = Path(__file__).parent
NODE_SERVICE = TESTS / "node" / "service.js"
FASTAPI_SERVICE = TESTS / "fastapi_service.py"

ACCESS_SECRET = "live-test-access-secret-0123456789abcdef-XYZ"
"""JWT_SECRET of the test services (64 bytes would be ideal; 44 passes JWT302 for HS256)."""
REFRESH_SECRET = "live-test-refresh-secret-fedcba9876543210-QRS"
USERNAME = "alice"
PASSWORD = "correct-horse-battery"
START_TIMEOUT = 20.0
"""Seconds a service may take to print its port (uvicorn imports FastAPI: about 1 s alone)."""


@dataclass(frozen=True)
class Service:
    """A running test service: its root URL and the pid it is stopped by."""

    root: str
    """`http://127.0.0.1:<port>`, serving the default variant."""
    pid: int
    stack: str
    """'express' or 'fastapi', or one of tests/stacks/ (see tests/stack_services.py)."""

    def url(self, fault: str) -> str:
        """The base URL of one variant (each fault is mounted under /<fault>)."""
        return f"{self.root}/{fault}"

    def requests(self, fault: str) -> int:
        """How many requests the variant has received (counted by the service itself)."""
        with urllib.request.urlopen(f"{self.url(fault)}/_test/requests", timeout=5) as answer:
            count: int = json.load(answer)["count"]
        return count


def service_env(redirect_to: str | None = None) -> dict[str, str]:
    env = {
        **os.environ,
        "JWT_SECRET": ACCESS_SECRET,
        "JWT_REFRESH_SECRET": REFRESH_SECRET,
        "TEST_USERNAME": USERNAME,
        "TEST_PASSWORD": PASSWORD,
    }
    if redirect_to is not None:
        env["REDIRECT_TO"] = redirect_to
    return env


def command(stack: str) -> list[str]:
    if stack == "express":
        return ["node", str(NODE_SERVICE)]
    if stack == "fastapi":
        return [sys.executable, str(FASTAPI_SERVICE)]
    raise ValueError(f"unknown stack {stack!r}")


@contextmanager
def start_service(
    stack: str, *, env: dict[str, str], cwd: Path | None = None, extra: Sequence[str] = ()
) -> Iterator[Service]:
    """Start a service, wait until it listens, yield it, stop it by its pid whatever happens."""
    with start_command([*command(stack), *extra], stack=stack, env=env, cwd=cwd) as service:
        yield service


@contextmanager
def start_command(
    argv: Sequence[str],
    *,
    stack: str,
    env: dict[str, str],
    cwd: Path | None = None,
    start_timeout: float = START_TIMEOUT,
) -> Iterator[Service]:
    """Run `argv` (a service that prints `listening on PORT`), as `start_service` runs its own.

    The third-party stacks of tests/stacks/ start through this.
    """
    proc = subprocess.Popen(
        list(argv),
        cwd=cwd or TESTS,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    errors: list[str] = []
    # Drain both pipes so the service never blocks writing a log line.
    threads = [
        threading.Thread(target=_drain, args=(proc.stdout, lines.put), daemon=True),
        threading.Thread(target=_drain, args=(proc.stderr, errors.append), daemon=True),
    ]
    for thread in threads:
        thread.start()
    try:
        port = _wait_for_port(proc, lines, errors, start_timeout)
        _wait_until_listening(port)
        yield Service(f"http://127.0.0.1:{port}", proc.pid, stack)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        for thread in threads:
            thread.join(timeout=2)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def _drain(stream: IO[str], sink: Callable[[str], object]) -> None:
    for line in stream:
        sink(line.rstrip("\n"))


def _wait_for_port(
    proc: subprocess.Popen[str], lines: queue.Queue[str], errors: list[str], timeout: float
) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.1)
        except queue.Empty:
            if proc.poll() is not None:
                break
            continue
        if line.startswith("listening on "):
            return int(line.removeprefix("listening on "))
    raise RuntimeError(
        f"service {proc.args!r} did not report its port within {timeout:g} s "
        f"(exit {proc.poll()}): {' | '.join(errors[-5:])}"
    )


def _wait_until_listening(port: int) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
