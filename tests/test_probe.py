"""probe: the core judgement over recorded exchanges, and the command against local servers."""

from __future__ import annotations

import json
from collections.abc import Callable
from email.utils import formatdate
from pathlib import Path
from typing import Any

import pytest
from challenge_samples import MALFORMED, REAL, Sample
from conftest import DATA, NOW, make_token
from servers import LocalServer, Reply, Request, closed_port

from jwtfix import answers, tokens
from jwtfix.httpclient import Exchange, fingerprint
from jwtfix.model import Status
from jwtfix.ops.expiry import ExpiryStatus
from jwtfix.ops.probe import ProbeReport, probe
from jwtfix.render.human.probe import probe_text as render_human
from jwtfix.render.json import probe_document as document

Start = Callable[[Callable[[Request], Reply]], LocalServer]
Cli = Callable[..., Any]

SECRET = "access-secret-that-is-long-enough-0123456789"
REFRESH = "refresh-secret-that-is-long-enough-9876543210"


def token(**claims: Any) -> str:
    return make_token({"sub": "alice", "iat": NOW - 900, **claims}, secret=SECRET)


def exchange(
    status: int,
    headers: list[tuple[str, str]] | None = None,
    body: str = "",
    *,
    server_ahead: float = 0.0,
    date: bool = True,
) -> Exchange:
    sent = [("Date", formatdate(NOW + server_ahead, usegmt=True))] if date else []
    return Exchange(
        index=1,
        method="GET",
        url="http://127.0.0.1:8080/api/me",
        request_headers=(("Authorization", "Bearer <sha256:00000000>"),),
        sent_at=NOW - 0.05,
        status=status,
        response_headers=(*sent, *(headers or [])),
        body=body.encode(),
        received_at=NOW + 0.05,
    )


def judge(ex: Exchange, jwt: str | None, **kwargs: Any) -> ProbeReport:
    parsed = tokens.parse(jwt) if jwt else None
    return probe(ex, now=NOW, token=parsed, sent_token=jwt is not None, **kwargs)


# -- the samples, each parsed and explained --------------------------------------------------

WITH_KIND = [s for s in REAL + MALFORMED if s.kind]


@pytest.mark.parametrize("sample", WITH_KIND, ids=[s.name for s in WITH_KIND])
def test_each_real_refusal_is_recognised(sample: Sample) -> None:
    report = judge(
        exchange(sample.status, [("WWW-Authenticate", sample.header)]), token(exp=NOW - 3600)
    )
    assert report.kind == sample.kind
    if sample.stack:
        assert report.stack is not None and report.stack.name.startswith(sample.stack)
    assert report.verdict.endswith(".")
    assert report.exit_code == 1
    doc = document(report)
    assert doc["challenge"]["error"] == "invalid_token" or sample.name == "unknown-error-code"
    json.dumps(doc)


def test_an_expired_token_is_judged_at_the_server_clock_with_the_stack_leeway() -> None:
    # jsonwebtoken: no leeway, the token is 30 s past exp
    report = judge(exchange(401, body='{"message":"jwt expired"}'), token(exp=NOW - 30))
    assert report.stack is not None and report.stack.leeway_seconds == 0
    assert report.token is not None and report.token.status is ExpiryStatus.EXPIRED
    assert report.verdict.startswith("The token expired 30s ago")


def test_spring_would_not_call_a_token_30s_past_exp_expired() -> None:
    header = (
        'Bearer error="invalid_token", error_description="An error occurred while attempting '
        'to decode the Jwt: Jwt expired at 2026-01-25T10:14:30Z"'
    )
    report = judge(exchange(401, [("WWW-Authenticate", header)]), token(exp=NOW - 30))
    assert report.stack is not None and report.stack.leeway_seconds == 60
    assert report.token is not None and report.token.server_accepts
    assert "at its own clock the token is past exp by 30s but still within" in report.verdict
    assert "leeway of 60s" in report.verdict


