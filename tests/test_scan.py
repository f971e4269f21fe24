"""`scan`: tokens in a git work tree (source, logs, .gz, JSON, a minified bundle),
what git ignores and binary files left out, exact places, every output format, and
no whole token printed unless asked."""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, NOW, NOW_ISO, b64url, make_token
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema.validators import validator_for  # type: ignore[import-untyped]

from jwtfix import tokens
from jwtfix.ops import scan as ops

HOUR = 3600
DAY = 86_400

SOURCE = make_token({"sub": "alice", "iss": "https://auth.test", "exp": NOW + 90 * DAY})
LOG = make_token({"sub": "bob", "exp": NOW - HOUR}, header={"kid": "key-1"})
GZ = make_token({"sub": "carol", "exp": NOW + 2 * HOUR})
FIXTURE = make_token({"sub": "dave", "exp": NOW + 10 * DAY})
BUNDLE = make_token({"sub": "erin"})
FORCED = make_token({"sub": "frank", "exp": NOW + 400 * DAY})
IGNORED = make_token({"sub": "mallory", "exp": NOW + DAY})
BINARY = make_token({"sub": "trent", "exp": NOW + DAY})
ALL_FOUND = (SOURCE, LOG, GZ, FIXTURE, BUNDLE, FORCED)

