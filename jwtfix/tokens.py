"""Token text -> ParsedToken: segments, base64url, JSON, with precise errors.

Needs no PyJWT: decoding a token is the standard library's job, and `decode`
must start fast. Errors say which segment is wrong and at which character of
the token (1-based), because "invalid token" helps nobody.

Encodings that are not canonical base64url (`=` padding, `+`/`/` from standard
base64) are decoded anyway and recorded in `ParsedToken.encoding_issues`: many
libraries reject such a token, and saying so is more useful than refusing to
show what is in it.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import math
import re
from typing import Any, Literal, NamedTuple

from jwtfix.errors import TokenError

JWS_SEGMENTS = ("header", "payload", "signature")
JWE_SEGMENTS = ("protected header", "encrypted key", "initialization vector", "ciphertext", "tag")

_B64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
_B64_ANY = _B64URL | frozenset("+/")


# Result types on the start-up path of `decode`/`expiry` are NamedTuples: as immutable
# as frozen dataclasses, and several times cheaper to create at import.
class EncodingIssue(NamedTuple):
    """A place where a segment is decodable but not canonical base64url."""

    segment: int
    """1-based index of the segment."""
    position: int
    """1-based character position in the whole token."""
    kind: Literal["padding", "standard_base64"]
    detail: str
    """One sentence for people, e.g. "segment 2 (payload) ends in '=' padding"."""


class ParsedToken(NamedTuple):
    """A compact JWS (or the readable part of a JWE), decoded but not verified."""

    text: str
    """The compact token as parsed."""
    kind: Literal["JWS", "JWE"]
    header: dict[str, Any]
    """The (protected) header, a JSON object."""
    payload: dict[str, Any] | None
    """The claims; None for a JWE, whose payload is encrypted."""
    signature: str
    """The signature segment as in the token (base64url text); '' when unsecured."""
    signature_bytes: bytes
    segments: tuple[str, ...]
    encoding_issues: tuple[EncodingIssue, ...] = ()
    payload_problem: str | None = None
    """Why a JWS's payload is not a JWT's claims (not JSON, empty: detached content);
    set only by `parse(..., any_payload=True)`, which then leaves `payload` None."""

    @property
    def signing_input(self) -> bytes:
        """`header.payload` exactly as signed (RFC 7515 section 5.1)."""
        head, _, rest = self.text.partition(".")
        return f"{head}.{rest.partition('.')[0]}".encode("ascii")

    @property
    def alg(self) -> str | None:
        alg = self.header.get("alg")
        return alg if isinstance(alg, str) else None

    @property
    def claims(self) -> dict[str, Any]:
        return self.payload if self.payload is not None else {}


def looks_like_jwt(text: str) -> bool:
    """Cheap shape test: 3 or 5 dot-separated base64(url) segments, starting like JSON."""
    if not text.startswith(("ey", "ew")):
        return False
    parts = text.split(".")
    return len(parts) in (3, 5) and all(_b64ish(part) for part in parts)


def _b64ish(part: str) -> bool:
    """base64url or standard base64 characters, then at most two '=' of padding."""
    body = part.rstrip("=")
    return len(part) - len(body) <= 2 and _B64_ANY.issuperset(body)


def require_jws(token: ParsedToken, command: str) -> dict[str, Any]:
    """The claims of a JWS; TokenError (exit 2) for a JWE: the one refusal every command uses.

    `decode` shows a JWE's header instead; `check` reports it as a finding.
    """
    if token.kind == "JWE":
        raise TokenError(
            "the token is an encrypted JWT (JWE): its claims cannot be read without the "
            f"recipient's key; decrypt it first (jwtfix {command} works on signed tokens, JWS)"
        )
    return token.claims


def parse(text: str, *, any_payload: bool = False) -> ParsedToken:
    """Parse a compact JWS or JWE; raise TokenError saying what and where.

    `any_payload`: a JWS whose payload is not a JSON object (RFC 7515 allows any
    bytes, RFC 7520's examples sign plain text) parses with `payload` None and
    the reason in `payload_problem`, so that `verify` can still judge its
    signature; every other command needs the claims and refuses it.
    """
    text = text.strip()
    if not text:
        raise TokenError("the token is empty")
    parts = text.split(".")
    if len(parts) == 1:
        raise TokenError(_not_a_jwt(text))
    _check_characters(text, parts)
    if len(parts) == 2 and not parts[0].startswith("ey"):
        raise TokenError(_not_a_jwt(text))
    if len(parts) == 2:
        raise TokenError(
            "the token has 2 segments, a JWS has 3 (header.payload.signature): "
            "was the signature cut off when copying? (a token ends after the second '.')"
        )
    if len(parts) not in (3, 5):
        raise TokenError(
            f"the token has {len(parts)} segments; a JWT (JWS) has 3 and an encrypted JWT "
            "(JWE) has 5: were two tokens pasted together?"
        )
    names = JWS_SEGMENTS if len(parts) == 3 else JWE_SEGMENTS
    issues: list[EncodingIssue] = []
    offset = 1
    raw: list[bytes] = []
    for index, part in enumerate(parts, start=1):
        raw.append(_b64decode(part, index, names[index - 1], offset, issues))
        offset += len(part) + 1
    header = _json_object(raw[0], 1, names[0])
    if len(parts) == 5:
        if "enc" not in header:
            # RFC 7516 section 4.1.2: a JWE header always has "enc". Without it, five
            # segments are most often two JWS pasted together (the first signature runs
            # into the next "eyJ..."), which must not be shown as an encrypted token.
            raise TokenError(
                "the token has 5 segments, as an encrypted JWT (JWE) has, but its header has "
                'no "enc" (RFC 7516 section 4.1.2): were two tokens pasted together?'
            )
        return ParsedToken(
            text=text,
            kind="JWE",
            header=header,
            payload=None,
            signature="",
            signature_bytes=b"",
            segments=tuple(parts),
            encoding_issues=tuple(issues),
        )
    payload: dict[str, Any] | None = None
    problem: str | None = None
    try:
        if not parts[1]:
            raise TokenError(
                "segment 2 (payload) is empty: a JWT needs a JSON object of claims (an empty "
                "payload segment is how a JWS with detached content travels, RFC 7515 "
                "Appendix F)"
            )
        payload = _json_object(raw[1], 2, "payload")
    except TokenError as err:
        if not any_payload:
            raise
        problem = err.message
    return ParsedToken(
        text=text,
        kind="JWS",
        header=header,
        payload=payload,
        signature=parts[2],
        signature_bytes=raw[2],
        segments=tuple(parts),
        encoding_issues=tuple(issues),
        payload_problem=problem,
    )


def _not_a_jwt(text: str) -> str:
    if text.startswith("{"):
        return (
            "this is JSON, not a JWT: no token field (accessToken, access_token, token, ...) found"
        )
    if re.fullmatch(r"[0-9a-fA-F-]{32,36}", text):
        return (
            "this is not a JWT: it looks like a UUID or an opaque token, which has no claims "
            "to read"
        )
    if "." in text:
        return (
            "this is not a JWT: its first segment does not decode to a JSON header (a JWT "
            "starts with 'ey'); if it is a file name, no such file exists here"
        )
    return (
        f"this is not a JWT: a JWT has 3 segments separated by '.', this text of "
        f"{_characters(len(text))} has none (an opaque token? ask its issuer's introspection "
        "endpoint)"
    )


def _characters(count: int, kind: str = "") -> str:
    return f"{count} {kind}character{'' if count == 1 else 's'}"


def _check_characters(text: str, parts: list[str]) -> None:
    """Reject characters that no base64 flavour has, naming segment and position."""
    offset = 1
    for index, part in enumerate(parts, start=1):
        for i, ch in enumerate(part):
            if ch in _B64URL or ch in "+/=":
                continue
            where = f"character {offset + i} of the token"
            label = _segment_label(index, len(parts))
            if ch.isspace() and len(parts) not in (2, 3):
                # Two tokens on two lines make 5 parts: not a JWE's "initialization vector".
                label = "the input"
            if ch.isspace():
                what = {" ": "a space", "\n": "a line break", "\r": "a carriage return"}.get(
                    ch, "white space"
                )
                raise TokenError(
                    f"{label} has {what} at {where}: was the token wrapped or split when copying?"
                )
            raise TokenError(f"{label} has an invalid character {ch!r} at {where}")
        offset += len(part) + 1


def _segment_label(index: int, count: int) -> str:
    if count == 5:
        return f"segment {index} ({JWE_SEGMENTS[index - 1]})"
    if count in (2, 3):
        return f"segment {index} ({JWS_SEGMENTS[index - 1]})"
    return f"segment {index}"


def _b64decode(part: str, index: int, name: str, offset: int, issues: list[EncodingIssue]) -> bytes:
    label = f"segment {index} ({name})"
    stripped = part.rstrip("=")
    if "=" in stripped:
        pos = offset + stripped.index("=")
        raise TokenError(f"{label} has '=' inside it at character {pos} of the token")
    if len(stripped) != len(part):
        issues.append(
            EncodingIssue(
                index,
                offset + len(stripped),
                "padding",
                f"{label} ends in '=' padding, which base64url in JWTs leaves out "
                "(RFC 7515 section 2); strict libraries such as jose reject it",
            )
        )
    for i, ch in enumerate(stripped):
        if ch in "+/":
            issues.append(
                EncodingIssue(
                    index,
                    offset + i,
                    "standard_base64",
                    f"{label} has {ch!r} at character {offset + i} of the token: that is "
                    "standard base64, JWTs use base64url ('-' and '_')",
                )
            )
            break
    if len(stripped) % 4 == 1:
        raise TokenError(
            f"{label} has {_characters(len(stripped), 'base64url ')}, a length no encoding "
            "produces: a character is missing or extra (was the token cut when copying?)"
        )
    canonical = stripped.replace("+", "-").replace("/", "_")
    try:
        return base64.urlsafe_b64decode(canonical + "=" * (-len(canonical) % 4))
    except (binascii.Error, ValueError) as err:  # pragma: no cover - alphabet checked above
        raise TokenError(f"{label} is not base64url: {err}") from err


def _json_object(data: bytes, index: int, name: str) -> dict[str, Any]:
    label = f"segment {index} ({name})"
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise TokenError(
            f"{label} decodes to bytes that are not UTF-8 (byte 0x{data[err.start]:02x} at "
            f"offset {err.start}): not a JSON {name}"
        ) from err
    try:
        value = json.loads(
            decoded,
            parse_constant=_reject_constant,
            parse_float=_finite_number,
            parse_int=_finite_number,
        )
    except json.JSONDecodeError as err:
        raise TokenError(
            f"{label} is not valid JSON: {err.msg} at character {err.pos + 1} of the decoded "
            f"{name} ({_preview(decoded)})"
        ) from err
    except ValueError as err:
        raise TokenError(f"{label} is not valid JSON: {err}") from err
    except RecursionError as err:
        raise TokenError(
            f"{label} is JSON nested too deeply to read: a JWT {name} is a few levels deep at most"
        ) from err
    if not isinstance(value, dict):
        kind = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
            type(value), "a number"
        )
        raise TokenError(f"{label} is JSON but {kind}, not an object: a JWT {name} is an object")
    return value


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _finite_number(literal: str) -> int | float:
    """A JSON number; one beyond the range of a double (1e400) would become infinity,
    which no JSON output can hold and no JWT library reads as a time."""
    if math.isinf(float(literal)):
        raise ValueError(
            f"the number {literal[:20]}{'...' if len(literal) > 20 else ''} is too "
            "large for a JSON number (it overflows to infinity)"
        )
    if "." in literal or "e" in literal or "E" in literal:
        return float(literal)
    return int(literal)


def _preview(text: str, limit: int = 40) -> str:
    shown = text if len(text) <= limit else text[:limit] + "..."
    return json.dumps(shown, ensure_ascii=True)


# --- Finding tokens in text (scan, har, inputs) ------------------------------------------
#
# A JWS header is a JSON object, so its base64url starts with `e` and then `yJ` (`{"`), or,
# for a header written with white space after its brace as `decode` accepts it: `yA` and
# g/i/K (`{ ` then a space, a quote or a line break), `wo` and g/i/J (`{\n` then a space,
# a quote or a tab: pretty-printed), `w0K` (`{\r\n`), `wk` and g/i/J (`{\t`). Segments
# are base64url, with the `=` padding some encoders leave on (decode accepts it, and so
# does scan); the signature may be empty (`alg: none`) and so may a JWE's encrypted key
# (`alg: dir`). Whether a candidate is a token is decided by its header (a JSON object
# with `alg`, and `enc` for a JWE), not by its shape: a base64 blob with two dots is not
# a JWT.
RARE_START = r"e(?:yA[giK]|wo[giJ]|w0K|wk[giJ])"
"""Header starts other than `eyJ` (white space after the brace): rare, looked for apart."""
_SEGMENT = r"[A-Za-z0-9_-]*={0,2}"
TOKEN_PATTERN = (
    rf"(?:eyJ|{RARE_START})[A-Za-z0-9_-]*={{0,2}}\.{_SEGMENT}\.{_SEGMENT}"
    rf"(?:\.{_SEGMENT}\.{_SEGMENT})?"
)
RARE_PREFIX = r"ew[o0k]|eyA"
"""Where a RARE_START may begin: looser than it (`framework`), faster to search a large
block for. The patterns are compiled where they are used (scan, `find_tokens`), not at
import: `decode` starts without them."""

WORD_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
"""base64url bytes: a match right after one is inside a longer word, not a token, unless
that byte ends an escape (`after_escape`)."""
_HEX = frozenset(b"0123456789abcdefABCDEF")


def after_escape(before: bytes | bytearray) -> bool:
    """Do the bytes before a candidate end in an escape, after which a token may start
    although the escape's last byte is a base64url character: a percent-escape
    (`Bearer%20eyJ...`, `%22eyJ...`) or a backslash escape (`\\neyJ...`, `\\u0022eyJ...`)?"""
    n = len(before)
    if n >= 3 and before[-3] == 0x25 and before[-2] in _HEX and before[-1] in _HEX:
        return True
    if n >= 2 and before[-2] == 0x5C:
        return True
    return (
        n >= 6 and before[-6] == 0x5C and before[-5] == 0x75 and all(c in _HEX for c in before[-4:])
    )


class FoundToken(NamedTuple):
    """A token found in a text."""

    offset: int
    """0-based offset of its first character in the text searched."""
    token: ParsedToken


def find_tokens(text: str) -> list[FoundToken]:
    """Every JWS or JWE in `text`, in order; candidates whose header is no JOSE header
    are left out. Never raises."""
    found: list[FoundToken] = []
    if "ey" not in text and "ew" not in text:  # most lines of most files: no regex at all
        return found
    pos = 0
    search = _token_re().search
    while match := search(text, pos):
        start = match.start()
        if (
            start
            and text[start - 1] in _B64URL
            and not after_escape(text[max(0, start - 6) : start].encode("utf-8", "replace"))
        ):
            # inside a longer base64url word: not the start of a token
            pos = start + 1
            continue
        parsed = recognise(match.group())
        if parsed is None:
            pos = start + 1
            continue
        found.append(FoundToken(start, parsed))
        pos = start + len(parsed.text)
    return found


@functools.cache
def _token_re() -> re.Pattern[str]:
    return re.compile(TOKEN_PATTERN)


def recognise(candidate: str) -> ParsedToken | None:
    """The token at the start of `candidate` (a TOKEN_PATTERN match), or None when its
    header is not a JOSE header. Five segments whose header has no `enc` are a JWS
    followed by more dotted text: the JWS alone is returned."""
    parts = candidate.split(".")
    header = _jose_header(parts[0])
    if header is None:
        return None
    if len(parts) == 5:
        if "enc" in header:
            return ParsedToken(
                text=candidate,
                kind="JWE",
                header=dict(header),
                payload=None,
                signature="",
                signature_bytes=b"",
                segments=tuple(parts),
            )
        parts = parts[:3]
        candidate = ".".join(parts)
    payload = _json_or_none(parts[1])
    return ParsedToken(
        text=candidate,
        kind="JWS",
        header=dict(header),
        payload=payload,
        signature=parts[2],
        signature_bytes=_b64_or_empty(parts[2]),
        segments=tuple(parts),
    )


@functools.lru_cache(maxsize=256)
def _jose_header(segment: str) -> dict[str, Any] | None:
    """The header segment as a JSON object with a string `alg`, or None. Cached: the
    tokens of one log or fixture file share a handful of headers."""
    header = _json_or_none(segment)
    if header is None or not isinstance(header.get("alg"), str):
        return None
    return header


def _json_or_none(segment: str) -> dict[str, Any] | None:
    if len(segment) % 4 == 1:
        return None
    try:
        text = _b64url(segment).decode("utf-8")
        value = _strict_json().decode(text)
    except (ValueError, RecursionError):  # binascii.Error, JSONDecodeError, bad UTF-8
        return None
    return value if isinstance(value, dict) else None


@functools.cache
def _strict_json() -> json.JSONDecoder:
    """One decoder, built once (json.loads with hooks builds one per call): JSON as
    `parse` reads it, without NaN or infinite numbers (ints cannot overflow)."""
    return json.JSONDecoder(parse_constant=_reject_constant, parse_float=_finite_number)


def _b64_or_empty(segment: str) -> bytes:
    try:
        return _b64url(segment)
    except ValueError:
        return b""


_FROM_URLSAFE = bytes.maketrans(b"-_", b"+/")


def _b64url(segment: str) -> bytes:
    """base64url (a TOKEN_PATTERN segment: no padding, no other characters) -> bytes;
    binascii directly, as base64.urlsafe_b64decode checks and copies the input twice."""
    data = segment.encode("ascii").translate(_FROM_URLSAFE)  # bytes.translate: a table
    return binascii.a2b_base64(data + b"=" * (-len(segment) % 4))


def fingerprint(text: str | bytes) -> str:
    """A short, stable name for a token that does not reveal it: 8 hex digits of SHA-256.

    The one way jwtfix names a token, cookie or credential it must not show
    (scan, har and the HTTP client's records use it), so the same value gets
    the same name in every output.
    """
    import hashlib  # here, not at the top: decode --json never names a token (start-up)

    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()[:8]
