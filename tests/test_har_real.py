"""`har` on the shapes real HAR files have: Supabase's project API key, API clients' exports,
recordings without any token, logouts that delete cookies, one server's clock off, and the
timeline table at 80 columns.

The files are tests/data/har/*.har written by make_real.py (own tokens, fixed times).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from conftest import DATA, har_findings, load_har, make_token

from jwtfix import har
from jwtfix.model import Finding, Status
from jwtfix.ops.har import HarSession, session

HARS = DATA / "har"
Cli = Callable[..., Any]


def path(name: str) -> str:
    return str(HARS / f"{name}.har")


def load(name: str) -> HarSession:
    recorded: HarSession = load_har(name)
    return recorded


def by_id(recorded: HarSession) -> dict[str, list[Finding]]:
    return har_findings(recorded)


def har_json(cli: Cli, name: str) -> tuple[dict[str, Any], int]:
    result = cli("har", "--json", path(name))
    return json.loads(result.stdout), result.exit_code


# --- 1. a project's API key is not the session's token ------------------------------


def test_a_sanitized_supabase_export_is_not_all_pass(cli: Cli) -> None:
    # Only the `apikey` header (the project's anon key, ten years of life) is left.
    document, code = har_json(cli, "supabase_sanitized")
    assert code == 0
    assert document["entries"] == []
    assert [(t["label"], t["kind"]) for t in document["tokens"]] == [("K1", "apikey")]
    (jwt801,) = [f for f in document["findings"] if f["id"] == "JWT801"]
    assert jwt801["status"] == "skip"
    assert "exported sanitized?" in jwt801["message"] and "API key K1" in jwt801["message"]
    human = cli("har", path("supabase_sanitized"))
    first = human.stdout.splitlines()[0]
    assert first.startswith("- The recording holds no session token, only the project's API")
    assert "Nothing wrong found" not in human.stdout
    assert "9y" not in human.stdout and "A1" not in human.stdout


def test_an_anon_key_is_an_api_key_in_any_header() -> None:
    # supabase-js sends the anon key as the bearer before login, and as `apikey` always.
    recorded = load("supabase_session")
    assert [(e.entry, e.token, e.api_key) for e in recorded.entries if e.token] == [
        (2, "A1", "K1"),
        (3, "A1", "K1"),
    ]
    assert [t.label for t in recorded.session_tokens] == ["A1"]
    (jwt801,) = by_id(recorded)["JWT801"]
    assert jwt801.status is Status.PASS and jwt801.message.startswith("2 requests carried")


@pytest.mark.parametrize(
    "role", [{"id": "admin-role-id", "name": "ADMIN"}, ["anon"], None, 7, "authenticated"]
)
def test_a_role_claim_of_any_shape_is_read_without_error(role: Any) -> None:
    user = make_token({"role": role, "iat": 1, "exp": 2})
    raw: dict[str, Any] = {
        "startedDateTime": "2026-01-25T10:15:00.000Z",
        "time": 10,
        "request": {
            "method": "POST",
            "url": "https://app.example.com/api/auth/login",
            "headers": [],
        },
        "response": {
            "status": 200,
            "headers": [],
            "content": {"mimeType": "application/json", "text": json.dumps({"token": user})},
        },
    }
    recorded = session([har.exchange(raw, 0)])
    assert [(t.label, t.kind) for t in recorded.tokens] == [("A1", "access")]


def test_an_authorization_header_with_a_user_token_stays_the_bearer() -> None:
    raw = json.loads((HARS / "supabase_session.har").read_text("utf-8"))["log"]["entries"][2]
    ex = har.exchange(raw, 2)
    assert [(t.carrier, t.role) for t in ex.sent_tokens] == [
        ("authorization", "access"),
        ("header", "apikey"),
    ]
    assert ex.bearer is not None and ex.bearer != ex.request_header("apikey")


# --- 2. an API client's export is not a recording -----------------------------------


def test_an_insomnia_export_does_not_judge_the_browser_clock(cli: Cli) -> None:
    document, code = har_json(cli, "insomnia")
    assert code == 0
    found = {f["id"]: f for f in document["findings"]}
    assert found["JWT805"]["status"] == "pass"
    assert "browser's clock" not in json.dumps(document["findings"])
    assert "Insomnia REST Client" in found["JWT805"]["message"]
    assert found["JWT801"]["status"] == "skip"
    assert "cannot be told" in found["JWT801"]["message"]
    assert all(e["remaining_seconds"] is None for e in document["entries"])
    assert document["creator"] == "Insomnia REST Client"
    assert document["not_recorded"].startswith("the HAR is an export of Insomnia")
    human = cli("har", path("insomnia")).stdout
    assert "the export's" in human


def test_an_issued_token_is_still_judged_against_its_own_answer(tmp_path: Any) -> None:
    doc = json.loads((HARS / "insomnia.har").read_text("utf-8"))
    login = doc["log"]["entries"][0]
    for header in login["response"]["headers"]:
        if header["name"] == "Date":  # the login's answer says it came an hour before iat
            header["value"] = "Sun, 25 Jan 2026 09:15:00 GMT"
    file = tmp_path / "late.har"
    file.write_text(json.dumps(doc), "utf-8")
    recorded = session(har.read(str(file)), str(file))
    (jwt805,) = by_id(recorded)["JWT805"]
    assert jwt805.status is Status.FAIL and "A1's iat is 59m 58s after" in jwt805.message


@pytest.mark.parametrize(
    ("creator", "count", "recorded"),
    [
        ("Postman", 1, False),
        ("Paw", 2, False),
        ("some exporter", 2, False),  # every entry at one instant
        ("WebInspector", 2, True),  # a preflight and its request may start together
        ("WebInspector", 3, False),
        ("WebInspector", 1, True),
    ],
)
def test_when_start_times_are_a_recording(
    tmp_path: Any, creator: str, count: int, recorded: bool
) -> None:
    doc = json.loads((HARS / "insomnia.har").read_text("utf-8"))
    doc["log"]["creator"]["name"] = creator
    doc["log"]["entries"] = doc["log"]["entries"][1 : 1 + count]
    file = tmp_path / "x.har"
    file.write_text(json.dumps(doc), "utf-8")
    found = session(har.read(str(file)), str(file))
    assert found.creator == creator
    assert (found.not_recorded is None) is recorded


# --- 3. a recording without any token -----------------------------------------------


def test_a_har_without_tokens_says_so_first(cli: Cli) -> None:
    result = cli("har", path("no_tokens"))
    assert result.exit_code == 0  # SPEC 1: nothing wrong was found
    lines = result.stdout.splitlines()
    assert lines[0].startswith("- The recording holds no token, so nothing about tokens")
    assert "Export HAR (with sensitive data)" in result.stdout
    assert "Nothing wrong found" not in result.stdout
    assert not any(line.lstrip().startswith("#") for line in lines)  # no empty table
    document, _ = har_json(cli, "no_tokens")
    assert document["verdict"].startswith("The recording holds no token")


def test_tokens_issued_but_none_sent_say_so(cli: Cli, tmp_path: Any) -> None:
    doc = json.loads((HARS / "supabase_session.har").read_text("utf-8"))
    for raw in doc["log"]["entries"]:  # exported sanitized: Authorization dropped
        raw["request"]["headers"] = [
            h for h in raw["request"]["headers"] if h["name"].lower() != "authorization"
        ]
    file = tmp_path / "sanitized.har"
    file.write_text(json.dumps(doc), "utf-8")
    first = cli("har", str(file)).stdout.splitlines()[0]
    assert first.startswith("✔ Nothing wrong found")
    assert "no request carries a bearer token" in cli("har", "--json", str(file)).stdout


# --- 4. a logout's deleted cookies are not tokens set ------------------------------


def test_a_deleting_set_cookie_is_not_an_auth_cookie() -> None:
    recorded = load("logout_cookies")
    assert [(c.entry, c.name) for c in recorded.cookies] == [(1, "app-access-token")]
    findings = by_id(recorded)["JWT806"]
    assert [(f.status, f.location.entry if f.location else None) for f in findings] == [
        (Status.WARN, 1)
    ]
    assert "'app-access-token' (entry 1) is set without Secure" in findings[0].message


# --- 6. one host's clock off --------------------------------------------------------


def test_the_host_whose_date_disagrees_is_named() -> None:
    (jwt805,) = by_id(load("two_hosts"))["JWT805"]
    assert jwt805.status is Status.WARN
    assert jwt805.message.startswith("the clock of 192.168.0.101:8888 is 5m 56s ahead of")
    assert "localhost:8080's Date agrees" in jwt805.message
    assert "browser's clock is" not in jwt805.message


# --- 5. the timeline table at 80 columns -------------------------------------------


@pytest.mark.parametrize("width", [80, 120])
def test_the_table_cuts_only_paths(cli: Cli, width: int) -> None:
    result = cli("har", path("long_paths"), env={"COLUMNS": str(width)})
    lines = result.stdout.splitlines()
    (header,) = [line for line in lines if line.lstrip().startswith("#")]
    assert header.split() == ["#", "time", "request", "status", "token", "remaining", "note"]
    rows = lines[lines.index(header) + 2 : lines.index(header) + 7]
    assert all(len(line) <= width for line in [header, *rows])
    assert rows[3].split()[-2:] == ["issued", "A2"]  # the note whole, on its row
    assert [row.split()[2] for row in rows] == ["GET", "GET", "GET", "POST", "POST"]
    assert all(row.split()[3].startswith("/api") for row in rows)  # the space kept
    assert rows[4].split()[-2:] == ["14m", "59s"]
    if width == 120:
        assert "POST /api/auth/logout/" in rows[4] and "…" not in result.stdout


def test_a_long_note_wraps_between_words(cli: Cli, tmp_path: Any) -> None:
    doc = json.loads((HARS / "logout_cookies.har").read_text("utf-8"))
    refresh = doc["log"]["entries"][1]
    refresh["request"]["url"] = (
        "https://app.example.com/api/v1/accounts/authentication/token/refresh/"
    )
    refresh["response"]["content"]["text"] = json.dumps({"refresh": _refresh_token()})
    file = tmp_path / "long.har"
    file.write_text(json.dumps(doc), "utf-8")
    lines = cli("har", str(file), env={"COLUMNS": "80"}).stdout.splitlines()
    (header,) = [line for line in lines if line.lstrip().startswith("#")]
    assert header.split()[-1] == "note"
    table = lines[lines.index(header) + 2 : lines.index(header) + 6]
    assert all(len(line) <= 80 for line in table)
    notes = " ".join(line[header.index("note") :].strip() for line in table).split()
    assert notes[:4] == ["refresh;", "issued", "R1,", "A1"]


def _refresh_token() -> str:
    return make_token({"sub": "user-42", "typ": "refresh", "iat": 1, "exp": 2})


# --- 7. HARs written by hand: entries without startedDateTime ---------------------


def _hand_written(tmp_path: Any, *, timed_first: bool) -> str:
    """A login then an API call with an expired token, as HAR samples written by hand (or
    converted from another format) have them: no startedDateTime on some or all entries."""
    expired = make_token({"sub": "u1", "iat": 1_700_000_000, "exp": 1_700_000_900})
    login = {
        "request": {"method": "POST", "url": "https://api.example.com/auth/login", "headers": []},
        "response": {
            "status": 200,
            "headers": [{"name": "Content-Type", "value": "application/json"}],
            "content": {"mimeType": "application/json", "text": json.dumps({"access": expired})},
        },
    }
    call = {
        "request": {
            "method": "GET",
            "url": "https://api.example.com/api/me",
            "headers": [{"name": "Authorization", "value": f"Bearer {expired}"}],
        },
        "response": {"status": 401, "headers": []},
    }
    if timed_first:
        login["startedDateTime"] = "2026-01-25T10:15:00.000Z"
    file = tmp_path / "hand.har"
    file.write_text(json.dumps({"log": {"version": "1.2", "entries": [login, call]}}), "utf-8")
    return str(file)


def test_a_har_without_start_times_is_read_not_refused(cli: Cli, tmp_path: Any) -> None:
    file = _hand_written(tmp_path, timed_first=False)
    recorded = session(har.read(file), file)
    assert recorded.untimed == 2 and not recorded.timed
    assert recorded.not_recorded is not None
    assert recorded.not_recorded.startswith("none of the HAR's entries has a startedDateTime")
    # the token's lifetime when sent cannot be told, so no "expired token sent" verdict
    assert all(e.remaining is None for e in recorded.entries)
    assert all(f.status is Status.SKIP for f in by_id(recorded)["JWT801"])
    doc = json.loads(cli("har", "--json", file).stdout)
    assert [e["time"] for e in doc["entries"]] == [None, None]
    human = cli("har", file)
    assert human.exit_code in (0, 1), human.output
    assert "no times: its entries have no startedDateTime" in " ".join(human.stdout.split())
    assert "1970" not in human.stdout


def test_some_entries_without_start_times_make_the_times_unreliable(tmp_path: Any) -> None:
    file = _hand_written(tmp_path, timed_first=True)
    recorded = session(har.read(file), file)
    assert recorded.untimed == 1 and recorded.timed
    assert recorded.not_recorded is not None
    assert recorded.not_recorded.startswith("1 of the HAR's 2 entries have no startedDateTime")
    # the untimed call is placed at the previous entry's start, in its order
    assert [e.started for e in recorded.entries] == [recorded.entries[0].started] * 2


def test_the_table_says_how_many_entries_have_no_start_time(cli: Cli, tmp_path: Any) -> None:
    heading = " ".join(cli("har", _hand_written(tmp_path, timed_first=True)).stdout.split())
    assert "(times UTC, from 2026-01-25; 1 entry without startedDateTime)" in heading
    assert "the export's" not in heading


def test_an_unreadable_start_time_still_names_the_entry(tmp_path: Any) -> None:
    file = tmp_path / "bad.har"
    entry = {"startedDateTime": 1769336100, "request": {"method": "GET", "url": "https://a/"}}
    file.write_text(json.dumps({"log": {"entries": [entry]}}), "utf-8")
    with pytest.raises(har.HarError, match=r"entries\[0\]\.startedDateTime is not a string"):
        list(har.read(str(file)))


# --- 8. Secure on a development server's cookies ----------------------------------


@pytest.mark.parametrize(
    ("origin", "flags", "missing"),
    [
        ("http://localhost:3000", "HttpOnly; SameSite=Lax", None),
        ("http://127.0.0.1:8000", "HttpOnly", "SameSite"),
        ("https://app.example.com", "HttpOnly; SameSite=Lax", "Secure"),
        ("http://192.168.1.20:8000", "HttpOnly; SameSite=Lax", "Secure"),
    ],
)
def test_secure_is_not_asked_of_a_plain_http_server_on_this_machine(
    tmp_path: Any, origin: str, flags: str, missing: str | None
) -> None:
    token = make_token({"sub": "u1", "iat": 1_769_336_100, "exp": 1_769_337_000})
    entry = {
        "startedDateTime": "2026-01-25T10:15:00.000Z",
        "time": 12,
        "request": {"method": "POST", "url": f"{origin}/auth/login", "headers": []},
        "response": {
            "status": 200,
            "headers": [{"name": "Set-Cookie", "value": f"access_token={token}; Path=/; {flags}"}],
        },
    }
    file = tmp_path / "dev.har"
    file.write_text(json.dumps({"log": {"entries": [entry]}}), "utf-8")
    (jwt806,) = by_id(session(har.read(str(file)), str(file)))["JWT806"]
    if missing is None:
        assert jwt806.status is Status.PASS, jwt806.message
        assert "Secure not judged" in jwt806.message
    else:
        assert jwt806.status is Status.WARN
        assert jwt806.message.endswith(f"is set without {missing}"), jwt806.message


def test_a_recorded_url_that_is_not_one_names_the_entry(cli: Cli, tmp_path: Any) -> None:
    entry = {
        "startedDateTime": "2026-01-25T10:15:00.000Z",
        "request": {"method": "POST", "url": "http://[::1/auth/login", "headers": []},
        "response": {
            "status": 200,
            "headers": [{"name": "Set-Cookie", "value": "session=abc; Path=/"}],
        },
    }
    file = tmp_path / "bad-url.har"
    file.write_text(json.dumps({"log": {"entries": [entry]}}), "utf-8")
    for fmt in ("human", "json"):
        result = cli("har", "--format", fmt, str(file))
        assert result.exit_code == 2, result.output
        assert "log.entries[0].request.url 'http://[::1/auth/login' is not a URL" in result.output
        assert "Traceback" not in result.output
