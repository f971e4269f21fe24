"""`verify` held to published test vectors (tests/data/vectors/README.md says whose).

Each compact JWS of RFC 7515 Appendix A, RFC 7520 section 4 and RFC 8037
Appendix A verifies with the key its RFC gives, and the same token with one
byte changed in any segment does not. RFC 7520's and RFC 8037's payloads (and
RFC 7515 A.4's) are not JSON: their signatures are judged all the same, and the
token is then a JWS but not a JWT (`malformed`, exit 1).
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from conftest import DATA

from jwtfix.keys import load_key
from jwtfix.ops.claims import Reason
from jwtfix.ops.verify import verify
from jwtfix.tokens import parse

VECTORS = DATA / "vectors"
BEFORE_A1_EXPIRES = 1_300_000_000
"""2011-03-13: RFC 7515 A.1's payload expires at 1300819380."""

# (token file, key file, its payload is a JSON object of claims)
SIGNED = [
    ("rfc7515-a1-hs256", "rfc7515-a1-hmac", True),
    ("rfc7515-a2-rs256", "rfc7515-a2-rsa", True),
    ("rfc7515-a3-es256", "rfc7515-a3-ec-p256", True),
    ("rfc7515-a4-es512", "rfc7515-a4-ec-p521", False),
    ("rfc7520-4.1-rs256", "rfc7520-3.4-rsa", False),
    ("rfc7520-4.2-ps384", "rfc7520-3.4-rsa", False),
    ("rfc7520-4.3-es512", "rfc7520-3.2-ec-p521", False),
    ("rfc7520-4.4-hs256", "rfc7520-3.5-hmac", False),
    ("rfc8037-a4-ed25519", "rfc8037-a1-ed25519", False),
]
IDS = [name for name, _, _ in SIGNED]


def token_text(name: str) -> str:
    return (VECTORS / f"{name}.jwt").read_text().strip()


def key_path(name: str) -> str:
    return str(VECTORS / f"{name}.jwk.json")


def run_verify(cli: Any, token: str, key: str) -> tuple[int, dict[str, Any]]:
    result = cli("verify", "--key", key, "--at", str(BEFORE_A1_EXPIRES), "--json", token)
    return result.exit_code, json.loads(result.stdout)


def change_one_byte(token: str, segment: int) -> str:
    """The token with the middle byte of one segment's decoded bytes changed."""
    parts = token.split(".")
    data = bytearray(base64.urlsafe_b64decode(parts[segment] + "=" * (-len(parts[segment]) % 4)))
    data[len(data) // 2] ^= 0x01
    parts[segment] = base64.urlsafe_b64encode(bytes(data)).rstrip(b"=").decode()
    return ".".join(parts)


@pytest.mark.parametrize(("name", "key", "is_jwt"), SIGNED, ids=IDS)
def test_each_vector_verifies_with_its_rfc_key(cli: Any, name: str, key: str, is_jwt: bool) -> None:
    code, report = run_verify(cli, token_text(name), key_path(key))
    assert report["signature_valid"] is True
    if is_jwt:
        assert (code, report["valid"], report["reason"]) == (0, True, None)
    else:
        assert (code, report["valid"], report["reason"]) == (1, False, "malformed")
        assert any("is a JWS" in line and "not a JWT" in line for line in report["diagnosis"])


@pytest.mark.parametrize(("name", "key", "is_jwt"), SIGNED, ids=IDS)
def test_each_vector_through_the_core(name: str, key: str, is_jwt: bool) -> None:
    report = verify(
        parse(token_text(name), any_payload=True),
        now=BEFORE_A1_EXPIRES,
        key=load_key(key_path(key)),
    )
    assert report.signature_valid is True
    assert report.reason == (None if is_jwt else Reason.MALFORMED)


@pytest.mark.parametrize("segment", [1, 2], ids=["payload", "signature"])
@pytest.mark.parametrize(("name", "key", "is_jwt"), SIGNED, ids=IDS)
def test_one_changed_byte_in_payload_or_signature_fails(
    cli: Any, name: str, key: str, is_jwt: bool, segment: int
) -> None:
    code, report = run_verify(cli, change_one_byte(token_text(name), segment), key_path(key))
    assert (code, report["valid"], report["signature_valid"]) == (1, False, False)
    assert report["reason"] == "invalid_signature"


@pytest.mark.parametrize(("name", "key", "is_jwt"), SIGNED, ids=IDS)
def test_one_changed_byte_in_the_header_never_verifies(
    cli: Any, name: str, key: str, is_jwt: bool
) -> None:
    result = cli(
        "verify", "--key", key_path(key), "--at", str(BEFORE_A1_EXPIRES), "--json",
        change_one_byte(token_text(name), 0),
    )  # fmt: skip
    # A changed header byte mostly breaks its JSON (exit 2, not a JWT); when it does not,
    # the signature must fail: never exit 0.
    assert result.exit_code in (1, 2)
    document = json.loads(result.stdout)
    assert document.get("signature_valid") is not True
    assert document.get("valid") is not True


def test_the_detached_content_example_never_verifies(cli: Any) -> None:
    """RFC 7520 4.5: the payload travels elsewhere; over the empty segment it cannot verify."""
    code, report = run_verify(
        cli, token_text("rfc7520-4.5-hs256-detached"), key_path("rfc7520-3.5-hmac")
    )
    assert (code, report["valid"], report["signature_valid"]) == (1, False, False)
    assert any("detached content" in line for line in report["diagnosis"])


@pytest.mark.parametrize("key", ["rfc7515-a1-hmac", "rfc7515-a2-rsa", "rfc7515-a3-ec-p256"])
def test_the_unsecured_example_is_never_valid(cli: Any, key: str) -> None:
    code, report = run_verify(cli, token_text("rfc7515-a5-none"), key_path(key))
    assert (code, report["valid"], report["reason"]) == (1, False, "alg_none")
    assert report["signature_valid"] is not True
    for alg in ("none", "HS256"):
        result = cli(
            "verify", "--key", key_path(key), "--alg", alg, "--json", token_text("rfc7515-a5-none")
        )
        assert result.exit_code != 0


def test_the_rfc_key_judges_expiry_as_any_token(cli: Any) -> None:
    """A.1 expired in 2011: a good signature does not make an expired token valid."""
    result = cli(
        "verify", "--key", key_path("rfc7515-a1-hmac"), "--json", token_text("rfc7515-a1-hs256")
    )
    report = json.loads(result.stdout)
    assert (result.exit_code, report["reason"], report["signature_valid"]) == (1, "expired", True)


def test_another_command_still_refuses_a_payload_that_is_not_json(cli: Any) -> None:
    result = cli("expiry", "--json", token_text("rfc7520-4.1-rs256"))
    assert result.exit_code == 2
    assert "payload" in json.loads(result.stdout)["error"]["message"]
