"""A hostile HTTP server for tests: raw sockets on 127.0.0.1, one misbehaviour per case.

`HostileServer(case)` listens on an ephemeral port of 127.0.0.1 and answers
every connection with the bytes its case writes: a trickle of one byte at a
time, silence after the headers, a reset, a gzip bomb, floods of headers,
deeply nested JSON, broken status lines, redirects to a `Recorder` (a second
listener on another port of 127.0.0.1, so another origin) that notes every
request that reaches it and whether it carried credentials.

`/.well-known/openid-configuration` is answered with a sound discovery
document whose `jwks_uri` is the server's `/jwks` (and its token, revocation
and userinfo endpoints the server's too), so that `verify --oidc` meets the
misbehaviour on the JWKS fetch; the OIDC_CASES are hostile identity providers
that answer the discovery document themselves. Leaving the `with` block (also on a
failing test) stops the accept loop, shuts every connection and joins the
threads. Nothing here listens on, or sends to, any address but 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from types import TracebackType

HOST = "127.0.0.1"
TRICKLE_INTERVAL = 0.25
"""Seconds between two bytes of a trickle: shorter than any per-read timeout a case uses."""


@dataclass(frozen=True)
class Seen:
    """A request as it reached a listener."""

    method: str
    path: str
    headers: dict[str, str]


@dataclass
class _Listener:
    """Accept loop on 127.0.0.1:0; each connection handled on its own daemon thread."""

    handle: Callable[[socket.socket, Seen, str], None]
    seen: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((HOST, 0))
        self._sock.listen(16)
        self._sock.settimeout(0.05)
        self.port = int(self._sock.getsockname()[1])
        self.url = f"http://{HOST}:{self.port}"
        self.stopping = threading.Event()
        self._conns: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._accept = threading.Thread(target=self._loop, daemon=True)

    def start(self) -> None:
        self._accept.start()

    def _loop(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            with self._lock:
                self._conns.append(conn)
                self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(5)
            while not self.stopping.is_set():
                request = _read_request(conn)
                if request is None:
                    return
                self.seen.append(request)
                self.handle(conn, request, self.url)
        except OSError:
            pass
        finally:
            conn.close()

    def stop(self) -> None:
        self.stopping.set()
        self._sock.close()
        self._accept.join(5)
        with self._lock:
            conns, threads = list(self._conns), list(self._threads)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        for thread in threads:
            thread.join(5)


def _read_request(conn: socket.socket) -> Seen | None:
    """One request head (and its Content-Length body), or None when the client hung up."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
        if len(data) > 1 << 20:
            return None
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, path, *_ = [*lines[0].split(" "), "", ""]
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length") or 0)
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        rest += chunk
    return Seen(method, path, headers)


# -- the bodies of the bombs, made once ----------------------------------------------------


@cache
def gzip_bomb() -> bytes:
    """`Content-Encoding: gzip, gzip`: about 20 KB that expand to 256 MiB of zeros."""
    inner = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1 << 20)
    parts = [inner.compress(block) for _ in range(256)]
    parts.append(inner.flush())
    return gzip.compress(b"".join(parts), 9)


@cache
def junk_jwks() -> bytes:
    """A JWKS of about 300 KB: thousands of entries, half no key, half secrets of other kids."""
    keys: list[dict[str, str]] = []
    for i in range(3000):
        keys.append({"kty": "junk", "kid": f"junk-{i}", "x": "A" * 20})
        keys.append({"kty": "oct", "kid": f"other-{i}", "k": "c2VjcmV0LXNlY3JldC1zZWNyZXQ"})
    return json.dumps({"keys": keys}).encode()


# -- the cases ------------------------------------------------------------------------------

Writer = Callable[[socket.socket, Seen, "HostileServer"], None]


def _send(conn: socket.socket, status: str, headers: list[tuple[str, str]], body: bytes) -> None:
    head = f"HTTP/1.1 {status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    if not any(k.lower() == "content-length" for k, _ in headers):
        head += f"Content-Length: {len(body)}\r\n"
    conn.sendall(head.encode("latin-1") + b"\r\n" + body)


