"""One validator per claim, shared by expiry and verify: the two agree at every boundary."""

from __future__ import annotations

import pytest
from conftest import NOW

from jwtfix.ops import claims
from jwtfix.ops.claims import Reason
from jwtfix.ops.expiry import ExpiryStatus, evaluate, expired


@pytest.mark.parametrize("offset", [-31, -30, -29, 0, 1])
@pytest.mark.parametrize("skew", [0, 30])
def test_expiry_and_verify_agree_on_exp(offset: int, skew: int) -> None:
    exp = NOW + offset
    status = evaluate({"exp": exp}, now=NOW, skew=skew).status
    problem = claims.validate_exp(exp, NOW, skew)
    assert (status is ExpiryStatus.EXPIRED) == (problem is not None)
    assert expired(exp, NOW, skew) == (exp + skew <= NOW)


@pytest.mark.parametrize("offset", [-1, 0, 29, 30, 31])
def test_expiry_and_verify_agree_on_nbf(offset: int) -> None:
    nbf = NOW + offset
    status = evaluate({"nbf": nbf, "exp": NOW + 900}, now=NOW, skew=30).status
    problem = claims.validate_nbf(nbf, NOW, 30)
    assert (status is ExpiryStatus.NOT_YET_VALID) == (problem is not None)


def test_each_validator_names_its_reason() -> None:
    assert claims.validate_iat(NOW + 60, NOW, 0) is not None
    assert claims.validate_iss({"iss": "a"}, ["b"]) == (
        Reason.ISSUER_MISMATCH,
        "iss is \"a\", expected 'b'",
    )
    assert claims.validate_aud({"aud": ["x", "api"]}, ["api"]) is None
    assert claims.validate_aud({}, ["api"]) is not None
    assert claims.validate_sub({"sub": "u"}, "u") is None
    assert claims.validate_required({"jti": None}, "jti") is not None
    assert [r for r, _ in claims.validate_types({"exp": "1", "aud": 3})] == [
        Reason.MALFORMED,
        Reason.MALFORMED,
    ]


def test_check_claims_reports_in_pyjwt_order_and_lists_the_rules() -> None:
    problems, checked = claims.check_claims(
        {"iat": NOW + 99, "exp": NOW - 1, "iss": "x"}, now=NOW, issuer="y", require=["sub"]
    )
    assert [reason for reason, _ in problems] == [
        Reason.MISSING_CLAIM,
        Reason.ISSUED_IN_FUTURE,
        Reason.EXPIRED,
        Reason.ISSUER_MISMATCH,
    ]
    assert checked == ["sub", "iat", "exp", "iss"]


def test_reason_values_are_specs_strings() -> None:
    assert {r.value for r in Reason} >= {
        "invalid_signature",
        "expired",
        "not_yet_valid",
        "audience_mismatch",
        "issuer_mismatch",
        "alg_not_allowed",
        "alg_none",
        "key_type_mismatch",
        "missing_claim",
        "kid_not_found",
        "malformed",
    }
