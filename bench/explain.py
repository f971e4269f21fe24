"""Benchmark of `explain`: start-up and matching a long log excerpt.

1. As whole processes, interleaved: `jwtfix explain --json MESSAGE` against
   `jwtfix decode --json TOKEN` (the start-up reference of this project), with
   today's knowledge base and with one twice its size (`doubled_package`: every
   library and entry again under a new key, with names and message words of its
   own, in a copy of the package in a temporary directory), in the same run.
2. In one process, on a generated log of about 10 MB with one JWT error near
   its end: `explain()` against one `re.search` of the error's literal text
   (the floor: a single scan) and against searching every template's regex
   over the whole text (what the anchor words and windows save).

    python bench/explain.py [--runs 20] [--lines 150000]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

TOKEN = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIiwiaWF0IjoxNzY3MjI1NjAwLCJleHAiOjQw"
    "NzA5MDg4MDB9.5f9zq1Y8Zx2cR1sYbEJm7tW0hT6b2xvXnqXz3rN0k1M"
)
MESSAGE = "TokenExpiredError: jwt expired"


def _reversed_words(text: str) -> str:
    """The text with each word of 4+ letters reversed: other words, as another library's."""
    return re.sub(r"(?<![{\w])[A-Za-z]{4,}(?![}\w])", lambda m: m.group(0)[::-1], text)


def double_document(document: dict[str, Any]) -> dict[str, Any]:
    """The knowledge base twice over: every library again under `<key>-2`, named by its
    names with their words reversed, and every entry again for it, its messages' words
    reversed (texts of the size and shape of the real ones that match other texts)."""
    document = json.loads(json.dumps(document))
    libraries = document["libraries"]
    for key, library in list(libraries.items()):
        names = [
            "re:qqz" + name[3:] if name.startswith("re:") else _reversed_words(name) + "-2"
            for name in library.get("names", [])
        ]
        libraries[f"{key}-2"] = {**library, "names": names}
    for entry in list(document["entry"]):
        library = f"{entry['library']}-2"
        copy = {**entry, "library": library, "id": f"{library}.{entry['id'].split('.', 1)[1]}"}
        copy["messages"] = [_reversed_words(m) for m in entry["messages"]]
        copy.pop("examples", None)
        document["entry"].append(copy)
    return document


def doubled_package(directory: Path, *, compiled: bool = False) -> Path:
    """A copy of the jwtfix package under `directory` whose knowledge base is doubled;
    `python -m jwtfix` run in `directory` runs it. `compiled`: with its .pyc files
    written (as an installed package has them, even under PYTHONDONTWRITEBYTECODE)."""
    import tomllib

    from jwtfix.ops import explain as kb

    data = ROOT / "jwtfix" / "data"
    document = tomllib.loads((data / kb.KB_FILE).read_text(encoding="utf-8"))
    for path in sorted((data / kb.KB_PARTS).glob("*.toml")):
        part = tomllib.loads(path.read_text(encoding="utf-8"))
        document["libraries"].update(part.get("libraries", {}))
        document["entry"].extend(part.get("entry", []))
    package = directory / "jwtfix"
    shutil.copytree(ROOT / "jwtfix", package, ignore=shutil.ignore_patterns("__pycache__"))
    index = kb.index_document(double_document(document))
    (package / "data" / kb.INDEX_FILE).write_text(index + "\n", encoding="utf-8")
    if compiled:
        import compileall

        compileall.compile_dir(package, quiet=1)
    return directory


def whole_process(runs: int) -> None:
    import compileall

    # .pyc files written as an installed package has them: with PYTHONDONTWRITEBYTECODE set
    # (as on our CI machines) a module edited since its .pyc would be compiled on every run.
    compileall.compile_dir(ROOT / "jwtfix", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        doubled = doubled_package(Path(tmp), compiled=True)
        commands = {
            "jwtfix decode --json TOKEN": ([sys.executable, "-m", "jwtfix", "decode", "--json",
                                            TOKEN], ROOT),
            "jwtfix explain --json MESSAGE": ([sys.executable, "-m", "jwtfix", "explain",
                                               "--json", MESSAGE], ROOT),
            "jwtfix explain --json MESSAGE (knowledge base doubled)": (
                [sys.executable, "-m", "jwtfix", "explain", "--json", MESSAGE], doubled),
        }  # fmt: skip
        for cmd, cwd in commands.values():  # the file cache warm
            subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, check=False)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, (cmd, cwd) in commands.items():
                start = time.perf_counter()
                subprocess.run(
                    cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
                )
                times[name].append(time.perf_counter() - start)
    base = statistics.median(times["jwtfix decode --json TOKEN"])
    print(f"| command ({runs} interleaved runs, medians) | ms | vs decode --json |")
    print("|---|---|---|")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"| `{name}` | {median * 1000:.1f} | {median / base:.2f}x |")


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def in_process(lines: int) -> None:
    from jwtfix.ops import explain as kb

    body = [f"2026-01-25T10:{i % 60:02d}:{i % 59:02d}Z INFO GET /api/orders/{i} 200 12ms" for i in
            range(lines)]  # fmt: skip
    body.insert(lines - 10, f"2026-01-25T10:15:00Z ERROR auth: {MESSAGE}")
    text = "\n".join(body)
    kb.explain("warm-up")  # the knowledge base read once, as in any run
    found = kb.explain(text)
    assert found.entry is not None and found.entry.id == "jsonwebtoken.jwt-expired"
    normalized = kb.normalize(text)
    regexes = [kb.compile_template(t, case_sensitive=e.case_sensitive)
               for e in kb.knowledge_base() for t in e.messages]  # fmt: skip
    literal = re.compile(re.escape("jwt expired"), re.IGNORECASE)
    rows = [
        ("one re.search of the literal message", best_of(lambda: literal.search(text))),
        ("explain(text)", best_of(lambda: kb.explain(text))),
        (
            f"every template's regex over the text ({len(regexes)})",
            best_of(lambda: [r.search(normalized) for r in regexes], repeat=1),
        ),
    ]
    floor = rows[0][1]
    size = len(text.encode()) / 1e6
    print(f"\n| {size:.1f} MB log, {lines} lines (best of 5) | ms | vs one re.search |")
    print("|---|---|---|")
    for name, seconds in rows:
        print(f"| {name} | {seconds * 1000:.1f} | {seconds / floor:.1f}x |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--lines", type=int, default=150_000)
    args = parser.parse_args()
    whole_process(args.runs)
    in_process(args.lines)


if __name__ == "__main__":
    main()
