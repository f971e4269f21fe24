"""Why a signature does not verify: try what people actually get wrong.

Each probe builds a candidate key (another secret of the `.env`, the secret
trimmed or with a newline, base64/hex decoded or not, a well-known default,
the server's public key PEM used as an HMAC secret) or a candidate signing
input (the token re-encoded, or its JSON re-serialised), and the first one
that makes the signature verify is named. Candidates are described by where
they come from and what was done to them, never by their value: a well-known
default is named by where it is known from (the jwt.io example, a README).

What cannot be detected is said plainly: a claim edited after signing looks
exactly like a token signed with another key.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from jwtfix.envfile import EnvFile
from jwtfix.errors import KeyLoadError
from jwtfix.jws import EC, HMAC, RSA_ALGS, asymmetric_verifies, hmac_verifies
from jwtfix.keys import Key, Secret, parse_key, public_pem_forms
from jwtfix.tokens import ParsedToken
from jwtfix.weak_secrets import default_secrets

Verifier = Callable[[bytes, bytes], bool]
"""(signing_input, signature) -> verifies with the configured key and the token's alg."""


@dataclass(frozen=True, slots=True)
class Candidate:
    value: bytes
    describe: str
    """A full sentence naming the cause and the fix; never the value itself."""


def diagnose_hmac(
    token: ParsedToken,
    *,
    secret: Secret | None,
    env: EnvFile | None,
    keys: Sequence[Key] = (),
    used_env_key: str | None = None,
) -> list[str]:
    """Name the secret an HS token was really signed with, where a probe finds it."""
    seen: set[bytes] = set()
    if secret is not None:
        seen.add(secret.value)
    for candidate in _hmac_candidates(secret, env, keys, used_env_key):
        if candidate.value in seen:
            continue
        seen.add(candidate.value)
        if hmac_verifies(token, candidate.value):
            return [candidate.describe]
    return []


def _hmac_candidates(
    secret: Secret | None, env: EnvFile | None, keys: Sequence[Key], used_env_key: str | None
) -> Iterator[Candidate]:
    used = secret.describe() if secret is not None else "the configured secret"
    if env is not None:
        own = secret.value if secret is not None else None
        yield from _env_candidates(env, used, used_env_key, own)
    if secret is not None:
        for value, what, fix in variants(secret.value, secret.encoded):
            yield Candidate(value, f"the token was signed with {used} {what}: {fix}")
    keys_to_try = list(keys)
    if env is not None:
        keys_to_try.extend(_env_pem_keys(env))
    for key in keys_to_try:
        for value, form in public_pem_forms(key):
            yield Candidate(
                value,
                f"key confusion: this HS token's HMAC secret is the public key of {key.origin} "
                f"({form}). Anyone can forge such a token; a server that lets the token's alg "
                "choose the algorithm accepts it. Pin the algorithms (e.g. algorithms: "
                "['RS256'] in jsonwebtoken, algorithms=[...] in PyJWT) and never verify HS "
                "with a public key",
            )
    for default, origin in default_secrets():
        yield Candidate(
            default.encode("utf-8"),
            f"the token was signed with a well-known default secret, {origin} "
            f"({len(default.encode('utf-8'))} bytes): "
            "anyone can forge tokens with it; the signer still uses a placeholder, so set a "
            "random secret of at least 32 bytes there (openssl rand -base64 48)",
        )


def _env_candidates(
    env: EnvFile, used: str, used_env_key: str | None, own: bytes | None
) -> Iterator[Candidate]:
    winner = {entry.key: entry for entry in env.entries}
    for key in ("JWT_SECRET", "JWT_REFRESH_SECRET"):
        # the same .env read by the other loader (Node's dotenv vs python-dotenv): a signer
        # in the other language gets another secret from the same file
        mine, other = env.get(key), env.get_other(key)
        if other is not None and other.value and (mine is None or mine.value != other.value):
            yield Candidate(
                other.value.encode("utf-8"),
                f"the token was signed with {key} as {env.other_name} reads {env.path} (line "
                f"{other.line}), not as {env.loader_name} reads it: the signer and this "
                f"service read the .env with different loaders (see JWT308); write {key} so "
                "that both read it the same",
            )
    for entry in env.entries:
        if not entry.value or entry.value.encode("utf-8") == own:
            continue  # the secret in use: its variants are tried on their own
        where = f"{entry.key} in {env.path}:{entry.line}"
        value = entry.value.encode("utf-8")
        if entry is not winner[entry.key] and entry.key == used_env_key:
            last = winner[entry.key]
            yield Candidate(
                value,
                f"the token was signed with the {entry.key} of line {entry.line}, but "
                f"{env.path} sets {entry.key} again on line {last.line}: {env.loader_name} "
                "(and this check) use the last one, some loaders the first. Keep one "
                f"{entry.key} line",
            )
            continue
        yield Candidate(value, _other_secret_message(entry.key, where, used, used_env_key))
        for variant, what, fix in variants(value, b""):
            yield Candidate(
                variant, f"the token was signed with {where} {what}, not with {used}: {fix}"
            )


