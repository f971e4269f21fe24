"""`sign`: every algorithm, every claim option, .env defaults, and nothing but the token."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, NOW, NOW_ISO, make_token

from jwtfix.envfile import parse as parse_env
from jwtfix.errors import DurationError, InputError, KeyLoadError
from jwtfix.jws import SIGNING_ALGS
from jwtfix.keys import Secret, load_key
from jwtfix.ops.sign import TimeSpec, build_payload, parse_assignment, sign
from jwtfix.ops.verify import verify
from jwtfix.tokens import parse

KEYS = DATA / "keys"
EXAMPLES = Path(__file__).parent.parent / "examples"
GOOD_ENV = str(EXAMPLES / "good.env")
SECRET = "Xq7-distinctive-test-secret-value-0123456789abcdef"
SIGNING_KEY = {
    **dict.fromkeys(("RS256", "RS384", "RS512", "PS256", "PS384", "PS512"), "rsa-pkcs8.pem"),
    "ES256": "ec256-sec1.pem",
    "ES384": "ec384-pkcs8.pem",
    "ES512": "ec521-pkcs8.pem",
    "EdDSA": "ed25519-pkcs8.pem",
}
VERIFY_KEY = {
    **dict.fromkeys(("RS256", "RS384", "RS512", "PS256", "PS384", "PS512"), "rsa-spki.pem"),
    "ES256": "ec256-spki.pem",
    "ES384": "ec384-spki.pem",
    "ES512": "ec521-spki.pem",
    "EdDSA": "ed25519-spki.pem",
}


def key_args(alg: str) -> list[str]:
    if alg.startswith("HS"):
        return ["--secret-env", "JWTFIX_TEST_SECRET"]
    return ["--key", str(KEYS / SIGNING_KEY[alg])]


@pytest.fixture(autouse=True)
def _secret_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JWTFIX_TEST_SECRET", SECRET)


def signed(cli: Any, *args: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    result = cli("sign", "--at", str(NOW), *args)
    assert result.exit_code == 0, result.stderr
    token = result.stdout
    assert token.endswith("\n") and token.count("\n") == 1  # the token alone on stdout
    parsed = parse(token.strip())
    return parsed.header, parsed.claims, token.strip()


@pytest.mark.parametrize("alg", SIGNING_ALGS)
def test_every_algorithm_signs_a_token_that_verifies(cli: Any, alg: str) -> None:
    header, claims, token = signed(cli, "--alg", alg, "--sub", "u1", *key_args(alg))
    assert header == {"alg": alg, "typ": "JWT"}
    assert claims == {"iat": NOW, "sub": "u1"}
    key = None if alg.startswith("HS") else load_key(KEYS / VERIFY_KEY[alg])
    secret = Secret(SECRET.encode(), "$JWTFIX_TEST_SECRET") if key is None else None
    report = verify(parse(token), now=NOW, secret=secret, key=key)
    assert (report.valid, report.reason) == (True, None)


@pytest.mark.parametrize("alg", ["HS256", "HS512", "RS256", "RS512", "EdDSA"])
def test_at_makes_deterministic_algorithms_reproducible_byte_for_byte(cli: Any, alg: str) -> None:
    args = ("--alg", alg, "--sub", "u1", "--expires", "15m", *key_args(alg))
    assert signed(cli, *args)[2] == signed(cli, *args)[2]


@pytest.mark.parametrize(
    ("expires", "lifetime"),
    [("15m", 900), ("900", 900), ("2.5 hrs", 9000), ("7d", 604800), ("1y", 31557600),
     ("-5m", -300), ("100ms", 0), ("1500ms", 1), ("0.5", 0)],
)  # fmt: skip
def test_relative_expiry_is_jsonwebtokens(cli: Any, expires: str, lifetime: int) -> None:
    _, claims, _ = signed(cli, "--expires", expires, *key_args("HS256"))
    assert claims["exp"] - claims["iat"] == lifetime


def test_negative_expiry_gives_an_expired_token(cli: Any) -> None:
    _, _, token = signed(cli, "--expires", "-5m", *key_args("HS256"))
    result = cli("expiry", "--at", str(NOW), "--json", token)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["status"] == "expired"


def test_absolute_and_relative_times(cli: Any) -> None:
    _, claims, _ = signed(
        cli, "--expires", "2026-02-01T00:00:00Z", "--not-before", "+1m", *key_args("HS256")
    )
    assert claims["exp"] == 1769904000
    assert claims["nbf"] == NOW + 60
    # durations count from iat, as jsonwebtoken's do
    _, claims, _ = signed(cli, "--iat", "2026-01-01", "--expires", "1h", *key_args("HS256"))
    assert (claims["iat"], claims["exp"]) == (1767225600, 1767225600 + 3600)
    _, claims, _ = signed(cli, "--no-iat", "--expires", "1h", *key_args("HS256"))
    assert "iat" not in claims and claims["exp"] == NOW + 3600


def test_claim_options_in_jsonwebtokens_order(cli: Any) -> None:
    header, claims, _ = signed(
        cli,
        "--claim", "role=admin", "--claim", "admin:=true", "--claim", "n:=[1,2]",
        "--claim", "eq=a=b", "--sub", "u1", "--iss", "https://i", "--aud", "a1", "--aud", "a2",
        "--jti", "j-1", "--kid", "k1", "--header", "cty=x", "--expires", "1h",
        *key_args("HS256"),
    )  # fmt: skip
    assert header == {"alg": "HS256", "typ": "JWT", "kid": "k1", "cty": "x"}
    assert list(claims) == ["role", "admin", "n", "eq", "iat", "exp", "aud", "iss", "sub", "jti"]
    assert claims["admin"] is True and claims["n"] == [1, 2] and claims["eq"] == "a=b"
    assert claims["aud"] == ["a1", "a2"]
    _, claims, _ = signed(cli, "--aud", "only", "--jti", "auto", *key_args("HS256"))
    assert claims["aud"] == "only"
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", claims["jti"]
    )


def test_payload_from_json_file_and_stdin(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text('{"sub": "from-file", "iat": 1700000000}')
    _, claims, _ = signed(cli, "--payload", f"@{path}", "--expires", "1m", *key_args("HS256"))
    assert claims == {"sub": "from-file", "iat": 1700000000, "exp": 1700000060}
    result = cli("sign", "--at", str(NOW), "--payload", "-", *key_args("HS256"), input='{"a": 1}')
    assert parse(result.stdout.strip()).claims == {"a": 1, "iat": NOW}
    _, claims, _ = signed(cli, "--payload", '{"sub": "x"}', "--sub", "y", *key_args("HS256"))
    assert claims["sub"] == "y"  # options win over the payload


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--payload", "[1]"], "not an object"),
        (["--payload", "{nope"], "--payload from argument is not JSON"),
        (["--claim", "x:={bad"], "--claim x:=...: the value is not JSON"),
        (["--claim", "x:=NaN"], "not JSON"),
        # 1e400 overflows to infinity, which json.dumps refused: was an internal error
        (["--claim", "x:=1e400"], "too large"),
        (["--payload", '{"a": -1e400}'], "too large"),
        (["--payload", '{"a":' * 5000 + "1" + "}" * 5000], "nested too deeply"),
        (["--claim", "novalue"], "has no '='"),
        (["--header", "alg=none"], "set the algorithm with --alg"),
        (["--expires", "soon"], "--expires 'soon' is not a time"),
        # an empty value ("$EXP" unset) silently signed a token without exp
        (["--expires", ""], "--expires is empty"),
        (["--not-before", " "], "--not-before is empty"),
        (["--no-iat", "--iat", "now"], "not both"),  # --iat was silently dropped
        (["--alg", "none"], "--allow-none"),
        (["--alg", "HS999"], "unknown algorithm 'HS999'"),
        (["--alg", "RS256"], "RS256 needs an RSA key (--key PATH)"),
        (["--secret-env", "JWTFIX_NOT_SET_ANYWHERE"], "environment variable is not set"),
    ],
)
def test_bad_sign_input_is_one_error_line(cli: Any, args: list[str], message: str) -> None:
    if "--secret-env" not in args:
        args = [*args, *key_args("HS256")]
    result = cli("sign", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr


@pytest.mark.parametrize(
    ("alg", "key", "message"),
    [
        (
            "ES256",
            "rsa-pkcs8.pem",
            "ES256 needs an EC key on curve P-256, but --key is an RSA-2048",
        ),
        ("ES256", "ec384-pkcs8.pem", "EC P-384"),
        ("RS256", "rsa-spki.pem", "signing needs a private key"),
        ("EdDSA", "ec256-pkcs8.pem", "EdDSA needs an Ed25519 or Ed448 key"),
        ("HS256", "rsa-pkcs8.pem", "HS256 is an HMAC algorithm and needs a shared secret"),
    ],
)
def test_wrong_key_for_the_algorithm(cli: Any, alg: str, key: str, message: str) -> None:
    result = cli("sign", "--alg", alg, "--key", str(KEYS / key))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and message in result.stderr


def test_key_decides_the_default_algorithm_and_kid(cli: Any) -> None:
    header, _, _ = signed(cli, "--key", str(KEYS / "ec384-pkcs8.pem"))
    assert header["alg"] == "ES384"
    header, _, _ = signed(cli, "--key", str(KEYS / "rsa-private.jwk.json"))
    assert header == {
        "alg": "RS256",
        "typ": "JWT",
        "kid": "V6nl4ljXJOXwi0N0g_LgeIXEUPwGgNey8Nmokgs12BQ",
    }


def test_alg_none_only_when_allowed(cli: Any) -> None:
    header, claims, token = signed(cli, "--alg", "none", "--allow-none", "--sub", "x")
    assert claims == {"iat": NOW, "sub": "x"}
    assert header["alg"] == "none" and token.endswith(".")


def test_env_defaults_and_pair(cli: Any) -> None:
    env = parse_env((EXAMPLES / "good.env").read_text(), GOOD_ENV)
    access_secret = Secret(env.value("JWT_SECRET").encode(), "JWT_SECRET")  # type: ignore[union-attr]
    _, claims, token = signed(cli, "--env", GOOD_ENV, "--sub", "u1")
    assert claims["exp"] - claims["iat"] == 900
    assert (claims["iss"], claims["aud"]) == ("https://auth.example.com", "api.example.com")
    assert verify(parse(token), now=NOW, secret=access_secret).valid
    result = cli("sign", "--env", GOOD_ENV, "--pair", "--sub", "u1", "--at", str(NOW))
    assert result.exit_code == 0, result.stderr
    pair = json.loads(result.stdout)
    assert list(pair) == ["accessToken", "refreshToken", "expiresIn"]
    assert pair["expiresIn"] == 900
    refresh = parse(pair["refreshToken"])
    assert refresh.claims["exp"] - refresh.claims["iat"] == 7 * 86400
    refresh_secret = Secret(env.value("JWT_REFRESH_SECRET").encode(), "x")  # type: ignore[union-attr]
    assert verify(refresh, now=NOW, secret=refresh_secret).valid
    assert not verify(refresh, now=NOW, secret=access_secret).valid


def test_pair_refresh_token_has_a_jti_and_passes_check(cli: Any) -> None:
    args = ("sign", "--env", GOOD_ENV, "--pair", "--sub", "u1")
    first, second = (json.loads(cli(*args).stdout) for _ in range(2))
    jti = parse(first["refreshToken"]).claims["jti"]
    assert jti != parse(second["refreshToken"]).claims["jti"]  # one per token
    assert "jti" not in parse(first["accessToken"]).claims
    # Under --at the pair stays reproducible byte for byte, jti included.
    pinned = [cli(*args, "--at", str(NOW)).stdout for _ in range(2)]
    assert pinned[0] == pinned[1]
    # What jwtfix signs as a pair passes jwtfix's own checklist (JWT504 among it).
    report = cli(
        "check", "--json", "--env", GOOD_ENV, "--refresh-token", first["refreshToken"],
        first["accessToken"],
    )  # fmt: skip
    document = json.loads(report.stdout)
    assert report.exit_code == 0, document
    assert {f["id"]: f["status"] for f in document["findings"]}["JWT504"] == "pass"


def test_env_expiry_without_unit_is_milliseconds_like_jsonwebtoken(
    cli: Any, tmp_path: Path
) -> None:
    env = tmp_path / ".env"
    env.write_text(f"JWT_SECRET={SECRET}\nJWT_EXPIRES_IN=900\n")
    result = cli("sign", "--env", str(env), "--at", str(NOW))
    assert result.exit_code == 0
    claims = parse(result.stdout.strip()).claims
    assert claims["exp"] == claims["iat"]  # 900 ms
    assert "JWT_EXPIRES_IN in" in result.stderr and "milliseconds" in result.stderr
    env.write_text(f"JWT_SECRET={SECRET}\nJWT_EXPIRES_IN=fifteen\n")
    bad = cli("sign", "--env", str(env))
    assert bad.exit_code == 2 and f"JWT_EXPIRES_IN in {env}:2" in bad.stderr


def test_pair_needs_a_refresh_secret(cli: Any, tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text(f"JWT_SECRET={SECRET}\nJWT_EXPIRES_IN=15m\n")
    result = cli("sign", "--env", str(env), "--pair")
    assert result.exit_code == 2 and "no JWT_REFRESH_SECRET" in result.stderr


def test_json_output(cli: Any) -> None:
    result = cli("sign", "--at", str(NOW), "--json", "--sub", "u", *key_args("HS384"))
    document = json.loads(result.stdout)
    assert document["header"] == {"alg": "HS256", "typ": "JWT"}
    assert parse(document["token"]).claims == document["payload"] == {"iat": NOW, "sub": "u"}


def test_secret_on_the_command_line_gets_a_note_and_a_short_one_a_warning(cli: Any) -> None:
    result = cli("sign", "--secret", "tiny")
    assert result.exit_code == 0
    assert "process list" in result.stderr and "--secret-env" in result.stderr
    assert "4 bytes, shorter than the 32 bytes of HS256" in result.stderr
    assert "RFC 7518" in result.stderr
    long_enough = cli("sign", "--alg", "HS512", "--secret-env", "JWTFIX_TEST_SECRET")
    assert "shorter than the 64 bytes of HS512" in long_enough.stderr
    assert "warning" not in cli("sign", *key_args("HS256")).stderr


def test_small_rsa_key_warns_that_node_refuses_it(cli: Any) -> None:
    result = cli("sign", "--key", str(KEYS / "rsa-1024.pem"))
    assert result.exit_code == 0
    assert "1024 bits: jsonwebtoken 9 and jose refuse" in result.stderr


def test_secret_file_trailing_newline_is_not_part_of_the_secret(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET + "\n")
    result = cli("sign", "--secret-file", str(path), "--at", str(NOW))
    assert "trailing newline" in result.stderr
    secret = Secret(SECRET.encode(), "x")
    assert verify(parse(result.stdout.strip()), now=NOW, secret=secret).valid


def test_core_build_payload_and_parse_assignment() -> None:
    payload = build_payload(
        {"iat": 1000, "x": 1}, now=NOW, expires=TimeSpec("1m", "--expires"), audience=["a"]
    )
    assert payload == {"iat": 1000, "x": 1, "exp": 1060, "aud": "a"}
    assert build_payload(None, now=NOW, iat=5)["iat"] == 5
    assert parse_assignment("a:=1", "--claim") == ("a", 1)
    assert parse_assignment("a=:=1", "--claim") == ("a", ":=1")
    with pytest.raises(InputError):
        parse_assignment("=x", "--claim")
    with pytest.raises(DurationError):
        build_payload(None, now=NOW, expires=TimeSpec("ten", "JWT_EXPIRES_IN", from_env=True))
    with pytest.raises(KeyLoadError, match="needs a key"):
        sign({"a": 1}, alg="HS256")


NO_LEAK_RUNS: list[list[str]] = [
    ["--secret-env", "JWTFIX_TEST_SECRET"],
    ["--secret-env", "JWTFIX_TEST_SECRET", "--json"],
    ["--secret", SECRET],
    ["--secret", SECRET, "--alg", "RS256"],
    ["--secret", SECRET, "--key", str(KEYS / "rsa-pkcs8.pem")],
    ["--secret", SECRET, "--secret-encoding", "hex"],
    ["--secret", SECRET, "--secret-encoding", "base64"],
    ["--secret", SECRET, "--claim", "bad:={"],
    ["--secret", SECRET, "--alg", "none"],
    ["--secret-env", "JWTFIX_TEST_SECRET", "--pair"],
    ["--secret-env", "JWTFIX_TEST_SECRET", "--secret", SECRET],
]


@pytest.mark.parametrize("args", NO_LEAK_RUNS)
def test_no_secret_in_any_output(cli: Any, args: list[str]) -> None:
    result = cli("sign", *args)
    assert SECRET not in result.stdout + result.stderr
    assert SECRET[:16] not in result.stdout + result.stderr


def _imports(*args: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "jwtfix", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "JWTFIX_TEST_SECRET": SECRET},
        timeout=60,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr[-1000:]
    return {
        line.rsplit("|", 1)[1].strip().split(".")[0]
        for line in proc.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def test_hmac_signing_does_not_load_cryptography() -> None:
    modules = _imports("sign", "--json", "--at", str(NOW), "--secret-env", "JWTFIX_TEST_SECRET")
    assert not modules & {"cryptography", "jwt", "rich", "dateutil"}
    other = make_token({"sub": "x"}, secret="another-secret-of-32-bytes-at-least!")
    for token in (other, make_token({"sub": "x"}, secret=SECRET)):  # diagnosis path too
        verified = _imports("verify", "--json", "--secret-env", "JWTFIX_TEST_SECRET", token)
        assert not verified & {"cryptography", "jwt", "rich", "dateutil"}
    with_key = _imports("sign", "--key", str(KEYS / "ec256-pkcs8.pem"))
    assert "cryptography" in with_key  # the check above can fail


def test_now_is_what_at_says(cli: Any) -> None:
    _, claims, _ = signed(cli, *key_args("HS256"))
    assert claims["iat"] == NOW
    result = cli("sign", "--at", NOW_ISO, *key_args("HS256"))
    assert parse(result.stdout.strip()).claims["iat"] == NOW


def test_a_jwk_alg_jwtfix_does_not_know_signs_by_its_kty_with_a_warning(
    cli: Any, tmp_path: Path
) -> None:
    jwk = json.loads((KEYS / "ec256-private.jwk.json").read_text())
    jwk["alg"] = "ES257"  # a typo: no such JWS algorithm
    path = tmp_path / "typo.jwk.json"
    path.write_text(json.dumps(jwk))
    result = cli("sign", "--key", str(path), "--sub", "x")
    assert result.exit_code == 0
    assert parse(result.stdout.strip()).header["alg"] == "ES256"
    assert "'ES257', which is no JWS algorithm jwtfix knows" in result.stderr
    assert "signed with ES256" in result.stderr
