"""Every option that takes a value survives bytes that are not UTF-8.

On POSIX a command line is bytes; Python hands undecodable ones to jwtfix as
lone surrogates (`b'\\xff'` -> `'\\udcff'`), which no UTF-8 encoder accepts.
Each command line below carries such a value (`BAD`) in one place and runs as
a child process with the bytes as given: the answer is a correct result or
one `error:` line with exit 2, never exit 3 or a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import make_token

BAD = b"x\xff\xfey"
"""Not UTF-8 (and not Latin-1 text a user meant)."""
JWTFIX = os.fsencode(Path(sys.executable).with_name("jwtfix"))
SECRET = b"test-secret-that-is-at-least-32-bytes-long!"
TOKEN = make_token({"sub": "u", "exp": 4102444800, "iat": 1769336100}).encode()

LINES: dict[str, list[bytes]] = {
    "decode TOKEN": [b"decode", BAD],
    "decode --claim": [b"decode", TOKEN, b"--claim", BAD],
    "decode --at": [b"decode", TOKEN, b"--at", BAD],
    "decode @FILE": [b"decode", b"@" + BAD],
    "expiry --skew": [b"expiry", TOKEN, b"--skew", BAD],
    "expiry --buffer": [b"expiry", TOKEN, b"--buffer", BAD],
    "sign --secret": [b"sign", b"--secret", BAD + SECRET],
    "sign --secret-env": [b"sign", b"--secret-env", BAD],
    "sign --secret-file": [b"sign", b"--secret-file", BAD],
    "sign --key": [b"sign", b"--key", BAD, b"--alg", b"RS256"],
    "sign --env": [b"sign", b"--env", BAD],
    "sign --claim k=v": [b"sign", b"--secret", SECRET, b"--claim", b"k=" + BAD],
    "sign --claim k:=json": [b"sign", b"--secret", SECRET, b"--claim", b'k:="' + BAD + b'"'],
    "sign --header": [b"sign", b"--secret", SECRET, b"--header", b"k=" + BAD],
    "sign --sub": [b"sign", b"--secret", SECRET, b"--sub", BAD],
    "sign --iss": [b"sign", b"--secret", SECRET, b"--iss", BAD],
    "sign --aud": [b"sign", b"--secret", SECRET, b"--aud", BAD],
    "sign --jti": [b"sign", b"--secret", SECRET, b"--jti", BAD],
    "sign --kid": [b"sign", b"--secret", SECRET, b"--kid", BAD],
    "sign --alg": [b"sign", b"--secret", SECRET, b"--alg", BAD],
    "sign --expires": [b"sign", b"--secret", SECRET, b"--expires", BAD],
    "sign --payload": [b"sign", b"--secret", SECRET, b"--payload", b'{"a":"' + BAD + b'"}'],
    "sign --payload @FILE": [b"sign", b"--secret", SECRET, b"--payload", b"@" + BAD],
    "sign --secret-encoding": [b"sign", b"--secret", SECRET, b"--secret-encoding", BAD],
    "verify --secret": [b"verify", TOKEN, b"--secret", BAD],
    "verify --aud": [b"verify", TOKEN, b"--secret", SECRET, b"--aud", BAD],
    "verify --iss": [b"verify", TOKEN, b"--secret", SECRET, b"--iss", BAD],
    "verify --sub": [b"verify", TOKEN, b"--secret", SECRET, b"--sub", BAD],
    "verify --require": [b"verify", TOKEN, b"--secret", SECRET, b"--require", BAD],
    "verify --alg": [b"verify", TOKEN, b"--secret", SECRET, b"--alg", BAD],
    "verify --jwks PATH": [b"verify", TOKEN, b"--jwks", BAD],
    "verify --jwks URL": [b"verify", TOKEN, b"--jwks", b"http://127.0.0.1:9/" + BAD],
    "check --env": [b"check", TOKEN, b"--env", BAD],
    "check --secret": [b"check", TOKEN, b"--secret", BAD],
    "check --select": [b"check", TOKEN, b"--select", BAD],
    "check --format": [b"check", TOKEN, b"--format", BAD],
    "check --har": [b"check", b"--har", BAD],
    "check --wordlist": [b"check", TOKEN, b"--secret", SECRET, b"--wordlist", BAD],
    "check --credentials": [
        b"check",
        b"--live",
        b"http://127.0.0.1:9",
        b"--credentials",
        b'{"u":"' + BAD + b'"}',
    ],
    "check --login": [b"check", TOKEN, b"--live", b"http://127.0.0.1:9", b"--login", BAD],
    "probe URL": [b"probe", b"http://127.0.0.1:9/" + BAD, b"--no-token"],
    "probe TOKEN": [b"probe", b"http://127.0.0.1:9/", BAD],
    "probe -X": [b"probe", b"http://127.0.0.1:9/", b"--no-token", b"-X", BAD],
    "probe -H": [b"probe", b"http://127.0.0.1:9/", b"--no-token", b"-H", b"X-A: " + BAD],
    "probe -H name": [b"probe", b"http://127.0.0.1:9/", b"--no-token", b"-H", BAD + b": v"],
    "probe --data": [b"probe", b"http://127.0.0.1:9/", b"--no-token", b"--data", BAD],
    "explain MESSAGE": [b"explain", b"jwt expired " + BAD],
    "explain --token": [b"explain", b"invalid signature", b"--token", BAD],
    "scan PATH": [b"scan", BAD],
    "scan --expiring-within": [b"scan", b".", b"--expiring-within", BAD],
    "har PATH": [b"har", BAD],
    "keygen --out": [b"keygen", b"--alg", b"ES256", b"--out", BAD],
}


@pytest.mark.parametrize("name", sorted(LINES))
def test_bytes_that_are_not_utf8_are_an_error_line_or_a_result(name: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [JWTFIX, *LINES[name]],
        capture_output=True,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1", "LC_ALL": "C.UTF-8"},
        timeout=60,
        check=False,
    )
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode in (0, 1, 2), stderr
    assert "Traceback" not in stderr and "internal error" not in stderr
    if result.returncode == 2:
        assert stderr.count("error:") == 1, stderr


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["-X", "é"], "-X 'é': a method is a word of ASCII letters"),
        (["-X", "GET /x"], "a method is a word"),
        (["-H", "Content-Length: 5"], "jwtfix writes Content-Length itself"),
        (["-H", "Transfer-Encoding: chunked"], "jwtfix writes Transfer-Encoding itself"),
        (["-H", "X-A: é"], "a header value is printable ASCII on one line"),
        (["-H", "Nâme: v"], "write a header as 'Name: value'"),
    ],
)
def test_probe_refuses_a_request_it_cannot_send_before_sending(
    cli: Any, args: list[str], says: str
) -> None:
    # port 9 is closed: had the request been sent, the error would be "connection refused"
    result = cli("probe", "http://127.0.0.1:9/", "--no-token", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and says in result.stderr