def test_a_server_clock_ahead_makes_a_fresh_token_expired_there() -> None:
    report = judge(
        exchange(401, body='{"message":"jwt expired"}', server_ahead=1200), token(exp=NOW + 600)
    )
    assert report.clock is not None
    assert report.clock.offset_seconds == pytest.approx(1200.5)
    # Date: whole seconds, maybe cached 1.25 s late, stamped within the 0.1 s trip
    assert report.clock.uncertainty_seconds == pytest.approx((1 + 1.25 + 0.1 + 0.1) / 2)
    assert report.token_local is not None and report.token_local.status is ExpiryStatus.VALID
    assert report.token is not None and report.token.status is ExpiryStatus.EXPIRED
    assert "20m" in report.verdict and "ahead" in report.verdict
    assert any("20m" in f.message and f.status is Status.WARN for f in report.findings)


def test_jjwt_current_time_is_a_second_clock_source() -> None:
    body = json.dumps(
        {
            "message": "JWT expired 73009 milliseconds ago at 2026-01-25T10:13:47.000Z. "
            "Current time: 2026-01-25T10:15:02.509Z. Allowed clock skew: 0 milliseconds."
        }
    )
    report = judge(exchange(401, body=body, date=False), token(exp=NOW - 73))
    assert report.clock is not None and report.clock.source == "message"
    assert report.clock.offset_seconds == pytest.approx(2.509, abs=0.001)
    assert report.stack is not None and report.stack.name.startswith("jjwt")
    assert report.stack.leeway_seconds == 0
    assert report.kind == "expired"


def test_never_expired_from_this_machine_alone() -> None:
    report = judge(exchange(401, body='{"message":"jwt expired"}', date=False), token(exp=NOW - 5))
    assert report.clock is None and report.token is None
    assert "this machine's clock" in report.verdict and "unknown" in report.verdict
    assert any("no usable Date" in f.message for f in report.findings)


def test_a_message_about_another_token() -> None:
    header = (
        'Bearer error="invalid_token", error_description="The token expired at '
        "'01/25/2026 10:00:00'\""
    )
    report = judge(exchange(401, [("WWW-Authenticate", header)]), token(exp=NOW + 600))
    assert "judged another token" in report.verdict
    assert "2026-01-25T10:00:00Z" in report.verdict


def test_401_without_error_means_no_usable_credentials() -> None:
    challenge = [("WWW-Authenticate", 'Bearer realm="api"')]
    report = judge(exchange(401, challenge), token(exp=NOW + 600))
    assert "no usable credentials" in report.verdict
    assert any("RFC 6750 §3.1" in f.message for f in report.findings)
    assert document(report)["challenge"]["no_error_means"].startswith("no usable credentials")


def test_401_with_no_challenge_at_all() -> None:
    report = judge(exchange(401, body="Unauthorized"), token(exp=NOW + 600))
    assert any("without WWW-Authenticate" in f.message for f in report.findings)
    assert "gives no reason" in report.verdict and "--env" in report.verdict


def test_no_token_sent() -> None:
    report = judge(exchange(401, [("WWW-Authenticate", 'Bearer realm="api"')]), None)
    assert "no token was sent" in report.verdict and "Bearer" in report.verdict


def test_an_accepted_expired_token_is_a_failure() -> None:
    report = judge(exchange(200, body='{"id":1}'), token(exp=NOW - 3600))
    assert report.exit_code == 0
    assert "does not check exp" in report.verdict
    assert any(f.status is Status.FAIL for f in report.findings)


def test_insufficient_scope() -> None:
    header = 'Bearer error="insufficient_scope", scope="orders:write"'
    report = judge(exchange(403, [("WWW-Authenticate", header)]), token(exp=NOW + 600))
    assert "orders:write" in report.verdict and "permission" in report.verdict


def test_a_plain_403_is_about_permissions() -> None:
    report = judge(exchange(403, body="Forbidden"), token(exp=NOW + 600))
    assert report.verdict.startswith("The service knows who you are but refuses access (403")
    assert report.verdict.count(". ") == 0  # one sentence


