"""jwtfix.timefmt.ms against the real `ms` 2.1.3 that jsonwebtoken uses, in Node.

All strings go to ONE node process as JSON on stdin; it answers with what
`require('ms')` returns for each: a number, null for undefined, or
{"throws": message} where ms throws (the empty string).
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from jwtfix.timefmt import ms

pytestmark = pytest.mark.node

CASES = [
    # every unit, short and long
    "100", "900ms", "1msec", "2msecs", "1millisecond", "3milliseconds",
    "30s", "1sec", "2secs", "1second", "2seconds",
    "15m", "1min", "5mins", "1minute", "10minutes",
    "1h", "1hr", "2hrs", "1hour", "24hours",
    "7d", "1day", "2days",
    "2w", "1week", "3weeks",
    "1y", "1yr", "2yrs", "1year", "10years",
    # decimals, negatives, spaces, case
    "2.5 hrs", ".5h", "1.5d", "0.1s", "-5m", "-.5d", "-1.5 hours", "-100",
    "1   d", "1 h", "1H", "1 Day", "2 WEEKS", "3Yrs", "5 MS", "10 Sec",
    # bare numbers: milliseconds to ms
    "0", "1", "60", "1.5", "007",
    # what ms does not accept
    "1 hour ago", "5 m s", "", "1e3", "٣m", "1" * 101, "1" * 100, "5m\n", "\n5m",
    " 5m", "5m ", "+5m", "5 m ", "1.", ".", "-", "m", "1..5m", "1.2.3s", "Infinity",
    "NaN", "0x10", "1,5h", "1_000", "5 minutes ago", "1h30m", "one day", "5mm",
    "5 secondss", "1 hours", "\u00a05m", "5\u00a0m", "1\uff4d", "\uff11m", "1\u212a",
]  # fmt: skip

SCRIPT = """
const ms = require('ms');
let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const out = JSON.parse(input).map((s) => {
    try {
      const value = ms(s);
      return value === undefined ? null : value;
    } catch (err) {
      return { throws: String(err.message) };
    }
  });
  process.stdout.write(JSON.stringify(out));
});
"""


@pytest.fixture(scope="module")
def node_ms(node: Callable[..., str]) -> dict[str, object]:
    answers = json.loads(node(SCRIPT, input=json.dumps(CASES)))
    assert len(answers) == len(CASES)
    return dict(zip(CASES, answers, strict=True))


def test_the_table_is_big_enough() -> None:
    assert len(set(CASES)) == len(CASES)
    assert len(CASES) >= 40


@pytest.mark.parametrize("text", CASES)
def test_ms_matches_node(node_ms: dict[str, object], text: str) -> None:
    expected = node_ms[text]
    if isinstance(expected, dict):  # ms throws only for a non-string or the empty string
        assert text == ""
        assert ms(text) is None
        return
    actual = ms(text)
    if expected is None:
        assert actual is None, f"ms({text!r}) is undefined in Node"
    else:
        assert actual == expected


def test_node_agrees_on_the_anchor_values(node_ms: dict[str, object]) -> None:
    # A few values worked out by hand, so that a broken Node set-up cannot
    # make both sides agree on nonsense.
    assert node_ms["15m"] == 900_000
    assert node_ms["2.5 hrs"] == 9_000_000
    assert node_ms["1y"] == 31_557_600_000
    assert node_ms["-.5d"] == -43_200_000
    assert node_ms["100"] == 100
    assert node_ms["1 hour ago"] is None
    assert node_ms["5m\n"] is None
