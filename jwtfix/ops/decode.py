"""`decode`: header, payload and signature of a token, without verifying it."""

from __future__ import annotations

from typing import NamedTuple

from jwtfix.ops.expiry import ExpiryReport, evaluate
from jwtfix.tokens import ParsedToken


class DecodeReport(NamedTuple):
    token: ParsedToken
    expiry: ExpiryReport | None
    """The token's time status with no skew or buffer; None for a JWE."""
    now: float


def decode(token: ParsedToken, *, now: float) -> DecodeReport:
    expiry = evaluate(token.payload, now=now) if token.payload is not None else None
    return DecodeReport(token=token, expiry=expiry, now=now)
