"""Token input: argument, stdin, @file, and the wrapping people paste around a token."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import NOW, make_token

from jwtfix.errors import ExitCode, InputError
from jwtfix.inputs import TOKEN_FIELDS, read_text, read_token, unwrap

TOKEN = make_token({"sub": "alice", "exp": NOW + 900})
OTHER = make_token({"sub": "bob", "exp": NOW + 60})


@pytest.mark.parametrize(
    "wrapped",
    [
        TOKEN,
        f"  {TOKEN}  \n",
        f"'{TOKEN}'",
        f'"{TOKEN}"',
        f"`{TOKEN}`",
        f"\"'{TOKEN}'\"",
        f'"{TOKEN}",',  # copied out of a JSON or JS object
        f'"{TOKEN}',  # one quote only
        f"\ufeff{TOKEN}",
        f"Bearer {TOKEN}",
        f"bearer {TOKEN}",
        f"BEARER\t{TOKEN}",
        f"BeArEr    {TOKEN}",
        f'"Bearer {TOKEN}"',
    ],
)
def test_unwrap_peels_quotes_whitespace_and_bearer(wrapped: str) -> None:
    result = unwrap(wrapped)
    assert result.text == TOKEN
    assert result.note is None


@pytest.mark.parametrize(
    "line",
    [
        f"Authorization: Bearer {TOKEN}",
        f"authorization:bearer {TOKEN}",
        f"AUTHORIZATION:   Bearer {TOKEN}\r\n",
        f"-H 'Authorization: Bearer {TOKEN}'",
        f'-H "authorization: bearer {TOKEN}"',
        f"'Authorization: Bearer {TOKEN}'",
    ],
)
def test_unwrap_takes_the_token_from_an_authorization_line(line: str) -> None:
    result = unwrap(line)
    assert result.text == TOKEN
    assert result.note is not None and "Authorization" in result.note


@pytest.mark.parametrize("field", TOKEN_FIELDS)
def test_unwrap_reads_each_login_response_field(field: str) -> None:
    response = json.dumps({"user": {"id": 1}, field: TOKEN, "expiresIn": 900})
    result = unwrap(response)
    assert result.text == TOKEN
    assert result.note is not None and repr(field) in result.note


def test_every_field_of_the_spec_vocabulary_is_looked_for() -> None:
    assert set(TOKEN_FIELDS) == {
        "accessToken",
        "access_token",
        "access",
        "token",
        "id_token",
        "idToken",
        "jwt",
        "authToken",
        "auth_token",
        "refreshToken",
        "refresh_token",
        "refresh",
    }


def test_unwrap_reads_a_jwt_field_as_the_live_flow_does() -> None:
    result = unwrap(json.dumps({"jwt": TOKEN}))
    assert result.text == TOKEN
    assert result.note is not None and "'jwt'" in result.note


def test_unwrap_reads_a_simplejwt_login_answer_as_its_access_token() -> None:
    assert unwrap(json.dumps({"refresh": OTHER, "access": TOKEN})).text == TOKEN


def test_unwrap_skips_an_opaque_access_token_for_the_id_token() -> None:
    response = {"access_token": "2YotnFZFEjr1zCsicMWpAA2YotnFZ", "id_token": TOKEN}
    result = unwrap(json.dumps(response))
    assert result.text == TOKEN
    assert result.note is not None and "'id_token'" in result.note


def test_unwrap_skips_fields_that_do_not_hold_a_jwt() -> None:
    response = json.dumps({"token": "opaque-session-id", "refresh_token": TOKEN})
    result = unwrap(response)
    assert result.text == TOKEN
    assert result.note is not None and "'refresh_token'" in result.note


def test_unwrap_prefers_the_access_token_of_a_pair() -> None:
    response = json.dumps({"refreshToken": OTHER, "accessToken": TOKEN})
    assert unwrap(response).text == TOKEN


def test_unwrap_finds_a_nested_field_and_names_its_path() -> None:
    response = json.dumps({"data": {"session": {"tokens": {"access_token": TOKEN}}}})
    result = unwrap(response)
    assert result.text == TOKEN
    assert result.note is not None and "'data.session.tokens.access_token'" in result.note


def test_unwrap_prefers_a_shallow_field_to_a_deep_one() -> None:
    response = json.dumps({"nested": {"token": OTHER}, "token": TOKEN})
    assert unwrap(response).text == TOKEN


def test_unwrap_looks_inside_lists() -> None:
    response = json.dumps({"sessions": [{"name": "x"}, {"id_token": TOKEN}]})
    result = unwrap(response)
    assert result.text == TOKEN
    assert result.note is not None and "sessions.1.id_token" in result.note


@pytest.mark.parametrize(
    "response",
    [
        {"user": "alice"},
        {"token": "not-a-jwt"},
        {"session_jwt": TOKEN},  # not one of the fields the SPEC names
        {"refresh_token": "8xLOxBtZp8s8xLOxBtZp8"},  # opaque: nothing to decode
        {},
    ],
)
def test_unwrap_json_with_no_token_field_is_an_error(response: dict[str, Any]) -> None:
    with pytest.raises(InputError) as info:
        unwrap(json.dumps(response))
    assert "no field holding a JWT" in info.value.message
    assert "accessToken" in info.value.message
    assert info.value.exit_code == ExitCode.USAGE


def test_unwrap_broken_json_says_where() -> None:
    with pytest.raises(InputError) as info:
        unwrap('{"accessToken": ')
    assert "not JSON" in info.value.message
    assert "line 1, column" in info.value.message


@pytest.mark.parametrize(
    "text", ["", "   ", "\n\n", "''", '""', "'", "Bearer ''", '""  ', "\ufeff"]
)
def test_unwrap_empty_input_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError) as info:
        unwrap(text, "stdin")
    assert "empty" in info.value.message


def test_read_text_argument_and_dash_and_stdin() -> None:
    assert read_text(TOKEN, None) == (TOKEN, "argument")
    stdin = io.BytesIO(f"{TOKEN}\n".encode())
    assert read_text("-", stdin) == (f"{TOKEN}\n", "stdin")
    assert read_text(None, io.BytesIO(TOKEN.encode())) == (TOKEN, "stdin")


def test_read_text_without_stdin_asks_for_a_token() -> None:
    class Tty(io.BytesIO):
        def isatty(self) -> bool:
            return True

    for stdin in (None, Tty(b"")):
        with pytest.raises(InputError) as info:
            read_text(None, stdin)
        assert "no TOKEN given" in info.value.message


def test_read_text_at_file(tmp_path: Path) -> None:
    path = tmp_path / "token.txt"
    path.write_text(f"Bearer {TOKEN}\n")
    result = read_token(f"@{path}", None)
    assert result.text == TOKEN
    assert result.source == f"file {path}"


def test_read_text_missing_file_names_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(InputError) as info:
        read_text(f"@{missing}", None)
    assert str(missing) in info.value.message
    assert "No such file" in info.value.message


def test_read_text_non_utf8_stdin() -> None:
    with pytest.raises(InputError) as info:
        read_text("-", io.BytesIO(b"eyJ\xff\xfe"))
    assert "stdin is not UTF-8" in info.value.message
    assert "0xff" in info.value.message and "offset 3" in info.value.message


# Through the CLI.


def decoded_sub(result: Any) -> str:
    assert result.exit_code == 0, result.stderr
    return str(json.loads(result.stdout)["payload"]["sub"])


def test_cli_token_as_argument_dash_and_stdin(cli: Any) -> None:
    assert decoded_sub(cli("decode", "--json", TOKEN)) == "alice"
    assert decoded_sub(cli("decode", "--json", "-", input=f"{TOKEN}\n")) == "alice"
    assert decoded_sub(cli("decode", "--json", input=f"  {TOKEN}  ")) == "alice"


def test_cli_at_file(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text(f'"{TOKEN}"\n')
    assert decoded_sub(cli("decode", "--json", f"@{path}")) == "alice"
    result = cli("expiry", "--json", "--at", str(NOW), f"@{path}")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["status"] == "valid"


def test_cli_missing_file_is_exit_2_naming_the_file(cli: Any, tmp_path: Path) -> None:
    missing = tmp_path / "missing-token.txt"
    for command in ("decode", "expiry"):
        result = cli(command, f"@{missing}")
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.startswith("error: ")
        assert "missing-token.txt" in result.stderr
        assert len(result.stderr.splitlines()) == 1


def test_cli_file_name_without_at_reads_the_file_and_says_so(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "token.txt").write_text(TOKEN + "\n")
    monkeypatch.chdir(tmp_path)
    for command in ("decode", "expiry", "check"):
        result = cli(command, "token.txt", "--json")
        assert result.exit_code in (0, 1), result.stderr
        assert "@token.txt" in result.stderr
        assert "error" not in json.loads(result.stdout)


def test_cli_missing_file_name_is_not_a_jwt(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("decode", "token.txt")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: this is not a JWT")


@pytest.mark.parametrize(
    "text",
    [f"Bearer {TOKEN}", f"bEaReR {TOKEN}", f"Authorization: Bearer {TOKEN}", f"'{TOKEN}'"],
)
def test_cli_unwraps_pasted_wrapping(cli: Any, text: str) -> None:
    assert decoded_sub(cli("decode", "--json", text)) == "alice"
    assert decoded_sub(cli("decode", "--json", input=text)) == "alice"


def test_cli_login_response_on_stdin_notes_the_field_on_stderr(cli: Any) -> None:
    response = json.dumps({"ok": True, "data": {"refresh_token": OTHER, "access_token": TOKEN}})
    result = cli("decode", "--json", input=response)
    assert decoded_sub(result) == "alice"
    assert "note:" in result.stderr and "data.access_token" in result.stderr
    # stdout stays one JSON document
    json.loads(result.stdout)


def test_cli_json_without_token_field(cli: Any) -> None:
    result = cli("decode", input='{"user": "alice"}')
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
    assert "no field holding a JWT" in result.stderr


def test_cli_non_utf8_stdin(cli: Any) -> None:
    result = cli("decode", "-", input=b"\xff\xfe\x00garbage")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "error: stdin is not UTF-8 text (byte 0xff at offset 0)\n"


def test_cli_empty_stdin(cli: Any) -> None:
    result = cli("expiry", input="")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "empty" in result.stderr


def test_unwrap_deeply_nested_json_is_an_input_error() -> None:
    with pytest.raises(InputError, match="nested too deeply"):
        unwrap('{"a":' * 5000 + "1" + "}" * 5000)
