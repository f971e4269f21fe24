"""Exit codes of failures: usage errors are 2, a bug of jwtfix is 3 with one `error:` line."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import make_token

from jwtfix.errors import ExitCode, JwtfixError, UsageError

TOKEN = make_token({"sub": "alice"})


def _explode(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("something jwtfix did not expect")


def test_exit_codes_are_the_specs() -> None:
    assert [int(code) for code in ExitCode] == [0, 1, 2, 3]


def test_usage_error_is_a_jwtfix_error_of_its_own_type() -> None:
    err = UsageError("give one secret, not --secret and --secret-file")
    assert isinstance(err, JwtfixError)
    assert err.type == "usage_error" and err.exit_code == ExitCode.USAGE
    assert JwtfixError("x").type == "error"  # fail() no longer changes the base class


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_an_unexpected_exception_is_exit_3_with_one_error_line(
    cli: Any, monkeypatch: pytest.MonkeyPatch, json_flag: list[str]
) -> None:
    monkeypatch.delenv("JWTFIX_DEBUG", raising=False)
    monkeypatch.setattr("jwtfix.ops.decode.decode", _explode)
    result = cli("decode", *json_flag, TOKEN)
    assert result.exit_code == ExitCode.INTERNAL
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: internal error (RuntimeError)")
    assert "report" in lines[0] and "Traceback" not in result.stderr
    if json_flag:
        assert json.loads(result.stdout)["error"]["type"] == "internal_error"
    else:
        assert result.stdout == ""


def test_jwtfix_debug_shows_the_traceback(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("jwtfix.ops.decode.decode", _explode)
    result = cli("decode", TOKEN, env={"JWTFIX_DEBUG": "1"})
    assert result.exit_code != ExitCode.OK
    assert isinstance(result.exception, RuntimeError)


def test_a_usage_error_stays_exit_2(cli: Any) -> None:
    result = cli("sign", "--pair", "--secret-env", "X", "--json", env={"X": "s" * 32})
    assert result.exit_code == ExitCode.USAGE
    assert json.loads(result.stdout)["error"]["type"] == "usage_error"
