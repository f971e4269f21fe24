"""jwtfix against a hostile server: no hang, no crash, no flood, no bearer to another origin.

Every case of `tests/hostile.py` meets `probe`, `verify --jwks URL`,
`verify --oidc` and `check --live`, each run as a child process with a short
`--timeout`. For each run: the time beyond a plain start-up is bounded as a
ratio to that timeout (the deadline is per exchange and per flow, not per
read), the child's peak RSS is bounded (VmHWM, sampled), the exit code is the one
SPEC §1 gives (1 for an answer that is not 2xx, 2 for no answer; never 3),
stderr holds no traceback, and the other origin saw no request with the
token.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import make_token
from hostile import CASES, KINDS, OIDC_CASES, HostileServer, Seen

from jwtfix.limits import (
    FLOW_DEADLINE_FACTOR,
    MAX_BODY_BYTES,
    MAX_DECODED_BYTES,
    MAX_HEADER_BYTES,
)
from jwtfix.render.terminal import UNSAFE, UNSAFE_IN_LINE

TIMEOUT = 1.0
"""The `--timeout` of every run, in seconds."""
TIME_RATIO = FLOW_DEADLINE_FACTOR + 0.5
"""A run may take at most this many timeouts beyond a plain start-up of the same command."""
RSS_LIMIT_MB = 200
"""Peak resident memory of a child (a run of `probe` against a sound server is about 60 MB)."""
HARD_STOP = 60.0
"""A child still running after this long is killed (and the test fails): a hang, not a wait."""

PARALLEL = 3
"""Runs at a time: most of a run is waiting on a server that trickles or keeps silent."""

JWTFIX = str(Path(sys.executable).with_name("jwtfix"))
COMMANDS = ("probe", "verify_jwks", "verify_oidc", "check_live")
OIDC_COMMANDS = ("verify_oidc", "probe_oidc", "check_live_oidc")
PAIRS = [
    (case, command)
    for case in sorted(CASES)
    for command in (OIDC_COMMANDS if case in OIDC_CASES else COMMANDS)
]
"""A server's misbehaviour meets every command; a hostile provider's, those that use --oidc."""


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_mb: float


def _high_water_kb(pid: int) -> int:
    """The child's peak resident memory so far (VmHWM, kB), 0 once it is gone.

    Not wait4's ru_maxrss: Linux carries the parent's resident size at fork over
    into the child's maxrss, so every child of a large pytest looked as large.
    """
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def run_child(args: list[str]) -> Run:
    """Run jwtfix as a child; its exit code, output, wall time and peak RSS (VmHWM)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [JWTFIX, *args],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env={**os.environ, "NO_COLOR": "1", "COLUMNS": "120"},
        )
        peak_kb = 0
        while True:
            peak_kb = max(peak_kb, _high_water_kb(proc.pid))
            pid, status, _ = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > HARD_STOP:
                proc.kill()
                pid, status, _ = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            code=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            seconds=seconds,
            peak_rss_mb=peak_kb / 1024,
        )


def command_line(command: str, url: str) -> list[str]:
    """The command line of one command against the server at `url`."""
    token = make_token({"sub": "canary", "iss": url, "exp": 4102444800}, header={"kid": "k1"})
    timeout = ["--timeout", f"{TIMEOUT:g}s"]
    if command == "probe":
        return ["probe", f"{url}/me", token, *timeout]
    if command == "verify_jwks":
        return ["verify", token, "--jwks", f"{url}/jwks", *timeout]
    if command == "verify_oidc":
        return ["verify", token, "--oidc", *timeout]
    if command == "probe_oidc":
        return ["probe", f"{url}/me", token, "--oidc", *timeout]
    if command == "check_live_oidc":
        refresh = make_token({"sub": "canary", "typ": "refresh", "exp": 4102444800})
        live = ["--live", url, "--oidc", "--refresh-token", refresh, "--client-id", "app"]
        return ["check", token, *live, "--no-logout", *timeout]
    assert command == "check_live"
    return ["check", token, "--live", url, "--no-logout", *timeout]


def start_up(command: str) -> float:
    """The same command against a closed port (start-up, imports, a refused connect), run just
    before the hostile run so that both meet the same load of the machine."""
    return run_child(command_line(command, "http://127.0.0.1:9")).seconds


