"""`check --src` through the CLI: the bundled example, every output format, the checklist."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import NOW, make_token

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "express-app"
ENV = ROOT / "examples" / "express-app.env"
TOKEN = make_token(
    {"sub": "u1", "iat": NOW - 60, "exp": NOW + 840, "jti": "a"},
    secret=("2f6c1d8e9a7b4c3d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7a8b9c0d1e2f"),
)


def _check(cli: Callable[..., Any], *args: str) -> Any:
    return cli("check", "--env", str(ENV), "--src", str(EXAMPLE), "--at", str(NOW), *args)


def test_json_findings_point_at_file_line_column(cli: Callable[..., Any]) -> None:
    result = _check(cli, "--json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    code = {f["id"]: f for f in findings if f["id"].startswith("JWT9") and f["location"]}
    assert set(code) >= {"JWT901", "JWT903", "JWT905", "JWT906", "JWT907", "JWT908", "JWT910"}
    decode = code["JWT910"]["location"]
    assert decode["file"].endswith("server/auth.js") and decode["line"] == 31
    assert decode["column"] == 14 and decode["code"] == "req.user = jwt.decode(token);"
    assert "secret'" not in result.stdout  # the fallback literal is masked


def test_sarif_regions_and_github_columns(cli: Callable[..., Any]) -> None:
    sarif = json.loads(_check(cli, "--format", "sarif").stdout)
    results = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "JWT905"]
    regions = {
        (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].rsplit("/", 2)[-2:][0],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
        )
        for r in results
    }
    assert regions == {("server", 14, 3), ("web", 8, 3)}
    github = _check(cli, "--format", "github").stdout
    assert "line=31,col=14,title=JWT910::" in github
    junit = _check(cli, "--format", "junit").stdout
    assert 'line="31"' in junit and "auth.js:31:14: " in junit


def test_human_output_shows_the_offending_line(cli: Callable[..., Any]) -> None:
    out = _check(cli).stdout
    assert "server/auth.js:31:14: `jwt.decode(token)`" in out
    assert "| req.user = jwt.decode(token);" in out


def test_token_env_and_src_leave_no_item_manual(cli: Callable[..., Any]) -> None:
    result = _check(cli, "--json", TOKEN)
    findings = json.loads(result.stdout)["findings"]
    manual = {f["checklist_item"] for f in findings if f["status"] == "manual"}
    assert not manual & {1, 2, 3, 5, 6, 7, 8, 10}, manual
    without = json.loads(cli("check", "--env", str(ENV), "--at", str(NOW), "--json", TOKEN).stdout)[
        "findings"
    ]
    assert {f["checklist_item"] for f in without if f["status"] == "manual"} >= {2, 3, 5, 6, 7}


def test_missing_src_path_is_a_usage_error(cli: Callable[..., Any], tmp_path: Path) -> None:
    result = cli("check", "--src", str(tmp_path / "nope"))
    assert result.exit_code == 2 and "no such file or folder" in result.output


def test_check_without_src_does_not_import_the_parser() -> None:
    code = (
        "import sys, runpy\nsys.argv = ['jwtfix', 'check', '--env', sys.argv[1], '--json']\n"
        "try:\n    runpy.run_module('jwtfix', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "print('ast_grep_py' in sys.modules, file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(ENV)], capture_output=True, text=True, check=False
    )
    assert proc.stderr.strip().endswith("False"), proc.stderr[-500:]


def test_development_profile_allows_short_lifetimes(cli: Callable[..., Any]) -> None:
    findings = json.loads(_check(cli, "--json", "--profile", "development").stdout)["findings"]
    lifetimes = [f for f in findings if f["id"] == "JWT901"]
    assert lifetimes and all(f["status"] == "pass" for f in lifetimes)
    assert "development profile" in lifetimes[0]["message"]


def test_values_the_code_does_not_spell_out_are_skipped_as_such(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    # A lifetime and a secret from a config module: not "no token signing", not "read from
    # the environment".
    (tmp_path / "routes.js").write_text(
        "const jwt = require('jsonwebtoken');\nconst config = require('./config');\n"
        "const t = jwt.sign(user, config.secret, { expiresIn: config.life });\n",
        encoding="utf-8",
    )
    result = cli("check", "--src", str(tmp_path), "--select", "JWT901,JWT908", "--json")
    found = {f["id"]: f for f in json.loads(result.stdout)["findings"]}
    assert found["JWT901"]["status"] == "skip" and found["JWT908"]["status"] == "skip"
    assert found["JWT901"]["message"].startswith("1 token signing with a lifetime the code")
    assert found["JWT908"]["message"].startswith("1 secret from a config module or a call")


def _at_80_columns(
    cli: Callable[..., Any], monkeypatch: Any, root: Path, name: str, code: str, *args: str
) -> list[str]:
    """The human output's lines, stripped, for `code` written at a long path under `root`."""
    file = root / name
    file.parent.mkdir(parents=True)
    file.write_text(f"const jwt = require('jsonwebtoken');\nexport const t = {code};\n", "utf-8")
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("check", "--src", str(root), *args)
    return [line.strip() for line in result.stdout.splitlines()]


