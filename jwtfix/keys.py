"""Secrets and keys: where they come from, how they load, which algorithms they fit.

A `Secret` is HMAC key material plus a description of where it came from
(`JWT_SECRET in .env:3`); output names that origin and at most the length,
never the value. A `Key` is a PEM, DER, SSH or JWK key loaded through
`cryptography` (and PyJWT's JWK readers), imported only when a key file is
actually read: HMAC work needs neither. The algorithm tables and the
sign/verify primitives are `jwtfix.jws`'s; the names are re-exported here for
the callers that think in keys.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from jwtfix.errors import KeyLoadError
from jwtfix.jws import (
    EC_ALGS,
    HMAC_ALGS,
    OKP_ALGS,
    RSA_ALGS,
    SIGNING_ALGS,
)
from jwtfix.model import Location

SecretEncoding = Literal["utf8", "base64", "base64url", "hex"]
SECRET_ENCODINGS: tuple[SecretEncoding, ...] = ("utf8", "base64", "base64url", "hex")


@dataclass(frozen=True, slots=True)
class Secret:
    """An HMAC secret: the one type sign, verify and check use. Its repr never shows the value."""

    value: bytes = field(repr=False)
    """The key bytes (after --secret-encoding decoded them)."""
    origin: str
    """Where it came from, e.g. 'JWT_SECRET in examples/good.env:3', '--secret-file key.txt'."""
    location: Location | None = None
    """The .env line it is on, when it comes from one (for findings and SARIF)."""
    encoding: SecretEncoding = "utf8"
    """How the secret was written (--secret-encoding)."""
    encoded: bytes = field(default=b"", repr=False)
    """The text as given, when `encoding` decoded it into `value`; else empty."""

    def describe(self) -> str:
        """`JWT_SECRET in .env:3 (64 bytes)`: how output refers to a secret."""
        return f"{self.origin} ({len(self.value)} bytes)"


@dataclass(frozen=True, slots=True)
class Key:
    """An asymmetric key (or a JWK `oct` secret) loaded from a file."""

    kty: Literal["RSA", "EC", "OKP", "oct"]
    private: bool
    material: Any = field(repr=False)
    """A `cryptography` key object; the secret bytes for `oct`."""
    origin: str
    """E.g. '--key keys/public.pem'."""
    form: str
    """What the file held: 'PEM PKCS#8 private key', 'X.509 certificate', 'JWK', ..."""
    curve: str | None = None
    """'P-256', 'P-384', 'P-521', 'secp256k1', 'Ed25519', 'Ed448'."""
    bits: int | None = None
    kid: str | None = None
    alg: str | None = None
    """The JWK's `alg` member, when it has one."""
    source: bytes = field(default=b"", repr=False)
    """The bytes of the key as in its file (the PEM text), for the key-confusion probe."""
    use: str | None = None
    """The JWK's `use` member ('sig', 'enc'), when it has one."""
    key_ops: tuple[str, ...] | None = None
    """The JWK's `key_ops` member, when it has one."""
    unknown_alg: str | None = None
    """A JWK `alg` that is no JWS algorithm jwtfix knows (a typo like ES521): ignored, the
    key is judged by kty/crv, and verify warns."""
    flaw: str | None = None
    """Why the key must not be used although it was read (an RSA exponent that is not an odd
    number >= 3, which `cryptography` cannot even load: `material` is then None)."""

    def describe(self) -> str:
        """`RSA-2048 public key (--key pub.pem)`."""
        if self.kty == "RSA":
            # A JWK without a readable `n` (kept to name its flaw) has no size to give.
            kind = f"RSA-{self.bits}" if self.bits else "RSA (no usable modulus n)"
        elif self.kty == "oct":
            kind = f"JWK oct secret of {len(self.material)} bytes,"
        else:
            kind = f"{self.kty} {self.curve}"
        visibility = (
            "" if self.kty == "oct" else (" private key" if self.private else " public key")
        )
        return f"{kind}{visibility} ({self.origin})"

    def algorithms(self) -> tuple[str, ...]:
        """The algorithms this key can verify: its family (or its JWK `alg` alone)."""
        if self.alg:
            return (self.alg,)
        return family_of(self)

    def public_key(self) -> Any:
        if self.kty == "oct" or not self.private:
            return self.material
        return self.material.public_key()


def family_of(key: Key) -> tuple[str, ...]:
    if key.kty == "RSA":
        return RSA_ALGS
    if key.kty == "EC":
        return tuple(alg for alg, curve in EC_ALGS.items() if curve == key.curve)
    if key.kty == "OKP":
        return OKP_ALGS
    return tuple(HMAC_ALGS)


