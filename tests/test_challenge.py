"""jwtfix.challenge: real and broken WWW-Authenticate values, read as their authors meant."""

from __future__ import annotations

import pytest
from challenge_samples import MALFORMED, REAL, Sample
from hypothesis import given
from hypothesis import strategies as st

from jwtfix.challenge import parse

SAMPLES = REAL + MALFORMED


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.name for s in SAMPLES])
def test_each_sample_is_read_as_meant(sample: Sample) -> None:
    parsed = parse(sample.header)
    bearer = parsed.bearer
    assert bearer is not None
    assert bearer.scheme == sample.scheme
    assert bearer.params == sample.params
    for words in sample.notes:
        assert any(words in note for note in parsed.notes), (words, parsed.notes)
    if not sample.notes:
        assert parsed.notes == ()


def test_the_error_code_is_normalised() -> None:
    wso2 = parse('OAuth2 realm="x", error="invalid token"').bearer
    assert wso2 is not None and wso2.error == "invalid_token"
    assert wso2.params["error"] == "invalid token"  # kept as sent


def test_several_challenges_in_one_header_and_in_several_lines() -> None:
    parsed = parse(['Basic realm="admin", DPoP algs="ES256"', 'Bearer realm="api"'])
    assert parsed.schemes == ["Basic", "DPoP", "Bearer"]
    assert parsed.bearer is not None and parsed.bearer.get("realm") == "api"
    assert parsed.challenges[1].params == {"algs": "ES256"}


def test_bearer_wins_over_oauth2_and_others_are_not_bearer() -> None:
    assert parse('OAuth2 realm="x", Bearer realm="y"').bearer.get("realm") == "y"  # type: ignore[union-attr]
    only_basic = parse('Basic realm="x", Negotiate')
    assert only_basic.bearer is None
    assert only_basic.schemes == ["Basic", "Negotiate"]


def test_token68() -> None:
    parsed = parse("Negotiate YIIB9wYJKoZIhvcSAQICAQBu==, Bearer")
    assert parsed.challenges[0].token68 == "YIIB9wYJKoZIhvcSAQICAQBu=="
    assert parsed.schemes == ["Negotiate", "Bearer"]


@pytest.mark.parametrize("text", ["", ",,,", "=", '"', "Bearer ===", "Bearer a=", "'", "\x00\t"])
def test_garbage_never_raises(text: str) -> None:
    parse(text)


@given(st.text(max_size=200))
def test_any_text_parses_without_an_exception(text: str) -> None:
    parsed = parse(text)
    assert all(c.scheme for c in parsed.challenges)


@given(
    st.lists(
        st.tuples(
            st.from_regex(r"[a-z_]{1,10}", fullmatch=True),
            st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=30),
        ),
        max_size=5,
        unique_by=lambda p: p[0],
    )
)
def test_well_formed_headers_round_trip(params: list[tuple[str, str]]) -> None:
    def quote(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    header = "Bearer " + ", ".join(f"{k}={quote(v)}" for k, v in params)
    parsed = parse(header)
    assert parsed.bearer is not None
    assert parsed.bearer.params == dict(params)