def _trickle(conn: socket.socket, data: bytes, server: HostileServer) -> None:
    for i in range(len(data)):
        if server.stopping.is_set():
            return
        conn.sendall(data[i : i + 1])
        time.sleep(TRICKLE_INTERVAL)


def _trickle_body(conn: socket.socket, _: Seen, server: HostileServer) -> None:
    conn.sendall(b"HTTP/1.1 401 Unauthorized\r\nContent-Length: 100000\r\n\r\n")
    _trickle(conn, b"x" * 100000, server)


def _trickle_headers(conn: socket.socket, _: Seen, server: HostileServer) -> None:
    _trickle(conn, b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"y" * 100000, server)


def _silence(conn: socket.socket, _: Seen, server: HostileServer) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")
    server.stopping.wait(30)


def _reset(conn: socket.socket, _: Seen, server: HostileServer) -> None:
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def _gzip_bomb(conn: socket.socket, _: Seen, server: HostileServer) -> None:
    body = gzip_bomb()
    _send(
        conn,
        "401 Unauthorized",
        [("Content-Type", "application/json"), ("Content-Encoding", "gzip, gzip")],
        body,
    )


def _huge_header(conn: socket.socket, _: Seen, server: HostileServer) -> None:
    _send(conn, "401 Unauthorized", [("X-Huge", "h" * (4 << 20))], b"")


def _many_headers(conn: socket.socket, _: Seen, server: HostileServer) -> None:
    _send(conn, "401 Unauthorized", [(f"X-H{i}", "v") for i in range(100000)], b"")


def _nested(conn: socket.socket, _: Seen, server: HostileServer) -> None:
    _send(conn, "401 Unauthorized", [("Content-Type", "application/json")], b"[" * 100000)


def _quotes(conn: socket.socket, _: Seen, server: HostileServer) -> None:
    _send(conn, "401 Unauthorized", [("WWW-Authenticate", "Bearer error=" + '"' * 15000)], b"")


def _single_quotes(conn: socket.socket, _: Seen, server: HostileServer) -> None:
    _send(conn, "401 Unauthorized", [("WWW-Authenticate", "Bearer realm=" + "'" * 15000)], b"")


def _max_age(conn: socket.socket, _: Seen, server: HostileServer) -> None:
    cookie = "session=abc; Path=/; Max-Age=" + "9" * 400
    expired = "old=x; Max-Age=-" + "9" * 400
    _send(conn, "200 OK", [("Set-Cookie", cookie), ("Set-Cookie", expired)], b"{}")


def _status_garbage(conn: socket.socket, _: Seen, server: HostileServer) -> None:
    conn.sendall(b"HTTP/1.1 abc Nope\r\nContent-Length: 0\r\n\r\n")


def _status_huge(conn: socket.socket, _: Seen, server: HostileServer) -> None:
    conn.sendall(b"HTTP/1.1 99999999999999999999 Big\r\nContent-Length: 0\r\n\r\n")


def _not_http(conn: socket.socket, _: Seen, server: HostileServer) -> None:
    conn.sendall(b"SSH-2.0-OpenSSH_9.6\r\n\r\n")


def _backslash_redirect(conn: socket.socket, _: Seen, server: HostileServer) -> None:
    target = f"http:\\\\{HOST}:{server.recorder.port}/stolen"
    _send(conn, "302 Found", [("Location", target)], b"")


def _redirect_away(conn: socket.socket, _: Seen, server: HostileServer) -> None:
    _send(conn, "302 Found", [("Location", f"{server.recorder.url}/stolen")], b"")


def _redirect_loop(conn: socket.socket, seen: Seen, server: HostileServer) -> None:
    _send(conn, "307 Temporary Redirect", [("Location", seen.path + "x")], b"")


def _junk_jwks(conn: socket.socket, _: Seen, server: HostileServer) -> None:
    _send(conn, "200 OK", [("Content-Type", "application/json")], junk_jwks())