def default_alg(key: Key) -> str:
    """The algorithm to sign with when none is given: the JWK's, else the key's first."""
    algs = key.algorithms()
    if not algs:
        raise KeyLoadError(f"no JWS algorithm signs with the {key.describe()}")
    return algs[0]


def key_mismatch(alg: str, key: Key | Secret, *, signing: bool) -> str | None:
    """Why `key` cannot sign (or verify) `alg`, as a sentence; None when it fits."""
    if alg in HMAC_ALGS:
        if isinstance(key, Secret) or key.kty == "oct":
            return None
        return (
            f"{alg} is an HMAC algorithm and needs a shared secret (--secret-env, "
            f"--secret-file), not the {key.describe()}"
        )
    if isinstance(key, Secret) or key.kty == "oct":
        what = key.describe() if isinstance(key, Secret) else key.origin
        return (
            f"{alg} needs {_needs(alg)} (--key PATH); a shared secret ({what}) only works with "
            "HS256/HS384/HS512"
        )
    if alg in RSA_ALGS and key.kty != "RSA":
        return f"{alg} needs {_needs(alg)}, but --key is an {key.describe()}"
    if alg in EC_ALGS and (key.kty != "EC" or key.curve != EC_ALGS[alg]):
        return f"{alg} needs {_needs(alg)}, but --key is an {key.describe()}"
    if alg in OKP_ALGS and key.kty != "OKP":
        return f"{alg} needs {_needs(alg)}, but --key is an {key.describe()}"
    if signing and not key.private:
        return (
            f"signing needs a private key, but --key is the {key.describe()}: give the "
            "private key file (the public one only verifies)"
        )
    return None


def _needs(alg: str) -> str:
    if alg in RSA_ALGS:
        return "an RSA key"
    if alg in EC_ALGS:
        return f"an EC key on curve {EC_ALGS[alg]}"
    if alg in OKP_ALGS:
        return "an Ed25519 or Ed448 key"
    return "a shared secret"


# --- secrets -----------------------------------------------------------------


def decode_secret(
    raw: bytes, encoding: SecretEncoding, origin: str, location: Location | None = None
) -> Secret:
    """Turn the bytes of a secret as given into key bytes; errors never show the secret."""
    if encoding == "utf8":
        value = raw
    else:
        text = raw.decode("ascii", errors="replace").strip()
        try:
            if encoding == "hex":
                value = bytes.fromhex(text)
            else:
                unpadded = text.rstrip("=")
                if encoding == "base64url":
                    if "+" in unpadded or "/" in unpadded:
                        raise ValueError("'+' or '/' is standard base64, not base64url")
                    standard = unpadded.replace("-", "+").replace("_", "/")
                    value = base64.b64decode(standard + "=" * (-len(standard) % 4), validate=True)
                else:
                    if "-" in unpadded or "_" in unpadded:
                        raise ValueError("'-' or '_' is base64url, not standard base64")
                    value = base64.b64decode(unpadded + "=" * (-len(unpadded) % 4), validate=True)
        except (ValueError, binascii.Error):
            raise KeyLoadError(
                f"the secret from {origin} ({len(text)} characters) is not valid {encoding}: "
                "drop --secret-encoding if the secret is plain text"
            ) from None
    if not value:
        raise KeyLoadError(f"the secret from {origin} is empty")
    return Secret(
        value,
        origin,
        location=location,
        encoding=encoding,
        encoded=raw if encoding != "utf8" else b"",
    )


def read_secret_file(path: str | Path) -> tuple[bytes, bool]:
    """The bytes of a secret file, less ONE trailing newline; and whether one was removed.

    One trailing LF or CRLF is not part of the secret: editors and `echo` add
    it, and `$(cat file)` drops it, which is what most services see. Verify's
    diagnosis tries the other reading when the signature does not match.
    """
    data = _read(path, "secret")
    for ending in (b"\r\n", b"\n"):
        if data.endswith(ending):
            return data[: -len(ending)], True
    return data, False


def _read(path: str | Path, what: str) -> bytes:
    """The bytes of a secret, key or JWKS file; KeyLoadError (exit 2) naming it."""
    try:
        return Path(path).read_bytes()
    except OSError as err:
        raise KeyLoadError(
            f"cannot read {what} file {str(path)!r}: {err.strerror or type(err).__name__}"
        ) from err


# --- key files ---------------------------------------------------------------


def load_key(path: str | Path, *, origin: str | None = None) -> Key:
    """Load a PEM (PKCS#1, PKCS#8, SEC1, SPKI, X.509), DER, SSH or JWK key file."""
    where = origin or f"--key {path}"
    data = _read(path, "key")
    return parse_key(data, where)


