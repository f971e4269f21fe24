"""One reader of HTTP answers: what a status, its headers and its body say about a token.

`read(status, headers, body)` takes plain values (an `httpclient.Exchange`,
a HAR entry or a test's reply all have them) and returns an `Answer`:

- the `WWW-Authenticate` challenges (jwtfix.challenge);
- the error in the body, in the shapes real stacks send (SPEC 4.2):
  DRF/simplejwt `{detail, code, messages}`, Flask-JWT-Extended `{msg}`,
  Directus/GraphQL `{errors: [{message, extensions: {code}}]}`,
  `{error: {code, message}}`, OAuth 2.0 `{error, error_description}`,
  RFC 9457 problem details, `{message}`, DRF field errors
  (`{"refresh": ["This field is required."]}`) and pydantic's 422 list;
- the kind of refusal (expired, signature, wrong_type, missing, malformed,
  revoked, ...), by error code first, then by explain's knowledge base, then
  by the message's words;
- whether the token was sent the wrong way (a field or header the service
  says is missing), which is never evidence about the token itself;
- the stack that most likely answered, with its default clock leeway.

The knowledge of codes, words and stacks is reviewed data in
`jwtfix/data/stacks.toml`, read once. probe, the live flow (JWT704, JWT705,
JWT709) and har all read answers here.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from jwtfix import challenge
from jwtfix.exchange import json_or_none

STACKS_FILE = "stacks.toml"
MAX_TEXT = 300
"""Characters of a body that is not JSON kept as its text."""


# -- the knowledge ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StackRule:
    name: str
    leeway: float | None
    patterns: tuple[str, ...]
    shape: str | None = None


@dataclass(frozen=True, slots=True)
class Knowledge:
    """stacks.toml, read: codes -> kinds, word families, stacks, dialects."""

    codes: dict[str, str]
    words: tuple[tuple[str, re.Pattern[str]], ...]
    stacks: tuple[StackRule, ...]
    retry_statuses: frozenset[int]


def parse_knowledge(data: dict[str, Any]) -> Knowledge:
    """The parsed stacks.toml; a broken entry is a ValueError naming it (tests read it)."""
    if data.get("schema") != 1:
        raise ValueError(f"{STACKS_FILE}: unknown schema {data.get('schema')!r}")
    codes = {str(k).lower(): str(v) for k, v in data.get("codes", {}).items()}
    words = []
    for family in data.get("words", []):
        kind, listed = family.get("kind"), family.get("words")
        if not isinstance(kind, str) or not isinstance(listed, list) or not listed:
            raise ValueError(f"{STACKS_FILE}: a [[words]] entry needs kind and words: {family!r}")
        words.append((kind, re.compile("|".join(_word(str(w).lower()) for w in listed))))
    stacks = []
    for entry in data.get("stacks", []):
        name, patterns = entry.get("name"), entry.get("patterns")
        if not isinstance(name, str) or not isinstance(patterns, list) or not patterns:
            raise ValueError(f"{STACKS_FILE}: a [[stacks]] entry needs name and patterns")
        leeway = entry.get("leeway")
        stacks.append(
            StackRule(
                name=name,
                leeway=float(leeway) if isinstance(leeway, int | float) else None,
                patterns=tuple(str(p).lower() for p in patterns),
                shape=entry.get("shape"),
            )
        )
    dialects = data.get("dialects", {})
    return Knowledge(
        codes=codes,
        words=tuple(words),
        stacks=tuple(stacks),
        retry_statuses=frozenset(dialects.get("retry_statuses", ())),
    )


def _word(word: str) -> str:
    # Short words (aud, iss, kid, alg, nbf, iat) only as words: "kid" is not in "skidding".
    return rf"\b{word}\b" if word.isalpha() and len(word) <= 3 else re.escape(word)


@cache
def knowledge() -> Knowledge:
    text = resources.files("jwtfix").joinpath("data", STACKS_FILE).read_text(encoding="utf-8")
    return parse_knowledge(tomllib.loads(text))


# -- the body ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BodyError:
    """The error a response body carries: JSON fields, or the start of its text."""

    error: str | None = None
    message: str | None = None
    code: str | None = None
    description: str | None = None
    """The most specific text: OAuth's error_description, simplejwt's messages[].message."""
    text: str | None = None
    """A body that is not JSON (or JSON without these fields): its first 300 characters."""
    shape: str | None = None
    """Which shape it was read as: drf, msg, errors, error-object, oauth, problem, message,
    fields (DRF field errors), pydantic (FastAPI's 422 list), json, text, html."""
    missing: tuple[str, ...] = ()
    """Request fields the body says are required or missing (DRF, pydantic, validators)."""

    @property
    def summary(self) -> str | None:
        """The most telling text of the body, for matching and for people."""
        parts = [p for p in (self.description, self.message, self.error) if p]
        if parts:
            return parts[0] if len(parts) == 1 else "; ".join(dict.fromkeys(parts))
        return self.code or self.text

    def to_json(self) -> dict[str, Any]:
        return {
            "error": self.error,
            "message": self.message,
            "code": self.code,
            "error_description": self.description,
            "text": self.text,
        }


def _str(value: Any) -> str | None:
    if isinstance(value, str):
        return value or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def body_error(body: bytes, media_type: str | None = None) -> BodyError | None:
    """The body's error in the shape it came in, or its text; None for an empty body."""
    if not body.strip():
        return None
    data = json_or_none(body)
    if isinstance(data, dict):
        found = _json_error(data)
        if found is not None:
            return found
    text = body.decode("utf-8", "replace").strip()
    if not text:
        return None
    if media_type == "text/html" or text.lower().startswith(("<!doctype", "<html")):
        title = re.search(r"<title>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
        shown = " ".join(title.group(1).split()) if title else "an HTML page"
        return BodyError(text=shown, shape="html")
    return BodyError(text=" ".join(text.split())[:MAX_TEXT], shape="text")


def _json_error(data: dict[str, Any]) -> BodyError | None:
    detail = data.get("detail")
    # FastAPI / pydantic: {"detail": [{"type": "missing", "loc": ["body", "username"], ...}]}
    if isinstance(detail, list) and detail and all(isinstance(d, dict) for d in detail):
        return _pydantic(detail)
    # DRF + simplejwt: {"detail", "code", "messages": [{"token_class", "token_type", "message"}]}
    if isinstance(detail, str) and ("code" in data or "messages" in data or len(data) == 1):
        messages = data.get("messages")
        inner: list[str] = [
            m["message"]
            for m in (messages if isinstance(messages, list) else [])
            if isinstance(m, dict) and isinstance(m.get("message"), str)
        ]
        if "type" not in data and "title" not in data:
            return BodyError(
                message=detail,
                code=_str(data.get("code")),
                description="; ".join(dict.fromkeys(inner)) or None,
                shape="drf",
            )
    # Flask-JWT-Extended: {"msg": "..."}
    if isinstance(data.get("msg"), str) and not any(k in data for k in ("error", "message")):
        return BodyError(message=data["msg"], shape="msg")
    # Directus / GraphQL: {"errors": [{"message", "extensions": {"code"}}]}
    errors = data.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return _errors_list(errors)
    error = data.get("error")
    # {"error": {"code", "message"}}
    if isinstance(error, dict):
        return BodyError(
            error=None,
            message=_str(error.get("message")) or _str(error.get("msg")),
            code=_str(error.get("code")) or _str(error.get("type")),
            description=_str(error.get("description")) or _str(error.get("details")),
            shape="error-object",
        )
    # OAuth 2.0: {"error", "error_description"}
    if isinstance(error, str) and error:
        return BodyError(
            error=error,
            message=_str(data.get("message")) or _str(data.get("msg")),
            code=_str(data.get("code")) or _str(data.get("error_code")),
            description=_str(data.get("error_description")),
            shape="oauth",
        )
    # RFC 9457 problem details
    if isinstance(data.get("title"), str) and ("type" in data or "status" in data):
        return BodyError(
            error=data["title"],
            message=_str(data.get("detail")),
            code=_str(data.get("code")) or _str(data.get("type")),
            shape="problem",
        )
    for key in ("message", "detail", "reason", "description", "errorMessage"):
        if isinstance(data.get(key), str) and data[key]:
            return BodyError(
                message=data[key],
                code=_str(data.get("code")) or _str(data.get("error_code")),
                shape="message",
            )
    # DRF field errors: {"refresh": ["This field is required."]}
    fields = {
        k: [str(x) for x in v]
        for k, v in data.items()
        if isinstance(v, list) and v and all(isinstance(x, str) for x in v)
    }
    if fields and len(fields) == len(data):
        said = "; ".join(f"{k}: {' '.join(v)}" for k, v in fields.items())
        missing = tuple(k for k, v in fields.items() if any("required" in x.lower() for x in v))
        return BodyError(message=said, shape="fields", missing=missing)
    code = _str(data.get("code")) or _str(data.get("error_code")) or _str(data.get("errorCode"))
    if code is not None and not data.get("access_token"):
        return BodyError(code=code, shape="json")
    return None


def _pydantic(detail: list[dict[str, Any]]) -> BodyError:
    said, missing = [], []
    for item in detail:
        loc = [str(p) for p in item.get("loc", []) if isinstance(p, str | int)]
        where = ".".join(p for p in loc if p not in ("body", "query", "header", "cookie"))
        msg = _str(item.get("msg")) or ""
        said.append(f"{where}: {msg}" if where else msg)
        required = item.get("type") in ("missing", "value_error.missing")
        if loc and (required or "required" in msg.lower()):
            missing.append(loc[-1])
    return BodyError(
        message="; ".join(s for s in said if s) or None, shape="pydantic", missing=tuple(missing)
    )


def _errors_list(errors: list[Any]) -> BodyError:
    first = errors[0]
    extensions = first.get("extensions")
    code = _str(extensions.get("code")) if isinstance(extensions, dict) else None
    missing = tuple(
        str(e.get("param") or e.get("path"))
        for e in errors
        if isinstance(e, dict)
        and (e.get("param") or e.get("path"))
        and "required" in str(e.get("msg") or e.get("message") or "").lower()
    )
    return BodyError(
        message=_str(first.get("message")) or _str(first.get("msg")),
        code=code or _str(first.get("code")),
        description=_str(first.get("detail")),
        shape="errors",
        missing=missing,
    )


# -- the answer --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Stack:
    """The library or gateway that most likely judged the token."""

    name: str
    leeway_seconds: float | None
    """Its default clock tolerance, when known (None: not known)."""
    evidence: str
    """What gave it away."""

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "leeway_seconds": self.leeway_seconds, "evidence": self.evidence}


_ALLOWED_SKEW = re.compile(r"allowed clock skew:\s*(\d+)\s*milliseconds", re.IGNORECASE)

# explain's kinds (jwtfix/data/explain.toml) read as one of the answer reader's own.
_KIND_ALIASES = {
    "key_not_found": "key",
    "jwks_fetch": "key",
    "keyfunc": "key",
    "alg_none": "algorithm",
    "alg_not_allowed": "algorithm",
    "key_type": "algorithm",
    "missing_token": "missing",
    "bad_scheme": "missing",
    "issued_in_future": "not_yet_valid",
    "max_age": "expired",
    "lifetime": "expired",
    "token_type": "wrong_type",
}

KIND_TEXT = {
    "expired": "expired",
    "not_yet_valid": "not yet valid",
    "signature": "bad signature",
    "key": "unknown key",
    "wrong_type": "wrong token type",
    "missing": "no token found",
    "malformed": "malformed token",
    "revoked": "revoked",
    "scope": "not permitted",
    "audience": "wrong audience",
    "issuer": "wrong issuer",
    "algorithm": "algorithm not allowed",
    "credentials": "bad credentials",
}
"""How each kind of refusal is named to people."""


@dataclass(frozen=True, slots=True)
class Answer:
    """What one HTTP answer says about the token it was given."""

    status: int | None
    challenges: challenge.ParsedChallenges | None
    """None when the answer has no WWW-Authenticate."""
    body: BodyError | None
    kind: str | None
    """The family of refusal recognised (expired, signature, wrong_type, missing, ...)."""
    stack: Stack | None
    texts: tuple[str, ...] = ()
    """The answer's texts, most specific first (for matching and stack recognition)."""
    explanation: Any = field(default=None, compare=False)
    """explain's Explanation for the message, or None (no message, or an accepted answer)."""
    error_in_body: bool = False
    """A 2xx whose JSON body says it failed (`{"error": ...}`, `success: false`)."""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def bearer(self) -> challenge.Challenge | None:
        return self.challenges.bearer if self.challenges else None

    @property
    def message(self) -> str | None:
        """What the service says, most specific first: error_description, the body, then
        the challenge's bare error code."""
        bearer = self.bearer
        return (
            (bearer.get("error_description") if bearer else None)
            or (self.body.summary if self.body else None)
            or (bearer.error if bearer else None)
        )

    @property
    def accepted(self) -> bool:
        """A 2xx that does not carry an error in its body."""
        return self.ok and not self.error_in_body

    @property
    def sent_wrong_way(self) -> str | None:
        """Why the service did not see the token where it was put, or None.

        A body field it says is required, a missing Authorization header or
        cookie: the refusal says nothing about the token itself.
        """
        if self.ok:
            return None
        missing = self.body.missing if self.body else ()
        if missing:
            return f"the service says {', '.join(missing)} is required"
        if self.kind == "missing":
            return f"the service did not find a token ({self.message or self.status})"
        return None

    @property
    def about_token(self) -> bool:
        """Whether what the answer says concerns a token: a kind of refusal, a message
        explain knows, or a validation error missing a field a token travels in (an
        `authorization` header, a `refresh_token` field; not an `email`)."""
        missing = self.body.missing if self.body else ()
        if missing:
            return any(_TOKEN_FIELD.search(name) for name in missing)
        found = self.explanation
        return self.kind is not None or (found is not None and bool(found.matched))

    def reason(self) -> tuple[Any, ...]:
        """What a client can tell apart: status, challenge error, codes and messages."""
        bearer = self.bearer
        body = self.body
        return (
            self.status,
            bearer.error if bearer else None,
            bearer.get("error_description") if bearer else None,
            body.code if body else None,
            body.summary if body else None,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "kind": self.kind,
            "message": self.message,
            "sent_wrong_way": self.sent_wrong_way,
            "stack": None if self.stack is None else self.stack.to_json(),
        }


def read(
    status: int | None,
    headers: Sequence[tuple[str, str]],
    body: bytes,
    *,
    explain: bool = True,
) -> Answer:
    """Read one answer. `explain=False` leaves explain's knowledge base out (har's bulk)."""
    www = [v for k, v in headers if k.lower() == "www-authenticate"]
    parsed = challenge.parse(www) if www else None
    bearer = parsed.bearer if parsed else None
    media = next((v for k, v in headers if k.lower() == "content-type"), None)
    found = body_error(body, media.split(";")[0].strip().lower() if media else None)
    texts = tuple(
        dict.fromkeys(
            t
            for t in (
                bearer.get("error_description") if bearer else None,
                found.description if found else None,
                found.message if found else None,
                found.error if found else None,
                bearer.error if bearer else None,
                found.text if found else None,
                found.code if found else None,
            )
            if t
        )
    )
    ok = status is not None and 200 <= status < 300
    failed = ok and _says_failed(body, found)
    message = (bearer.get("error_description") if bearer else None) or (
        found.summary if found else None
    )
    explanation = None
    if explain and message and (not ok or failed):
        explanation = explain_message(message)
    kind = None
    if not ok or failed:
        kind = refusal_kind(
            codes=(found.code if found else None, found.error if found else None,
                   bearer.error if bearer else None),
            texts=texts,
            explanation=explanation,
        )  # fmt: skip
    return Answer(
        status=status,
        challenges=parsed,
        body=found,
        kind=kind,
        stack=recognise_stack(headers, [*texts, *www], found.shape if found else None),
        texts=texts,
        explanation=explanation,
        error_in_body=failed,
    )


_TOKEN_FIELD = re.compile(r"authori[sz]ation|token|bearer|jwt|cookie", re.IGNORECASE)
"""A request field or header a token travels in."""


def explain_message(text: str) -> Any:
    """explain's knowledge base on the service's message: the one place answers ask it."""
    from jwtfix.ops.explain import explain

    return explain(text)


def _says_failed(body: bytes, found: BodyError | None) -> bool:
    if found is None or found.shape in ("text", "html"):
        return False
    if found.shape in ("oauth", "error-object", "errors"):
        return True
    data = json_or_none(body)
    return isinstance(data, dict) and (data.get("success") is False or data.get("ok") is False)


def read_exchange(exchange: Any, *, explain: bool = True) -> Answer:
    """`read` over an `httpclient.Exchange` (status, response_headers, body)."""
    return read(exchange.status, exchange.response_headers, exchange.body, explain=explain)


def refusal_kind(
    *, codes: Iterable[str | None], texts: Sequence[str], explanation: Any = None
) -> str | None:
    """The family of a refusal: an error code that names one, explain's entry, the words."""
    table = knowledge().codes
    for code in codes:
        kind = table.get(code.lower()) if code else None
        if kind:
            return kind
    entry = getattr(explanation, "entry", None) if explanation is not None else None
    kind = getattr(entry, "kind", None)
    # explain's kind-level answer for a wording no library entry knows is a guess from the
    # same words read below: the words decide then (they know "no refresh token" is missing)
    known = getattr(explanation, "library_known", True)
    if (
        known
        and isinstance(kind, str)
        and kind
        and kind not in ("generic_invalid", "refresh_invalid")
    ):
        return _KIND_ALIASES.get(kind, kind)
    for text in texts:  # the most specific text first: its words decide
        lower = text.lower()
        for name, pattern in knowledge().words:
            if pattern.search(lower):
                return name
    return None


def recognise_stack(
    headers: Sequence[tuple[str, str]], texts: Sequence[str], shape: str | None = None
) -> Stack | None:
    """The stack whose patterns occur in the headers and texts (stacks.toml, first wins)."""
    haystack = " ".join(f"{k}: {v}" for k, v in headers).lower() + " " + " ".join(texts).lower()
    for rule in knowledge().stacks:
        if rule.shape is not None and rule.shape != shape:
            continue
        hit = next((p for p in rule.patterns if p in haystack), None)
        if hit is None:
            continue
        leeway = rule.leeway
        if rule.name.startswith("jjwt"):
            skew = _ALLOWED_SKEW.search(haystack)
            leeway = int(skew.group(1)) / 1000 if skew else leeway
        return Stack(rule.name, leeway, f"{hit!r} in the response")
    return None