def test_a_long_location_folds_and_keeps_its_line_and_column(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: Any
) -> None:
    # nestjs-realworld-example-app/src/user/user.service.ts:108:12 at 80 columns was cut to
    # `…/user.service.ts:10…`: the line and column lost.
    name = "nestjs-realworld-example-app/src/user/user.service.ts"
    code = "jwt.sign({ id }, 'a-literal-secret-here', { expiresIn: '5m' })"
    lines = _at_80_columns(cli, monkeypatch, tmp_path, name, code, "--select", "JWT901")
    assert "user.service.ts:2:18:" in "".join(lines)
    assert not any(line.endswith("…") and "user.service" in line for line in lines)


def test_a_pass_names_the_code_it_judged(cli: Callable[..., Any]) -> None:
    # The example's refresh route is at server/auth.js:18: JWT902 passes there, and says so.
    findings = json.loads(_check(cli, "--json").stdout)["findings"]
    (refresh,) = [f for f in findings if f["id"] == "JWT902"]
    assert refresh["status"] == "pass" and refresh["location"]["line"] == 18
    assert refresh["location"]["file"].endswith("server/auth.js")
    assert refresh["message"].endswith("server/auth.js:18)")
    assert "code" not in refresh["location"]  # a right place shows no code: no literal to mask
    human = _check(cli, "--verbose", "--no-color").stdout
    assert "auth.js:18)" in " ".join(human.split())


def test_a_pass_at_a_long_path_keeps_its_line_at_80_columns(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: Any
) -> None:
    # Reactive-Resume's `(…/apps/server/src/auth/auth.controller.ts…)`: the line was cut off
    name = "Reactive-Resume/apps/server/src/auth/strategy/signing.strategy.ts"
    code = "jwt.sign({ id }, process.env.JWT_SECRET, { expiresIn: '15m' })"
    args = ("--select", "JWT901", "--verbose")
    lines = _at_80_columns(cli, monkeypatch, tmp_path, name, code, *args)
    assert "signing.strategy.ts:2)" in "".join(lines)
    assert not any(line.endswith("…") for line in lines)


def test_the_summary_counts_the_files_left_unread(cli: Callable[..., Any], tmp_path: Path) -> None:
    # round R: bigcapital's and plane's unread files were said only on stderr, file by file
    (tmp_path / "server.js").write_text(
        "const jwt = require('jsonwebtoken');\n"
        "const t = jwt.sign({ id: 1 }, process.env.JWT_SECRET, { expiresIn: '15m' });\n",
        encoding="utf-8",
    )
    (tmp_path / "bundle.js").write_text("var a=1;" * 40_000 + "\n", encoding="utf-8")
    result = cli("check", "--src", str(tmp_path), "--select", "JWT9", "--no-color")
    assert "1 file, 1 not read)" in " ".join(result.stdout.split())
    (tmp_path / "bundle.js").unlink()
    result = cli("check", "--src", str(tmp_path), "--select", "JWT9", "--no-color")
    assert "1 file)" in " ".join(result.stdout.split())


def test_a_service_in_a_language_not_read_is_said_so(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    (tmp_path / "cmd").mkdir()
    (tmp_path / "cmd" / "main.go").write_text(
        'package main\nvar key = "secret"\n', encoding="utf-8"
    )
    (tmp_path / "web.js").write_text("export const x = 1;\n", encoding="utf-8")
    result = cli("check", "--src", str(tmp_path), "--select", "JWT908", "--json")
    (skip,) = [f for f in json.loads(result.stdout)["findings"] if f["id"] == "JWT908"]
    assert skip["status"] == "skip"
    assert "the 1 source file read (1 Go file is not read: --src reads Python" in skip["message"]
    # a few files of another language beside the code read are no service left unread
    for n in range(12):
        (tmp_path / f"m{n}.js").write_text("export const x = 1;\n", encoding="utf-8")
    result = cli("check", "--src", str(tmp_path), "--select", "JWT908", "--json")
    (skip,) = [f for f in json.loads(result.stdout)["findings"] if f["id"] == "JWT908"]
    assert "Go" not in skip["message"]
