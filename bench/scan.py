"""Benchmark of `jwtfix scan --json` against `grep -Eo` on a generated 200 MB log.

Generates (deterministically, once; `--regenerate` to redo) in bench/out/:
  scan-200mb.log   ~200 MB of access-log lines, 10,000 of them with a bearer token,
                   and 10,000 with base64 JSON that is not a token (no dots: a
                   `state=eyJ...` parameter), so the search cannot shortcut on `eyJ`;
  scan-2mb.log     the first 1% of it: the same lines, a hundredth of the size;
  scan-bundle.js   a 50 MB minified bundle on ONE line with 1,000 tokens in it.

Then runs, as whole processes, interleaved round-robin so that machine noise falls
on both alike, each writing to a file in bench/out/ (GNU grep stops at the first
match when its output is /dev/null):
  grep -Eo 'eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*' FILE
  jwtfix scan --json --at 2026-01-25T10:15:00Z FILE

and reports medians, the ratio (target: within 3x of grep), that both report all
10,000 tokens, and the peak memory (max RSS of each process) of
`jwtfix scan` on the 200 MB log, on the 2 MB log and on the one-line bundle: the
same figure for all three is memory that follows the block, not the file. Peak memory
is measured with GNU time (`/usr/bin/time -f %M`) in separate runs.

    python bench/scan.py [--runs 5] [--regenerate]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
LOG = OUT / "scan-200mb.log"
SMALL = OUT / "scan-2mb.log"
BUNDLE = OUT / "scan-bundle.js"
TOKENS = 10_000
TARGET_BYTES = 200 * 1000 * 1000
BUNDLE_BYTES = 50 * 1000 * 1000
BUNDLE_TOKENS = 1_000
AT = "2026-01-25T10:15:00Z"
NOW = 1_769_336_100
GREP_PATTERN = r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def make_token(i: int) -> str:
    header = b64url(b'{"alg":"HS256","typ":"JWT","kid":"k%d"}' % (i % 3))
    claims = {
        "sub": f"user-{i}",
        "iss": "https://auth.example.com",
        "iat": NOW - 7200 - i,
        "exp": NOW - 3600 + i * 97,  # some expired, most valid
        "scope": "read write",
    }
    body = b64url(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = f"{header}.{body}"
    sig = hmac.new(b"bench-secret", signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(sig)}"


def generate_log() -> None:
    """~200 MB of log lines; token lines spread evenly. Fast: lines from a small pool."""
    rng = random.Random(42)
    paths = ["/api/items", "/api/users/me", "/api/orders", "/healthz", "/static/app.js"]
    agents = ["Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0", "curl/8.5.0", "okhttp/4.12.0"]
    pool = [
        f"2026-01-25T10:{m:02d}:{s:02d}.{rng.randrange(1000):03d}Z INFO http "
        f"req={rng.getrandbits(64):016x} {rng.choice(['GET', 'POST'])} "
        f"{rng.choice(paths)}/{rng.randrange(10**6)} {rng.choice([200, 200, 204, 304, 401])} "
        f"{rng.randrange(1, 900)}ms ip=10.0.{rng.randrange(256)}.{rng.randrange(256)} "
        f'ua="{rng.choice(agents)}"\n'
        for m in range(60)
        for s in range(0, 60, 3)
    ]
    state = b64url(b'{"return":"/home","nonce":"abc123"}')
    per_line = sum(map(len, pool)) / len(pool)
    lines_total = int(TARGET_BYTES / per_line)
    every = lines_total // TOKENS
    OUT.mkdir(parents=True, exist_ok=True)
    with LOG.open("w", encoding="ascii", newline="\n") as out:
        batch: list[str] = []
        written_tokens = 0
        for n in range(lines_total):
            if n % every == every // 2 and written_tokens < TOKENS:
                batch.append(
                    f"2026-01-25T10:15:00.000Z DEBUG auth req={n:016x} "
                    f"authorization=Bearer {make_token(written_tokens)} route=/api/items\n"
                )
                written_tokens += 1
            elif n % every == 0:
                batch.append(f"2026-01-25T10:15:00.000Z INFO oauth callback state={state}\n")
            else:
                batch.append(pool[n % len(pool)])
            if len(batch) >= 10_000:
                out.write("".join(batch))
                batch.clear()
        out.write("".join(batch))
    assert written_tokens == TOKENS
    with LOG.open("rb") as src, SMALL.open("wb") as dst:
        dst.write(src.read(LOG.stat().st_size // 100).rpartition(b"\n")[0] + b"\n")


def generate_bundle() -> None:
    """One line of minified JavaScript, 50 MB, with 1,000 tokens in string literals."""
    chunk = (
        'function(e,t,n){"use strict";var r=n(42),o=n.n(r);t.a=function(e){return o()'
        '.get("/api/items",{headers:{Accept:"application/json"}})'
        ".then(function(t){return t.data})}},"
    )
    pieces: list[str] = []
    size = 0
    per_token = BUNDLE_BYTES // BUNDLE_TOKENS
    for i in range(BUNDLE_TOKENS):
        token = make_token(i)
        piece = f'var fixture{i}="{token}";'
        filler = chunk * max(1, (per_token - len(piece)) // len(chunk))
        pieces.append(filler + piece)
        size += len(filler) + len(piece)
    BUNDLE.write_text("".join(pieces) + "\n", encoding="ascii")


def run_once(cmd: list[str], output: Path) -> float:
    """Wall time of one process, its stdout into `output`."""
    with output.open("wb") as sink:
        start = time.perf_counter()
        proc = subprocess.run(cmd, stdout=sink, stderr=subprocess.PIPE, check=False)
        elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd} failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
    return elapsed


def peak_rss(cmd: list[str], output: Path) -> int:
    """Peak RSS (KiB) of one process, by GNU time's %M (the max RSS of that process after
    exec: the rusage of a child of this process would count the pages it forked with)."""
    timer = shutil.which("time", path="/usr/bin:/bin")
    if timer is None:
        raise SystemExit("peak memory needs GNU time (/usr/bin/time)")
    with output.open("wb") as sink:
        proc = subprocess.run(
            [timer, "-f", "%M", *cmd], stdout=sink, stderr=subprocess.PIPE, check=False
        )
    return int(proc.stderr.decode().strip().splitlines()[-1])


def jwtfix() -> str:
    found = shutil.which("jwtfix", path=str(Path(sys.executable).parent)) or shutil.which("jwtfix")
    if found is None:
        raise SystemExit("jwtfix is not installed in this environment")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--regenerate", action="store_true")
    options = parser.parse_args()
    if options.regenerate or not LOG.exists() or not SMALL.exists():
        start = time.perf_counter()
        generate_log()
        print(f"generated {LOG.name} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    if options.regenerate or not BUNDLE.exists():
        generate_bundle()
    grep = shutil.which("grep") or "grep"
    scan = [jwtfix(), "scan", "--json", "--at", AT]
    commands = {
        "grep": [grep, "-Eo", GREP_PATTERN, str(LOG)],
        "scan": [*scan, str(LOG)],
    }
    outputs = {name: OUT / f"scan-bench-{name}.out" for name in commands}
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(options.runs):
        for name, cmd in commands.items():
            times[name].append(run_once(cmd, outputs[name]))
    rss = {
        name: peak_rss(cmd, OUT / f"scan-bench-{name}.rss.out") for name, cmd in commands.items()
    }
    counts = {name: sum(1 for _ in path.open("rb")) for name, path in outputs.items()}
    records = [json.loads(line) for line in outputs["scan"].open(encoding="utf-8")]
    assert all(r["alg"] == "HS256" and r["status"] in ("valid", "expired") for r in records)

    small_rss = peak_rss([*scan, str(SMALL)], OUT / "scan-bench-small.out")
    bundle_rss = peak_rss([*scan, str(BUNDLE)], OUT / "scan-bench-bundle.out")
    bundle_count = sum(1 for _ in (OUT / "scan-bench-bundle.out").open("rb"))

    grep_s = statistics.median(times["grep"])
    scan_s = statistics.median(times["scan"])
    size_mb = LOG.stat().st_size / 1e6
    print(f"log: {size_mb:.0f} MB, {TOKENS:,} tokens; {options.runs} interleaved runs, medians")
    print()
    print("| command | s | MB/s | tokens reported | peak RSS |")
    print("|---|---|---|---|---|")
    print(
        f"| `grep -Eo '{GREP_PATTERN}'` | {grep_s:.2f} | {size_mb / grep_s:.0f} | "
        f"{counts['grep']:,} | {rss['grep'] / 1024:.1f} MiB |"
    )
    print(
        f"| `jwtfix scan --json` | {scan_s:.2f} | {size_mb / scan_s:.0f} | "
        f"{counts['scan']:,} | {rss['scan'] / 1024:.1f} MiB |"
    )
    print()
    print(f"ratio scan/grep: {scan_s / grep_s:.2f}x (target: at most 3x)")
    print(
        "peak RSS of jwtfix scan: "
        f"{rss['scan'] / 1024:.1f} MiB on {size_mb:.0f} MB, "
        f"{small_rss / 1024:.1f} MiB on {SMALL.stat().st_size / 1e6:.0f} MB, "
        f"{bundle_rss / 1024:.1f} MiB on a {BUNDLE.stat().st_size / 1e6:.0f} MB one-line bundle "
        f"({bundle_count:,} of {BUNDLE_TOKENS:,} tokens reported)"
    )
    ok = counts["scan"] == TOKENS and counts["grep"] == TOKENS and bundle_count == BUNDLE_TOKENS
    if not ok:
        raise SystemExit("not every token was reported")


if __name__ == "__main__":
    main()
