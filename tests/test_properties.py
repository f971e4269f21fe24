"""Property tests: any input gives a result or the project's own error, never a crash."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from typing import Any

from conftest import NOW, b64url
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jwtfix.errors import JwtfixError
from jwtfix.inputs import unwrap
from jwtfix.ops.expiry import evaluate
from jwtfix.render.json import decode_document, dumps, expiry_document
from jwtfix.timefmt import ms, parse_duration, parse_when
from jwtfix.tokens import parse

SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])

B64_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=.% \n"

# Text that is mostly token-shaped, so that the parser gets past its first checks.
token_like = st.lists(st.text(alphabet=B64_CHARS, max_size=40), min_size=1, max_size=7).map(
    ".".join
)
segment_json = st.binary(max_size=40).map(b64url)
three_segments = st.tuples(segment_json, segment_json, segment_json).map(".".join)
any_text = st.one_of(st.text(max_size=200), token_like, three_segments)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
json_objects = st.dictionaries(st.text(max_size=10), json_values, max_size=6)


def result_or_own_error(func: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return func(*args, **kwargs)
    except JwtfixError as err:
        assert err.message  # every error says something
        return None


@SETTINGS
@given(any_text)
def test_parse_never_crashes(text: str) -> None:
    parsed = result_or_own_error(parse, text)
    if parsed is not None:
        assert isinstance(parsed.header, dict)
        assert parsed.kind in ("JWS", "JWE")
        # whatever parses can be shown as strict JSON
        document = decode_document(_decode(parsed))
        json.loads(dumps(document), parse_constant=_no_constants)


def _decode(parsed: Any) -> Any:
    from jwtfix.ops.decode import decode

    return decode(parsed, now=NOW)


def _no_constants(name: str) -> Any:
    raise AssertionError(f"{name} in JSON output")


@SETTINGS
@given(any_text)
def test_unwrap_never_crashes(text: str) -> None:
    result = result_or_own_error(unwrap, text)
    if result is not None:
        assert result.text


@SETTINGS
@given(
    st.one_of(st.text(max_size=120), st.from_regex(r"-?[0-9]{0,4}\.?[0-9]{1,4} ?[a-zA-Z]{0,12}"))
)
def test_duration_parsers_never_crash(text: str) -> None:
    value = ms(text)
    assert value is None or isinstance(value, float)
    seconds = result_or_own_error(parse_duration, text)
    assert seconds is None or abs(seconds) < float("inf")


@SETTINGS
@given(
    st.one_of(
        st.text(max_size=60),
        st.from_regex(r"[+-]?[0-9]{1,25}(\.[0-9]{0,3})? ?[a-z]{0,5}", fullmatch=True),
        st.datetimes().map(lambda d: d.isoformat()),
    )
)
def test_parse_when_never_crashes(text: str) -> None:
    when = result_or_own_error(parse_when, text, NOW)
    assert when is None or abs(when) < float("inf")


@SETTINGS
@given(json_objects, json_objects)
def test_any_json_objects_round_trip_through_a_token(header: dict[str, Any], payload: Any) -> None:
    text = (
        b64url(json.dumps(header).encode())
        + "."
        + b64url(json.dumps(payload).encode())
        + "."
        + b64url(b"signature")
    )
    parsed = parse(text)
    assert parsed.header == header
    assert parsed.payload == payload
    assert parsed.signature_bytes == b"signature"
    assert parsed.encoding_issues == ()


@SETTINGS
@given(json_objects)
def test_padded_standard_base64_decodes_to_the_same_payload(payload: dict[str, Any]) -> None:
    raw = json.dumps(payload).encode()
    text = "eyJhbGciOiJub25lIn0." + base64.b64encode(raw).decode() + "."
    parsed = parse(text)
    assert parsed.payload == payload
    assert all(issue.segment == 2 for issue in parsed.encoding_issues)


@SETTINGS
@given(json_objects, st.integers(-(10**6), 10**6), st.integers(0, 10**5), st.integers(0, 10**5))
def test_expiry_of_any_claims_is_strict_json(
    claims: dict[str, Any], offset: int, skew: int, buffer: int
) -> None:
    report = evaluate(claims, now=NOW + offset, skew=skew, buffer=buffer)
    json.loads(dumps(expiry_document(report)), parse_constant=_no_constants)


@SETTINGS
@given(
    st.one_of(st.integers(NOW - 10**6, NOW + 10**6), st.floats(NOW - 1e6, NOW + 1e6)),
    st.integers(0, 3600),
    st.integers(0, 3600),
)
def test_expiry_status_follows_the_spec_rules(exp: float, skew: int, buffer: int) -> None:
    status = evaluate({"exp": exp}, now=NOW, skew=skew, buffer=buffer).status.value
    if exp + skew <= NOW:
        assert status == "expired"
    elif exp - buffer <= NOW:
        assert status == "expiring"
    else:
        assert status == "valid"


@settings(max_examples=8, deadline=None)
@given(st.binary(max_size=300))
def test_decode_of_arbitrary_bytes_on_stdin(data: bytes) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "jwtfix", "decode", "--json", "-"],
        input=data,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode in (0, 2)
    assert b"Traceback" not in proc.stderr
    assert b"internal error" not in proc.stderr
    if proc.returncode == 2:
        assert proc.stderr.startswith(b"error: ")
        assert set(json.loads(proc.stdout)) == {"error"}


@settings(
    max_examples=150,
    deadline=None,
    # the runner holds no state between examples
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.one_of(st.binary(max_size=200), token_like.map(str.encode)))
def test_decode_of_arbitrary_bytes_through_the_runner(cli: Any, data: bytes) -> None:
    result = cli("decode", "--json", "-", input=data)
    assert result.exit_code in (0, 2), result.output
    assert "internal error" not in result.stderr
    json.loads(result.stdout, parse_constant=_no_constants)
