"""`WWW-Authenticate` as servers really send it -> challenges (RFC 7235 §4.1, RFC 6750 §3).

The grammar is `scheme [token68 | param *("," param)]`, challenges separated by
commas, values a token or a quoted string with backslash escapes. Real servers
stray from it; each stray is read the way its author meant and reported as a
note, never as an error:

- several challenges in one header (`DPoP algs="ES256", Bearer realm="api"`) or
  in several header lines;
- the scheme in any case (`bearer`, `BEARER`);
- parameters without commas between them (AWS HTTP API:
  `Bearer scope="" error="invalid_token" error_description="..."`);
- single-quoted values (`realm='sign'`);
- unescaped double quotes inside a value (express-oauth2-jwt-bearer puts jose's
  `"exp" claim timestamp check failed` between quotes as it is);
- the pre-RFC scheme names `OAuth2` / `OAuth` (WSO2, older gateways), read as Bearer;
- an error code with a space (`"invalid token"`), an unterminated quote,
  a repeated parameter (the first one counts), unknown parameters (kept).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jwtfix.limits import clip

# RFC 7230 tchar
_TCHAR = frozenset("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_TOKEN68 = frozenset(_TCHAR | set("/+-._~"))
BEARER_LIKE = ("bearer", "oauth2", "oauth")
"""Scheme names (lower case) that carry RFC 6750 parameters."""
ERROR_CODES = {
    "invalid_request": 400,
    "invalid_token": 401,
    "insufficient_scope": 403,
}
"""The RFC 6750 §3.1 error codes and the status each goes with."""


@dataclass(frozen=True, slots=True)
class Challenge:
    """One challenge: a scheme and its parameters."""

    scheme: str
    """As sent (`Bearer`, `bearer`, `OAuth2`, ...)."""
    params: dict[str, str] = field(default_factory=dict)
    """Parameter names in lower case; the first of a repeated name counts; unknown ones kept."""
    token68: str | None = None
    """The `token68` form (`Basic abc==`), when the challenge has one."""

    @property
    def scheme_lower(self) -> str:
        return self.scheme.lower()

    @property
    def bearer_like(self) -> bool:
        return self.scheme_lower in BEARER_LIKE

    def get(self, name: str) -> str | None:
        return self.params.get(name)

    @property
    def error(self) -> str | None:
        """The RFC 6750 error code, normalised (`invalid token` -> `invalid_token`)."""
        value = self.params.get("error")
        if value is None:
            return None
        return "_".join(value.strip().lower().split())

    def to_json(self) -> dict[str, Any]:
        return {
            "scheme": self.scheme,
            "error": self.error,
            "error_description": self.params.get("error_description"),
            "error_uri": self.params.get("error_uri"),
            "realm": self.params.get("realm"),
            "scope": self.params.get("scope"),
            "params": dict(self.params),
            "token68": self.token68,
        }


@dataclass(frozen=True, slots=True)
class ParsedChallenges:
    """Everything read from the `WWW-Authenticate` header(s) of one response."""

    challenges: tuple[Challenge, ...]
    notes: tuple[str, ...] = ()
    """Where the header strays from RFC 7235 / 6750, and how it was read."""

    @property
    def bearer(self) -> Challenge | None:
        """The challenge that speaks RFC 6750: Bearer first, then OAuth2/OAuth."""
        for scheme in BEARER_LIKE:
            for challenge in self.challenges:
                if challenge.scheme_lower == scheme:
                    return challenge
        return None

    @property
    def schemes(self) -> list[str]:
        return [c.scheme for c in self.challenges]


def parse(headers: str | list[str]) -> ParsedChallenges:
    """Read one `WWW-Authenticate` value, or all of a response's; never raises."""
    values = [headers] if isinstance(headers, str) else list(headers)
    challenges: list[Challenge] = []
    notes: list[str] = []
    for value in values:
        parser = _Parser(value)
        challenges.extend(parser.run())
        notes.extend(n for n in parser.notes if n not in notes)
    for challenge in challenges:
        if challenge.scheme_lower in ("oauth2", "oauth"):
            notes.append(
                f"scheme {challenge.scheme!r} is the name from drafts of OAuth 2.0; "
                "RFC 6750 calls it 'Bearer' (read as Bearer)"
            )
        elif challenge.scheme_lower == "bearer" and challenge.scheme != "Bearer":
            notes.append(f"scheme written {challenge.scheme!r}: schemes are case-insensitive")
        raw_error = challenge.params.get("error")
        if raw_error is not None and challenge.bearer_like:
            code = challenge.error
            if code != raw_error:
                notes.append(
                    f"error {clip(repr(raw_error))} is not written as RFC 6750 does: read as "
                    + clip(str(code))
                )
            if code not in ERROR_CODES:
                notes.append(
                    f"error {clip(repr(code))} is not one of RFC 6750's codes "
                    "(invalid_request, invalid_token, insufficient_scope)"
                )
    return ParsedChallenges(tuple(challenges), tuple(dict.fromkeys(notes)))


