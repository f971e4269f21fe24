"""sign and verify with no key option: $JWT_SECRET, else the folder's .env (SPEC 4.6)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Cli = Callable[..., Any]
SECRET = "o4OOeiaqsrJmG3LeNVgaccpiKIvT2TsLTvbBvDgDgs3UnZoeXjZwKHw04nR9nIZ4"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("JWT_SECRET", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_sign_in_a_folder_with_a_env(cli: Cli, project: Path) -> None:
    (project / ".env").write_text(f"# service\nJWT_SECRET={SECRET}\nJWT_ISSUER=https://a.test\n")
    signed = cli("sign", "--expires", "15m", "--at", "2026-01-25T10:15:00Z")
    assert signed.exit_code == 0, signed.stderr
    assert "JWT_SECRET in .env:2" in signed.stderr and SECRET not in signed.stderr
    token = signed.stdout.strip()
    checked = cli("verify", token, "--at", "2026-01-25T10:16:00Z", "--json")
    assert checked.exit_code == 0 and '"valid": true' in checked.stdout
    assert "JWT_SECRET in .env:2" in checked.stderr
    # the .env's other settings apply too: its issuer is in the token
    decoded = cli("decode", token, "--claim", "iss")
    assert decoded.stdout.strip() == "https://a.test"


def test_an_exported_jwt_secret_wins_over_the_env(
    cli: Cli, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / ".env").write_text("JWT_SECRET=another-secret-of-the-folder-0123456789\n")
    monkeypatch.setenv("JWT_SECRET", SECRET)
    signed = cli("sign", "--expires", "15m")
    assert signed.exit_code == 0
    assert "$JWT_SECRET of the environment" in signed.stderr and SECRET not in signed.stderr
    checked = cli("verify", signed.stdout.strip(), "--secret-env", "JWT_SECRET", "-q")
    assert checked.exit_code == 0


def test_without_either_the_error_names_them(cli: Cli, project: Path) -> None:
    signed = cli("sign", "--expires", "15m")
    assert signed.exit_code == 2
    assert "$JWT_SECRET or the .env of the current folder" in signed.stderr


def test_a_key_option_turns_the_fallback_off(
    cli: Cli, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JWT_SECRET", SECRET)
    signed = cli("sign", "--secret-env", "JWT_SECRET", "--expires", "1m")
    assert signed.exit_code == 0 and "no key option" not in signed.stderr


def test_the_folder_env_is_read_as_python_dotenv_in_a_python_project(
    cli: Cli, project: Path
) -> None:
    # python-dotenv reads \" as a quote; Node's dotenv keeps the backslash
    (project / ".env").write_text('JWT_SECRET="a-long-secret-with-a-\\"quote\\"-0123456789"\n')
    (project / "requirements.txt").write_text("fastapi\n")
    signed = cli("sign", "--expires", "1m")
    assert "python-dotenv" in signed.stderr
    secret = 'a-long-secret-with-a-"quote"-0123456789'
    as_python = cli("verify", signed.stdout.strip(), "--secret", secret, "-q")
    assert as_python.exit_code == 0