def parse_key(data: bytes, origin: str) -> Key:
    text = data.lstrip(b"\xef\xbb\xbf").strip()
    if not text:
        raise KeyLoadError(f"the key file of {origin} is empty")
    if text.startswith(b"{"):
        document = _json(text, origin)
        if isinstance(document, dict) and "keys" in document:
            keys = jwks_keys(document, origin)
            if len(keys) != 1:
                raise KeyLoadError(
                    f"{origin} is a JWKS with {len(keys)} keys: pass it with --jwks to choose "
                    "by kid, or give one JWK"
                )
            return keys[0]
        return jwk_key(document, origin)
    if b"-----BEGIN " in text:
        return _pem(text, origin)
    if text.startswith((b"ssh-", b"ecdsa-sha2-")):
        return _ssh_public(text, origin)
    return _der(data, origin)


def load_jwks(path: str | Path) -> tuple[Key, ...]:
    origin = f"--jwks {path}"
    data = _read(path, "JWKS")
    document = _json(data.lstrip(b"\xef\xbb\xbf"), origin)
    if isinstance(document, dict) and "keys" not in document and "kty" in document:
        return (jwk_key(document, origin),)
    return jwks_keys(document, origin)


def jwks_keys(document: Any, origin: str) -> tuple[Key, ...]:
    keys = document.get("keys") if isinstance(document, dict) else None
    if not isinstance(keys, list):
        raise KeyLoadError(f'{origin} is not a JWKS: it needs a "keys" array of JWKs')
    loaded = []
    for index, entry in enumerate(keys):
        kid = entry.get("kid") if isinstance(entry, dict) else None
        label = f"{origin}, key {index + 1}" + (f" (kid {kid!r})" if isinstance(kid, str) else "")
        loaded.append(jwk_key(entry, label))
    if not loaded:
        raise KeyLoadError(f"{origin} is a JWKS with no keys")
    return tuple(loaded)


def _json(data: bytes, origin: str) -> Any:
    try:
        return json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as err:
        where = (
            f" at line {err.lineno}, column {err.colno}"
            if isinstance(err, json.JSONDecodeError)
            else " (nested too deeply)"
            if isinstance(err, RecursionError)
            else ""
        )
        # A JWKS path may hold anything (a .env, a PEM, binary): only say "starts like
        # JSON" when it does.
        looks = "starts like JSON but " if data.lstrip()[:1] in (b"{", b"[") else ""
        raise KeyLoadError(f"{origin} {looks}is not valid JSON{where}") from None


def jwk_key(jwk: Any, origin: str) -> Key:
    """A JWK (RFC 7517) object -> Key; PyJWT's readers do the decoding."""
    if not isinstance(jwk, dict):
        raise KeyLoadError(f'{origin} is not a JWK: a JWK is a JSON object with "kty"')
    kty = jwk.get("kty")
    kid = jwk.get("kid") if isinstance(jwk.get("kid"), str) else None
    alg = jwk.get("alg") if isinstance(jwk.get("alg"), str) else None
    unknown_alg = None
    if alg is not None and alg not in SIGNING_ALGS:
        # A typo (ES521) or an encryption alg: judged by kty/crv instead, and verify says so.
        unknown_alg, alg = alg, None
    use = jwk.get("use") if isinstance(jwk.get("use"), str) else None
    ops = jwk.get("key_ops")
    key_ops = tuple(str(op) for op in ops) if isinstance(ops, list) else None
    members: dict[str, Any] = {
        "kid": kid, "alg": alg, "use": use, "key_ops": key_ops, "unknown_alg": unknown_alg
    }  # fmt: skip
    if kty == "RSA":
        flaw = _rsa_exponent_flaw(jwk.get("e"))
        if flaw is not None:
            # cryptography refuses to build such a key; verify must still name it (weak_key).
            return Key("RSA", "d" in jwk, None, origin, "JWK", bits=_jwk_bits(jwk.get("n")),
                       flaw=flaw, **members)  # fmt: skip
    from jwt import algorithms
    from jwt.exceptions import InvalidKeyError

    readers: dict[str, Any] = {
        "RSA": algorithms.RSAAlgorithm,
        "EC": algorithms.ECAlgorithm,
        "OKP": algorithms.OKPAlgorithm,
        "oct": algorithms.HMACAlgorithm,
    }
    reader = readers.get(kty) if isinstance(kty, str) else None
    if reader is None:
        raise KeyLoadError(
            f'{origin} has "kty": {json.dumps(kty)}; a signing JWK has kty RSA, EC, OKP or oct'
        )
    if kty == "oct" and jwk.get("k") == "":
        # PyJWT refuses an empty HMAC key; verify must name it (weak_key), not fail to read it.
        return Key("oct", True, b"", origin, "JWK", flaw="its k is empty: an empty HMAC key "
                   "lets anyone sign", **members)  # fmt: skip
    try:
        material = reader.from_jwk(jwk)
    except (InvalidKeyError, ValueError, TypeError, KeyError) as err:
        detail = str(err).rstrip(".") or type(err).__name__
        raise KeyLoadError(f"cannot load the {kty} JWK of {origin}: {detail}") from None
    if kty == "oct":
        return Key("oct", True, material, origin, "JWK", **members)
    return _from_crypto(material, origin, "JWK", **members)


