"""`scan` on text as real logs and repositories hold it: tokens glued to what comes before
them (`Bearer%20eyJ…`, `%22eyJ…`, `\\neyJ…`), headers that do not start `eyJ` (`ewog…`,
pretty-printed), `=`-padded segments; nothing reported that is not a token; and a folder
holding clones read with each clone's own ignore rules."""

from __future__ import annotations

import base64
import io
import json
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from conftest import NOW, NOW_ISO, make_token

from jwtfix import tokens
from jwtfix.ops import scan as ops

TOKEN = make_token({"sub": "alice", "exp": NOW + 3600})
HEADERS = {
    "pretty (ewog)": b'{\n  "alg": "HS256",\n  "typ": "JWT"\n}',
    "pretty, tabs (ewoJ)": b'{\n\t"alg": "HS256"\n}',
    "CRLF (ew0K)": b'{\r\n  "alg": "HS256"\r\n}',
    "tab after the brace (ewki)": b'{\t"alg": "RS256"}',
    "space after the brace (eyAi)": b'{ "alg": "ES256", "typ": "JWT" }',
}


def b64(data: bytes, pad: bool = False) -> str:
    text = base64.urlsafe_b64encode(data).decode("ascii")
    return text if pad else text.rstrip("=")


NO_ALG = b64(b'{"note": "no alg"}')
PRETTY_NO_ALG = b64(b'{\n  "user": "x"\n}')


def token_with(header: bytes, pad: bool = False) -> str:
    payload = json.dumps({"sub": "bob", "exp": NOW + 60}).encode()
    return f"{b64(header, pad)}.{b64(payload, pad)}.{b64(b'signature!', pad)}"


def found_in(text: str) -> list[str]:
    """Tokens `scan` finds in a text (its byte search) — and `find_tokens` agrees."""
    by_scan = [p.text for _, _, p in ops.search(io.BytesIO(text.encode()))]
    assert [f.token.text for f in tokens.find_tokens(text)] == by_scan
    return by_scan


# --- glued to the text before -------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        f"GET /cb?auth=Bearer%20{TOKEN}&x=1",  # a URL-encoded Authorization value
        f"cookie: session=Bearer%20{TOKEN}",
        f"q=%7B%22token%22%3A%22{TOKEN}%22%7D",  # URL-encoded JSON
        f'"msg": "issued\\n{TOKEN}"',  # an escaped newline in a JSON string
        f'"body": "{{\\"t\\":\\"{TOKEN}\\"}}"',  # an escaped quote
        f'"x": "\\u0022{TOKEN}\\u0022"',
        f"token={TOKEN}",
        f"Authorization: Bearer {TOKEN}",
    ],
)
def test_a_token_glued_after_an_escape_is_found(line: str) -> None:
    assert found_in(line) == [TOKEN]


@pytest.mark.parametrize(
    "line",
    [
        f"x{TOKEN}",  # inside a longer word: no token starts there
        f"abc{TOKEN}",
        f"%2{TOKEN}",  # not a whole percent-escape
        "the framework and the network: homework, eyAbc.def.ghi",
        "state=eyJyZXR1cm4iOiIvIn0 and eyJ.eyJ.x",
        NO_ALG + ".eyJhIjoxfQ.c2ln",
        PRETTY_NO_ALG + ".eyJhIjoxfQ.c2ln",  # pretty-printed, but no alg
    ],
)
def test_nothing_that_is_not_a_token_is_reported(line: str) -> None:
    assert found_in(line) == []


# --- every header shape decode accepts -------------------------------------------------------


@pytest.mark.parametrize("header", HEADERS.values(), ids=list(HEADERS))
def test_headers_with_white_space_after_the_brace_are_found(header: bytes) -> None:
    token = token_with(header)
    assert found_in(f"log: token={token} end") == [token]
    assert tokens.parse(token).header["alg"]  # decode reads it too


def test_padded_segments_are_found_whole() -> None:
    token = token_with(b'{"alg":"HS256","typ":"JWT"}', pad=True)
    assert "=" in token
    assert found_in(f'"token": "{token}",') == [token]
    assert tokens.parse(token).encoding_issues  # decode reads it, and says it is padded


def test_scan_reports_the_column_after_the_escape(cli: Any, tmp_path: Path) -> None:
    pretty = token_with(HEADERS["pretty (ewog)"])
    log = tmp_path / "access.log"
    log.write_text(
        f"10:00 GET /a?next=Bearer%20{TOKEN} 200\n10:01 body={{\\n{pretty}}} 401\n",
        encoding="utf-8",
    )
    result = cli("scan", "--json", "--at", NOW_ISO, str(log))
    found = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["line"], r["column"], r["sub"]) for r in found] == [
        (1, len("10:00 GET /a?next=Bearer%20") + 1, "alice"),
        (2, len("10:01 body={\\n") + 1, "bob"),
    ]
    assert TOKEN not in result.output and pretty not in result.output


def test_a_long_line_cut_into_blocks_keeps_escaped_tokens() -> None:
    line = "".join(f"p{i}=Bearer%20{TOKEN}&" for i in range(50))
    found = list(ops.search(io.BytesIO(line.encode()), bytearray(1024)))
    assert len(found) == 50 and {p.text for _, _, p in found} == {TOKEN}


def test_quote_round_trip_is_the_shape_of_a_logged_cookie() -> None:
    assert quote(f"Bearer {TOKEN}") == f"Bearer%20{TOKEN}"


# --- a folder holding clones ----------------------------------------------------------------


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def clone_like(root: Path, name: str, token: str) -> Path:
    repo = root / name
    (repo / "src").mkdir(parents=True)
    (repo / "node_modules" / "dep").mkdir(parents=True)
    (repo / ".gitignore").write_text("node_modules/\n*.log\n", encoding="utf-8")
    (repo / "src" / "fixture.js").write_text(f'const t = "{token}";\n', encoding="utf-8")
    (repo / "node_modules" / "dep" / "index.js").write_text(f'"{TOKEN}"\n', encoding="utf-8")
    (repo / "debug.log").write_text(f"{TOKEN}\n", encoding="utf-8")
    git(repo, "init", "-q")
    return repo


def test_a_folder_of_clones_honours_each_clones_ignore_files(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = tmp_path / "clones"
    one = make_token({"sub": "one"})
    two = make_token({"sub": "two"})
    clone_like(root, "first", one)
    clone_like(root, "second", two)
    (root / "notes.txt").write_text(f"loose: {TOKEN}\n", encoding="utf-8")
    result = cli("scan", "--json", "--at", NOW_ISO, str(root))
    found = sorted(
        (Path(r["file"]).relative_to(root).as_posix(), r["sub"])
        for r in map(json.loads, result.stdout.splitlines())
    )
    assert found == [
        ("first/src/fixture.js", "one"),
        ("notes.txt", "alice"),
        ("second/src/fixture.js", "two"),
    ]
    assert "node_modules" in result.stderr and "ignored by git" in result.stderr
