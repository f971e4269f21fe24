"""verify's key rules (SPEC verify): keys that must not verify, and keys that warn.

Each rule through the CLI with the key as a JWK file, a PEM file or inside a
JWKS, as a user would give it; the tokens are signed for real with PyJWT.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import jwt
import pytest
from conftest import DATA, NOW
from cryptography.hazmat.primitives import serialization

from jwtfix.keys import Key, load_key
from jwtfix.ops.claims import Reason
from jwtfix.ops.verify import key_rule, verify
from jwtfix.tokens import parse

KEYS = DATA / "keys"
CLAIMS = {"sub": "u1", "iat": NOW - 60, "exp": NOW + 900}


def encode(payload: dict[str, Any], key: Any, alg: str, headers: Any = None) -> str:
    """PyJWT's encode; its warning about a weak key is the point of these tests, not news."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return jwt.encode(payload, key, algorithm=alg, headers=headers)


def private_pem(name: str) -> Any:
    return serialization.load_pem_private_key((KEYS / name).read_bytes(), password=None)


def public_jwk(name: str, **members: Any) -> dict[str, Any]:
    """The public JWK of a PEM private key of tests/data/keys, with extra members."""
    key = private_pem(name)
    algorithm = jwt.algorithms.RSAAlgorithm if "rsa" in name else jwt.algorithms.ECAlgorithm
    jwk: dict[str, Any] = json.loads(algorithm.to_jwk(key.public_key()))
    return jwk | members


def write(tmp_path: Path, name: str, document: Any) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return str(path)


def rs256(headers: dict[str, Any] | None = None, key: str = "rsa-pkcs8.pem") -> str:
    return encode(CLAIMS, private_pem(key), "RS256", headers)


def run(cli: Any, *args: str) -> tuple[int, dict[str, Any]]:
    result = cli("verify", "--at", str(NOW), "--json", *args)
    return result.exit_code, json.loads(result.stdout)


def test_a_good_rsa_key_as_jwk_pem_and_jwks_verifies(cli: Any, tmp_path: Path) -> None:
    token = rs256({"kid": "k1"})
    jwk = write(tmp_path, "k.json", public_jwk("rsa-pkcs8.pem", kid="k1", use="sig"))
    jwks = write(tmp_path, "jwks.json", {"keys": [public_jwk("rsa-pkcs8.pem", kid="k1")]})
    for option, path in (("--key", jwk), ("--key", str(KEYS / "rsa-spki.pem")), ("--jwks", jwks)):
        code, report = run(cli, option, path, token)
        assert (code, report["valid"], report["signature_valid"], report["warnings"]) == (
            0, True, True, []
        ), option  # fmt: skip


def test_an_rsa_key_under_2048_bits_is_weak(cli: Any, tmp_path: Path) -> None:
    token = rs256(key="rsa-1024.pem")
    jwk = write(tmp_path, "k.json", public_jwk("rsa-1024.pem"))
    jwks = write(tmp_path, "jwks.json", {"keys": [public_jwk("rsa-1024.pem")]})
    for option, path in (("--key", str(KEYS / "rsa-1024.pem")), ("--key", jwk), ("--jwks", jwks)):
        code, report = run(cli, option, path, token)
        assert (code, report["valid"], report["reason"]) == (1, False, "weak_key"), option
        assert "2048" in report["message"]


@pytest.mark.parametrize(("e", "value"), [("AQ", 1), ("AQAA", 65536), ("Ag", 2)])
def test_an_rsa_exponent_that_is_not_odd_and_at_least_3_is_weak(
    cli: Any, tmp_path: Path, e: str, value: int
) -> None:
    jwk = write(tmp_path, "k.json", public_jwk("rsa-pkcs8.pem", e=e))
    code, report = run(cli, "--key", jwk, rs256())
    assert (code, report["reason"], report["signature_valid"]) == (1, "weak_key", None)
    assert f"exponent e is {value}" in report["message"]
    assert report["key"].startswith("RSA-2048 public key"), report["key"]


