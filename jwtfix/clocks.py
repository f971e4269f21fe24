"""One estimate of a server's clock against this machine's (SPEC 4.3).

Every measurement is an interval of `server - local` in seconds that the true
offset certainly lies in; measurements are intersected, and an offset counts
only when the whole interval lies beyond the skew. probe (its server clock),
the live flow (JWT710) and har (JWT805) all measure here.

What a `Date` header can be off by:

- resolution: it is whole seconds, truncated (the server's time lies in
  [Date, Date + 1));
- caching: Node's `http`, uvicorn, nginx and others build `Date` once a
  second and reuse it, so it may lag the server's real clock by up to
  `CACHE_LAG` more; under load the refresh runs late by about as long as the
  server was busy, which the round trip bounds (added once more);
- an `Age` header (a cached answer): the answer was made `Age` seconds
  (whole seconds too) before it was sent;
- the round trip: the server stamped it somewhere between our send and our
  receive.

A `Date` is never ahead of the server's real clock: caching only makes it
late. An `iat` the service stamps when it issues a token is read the same
way, without the cache lag (it is computed per token). Pure: no clock, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from jwtfix.timefmt import span

DATE_RESOLUTION = 1.0
"""`Date` and `Age` carry whole seconds."""
CACHE_LAG = 1.25
"""How late a cached `Date` may be on an idle server: rebuilt once a second, by a timer
that itself ticks late (uvicorn checks every 0.1 s; 1.8 s behind the clock was seen idle)."""


@dataclass(frozen=True, slots=True)
class Offset:
    """server - local, in seconds: certainly within [low, high]."""

    low: float
    high: float
    sources: int = 1
    """How many measurements were combined."""
    source: str = "Date header"
    likely: float | None = None
    """The most likely value (a fresh Date: half its resolution late), when not the midpoint."""
    cached: bool = False
    """From a `Date`, which can only be late: `combine` trusts its freshest bounds."""

    @property
    def estimate(self) -> float:
        """The best single value: `likely` within the bounds, else the midpoint."""
        if self.likely is not None:
            return min(max(self.likely, self.low), self.high)
        return (self.low + self.high) / 2

    @property
    def uncertainty(self) -> float:
        return (self.high - self.low) / 2

    def beyond(self, skew: float) -> float:
        """How far the offset certainly exceeds ±skew (signed), or 0 when it may not."""
        if self.low > skew:
            return self.low - skew
        if self.high < -skew:
            return self.high + skew
        return 0.0

    def out_of_step(self, skew: float) -> bool:
        return self.beyond(skew) != 0.0

    def describe(self, skew: float) -> str:
        """One phrase whose meaning always agrees with `out_of_step(skew)`."""
        measured = (
            f"±{self.uncertainty:.1f} s, from {self.sources} "
            f"measurement{'s' if self.sources != 1 else ''}"
        )
        if self.out_of_step(skew):
            # The least the offset can be: what is certain, not the midpoint.
            least = self.low if self.low > skew else self.high
            side = "ahead of" if least > 0 else "behind"
            return (
                f"runs {_amount(self.estimate)} {side} this machine (at least "
                f"{_amount(least)}; {measured})"
            )
        if abs(self.estimate) < 1 or self.low <= 0 <= self.high:
            return f"is in step with this machine within the measurement's error ({measured})"
        side = "ahead of" if self.estimate > 0 else "behind"
        return (
            f"is about {_amount(self.estimate)} {side} this machine, within the skew and "
            f"the measurement's error ({measured})"
        )

    def to_json(self) -> dict[str, float | int | str]:
        return {
            "low": round(self.low, 3),
            "high": round(self.high, 3),
            "estimate": round(self.estimate, 3),
            "uncertainty": round(self.uncertainty, 3),
            "sources": self.sources,
            "source": self.source,
        }


def server_time_range(
    date: float, *, age: float = 0.0, round_trip: float = 0.0, busy: float = 0.0
) -> tuple[float, float]:
    """When the server sent an answer stamped `date` (with `Age: age`): [earliest, latest].

    `busy`: how long the server was seen busy just before (the longest round trip of the
    requests before this one): a timer that rebuilds Date runs late by as much."""
    late = DATE_RESOLUTION + CACHE_LAG + max(round_trip, 0.0) + max(busy, 0.0)
    if age > 0:
        late += DATE_RESOLUTION
    return date + max(age, 0.0), date + max(age, 0.0) + late


def from_date(
    date: float, *, sent_at: float, received_at: float, age: float = 0.0, busy: float = 0.0
) -> Offset:
    """The offset one `Date` header (and its `Age`) shows, sent and received at local times."""
    earliest, latest = server_time_range(date, age=age, round_trip=received_at - sent_at, busy=busy)
    # Most answers carry a fresh Date: the server's time then lies half a second past it,
    # at the midpoint of our send and receive.
    midpoint = (sent_at + received_at) / 2
    likely = earliest + DATE_RESOLUTION / 2 + (DATE_RESOLUTION / 2 if age > 0 else 0.0)
    return Offset(
        low=earliest - received_at,
        high=latest - sent_at,
        likely=likely - midpoint,
        cached=True,
    )


def from_stamp(
    stamp: float, *, resolution: float, sent_at: float, received_at: float, source: str
) -> Offset:
    """The offset a time the server computed for this request shows (an `iat`, a message's
    "Current time"): stamped between our send and receive, truncated to `resolution`."""
    midpoint = (sent_at + received_at) / 2
    return Offset(
        low=stamp - received_at,
        high=stamp + resolution - sent_at,
        source=source,
        likely=stamp + resolution / 2 - midpoint,
    )


def combine(offsets: Iterable[Offset]) -> Offset | None:
    """Every measurement bounds the offset: their intersection. A `Date` can only be late
    (a cache, a timer run late), never early, so among Dates the freshest bounds count:
    the highest low and the highest high; stamps (`iat`) bound both ways. When the bounds
    contradict each other (a proxy's Date, a token from another host), the loosest."""
    found = list(offsets)
    if not found:
        return None
    dates = [o for o in found if o.cached]
    stamps = [o for o in found if not o.cached]
    bounds = [(o.low, o.high) for o in stamps]
    if dates:
        bounds.append((max(o.low for o in dates), max(o.high for o in dates)))
    low, high = max(b[0] for b in bounds), min(b[1] for b in bounds)
    if low > high:
        low, high = min(o.low for o in found), max(o.high for o in found)
    sources = sum(o.sources for o in found)
    names = dict.fromkeys(o.source for o in found)
    tightest = min(found, key=lambda o: o.high - o.low)
    return Offset(
        low=low,
        high=high,
        sources=sources,
        source=" and ".join(names),
        likely=tightest.estimate,
        cached=not stamps,
    )


def _amount(seconds: float) -> str:
    """`2.3 s` under a minute (the measurement's scale), else `20m 5s`."""
    seconds = abs(seconds)
    return f"{seconds:.1f} s" if seconds < 60 else span(seconds)


def age_seconds(value: str | None) -> float:
    """An `Age` header's seconds (0 when absent or not a number)."""
    if value is None:
        return 0.0
    try:
        return max(float(int(value.strip().split(",")[0])), 0.0)
    except ValueError:
        return 0.0
