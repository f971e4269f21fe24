"""The one door to the network: every request jwtfix sends goes through `HttpClient`.

It owns what a careful client must do when it carries someone's bearer token:

- a timeout on every request (explicit seconds, no default hidden here), as a
  deadline for the whole exchange, and `limits.FLOW_DEADLINE_FACTOR` timeouts
  for all of a client's exchanges: a server that trickles cannot hold a run;
- bodies decoded within `limits` (every Content-Encoding layer counted
  together: a compression bomb stops there), a broken `Location` kept as the
  answer it is, with a note;
- `User-Agent: jwtfix/<version>` (some identity providers and CDNs refuse
  requests without one);
- redirects followed by hand, and only within the same origin (scheme, host,
  port): a redirect to another origin is recorded on the exchange and NOT
  followed, so the bearer and the cookies never reach another origin;
- TLS verified, unless `insecure=True` (self-signed development certificates;
  the CLI warns);
- a request budget per client (default 20): one more raises
  `RequestBudgetError`;
- a cookie jar per client that behaves as a browser's: `Secure` cookies go to
  https origins and to loopback http origins (`localhost`, `127.0.0.1`,
  `[::1]`, which browsers treat as secure contexts), and to no other http
  origin; Path, Domain, Expires/Max-Age honoured; HttpOnly and SameSite kept
  so findings can judge them;
- every exchange recorded as an `Exchange`, with Authorization, Cookie and
  other credential headers shown as fingerprints (`Bearer <sha256:1a2b3c4d>`).

Network failures (refused, unknown host, timeout, TLS, a bad URL or a scheme
that is not http(s)) raise `NetworkError` (exit 2), whose message names the URL.

The clock is injected (`clock=time.time` in the CLI, a fake in tests): the
client never reads the time by itself, so `sent_at`/`received_at` are
reproducible. httpx is imported only when a client is entered, so importing this
module (for `Exchange`, the errors or `clock_offset`) costs nothing.

Usage::

    with HttpClient(timeout=10, clock=time.time) as client:
        exchange = client.request("GET", url, bearer=token)
        exchange.status, exchange.header("www-authenticate"), exchange.json()
        client.exchanges   # every exchange of the run, redirects included
        client.cookies     # the jar, as a browser would hold it now
"""

from __future__ import annotations

import ast
import contextlib
import json as jsonlib
import re
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from jwtfix import __version__, clocks, limits, tokens
from jwtfix.errors import JwtfixError
from jwtfix.exchange import Cookie as Cookie
from jwtfix.exchange import Exchange as Exchange
from jwtfix.exchange import is_loopback as is_loopback
from jwtfix.exchange import is_secure_context as is_secure_context
from jwtfix.exchange import parse_set_cookie as parse_set_cookie

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"jwtfix/{__version__}"
DEFAULT_MAX_REQUESTS = 20
DEFAULT_MAX_BODY = limits.MAX_BODY_BYTES
MAX_REDIRECTS = 5

# Headers whose values are credentials: recorded only as fingerprints.
_CREDENTIAL_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "x-api-key", "x-auth-token", "dpop"}
)
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class NetworkError(JwtfixError):
    """No answer: refused, unknown host, timeout, TLS failure, or a URL we cannot send to.

    `kind` is one of: bad_url, refused, dns, timeout, tls, other.
    """

    type = "network_error"

    def __init__(self, message: str, *, url: str, kind: str) -> None:
        super().__init__(message)
        self.url = url
        self.kind = kind


class RequestBudgetError(JwtfixError):
    """The run would send more requests than its budget allows."""

    type = "request_budget"


def fingerprint(secret: str | bytes) -> str:
    """`<sha256:1a2b3c4d>`: names a token or cookie value without showing it."""
    return f"<sha256:{tokens.fingerprint(secret)}>"