def _other_secret_message(key: str, where: str, used: str, used_env_key: str | None) -> str:
    if key == "JWT_REFRESH_SECRET" and used_env_key in (None, "JWT_SECRET"):
        return (
            f"the token was signed with {where}, not with {used}: it is a refresh token sent "
            "where an access token is expected (or the two secrets are swapped in the signer)"
        )
    if key == "JWT_SECRET" and used_env_key == "JWT_REFRESH_SECRET":
        return (
            f"the token was signed with {where}, not with {used}: it is an access token sent "
            "where a refresh token is expected (e.g. to the refresh endpoint)"
        )
    return (
        f"the token was signed with {where}, not with {used}: the signer and the verifier "
        "read different settings"
    )


def _env_pem_keys(env: EnvFile) -> Iterator[Key]:
    for entry in env.entries:
        if entry.value and "-----BEGIN" in entry.value:
            text = entry.value.replace("\\n", "\n").encode("utf-8")
            try:
                yield parse_key(text, f"{entry.key} in {env.path}:{entry.line}")
            except KeyLoadError:
                continue


_NEWLINE_FIX = (
    "read secrets the same way on both sides (trim a trailing newline from secret files, "
    "e.g. fs.readFileSync(f, 'utf8').trim())"
)


def variants(value: bytes, encoded: bytes) -> Iterator[tuple[bytes, str, str]]:
    """(candidate, what was done to the secret, the fix) for the usual secret mistakes."""
    stripped = value.strip()
    if stripped != value:
        yield (
            stripped,
            "without its surrounding whitespace or newline",
            "the copy you verify with has extra white space (a newline at the end of a secret "
            "file, a space after the value in .env); remove it",
        )
    for suffix, name in ((b"\n", "a trailing newline"), (b"\r\n", "a trailing CRLF")):
        yield (
            value + suffix,
            f"plus {name}",
            f"the signer kept the newline at the end of its secret file; {_NEWLINE_FIX}",
        )
    for pad, name in ((b" ", "a trailing space"), (b"\r", "a trailing carriage return")):
        yield (
            value + pad,
            f"plus {name}",
            "the signer's copy has white space the verifier's has not (a Windows line ending, "
            "a space after the value in .env); remove it there",
        )
    for quote in (b'"', b"'"):
        if len(stripped) >= 2 and stripped[:1] == quote and stripped[-1:] == quote:
            yield (
                stripped[1:-1],
                "without its quotes",
                "the verifier's copy keeps the quotes around the value; remove them",
            )
        else:
            yield (
                quote + value + quote,
                "with quotes around it",
                "the signer's loader kept the quotes of the .env value (docker --env-file and "
                "some shells do); drop the quotes in the file",
            )
    if encoded:
        yield (
            encoded,
            "as text, not decoded",
            "the signer uses the secret string as is; drop --secret-encoding",
        )
    for decoded, encoding in _decodings(stripped):
        yield (
            decoded,
            f"{encoding}-decoded",
            f"the signer decodes the secret first (e.g. Buffer.from(secret, '{_node(encoding)}')); "
            f"verify with --secret-encoding {encoding}, or make both sides agree",
        )
    yield (
        base64.b64encode(value),
        "base64-encoded",
        "the signer uses the base64 text of the secret as the key; make both sides agree",
    )


def _node(encoding: str) -> str:
    return {"base64url": "base64url", "hex": "hex"}.get(encoding, "base64")


def _decodings(text: bytes) -> Iterator[tuple[bytes, str]]:
    if len(text) % 2 == 0 and text and all(c in b"0123456789abcdefABCDEF" for c in text):
        yield bytes.fromhex(text.decode("ascii")), "hex"
    unpadded = text.rstrip(b"=")
    if not unpadded:
        return
    padded = unpadded + b"=" * (-len(unpadded) % 4)
    for alphabet, encoding in ((b"+/", "base64"), (b"-_", "base64url")):
        if alphabet == b"-_" and not (b"-" in unpadded or b"_" in unpadded):
            continue
        try:
            decoded = base64.b64decode(padded, altchars=alphabet, validate=True)
        except (binascii.Error, ValueError):
            continue
        yield decoded, encoding