def test_a_token_problem_answered_with_403_or_500() -> None:
    forbidden = judge(exchange(403, body='{"error":"jwt expired"}'), token(exp=NOW - 60))
    assert any("403" in f.message and "401" in f.message for f in forbidden.findings)
    assert "expired" in forbidden.verdict
    failed = judge(exchange(500, body='{"message":"jwt malformed"}'), token(exp=NOW + 60))
    assert failed.verdict.startswith("The service failed (500)")


def test_aud_and_kid_are_named() -> None:
    aud = judge(
        exchange(401, body='{"message":"jwt audience invalid. expected: api"}'),
        token(exp=NOW + 600, aud="web"),
    )
    assert "aud='web'" in aud.verdict
    kid = judge(
        exchange(401, [("WWW-Authenticate", 'Bearer error="invalid_token", error_description='
                        '"The signature key was not found"')]),
        make_token({"exp": NOW + 600}, header={"kid": "2024-rotated"}),
    )  # fmt: skip
    assert "'2024-rotated'" in kid.verdict and "rotated" in kid.verdict


@pytest.mark.parametrize(
    ("body", "content_type", "fields"),
    [
        ('{"error":"invalid_token","error_description":"expired"}', "application/json",
         {"error": "invalid_token", "error_description": "expired"}),
        ('{"error":{"code":"TOKEN_EXPIRED","message":"Token expired"}}', "application/json",
         {"code": "TOKEN_EXPIRED", "message": "Token expired"}),
        ('{"errors":[{"message":"Not authenticated"}]}', "application/json",
         {"message": "Not authenticated"}),
        ('{"detail":"Signature has expired"}', "application/json",
         {"message": "Signature has expired"}),
        ("Unauthorized\n", "text/plain", {"text": "Unauthorized"}),
        ("<html><head><title>401 Authorization Required</title></head></html>", "text/html",
         {"text": "401 Authorization Required"}),
    ],
)  # fmt: skip
def test_body_errors(body: str, content_type: str, fields: dict[str, str]) -> None:
    found = answers.body_error(body.encode(), content_type)
    assert found is not None
    shown = {k: v for k, v in found.to_json().items() if v is not None}
    assert shown == fields


def test_the_explain_knowledge_base_is_asked_in_one_place(monkeypatch: pytest.MonkeyPatch) -> None:
    class Entry:
        kind = "signature"
        library = "jsonwebtoken"
        meaning = "the signature does not match"

    class Explanation:
        matched = True
        entry = Entry()

        def to_json(self) -> dict[str, Any]:
            return {"matched": True, "library": "jsonwebtoken"}

    asked: list[str] = []

    def fake(text: str) -> Explanation:
        asked.append(text)
        return Explanation()

    monkeypatch.setattr(answers, "explain_message", fake)
    report = judge(exchange(401, body='{"message":"something odd"}'), token(exp=NOW + 600))
    assert asked == ["something odd"]
    assert report.kind == "signature"
    assert document(report)["explanation"] == {"matched": True, "library": "jsonwebtoken"}
    assert "known message: jsonwebtoken" in render_human(report)


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("key_not_found", "The service has no key"),  # explain's kind, read as probe's
        ("alg_not_allowed", "does not allow the token's algorithm"),
        ("token_type", "refuses this type of token"),  # read as probe's wrong_type
        ("claim_mismatch", "oidc-lib says 'odd': an ID token sent where an access token is"),
    ],
)
def test_explain_kinds_and_meanings_make_the_verdict(
    monkeypatch: pytest.MonkeyPatch, kind: str, says: str
) -> None:
    class Entry:
        library = "oidc-lib"
        meaning = "an ID token sent where an access token is expected."
        causes = ("the client sends id_token",)

    Entry.kind = kind  # type: ignore[attr-defined]

    class Explanation:
        matched = True
        entry = Entry()

        def to_json(self) -> dict[str, Any]:
            return {"matched": True}

    monkeypatch.setattr(answers, "explain_message", lambda text: Explanation())
    report = judge(exchange(401, body='{"message":"odd"}'), token(exp=NOW + 600))
    assert says in report.verdict


