"""`jwtfix explain` through the CLI: inputs, JSON contract, --token diagnoses, --list,
exit codes, and no secret from --env in any output."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import NOW, make_token

from jwtfix.ops.explain import knowledge_base

Cli = Callable[..., Any]
SECRET = "Xk7-explain-test-secret-that-is-long-enough-0123456789"
OTHER = "Pq2-another-environment-secret-long-enough-9876543210"
EXPIRED = make_token({"sub": "u1", "iat": NOW - 7200, "exp": NOW - 3600}, secret=SECRET)
VALID = make_token({"sub": "u1", "iat": NOW - 60, "exp": NOW + 900}, secret=SECRET)
WRONG_SECRET = make_token({"sub": "u1", "iat": NOW - 60, "exp": NOW + 900}, secret=OTHER)
ASPNET = (
    'Bearer error="invalid_token", error_description="The token expired at \'01/25/2026 10:15:00\'"'
)


def env_file(tmp_path: Path) -> str:
    path = tmp_path / ".env"
    path.write_text(f"JWT_SECRET={SECRET}\nJWT_EXPIRES_IN=15m\n")
    return str(path)


def json_of(result: Any) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(result.stdout)
    return document


# --- the message ---------------------------------------------------------------------


def test_a_known_message_is_explained_with_exit_0(cli: Cli) -> None:
    result = cli("explain", "TokenExpiredError: jwt expired")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "jsonwebtoken (Node.js): jwt expired" in out
    assert "verify.js@v9.0.2" in out
    assert "Likely causes" in out and "1. " in out
    assert "jwtfix expiry --skew 60s TOKEN" in out
    assert "\x1b[" not in out  # piped: no colour


def test_a_source_path_longer_than_the_terminal_is_shown_whole(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Spring's NimbusJwtDecoder path is wider than 80 columns: it folds onto the next line
    # rather than being cut before the file name, which is the part the user looks for.
    monkeypatch.setenv("COLUMNS", "80")
    text = "An error occurred while attempting to decode the Jwt: The aud is not accepted"
    out = cli("explain", text).stdout
    assert "security/oauth2/jwt/NimbusJwtDecoder.java@" in "".join(out.split())
    assert "…" not in out


def test_the_librarys_own_wrapper_is_not_another_library_printing_the_words(cli: Cli) -> None:
    # RabbitMQ's audience atom inside its own "token failed: {any}" wrapper matches both
    # of its entries: the wrapper is named as also matching, not as another library.
    text = "Authentication using an OAuth 2/JWT token failed: {error,no_matching_aud_found}"
    out = cli("explain", text).stdout
    assert "RabbitMQ (rabbitmq_auth_backend_oauth2): no_matching_aud_found" in out
    assert "Also matches: rabbitmq.failed" in out
    assert "Also printed in this form by" not in out
    assert "Also printed in this form by: PostgREST" in cli("explain", "jwt expired").stdout


def test_a_message_with_its_own_likeliest_cause_leads_with_it(cli: Cli) -> None:
    # ngrok's policy error is about the traffic policy file, not an unset secret: the
    # entry's own cause leads the answer's one line and its causes, the kind's follow.
    text = (
        "ERR_NGROK_7178: The JWT Validation configuration must have at least one token"
        " configuration."
    )
    doc = json_of(cli("explain", "--json", text))
    assert doc["id"] == "ngrok.config" and doc["kind"] == "config"
    config = next(e for e in knowledge_base() if e.id == "jsonwebtoken.secret-required")
    assert doc["causes"][0].startswith("The traffic policy's jwt-validation action")
    assert doc["causes"][1:] == list(config.causes)  # the kind's, after its own
    first = cli("explain", text).stdout.splitlines()[0]
    assert "ngrok" in first and "most often the traffic policy" in first, first
    # An entry without a cause of its own still leads with its kind's first cause.
    plain = cli("explain", "JsonWebTokenError: secret or public key must be provided").stdout
    assert "most often the verifier has no secret or key" in " ".join(plain.split())


def test_json_holds_the_contract_fields(cli: Cli) -> None:
    result = cli("explain", "--json", ASPNET)
    assert result.exit_code == 0
    doc = json_of(result)
    assert doc["matched"] is True
    assert doc["library"] == "ASP.NET Core JwtBearer"
    assert doc["id"] == "aspnetcore.token-expired"
    assert doc["meaning"] and doc["causes"] and doc["fixes"]
    assert doc["next"] == "jwtfix expiry --skew 60s TOKEN"
    assert doc["source"].endswith("JwtBearerHandler.cs@main (commit f22eba9)")
    assert "diagnosis" not in doc


def test_an_unknown_message_exits_1_and_offers_the_closest(cli: Cli) -> None:
    result = cli("explain", "--json", "Unauthorized")
    assert result.exit_code == 1
    doc = json_of(result)
    assert doc["matched"] is False and doc["library"] is None
    assert doc["candidates"] and {"id", "library", "message", "next"} <= set(doc["candidates"][0])
    human = cli("explain", "Error: connect ECONNREFUSED 127.0.0.1:5432")
    assert human.exit_code == 1
    assert human.stdout.startswith("✘ jwtfix does not know this message")
    assert "jwtfix explain --list" in human.stdout


@pytest.mark.parametrize("arg", ["-", None])
def test_the_message_can_come_on_stdin(cli: Cli, arg: str | None) -> None:
    args = ["explain", "--json"] + ([arg] if arg else [])
    result = cli(*args, input="jwt.exceptions.ExpiredSignatureError: Signature has expired\n")
    assert result.exit_code == 0
    assert json_of(result)["id"] == "pyjwt.signature-has-expired"


def test_a_log_excerpt_is_read_from_a_file(cli: Cli, tmp_path: Path) -> None:
    log = tmp_path / "api.log"
    lines = [f"2026-01-25T10:{i:02d}:00Z INFO GET /orders 200" for i in range(50)]
    lines.insert(30, "2026-01-25T10:15:00Z ERROR auth: token is expired by 3m12s")
    # a stray byte that is not UTF-8 does not stop the match
    log.write_bytes("\n".join(lines).encode() + b"\n\xff\n")
    result = cli("explain", "--json", f"@{log}")
    assert result.exit_code == 0, result.stderr
    doc = json_of(result)
    assert doc["id"] == "golang-jwt-v4.expired-by"
    assert doc["excerpt"] == "token is expired by 3m12s"


@pytest.mark.parametrize("via", ["file", "stdin"])
def test_a_whole_log_is_read_from_its_newest_lines(cli: Cli, tmp_path: Path, via: str) -> None:
    from jwtfix.limits import MAX_PASTE_BYTES

    # An older error far up the log, then more noise than explain reads, then the newest one.
    noise = "2026-01-25T10:00:00Z INFO GET /orders 200 " + "x" * 60 + "\n"
    old = "2026-01-25T09:00:00Z ERROR jwt.exceptions.InvalidAudienceError: Invalid audience\n"
    new = "2026-01-25T11:00:00Z ERROR TokenExpiredError: jwt expired\n"
    text = old + noise * (5 * MAX_PASTE_BYTES // len(noise)) + new + noise * 10
    if via == "file":
        log = tmp_path / "api.log"
        log.write_text(text)
        result = cli("explain", "--json", f"@{log}")
        where = str(log)
    else:
        result = cli("explain", "--json", "-", input=text)
        where = "standard input"
    assert result.exit_code == 0, result.stderr
    assert json_of(result)["id"] == "jsonwebtoken.jwt-expired"
    size = f"{len(text) / (1 << 20):.1f} MiB"
    said = " ".join(result.stderr.split())
    assert said.startswith(f"note: {where} holds {size}: explain read its last 256 KiB"), said
    assert "newest lines" in said


def test_a_log_within_the_limit_is_read_whole_without_a_note(cli: Cli, tmp_path: Path) -> None:
    log = tmp_path / "api.log"
    log.write_text("ERROR jwt.exceptions.InvalidAudienceError: Invalid audience\n" + "ok\n" * 1000)
    result = cli("explain", "--json", f"@{log}")
    assert json_of(result)["id"] == "pyjwt.invalid-audience"
    assert result.stderr == ""


def test_a_missing_file_is_exit_2_naming_it(cli: Cli, tmp_path: Path) -> None:
    result = cli("explain", "--json", f"@{tmp_path / 'nope.log'}")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot read the message file")
    assert "nope.log" in result.stderr
    assert json_of(result)["error"]["type"] == "input_error"


@pytest.mark.parametrize(("flag", "value"), [("--at", "not a time"), ("--skew", "bad")])
def test_a_bad_at_or_skew_is_exit_2_also_without_token(cli: Cli, flag: str, value: str) -> None:
    # --at was read only with --token: without it a typo in --at was silently ignored (exit 0).
    result = cli("explain", "--json", "jwt expired", flag, value)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {flag} '{value}'")
    assert "error" in json_of(result)


@pytest.mark.parametrize("text", ["", "   \n"])
def test_an_empty_message_is_exit_2(cli: Cli, text: str) -> None:
    result = cli("explain", text)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: the message is empty")


def test_message_and_token_cannot_both_come_from_stdin(cli: Cli) -> None:
    result = cli("explain", "-", "--token", "-", input="jwt expired")
    assert result.exit_code == 2
    assert "stdin" in result.stderr


# --- --token -----------------------------------------------------------------------


def test_an_expired_token_gets_the_expiry_diagnosis(cli: Cli) -> None:
    result = cli("explain", "--json", "jwt expired", "--token", EXPIRED, "--at", str(NOW))
    assert result.exit_code == 1  # the diagnosis confirms a problem
    doc = json_of(result)
    assert doc["matched"] is True
    assert doc["diagnosis_command"] == "expiry"
    assert doc["diagnosis"]["status"] == "expired"
    assert doc["diagnosis"]["remaining_seconds"] == -3600
    assert "that is the cause" in doc["verdict"]


def test_skew_reaches_the_expiry_diagnosis(cli: Cli) -> None:
    args = ["explain", "--json", ASPNET, "--token", EXPIRED, "--at", str(NOW), "--skew", "2h"]
    result = cli(*args)
    doc = json_of(result)
    assert doc["diagnosis"]["skew_seconds"] == 7200
    assert doc["diagnosis"]["server_accepts"] is True
    assert "clock" in doc["verdict"]


def test_a_valid_token_against_an_expiry_message_points_at_the_clock(cli: Cli) -> None:
    result = cli("explain", "jwt expired", "--token", VALID, "--at", str(NOW))
    assert result.exit_code == 0
    assert "jwtfix expiry on the token:" in result.stdout
    # the verdict comes first
    assert result.stdout.startswith("✔ The token is valid by this clock: the server's clock runs")


def test_a_wrong_secret_gets_the_verify_diagnosis(cli: Cli, tmp_path: Path) -> None:
    env = env_file(tmp_path)
    args = ["explain", "--json", "JsonWebTokenError: invalid signature", "--token", WRONG_SECRET]
    result = cli(*args, "--env", env, "--at", str(NOW))
    assert result.exit_code == 1
    doc = json_of(result)
    assert doc["diagnosis_command"] == "verify"
    assert doc["diagnosis"]["valid"] is False
    assert doc["diagnosis"]["reason"] == "invalid_signature"
    assert "the token shows the problem the message names" in doc["verdict"]
    assert SECRET not in result.stdout + result.stderr


def test_the_right_secret_says_the_server_uses_another(cli: Cli) -> None:
    result = cli(
        "explain", "invalid signature", "--token", VALID, "--secret", SECRET, "--at", str(NOW)
    )
    assert result.exit_code == 0
    assert "jwtfix verify on the token:" in result.stdout
    assert "another key or other settings" in result.stdout
    assert SECRET not in result.stdout + result.stderr


def test_no_secret_from_env_in_human_or_json_output(cli: Cli, tmp_path: Path) -> None:
    env = env_file(tmp_path)
    for extra in ([], ["--json"]):
        result = cli(
            "explain", *extra, "The signature key was not found", "--token", WRONG_SECRET,
            "--env", env, "--at", str(NOW),
        )  # fmt: skip
        assert result.exit_code == 1
        assert SECRET not in result.stdout + result.stderr
        assert "JWT_SECRET" in result.stdout  # named by where it came from


def test_a_signature_message_without_a_key_says_how_to_verify(cli: Cli) -> None:
    result = cli("explain", "--json", "invalid signature", "--token", VALID, "--at", str(NOW))
    assert result.exit_code == 0
    assert json_of(result)["diagnosis_command"] == "expiry"
    assert "give --env, --key, --jwks or a secret" in result.stderr


def test_a_token_that_is_no_jwt_is_exit_2(cli: Cli) -> None:
    result = cli("explain", "jwt malformed", "--token", "undefined")
    assert result.exit_code == 2
    assert result.stderr.startswith("error:")


def test_a_token_from_a_file(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "token.txt"
    path.write_text(f"Bearer {EXPIRED}\n")
    result = cli("explain", "--json", "jwt expired", "--token", f"@{path}", "--at", str(NOW))
    assert json_of(result)["diagnosis"]["status"] == "expired"


def test_an_unknown_message_with_a_token_still_runs_the_diagnosis(cli: Cli) -> None:
    result = cli("explain", "--json", "Unauthorized", "--token", EXPIRED, "--at", str(NOW))
    assert result.exit_code == 1
    doc = json_of(result)
    assert doc["matched"] is False and doc["diagnosis"]["status"] == "expired"


def test_a_key_without_token_is_noted(cli: Cli, tmp_path: Path) -> None:
    result = cli("explain", "jwt expired", "--env", env_file(tmp_path))
    assert result.exit_code == 0
    assert "only with --token" in result.stderr


# --- --list --------------------------------------------------------------------------


def test_list_shows_every_message(cli: Cli) -> None:
    result = cli("explain", "--list")
    assert result.exit_code == 0
    entries = knowledge_base()
    lines = result.stdout.strip().splitlines()
    total = sum(len(e.messages) for e in entries)
    assert len(lines) == total + 1
    assert "jsonwebtoken (Node.js): jwt expired" in lines
    libraries = len({e.library for e in entries})
    assert lines[-1] == f"{total} messages of {libraries} libraries and services"


def test_list_json(cli: Cli) -> None:
    result = cli("explain", "--list", "--json")
    doc = json_of(result)
    assert doc["count"] == len(knowledge_base()) >= 100
    assert doc["messages"] >= 100 and doc["libraries"] >= 15
    first = doc["entries"][0]
    assert {"id", "library", "source", "messages", "causes", "fixes", "next"} <= set(first)


def test_explain_json_imports_no_heavy_library() -> None:
    from test_imports import HEAVY, imported_modules, top_level

    modules, proc = imported_modules("explain", "--json", "TokenExpiredError: jwt expired")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout)["matched"] is True
    assert "jwtfix.ops.explain" in modules
    assert not top_level(modules) & HEAVY


def test_the_heading_shows_the_matched_part_of_the_users_text(cli: Cli) -> None:
    result = cli("explain", "2026-01-25T10:15:00Z ERROR auth: token is expired by 3m12s")
    assert "✔ golang-jwt/jwt v4: token is expired by 3m12s" in result.stdout.splitlines()


def test_an_encrypted_token_is_refused_as_every_command_does(cli: Cli) -> None:
    jwe = "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a2V5.aXY.Y2lwaGVy.dGFn"
    result = cli("explain", "jwt expired", "--token", jwe)
    assert result.exit_code == 2
    assert "encrypted JWT (JWE)" in result.stderr


# --- pastes as users make them (SPEC 4.4) -------------------------------------------------

STACK_TRACE = """Exception in thread "main" org.springframework.web.util.NestedServletException: Request processing failed
\tat org.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1014)
Caused by: io.jsonwebtoken.ExpiredJwtException: JWT expired at 2026-01-25T09:15:00Z. Current time: 2026-01-25T10:15:00Z, a difference of 3600000 milliseconds.  Allowed clock skew: 0 milliseconds.
\tat io.jsonwebtoken.impl.DefaultJwtParser.parse(DefaultJwtParser.java:427)
\t... 42 more
"""  # noqa: E501

HTTP_RESPONSE = """HTTP/1.1 401 Unauthorized
Date: Sun, 25 Jan 2026 10:15:00 GMT
Content-Type: application/json; charset=utf-8
WWW-Authenticate: Bearer realm="api"

