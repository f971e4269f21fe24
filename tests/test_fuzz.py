"""Fuzzing every command through the real CLI (in-process), in a bounded profile.

Each target draws inputs of one kind (tokens, `.env` files, HAR files, JWKS,
PEM, messages, scan input, option values), runs the command on them through
the typer app, and asserts what SPEC §1 promises for any input: exit 0, 1 or
2, never 3; an exit 2 says `error:` on stderr; no traceback. The profile
(`FUZZ_EXAMPLES` examples per target, no deadline, derandomized so CI sees the
same inputs each run) keeps the whole file to well under a minute.
`JWTFIX_FUZZ_EXAMPLES=2000` runs a longer search by hand; crash cases found
are kept below as explicit regression tests.
"""

from __future__ import annotations

import base64
import json
import os
import string
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import make_token
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jwtfix.render.terminal import UNSAFE, UNSAFE_IN_LINE

FUZZ_EXAMPLES = int(os.environ.get("JWTFIX_FUZZ_EXAMPLES", "60"))
settings.register_profile(
    "jwtfix-fuzz",
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FUZZ = settings.get_profile("jwtfix-fuzz")

SECRET = "fuzz-secret-that-is-long-enough-for-hs256!"
TOKEN = make_token({"sub": "fuzz", "iat": 1769336100, "exp": 1769337000}, secret=SECRET)
AT = ["--at", "2026-01-25T10:15:00Z"]


def assert_sane(result: Any, what: object) -> None:
    """SPEC §1 for any input: 0, 1 or 2; exit 2 with one `error:` line; never a traceback."""
    stderr = result.stderr
    assert result.exit_code in (0, 1, 2), (what, result.exit_code, stderr[-500:])
    assert "Traceback" not in stderr and "internal error" not in stderr, (what, stderr[-500:])
    if result.exit_code == 2:
        assert "error:" in stderr, (what, stderr[-500:])


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
claims = st.dictionaries(
    st.sampled_from(["exp", "nbf", "iat", "sub", "aud", "iss", "jti", "typ", "x"]),
    json_values,
)
headers = st.fixed_dictionaries(
    {"alg": st.sampled_from(["HS256", "RS256", "none", "ES512", "EdDSA", "hs256", ""])},
    optional={"kid": json_values, "typ": json_values, "crit": json_values, "jku": json_values},
)
segment = st.binary(max_size=40).map(b64url) | st.text(string.ascii_letters + "-_=+/.", max_size=30)
tokens = st.one_of(
    st.tuples(headers, claims).map(
        lambda hc: make_token(hc[1], header={k: v for k, v in hc[0].items() if k != "alg"})
    ),
    st.tuples(headers, claims, segment).map(
        lambda t: ".".join(
            [b64url(json.dumps(t[0]).encode()), b64url(json.dumps(t[1]).encode()), t[2]]
        )
    ),
    st.lists(segment, min_size=1, max_size=6).map(".".join),
    st.text(max_size=60),
    st.text(max_size=40).map(lambda t: f'{{"accessToken": {json.dumps(t)}}}'),
    st.text(max_size=40).map(lambda t: f"Authorization: Bearer {t}"),
)


@FUZZ
@given(token=tokens, json_out=st.booleans())
def test_any_token_text(cli: Callable[..., Any], token: str, json_out: bool) -> None:
    flags = ["--json"] if json_out else []
    for args in (
        ["decode", token, *flags],
        ["expiry", token, *AT, *flags],
        ["verify", token, "--secret", SECRET, *AT, *flags],
        ["check", token, "--secret", SECRET, *AT, "--format", "json" if json_out else "human"],
    ):
        assert_sane(cli(*args), args)


env_lines = st.one_of(
    st.tuples(
        st.sampled_from(
            [
                *("JWT_SECRET", "JWT_REFRESH_SECRET", "JWT_EXPIRES_IN", "JWT_REFRESH_EXPIRES_IN"),
                *("JWT_ALGORITHM", "JWT_ISSUER", "JWT_AUDIENCE", "export JWT_SECRET", "K"),
            ]
        ),
        st.sampled_from(["=", " = ", "=\t", ""]),
        st.sampled_from(["", '"', "'", "`"]),
        st.text(max_size=30),
        st.sampled_from(["", '"', "'", " # c", "\r", "\\"]),
    ).map("".join),
    st.text(max_size=40),
)
env_texts = st.tuples(st.sampled_from(["", "\ufeff"]), st.lists(env_lines, max_size=8)).map(
    lambda t: t[0] + "\n".join(t[1])
)


@FUZZ
@given(text=env_texts)
def test_any_env_file(cli: Callable[..., Any], tmp_path: Path, text: str) -> None:
    env = tmp_path / "fuzz.env"
    env.write_text(text, encoding="utf-8", errors="surrogatepass")
    for args in (
        ["check", TOKEN, "--env", str(env), *AT, "--format", "json"],
        ["sign", "--env", str(env), "--sub", "x"],
        ["sign", "--env", str(env), "--pair"],
        ["verify", TOKEN, "--env", str(env), *AT],
    ):
        assert_sane(cli(*args), (args, text))


har_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30) | tokens,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=20,
)
har_entries = st.fixed_dictionaries(
    {},
    optional={
        "startedDateTime": st.sampled_from(["2026-01-25T10:15:00.000Z", "x", "", "2026"])
        | har_values,
        "request": st.fixed_dictionaries(
            {},
            optional={
                "method": har_values,
                "url": st.sampled_from(["https://a.test/x", "", "::", "http://[::1"]) | har_values,
                "headers": st.lists(
                    st.fixed_dictionaries({"name": har_values, "value": har_values}), max_size=3
                )
                | har_values,
            },
        ),
        "response": st.fixed_dictionaries(
            {},
            optional={
                "status": har_values,
                "headers": st.lists(
                    st.fixed_dictionaries(
                        {
                            "name": st.sampled_from(["Set-Cookie", "Date", "WWW-Authenticate"]),
                            "value": st.text(max_size=40),
                        }
                    ),
                    max_size=3,
                ),
                "content": st.fixed_dictionaries(
                    {}, optional={"text": har_values, "encoding": har_values}
                ),
            },
        ),
    },
)
har_docs = st.one_of(
    st.lists(har_entries, max_size=4).map(
        lambda e: json.dumps({"log": {"version": "1.2", "entries": e}})
    ),
    har_values.map(json.dumps),
    st.text(max_size=80),
)


