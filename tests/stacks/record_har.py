"""Record a browser-like session against each real stack as a HAR 1.2 file.

    .venv/bin/python tests/stacks/record_har.py tests/data/har/stacks

Starts every stack of tests/stack_services.py (tests/node must have been
installed with `npm ci`), drives one session against each with httpx (login,
API calls, a 401, a refresh, logout, the refused token afterwards) and writes
`<stack>.har` into the folder given. `FLOWS` is also what
tests/test_stacks_har.py replays against the running stacks to check that the
committed recordings still show what the stacks do. Every token in them was
issued by our own test apps with the test secrets of stack_services.py.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx

TESTS = Path(__file__).resolve().parent.parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from conftest import make_token  # noqa: E402
from services import PASSWORD, USERNAME, Service  # noqa: E402
from stack_services import (  # noqa: E402
    DJANGO_SECRET_KEY,
    EMAIL,
    FASTAPI_USERS_SECRET,
    FLASK_JWT_SECRET_KEY,
    OAUTH_CLIENT_ID,
    OAUTH_CLIENT_SECRET,
    oidc_browser_login,
)

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) jwtfix-stacks-recorder"


def _iso(seconds: float) -> str:
    moment = datetime.datetime.fromtimestamp(seconds, datetime.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _pairs(items: Any) -> list[dict[str, str]]:
    return [{"name": name, "value": value} for name, value in items]


def _request_cookies(header: str | None) -> list[dict[str, str]]:
    pairs = (part.strip().partition("=") for part in (header or "").split(";") if part.strip())
    return [{"name": name, "value": value} for name, _, value in pairs]


def _response_cookies(set_cookies: list[str]) -> list[dict[str, Any]]:
    """Set-Cookie headers as a browser's HAR lists them (name, value and flags)."""
    from http.cookies import SimpleCookie

    cookies: list[dict[str, Any]] = []
    for header in set_cookies:
        jar: SimpleCookie = SimpleCookie()
        jar.load(header)
        for name, morsel in jar.items():
            cookie: dict[str, Any] = {"name": name, "value": morsel.value}
            if morsel["path"]:
                cookie["path"] = morsel["path"]
            if morsel["expires"]:
                cookie["expires"] = morsel["expires"]
            cookie["httpOnly"] = bool(morsel["httponly"])
            cookie["secure"] = bool(morsel["secure"])
            if morsel["samesite"]:
                cookie["sameSite"] = morsel["samesite"]
            cookies.append(cookie)
    return cookies


class Recorder:
    """An httpx client whose every exchange becomes a HAR entry."""

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []
        self._started: dict[int, float] = {}
        self.client = httpx.Client(
            follow_redirects=False,
            timeout=30,
            headers={"User-Agent": BROWSER, "Accept": "application/json, text/html;q=0.9"},
            event_hooks={"request": [self._on_request], "response": [self._on_response]},
        )

    def _on_request(self, request: httpx.Request) -> None:
        self._started[id(request)] = time.time()

    def _on_response(self, response: httpx.Response) -> None:
        response.read()
        request = response.request
        started = self._started.pop(id(request), time.time())
        elapsed_ms = round((time.time() - started) * 1000, 3)
        body = request.content.decode("utf-8", "replace")
        entry_request: dict[str, Any] = {
            "method": request.method,
            "url": str(request.url),
            "httpVersion": "HTTP/1.1",
            "headers": _pairs(request.headers.multi_items()),
            "cookies": _request_cookies(request.headers.get("cookie")),
            "queryString": _pairs(request.url.params.multi_items()),
            "headersSize": -1,
            "bodySize": len(request.content),
        }
        if request.content:
            entry_request["postData"] = {
                "mimeType": request.headers.get("content-type", ""),
                "text": body,
            }
        text = response.content.decode("utf-8", "replace")
        self.entries.append(
            {
                "startedDateTime": _iso(started),
                "time": elapsed_ms,
                "request": entry_request,
                "response": {
                    "status": response.status_code,
                    "statusText": response.reason_phrase,
                    "httpVersion": "HTTP/1.1",
                    "headers": _pairs(response.headers.multi_items()),
                    "cookies": _response_cookies(response.headers.get_list("set-cookie")),
                    "content": {
                        "size": len(response.content),
                        "mimeType": response.headers.get("content-type", ""),
                        "text": text,
                    },
                    "redirectURL": response.headers.get("location", ""),
                    "headersSize": -1,
                    "bodySize": len(response.content),
                },
                "cache": {},
                "timings": {"send": 0, "wait": elapsed_ms, "receive": 0},
            }
        )

    def har(self) -> dict[str, Any]:
        return {
            "log": {
                "version": "1.2",
                "creator": {"name": "jwtfix tests/stacks/record_har.py", "version": "1"},
                "entries": self.entries,
            }
        }


