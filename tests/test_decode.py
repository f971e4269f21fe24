"""decode: header, payload, signature and times, without a key; exit 0 whatever the status."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from conftest import NOW, NOW_ISO, b64url, make_token

from jwtfix.ops.decode import decode
from jwtfix.render import human
from jwtfix.render.json import decode_document
from jwtfix.tokens import parse

CLAIMS = {
    "sub": "alice",
    "roles": ["admin"],
    "n": 7,
    "iat": NOW - 3 * 3600 - 12 * 60,
    "nbf": NOW - 3 * 3600 - 12 * 60,
    "exp": NOW + 14 * 60 + 32,
    "auth_time": NOW - 86400,
}
TOKEN = make_token(CLAIMS, header={"kid": "key-1"})
JWE = ".".join(
    [b64url(b'{"alg":"RSA-OAEP","enc":"A256GCM"}'), b64url(b"k" * 32), "aXY", "Y3Q", "dGFn"]
)


def test_decode_document() -> None:
    doc = decode_document(decode(parse(TOKEN), now=NOW))
    assert doc["header"] == {"alg": "HS256", "typ": "JWT", "kid": "key-1"}
    assert doc["payload"] == CLAIMS
    assert doc["signature"] == TOKEN.split(".")[2]
    assert doc["verified"] is False
    assert doc["status"] == "valid"
    assert set(doc["times"]) == {"iat", "nbf", "exp", "auth_time"}
    assert doc["times"]["exp"] == {
        "value": NOW + 872,
        "iso": "2026-01-25T10:29:32Z",
        "relative_seconds": 872,
    }
    assert doc["times"]["auth_time"]["iso"] == "2026-01-24T10:15:00Z"
    assert doc["times"]["iat"]["relative_seconds"] == -(3 * 3600 + 12 * 60)


def test_decode_report_judges_with_no_skew_or_buffer() -> None:
    report = decode(parse(make_token({"exp": NOW})), now=NOW)
    assert report.expiry is not None and report.expiry.status.value == "expired"


def test_decode_jwe_document() -> None:
    report = decode(parse(JWE), now=NOW)
    assert report.expiry is None
    doc = decode_document(report)
    assert doc["header"] == {"alg": "RSA-OAEP", "enc": "A256GCM"}
    assert doc["payload"] is None
    assert doc["encrypted"] is True
    assert doc["verified"] is False
    assert doc["times"] == {}


def test_human_decode_shows_everything_a_user_needs() -> None:
    text = human.decode(decode(parse(TOKEN), now=NOW), color=False)
    assert '"kid": "key-1"' in text
    assert '"sub": "alice"' in text
    assert '"admin"' in text
    for claim in ("iat", "nbf", "exp", "auth_time"):
        assert any(line.startswith(claim) for line in text.splitlines())
    assert "2026-01-25T10:29:32Z" in text and "in 14m 32s" in text
    assert "3h 12m ago" in text
    assert "valid" in text
    assert "signature not verified" in text
    assert "\x1b[" not in text


def test_human_decode_with_colour_has_escapes() -> None:
    text = human.decode(decode(parse(TOKEN), now=NOW), color=True)
    assert "\x1b[" in text
    assert "signature not verified" in text


def test_human_decode_of_an_unsecured_token() -> None:
    text = human.decode(decode(parse(make_token({"sub": "a"}, alg="none")), now=NOW), color=False)
    assert "unsecured" in text
    assert "no_exp" in text


def test_human_decode_of_a_jwe() -> None:
    text = human.decode(decode(parse(JWE), now=NOW), color=False)
    assert '"enc": "A256GCM"' in text
    assert "encrypted" in text


# Through the CLI: exit 0 whatever the token's status.


@pytest.mark.parametrize(
    ("token", "status"),
    [
        (TOKEN, "valid"),
        (make_token({"exp": NOW - 1}), "expired"),
        (make_token({"nbf": NOW + 60}), "not_yet_valid"),
        (make_token({"exp": NOW + 1}, alg="none"), "valid"),
        (make_token({"sub": "x"}), "no_exp"),
        (make_token({"exp": "soon"}), "malformed"),
        (JWE, None),
    ],
)
def test_cli_decode_exits_0_whatever_the_status(cli: Any, token: str, status: str | None) -> None:
    result = cli("decode", "--json", "--at", str(NOW), token)
    assert result.exit_code == 0
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    assert doc["status"] == status
    assert doc["verified"] is False
    human_result = cli("decode", "--at", str(NOW), token)
    assert human_result.exit_code == 0
    assert human_result.stdout.strip()


def test_cli_decode_json_keys(cli: Any) -> None:
    doc = json.loads(cli("decode", "--json", "--at", NOW_ISO, TOKEN).stdout)
    assert {"header", "payload", "signature", "times", "status", "verified"} <= set(doc)
    assert doc["times"]["exp"]["relative_seconds"] == 872


def test_cli_decode_human(cli: Any) -> None:
    result = cli("decode", "--at", NOW_ISO, TOKEN)
    assert result.exit_code == 0
    out = result.stdout
    assert "Header" in out and "Payload" in out
    assert '"sub": "alice"' in out
    assert "2026-01-25T10:29:32Z" in out
    assert "in 14m 32s" in out and "3h 12m ago" in out
    assert "valid" in out
    assert "signature not verified" in out
    assert out.endswith("\n") and not out.endswith("\n\n")


def test_cli_decode_jwe(cli: Any) -> None:
    result = cli("decode", JWE)
    assert result.exit_code == 0
    assert "encrypted" in result.stdout
    assert "A256GCM" in result.stdout


def test_cli_claim_values(cli: Any) -> None:
    result = cli("decode", "--claim", "sub", "-c", "roles", "--claim", "n", TOKEN)
    assert result.exit_code == 0
    assert result.stdout == 'alice\n["admin"]\n7\n'  # strings bare, the rest as JSON


def test_cli_claim_from_the_header(cli: Any) -> None:
    result = cli("decode", "--claim", "kid", TOKEN)
    assert result.stdout == "key-1\n"


def test_cli_claim_missing_exits_1(cli: Any) -> None:
    result = cli("decode", "--claim", "sub", "--claim", "email", TOKEN)
    assert result.exit_code == 1
    assert result.stdout == "alice\n"
    assert "email" in result.stderr


def test_cli_claim_only_missing(cli: Any) -> None:
    result = cli("decode", "--claim", "email", TOKEN)
    assert result.exit_code == 1
    assert result.stdout == ""


def test_cli_claim_json(cli: Any) -> None:
    result = cli("decode", "--json", "--claim", "sub", "--claim", "n", TOKEN)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"sub": "alice", "n": 7}
    missing = cli("decode", "--json", "--claim", "email", TOKEN)
    assert missing.exit_code == 1
    json.loads(missing.stdout)  # still one JSON document


def test_cli_claim_of_a_jwe_is_missing(cli: Any) -> None:
    assert cli("decode", "--claim", "sub", JWE).exit_code == 1


def test_a_lone_surrogate_in_a_claim_is_shown_escaped() -> None:
    # '{"a":"\ud800"}' is valid JSON but its string has no UTF-8 form: writing it to stdout
    # raised UnicodeEncodeError (an internal error). A real process, as the pipe matters.
    header = b64url(b'{"alg":"HS256"}')
    payload = b64url(rb'{"a":"\ud800"}')
    token = f"{header}.{payload}.c2ln"
    for extra in ([], ["--json"]):
        result = subprocess.run(
            [sys.executable, "-m", "jwtfix", "decode", *extra, token],
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert b"\\ud800" in result.stdout
        if extra:
            assert json.loads(result.stdout)["payload"] == {"a": "\ud800"}
