"""Start-up benchmark: jwtfix against `python -c pass` and a minimal typer app.

Runs, as whole processes and interleaved round-robin so that machine noise
falls on every command alike:

  1. python -c pass                      (the venv's own interpreter, not a shim)
  2. bench/minimal_app.py decode --json   (one typer command, stdlib decoding)
  3. jwtfix decode --json TOKEN
  4. jwtfix expiry --json TOKEN
  5. jwtfix explain --json MESSAGE
  6. the same with a knowledge base twice today's size (bench/explain.py's
     `doubled_package`: a copy of the package in a temporary directory, run by
     the bench venv's `python -m jwtfix` there, compiled as the installed package
     is; row 7 is today's run the same way)

jwtfix is installed the way users get it (`pip install .`, not editable) into
its own venv under bench/out/, so the figures are what a user sees.

    python bench/startup.py [--runs 40] [--reuse]

Targets (issue 2): each jwtfix command within 7x of `python -c pass` and
within 1.15x of the minimal typer app; (issue 14) `explain --json` within 1.3x
of `decode --json`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

from explain import doubled_package  # bench/explain.py, beside this file

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
VENV = OUT / "venv"
TOKEN = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIiwiaWF0IjoxNzY3MjI1NjAwLCJleHAiOjQw"
    "NzA5MDg4MDB9.5f9zq1Y8Zx2cR1sYbEJm7tW0hT6b2xvXnqXz3rN0k1M"
)


MESSAGE = "TokenExpiredError: jwt expired"


def python() -> Path:
    return VENV / "bin" / "python"


def install(reuse: bool) -> None:
    if reuse and python().exists():
        return
    print("installing jwtfix into bench/out/venv (pip install .) ...", file=sys.stderr)
    venv.create(VENV, with_pip=True, clear=True)
    subprocess.run(
        [str(python()), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(ROOT)],
        check=True,
    )


def time_once(cmd: list[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd} failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--reuse", action="store_true", help="reuse bench/out/venv if present")
    args = parser.parse_args()
    install(args.reuse)
    with tempfile.TemporaryDirectory() as tmp:
        run(args.runs, doubled_package(Path(tmp), compiled=True))


def run(runs: int, doubled: Path) -> None:
    py = str(python())
    module = [py, "-m", "jwtfix", "explain", "--json", MESSAGE]
    here = ROOT / "bench"  # no jwtfix package in it: `-m jwtfix` runs the installed one
    commands: dict[str, tuple[list[str], Path | None]] = {
        "python -c pass": ([py, "-c", "pass"], None),
        "minimal typer app": (
            [py, str(ROOT / "bench" / "minimal_app.py"), "decode", "--json", TOKEN],
            None,
        ),
        "jwtfix decode --json": ([str(VENV / "bin" / "jwtfix"), "decode", "--json", TOKEN], None),
        "jwtfix expiry --json": ([str(VENV / "bin" / "jwtfix"), "expiry", "--json", TOKEN], None),
        "jwtfix explain --json": (
            [str(VENV / "bin" / "jwtfix"), "explain", "--json", MESSAGE],
            None,
        ),
        "-m explain, KB doubled": (module, doubled),
        "-m explain, KB today": (module, here),
    }
    for cmd, cwd in commands.values():  # warm the file cache and .pyc files
        time_once(cmd, cwd)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (cmd, cwd) in commands.items():
            samples[name].append(time_once(cmd, cwd))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    base, typer_app = medians["python -c pass"], medians["minimal typer app"]
    print(f"{'command':<24}{'median ms':>10}{'vs python':>11}{'vs typer app':>14}")
    for name, value in medians.items():
        print(f"{name:<24}{value * 1000:>10.1f}{value / base:>10.2f}x{value / typer_app:>13.2f}x")
    decode = medians["jwtfix decode --json"]
    explain = medians["jwtfix explain --json"] / decode
    print(f"explain --json / decode --json: {explain:.2f}x (target <= 1.3x)")
    # `python -m` costs runpy's import on top of the entry point's: the doubled knowledge
    # base is measured against today's run the same way, and scaled to the entry point.
    grown = medians["-m explain, KB doubled"] / medians["-m explain, KB today"]
    print(
        f"explain --json with the knowledge base doubled / decode --json: {explain * grown:.2f}x "
        f"(doubled / today, both by -m: {grown:.2f}x; target <= 1.3x)"
    )
    print(f"({runs} interleaved runs each; targets: <= 7x python, <= 1.15x typer app)")


if __name__ == "__main__":
    main()
