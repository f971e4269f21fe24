"""HAR 1.2 files, streamed: one `Exchange` per entry, never the whole document in memory.

Reads HAR as Chrome, Firefox and Playwright write it. Their differences that
matter here: Chrome adds `_initiator`, `_resourceType`, `_transferSize`, joins
several Set-Cookie lines of an HTTP/1.1 response with newlines, lower-cases
HTTP/2 header names and, exported "sanitized", drops Authorization and cookie
headers; Firefox writes local times with an offset (`+01:00`), cookie arrays
of names and values only (the flags are in the Set-Cookie headers) and a
`comment` instead of a body it did not keep; Playwright adds `_frameref` and
`_monotonicTime`, and with `content: "omit"` or `"attach"` has no
`content.text` (or a `_file`). Bodies may be base64 (`encoding`).

The document is read in chunks; the outer structure (`{"log": {..., "entries":
[`) is walked here, and each entry is decoded by the standard library's C
decoder (`JSONDecoder.raw_decode` at an offset). Memory is one entry plus one
chunk, whatever the file's size; time stays close to `json.load`'s because
the same C scanner does the work (bench/har.py measures both).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import IO, Any
from urllib.parse import parse_qsl, unquote, urlsplit

from jwtfix.errors import InputError
from jwtfix.exchange import CarriedToken, Cookie, Exchange, json_or_none, parse_set_cookie
from jwtfix.timefmt import http_date
from jwtfix.tokens import looks_like_jwt
from jwtfix.vocabulary import is_opaque_token, strip_bearer, tokens_in

__all__ = [
    "CarriedToken",
    "Cookie",
    "Exchange",
    "HarError",
    "Stream",
    "cookie_token",
    "exchange",
    "read",
]

CHUNK = 1 << 20
"""Characters read at a time."""
BODY_LIMIT = 256 * 1024
"""Body text kept per exchange (characters); tokens are looked for in this much."""
_WS = re.compile(r"[ \t\n\r]*")
_NOT_CARRIERS = frozenset(("authorization", "cookie", "set-cookie", "referer", "location"))
"""Headers read on their own (Authorization, cookies) or that only name a URL."""
API_KEY_HEADERS = frozenset(("apikey", "api-key", "api_key", "x-api-key"))
"""Headers that carry a project's API key (Supabase's `apikey`: its public anon key, sent with
every request), not the user's session token."""


class HarError(InputError):
    """A file that is not a HAR document (or not one we can read)."""

    type = "invalid_har"


def read(path: str) -> Stream:
    """Stream the exchanges of a HAR file; HarError (exit 2) says where it is broken."""
    return Stream(path)


class Stream(Iterator[Exchange]):
    """The exchanges of a HAR file, read as they are asked for. `creator` is the name of
    the program that wrote it (`log.creator`, "WebInspector", "Insomnia REST Client"),
    known once the reader has passed it (HAR writers put it before the entries)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.creator: str | None = None
        self._exchanges = self._read()

    def __iter__(self) -> Stream:
        return self

    def __next__(self) -> Exchange:
        return next(self._exchanges)

    def _read(self) -> Iterator[Exchange]:
        path = self.path
        try:
            handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
        except OSError as err:
            raise HarError(f"cannot read HAR file {path!r}: {err.strerror or err}") from err
        with handle:
            reader = _Reader(handle, path, self)
            previous: float | None = None
            for index, raw in enumerate(reader.entries()):
                ex = exchange(raw, index, path, previous)
                previous = ex.sent_at
                yield ex


def exchange(raw: Any, index: int, path: str = "HAR", previous: float | None = None) -> Exchange:
    """One decoded entry -> Exchange; HarError naming the entry when a required part is wrong.

    An entry without startedDateTime (HAR requires it, but HARs written by hand or by
    converters omit it) is read as sent when the previous entry was (`previous`), else when
    its answer's Date says, and marked `time_recorded=False`; an unreadable one is an error.
    """
    where = f"{path}: log.entries[{index}]"
    if not isinstance(raw, dict):
        raise HarError(f"{where} is not a JSON object")
    request = raw.get("request")
    if not isinstance(request, dict):
        raise HarError(f"{where} has no request object")
    response = raw.get("response")
    if not isinstance(response, dict):
        response = {}
    method, url = request.get("method"), request.get("url")
    if not isinstance(method, str) or not isinstance(url, str):
        raise HarError(f"{where}.request needs a method and a url (strings)")
    try:
        urlsplit(url)  # every later reading of the URL relies on it splitting
    except ValueError:
        raise HarError(f"{where}.request.url {url[:80]!r} is not a URL") from None
    time_ms: Any = raw.get("time")
    status = response.get("status")
    request_headers = _pairs(request.get("headers"))
    response_headers = _pairs(response.get("headers"))
    recorded = raw.get("startedDateTime") is not None
    if recorded:
        started = _started(raw.get("startedDateTime"), where)
    else:
        started = previous if previous is not None else _answer_date(response_headers)
    request_body = _post_data(request.get("postData"))
    response_body = _content(response.get("content"))
    request_cookies = _request_cookies(request.get("cookies"), request_headers)
    answered = isinstance(status, int) and not isinstance(status, bool) and status > 0
    return Exchange(
        index=index,
        method=method.upper(),
        url=url,
        request_headers=request_headers,
        sent_at=started,
        status=status if answered else None,
        response_headers=response_headers,
        body=b"" if response_body is None else response_body.encode("utf-8", "replace"),
        body_recorded=response_body is not None,
        received_at=started + time_ms / 1000 if _number(time_ms) and time_ms > 0 else None,
        cookies_set=_set_cookies(response.get("cookies"), response_headers, url, started),
        request_body=request_body,
        request_cookies=request_cookies,
        sent_tokens=_sent_tokens(request_headers, request_cookies, url, request_body),
        received_tokens=_received_tokens(response_body, response_headers),
        time_recorded=recorded,
    )


def _answer_date(headers: tuple[tuple[str, str], ...]) -> float:
    """The answer's Date as a start time for an entry that has none (0 without one)."""
    value = next((v for k, v in headers if k.lower() == "date"), None)
    return http_date(value) or 0.0


