"""The real third-party stacks of tests/stacks/, each started once per test session.

Their Python packages are pinned in tests/stacks/requirements.txt and
installed, the first time a test asks for a stack, into a virtualenv of their
own (tests/stacks/.venv, git-ignored), as `node_modules` installs tests/node
with `npm ci`: a fresh clone needs nothing by hand, and jwtfix's own
environment never sees Django or Flask. Node's oidc-provider comes with
tests/node's lock file.

Each fixture runs one app file of tests/stacks/ on 127.0.0.1 with an
ephemeral port (tests/services.py `start_command`: waits until it listens,
stops it by its pid, also on failure), seeded with the user USERNAME /
PASSWORD. What each stack really does is written down in
tests/stacks/README.md. Nothing here talks to any address but 127.0.0.1.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import os
import re
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
import pytest
from services import PASSWORD, USERNAME, Service, start_command

TESTS = Path(__file__).parent
STACKS_DIR = TESTS / "stacks"
REQUIREMENTS = STACKS_DIR / "requirements.txt"
VENV = STACKS_DIR / ".venv"
STAMP = VENV / "jwtfix-requirements.txt"
"""A copy of the requirements the virtualenv was last installed from."""
INSTALL_TIMEOUT = 600.0
START_TIMEOUT = 60.0
"""Seconds a stack may take to migrate its database and listen (a loaded machine)."""

DJANGO_SECRET_KEY = "stacks-django-secret-key-0123456789-abcdefghijklmnopqrstuv"
"""SECRET_KEY of the Django stacks: simplejwt signs with it by default."""
FLASK_JWT_SECRET_KEY = "stacks-flask-jwt-secret-key-0123456789-abcdefghijklmnop"
FASTAPI_USERS_SECRET = "stacks-fastapi-users-secret-0123456789-abcdefghijklmnop"
OAUTH_CLIENT_ID = "jwtfix-tests"
OAUTH_CLIENT_SECRET = "stacks-oauth-client-secret-0123456789-abcdefgh"
"""The confidential client of django-oauth-toolkit and oidc-provider (client_secret_basic)."""
EMAIL = "alice@example.com"
"""fastapi-users logs in by e-mail (the form's `username` field)."""


def venv_python() -> Path:
    return VENV / "bin" / "python"


def install_stacks() -> Path:
    """Create tests/stacks/.venv and install requirements.txt into it, unless it is current.

    A file lock makes concurrent sessions (pytest-xdist workers) install it once.
    """
    VENV.parent.mkdir(exist_ok=True)
    wanted = REQUIREMENTS.read_text()
    with open(STACKS_DIR / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if STAMP.exists() and STAMP.read_text() == wanted and venv_python().exists():
            return venv_python()
        subprocess.run(
            [sys.executable, "-m", "venv", "--clear", str(VENV)], check=True, timeout=120
        )
        subprocess.run(
            [
                str(venv_python()),
                *("-m", "pip", "install", "-q", "--disable-pip-version-check"),
                *("--no-deps", "-r", str(REQUIREMENTS)),
            ],
            check=True,
            timeout=INSTALL_TIMEOUT,
        )
        STAMP.write_text(wanted)
    return venv_python()


@pytest.fixture(scope="session")
def stacks_python() -> Path:
    """The Python of the stacks' virtualenv (installed on first use)."""
    return install_stacks()


def stack_env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "TEST_USERNAME": USERNAME,
        "TEST_PASSWORD": PASSWORD,
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


@contextlib.contextmanager
def run_python_stack(
    python: Path, app: str, *args: str, stack: str, env: dict[str, str]
) -> Iterator[Service]:
    with start_command(
        [str(python), str(STACKS_DIR / app), *args],
        stack=stack,
        env=env,
        cwd=STACKS_DIR,
        start_timeout=START_TIMEOUT,
    ) as service:
        yield service


@pytest.fixture(scope="session")
def simplejwt_defaults(
    stacks_python: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Service]:
    """Django REST framework + simplejwt with its default settings."""
    db = tmp_path_factory.mktemp("simplejwt-defaults") / "db.sqlite3"
    with run_python_stack(
        stacks_python,
        "simplejwt_app.py",
        *("--db", str(db), "--variant", "defaults"),
        stack="simplejwt-defaults",
        env=stack_env(DJANGO_SECRET_KEY=DJANGO_SECRET_KEY),
    ) as service:
        yield service


@pytest.fixture(scope="session")
def simplejwt_rotate(
    stacks_python: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Service]:
    """simplejwt with ROTATE_REFRESH_TOKENS, BLACKLIST_AFTER_ROTATION and the blacklist view."""
    db = tmp_path_factory.mktemp("simplejwt-rotate") / "db.sqlite3"
    with run_python_stack(
        stacks_python,
        "simplejwt_app.py",
        *("--db", str(db), "--variant", "rotate"),
        stack="simplejwt-rotate",
        env=stack_env(DJANGO_SECRET_KEY=DJANGO_SECRET_KEY),
    ) as service:
        yield service


@pytest.fixture(scope="session")
def flask_jwt(stacks_python: Path) -> Iterator[Service]:
    """Flask-JWT-Extended with its documented refresh (bearer) and blocklist (DELETE) routes."""
    with run_python_stack(
        stacks_python,
        "flask_jwt_app.py",
        stack="flask-jwt-extended",
        env=stack_env(JWT_SECRET_KEY=FLASK_JWT_SECRET_KEY),
    ) as service:
        yield service


@pytest.fixture(scope="session")
def fastapi_users(
    stacks_python: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Service]:
    """fastapi-users: form login, JWT strategy, bearer transport; no refresh token."""
    db = tmp_path_factory.mktemp("fastapi-users") / "users.db"
    with run_python_stack(
        stacks_python,
        "fastapi_users_app.py",
        *("--db", str(db)),
        stack="fastapi-users",
        env=stack_env(FASTAPI_USERS_SECRET=FASTAPI_USERS_SECRET, TEST_EMAIL=EMAIL),
    ) as service:
        yield service


@pytest.fixture(scope="session")
def oauth_toolkit(
    stacks_python: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Service]:
    """django-oauth-toolkit: password grant, rotation, reuse protection, 2 s grace; issuer /o."""
    db = tmp_path_factory.mktemp("oauth-toolkit") / "db.sqlite3"
    with run_python_stack(
        stacks_python,
        "oauth_toolkit_app.py",
        *("--db", str(db)),
        stack="django-oauth-toolkit",
        env=stack_env(
            DJANGO_SECRET_KEY=DJANGO_SECRET_KEY,
            OAUTH_CLIENT_ID=OAUTH_CLIENT_ID,
            OAUTH_CLIENT_SECRET=OAUTH_CLIENT_SECRET,
        ),
    ) as service:
        yield service


@contextlib.contextmanager
def run_oidc_provider(node_modules: Path, *, rotate: bool) -> Iterator[Service]:
    with start_command(
        [
            "node",
            str(TESTS / "node" / "oidc_provider_app.mjs"),
            "--rotate",
            "on" if rotate else "off",
        ],
        stack="oidc-provider-rotate" if rotate else "oidc-provider",
        env={
            **os.environ,
            "OAUTH_CLIENT_ID": OAUTH_CLIENT_ID,
            "OAUTH_CLIENT_SECRET": OAUTH_CLIENT_SECRET,
            "NODE_PATH": str(node_modules),
        },
        cwd=TESTS / "node",
        start_timeout=START_TIMEOUT,
    ) as service:
        yield service


@pytest.fixture(scope="session")
def oidc_provider_rotate(node_modules: Path) -> Iterator[Service]:
    """node oidc-provider with rotateRefreshToken: true; its issuer is the service's root."""
    with run_oidc_provider(node_modules, rotate=True) as service:
        yield service


@pytest.fixture(scope="session")
def oidc_provider(node_modules: Path) -> Iterator[Service]:
    """node oidc-provider with its default rotation (none for a confidential client)."""
    with run_oidc_provider(node_modules, rotate=False) as service:
        yield service


PROMPT = re.compile(r'name="prompt" value="(\w+)"')
MAX_BROWSER_STEPS = 12


def oidc_browser_login(client: httpx.Client, issuer: str) -> dict[str, Any]:
    """Log in to oidc_provider_app.mjs as a browser would; the token endpoint's answer.

    Authorization code flow with PKCE and `prompt=consent` (refresh tokens are
    issued for `offline_access` only with consent), through the provider's
    development interactions: its login form, then its consent form. `client`
    keeps the cookies and must not follow redirects. A bounded number of steps.
    """
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    redirect_uri = f"{issuer}/cb"
    answer = client.get(
        f"{issuer}/auth",
        params={
            "client_id": OAUTH_CLIENT_ID,
            "response_type": "code",
            "scope": "openid offline_access api:read",
            "redirect_uri": redirect_uri,
            "code_challenge": challenge.rstrip(b"=").decode(),
            "code_challenge_method": "S256",
            "prompt": "consent",
            "state": secrets.token_urlsafe(8),
        },
    )
    for _ in range(MAX_BROWSER_STEPS):
        location = answer.headers.get("location")
        if location is None:
            raise AssertionError(
                f"oidc-provider stopped at {answer.status_code}: {answer.text[:200]}"
            )
        url = urljoin(issuer + "/", location)
        if url.startswith(redirect_uri + "?"):
            code = parse_qs(urlsplit(url).query)["code"][0]
            break
        answer = client.get(url)
        form = PROMPT.search(answer.text) if answer.status_code == 200 else None
        if form is not None:
            answer = client.post(
                url, data={"prompt": form.group(1), "login": USERNAME, "password": PASSWORD}
            )
    else:
        raise AssertionError(f"no authorization code after {MAX_BROWSER_STEPS} steps")
    tokens = client.post(
        f"{issuer}/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
        },
        auth=(OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET),
    )
    tokens.raise_for_status()
    result: dict[str, Any] = tokens.json()
    return result