def redact_header(name: str, value: str) -> str:
    """A credential header's value as fingerprints; other headers unchanged."""
    lower = name.lower()
    if lower not in _CREDENTIAL_HEADERS:
        return value
    if lower == "cookie":
        parts = []
        for pair in value.split(";"):
            cname, sep, cvalue = pair.strip().partition("=")
            parts.append(f"{cname}={fingerprint(cvalue)}" if sep else fingerprint(cname))
        return "; ".join(parts)
    scheme, sep, credentials = value.strip().partition(" ")
    if sep and lower in ("authorization", "proxy-authorization") and scheme.isalpha():
        return f"{scheme} {fingerprint(credentials.strip())}"
    return fingerprint(value)


# -- cookies (the model is jwtfix/exchange.py's) ---------------------------------------------


class CookieJar:
    """The cookies of one run, stored and sent as a browser would."""

    def __init__(self) -> None:
        self._cookies: dict[tuple[str, str, str], Cookie] = {}

    def store(self, cookie: Cookie, now: float) -> None:
        key = (cookie.domain, cookie.path, cookie.name)
        if cookie.expires is not None and cookie.expires <= now:
            self._cookies.pop(key, None)
        else:
            self._cookies[key] = cookie

    def for_url(self, url: str, now: float) -> list[Cookie]:
        """The cookies to send to `url`, longest path first (RFC 6265 §5.4)."""
        found = [c for c in self._cookies.values() if c.matches(url, now)]
        return sorted(found, key=lambda c: -len(c.path))

    def header(self, url: str, now: float) -> str | None:
        cookies = self.for_url(url, now)
        return "; ".join(f"{c.name}={c.value}" for c in cookies) or None

    def all(self, now: float) -> tuple[Cookie, ...]:
        return tuple(c for c in self._cookies.values() if c.expires is None or c.expires > now)


def clock_offset(exchange: Exchange, *, busy: float = 0.0) -> clocks.Offset | None:
    """The server's clock against ours from the exchange's `Date` (and `Age`): the one
    estimate of jwtfix.clocks, which accounts for Date's resolution, caching and the trip.
    `busy`: the longest round trip of the requests just before (a late Date timer)."""
    server = exchange.server_time
    if server is None or exchange.received_at is None:
        return None
    return clocks.from_date(
        server,
        sent_at=exchange.sent_at,
        received_at=exchange.received_at,
        age=clocks.age_seconds(exchange.header("age")),
        busy=busy,
    )


# -- the client ------------------------------------------------------------------------------


def same_origin(a: str, b: str) -> bool:
    """Same scheme, host and port (default ports filled in)."""
    return _origin(a) == _origin(b)


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), port or {"http": 80, "https": 443}.get(scheme)