def _b64url_int(value: Any) -> int | None:
    if not isinstance(value, str):
        return None
    try:
        return int.from_bytes(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)), "big")
    except (ValueError, binascii.Error):
        return None


def _rsa_exponent_flaw(e: Any) -> str | None:
    exponent = _b64url_int(e)
    if exponent is None or (exponent >= 3 and exponent % 2 == 1):
        return None
    return (
        f"its public exponent e is {exponent}: an RSA exponent must be an odd number >= 3 "
        "(with e = 1 the 'signature' is the message itself, anyone can forge it)"
    )


def _jwk_bits(n: Any) -> int | None:
    modulus = _b64url_int(n)
    return modulus.bit_length() if modulus else None


_PEM_LABELS = {
    "PRIVATE KEY": "PEM PKCS#8 private key",
    "RSA PRIVATE KEY": "PEM PKCS#1 private key",
    "EC PRIVATE KEY": "PEM SEC1 private key",
    "PUBLIC KEY": "PEM SPKI public key",
    "RSA PUBLIC KEY": "PEM PKCS#1 public key",
    "CERTIFICATE": "X.509 certificate",
    "OPENSSH PRIVATE KEY": "OpenSSH private key",
}


def _pem(text: bytes, origin: str) -> Key:
    blocks = re.findall(rb"-----BEGIN ([A-Z0-9 ]+)-----.*?-----END \1-----", text, re.DOTALL)
    labels = [label.decode("ascii") for label in blocks]
    wanted = [label for label in labels if label != "EC PARAMETERS"]
    if not wanted:
        first = re.search(rb"-----BEGIN ([A-Z0-9 ]+)-----", text)
        name = first.group(1).decode("ascii") if first else "?"
        raise KeyLoadError(
            f"{origin}: the PEM block {name!r} has no matching '-----END {name}-----' line "
            "(was the file cut, or its line breaks turned into \\n?)"
        )
    label = wanted[0]
    if label == "ENCRYPTED PRIVATE KEY" or (b"Proc-Type: 4,ENCRYPTED" in text):
        raise KeyLoadError(
            f"{origin} is an encrypted private key: decrypt it first "
            "(openssl pkey -in key.pem -out plain.pem)"
        )
    if label not in _PEM_LABELS:
        raise KeyLoadError(
            f"{origin} holds a PEM {label!r} block, not a key: expected PRIVATE KEY, PUBLIC KEY, "
            "RSA/EC PRIVATE KEY, RSA PUBLIC KEY or CERTIFICATE"
        )
    match = re.search(
        rb"-----BEGIN " + label.encode() + rb"-----.*?-----END " + label.encode() + rb"-----",
        text,
        re.DOTALL,
    )
    assert match is not None
    block = match.group(0) + b"\n"
    from cryptography import x509
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization

    form = _PEM_LABELS[label]
    try:
        if label == "CERTIFICATE":
            material: Any = x509.load_pem_x509_certificate(block).public_key()
        elif label == "OPENSSH PRIVATE KEY":
            material = serialization.load_ssh_private_key(block, password=None)
        elif "PRIVATE" in label:
            material = serialization.load_pem_private_key(block, password=None)
        else:
            material = serialization.load_pem_public_key(block)
    except (ValueError, TypeError, UnsupportedAlgorithm) as err:
        raise KeyLoadError(f"cannot load the {form} of {origin}: {_crypto_reason(err)}") from None
    return _from_crypto(material, origin, form, source=text)


def _ssh_public(text: bytes, origin: str) -> Key:
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization

    try:
        material = serialization.load_ssh_public_key(text.splitlines()[0])
    except (ValueError, UnsupportedAlgorithm) as err:
        raise KeyLoadError(
            f"cannot load the SSH public key of {origin}: {_crypto_reason(err)}"
        ) from None
    return _from_crypto(material, origin, "SSH public key", source=text)


