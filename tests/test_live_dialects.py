"""The live flow finds the service's dialect (SPEC 4.2) against a local service with switches.

`DialectService` answers as a real stack of each kind would (written for these
tests, in the likeness of tests/stacks/README.md): a login that takes only a
form, a refresh endpoint that reads the refresh token from one carrier, a
logout that takes only DELETE, refusal bodies in the stacks' shapes, opaque
refresh tokens in a wrapped answer. Each test drives `check --live` through
the CLI and asserts what a user reads.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from conftest import make_token
from servers import LocalServer, Reply, Request, serve

SECRET = "dialect-test-secret-0123456789abcdefghijklmnop"
USER = {"username": "alice", "password": "correct-horse-battery"}


@dataclass
class DialectService:
    """One in-memory auth service whose dialect is set by its switches."""

    form_login: bool = False
    """Login reads a form (OAuth2PasswordRequestForm); JSON gets pydantic's 422."""
    carrier: str = "json:refreshToken"
    """Where refresh and logout read the refresh token: json:F, form:F, bearer."""
    logout_method: str = "POST"
    unprocessable: bool = False
    """Flask-JWT-Extended: 422 {"msg"} for a bad signature and the wrong token type."""
    wrapped_opaque: bool = False
    """Directus: {"data": {"access_token", "refresh_token"}} with an opaque refresh token."""
    type_claim: bool = True
    revoke_on_logout: bool = True
    rotate: bool = True
    live_refresh: set[str] = field(default_factory=set)

    def token(self, kind: str, lifetime: int = 900) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {"sub": "alice", "iat": now, "exp": now + lifetime}
        claims["jti"] = secrets.token_hex(8)
        if self.type_claim:
            claims["type"] = kind
        return make_token(claims, secret=SECRET)

    def issue(self) -> Reply:
        if self.wrapped_opaque:
            refresh = secrets.token_urlsafe(32)
            self.live_refresh.add(refresh)
            body: dict[str, Any] = {
                "data": {"access_token": self.token("access"), "refresh_token": refresh}
            }
        else:
            refresh = self.token("refresh", 7 * 86400)
            self.live_refresh.add(refresh)
            body = {"access_token": self.token("access"), "refresh_token": refresh}
        return Reply.json(200, json.dumps(body))

    def refusal(self, status: int, message: str) -> Reply:
        if self.unprocessable:
            return Reply.json(status, json.dumps({"msg": message}))
        return Reply.json(
            status,
            json.dumps({"errors": [{"message": message, "extensions": {"code": "INVALID"}}]}),
        )

    def verify(self, token: str | None, kind: str) -> Reply | None:
        """None when the token is good for `kind`, else the refusal."""
        from jwtfix import tokens
        from jwtfix.jws import hmac_verifies

        if token is None:
            return self.refusal(401, "Missing Authorization Header")
        if kind == "refresh" and self.wrapped_opaque:
            return None if token in self.live_refresh else self.refusal(401, "Invalid token")
        try:
            parsed = tokens.parse(token)
        except Exception:
            return self.refusal(422 if self.unprocessable else 401, "Not enough segments")
        if parsed.alg != "HS256" or not hmac_verifies(parsed, SECRET.encode()):
            return self.refusal(422 if self.unprocessable else 401, "Signature verification failed")
        if parsed.claims.get("exp", 0) < time.time():
            return self.refusal(401, "Token has expired")
        if self.type_claim and parsed.claims.get("type") != kind:
            return self.refusal(422 if self.unprocessable else 401, "Token has wrong type")
        if kind == "refresh" and token not in self.live_refresh:
            return self.refusal(401, "Token has been revoked")
        return None

    def carried(self, request: Request) -> str | None:
        how, _, name = self.carrier.partition(":")
        if how == "bearer":
            auth = request.headers.get("authorization", "")
            return auth[7:] if auth.lower().startswith("bearer ") else None
        if how == "form":
            if "form" not in request.headers.get("content-type", ""):
                return None
            values = parse_qs(request.body.decode()).get(name)
            return values[0] if values else None
        try:
            body = json.loads(request.body or b"{}")
        except ValueError:
            return None
        value = body.get(name) if isinstance(body, dict) else None
        return value if isinstance(value, str) else None

    def handle(self, request: Request) -> Reply:
        path = request.path.split("?")[0]
        if path == "/auth/login" and request.method == "POST":
            if self.form_login:
                if "form" not in request.headers.get("content-type", ""):
                    missing = [
                        {"type": "missing", "loc": ["body", f], "msg": "Field required"}
                        for f in ("username", "password")
                    ]
                    return Reply.json(422, json.dumps({"detail": missing}))
                fields = {k: v[0] for k, v in parse_qs(request.body.decode()).items()}
            else:
                fields = json.loads(request.body or b"{}")
            if fields != USER:
                return Reply.json(400, '{"detail":"LOGIN_BAD_CREDENTIALS"}')
            return self.issue()
        if path == "/auth/me":
            auth = request.headers.get("authorization", "")
            bad = self.verify(auth[7:] if auth.lower().startswith("bearer ") else None, "access")
            return bad or Reply.json(200, '{"id": 1}')
        if path in ("/auth/refresh", "/auth/logout"):
            if path == "/auth/logout" and request.method != self.logout_method:
                return Reply(405, [("Content-Type", "text/html")], b"<title>405</title>")
            token = self.carried(request)
            if token is None:
                name = self.carrier.partition(":")[2]
                if name and self.carrier.startswith("json"):
                    return Reply.json(400, json.dumps({name: ["This field is required."]}))
                return self.refusal(401, "Missing Authorization Header")
            bad = self.verify(token, "refresh")
            if bad is not None:
                return bad
            if path == "/auth/logout":
                if self.revoke_on_logout:
                    self.live_refresh.discard(token)
                return Reply.json(200, '{"msg": "Refresh token successfully revoked"}')
            if self.rotate:
                self.live_refresh.discard(token)
                return self.issue()
            return Reply.json(200, json.dumps({"access_token": self.token("access")}))
        return Reply.json(404, '{"detail":"Not Found"}')


