"""The one clock estimate (jwtfix.clocks): what a Date, an Age and an iat say of the offset."""

from __future__ import annotations

import pytest
from conftest import NOW

from jwtfix import clocks


def test_a_date_bounds_the_offset_by_resolution_cache_lag_and_trip() -> None:
    offset = clocks.from_date(NOW, sent_at=NOW - 0.05, received_at=NOW + 0.05)
    assert offset.low == pytest.approx(-0.05)
    assert offset.high == pytest.approx(1 + clocks.CACHE_LAG + 0.1 + 0.05)
    assert offset.estimate == pytest.approx(0.5)  # a fresh Date: half a second late
    assert not offset.out_of_step(0)


@pytest.mark.parametrize("fraction", [0.0, 0.3, 0.99])
@pytest.mark.parametrize("late", [0.0, 0.5, 1.0, 1.25, 2.0, 3.5])
def test_a_cached_date_of_this_machines_clock_is_never_out_of_step(
    late: float, fraction: float
) -> None:
    # A Date built `late` seconds ago, then truncated: uvicorn was seen 1.83 s behind on an
    # idle machine (a 1.1 s old string, truncated). Later than CACHE_LAG happens on a loaded
    # server, whose slower round trip widens the bound as much.
    trip = max(late - clocks.CACHE_LAG, 0.0) + 0.01
    true_now = NOW + fraction
    date = int(true_now - late)
    offset = clocks.from_date(date, sent_at=true_now - trip, received_at=true_now)
    assert offset.low <= 0 <= offset.high
    assert not offset.out_of_step(0) and "in step" in offset.describe(0)


def test_age_moves_a_cached_answers_date_forward() -> None:
    cached = clocks.from_date(NOW - 600, sent_at=NOW, received_at=NOW + 0.01, age=600)
    assert not cached.out_of_step(1)
    stale = clocks.from_date(NOW - 600, sent_at=NOW, received_at=NOW + 0.01)
    assert stale.out_of_step(1) and "behind" in stale.describe(1)
    assert clocks.age_seconds(" 600 ") == 600 and clocks.age_seconds("soon") == 0
    assert clocks.server_time_range(NOW, age=5)[0] == NOW + 5


def test_the_message_agrees_with_the_status() -> None:
    ahead = clocks.from_date(NOW + 10, sent_at=NOW, received_at=NOW + 0.01)
    assert ahead.out_of_step(5) and "ahead of" in ahead.describe(5)
    assert "at least" in ahead.describe(5)
    assert not ahead.out_of_step(30) and "within the skew" in ahead.describe(30)


def test_measurements_intersect_and_contradictions_stay_honest() -> None:
    iat = clocks.from_stamp(NOW, resolution=1, sent_at=NOW - 0.1, received_at=NOW + 0.1,
                            source="issued iat")  # fmt: skip
    date = clocks.from_date(NOW, sent_at=NOW - 0.1, received_at=NOW + 0.1)
    both = clocks.combine([iat, date])
    assert both is not None and both.sources == 2
    assert both.low == max(iat.low, date.low) and both.high == min(iat.high, date.high)
    far = clocks.from_stamp(NOW + 3600, resolution=1, sent_at=NOW, received_at=NOW + 0.1,
                            source="issued iat")  # fmt: skip
    loose = clocks.combine([date, far])
    assert loose is not None and loose.low <= date.low and loose.high >= far.high
    assert clocks.combine([]) is None


def test_one_stale_date_among_fresh_ones_is_no_difference() -> None:
    # A timer that ran late (the server hashed a password) leaves one Date 3 s behind;
    # a Date can only be late, so the freshest ones bound the clock.
    fresh = [
        clocks.from_date(int(NOW + i), sent_at=NOW + i, received_at=NOW + i + 0.01)
        for i in range(5)
    ]
    stale = clocks.from_date(int(NOW + 5 - 3), sent_at=NOW + 5, received_at=NOW + 5.01)
    assert stale.out_of_step(0)  # alone it would look behind
    combined = clocks.combine([*fresh, stale])
    assert combined is not None and not combined.out_of_step(0), combined
    busy = clocks.from_date(int(NOW + 5 - 3), sent_at=NOW + 5, received_at=NOW + 5.01, busy=1.0)
    assert not busy.out_of_step(0)  # the round trip before it showed the server busy


def test_a_server_behind_shows_in_every_date() -> None:
    behind = [
        clocks.from_date(int(NOW + i - 10), sent_at=NOW + i, received_at=NOW + i + 0.01)
        for i in range(5)
    ]
    combined = clocks.combine(behind)
    assert combined is not None and combined.out_of_step(5)
    assert "behind" in combined.describe(5)
