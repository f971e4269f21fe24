"""`verify`: reason codes, exit codes, and a diagnosis for each real-world mistake.

Every diagnosis test builds the broken situation for real (a token signed with
the refresh secret, with a newline in the secret, with the public key PEM as
HMAC secret, ...) and checks that the diagnosis names it.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, NOW, b64url, make_token

from jwtfix.envfile import parse as parse_env
from jwtfix.errors import InputError, TokenError
from jwtfix.keys import Key, Secret, load_jwks, load_key
from jwtfix.ops.sign import sign
from jwtfix.ops.verify import REASONS, VerifyReport, verify
from jwtfix.tokens import parse

KEYS = DATA / "keys"
SECRET = "Zr9-verify-test-secret-that-is-long-enough-0123456789"
REFRESH = "Qm4-the-refresh-secret-which-is-different-9876543210"
ENV_TEXT = f"""# service config
JWT_SECRET={SECRET}
JWT_REFRESH_SECRET={REFRESH}
JWT_EXPIRES_IN=15m
"""
CLAIMS = {"sub": "u1", "iat": NOW - 60, "exp": NOW + 900}


def env_file(tmp_path: Path, text: str = ENV_TEXT) -> str:
    path = tmp_path / ".env"
    path.write_text(text)
    return str(path)


def check(token: str, secret: bytes | str = SECRET, **options: Any) -> VerifyReport:
    value = secret.encode() if isinstance(secret, str) else secret
    return verify(parse(token), now=NOW, secret=Secret(value, "$SECRET"), **options)


def asym(alg: str, key_file: str, claims: dict[str, Any] | None = None, **kw: Any) -> str:
    return sign(claims or CLAIMS, alg=alg, key=load_key(KEYS / key_file), **kw).token


# --- reasons -----------------------------------------------------------------


def test_valid_token() -> None:
    report = check(make_token(CLAIMS, secret=SECRET))
    assert (report.valid, report.reason, report.diagnosis) == (True, None, ())
    assert report.signature_valid is True
    assert report.key == "$SECRET (53 bytes)"


@pytest.mark.parametrize(
    ("claims", "options", "reason", "words"),
    [
        ({"exp": NOW}, {}, "expired", "expired now"),
        ({"exp": NOW - 30}, {"skew": 30}, "expired", "beyond the allowed skew of 30s"),
        ({"nbf": NOW + 61}, {"skew": 60}, "not_yet_valid", "not valid yet"),
        ({"iat": NOW + 120}, {}, "issued_in_future", "clock is ahead by at least 120s"),
        ({"aud": "other"}, {"audience": "api"}, "audience_mismatch", "expected 'api'"),
        ({"aud": ["a", "b"]}, {"audience": ["c"]}, "audience_mismatch", '["a", "b"]'),
        ({"iss": "evil"}, {"issuer": "https://good"}, "issuer_mismatch", "'https://good'"),
        ({}, {"issuer": "https://good"}, "missing_claim", "no iss"),
        ({}, {"audience": "api"}, "missing_claim", "no aud"),
        ({}, {"require": ["jti"]}, "missing_claim", "no 'jti' claim"),
        ({"sub": "a"}, {"subject": "b"}, "subject_mismatch", "expected 'b'"),
        ({"exp": "1769336200"}, {}, "malformed", 'exp is "1769336200", not a number'),
        ({"exp": True}, {}, "malformed", "exp is true"),
        ({"iss": 5}, {}, "malformed", "iss is 5, not a string"),
        ({"aud": [1]}, {}, "malformed", "aud is [1]"),
    ],
)
def test_claim_reasons(
    claims: dict[str, Any], options: dict[str, Any], reason: str, words: str
) -> None:
    report = check(make_token(claims, secret=SECRET), **options)
    assert (report.valid, report.reason) == (False, reason)
    assert reason in REASONS
    assert words in (report.message or "")
    assert report.signature_valid is True


def test_boundaries_follow_pyjwt() -> None:
    assert check(make_token({"iat": NOW + 30}, secret=SECRET), skew=30).valid
    assert check(make_token({"nbf": NOW + 30}, secret=SECRET), skew=30).valid
    assert check(make_token({"exp": NOW + 1}, secret=SECRET)).valid
    assert check(make_token({"aud": ["x", "api"]}, secret=SECRET), audience="api").valid
    assert check(make_token({"aud": "api"}, secret=SECRET)).valid  # no --aud: not checked


def test_header_reasons() -> None:
    none = make_token(CLAIMS, alg="none")
    assert check(none).reason == "alg_none"
    assert check(none, algorithms=["none"]).reason == "alg_none"  # never, whatever the options
    assert check(make_token(CLAIMS, header={"alg": "NONE"})).reason == "alg_none"
    hs512 = make_token(CLAIMS, secret=SECRET, alg="HS512")
    report = check(hs512, algorithms=["HS256"])
    assert (report.reason, report.allowed) == ("alg_not_allowed", ("HS256",))
    assert check(make_token(CLAIMS, secret=SECRET, header={"crit": ["exp"]})).reason == "malformed"
    assert check(make_token(CLAIMS, secret=SECRET, header={"kid": 1})).reason == "malformed"
    assert check(make_token(CLAIMS, header={"alg": None}, secret=SECRET)).reason == "malformed"


def test_key_type_mismatch() -> None:
    rs = asym("RS256", "rsa-pkcs8.pem")
    report = check(rs)
    assert report.reason == "key_type_mismatch"
    assert "RS256 needs an RSA key" in (report.message or "")
    es = asym("ES256", "ec256-pkcs8.pem")
    report = verify(parse(es), now=NOW, key=load_key(KEYS / "rsa-spki.pem"), algorithms=["ES256"])
    assert report.reason == "key_type_mismatch"


@pytest.mark.parametrize(
    ("alg", "private", "public"),
    [("RS256", "rsa-pkcs1.pem", "rsa-cert.pem"),
     ("PS384", "rsa-pkcs8.pem", "rsa-pkcs1-public.pem"),
     ("ES256", "ec256-sec1.pem", "ec256-public.jwk.json"),
     ("ES512", "ec521-pkcs8.pem", "ec521-spki.pem"),
     ("EdDSA", "ed25519-pkcs8.pem", "ed25519-public.jwk.json")],
)  # fmt: skip
def test_asymmetric_tokens_verify_with_their_public_key(
    alg: str, private: str, public: str
) -> None:
    report = verify(parse(asym(alg, private)), now=NOW, key=load_key(KEYS / public))
    assert report.valid, report


def test_jwks_picks_the_key_by_kid() -> None:
    jwks = load_jwks(KEYS / "jwks.json")
    ec = asym("ES256", "ec256-pkcs8.pem", kid="x_uOqXZBmqxIQUbrVTRKwLr_7ftlQkLtCaUrYLibRdY")
    report = verify(parse(ec), now=NOW, jwks=jwks)
    assert report.valid and "kid 'x_uOq" in (report.key or "")
    unknown = asym("ES256", "ec256-pkcs8.pem", kid="rotated-2025")
    report = verify(parse(unknown), now=NOW, jwks=jwks)
    assert report.reason == "kid_not_found"
    assert "no key of the JWKS has kid 'rotated-2025'" in (report.message or "")
    assert any("names the wrong kid" in line for line in report.diagnosis)
    no_kid = asym("EdDSA", "ed25519-pkcs8.pem")
    assert verify(parse(no_kid), now=NOW, jwks=jwks).valid  # the one key that fits EdDSA


def test_jwe_and_missing_key_are_usage_errors() -> None:
    jwe = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aaaa.bbbb.cccc"
    with pytest.raises(TokenError, match="JWE"):
        verify(parse(jwe), now=NOW, secret=Secret(b"x", "x"))
    with pytest.raises(InputError, match="verify needs a key"):
        verify(parse(make_token(CLAIMS)), now=NOW)


# --- CLI ---------------------------------------------------------------------


def test_cli_exit_codes_and_json(cli: Any, tmp_path: Path) -> None:
    env = env_file(tmp_path)
    good = make_token(CLAIMS, secret=SECRET)
    result = cli("verify", "--env", env, "--at", str(NOW), "--json", good)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert {"valid", "reason", "header", "payload", "diagnosis"} <= set(document)
    assert (document["valid"], document["reason"], document["diagnosis"]) == (True, None, [])
    assert document["payload"] == CLAIMS
    expired = cli("verify", "--env", env, "--at", str(NOW + 900), "--json", good)
    assert expired.exit_code == 1
    assert json.loads(expired.stdout)["reason"] == "expired"
    not_jwt = cli("verify", "--env", env, "--json", "not-a-token")
    assert not_jwt.exit_code == 2
    assert json.loads(not_jwt.stdout)["error"]["type"] == "invalid_token"
    quiet = cli("verify", "--env", env, "-q", "--at", str(NOW + 900), good)
    assert (quiet.exit_code, quiet.stdout) == (1, "")


def test_cli_human_output(cli: Any, tmp_path: Path) -> None:
    env = env_file(tmp_path)
    result = cli("verify", "--env", env, "--at", str(NOW), make_token(CLAIMS, secret=SECRET))
    assert result.stdout.startswith("✔ Valid: the HS256 signature verifies with JWT_SECRET in")
    assert re.search(r"^signature +✔ verified +HS256 with JWT_SECRET in", result.stdout, re.M)
    assert "\x1b[" not in result.stdout
    bad = cli("verify", "--env", env, "--at", str(NOW), make_token(CLAIMS, secret=REFRESH))
    assert bad.stdout.startswith("✘ The signature does not verify with JWT_SECRET")
    assert "  → the token was signed with JWT_REFRESH_SECRET" in bad.stdout
    assert re.search(r"^signature +✘ failed +HS256 with JWT_SECRET", bad.stdout, re.M)


def test_cli_env_pins_algorithm_issuer_and_audience(cli: Any, tmp_path: Path) -> None:
    env = env_file(
        tmp_path, ENV_TEXT + "JWT_ALGORITHM=HS256\nJWT_ISSUER=https://i\nJWT_AUDIENCE=api\n"
    )
    ok = make_token({**CLAIMS, "iss": "https://i", "aud": "api"}, secret=SECRET)
    assert cli("verify", "--env", env, "--at", str(NOW), ok).exit_code == 0

    def reason(token: str, *extra: str) -> str | None:
        result = cli("verify", "--env", env, "--at", str(NOW), "--json", *extra, token)
        found: str | None = json.loads(result.stdout)["reason"]
        return found

    assert reason(make_token({**CLAIMS, "aud": "api"}, secret=SECRET)) == "missing_claim"
    assert reason(make_token({**CLAIMS, "iss": "https://i", "aud": "web"}, secret=SECRET)) == (
        "audience_mismatch"
    )
    hs384 = make_token({**CLAIMS, "iss": "https://i", "aud": "api"}, secret=SECRET, alg="HS384")
    assert reason(hs384) == "alg_not_allowed"
    assert reason(hs384, "--alg", "HS384") is None  # --alg wins over the .env


def test_cli_one_key_source_and_missing_key(cli: Any, tmp_path: Path) -> None:
    token = make_token(CLAIMS, secret=SECRET)
    result = cli("verify", "--secret", "x", "--key", str(KEYS / "rsa-spki.pem"), token)
    assert result.exit_code == 2 and "give one of" in result.stderr
    result = cli("verify", token)
    assert result.exit_code == 2 and "verify needs a key" in result.stderr
    result = cli("verify", "--refresh", token)
    assert result.exit_code == 2 and "--refresh needs --env" in result.stderr


def test_lone_surrogate_claim_does_not_break_the_diagnosis() -> None:
    # The re-serialisation probe encoded "\ud800" unescaped as UTF-8: UnicodeEncodeError.
    header = b64url(b'{"alg":"HS256"}')
    payload = b64url(rb'{"a":"\ud800"}')
    token = f"{header}.{payload}.c2ln"
    report = check(token)
    assert report.reason == "invalid_signature"


def test_times_beyond_the_calendar_are_said_not_none() -> None:
    # iso() is None past year 9999: messages used to read "expired ... (None)".
    report = check(make_token({"exp": -(10**15)}, secret=SECRET))
    assert report.reason == "expired"
    assert "None" not in (report.message or "") and "out of range" in (report.message or "")


@pytest.mark.parametrize(
    ("alg", "message"),
    [
        ("hs256", "did you mean HS256?"),
        ("RS265", "is not an algorithm"),
        ("none", "never accepted"),
    ],
)
def test_cli_unknown_alg_is_a_usage_error(cli: Any, alg: str, message: str) -> None:
    # A typo in --alg used to give alg_not_allowed (exit 1) for every token: in CI that
    # reads as "the token is bad" when the command line is.
    token = make_token(CLAIMS, secret=SECRET)
    result = cli("verify", "--secret", SECRET, "--alg", alg, "--json", token)
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["type"] == "usage_error"
    assert message in result.stderr and SECRET not in result.stderr + result.stdout


# --- diagnosis: each situation built for real --------------------------------


def diagnose(cli: Any, token: str, *args: str) -> tuple[str | None, list[str]]:
    result = cli("verify", "--at", str(NOW), "--json", *args, token)
    assert result.exit_code == 1, result.stderr
    document = json.loads(result.stdout)
    return document["reason"], document["diagnosis"]


def test_refresh_token_where_an_access_token_is_expected(cli: Any, tmp_path: Path) -> None:
    env = env_file(tmp_path)
    reason, lines = diagnose(cli, make_token(CLAIMS, secret=REFRESH), "--env", env)
    assert reason == "invalid_signature"
    assert lines == [
        f"the token was signed with JWT_REFRESH_SECRET in {env}:3, not with JWT_SECRET in "
        f"{env}:2 (53 bytes): it is a refresh token sent where an access token is expected "
        "(or the two secrets are swapped in the signer)"
    ]


def test_access_token_sent_to_the_refresh_endpoint(cli: Any, tmp_path: Path) -> None:
    env = env_file(tmp_path)
    _, lines = diagnose(cli, make_token(CLAIMS, secret=SECRET), "--env", env, "--refresh")
    assert "it is an access token sent where a refresh token is expected" in lines[0]
    assert f"signed with JWT_SECRET in {env}:2" in lines[0]


def test_signer_kept_a_trailing_newline(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("S", SECRET)
    _, lines = diagnose(cli, make_token(CLAIMS, secret=SECRET + "\n"), "--secret-env", "S")
    assert lines[0].startswith("the token was signed with $S (53 bytes) plus a trailing newline")


def test_verifier_secret_has_whitespace(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET + " \n\n")  # a space and two newlines: one newline is dropped
    _, lines = diagnose(cli, make_token(CLAIMS, secret=SECRET), "--secret-file", str(path))
    assert "without its surrounding whitespace or newline" in lines[0]


def test_secret_with_whitespace_in_the_env_file(cli: Any, tmp_path: Path) -> None:
    env = env_file(tmp_path, f'JWT_SECRET="{SECRET}\\n"\n')
    _, lines = diagnose(cli, make_token(CLAIMS, secret=SECRET), "--env", env)
    assert "without its surrounding whitespace" in lines[0]


@pytest.mark.parametrize(
    ("signer", "verifier_args", "words"),
    [
        (base64.b64decode("c2lnbmVyLWRlY29kZXMtdGhpcy0zMi1ieXRlLXNlY3JldCEh"),
         ["--secret", "c2lnbmVyLWRlY29kZXMtdGhpcy0zMi1ieXRlLXNlY3JldCEh"], "base64-decoded"),
        (bytes.fromhex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"),
         ["--secret", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"],
         "hex-decoded"),
        (b"c2lnbmVyLWRlY29kZXMtdGhpcy0zMi1ieXRlLXNlY3JldCEh",
         ["--secret", "c2lnbmVyLWRlY29kZXMtdGhpcy0zMi1ieXRlLXNlY3JldCEh", "--secret-encoding",
          "base64"], "as text, not decoded"),
    ],
)  # fmt: skip
def test_secret_decoded_or_not(
    cli: Any, signer: bytes, verifier_args: list[str], words: str
) -> None:
    _, lines = diagnose(cli, make_token(CLAIMS, secret=signer), *verifier_args)
    assert words in lines[0]


@pytest.mark.parametrize("default", ["your-256-bit-secret", "secret", "shhhhh", "changeme"])
def test_well_known_default_secret(cli: Any, default: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("S", SECRET)
    token = make_token(CLAIMS, secret=default)
    _, lines = diagnose(cli, token, "--secret-env", "S")
    assert lines[0].startswith("the token was signed with a well-known default secret, ")
    assert f"({len(default)} bytes)" in lines[0]
    # Named by where it is known from, never quoted: SPEC prints no secret.
    for args in (["--json"], []):
        result = cli("verify", "--at", str(NOW), "--secret-env", "S", *args, token)
        output = result.stdout + result.stderr
        assert repr(default) not in output and f'"{default}"' not in output


@pytest.mark.parametrize("public", ["rsa-spki.pem", "rsa-pkcs1-public.pem", "ec256-spki.pem"])
def test_key_confusion_hs_token_signed_with_the_public_key(cli: Any, public: str) -> None:
    pem = (KEYS / public).read_bytes()
    forged = make_token({"sub": "admin", "iat": NOW}, secret=pem)
    reason, lines = diagnose(cli, forged, "--key", str(KEYS / public))
    assert reason == "key_type_mismatch"
    assert lines[0].startswith("key confusion: this HS token's HMAC secret is the public key of")
    assert "Pin the algorithms" in lines[0]
    pinned, lines = diagnose(cli, forged, "--key", str(KEYS / public), "--alg", "RS256")
    assert pinned == "alg_not_allowed" and "key confusion" in lines[0]


def test_key_confusion_with_the_pem_without_final_newline() -> None:
    key = load_key(KEYS / "rsa-spki.pem")
    forged = make_token(CLAIMS, secret=(KEYS / "rsa-spki.pem").read_bytes().rstrip(b"\n"))
    report = verify(parse(forged), now=NOW, key=key, algorithms=["HS256"])
    assert report.reason == "key_type_mismatch"
    assert "key confusion" in report.diagnosis[0]


def test_duplicate_secret_lines_in_the_env(cli: Any, tmp_path: Path) -> None:
    env = env_file(tmp_path, f"JWT_SECRET={REFRESH}\nJWT_SECRET={SECRET}\n")
    _, lines = diagnose(cli, make_token(CLAIMS, secret=REFRESH), "--env", env)
    assert "the JWT_SECRET of line 1" in lines[0] and "again on line 2" in lines[0]


def test_token_re_encoded_with_padding_after_signing() -> None:
    token = make_token({"sub": "abc"}, secret=SECRET)  # payload segment needs padding
    head, body, sig = token.split(".")
    assert len(body) % 4
    padded = f"{head}.{body}{'=' * (-len(body) % 4)}.{sig}"
    report = check(padded)
    assert report.reason == "invalid_signature"
    assert "re-encoded after signing" in report.diagnosis[0]


def test_json_re_serialised_after_signing() -> None:
    original = make_token(CLAIMS, secret=SECRET)
    signature = original.split(".")[2]
    spaced = ".".join(
        b64url(json.dumps(part).encode()) for part in ({"alg": "HS256", "typ": "JWT"}, CLAIMS)
    )
    report = check(f"{spaced}.{signature}")
    assert report.reason == "invalid_signature"
    assert "decoded and re-encoded after signing" in report.diagnosis[0]
    assert "(compact)" in report.diagnosis[0]


def test_payload_edited_after_signing_is_said_honestly() -> None:
    token = make_token(CLAIMS, secret=SECRET)
    head, _, sig = token.split(".")
    body = b64url(json.dumps({**CLAIMS, "sub": "admin"}, separators=(",", ":")).encode())
    edited = f"{head}.{body}.{sig}"
    report = check(edited)
    assert report.reason == "invalid_signature"
    assert report.diagnosis[-1].startswith("nothing jwtfix tried matches")
    assert "changed after signing" in report.diagnosis[-1]


def test_alg_changed_in_the_header() -> None:
    token = make_token(CLAIMS, secret=SECRET)
    _, body, sig = token.split(".")
    head = b64url(b'{"alg":"HS512","typ":"JWT"}')
    relabelled = f"{head}.{body}.{sig}"
    report = check(relabelled)
    assert (
        "the signature is 32 bytes, the size HS256 makes, but HS512 makes 64" in report.diagnosis[0]
    )


def test_header_says_rs256_but_the_signature_is_pss() -> None:
    from jwtfix.jws import asymmetric_sign

    key = load_key(KEYS / "rsa-pkcs8.pem")
    body = sign(CLAIMS, alg="PS256", key=key).token.split(".")[1]
    # a signer configured for PS256 that labels its tokens RS256

    head = b64url(b'{"alg":"RS256","typ":"JWT"}')
    signature = asymmetric_sign("PS256", key, f"{head}.{body}".encode())
    report = verify(parse(f"{head}.{body}.{b64url(signature)}"), now=NOW, key=key)
    assert report.reason == "invalid_signature"
    assert "the header says RS256 but the signature is PS256" in report.diagnosis[0]


def test_ecdsa_signature_in_der_form() -> None:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    key = load_key(KEYS / "ec256-pkcs8.pem")
    head_body = sign(CLAIMS, alg="ES256", key=key).token.rsplit(".", 1)[0]
    der = key.material.sign(head_body.encode(), ec.ECDSA(hashes.SHA256()))
    report = verify(parse(f"{head_body}.{b64url(der)}"), now=NOW, key=key)
    assert report.reason == "invalid_signature"
    assert "starts like DER" in report.diagnosis[0]


def test_signed_with_another_rsa_key(cli: Any) -> None:
    token = asym("RS256", "rsa-other.pem")
    reason, lines = diagnose(cli, token, "--key", str(KEYS / "rsa-spki.pem"))
    assert reason == "invalid_signature"
    assert "signed with a different key than RSA-2048 public key" in lines[-1]


def test_claim_problems_are_listed_after_a_signature_failure() -> None:
    report = check(make_token({"exp": NOW - 10}, secret="another-secret-entirely-xxxxxxxxxxxx"))
    assert report.reason == "invalid_signature"
    assert report.diagnosis[-1].startswith("also: the token expired")


# --- secrets never printed ---------------------------------------------------


def test_no_secret_in_any_verify_output(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = env_file(tmp_path)
    monkeypatch.setenv("S", SECRET)
    secret_file = tmp_path / "s.txt"
    secret_file.write_text(SECRET + "\n\n")
    tokens = [
        make_token(CLAIMS, secret=SECRET),
        make_token(CLAIMS, secret=REFRESH),
        make_token(CLAIMS, secret=SECRET + "\n"),
        make_token({"exp": NOW - 5}, secret=SECRET),
        make_token(CLAIMS, secret="your-256-bit-secret"),
        make_token(CLAIMS, alg="none"),
        "not a token",
    ]
    runs = [
        ["--env", env],
        ["--env", env, "--refresh"],
        ["--secret-env", "S", "--json"],
        ["--secret", SECRET],
        ["--secret", SECRET, "--secret-encoding", "base64"],
        ["--secret-file", str(secret_file), "--json"],
        ["--secret", SECRET, "--key", str(KEYS / "rsa-spki.pem")],
    ]
    for token in tokens:
        for args in runs:
            result = cli("verify", "--at", str(NOW), *args, token)
            output = result.stdout + result.stderr
            for value in (SECRET, REFRESH):
                assert value not in output and value[:12] not in output, (args, output)


def test_env_key_names_not_values_in_reports(tmp_path: Path) -> None:
    env = parse_env(ENV_TEXT, ".env")
    report = verify(parse(make_token(CLAIMS, secret=REFRESH)), now=NOW, env=env)
    assert report.key == "JWT_SECRET in .env:2 (53 bytes)"
    assert REFRESH not in repr(report) and SECRET not in repr(report)
    assert isinstance(load_key(KEYS / "rsa-spki.pem"), Key)