def _der(data: bytes, origin: str) -> Key:
    from cryptography import x509
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization

    loaders: list[tuple[str, Any]] = [
        ("DER private key", lambda d: serialization.load_der_private_key(d, password=None)),
        ("DER public key", serialization.load_der_public_key),
        ("DER X.509 certificate", lambda d: x509.load_der_x509_certificate(d).public_key()),
    ]
    for form, loader in loaders:
        try:
            return _from_crypto(loader(data), origin, form, source=data)
        except (ValueError, TypeError, UnsupportedAlgorithm):
            continue
    raise KeyLoadError(
        f"{origin} is not a key: expected a PEM file (-----BEGIN ...), a JWK (JSON), an SSH "
        "public key or DER"
    )


def _crypto_reason(err: Exception) -> str:
    text = str(err).split("\n")[0].strip().rstrip(".")
    if "Could not deserialize" in text or not text:
        return "the key data is damaged or not in that format"
    return text[:160]


def _from_crypto(
    material: Any,
    origin: str,
    form: str,
    *,
    kid: str | None = None,
    alg: str | None = None,
    source: bytes = b"",
    use: str | None = None,
    key_ops: tuple[str, ...] | None = None,
    unknown_alg: str | None = None,
) -> Key:
    from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

    extra: dict[str, Any] = {
        "kid": kid, "alg": alg, "source": source, "use": use, "key_ops": key_ops,
        "unknown_alg": unknown_alg,
    }  # fmt: skip
    if isinstance(material, rsa.RSAPrivateKey | rsa.RSAPublicKey):
        private = isinstance(material, rsa.RSAPrivateKey)
        return Key("RSA", private, material, origin, form, bits=material.key_size, **extra)
    if isinstance(material, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey):
        private = isinstance(material, ec.EllipticCurvePrivateKey)
        curve = _CURVES.get(material.curve.name, material.curve.name)
        return Key("EC", private, material, origin, form, curve=curve,
                   bits=material.curve.key_size, **extra)  # fmt: skip
    if isinstance(material, ed25519.Ed25519PrivateKey | ed25519.Ed25519PublicKey):
        private = isinstance(material, ed25519.Ed25519PrivateKey)
        return Key("OKP", private, material, origin, form, curve="Ed25519", **extra)
    if isinstance(material, ed448.Ed448PrivateKey | ed448.Ed448PublicKey):
        private = isinstance(material, ed448.Ed448PrivateKey)
        return Key("OKP", private, material, origin, form, curve="Ed448", **extra)
    raise KeyLoadError(
        f"{origin} holds a {type(material).__name__.removeprefix('_')}, which no JWS algorithm "
        "uses (RSA, EC P-256/384/521, Ed25519 and Ed448 are)"
    )


_CURVES = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}


def public_pem_forms(key: Key) -> list[tuple[bytes, str]]:
    """The public key as PEM texts a server might feed to HMAC by mistake.

    The key-confusion attack signs an HS256 token with the server's public key
    PEM as the HMAC secret; which bytes the server reads depends on its file,
    so try the file as is and the usual serialisations, with and without the
    final newline.
    """
    if key.kty == "oct":
        return []
    from cryptography.hazmat.primitives import serialization

    public = key.public_key()
    if public is None:  # a flawed JWK (e = 1) that cryptography cannot build
        return []
    forms: list[tuple[bytes, str]] = []
    if key.source.startswith(b"-----BEGIN") and not key.private:
        forms.append((key.source, "the PEM text of the key file"))
    spki = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    forms.append((spki, "its SPKI PEM ('BEGIN PUBLIC KEY')"))
    if key.kty == "RSA":
        pkcs1 = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.PKCS1)
        forms.append((pkcs1, "its PKCS#1 PEM ('BEGIN RSA PUBLIC KEY')"))
    variants: list[tuple[bytes, str]] = []
    seen: set[bytes] = set()
    for data, what in forms:
        body = data.rstrip(b"\r\n")
        for candidate in (data, body, body + b"\n", body.replace(b"\n", b"\r\n") + b"\r\n"):
            if candidate not in seen:
                seen.add(candidate)
                variants.append((candidate, what))
    return variants


def select_by_kid(keys: Sequence[Key], kid: str | None, alg: str | None) -> list[Key]:
    """Keys of a JWKS that may have signed a token: the kid's, or all that fit `alg`."""
    if kid is not None:
        return [key for key in keys if key.kid == kid]
    return [key for key in keys if alg is None or alg in key.algorithms()]
