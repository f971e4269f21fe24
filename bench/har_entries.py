"""HAR entry-count benchmark: `jwtfix har --json` over a HAR of many small authenticated entries.

Writes a HAR of --entries entries (default 1,000,000) to bench/out/ (git-ignored), each a GET
with a bearer token (a new token every 100 entries, a refresh call before it), and one of
limits.MAX_HAR_ENTRIES entries (the most jwtfix reads), and runs `jwtfix har --json` on each
as a fresh child process: wall time, peak memory (ru_maxrss of the child, read with
os.wait4) and stdout bytes, and the big one's ratios to the one at the limit. The timeline
keeps a row per authenticated entry, so without the limit memory and output grew with the
recording (3.3 GB and 339 MB of JSON for a million entries).

    python bench/har_entries.py [--entries 1000000] [--runs 1]

Target: the big file's peak memory and output within 1.2x of the file at the limit.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from har import run as _run
from har import token as _token

OUT = Path(__file__).parent / "out"
START = 1_769_336_100


def _iso(seconds: float) -> str:
    whole = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))
    return f"{whole}.{round(seconds * 1000) % 1000:03d}Z"


def write_har(path: Path, entries: int) -> None:
    """A HAR of `entries` small entries, written as it goes (never held in memory)."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"log": {"version": "1.2", "creator": {"name": "bench"}, "entries": [\n')
        access = ""
        for i in range(entries):
            started = START + i * 0.25
            if i % 100 == 0:
                iat = int(started)
                access = _token({"sub": "u1", "iat": iat, "exp": iat + 900})
                body = json.dumps({"accessToken": access})
                item: dict[str, object] = {
                    "startedDateTime": _iso(started),
                    "time": 20,
                    "request": {"method": "POST", "url": "https://api.example.com/auth/refresh"},
                    "response": {
                        "status": 200,
                        "content": {"mimeType": "application/json", "text": body},
                    },
                }
            else:
                item = {
                    "startedDateTime": _iso(started),
                    "time": 20,
                    "request": {
                        "method": "GET",
                        "url": f"https://api.example.com/api/items/{i}",
                        "headers": [{"name": "authorization", "value": f"Bearer {access}"}],
                    },
                    "response": {"status": 200, "content": {"mimeType": "application/json"}},
                }
            handle.write(("" if i == 0 else ",\n") + json.dumps(item))
        handle.write("\n]}}\n")


def run(cmd: list[str]) -> tuple[float, int, int]:
    """Wall seconds, peak RSS (KiB) and stdout bytes of one fresh child process."""
    with tempfile.TemporaryFile() as stdout:
        elapsed, rss = _run(cmd, stdout)
        return elapsed, rss, stdout.tell()


def main() -> None:
    from jwtfix.limits import MAX_HAR_ENTRIES

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    medians: dict[int, tuple[float, float, float]] = {}
    for entries in (MAX_HAR_ENTRIES, args.entries):
        path = OUT / f"entries-{entries}.har"
        if not path.exists():
            print(f"writing {path} ...", file=sys.stderr)
            write_har(path, entries)
        cmd = [sys.executable, "-m", "jwtfix", "har", "--json", str(path)]
        results = [run(cmd) for _ in range(args.runs)]
        medians[entries] = (
            statistics.median(r[0] for r in results),
            statistics.median(r[1] for r in results),
            statistics.median(r[2] for r in results),
        )
    print(f"jwtfix har --json, {args.runs} runs, medians")
    print(f"{'entries':<22} {'s':>7} {'peak MiB':>9} {'stdout MB':>10}")
    for entries, (seconds, peak, output) in medians.items():
        print(f"{entries:<22,} {seconds:7.2f} {peak / 1024:9.1f} {output / 1e6:10.1f}")
    base, big = medians[MAX_HAR_ENTRIES], medians[args.entries]
    print(
        f"{args.entries:,} entries vs {MAX_HAR_ENTRIES:,}: time {big[0] / base[0]:.2f}x "
        f"memory {big[1] / base[1]:.2f}x output {big[2] / base[2]:.2f}x (target: 1.2x)"
    )


if __name__ == "__main__":
    main()
