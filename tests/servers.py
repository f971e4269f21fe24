"""Local HTTP services for tests: stdlib http.server on 127.0.0.1, an ephemeral port, a thread.

`serve(handler)` starts a server whose every request is answered by
`handler(request) -> Reply` and records what reached it; leaving the `with`
block (also on a failing test) shuts it down and joins its thread. `silent()`
is a listener that accepts connections and never answers (timeouts).
The fixtures `local_server` and `silent_server` wrap them for pytest
(registered in conftest.py through `pytest_plugins`).

Nothing here listens on, or sends to, any address but 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Request:
    """A request as it reached the test server."""

    method: str
    path: str
    headers: dict[str, str]
    """Header names in lower case."""
    body: bytes


@dataclass(frozen=True)
class Reply:
    """What the test server answers."""

    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    """Sent as given; a `Date` here replaces the server's own."""
    body: bytes = b""

    @staticmethod
    def json(status: int, text: str, headers: list[tuple[str, str]] | None = None) -> Reply:
        return Reply(
            status, [("Content-Type", "application/json"), *(headers or [])], text.encode()
        )


Handler = Callable[[Request], Reply]


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up (a failed TLS handshake) is what some tests do


class LocalServer:
    """A running test server: its base URL and the requests it has seen."""

    def __init__(self, handler: Handler, *, tls: tuple[Path, Path] | None = None) -> None:
        self.handler = handler
        self.received: list[Request] = []
        outer = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = Request(
                    method=self.command,
                    path=self.path,
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=body,
                )
                outer.received.append(request)
                reply = outer.handler(request)
                self.send_response_only(reply.status)
                names = {k.lower() for k, _ in reply.headers}
                if "date" not in names:
                    self.send_header("Date", self.date_time_string())
                for name, value in reply.headers:
                    self.send_header(name, value)
                if "content-length" not in names:
                    self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(reply.body)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _handle

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep test output clean

        self._server = _QuietServer((HOST, 0), _Handler)
        self._server.daemon_threads = True
        self.port = int(self._server.server_address[1])
        self.url = f"http://{HOST}:{self.port}"
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(str(tls[0]), str(tls[1]))
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
            self.url = f"https://{HOST}:{self.port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)


@contextlib.contextmanager
def serve(handler: Handler, *, tls: tuple[Path, Path] | None = None) -> Iterator[LocalServer]:
    """A server answering with `handler`, stopped when the block ends (also on failure).

    `tls=(cert.pem, key.pem)` serves https (see `self_signed`).
    """
    server = LocalServer(handler, tls=tls)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def silent() -> Iterator[str]:
    """A listener that accepts connections and never answers; yields its URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((HOST, 0))
        sock.listen(8)  # the kernel completes handshakes; nobody ever reads or writes
        yield f"http://{HOST}:{sock.getsockname()[1]}"
    finally:
        sock.close()


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (as a development server has): (cert, key)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    start = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=3650))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(HOST))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def closed_port() -> str:
    """The URL of a port on 127.0.0.1 that nothing listens on (bound, then closed)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port = sock.getsockname()[1]
    return f"http://{HOST}:{port}"


@pytest.fixture
def local_server() -> Iterator[Callable[[Handler], LocalServer]]:
    """`local_server(handler)` -> a started LocalServer, stopped after the test."""
    with contextlib.ExitStack() as stack:

        def start(handler: Handler) -> LocalServer:
            return stack.enter_context(serve(handler))

        yield start


@pytest.fixture
def silent_server() -> Iterator[str]:
    with silent() as url:
        yield url
