"""Benchmark of `jwtfix scan --json` against `grep -rEo` on trees of many small files,
side by side with the 200 MB log of bench/scan.py, in one run.

Generates (deterministically, once; `--regenerate` to redo) in bench/out/:
  tree-20k/        a git work tree of 20,000 small files (source, JSON, Markdown,
                   logs; 150 B - 12 KB) in 400 folders, 18,000 committed and 2,000
                   untracked, 300 of them with a token (some glued: `Bearer%20eyJ`,
                   `%22eyJ`, `\\neyJ`, pretty-printed `ewog` headers), and an ignored
                   `node_modules/` of 1,000 files that scan leaves out;
  clones/          (with `--clones DIR`) nothing is generated: DIR is a folder holding
                   git clones (real JWT libraries, fetched by hand, never committed).

Runs, as whole processes, interleaved round-robin so machine noise falls on all alike,
each writing to a file in bench/out/:
  grep -rEo PATTERN DIR                                    (everything, as a user runs it)
  grep -rEo --exclude-dir=.git --exclude-dir=node_modules  (the files scan reads)
  jwtfix scan --json --at 2026-01-25T10:15:00Z DIR
and the same pair (`grep -Eo` / scan) on bench/out/scan-200mb.log (bench/scan.py
generates it). Reports medians and the ratios scan / grep (target: within 3x).

    python bench/scan_tree.py [--runs 5] [--regenerate] [--clones DIR] [--no-log]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
TREE = OUT / "tree-20k"
LOG = OUT / "scan-200mb.log"
AT = "2026-01-25T10:15:00Z"
NOW = 1_769_336_100
FILES = 20_000
FOLDERS = 400
UNTRACKED = 2_000
WITH_TOKEN = 300
IGNORED = 1_000
# bench/scan.py's pattern: grep looks for `eyJ` tokens only (scan for more shapes, and
# decodes each): the harder comparison. With scan's shapes (`e(yJ|yA|w[o0k])...`) GNU
# grep loses its literal prefix and runs several times slower.
GREP_PATTERN = r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*"

SNIPPETS = [
    "import { request } from './http';\nexport async function load(id) {\n"
    "  const res = await request(`/api/items/${id}`);\n  return res.json();\n}\n",
    "def handler(event, context):\n    body = json.loads(event['body'])\n"
    "    return {'statusCode': 200, 'body': json.dumps(body)}\n",
    '{\n  "name": "widget",\n  "version": "1.4.2",\n  "dependencies": {"lodash": "^4.17.21"}\n}\n',
    "## Usage\n\nRun `make build` and then `make test`. The framework reads its network\n"
    "settings from `config.yaml`; see the homework folder for examples.\n",
    "2026-01-25T10:15:00.123Z INFO http GET /api/users/me 200 12ms ip=10.0.3.7\n",
    'package main\n\nfunc main() {\n\tfmt.Println("hello")\n}\n',
    "    assert response.status_code == 401\n    assert 'expired' in response.text\n",
]


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def make_token(i: int, pretty: bool = False) -> str:
    header = (
        b'{\n  "alg": "HS256",\n  "typ": "JWT"\n}' if pretty else b'{"alg":"HS256","typ":"JWT"}'
    )
    claims = {"sub": f"user-{i}", "iat": NOW - 60, "exp": NOW + 600 + i}
    signing_input = f"{b64url(header)}.{b64url(json.dumps(claims).encode())}"
    sig = hmac.new(b"bench-secret", signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(sig)}"


def token_line(i: int) -> str:
    token = make_token(i, pretty=i % 10 == 9)
    shapes = [
        f'const token = "{token}";\n',
        f"GET /cb?next=%2Fhome Authorization=Bearer%20{token} 200\n",
        f'{{"msg": "login ok\\n{token}"}}\n',
        f"curl -H 'Authorization: Bearer {token}' https://api.example.test/me\n",
        f"payload=%7B%22token%22%3A%22{token}%22%7D\n",
    ]
    return shapes[i % len(shapes)]


def git(*args: str) -> None:
    subprocess.run(["git", "-C", str(TREE), *args], check=True, capture_output=True)


def generate_tree() -> None:
    rng = random.Random(7)
    if TREE.exists():
        shutil.rmtree(TREE)
    TREE.mkdir(parents=True)
    git("init", "-q")
    git("config", "user.email", "bench@example.test")
    git("config", "user.name", "bench")
    (TREE / ".gitignore").write_text("node_modules/\n*.tmp\n")
    exts = [".js", ".py", ".json", ".md", ".log", ".go", ".py"]
    token_files = set(rng.sample(range(FILES), WITH_TOKEN))
    for n in range(FILES):
        folder = TREE / f"pkg{n % FOLDERS:03d}" / ("src" if n % 2 else "test")
        folder.mkdir(parents=True, exist_ok=True)
        kind = n % len(SNIPPETS)
        size = int(rng.lognormvariate(7.2, 0.8))  # median ~1.3 KB, long tail
        text = SNIPPETS[kind] * max(1, min(size, 12_000) // len(SNIPPETS[kind]))
        if n in token_files:
            cut = rng.randrange(len(text) + 1)
            cut = text.rfind("\n", 0, cut) + 1
            text = text[:cut] + token_line(n) + text[cut:]
        (folder / f"f{n:05d}{exts[kind]}").write_text(text)
    modules = TREE / "node_modules" / "dep" / "dist"
    modules.mkdir(parents=True)
    for n in range(IGNORED):
        (modules / f"m{n}.js").write_text(SNIPPETS[0] * 8 + token_line(n))
    untracked = {f"f{n:05d}" for n in range(0, FILES, FILES // UNTRACKED)}
    listing = subprocess.run(
        ["git", "-C", str(TREE), "ls-files", "-z", "--others", "--exclude-standard"],
        check=True,
        capture_output=True,
    ).stdout.split(b"\0")
    tracked = [p for p in listing if p and Path(p.decode()).stem not in untracked]
    for start in range(0, len(tracked), 2000):
        subprocess.run(
            [
                "git",
                "-C",
                str(TREE),
                "add",
                "--",
                *(p.decode() for p in tracked[start : start + 2000]),
            ],
            check=True,
            capture_output=True,
        )
    git("commit", "-q", "-m", "bench tree")


def run_once(cmd: list[str], output: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system of the process and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with output.open("wb") as sink:
        start = time.perf_counter()
        proc = subprocess.run(cmd, stdout=sink, stderr=subprocess.PIPE, check=False)
        elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd} failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def jwtfix() -> str:
    found = shutil.which("jwtfix", path=str(Path(sys.executable).parent)) or shutil.which("jwtfix")
    if found is None:
        raise SystemExit("jwtfix is not installed in this environment")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--clones", type=Path, help="a folder holding git clones to measure too")
    parser.add_argument("--no-log", action="store_true", help="leave out the 200 MB log")
    options = parser.parse_args()
    if options.regenerate or not (TREE / ".git").exists():
        start = time.perf_counter()
        generate_tree()
        print(f"generated {TREE.name} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    grep = shutil.which("grep") or "grep"
    scan = [jwtfix(), "scan", "--json", "--at", AT]
    trees = {"tree-20k": TREE}
    if options.clones is not None:
        trees["clones"] = options.clones.resolve()
    commands: dict[str, list[str]] = {}
    for name, folder in trees.items():
        commands[f"{name}: grep -rEo"] = [grep, "-rEo", GREP_PATTERN, str(folder)]
        commands[f"{name}: grep -rEo (scan's files)"] = [
            grep,
            "-rEo",
            "--exclude-dir=.git",
            "--exclude-dir=node_modules",
            GREP_PATTERN,
            str(folder),
        ]
        commands[f"{name}: jwtfix scan"] = [*scan, str(folder)]
    if not options.no_log:
        if not LOG.exists():
            raise SystemExit(f"{LOG} is missing: run bench/scan.py once (it generates it)")
        commands["200 MB log: grep -Eo"] = [grep, "-Eo", GREP_PATTERN, str(LOG)]
        commands["200 MB log: jwtfix scan"] = [*scan, str(LOG)]
    outputs = {name: OUT / f"scan-tree-{i}.out" for i, name in enumerate(commands)}
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(options.runs):
        for name, cmd in commands.items():
            wall, cpu = run_once(cmd, outputs[name])
            walls[name].append(wall)
            cpus[name].append(cpu)
    wall_s = {name: statistics.median(values) for name, values in walls.items()}
    cpu_s = {name: statistics.median(values) for name, values in cpus.items()}
    print(f"{options.runs} interleaved runs, medians; CPU = user + system\n")
    print("| command | wall s | CPU s | lines out |")
    print("|---|---|---|---|")
    for name in commands:
        lines = sum(1 for _ in outputs[name].open("rb"))
        print(f"| {name} | {wall_s[name]:.3f} | {cpu_s[name]:.3f} | {lines} |")
    print("\n| ratio | wall | CPU |")
    print("|---|---|---|")
    for name in [*trees, "200 MB log"]:
        scan_name = f"{name}: jwtfix scan"
        if scan_name not in wall_s:
            continue
        for base in [k for k in wall_s if k.startswith(f"{name}: grep")]:
            wall_ratio = wall_s[scan_name] / wall_s[base]
            cpu_ratio = cpu_s[scan_name] / cpu_s[base]
            against = base.split(": ", 1)[1]
            print(f"| {name}: scan / {against} | {wall_ratio:.2f}x | {cpu_ratio:.2f}x |")


if __name__ == "__main__":
    main()
