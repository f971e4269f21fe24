"""Text from a token, a file or a server never reaches the terminal as control sequences.

A claim, a file name or a line of code may hold ESC sequences (colours, OSC 8
links, OSC 52 writing the clipboard), C1 controls, carriage returns,
backspaces and bidi overrides. Human output (with colour too), `error:` and
`note:` lines show stand-ins; GitHub annotations stay one command a line;
JUnit stays well-formed XML; SARIF stays JSON.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from conftest import make_token

from jwtfix.render.terminal import UNSAFE, UNSAFE_IN_LINE, one_line, printable

HOSTILE = (
    "\x1b]52;c;aGk=\x07"  # OSC 52: write the clipboard
    "\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\"  # OSC 8: a hyperlink
    "\x1b[2J\x1b[31m"  # clear the screen, red
    "\x9b2J\x9d0;title\x9c"  # the same as C1 controls
    "over\rwrite\x08\x08"  # carriage return, backspaces
    "\u202etxt.exe\u202c\u2066iso\u2069"  # bidi override and isolate
)
SGR = re.compile(r"\x1b\[[0-9;]*m")
"""rich's own colour codes: the only escapes coloured output may hold."""


def assert_harmless(text: str, *, colour: bool = False) -> None:
    shown = SGR.sub("", text) if colour else text
    assert not UNSAFE.search(shown), repr(shown)


def test_every_control_gets_a_visible_stand_in() -> None:
    shown = printable(HOSTILE)
    assert not UNSAFE.search(shown)
    assert shown.startswith("␛]52;c;aGk=␇")
    assert "over␍write␈␈" in shown
    assert printable("a\tb\nc") == "a\tb\nc"
    assert one_line("a\n\tb\x1b") == "a b␛"
    assert not UNSAFE_IN_LINE.search(one_line(HOSTILE))


@pytest.mark.parametrize("colour", [False, True])
def test_decode_and_expiry_show_hostile_claims_harmlessly(cli: Any, colour: bool) -> None:
    token = make_token({"sub": HOSTILE, HOSTILE: 1, "exp": 4102444800})
    env = {"FORCE_COLOR": "1", "NO_COLOR": ""} if colour else None
    for command in ("decode", "expiry"):
        result = cli(command, token, env=env)
        assert result.exit_code == 0, result.output
        assert_harmless(result.stdout, colour=colour)
        if colour and command == "decode":
            assert SGR.search(result.stdout)  # the colour itself is still there


def test_an_error_line_shows_a_hostile_path_harmlessly(cli: Any) -> None:
    result = cli("decode", "@/nonexistent/" + HOSTILE)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert not UNSAFE_IN_LINE.search(result.stderr.rstrip("\n"))


@pytest.fixture
def hostile_tree(tmp_path: Path) -> Path:
    """A folder whose one source file has a hostile name and a hostile line of code."""
    name = "a" + HOSTILE.replace("/", "_") + "\n::error::injected%0A::warning::x.js"
    code = (
        "const jwt = require('jsonwebtoken');\n"
        "function login(user) {\n"
        f"  return jwt.sign({{ sub: user, note: '{HOSTILE}' }}, process.env.JWT_SECRET, "
        "{ expiresIn: '30d' });\n"
        "}\n"
    )
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / name).write_text(code, encoding="utf-8")
    return tmp_path / "src"


@pytest.mark.parametrize("colour", [False, True])
def test_check_src_human_output_is_harmless(cli: Any, hostile_tree: Path, colour: bool) -> None:
    env = {"FORCE_COLOR": "1", "NO_COLOR": ""} if colour else None
    result = cli("check", "--src", str(hostile_tree), "--select", "JWT901", env=env)
    assert result.exit_code == 0, result.output
    assert "JWT901" in result.stdout  # the finding is there, its file and line shown
    assert_harmless(result.stdout, colour=colour)
    assert_harmless(result.stderr.replace("\n", " "))


def test_check_src_github_annotations_cannot_be_injected(cli: Any, hostile_tree: Path) -> None:
    result = cli("check", "--src", str(hostile_tree), "--select", "JWT901", "-f", "github")
    lines = result.stdout.splitlines()
    assert len(lines) == 2, lines  # one annotation, one summary: nothing injected
    assert lines[0].startswith("::warning file=") and "title=JWT901::" in lines[0]
    assert lines[1].startswith("jwtfix check: ")
    assert "\r" not in result.stdout
    assert "%250A" in lines[0]  # the file name's literal `%0A` stays text


def test_check_src_junit_and_sarif_stay_well_formed(cli: Any, hostile_tree: Path) -> None:
    junit = cli("check", "--src", str(hostile_tree), "--select", "JWT901", "-f", "junit")
    root = ET.fromstring(junit.stdout.split("\n", 1)[1])  # parses: no XML-invalid character
    assert root.find(".//testcase") is not None
    sarif = cli("check", "--src", str(hostile_tree), "--select", "JWT901", "-f", "sarif")
    document = json.loads(sarif.stdout)
    results = document["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["JWT901"]
    uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert "\n" not in uri and "\x1b" not in uri  # percent-encoded


def test_scan_shows_a_hostile_file_name_harmlessly(cli: Any, tmp_path: Path) -> None:
    token = make_token({"sub": "x", "exp": 4102444800})
    (tmp_path / ("t" + HOSTILE.replace("/", "_") + ".log")).write_text(f"Bearer {token}\n")
    result = cli("scan", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert_harmless(result.stdout)
