"""Make a signed test token, the way Node's `jsonwebtoken` would make it.

Claims come in jsonwebtoken's order (the payload's own, then `iat`, `nbf`,
`exp`, `aud`, `iss`, `sub`, `jti`) and the header is `alg`, `typ`, `kid`, then
extras, serialised compactly as `JSON.stringify` does; so an HS256 token from
`sign` is byte for byte the one jsonwebtoken signs for the same input. Relative
expiry is `jwtfix.timefmt.jsonwebtoken_exp`. Signatures are `jwtfix.jws`'s.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from jwtfix.envfile import REFRESH_SECRET, ServiceConfig
from jwtfix.errors import DurationError, InputError, KeyLoadError, UsageError
from jwtfix.jws import HMAC_ALGS, RSA_MIN_BITS, SIGNING_ALGS, b64url, hmac_min_length, segment
from jwtfix.jws import sign as jws_sign
from jwtfix.keys import Key, Secret, SecretEncoding, default_alg, key_mismatch
from jwtfix.timefmt import is_bare_number, jsonwebtoken_exp, ms, parse_when

RESERVED_HEADER = ("alg",)


@dataclass(frozen=True, slots=True)
class SignResult:
    token: str
    header: dict[str, Any]
    payload: dict[str, Any]
    warnings: tuple[str, ...] = field(default=())
    """Things the user should know (short secret, small RSA key); never a secret."""


@dataclass(frozen=True, slots=True)
class TimeSpec:
    """How the user asked for a time claim: a duration from iat, or a moment."""

    text: str
    what: str
    """Where it came from, for messages: '--expires', 'JWT_EXPIRES_IN in .env:4'."""
    from_env: bool = False
    """A .env string: a bare number is milliseconds, as jsonwebtoken reads it."""


def resolve_time(spec: TimeSpec, timestamp: int, now: float) -> int:
    """exp/nbf for `spec`: jsonwebtoken's `timespan(value, iat)`, or an absolute time."""
    text = spec.text.strip()
    if is_bare_number(text):
        if spec.from_env:
            return jsonwebtoken_exp(timestamp, text)
        return jsonwebtoken_exp(timestamp, float(text))
    if ms(text) is not None:
        return jsonwebtoken_exp(timestamp, text)
    if spec.from_env:
        raise DurationError(
            f"{spec.what} is {text!r}, which jsonwebtoken cannot read as a duration: "
            "use e.g. 15m, 1h or 7d"
        )
    return math.floor(parse_when(text, now, what=spec.what))


def parse_assignment(text: str, what: str) -> tuple[str, Any]:
    """`k=v` (a string) or `k:=JSON` (a typed value)."""
    typed = text.find(":=")
    plain = text.find("=")
    if typed != -1 and typed < plain:
        name, raw = text[:typed], text[typed + 2 :]
        try:
            value = json.loads(raw, parse_constant=_no_constant, parse_float=_finite_float)
        except (json.JSONDecodeError, ValueError, RecursionError) as err:
            raise InputError(
                f"{what} {name}:=...: the value is not JSON ({_json_reason(err)}); "
                f"use {name}=... for a string"
            ) from None
    elif plain != -1:
        name, value = text[:plain], text[plain + 1 :]
    else:
        raise InputError(f"{what} {text!r} has no '=': write name=value or name:=JSON")
    if not name:
        raise InputError(f"{what} {text!r} has no name before '='")
    return name, value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _finite_float(literal: str) -> float:
    # 1e400 is infinity as a float, which no JSON (and so no token) can hold.
    value = float(literal)
    if math.isinf(value):
        raise ValueError(f"the number {literal[:20]} is too large (it overflows to infinity)")
    return value


def _json_reason(err: ValueError | RecursionError) -> str:
    if isinstance(err, RecursionError):
        return "it is nested too deeply"
    if isinstance(err, json.JSONDecodeError):
        return f"{err.msg} at line {err.lineno}, column {err.colno}"
    return str(err)


def parse_payload(text: str, source: str) -> dict[str, Any]:
    try:
        value = json.loads(text, parse_constant=_no_constant, parse_float=_finite_float)
    except (json.JSONDecodeError, ValueError, RecursionError) as err:
        raise InputError(f"--payload from {source} is not JSON: {_json_reason(err)}") from None
    if not isinstance(value, dict):
        raise InputError(
            f"--payload from {source} is JSON but not an object: a JWT payload is {{...}}"
        )
    return value


def build_payload(
    base: dict[str, Any] | None = None,
    *,
    now: int,
    claims: Sequence[tuple[str, Any]] = (),
    iat: int | None = None,
    no_iat: bool = False,
    expires: TimeSpec | None = None,
    not_before: TimeSpec | None = None,
    audience: Sequence[str] = (),
    issuer: str | None = None,
    subject: str | None = None,
    jwt_id: str | None = None,
) -> dict[str, Any]:
    """The claims, in jsonwebtoken's order; `jwt_id='auto'` makes a random UUID."""
    payload: dict[str, Any] = {**(base or {}), **dict(claims)}
    if iat is not None:
        payload["iat"] = iat
    existing = payload.get("iat")
    if isinstance(existing, int | float) and not isinstance(existing, bool) and existing:
        timestamp = math.floor(existing)
    else:
        timestamp = now
    if no_iat:
        payload.pop("iat", None)
    elif "iat" not in payload:
        payload["iat"] = timestamp
    if not_before is not None:
        payload["nbf"] = resolve_time(not_before, timestamp, now)
    if expires is not None:
        payload["exp"] = resolve_time(expires, timestamp, now)
    if audience:
        payload["aud"] = audience[0] if len(audience) == 1 else list(audience)
    if issuer is not None:
        payload["iss"] = issuer
    if subject is not None:
        payload["sub"] = subject
    if jwt_id is not None:
        payload["jti"] = str(uuid.uuid4()) if jwt_id == "auto" else jwt_id
    return payload