def expected_codes(case: str, command: str) -> set[int]:
    """SPEC §1 per command: an answer that is not 2xx is 1, no answer (or no keys) is 2."""
    no_answer = {
        "trickle_body",
        "trickle_headers",
        "silence_after_headers",
        "reset",
        "huge_header",
        "many_headers",
        "status_garbage",
        "status_huge",
        "not_http",
    }
    if command == "check_live_oidc" and case.startswith("discovery_"):
        return {2}  # no usable token endpoint: the flow cannot start, one error line says why
    if command in ("verify_jwks", "verify_oidc"):
        return {1, 2}  # no key set to judge with is 2; a key set without the kid is 1
    if command in ("check_live", "check_live_oidc", "probe_oidc"):
        return {1, 2}  # a failed live check is 1; a flow that gets no answer at all is 2
    if case in no_answer:
        return {2}
    if case in ("max_age_overflow", "junk_jwks"):
        return {0}  # a 200 answer, read without harm
    return {1}


@dataclass(frozen=True)
class Outcome:
    runs: list[tuple[Run, float]]
    """(run, its start-up measured just before it), once, or twice when the first run was over
    the time bound."""
    recorded: list[Seen]

    @property
    def beyond(self) -> float:
        """Seconds beyond start-up, of the better attempt."""
        return min(max(0.0, run.seconds - start) for run, start in self.runs)


def _one(case: str, command: str) -> Outcome:
    """One run; a run over the time bound is run once more and the faster kept: a machine
    busy with other work can stall a child for seconds, a hang stalls both runs."""
    recorded: list[Seen] = []
    runs: list[tuple[Run, float]] = []
    for _ in range(2):
        start = start_up(command)
        with HostileServer(case) as server:
            runs.append((run_child(command_line(command, server.url)), start))
            recorded += server.recorder.seen
        if (runs[-1][0].seconds - start) / TIMEOUT <= TIME_RATIO:
            break
    return Outcome(runs, recorded)


@pytest.fixture(scope="module")
def outcomes() -> dict[tuple[str, str], Outcome]:
    """Every case against every command, run four at a time (the runs mostly wait)."""
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        done = dict(zip(PAIRS, pool.map(lambda pair: _one(*pair), PAIRS), strict=True))
    for (case, command), outcome in done.items():
        run = outcome.runs[-1][0]
        record(
            "hostile server",
            case=case,
            command=command,
            timeouts=round(outcome.beyond / TIMEOUT, 2),
            peak_mb=round(max(r.peak_rss_mb for r, _ in outcome.runs), 1),
            code=run.code,
        )
    return done


def record(suite: str, **numbers: object) -> None:
    """One line of JSON per run to $JWTFIX_HOSTILE_REPORT, when set: the closing note's
    numbers (cases per kind, the slowest case in timeouts, the largest peak memory) come
    from a real run of the suite, not from memory."""
    import json

    path = os.environ.get("JWTFIX_HOSTILE_REPORT")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps({"suite": suite, **numbers}) + "\n")


@pytest.mark.parametrize(("case", "command"), PAIRS)
def test_a_hostile_server_never_hangs_crashes_or_leaks(
    case: str, command: str, outcomes: dict[tuple[str, str], Outcome]
) -> None:
    outcome = outcomes[case, command]
    for run, _ in outcome.runs:
        assert run.code != 3, run.stderr
        assert run.code in expected_codes(case, command), (run.code, run.stderr, run.stdout)
        assert "Traceback" not in run.stderr
        assert "bytearray(" not in run.stderr + run.stdout  # a library's wording, not ours
        if run.code == 2:
            assert run.stderr.startswith(("error:", "note:", "warning:")), run.stderr
            assert run.stderr.count("error:") == 1, run.stderr
        assert 5 < run.peak_rss_mb < RSS_LIMIT_MB  # above 5: the sampling saw the child
        assert len(run.stdout) < 200_000  # no flood: a verdict, not one line per entry
        # nothing a terminal would act on: the server's text is shown, not obeyed
        assert not UNSAFE.search(run.stdout), run.stdout
        assert not UNSAFE_IN_LINE.search(run.stderr.replace("\n", "")), run.stderr
    assert outcome.beyond / TIMEOUT <= TIME_RATIO, outcome.runs
    # Nothing reaches another origin, with credentials or not; but a discovery document's
    # jwks_uri may be on another host (Google's is): a bare GET of the key set, no more.
    for seen in outcome.recorded:
        assert case == "discovery_other_origin", seen
        assert (seen.method, seen.path) == ("GET", "/jwks"), seen
        credentials = {"authorization", "cookie", "proxy-authorization"}
        assert not credentials & {name.lower() for name in seen.headers}, seen


