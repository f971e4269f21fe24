"""One canary secret and one canary token through every command, format and error path.

The secret must never appear in any output (stdout or stderr), whole or in
part; the token only where the command's job is to print it (`scan
--show-tokens`). `sign` prints new tokens, signed with the secret: the secret
stays out of them too.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import NOW_ISO, make_token
from servers import LocalServer, Reply, Request

SECRET = "CANARYSECRET-7f3a9c1e5b2d4f6081a3c5e7f9b1d3e5"
"""Long enough for every HS algorithm; its marker part is what is looked for."""
MARKER = "CANARYSECRET"
TOKEN = make_token(
    {"sub": "canary", "iat": 1769336100, "exp": 1769337000, "iss": "https://auth.test"},
    secret=SECRET,
)
SIGNATURE = TOKEN.rsplit(".", 1)[1]
"""The part of the token that only decode (and scan --show-tokens) has a reason to print."""


@pytest.fixture
def place(tmp_path: Path) -> Path:
    """A folder with the canaries where users keep them: .env, a log, a HAR, a token file."""
    (tmp_path / ".env").write_text(
        f"JWT_SECRET={SECRET}\nJWT_REFRESH_SECRET={SECRET} \nJWT_EXPIRES_IN=15m\n"
        f"BROKEN LINE {SECRET}\n"
    )
    (tmp_path / "bad.env").write_text(f'JWT_SECRET="{SECRET}\nJWT_ALGORITHM=HS256\n')
    (tmp_path / "secret.txt").write_text(SECRET + "\n")
    (tmp_path / "words.txt").write_text(f"password\n{SECRET}\n")
    (tmp_path / "token.txt").write_text(TOKEN + "\n")
    (tmp_path / "app.log").write_text(f"GET /me Authorization: Bearer {TOKEN}\nsecret={SECRET}\n")
    entry = {
        "startedDateTime": "2026-01-25T10:15:00.000Z",
        "time": 1,
        "request": {
            "method": "GET",
            "url": "https://app.test/me",
            "headers": [{"name": "Authorization", "value": f"Bearer {TOKEN}"}],
            "cookies": [],
            "queryString": [],
        },
        "response": {
            "status": 401,
            "headers": [{"name": "Set-Cookie", "value": f"rt={TOKEN}; Path=/"}],
            "cookies": [],
            "content": {"mimeType": "application/json", "text": json.dumps({"token": TOKEN})},
        },
    }
    (tmp_path / "s.har").write_text(json.dumps({"log": {"version": "1.2", "entries": [entry]}}))
    return tmp_path


def _lines(d: Path) -> Iterator[tuple[str, list[str]]]:
    env, at = str(d / ".env"), ["--at", NOW_ISO]
    secret = ["--secret", SECRET]
    wrong = ["--secret", "another-secret-of-at-least-32-bytes!!"]
    yield "decode", ["decode", TOKEN]
    yield "decode --json", ["decode", TOKEN, "--json"]
    yield "decode --claim", ["decode", TOKEN, "--claim", "sub"]
    yield "expiry", ["expiry", TOKEN, *at]
    yield "expiry --json", ["expiry", TOKEN, "--json", *at]
    for fmt in ([], ["--json"]):
        yield f"verify {fmt}", ["verify", TOKEN, *secret, *at, *fmt]
        yield f"verify wrong {fmt}", ["verify", TOKEN, *wrong, *at, *fmt]
        yield f"verify --env {fmt}", ["verify", TOKEN, "--env", env, *at, *fmt]
        yield f"verify --refresh {fmt}", ["verify", TOKEN, "--env", env, "--refresh", *at, *fmt]
        yield f"verify file {fmt}", ["verify", TOKEN, "--secret-file", str(d / "secret.txt"), *fmt]
        yield f"verify not a JWT {fmt}", ["verify", "not.a.jwt", *secret, *fmt]
        yield f"verify bad alg {fmt}", ["verify", TOKEN, *secret, "--alg", "RS256", *fmt]
        yield f"sign {fmt}", ["sign", *secret, "--sub", "x", *fmt]
        yield f"sign --env {fmt}", ["sign", "--env", env, "--pair", *fmt]
        yield f"sign bad claim {fmt}", ["sign", *secret, "--claim", "broken", *fmt]
        yield f"sign RS with secret {fmt}", ["sign", *secret, "--alg", "RS256", *fmt]
        yield f"sign bad env {fmt}", ["sign", "--env", str(d / "bad.env"), *fmt]
        yield f"explain {fmt}", ["explain", "invalid signature", "--token", TOKEN, *secret, *fmt]
        yield f"explain env {fmt}", ["explain", "jwt expired", "--token", TOKEN, "--env", env, *fmt]
        yield f"scan {fmt}", ["scan", str(d), *at, *fmt]
    for kind in ("human", "json", "github", "sarif", "junit"):
        check = ["check", TOKEN, "--format", kind, *at]
        yield f"check {kind}", [*check, "--env", env]
        yield f"check secret {kind}", [*check, *secret, "--wordlist", str(d / "words.txt")]
        yield f"check bad env {kind}", [*check, "--env", str(d / "bad.env")]
        yield f"check wrong {kind}", [*check, *wrong, "--env", env]
        yield f"check not a JWT {kind}", ["check", "not-a-jwt", "--format", kind, *secret]
        yield f"check har {kind}", [*check, "--har", str(d / "s.har"), "--env", env]
    for kind in ("human", "json", "github", "sarif"):
        yield f"scan {kind}", ["scan", str(d), "--format", kind, *at]
        yield f"har {kind}", ["har", str(d / "s.har"), "--format", kind]


def test_the_secret_never_appears_and_the_token_only_where_asked(
    cli: Callable[..., Any], place: Path
) -> None:
    seen, leaks = 0, []
    for name, args in _lines(place):
        result = cli(*args)
        output = result.stdout + result.stderr
        assert result.exit_code in (0, 1, 2), (name, output)
        if MARKER in output:
            leaks.append(f"{name}: the secret")
        # decode shows the signature segment (its JSON has "signature"); no command the token
        if TOKEN in output or (SIGNATURE in output and not name.startswith("decode")):
            leaks.append(f"{name}: the token")
        seen += 1
    assert leaks == []
    assert seen > 60


def test_scan_prints_tokens_only_with_show_tokens(cli: Callable[..., Any], place: Path) -> None:
    shown = cli("scan", str(place), "--show-tokens", "--at", NOW_ISO)
    assert SIGNATURE in shown.stdout
    assert MARKER not in shown.stdout + shown.stderr


def test_probe_and_the_live_flow_never_show_the_secret_or_the_token(
    cli: Callable[..., Any], place: Path, local_server: Callable[..., LocalServer]
) -> None:
    def answer(request: Request) -> Reply:
        # a server that echoes what it got, as some debug endpoints do
        return Reply.json(
            401,
            json.dumps({"error": "invalid_token", "got": request.headers.get("authorization")}),
            [("WWW-Authenticate", 'Bearer error="invalid_token"')],
        )

    server = local_server(answer)
    env = str(place / ".env")
    lines = [
        ["probe", f"{server.url}/me", TOKEN, "--env", env],
        ["probe", f"{server.url}/me", TOKEN, "--env", env, "--json"],
        ["check", TOKEN, "--live", server.url, "--env", env, "--no-logout", "--timeout", "2s"],
        ["check", TOKEN, "--live", server.url, *["--secret", SECRET], "--format", "json"],
        ["verify", TOKEN, "--jwks", f"{server.url}/jwks", "--timeout", "2s"],
    ]
    for args in lines:
        result = cli(*args)
        output = result.stdout + result.stderr
        assert result.exit_code in (0, 1, 2), (args, output)
        assert MARKER not in output, args
        assert SIGNATURE not in output, args  # the server echoed the bearer in its body
