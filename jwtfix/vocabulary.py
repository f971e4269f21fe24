"""The one token vocabulary (SPEC 4.1): which JSON fields of an answer hold which token.

`inputs` (a pasted login response), `har` (request and response bodies, form
fields, query parameters) and the live flow (login and refresh answers) all
read tokens through `tokens_in`, so a shape learned once is learned
everywhere. It is a pure function of parsed JSON (or a flat mapping of form
fields): no I/O, no clock, standard library only (it is on `decode`'s start-up
path).

- access fields, in precedence order: `access_token`/`accessToken`/`access`,
  then `token`/`jwt`/`authToken`/`auth_token`; `id_token`/`idToken` is the
  ID token, the bearer only when no access token is there (an OAuth refresh
  answer holds both);
- refresh fields: `refreshToken`, `refresh_token`, `refresh`; a refresh token
  may be opaque (not a JWT) and is still the refresh token;
- looked up at the top level, then inside one wrapping object (`data`,
  `result`, `tokens`, `session`, `auth`, `token` when it is an object);
  `deep=True` goes on breadth-first through every nested object after those
  (a GraphQL `{"data": {"login": {...}}}`, a pasted document).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from jwtfix.tokens import looks_like_jwt

ACCESS_FIELDS = ("access_token", "accessToken", "access", "token", "jwt", "authToken", "auth_token")
"""Fields of an access token, strongest first."""
ID_FIELDS = ("id_token", "idToken")
REFRESH_FIELDS = ("refreshToken", "refresh_token", "refresh")
TOKEN_FIELDS = ACCESS_FIELDS + ID_FIELDS + REFRESH_FIELDS
"""Every field name of the vocabulary (for messages: "looked for ...")."""
WRAPPERS = ("data", "result", "tokens", "session", "auth", "token")
"""Objects the tokens may be wrapped in, one level deep."""

_STRONG = frozenset(("access_token", "accessToken", "access"))
"""Access fields that win over `token`/`jwt`/... whatever the order of the answer."""
_OPAQUE_ACCESS = frozenset(("access_token", "accessToken"))
"""Fields whose opaque (non-JWT) value is still the access token (an OAuth token endpoint's)."""
_OPAQUE = re.compile(r"[A-Za-z0-9._~+/=|:-]{8,4096}")
"""What an opaque token looks like: one word of token characters."""
_NAMED_REFRESH = frozenset(("refreshToken", "refresh_token"))
"""Names that say "refresh token" outright: 8 characters make a token; `refresh` needs 16."""
_DEEP_LIMIT = 200
"""Objects visited at most by `deep` (a pasted document may be large)."""


@dataclass(frozen=True, slots=True)
class Found:
    """One token of an answer and the field it came from."""

    text: str = field(repr=False)
    """The token (a `Bearer ` prefix removed); never printed."""
    name: str
    """The field's own name (`refresh`, `access_token`): what to send it back under."""
    path: str
    """Where it was: `access`, `data.refresh_token`."""
    opaque: bool = False
    """Not a JWT (an opaque refresh or OAuth access token): it has no claims to read."""


@dataclass(frozen=True, slots=True)
class AnswerTokens:
    """The tokens of one answer: the bearer, the refresh token, the ID token."""

    access: Found | None = None
    """The token to send as the bearer: the access token, else the ID token."""
    refresh: Found | None = None
    id: Found | None = None
    """The ID token (also `access` when there is no access token)."""

    def __bool__(self) -> bool:
        return self.access is not None or self.refresh is not None or self.id is not None

    def all(self) -> tuple[tuple[str, Found], ...]:
        """(role, token) for each distinct token: role is access, refresh or id."""
        out: list[tuple[str, Found]] = []
        if self.access is not None:
            out.append(("id" if self.access is self.id else "access", self.access))
        if self.refresh is not None:
            out.append(("refresh", self.refresh))
        if self.id is not None and self.id is not self.access:
            out.append(("id", self.id))
        return tuple(out)


def strip_bearer(text: str) -> str:
    """`Bearer eyJ...` (any case, any white space after it) -> `eyJ...`: the one Bearer rule."""
    if text[:6].lower() == "bearer" and text[6:7].isspace():
        return text[6:].lstrip()
    return text


def bare(value: str) -> str:
    """A field's value without surrounding white space and a `Bearer ` prefix."""
    return strip_bearer(value.strip())


def is_opaque_token(text: str, shortest: int = 16) -> bool:
    """One word of token characters, long enough to be a secret: an opaque token's shape."""
    return len(text) >= shortest and _OPAQUE.fullmatch(text) is not None and not text.isdigit()


def tokens_in(doc: Any, *, deep: bool = False) -> AnswerTokens:
    """The access, refresh and ID token of a parsed JSON answer (or a mapping of form fields)."""
    access: tuple[tuple[bool, int, int], Found] | None = None
    refresh: Found | None = None
    id_token: Found | None = None
    for order, (prefix, scope, nested) in enumerate(_scopes(doc, deep)):
        for name in ACCESS_FIELDS:
            value = scope.get(name)
            if not isinstance(value, str):
                continue
            text = bare(value)
            rank = 0 if name in _STRONG else 1
            if looks_like_jwt(text):
                found = Found(text, name, prefix + name)
            elif name in _OPAQUE_ACCESS and is_opaque_token(text):
                found, rank = Found(text, name, prefix + name, opaque=True), rank + 2
            else:
                continue
            # The top level and the wrappers before deeper objects, then strength
            # (access_token over token; a JWT over an opaque value), then the outer scope.
            key = (nested, rank, order)
            if access is None or key < access[0]:
                access = (key, found)
        for name in ID_FIELDS:
            value = scope.get(name)
            if id_token is None and isinstance(value, str) and looks_like_jwt(bare(value)):
                id_token = Found(bare(value), name, prefix + name)
        for name in REFRESH_FIELDS:
            value = scope.get(name)
            if refresh is not None or not isinstance(value, str):
                continue
            text = bare(value)
            if looks_like_jwt(text):
                refresh = Found(text, name, prefix + name)
            elif is_opaque_token(text, 8 if name in _NAMED_REFRESH else 16):
                refresh = Found(text, name, prefix + name, opaque=True)
    bearer = access[1] if access is not None else id_token
    if refresh is not None and bearer is not None and refresh.text == bearer.text:
        refresh = None  # one token under two names is the bearer, not a session's two halves
    return AnswerTokens(bearer, refresh, id_token)


def _scopes(doc: Any, deep: bool) -> Iterator[tuple[str, Mapping[str, Any], bool]]:
    """(path prefix, object, nested): the top level, the wrappers, then (deep) every other
    object breadth-first."""
    if isinstance(doc, list) and doc and isinstance(doc[0], dict):
        doc = doc[0]  # `[{...}]`: a one-answer array
    if not isinstance(doc, Mapping):
        return
    yield "", doc, False
    seen = {id(doc)}
    for name in WRAPPERS:
        inner = doc.get(name)
        if isinstance(inner, Mapping):
            seen.add(id(inner))
            yield name + ".", inner, False
    if not deep:
        return
    queue: deque[tuple[str, Any]] = deque([("", doc)])
    visited = 0
    while queue and visited < _DEEP_LIMIT:
        prefix, node = queue.popleft()
        visited += 1
        items = node.items() if isinstance(node, Mapping) else enumerate(node[:100])
        for key, value in items:
            if not isinstance(value, Mapping | list):
                continue
            path = f"{prefix}{key}."
            if isinstance(value, Mapping) and id(value) not in seen:
                seen.add(id(value))
                yield path, value, True
            queue.append((path, value))
