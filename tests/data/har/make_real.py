"""Writes the HAR files of this folder that stand for shapes met in real HAR files:
`python tests/data/har/make_real.py`.

Every token is made here (same fixed times and test secret as make_hars.py);
the shapes are those public HAR files showed (2026-12-04):

- supabase_sanitized.har (Chrome, exported sanitized): each request carries
  only Supabase's `apikey` header, the project's public anon key (`role:
  anon`, `iss: supabase`, no `sub`, ten years of lifetime); no Authorization,
  no cookies;
- supabase_session.har (Chrome): a password login answered with the user's
  tokens, then requests with the anon key in `apikey` and the user's access
  token as the bearer, and one sent before login with the anon key as the
  bearer (supabase-js does that without a session);
- insomnia.har: an Insomnia export: every entry starts at the export's
  instant, each answer's Date is from when that request was last sent by
  hand, and the saved requests carry a token issued after some of those
  answers;
- no_tokens.har (Chrome): a login form and pages, no token anywhere;
- logout_cookies.har (Chrome): a logout deleting the auth cookies (value
  `""`, Max-Age=0, Expires 1970, no Secure), then a refresh setting them
  (HttpOnly, SameSite, no Secure);
- two_hosts.har (Chrome): a page's script from one host whose Date agrees
  with the browser, an API on another host whose Date runs 6 minutes ahead;
- long_paths.har (Chrome): long API paths, times with milliseconds and a
  login's note, for the timeline table at 80 columns.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from make_hars import NOW, Entry, access, chrome, entry, http_date, log, token

HERE = Path(__file__).parent

ANON_EXP = NOW - 86_400 * 200 + 10 * 365 * 86_400
ANON = token(
    iss="supabase", ref="qwertyuiopasdfgh", role="anon", iat=NOW - 86_400 * 200, exp=ANON_EXP
)
USER = token(sub="8d2c-user", role="authenticated", iss="supabase", iat=NOW, exp=NOW + 3600)
SUPABASE = "https://qwertyuiopasdfgh.supabase.co"


def _on(raw: Entry, origin: str) -> Entry:
    raw["request"]["url"] = origin + raw["request"]["url"].split(".com", 1)[1]
    return raw


def _apikey(raw: Entry, key: str = ANON) -> Entry:
    raw["request"]["headers"].insert(0, {"name": "apikey", "value": key})
    return _on(raw, SUPABASE)


def supabase_sanitized() -> list[Entry]:
    return [
        _apikey(entry(NOW + i, "GET", path, 200, body=[]))
        for i, path in enumerate(("/auth/v1/user", "/rest/v1/events", "/rest/v1/members"))
    ]


def supabase_session() -> list[Entry]:
    login = _apikey(
        entry(
            NOW,
            "POST",
            "/auth/v1/token?grant_type=password",
            200,
            request_body={"email": "ada@example.com", "password": "correct horse"},
            body={"access_token": USER, "token_type": "bearer", "expires_in": 3600},
        )
    )
    return [
        _apikey(entry(NOW - 5, "GET", "/rest/v1/public_posts", 200, bearer=ANON, body=[])),
        login,
        _apikey(entry(NOW + 2, "GET", "/rest/v1/todos", 200, bearer=USER, body=[])),
        _apikey(entry(NOW + 4, "GET", "/rest/v1/todos", 200, bearer=USER, body=[])),
    ]


def insomnia() -> Any:
    issued = access(NOW)
    saved = access(NOW + 6 * 3600)  # the token in Insomnia's environment at export time
    entries = [
        entry(NOW, "POST", "/login", 200, request_body={"email": "a@b.c"}, body={"token": issued}),
        entry(NOW + 7 * 3600, "GET", "/me", 200, bearer=saved, body={"id": 1}),
        entry(NOW - 3600, "GET", "/products", 200, bearer=saved, body=[]),
        entry(NOW + 2 * 3600, "POST", "/product", 201, bearer=saved, body={"id": 2}),
    ]
    exported = "2026-01-25T20:39:37.059Z"
    for raw in entries:
        raw["startedDateTime"] = exported
    return log(entries, "Insomnia REST Client")


def no_tokens() -> list[Entry]:
    login = entry(NOW, "POST", "/login", 302, request_body={"user": "ada", "password": "x"})
    login["response"]["headers"].append({"name": "Location", "value": "/home"})
    return [
        entry(NOW - 2, "GET", "/login", 200),
        login,
        entry(NOW + 1, "GET", "/home", 200, body={"page": "home"}),
    ]


def logout_cookies() -> list[Entry]:
    gone = "Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax"
    fresh = access(NOW + 10, 1800)
    kept = f"Expires={http_date(NOW + 10 + 1800)}; HttpOnly; Max-Age=1800; Path=/; SameSite=Lax"
    return [
        entry(
            NOW,
            "POST",
            "/api/v1/auth/logout/",
            200,
            set_cookies=(f'app-access-token=""; {gone}', f'app-refresh-token=""; {gone}'),
        ),
        entry(
            NOW + 10,
            "POST",
            "/api/v1/auth/token/refresh/",
            200,
            request_body={},
            set_cookies=(f"app-access-token={fresh}; {kept}",),
        ),
    ]


def two_hosts() -> list[Entry]:
    script = entry(NOW - 1, "GET", "/static/app.js", 200)
    script["request"]["url"] = "http://localhost:8080/js/app.js"
    late = access(NOW + 356)  # issued by the API at its own clock
    api = entry(NOW, "GET", "/api/private/v1/users", 200, bearer=late, date=NOW + 356)
    api["request"]["url"] = "http://192.168.0.101:8888/api/private/v1/users?page=2"
    return [script, api]


def long_paths() -> list[Entry]:
    first, second = access(NOW), access(NOW + 60)
    paths = ("/api/support/ticket/1", "/api/support/ticket/1/status", "/api/support/ticket")
    out = [
        entry(NOW + i + 0.243, "GET", path, 200, bearer=first, body={})
        for i, path in enumerate(paths)
    ]
    out.append(entry(NOW + 60.5, "POST", "/api/auth/login", 201, body={"token": second}))
    out.append(entry(NOW + 61.25, "POST", "/api/auth/logout/", 200, bearer=second))
    return out


def main() -> None:
    files: dict[str, Any] = {
        "supabase_sanitized": chrome(supabase_sanitized()),
        "supabase_session": chrome(supabase_session()),
        "insomnia": insomnia(),
        "no_tokens": chrome(no_tokens()),
        "logout_cookies": chrome(logout_cookies()),
        "two_hosts": chrome(two_hosts()),
        "long_paths": chrome(long_paths()),
    }
    for name, document in files.items():
        text = json.dumps(copy.deepcopy(document), indent=2) + "\n"
        (HERE / f"{name}.har").write_text(text, "utf-8")


if __name__ == "__main__":
    main()