def test_an_rsa_jwk_without_a_modulus_is_named_for_what_it_is(cli: Any, tmp_path: Path) -> None:
    """e = 1 and no `n`: kept to name its flaw, and described without a size it lacks."""
    for n in ({}, {"n": ""}, {"n": "!!"}):
        jwk = write(tmp_path, "k.json", {"kty": "RSA", "e": "AQ", **n})
        code, report = run(cli, "--key", jwk, rs256())
        assert (code, report["reason"]) == (1, "weak_key"), n
        assert report["key"].startswith("RSA (no usable modulus n) public key"), report["key"]
        assert "None" not in report["message"] + report["key"]


def test_an_empty_hmac_jwk_is_weak(cli: Any, tmp_path: Path) -> None:
    token = jwt.encode(CLAIMS, "x" * 32, algorithm="HS256")
    for option in ("--key", "--jwks"):
        document: Any = {"kty": "oct", "k": ""}
        if option == "--jwks":
            document = {"keys": [document]}
        code, report = run(cli, option, write(tmp_path, "k.json", document), token)
        assert (code, report["reason"]) == (1, "weak_key"), option


def test_two_jwks_keys_with_the_token_kid_are_ambiguous(cli: Any, tmp_path: Path) -> None:
    token = rs256({"kid": "same"})
    jwks = write(tmp_path, "jwks.json", {"keys": [
        public_jwk("rsa-pkcs8.pem", kid="same"), public_jwk("rsa-other.pem", kid="same")
    ]})  # fmt: skip
    code, report = run(cli, "--jwks", jwks, token)
    assert (code, report["valid"], report["reason"]) == (1, False, "kid_ambiguous")


@pytest.mark.parametrize(
    ("members", "words"),
    [
        ({"use": "enc"}, "\"use\": 'enc'"),
        ({"key_ops": ["encrypt", "wrapKey"]}, 'without "verify"'),
        ({"alg": "RS512"}, "RS512"),
        ({"alg": "PS256"}, "PS256"),
    ],
    ids=["use-enc", "key_ops-no-verify", "alg-RS512", "alg-PS256"],
)
def test_a_jwk_whose_members_contradict_the_token_is_refused(
    cli: Any, tmp_path: Path, members: dict[str, Any], words: str
) -> None:
    token = rs256({"kid": "k1"})
    jwk = public_jwk("rsa-pkcs8.pem", kid="k1", **members)
    for option, document in (("--key", jwk), ("--jwks", {"keys": [jwk]})):
        code, report = run(cli, option, write(tmp_path, "k.json", document), token)
        assert (code, report["valid"], report["reason"]) == (1, False, "key_type_mismatch")
        assert report["signature_valid"] is not True
        assert words in report["message"], option


def test_a_key_of_another_type_or_curve_is_a_mismatch(cli: Any, tmp_path: Path) -> None:
    token = rs256()
    ec = write(tmp_path, "ec.json", public_jwk("ec256-pkcs8.pem"))
    for path in (ec, str(KEYS / "ec256-spki.pem")):
        code, report = run(cli, "--key", path, token)
        assert (code, report["reason"]) == (1, "key_type_mismatch")
    es256 = jwt.encode(CLAIMS, private_pem("ec256-pkcs8.pem"), algorithm="ES256")
    code, report = run(cli, "--key", str(KEYS / "ec384-spki.pem"), es256)
    assert (code, report["reason"]) == (1, "key_type_mismatch")


def test_a_jwks_mixing_secret_and_public_keys_is_refused(cli: Any, tmp_path: Path) -> None:
    """An HS256 token may pick the oct key by its kid: the JWKS itself is the problem."""
    secret = {"kty": "oct", "kid": "s", "k": "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC0"}
    jwks = write(tmp_path, "jwks.json", {"keys": [public_jwk("rsa-pkcs8.pem", kid="k1"), secret]})
    for token in (rs256({"kid": "k1"}), jwt.encode(CLAIMS, b"secret-" * 5, "HS256", {"kid": "s"})):
        code, report = run(cli, "--jwks", jwks, token)
        assert (code, report["reason"]) == (1, "key_type_mismatch")
        assert "mixes" in report["message"]


