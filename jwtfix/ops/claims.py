"""The registered claims (RFC 7519 section 4.1) judged one validator per claim, at `now`.

Modelled on PyJWT's `_validate_exp`, `_validate_nbf`, ...: each validator
looks at one claim and returns the problem it finds (a `Reason` and a
sentence) or None. `verify` runs them all (`check_claims`). The time rules
(`expired`, `not_yet_valid`, `issued_in_future`) are `ops.expiry`'s, used by
both, so the two commands can never disagree on when a token expires (they
live there because `decode --json` imports expiry, not this module).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from jwtfix.ops.expiry import expired, issued_in_future, not_yet_valid
from jwtfix.timefmt import is_numeric_date, iso_text, relative


class Reason(StrEnum):
    """Why verify rejects a token: the `reason` codes of SPEC section 2 (plus
    `subject_mismatch` for --sub). The values are the contract; JSON prints them."""

    INVALID_SIGNATURE = "invalid_signature"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    ISSUED_IN_FUTURE = "issued_in_future"
    AUDIENCE_MISMATCH = "audience_mismatch"
    ISSUER_MISMATCH = "issuer_mismatch"
    SUBJECT_MISMATCH = "subject_mismatch"
    ALG_NOT_ALLOWED = "alg_not_allowed"
    ALG_NONE = "alg_none"
    KEY_TYPE_MISMATCH = "key_type_mismatch"
    MISSING_CLAIM = "missing_claim"
    KID_NOT_FOUND = "kid_not_found"
    MALFORMED = "malformed"
    WEAK_KEY = "weak_key"
    KID_AMBIGUOUS = "kid_ambiguous"


Problem = tuple[Reason, str]
"""A broken claim rule: its reason code and a sentence for people."""


# --- one validator per claim ---------------------------------------------------


def validate_types(claims: dict[str, Any]) -> list[Problem]:
    """Registered claims of the wrong JSON type: servers reject them (RFC 7519 section 4.1)."""
    problems: list[Problem] = [
        (Reason.MALFORMED, f"{name} is {_json(claims[name])}, not a number of seconds (RFC 7519 "
         "NumericDate): servers reject it")
        for name in ("exp", "nbf", "iat")
        if name in claims and not is_numeric_date(claims[name])
    ]  # fmt: skip
    problems.extend(
        (Reason.MALFORMED, f"{name} is {_json(claims[name])}, not a string")
        for name in ("iss", "sub", "jti")
        if name in claims and not isinstance(claims[name], str)
    )
    aud = claims.get("aud")
    if "aud" in claims and not (
        isinstance(aud, str) or (isinstance(aud, list) and all(isinstance(a, str) for a in aud))
    ):
        problems.append((Reason.MALFORMED, f"aud is {_json(aud)}, not a string or list of strings"))
    return problems


def validate_required(claims: dict[str, Any], name: str) -> Problem | None:
    if claims.get(name) is None:
        return (Reason.MISSING_CLAIM, f"the token has no {name!r} claim, which is required")
    return None


def validate_iat(iat: float, now: float, skew: float) -> Problem | None:
    if not issued_in_future(iat, now, skew):
        return None
    return (
        Reason.ISSUED_IN_FUTURE,
        f"iat is {relative(iat - now)} ({iso_text(iat)}): the token was issued in the future, "
        f"so the signer's clock is ahead by at least {math.floor(iat - now)}s{_skew_note(skew)}",
    )


def validate_nbf(nbf: float, now: float, skew: float) -> Problem | None:
    if not not_yet_valid(nbf, now, skew):
        return None
    return (
        Reason.NOT_YET_VALID,
        f"nbf is {relative(nbf - now)} ({iso_text(nbf)}): the token is not valid "
        f"yet{_skew_note(skew)}",
    )


def validate_exp(exp: float, now: float, skew: float) -> Problem | None:
    if not expired(exp, now, skew):
        return None
    return (
        Reason.EXPIRED,
        f"the token expired {relative(exp - now)} ({iso_text(exp)}){_skew_note(skew)}",
    )


def validate_iss(claims: dict[str, Any], issuers: Sequence[str]) -> Problem | None:
    if "iss" not in claims:
        return (Reason.MISSING_CLAIM, f"the token has no iss; expected {_names(issuers)}")
    if claims["iss"] not in issuers:
        return (
            Reason.ISSUER_MISMATCH,
            f"iss is {_json(claims['iss'])}, expected {_names(issuers)}",
        )
    return None


def validate_aud(claims: dict[str, Any], audiences: Sequence[str]) -> Problem | None:
    if "aud" not in claims:
        return (Reason.MISSING_CLAIM, f"the token has no aud; expected {_names(audiences)}")
    aud = claims["aud"]
    token_auds = aud if isinstance(aud, list) else [aud]
    if not any(a in audiences for a in token_auds):
        return (Reason.AUDIENCE_MISMATCH, f"aud is {_json(aud)}, expected {_names(audiences)}")
    return None


def validate_sub(claims: dict[str, Any], subject: str) -> Problem | None:
    if "sub" not in claims:
        return (Reason.MISSING_CLAIM, f"the token has no sub; expected {subject!r}")
    if claims["sub"] != subject:
        return (Reason.SUBJECT_MISMATCH, f"sub is {_json(claims['sub'])}, expected {subject!r}")
    return None


def check_claims(
    claims: dict[str, Any],
    *,
    now: float,
    skew: float = 0.0,
    audience: str | Sequence[str] | None = None,
    issuer: str | Sequence[str] | None = None,
    subject: str | None = None,
    require: Sequence[str] = (),
) -> tuple[list[Problem], list[str]]:
    """Every broken claim rule, in PyJWT's order; and the rules applied."""
    found: list[Problem | None] = list(validate_types(claims))
    checked: list[str] = []
    for name in require:
        checked.append(name)
        found.append(validate_required(claims, name))
    for name, validator in (("iat", validate_iat), ("nbf", validate_nbf), ("exp", validate_exp)):
        if is_numeric_date(claims.get(name)):
            checked.append(name)
            found.append(validator(claims[name], now, skew))
    if issuer is not None:
        checked.append("iss")
        found.append(validate_iss(claims, [issuer] if isinstance(issuer, str) else list(issuer)))
    if audience is not None:
        checked.append("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience)
        found.append(validate_aud(claims, audiences))
    if subject is not None:
        checked.append("sub")
        found.append(validate_sub(claims, subject))
    return [problem for problem in found if problem is not None], checked


def _skew_note(skew: float) -> str:
    return f", beyond the allowed skew of {skew:g}s" if skew else ""


def _names(values: Sequence[str]) -> str:
    return " or ".join(repr(v) for v in values)


def _json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."
