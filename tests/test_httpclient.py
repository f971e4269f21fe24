"""jwtfix.httpclient against real local servers: what is sent, recorded, followed and refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import NOW
from servers import LocalServer, Reply, Request, closed_port, self_signed, serve

from jwtfix import __version__
from jwtfix.clocks import CACHE_LAG
from jwtfix.errors import ExitCode
from jwtfix.httpclient import (
    Cookie,
    Exchange,
    HttpClient,
    NetworkError,
    RequestBudgetError,
    clock_offset,
    fingerprint,
    parse_set_cookie,
    redact_header,
    same_origin,
)

Start = Callable[[Callable[[Request], Reply]], LocalServer]
BEARER = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl"


class FakeClock:
    """Unix time that moves 10 ms each time it is read."""

    def __init__(self, start: float = NOW) -> None:
        self.now = start

    def __call__(self) -> float:
        self.now += 0.01
        return self.now


def client(**kwargs: object) -> HttpClient:
    return HttpClient(timeout=5, clock=FakeClock(), **kwargs)  # type: ignore[arg-type]


def test_a_request_is_recorded_with_fingerprints_not_the_token(local_server: Start) -> None:
    server = local_server(lambda r: Reply.json(401, '{"error":"invalid_token"}'))
    with client() as http:
        exchange = http.get(server.url + "/api/me?x=1", bearer=BEARER)
    seen = server.received[0]
    assert seen.headers["authorization"] == f"Bearer {BEARER}"
    assert seen.headers["user-agent"] == f"jwtfix/{__version__}"
    assert exchange.status == 401
    assert exchange.path == "/api/me?x=1"
    assert exchange.json() == {"error": "invalid_token"}
    assert exchange.request_header("authorization") == f"Bearer {fingerprint(BEARER)}"
    assert BEARER not in repr(exchange) and BEARER not in str(exchange.to_json())
    assert exchange.elapsed_ms is not None and exchange.elapsed_ms > 0
    assert exchange.received_at is not None and exchange.sent_at < exchange.received_at
    assert exchange.server_time is not None  # the server's Date header
    assert http.exchanges == (exchange,)


def test_a_given_header_wins_over_the_defaults(local_server: Start) -> None:
    server = local_server(lambda r: Reply(204))
    with client() as http:
        http.get(server.url, headers={"User-Agent": "curl/8", "X-Trace": "1"})
    assert server.received[0].headers["user-agent"] == "curl/8"
    assert server.received[0].headers["x-trace"] == "1"


def test_same_origin_redirects_are_followed_with_the_bearer(local_server: Start) -> None:
    def handler(request: Request) -> Reply:
        if request.path == "/old":
            return Reply(302, [("Location", "/new")])
        return Reply.json(200, '{"ok":true}')

    server = local_server(handler)
    with client() as http:
        exchange = http.get(server.url + "/old", bearer=BEARER)
    assert [r.path for r in server.received] == ["/old", "/new"]
    assert server.received[1].headers["authorization"] == f"Bearer {BEARER}"
    assert exchange.status == 200 and exchange.path == "/new"
    first = http.exchanges[0]
    assert first.redirect_followed and first.redirect_to == server.url + "/new"


def test_a_redirect_to_another_origin_is_not_followed_and_gets_no_bearer(
    local_server: Start,
) -> None:
    elsewhere = local_server(lambda r: Reply(200, body=b"got you"))
    server = local_server(lambda r: Reply(307, [("Location", elsewhere.url + "/steal")]))
    with client() as http:
        http.jar.store(
            Cookie("sid", "s3cret", "127.0.0.1", True, "/", None, False, True, None), NOW
        )
        exchange = http.post(server.url + "/auth/refresh", bearer=BEARER, json={"a": 1})
    assert elsewhere.received == []  # nothing at all reached the other origin
    assert server.received[0].headers["cookie"] == "sid=s3cret"
    assert exchange.status == 307
    assert exchange.redirect_to == elsewhere.url + "/steal"
    assert not exchange.redirect_followed
    assert any("another origin" in note and "not followed" in note for note in exchange.notes)
    assert len(http.exchanges) == 1


def test_a_server_that_never_answers_ends_in_the_timeout(silent_server: str) -> None:
    with (
        HttpClient(timeout=0.5, clock=FakeClock()) as http,
        pytest.raises(NetworkError) as caught,
    ):
        http.get(silent_server + "/auth/me", bearer=BEARER)
    assert caught.value.kind == "timeout"
    assert caught.value.exit_code == ExitCode.USAGE
    assert silent_server in caught.value.message and "0.5s" in caught.value.message
    assert BEARER not in caught.value.message
    assert http.exchanges[0].status is None and http.exchanges[0].error == caught.value.message


def test_a_refused_connection_names_the_url() -> None:
    url = closed_port() + "/x"
    with client() as http, pytest.raises(NetworkError) as caught:
        http.get(url)
    assert caught.value.kind == "refused"
    assert url in caught.value.message


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("ftp://127.0.0.1/x", "'ftp'"),
        ("file:///etc/passwd", "'file'"),
        ("127.0.0.1:8080/api", "scheme"),
        ("http:///nohost", "no host"),
        ("http://127.0.0.1:99999/", "port"),
    ],
)
def test_urls_that_are_not_http_are_refused_before_sending(url: str, says: str) -> None:
    with client() as http, pytest.raises(NetworkError) as caught:
        http.get(url)
    assert caught.value.kind == "bad_url"
    assert says in caught.value.message
    assert http.exchanges == ()


def test_the_request_budget(local_server: Start) -> None:
    server = local_server(lambda r: Reply(204))
    with client(max_requests=3) as http:
        for _ in range(3):
            http.get(server.url)
        with pytest.raises(RequestBudgetError) as caught:
            http.get(server.url)
    assert "at most 3 requests" in caught.value.message
    assert caught.value.exit_code == ExitCode.USAGE
    assert len(server.received) == 3


def test_the_budget_counts_redirects(local_server: Start) -> None:
    server = local_server(lambda r: Reply(302, [("Location", r.path + "x")]))
    with client(max_requests=3) as http, pytest.raises(RequestBudgetError):
        http.get(server.url + "/a")
    assert [r.path for r in server.received] == ["/a", "/ax", "/axx"]


def test_post_becomes_get_after_303(local_server: Start) -> None:
    def handler(request: Request) -> Reply:
        if request.path == "/login":
            return Reply(303, [("Location", "/home")])
        return Reply(200)

    server = local_server(handler)
    with client() as http:
        http.post(server.url + "/login", json={"user": "a"})
    assert [(r.method, r.path, r.body) for r in server.received] == [
        ("POST", "/login", b'{"user":"a"}'),
        ("GET", "/home", b""),
    ]


def test_the_body_is_bounded(local_server: Start) -> None:
    server = local_server(lambda r: Reply(200, body=b"x" * 100_000))
    with client(max_body=1000) as http:
        exchange = http.get(server.url)
    assert exchange.truncated and len(exchange.body) == 1000


def test_https_to_a_plain_http_server_is_a_network_error(local_server: Start) -> None:
    server = local_server(lambda r: Reply(200))
    url = server.url.replace("http://", "https://")
    with client() as http, pytest.raises(NetworkError) as caught:
        http.get(url)
    assert url in caught.value.message


def test_a_self_signed_certificate_fails_unless_insecure(tmp_path: Path) -> None:
    with serve(lambda r: Reply(204), tls=self_signed(tmp_path)) as server:
        with client() as http, pytest.raises(NetworkError) as caught:
            http.get(server.url)
        assert caught.value.kind == "tls"
        assert server.url in caught.value.message and "--insecure" in caught.value.message
        with client(insecure=True) as http:
            assert http.get(server.url).status == 204


# -- cookies ---------------------------------------------------------------------------------


def test_secure_cookies_go_to_loopback_http_as_in_a_browser(local_server: Start) -> None:
    def handler(request: Request) -> Reply:
        if request.path == "/auth/login":
            return Reply(
                200,
                [
                    (
                        "Set-Cookie",
                        "refresh=r1; Path=/auth; HttpOnly; Secure; SameSite=Strict; Max-Age=600",
                    ),
                    ("Set-Cookie", "theme=dark; Path=/"),
                ],
            )
        return Reply(200)

    server = local_server(handler)
    with client() as http:
        login = http.post(server.url + "/auth/login")
        http.post(server.url + "/auth/refresh")
        http.get(server.url + "/other")
        jar = {c.name: c for c in http.cookies}
    assert server.received[1].headers["cookie"] == "refresh=r1; theme=dark"
    assert server.received[2].headers["cookie"] == "theme=dark"  # Path=/auth honoured
    refresh = jar["refresh"]
    assert refresh.secure and refresh.http_only and refresh.same_site == "Strict"
    assert not jar["theme"].http_only and jar["theme"].same_site is None
    assert [c.name for c in login.cookies_set] == ["refresh", "theme"]
    assert "r1" not in repr(login.cookies_set)
    assert http.exchanges[1].request_header("cookie") == (
        f"refresh={fingerprint('r1')}; theme={fingerprint('dark')}"
    )


def test_a_cookie_deleted_or_expired_is_no_longer_sent(local_server: Start) -> None:
    def handler(request: Request) -> Reply:
        if request.path == "/set":
            return Reply(
                200,
                [
                    ("Set-Cookie", "a=1; Path=/"),
                    ("Set-Cookie", "b=2; Path=/; Expires=Wed, 21 Oct 2015 07:28:00 GMT"),
                ],
            )
        if request.path == "/logout":
            return Reply(200, [("Set-Cookie", "a=; Path=/; Max-Age=0")])
        return Reply(200)

    server = local_server(handler)
    with client() as http:
        http.get(server.url + "/set")
        http.get(server.url + "/x")
        http.get(server.url + "/logout")
        http.get(server.url + "/y")
    assert server.received[1].headers.get("cookie") == "a=1"
    assert "cookie" not in server.received[3].headers


def test_send_cookies_false_sends_none(local_server: Start) -> None:
    server = local_server(lambda r: Reply(200, [("Set-Cookie", "a=1")]))
    with client() as http:
        http.get(server.url)
        http.get(server.url, send_cookies=False)
    assert "cookie" not in server.received[1].headers


URL = "http://127.0.0.1:8080/auth/login"


@pytest.mark.parametrize(
    ("target", "sent"),
    [
        ("http://127.0.0.1:8080/auth/refresh", True),
        ("http://127.0.0.1:9999/", True),  # cookies ignore the port, as browsers do
        ("http://localhost/", False),  # another host
    ],
)
def test_cookie_matching_by_host(target: str, sent: bool) -> None:
    cookie, why = parse_set_cookie("r=1; Secure; Path=/", URL, NOW)
    assert cookie is not None and why is None
    assert cookie.matches(target, NOW) is sent


def test_secure_cookies_are_not_sent_to_other_http_origins() -> None:
    cookie, _ = parse_set_cookie("r=1; Secure; Domain=example.test", "https://api.example.test/", 0)
    assert cookie is not None and not cookie.host_only
    assert cookie.matches("https://www.example.test/", NOW)
    assert not cookie.matches("http://www.example.test/", NOW)
    for loopback in ("http://localhost:3000/", "http://127.0.0.1/", "http://[::1]:8080/"):
        local, _ = parse_set_cookie("r=1; Secure", loopback, NOW)
        assert local is not None and local.matches(loopback, NOW)


@pytest.mark.parametrize(
    ("header", "url", "why"),
    [
        ("a=1; Domain=other.test", "https://api.example.test/", "for the domain other.test"),
        ("a=1; Secure", "http://api.example.test/", "Secure but was set over http"),
        ("no-equals-sign", "http://127.0.0.1/", "without name=value"),
    ],
)
def test_cookies_a_browser_ignores(header: str, url: str, why: str) -> None:
    cookie, reason = parse_set_cookie(header, url, NOW)
    assert cookie is None and reason is not None and why in reason


def test_cookie_attributes_and_expiry() -> None:
    cookie, _ = parse_set_cookie(
        'sid="abc"; expires=Sun, 25-Jan-2026 10:20:00 GMT; path=/api; SameSite=None; Partitioned',
        "http://127.0.0.1/api/login",
        NOW,
    )
    assert cookie is not None
    assert cookie.value == "abc" and cookie.path == "/api"
    assert cookie.expires == NOW + 300
    assert cookie.same_site == "None"
    assert ("Partitioned", "") in cookie.attributes
    assert cookie.matches("http://127.0.0.1/api/me", NOW)
    assert not cookie.matches("http://127.0.0.1/apiary", NOW)
    assert not cookie.matches("http://127.0.0.1/api/me", NOW + 301)
    # no Path: the default is the request path's directory
    plain, _ = parse_set_cookie("x=1", "http://127.0.0.1/auth/login", NOW)
    assert plain is not None and plain.path == "/auth"


# -- pure helpers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [
        ("Authorization", f"Bearer {BEARER}", f"Bearer {fingerprint(BEARER)}"),
        ("authorization", "Basic dXNlcjpwYXNz", f"Basic {fingerprint('dXNlcjpwYXNz')}"),
        ("Cookie", "a=1; b=2", f"a={fingerprint('1')}; b={fingerprint('2')}"),
        ("X-Api-Key", "k", fingerprint("k")),
        ("Accept", "application/json", "application/json"),
    ],
)
def test_redact_header(name: str, value: str, shown: str) -> None:
    assert redact_header(name, value) == shown


def test_same_origin() -> None:
    assert same_origin("http://127.0.0.1/a", "http://127.0.0.1:80/b")
    assert same_origin("https://API.example.test/", "https://api.example.test:443/x")
    assert not same_origin("http://127.0.0.1:8080/", "http://127.0.0.1:8081/")
    assert not same_origin("http://127.0.0.1/", "https://127.0.0.1/")
    assert not same_origin("http://127.0.0.1/", "http://localhost/")


def _exchange(date: str | None, sent: float, received: float) -> Exchange:
    headers = (("Date", date),) if date else ()
    return Exchange(
        index=1,
        method="GET",
        url="http://127.0.0.1/",
        request_headers=(),
        sent_at=sent,
        status=200,
        response_headers=headers,
        received_at=received,
    )


def test_clock_offset_from_date_and_the_round_trip() -> None:
    # server 20 minutes ahead; the round trip took 0.2 s
    ahead = _exchange("Sun, 25 Jan 2026 10:35:00 GMT", NOW - 0.1, NOW + 0.1)
    offset = clock_offset(ahead)
    assert offset is not None
    # Date truncates and may be cached late: the server's time is in
    # [Date, Date + 1 + CACHE_LAG + the round trip], sent within the round trip.
    assert offset.low == pytest.approx(1200 - 0.1)
    assert offset.high == pytest.approx(1200 + 1 + CACHE_LAG + 0.2 + 0.1)
    assert offset.out_of_step(30)
    # in step: within the measurement's own error
    same = clock_offset(_exchange("Sun, 25 Jan 2026 10:15:00 GMT", NOW, NOW + 0.01))
    assert same is not None and not same.out_of_step(0)
    assert clock_offset(_exchange(None, NOW, NOW)) is None
    assert clock_offset(_exchange("yesterday-ish", NOW, NOW)) is None