def test_a_jwks_of_secret_keys_alone_verifies_hs_tokens(cli: Any, tmp_path: Path) -> None:
    secret = b"0123456789abcdef0123456789abcdef"
    jwks = write(tmp_path, "jwks.json", {"keys": [
        {"kty": "oct", "kid": "s", "k": jwt.utils.base64url_encode(secret).decode()}
    ]})  # fmt: skip
    code, report = run(cli, "--jwks", jwks, jwt.encode(CLAIMS, secret, "HS256", {"kid": "s"}))
    assert (code, report["valid"], report["warnings"]) == (0, True, [])


def test_an_hmac_key_shorter_than_its_hash_verifies_with_a_warning(
    cli: Any, tmp_path: Path
) -> None:
    short = b"sixteen-byte-key"
    token = encode(CLAIMS, short, "HS256")
    jwk = write(tmp_path, "k.json", {"kty": "oct", "k": jwt.utils.base64url_encode(short).decode()})
    for args in (("--key", jwk), ("--secret", short.decode())):
        code, report = run(cli, *args, token)
        assert (code, report["valid"], report["signature_valid"]) == (0, True, True)
        assert len(report["warnings"]) == 1
        assert "shorter than HS256's hash (32 bytes)" in report["warnings"][0]
        assert short.decode() not in json.dumps(report)


def test_an_unknown_jwk_alg_warns_and_the_key_is_judged_by_kty_and_crv(
    cli: Any, tmp_path: Path
) -> None:
    """A typo (ES521 for ES512) on a P-521 key: the token it fits still verifies."""
    jwk = json.loads((DATA / "vectors" / "rfc7520-3.2-ec-p521.jwk.json").read_text())
    private = jwt.algorithms.ECAlgorithm.from_jwk(jwk)
    token = encode(CLAIMS, private, "ES512")
    public = {k: v for k, v in jwk.items() if k != "d"} | {"alg": "ES521"}
    for option, document in (("--key", public), ("--jwks", {"keys": [public]})):
        code, report = run(cli, option, write(tmp_path, "k.json", document), token)
        assert (code, report["valid"]) == (0, True), option
        assert any("'ES521'" in line for line in report["warnings"])
    es256 = jwt.encode(CLAIMS, private_pem("ec256-pkcs8.pem"), algorithm="ES256")
    code, report = run(cli, "--key", write(tmp_path, "k.json", public), es256)
    assert (code, report["reason"]) == (1, "key_type_mismatch")


def test_subject_mismatch(cli: Any) -> None:
    code, report = run(cli, "--key", str(KEYS / "rsa-spki.pem"), "--sub", "u2", rs256())
    assert (code, report["reason"], report["signature_valid"]) == (1, "subject_mismatch", True)


def test_an_internal_error_is_exit_3_without_traceback(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.delenv("JWTFIX_DEBUG", raising=False)
    monkeypatch.setattr("jwtfix.ops.verify.verify", broken)
    result = cli("verify", "--key", str(KEYS / "rsa-spki.pem"), rs256())
    assert result.exit_code == 3
    assert result.stderr.startswith("error: internal error")
    assert "Traceback" not in result.stderr + result.stdout


def test_key_rule_through_the_core() -> None:
    weak = load_key(KEYS / "rsa-1024.pem")
    assert isinstance(weak, Key)
    assert key_rule("RS256", weak) is not None
    assert key_rule("RS256", load_key(KEYS / "rsa-spki.pem")) is None
    report = verify(parse(rs256(key="rsa-1024.pem")), now=NOW, key=weak)
    assert (report.reason, report.valid) == (Reason.WEAK_KEY, False)
