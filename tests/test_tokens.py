"""tokens.parse: every way a token can be broken is named, with segment and position."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import b64url, make_token

from jwtfix.errors import ExitCode, TokenError
from jwtfix.tokens import ParsedToken, looks_like_jwt, parse

HEADER = b64url(b'{"alg":"HS256","typ":"JWT"}')


def token_with_payload(raw: bytes) -> str:
    return f"{HEADER}.{b64url(raw)}.c2ln"


def parse_error(text: str) -> str:
    with pytest.raises(TokenError) as info:
        parse(text)
    assert info.value.exit_code == ExitCode.USAGE
    return info.value.message


def test_a_good_token_parses_to_header_payload_and_signature() -> None:
    token = make_token({"sub": "alice", "n": 1})
    parsed = parse(token)
    assert isinstance(parsed, ParsedToken)
    assert parsed.kind == "JWS"
    assert parsed.header == {"alg": "HS256", "typ": "JWT"}
    assert parsed.payload == {"sub": "alice", "n": 1}
    assert parsed.signature == token.split(".")[2]
    assert len(parsed.signature_bytes) == 32  # HMAC-SHA256
    assert parsed.signing_input == token.rsplit(".", 1)[0].encode()
    assert parsed.alg == "HS256"
    assert parsed.encoding_issues == ()


def test_surrounding_whitespace_is_ignored() -> None:
    token = make_token({"sub": "a"})
    assert parse(f"  {token}\n").payload == {"sub": "a"}


def test_unsecured_token_has_an_empty_signature() -> None:
    parsed = parse(make_token({"sub": "a"}, alg="none"))
    assert parsed.signature == ""
    assert parsed.signature_bytes == b""
    assert parsed.alg == "none"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\n"],
)
def test_empty_token(text: str) -> None:
    assert "empty" in parse_error(text)


@pytest.mark.parametrize("text", ["opaque", "ghp_16C7e42F292c6912E7710c838347Ae178B4a", "abc%def"])
def test_one_segment_is_not_a_jwt(text: str) -> None:
    message = parse_error(text)
    assert "not a JWT" in message
    assert "3 segments" in message
    assert f"{len(text)} characters" in message


def test_uuid_is_recognised_as_an_opaque_token() -> None:
    message = parse_error("550e8400-e29b-41d4-a716-446655440000")
    assert "UUID" in message and "not a JWT" in message


def test_json_given_to_the_parser_is_named_json() -> None:
    assert "JSON, not a JWT" in parse_error('{"user": "alice"}')


def test_two_segments_suggest_a_cut_off_signature() -> None:
    token = make_token({"sub": "a"})
    message = parse_error(token.rsplit(".", 1)[0])
    assert "2 segments" in message
    assert "signature cut off" in message


@pytest.mark.parametrize("count", [4, 6])
def test_four_or_six_segments(count: int) -> None:
    text = ".".join([HEADER] * count)
    message = parse_error(text)
    assert f"{count} segments" in message
    assert "3" in message and "5" in message  # says what a JWS and a JWE have


def test_five_segments_is_a_jwe_whose_protected_header_is_shown() -> None:
    header = {"alg": "RSA-OAEP", "enc": "A256GCM", "kid": "k1"}
    text = ".".join(
        [
            b64url(json.dumps(header).encode()),
            b64url(b"k" * 32),
            b64url(b"iv"),
            b64url(b"ct"),
            "dGFn",
        ]
    )
    parsed = parse(text)
    assert parsed.kind == "JWE"
    assert parsed.header == header
    assert parsed.payload is None
    assert parsed.claims == {}
    assert parsed.signature == ""


def test_jwe_with_a_bad_protected_header_names_its_segment() -> None:
    message = parse_error(".".join([b64url(b"[1]"), "a2V5", "aXY", "Y3Q", "dGFn"]))
    assert message.startswith("segment 1 (protected header)")
    assert "an array" in message


@pytest.mark.parametrize(
    ("char", "what"),
    [("%", "'%'"), (" ", "a space"), ("\n", "a line break"), ("\r", "a carriage return"),
     ("\t", "white space"), ("é", "'é'"), ("\u200b", "'\\u200b'")],
)  # fmt: skip
@pytest.mark.parametrize("segment", [1, 2, 3])
def test_invalid_character_names_segment_and_position(char: str, what: str, segment: int) -> None:
    token = make_token({"sub": "alice"})
    parts = token.split(".")
    # Put the character in the middle of the chosen segment.
    middle = len(parts[segment - 1]) // 2
    parts[segment - 1] = parts[segment - 1][:middle] + char + parts[segment - 1][middle + 1 :]
    broken = ".".join(parts)
    position = sum(len(p) + 1 for p in parts[: segment - 1]) + middle + 1
    assert broken[position - 1] == char  # 1-based position, counted independently
    message = parse_error(broken)
    name = ("header", "payload", "signature")[segment - 1]
    assert message.startswith(f"segment {segment} ({name})")
    assert what in message
    assert f"character {position} of the token" in message


def test_padding_is_decoded_and_reported() -> None:
    payload = b64url(b'{"sub":"a"}')  # 15 characters: one '=' of padding in base64
    assert len(payload) % 4 == 3
    text = f"{HEADER}.{payload}=.c2ln"
    parsed = parse(text)
    assert parsed.payload == {"sub": "a"}
    [issue] = parsed.encoding_issues
    assert issue.kind == "padding"
    assert issue.segment == 2
    assert issue.position == len(HEADER) + 1 + len(payload) + 1  # where the '=' is
    assert text[issue.position - 1] == "="
    assert "'='" in issue.detail and "segment 2 (payload)" in issue.detail


@pytest.mark.parametrize(("url", "std"), [("-", "+"), ("_", "/")])
def test_standard_base64_characters_are_decoded_and_reported(url: str, std: str) -> None:
    # Find a payload whose base64url encoding has the character, so that the
    # standard-base64 spelling of it decodes to the same bytes.
    raw = next(
        json.dumps({"sub": f"user{i}?>~"}).encode()
        for i in range(1000)
        if url in b64url(json.dumps({"sub": f"user{i}?>~"}).encode())
    )
    encoded = b64url(raw)
    text = f"{HEADER}.{encoded.replace(url, std)}.c2ln"
    parsed = parse(text)
    assert parsed.payload == json.loads(raw)
    [issue] = parsed.encoding_issues
    assert issue.kind == "standard_base64"
    assert issue.segment == 2
    assert text[issue.position - 1] == std
    assert repr(std) in issue.detail and "base64url" in issue.detail


def test_equals_sign_inside_a_segment_is_an_error_with_position() -> None:
    text = f"{HEADER}.e3=0.c2ln"
    message = parse_error(text)
    assert message.startswith("segment 2 (payload)")
    assert f"character {len(HEADER) + 4}" in message
    assert text[len(HEADER) + 4 - 1] == "="


@pytest.mark.parametrize("length", [1, 5, 9])
@pytest.mark.parametrize("segment", [1, 2, 3])
def test_segment_of_impossible_length(length: int, segment: int) -> None:
    parts = make_token({"sub": "a"}).split(".")
    parts[segment - 1] = "A" * length
    message = parse_error(".".join(parts))
    assert message.startswith(f"segment {segment}")
    assert f"has {length} base64url character{'' if length == 1 else 's'}," in message


def test_empty_payload_segment() -> None:
    message = parse_error(f"{HEADER}..c2ln")
    assert message.startswith("segment 2 (payload) is empty")


@pytest.mark.parametrize("segment", [1, 2])
def test_segment_that_is_not_json(segment: int) -> None:
    parts = [HEADER, b64url(b'{"sub":"a"}'), "c2ln"]
    parts[segment - 1] = b64url(b'{"sub": nope}')
    message = parse_error(".".join(parts))
    name = ("header", "payload")[segment - 1]
    assert message.startswith(f"segment {segment} ({name}) is not valid JSON")
    # json stops at 'n' of nope, the 9th character of the decoded text
    assert "at character 9 of the decoded" in message
    assert '{\\"sub\\": nope}' in message or '"{\\"sub\\": nope}"' in message


@pytest.mark.parametrize(
    ("raw", "kind"),
    [(b"[1, 2]", "an array"), (b'"sub"', "a string"), (b"42", "a number"), (b"4.5", "a number"),
     (b"null", "null"), (b"true", "a boolean")],
)  # fmt: skip
@pytest.mark.parametrize("segment", [1, 2])
def test_json_that_is_not_an_object(raw: bytes, kind: str, segment: int) -> None:
    parts = [HEADER, b64url(b'{"sub":"a"}'), "c2ln"]
    parts[segment - 1] = b64url(raw)
    message = parse_error(".".join(parts))
    name = ("header", "payload")[segment - 1]
    assert message.startswith(f"segment {segment} ({name}) is JSON but {kind}, not an object")


def test_invalid_utf8_names_the_byte_and_offset() -> None:
    message = parse_error(token_with_payload(b'{"a":"\xff"}'))
    assert message.startswith("segment 2 (payload)")
    assert "not UTF-8" in message
    assert "0xff" in message and "offset 6" in message


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_rejected(constant: str) -> None:
    message = parse_error(token_with_payload(f'{{"exp": {constant}}}'.encode()))
    assert message.startswith("segment 2 (payload) is not valid JSON")
    assert constant.lstrip("-") in message


@pytest.mark.parametrize("number", ["1e400", "-1e999", "1" + "0" * 400, "1" + "0" * 5000])
def test_numbers_that_overflow_to_infinity_are_rejected(number: str) -> None:
    # json.loads would give inf: decode --json could not print it as JSON.
    message = parse_error(token_with_payload(f'{{"exp": {number}}}'.encode()))
    assert message.startswith("segment 2 (payload) is not valid JSON")
    assert "too large" in message


def test_large_but_finite_numbers_are_kept_exactly() -> None:
    big = 10**300
    parsed = parse(token_with_payload(json.dumps({"n": big, "f": 1.5e300, "e": 2e3}).encode()))
    assert parsed.payload == {"n": big, "f": 1.5e300, "e": 2000.0}
    assert isinstance(parsed.claims["n"], int)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (make_token({"a": 1}), True),
        ("eyJ.eyJ.", True),
        ("eyJ.eyJ", False),
        ("abc.def.ghi", False),  # does not start like JSON
        ("eyJ.a.b.c", False),
        ("eyJ.a.b.c.d", True),
        ("eyJ a.b.c", False),
    ],
)
def test_looks_like_jwt(text: str, expected: bool) -> None:
    assert looks_like_jwt(text) is expected


# Through the CLI: the same messages, as one `error:` line with exit 2.


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("opaque-token", "not a JWT"),
        ("550e8400-e29b-41d4-a716-446655440000", "UUID"),
        (f"{HEADER}.e30", "signature cut off"),
        (f"{HEADER}.e30.c2ln.c2ln", "4 segments"),
        (f"{HEADER}.e%30.c2ln", "'%' at character"),
        (f"{HEADER}.e30.c2lnA", "5 base64url characters"),
        (token_with_payload(b"[]"), "an array"),
        (token_with_payload(b"\xc3("), "not UTF-8"),
    ],
)
def test_cli_reports_parse_errors_on_one_line(cli: Any, text: str, fragment: str) -> None:
    for command in ("decode", "expiry"):
        result = cli(command, text)
        assert result.exit_code == 2
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 1
        assert lines[0].startswith("error: ")
        assert fragment in lines[0]


def test_decode_shows_the_encoding_warning(cli: Any) -> None:
    payload = b64url(b'{"sub":"a"}')
    text = f"{HEADER}=.{payload}.c2ln"
    human = cli("decode", text, "--at", "2026-01-25T10:15:00Z")
    assert human.exit_code == 0
    assert "warning:" in human.stdout and "padding" in human.stdout
    as_json = cli("decode", "--json", text)
    assert as_json.exit_code == 0
    warnings = json.loads(as_json.stdout)["warnings"]
    assert any("segment 1 (header)" in w and "padding" in w for w in warnings)


def test_deeply_nested_json_is_a_token_error_not_a_recursion_error() -> None:
    # json.loads raised RecursionError past ~1000 levels: an internal error in every command.
    deep = b'{"a":' * 5000 + b"1" + b"}" * 5000
    assert "nested too deeply" in parse_error(token_with_payload(deep))


def test_two_tokens_pasted_together_are_not_a_jwe() -> None:
    # The first signature runs into the second "eyJ...": 5 segments, shown as a JWE before.
    token = make_token({"sub": "a"})
    message = parse_error(token + token)
    assert 'no "enc"' in message and "two tokens" in message


def test_two_tokens_on_two_lines_do_not_name_a_jwe_segment() -> None:
    token = make_token({"sub": "a"})
    message = parse_error(f"{token}\n{token}")
    assert "initialization vector" not in message
    assert message.startswith("the input has a line break at character")


@pytest.mark.parametrize(
    ("text", "wording"),
    [("x", "this text of 1 character has none"), ("a.eyJ.c", "has 1 base64url character,")],
)
def test_one_character_is_singular(text: str, wording: str) -> None:
    assert wording in parse_error(text)