def diagnose_encoding(token: ParsedToken, verifies: Verifier) -> list[str]:
    """A token whose base64 or JSON was changed after signing, with the same claims."""
    found: list[str] = []
    head, body = token.segments[0], token.segments[1]
    canonical = [s.rstrip("=").replace("+", "-").replace("/", "_") for s in (head, body)]
    if canonical != [head, body] and verifies(
        f"{canonical[0]}.{canonical[1]}".encode("ascii"), token.signature_bytes
    ):
        found.append(
            "the token was re-encoded after signing: its signature covers the canonical "
            "base64url form, and '=' padding or '+'/'/' were added since (by a base64 helper "
            "that is not base64url); send the token exactly as issued"
        )
        return found
    if token.payload is None:
        return found
    for header_json, payload_json, style in _reserialisations(token.header, token.payload):
        signing_input = f"{_b64(header_json)}.{_b64(payload_json)}".encode("ascii")
        if signing_input != token.signing_input and verifies(signing_input, token.signature_bytes):
            found.append(
                "the header and payload were decoded and re-encoded after signing, with "
                f"the same claims but different JSON ({style}): the signature covers the exact "
                "bytes, so a token must be passed on as issued, never rebuilt"
            )
            break
    return found


def _reserialisations(
    header: dict[str, Any], payload: dict[str, Any]
) -> Iterator[tuple[str, str, str]]:
    styles: list[tuple[str, dict[str, Any]]] = [
        ("compact", {"separators": (",", ":")}),
        ("with spaces", {}),
        ("compact, keys sorted", {"separators": (",", ":"), "sort_keys": True}),
        ("with spaces, keys sorted", {"sort_keys": True}),
        ("indented", {"indent": 2}),
    ]
    for hname, hopts in styles:
        for pname, popts in styles:
            style = hname if hname == pname else f"header {hname}, payload {pname}"
            for ascii_only in (False, True):
                yield (
                    json.dumps(header, ensure_ascii=ascii_only, **hopts),
                    json.dumps(payload, ensure_ascii=ascii_only, **popts),
                    style,
                )


def _b64(text: str) -> str:
    # A claim with a lone surrogate ("\ud800") has no UTF-8 form unescaped; surrogatepass
    # keeps the candidate (it cannot verify) instead of raising UnicodeEncodeError.
    data = text.encode("utf-8", "surrogatepass")
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def diagnose_signature_shape(token: ParsedToken, key: Key | None) -> list[str]:
    """What the signature's length says about the algorithm and key that made it."""
    alg = token.alg or ""
    size = len(token.signature_bytes)
    found: list[str] = []
    if not size:
        return ["the token has an empty signature: it was never signed (or the signature was "
                "cut off when copying)"]  # fmt: skip
    if alg in HMAC:
        sizes = {name: spec.digest_size for name, spec in HMAC.items()}
        if size != sizes[alg]:
            other = next((name for name, n in sizes.items() if n == size), None)
            made_by = f", the size {other} makes" if other else ""
            found.append(
                f"the signature is {size} bytes{made_by}, but {alg} makes {sizes[alg]}: the alg "
                "in the header was changed after signing, or the signature was cut"
            )
    elif alg in EC:
        expected = EC[alg].signature_size
        if size != expected and token.signature_bytes[:1] == b"\x30":
            found.append(
                f"the {alg} signature is {size} bytes and starts like DER: the signer wrote "
                f"an ASN.1/DER ECDSA signature, but JWS needs the {expected}-byte r||s form "
                "(RFC 7518 section 3.4); convert it in the signer (e.g. Java's "
                "ECDSA-with-P1363 or a JOSE library)"
            )
        elif size != expected:
            found.append(f"the signature is {size} bytes, but {alg} makes {expected}")
    elif alg in RSA_ALGS and key is not None and key.kty == "RSA" and key.bits:
        expected = (key.bits + 7) // 8
        if size != expected:
            found.append(
                f"the signature is {size} bytes, made by an RSA-{size * 8} key, but the "
                f"{key.describe()} makes {expected}-byte signatures: the token was signed "
                "with another key"
            )
    return found


def diagnose_rsa_padding(token: ParsedToken, key: Key) -> list[str]:
    """RS256 in the header, PS256 in the signature (or the other way round)."""
    alg = token.alg or ""
    if key.kty != "RSA" or alg not in RSA_ALGS:
        return []
    for other in RSA_ALGS:
        if other != alg and asymmetric_verifies(other, key, token.signing_input,
                                                token.signature_bytes):  # fmt: skip
            return [
                f"the header says {alg} but the signature is {other}: the signer labels its "
                "tokens with the wrong alg; fix its configuration"
            ]
    return []