EXPLAINED = [s for s in REAL + MALFORMED if s.explained_by]


@pytest.mark.parametrize("sample", EXPLAINED, ids=[s.name for s in EXPLAINED])
def test_the_knowledge_base_explains_the_real_messages(sample: Sample) -> None:
    report = judge(
        exchange(sample.status, [("WWW-Authenticate", sample.header)]), token(exp=NOW - 3600)
    )
    assert report.explanation is not None and report.explanation.matched
    assert report.explanation.entry.id == sample.explained_by
    explained = document(report)["explanation"]
    assert explained["matched"] is True and explained["causes"]
    assert "known message:" in render_human(report)


def test_an_unknown_message_has_an_unmatched_explanation() -> None:
    report = judge(exchange(401, body='{"message":"zorglub"}'), token(exp=NOW + 600))
    assert report.explanation is not None and not report.explanation.matched
    assert document(report)["explanation"]["matched"] is False


# -- the command against local servers -------------------------------------------------------


def replying(status: int, headers: list[tuple[str, str]], body: str = "") -> Callable[..., Reply]:
    return lambda request: Reply(status, headers, body.encode())


@pytest.mark.parametrize("sample", REAL, ids=[s.name for s in REAL])
def test_probe_against_a_server_sending_real_headers(
    sample: Sample, local_server: Start, cli: Cli
) -> None:
    server = local_server(replying(sample.status, [("WWW-Authenticate", sample.header)]))
    jwt = token(exp=NOW - 3600)
    result = cli("probe", server.url + "/api/me", jwt, "--json", "--at", str(NOW))
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    assert server.received[0].headers["authorization"] == f"Bearer {jwt}"
    assert doc["status"] == 401
    assert doc["challenge"]["scheme"] == sample.scheme
    assert doc["kind"] == sample.kind
    assert doc["server_time"]["source"] == "Date header"
    assert abs(doc["clock_offset_seconds"]) < 5  # the same machine
    assert doc["token"]["status"] == "expired"
    assert doc["verdict"]
    assert jwt not in result.stdout
    for key in ("body_error", "explanation", "findings"):
        assert key in doc


def test_a_2xx_answer_exits_0_and_human_output_shows_fingerprints(
    local_server: Start, cli: Cli
) -> None:
    server = local_server(replying(200, [("Content-Type", "application/json")], '{"id":1}'))
    jwt = token(exp=NOW + 600)
    result = cli("probe", server.url + "/api/me", jwt, "--at", str(NOW))
    assert result.exit_code == 0, result.output
    assert f"Bearer {fingerprint(jwt)}" in result.stdout
    assert jwt not in result.stdout
    assert "The service accepted the request (200)." in result.stdout


def test_method_headers_data_and_no_token(local_server: Start, cli: Cli, tmp_path: Path) -> None:
    server = local_server(replying(401, [("WWW-Authenticate", 'Bearer realm="api"')]))
    body = tmp_path / "body.json"
    body.write_text('{"q": 1}')
    result = cli(
        "probe", server.url + "/graphql", "--no-token", "-X", "put",
        "-H", "X-Tenant: acme", "--data", f"@{body}", "--json",
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    seen = server.received[0]
    assert seen.method == "PUT" and seen.body == b'{"q": 1}'
    assert seen.headers["x-tenant"] == "acme"
    assert seen.headers["content-type"] == "application/json"
    assert "authorization" not in seen.headers
    assert "no token was sent" in json.loads(result.stdout)["verdict"]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["-H", "no colon here"], "'Name: value'"),
        (["--data", "{not json"], "not JSON"),
        (["--timeout", "0"], "--timeout"),
    ],
)
def test_bad_options_exit_2(args: list[str], says: str, cli: Cli) -> None:
    result = cli("probe", "http://127.0.0.1:9/", "--no-token", *args)
    assert result.exit_code == 2
    assert says in result.stderr


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--at", "not a time"], "--at"),
        (["--env", "."], ".env"),
        (["--env", "{examples}/good.env", "--no-token"], "--env needs a token"),
    ],
)
def test_bad_at_and_env_are_refused_before_anything_is_sent(
    args: list[str], says: str, local_server: Start, cli: Cli
) -> None:
    # The request carries a live credential: a typo in an option must not send it first.
    server = local_server(replying(401, [("WWW-Authenticate", 'Bearer realm="api"')]))
    examples = Path(__file__).parent.parent / "examples"
    jwt = (examples / "valid-access.jwt").read_text().strip()
    args = [a.format(examples=examples) for a in args]
    result = cli("probe", server.url + "/me", jwt, "--json", *args)
    assert result.exit_code == 2, result.output
    assert says in result.stderr and result.stderr.startswith("error: ")
    assert "error" in json.loads(result.stdout)
    assert server.received == []


