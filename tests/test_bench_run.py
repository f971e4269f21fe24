"""bench/run: one table of every benchmark's ratios (the benchmarks themselves are not run here)."""

from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any

RUN = Path(__file__).parent.parent / "bench" / "run"


def _module() -> dict[str, Any]:
    return runpy.run_path(str(RUN), run_name="bench_run")


def test_every_benchmark_in_bench_is_run() -> None:
    scripts = {p.stem for p in RUN.parent.glob("*.py")} - {"crack", "minimal_app"}
    assert set(_module()["BENCHMARKS"]) == scripts


def test_ratio_lines_of_every_benchmark_format_become_rows() -> None:
    output = "\n".join(
        [
            "command                 median ms  vs python  vs typer app",
            "jwtfix decode --json         61.0      4.10x         1.07x",
            "| `jwtfix explain --json MESSAGE` | 70.1 | 1.15x |",
            "ratio scan/grep: 2.10x (target: at most 3x)",
            "jwtfix har --json       12.30  1.40x     30.5   0.20x",
            "ratio     3.12x the single-process hmac.digest loop (target: 2.5x on 2 cores)",
            "log: 200 MB, 10,000 tokens; 5 interleaved runs, medians",
        ]
    )
    rows = _module()["ratio_rows"](output)
    assert rows == [
        ("jwtfix decode --json", "4.10x / 1.07x"),
        ("jwtfix explain --json MESSAGE", "1.15x"),
        ("ratio scan/grep (target at most)", "2.10x / 3x"),
        ("jwtfix har --json", "1.40x / 0.20x"),
        ("ratio the single-process hmac.digest loop (target on 2 cores)", "3.12x / 2.5x"),
    ]


def test_an_unknown_benchmark_is_refused() -> None:
    result = subprocess.run(
        [sys.executable, str(RUN), "--only", "nosuch"], capture_output=True, text=True, check=False
    )
    assert result.returncode != 0 and "unknown benchmark" in result.stderr
