"""HAR files recorded from the real stacks (tests/data/har/stacks/, tests/stacks/record_har.py).

The recordings still show what the stacks do (the same session replayed
against the running stacks gives the same requests and statuses), and `har`
reads them as a reviewer would: the tokens of every login and refresh answer
in the shape each stack sends (SPEC 4.1), the refresh calls by the token they
carry (a JSON field, `Authorization: Bearer`, a form field), not by a word in
the URL.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).parent / "stacks"))
from record_har import FLOWS, record

HARS = Path(__file__).parent / "data" / "har" / "stacks"
RANDOM_SEGMENT = re.compile(r"/[A-Za-z0-9_-]{16,}")


def shape(har: dict[str, Any]) -> list[tuple[str, str, int]]:
    """Each entry's method, path (random ids as '*') and status."""
    return [
        (
            entry["request"]["method"],
            RANDOM_SEGMENT.sub("/*", urlsplit(entry["request"]["url"]).path),
            entry["response"]["status"],
        )
        for entry in har["log"]["entries"]
    ]


@pytest.mark.parametrize("name", sorted(FLOWS))
def test_the_recording_still_matches_the_stack(name: str, request: pytest.FixtureRequest) -> None:
    fixture, flow = FLOWS[name]
    committed = json.loads((HARS / f"{name}.har").read_text())
    assert shape(record(flow, request.getfixturevalue(fixture))) == shape(committed)


class Har:
    def __init__(self, result: Any) -> None:
        assert result.stdout.startswith("{"), (result.exit_code, result.stdout, result.stderr)
        self.doc: dict[str, Any] = json.loads(result.stdout)
        self.entries: list[dict[str, Any]] = self.doc["entries"]
        self.kinds = {t["label"]: t["kind"] for t in self.doc["tokens"]}

    def entry(self, index: int) -> dict[str, Any]:
        (hit,) = [e for e in self.entries if e["entry"] == index]
        return hit

    def issued_kinds(self, index: int) -> list[str]:
        return sorted(self.kinds[label] for label in self.entry(index)["issued"])

    def statuses(self, check_id: str) -> set[str]:
        return {f["status"] for f in self.doc["findings"] if f["id"] == check_id}


@pytest.fixture
def har(cli: Callable[..., Any]) -> Callable[[str], Har]:
    def run(name: str) -> Har:
        return Har(cli("har", str(HARS / f"{name}.har"), "--json"))

    return run


def test_simplejwt_login_answer_access_and_refresh_fields(har: Callable[[str], Har]) -> None:
    session = har("simplejwt")
    # POST /api/token/ is the login (no refresh token sent): it issues both tokens.
    assert session.entry(0)["refresh"] is False
    assert session.issued_kinds(0) == ["access", "refresh"]
    # The API call carries the access token login issued, not an unrelated one.
    assert session.entry(1)["token"] == next(
        label for label in session.entry(0)["issued"] if session.kinds[label] == "access"
    )


def test_simplejwt_refresh_call_by_its_json_field(har: Callable[[str], Har]) -> None:
    session = har("simplejwt")
    # POST /api/token/refresh/ with {"refresh": R1}: a refresh call answered with a new pair.
    refresh = session.entry(3)
    assert refresh["refresh"] is True
    assert refresh["refresh_token"] is not None, refresh
    assert refresh["refresh_token"] in session.entry(0)["issued"]
    assert session.issued_kinds(3) == ["access", "refresh"]
    # Each refresh token went to the refresh endpoint once (R2's second use, after
    # the blacklist call, was refused).
    assert session.statuses("JWT804") == {"pass"}


def test_flask_refresh_token_in_the_authorization_header(har: Callable[[str], Har]) -> None:
    session = har("flask-jwt-extended")
    assert session.issued_kinds(0) == ["access", "refresh"]
    # POST /refresh carries the refresh token as its bearer: a refresh call that
    # names the refresh token it carries.
    refresh = session.entry(3)
    assert refresh["refresh"] is True
    assert refresh["refresh_token"] is not None, refresh
    assert session.kinds[refresh["refresh_token"]] == "refresh"
    assert session.issued_kinds(3) == ["access"]


def test_fastapi_users_form_login(har: Callable[[str], Har]) -> None:
    session = har("fastapi-users")
    assert session.issued_kinds(0) == ["access"]
    assert not any(entry["refresh"] for entry in session.entries)


def test_oidc_provider_refresh_answer_with_an_id_token(har: Callable[[str], Har]) -> None:
    session = har("oidc-provider")
    # The code exchange and the refresh grant both answer access, ID and refresh token
    # (the refresh token is opaque); the refresh grant is a refresh call, the code
    # exchange is not.
    exchange, grant = (e for e in session.entries if e["path"] == "/token" and e["status"] == 200)
    assert exchange["refresh"] is False
    assert grant["refresh"] is True
    assert grant["refresh_token"] in exchange["issued"]
    assert "refresh" in session.issued_kinds(grant["entry"])


def test_oauth_toolkit_password_and_refresh_grants(har: Callable[[str], Har]) -> None:
    session = har("django-oauth-toolkit")
    login, grant = (e for e in session.entries if e["path"] == "/o/token/")
    assert login["refresh"] is False
    assert grant["refresh"] is True
    assert grant["refresh_token"] in login["issued"]
