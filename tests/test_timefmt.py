"""Durations on the command line, times for --at, and how times are shown."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest
from conftest import NOW, NOW_ISO

from jwtfix import timefmt
from jwtfix.errors import DurationError, ExitCode, TimeParseError
from jwtfix.timefmt import (
    is_bare_number,
    is_numeric_date,
    iso,
    jsonwebtoken_exp,
    ms,
    parse_duration,
    parse_when,
    relative,
    span,
    time_object,
)

MIN, HOUR, DAY = 60, 3600, 86400


def utc(*args: int) -> float:
    return datetime(*args, tzinfo=UTC).timestamp()  # type: ignore[misc, arg-type]


def test_now_constant_is_what_conftest_says() -> None:
    assert utc(2026, 1, 25, 10, 15) == NOW


# Durations: `ms` numbers (Node values are checked in test_ms_node.py).


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("900ms", 0.9),
        ("30s", 30),
        ("15m", 15 * MIN),
        ("1h", HOUR),
        ("7d", 7 * DAY),
        ("2w", 14 * DAY),
        ("1y", 365.25 * DAY),
        ("2.5 hrs", 2.5 * HOUR),
        ("-5m", -5 * MIN),
        (".5h", HOUR / 2),
        ("1 Day", DAY),
        ("  15m  ", 15 * MIN),  # the shell may leave blanks around an option value
        # bare numbers on the command line are seconds, as a numeric expiresIn
        ("900", 900),
        ("0", 0),
        ("1.5", 1.5),
        ("-60", -60),
    ],
)
def test_parse_duration(text: str, seconds: float) -> None:
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "1 hour ago", "5 m s", "1e3", "٣m", "fifteen minutes", "+5m", "1" * 400, "m"],
)
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(DurationError) as info:
        parse_duration(text, what="--skew")
    message = info.value.message
    assert message.startswith("--skew ")
    assert "15m" in message or "too large" in message  # says what a duration looks like
    assert info.value.exit_code == ExitCode.USAGE


def test_parse_duration_never_returns_infinity() -> None:
    # 400 digits is infinite as a float; JSON output could not print it.
    with pytest.raises(DurationError, match="too large"):
        parse_duration("9" * 400)


@pytest.mark.parametrize(
    ("text", "bare"),
    [("900", True), ("-1.5", True), (".5", True), (" 60 ", True), ("15m", False), ("1e3", False),
     ("", False), ("1.", False)],
)  # fmt: skip
def test_is_bare_number(text: str, bare: bool) -> None:
    assert is_bare_number(text) is bare


def test_ms_reads_bare_numbers_as_milliseconds() -> None:
    # what jsonwebtoken does with expiresIn: "900" (a string): 900 ms, not 15 minutes
    assert ms("900") == 900
    assert parse_duration("900") == 900  # ... unlike the command line


@pytest.mark.parametrize(
    ("iat", "expires_in", "exp"),
    [(NOW, "15m", NOW + 900), (NOW, "1.5s", NOW + 1), (NOW, 60, NOW + 60), (NOW, "900", NOW)],
)
def test_jsonwebtoken_exp(iat: int, expires_in: str | float, exp: int) -> None:
    # timespan(): Math.floor(iat + ms(str) / 1000), or iat + number
    assert jsonwebtoken_exp(iat, expires_in) == exp


def test_jsonwebtoken_exp_rejects_what_ms_rejects() -> None:
    with pytest.raises(DurationError):
        jsonwebtoken_exp(NOW, "15 minutes from now")


# Times: --at WHEN.


def at(text: str) -> float:
    return parse_when(text, NOW, what="--at")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", NOW),
        ("NOW", NOW),
        (" now ", NOW),
        (str(NOW), NOW),
        ("0", 0),
        ("1700000000.5", 1700000000.5),
        ("+15m", NOW + 15 * MIN),
        ("-2h", NOW - 2 * HOUR),
        ("+1d", NOW + DAY),
        ("-.5d", NOW - DAY / 2),
        ("+2.5 hrs", NOW + 2.5 * HOUR),
        # a signed bare number is seconds, like every bare number on the command line
        ("+90", NOW + 90),
        ("-90", NOW - 90),
        ("2026-01-25T10:15:00Z", NOW),
        ("2026-01-25T10:15:00", NOW),  # no zone: UTC
        ("2026-01-25 10:15", NOW),
        ("2026-01-25T12:15:00+02:00", NOW),
        ("2026-01-25T05:15:00-05:00", NOW),
        ("2026-01-25", utc(2026, 1, 25)),
        ("Jan 25 2026 10:15 UTC", NOW),
        ("25 January 2026", utc(2026, 1, 25)),
        ("2099-12-31T23:59:59Z", utc(2099, 12, 31, 23, 59, 59)),
    ],
)
def test_parse_when(text: str, expected: float) -> None:
    assert at(text) == pytest.approx(expected)


def test_parse_when_takes_missing_date_parts_from_now_not_the_wall_clock() -> None:
    # '10:00' is 10:00 on the day of `now`, whatever day the tests run on.
    assert at("10:00") == NOW - 15 * MIN
    other_day = utc(2030, 6, 1, 12)
    assert parse_when("10:00", other_day) == utc(2030, 6, 1, 10)


@pytest.mark.parametrize(
    "text",
    ["", "  ", "garbage", "tomorrow-ish", "+", "-", "+-5m", "++5m", "1e3", "nan", "inf",
     "+15 minutes ago", "99999999999999999999999", "1" * 400, "2026-13-45",
     # dateutil ignores an unknown zone name with a warning, and +25:00 made
     # datetime.timestamp() raise: both are errors of the input, not internal ones.
     "12:00 PST", "2026-01-25T10:15:00 CET", "2026-01-01T00:00:00+25:00"],
)  # fmt: skip
def test_parse_when_rejects(text: str) -> None:
    with pytest.raises(TimeParseError) as info:
        at(text)
    assert info.value.message.startswith("--at ")
    assert info.value.exit_code == ExitCode.USAGE


# Showing times.


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (NOW, NOW_ISO),
        (0, "1970-01-01T00:00:00Z"),
        (NOW + 0.5, "2026-01-25T10:15:00.500Z"),
        (4102444800, "2100-01-01T00:00:00Z"),
        (1e20, None),  # beyond year 9999
        (-1e20, None),
    ],
)
def test_iso(seconds: float, text: str | None) -> None:
    assert iso(seconds) == text


def test_time_object_for_a_numeric_date() -> None:
    assert time_object(NOW + 872, NOW) == {
        "value": NOW + 872,
        "iso": "2026-01-25T10:29:32Z",
        "relative_seconds": 872,
    }
    assert time_object(NOW - 60, NOW)["relative_seconds"] == -60


def test_time_object_keeps_the_value_as_in_the_token() -> None:
    assert time_object(NOW + 0.5, NOW) == {
        "value": NOW + 0.5,
        "iso": "2026-01-25T10:15:00.500Z",
        "relative_seconds": 0,  # an integer, rounded down
    }
    obj = time_object(NOW - 0.5, NOW)
    assert obj["relative_seconds"] == -1 and isinstance(obj["relative_seconds"], int)


@pytest.mark.parametrize("value", ["1769336100", None, True, [1], {"a": 1}, 10**400])
def test_time_object_for_values_that_are_not_numeric_dates(value: object) -> None:
    assert time_object(value, NOW) == {"value": value, "iso": None, "relative_seconds": None}


@pytest.mark.parametrize(
    ("value", "numeric"),
    [(1, True), (1.5, True), (-1, True), (True, False), (False, False), ("1", False),
     (float("nan"), False), (float("inf"), False), (None, False), (10**400, False)],
)  # fmt: skip
def test_is_numeric_date(value: object, numeric: bool) -> None:
    assert is_numeric_date(value) is numeric


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0s"),
        (0.4, "0s"),
        (1, "1s"),
        (59, "59s"),
        (60, "1m"),
        (14 * MIN + 32, "14m 32s"),
        (HOUR, "1h"),
        (3 * HOUR + 12 * MIN + 59, "3h 12m"),  # two largest units only
        (HOUR + 5, "1h"),  # 1h 0m 5s: the second unit is 0m, left out
        (DAY + 4 * HOUR, "1d 4h"),
        (7 * DAY, "7d"),
        (400 * DAY, "1y 34d"),  # a year is 365.25 days, as in ms
        # 2026-01-01 to 2099-01-01: 73 calendar years, a day short of 73 x 365.25 days
        (4070908800 - 1767225600, "73y"),
        (730 * DAY, "2y"),  # not "1y 364d"
        (-(14 * MIN + 32), "14m 32s"),
    ],
)
def test_span(seconds: float, text: str) -> None:
    assert span(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (14 * MIN + 32, "in 14m 32s"),
        (-(3 * HOUR + 12 * MIN), "3h 12m ago"),
        (0, "now"),
        (0.4, "now"),
        (1, "in 1s"),
        (-1, "1s ago"),
        (timedelta(days=2, hours=4).total_seconds(), "in 2d 4h"),
    ],
)
def test_relative(seconds: float, text: str) -> None:
    assert relative(seconds) == text


@pytest.mark.parametrize("seconds", [math.inf, -math.inf, math.nan])
def test_span_of_an_infinite_length(seconds: float) -> None:
    # JWT_EXPIRES_IN of 400 digits is infinite as a float: JWT307's message called
    # span(inf), which raised OverflowError (an internal error of `check`).
    assert span(seconds) == "forever"


def test_http_date_reads_imf_dates_and_a_zoneless_date_as_utc() -> None:
    assert timefmt.http_date("Sun, 25 Jan 2026 10:15:00 GMT") == NOW
    assert timefmt.http_date("Sun, 25 Jan 2026 10:15:00 -0000") == NOW  # no zone: UTC
    assert timefmt.http_date("Sun, 25 Jan 2026 11:15:00 +0100") == NOW
    for bad in (None, "", "yesterday", "Sun, 99 Foo 2026 99:99:99 GMT"):
        assert timefmt.http_date(bad) is None