@FUZZ
@given(text=har_docs)
def test_any_har_file(cli: Callable[..., Any], tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.har"
    path.write_text(text)
    for args in (
        ["har", str(path), "--format", "json"],
        ["har", str(path)],
        ["check", "--har", str(path), "--format", "sarif"],
    ):
        assert_sane(cli(*args), (args, text[:300]))


jwk_fields = st.dictionaries(
    st.sampled_from(["kty", "kid", "use", "alg", "n", "e", "crv", "x", "y", "k", "key_ops"]),
    st.sampled_from(["RSA", "EC", "OKP", "oct", "P-256", "Ed25519", "sig", "enc", "AQAB", ""])
    | segment
    | json_values,
)
jwks_docs = st.one_of(
    st.lists(jwk_fields, max_size=5).map(lambda keys: json.dumps({"keys": keys})),
    jwk_fields.map(json.dumps),
    json_values.map(json.dumps),
    st.text(max_size=50),
)


@FUZZ
@given(text=jwks_docs, token=tokens)
def test_any_jwks_file(cli: Callable[..., Any], tmp_path: Path, text: str, token: str) -> None:
    path = tmp_path / "fuzz.jwks"
    path.write_text(text)
    for args in (
        ["verify", TOKEN, "--jwks", str(path), *AT],
        ["verify", token, "--jwks", str(path)],
    ):
        assert_sane(cli(*args), (args, text))


pem_texts = st.tuples(
    st.sampled_from(
        ["PUBLIC KEY", "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "CERTIFICATE", "X"]
    ),
    st.binary(max_size=300).map(lambda b: base64.b64encode(b).decode()),
    st.sampled_from(["", "\n", "\r\n", " "]),
).map(lambda t: f"-----BEGIN {t[0]}-----{t[2]}\n{t[1]}\n-----END {t[0]}-----{t[2]}\n")
key_files = st.one_of(pem_texts, jwk_fields.map(json.dumps), st.text(max_size=60))


@FUZZ
@given(text=key_files, alg=st.sampled_from(["RS256", "ES256", "EdDSA", "HS256", "PS512"]))
def test_any_key_file(cli: Callable[..., Any], tmp_path: Path, text: str, alg: str) -> None:
    path = tmp_path / "fuzz.pem"
    path.write_text(text)
    for args in (
        ["verify", TOKEN, "--key", str(path), *AT],
        ["sign", "--key", str(path), "--alg", alg, "--sub", "x"],
        ["check", TOKEN, "--key", str(path), *AT, "--format", "junit"],
    ):
        assert_sane(cli(*args), (args, text))


messages = st.one_of(
    st.text(max_size=120),
    st.sampled_from(
        [
            "jwt expired",
            "invalid signature",
            "JWTExpired: Expired at {}",
            "Signature verification failed",
            "IDX10223: Lifetime validation failed. The token is expired. ValidTo: '{}'",
            'Bearer error="invalid_token", error_description="{}"',
        ]
    ).flatmap(lambda t: st.text(max_size=40).map(lambda x: t.replace("{}", x))),
)


@FUZZ
@given(message=messages, json_out=st.booleans())
def test_any_error_message(cli: Callable[..., Any], message: str, json_out: bool) -> None:
    flags = ["--json"] if json_out else []
    assert_sane(cli("explain", message, *flags), message)
    assert_sane(cli("explain", message, "--token", TOKEN, "--secret", SECRET, *flags), message)


scan_texts = st.lists(
    st.one_of(st.text(max_size=60), tokens, tokens.map(lambda t: f"Bearer {t}")), max_size=6
).map("\n".join)


@FUZZ
@given(text=scan_texts, fmt=st.sampled_from(["human", "json", "github", "sarif"]))
def test_any_scan_input(cli: Callable[..., Any], text: str, fmt: str) -> None:
    result = cli("scan", "-", "--format", fmt, *AT, "--expiring-within", "1h", input=text)
    assert_sane(result, text)


option_values = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["-1", "1e400", "9" * 400, "nan", "inf", "-0", "1y", "+15m", "0x10"]),
    st.integers().map(str),
)


