"""`check --src` on hostile trees: bounded time and memory, no exit 3, no traceback.

A repository is a file jwtfix did not write: a minified bundle on one 10 MB
line, code nested 100,000 deep, binary and non-UTF-8 files with source
extensions, symlink loops, a file git lists that is gone, a FIFO, 50,000
files, a huge `.env`. The parser's time is measured as a ratio (time per byte
of a large input over that of a small one, side by side in one run, as
tests/test_linear.py does); the CLI runs as a child whose peak memory is its
own VmHWM.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from test_hostile import Run, record, run_child

from jwtfix.limits import MAX_LISTED, MAX_SOURCE_LINE
from jwtfix.srcscan import files as srcfiles
from jwtfix.srcscan.engine import analyse
from jwtfix.srcscan.rules import Limits

LIMITS = Limits(900, 3600)
PER_BYTE_RATIO = 8.0
"""Time per byte of 256 KB over 8 KB; a parse quadratic in its input would be about 32."""
SMALL, LARGE = 8 << 10, 256 << 10
RSS_LIMIT_MB = 400
"""Peak memory of a `check --src` child on the hostile tree (its code is a few KB)."""

SIGN = (
    "var jwt=require('jsonwebtoken');function f(u){return jwt.sign({sub:u},process.env.S,"
    "{expiresIn:'30d'})};localStorage.setItem('token',t);"
)
"""Dense code: two findings (JWT901, JWT905) every 130 bytes."""
GOOD_SERVER = (
    "const jwt = require('jsonwebtoken');\n"
    "function login(user) {\n"
    "  return jwt.sign({ sub: user.id }, process.env.JWT_SECRET, { expiresIn: '30d' });\n"
    "}\n"
)


def _lines(unit: str, width: int) -> Callable[[int], str]:
    """`unit` repeated into lines of about `width` characters, to about `size` in all."""

    def shape(size: int) -> str:
        line = unit * max(1, width // len(unit))
        return (line + "\n") * max(1, size // (len(line) + 1))

    return shape


SHAPES: dict[str, tuple[str, Callable[[int], str]]] = {
    "dense code": (".js", _lines(SIGN, len(SIGN))),
    "dense code on lines just under the line limit": (
        ".js",
        _lines(SIGN, MAX_SOURCE_LINE - len(SIGN)),
    ),
    "nested arrays": (".js", lambda n: "x=" + "[\n" * (n // 4) + "]\n" * (n // 4) + ";"),
    "nested calls": (".js", lambda n: "jwt.sign(\n" * (n // 20) + ")\n" * (n // 20) + ";"),
    "nested objects": (
        ".js",
        lambda n: (
            "jwt.sign(" + "{a:\n" * (n // 8) + "1" + "}\n" * (n // 8) + ",'s',{expiresIn:'9d'})"
        ),
    ),
    "unclosed calls": (".ts", lambda n: "jwt.sign({\n" * (n // 11)),
    "nested parentheses": (".py", lambda n: "x = " + "(\n" * (n // 4) + ")\n" * (n // 4)),
    "one minified line": (".js", lambda n: SIGN * (n // len(SIGN))),
    # a Flask after_request hook's long indented body (a regex over its lines once backtracked
    # exponentially), and a body of comments (each comment removed from the code once)
    "a long after_request hook": (
        ".py",
        lambda n: (
            "@app.after_request\ndef h(response):\n"
            + "    response.headers['X'] = 'y'\n" * (n // 32)
        ),
    ),
    "a handler of comments": (
        ".js",
        lambda n: (
            "router.post('/logout', (req, res) => {\n"
            + "  // refresh token\n" * (n // 19)
            + "});\n"
        ),
    ),
}


def per_byte_ratio(tmp: Path, ext: str, shape: Callable[[int], str]) -> float:
    def timed(size: int, repeat: int) -> float:
        folder = tmp / str(size)
        folder.mkdir(parents=True)
        text = shape(size)
        (folder / f"code{ext}").write_text(text)
        analyse([str(folder)], env=None, limits=LIMITS)  # rules loaded, caches warm
        start = time.perf_counter()
        for _ in range(repeat):
            analyse([str(folder)], env=None, limits=LIMITS)
        return (time.perf_counter() - start) / repeat / len(text)

    small = timed(SMALL, 5)
    return timed(LARGE, 1) / small


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_reading_code_takes_linear_time(shape: str, tmp_path: Path) -> None:
    ext, make = SHAPES[shape]
    ratio = per_byte_ratio(tmp_path / "a", ext, make)
    if ratio >= PER_BYTE_RATIO:  # once more, in case the machine was busy: quadratic stays so
        ratio = min(ratio, per_byte_ratio(tmp_path / "b", ext, make))
    assert ratio < PER_BYTE_RATIO


def test_a_minified_line_is_not_read_and_said_so(tmp_path: Path) -> None:
    """A line past MAX_SOURCE_LINE made every match on it cost its length (quadratic)."""
    line = SIGN * (MAX_SOURCE_LINE // len(SIGN) + 1)
    (tmp_path / "bundle.js").write_text(line)
    (tmp_path / "server.js").write_text(GOOD_SERVER)
    report = analyse([str(tmp_path)], env=None, limits=LIMITS)
    assert {f.file for f in report.findings} == {str(tmp_path / "server.js")}
    why = f"a line of {len(line):,} bytes (minified or generated?)"
    assert report.skipped == (f"{tmp_path / 'bundle.js'}: {why}",)


def test_code_past_the_run_budget_is_not_read_and_said_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    budget = 3 * len(GOOD_SERVER)
    monkeypatch.setattr(srcfiles, "MAX_SOURCE_TOTAL", budget)
    for i in range(5):
        (tmp_path / f"server{i}.js").write_text(GOOD_SERVER)
    report = analyse([str(tmp_path)], env=None, limits=LIMITS)
    assert report.files == 3
    assert len(report.skipped) == 2
    assert all("past the 0 MiB of code read in one run" in s for s in report.skipped)


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)


@pytest.fixture
def hostile_tree(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "server").mkdir(parents=True)
    (root / "server" / "app.js").write_text(GOOD_SERVER)
    # a file git lists that is gone from the work tree
    (root / "server" / "gone.js").write_text(GOOD_SERVER)
    _git(root, "init", "-q")
    _git(root, "add", "server/gone.js")
    (root / "server" / "gone.js").unlink()
    # bundles: over the size limit, and under it on one line
    (root / "web").mkdir()
    (root / "web" / "bundle.js").write_text(SIGN * (10_000_000 // len(SIGN)))
    (root / "web" / "chunk.js").write_text(SIGN * (1_500_000 // len(SIGN)))
    # nested 100,000 deep, on one line and on many
    (root / "web" / "deep.js").write_text("x=" + "[" * 50_000 + "]" * 50_000 + ";")
    (root / "web" / "deep2.js").write_text("x=" + "[\n" * 100_000 + "]\n" * 100_000 + ";")
    (root / "deep.py").write_text("x = " + "(\n" * 100_000 + ")\n" * 100_000)
    # binary and not UTF-8 with source extensions
    (root / "web" / "image.js").write_bytes(bytes(range(256)) * 4000)
    (root / "latin1.py").write_bytes(b"SECRET = '\xe9t\xe9\xff\xfe'\njwt.encode({}, SECRET)\n")
    (root / "mixed.ts").write_bytes(b"const s = '\xc3(\xa0\xa1';\n" + GOOD_SERVER.encode())
    # symlink loops, a link out of the tree, a FIFO, an unreadable file (root reads it anyway)
    (root / "loop").mkdir()
    os.symlink("..", root / "loop" / "up")
    os.symlink(".", root / "loop" / "self")
    os.symlink("/dev/zero", root / "zero.js")
    os.mkfifo(root / "fifo.js")
    (root / "secret.js").write_text(GOOD_SERVER)
    (root / "secret.js").chmod(0)
    return root


def _check(path: Path, *more: str) -> tuple[float, Run]:
    run = run_child(["check", "--src", str(path), "--select", "JWT9", *more])
    record("check --src", tree=path.name, seconds=round(run.seconds, 2), peak_mb=run.peak_rss_mb)
    return run.seconds, run


def test_a_hostile_tree_is_read_in_bounded_time_and_memory(
    hostile_tree: Path, tmp_path: Path
) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "app.js").write_text(GOOD_SERVER)
    plain_seconds, _ = _check(plain)
    seconds, run = _check(hostile_tree)
    assert run.code in (0, 1), run.stderr
    assert "Traceback" not in run.stderr
    out, err = run.stdout, " ".join(run.stderr.split())
    assert "server/app.js:3" in out  # what is sound is still read and judged
    assert "larger than 2 MiB" in err and "web/bundle.js" in err
    assert "web/chunk.js: a line of" in err
    assert run.peak_rss_mb < RSS_LIMIT_MB
    # A FIFO read would block, a symlink loop recurse, a quadratic parse take minutes:
    # against a one-file tree's run (start-up, imports) the hostile one stays a few times it.
    assert seconds / plain_seconds < 15, (seconds, plain_seconds)


def test_fifty_thousand_files_take_time_in_proportion(tmp_path: Path) -> None:
    """The listing and the reading are linear in the number of files: 50,000 files (1 in 50
    code) against 5,000 of the same mix, per file, side by side."""

    def tree(name: str, count: int) -> Path:
        root = tmp_path / name
        for i in range(count):
            folder = root / f"d{i // 1000}"
            folder.mkdir(parents=True, exist_ok=True)
            if i % 50 == 0:
                (folder / f"f{i}.js").write_text("const a = require('x');\n")
            else:
                (folder / f"f{i}.json").write_text("{}")
        return root

    small, large = tree("small", 5_000), tree("large", 50_000)
    small_seconds, small_run = _check(small)
    large_seconds, large_run = _check(large)
    for run in (small_run, large_run):
        assert run.code == 0 and "Traceback" not in run.stderr
    assert "in the 1000 source files read" in large_run.stdout
    # start-up is in both; beyond it, 10 times the files may take at most 10 times as long
    assert large_seconds / small_seconds < 10 * 1.5, (large_seconds, small_seconds)


def test_a_huge_env_with_src_is_one_error_line(tmp_path: Path) -> None:
    (tmp_path / "app.js").write_text(GOOD_SERVER)
    env = tmp_path / ".env"
    env.write_text("JWT_SECRET=x\n" * 400_000)
    _, run = _check(tmp_path, "--env", str(env))
    assert run.code == 2
    assert run.stderr.startswith("error: ") and run.stderr.count("\n") == 1


def test_thousands_of_findings_are_counted_not_listed(tmp_path: Path) -> None:
    """A file of 500 signing calls: human output lists MAX_LISTED of an ID and counts the
    rest; GitHub gets as many annotations and one notice; JSON keeps every finding."""
    (tmp_path / "app.js").write_text((SIGN + "\n") * 500)
    _, human = _check(tmp_path)
    assert human.stdout.count("signs access tokens") == MAX_LISTED
    assert f"and {500 - MAX_LISTED} more JWT901 findings" in human.stdout
    _, github = _check(tmp_path, "-f", "github")
    lines = github.stdout.splitlines()
    assert sum(line.startswith("::warning") and "JWT901" in line for line in lines) == MAX_LISTED
    assert any(line.startswith("::notice title=JWT901::and 480 more") for line in lines)
    _, document = _check(tmp_path, "--json")
    findings = json.loads(document.stdout)["findings"]
    assert sum(f["id"] == "JWT901" and f["status"] == "warn" for f in findings) == 500
