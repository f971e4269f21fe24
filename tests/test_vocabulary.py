"""The one token vocabulary (SPEC 4.1), on the answers real stacks send."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import NOW, make_token

from jwtfix.vocabulary import AnswerTokens, tokens_in

ACCESS = make_token({"sub": "1", "token_type": "access", "exp": NOW + 300})
REFRESH = make_token({"sub": "1", "token_type": "refresh", "exp": NOW + 86400})
ID = make_token({"sub": "1", "aud": "client", "exp": NOW + 300})
OPAQUE = "Lk3rD4Xq9v0uJ2wH7sYbN1cP6eT8aZfGmQ"


def texts(found: AnswerTokens) -> tuple[str | None, str | None, str | None]:
    return tuple(t.text if t else None for t in (found.access, found.refresh, found.id))  # type: ignore[return-value]


def test_simplejwt_login_answer_is_an_access_and_a_refresh_token() -> None:
    found = tokens_in({"refresh": REFRESH, "access": ACCESS})
    assert texts(found) == (ACCESS, REFRESH, None)
    assert found.access is not None and found.access.name == "access"
    assert found.refresh is not None and found.refresh.name == "refresh"


def test_directus_wrapped_answer_with_an_opaque_refresh_token() -> None:
    answer = {"data": {"access_token": ACCESS, "expires": 900000, "refresh_token": OPAQUE}}
    found = tokens_in(answer)
    assert texts(found) == (ACCESS, OPAQUE, None)
    assert found.refresh is not None
    assert found.refresh.opaque and found.refresh.path == "data.refresh_token"
    assert found.refresh.name == "refresh_token"
    assert found.access is not None and not found.access.opaque


def test_oauth_refresh_answer_bears_the_access_token_not_the_id_token() -> None:
    answer = {
        "id_token": ID,
        "access_token": ACCESS,
        "token_type": "Bearer",
        "refresh_token": OPAQUE,
        "expires_in": 3600,
    }
    found = tokens_in(answer)
    assert texts(found) == (ACCESS, OPAQUE, ID)
    assert [role for role, _ in found.all()] == ["access", "refresh", "id"]


def test_an_opaque_oauth_access_token_is_still_the_bearer() -> None:
    found = tokens_in({"access_token": OPAQUE, "id_token": ID, "token_type": "Bearer"})
    assert found.access is not None and found.access.opaque and found.access.text == OPAQUE
    assert found.id is not None and found.id.text == ID


def test_the_id_token_is_the_bearer_only_when_there_is_no_access_token() -> None:
    found = tokens_in({"idToken": ID})
    assert found.access is found.id
    assert found.access is not None and found.access.name == "idToken"
    assert [role for role, _ in found.all()] == ["id"]


@pytest.mark.parametrize(
    "answer",
    [
        {"token": REFRESH, "access_token": ACCESS},
        {"jwt": REFRESH, "accessToken": ACCESS},
        {"authToken": REFRESH, "access": ACCESS},
        {"token": REFRESH, "data": {"access_token": ACCESS}},
    ],
)
def test_access_fields_win_over_token_and_jwt(answer: dict[str, Any]) -> None:
    found = tokens_in(answer)
    assert found.access is not None and found.access.text == ACCESS


@pytest.mark.parametrize("wrapper", ["data", "result", "tokens", "session", "auth", "token"])
def test_each_wrapper_of_the_spec_is_looked_into(wrapper: str) -> None:
    found = tokens_in({wrapper: {"accessToken": ACCESS, "refreshToken": REFRESH}, "ok": True})
    assert texts(found) == (ACCESS, REFRESH, None)
    assert found.access is not None and found.access.path == f"{wrapper}.accessToken"


@pytest.mark.parametrize(
    "field", ["accessToken", "access_token", "access", "token", "jwt", "authToken", "auth_token"]
)
def test_each_access_field_alone(field: str) -> None:
    found = tokens_in({field: f"Bearer {ACCESS}"})
    assert found.access is not None and found.access.text == ACCESS


def test_two_wrappers_deep_is_found_only_when_asked() -> None:
    answer = {"data": {"login": {"accessToken": ACCESS, "refreshToken": REFRESH}}}
    assert not tokens_in(answer)
    found = tokens_in(answer, deep=True)
    assert texts(found) == (ACCESS, REFRESH, None)
    assert found.access is not None and found.access.path == "data.login.accessToken"


@pytest.mark.parametrize(
    "answer",
    [
        {"refresh": ["This field is required."]},  # simplejwt refusing a refresh
        {"token": "abc"},
        {"access": "granted", "refresh": "yes"},
        {"token": "not a token at all, a sentence"},
        {"refresh_token": "1234567890123456789"},  # a number is not a token
        [],
        "eyJ",
        None,
    ],
)
def test_what_is_not_a_token_is_not_found(answer: Any) -> None:
    assert not tokens_in(answer)


def test_one_token_under_two_names_is_not_its_own_refresh_token() -> None:
    found = tokens_in({"token": ACCESS, "refresh": ACCESS})
    assert found.access is not None and found.refresh is None


def test_tokens_are_never_in_the_repr() -> None:
    found = tokens_in({"access": ACCESS, "refresh": OPAQUE})
    assert ACCESS not in repr(found) and OPAQUE not in repr(found)


def test_decode_takes_a_pasted_jwt_field_through_the_cli(cli: Any) -> None:
    result = cli("decode", "--json", json.dumps({"jwt": ACCESS}))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["payload"]["token_type"] == "access"
    assert "'jwt'" in result.stderr  # says which field it took


def test_decode_takes_directus_wrapped_answer_through_the_cli(cli: Any) -> None:
    answer = {"data": {"access_token": ACCESS, "refresh_token": OPAQUE, "expires": 900000}}
    result = cli("decode", "--json", json.dumps(answer))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["payload"]["sub"] == "1"
    assert "data.access_token" in result.stderr and OPAQUE not in result.output