ESCAPES = "\x1b]52;c;aGk=\x07\x1b]8;;http://x/\x1b\\link\x1b[2J\r\x08\u202eevil"
"""Terminal control sequences (OSC 52 clipboard, OSC 8 link, clear screen, CR, BS, RLO)."""


def _escapes(conn: socket.socket, _: Seen, server: HostileServer) -> None:
    # A header value may carry C1 bytes (obs-text): CSI and OSC as one byte each.
    challenge = 'Bearer error="invalid_token", error_description="\x9b2J\x9d52;c;aGk=\x9c"'
    body = {"error": "invalid_token", "error_description": ESCAPES, "message": ESCAPES}
    _send(
        conn,
        "401 Unauthorized",
        [("Content-Type", "application/json"), ("WWW-Authenticate", challenge)],
        json.dumps(body).encode(),
    )


# -- hostile identity providers (OpenID Connect discovery, the token endpoint) -------------


def _json_answer(conn: socket.socket, document: object) -> None:
    _send(conn, "200 OK", [("Content-Type", "application/json")], json.dumps(document).encode())


def _refuse(conn: socket.socket) -> None:
    _send(conn, "401 Unauthorized", [("WWW-Authenticate", 'Bearer error="invalid_token"')], b"")


def _discovery(seen: Seen) -> bool:
    return seen.path.startswith("/.well-known/")


def _discovery_other_origin(conn: socket.socket, seen: Seen, server: HostileServer) -> None:
    if not _discovery(seen):
        return _refuse(conn)
    away = server.recorder.url
    _json_answer(
        conn,
        {
            "issuer": away,
            "jwks_uri": f"{away}/jwks",
            "token_endpoint": f"{away}/token",
            "revocation_endpoint": f"{away}/revoke",
            "userinfo_endpoint": f"{away}/userinfo",
        },
    )


def _discovery_bad_schemes(conn: socket.socket, seen: Seen, server: HostileServer) -> None:
    if not _discovery(seen):
        return _refuse(conn)
    _json_answer(
        conn,
        {
            "issuer": "ftp://127.0.0.1/",
            "jwks_uri": "file:///etc/passwd",
            "token_endpoint": f"gopher://{HOST}:{server.recorder.port}/token",
            "revocation_endpoint": f"http:\\\\{HOST}:{server.recorder.port}/revoke",
            "userinfo_endpoint": "javascript:alert(1)",
        },
    )


def _discovery_wrong_types(conn: socket.socket, seen: Seen, server: HostileServer) -> None:
    if not _discovery(seen):
        return _refuse(conn)
    _json_answer(
        conn,
        {
            "issuer": ["a"],
            "jwks_uri": {"url": f"{server.url}/jwks"},
            "token_endpoint": 12,
            "revocation_endpoint": None,
            "userinfo_endpoint": True,
        },
    )


def _discovery_nested(conn: socket.socket, seen: Seen, server: HostileServer) -> None:
    if not _discovery(seen):
        return _refuse(conn)
    body = b'{"jwks_uri": ' + b"[" * 100000
    _send(conn, "200 OK", [("Content-Type", "application/json")], body)


def _discovery_huge(conn: socket.socket, seen: Seen, server: HostileServer) -> None:
    if not _discovery(seen):
        return _refuse(conn)
    document = {"issuer": server.url, "jwks_uri": f"{server.url}/jwks", "x": "a" * (8 << 20)}
    _json_answer(conn, document)


def _token_endpoint_trickle(conn: socket.socket, seen: Seen, server: HostileServer) -> None:
    if seen.path.startswith("/token"):
        return _trickle_body(conn, seen, server)
    _refuse(conn)


def _token_endpoint_bomb(conn: socket.socket, seen: Seen, server: HostileServer) -> None:
    if seen.path.startswith("/token"):
        return _gzip_bomb(conn, seen, server)
    _refuse(conn)


