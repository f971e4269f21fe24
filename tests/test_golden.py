"""Golden human output of every command on the bundled examples, at 80 and 120 columns.

A fixed `now` (`--at`), no colour. `JWTFIX_UPDATE_GOLDEN=1` rewrites the files
in tests/data/golden/ (review the diff). Every output is also held to the
width it was rendered at: no line is wider than the console (SPEC 4.5).
"""

from __future__ import annotations

import os
from email.utils import formatdate
from pathlib import Path

import pytest
from conftest import NOW, NOW_ISO
from typer.testing import CliRunner

from jwtfix import tokens
from jwtfix.cli import app
from jwtfix.httpclient import Exchange
from jwtfix.ops.probe import probe
from jwtfix.render.human.probe import probe_text

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "data" / "golden"
WIDTHS = (80, 120)
EXPIRED = "examples/expired-access.jwt"
AT = ("--at", NOW_ISO)

COMMANDS: dict[str, tuple[str, ...]] = {
    "decode": ("decode", *AT, f"@{EXPIRED}"),
    "expiry": ("expiry", *AT, f"@{EXPIRED}"),
    "expiry-skew": ("expiry", "--at", "2026-01-01T00:15:10Z", "--skew", "30s", f"@{EXPIRED}"),
    "verify": ("verify", *AT, "--env", "examples/good.env", f"@{EXPIRED}"),
    "verify-refresh": ("verify", *AT, "--env", "examples/good.env", "@examples/refresh.jwt"),
    "check": ("check", *AT, "--env", "examples/broken.env", f"@{EXPIRED}"),
    "check-good": ("check", *AT, "--env", "examples/good.env", "@examples/valid-access.jwt"),
    "check-verbose": ("check", *AT, "--env", "examples/good.env", "--verbose"),
    "explain": ("explain", "TokenExpiredError: jwt expired", *AT, "--token", f"@{EXPIRED}"),
    "explain-unknown": ("explain", "the frobnicator refused the token"),
    "scan": ("scan", *AT, "--expiring-within", "30d", "examples"),
    "har": ("har", "examples/session.har"),
}


def _cli(args: tuple[str, ...], width: int) -> str:
    env = {"COLUMNS": str(width), "NO_COLOR": "1", "FORCE_COLOR": "", "JWT_SECRET": ""}
    cwd = os.getcwd()
    os.chdir(ROOT)  # the examples are named as a user in the repository names them
    try:
        result = CliRunner().invoke(app, list(args), env=env)
    finally:
        os.chdir(cwd)
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


def _probe(width: int) -> str:
    """probe's output over one recorded answer (a server needs a port, which would vary)."""
    token = (ROOT / EXPIRED).read_text().strip()
    header = 'Bearer realm="api", error="invalid_token", error_description="jwt expired"'
    exchange = Exchange(
        index=1,
        method="GET",
        url="http://127.0.0.1:8080/api/me",
        request_headers=(("Authorization", "Bearer <sha256:2633e9c3>"),),
        sent_at=NOW - 0.05,
        status=401,
        response_headers=(
            ("Date", formatdate(NOW, usegmt=True)),
            ("WWW-Authenticate", header),
            ("Content-Type", "application/json"),
        ),
        body=b'{"code": "TOKEN_EXPIRED", "message": "jwt expired"}',
        received_at=NOW + 0.05,
    )
    report = probe(exchange, now=NOW, token=tokens.parse(token), sent_token=True)
    return probe_text(report, color=False, width=width)


def _output(name: str, width: int) -> str:
    return _probe(width) if name == "probe" else _cli(COMMANDS[name], width)


CASES = [(name, width) for name in [*COMMANDS, "probe"] for width in WIDTHS]


@pytest.mark.parametrize(("name", "width"), CASES, ids=[f"{n}-{w}" for n, w in CASES])
def test_golden(name: str, width: int) -> None:
    text = _output(name, width)
    golden = GOLDEN / f"{name}-{width}.txt"
    if os.environ.get("JWTFIX_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text)
    assert text == golden.read_text()
    too_wide = [line for line in text.splitlines() if len(line) > width]
    assert too_wide == []


def test_the_articles_case_is_answered_in_the_first_line(tmp_path: Path) -> None:
    """A 5-minute token the server calls `jwt expired`, a .env with JWT_EXPIRES_IN=5m."""
    env = tmp_path / ".env"
    env.write_text(
        "# the article's placeholders\nJWT_SECRET=your-super-secret-jwt-key\n"
        "JWT_REFRESH_SECRET=your-refresh-secret-key\nJWT_EXPIRES_IN=5m\n"
    )
    signed = CliRunner().invoke(
        app, ["sign", "--env", str(env), "--expires", "5m", "--at", str(NOW - 720)]
    )
    token = signed.stdout.strip()
    text = _cli(("check", "--env", str(env), "--at", str(NOW), token), 120)
    assert text.startswith("✘ The token expired 7m ago after living 5m")
    assert " ".join(text.split()).startswith(
        f"✘ The token expired 7m ago after living 5m, as JWT_EXPIRES_IN=5m at {env}:4 sets: "
        "the client must refresh it"
    )
    # the expired token is the client's problem (item 3), not the middleware's (item 10)
    assert "3. The frontend handles 401 and refreshes  fail" in text
    assert "10. The middleware checks expiry  fail" not in text


def test_probe_shows_the_challenge_as_sent_and_keeps_the_body_code() -> None:
    token = (ROOT / EXPIRED).read_text().strip()
    exchange = Exchange(
        index=1,
        method="GET",
        url="http://127.0.0.1:8080/api/me",
        request_headers=(("Authorization", "Bearer <sha256:2633e9c3>"),),
        sent_at=NOW - 0.05,
        status=401,
        response_headers=(("WWW-Authenticate", "Bearer error=invalid_token"),),
        body=b'{"error": "Unauthorized", "message": "Token expired", "code": "E_TOKEN_EXPIRED"}',
        received_at=NOW + 0.05,
    )
    report = probe(exchange, now=NOW, token=tokens.parse(token), sent_token=True)
    text = probe_text(report, color=False, width=120)
    assert "WWW-Authenticate: Bearer error=invalid_token\n" in text  # no quotes added
    assert "(code: E_TOKEN_EXPIRED)" in text