def _expired(token: str, secret: str) -> str:
    """The token's claims signed with the stack's secret, expired a minute ago.

    Stands for the access token a browser tab kept past its expiry.
    """
    import base64

    payload = token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    now = int(time.time())
    claims["exp"] = now - 60
    for name in ("iat", "nbf"):
        if name in claims:
            claims[name] = now - 960
    return make_token(claims, secret=secret)


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def simplejwt(client: httpx.Client, root: str) -> None:
    """simplejwt with rotation and the blacklist view."""
    login = client.post(f"{root}/api/token/", json={"username": USERNAME, "password": PASSWORD})
    tokens = login.json()
    client.get(f"{root}/api/me/", headers=_bearer(tokens["access"]))
    client.get(f"{root}/api/me/", headers=_bearer(_expired(tokens["access"], DJANGO_SECRET_KEY)))
    fresh = client.post(f"{root}/api/token/refresh/", json={"refresh": tokens["refresh"]}).json()
    client.get(f"{root}/api/me/", headers=_bearer(fresh["access"]))
    client.post(f"{root}/api/token/blacklist/", json={"refresh": fresh["refresh"]})
    client.post(f"{root}/api/token/refresh/", json={"refresh": fresh["refresh"]})


def flask_jwt(client: httpx.Client, root: str) -> None:
    """Flask-JWT-Extended: refresh token as a bearer, DELETE /logout once per token."""
    login = client.post(f"{root}/login", json={"username": USERNAME, "password": PASSWORD})
    tokens = login.json()
    access, refresh = tokens["access_token"], tokens["refresh_token"]
    client.get(f"{root}/protected", headers=_bearer(access))
    client.get(f"{root}/protected", headers=_bearer(_expired(access, FLASK_JWT_SECRET_KEY)))
    access = client.post(f"{root}/refresh", headers=_bearer(refresh)).json()["access_token"]
    client.get(f"{root}/protected", headers=_bearer(access))
    client.delete(f"{root}/logout", headers=_bearer(access))
    client.delete(f"{root}/logout", headers=_bearer(refresh))
    client.post(f"{root}/refresh", headers=_bearer(refresh))


def fastapi_users(client: httpx.Client, root: str) -> None:
    """fastapi-users: form login, no refresh token: a 401 sends the user to log in again."""
    form = {"username": EMAIL, "password": PASSWORD}
    access = client.post(f"{root}/auth/jwt/login", data=form).json()["access_token"]
    client.get(f"{root}/authenticated-route", headers=_bearer(access))
    stale = _expired(access, FASTAPI_USERS_SECRET)
    client.get(f"{root}/authenticated-route", headers=_bearer(stale))
    access = client.post(f"{root}/auth/jwt/login", data=form).json()["access_token"]
    client.get(f"{root}/users/me", headers=_bearer(access))
    client.post(f"{root}/auth/jwt/logout", headers=_bearer(access))


def oauth_toolkit(client: httpx.Client, root: str) -> None:
    """django-oauth-toolkit: password grant, userinfo, refresh, revocation (opaque tokens)."""
    issuer = f"{root}/o"
    auth = (OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET)
    client.get(f"{issuer}/.well-known/openid-configuration")
    login = {"grant_type": "password", "username": USERNAME, "password": PASSWORD}
    tokens = client.post(f"{issuer}/token/", data={**login, "scope": "openid read"}, auth=auth)
    access, refresh = tokens.json()["access_token"], tokens.json()["refresh_token"]
    client.get(f"{issuer}/userinfo/", headers=_bearer(access))
    client.get(f"{root}/api/hello", headers=_bearer(access))
    client.get(f"{issuer}/userinfo/", headers=_bearer(access[:-4] + "xxxx"))
    grant = {"grant_type": "refresh_token", "refresh_token": refresh}
    renewed = client.post(f"{issuer}/token/", data=grant, auth=auth).json()
    client.get(f"{issuer}/userinfo/", headers=_bearer(renewed["access_token"]))
    client.post(
        f"{issuer}/revoke_token/",
        data={"token": renewed["refresh_token"], "token_type_hint": "refresh_token"},
        auth=auth,
    )
    client.get(f"{issuer}/userinfo/", headers=_bearer(renewed["access_token"]))