def sign(
    payload: dict[str, Any],
    *,
    alg: str,
    secret: Secret | None = None,
    key: Key | None = None,
    kid: str | None = None,
    headers: Sequence[tuple[str, Any]] = (),
    allow_none: bool = False,
) -> SignResult:
    """Sign `payload` with `alg`; KeyLoadError when the key does not fit the algorithm."""
    warnings: list[str] = []
    if alg == "none":
        if not allow_none:
            raise KeyLoadError(
                "alg none makes an unsigned token that every careful server rejects; "
                "add --allow-none if you really want one (e.g. to test that a server refuses it)"
            )
    elif alg not in SIGNING_ALGS:
        raise KeyLoadError(f"unknown algorithm {alg!r}: use one of {', '.join(SIGNING_ALGS)} ")
    header: dict[str, Any] = {"alg": alg, "typ": "JWT"}
    chosen_kid = kid if kid is not None else (key.kid if key is not None else None)
    if chosen_kid is not None:
        header["kid"] = chosen_kid
    for name, value in headers:
        if name in RESERVED_HEADER:
            raise InputError(f"--header {name}: set the algorithm with --alg, not --header")
        header[name] = value
    signing_input = f"{segment(header)}.{segment(payload)}".encode("ascii")
    if alg == "none":
        return SignResult(signing_input.decode() + ".", header, payload, tuple(warnings))
    material: Key | Secret | None = key if key is not None else secret
    if material is None:
        raise KeyLoadError(
            f"{alg} needs a key: --secret-env VAR, --secret-file PATH, --secret VALUE, "
            "--key PATH or --env .env; without them, $JWT_SECRET or the .env of the current folder"
        )
    problem = key_mismatch(alg, material, signing=True)
    if problem:
        raise KeyLoadError(problem)
    if alg in HMAC_ALGS:
        raw = material.value if isinstance(material, Secret) else material.material
        assert isinstance(raw, bytes)
        minimum = hmac_min_length(alg)
        if len(raw) < minimum:
            origin = material.origin
            warnings.append(
                f"the secret ({origin}) is {len(raw)} bytes, shorter than the {minimum} bytes "
                f"of {alg}'s hash: RFC 7518 section 3.2 requires at least that, and a short "
                "secret can be brute-forced from one token"
            )
    else:
        assert isinstance(material, Key)
        if material.kty == "RSA" and (material.bits or 0) < RSA_MIN_BITS:
            warnings.append(
                f"the RSA key is {material.bits} bits: jsonwebtoken 9 and jose refuse keys "
                f"under {RSA_MIN_BITS} bits"
            )
    signature = jws_sign(alg, material, signing_input)
    token = f"{signing_input.decode('ascii')}.{b64url(signature)}"
    return SignResult(token, header, payload, tuple(warnings))


# --- what the service's .env and --pair decide --------------------------------


def choose_alg(alg: str | None, key: Key | None, service: ServiceConfig | None) -> str:
    """--alg; else the key's own; else JWT_ALGORITHM of the .env; else HS256."""
    if alg is not None:
        return alg
    if key is not None:
        return default_alg(key)
    configured = service.algorithms() if service is not None else []
    return configured[0] if configured else "HS256"


def env_expiry(service: ServiceConfig | None, name: str) -> tuple[TimeSpec | None, str | None]:
    """JWT_EXPIRES_IN (or JWT_REFRESH_EXPIRES_IN) as a TimeSpec, and a warning for a bare number.

    A bare number string is milliseconds to jsonwebtoken, and so it is here.
    """
    setting = service.setting(name) if service is not None else None
    if setting is None or not setting.text:
        return None, None
    value, where = setting.text, setting.where
    warning = None
    if is_bare_number(value):
        warning = (
            f"{where} is {value!r}, a number without a unit: jsonwebtoken reads a string "
            f"as milliseconds, so the token lives {float(value) / 1000:g}s as the service "
            f"signs it (and here). Write {value}s if seconds are meant"
        )
    return TimeSpec(value, where, from_env=True), warning


def claim_defaults(
    service: ServiceConfig | None, issuer: str | None, audience: Sequence[str]
) -> tuple[str | None, list[str]]:
    """iss and aud: the options, else JWT_ISSUER and JWT_AUDIENCE of the .env."""
    if service is None:
        return issuer, list(audience)
    if issuer is None:
        issuer = next(iter(service.issuers()), None)
    return issuer, list(audience) or service.audiences()


def pair_secret(service: ServiceConfig | None, encoding: SecretEncoding) -> Secret:
    """The refresh token's secret of `sign --pair`: JWT_REFRESH_SECRET of the .env."""
    if service is None:
        raise UsageError("--pair needs --env PATH with JWT_SECRET and JWT_REFRESH_SECRET")
    secret = service.load_secret(REFRESH_SECRET, encoding)
    if secret is None:
        raise UsageError(
            f"--pair: {service.path} has no JWT_REFRESH_SECRET to sign the refresh token with"
        )
    return secret


def pair_alg(alg: str) -> str:
    """The refresh token is HMAC-signed: the access token's HS alg, else HS256."""
    return alg if alg.startswith("HS") else "HS256"


def pair_jti(jti: str | None, access_token: str, *, reproducible: bool) -> str:
    """A refresh token gets a jti, so that it can be rotated and revoked one by one (JWT504).

    Random; or, when the run is reproducible (--at), derived from the access
    token so that the pair stays the same byte for byte. --jti names one for both.
    """
    if jti:
        return jti
    if not reproducible:
        return "auto"
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "jwtfix:refresh:" + access_token))
