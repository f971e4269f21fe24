"""HAR benchmark: `jwtfix har --json F` against `python -c 'json.load(open(F))'`.

Writes a deterministic HAR of about --mb megabytes (default 200) to bench/out/
(git-ignored): API calls with bearer tokens and JSON response bodies, a
refresh every 50 entries, as Chrome lays it out (indented). Then runs both as
whole processes, interleaved round-robin, each in a fresh subprocess, and
reports the median wall time and the peak memory (ru_maxrss of the child,
read with os.wait4) of each, and their ratios.

    python bench/har.py [--mb 200] [--runs 5]

Targets (issue 9): time within 2x of json.load, peak memory at most half.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

OUT = Path(__file__).parent / "out"
START = 1_769_336_100
SECRET = b"bench-secret-that-is-at-least-32-bytes!!"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def token(claims: dict[str, object]) -> str:
    head = b64url(b'{"alg":"HS256","typ":"JWT"}')
    body = b64url(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.digest(SECRET, f"{head}.{body}".encode(), hashlib.sha256)
    return f"{head}.{body}.{b64url(signature)}"


def iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds")[:-6] + "Z"


def entry(i: int, rng: random.Random, access: str, body: str) -> dict[str, object]:
    started = START + i * 0.5
    return {
        "_initiator": {"type": "script"},
        "_priority": "High",
        "_resourceType": "fetch",
        "cache": {},
        "connection": "443",
        "startedDateTime": iso(started),
        "time": 40.5,
        "request": {
            "method": "GET",
            "url": f"https://api.example.com/api/items/{i}?page={rng.randint(1, 9)}",
            "httpVersion": "http/2.0",
            "headers": [
                {"name": ":authority", "value": "api.example.com"},
                {"name": "accept", "value": "application/json"},
                {"name": "authorization", "value": f"Bearer {access}"},
                {"name": "user-agent", "value": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0"},
            ],
            "queryString": [],
            "cookies": [],
            "headersSize": -1,
            "bodySize": 0,
        },
        "response": {
            "status": 200,
            "statusText": "",
            "httpVersion": "http/2.0",
            "headers": [
                {"name": "content-type", "value": "application/json"},
                {"name": "date", "value": "Sun, 25 Jan 2026 10:15:00 GMT"},
            ],
            "cookies": [],
            "content": {"size": len(body), "mimeType": "application/json", "text": body},
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": -1,
            "_transferSize": len(body) + 200,
            "_error": None,
        },
        "serverIPAddress": "203.0.113.7",
        "timings": {
            "blocked": 1.2,
            "dns": -1,
            "connect": -1,
            "send": 0.1,
            "wait": 30.0,
            "receive": 9.2,
            "ssl": -1,
        },
    }


def refresh_entry(i: int, access: str, refresh: str) -> dict[str, object]:
    body = json.dumps({"accessToken": access, "expiresIn": 900})
    return {
        "startedDateTime": iso(START + i * 0.5),
        "time": 30.0,
        "request": {
            "method": "POST",
            "url": "https://api.example.com/auth/refresh",
            "headers": [{"name": "cookie", "value": f"refresh_token={refresh}"}],
            "cookies": [{"name": "refresh_token", "value": refresh}],
        },
        "response": {
            "status": 200,
            "headers": [
                {"name": "content-type", "value": "application/json"},
                {
                    "name": "set-cookie",
                    "value": f"refresh_token={refresh}; HttpOnly; Secure; "
                    "SameSite=Strict; Path=/auth/refresh",
                },
            ],
            "content": {"size": len(body), "mimeType": "application/json", "text": body},
        },
    }


def write_har(path: Path, megabytes: int) -> None:
    rng = random.Random(9)
    words = ["alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa", "lambda"]
    target = megabytes * 1_000_000
    written = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write(
            '{\n  "log": {\n    "version": "1.2",\n    "creator": {"name": "bench", '
            '"version": "1"},\n    "pages": [],\n    "entries": [\n'
        )
        i = 0
        access = ""
        while written < target:
            if i % 50 == 0:
                n = i // 50 + 1
                access = token({"sub": "u1", "iat": START + i // 2, "exp": START + i // 2 + 900})
                refresh = token(
                    {
                        "sub": "u1",
                        "jti": f"r{n}",
                        "typ": "refresh",
                        "iat": START + i // 2,
                        "exp": START + i // 2 + 86_400,
                    }
                )
                item = refresh_entry(i, access, refresh)
            else:
                rows = [
                    {
                        "id": rng.randint(1, 10**9),
                        "name": " ".join(rng.choices(words, k=6)),
                        "score": rng.random(),
                        "tags": rng.choices(words, k=3),
                        "ok": True,
                    }
                    for _ in range(60)
                ]
                item = entry(i, rng, access, json.dumps({"items": rows}))
            text = ("" if i == 0 else ",\n") + json.dumps(item, indent=2)
            handle.write(text)
            written += len(text)
            i += 1
        handle.write("\n    ]\n  }\n}\n")


def run(cmd: list[str], stdout: Any = subprocess.DEVNULL) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one fresh child process, its output to `stdout`."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = proc.stderr.read() if proc.stderr else b""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{cmd[:3]} exited {code}: {stderr.decode(errors='replace')[:300]}")
    return elapsed, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    path = OUT / f"session-{args.mb}mb.har"
    if not path.exists():
        print(f"writing {path} ...", file=sys.stderr)
        write_har(path, args.mb)
    size = path.stat().st_size / 1e6
    commands = {
        "json.load": [sys.executable, "-c", f"import json; json.load(open({str(path)!r}))"],
        "jwtfix har --json": [sys.executable, "-m", "jwtfix", "har", "--json", str(path)],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, list[int]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            elapsed, peak = run(cmd)
            times[name].append(elapsed)
            peaks[name].append(peak)
    base_t = statistics.median(times["json.load"])
    base_m = statistics.median(peaks["json.load"])
    print(f"HAR {size:.0f} MB, {args.runs} interleaved runs, medians")
    print(f"{'command':<20} {'s':>7} {'time':>6} {'peak MiB':>9} {'memory':>7}")
    for name in commands:
        t = statistics.median(times[name])
        m = statistics.median(peaks[name])
        print(f"{name:<20} {t:7.2f} {t / base_t:5.2f}x {m / 1024:9.1f} {m / base_m:6.2f}x")


if __name__ == "__main__":
    main()