@pytest.fixture
def dialect() -> Iterator[Callable[..., tuple[DialectService, LocalServer]]]:
    started: list[Any] = []

    def start(**switches: Any) -> tuple[DialectService, LocalServer]:
        service = DialectService(**switches)
        context = serve(service.handle)
        server = context.__enter__()
        started.append(context)
        return service, server

    yield start
    for context in started:
        context.__exit__(None, None, None)


@pytest.fixture
def env_file(tmp_path: Path) -> Path:
    path = tmp_path / ".env"
    path.write_text(f"JWT_SECRET={SECRET}\n")
    return path


def run_live(
    cli: Callable[..., Any], server: LocalServer, env: Path, *extra: str
) -> dict[str, Any]:
    before = len(server.received)
    result = cli(
        "check", "--live", server.url, "--credentials", json.dumps(USER), "--env", str(env),
        "--timeout", "5s", "--json", *extra,
    )  # fmt: skip
    doc: dict[str, Any] = json.loads(result.stdout)
    assert len(server.received) - before <= 20
    assert SECRET not in result.stdout
    return doc


def finding(doc: dict[str, Any], check_id: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [f for f in doc["findings"] if f["id"] == check_id]
    assert len(found) == 1, found
    return found[0]


def test_a_form_login_is_found_after_the_json_422(
    cli: Callable[..., Any], dialect: Callable[..., Any], env_file: Path
) -> None:
    _, server = dialect(form_login=True)
    doc = run_live(cli, server, env_file)
    login = finding(doc, "JWT701")
    assert login["status"] == "pass" and "as a form" in login["message"]
    bodies = [r.headers.get("content-type", "") for r in server.received if r.path == "/auth/login"]
    assert bodies[:2] == ["application/json", "application/x-www-form-urlencoded"]
    # the second login (before logout) goes straight to the form
    assert bodies[2:] == ["application/x-www-form-urlencoded"]
    assert finding(doc, "JWT706")["status"] == "pass"


def test_login_form_is_sent_as_a_form_from_the_start(
    cli: Callable[..., Any], dialect: Callable[..., Any], env_file: Path
) -> None:
    _, server = dialect(form_login=True)
    run_live(cli, server, env_file, "--login-form")
    logins = [r for r in server.received if r.path == "/auth/login"]
    assert all("form" in r.headers.get("content-type", "") for r in logins)


@pytest.mark.parametrize(
    ("carrier", "spec"),
    [("json:refresh", "json:refresh"), ("bearer", "bearer"), ("form:refresh_token", "form:")],
)
def test_the_refresh_carrier_is_found_and_named(
    cli: Callable[..., Any], dialect: Callable[..., Any], env_file: Path, carrier: str, spec: str
) -> None:
    _, server = dialect(carrier=carrier)
    doc = run_live(cli, server, env_file)
    refresh = finding(doc, "JWT706")
    assert refresh["status"] == "pass", refresh["message"]
    assert f"--refresh-with {spec}" in refresh["message"]
    # the working carrier is reused: reuse and logout are judged, not refused for the way
    assert finding(doc, "JWT707")["status"] == "pass"
    assert finding(doc, "JWT709")["status"] in ("pass", "warn")
    assert "cannot be told" not in finding(doc, "JWT709")["message"]


def test_refresh_with_forces_one_carrier(
    cli: Callable[..., Any], dialect: Callable[..., Any], env_file: Path
) -> None:
    _, server = dialect(carrier="bearer")
    doc = run_live(cli, server, env_file, "--refresh-with", "json:refresh_token")
    refresh = finding(doc, "JWT706")
    assert refresh["status"] == "fail" and "not found" in refresh["message"]
    refreshes = [r for r in server.received if r.path == "/auth/refresh"]
    assert all("authorization" not in r.headers for r in refreshes)


def test_a_bad_refresh_with_is_a_usage_error(cli: Callable[..., Any]) -> None:
    result = cli("check", "--live", "http://127.0.0.1:9", "--credentials", "{}",
                 "--refresh-with", "header")  # fmt: skip
    assert result.exit_code == 2 and "json:FIELD" in result.stderr


def test_logout_by_delete_after_a_405(
    cli: Callable[..., Any], dialect: Callable[..., Any], env_file: Path
) -> None:
    _, server = dialect(carrier="bearer", logout_method="DELETE")
    doc = run_live(cli, server, env_file)
    methods = [r.method for r in server.received if r.path == "/auth/logout"]
    assert methods == ["POST", "DELETE"]
    assert finding(doc, "JWT709")["status"] == "warn"  # refresh revoked, access still works
    forced = run_live(cli, server, env_file, "--logout-method", "DELETE")
    assert finding(forced, "JWT709")["status"] == "warn"


def test_no_revocation_is_no_pass_when_refresh_was_never_read(
    cli: Callable[..., Any], dialect: Callable[..., Any], env_file: Path
) -> None:
    # The service reads a cookie nobody sends: every carrier is "sent the wrong way".
    _, server = dialect(carrier="json:token_of_refresh")
    doc = run_live(cli, server, env_file, "--refresh-with", "json:refreshToken")
    assert finding(doc, "JWT706")["status"] == "fail"
    logout = finding(doc, "JWT709")
    assert logout["status"] != "pass", logout["message"]


def test_a_service_that_does_not_revoke_fails_jwt709(
    cli: Callable[..., Any], dialect: Callable[..., Any], env_file: Path
) -> None:
    _, server = dialect(carrier="bearer", revoke_on_logout=False)
    doc = run_live(cli, server, env_file)
    logout = finding(doc, "JWT709")
    assert logout["status"] == "fail" and "as Authorization: Bearer" in logout["message"]


def test_422_refusals_and_type_claims(
    cli: Callable[..., Any], dialect: Callable[..., Any], env_file: Path
) -> None:
    _, server = dialect(unprocessable=True, carrier="bearer")
    doc = run_live(cli, server, env_file)
    shape = finding(doc, "JWT704")
    assert shape["status"] == "fail" and "422" in shape["message"]
    assert "'Signature verification failed'" in shape["message"]
    assert finding(doc, "JWT705")["status"] == "pass"
    # One secret for both tokens, told apart by `type`: a warn agreeing with JWT703's pass.
    assert finding(doc, "JWT502")["status"] == "warn"
    assert "type" in finding(doc, "JWT502")["message"]
    refused = [f for f in doc["findings"] if f["id"] == "JWT703" and "refresh" in f["message"]]
    assert [f["status"] for f in refused] == ["pass"]
    # each request of the flow says what its refusal said, read from the body
    said = {entry["step"]: entry["refusal"] for entry in doc["live"]}
    assert said["refuse-bad-signature"] == "signature"
    assert said["refuse-refresh-token"] == "wrong_type"
    assert said["refuse-expired"] == "expired" and said["use"] is None


def test_without_a_type_claim_jwt502_still_fails(
    cli: Callable[..., Any], dialect: Callable[..., Any], env_file: Path
) -> None:
    _, server = dialect(type_claim=False)
    doc = run_live(cli, server, env_file)
    assert finding(doc, "JWT502")["status"] == "fail"


def test_a_wrapped_answer_with_an_opaque_refresh_token(
    cli: Callable[..., Any], dialect: Callable[..., Any], env_file: Path
) -> None:
    service, server = dialect(wrapped_opaque=True, carrier="json:refresh_token")
    result = cli(
        "check", "--live", server.url, "--credentials", json.dumps(USER), "--env", str(env_file),
        "--timeout", "5s",
    )  # fmt: skip
    for token in service.live_refresh:
        assert token not in result.stdout and token not in result.stderr
    doc = run_live(cli, server, env_file)
    login = finding(doc, "JWT701")
    assert login["status"] == "pass" and "opaque" in login["message"]
    assert finding(doc, "JWT706")["status"] == "pass"
    assert finding(doc, "JWT707")["status"] == "pass"
    assert finding(doc, "JWT709")["status"] in ("pass", "warn")
    assert finding(doc, "JWT504")["status"] == "skip"
    assert "opaque" in finding(doc, "JWT504")["message"]


# -- OAuth 2.0 / OpenID Connect (--oidc) against a local provider ---------------------------

CLIENT_ID, CLIENT_SECRET = "jwtfix-test-client", "client-secret-for-the-test-0123456789"


@dataclass
class Provider:
    """A small OAuth provider mounted at /o: discovery without a revocation endpoint (it is in
    the RFC 8414 metadata), the password and refresh grants with client_secret_basic, opaque
    tokens, rotation, RFC 7009 revocation, userinfo; one generic invalid_grant."""

    access: dict[str, str] = field(default_factory=dict)
    """access token -> its refresh token."""
    refresh: set[str] = field(default_factory=set)
    used: set[str] = field(default_factory=set)
    basic_seen: list[bool] = field(default_factory=list)

    def pair(self) -> Reply:
        access, refresh = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        self.access[access] = refresh
        self.refresh.add(refresh)
        body = {"access_token": access, "token_type": "Bearer", "expires_in": 3600,
                "refresh_token": refresh, "scope": "read"}  # fmt: skip
        return Reply.json(200, json.dumps(body), [("Cache-Control", "no-store")])

    def client_ok(self, request: Request) -> bool:
        import base64

        expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        ok = request.headers.get("authorization") == f"Basic {expected}"
        self.basic_seen.append(ok)
        return ok

    def handle(self, request: Request, root: str) -> Reply:
        path = request.path.split("?")[0]
        form = {k: v[0] for k, v in parse_qs(request.body.decode()).items()}
        if path == "/o/.well-known/openid-configuration":
            doc = {"issuer": f"{root}/o", "token_endpoint": f"{root}/o/token/",
                   "userinfo_endpoint": f"{root}/o/userinfo/"}  # fmt: skip
            return Reply.json(200, json.dumps(doc))
        if path == "/o/.well-known/oauth-authorization-server":
            doc = {"issuer": f"{root}/o", "token_endpoint": f"{root}/o/token/",
                   "revocation_endpoint": f"{root}/o/revoke/"}  # fmt: skip
            return Reply.json(200, json.dumps(doc))
        if path in ("/o/token/", "/o/revoke/") and not self.client_ok(request):
            return Reply.json(401, '{"error":"invalid_client"}')
        if path == "/o/token/" and form.get("grant_type") == "password":
            if {k: form.get(k) for k in USER} != USER:
                return Reply.json(400, '{"error":"invalid_grant"}')
            return self.pair()
        if path == "/o/token/" and form.get("grant_type") == "refresh_token":
            token = form.get("refresh_token", "")
            if token in self.used:  # reuse: revoke the family (one user here: everything)
                self.refresh.clear()
                self.access.clear()
            if token not in self.refresh:
                return Reply.json(400, '{"error":"invalid_grant"}')
            self.used.add(token)
            self.refresh.discard(token)
            self.access = {a: r for a, r in self.access.items() if r != token}
            return self.pair()
        if path == "/o/revoke/":
            token = form.get("token", "")
            self.refresh.discard(token)
            self.access = {a: r for a, r in self.access.items() if r != token and a != token}
            return Reply(200, [("Content-Type", "text/html")], b"")
        if path == "/o/userinfo/":
            auth = request.headers.get("authorization", "")
            if auth.startswith("Bearer ") and auth[7:] in self.access:
                return Reply.json(200, '{"sub":"1"}')
            challenge = (
                'Bearer error="invalid_token", error_description="The access token is invalid"'
            )
            return Reply.json(401, '{"error":"invalid_token"}', [("WWW-Authenticate", challenge)])
        return Reply.json(404, '{"detail":"Not Found"}')


def test_oidc_password_grant_rotation_and_revocation(cli: Callable[..., Any]) -> None:
    provider = Provider()
    box: list[str] = []
    with serve(lambda request: provider.handle(request, box[0])) as server:
        box.append(server.url)
        result = cli(
            "check", "--live", f"{server.url}/o", "--oidc", "--client-id", CLIENT_ID,
            "--client-secret-env", "TEST_CLIENT_SECRET", "--credentials", json.dumps(USER),
            "--timeout", "5s", "--json", env={"TEST_CLIENT_SECRET": CLIENT_SECRET},
        )  # fmt: skip
        received = list(server.received)
    assert CLIENT_SECRET not in result.stdout + result.stderr
    doc = json.loads(result.stdout)
    assert len(received) <= 20 and all(provider.basic_seen)
    paths = [r.path for r in received]
    assert paths[:2] == ["/o/.well-known/openid-configuration",
                         "/o/.well-known/oauth-authorization-server"]  # fmt: skip
    assert "/o/revoke/" in paths and "/o/userinfo/" in paths
    statuses = {f["id"]: f["status"] for f in doc["findings"] if f["id"] != "JWT703"}
    # opaque tokens: the token checks skip, never a JWT101 failure
    assert statuses["JWT101"] == "skip"
    for check_id in ("JWT701", "JWT702", "JWT704", "JWT706", "JWT707", "JWT708", "JWT709"):
        assert statuses[check_id] == "pass", (check_id, doc["findings"])
    assert "grant_type=refresh_token" in finding(doc, "JWT706")["message"]


def test_oidc_options_are_checked_before_any_request(cli: Callable[..., Any]) -> None:
    unset = cli("check", "--live", "http://127.0.0.1:9/o", "--oidc", "--client-secret-env",
                "JWTFIX_TEST_UNSET_VARIABLE", "--credentials", "{}")  # fmt: skip
    assert unset.exit_code == 2 and "JWTFIX_TEST_UNSET_VARIABLE" in unset.stderr
    alone = cli("check", "--live", "http://127.0.0.1:9", "--client-id", "x", "--credentials", "{}")
    assert alone.exit_code == 2 and "--oidc" in alone.stderr


# -- an issuer whose discovery gives no usable token endpoint: exit 2, nothing sent ----------

UNUSABLE_DISCOVERY = {
    # case: (the discovery document's answer, or None for a 404; what the error line says)
    "not found": (None, "answered 404, not a discovery document (nor in the RFC 8414"),
    "not json": ("<html>Sign in</html>", "answered not JSON (it starts '<html>Sign in</html>')"),
    "json but a list": ('["token_endpoint"]', "answered JSON but not an object"),
    "no token_endpoint": (
        '{"issuer": "x", "userinfo_endpoint": "/u"}',
        "the discovery document names no token_endpoint (nor in the RFC 8414 metadata)",
    ),
    "token_endpoint elsewhere": (
        '{"token_endpoint": "http://127.0.0.1:9/token"}',
        "the token_endpoint 'http://127.0.0.1:9/token' is on another origin than the issuer",
    ),
    "token_endpoint not a URL": (
        '{"token_endpoint": 12}',
        "the token_endpoint 12 is not an http(s) URL",
    ),
}


def _unusable_issuer(document: str | None) -> Callable[[Request], Reply]:
    def handle(request: Request) -> Reply:
        if document is not None and request.path == "/o/.well-known/openid-configuration":
            return Reply(200, [("Content-Type", "application/json")], document.encode())
        return Reply.json(404, '{"detail":"Not Found"}')

    return handle


@pytest.mark.parametrize("case", sorted(UNUSABLE_DISCOVERY))
def test_an_unusable_discovery_document_is_exit_2_naming_it(
    cli: Callable[..., Any], case: str
) -> None:
    document, said = UNUSABLE_DISCOVERY[case]
    with serve(_unusable_issuer(document)) as server:
        args = ("check", "--live", f"{server.url}/o", "--oidc", "--client-id", CLIENT_ID,
                "--credentials", json.dumps(USER), "--timeout", "5s")  # fmt: skip
        human = cli(*args)
        as_json = cli(*args, "--json")
        received = [r.path for r in server.received]
    assert human.exit_code == 2 and human.stdout == "", human.output
    said_all = " ".join(human.stderr.split())  # the note on sessions, then the error
    line = said_all[said_all.index("error: ") :]
    assert line.startswith(f"error: --oidc: GET {server.url}/o/.well-known/"), line
    assert said in line and human.stderr.count("error:") == 1
    assert "Traceback" not in human.stderr
    # the credentials went nowhere: only the two well-known documents were read
    assert set(received) <= {"/o/.well-known/openid-configuration",
                             "/o/.well-known/oauth-authorization-server"}  # fmt: skip
    assert as_json.exit_code == 2
    assert json.loads(as_json.stdout)["error"]["type"] == "invalid_discovery"


def test_rfc_8414_metadata_alone_is_enough() -> None:
    """An OAuth server with no OpenID discovery document but RFC 8414 metadata is usable."""
    from jwtfix.httpclient import HttpClient
    from jwtfix.ops.live import DiscoveryError, LiveOptions, run

    def handle(request: Request) -> Reply:
        if request.path == "/o/.well-known/oauth-authorization-server":
            body = json.dumps({"token_endpoint": f"{box[0]}/o/token/"})
            return Reply.json(200, body)
        return Reply.json(404, '{"detail":"Not Found"}')

    box: list[str] = []
    with serve(handle) as server:
        box.append(server.url)
        options = LiveOptions(url=f"{server.url}/o", oidc=True, credentials=USER)
        with HttpClient(timeout=5, clock=time.time) as client:
            transcript = run(client, options, now=time.time(), sleep=time.sleep)
        assert transcript.options.login == f"{server.url}/o/token/"
        assert "/o/token/" in [r.path for r in server.received]
        with serve(_unusable_issuer(None)) as broken:
            options = LiveOptions(url=f"{broken.url}/o", oidc=True, credentials=USER)
            with HttpClient(timeout=5, clock=time.time) as client, pytest.raises(DiscoveryError):
                run(client, options, now=time.time(), sleep=time.sleep)
