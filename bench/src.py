"""Benchmark of `jwtfix check --src` against semgrep running equivalent patterns.

Both read the same files of real third-party code: by default the Node packages
the test suite installs (`tests/node/node_modules`, after `npm ci`), or any
`--tree`. The file list is the one `check --src` reads (tests, build output and
minified bundles left out) and is handed to both tools, so neither reads more.
semgrep is installed at run time into its own environment (bench/out/semgrep-venv,
`pip install semgrep==SEMGREP`): it is no dependency of jwtfix.

The semgrep rules (bench/out/src-semgrep.yml) are the single-file patterns of
jwtfix/data/src-rules.toml written in semgrep's syntax: jsonwebtoken sign/verify/
decode, jose's setExpirationTime and jwtVerify, JwtModule.register, passport and
express-jwt options, web storage and cookies, axios interceptors; PyJWT/python-jose
encode/decode, Flask-JWT-Extended and simplejwt settings. jwtfix also runs its
whole-service judgements, so it does more work than semgrep here.

Both run as whole processes, as a user runs them, interleaved round-robin so that
machine noise falls on both alike; the medians and their ratio are reported.

    python bench/src.py [--runs 5] [--tree PATH]
    python bench/src.py --tiny 50000   # jwtfix alone over N tiny files: files per second

--tiny N measures what a run costs per file, whatever the file holds: N small JavaScript and
Python files (bench/out/tiny-N, written once) read by `jwtfix check --src` alone (no semgrep).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
VENV = OUT / "semgrep-venv"
SEMGREP = "1.185.0"
NODE = ROOT / "tests" / "node"

JS_PATTERNS = [
    "jwt.sign(...)",
    "jwt.verify(...)",
    "jwt.decode(...)",
    "$C.setExpirationTime(...)",
    "jwtVerify(...)",
    "JwtModule.register(...)",
    "new $S({..., jwtFromRequest: $F, ...}, ...)",
    "expressjwt(...)",
    "localStorage.setItem(...)",
    "sessionStorage.setItem(...)",
    "document.cookie = $V",
    "$RES.cookie($N, $V, $O)",
    "$X.interceptors.response.use(...)",
    "{..., ignoreExpiration: true, ...}",
    "$E || '...'",
]
PY_PATTERNS = [
    "jwt.encode(...)",
    "jwt.decode(...)",
    "create_access_token(...)",
    "SIMPLE_JWT = {...}",
    '$C["JWT_SECRET_KEY"] = "..."',
    '$C["JWT_ACCESS_TOKEN_EXPIRES"] = $V',
    "$R.set_cookie(...)",
]


def semgrep_rules() -> str:
    lines = ["rules:"]
    for lang, patterns in (("javascript", JS_PATTERNS), ("python", PY_PATTERNS)):
        for n, pattern in enumerate(patterns):
            quoted = pattern.replace("'", "''")
            lines += [
                f"  - id: {lang}-{n}",
                f"    languages: [{'javascript, typescript' if lang == 'javascript' else lang}]",
                "    severity: WARNING",
                "    message: match",
                f"    pattern: '{quoted}'",
            ]
    return "\n".join(lines) + "\n"


def ensure_semgrep() -> Path:
    semgrep = VENV / "bin" / "semgrep"
    if not semgrep.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        pip = VENV / "bin" / "pip"
        subprocess.run([str(pip), "install", "-q", f"semgrep=={SEMGREP}"], check=True)
    return semgrep


def default_tree() -> Path:
    modules = NODE / "node_modules"
    if not modules.is_dir():
        subprocess.run(["npm", "ci", "--silent"], cwd=NODE, check=True)
    return modules


def file_list(tree: Path) -> list[str]:
    from jwtfix.ops.scan import Skipped
    from jwtfix.srcscan.files import read_files

    names = dict.fromkeys(
        item.name for item in read_files([str(tree)]) if not isinstance(item, Skipped)
    )
    return [n for n in names if not n.endswith((".vue", ".svelte"))]


def timed(command: list[str], out: Path) -> float:
    start = time.perf_counter()
    with out.open("wb") as sink:
        proc = subprocess.run(command, stdout=sink, stderr=subprocess.DEVNULL, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{command[0]} failed with exit {proc.returncode}")
    return elapsed


def tiny_tree(count: int) -> Path:
    """`count` small files (half JavaScript, half Python) that hold nothing about tokens."""
    tree = OUT / f"tiny-{count}"
    if not (tree / "done").exists():
        tree.mkdir(parents=True, exist_ok=True)
        for n in range(count):
            if n % 2:
                text = f"def f{n}(a):\n    return a + {n}\n"
                (tree / f"m{n}.py").write_text(f"import os\n\n{text}", encoding="utf-8")
            else:
                text = f"module.exports = function f{n}(a) {{ return a + {n}; }};\n"
                (tree / f"m{n}.js").write_text(f"const x = require('./a');\n{text}", "utf-8")
        (tree / "done").write_text("", encoding="utf-8")
    return tree


def tiny(count: int, runs: int) -> None:
    tree = tiny_tree(count)
    jwtfix = shutil.which("jwtfix", path=str(Path(sys.executable).parent)) or "jwtfix"
    command = [jwtfix, "check", "--select", "JWT9", "--json", "--src", str(tree)]
    times = [timed(command, OUT / "src-bench.out") for _ in range(runs)]
    median = statistics.median(times)
    runs_text = ", ".join(f"{t:.2f}" for t in times)
    print(f"tree: {tree} ({count} tiny files), {runs} runs each")
    print(f"  {'jwtfix check --src':<28} median {median:6.2f} s  (runs: {runs_text})")
    print(f"files per second: {count / median:,.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tree", type=Path, default=None)
    parser.add_argument("--tiny", type=int, default=0, metavar="N")
    args = parser.parse_args()
    if args.tiny:
        OUT.mkdir(parents=True, exist_ok=True)
        tiny(args.tiny, args.runs)
        return
    OUT.mkdir(parents=True, exist_ok=True)
    tree = args.tree or default_tree()
    files = file_list(tree)
    size = sum(os.path.getsize(f) for f in files)
    rules = OUT / "src-semgrep.yml"
    rules.write_text(semgrep_rules(), encoding="utf-8")
    semgrep = ensure_semgrep()
    jwtfix = shutil.which("jwtfix", path=str(Path(sys.executable).parent)) or "jwtfix"
    listing = OUT / "src-files.txt"
    listing.write_text("\n".join(files), encoding="utf-8")
    commands = {
        "jwtfix check --src": [jwtfix, "check", "--select", "JWT9", "--json"]
        + [arg for f in files for arg in ("--src", f)],
        f"semgrep {SEMGREP}": [
            str(semgrep),
            "scan",
            "--config",
            str(rules),
            "--json",
            "--metrics=off",
            "--disable-version-check",
            "--no-git-ignore",
            *files,
        ],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(timed(command, OUT / "src-bench.out"))
    print(f"tree: {tree} ({len(files)} files, {size / 1e6:.1f} MB), {args.runs} runs each")
    medians = {name: statistics.median(t) for name, t in times.items()}
    for name, median in medians.items():
        runs = ", ".join(f"{t:.2f}" for t in times[name])
        print(f"  {name:<28} median {median:6.2f} s  (runs: {runs})")
    ours, theirs = medians["jwtfix check --src"], medians[f"semgrep {SEMGREP}"]
    verdict = "faster" if ours < theirs else "SLOWER"
    print(f"ratio: semgrep / jwtfix = {theirs / ours:.2f}x (jwtfix {verdict})")


if __name__ == "__main__":
    main()
