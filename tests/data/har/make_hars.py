"""Writes the HAR files of this folder: `python tests/data/har/make_hars.py`.

Hand-made sessions against an imaginary API at https://app.example.com, with
tokens signed (HS256, a test secret) at fixed times around tests/conftest.py's
NOW (2026-01-25T10:15:00Z), so the files never change between runs:

- clean.har, chrome.har, firefox.har, playwright.har: one healthy session
  (login, calls, a refresh before expiry that rotates the refresh cookie), in
  a neutral shape and as each of the three writes it;
- jwt801.har ... jwt806.har: the same session with one fault each.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
NOW = 1_769_336_100
SECRET = b"har-test-secret-that-is-32-bytes-long!"
API = "https://app.example.com"

Entry = dict[str, Any]


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def token(**claims: Any) -> str:
    head = b64url(b'{"alg":"HS256","typ":"JWT"}')
    body = b64url(json.dumps(claims, separators=(",", ":")).encode())
    sig = hmac.digest(SECRET, f"{head}.{body}".encode(), hashlib.sha256)
    return f"{head}.{body}.{b64url(sig)}"


def access(at: int, life: int = 900) -> str:
    return token(sub="user-42", iat=at, exp=at + life)


def refresh(at: int, jti: str) -> str:
    return token(sub="user-42", typ="refresh", jti=jti, iat=at, exp=at + 7 * 86_400)


A1, A2 = access(NOW), access(NOW + 850)
R1, R2 = refresh(NOW, "r1"), refresh(NOW + 850, "r2")
COOKIE_FLAGS = "Path=/auth; HttpOnly; Secure; SameSite=Strict"


def iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds")[:-6] + "Z"


def http_date(seconds: float) -> str:
    return format_datetime(datetime.fromtimestamp(seconds, UTC), usegmt=True)


def entry(
    at: float,
    method: str,
    path: str,
    status: int,
    *,
    bearer: str | None = None,
    cookies: dict[str, str] | None = None,
    body: Any = None,
    request_body: Any = None,
    set_cookies: tuple[str, ...] = (),
    time_ms: float = 40.0,
    date: float | None = None,
) -> Entry:
    headers = [{"name": "Accept", "value": "application/json"}]
    if bearer:
        headers.append({"name": "Authorization", "value": f"Bearer {bearer}"})
    if cookies:
        line = "; ".join(f"{k}={v}" for k, v in cookies.items())
        headers.append({"name": "Cookie", "value": line})
    request: Entry = {
        "method": method,
        "url": API + path,
        "httpVersion": "HTTP/1.1",
        "headers": headers,
        "cookies": [{"name": k, "value": v} for k, v in (cookies or {}).items()],
        "queryString": [],
        "headersSize": -1,
        "bodySize": 0,
    }
    if request_body is not None:
        text = json.dumps(request_body)
        request["postData"] = {"mimeType": "application/json", "text": text}
        request["bodySize"] = len(text)
    response_headers = [
        {"name": "Content-Type", "value": "application/json"},
        {"name": "Date", "value": http_date(at if date is None else date)},
    ]
    response_headers += [{"name": "Set-Cookie", "value": line} for line in set_cookies]
    content: Entry = {"size": 0, "mimeType": "application/json"}
    if body is not None:
        content["text"] = json.dumps(body)
        content["size"] = len(content["text"])
    return {
        "startedDateTime": iso(at),
        "time": time_ms,
        "request": request,
        "response": {
            "status": status,
            "statusText": "",
            "httpVersion": "HTTP/1.1",
            "headers": response_headers,
            "cookies": [],
            "content": content,
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": -1,
        },
        "cache": {},
        "timings": {"send": 1, "wait": time_ms - 2, "receive": 1},
    }


def clean() -> list[Entry]:
    return [
        entry(
            NOW,
            "POST",
            "/auth/login",
            200,
            request_body={"email": "ada@example.com", "password": "correct horse"},
            body={"accessToken": A1, "expiresIn": 900},
            set_cookies=(f"refresh_token={R1}; {COOKIE_FLAGS}",),
        ),
        entry(NOW + 5, "GET", "/api/me", 200, bearer=A1, body={"id": "user-42"}),
        entry(NOW + 6, "GET", "/static/app.js", 200, time_ms=12),
        entry(NOW + 300, "GET", "/api/items", 200, bearer=A1, body={"items": []}),
        entry(
            NOW + 850,
            "POST",
            "/auth/refresh",
            200,
            cookies={"refresh_token": R1},
            body={"accessToken": A2, "expiresIn": 900},
            set_cookies=(f"refresh_token={R2}; {COOKIE_FLAGS}",),
        ),
        entry(NOW + 851, "GET", "/api/items", 200, bearer=A2, body={"items": []}),
    ]


def log(entries: list[Entry], creator: str = "jwtfix tests") -> Entry:
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": creator, "version": "1"},
            "pages": [],
            "entries": entries,
        }
    }


def faults() -> dict[str, list[Entry]]:
    out: dict[str, list[Entry]] = {}
    # 801: no refresh; A1 sent 2 minutes after its exp and the server accepts it.
    e = clean()[:4]
    e.append(entry(NOW + 1020, "GET", "/api/items", 200, bearer=A1, body={"items": []}))
    out["jwt801"] = e
    # 802: A1 refused with 401 after expiry, and the client never refreshes.
    e = clean()[:4]
    e.append(entry(NOW + 905, "GET", "/api/items", 401, bearer=A1, body={"error": "expired"}))
    e.append(entry(NOW + 960, "GET", "/static/logo.svg", 200))
    out["jwt802"] = e
    # 803: two requests refresh at once with the same cookie (a race).
    e = clean()[:4]
    for offset in (0.0, 0.02):
        e.append(
            entry(
                NOW + 850 + offset,
                "POST",
                "/auth/refresh",
                200,
                cookies={"refresh_token": R1},
                body={"accessToken": A2},
                set_cookies=(f"refresh_token={R2}; {COOKIE_FLAGS}",),
                time_ms=120,
            )
        )
    out["jwt803"] = e
    # 804: refresh tokens do not rotate: R1 spent twice, accepted twice, no new cookie.
    e = clean()[:4]
    e.append(
        entry(
            NOW + 850,
            "POST",
            "/auth/refresh",
            200,
            request_body={"refreshToken": R1},
            body={"accessToken": A2},
        )
    )
    e.append(
        entry(
            NOW + 1700,
            "POST",
            "/auth/refresh",
            200,
            request_body={"refreshToken": R1},
            body={"accessToken": access(NOW + 1700)},
        )
    )
    out["jwt804"] = e
    # 805: the issuer's clock runs 5 minutes ahead of the API's Date.
    e = clean()
    e[0] = entry(
        NOW,
        "POST",
        "/auth/login",
        200,
        body={"accessToken": access(NOW + 300)},
        set_cookies=(f"refresh_token={R1}; {COOKIE_FLAGS}",),
    )
    out["jwt805"] = e[:3]
    # 806: the refresh token in the login body, and an access cookie readable by scripts.
    e = clean()
    e[0] = entry(
        NOW,
        "POST",
        "/auth/login",
        200,
        body={"accessToken": A1, "refreshToken": R1},
        set_cookies=(f"access_token={A1}; Path=/",),
    )
    out["jwt806"] = e[:2]
    return out


def chrome(entries: list[Entry]) -> Entry:
    """DevTools: _initiator, _resourceType, _transferSize, lower-case HTTP/2 headers."""
    out = []
    for raw in copy.deepcopy(entries):
        raw["_initiator"] = {"type": "script", "stack": {"callFrames": []}}
        raw["_priority"] = "High"
        raw["_resourceType"] = "script" if "/static/" in raw["request"]["url"] else "fetch"
        raw["connection"] = "12345"
        raw["serverIPAddress"] = "203.0.113.7"
        for part in ("request", "response"):
            raw[part]["httpVersion"] = "http/2.0"
            for header in raw[part]["headers"]:
                header["name"] = header["name"].lower()
        raw["request"]["headers"].insert(0, {"name": ":authority", "value": "app.example.com"})
        response = raw["response"]
        response["_transferSize"] = response["content"]["size"] + 120
        response["_error"] = None
        response["cookies"] = [
            _cookie_object(h["value"], with_flags=True)
            for h in response["headers"]
            if h["name"] == "set-cookie"
        ]
        if raw["_resourceType"] == "script":
            response["content"] = {"size": 5120, "mimeType": "text/javascript"}  # not kept
        out.append(raw)
    return log(out, "WebInspector")


def firefox(entries: list[Entry]) -> Entry:
    """Firefox: local times with an offset, cookie arrays without flags, bodies left out."""
    paris = timezone(timedelta(hours=1))
    out = []
    for raw in copy.deepcopy(entries):
        moment = datetime.fromisoformat(raw["startedDateTime"]).astimezone(paris)
        raw["startedDateTime"] = moment.isoformat(timespec="milliseconds")
        raw["pageref"] = "page_1"
        raw["connection"] = "443"
        response = raw["response"]
        response["cookies"] = [
            _cookie_object(h["value"], with_flags=False)
            for h in response["headers"]
            if h["name"] == "Set-Cookie"
        ]
        if "/static/" in raw["request"]["url"]:
            response["content"] = {
                "mimeType": "text/javascript",
                "size": 5120,
                "comment": "Response bodies are not included.",
            }
        out.append(raw)
    document = log(out, "Firefox")
    document["log"]["browser"] = {"name": "Firefox", "version": "134.0"}
    document["log"]["pages"] = [
        {
            "startedDateTime": out[0]["startedDateTime"],
            "id": "page_1",
            "title": "App",
            "pageTimings": {"onContentLoad": -1, "onLoad": -1},
        }
    ]
    return document


def playwright(entries: list[Entry]) -> Entry:
    """Playwright recordHar: _frameref, _monotonicTime, sameSite cookies, attached bodies."""
    out = []
    for i, raw in enumerate(copy.deepcopy(entries)):
        raw["pageref"] = "page@3ee5e3b4"
        raw["_frameref"] = "frame@8f0a"
        raw["_monotonicTime"] = 1234.5 + i
        raw["_serverPort"] = 443
        raw["_securityDetails"] = {"protocol": "TLS 1.3"}
        raw["time"] = raw["time"] + 0.123
        response = raw["response"]
        response["_transferSize"] = -1
        response["cookies"] = [
            _cookie_object(h["value"], with_flags=True)
            for h in response["headers"]
            if h["name"] == "Set-Cookie"
        ]
        if "/static/" in raw["request"]["url"]:
            response["content"] = {
                "size": 5120,
                "mimeType": "text/javascript",
                "_file": "3b5c8e.js",
                "_sha1": "3b5c8e.js",
            }
        out.append(raw)
    document = log(out, "Playwright")
    document["log"]["browser"] = {"name": "chromium", "version": "131.0.6778.33"}
    return document


def _cookie_object(line: str, *, with_flags: bool) -> Entry:
    first, *attributes = line.split(";")
    name, _, value = first.partition("=")
    cookie: Entry = {"name": name.strip(), "value": value.strip()}
    if with_flags:
        flags = {
            a.strip().partition("=")[0].lower(): a.strip().partition("=")[2] for a in attributes
        }
        cookie.update(
            path=flags.get("path", "/"),
            domain="app.example.com",
            expires="",
            httpOnly="httponly" in flags,
            secure="secure" in flags,
        )
        if flags.get("samesite"):
            cookie["sameSite"] = flags["samesite"]
    return cookie


def main() -> None:
    files: dict[str, Entry] = {
        "clean": log(clean()),
        "chrome": chrome(clean()),
        "firefox": firefox(clean()),
        "playwright": playwright(clean()),
    }
    files.update({name: log(entries) for name, entries in faults().items()})
    for name, document in files.items():
        (HERE / f"{name}.har").write_text(json.dumps(document, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
