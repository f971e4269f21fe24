"""One exchange and one cookie model, for what `HttpClient` sends and what a HAR recorded.

`Exchange` is a request and its answer (or the error that stopped it);
`Cookie` is a cookie as a browser keeps it, with its flags (None where a
recording does not say); `parse_set_cookie` reads one Set-Cookie line the way
browsers do. `CarriedToken` is a token an exchange carried (or handed out)
and where. Pure data, standard library only: httpx stays in `httpclient.py`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import ipaddress
import json as jsonlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from jwtfix import limits
from jwtfix.timefmt import http_date


@dataclass(frozen=True, slots=True)
class CarriedToken:
    """A token an exchange carried or handed out, and where."""

    field: str
    """The header, cookie, query parameter or JSON/form field it was in (`data.access`)."""
    text: str = dataclasses.field(repr=False)
    role: str = "access"
    """access, refresh, id (by the vocabulary's field, or the carrier's name) or apikey (a
    project's API key header, such as Supabase's `apikey`: not a session token)."""
    carrier: str = "body"
    """authorization, header, cookie, query, form or body."""
    opaque: bool = False
    """Not a JWT (an opaque refresh token): no claims to read."""

    @property
    def refresh(self) -> bool:
        return self.role == "refresh"


# -- cookies ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cookie:
    """One cookie as a browser keeps it (RFC 6265 storage model, simplified)."""

    name: str
    value: str = field(repr=False)
    """The value: often a refresh token, so it is left out of repr()."""
    domain: str = ""
    """The host it was set by, or its Domain attribute (lower case, no leading dot)."""
    host_only: bool = True
    """No Domain attribute: sent to exactly `domain`, not to its subdomains."""
    path: str = "/"
    expires: float | None = None
    """Unix time after which it is gone; None for a session cookie."""
    secure: bool | None = None
    """None only where a recording does not say (a request's Cookie header, Firefox's array)."""
    http_only: bool | None = None
    same_site: str | None = None
    """The SameSite attribute as sent (`Strict`, `Lax`, `None`), or None when absent."""
    attributes: tuple[tuple[str, str], ...] = ()
    """Every attribute as sent (name, value), unknown ones included."""

    def matches(self, url: str, now: float) -> bool:
        """Would a browser send this cookie with a request to `url` at `now`?"""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if self.expires is not None and self.expires <= now:
            return False
        if self.secure and not is_secure_context(url):
            return False
        if self.host_only:
            if host != self.domain:
                return False
        elif not _domain_match(host, self.domain):
            return False
        return _path_match(parts.path or "/", self.path)


def is_loopback(host: str) -> bool:
    """`localhost` (and `*.localhost`), 127.0.0.0/8 and ::1: what browsers call loopback."""
    host = host.lower().strip("[]")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_secure_context(url: str) -> bool:
    """https, or http to a loopback host (a secure context for browsers)."""
    parts = urlsplit(url)
    return parts.scheme == "https" or (parts.scheme == "http" and is_loopback(parts.hostname or ""))


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _domain_match(host: str, domain: str) -> bool:
    return host == domain or (
        host.endswith("." + domain) and not _is_ip(host)  # RFC 6265 §5.1.3
    )


def _path_match(request_path: str, cookie_path: str) -> bool:
    if request_path == cookie_path:
        return True
    if request_path.startswith(cookie_path):
        return cookie_path.endswith("/") or request_path[len(cookie_path)] == "/"
    return False


def _default_path(url: str) -> str:
    path = urlsplit(url).path
    if not path.startswith("/") or path.count("/") == 1:
        return "/"
    return path[: path.rindex("/")]


def _parse_cookie_date(text: str) -> float | None:
    # http2time is the stdlib's lenient cookie-date reader (RFC 1123, "21-Oct-2015", ...);
    # it is public but missing from typeshed.
    import http.cookiejar

    when: float | None = http.cookiejar.http2time(text)  # type: ignore[attr-defined]
    return when


def parse_set_cookie(
    header: str, url: str, now: float, *, as_sent: bool = False
) -> tuple[Cookie | None, str | None]:
    """One Set-Cookie header, as sent in a response from `url` at `now`.

    Returns (cookie, None), or (None, why a browser would ignore it). A cookie
    whose expiry is past is returned (it deletes the stored one). `as_sent`
    (a recording judged for what the server sent): the cookie even when a
    browser would ignore it, with the reason; None only without name=value.
    """
    first, *rest = header.split(";")
    name, sep, value = first.partition("=")
    name, value = name.strip(), value.strip()
    if not sep or not name:
        return None, f"Set-Cookie without name=value: {header[:60]!r}"
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    host = (urlsplit(url).hostname or "").lower()
    attributes: list[tuple[str, str]] = []
    domain, path, expires, max_age = "", "", None, None
    secure = http_only = False
    same_site: str | None = None
    for item in rest:
        key, _, attr = item.strip().partition("=")
        key, attr = key.strip(), attr.strip()
        if not key:
            continue
        attributes.append((key, attr))
        lower = key.lower()
        if lower == "domain" and attr:
            domain = attr.lstrip(".").lower()
        elif lower == "path":
            path = attr if attr.startswith("/") else ""
        elif lower == "expires":
            expires = _parse_cookie_date(attr)
        elif lower == "max-age":
            # browsers ignore a Max-Age that is not a number, and cap a long one
            with contextlib.suppress(ValueError):
                max_age = min(int(attr), limits.MAX_COOKIE_AGE_SECONDS)
        elif lower == "secure":
            secure = True
        elif lower == "httponly":
            http_only = True
        elif lower == "samesite":
            same_site = attr or None
    if max_age is not None:  # Max-Age wins over Expires (RFC 6265 §5.3)
        expires = now + max_age if max_age > 0 else now - 1
    why = None
    if domain and not _domain_match(host, domain):
        why = f"cookie {name} is for the domain {domain}, not {host}"
    elif secure and not is_secure_context(url):
        why = f"cookie {name} is Secure but was set over http to {host}"
    if why is not None and not as_sent:
        return None, why
    cookie = Cookie(
        name=name,
        value=value,
        domain=domain or host,
        host_only=not domain,
        path=path or _default_path(url),
        expires=expires,
        secure=secure,
        http_only=http_only,
        same_site=same_site,
        attributes=tuple(attributes),
    )
    return cookie, why


# -- exchanges -------------------------------------------------------------------------------


def json_or_none(data: bytes | str) -> Any:
    """A body's JSON, or None: not JSON, or nested past the parser's depth (`[[[[…` from a
    hostile server). The one place a server's or a recording's body is read as JSON."""
    try:
        return jsonlib.loads(data)
    except (ValueError, RecursionError):
        return None


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request and what came back (or did not): sent by `HttpClient`, or read from a HAR."""

    index: int
    """Position in the run, from 1 (`HttpClient`); the 0-based index in log.entries (HAR)."""
    method: str
    url: str
    request_headers: tuple[tuple[str, str], ...]
    """As sent; `HttpClient` replaces credential values by fingerprints (`redact_header`)."""
    sent_at: float
    """The clock just before sending (Unix seconds): injected, or HAR's startedDateTime."""
    status: int | None = None
    """None when no answer came (then `error` says why)."""
    response_headers: tuple[tuple[str, str], ...] = ()
    """As received, in order, repeated headers (Set-Cookie) kept apart."""
    body: bytes = field(default=b"", repr=False)
    """The response body (decoded from Content-Encoding), at most `max_body` bytes."""
    body_recorded: bool = True
    """False when a recording kept no response body (Firefox without bodies, Playwright omit)."""
    truncated: bool = False
    """The body was longer than `max_body`; the rest was not read."""
    received_at: float | None = None
    """The injected clock once the body was read; None without an answer."""
    error: str | None = None
    """Why there was no answer (`NetworkError`'s message)."""
    redirect_to: str | None = None
    """The absolute Location of a redirect answer."""
    redirect_followed: bool = False
    """True when the client followed `redirect_to` (same origin only)."""
    cookies_set: tuple[Cookie, ...] = ()
    """Cookies this response set (and the jar stored), values hidden from repr()."""
    notes: tuple[str, ...] = ()
    """What a reader must know: a redirect to another origin not followed, cookies ignored, ..."""
    request_body: str | None = field(default=None, repr=False)
    """The request's body as text, where the recording kept it (HAR postData)."""
    request_cookies: tuple[Cookie, ...] = ()
    """The cookies the request carried, as a recording shows them (values hidden from repr)."""
    sent_tokens: tuple[CarriedToken, ...] = ()
    """Tokens the request carried (Authorization, other headers, cookies, query, body)."""
    received_tokens: tuple[CarriedToken, ...] = ()
    """Tokens the response handed out in its body."""
    time_recorded: bool = True
    """False for a HAR entry without startedDateTime (a HAR written by hand or converted):
    `sent_at` is then the previous entry's start (or the answer's Date), not a recording."""

    @property
    def elapsed_ms(self) -> float | None:
        if self.received_at is None:
            return None
        return round((self.received_at - self.sent_at) * 1000, 3)

    @property
    def path(self) -> str:
        parts = urlsplit(self.url)
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    @property
    def route(self) -> str:
        """The URL's path without its query (which may hold a token)."""
        try:
            return urlsplit(self.url).path or "/"
        except ValueError:
            return "/"

    @property
    def bearer(self) -> str | None:
        """The access token the request carried: Authorization first, then anywhere else (a
        refresh token or a project's API key is not one)."""
        return next((t.text for t in self.sent_tokens if t.role in ("access", "id")), None)

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    def header(self, name: str) -> str | None:
        """The first response header of that name (any case), or None."""
        lower = name.lower()
        return next((v for k, v in self.response_headers if k.lower() == lower), None)

    def headers(self, name: str) -> list[str]:
        """Every response header of that name (any case), in order."""
        lower = name.lower()
        return [v for k, v in self.response_headers if k.lower() == lower]

    def request_header(self, name: str) -> str | None:
        lower = name.lower()
        return next((v for k, v in self.request_headers if k.lower() == lower), None)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        """The body as JSON, or None when it is not JSON."""
        return json_or_none(self.body)

    @property
    def media_type(self) -> str | None:
        value = self.header("content-type")
        return value.split(";")[0].strip().lower() if value else None

    @property
    def server_time(self) -> float | None:
        """The `Date` header as Unix seconds, or None when absent or unreadable."""
        return http_date(self.header("date"))

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready record: no body (it may hold tokens), credentials as fingerprints."""
        return {
            "index": self.index,
            "method": self.method,
            "url": self.url,
            "status": self.status,
            "elapsed_ms": self.elapsed_ms,
            "request_headers": dict(self.request_headers),
            "redirect_to": self.redirect_to,
            "redirect_followed": self.redirect_followed,
            "error": self.error,
            "notes": list(self.notes),
        }
