"""`har` and `scan` on hostile files: bounded time and memory, no exit 3, no traceback.

HAR documents nested 100,000 deep (closed, unclosed, inside an entry), a
base64 body of 40 MB, a gzip bomb as a body's content, an entry with 200,000
headers, and many entries (time per entry as a ratio, side by side); `scan`
over a tree with a 10 MB line, binary files, symlink loops and a FIFO. Each
runs as a child process whose peak memory is its own VmHWM.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import make_token
from test_hostile import Run, record, run_child

TOKEN = make_token({"sub": "canary", "iat": 4102440000, "exp": 4102444800})
RSS_LIMIT_MB = 300
"""Peak memory of one child (a 40 MB document is read as text: about twice that, plus Python)."""


def _entry(i: int, body: str = "{}", **content: Any) -> dict[str, Any]:
    return {
        "startedDateTime": "2026-01-01T00:00:00.000Z",
        "time": 1,
        "request": {
            "method": "GET",
            "url": f"http://127.0.0.1/api/{i}",
            "headers": [{"name": "Authorization", "value": f"Bearer {TOKEN}"}],
        },
        "response": {
            "status": 200,
            "headers": [],
            "content": {"mimeType": "application/json", "text": body, **content},
        },
    }


def _har(entries: list[dict[str, Any]]) -> str:
    return json.dumps({"log": {"version": "1.2", "entries": entries}})


def _write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text)
    return str(path)


HOSTILE_HARS = {
    "nested entries": lambda: '{"log":{"entries":[' + "[" * 100_000 + "]" * 100_000 + "]}}",
    "nested and never closed": lambda: '{"log":{"entries":[' + "[" * 100_000,
    "nested inside an entry": lambda: (
        '{"log":{"entries":[{"request":' + '{"a":' * 100_000 + "1" + "}" * 100_000 + "}]}}"
    ),
    "a 40 MB base64 body": lambda: _har(
        [
            _entry(
                0,
                base64.b64encode(
                    json.dumps({"access_token": TOKEN, "pad": "x" * 30_000_000}).encode()
                ).decode(),
                encoding="base64",
            )
        ]
    ),
    "a gzip bomb as a body": lambda: _har(
        [
            _entry(
                0,
                base64.b64encode(gzip.compress(bytes(64 << 20), 1)).decode(),
                encoding="base64",
                compression=1,
            )
        ]
    ),
    "200,000 headers": lambda: _har(
        [
            {
                **_entry(0),
                "request": {
                    "method": "GET",
                    "url": "http://127.0.0.1/",
                    "headers": [{"name": "X", "value": "y"}] * 200_000,
                },
            }
        ]
    ),
}


def _harmless(run: Run) -> None:
    record("files", seconds=round(run.seconds, 2), peak_mb=run.peak_rss_mb, code=run.code)
    assert run.code in (0, 1, 2), run.stderr
    assert "Traceback" not in run.stderr
    if run.code == 2:
        assert run.stderr.startswith("error: ") and run.stderr.count("\n") == 1, run.stderr
    assert run.peak_rss_mb < RSS_LIMIT_MB
    assert len(run.stdout) < 100_000


@pytest.mark.parametrize("case", sorted(HOSTILE_HARS))
def test_a_hostile_har_is_read_or_refused_in_one_line(case: str, tmp_path: Path) -> None:
    path = _write(tmp_path, "session.har", HOSTILE_HARS[case]())
    for args in (["har", path], ["check", TOKEN, "--har", path]):
        run = run_child(args)
        _harmless(run)
        if case.startswith("nested"):
            assert run.code == 2 and "JSON nested too deeply" in run.stderr


def test_many_entries_take_time_in_proportion(tmp_path: Path) -> None:
    """5,000 authenticated entries against 50,000, per entry, side by side (start-up in
    both); the peak memory grows with the auth traffic (a timeline row each), not faster."""
    small = _write(tmp_path, "small.har", _har([_entry(i) for i in range(5_000)]))
    large = _write(tmp_path, "large.har", _har([_entry(i) for i in range(50_000)]))
    small_run, large_run = run_child(["har", small]), run_child(["har", large])
    for run in (small_run, large_run):
        _harmless(run)
    assert large_run.seconds / small_run.seconds < 10 * 1.5
    assert large_run.peak_rss_mb < 10 * small_run.peak_rss_mb


def test_a_recording_past_the_entry_limit_is_read_up_to_it(tmp_path: Path) -> None:
    """More authenticated entries than jwtfix reads: memory stays that of the limit's
    timeline (a million such entries took 3 GB with --json), a note says what was left."""
    from jwtfix.limits import MAX_HAR_ENTRIES

    path = tmp_path / "long.har"
    line = json.dumps(_entry(0))
    with path.open("w") as handle:  # written as it goes: the file is larger than its parts
        handle.write('{"log": {"version": "1.2", "entries": [' + line)
        for _ in range(2 * MAX_HAR_ENTRIES):
            handle.write("," + line)
        handle.write("]}}")
    run = run_child(["har", str(path)])
    _harmless(run)
    assert run.code == 0
    said = " ".join(run.stderr.split())
    assert f"only the first {MAX_HAR_ENTRIES:,} were read" in said


def test_scan_over_a_hostile_tree(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    root.mkdir()
    (root / "bundle.js").write_text(f"var t='{TOKEN}';" + "x" * 10_000_000)
    (root / "image.png").write_bytes(bytes(range(256)) * 4000)
    (root / "latin1.log").write_bytes(b"\xe9\xff Bearer " + TOKEN.encode() + b"\n")
    (root / "loop").mkdir()
    os.symlink("..", root / "loop" / "up")
    os.symlink("/dev/zero", root / "zero.log")
    os.mkfifo(root / "fifo.log")
    run = run_child(["scan", str(root)])
    _harmless(run)
    assert run.stdout.count(TOKEN[:10]) == 0  # tokens only as fingerprints
    assert "bundle.js" in run.stdout and "latin1.log" in run.stdout