def test_a_broken_location_is_an_answer_that_says_so() -> None:
    with HostileServer("redirect_backslash") as server:
        run = run_child(command_line("probe", server.url))
        recorded = server.recorder.seen
    assert run.code == 1
    assert "the server sent a broken Location header" in run.stderr + run.stdout
    assert recorded == []


def test_a_broken_location_for_a_jwks_says_so_not_that_it_is_no_jwks() -> None:
    with HostileServer("redirect_backslash") as server:
        run = run_child(command_line("verify_jwks", server.url))
        recorded = server.recorder.seen
    assert run.code == 2  # no key set to verify with
    assert "answered 302: the server sent a broken Location header" in run.stderr
    assert "not a JWKS" not in run.stderr
    assert recorded == []


@pytest.mark.parametrize("case", ["status_garbage", "not_http"])
def test_a_broken_status_line_is_one_plain_line(case: str) -> None:
    with HostileServer(case) as server:
        run = run_child(command_line("probe", server.url))
    assert run.code == 2
    first = {"status_garbage": "HTTP/1.1 abc Nope", "not_http": "SSH-2.0-OpenSSH_9.6"}[case]
    assert run.stderr.endswith(f"the answer is not valid HTTP (illegal status line '{first}')\n")
    assert run.stderr.count("\n") == 1


def test_a_flood_of_a_challenge_is_cut_and_says_how_much() -> None:
    with HostileServer("quote_flood") as server:
        run = run_child(command_line("probe", server.url))
    assert run.code == 1
    assert "more characters)" in run.stdout
    assert run.stdout.count('"') < 1000  # 15,000 quotes were sent
    assert len(run.stdout) < 5000


@pytest.mark.parametrize("max_body", [MAX_BODY_BYTES, 4 * MAX_DECODED_BYTES])
def test_a_gzip_bomb_is_cut_off_at_the_body_or_the_decoding_limit(max_body: int) -> None:
    """Whichever comes first: the body kept, or the bytes every layer produced together."""
    import time as clock

    from jwtfix.httpclient import HttpClient

    with (
        HostileServer("gzip_bomb") as server,
        HttpClient(timeout=5, clock=clock.time, max_body=max_body) as client,
    ):
        exchange = client.get(f"{server.url}/me")
    assert exchange.status == 401 and exchange.truncated
    assert len(exchange.body) <= min(max_body, MAX_DECODED_BYTES)
    bomb = any("compression bomb" in note for note in exchange.notes)
    assert bomb == (max_body > MAX_DECODED_BYTES)


def test_every_case_has_one_kind() -> None:
    kinds = [case for cases in KINDS.values() for case in cases]
    assert sorted(kinds) == sorted(CASES)


def test_the_header_limit_is_the_one_httpcore_enforces() -> None:
    from httpcore._sync.http11 import HTTP11Connection

    assert HTTP11Connection.MAX_INCOMPLETE_EVENT_SIZE == MAX_HEADER_BYTES


def test_the_flow_deadline_cuts_a_trickle_of_many_requests() -> None:
    """Each request trickles just under the timeout: the flow as a whole still ends."""
    import time as clock

    from jwtfix.errors import JwtfixError
    from jwtfix.httpclient import HttpClient

    with (
        HostileServer("trickle_body") as server,
        HttpClient(timeout=TIMEOUT, clock=clock.time) as client,
    ):
        start = clock.perf_counter()
        failures = 0
        for _ in range(10):
            try:
                client.get(f"{server.url}/x")
            except JwtfixError:
                failures += 1
        spent = clock.perf_counter() - start
    assert failures == 10
    assert spent / TIMEOUT <= TIME_RATIO
    assert "spent its network time" in (client.exchanges[-1].error or "")
