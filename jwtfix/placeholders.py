"""Placeholder secrets recognised by their shape (JWT303), not only by the list.

A tutorial's `.env` says `JWT_SECRET=your_jwt_secret_goes_here` or
`change-this-to-a-long-random-string`: an instruction that someone forgot to
follow. The list in `weak_secrets` cannot hold every wording, so this module
reads the secret as words and recognises the shapes such instructions take
(SPEC JWT303): `your-…-key`, `change-me…`, `…-min-32-chars`, `replace…`,
`example…`, and a secret made only of placeholder vocabulary.

No false alarm on random secrets: a shape only counts when (nearly) every word
of the secret is placeholder vocabulary, which random hex, base64 or base64url
never is. A diceware-style passphrase (`correct-horse-battery-staple`) is words
too, but not these words: it is a real secret chosen at random, and its length
is JWT302's business, so it is not called a placeholder.

Pure: bytes in, a shape name (or None) out; no I/O, no other jwtfix module.
"""

from __future__ import annotations

import re

_VOCABULARY = frozenset((
    "your", "my", "our", "the", "an", "to", "this", "that", "these", "here", "there", "goes",
    "go", "put", "insert", "enter", "add", "type", "paste", "replace", "me", "with", "change",
    "changeme", "set", "secret", "secrets", "key", "keys", "jwt", "jws", "token", "tokens",
    "signing", "sign", "access", "refresh", "api", "app", "application", "auth",
    "authentication", "private", "public", "super", "very", "long", "longer", "random",
    "string", "value", "strong", "stronger", "secure", "safe", "min", "max", "minimum",
    "maximum", "least", "at", "chars", "characters", "char", "bit", "bits", "byte", "bytes",
    "hex", "base64", "example", "sample", "dummy", "test", "testing", "default",
    "placeholder", "xxx", "xxxx", "todo", "fixme", "tbd", "generate", "generated", "own",
    "real", "production", "prod", "dev", "development", "local", "please", "must", "be",
    "should", "unique", "password", "passwd", "pass", "hash", "hmac", "sha256", "of", "for",
    "in", "is", "it", "and", "or", "new", "use", "something", "some", "length",
    "cryptographically", "securely", "env", "environment", "variable", "config",
    "configuration", "server", "backend", "service", "session", "cookie", "jsonwebtoken",
    "goes"
))  # fmt: skip
"""Words that tutorials' placeholder secrets are made of."""

_NOUNS = frozenset((
    "secret", "secrets", "key", "keys", "jwt", "token", "tokens", "password", "passwd",
    "pass", "hash"
))  # fmt: skip
_FIRST_WORD_SHAPES = (
    (frozenset(("your", "my", "our")), "your-…-key"),
    (frozenset(("change", "changeme")), "change-me…"),
    (frozenset(("replace",)), "replace…"),
    (frozenset(("example", "sample", "dummy", "placeholder")), "example…"),
)
_SEPARATORS = re.compile(r"[-_ .:]+")
_CAMEL = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+|[^A-Za-z0-9]+")
_FILLER = re.compile(r"[0-9]+(?:bits?|bytes?|chars?|characters)?|[0-9]+[a-z]?")
"""Numbers (`256`, `32chars`, `64`) fit any placeholder and count neither way."""
_MIN_LENGTH = re.compile(
    r"(?:^|[-_ .])(?:min|minimum|at[-_ .]?least)[-_ .]?[0-9]+[-_ .]?"
    r"(?:chars?|characters|bytes?|bits?)(?:$|[-_ .])"
)


def words(text: str) -> list[str]:
    """`yourJWT_secret-256` -> ['your', 'jwt', 'secret', '256']."""
    found: list[str] = []
    for part in _SEPARATORS.split(text.strip()):
        found.extend(piece.lower() for piece in _CAMEL.findall(part))
    return [word for word in found if word]


def placeholder_shape(value: bytes) -> str | None:
    """The placeholder shape `value` has (e.g. 'your-…-key'), or None for a real secret."""
    try:
        text = value.decode("utf-8").strip().strip("\"'").strip()
    except UnicodeDecodeError:
        return None  # random bytes
    if not text or len(text) > 200:
        return None
    if _MIN_LENGTH.search(text.lower()):
        return "…-min-32-chars"
    tokens = words(text)
    if not tokens:
        return None
    real = [word for word in tokens if not _FILLER.fullmatch(word)]
    if not real:
        return None
    # One-letter pieces come out of camel-case splitting of random text: they prove nothing.
    known = [word for word in real if len(word) > 1 and word in _VOCABULARY]
    mostly_vocabulary = len(known) * 3 >= len(real) * 2
    if text.lower().startswith("changeme") and len(text) <= 40:
        return "change-me…"
    for first_words, shape in _FIRST_WORD_SHAPES:
        if tokens[0] in first_words and len(tokens) >= 2 and mostly_vocabulary:
            return shape
    if len(known) >= 3 and len(known) == len(real) and any(w in _NOUNS for w in known):
        return "placeholder words"
    return None