_SECRET = ["--secret", SECRET]
OPTION_LINES = [
    ["expiry", TOKEN, "--skew", "{}", *AT],
    ["expiry", TOKEN, "--buffer", "{}", *AT],
    ["expiry", TOKEN, "--at", "{}"],
    ["sign", *_SECRET, "--expires", "{}"],
    ["sign", *_SECRET, "--not-before", "{}"],
    ["sign", *_SECRET, "--iat", "{}"],
    ["sign", *_SECRET, "--claim", "{}"],
    ["sign", *_SECRET, "--header", "{}"],
    ["sign", *_SECRET, "--payload", "{}"],
    ["sign", *_SECRET, "--alg", "{}"],
    ["sign", *_SECRET, "--secret-encoding", "{}"],
    ["sign", "--secret", "{}"],
    ["verify", TOKEN, *_SECRET, "--aud", "{}", "--require", "{}", *AT],
    ["verify", TOKEN, *_SECRET, "--alg", "{}", "--skew", "{}", *AT],
    ["check", TOKEN, *_SECRET, "--select", "{}", *AT],
    ["check", TOKEN, *_SECRET, "--access-max", "{}", *AT],
    ["decode", TOKEN, "--claim", "{}"],
    ["scan", "-", "--expiring-within", "{}"],
    ["probe", "http://127.0.0.1:9/", "--no-token", "--timeout", "{}"],
    ["probe", "http://127.0.0.1:9/", "--no-token", "-X", "{}"],
    ["probe", "http://127.0.0.1:9/", "--no-token", "-H", "{}"],
    ["probe", "{}", "--no-token", "--timeout", "0.2s"],
]
"""Command lines with one option value ("{}") drawn by the fuzzer."""


