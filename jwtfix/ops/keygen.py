"""Generate a test key pair: PEM (PKCS#8 private, SPKI public), JWK and JWKS.

The `kid` is the key's RFC 7638 thumbprint, so the same key always gets the
same `kid` whichever tool computes it (jose's `calculateJwkThumbprint` agrees).
Private key files are created with mode 0600 and never overwrite a file unless
asked to.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jwtfix.errors import InputError

KEYGEN_ALGS = ("RS256", "PS256", "ES256", "ES384", "ES512", "EdDSA")
FILES = {
    "private_pem": ("private.pem", True),
    "public_pem": ("public.pem", False),
    "private_jwk": ("private.jwk.json", True),
    "public_jwk": ("public.jwk.json", False),
    "jwks": ("jwks.json", False),
}
"""What `--out DIR` writes: attribute -> (file name, is private)."""

_THUMBPRINT_MEMBERS = {
    "RSA": ("e", "kty", "n"),
    "EC": ("crv", "kty", "x", "y"),
    "OKP": ("crv", "kty", "x"),
}


@dataclass(frozen=True, slots=True)
class KeyPair:
    alg: str
    kid: str
    private_pem: str
    public_pem: str
    private_jwk: dict[str, Any]
    public_jwk: dict[str, Any]

    @property
    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.public_jwk]}

    def file_text(self, attribute: str) -> str:
        value = getattr(self, attribute)
        return value if isinstance(value, str) else json.dumps(value, indent=2) + "\n"


def generate(alg: str, *, bits: int = 2048) -> KeyPair:
    """A fresh key pair for `alg` (RSA of `bits` for RS256/PS256)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

    private: Any
    if alg in ("RS256", "PS256"):
        if bits < 2048 or bits > 16384:
            raise InputError(f"--bits {bits}: jsonwebtoken and jose need 2048 to 16384 bits")
        private = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    elif alg in ("ES256", "ES384", "ES512"):
        curves: dict[str, ec.EllipticCurve] = {
            "ES256": ec.SECP256R1(),
            "ES384": ec.SECP384R1(),
            "ES512": ec.SECP521R1(),
        }
        private = ec.generate_private_key(curves[alg])
    elif alg == "EdDSA":
        private = ed25519.Ed25519PrivateKey.generate()
    else:
        raise InputError(f"keygen --alg {alg!r}: use one of {', '.join(KEYGEN_ALGS)}")
    private_pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")
    public_pem = (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )
    public_members = jwk_members(private.public_key())
    kid = thumbprint(public_members)
    meta = {"kid": kid, "alg": alg, "use": "sig"}
    return KeyPair(
        alg=alg,
        kid=kid,
        private_pem=private_pem,
        public_pem=public_pem,
        private_jwk={**jwk_members(private), **meta},
        public_jwk={**public_members, **meta},
    )


def jwk_members(key: Any) -> dict[str, str]:
    """The key material of a JWK (RFC 7518 section 6) for a `cryptography` key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

    if isinstance(key, rsa.RSAPrivateKey):
        numbers = key.private_numbers()
        public = numbers.public_numbers
        return {
            "kty": "RSA",
            "n": _uint(public.n),
            "e": _uint(public.e),
            "d": _uint(numbers.d),
            "p": _uint(numbers.p),
            "q": _uint(numbers.q),
            "dp": _uint(numbers.dmp1),
            "dq": _uint(numbers.dmq1),
            "qi": _uint(numbers.iqmp),
        }
    if isinstance(key, rsa.RSAPublicKey):
        public = key.public_numbers()
        return {"kty": "RSA", "n": _uint(public.n), "e": _uint(public.e)}
    if isinstance(key, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey):
        curve = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}[key.curve.name]
        size = (key.curve.key_size + 7) // 8
        point = key.public_key() if isinstance(key, ec.EllipticCurvePrivateKey) else key
        public_numbers = point.public_numbers()
        members = {
            "kty": "EC",
            "crv": curve,
            "x": _uint(public_numbers.x, size),
            "y": _uint(public_numbers.y, size),
        }
        if isinstance(key, ec.EllipticCurvePrivateKey):
            members["d"] = _uint(key.private_numbers().private_value, size)
        return members
    if isinstance(key, ed25519.Ed25519PrivateKey | ed25519.Ed25519PublicKey):
        raw = serialization.Encoding.Raw
        public_key = key.public_key() if isinstance(key, ed25519.Ed25519PrivateKey) else key
        members = {
            "kty": "OKP",
            "crv": "Ed25519",
            "x": _b64(public_key.public_bytes(raw, serialization.PublicFormat.Raw)),
        }
        if isinstance(key, ed25519.Ed25519PrivateKey):
            members["d"] = _b64(
                key.private_bytes(
                    raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
                )
            )
        return members
    raise InputError(f"no JWK form for a {type(key).__name__}")  # pragma: no cover


def thumbprint(jwk: dict[str, Any]) -> str:
    """RFC 7638: SHA-256 of the required members, sorted, no white space; base64url."""
    members = _THUMBPRINT_MEMBERS[jwk["kty"]]
    canonical = json.dumps({name: jwk[name] for name in members}, separators=(",", ":"))
    return _b64(hashlib.sha256(canonical.encode("ascii")).digest())


def write(pair: KeyPair, directory: Path, *, force: bool = False) -> list[Path]:
    """Write the files of FILES into `directory`; private ones with mode 0600."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(f"cannot create {str(directory)!r}: {err.strerror or err}") from None
    targets = [(directory / name, attr, private) for attr, (name, private) in FILES.items()]
    if not force:
        existing = [str(path) for path, _, _ in targets if path.exists()]
        if existing:
            raise InputError(
                f"{', '.join(existing)} already exist(s): keygen never overwrites keys; "
                "use another --out DIR or --force"
            )
    written = []
    for path, attr, private in targets:
        mode = 0o600 if private else 0o644
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
        try:
            fd = os.open(path, flags, mode)
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                if private:
                    os.fchmod(handle.fileno(), 0o600)  # an existing file keeps its old mode
                handle.write(pair.file_text(attr))
        except OSError as err:
            raise InputError(f"cannot write {str(path)!r}: {err.strerror or err}") from None
        written.append(path)
    return written


def _uint(value: int, size: int | None = None) -> str:
    length = size if size is not None else max(1, (value.bit_length() + 7) // 8)
    return _b64(value.to_bytes(length, "big"))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")
