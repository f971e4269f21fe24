"""`.env` reading (python-dotenv's parser, line numbers) and the JWT308 hazards on the raw text."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, NOW

from jwtfix import checks, envfile
from jwtfix.checks import CheckContext
from jwtfix.envfile import hazards
from jwtfix.errors import InputError
from jwtfix.model import Location, Status

ENV = DATA / "env"


def jwt308(env: envfile.EnvFile) -> list[tuple[Status, int | None, str]]:
    report = checks.run(CheckContext(now=NOW, env=env), select_ids=["JWT308"])
    return [(f.status, f.location.line if f.location else None, f.message) for f in report.findings]


def test_everything_dotenv_accepts_is_read_with_its_line() -> None:
    env = envfile.load(ENV / "features.env", "python")
    assert env.errors == ()
    assert (
        env.value(
            "JWT_SECRET",
        )
        is not None
        and len(env.value("JWT_SECRET") or "") == 64
    )
    assert env.get("JWT_SECRET") is not None and env.get("JWT_SECRET").line == 2  # type: ignore[union-attr]
    assert env.value(
        "JWT_REFRESH_SECRET",
    ) == ("Uv1LNTgX8_QLe2qtwaVwaohe3agwFrmM_kLG8l4U3mY4AyJP8eOojyZ1LjYHkH_P")
    assert env.value("JWT_EXPIRES_IN") == "15m"
    assert env.value("JWT_REFRESH_EXPIRES_IN") == "7d"
    assert env.value("JWT_ALGORITHM") == "HS256"
    assert env.value("JWT_ISSUER") == "https://auth.example.com/#tenant"
    assert env.value("GREETING") == 'say "hi"'
    assert env.value("EMPTY") == ""
    assert env.value("FLAG") is None
    pem = env.value("JWT_PRIVATE_KEY") or ""
    assert pem.startswith("-----BEGIN PRIVATE KEY-----\n") and pem.endswith("KEY-----")
    assert env.where("JWT_AUDIENCE") == f"JWT_AUDIENCE in {ENV / 'features.env'}:15"


def test_fine_lines_are_never_flagged() -> None:
    env = envfile.load(ENV / "features.env")
    assert hazards(env) == []
    assert [status for status, _, _ in jwt308(env)] == [Status.PASS]


def test_node_reads_escapes_in_double_quotes_as_dotenv_does() -> None:
    env = envfile.load(ENV / "features.env", "node")
    assert env.loader_name == "Node's dotenv"
    assert env.value("GREETING") == 'say \\"hi\\"'  # no escape but \n and \r
    assert env.value("FLAG") is None and env.get("JWT_AUDIENCE").line == 15  # type: ignore[union-attr]


def test_the_loader_follows_the_project(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("A=1\n")
    assert envfile.load(tmp_path / ".env").loader == "node"
    (tmp_path / "manage.py").write_text("")
    assert envfile.load(tmp_path / ".env").loader == "python"
    (tmp_path / "package.json").write_text("{}")
    assert envfile.load(tmp_path / ".env").loader == "node"


def test_loaders_that_disagree_on_a_jwt_value_are_a_hazard_naming_both() -> None:
    text = 'JWT_SECRET="escaped \\" quote-0123456789-0123456789"\nJWT_ISSUER="a\\"b"\n'
    found = jwt308(envfile.parse(text, "svc.env"))
    assert [(status, line) for status, line, _ in found] == [(Status.WARN, 1), (Status.WARN, 2)]
    secret, issuer = found[0][2], found[1][2]
    assert "Node's dotenv (the service's loader) reads line 1 (38 characters)" in secret
    assert "python-dotenv reads line 1 (37 characters)" in secret
    assert "quote-0123" not in secret  # a secret is never shown
    assert "reads 'a\\\\\"b' (line 2), python-dotenv reads 'a\"b' (line 2)" in issuer


def test_whitespace_around_secrets_and_duplicates_are_flagged_at_their_lines() -> None:
    findings = jwt308(envfile.load(ENV / "whitespace.env"))
    assert [(status, line) for status, line, _ in findings] == [
        (Status.WARN, 1),
        (Status.WARN, 2),
        (Status.WARN, 5),
    ]
    assert "JWT_SECRET on line 1 has trailing white space" in findings[0][2]
    assert "JWT_REFRESH_SECRET on line 2 has white space inside the quotes" in findings[1][2]
    assert "JWT_EXPIRES_IN is set again on line 5 (first on line 4)" in findings[2][2]
    # JWT_ISSUER has trailing blanks too, but it is no secret: not flagged.
    assert not any("JWT_ISSUER" in message for _, _, message in findings)


def test_bom_and_carriage_return_in_a_secret() -> None:
    env = envfile.load(ENV / "bom-crlf.env")
    assert env.value("JWT_SECRET") is not None  # the BOM does not hide the first key here
    messages = [message for _, line, message in jwt308(env) if line == 1]
    assert any("byte order mark" in m for m in messages)
    assert any("carriage return" in m for m in messages)


def test_an_unbalanced_quote_that_swallows_lines_fails() -> None:
    env = envfile.load(ENV / "swallowed.env", "python")
    (status, line, message), *_ = jwt308(env)
    assert (status, line) == (Status.FAIL, 1)
    assert "closes only on line 3" in message and "JWT_EXPIRES_IN" in message
    assert "Node's dotenv reads the rest of that line as the value, the quote included" in message
    # python-dotenv lost JWT_SECRET: JWT301 says so too
    report = checks.run(CheckContext(now=NOW, env=env), select_ids=["JWT301"])
    assert report.findings[0].status is Status.FAIL


@pytest.mark.parametrize(
    ("text", "line", "phrase"),
    [
        ('A=1\nJWT_SECRET="never closed\nB=2\n', 2, "is never closed"),
        ("JWT_SECRET='abc\nJWT_EXPIRES_IN=15m\nX=y'\n", 1, "JWT_EXPIRES_IN"),
        ("A=1\nthis is not an assignment\n", 2, "not KEY=VALUE"),
        ("JWT_SECRET= leading-space-secret-value-0123456789abcdef\n", 1, "white space after '='"),
        ("JWT_SECRET=abc\nJWT_SECRET=def\n", 2, "set again on line 2 (first on line 1)"),
    ],
)
def test_hazards_point_at_their_line(text: str, line: int, phrase: str) -> None:
    findings = jwt308(envfile.parse(text, "svc.env"))
    assert any(at == line and phrase in m for _, at, m in findings), findings


@pytest.mark.parametrize(
    "text",
    [
        'JWT_SECRET="abc # not a comment inside quotes"\n',
        "JWT_SECRET=abc # a comment after blanks\n",
        'KEY="-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----"\nJWT_SECRET=x\n',
        "export JWT_SECRET='single quoted'\n",
    ],
)
def test_fine_variants_pass(text: str) -> None:
    assert jwt308(envfile.parse(text, "svc.env"))[0][0] is Status.PASS


def test_locations_name_the_file_as_given() -> None:
    report = checks.run(
        CheckContext(now=NOW, env=envfile.parse("JWT_EXPIRES_IN=900\n", "config/.env")),
        select_ids=["JWT307"],
    )
    assert report.findings[0].location == Location("config/.env", 1)


def test_unreadable_env_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"cannot read \.env file"):
        envfile.load(tmp_path / "missing.env")
    latin = tmp_path / "latin.env"
    latin.write_bytes(b"JWT_SECRET=caf\xe9\n")
    with pytest.raises(InputError, match="not UTF-8"):
        envfile.load(latin)


def test_a_token_signed_with_the_other_loaders_reading_is_named() -> None:
    from conftest import make_token

    from jwtfix import tokens
    from jwtfix.ops.verify import verify

    text = 'JWT_SECRET="a-long-secret-with-\\"quotes\\"-0123456789abcdef"\n'
    env = envfile.parse(text, "svc.env", "node")
    python_reading = envfile.parse(text, "svc.env", "python").value("JWT_SECRET") or ""
    token = make_token({"sub": "u", "iat": NOW, "exp": NOW + 900}, secret=python_reading)
    secret = envfile.service_config(env).load_secret()
    report = verify(tokens.parse(token), now=NOW, secret=secret, env=env, env_key="JWT_SECRET")
    assert report.reason == "invalid_signature"
    assert (
        "as python-dotenv reads svc.env (line 1), not as Node's dotenv reads it"
        in (report.diagnosis[0])
    )