{"code":"PGRST301","details":null,"hint":null,"message":"JWSError JWSInvalidSignature"}
"""


def test_a_stack_trace_on_stdin_finds_the_line_that_matters(cli: Cli) -> None:
    result = cli("explain", "--json", "-", input=STACK_TRACE)
    assert result.exit_code == 0, result.stderr
    doc = json_of(result)
    assert doc["library"] == "jjwt (Java)" and doc["kind"] == "expired"
    assert doc["excerpt"].startswith("JWT expired at 2026-01-25T09:15:00Z")


def test_an_http_response_with_headers_from_a_file(cli: Cli, tmp_path: Path) -> None:
    paste = tmp_path / "response.txt"
    paste.write_text(HTTP_RESPONSE)
    result = cli("explain", "--json", f"@{paste}")
    assert result.exit_code == 0, result.stderr
    doc = json_of(result)
    assert doc["library"] == "PostgREST" and doc["kind"] == "signature"


@pytest.mark.parametrize("args", [["--", "-jwt expired"], ["-jwt expired"], ["- jwt expired"]])
def test_a_message_that_starts_with_a_dash_is_a_message(cli: Cli, args: list[str]) -> None:
    result = cli("explain", "--json", *args)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert json_of(result)["id"] == "jsonwebtoken.jwt-expired"


def test_an_unknown_wording_about_a_token_is_answered_by_its_kind(cli: Cli) -> None:
    result = cli("explain", "--json", "Request rejected: the bearer token has expired!")
    assert result.exit_code == 0
    doc = json_of(result)
    assert doc["matched"] is True and doc["library"] is None and doc["library_known"] is False
    assert doc["kind"] == "expired" and doc["causes"] and doc["fixes"]
    assert doc["next"] == "jwtfix expiry --skew 60s TOKEN"
    human = cli("explain", "Request rejected: the bearer token has expired!")
    assert human.exit_code == 0
    assert "library unknown" in human.stdout and "no library jwtfix knows" in human.stdout


@pytest.mark.parametrize(
    "text",
    [
        "x509: certificate has expired or is not yet valid",
        "CSRF token missing or incorrect.",
        '{"error":"invalid_client","error_description":"Client authentication failed"}',
        "Your password has expired. To log in you must change it.",
    ],
)
def test_a_lookalike_is_not_recognised_exit_1(cli: Cli, text: str) -> None:
    result = cli("explain", "--json", text)
    assert result.exit_code == 1
    doc = json_of(result)
    assert doc["matched"] is False and doc["library"] is None and doc["kind"] is None


def test_the_body_that_names_the_check_beats_the_status_line(cli: Cli) -> None:
    paste = (
        "HTTP/1.1 401 Unauthorized\nContent-Type: application/json\n\n"
        '{"error":"invalid_token","error_description":"The access token audience does not match"}\n'
    )
    result = cli("explain", "--json", "-", input=paste)
    assert result.exit_code == 0
    doc = json_of(result)
    assert doc["kind"] == "audience" and doc["library"] is None
    assert "audience does not match" in doc["excerpt"]


def test_a_product_error_of_the_second_collection_is_explained(cli: Cli) -> None:
    body = '{"failed": [{"status": "403", "response": {"reason": "ExpiredProviderToken"}}]}'
    result = cli("explain", "--json", body)
    assert result.exit_code == 0, result.stderr
    doc = json_of(result)
    assert doc["matched"] is True
    assert doc["id"] == "apns.expired-provider-token"
    assert doc["library"].startswith("Apple Push Notification service")
    assert doc["next"].startswith("jwtfix ")