def test_no_answer_is_exit_2_naming_the_url(silent_server: str, cli: Cli) -> None:
    result = cli("probe", silent_server + "/me", "--no-token", "--timeout", "0.5", "--json")
    assert result.exit_code == 2
    assert f"{silent_server}/me" in result.stderr and "timeout" in result.stderr
    assert json.loads(result.stdout)["error"]["type"] == "network_error"
    refused = closed_port() + "/me"
    result = cli("probe", refused, "--no-token")
    assert result.exit_code == 2 and refused in result.stderr and "refused" in result.stderr


def test_bad_urls_are_exit_2(cli: Cli) -> None:
    for url in ("ftp://127.0.0.1/", "localhost:3000/me", "http://"):
        result = cli("probe", url, "--no-token")
        assert result.exit_code == 2, url
        assert result.stderr.startswith("error: ")


def test_a_redirect_to_another_origin_gets_no_token(local_server: Start, cli: Cli) -> None:
    elsewhere = local_server(replying(200, [], "login page"))
    server = local_server(replying(302, [("Location", elsewhere.url + "/login")]))
    jwt = token(exp=NOW + 600)
    result = cli("probe", server.url + "/api/me", jwt, "--json")
    assert elsewhere.received == []
    doc = json.loads(result.stdout)
    assert result.exit_code == 1
    assert "another origin" in doc["verdict"] and "not followed" in doc["verdict"]
    assert any("not followed" in n for n in doc["notes"])


def test_a_redirect_loop_is_named(local_server: Start, cli: Cli) -> None:
    server = local_server(lambda r: Reply(302, [("Location", r.path + "x")]))
    result = cli("probe", server.url + "/a", "--no-token", "--json")
    assert result.exit_code == 1
    assert len(server.received) == 6  # the request and 5 redirects
    assert "keeps redirecting" in json.loads(result.stdout)["verdict"]


def test_env_adds_verify_diagnosis_without_printing_secrets(
    local_server: Start, cli: Cli, tmp_path: Path
) -> None:
    env = tmp_path / ".env"
    env.write_text(f"JWT_SECRET={SECRET}\nJWT_REFRESH_SECRET={REFRESH}\n")
    server = local_server(
        replying(401, [("Content-Type", "application/json")], '{"message":"invalid signature"}')
    )
    refresh_as_bearer = make_token({"sub": "alice", "exp": NOW + 3600}, secret=REFRESH)
    for extra in ([], ["--json"]):
        result = cli("probe", server.url + "/api/me", refresh_as_bearer, "--env", str(env), *extra)
        assert result.exit_code == 1, result.output
        assert "JWT_REFRESH_SECRET" in result.stdout
        assert SECRET not in result.output and REFRESH not in result.output
    doc = json.loads(result.stdout)
    assert doc["kind"] == "signature"
    assert doc["verify_reason"] == "invalid_signature"
    assert any("JWT_REFRESH_SECRET" in d for d in doc["diagnosis"])


def test_insecure_warns(local_server: Start, cli: Cli) -> None:
    server = local_server(replying(204, []))
    result = cli("probe", server.url, "--no-token", "--insecure")
    assert result.exit_code == 0
    assert "warning: --insecure" in result.stderr


