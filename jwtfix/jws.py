"""JWS algorithms: the one place that knows what a signature is.

It owns the algorithm tables (the HMAC, RSA/PSS, ECDSA and EdDSA families,
their hash and signature sizes, the curve each ECDSA algorithm is defined for)
and the sign/verify primitives. HMAC is computed with the standard library's
`hmac` and a constant-time compare: importing PyJWT loads `cryptography`'s key
machinery (~90 ms), which HMAC work must not pay for. The asymmetric
algorithms go through PyJWT's algorithm objects, imported on first use, and
PyJWT's exceptions are translated here alone.

Keys come in as `keys.Key` / `keys.Secret`; this module imports `keys` for
type checking only, so `keys` can take its tables from here without a cycle.
"""

from __future__ import annotations

import base64
import hmac
import json
from typing import TYPE_CHECKING, Any, NamedTuple

from jwtfix.errors import KeyLoadError

if TYPE_CHECKING:
    from jwtfix.keys import Key, Secret
    from jwtfix.tokens import ParsedToken


class HmacAlg(NamedTuple):
    """What an HS algorithm computes with."""

    hash: str
    """The hashlib name, e.g. 'sha256'."""
    digest_size: int
    """Bytes of the signature; RFC 7518 section 3.2 also makes it the minimum key length."""
    block_size: int
    """The hash's block size: RFC 2104 hashes a longer key first."""


HMAC: dict[str, HmacAlg] = {
    "HS256": HmacAlg("sha256", 32, 64),
    "HS384": HmacAlg("sha384", 48, 128),
    "HS512": HmacAlg("sha512", 64, 128),
}
HMAC_ALGS: tuple[str, ...] = tuple(HMAC)
RSA_PKCS1_ALGS = ("RS256", "RS384", "RS512")
RSA_PSS_ALGS = ("PS256", "PS384", "PS512")
RSA_ALGS: tuple[str, ...] = (*RSA_PKCS1_ALGS, *RSA_PSS_ALGS)


class EcAlg(NamedTuple):
    """The one curve an ECDSA algorithm is defined for (RFC 7518 section 3.4)."""

    curve: str
    signature_size: int
    """Bytes of the JWS r||s signature."""


EC: dict[str, EcAlg] = {
    "ES256": EcAlg("P-256", 64),
    "ES384": EcAlg("P-384", 96),
    "ES512": EcAlg("P-521", 132),
}
EC_ALGS: dict[str, str] = {alg: spec.curve for alg, spec in EC.items()}
"""ECDSA algorithm -> its curve."""
OKP_ALGS = ("EdDSA",)
SIGNING_ALGS: tuple[str, ...] = (*HMAC_ALGS, *RSA_ALGS, *EC_ALGS, *OKP_ALGS)
"""Every algorithm `sign` and `verify` support (`none` is never a signing algorithm)."""
RSA_MIN_BITS = 2048
"""jsonwebtoken 9 and jose refuse smaller RSA keys by default."""


def is_hmac(alg: str | None) -> bool:
    return alg in HMAC


def hmac_min_length(alg: str) -> int:
    """RFC 7518 section 3.2: an HMAC key at least as long as the hash output."""
    return HMAC[alg].digest_size


def b64url(data: bytes) -> str:
    """Unpadded base64url, as every JWS segment is written."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def segment(value: dict[str, Any]) -> str:
    """A JOSE header or claims set as a JWS segment: compact JSON (UTF-8, no NaN), base64url."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return b64url(text.encode("utf-8"))


# --- HMAC (standard library only) ---------------------------------------------


def hmac_sign(alg: str, secret: bytes, signing_input: bytes) -> bytes:
    return hmac.new(secret, signing_input, HMAC[alg].hash).digest()


def hmac_input_verifies(alg: str, secret: bytes, signing_input: bytes, signature: bytes) -> bool:
    return hmac.compare_digest(hmac_sign(alg, secret, signing_input), signature)


def hmac_verifies(token: ParsedToken, secret: bytes) -> bool:
    """Does `secret` make the token's HS256/384/512 signature? False for other algs."""
    alg = token.alg or ""
    if alg not in HMAC:
        return False
    return hmac_input_verifies(alg, secret, token.signing_input, token.signature_bytes)


# --- every algorithm ------------------------------------------------------------


def sign(alg: str, key: Key | Secret, signing_input: bytes) -> bytes:
    """The signature of `signing_input`; the caller has checked that `key` fits `alg`."""
    if alg in HMAC:
        return hmac_sign(alg, _hmac_bytes(key), signing_input)
    return asymmetric_sign(alg, key, signing_input)  # type: ignore[arg-type]


def verifies(alg: str, key: Key | Secret, signing_input: bytes, signature: bytes) -> bool:
    """Does `key` make `signature` over `signing_input` with `alg`? Errors mean no."""
    if alg in HMAC:
        return hmac_input_verifies(alg, _hmac_bytes(key), signing_input, signature)
    return asymmetric_verifies(alg, key, signing_input, signature)  # type: ignore[arg-type]


def token_verifies(token: ParsedToken, alg: str, key: Key | Secret) -> bool:
    return verifies(alg, key, token.signing_input, token.signature_bytes)


def _hmac_bytes(key: Key | Secret) -> bytes:
    # A Secret's value, or the bytes of a JWK `oct` key.
    raw = getattr(key, "value", None)
    if raw is None:
        raw = key.material  # type: ignore[union-attr]
    assert isinstance(raw, bytes)
    return raw


def asymmetric_sign(alg: str, key: Key, signing_input: bytes) -> bytes:
    """Sign with PyJWT's algorithm object; KeyLoadError (exit 2) when the key refuses."""
    from jwt.algorithms import get_default_algorithms
    from jwt.exceptions import InvalidKeyError

    algorithm = get_default_algorithms()[alg]
    try:
        prepared = algorithm.prepare_key(key.material)
        signature: bytes = algorithm.sign(signing_input, prepared)
    except (InvalidKeyError, ValueError, TypeError) as err:
        raise KeyLoadError(f"cannot sign {alg} with the {key.describe()}: {err}") from None
    return signature


def asymmetric_verifies(alg: str, key: Key, signing_input: bytes, signature: bytes) -> bool:
    """PyJWT's algorithm object says whether `signature` is good; errors mean no."""
    from jwt.algorithms import get_default_algorithms
    from jwt.exceptions import PyJWTError

    algorithm = get_default_algorithms()[alg]
    try:
        public: Any = key.public_key()
        prepared = algorithm.prepare_key(public)
        return bool(algorithm.verify(signing_input, prepared, signature))
    except (PyJWTError, ValueError, TypeError):
        return False