def _param_starts(text: str) -> list[bool]:
    """For each position of `text`: does `[ \t]* tchar+ [ \t]* =` start there?

    One pass from the end, so that asking at every quote of a value (is this quote
    followed by the next parameter?) stays linear: asking by scanning made a header of
    15,000 single quotes (a quote is a tchar) quadratic.
    """
    n = len(text)
    equals = [False] * (n + 1)  # `[ \t]* =` starts here
    token = [False] * (n + 1)  # `tchar+ [ \t]* =` starts here
    starts = [False] * (n + 1)
    for i in range(n - 1, -1, -1):
        ch = text[i]
        blank = ch in " \t"
        equals[i] = ch == "=" or (blank and equals[i + 1])
        token[i] = ch in _TCHAR and (token[i + 1] or equals[i + 1])
        starts[i] = token[i] or (blank and starts[i + 1])
    return starts


class _Parser:
    """A forgiving reader of the RFC 7235 challenge list, in one pass (linear time)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.notes: list[str] = []
        self._param_starts: list[bool] | None = None

    # -- low level

    def _skip_ws(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
            self.pos += 1

    def _peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def _token(self, chars: frozenset[str] = _TCHAR) -> str:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] in chars:
            self.pos += 1
        return self.text[start : self.pos]

    def _lookahead_param(self, at: int) -> bool:
        """Does a `name =` start at `at` (spaces allowed around)? O(1) after one pass."""
        if self._param_starts is None:
            self._param_starts = _param_starts(self.text)
        return at < len(self.text) and self._param_starts[at]

    def _good_end(self, at: int) -> bool:
        """After a closing quote at `at`: the end, a comma, or (a missing comma) `name=`."""
        i = at
        while i < len(self.text) and self.text[i] in " \t":
            i += 1
        if i >= len(self.text) or self.text[i] == ",":
            return True
        return self._lookahead_param(i)

    # -- values

    def _quoted(self, quote: str) -> str:
        """A quoted string starting at self.pos (on the quote)."""
        self.pos += 1
        out: list[str] = []
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch == "\\" and quote == '"' and self.pos + 1 < len(self.text):
                out.append(self.text[self.pos + 1])
                self.pos += 2
                continue
            if ch == quote:
                if self._good_end(self.pos + 1):
                    self.pos += 1
                    return "".join(out)
                # a quote inside the value that nobody escaped: keep it and read on
                self.notes.append(
                    "an unescaped quote inside a quoted value (read up to the quote that ends it)"
                )
            out.append(ch)
            self.pos += 1
        self.notes.append("a quoted value is not closed (read to the end of the header)")
        return "".join(out)

    def _value(self) -> str:
        ch = self._peek()
        if ch == '"':
            return self._quoted('"')
        if ch == "'":
            self.notes.append('a value in single quotes (HTTP quotes with "), read without them')
            return self._quoted("'")
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in ", \t":
            self.pos += 1
        return self.text[start : self.pos]

    # -- structure

    def run(self) -> list[Challenge]:
        challenges: list[Challenge] = []
        while self.pos < len(self.text):
            self._skip_ws()
            while self._peek() == ",":
                self.pos += 1
                self._skip_ws()
            if self.pos >= len(self.text):
                break
            scheme = self._token()
            if not scheme:
                start = self.pos
                while self.pos < len(self.text) and self.text[self.pos] != ",":
                    self.pos += 1
                skipped = self.text[start : self.pos]
                self.notes.append(f"text that is no challenge skipped: {skipped[:40]!r}")
                continue
            challenges.append(self._challenge(scheme))
        return challenges

    def _challenge(self, scheme: str) -> Challenge:
        params: dict[str, str] = {}
        token68: str | None = None
        self._skip_ws()
        # token68 (`Basic abc==`, `Negotiate abc`): one word, then the end or a comma
        mark = self.pos
        if self._token(_TOKEN68):
            while self._peek() == "=":
                self.pos += 1
            end = self.pos
            self._skip_ws()
            if self._peek() in ("", ","):
                return Challenge(scheme, params, self.text[mark:end])
            self.pos = mark
        first = True
        while self.pos < len(self.text):
            self._skip_ws()
            separated = False
            while self._peek() == ",":
                separated = True
                self.pos += 1
                self._skip_ws()
            if self.pos >= len(self.text):
                break
            if not self._lookahead_param(self.pos):
                break  # the next challenge's scheme (or something we cannot read)
            if not first and not separated:
                self.notes.append("parameters without commas between them")
            first = False
            name = self._token().lower()
            self._skip_ws()
            self.pos += 1  # the "="
            self._skip_ws()
            value = self._value()
            if name in params:
                self.notes.append(f"parameter {name!r} given twice (the first one counts)")
            else:
                params[name] = value
        return Challenge(scheme, params, token68)