def oidc_provider(client: httpx.Client, root: str) -> None:
    """oidc-provider (rotation on): the browser's code flow, the API, refresh, revocation."""
    auth = (OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET)
    client.get(f"{root}/.well-known/openid-configuration")
    tokens = oidc_browser_login(client, root)
    client.get(f"{root}/api/me", headers=_bearer(tokens["access_token"]))
    client.get(f"{root}/api/me", headers=_bearer(tokens["id_token"]))
    renewed = client.post(
        f"{root}/token",
        data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
        auth=auth,
    ).json()
    client.get(f"{root}/api/me", headers=_bearer(renewed["access_token"]))
    client.post(
        f"{root}/token/revocation",
        data={"token": renewed["refresh_token"], "token_type_hint": "refresh_token"},
        auth=auth,
    )
    client.post(
        f"{root}/token",
        data={"grant_type": "refresh_token", "refresh_token": renewed["refresh_token"]},
        auth=auth,
    )


Flow = Callable[[httpx.Client, str], None]
FLOWS: dict[str, tuple[str, Flow]] = {
    "simplejwt": ("simplejwt_rotate", simplejwt),
    "flask-jwt-extended": ("flask_jwt", flask_jwt),
    "fastapi-users": ("fastapi_users", fastapi_users),
    "django-oauth-toolkit": ("oauth_toolkit", oauth_toolkit),
    "oidc-provider": ("oidc_provider_rotate", oidc_provider),
}
"""HAR name -> (the stack's fixture in stack_services.py, the session driven against it)."""


def record(flow: Flow, service: Service) -> dict[str, Any]:
    recorder = Recorder()
    with recorder.client:
        flow(recorder.client, service.root)
    return recorder.har()


@contextlib.contextmanager
def _all_stacks(folder: Path) -> Iterator[dict[str, Service]]:
    import stack_services as s

    python = s.install_stacks()
    node_modules = TESTS / "node" / "node_modules"
    if not node_modules.is_dir():
        raise SystemExit("run `npm ci` in tests/node first")
    with contextlib.ExitStack() as stack:
        env = s.stack_env(DJANGO_SECRET_KEY=DJANGO_SECRET_KEY)
        running = {
            "simplejwt_rotate": stack.enter_context(
                s.run_python_stack(
                    python,
                    "simplejwt_app.py",
                    *("--db", str(folder / "simplejwt.sqlite3"), "--variant", "rotate"),
                    stack="simplejwt-rotate",
                    env=env,
                )
            ),
            "flask_jwt": stack.enter_context(
                s.run_python_stack(
                    python,
                    "flask_jwt_app.py",
                    stack="flask-jwt-extended",
                    env=s.stack_env(JWT_SECRET_KEY=FLASK_JWT_SECRET_KEY),
                )
            ),
            "fastapi_users": stack.enter_context(
                s.run_python_stack(
                    python,
                    "fastapi_users_app.py",
                    *("--db", str(folder / "users.db")),
                    stack="fastapi-users",
                    env=s.stack_env(FASTAPI_USERS_SECRET=FASTAPI_USERS_SECRET, TEST_EMAIL=EMAIL),
                )
            ),
            "oauth_toolkit": stack.enter_context(
                s.run_python_stack(
                    python,
                    "oauth_toolkit_app.py",
                    *("--db", str(folder / "oauth.sqlite3")),
                    stack="django-oauth-toolkit",
                    env=s.stack_env(
                        DJANGO_SECRET_KEY=DJANGO_SECRET_KEY,
                        OAUTH_CLIENT_ID=OAUTH_CLIENT_ID,
                        OAUTH_CLIENT_SECRET=OAUTH_CLIENT_SECRET,
                    ),
                )
            ),
            "oidc_provider_rotate": stack.enter_context(
                s.run_oidc_provider(node_modules, rotate=True)
            ),
        }
        yield running


def main(argv: list[str]) -> int:
    import tempfile

    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch, _all_stacks(Path(scratch)) as running:
        for name, (fixture, flow) in FLOWS.items():
            har = record(flow, running[fixture])
            path = out / f"{name}.har"
            path.write_text(json.dumps(har, indent=1) + "\n")
            print(f"{path}: {len(har['log']['entries'])} entries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