def check_url(url: str) -> None:
    """Raise NetworkError(kind='bad_url') unless `url` is an absolute http(s) URL."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as err:
        detail = str(err)[:1].lower() + str(err)[1:]
        raise NetworkError(f"bad URL {url!r}: {detail}", url=url, kind="bad_url") from None
    if parts.scheme.lower() not in ("http", "https"):
        what = f"the scheme {parts.scheme!r}" if parts.scheme else "no scheme"
        raise NetworkError(
            f"cannot send to {url!r}: {what}; give an http:// or https:// URL",
            url=url,
            kind="bad_url",
        )
    if not parts.hostname:
        raise NetworkError(f"bad URL {url!r}: no host", url=url, kind="bad_url")


class HttpClient:
    """A budgeted, recording, same-origin-redirecting HTTP client; use it as a context manager.

    `timeout` (seconds) is the deadline of each exchange as a whole (connecting,
    sending, the headers and the body: a server that trickles a byte at a time
    is cut off there), and `limits.FLOW_DEADLINE_FACTOR` timeouts the deadline
    of all of the client's exchanges together (time spent between requests not
    counted). `clock` returns Unix seconds (time.time in the CLI). `max_requests`
    counts every request sent, redirects included.
    """

    def __init__(
        self,
        *,
        timeout: float,
        clock: Callable[[], float],
        insecure: bool = False,
        max_requests: int = DEFAULT_MAX_REQUESTS,
        max_body: int = DEFAULT_MAX_BODY,
        user_agent: str = USER_AGENT,
    ) -> None:
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self.timeout = timeout
        self.clock = clock
        self.insecure = insecure
        self.max_requests = max_requests
        self.max_body = max_body
        self.user_agent = user_agent
        self.jar = CookieJar()
        self._exchanges: list[Exchange] = []
        self._client: httpx.Client | None = None
        self._network_time_left = timeout * limits.FLOW_DEADLINE_FACTOR
        self._sockets: list[socket.socket] = []
        self._raw_headers: list[tuple[bytes, bytes]] = []

    def __enter__(self) -> HttpClient:
        import httpx

        self._client = httpx.Client(
            timeout=httpx.Timeout(self.timeout),
            verify=not self.insecure,
            follow_redirects=False,  # by hand, same origin only
            trust_env=False,  # no proxy or .netrc from the environment: we send what we say
            # the encodings _BodyReader decodes, with every layer's output counted
            headers={"Accept-Encoding": "gzip, deflate"},
            cookies=_no_cookie_jar(),  # ours decides (http.cookiejar overflows on a long Max-Age)
            event_hooks={"response": [self._keep_headers]},
        )
        return self

    def _keep_headers(self, response: httpx.Response) -> None:
        """Keep the headers as sent, then hide Location from httpx: redirects are ours to
        judge (httpx parses a Location even when not following it, and a broken one would
        fail the whole exchange)."""
        self._raw_headers = list(response.headers.raw)
        if "location" in response.headers:
            del response.headers["location"]

    def _trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's trace hook: keep each new connection's socket, for the deadline."""
        if event == "connection.connect_tcp.complete":
            stream = info.get("return_value")
            sock = stream.get_extra_info("socket") if stream is not None else None
            if isinstance(sock, socket.socket):
                self._sockets = [s for s in self._sockets if s.fileno() != -1]
                self._sockets.append(sock)

    def _cut_off(self) -> None:
        """The deadline passed: shut every connection, so the blocked read returns now."""
        for sock in self._sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def exchanges(self) -> tuple[Exchange, ...]:
        """Every exchange of this client so far, in order (failed ones included)."""
        return tuple(self._exchanges)

    @property
    def requests_left(self) -> int:
        return self.max_requests - len(self._exchanges)

    @property
    def cookies(self) -> tuple[Cookie, ...]:
        """The cookie jar now (expired ones left out)."""
        return self.jar.all(self.clock())

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
        bearer: str | None = None,
        json: Any = None,
        content: bytes | None = None,
        send_cookies: bool = True,
        follow_redirects: bool = True,
    ) -> Exchange:
        """Send one request (and its same-origin redirects); return the last exchange.

        `bearer` becomes `Authorization: Bearer <bearer>`; a header given in
        `headers` wins over the defaults (User-Agent, Accept). `json` is sent as
        application/json, `content` as is. Cookies from the jar are added unless
        `send_cookies=False`. Raises NetworkError when no answer comes, and
        RequestBudgetError when the budget is spent.
        """
        check_url(url)
        header_list = self._headers(headers, bearer, json is not None)
        body = content
        if json is not None:
            body = jsonlib.dumps(json, separators=(",", ":")).encode()
        method = method.upper()
        exchange = self._send(method, url, header_list, body, send_cookies)
        hops = 0
        while (
            follow_redirects
            and exchange.redirect_to is not None
            and same_origin(exchange.redirect_to, url)
            and hops < MAX_REDIRECTS
        ):
            hops += 1
            self._exchanges[-1] = replace(exchange, redirect_followed=True)
            if exchange.status == 303 or (exchange.status in (301, 302) and method == "POST"):
                method, body = "GET", None  # as browsers do
                header_list = [(k, v) for k, v in header_list if k.lower() != "content-type"]
            exchange = self._send(method, exchange.redirect_to, header_list, body, send_cookies)
        return exchange

    def get(self, url: str, **kwargs: Any) -> Exchange:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Exchange:
        return self.request("POST", url, **kwargs)

    def _headers(
        self,
        given: Mapping[str, str] | Iterable[tuple[str, str]] | None,
        bearer: str | None,
        has_json: bool,
    ) -> list[tuple[str, str]]:
        pairs = list(given.items() if isinstance(given, Mapping) else (given or ()))
        names = {k.lower() for k, _ in pairs}
        defaults = [("User-Agent", self.user_agent), ("Accept", "application/json, */*;q=0.5")]
        if bearer is not None:
            defaults.append(("Authorization", f"Bearer {bearer}"))
        if has_json:
            defaults.append(("Content-Type", "application/json"))
        return [*(d for d in defaults if d[0].lower() not in names), *pairs]

    def _send(
        self,
        method: str,
        url: str,
        headers: list[tuple[str, str]],
        body: bytes | None,
        send_cookies: bool,
    ) -> Exchange:
        import httpx

        if self._client is None:
            raise RuntimeError("HttpClient must be used as a context manager (with ...:)")
        if len(self._exchanges) >= self.max_requests:
            raise RequestBudgetError(
                f"request budget spent: this run may send at most {self.max_requests} "
                f"requests (the next was {method} {url})"
            )
        check_url(url)
        sent_headers = list(headers)
        now = self.clock()
        cookie = self.jar.header(url, now) if send_cookies else None
        if cookie and not any(k.lower() == "cookie" for k, _ in sent_headers):
            sent_headers.append(("Cookie", cookie))
        recorded = tuple((k, redact_header(k, v)) for k, v in sent_headers)
        index = len(self._exchanges) + 1
        sent_at = self.clock()
        allowed = min(self.timeout, self._network_time_left)
        started = time.monotonic()
        cut_off = threading.Event()
        lock = threading.Lock()

        def expire() -> None:
            with lock:
                if not done:
                    cut_off.set()
                    self._cut_off()

        done = False
        timer = threading.Timer(allowed, expire)
        timer.daemon = True
        try:
            if allowed <= 0:
                raise httpx.ReadTimeout("the run's network time is spent")
            timer.start()
            request = self._client.build_request(
                method,
                url,
                headers=sent_headers,
                content=body,
                timeout=httpx.Timeout(allowed),
                extensions={"trace": self._trace},
            )
            response = self._client.send(request, stream=True)
            try:
                reader = _BodyReader(response.headers.get("content-encoding"), self.max_body)
                for chunk in response.iter_raw():
                    if not reader.feed(chunk):
                        break
            finally:
                with lock:
                    done = True
                timer.cancel()
                response.close()
        except (httpx.HTTPError, httpx.InvalidURL, UnicodeError) as err:
            with lock:
                done = True
            timer.cancel()
            self._network_time_left -= time.monotonic() - started
            if cut_off.is_set():
                err = httpx.ReadTimeout(str(err))
            error = _network_error(err, method, url, allowed)
            if allowed <= 0 or (error.kind == "timeout" and allowed < self.timeout):
                error = NetworkError(
                    f"{method} {url}: this run has spent its network time "
                    f"({limits.FLOW_DEADLINE_FACTOR:g} x the timeout of {self.timeout:g}s)",
                    url=url,
                    kind="timeout",
                )
            self._exchanges.append(
                Exchange(
                    index=index,
                    method=method,
                    url=url,
                    request_headers=recorded,
                    sent_at=sent_at,
                    error=error.message,
                )
            )
            raise error from None
        received_at = self.clock()
        self._network_time_left -= time.monotonic() - started
        self._client.cookies.clear()  # our jar decides what is sent, not httpx's
        raw_headers = self._raw_headers
        response_headers = tuple(
            (k.decode("latin-1"), v.decode("latin-1"))
            for k, v in raw_headers[: limits.MAX_HEADER_COUNT]
        )
        notes: list[str] = list(reader.notes)
        if len(raw_headers) > limits.MAX_HEADER_COUNT:
            notes.append(
                f"the answer has {len(raw_headers)} headers: the first "
                f"{limits.MAX_HEADER_COUNT} are read"
            )
        cookies: list[Cookie] = []
        for header in (v for k, v in response_headers if k.lower() == "set-cookie"):
            parsed, why = parse_set_cookie(header, url, received_at)
            if parsed is None:
                notes.append(f"cookie ignored, as a browser would: {why}")
            else:
                self.jar.store(parsed, received_at)
                cookies.append(parsed)
        redirect_to = None
        location = next((v for k, v in response_headers if k.lower() == "location"), None)
        if response.status_code in _REDIRECT_STATUSES and location:
            redirect_to = _redirect_target(url, location)
            if redirect_to is None:
                shown = "".join(c if c.isprintable() else "?" for c in location[:100])
                notes.append(
                    f"the server sent a broken Location header ('{shown}'): "
                    "the redirect is not followed"
                )
            elif not same_origin(redirect_to, url):
                notes.append(
                    f"redirect to another origin ({_origin_text(redirect_to)}) not followed: "
                    "the token and cookies are never sent there"
                )
        body_bytes = bytes(reader.body)
        truncated = reader.truncated
        exchange = Exchange(
            index=index,
            method=method,
            url=url,
            request_headers=recorded,
            sent_at=sent_at,
            status=response.status_code,
            response_headers=response_headers,
            body=body_bytes,
            truncated=truncated,
            received_at=received_at,
            redirect_to=redirect_to,
            cookies_set=tuple(cookies),
            notes=tuple(notes),
        )
        self._exchanges.append(exchange)
        return exchange


