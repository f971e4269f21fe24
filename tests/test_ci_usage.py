"""tests/ci_usage.sh: jwtfix used as a CI job uses it, run with this venv's jwtfix on PATH."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).parent


def test_jwtfix_works_the_way_ci_jobs_use_it(tmp_path: Path) -> None:
    bash = shutil.which("bash")
    assert bash is not None, "bash is needed to run tests/ci_usage.sh"
    bin_dir = str(Path(sys.executable).parent)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("JWT_", "FORCE_COLOR"))},
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        "NO_COLOR": "1",
    }
    result = subprocess.run(
        [bash, str(TESTS / "ci_usage.sh")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("ci_usage.sh: ok")
