"""Wordlist benchmark (JWT404): jwtfix against a single-process `hmac.digest` loop.

Writes a deterministic 1,000,000-line wordlist to a temporary folder (the
token's secret on the last line, or absent with --absent), then times, as
whole processes with start-up included, interleaved round-robin so that
machine noise falls on both alike:

  1. baseline: `python -c` that reads the file line by line and compares
     `hmac.digest(line, signing_input, "sha256")` with the signature;
  2. jwtfix:   `python -m jwtfix check --select JWT404 --wordlist FILE --json TOKEN`
     when `check --help` lists --wordlist, else `python bench/crack.py FILE TOKEN`.

Both use this interpreter (sys.executable). Prints candidates per second of
each (median wall time of --runs runs) and their ratio.

    python bench/wordlist.py [--lines 1000000] [--runs 5] [--absent]

Target (issue 4): jwtfix at least 2.5x the baseline's rate on 2 cores.
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
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SECRET = b"correct-horse-battery-staple-42"
"""Not in jwtfix's built-in list, so JWT404 has to reach the wordlist's end."""

BASELINE = r"""
import base64, hmac, sys
path, token = sys.argv[1], sys.argv[2]
head, payload, sig = token.split(".")
message = f"{head}.{payload}".encode()
signature = base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4))
found = 0
with open(path, "rb") as handle:
    for number, line in enumerate(handle, 1):
        if hmac.digest(line.rstrip(b"\r\n"), message, "sha256") == signature:
            found = number
            break
print(found)
"""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def make_token(secret: bytes) -> str:
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    claims = {"sub": "user-42", "iat": 1_769_336_100, "exp": 1_769_337_000, "role": "admin"}
    payload = b64url(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = f"{header}.{payload}".encode("ascii")
    return f"{header}.{payload}.{b64url(hmac.digest(secret, signing_input, hashlib.sha256))}"


def write_wordlist(path: Path, lines: int, absent: bool) -> None:
    """Password-like lines of 6-14 characters, the same every run (seeded)."""
    rng = random.Random(404)
    alphabet = string.ascii_lowercase + string.digits
    with path.open("wb") as handle:
        batch: list[str] = []
        for _ in range(lines - (0 if absent else 1)):
            batch.append("".join(rng.choices(alphabet, k=rng.randint(6, 14))))
            if len(batch) == 10_000:
                handle.write(("\n".join(batch) + "\n").encode())
                batch.clear()
        if batch:
            handle.write(("\n".join(batch) + "\n").encode())
        if not absent:
            handle.write(SECRET + b"\n")


def uses_check_command() -> bool:
    proc = subprocess.run(
        [sys.executable, "-m", "jwtfix", "check", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    return proc.returncode == 0 and "--wordlist" in proc.stdout


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    return time.perf_counter() - start, proc


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--absent", action="store_true", help="the secret is not in the list")
    args = parser.parse_args()

    token = make_token(SECRET)
    env = {**os.environ, "NO_COLOR": "1"}
    check = uses_check_command()
    with tempfile.TemporaryDirectory(prefix="jwtfix-bench-") as tmp:
        wordlist = Path(tmp) / "wordlist.txt"
        write_wordlist(wordlist, args.lines, args.absent)
        baseline = [sys.executable, "-c", BASELINE, str(wordlist), token]
        if check:
            jwtfix = [sys.executable, "-m", "jwtfix", "check", "--select", "JWT404"]
            jwtfix += ["--wordlist", str(wordlist), "--json", token]
        else:
            jwtfix = [sys.executable, str(Path(__file__).parent / "crack.py"), str(wordlist), token]
        print(f"cores: {os.cpu_count()}, lines: {args.lines:,}, runs: {args.runs}")
        print(f"jwtfix via: {' '.join(jwtfix[1:6])} ...", flush=True)
        times: dict[str, list[float]] = {"baseline": [], "jwtfix": []}
        for _ in range(args.runs):
            seconds, proc = timed(baseline, env)
            expected = "0" if args.absent else str(args.lines)
            if proc.stdout.strip() != expected:
                raise SystemExit(f"baseline found {proc.stdout.strip()!r}, not {expected}")
            times["baseline"].append(seconds)
            seconds, proc = timed(jwtfix, env)
            _verify(proc, check, args)
            times["jwtfix"].append(seconds)
    rates = {name: args.lines / statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        print(
            f"{name:9s} median {statistics.median(values):6.3f} s  "
            f"(min {min(values):.3f}, max {max(values):.3f})  "
            f"{rates[name]:>12,.0f} candidates/s"
        )
    ratio = rates["jwtfix"] / rates["baseline"]
    print(f"ratio     {ratio:.2f}x the single-process hmac.digest loop (target: 2.5x on 2 cores)")
    return 0


def _verify(proc: subprocess.CompletedProcess[str], check: bool, args: argparse.Namespace) -> None:
    if not check:
        wanted = "not found" if args.absent else f"found: line {args.lines},"
        if not proc.stdout.startswith(wanted):
            raise SystemExit(f"bench/crack.py said {proc.stdout.strip()!r}: {proc.stderr.strip()}")
        return
    try:
        findings = json.loads(proc.stdout)["findings"]
    except (ValueError, KeyError) as err:
        raise SystemExit(f"jwtfix check printed no JSON report: {proc.stderr.strip()}") from err
    status = {f["id"]: f["status"] for f in findings}.get("JWT404")
    if status != ("pass" if args.absent else "fail"):
        raise SystemExit(f"jwtfix check: JWT404 is {status!r}: {proc.stdout[:500]}")


if __name__ == "__main__":
    sys.exit(main())
