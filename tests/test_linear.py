"""The parsers of text from servers and files take linear time on their worst input.

Each parser is fed about 1 MB of the shape that used to make it re-scan (a
header of quotes, a `.env` of unclosed quotes, ...) and about 1 KB of the same
shape, side by side in one run; the time per byte of the large input must stay
within `PER_BYTE_RATIO` of the small one's. A quadratic parser is ~1000x
slower per byte at 1 MB; a linear one is ~1x (caches and noise allowed for).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DATA

from jwtfix import challenge, envfile, har
from jwtfix.httpclient import parse_set_cookie

PER_BYTE_RATIO = 20.0
"""Time per byte of 1 MB over time per byte of 1 KB; quadratic would be about 1000."""
SMALL, LARGE = 1 << 10, 1 << 20


def per_byte_ratio(run: Callable[[str], object], shape: Callable[[int], str]) -> float:
    """Time per character of `run(shape(LARGE))` over that of `run(shape(SMALL))`."""
    small, large = shape(SMALL), shape(LARGE)

    def timed(text: str, repeat: int, tries: int) -> float:
        best = float("inf")
        for _ in range(tries):
            start = time.perf_counter()
            for _ in range(repeat):
                run(text)
            best = min(best, (time.perf_counter() - start) / repeat)
        return best / len(text)

    ratio = timed(large, 1, 1) / timed(small, 100, 3)
    if ratio >= PER_BYTE_RATIO:  # once more, in case the machine was busy: quadratic stays so
        ratio = min(ratio, timed(large, 1, 1) / timed(small, 100, 3))
    return ratio


def repeat_to(unit: str, head: str = "", tail: str = "") -> Callable[[int], str]:
    """A shape: `head`, `unit` repeated to about `size` characters, `tail`."""
    return lambda size: head + unit * max(1, size // len(unit)) + tail


CHALLENGES = {
    "single quotes": repeat_to("'", "Bearer realm="),
    "double quotes": repeat_to('"', "Bearer error="),
    "quote then a name": repeat_to('"a ', 'Bearer realm="'),
    "escaped quotes": repeat_to('\\"', 'Bearer error_description="'),
    "parameters without commas": repeat_to('a="b" ', "Bearer "),
    "schemes without parameters": repeat_to("Basic ", ""),
    "spaces before an equals sign": repeat_to(" ", 'Bearer realm="x"', "=y"),
    "commas": repeat_to(",", "Bearer "),
}


@pytest.mark.parametrize("shape", sorted(CHALLENGES))
def test_the_challenge_parser_is_linear(shape: str) -> None:
    assert per_byte_ratio(challenge.parse, CHALLENGES[shape]) < PER_BYTE_RATIO


COOKIES = {
    "attributes": repeat_to("; Path=/", "a=b"),
    "semicolons": repeat_to(";", "a=b"),
    "a long Max-Age": repeat_to("9", "a=b; Max-Age="),
    "a long Expires": repeat_to("Wed, ", "a=b; Expires="),
    "equals signs": repeat_to("=", "a="),
}


@pytest.mark.parametrize("shape", sorted(COOKIES))
def test_the_set_cookie_parser_is_linear(shape: str) -> None:
    def run(text: str) -> object:
        return parse_set_cookie(text, "https://api.example.test/a/b", 1_769_336_100.0)

    assert per_byte_ratio(run, COOKIES[shape]) < PER_BYTE_RATIO


def _hazards(text: str) -> object:
    # Straight to the raw-text scanner: parse() stops at MAX_ENV_BINDINGS, the scanner must not
    # rely on that to stay fast.
    entries = tuple(
        envfile.EnvEntry("JWT_SECRET", "x ", i + 1, line)
        for i, line in enumerate(text.split("\n"))
        if line.startswith("JWT_SECRET")
    )
    return envfile.hazards(envfile.EnvFile(".env", text, entries))


ENVS = {
    "unclosed double quotes": repeat_to('K="abc\n'),
    "unclosed single quotes": repeat_to("K='abc\n"),
    "a quote that closes at the end": repeat_to("A=1\n", 'K="open\n', 'end"\n'),
    "duplicate secrets with white space": repeat_to("JWT_SECRET=x \n"),
    "backslashes in a quoted value": repeat_to("\\\\", 'K="', '"\n'),
}


@pytest.mark.parametrize("shape", sorted(ENVS))
def test_the_env_hazard_scanner_is_linear(shape: str) -> None:
    assert per_byte_ratio(_hazards, ENVS[shape]) < PER_BYTE_RATIO


def _entry() -> dict[str, object]:
    document = json.loads((DATA / "har" / "chrome.har").read_text())
    entry: dict[str, object] = document["log"]["entries"][0]
    return entry


def _har(entries: Callable[[int], list[object]]) -> Callable[[int], str]:
    return lambda size: json.dumps({"log": {"version": "1.2", "entries": entries(size)}})


def _many_entries(size: int) -> list[object]:
    entry = _entry()
    return [entry] * max(1, size // len(json.dumps(entry)))


def _many_headers(size: int) -> list[object]:
    entry = json.loads(json.dumps(_entry()))
    header = {"name": "Set-Cookie", "value": "a=b; Path=/\nc=d; Secure"}
    entry["response"]["headers"] = [header] * max(1, size // 60)
    return [entry]


def _long_body(size: int) -> list[object]:
    entry = json.loads(json.dumps(_entry()))
    entry["response"]["content"]["text"] = '{"a":' * (size // 5)
    return [entry]


HARS = {"many entries": _many_entries, "many headers": _many_headers, "a long body": _long_body}


@pytest.mark.parametrize("shape", sorted(HARS))
def test_the_har_reader_is_linear(shape: str, tmp_path: Path) -> None:
    def run(text: str) -> object:
        path = tmp_path / "session.har"
        path.write_text(text)
        return list(har.read(str(path)))

    assert per_byte_ratio(run, _har(HARS[shape])) < PER_BYTE_RATIO
