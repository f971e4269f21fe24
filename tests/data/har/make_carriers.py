"""Writes the carrier HAR files of this folder: `python tests/data/har/make_carriers.py`.

Sessions in the shapes real stacks and browsers produce (same fixed times and
test secret as make_hars.py), each about where tokens travel:

- simplejwt.har (Chrome): djangorestframework-simplejwt's login
  `POST /api/token/` -> `{"refresh", "access"}`, a rotating refresh
  `POST /api/token/refresh/` with `{"refresh": ...}`, logout by
  `POST /api/token/blacklist/`; plus a tracking pixel and an icon whose URLs
  say "refresh" (not refresh calls);
- carriers.har (Firefox): a Directus login `{"data": {"access_token",
  "refresh_token" (opaque)}}` and its refresh, then the access token sent in
  each place browsers carry it: a `Bearer%20...` cookie, `?access_token=`, an
  `apikey` header next to Authorization (Supabase), `x-access-token`, a form
  field, a JSON body;
- cached.har (Chrome): an answer served by a CDN cache, its `Date` as old as
  its `Age` header, to a request carrying a token issued after that Date.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from make_hars import NOW, Entry, access, chrome, entry, firefox, token

HERE = Path(__file__).parent

# simplejwt's tokens carry token_type, jti and user_id.
S_A1 = token(token_type="access", exp=NOW + 300, iat=NOW, jti="a1", user_id=42)
S_R1 = token(token_type="refresh", exp=NOW + 86_400, iat=NOW, jti="r1", user_id=42)
S_A2 = token(token_type="access", exp=NOW + 560, iat=NOW + 260, jti="a2", user_id=42)
S_R2 = token(token_type="refresh", exp=NOW + 86_660, iat=NOW + 260, jti="r2", user_id=42)

D_A1, D_A2 = access(NOW, 900), access(NOW + 800, 900)
D_R1 = "Qy8vL2xZ3mKpRk1wXh7TnB0aFcVd9sGe4uJi6oPqArS2tYz5"  # Directus: a nanoid, opaque
D_R2 = "Wm3nB7vC1xZ9kLp0qR5tYs8dFg2hJ4aUe6iOo1PlKjHgTfDs"
ANON = token(iss="supabase", ref="abcdefghijklmnop", role="anon", iat=NOW - 86_400 * 300)


def simplejwt() -> list[Entry]:
    login = entry(
        NOW,
        "POST",
        "/api/token/",
        200,
        request_body={"username": "ada", "password": "correct horse"},
        body={"refresh": S_R1, "access": S_A1},
    )
    pixel = entry(NOW + 2, "GET", "/collect?ev=refresh&dl=%2Frefresh", 200, time_ms=9)
    pixel["request"]["url"] = "https://analytics.example.net/collect?ev=refresh&dl=%2Frefresh"
    pixel["response"]["content"] = {"size": 35, "mimeType": "image/gif"}
    icon = entry(NOW + 3, "GET", "/static/icons/refresh.svg", 200, time_ms=5)
    icon["response"]["content"] = {"size": 310, "mimeType": "image/svg+xml"}
    return [
        login,
        entry(NOW + 5, "GET", "/api/items/", 200, bearer=S_A1, body={"results": []}),
        pixel,
        icon,
        entry(
            NOW + 260,
            "POST",
            "/api/token/refresh/",
            200,
            request_body={"refresh": S_R1},
            body={"access": S_A2, "refresh": S_R2},
        ),
        entry(NOW + 261, "GET", "/api/items/", 200, bearer=S_A2, body={"results": []}),
        entry(NOW + 400, "POST", "/api/token/blacklist/", 200, request_body={"refresh": S_R2}),
    ]


def carriers() -> list[Entry]:
    login = entry(
        NOW,
        "POST",
        "/auth/login",
        200,
        request_body={"email": "ada@example.com", "password": "correct horse", "mode": "json"},
        body={"data": {"access_token": D_A1, "expires": 900000, "refresh_token": D_R1}},
    )
    cookie = entry(
        NOW + 10, "GET", "/items/articles", 200, cookies={"auth": quote(f"Bearer {D_A1}")}
    )
    query = entry(NOW + 20, "GET", "/assets/cover", 200)
    query["request"]["url"] += f"?access_token={D_A1}&width=320"
    query["request"]["queryString"] = [
        {"name": "access_token", "value": D_A1},
        {"name": "width", "value": "320"},
    ]
    query["response"]["content"] = {"size": 2048, "mimeType": "image/webp"}
    supabase = entry(NOW + 30, "GET", "/rest/v1/todos?select=*", 200, bearer=D_A1, body=[])
    supabase["request"]["headers"].insert(0, {"name": "apikey", "value": ANON})
    legacy = entry(NOW + 40, "GET", "/api/profile", 200, body={"id": 42})
    legacy["request"]["headers"].append({"name": "x-access-token", "value": D_A1})
    form = entry(NOW + 50, "POST", "/api/export", 200, body={"queued": True})
    form["request"]["postData"] = {
        "mimeType": "application/x-www-form-urlencoded",
        "text": f"format=csv&token={D_A1}",
        "params": [{"name": "format", "value": "csv"}, {"name": "token", "value": D_A1}],
    }
    json_body = entry(
        NOW + 60, "POST", "/api/verify", 200, request_body={"jwt": D_A1}, body={"ok": True}
    )
    refreshed = entry(
        NOW + 800,
        "POST",
        "/auth/refresh",
        200,
        request_body={"refresh_token": D_R1, "mode": "json"},
        body={"data": {"access_token": D_A2, "expires": 900000, "refresh_token": D_R2}},
    )
    after = entry(NOW + 801, "GET", "/items/articles", 200, bearer=D_A2, body={"data": []})
    return [login, cookie, query, supabase, legacy, form, json_body, refreshed, after]


def cached() -> list[Entry]:
    late = access(NOW + 600)
    cdn = entry(NOW + 700, "GET", "/api/config", 200, bearer=late, date=NOW + 100)
    cdn["response"]["headers"] += [
        {"name": "Age", "value": "600"},
        {"name": "Cache-Control", "value": "public, max-age=3600"},
        {"name": "X-Cache", "value": "Hit from cloudfront"},
    ]
    return [entry(NOW + 699, "GET", "/api/me", 200, bearer=late, date=NOW + 699), cdn]


def main() -> None:
    files: dict[str, Any] = {
        "simplejwt": chrome(simplejwt()),
        "carriers": firefox(carriers()),
        "cached": chrome(cached()),
    }
    for name, document in files.items():
        (HERE / f"{name}.har").write_text(json.dumps(document, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