def test_an_opaque_token_is_sent_as_is(local_server: Start, cli: Cli) -> None:
    server = local_server(replying(401, [("WWW-Authenticate", 'Bearer error="invalid_token"')]))
    result = cli("probe", server.url, "opaque-token-123", "--json")
    assert result.exit_code == 1
    assert server.received[0].headers["authorization"] == "Bearer opaque-token-123"
    assert "not a JWT" in result.stderr
    assert json.loads(result.stdout)["token"] is None


def test_a_timeout_too_long_for_a_socket_is_exit_2(cli: Cli) -> None:
    # 300 years overflows the socket's C time type: it was an internal error (exit 3).
    result = cli("probe", closed_port() + "/me", "--no-token", "--timeout", "300y", "--json")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: --timeout '300y'")
    assert json.loads(result.stdout)["error"]["type"] == "invalid_duration"


# -- probe with the service's keys (--key, --jwks), as verify has them ----------------------


def rs256(cli: Cli, key: Path) -> str:
    """An RS256 token signed by `key`, with the kid of jwks.json's RSA key."""
    kid = "V6nl4ljXJOXwi0N0g_LgeIXEUPwGgNey8Nmokgs12BQ"
    result = cli("sign", "--key", str(key), "--alg", "RS256", "--kid", kid, "--sub", "alice",
                 "--expires", "1h", "--at", str(NOW))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    signed: str = result.stdout.strip()
    return signed


@pytest.mark.parametrize("status", [401, 403])
@pytest.mark.parametrize("keys", ["--jwks", "--key"])
def test_probe_checks_the_signature_with_the_services_keys(
    status: int, keys: str, local_server: Start, cli: Cli
) -> None:
    # A token signed by another RSA key: the service refuses it without a reason (a 403
    # like many hand-written middlewares); the JWKS or key shows it is the signature.
    server = local_server(replying(status, [("Content-Type", "text/plain")], "Forbidden"))
    forged = rs256(cli, DATA / "keys" / "rsa-other.pem")
    material = DATA / "keys" / ("jwks.json" if keys == "--jwks" else "rsa-spki.pem")
    result = cli("probe", server.url + "/api/me", forged, keys, str(material), "--at", str(NOW),
                 "--json")  # fmt: skip
    doc = json.loads(result.stdout)
    assert result.exit_code == 1
    assert "signature" in doc["verdict"].lower(), doc["verdict"]
    assert "roles or scopes" not in doc["verdict"]
    good = rs256(cli, DATA / "keys" / "rsa-pkcs8.pem")
    fine = json.loads(
        cli("probe", server.url + "/api/me", good, keys, str(material), "--at", str(NOW),
            "--json").stdout
    )  # fmt: skip
    assert "signature does not verify" not in fine["verdict"]


def test_probe_reads_the_refresh_tokens_type_claim(local_server: Start, cli: Cli) -> None:
    server = local_server(replying(401, [("Content-Type", "application/json")],
                                   '{"detail":"Unauthorized"}'))  # fmt: skip
    refresh = make_token({"sub": "alice", "exp": NOW + 86400, "token_type": "refresh"})
    doc = json.loads(cli("probe", server.url + "/me", refresh, "--at", str(NOW), "--json").stdout)
    assert "refresh token" in doc["verdict"] and "token_type='refresh'" in doc["verdict"]


def test_simplejwts_reason_is_read_from_its_messages() -> None:
    body = (
        '{"detail":"Given token not valid for any token type","code":"token_not_valid",'
        '"messages":[{"token_class":"AccessToken","token_type":"access",'
        '"message":"Token is expired"}]}'
    )
    report = judge(
        exchange(401, [("WWW-Authenticate", 'Bearer realm="api"')], body), token(exp=NOW - 30)
    )
    assert report.kind == "expired"
    assert report.stack is not None and "simplejwt" in report.stack.name
    assert "Token is expired" in report.verdict and "gives no reason" not in report.verdict
