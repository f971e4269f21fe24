"""`har` and `check --har`: the HAR reader, the timeline, JWT801-JWT806, the command.

The sessions are the files of tests/data/har (written by make_hars.py with
fixed times), plus HAR text built here for the edge cases.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jwtfix import checks, har
from jwtfix.checks import CheckContext
from jwtfix.errors import InputError
from jwtfix.model import Finding, Status
from jwtfix.ops.har import HarSession, session
from jwtfix.render.human import har as human
from jwtfix.render.json import dumps, har_document

HARS = DATA / "har"
ROOT = DATA.parent.parent
FAULTS = {
    "JWT801": Status.FAIL,
    "JWT802": Status.FAIL,
    "JWT803": Status.FAIL,
    "JWT804": Status.FAIL,
    "JWT805": Status.FAIL,
    "JWT806": Status.FAIL,
}
SHAPES = ("clean", "chrome", "firefox", "playwright")


def load(name: str) -> HarSession:
    path = HARS / f"{name}.har"
    return session(har.read(str(path)), str(path))


def findings(recorded: HarSession, skew: float = 0.0) -> list[Finding]:
    ctx = CheckContext(now=recorded.last_started or 0, har=recorded, skew=skew)
    return list(checks.run(ctx, select_ids=["JWT8"]).findings)


def secrets_of(name: str) -> list[str]:
    """Every token and cookie value in a HAR file: none may appear in any output."""
    text = (HARS / f"{name}.har").read_text("utf-8")
    jwts = set(re.findall(r"eyJ[\w-]+\.[\w-]+\.[\w-]+", text))
    return sorted(jwts)


# --- the reader ---------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
def test_every_browser_shape_gives_the_same_timeline(shape: str) -> None:
    reference, recorded = load("clean"), load(shape)
    assert recorded.exchanges == 6
    assert [
        (e.entry, e.started, e.method, e.path, e.status, e.token) for e in recorded.entries
    ] == [(e.entry, e.started, e.method, e.path, e.status, e.token) for e in reference.entries]
    assert [(t.label, t.kind, t.fingerprint) for t in recorded.tokens] == [
        ("A1", "access", reference.tokens[0].fingerprint),
        ("R1", "refresh", reference.tokens[1].fingerprint),
        ("A2", "access", reference.tokens[2].fingerprint),
        ("R2", "refresh", reference.tokens[3].fingerprint),
    ]
    assert all(f.status is Status.PASS for f in findings(recorded)), findings(recorded)


def test_firefox_offsets_are_the_same_instant_as_utc() -> None:
    first = next(har.read(str(HARS / "firefox.har")))
    assert json.loads((HARS / "firefox.har").read_text())["log"]["entries"][0][
        "startedDateTime"
    ].endswith("+01:00")
    assert first.sent_at == 1_769_336_100


def test_exchanges_carry_what_the_checks_read() -> None:
    login, me, static, *_ = har.read(str(HARS / "chrome.har"))
    assert login.method == "POST" and login.path == "/auth/login" and login.status == 200
    assert [t.field for t in login.received_tokens] == ["accessToken"]
    (cookie,) = login.cookies_set
    assert (cookie.name, cookie.http_only, cookie.secure, cookie.same_site) == (
        "refresh_token",
        True,
        True,
        "Strict",
    )
    assert me.bearer is not None and me.bearer.startswith("eyJ")
    assert me.header("DATE") is not None  # header names are case-insensitive
    assert not static.body_recorded and static.body == b""  # Chrome kept no script body


def test_cookie_flags_come_from_the_array_when_no_set_cookie_header() -> None:
    raw = _entry(
        response={
            "status": 200,
            "headers": [],
            "cookies": [
                {
                    "name": "refresh_token",
                    "value": "opaque-value",
                    "httpOnly": False,
                    "secure": True,
                    "sameSite": "Lax",
                }
            ],
        }
    )
    (cookie,) = har.exchange(raw, 0).cookies_set
    assert (cookie.http_only, cookie.secure, cookie.same_site) == (False, True, "Lax")


def test_chrome_joins_set_cookie_lines_with_newlines() -> None:
    raw = _entry(
        response={
            "status": 200,
            "headers": [{"name": "Set-Cookie", "value": "a=1; HttpOnly\nrefresh_token=x; Secure"}],
        }
    )
    assert [c.name for c in har.exchange(raw, 0).cookies_set] == ["a", "refresh_token"]


def test_base64_bodies_are_decoded_for_tokens(token_factory: Callable[..., str]) -> None:
    import base64

    body = json.dumps({"access_token": token_factory({"exp": 1})})
    raw = _entry(
        response={
            "status": 200,
            "content": {
                "mimeType": "application/json",
                "encoding": "base64",
                "text": base64.b64encode(body.encode()).decode(),
            },
        }
    )
    assert [t.field for t in har.exchange(raw, 0).received_tokens] == ["access_token"]


def test_form_encoded_refresh_request_is_a_refresh_call() -> None:
    raw = _entry(
        url="https://id.example.com/oauth/token",
        method="POST",
        request_extra={
            "postData": {
                "mimeType": "application/x-www-form-urlencoded",
                "text": "grant_type=refresh_token&refresh_token=opaque123",
            }
        },
    )
    recorded = session([har.exchange(raw, 0)])
    (entry,) = recorded.entries
    assert entry.refresh and entry.refresh_token == "R1"


def test_a_password_grant_is_not_a_refresh() -> None:
    raw = _entry(
        url="https://id.example.com/oauth/token",
        method="POST",
        request_extra={
            "postData": {
                "mimeType": "application/x-www-form-urlencoded",
                "text": "grant_type=password&username=a",
            }
        },
    )
    assert not any(e.refresh for e in session([har.exchange(raw, 0)]).entries)


def test_a_large_entry_across_many_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(har, "CHUNK", 64)  # every entry straddles several reads
    path = tmp_path / "big.har"
    entries = [_entry(response={"status": 200, "content": {"text": "x" * 5000}})] * 3
    path.write_text(json.dumps({"log": {"version": "1.2", "entries": entries}}, indent=1))
    assert [e.index for e in har.read(str(path))] == [0, 1, 2]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("", "the file is empty"),
        ("[]", "expected a JSON object"),
        ('{"log": {"version": "1.2"}}', "no log.entries"),
        ('{"log": {"entries": [\n  {"a": ]}}', "line 2, column 9"),
        ('{"log": {"entries": [{"request": {}}]}}', "log.entries[0].request needs a method"),
        ('{"log": {"entries": [1]}}', "log.entries[0] is not a JSON object"),
        ('{"log": {"entries": [] }} x', "extra text"),
        ('{"log": {"entries": [', "expecting value"),
    ],
)
def test_a_broken_har_names_the_file_and_where(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "broken.har"
    path.write_text(text)
    with pytest.raises(InputError) as err:
        list(har.read(str(path)))
    assert str(path) in err.value.message and where in err.value.message


def test_a_bad_start_time_names_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "t.har"
    raw = _entry()
    raw["startedDateTime"] = "yesterday"
    path.write_text(json.dumps({"log": {"entries": [_entry(), raw]}}))
    with pytest.raises(InputError, match=r"entries\[1\]\.startedDateTime"):
        list(har.read(str(path)))


# --- the checks -----------------------------------------------------------------


@pytest.mark.parametrize(("check_id", "status"), FAULTS.items())
def test_each_fault_file_triggers_its_check(check_id: str, status: Status) -> None:
    recorded = load(check_id.lower())
    found = [f for f in findings(recorded) if f.id == check_id]
    assert any(f.status is status for f in found), found
    for finding in found:
        if finding.status in (Status.FAIL, Status.WARN):
            assert finding.fix
            assert finding.location is not None and finding.location.entry is not None


@pytest.mark.parametrize("check_id", FAULTS)
def test_the_clean_session_passes_each_check(check_id: str) -> None:
    found = [f for f in findings(load("clean")) if f.id == check_id]
    assert found and all(f.status is Status.PASS for f in found), found


def test_jwt801_says_the_server_accepted_an_expired_token() -> None:
    (finding,) = [f for f in findings(load("jwt801")) if f.id == "JWT801"]
    assert "A1" in finding.message and "2m" in finding.message
    assert "does not check exp" in finding.message
    assert finding.location is not None and finding.location.entry == 4


def test_jwt801_skew_tolerates_a_token_just_expired() -> None:
    (finding,) = [f for f in findings(load("jwt801"), skew=300) if f.id == "JWT801"]
    assert finding.status is Status.PASS


def test_a_401_answered_by_a_refresh_only_warns_on_the_expired_request() -> None:
    entries = [json.loads((HARS / "jwt802.har").read_text())["log"]["entries"][i] for i in (0, 4)]
    refresh = json.loads((HARS / "clean.har").read_text())["log"]["entries"][4]
    refresh["startedDateTime"] = "2026-01-25T10:30:10.000Z"
    exchanges = [har.exchange(raw, i) for i, raw in enumerate([*entries, refresh])]
    by_id = {f.id: f for f in findings(session(exchanges))}
    assert by_id["JWT802"].status is Status.PASS
    assert by_id["JWT801"].status is Status.WARN


def test_jwt803_lists_the_racing_entries() -> None:
    (finding,) = [f for f in findings(load("jwt803")) if f.id == "JWT803"]
    assert "entries 4, 5" in finding.message


def test_jwt804_says_no_new_refresh_token_was_issued() -> None:
    (finding,) = [f for f in findings(load("jwt804")) if f.id == "JWT804"]
    assert "R1" in finding.message and "no refresh response handed out" in finding.message


def test_jwt805_skew_covers_a_small_difference() -> None:
    assert any(f.status is Status.FAIL for f in findings(load("jwt805")) if f.id == "JWT805")
    found = [f for f in findings(load("jwt805"), skew=600) if f.id == "JWT805"]
    assert all(f.status is Status.PASS for f in found)


def test_jwt806_names_the_body_field_and_the_cookie_never_their_values() -> None:
    found = [f for f in findings(load("jwt806")) if f.id == "JWT806"]
    text = " ".join(f.message for f in found)
    assert "refreshToken" in text and "'access_token'" in text and "HttpOnly" in text
    assert "Secure and SameSite" in text
    for secret in secrets_of("jwt806"):
        assert secret not in text


# --- the command ------------------------------------------------------------------


def test_har_json_lists_the_timeline_and_the_findings(cli: Callable[..., Any]) -> None:
    result = cli("har", "--json", str(HARS / "jwt801.har"))
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert [e["entry"] for e in document["entries"]] == [0, 1, 3, 4]
    last = document["entries"][-1]
    assert (last["token"], last["remaining_seconds"], last["status"]) == ("A1", -120.0, 200)
    (finding,) = [f for f in document["findings"] if f["id"] == "JWT801"]
    assert finding["status"] == "fail" and finding["checklist_item"] == 3
    assert finding["location"] == {"file": str(HARS / "jwt801.har"), "line": None, "entry": 4}
    assert document["exit_code"] == 1 and document["summary"]["fail"] == 1


def test_har_human_shows_a_table_and_the_checklist(cli: Callable[..., Any]) -> None:
    result = cli("har", str(HARS / "clean.har"))
    assert result.exit_code == 0, result.output
    assert "POST /auth/refresh" in result.stdout and "refresh with R1" in result.stdout
    assert "issued A2, R2" in result.stdout and "14m 55s" in result.stdout
    assert "\x1b[" not in result.stdout
    assert "6 passed" in result.stdout


def test_har_sarif_and_github_point_at_the_file_and_entry(cli: Callable[..., Any]) -> None:
    path = str(HARS / "jwt802.har")
    sarif = json.loads(cli("har", "--format", "sarif", path).stdout)
    results = sarif["runs"][0]["results"]
    assert any(r["ruleId"] == "JWT802" for r in results)
    location = next(r for r in results if r["ruleId"] == "JWT802")["locations"][0]
    assert location["logicalLocations"] == [{"name": "entries[4]", "kind": "element"}]
    assert location["physicalLocation"]["artifactLocation"]["uri"].endswith("jwt802.har")
    github = cli("har", "--format", "github", path)
    assert github.exit_code == 1
    assert re.search(r"^::error file=.*jwt802\.har,title=JWT802::", github.stdout, re.M)


def test_strict_fails_on_warnings(cli: Callable[..., Any], tmp_path: Path) -> None:
    text = (HARS / "clean.har").read_text("utf-8").replace("; SameSite=Strict", "")
    path = tmp_path / "no-samesite.har"
    path.write_text(text, "utf-8")
    plain = json.loads(cli("har", "--json", str(path)).stdout)
    assert [f["status"] for f in plain["findings"] if f["id"] == "JWT806"] == ["warn"]
    assert plain["exit_code"] == 0
    assert cli("har", "--strict", str(path)).exit_code == 1


@pytest.mark.parametrize("name", [*SHAPES, *(i.lower() for i in FAULTS)])
@pytest.mark.parametrize("fmt", ["human", "json", "sarif", "github"])
def test_no_token_and_no_cookie_value_in_any_output(
    cli: Callable[..., Any], name: str, fmt: str
) -> None:
    result = cli("har", "--format", fmt, str(HARS / f"{name}.har"))
    assert result.exit_code in (0, 1)
    for secret in secrets_of(name):
        assert secret not in result.output
        assert secret.split(".")[1] not in result.output  # not even the payload


def test_opaque_cookie_values_are_never_printed(cli: Callable[..., Any], tmp_path: Path) -> None:
    secret = "opaque-refresh-9f8e7d6c5b4a"
    login = _entry(
        url="https://app.example.com/auth/login",
        method="POST",
        response={
            "status": 200,
            "headers": [
                {"name": "Set-Cookie", "value": f"refresh_token={secret}; Path=/auth"},
                {"name": "Set-Cookie", "value": f"sid={secret}x; HttpOnly"},
            ],
        },
    )
    spend = _entry(
        url="https://app.example.com/auth/refresh",
        method="POST",
        request_extra={"cookies": [{"name": "refresh_token", "value": secret}]},
    )
    path = tmp_path / "opaque.har"
    path.write_text(json.dumps({"log": {"entries": [login, spend, spend]}}))
    outputs = [
        cli("har", "--format", fmt, str(path)) for fmt in ("human", "json", "sarif", "github")
    ]
    document = json.loads(outputs[1].stdout)
    assert {f["id"] for f in document["findings"] if f["status"] != "pass"} >= {"JWT804", "JWT806"}
    for result in outputs:
        assert secret not in result.output


def test_a_broken_har_is_one_error_line_exit_2(cli: Callable[..., Any], tmp_path: Path) -> None:
    path = tmp_path / "broken.har"
    path.write_text('{"log": {"entries": [\n  {"a": ]}}')
    result = cli("har", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ") and str(path) in line and "line 2, column 9" in line
    result = cli("har", "--json", str(path))
    assert json.loads(result.stdout)["error"]["type"] == "invalid_har"
    missing = cli("har", str(tmp_path / "missing.har"))
    assert missing.exit_code == 2 and "missing.har" in missing.stderr


def test_check_har_settles_items_3_5_and_6(cli: Callable[..., Any]) -> None:
    without = json.loads(
        cli(
            "check",
            "--json",
            "--select",
            "MANUAL,JWT8",
            "--env",
            str(ROOT / "examples" / "good.env"),
        ).stdout
    )
    manual = {f["id"] for f in without["findings"] if f["status"] == "manual"}
    assert {"MANUAL-3", "MANUAL-5", "MANUAL-6"} <= manual
    assert all(f["status"] == "skip" for f in without["findings"] if f["id"].startswith("JWT8"))
    result = cli(
        "check",
        "--json",
        "--select",
        "MANUAL,JWT8",
        "--env",
        str(ROOT / "examples" / "good.env"),
        "--har",
        str(HARS / "jwt804.har"),
    )
    document = json.loads(result.stdout)
    ids = {f["id"]: f for f in document["findings"]}
    assert not {"MANUAL-3", "MANUAL-5", "MANUAL-6"} & set(ids)
    assert ids["JWT804"]["status"] == "fail" and ids["JWT804"]["checklist_item"] == 6
    assert ids["JWT805"]["checklist_item"] == 4
    assert result.exit_code == 1
    assert any("HAR (" in i for i in document["inputs"])


def test_check_har_human_groups_the_findings_under_their_items(cli: Callable[..., Any]) -> None:
    result = cli("check", "--har", str(HARS / "jwt802.har"), "--select", "JWT8,MANUAL")
    assert result.exit_code == 1
    assert re.search(r"3\. The frontend handles 401 and refreshes\s+fail", result.stdout)
    assert "MANUAL-3" not in result.stdout


# --- garbage never crashes --------------------------------------------------------

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_entries = st.lists(
    st.fixed_dictionaries(
        {},
        optional={
            "startedDateTime": st.sampled_from(["2026-01-25T10:15:00Z", "2026-01-25", "x"]),
            "time": _json_values,
            "request": st.fixed_dictionaries(
                {},
                optional={
                    "method": st.sampled_from(["GET", "POST", 1]),
                    "url": st.sampled_from(["https://a/auth/refresh", "/x", "::"]),
                    "headers": _json_values,
                    "cookies": _json_values,
                    "postData": _json_values,
                },
            ),
            "response": _json_values,
        },
    )
    | _json_values,
    max_size=4,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    document=st.one_of(
        st.fixed_dictionaries({"log": st.fixed_dictionaries({"entries": _entries})}).map(
            json.dumps
        ),
        st.text(max_size=60),
        st.binary(max_size=60).map(lambda b: b.decode("latin-1")),
    )
)
def test_garbage_har_never_gives_a_traceback(document: str, tmp_path_factory: Any) -> None:
    path = tmp_path_factory.mktemp("har") / "g.har"
    path.write_text(document, "utf-8")
    try:
        recorded = session(har.read(str(path)), str(path))
    except InputError as err:
        assert str(path) in err.message or "HAR" in err.message
        return
    report = checks.run(CheckContext(now=0, har=recorded), select_ids=["JWT8"])
    dumps(har_document(recorded, report))
    human.render(recorded, report, color=False)


def test_garbage_through_the_cli_is_exit_0_1_or_2(cli: Callable[..., Any], tmp_path: Path) -> None:
    for text in (
        '{"log":{"entries":[{"request":{"method":"GET","url":"x"},'
        '"startedDateTime":"2026-01-25T10:15:00Z","response":{"status":"401",'
        '"headers":[{"name":"Set-Cookie","value":"=;;"}]}}]}}',
        "\x00\xff",
        "{" * 5000,
    ):
        path = tmp_path / "g.har"
        path.write_text(text, "utf-8")
        result = cli("har", str(path))
        assert result.exit_code in (0, 1, 2)
        assert "Traceback" not in result.output


def test_times_beyond_the_calendar_are_shown_not_crashed_on(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    raw = _entry(response={"status": 401, "headers": []})
    raw["startedDateTime"] = "0001-01-01T00:00:00+01:00"
    path = tmp_path / "old.har"
    path.write_text(json.dumps({"log": {"entries": [raw]}}))
    for fmt in ("human", "json"):
        result = cli("har", "--format", fmt, str(path))
        assert result.exit_code == 1, result.output
    assert "out of range" in cli("har", str(path)).stdout


def _entry(
    *,
    url: str = "https://app.example.com/api/me",
    method: str = "GET",
    response: dict[str, Any] | None = None,
    request_extra: dict[str, Any] | None = None,
    started: str = "2026-01-25T10:15:00.000Z",
) -> dict[str, Any]:
    return {
        "startedDateTime": started,
        "time": 10,
        "request": {"method": method, "url": url, "headers": [], **(request_extra or {})},
        "response": response or {"status": 200, "headers": []},
    }


@pytest.mark.parametrize(("age", "fails"), [(None, True), ("600", False)])
def test_jwt805_reads_the_age_of_a_cached_answer(
    tmp_path: Path, age: str | None, fails: bool
) -> None:
    # The login answer's Date is 10 minutes old: a cache says so with Age, and then the
    # token issued at the server's 10:20 is not "after the server's clock".
    doc = json.loads((HARS / "jwt805.har").read_text("utf-8"))
    for entry in doc["log"]["entries"]:
        headers = entry["response"]["headers"]
        for header in headers:
            if header["name"].lower() == "date":
                header["value"] = "Sun, 25 Jan 2026 10:10:00 GMT"
        if age is not None:
            headers.append({"name": "Age", "value": age})
    path = tmp_path / "cached.har"
    path.write_text(json.dumps(doc), "utf-8")
    found = [f for f in findings(session(har.read(str(path)), str(path))) if f.id == "JWT805"]
    iat_after_date = [f for f in found if f.status is Status.FAIL and "'s iat is" in f.message]
    assert bool(iat_after_date) is fails, found


def _refused_session(status: int, body: str, *, refreshed: bool) -> HarSession:
    """A request refused with `status` and a JSON `body`, then maybe a refresh call."""
    refusal = _entry(
        response={
            "status": status,
            "headers": [{"name": "Content-Type", "value": "application/json"}],
            "content": {"mimeType": "application/json", "text": body},
        }
    )
    raws = [refusal]
    if refreshed:
        raws.append(
            _entry(
                url="https://app.example.com/api/token/refresh",
                method="POST",
                started="2026-01-25T10:15:01.000Z",  # a recording: the refresh follows
                request_extra={
                    "postData": {
                        "mimeType": "application/x-www-form-urlencoded",
                        "text": "grant_type=refresh_token&refresh_token=opaque123",
                    }
                },
            )
        )
    return session([har.exchange(raw, i) for i, raw in enumerate(raws)])


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (422, '{"msg": "Signature verification failed"}'),  # Flask-JWT-Extended
        (422, '{"msg": "Not enough segments"}'),
        (400, '{"error": "invalid_token", "error_description": "Token expired"}'),
        (403, '{"detail": "Given token not valid for any token type"}'),
    ],
)
def test_jwt802_counts_a_refusal_body_under_another_status(status: int, body: str) -> None:
    lone = _refused_session(status, body, refreshed=False)
    assert [e.refused for e in lone.entries] == [True]
    (found,) = [f for f in findings(lone) if f.id == "JWT802"]
    assert found.status is Status.FAIL
    assert f"answered {status} refusing its token" in found.message
    report = checks.run(CheckContext(now=0, har=lone), select_ids=["JWT8"])
    assert har_document(lone, report)["entries"][0]["refused"] is True
    handled = _refused_session(status, body, refreshed=True)
    (found,) = [f for f in findings(handled) if f.id == "JWT802"]
    assert found.status is Status.PASS


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (422, '{"detail": [{"loc": ["body", "email"], "msg": "field required"}]}'),
        (400, '{"error": "quantity must be positive"}'),
        (403, '{"message": "You do not own this order"}'),
    ],
)
def test_a_refusal_of_something_else_is_no_token_refusal(status: int, body: str) -> None:
    recorded = _refused_session(status, body, refreshed=False)
    assert not any(e.refused for e in recorded.entries)
    assert all(f.status is not Status.FAIL for f in findings(recorded) if f.id == "JWT802")


def test_a_validation_error_for_a_missing_authorization_header_is_a_token_refusal() -> None:
    body = '{"detail": [{"loc": ["header", "authorization"], "msg": "field required"}]}'
    recorded = _refused_session(422, body, refreshed=False)
    assert [e.refused for e in recorded.entries] == [True]


# --- a recording longer than jwtfix reads -----------------------------------------------


def _authenticated(count: int, token: str) -> str:
    raw = _entry(request_extra={"headers": [{"name": "Authorization", "value": f"Bearer {token}"}]})
    return json.dumps({"log": {"entries": [raw] * count}})


@pytest.mark.parametrize(("count", "truncated"), [(4, False), (5, True), (50, True)])
def test_a_session_reads_at_most_the_limit_and_says_so(
    tmp_path: Path, token_factory: Callable[..., str], count: int, truncated: bool
) -> None:
    path = tmp_path / "long.har"
    path.write_text(_authenticated(count, token_factory()))
    recorded = session(har.read(str(path)), str(path), limit=4)
    assert recorded.exchanges == 4 and len(recorded.entries) == 4
    assert recorded.truncated is truncated
    assert [e.entry for e in recorded.entries] == [0, 1, 2, 3]


def test_entries_past_the_limit_are_not_read_even_when_broken(tmp_path: Path) -> None:
    path = tmp_path / "broken-tail.har"
    path.write_text('{"log": {"entries": [' + json.dumps(_entry()) + ', {"request": 1}, 7 ')
    recorded = session(har.read(str(path)), str(path), limit=1)
    assert recorded.exchanges == 1 and recorded.truncated


def test_a_long_har_is_read_up_to_the_limit_with_a_note(
    cli: Callable[..., Any],
    tmp_path: Path,
    token_factory: Callable[..., str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from jwtfix import limits

    monkeypatch.setattr(limits, "MAX_HAR_ENTRIES", 3)
    path = tmp_path / "long.har"
    token = token_factory()
    path.write_text(_authenticated(10, token))
    result = cli("har", "--json", str(path))
    assert result.exit_code in (0, 1), result.output
    document = json.loads(result.stdout)
    assert document["exchanges"] == 3 and document["truncated"] is True
    assert [e["entry"] for e in document["entries"]] == [0, 1, 2]
    said = " ".join(result.stderr.split())  # the note wraps at the width
    assert said.startswith(f"note: {path} has more than 3 entries: only the first 3 were read")
    assert said.count("note:") == 1
    human = cli("har", str(path))
    assert "the first 3 entries, 3 about tokens" in " ".join(human.stdout.split())
    checked = cli("check", token, "--har", str(path), "--json")
    assert "only the first 3 were read" in " ".join(checked.stderr.split())
    assert "HAR (" + str(path) + ", the first 3 entries)" in json.loads(checked.stdout)["inputs"]
    path.write_text(_authenticated(3, token))
    whole = cli("har", "--json", str(path))
    assert json.loads(whole.stdout)["truncated"] is False and whole.stderr == ""