@settings(FUZZ, max_examples=2 * FUZZ_EXAMPLES)
@given(line=st.sampled_from(OPTION_LINES), value=option_values)
def test_any_option_value(cli: Callable[..., Any], line: list[str], value: str) -> None:
    args = [value if part == "{}" else part for part in line]
    assert_sane(cli(*args, input=""), args)


# -- regressions: crash cases found by the fuzzing above ------------------------------------


source_pieces = st.sampled_from(
    [
        "const jwt = require('jsonwebtoken');",
        "import jwt from 'jsonwebtoken';",
        "import jwt\n",
        "from rest_framework_simplejwt.views import TokenRefreshView\n",
        "jwt.sign(",
        "jwt.verify(",
        "jwt.encode(",
        "jwt.decode(",
        "{ expiresIn: ",
        "'15m'",
        "'30d'",
        "process.env.JWT_SECRET",
        "os.environ['JWT_SECRET']",
        "localStorage.setItem('token', ",
        "axios.interceptors.response.use(",
        "router.post('/refresh', ",
        "app.post('/logout', ",
        "@app.post('/token/refresh')\ndef refresh():\n    ",
        "SIMPLE_JWT = {",
        "'ACCESS_TOKEN_LIFETIME': timedelta(days=",
        "algorithms: ['none']",
        "(",
        ")",
        "{",
        "}",
        "[",
        "]",
        ",",
        ";",
        "\n",
        "'",
        '"',
        "`${",
        "\\",
        "=>",
        "async function f(req, res) ",
        "\ud800",
        "\x00",
        "\x1b]52;c;aGk=\x07",
    ]
)
sources = st.tuples(
    st.sampled_from([".js", ".ts", ".tsx", ".py", ".vue"]),
    st.lists(source_pieces | st.text(max_size=10), max_size=40).map("".join),
)


@FUZZ
@given(source=sources, fmt=st.sampled_from(["human", "json", "github", "sarif", "junit"]))
def test_any_source_file(cli: Callable[..., Any], tmp_path: Path, source: Any, fmt: str) -> None:
    ext, text = source
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # one per example: tmp_path is shared
    (folder / f"app{ext}").write_bytes(text.encode("utf-8", "surrogatepass"))
    args = ["check", "--src", str(folder), "--select", "JWT9", "--format", fmt]
    result = cli(*args)
    assert_sane(result, (ext, text))
    if fmt == "human":
        assert not UNSAFE.search(result.stdout), result.stdout


@FUZZ
@given(value=st.text(), key=st.text(max_size=10))
def test_any_claim_text_reaches_the_terminal_harmlessly(
    cli: Callable[..., Any], value: str, key: str
) -> None:
    token = make_token({"sub": value, key or "k": [value], "exp": 4102444800})
    for args in (["decode", token], ["expiry", token, *AT], ["check", token, *AT]):
        result = cli(*args)
        assert_sane(result, args)
        assert not UNSAFE.search(result.stdout), (args, result.stdout)
        assert not UNSAFE_IN_LINE.search(result.stderr.replace("\n", "")), (args, result.stderr)


@pytest.mark.parametrize(
    "args",
    [
        ["probe", "http://127.0.0.1:9/", "--no-token", "-X", "é"],
        ["probe", "http://127.0.0.1:9/", "--no-token", "-H", "Content-Length: 5"],
    ],
)
def test_found_by_fuzzing(cli: Callable[..., Any], args: list[str]) -> None:
    assert_sane(cli(*args), args)


def test_found_by_fuzzing_a_400_digit_expiry(cli: Callable[..., Any]) -> None:
    result = cli("sign", "--secret", SECRET, "--expires", "9" * 400)
    assert result.exit_code == 2
    assert "too large to be a duration" in result.stderr


def test_found_by_fuzzing_an_rsa_jwk_with_e_1_checked_against_an_hs_token(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    """The key-confusion diagnosis asked a key cryptography cannot build for its PEM: exit 3."""
    key = tmp_path / "e1.jwk"
    key.write_text('{"kty":"RSA","e":"AR"}')
    result = cli("verify", TOKEN, "--key", str(key), *AT)
    assert_sane(result, "e=1 JWK")
    assert result.exit_code == 1
