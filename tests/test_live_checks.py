"""The JWT7xx checks as pure functions of a transcript (no service): edge cases of the judging.

The services in test_live.py show each finding end to end; here the
transcripts are built by hand, so the clock arithmetic and the rotation
matrix can be pinned down exactly.
"""

from __future__ import annotations

from email.utils import formatdate
from typing import Any

import pytest
from conftest import NOW, make_token

from jwtfix import checks
from jwtfix.httpclient import Exchange
from jwtfix.model import Finding, Status
from jwtfix.ops.live import Call, Issued, LiveOptions, LiveTranscript

URL = "http://127.0.0.1:8000"


def exchange(
    method: str,
    path: str,
    status: int,
    *,
    sent: float = NOW,
    trip: float = 0.01,
    date: float | None = None,
    body: bytes = b"{}",
    headers: tuple[tuple[str, str], ...] = (),
) -> Exchange:
    response = list(headers)
    if date is not None:
        response.append(("Date", formatdate(date, usegmt=True)))
    return Exchange(
        index=1,
        method=method,
        url=URL + path,
        request_headers=(),
        sent_at=sent,
        status=status,
        response_headers=tuple(response),
        body=body,
        received_at=sent + trip,
    )


def findings(check_id: str, transcript: LiveTranscript, **ctx: Any) -> list[Finding]:
    context = checks.CheckContext(now=NOW, live=transcript, **ctx)
    (registered,) = checks.select([check_id])
    return registered.run(context)


def transcript(*calls: Call, **fields: Any) -> LiveTranscript:
    return LiveTranscript(options=LiveOptions(url=URL), calls=calls, **fields)


@pytest.mark.parametrize(
    ("offset", "skew", "status"),
    [(0, 0, Status.PASS), (3, 0, Status.FAIL), (3, 5, Status.PASS), (-1200, 60, Status.FAIL)],
)
def test_jwt710_counts_a_difference_beyond_the_skew_and_the_measurement_error(
    offset: float, skew: float, status: Status
) -> None:
    calls = [
        Call("use", exchange("GET", "/auth/me", 200, sent=NOW + i, date=NOW + i + offset))
        for i in range(3)
    ]
    (finding,) = findings("JWT710", transcript(*calls), skew=skew)
    assert finding.status is status, finding.message
    if offset and status is Status.FAIL:
        assert ("ahead of" if offset > 0 else "behind") in finding.message


def test_jwt710_within_one_second_is_not_a_difference() -> None:
    # Date truncates to the second: a server 0.6 s ahead may show the same second as we do.
    call = Call("use", exchange("GET", "/auth/me", 200, sent=NOW + 0.3, date=NOW + 0.9))
    (finding,) = findings("JWT710", transcript(call))
    assert finding.status is Status.PASS


def test_jwt710_reads_the_iat_of_issued_tokens_without_a_date_header() -> None:
    access = make_token({"sub": "u", "iat": NOW + 600, "exp": NOW + 1500})
    login = Call("login", exchange("POST", "/auth/login", 200))
    (finding,) = findings(
        "JWT710", transcript(login, login=Issued(access=access, access_field="accessToken"))
    )
    assert finding.status is Status.FAIL and "10m ahead" in finding.message


def test_jwt710_skips_without_any_measurement() -> None:
    (finding,) = findings("JWT710", transcript(Call("use", exchange("GET", "/auth/me", 200))))
    assert finding.status is Status.SKIP


def _rotation(new_refresh: str | None, reuse_status: int) -> LiveTranscript:
    return transcript(
        Call("refresh", exchange("POST", "/auth/refresh", 200)),
        Call("reuse-old", exchange("POST", "/auth/refresh", reuse_status)),
        login=Issued(access="a", refresh="old-refresh", refresh_field="refreshToken"),
        refreshed=Issued(access="b", refresh=new_refresh, refresh_field="refreshToken"),
    )


@pytest.mark.parametrize(
    ("new_refresh", "reuse_status", "status"),
    [
        ("new-refresh", 401, Status.PASS),
        ("new-refresh", 200, Status.WARN),
        (None, 200, Status.FAIL),
        (None, 401, Status.FAIL),
        ("old-refresh", 200, Status.FAIL),  # the "new" one is the old one sent back
    ],
)
def test_jwt707_rotation_matrix(new_refresh: str | None, reuse_status: int, status: Status) -> None:
    (finding,) = findings("JWT707", _rotation(new_refresh, reuse_status))
    assert finding.status is status, finding.message


def test_a_200_with_an_error_body_is_a_refusal_with_the_wrong_status() -> None:
    refused = exchange("GET", "/auth/me", 200, body=b'{"error": "invalid token"}')
    calls = (
        Call("use", exchange("GET", "/auth/me", 200, body=b'{"id": 1}')),
        Call("refuse-bad-signature", refused),
    )
    by_id = {f.message: f.status for f in findings("JWT703", transcript(*calls))}
    assert Status.FAIL not in by_id.values()
    (shape,) = findings("JWT704", transcript(*calls))
    assert shape.status is Status.FAIL and "answered 200" in shape.message


def test_jwt705_tells_refusals_apart_by_error_description_or_code() -> None:
    def refusal(description: str, code: str) -> Exchange:
        challenge = f'Bearer error="invalid_token", error_description="{description}"'
        return exchange(
            "GET",
            "/auth/me",
            401,
            headers=(("WWW-Authenticate", challenge),),
            body=f'{{"code": "{code}"}}'.encode(),
        )

    distinct = transcript(
        Call("refuse-bad-signature", refusal("invalid", "INVALID_TOKEN")),
        Call("refuse-expired", refusal("expired", "TOKEN_EXPIRED")),
    )
    same = transcript(
        Call("refuse-bad-signature", refusal("invalid", "INVALID_TOKEN")),
        Call("refuse-expired", refusal("invalid", "INVALID_TOKEN")),
    )
    assert [f.status for f in findings("JWT705", distinct)] == [Status.PASS]
    assert [f.status for f in findings("JWT705", same)] == [Status.WARN]


def test_without_a_live_run_every_live_check_is_a_skip_naming_live() -> None:
    report = checks.run(checks.CheckContext(now=NOW), select_ids=["JWT7"])
    assert len(report.findings) == 10
    assert all(f.status is Status.SKIP and "--live" in f.message for f in report.findings)


@pytest.mark.parametrize("lag", [0.0, 0.4, 0.99])
def test_jwt710_a_cached_date_on_this_machines_clock_is_in_step(lag: float) -> None:
    # Node, uvicorn and nginx build Date once a second and reuse it (late under load):
    # a service on this very clock shows a Date up to a second (and more) behind.
    calls = [
        Call(
            "use",
            exchange("GET", "/auth/me", 200, sent=NOW + i / 10, date=int(NOW + i / 10 - lag)),
        )
        for i in range(19)
    ]
    (finding,) = findings("JWT710", transcript(*calls), skew=0)
    assert finding.status is Status.PASS, finding.message
    assert "in step" in finding.message and "at least" not in finding.message


def test_jwt710_says_what_it_judged_by() -> None:
    # The message of a fail names the least certain offset, the status agrees with it.
    calls = [
        Call("use", exchange("GET", "/auth/me", 200, sent=NOW + i, date=NOW + i + 10))
        for i in range(3)
    ]
    (fail,) = findings("JWT710", transcript(*calls), skew=5)
    assert fail.status is Status.FAIL and "at least" in fail.message and "ahead of" in fail.message
    (ok,) = findings("JWT710", transcript(*calls), skew=30)
    assert ok.status is Status.PASS and "within the skew" in ok.message
