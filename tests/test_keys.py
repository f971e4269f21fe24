"""Secrets and key files: every format SPEC names loads, and what does not says why."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, make_token

from jwtfix.errors import KeyLoadError
from jwtfix.jws import hmac_verifies
from jwtfix.keys import (
    Key,
    Secret,
    decode_secret,
    key_mismatch,
    load_jwks,
    load_key,
    read_secret_file,
)
from jwtfix.ops import keygen
from jwtfix.tokens import parse

KEYS = DATA / "keys"


@pytest.mark.parametrize(
    ("name", "kty", "private", "curve", "form"),
    [
        ("rsa-pkcs8.pem", "RSA", True, None, "PEM PKCS#8 private key"),
        ("rsa-pkcs1.pem", "RSA", True, None, "PEM PKCS#1 private key"),
        ("rsa-spki.pem", "RSA", False, None, "PEM SPKI public key"),
        ("rsa-pkcs1-public.pem", "RSA", False, None, "PEM PKCS#1 public key"),
        ("rsa-cert.pem", "RSA", False, None, "X.509 certificate"),
        ("rsa-pkcs8.der", "RSA", True, None, "DER private key"),
        ("ec256-sec1.pem", "EC", True, "P-256", "PEM SEC1 private key"),
        ("ec256-pkcs8.pem", "EC", True, "P-256", "PEM PKCS#8 private key"),
        ("ec384-spki.pem", "EC", False, "P-384", "PEM SPKI public key"),
        ("ec521-pkcs8.pem", "EC", True, "P-521", "PEM PKCS#8 private key"),
        ("ed25519-pkcs8.pem", "OKP", True, "Ed25519", "PEM PKCS#8 private key"),
        ("ed25519-spki.pem", "OKP", False, "Ed25519", "PEM SPKI public key"),
        ("rsa-private.jwk.json", "RSA", True, None, "JWK"),
        ("ec256-public.jwk.json", "EC", False, "P-256", "JWK"),
        ("ed25519-public.jwk.json", "OKP", False, "Ed25519", "JWK"),
    ],
)
def test_every_key_format_loads(
    name: str, kty: str, private: bool, curve: str | None, form: str
) -> None:
    key = load_key(KEYS / name)
    assert (key.kty, key.private, key.curve, key.form) == (kty, private, curve, form)
    if kty == "RSA":
        assert key.bits == 2048
    assert "material" not in repr(key)  # key material stays out of reprs and logs


def test_default_algorithms_follow_the_key() -> None:
    assert load_key(KEYS / "rsa-spki.pem").algorithms()[:3] == ("RS256", "RS384", "RS512")
    assert load_key(KEYS / "ec384-spki.pem").algorithms() == ("ES384",)
    assert load_key(KEYS / "ec521-spki.pem").algorithms() == ("ES512",)
    assert load_key(KEYS / "ed25519-spki.pem").algorithms() == ("EdDSA",)
    # a JWK with "alg" allows that algorithm alone
    assert load_key(KEYS / "rsa-public.jwk.json").algorithms() == ("RS256",)
    assert (
        load_key(KEYS / "rsa-public.jwk.json").kid == "V6nl4ljXJOXwi0N0g_LgeIXEUPwGgNey8Nmokgs12BQ"
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "encrypted private key"),
        (b"", "is empty"),
        (b"hello, I am not a key", "is not a key"),
        (b'{"kty": "RSA", "n": "AQAB"}', "cannot load the RSA JWK"),
        (b'{"kty": "XYZ"}', '"kty": "XYZ"'),
        (b"{not json", "not valid JSON at line 1"),
        (
            b"-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n",
            "no matching",
        ),
        (b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "cannot load"),
        (b"-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n", "not a key"),
    ],
)
def test_bad_key_files_say_what_is_wrong(
    tmp_path: Path, content: bytes | None, expected: str
) -> None:
    path = KEYS / "encrypted.pem" if content is None else tmp_path / "key"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(KeyLoadError) as err:
        load_key(path)
    assert expected in err.value.message
    assert str(path) in err.value.message


def test_missing_key_file() -> None:
    with pytest.raises(KeyLoadError, match=r"cannot read key file 'nope\.pem'"):
        load_key("nope.pem")


def test_jwks_loads_every_key_and_a_jwks_of_several_is_not_a_key() -> None:
    keys = load_jwks(KEYS / "jwks.json")
    assert [k.kty for k in keys] == ["RSA", "EC", "OKP"]
    assert all(k.kid for k in keys)
    with pytest.raises(KeyLoadError, match="JWKS with 3 keys: pass it with --jwks"):
        load_key(KEYS / "jwks.json")


def test_secret_repr_and_str_never_show_the_value() -> None:
    secret = Secret(b"hunter2-very-secret-value", "--secret-file s.txt")
    assert "hunter2" not in repr(secret)
    assert "hunter2" not in str(secret)
    assert secret.describe() == "--secret-file s.txt (25 bytes)"


@pytest.mark.parametrize(
    ("raw", "encoding", "value"),
    [
        (b"plain text", "utf8", b"plain text"),
        (b"aGVsbG8gd29ybGQ=", "base64", b"hello world"),
        (b"aGVsbG8gd29ybGQ", "base64", b"hello world"),  # padding optional
        (b"-_-_", "base64url", b"\xfb\xff\xbf"),
        (b"deadBEEF", "hex", b"\xde\xad\xbe\xef"),
    ],
)
def test_secret_encodings(raw: bytes, encoding: Any, value: bytes) -> None:
    assert decode_secret(raw, encoding, "x").value == value


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (b"not hex at all!", "hex"),
        (b"abc$%^", "base64"),
        (b"ab+/", "base64url"),
        (b"ab-_", "base64"),
    ],
)
def test_bad_secret_encoding_names_the_origin_not_the_value(raw: bytes, encoding: Any) -> None:
    with pytest.raises(KeyLoadError) as err:
        decode_secret(raw, encoding, "$MY_SECRET")
    assert "$MY_SECRET" in err.value.message
    assert f"not valid {encoding}" in err.value.message
    assert raw.decode() not in err.value.message


def test_secret_file_loses_exactly_one_trailing_newline(tmp_path: Path) -> None:
    cases = {b"abc\n": (b"abc", True), b"abc\r\n": (b"abc", True), b"abc\n\n": (b"abc\n", True),
             b"abc": (b"abc", False), b" abc ": (b" abc ", False)}  # fmt: skip
    for content, expected in cases.items():
        path = tmp_path / "s"
        path.write_bytes(content)
        assert read_secret_file(path) == expected


def test_hmac_verifies_by_the_tokens_alg() -> None:
    for alg in ("HS256", "HS384", "HS512"):
        token = parse(make_token({"a": 1}, secret=b"k" * 64, alg=alg))
        assert hmac_verifies(token, b"k" * 64)
        assert not hmac_verifies(token, b"k" * 63)
    unsigned = parse(make_token({"a": 1}, alg="none"))
    assert not hmac_verifies(unsigned, b"")


def test_key_mismatch_sentences() -> None:
    rsa_public = load_key(KEYS / "rsa-spki.pem")
    rsa_private = load_key(KEYS / "rsa-pkcs8.pem")
    ec384 = load_key(KEYS / "ec384-pkcs8.pem")
    secret = Secret(b"s" * 32, "$S")
    assert key_mismatch("RS256", rsa_private, signing=True) is None
    assert key_mismatch("PS512", rsa_public, signing=False) is None
    assert "private key" in (key_mismatch("RS256", rsa_public, signing=True) or "")
    assert "curve P-256" in (key_mismatch("ES256", ec384, signing=True) or "")
    assert "RSA" in (key_mismatch("ES256", rsa_private, signing=True) or "")
    assert "shared secret" in (key_mismatch("HS256", rsa_public, signing=False) or "")
    assert "HS256/HS384/HS512" in (key_mismatch("RS256", secret, signing=True) or "")


@pytest.mark.parametrize("alg", keygen.KEYGEN_ALGS)
def test_keygen_pairs_load_back_with_their_thumbprint(alg: str, tmp_path: Path) -> None:
    pair = keygen.generate(alg)
    written = keygen.write(pair, tmp_path)
    private = load_key(tmp_path / "private.pem")
    public = load_key(tmp_path / "public.jwk.json")
    assert private.private and not public.private
    assert public.kid == pair.kid == keygen.thumbprint(pair.public_jwk)
    assert alg in private.algorithms()
    for path in written:
        mode = stat.S_IMODE(path.stat().st_mode)
        if "private" in path.name:
            assert mode == 0o600
        else:
            assert mode & 0o077 != 0o077  # readable by others is fine, private is not
    assert json.loads((tmp_path / "jwks.json").read_text())["keys"][0]["kid"] == pair.kid


def test_thumbprint_matches_jose() -> None:
    """The fixture JWKs were exported, with their kid, by jose's calculateJwkThumbprint."""
    for name in ("rsa-public.jwk.json", "ec256-public.jwk.json", "ed25519-public.jwk.json"):
        jwk = json.loads((KEYS / name).read_text())
        assert keygen.thumbprint(jwk) == jwk["kid"]