# Three dotted base64url words whose first decodes to JSON, but not to a JOSE header.
NOT_A_TOKEN = b64url(b'{"note":"no alg"}') + ".eyJhIjoxfQ.c2ln"
BUNDLE_OFFSET = 3 * 1024 * 1024  # beyond the 1 MiB blocks: the line is read in pieces


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git work tree with tokens in every kind of file, and files to be skipped."""
    repo = tmp_path / "repo"
    (repo / "src").mkdir(parents=True)
    (repo / "logs").mkdir()
    (repo / "tests").mkdir()
    (repo / "dist").mkdir()
    (repo / "ignored").mkdir()
    (repo / "src" / "app.js").write_text(
        f'// api client\nimport x from "y";\nconst token = "{SOURCE}";\n'
        f"const other = '{NOT_A_TOKEN}';\n",
        encoding="utf-8",
    )
    (repo / "logs" / "app.log").write_text(
        "10:00 GET /healthz 200\n"
        f"10:01 GET /api/items authorization=Bearer {LOG} 401\n"
        "10:02 state=eyJyZXR1cm4iOiIvIn0 (base64 JSON, not a token)\n",
        encoding="utf-8",
    )
    with gzip.open(repo / "logs" / "old.log.gz", "wt", encoding="utf-8") as gz:
        gz.write("line one\nline two\nline three\nline four\n")
        gz.write(f"2026-01-25 token={GZ}\n")
    fixture = {"users": [{"name": "dave", "session": {"accessToken": FIXTURE}}]}
    (repo / "tests" / "fixture.json").write_text(json.dumps(fixture, indent=2), encoding="utf-8")
    # One line of 3 MiB with non-ASCII text before the token: column in characters.
    filler = "var a=1;" * (BUNDLE_OFFSET // 8)
    (repo / "dist" / "app.min.js").write_text(
        f'{filler}var s="é漢";var t="{BUNDLE}";var z=2;', encoding="utf-8"
    )
    (repo / ".gitignore").write_text("ignored/\n*.tmp\nforced.txt\n", encoding="utf-8")
    (repo / "ignored" / "secret.txt").write_text(f"token {IGNORED}\n", encoding="utf-8")
    (repo / "scratch.tmp").write_text(f"{IGNORED}\n", encoding="utf-8")
    (repo / "forced.txt").write_text(f"tracked though ignored: {FORCED}\n", encoding="utf-8")
    (repo / "image.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + BINARY.encode() + b"\x00")
    git(repo, "init", "-q")
    git(repo, "add", "-f", "forced.txt")  # tracked files are scanned even when ignored
    monkeypatch.chdir(repo)
    return repo


def records(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines() if line]


def scan_json(cli: Any, *args: str) -> tuple[Any, list[dict[str, Any]]]:
    result = cli("scan", "--json", "--at", NOW_ISO, *args)
    return result, records(result.stdout)


# --- the tree: what is read, what is skipped, where each token is ------------------------


def test_finds_every_token_in_the_tree_at_its_exact_place(cli: Any, tree: Path) -> None:
    result, found = scan_json(cli, ".")
    assert result.exit_code == 0, result.stderr
    places = {(r["file"], r["line"], r["column"], r["sub"]) for r in found}
    bundle_column = BUNDLE_OFFSET + len('var s="é漢";var t="') + 1
    fixture_line = json.dumps(
        {"users": [{"name": "dave", "session": {"accessToken": FIXTURE}}]}, indent=2
    ).splitlines()
    fixture_row = next(i for i, line in enumerate(fixture_line, 1) if FIXTURE in line)
    fixture_col = fixture_line[fixture_row - 1].index(FIXTURE) + 1
    assert places == {
        ("src/app.js", 3, 16, "alice"),
        ("logs/app.log", 2, 43, "bob"),
        ("logs/old.log.gz", 5, 18, "carol"),
        ("tests/fixture.json", fixture_row, fixture_col, "dave"),
        ("dist/app.min.js", 1, bundle_column, "erin"),
        ("forced.txt", 1, 25, "frank"),
    }


def test_ignored_and_binary_files_are_skipped_and_said(cli: Any, tree: Path) -> None:
    result, found = scan_json(cli, ".")
    subs = {r["sub"] for r in found}
    assert "mallory" not in subs and "trent" not in subs
    assert "note: skipped 1 binary file: image.bin" in result.stderr
    assert "ignored by git" in result.stderr
    assert "ignored/" in result.stderr and "scratch.tmp" in result.stderr
    # stdout stays NDJSON: every line is one token
    assert len(result.stdout.splitlines()) == len(found) == 6


def test_explicit_files_are_scanned_even_when_ignored(cli: Any, tree: Path) -> None:
    _, found = scan_json(cli, "ignored/secret.txt", "scratch.tmp")
    assert [(r["file"], r["sub"]) for r in found] == [
        ("ignored/secret.txt", "mallory"),
        ("scratch.tmp", "mallory"),
    ]


def test_an_ignored_folder_named_explicitly_is_read_whole(cli: Any, tree: Path) -> None:
    _, found = scan_json(cli, "ignored")
    assert [(r["file"], r["sub"]) for r in found] == [("ignored/secret.txt", "mallory")]


def test_a_har_file_is_read_as_the_json_text_it_is(cli: Any, tmp_path: Path) -> None:
    har = {
        "log": {
            "version": "1.2",
            "entries": [
                {
                    "request": {
                        "method": "GET",
                        "url": "https://api.test/me",
                        "headers": [{"name": "Authorization", "value": f"Bearer {LOG}"}],
                    },
                    "response": {"status": 401, "content": {"text": json.dumps({"t": GZ})}},
                }
            ],
        }
    }
    path = tmp_path / "session.har"
    path.write_text(json.dumps(har, indent=1), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    _, found = scan_json(cli, str(path))
    assert [(r["sub"], r["line"]) for r in found] == [
        ("bob", next(i for i, line in enumerate(lines, 1) if LOG in line)),
        ("carol", next(i for i, line in enumerate(lines, 1) if GZ in line)),
    ]


def test_a_binary_file_named_explicitly_is_skipped_too(cli: Any, tree: Path) -> None:
    result, found = scan_json(cli, "image.bin")
    assert found == [] and result.exit_code == 0
    assert "skipped 1 binary file: image.bin" in result.stderr


def test_outside_a_work_tree_every_file_but_dot_git_is_read(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = tmp_path / "plain"
    (plain / "sub").mkdir(parents=True)
    (plain / ".gitignore").write_text("sub/\n", encoding="utf-8")
    (plain / "sub" / "a.txt").write_text(SOURCE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    _, found = scan_json(cli, "plain")
    assert [r["file"] for r in found] == [os.path.join("plain", "sub", "a.txt")]


def test_stdin(cli: Any) -> None:
    result, found = scan_json(cli, "-")
    assert found == []
    result = cli("scan", "--json", "--at", NOW_ISO, "-", input=f"x\ny Bearer {LOG}\n")
    assert [(r["file"], r["line"], r["column"]) for r in records(result.stdout)] == [("-", 2, 10)]


# --- NDJSON --------------------------------------------------------------------------------


def test_ndjson_fields(cli: Any, tree: Path) -> None:
    _, found = scan_json(cli, "logs/app.log", "src/app.js")
    log, source = found
    assert {"file", "line", "column", "alg", "status", "exp", "sub", "iss", "kid"} <= set(log)
    assert log["alg"] == "HS256" and log["kid"] == "key-1" and log["sub"] == "bob"
    assert log["status"] == "expired"
    assert log["exp"] == {
        "value": NOW - HOUR,
        "iso": "2026-01-25T09:15:00Z",
        "relative_seconds": -HOUR,
    }
    assert log["iss"] is None
    assert source["iss"] == "https://auth.test" and source["status"] == "valid"
    assert log["fingerprint"] == tokens.fingerprint(LOG) and len(log["fingerprint"]) == 8


JWE = b64url(b'{"alg":"RSA-OAEP","enc":"A256GCM"}') + ".ZW5jcnlwdGVkLWtleQ.aXY.Y2lwaGVydGV4dA.dGFn"


def test_no_exp_malformed_and_encrypted_statuses(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text(f"{BUNDLE}\n{make_token({'exp': 'tomorrow'})}\n{JWE}\n", encoding="utf-8")
    _, found = scan_json(cli, str(path))
    assert [(r["kind"], r["status"], r["exp"]) for r in found] == [
        ("JWS", "no_exp", None),
        ("JWS", "malformed", {"value": "tomorrow", "iso": None, "relative_seconds": None}),
        ("JWE", "encrypted", None),
    ]


# --- failing: --expiring-within, --fail-on-found --------------------------------------------


def test_expiring_within_fails_on_tokens_that_expire_soon_or_have_expired(
    cli: Any, tree: Path
) -> None:
    result, found = scan_json(cli, "--expiring-within", "30d", ".")
    assert result.exit_code == 1
    flagged = {r["sub"] for r in found if r["expiring_within"]}
    assert flagged == {"bob", "carol", "dave"}  # expired 1h ago, in 2h, in 10d
    result = cli("scan", "--at", NOW_ISO, "--expiring-within", "1h", "src", "tests")
    assert result.exit_code == 0, result.stdout
    # the same tree a year later: every token with an exp is past
    result = cli("scan", "--at", "2027-06-01", "--expiring-within", "1d", "src")
    assert result.exit_code == 1
    assert "expiring within 1d" in result.stdout


def test_tokens_found_are_no_failure_unless_asked(cli: Any, tree: Path) -> None:
    assert cli("scan", "--at", NOW_ISO, ".").exit_code == 0
    result = cli("scan", "--at", NOW_ISO, "--fail-on-found", "src/app.js")
    assert result.exit_code == 1
    assert cli("scan", "--fail-on-found", "logs/").exit_code == 1
    empty = tree / "empty.txt"
    empty.write_text("nothing here\n", encoding="utf-8")
    result = cli("scan", "--fail-on-found", "empty.txt")
    assert result.exit_code == 0 and "no tokens in 1 file" in result.stdout


# --- human output, secrecy ------------------------------------------------------------------


def test_human_table_and_summary(cli: Any, tree: Path) -> None:
    result = cli("scan", "--at", NOW_ISO, "src", "logs")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["location", "alg", "sub", "status", "expires", "token"]
    row = next(line for line in lines if line.startswith("logs/app.log:2:43"))
    assert row.split()[1:5] == ["HS256", "bob", "expired", "1h"]
    assert tokens.fingerprint(LOG) in row
    assert lines[-1] == "3 tokens in 3 of 3 files: 2 valid, 1 expired — exit 0"


def test_narrow_table_keeps_the_file_names_apart(tmp_path: Path, monkeypatch: Any) -> None:
    # node-express-boilerplate at 80 columns: a 24-character sub left 13 for the location
    # (`node…s:141:32`); the subject gives way first.
    from jwtfix.render.human import scan as human

    sub = "5ebac534954b54139806c112"
    token = make_token({"sub": sub, "iat": NOW - 600, "exp": NOW - 60})
    folder = tmp_path / "node-express-boilerplate" / "src" / "routes" / "v1"
    folder.mkdir(parents=True)
    for name in ("auth.route.js", "user.route.js"):
        (folder / name).write_text("x\n" * 140 + f"  token: '{token}',\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # locations as a user names them: relative
    hits = [h for h in ops.scan(["node-express-boilerplate"], now=NOW) if isinstance(h, ops.Hit)]
    text = human.render(hits, [False] * len(hits), files=2, exit_code=0, color=False, width=80)
    rows = text.splitlines()[1:3]
    assert all(len(row.encode()) <= 80 for row in text.splitlines())
    locations = [row.split()[0] for row in rows]
    assert locations[0] != locations[1] and all(len(cell) >= 24 for cell in locations)
    assert all(".route.js:141:" in cell for cell in locations)
    assert "expired" in rows[0] and tokens.fingerprint(token) in rows[0]


@pytest.mark.parametrize(
    "options",
    [(), ("--json",), ("--format", "sarif"), ("--format", "github"), ("--fail-on-found",)],
)
def test_no_whole_token_in_any_output_without_show_tokens(
    cli: Any, tree: Path, options: tuple[str, ...]
) -> None:
    result = cli("scan", "--at", NOW_ISO, *options, ".")
    output = result.stdout + result.stderr
    assert result.stdout
    for token in (*ALL_FOUND, IGNORED, BINARY):
        assert token not in output
        assert token.split(".")[1] not in output  # not even the claims' segment
        assert token.split(".")[2] not in output  # nor the signature


def test_show_tokens_prints_them(cli: Any, tree: Path) -> None:
    _, found = scan_json(cli, "--show-tokens", "src/app.js")
    assert found[0]["token"] == SOURCE
    result = cli("scan", "--show-tokens", "src/app.js")
    assert f"{tokens.fingerprint(SOURCE)}  {SOURCE}\n" in result.stdout


# --- SARIF and GitHub ------------------------------------------------------------------------


def test_sarif_validates_and_points_at_each_token(cli: Any, tree: Path) -> None:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    validator = validator_for(schema)(schema)
    result = cli("scan", "--at", NOW_ISO, "--format", "sarif", "--expiring-within", "1d", ".")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert [e.message for e in validator.iter_errors(document)] == []
    run = document["runs"][0]
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["SCAN-1"]
    regions = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: (
            r["locations"][0]["physicalLocation"]["region"],
            r["level"],
        )
        for r in run["results"]
    }
    assert regions["src/app.js"] == ({"startLine": 3, "startColumn": 16}, "warning")
    assert regions["logs/app.log"] == ({"startLine": 2, "startColumn": 43}, "error")
    assert len(run["results"]) == 6
    assert run["invocations"][0]["exitCode"] == 1


def test_github_annotations(cli: Any, tree: Path) -> None:
    result = cli("scan", "--at", NOW_ISO, "--format", "github", "--expiring-within", "1h", "logs")
    lines = result.stdout.splitlines()
    # Only what trips --expiring-within is annotated, and the annotation says so.
    assert len(lines) == 2
    assert lines[0].startswith(
        "::error file=logs/app.log,line=2,col=43,title=SCAN-1::JWT in a file"
    )
    assert "within 1h)" in lines[0]
    assert lines[-1] == "jwtfix scan: 0 pass, 0 warn, 1 fail, 0 skip, 0 manual"
    assert result.exit_code == 1
    # Without a failure rule, every token is a warning.
    every = cli("scan", "--at", NOW_ISO, "--format", "github", "logs").stdout.splitlines()
    assert [line.split(" ", 1)[0] for line in every[:-1]] == ["::warning"] * 2


# --- errors ----------------------------------------------------------------------------------


def test_unreadable_path_is_exit_2_naming_it(cli: Any, tmp_path: Path) -> None:
    missing = tmp_path / "missing.log"
    result = cli("scan", str(missing))
    assert result.exit_code == 2
    assert result.stderr == f"error: {missing}: no such file or folder\n"
    assert result.stdout == ""
    result = cli("scan", "--json", str(missing))
    assert json.loads(result.stdout)["error"]["type"] == "input_error"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_in_a_folder_is_skipped_not_waited_on(tmp_path: Path) -> None:
    # Opening a FIFO blocks until something writes to it: `scan .` used to hang there.
    (tmp_path / "app.log").write_text(SOURCE, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe")
    result = subprocess.run(
        [sys.executable, "-m", "jwtfix", "scan", "--json", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["file"] for line in result.stdout.splitlines()] == [
        str(tmp_path / "app.log")
    ]
    said = " ".join(result.stderr.split())  # a note wraps at the width
    assert f"skipped 1 special file (pipe, socket, device): {tmp_path / 'pipe'}" in said


@pytest.mark.skipif(os.name != "posix", reason="POSIX file names are bytes")
def test_a_file_name_that_is_not_utf8_gets_a_percent_encoded_sarif_uri(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Relative names went through urllib's quote as text: UnicodeEncodeError, exit 3.
    (tmp_path / os.fsdecode(b"caf\xe9.log")).write_text(SOURCE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("scan", "-f", "sarif", ".")
    assert result.exit_code == 0, result.output
    (found,) = json.loads(result.stdout)["runs"][0]["results"]
    assert found["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "caf%E9.log"


def test_a_dangling_symlink_is_exit_2(cli: Any, tmp_path: Path) -> None:
    link = tmp_path / "gone.log"
    link.symlink_to(tmp_path / "deleted.log")
    result = cli("scan", str(link))
    assert result.exit_code == 2
    assert result.stderr == f"error: {link}: a symbolic link to a file that does not exist\n"


def test_unreadable_file_is_exit_2(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "locked.log"
    path.write_text(SOURCE, encoding="utf-8")
    path.chmod(0)
    if os.geteuid() == 0:  # root reads every file (CI runs as root): deny as a user's run is
        real_access = os.access
        monkeypatch.setattr(
            "jwtfix.ops.scan.os.access",
            lambda p, mode: False if Path(p) == path else real_access(p, mode),
        )
    result = cli("scan", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"error: {path}: the file cannot be read (permission denied)\n"


def test_a_corrupt_gz_found_in_a_folder_is_exit_2_after_the_rest(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "logs"
    folder.mkdir()
    (folder / "a.log").write_text(SOURCE, encoding="utf-8")
    (folder / "b.log.gz").write_bytes(gzip.compress(bytes(range(256)) * 64)[:-12])  # truncated
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = cli("scan", "--json", str(folder))
    assert result.exit_code == 2
    assert records(result.stdout)[0]["sub"] == "alice"  # what could be read is reported
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "b.log.gz" in errors[0]
    assert "Traceback" not in result.stdout + result.stderr


# --- the finder ------------------------------------------------------------------------------


def test_find_tokens_offsets_and_kinds() -> None:
    jwe = JWE
    unsecured = make_token({"sub": "x"}, alg="none")
    text = f"a {SOURCE} b {jwe} c {unsecured}. d x{LOG} {NOT_A_TOKEN}"
    found = tokens.find_tokens(text)
    assert [(f.offset, f.token.kind) for f in found] == [
        (2, "JWS"),
        (text.index(jwe), "JWE"),
        (text.index(unsecured), "JWS"),
    ]
    assert [f.token.text for f in found] == [SOURCE, jwe, unsecured]


def test_two_tokens_joined_by_a_dot_are_two_tokens() -> None:
    found = tokens.find_tokens(f"{SOURCE}.{LOG}")
    assert [f.token.text for f in found] == [SOURCE, LOG]


def test_ordinary_base64_is_no_token() -> None:
    blob = b64url(json.dumps({"user": "x", "roles": ["a"]}).encode())
    assert tokens.find_tokens(f"{blob}.{blob}.{blob} eyJ.eyJ.x eyJhbGci.b.c") == []


def test_search_across_blocks_counts_lines_and_columns() -> None:
    data = ("x" * 700 + "\n") * 3000 + "é" * 10 + LOG + "\n"
    found = list(ops.search(io.BytesIO(data.encode()), bytearray(4096)))
    assert [(line, column) for line, column, _ in found] == [(3001, 11)]


_TEXT = st.text(max_size=200)


@given(_TEXT, _TEXT)
@settings(max_examples=200, deadline=None)
def test_find_tokens_finds_a_token_in_any_text(before: str, after: str) -> None:
    text = f"{before} {SOURCE} {after}"
    found = [f for f in tokens.find_tokens(text) if f.token.text == SOURCE]
    assert found and found[0].offset >= len(before) + 1


@given(st.text(alphabet='eyJhbGci0.-_ABCDxyz=+/{}"', max_size=300))
@settings(max_examples=300, deadline=None)
def test_find_tokens_never_raises(text: str) -> None:
    for found in tokens.find_tokens(text):
        assert text[found.offset :].startswith(found.token.text)


def test_pre_commit_hook_runs_scan_failing_on_found_tokens() -> None:
    hooks = (Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "id: jwtfix-scan" in hooks
    assert "entry: jwtfix scan --fail-on-found" in hooks
    assert "pass_filenames: true" in hooks and "language: python" in hooks


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_nested_repository_is_scanned_with_its_own_rules(cli: Any, tree: Path) -> None:
    inner = tree / "vendor" / "lib"
    inner.mkdir(parents=True)
    git(inner, "init", "-q")
    (inner / ".gitignore").write_text("build/\n", encoding="utf-8")
    (inner / "a.js").write_text(f"'{GZ}'", encoding="utf-8")
    (inner / "build").mkdir()
    (inner / "build" / "b.js").write_text(f"'{IGNORED}'", encoding="utf-8")
    _, found = scan_json(cli, "vendor")
    assert [(r["file"], r["sub"]) for r in found] == [("vendor/lib/a.js", "carol")]


def test_a_submodule_not_checked_out_is_read_as_the_empty_folder_it_is(
    cli: Any, tree: Path
) -> None:
    # `git clone` without --recursive leaves a submodule's folder empty, with no .git: git,
    # asked about it, lists the folder itself (`./`), which once recursed until Python gave up.
    (tree / "sub").mkdir()
    git(tree, "update-index", "--add", "--cacheinfo", f"160000,{'1' * 40},sub")
    result, found = scan_json(cli, ".")
    assert result.exit_code == 0 and {r["sub"] for r in found} >= {"alice"}
    (tree / "sub" / "left.js").write_text(f"'{GZ}'", encoding="utf-8")  # what is there is read
    _, found = scan_json(cli, "sub")
    assert [(r["file"], r["sub"]) for r in found] == [("sub/left.js", "carol")]
    src = cli("check", "--src", str(tree), "--json")
    assert src.exit_code in (0, 1) and json.loads(src.stdout)["findings"]


def test_scan_json_imports_no_heavy_library(tmp_path: Path) -> None:
    from test_imports import HEAVY, imported_modules, top_level

    path = tmp_path / "app.log"
    path.write_text(f"Bearer {LOG}\n", encoding="utf-8")
    modules, proc = imported_modules("scan", "--json", "--at", str(NOW), str(path))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert records(proc.stdout)[0]["sub"] == "bob"  # the command really ran
    assert top_level(modules) & HEAVY == set()


def test_a_token_repeated_on_many_lines_is_reported_on_each(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "access.log"
    path.write_text("".join(f"{n} Bearer {LOG}\n" for n in range(600)), encoding="utf-8")
    _, found = scan_json(cli, str(path))
    assert [r["line"] for r in found] == list(range(1, 601))
    assert {(r["fingerprint"], r["status"], r["column"]) for r in found[:10]} == {
        (tokens.fingerprint(LOG), "expired", 10)
    }
