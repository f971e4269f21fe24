"""`check --live URL` against real services: Express 5 + jsonwebtoken and FastAPI + PyJWT.

Each stack runs once per module (tests/services.py) with every fault mounted
under its own path, so a test picks a variant by URL. For every JWT7xx
finding a variant triggers it and the healthy service does not; every run is
counted on the server side (never more than 20 requests); the bearer never
reaches another origin; no secret and no whole token reach the output.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from servers import LocalServer, Reply, Request, closed_port, serve, silent
from services import (
    ACCESS_SECRET,
    PASSWORD,
    REFRESH_SECRET,
    USERNAME,
    Service,
    service_env,
    start_service,
)

from jwtfix import checks
from jwtfix.httpclient import HttpClient
from jwtfix.model import Status
from jwtfix.ops.live import LiveOptions, run

STACKS = [pytest.param("express", marks=pytest.mark.node), "fastapi"]
CREDENTIALS = json.dumps({"username": USERNAME, "password": PASSWORD})
LIVE_IDS = [f"JWT7{n:02d}" for n in range(1, 11)]
JWT_PATTERN = re.compile(r"eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*")


@pytest.fixture(scope="module")
def listener() -> Iterator[LocalServer]:
    """Another origin: records whatever reaches it (nothing ever should)."""

    def answer(request: Request) -> Reply:
        return Reply.json(200, '{"id": "user-1", "username": "alice"}')

    with serve(answer) as server:
        yield server


@pytest.fixture(scope="module", params=STACKS)
def service(request: pytest.FixtureRequest, listener: LocalServer) -> Iterator[Service]:
    stack: str = request.param
    if stack == "express":
        request.getfixturevalue("node_modules")
    with start_service(stack, env=service_env(redirect_to=listener.url)) as running:
        yield running


@pytest.fixture(scope="module")
def env_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("live") / ".env"
    path.write_text(
        f"JWT_SECRET={ACCESS_SECRET}\nJWT_REFRESH_SECRET={REFRESH_SECRET}\n"
        "JWT_EXPIRES_IN=15m\nJWT_REFRESH_EXPIRES_IN=7d\nJWT_ALGORITHM=HS256\n"
    )
    return path


class Run:
    """One `check --live` run: its result, its JSON (when asked for) and its findings."""

    def __init__(self, result: Any, requests: int) -> None:
        self.result = result
        self.requests = requests
        """How many requests the service saw during the run (counted by the service)."""
        self.doc: dict[str, Any] = (
            json.loads(result.stdout) if result.stdout.startswith("{") else {}
        )

    def findings(self, check_id: str) -> list[dict[str, Any]]:
        return [f for f in self.doc["findings"] if f["id"] == check_id]

    def statuses(self, check_id: str) -> set[str]:
        return {f["status"] for f in self.findings(check_id)}


@pytest.fixture
def live(cli: Callable[..., Any], service: Service, env_file: Path) -> Callable[..., Run]:
    """`live(fault, *extra)`: run check --live against that variant, with --env and --json."""

    def invoke(fault: str, *extra: str, json_output: bool = True, env: bool = True) -> Run:
        before = service.requests(fault)
        args = ["check", "--live", service.url(fault), "--credentials", CREDENTIALS]
        args += ["--timeout", "5s", *(["--env", str(env_file)] if env else []), *extra]
        result = cli(*args, *(["--json"] if json_output else []))
        ran = Run(result, service.requests(fault) - before)
        assert ran.requests <= 20, f"{fault}: {ran.requests} requests"
        if ran.doc:
            # The client's own record of what it sent agrees with the service's count.
            assert len(ran.doc.get("live", [])) == ran.requests
        return ran

    return invoke


def test_the_healthy_service_passes_every_live_check(live: Callable[..., Run]) -> None:
    ran = live("healthy")
    assert ran.result.exit_code == 0, ran.result.stdout
    for check_id in LIVE_IDS:
        assert ran.statuses(check_id) == {"pass"}, (check_id, ran.findings(check_id))
    assert len(ran.findings("JWT703")) == 5  # none, bad signature, alg none, refresh, expired
    # Items 2, 6, 7 and 10 are settled by the live flow: no longer a question for a person.
    manual = {f["id"] for f in ran.doc["findings"] if f["status"] == "manual"}
    assert manual == {"MANUAL-3", "MANUAL-5"}
    # The issued tokens went through the token checks too (lifetime, refresh lifetime, jti).
    assert ran.statuses("JWT207") == {"pass"}
    assert ran.statuses("JWT501") == {"pass"}
    assert ran.statuses("JWT504") == {"pass"}
    assert ran.requests == 15


def test_with_a_token_env_har_and_live_no_checklist_item_is_left_manual(
    live: Callable[..., Run],
) -> None:
    # The aim of the checklist: a token, a .env, a HAR file and a live service
    # settle all ten items (the token comes from the service's login here).
    har = Path(__file__).parent / "data" / "har" / "clean.har"
    ran = live("healthy", "--har", str(har))
    assert ran.result.exit_code == 0, ran.result.stdout
    assert [f["id"] for f in ran.doc["findings"] if f["status"] == "manual"] == []
    for check_id in ("JWT801", "JWT802", "JWT803", "JWT804", "JWT805", "JWT806"):
        assert ran.statuses(check_id) == {"pass"}, (check_id, ran.findings(check_id))


# Each fault, the check that finds it, its status and a pattern its message matches.
FAULTS = [
    ("no-refresh", "JWT706", "fail", "no refresh mechanism"),
    ("no-refresh", "JWT701", "warn", "no refresh token"),
    ("login-no-token", "JWT701", "fail", "without an access token"),
    ("wrong-secret", "JWT702", "fail", "answered 401 to the access token login just issued"),
    ("redirect-other-origin", "JWT702", "fail", "not followed: another origin"),
    ("decode-not-verify", "JWT703", "fail", "signature changed: accepted"),
    ("accept-none", "JWT703", "fail", "alg: none: accepted"),
    ("same-secret", "JWT703", "fail", "refresh token as a bearer: accepted"),
    ("ignore-expiration", "JWT703", "fail", "expired an hour ago: accepted"),
    ("status-500", "JWT704", "fail", "answered 500"),
    ("status-403", "JWT704", "fail", "answered 403"),
    ("no-challenge", "JWT704", "warn", "without WWW-Authenticate: Bearer"),
    ("identical-401", "JWT705", "warn", "same answer"),
    ("no-rotation", "JWT707", "fail", "no new refresh token, and the old one works again"),
    ("no-invalidation", "JWT707", "warn", "rotation without invalidation"),
    ("no-reuse-detection", "JWT708", "warn", "the new one still works"),
    ("logout-noop", "JWT709", "fail", "refresh token still works"),
    ("logout-keeps-access", "JWT709", "warn", "access token still works"),
    # about 20 minutes: under load the round trip moves the estimate by seconds
    ("clock-ahead-20m", "JWT710", "fail", r"runs (?:19m 5\ds|20m(?: \ds)?) ahead of this machine"),
]


@pytest.mark.parametrize(
    ("fault", "check_id", "status", "says"), FAULTS, ids=[f"{f[0]}-{f[1]}" for f in FAULTS]
)
def test_each_fault_is_found(
    live: Callable[..., Run], fault: str, check_id: str, status: str, says: str
) -> None:
    ran = live(fault)
    hits = [f for f in ran.findings(check_id) if f["status"] == status]
    assert hits, (fault, ran.findings(check_id))
    assert any(re.search(says, f["message"]) for f in hits), hits
    assert all(f["fix"] for f in hits)
    assert ran.result.exit_code == ran.doc["exit_code"]
    if status == "fail":
        assert ran.result.exit_code == 1


def test_wrong_credentials_fail_login_without_echoing_the_password(
    cli: Callable[..., Any], service: Service
) -> None:
    wrong = json.dumps({"username": USERNAME, "password": "not-the-password-42"})
    result = cli("check", "--live", service.url("healthy"), "--credentials", wrong, "--json")
    doc = json.loads(result.stdout)
    (login,) = [f for f in doc["findings"] if f["id"] == "JWT701"]
    assert login["status"] == "fail" and "answered 401" in login["message"]
    assert "--credentials" in login["fix"]
    assert result.exit_code == 1
    assert "not-the-password-42" not in result.stdout + result.stderr


def test_warnings_fail_under_strict(live: Callable[..., Run]) -> None:
    assert live("identical-401", "--strict").result.exit_code == 1


def test_a_refresh_token_in_an_httponly_secure_cookie_is_kept_as_a_browser_keeps_it(
    live: Callable[..., Run],
) -> None:
    # The service reads the refresh token only from its cookie: refresh, reuse and
    # logout all pass only when the Secure cookie went back to http://127.0.0.1.
    ran = live("refresh-cookie")
    assert ran.result.exit_code == 0, ran.result.stdout
    for check_id in LIVE_IDS:
        assert ran.statuses(check_id) == {"pass"}, (check_id, ran.findings(check_id))
    assert "the cookie refreshToken" in ran.findings("JWT701")[0]["message"]


def test_the_bearer_never_reaches_another_origin(
    live: Callable[..., Run], listener: LocalServer
) -> None:
    seen = len(listener.received)
    ran = live("redirect-other-origin")
    assert ran.statuses("JWT702") == {"fail"}
    assert listener.received[seen:] == []  # not one request, so no bearer and no cookie


def test_the_human_output_shows_the_flow_under_its_items_without_tokens_or_secrets(
    live: Callable[..., Run],
) -> None:
    ran = live("healthy", json_output=False)
    out, err = ran.result.stdout, ran.result.stderr
    assert ran.result.exit_code == 0, out
    assert "sessions" in err and "--no-reuse" in err  # said before the flow starts
    item2 = out[out.index("2. A refresh endpoint exists") : out.index("3. The frontend")]
    assert re.search(r"POST /healthy/auth/login\s+200\s+\d+ ms\s+login", item2)
    item7 = out[out.index("7. Tokens are invalidated") : out.index("8. The JWT secret")]
    assert re.search(r"POST /healthy/auth/logout\s+204\s+\d+ ms\s+logout\s+Bearer <sha256:", item7)
    assert "MANUAL-2" not in out and "MANUAL-10" not in out
    for secret in (ACCESS_SECRET, REFRESH_SECRET, PASSWORD):
        assert secret not in out + err
    assert not JWT_PATTERN.search(out + err)


def test_no_secret_from_env_in_the_json_output(live: Callable[..., Run]) -> None:
    ran = live("same-secret")
    for secret in (ACCESS_SECRET, REFRESH_SECRET, PASSWORD):
        assert secret not in ran.result.stdout + ran.result.stderr
    # The JSON timeline names each bearer by a fingerprint, never the token itself.
    assert not JWT_PATTERN.search(ran.result.stdout)
    sent = [entry["authorization"] for entry in ran.doc["live"] if entry["authorization"]]
    assert sent and all(re.fullmatch(r"Bearer <sha256:[0-9a-f]{8}>", value) for value in sent)


def test_no_reuse_and_no_logout_leave_those_steps_out(live: Callable[..., Run]) -> None:
    ran = live("healthy", "--no-reuse", "--no-logout")
    assert ran.statuses("JWT707") == ran.statuses("JWT708") == {"skip"}
    assert "--no-reuse" in ran.findings("JWT707")[0]["message"]
    assert "--no-logout" in ran.findings("JWT709")[0]["message"]
    assert "sessions" not in ran.result.stderr
    assert ran.requests == 9


@pytest.mark.parametrize(
    ("option", "check_id"),
    [("--refresh", "JWT706"), ("--logout", "JWT709"), ("--protected", "JWT702")],
)
def test_a_path_that_answers_404_is_a_skip_naming_its_option(
    live: Callable[..., Run], option: str, check_id: str
) -> None:
    ran = live("healthy", option, "/no/such/path")
    (finding,) = ran.findings(check_id)
    assert finding["status"] == "skip"
    assert option in finding["message"] and "404" in finding["message"]


def test_without_env_the_expired_token_is_skipped_naming_env(live: Callable[..., Run]) -> None:
    ran = live("healthy", env=False)
    expired = [f for f in ran.findings("JWT703") if "expired" in f["message"]]
    assert [f["status"] for f in expired] == ["skip"]
    assert "--env" in expired[0]["message"]
    assert ran.statuses("JWT705") == {"skip"}


def test_an_unreachable_service_is_exit_2_naming_the_url(cli: Callable[..., Any]) -> None:
    url = closed_port()
    result = cli("check", "--live", url, "--credentials", CREDENTIALS, "--timeout", "2s")
    assert result.exit_code == 2
    last = result.stderr.splitlines()[-1]
    assert last.startswith("error: ") and url in last and "refused" in last
    assert "Traceback" not in result.stdout + result.stderr


def test_a_service_that_never_answers_ends_in_the_timeout(cli: Callable[..., Any]) -> None:
    with silent() as url:
        started = time.monotonic()
        result = cli("check", "--live", url, "--credentials", CREDENTIALS, "--timeout", "0.3s")
        elapsed = time.monotonic() - started
    assert result.exit_code == 2
    assert url in result.stderr and "timeout" in result.stderr
    assert elapsed < 10  # one request's timeout, not a hang


@pytest.mark.parametrize("flag", ["--timeout", "--reuse-wait"])
def test_a_wait_too_long_for_a_socket_or_sleep_is_exit_2(
    flag: str, cli: Callable[..., Any]
) -> None:
    # 300 years overflows the C time type of a socket timeout and of sleep: it was exit 3.
    result = cli("check", "--live", closed_port(), "--credentials", CREDENTIALS, flag, "300y")
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[-1].startswith(f"error: {flag} '300y'")


def test_live_needs_credentials_or_a_token(cli: Callable[..., Any]) -> None:
    result = cli("check", "--live", "http://127.0.0.1:9")
    assert result.exit_code == 2
    assert "--credentials" in result.stderr


def test_credentials_that_are_not_json_are_exit_2_without_echoing_them(
    cli: Callable[..., Any],
) -> None:
    result = cli("check", "--live", "http://127.0.0.1:9", "--credentials", "{pass: hunter2")
    assert result.exit_code == 2
    assert "--credentials is not JSON" in result.stderr and "hunter2" not in result.stderr


def test_the_flow_stops_at_the_request_budget(service: Service, env_file: Path) -> None:
    """Core: a client with a budget of 6 ends the flow there, and the checks still judge it."""
    options = LiveOptions(url=service.url("healthy"), credentials=json.loads(CREDENTIALS))
    before = service.requests("healthy")
    with HttpClient(timeout=5, clock=time.time, max_requests=6) as client:
        transcript = run(client, options, now=time.time(), sleep=time.sleep)
    assert transcript.budget_spent
    assert len(transcript.calls) == 6 == service.requests("healthy") - before
    report = checks.run(checks.CheckContext(now=time.time(), live=transcript), select_ids=["JWT7"])
    by_id = {f.id: f.status for f in report.findings}
    assert by_id["JWT701"] is Status.PASS and by_id["JWT702"] is Status.PASS
    assert by_id["JWT706"] is Status.SKIP


def test_reuse_wait_sleeps_before_the_old_refresh_token_is_resent(service: Service) -> None:
    """Core: --reuse-wait goes to the injected sleep, between the refresh and the reuse."""
    options = LiveOptions(
        url=service.url("healthy"), credentials=json.loads(CREDENTIALS), reuse_wait=30
    )
    slept: list[tuple[float, int]] = []
    with HttpClient(timeout=5, clock=time.time) as client:

        def sleep(seconds: float) -> None:
            slept.append((seconds, len(client.exchanges)))

        transcript = run(client, options, now=time.time(), sleep=sleep)
    steps = [call.step for call in transcript.calls]
    assert slept == [(30, steps.index("reuse-old"))]


def test_the_flow_starts_from_a_given_token_without_credentials(
    service: Service, cli: Callable[..., Any]
) -> None:
    """Without --credentials, TOKEN and --refresh-token are used (no login, no logout login)."""
    with HttpClient(timeout=5, clock=time.time) as client:
        login = client.post(
            service.url("healthy") + "/auth/login", json=json.loads(CREDENTIALS)
        ).json()
    result = cli(
        "check",
        login["accessToken"],
        "--refresh-token",
        login["refreshToken"],
        "--live",
        service.url("healthy"),
        "--no-reuse",
        "--json",
    )
    doc = json.loads(result.stdout)
    by_id = {f["id"]: f["status"] for f in doc["findings"]}
    assert by_id["JWT701"] == "skip" and by_id["JWT702"] == "pass"
    assert by_id["JWT706"] == "pass" and by_id["JWT709"] == "pass"
    assert "login" not in {entry["step"] for entry in doc["live"]}