def test_keygen_never_overwrites_without_force(tmp_path: Path) -> None:
    pair = keygen.generate("ES256")
    keygen.write(pair, tmp_path)
    (tmp_path / "private.pem").chmod(0o644)
    with pytest.raises(Exception, match="already exist"):
        keygen.write(keygen.generate("ES256"), tmp_path)
    other = keygen.generate("ES256")
    keygen.write(other, tmp_path, force=True)
    assert load_key(tmp_path / "public.jwk.json").kid == other.kid
    assert stat.S_IMODE((tmp_path / "private.pem").stat().st_mode) == 0o600


def test_keygen_cli_writes_files_and_prints_the_kid(cli: Any, tmp_path: Path) -> None:
    result = cli("keygen", "--alg", "EdDSA", "--out", str(tmp_path / "k"), "--json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert set(document["files"]) == {
        "private_pem",
        "public_pem",
        "private_jwk",
        "public_jwk",
        "jwks",
    }
    assert isinstance(load_key(document["files"]["public_jwk"]), Key)
    again = cli("keygen", "--alg", "EdDSA", "--out", str(tmp_path / "k"))
    assert again.exit_code == 2
    assert again.stderr.startswith("error: ") and "already exist" in again.stderr


def test_keygen_cli_to_stdout(cli: Any, tmp_path: Path) -> None:
    result = cli("keygen", "--alg", "ES384")
    assert result.exit_code == 0
    assert "-----BEGIN PRIVATE KEY-----" in result.stdout
    assert "-----BEGIN PUBLIC KEY-----" in result.stdout
    jwks = json.loads(result.stdout.strip().splitlines()[-1])
    assert jwks["keys"][0]["crv"] == "P-384"
    path = tmp_path / "all.pem"
    path.write_text(result.stdout)
    assert load_key(path).private  # the printed private PEM is usable as is
    assert cli("keygen", "--alg", "HS256").exit_code == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"JWT_SECRET=x\n", "is not valid JSON at line 1"),  # not "starts like JSON"
        (b'{"keys":' + b"[" * 5000 + b"]" * 5000 + b"}", "nested too deeply"),
    ],
)
def test_jwks_that_is_not_json_says_so(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "jwks.json"
    path.write_bytes(content)
    with pytest.raises(KeyLoadError) as info:
        load_jwks(path)
    assert message in info.value.message
    assert ("starts like JSON" in info.value.message) == content.startswith(b"{")
