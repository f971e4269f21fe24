"""`har` finds tokens wherever the browser carried them, reads every answer shape of SPEC 4.1,
judges refresh calls by what they do, and reads cached answers' clocks through `Age`.

The sessions are tests/data/har/{simplejwt,carriers,cached}.har (written by
make_carriers.py in Chrome's and Firefox's shapes), plus entries built here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from conftest import DATA, NOW, har_findings, load_har, make_token

from jwtfix import har
from jwtfix.model import Finding, Status
from jwtfix.ops.har import HarSession, is_login, session

HARS = DATA / "har"


def load(name: str) -> HarSession:
    recorded: HarSession = load_har(name)
    return recorded


def findings(recorded: HarSession) -> dict[str, list[Finding]]:
    return har_findings(recorded)


def _entry(
    url: str = "https://app.example.com/api/me",
    method: str = "GET",
    headers: list[dict[str, str]] | None = None,
    post: dict[str, Any] | None = None,
    response: dict[str, Any] | None = None,
) -> dict[str, Any]:
    request: dict[str, Any] = {"method": method, "url": url, "headers": headers or []}
    if post is not None:
        request["postData"] = post
    return {
        "startedDateTime": "2026-01-25T10:15:00.000Z",
        "time": 10,
        "request": request,
        "response": response or {"status": 200, "headers": []},
    }


TOKEN = make_token({"sub": "user-42", "iat": NOW, "exp": NOW + 900})


# --- where a request carries its token --------------------------------------------


@pytest.mark.parametrize(
    ("where", "raw"),
    [
        ("authorization", _entry(headers=[{"name": "authorization", "value": f"bearer {TOKEN}"}])),
        ("authorization", _entry(headers=[{"name": "Authorization", "value": f"JWT {TOKEN}"}])),
        ("cookie", _entry(headers=[{"name": "Cookie", "value": f"theme=dark; jwt={TOKEN}"}])),
        (
            "cookie",
            _entry(headers=[{"name": "cookie", "value": f"auth={quote('Bearer ' + TOKEN)}"}]),
        ),
        ("cookie", _entry(headers=[{"name": "Cookie", "value": f'access_token="{TOKEN}"'}])),
        ("query", _entry(url=f"https://app.example.com/ws?access_token={TOKEN}")),
        ("query", _entry(url=f"https://app.example.com/download?id=7&auth={TOKEN}")),
        ("header", _entry(headers=[{"name": "x-access-token", "value": TOKEN}])),
        ("header", _entry(headers=[{"name": "X-Auth-Token", "value": f"Bearer {TOKEN}"}])),
        (
            "form",
            _entry(
                method="POST",
                post={"mimeType": "application/x-www-form-urlencoded", "text": f"token={TOKEN}"},
            ),
        ),
        (
            "body",
            _entry(
                method="POST",
                post={"mimeType": "application/json", "text": json.dumps({"authToken": TOKEN})},
            ),
        ),
    ],
)
def test_the_token_is_found_wherever_the_request_carried_it(where: str, raw: Any) -> None:
    ex = har.exchange(raw, 0)
    assert ex.bearer == TOKEN
    assert [t.carrier for t in ex.sent_tokens] == [where]
    (entry,) = session([ex]).entries
    assert entry.token == "A1" and entry.remaining == 900


def test_authorization_wins_over_an_apikey_header() -> None:
    anon = make_token({"role": "anon", "iss": "supabase"})
    raw = _entry(
        headers=[
            {"name": "apikey", "value": anon},
            {"name": "Authorization", "value": f"Bearer {TOKEN}"},
        ]
    )
    ex = har.exchange(raw, 0)
    assert ex.bearer == TOKEN
    assert [t.carrier for t in ex.sent_tokens] == ["authorization", "header"]


@pytest.mark.parametrize(
    "raw",
    [
        _entry(headers=[{"name": "Cookie", "value": "sid=abc; theme=dark"}]),
        _entry(headers=[{"name": "Referer", "value": f"https://app.example.com/?t={TOKEN}"}]),
        _entry(url="https://app.example.com/search?q=eyJhbGciOiJIUzI1NiJ9"),
        _entry(headers=[{"name": "x-request-id", "value": "eyJ-not-a-token"}]),
    ],
)
def test_what_is_not_a_token_is_not_taken_for_one(raw: Any) -> None:
    assert har.exchange(raw, 0).sent_tokens == ()


def test_an_opaque_refresh_cookie_is_the_refresh_token_spent() -> None:
    access_token = make_token({"sub": "1", "iat": NOW, "exp": NOW + 900})
    raw = _entry(
        url="https://app.example.com/auth/refresh",
        method="POST",
        headers=[{"name": "Cookie", "value": "refresh_token=8f1c2b7e9a4d4c3b8e6f0a1d2c3b4a5f"}],
        response={
            "status": 200,
            "headers": [],
            "content": {
                "mimeType": "application/json",
                "text": json.dumps({"token": access_token}),
            },
        },
    )
    (entry,) = session([har.exchange(raw, 0)]).entries
    assert entry.refresh and entry.refresh_token == "R1" and entry.issued == ("A1",)


# --- simplejwt: login, rotation, blacklist; URLs that only say "refresh" ----------


def test_simplejwt_login_issues_an_access_and_a_refresh_token_of_one_session() -> None:
    recorded = load("simplejwt")
    login = recorded.entries[0]
    assert (login.path, login.refresh, login.issued) == ("/api/token/", False, ("A1", "R1"))
    assert is_login(login)
    assert [(t.label, t.kind) for t in recorded.tokens] == [
        ("A1", "access"),
        ("R1", "refresh"),
        ("A2", "access"),
        ("R2", "refresh"),
    ]
    used = [e.token for e in recorded.entries if e.token]
    assert used == ["A1", "A2"]  # the tokens sent later are the ones login and refresh issued


def test_simplejwt_refresh_is_the_one_refresh_call_and_spends_r1() -> None:
    recorded = load("simplejwt")
    (call,) = [e for e in recorded.entries if e.refresh]
    assert (call.path, call.refresh_token, call.issued) == (
        "/api/token/refresh/",
        "R1",
        ("A2", "R2"),
    )


def test_a_tracking_pixel_or_an_icon_saying_refresh_is_no_refresh_call() -> None:
    recorded = load("simplejwt")
    paths = [e.path for e in recorded.entries]
    assert "/collect" not in paths and "/static/icons/refresh.svg" not in paths
    pixel = har.exchange(
        _entry(url="https://app.example.com/refresh", method="GET"), 0
    )  # a GET that spends nothing and gets nothing
    assert session([pixel]).entries == ()


def test_the_blacklist_call_spends_a_refresh_token_but_is_no_refresh() -> None:
    recorded = load("simplejwt")
    assert not any(e.path == "/api/token/blacklist/" and e.refresh for e in recorded.entries)


def test_simplejwt_session_findings() -> None:
    found = findings(load("simplejwt"))
    assert [f.status for f in found["JWT804"]] == [Status.PASS]
    assert [f.status for f in found["JWT805"]] == [Status.PASS]
    # simplejwt hands the refresh token out in its JSON: page scripts can read it.
    assert {f.status for f in found["JWT806"]} == {Status.FAIL}
    assert all("R1" in f.message or "R2" in f.message for f in found["JWT806"])


# --- Directus and the other carriers in one Firefox session ----------------------


def test_directus_opaque_refresh_token_is_read_from_the_wrapper() -> None:
    recorded = load("carriers")
    login, *_, refreshed, after = recorded.entries
    assert login.issued == ("A1", "R1")
    assert login.body_tokens == (("A1", "data.access_token"), ("R1", "data.refresh_token"))
    assert refreshed.refresh and refreshed.refresh_token == "R1"
    assert refreshed.issued == ("A2", "R2")
    assert after.token == "A2"


def test_every_carrier_of_the_firefox_session_sends_a1() -> None:
    recorded = load("carriers")
    carried = [(e.path, e.token) for e in recorded.entries if e.token]
    assert carried == [
        ("/items/articles", "A1"),
        ("/assets/cover", "A1"),
        ("/rest/v1/todos", "A1"),
        ("/api/profile", "A1"),
        ("/api/export", "A1"),
        ("/api/verify", "A1"),
        ("/items/articles", "A2"),
    ]
    # The Supabase anon key is a JWT too, but not the session's: it is labelled an API key.
    assert [t.label for t in recorded.session_tokens] == ["A1", "R1", "A2", "R2"]
    assert [(t.label, t.kind) for t in recorded.api_keys] == [("K1", "apikey")]
    assert [e.api_key for e in recorded.entries if e.path == "/rest/v1/todos"] == ["K1"]


# --- JWT805 through caches -----------------------------------------------------------


def test_a_cached_answer_is_judged_at_date_plus_age() -> None:
    recorded = load("cached")
    cdn = recorded.entries[1]
    assert cdn.server_date is not None and cdn.server_date + cdn.server_age == NOW + 700
    assert [f.status for f in findings(recorded)["JWT805"]] == [Status.PASS]


def test_without_its_age_header_the_cached_answer_looks_ahead() -> None:
    document = json.loads((HARS / "cached.har").read_text("utf-8"))
    headers = document["log"]["entries"][1]["response"]["headers"]
    document["log"]["entries"][1]["response"]["headers"] = [
        h for h in headers if h["name"].lower() != "age"
    ]
    exchanges = [har.exchange(raw, i) for i, raw in enumerate(document["log"]["entries"])]
    found = findings(session(exchanges))["JWT805"]
    assert Status.FAIL in {f.status for f in found}


# --- through the command line ------------------------------------------------------


@pytest.mark.parametrize("name", ["simplejwt", "carriers", "cached"])
def test_no_token_of_the_session_is_printed(name: str, cli: Callable[..., Any]) -> None:
    text = (HARS / f"{name}.har").read_text("utf-8")
    secrets = set(re.findall(r"eyJ[\w-]+\.[\w-]+\.[\w-]+", text))
    secrets |= set(re.findall(r'"refresh_token": "(\w{40,})"', text))
    assert secrets
    for fmt in ("human", "json", "sarif", "github"):
        result = cli("har", "--format", fmt, str(HARS / f"{name}.har"))
        assert result.exit_code in (0, 1), result.output
        for secret in secrets:
            assert secret not in result.output
            assert quote(secret) not in result.output


def test_har_json_shows_the_simplejwt_timeline(cli: Callable[..., Any]) -> None:
    result = cli("har", "--json", str(HARS / "simplejwt.har"))
    document = json.loads(result.stdout)
    rows = [(e["path"], e["refresh"], e["issued"], e["token"]) for e in document["entries"]]
    assert rows == [
        ("/api/token/", False, ["A1", "R1"], None),
        ("/api/items/", False, [], "A1"),
        ("/api/token/refresh/", True, ["A2", "R2"], None),
        ("/api/items/", False, [], "A2"),
    ]
    assert result.exit_code == 1  # JWT806: refresh tokens in JSON bodies


# --- the HARs recorded from the real stacks (tests/data/har/stacks/) ----------------------

STACKS = sorted(path.stem for path in (HARS / "stacks").glob("*.har"))


def stack(name: str) -> HarSession:
    path = HARS / "stacks" / f"{name}.har"
    return session(har.read(str(path)), str(path))


def test_every_stack_was_recorded() -> None:
    assert STACKS == [
        "django-oauth-toolkit",
        "fastapi-users",
        "flask-jwt-extended",
        "oidc-provider",
        "simplejwt",
    ]


@pytest.mark.parametrize("name", STACKS)
def test_a_stack_session_prints_no_token_and_no_false_clock(
    name: str, cli: Callable[..., Any]
) -> None:
    path = HARS / "stacks" / f"{name}.har"
    secrets = {
        t.text
        for ex in har.read(str(path))
        for t in (*ex.sent_tokens, *ex.received_tokens)
        if len(t.text) >= 16
    }
    assert secrets
    for fmt in ("human", "json", "sarif", "github"):
        result = cli("har", "--format", fmt, str(path))
        assert result.exit_code in (0, 1), result.output
        assert not [s for s in secrets if s in result.output]
    # Recorded on this machine's own clock: JWT805 never says the clocks disagree.
    assert Status.FAIL not in {f.status for f in findings(stack(name)).get("JWT805", [])}


@pytest.mark.parametrize("name", STACKS)
def test_every_refresh_call_of_a_stack_spends_a_refresh_token_it_issued(name: str) -> None:
    recorded = stack(name)
    kinds = {t.label: t.kind for t in recorded.tokens}
    issued = {label for e in recorded.entries for label in e.issued}
    calls = [e for e in recorded.entries if e.refresh]
    for call in calls:
        assert call.refresh_token is not None and kinds[call.refresh_token] == "refresh"
        assert call.refresh_token in issued  # the login's, not an unrelated token
        assert call.token is None  # a refresh token is never shown as an access bearer


def test_flask_refresh_token_as_bearer_is_spent_not_used() -> None:
    recorded = stack("flask-jwt-extended")
    (first, *_) = [e for e in recorded.entries if e.refresh]
    assert first.path == "/refresh" and first.token is None and first.issued
    assert all(recorded.token(e.token).kind == "access" for e in recorded.entries if e.token)  # type: ignore[union-attr]


def test_an_id_token_sent_as_a_bearer_is_named_as_an_id_token() -> None:
    recorded = stack("oidc-provider")
    sent = {recorded.token(e.token).kind for e in recorded.entries if e.token}  # type: ignore[union-attr]
    assert sent == {"access", "id"}
    (id_bearer,) = [e for e in recorded.entries if e.token and e.token.startswith("I")]
    assert id_bearer.status == 401  # the resource server refuses an ID token


def test_simplejwt_blacklist_is_no_refresh_call() -> None:
    recorded = stack("simplejwt")
    assert [e.path for e in recorded.entries if e.refresh] == ["/api/token/refresh/"] * 2
    assert not any("blacklist" in e.path and e.refresh for e in recorded.entries)