def _number(value: Any) -> bool:
    """A finite JSON number (`time` is -1 or absent when unknown)."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and value == value
        and value not in (float("inf"), float("-inf"))
    )


def _started(value: Any, where: str) -> float:
    if not isinstance(value, str):
        raise HarError(f"{where}.startedDateTime is not a string")
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise HarError(f"{where}.startedDateTime {value[:40]!r} is not an ISO 8601 time") from None
    if moment.tzinfo is None:  # HAR requires a zone; UTC is the SPEC's default
        from datetime import UTC

        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _pairs(items: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(items, list):
        return ()
    return tuple(
        (item["name"], item["value"])
        for item in items
        if isinstance(item, dict)
        and isinstance(item.get("name"), str)
        and isinstance(item.get("value"), str)
    )


# -- where the browser carried tokens ---------------------------------------------------------


def cookie_token(value: str) -> str:
    """A cookie's value as the token it holds: URL-decoded, unquoted, `Bearer ` removed
    (`Bearer%20eyJ...`, `"eyJ..."`, `j%3AeyJ...` stays as it is)."""
    text = value.strip()
    if "%" in text:
        text = unquote(text)
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    return strip_bearer(text.strip())


def _role(name: str) -> str:
    lower = name.lower()
    if "refresh" in lower:
        return "refresh"
    if "id_token" in lower or "idtoken" in lower or "id-token" in lower:
        return "id"
    return "access"


def _sent_tokens(
    headers: tuple[tuple[str, str], ...],
    cookies: tuple[Cookie, ...],
    url: str,
    body: str | None,
) -> tuple[CarriedToken, ...]:
    """Every token the request carried, Authorization first (the bearer), then other headers
    (`apikey`, `x-access-token`), cookies, the query string and the body."""
    found: list[CarriedToken] = []
    for name, value in headers:
        if name.lower() != "authorization":
            continue
        text = value.strip()
        scheme, sep, rest = text.partition(" ")
        rest = rest.strip()
        if not (sep and scheme.isalpha()):
            rest = text  # a bare token, no scheme
        elif scheme.lower() == "bearer" and rest:  # any bearer, opaque ones too
            found.append(CarriedToken(name, rest, "access", "authorization"))
            continue
        if looks_like_jwt(rest):  # `JWT eyJ...` (django-rest-framework-jwt), or bare
            found.append(CarriedToken(name, rest, "access", "authorization"))
    for name, value in headers:
        if name.lower() in _NOT_CARRIERS or name.startswith(":") or "ey" not in value:
            continue
        text = strip_bearer(value.strip())
        if looks_like_jwt(text):
            role = "apikey" if name.lower() in API_KEY_HEADERS else _role(name)
            found.append(CarriedToken(name, text, role, "header"))
    for cookie in cookies:
        text = cookie_token(cookie.value)
        if looks_like_jwt(text):
            found.append(CarriedToken(cookie.name, text, _role(cookie.name), "cookie"))
        elif "refresh" in cookie.name.lower() and is_opaque_token(text):
            found.append(CarriedToken(cookie.name, text, "refresh", "cookie", opaque=True))
    query = _query(url)
    if query:
        found.extend(_field_tokens(parse_qsl(query), "query"))
    if body and ("ey" in body or "efresh" in body):
        stripped = body.lstrip()
        if stripped[:1] in ("{", "["):
            found.extend(_json_tokens(stripped, "body"))
        elif "=" in body:
            found.extend(_field_tokens(parse_qsl(body), "form"))
    return _distinct(found)


def _received_tokens(
    body: str | None, headers: tuple[tuple[str, str], ...]
) -> tuple[CarriedToken, ...]:
    """Tokens the response handed out: in its body (SPEC 4.1's fields) or a token header."""
    found: list[CarriedToken] = []
    if body and ("ey" in body or "efresh" in body or "ccess" in body):
        stripped = body.lstrip()
        if stripped[:1] in ("{", "["):
            found.extend(_json_tokens(stripped, "body"))
        elif "=" in body and "<" not in body[:200]:  # `access_token=...&token_type=bearer`
            found.extend(_field_tokens(parse_qsl(body.strip()), "form"))
    for name, value in headers:
        lower = name.lower()
        if lower in _NOT_CARRIERS or "ey" not in value or "token" not in lower + value[:7]:
            continue
        text = strip_bearer(value.strip())
        if looks_like_jwt(text):
            found.append(CarriedToken(name, text, _role(name), "header"))
    return _distinct(found)


def _query(url: str) -> str:
    try:
        return urlsplit(url).query
    except ValueError:
        return ""


def _json_tokens(text: str, carrier: str) -> list[CarriedToken]:
    doc = json_or_none(text)
    if doc is None:
        return []
    return [
        CarriedToken(found.path, found.text, role, carrier, found.opaque)
        for role, found in tokens_in(doc, deep=True).all()
    ]


def _field_tokens(pairs: list[tuple[str, str]], carrier: str) -> list[CarriedToken]:
    """Form fields or query parameters: the vocabulary's names, then any JWT-valued one."""
    fields = dict(reversed(pairs))  # the first of a repeated name
    out = [
        CarriedToken(found.path, found.text, role, carrier, found.opaque)
        for role, found in tokens_in(fields).all()
    ]
    for name, value in fields.items():
        text = strip_bearer(value.strip())
        if looks_like_jwt(text):
            out.append(CarriedToken(name, text, _role(name), carrier))
    return out


def _distinct(found: list[CarriedToken]) -> tuple[CarriedToken, ...]:
    """Each token once, where it was first seen."""
    seen: set[str] = set()
    out = []
    for token in found:
        if token.text not in seen:
            seen.add(token.text)
            out.append(token)
    return tuple(out)


# -- cookies and bodies -----------------------------------------------------------------------


def _request_cookies(items: Any, headers: tuple[tuple[str, str], ...]) -> tuple[Cookie, ...]:
    pairs = _pairs(items)
    if not pairs:
        pairs = tuple(
            (name.strip(), value.strip())
            for header, line in headers
            if header.lower() == "cookie"
            for name, sep, value in (part.partition("=") for part in line.split(";"))
            if sep and name.strip()
        )
    return tuple(Cookie(name, value) for name, value in pairs)


def _set_cookies(
    items: Any, headers: tuple[tuple[str, str], ...], url: str, started: float
) -> tuple[Cookie, ...]:
    """From the Set-Cookie headers (flags as sent); else from the cookies array."""
    lines = [
        line
        for name, value in headers
        if name.lower() == "set-cookie"
        for line in value.split("\n")  # Chrome joins an HTTP/1.1 response's lines
        if line.strip()
    ]
    if lines:
        parsed = (parse_set_cookie(line, url, started, as_sent=True)[0] for line in lines)
        return tuple(cookie for cookie in parsed if cookie is not None)
    if not isinstance(items, list):
        return ()
    found = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            continue
        value = item.get("value")

        def flag(key: str, item: dict[str, Any] = item) -> bool | None:
            got = item.get(key)
            return got if isinstance(got, bool) else None

        same_site = item.get("sameSite")
        found.append(
            Cookie(
                item["name"],
                value if isinstance(value, str) else "",
                secure=flag("secure"),
                http_only=flag("httpOnly"),
                same_site=same_site if isinstance(same_site, str) else None,
            )
        )
    return tuple(found)


def _post_data(post: Any) -> str | None:
    if not isinstance(post, dict):
        return None
    text = post.get("text")
    if isinstance(text, str):
        return text[:BODY_LIMIT]
    params = _pairs(post.get("params"))
    if params:
        from urllib.parse import urlencode

        return urlencode(params)[:BODY_LIMIT]
    return None


def _content(content: Any) -> str | None:
    if not isinstance(content, dict):
        return None
    text = content.get("text")
    if not isinstance(text, str):  # Firefox without bodies, Playwright omit/attach
        return None
    if content.get("encoding") == "base64":
        mime = content.get("mimeType")
        if not (isinstance(mime, str) and ("json" in mime or mime.startswith("text/"))):
            return None  # images and fonts hold no tokens worth decoding
        try:
            raw = base64.b64decode(text[: BODY_LIMIT * 4 // 3 + 4], validate=False)
        except (binascii.Error, ValueError):
            return None
        return raw.decode("utf-8", "replace")[:BODY_LIMIT]
    return text[:BODY_LIMIT]


class _Reader:
    """The outer structure of a HAR document, walked over a buffer that is refilled in chunks."""

    def __init__(self, handle: IO[str], path: str, stream: Stream | None = None) -> None:
        self.handle = handle
        self.path = path
        self.stream = stream
        """Told the creator's name when the reader passes `log.creator`."""
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.offset = 0
        """Characters of the file before buf[0]."""
        self.decoder = json.JSONDecoder()

    def fill(self, want: int = CHUNK) -> bool:
        """Drop what is consumed, read at least `want` more characters; False at end of file."""
        if self.eof:
            return False
        try:
            chunk = self.handle.read(max(want, CHUNK))
        except UnicodeDecodeError as err:
            raise HarError(f"{self.path} is not UTF-8 text ({err.reason})") from err
        except OSError as err:
            raise HarError(f"cannot read HAR file {self.path!r}: {err.strerror or err}") from err
        if not chunk:
            self.eof = True
            return False
        self.offset += self.pos
        self.buf = self.buf[self.pos :] + chunk
        self.pos = 0
        return True

    def where(self, pos: int | None = None) -> str:
        """`line L, column C`: lines are counted only now, by reading the file again."""
        target = self.offset + (self.pos if pos is None else pos)
        line, column, done = 1, 1, 0
        try:
            with open(self.path, encoding="utf-8-sig", newline="", errors="replace") as again:
                while done < target:
                    text = again.read(min(CHUNK, target - done))
                    if not text:
                        break
                    done += len(text)
                    breaks = text.count("\n")
                    if breaks:
                        line += breaks
                        column = len(text) - text.rfind("\n")
                    else:
                        column += len(text)
        except OSError:
            return f"character {target + 1}"
        return f"line {line}, column {column}"

    def fail(self, what: str, pos: int | None = None) -> HarError:
        return HarError(f"{self.path}: not a HAR file: {what} at {self.where(pos)}")

    def peek(self) -> str:
        """The next non-blank character ('' at end of file)."""
        while True:
            match = _WS.match(self.buf, self.pos)
            self.pos = match.end() if match else self.pos
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.fill():
                return ""

    def expect(self, char: str, what: str) -> None:
        got = self.peek()
        if got != char:
            found = repr(got) if got else "the end of the file"
            raise self.fail(f"expected {what}, found {found}")
        self.pos += 1

    def value(self) -> Any:
        """One JSON value decoded by the C scanner; more text is read while it is incomplete."""
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as err:
                incomplete = (
                    err.msg.startswith("Unterminated string") or err.pos >= len(self.buf) - 8
                )
                # Doubling the request keeps a large entry linear, not quadratic.
                if incomplete and self.fill(len(self.buf) - self.pos):
                    continue
                raise self.fail(err.msg[:1].lower() + err.msg[1:], err.pos) from None
            except RecursionError:
                raise self.fail("JSON nested too deeply") from None
            at_end = end == len(self.buf) and not isinstance(value, dict | list | str)
            if at_end and self.fill():  # a number or literal may go on in the next chunk
                continue
            self.pos = end
            return value

    def entries(self) -> Iterator[Any]:
        if self.peek() == "":
            raise HarError(f"{self.path}: not a HAR file: the file is empty")
        self.expect("{", "a JSON object ('{')")
        found = False
        for key in self.keys():
            if key != "log":
                self.value()
                continue
            self.expect("{", "log to be an object ('{')")
            for log_key in self.keys():
                if log_key == "creator":
                    creator = self.value()
                    name = creator.get("name") if isinstance(creator, dict) else None
                    if self.stream is not None and isinstance(name, str):
                        self.stream.creator = name
                    continue
                if log_key != "entries":
                    self.value()
                    continue
                found = True
                yield from self.array()
        if self.peek() != "":
            raise self.fail("extra text after the HAR document")
        if not found:
            raise HarError(f"{self.path}: not a HAR file: there is no log.entries array")

    def keys(self) -> Iterator[str]:
        """The keys of the object whose '{' was consumed; each value is left to the caller."""
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            if self.peek() != '"':
                raise self.fail("expected a property name in double quotes")
            key = self.value()
            self.expect(":", "':'")
            yield key
            char = self.peek()
            self.pos += 1
            if char == "}":
                return
            if char != ",":
                raise self.fail("expected ',' or '}'", self.pos - 1)

    def array(self) -> Iterator[Any]:
        self.expect("[", "entries to be an array ('[')")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            char = self.peek()
            self.pos += 1
            if char == "]":
                return
            if char != ",":
                raise self.fail("expected ',' or ']' after an entry", self.pos - 1)
