"""No false JWT710 on a service that runs on this machine's own clock, with both cores busy.

uvicorn and Node's `http` cache their `Date` header for a second and refresh it
late when the machine is loaded (SPEC 4.3). Bounded busy child processes, one
per core, load the machine while the live flow runs against the test
services (tests/services.py); they stop after LOAD_SECONDS on their own and
are killed by their pids when the test ends, also on failure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from services import PASSWORD, USERNAME, Service, service_env, start_service

CREDENTIALS = json.dumps({"username": USERNAME, "password": PASSWORD})
LOAD_SECONDS = 120
"""The busy loops end by themselves after this long (a bound, not a timing)."""
_BUSY = "import time\nend = time.monotonic() + {seconds}\nwhile time.monotonic() < end:\n    pass\n"


@contextmanager
def busy_cores() -> Iterator[list[int]]:
    """One busy child process per core (at least two), stopped by pid afterwards."""
    count = max(os.cpu_count() or 2, 2)
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _BUSY.format(seconds=LOAD_SECONDS)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(count)
    ]
    try:
        yield [child.pid for child in children]
    finally:
        for child in children:
            child.kill()
            child.wait(timeout=10)


@pytest.mark.parametrize("stack", [pytest.param("express", marks=pytest.mark.node), "fastapi"])
def test_no_false_jwt710_with_both_cores_busy(
    stack: str, cli: Callable[..., Any], request: pytest.FixtureRequest
) -> None:
    if stack == "express":
        request.getfixturevalue("node_modules")
    with start_service(stack, env=service_env()) as service, busy_cores() as pids:
        assert all(pid != os.getpid() for pid in pids)
        for _ in range(3):
            result = cli(
                "check", "--live", service.url("healthy"), "--credentials", CREDENTIALS,
                "--timeout", "20s", "--no-reuse", "--json", "--select", "JWT710",
            )  # fmt: skip
            doc = json.loads(result.stdout)
            (clock,) = [f for f in doc["findings"] if f["id"] == "JWT710"]
            assert clock["status"] == "pass", clock["message"]
            assert "at least" not in clock["message"]


def test_no_false_jwt710_on_uvicorn_with_a_password_hash_and_busy_cores(
    cli: Callable[..., Any], fastapi_users: Service
) -> None:
    # fastapi-users hashes the password in its event loop: uvicorn's once-a-second Date
    # timer runs late by as long, on top of a loaded machine (tests/stacks/README.md).
    from stack_services import EMAIL

    credentials = json.dumps({"username": EMAIL, "password": PASSWORD})
    with busy_cores():
        for _ in range(2):
            result = cli(
                "check", "--live", fastapi_users.root, "--login", "/auth/jwt/login",
                "--protected", "/authenticated-route", "--logout", "/auth/jwt/logout",
                "--credentials", credentials, "--timeout", "20s", "--json",
                "--select", "JWT710",
            )  # fmt: skip
            doc = json.loads(result.stdout)
            (clock,) = [f for f in doc["findings"] if f["id"] == "JWT710"]
            assert clock["status"] == "pass", clock["message"]