def _no_cookie_jar() -> Any:
    """A cookie jar for httpx that stores nothing: `CookieJar` above is the one jar."""
    import http.cookiejar

    class _NoCookies(http.cookiejar.CookieJar):
        def extract_cookies(self, response: Any, request: Any) -> None:
            pass

    return _NoCookies()


def _redirect_target(url: str, location: str) -> str | None:
    """The absolute URL a `Location` sends to, or None when it is broken.

    Broken: a backslash (`http:\\\\host/` goes to another host in a browser but is a path
    to urljoin), white space or control characters inside, or no http(s) URL once joined.
    """
    location = location.strip()
    if "\\" in location or any(ord(c) < 0x21 or c == "\x7f" for c in location):
        return None
    target = urljoin(url, location)
    try:
        check_url(target)
    except NetworkError:
        return None
    return target


class _BodyReader:
    """A response body decoded from its Content-Encoding, within the limits.

    Every layer (`gzip, gzip` is two) decodes at most `limits.MAX_DECODED_BYTES`
    together, so a small compression bomb stops there; the body kept is at most
    `max_body` bytes. An encoding we do not decode is kept as it came, with a note.
    """

    _STEP = 64 * 1024

    def __init__(self, content_encoding: str | None, max_body: int) -> None:
        self.max_body = max_body
        self.body = bytearray()
        self.truncated = False
        self.notes: list[str] = []
        self._produced = 0
        self._encoding = content_encoding or ""
        self._layers: list[Any] = []
        for name in reversed([n.strip().lower() for n in self._encoding.split(",")]):
            if name in ("gzip", "x-gzip"):
                self._layers.append(zlib.decompressobj(16 + zlib.MAX_WBITS))
            elif name == "deflate":
                self._layers.append(zlib.decompressobj(32 + zlib.MAX_WBITS))
            elif name not in ("", "identity"):
                self.notes.append(f"the body is kept as sent: jwtfix does not decode {name!r}")
                self._layers.clear()  # the layers under an unknown one cannot be reached
                break

    def feed(self, data: bytes) -> bool:
        """Take the next raw bytes; False once no more should be read."""
        try:
            self._push(0, data)
        except zlib.error as err:
            self.notes.append(f"the body is not valid {self._encoding} ({err}): read no further")
            return False
        return not self.truncated

    def _push(self, level: int, data: bytes) -> None:
        if level == len(self._layers):
            room = self.max_body - len(self.body)
            self.body += data[:room]
            if len(data) > room:
                self.truncated = True
            return
        layer = self._layers[level]
        while data and not self.truncated and not layer.eof:
            out = layer.decompress(data, self._STEP)
            data = layer.unconsumed_tail
            self._produced += len(out)
            if self._produced > limits.MAX_DECODED_BYTES:
                self.truncated = True
                self.notes.append(
                    f"the body expands past {limits.MAX_DECODED_BYTES} bytes through "
                    f"Content-Encoding {self._encoding} (a compression bomb?): read no further"
                )
                return
            if out:
                self._push(level + 1, out)