OIDC_CASES: dict[str, Writer] = {
    "discovery_other_origin": _discovery_other_origin,
    "discovery_bad_schemes": _discovery_bad_schemes,
    "discovery_wrong_types": _discovery_wrong_types,
    "discovery_nested": _discovery_nested,
    "discovery_huge": _discovery_huge,
    "token_endpoint_trickle": _token_endpoint_trickle,
    "token_endpoint_bomb": _token_endpoint_bomb,
}
"""Hostile identity providers: the `discovery_` ones answer the discovery document themselves,
the `token_endpoint_` ones misbehave behind a sound one."""

CASES: dict[str, Writer] = {
    "trickle_body": _trickle_body,
    "trickle_headers": _trickle_headers,
    "silence_after_headers": _silence,
    "reset": _reset,
    "gzip_bomb": _gzip_bomb,
    "huge_header": _huge_header,
    "many_headers": _many_headers,
    "nested_json": _nested,
    "quote_flood": _quotes,
    "single_quote_flood": _single_quotes,
    "max_age_overflow": _max_age,
    "status_garbage": _status_garbage,
    "status_huge": _status_huge,
    "not_http": _not_http,
    "redirect_backslash": _backslash_redirect,
    "redirect_other_origin": _redirect_away,
    "redirect_loop": _redirect_loop,
    "junk_jwks": _junk_jwks,
    "terminal_escapes": _escapes,
    **OIDC_CASES,
}
"""Every misbehaviour, by name."""

KINDS: dict[str, tuple[str, ...]] = {
    "slow": ("trickle_body", "trickle_headers", "silence_after_headers"),
    "broken": ("reset", "not_http", "status_garbage", "status_huge"),
    "bombs and floods": (
        "gzip_bomb",
        "huge_header",
        "many_headers",
        "nested_json",
        "quote_flood",
        "single_quote_flood",
        "junk_jwks",
        "max_age_overflow",
        "terminal_escapes",
    ),
    "redirect tricks": ("redirect_backslash", "redirect_other_origin", "redirect_loop"),
    "hostile identity providers": tuple(OIDC_CASES),
}
"""The cases by kind (the closing note of issue 17 counts them so)."""


class Recorder:
    """Another origin (another port of 127.0.0.1) that records what reaches it."""

    def __init__(self) -> None:
        self._listener = _Listener(self._answer)
        self.port = self._listener.port
        self.url = self._listener.url

    @staticmethod
    def _answer(conn: socket.socket, _: Seen, __: str) -> None:
        _send(conn, "200 OK", [("Content-Type", "application/json")], b"{}")

    @property
    def seen(self) -> list[Seen]:
        return list(self._listener.seen)

    def start(self) -> None:
        self._listener.start()

    def stop(self) -> None:
        self._listener.stop()


class HostileServer:
    """A listener on 127.0.0.1 that misbehaves as `case` says; use it as a context manager."""

    def __init__(self, case: str) -> None:
        self.case = case
        self._writer = CASES[case]
        if case in ("gzip_bomb", "token_endpoint_bomb"):
            gzip_bomb()  # made before the clock of the run under test starts
        self.recorder = Recorder()
        self._listener = _Listener(self._answer)
        self.port = self._listener.port
        self.url = self._listener.url
        self.stopping = self._listener.stopping

    def _answer(self, conn: socket.socket, seen: Seen, base: str) -> None:
        if seen.path.startswith("/.well-known/openid-configuration") and (
            not self.case.startswith("discovery_")
        ):
            document = {
                "issuer": base,
                "jwks_uri": f"{base}/jwks",
                "token_endpoint": f"{base}/token",
                "revocation_endpoint": f"{base}/revoke",
                "userinfo_endpoint": f"{base}/me",
            }
            _send(
                conn,
                "200 OK",
                [("Content-Type", "application/json")],
                json.dumps(document).encode(),
            )
            return
        self._writer(conn, seen, self)

    @property
    def seen(self) -> list[Seen]:
        return list(self._listener.seen)

    def __enter__(self) -> HostileServer:
        self.recorder.start()
        self._listener.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._listener.stop()
        self.recorder.stop()
