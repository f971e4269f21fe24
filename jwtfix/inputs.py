"""Where a token comes from, and the wrapping people paste around it.

Accepts the token as an argument, `-` or nothing (stdin), or `@PATH`; then
peels surrounding whitespace and quotes, a `Bearer ` prefix, a whole
`Authorization: Bearer ...` header line, or a JSON login response, and says on
the returned `note` which field it took.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import BinaryIO, NamedTuple

from jwtfix.errors import InputError
from jwtfix.vocabulary import TOKEN_FIELDS, strip_bearer, tokens_in

__all__ = ["TOKEN_FIELDS", "TokenText", "read_text", "read_token", "strip_bearer", "unwrap"]

_AUTH_HEADER = r"^\s*(?:-H\s*)?['\"]?\s*authorization\s*:\s*"
_QUOTES = "\"'`"


class TokenText(NamedTuple):
    text: str
    """The token, unwrapped."""
    source: str
    """Where it came from, for messages: 'argument', 'stdin', 'file tokens.txt'."""
    note: str | None = None
    """What was unwrapped that the user may not expect (printed on stderr)."""


def read_text(arg: str | None, stdin: BinaryIO | None, what: str = "TOKEN") -> tuple[str, str]:
    """Return (text, source) for an argument that may be `-`, `@PATH` or missing."""
    if arg is None or arg == "-":
        if stdin is None or (hasattr(stdin, "isatty") and stdin.isatty()):
            raise InputError(
                f"no {what} given: pass it as an argument, as @FILE, or pipe it on stdin"
            )
        return _decode(stdin.read(), "stdin"), "stdin"
    if arg.startswith("@") and len(arg) > 1:
        path = Path(arg[1:])
        try:
            data = path.read_bytes()
        except OSError as err:
            reason = err.strerror or err.__class__.__name__
            raise InputError(f"cannot read {what} file {str(path)!r}: {reason}") from err
        return _decode(data, f"file {path}"), f"file {path}"
    return arg, "argument"


def read_token(arg: str | None, stdin: BinaryIO | None) -> TokenText:
    """Read and unwrap a TOKEN argument (see module docstring)."""
    text, source = read_text(arg, stdin)
    return unwrap(text, source)


def unwrap(raw: str, source: str = "argument") -> TokenText:
    """Peel quotes, `Bearer`, an `Authorization:` line or a JSON login response."""
    text = raw.strip().lstrip("\ufeff").strip()
    if not text:
        raise InputError(f"the token from {source} is empty")
    if text.startswith(("{", "[{")):
        return _from_json(text, source)
    note = None
    text = _strip_quotes(text)
    # Patterns compiled only when the text can match: most tokens come bare.
    if "authorization" in text[:64].lower() and re.match(_AUTH_HEADER, text, re.IGNORECASE):
        text = _strip_quotes(re.sub(_AUTH_HEADER, "", text, count=1, flags=re.IGNORECASE))
        note = "took the token from an Authorization header line"
    text = strip_bearer(text)
    text = _strip_quotes(text.strip().rstrip(",;"))
    if not text:
        raise InputError(f"the token from {source} is empty once its wrapping is removed")
    return TokenText(text, source, note)


def _strip_quotes(text: str) -> str:
    text = text.strip()
    while len(text) >= 2 and text[0] == text[-1] and text[0] in _QUOTES:
        text = text[1:-1].strip()
    if text and text[0] in _QUOTES and text.count(text[0]) == 1:
        text = text[1:].strip()
    if text and text[-1] in _QUOTES and text.count(text[-1]) == 1:
        text = text[:-1].strip()
    return text


def _from_json(text: str, source: str) -> TokenText:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(
            f"the input from {source} starts with '{{' but is not JSON: {err.msg} at line "
            f"{err.lineno}, column {err.colno}"
        ) from err
    except RecursionError as err:
        raise InputError(f"the JSON from {source} is nested too deeply to read") from err
    # A pasted document: the vocabulary's fields anywhere in it, shallow ones first.
    found = tokens_in(doc, deep=True)
    for token in (found.access, found.id, found.refresh):
        if token is not None and not token.opaque:
            note = f"took the token from the JSON field {token.path!r}"
            return TokenText(token.text, source, note)
    raise InputError(
        f"the JSON from {source} has no field holding a JWT (looked for "
        + ", ".join(TOKEN_FIELDS)
        + ")"
    )


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(
            f"{source} is not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start})"
        ) from err