def _origin_text(url: str) -> str:
    scheme, host, port = _origin(url)
    shown = f"[{host}]" if ":" in host else host
    return f"{scheme}://{shown}:{port}"


def _network_error(err: Exception, method: str, url: str, timeout: float) -> NetworkError:
    import httpx

    detail = str(err) or type(err).__name__
    lower = detail.lower()
    if isinstance(err, httpx.TimeoutException):
        kind, why = "timeout", f"no answer within the timeout of {timeout:g}s"
    elif "certificate" in lower or "ssl" in lower or "tls" in lower:
        kind = "tls"
        why = (
            f"TLS failed ({detail}); for a development server with a self-signed "
            "certificate, --insecure skips the check"
        )
    elif isinstance(err, httpx.ConnectError) and (
        "name or service not known" in lower
        or "nodename nor servname" in lower
        or "name resolution" in lower
        or "getaddrinfo" in lower
        or "no address associated" in lower
    ):
        kind, why = "dns", f"unknown host ({detail})"
    elif isinstance(err, httpx.ConnectError) and "refused" in lower:
        kind, why = "refused", "connection refused (is the service running on that port?)"
    elif isinstance(err, httpx.UnsupportedProtocol | httpx.InvalidURL):
        kind, why = "bad_url", detail
    elif isinstance(err, httpx.LocalProtocolError | UnicodeError):
        kind, why = "bad_url", f"the request cannot be sent as given ({detail})"
    elif "receive buffer too long" in lower:
        kind = "other"
        why = f"the answer's headers are longer than {limits.MAX_HEADER_BYTES} bytes"
    elif isinstance(err, httpx.RemoteProtocolError) and "illegal" in lower:
        # h11 says `illegal status line: bytearray(b'SSH-2.0-...')`: one plain line instead.
        kind, why = "other", f"the answer is not valid HTTP ({_plain_bytes(detail)})"
    elif "connection reset" in lower:
        kind, why = "other", "the server reset the connection before it answered"
    else:
        kind, why = "other", detail
    return NetworkError(f"{method} {url}: {why}", url=url, kind=kind)


_BYTES_REPR = re.compile(r"""(?::\s*)?(?:bytearray\()?b(['"])((?:\\.|(?!\1).)*)\1\)?""")


def _plain_bytes(detail: str, limit: int = 60) -> str:
    """`illegal status line: bytearray(b'HTTP/1.1 abc')` -> `illegal status line 'HTTP/1.1 abc'`:
    the bytes a server sent, quoted, cut, with what is not printable as `?`."""

    def plain(match: re.Match[str]) -> str:
        try:
            raw = ast.literal_eval("b" + match.group(1) + match.group(2) + match.group(1))
        except (ValueError, SyntaxError):
            raw = match.group(2).encode("latin-1", "replace")
        text = "".join(c if c.isprintable() else "?" for c in raw.decode("latin-1"))
        return " '" + (text if len(text) <= limit else text[: limit - 1] + "…") + "'"

    return _BYTES_REPR.sub(plain, detail)
