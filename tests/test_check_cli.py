"""`jwtfix check` through the command line: exit codes, formats, selection, profiles."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import NOW, make_token

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"
GOOD_ENV = str(EXAMPLES / "good.env")
BROKEN_ENV = str(EXAMPLES / "broken.env")
AT = ("--at", str(NOW))

Cli = Callable[..., Any]


def findings(result: Any) -> dict[str, list[dict[str, Any]]]:
    document = json.loads(result.stdout)
    by_id: dict[str, list[dict[str, Any]]] = {}
    for finding in document["findings"]:
        by_id.setdefault(finding["id"], []).append(finding)
    return by_id


def statuses(result: Any, check_id: str) -> list[str]:
    return [f["status"] for f in findings(result).get(check_id, [])]


# --- the examples the README names ---------------------------------------------------


def test_good_env_and_valid_token_exit_0_warnings_allowed(cli: Cli) -> None:
    result = cli("check", "--env", GOOD_ENV, f"@{EXAMPLES / 'valid-access.jwt'}", *AT)
    assert result.exit_code == 0, result.stdout
    assert "— exit 0" in result.stdout
    # A 2099 token lives 73 years: a warning, not a failure.
    assert "JWT207" in result.stdout and "JWT402" in result.stdout


def test_a_token_file_name_is_read_as_the_token(cli: Cli) -> None:
    result = cli("check", "--env", GOOD_ENV, str(EXAMPLES / "valid-access.jwt"), *AT, "--json")
    assert result.exit_code == 0
    assert "reading the token from the file" in result.stderr
    assert statuses(result, "JWT401") == ["pass"]


@pytest.mark.parametrize(
    ("args", "check_id"),
    [
        (("--env", BROKEN_ENV), "JWT303"),
        (("--env", BROKEN_ENV, "--dotenv", "python"), "JWT305"),
        (("--env", BROKEN_ENV), "JWT307"),
        (("--env", BROKEN_ENV), "JWT308"),
        (("--env", GOOD_ENV, f"@{EXAMPLES / 'expired-access.jwt'}"), "JWT204"),
        (("--env", GOOD_ENV, f"@{EXAMPLES / 'refresh.jwt'}"), "JWT401"),
        ((f"@{EXAMPLES / 'weak-secret.jwt'}",), "JWT404"),
    ],
)
def test_each_broken_example_exits_1_with_its_finding(
    cli: Cli, args: tuple[str, ...], check_id: str
) -> None:
    result = cli("check", *args, *AT, "--json")
    assert result.exit_code == 1
    assert "fail" in statuses(result, check_id) or "warn" in statuses(result, check_id)


def test_broken_env_findings_point_at_their_lines(cli: Cli) -> None:
    by_id = findings(cli("check", "--env", BROKEN_ENV, *AT, "--json"))
    assert by_id["JWT307"][0]["location"] == {"file": BROKEN_ENV, "line": 5}
    lines = {f["location"]["line"] for f in by_id["JWT308"]}
    assert lines == {4, 8}  # trailing blank after a secret; a quote never closed


def test_refresh_token_sent_as_access_token_is_diagnosed(cli: Cli) -> None:
    result = cli("check", "--env", GOOD_ENV, f"@{EXAMPLES / 'refresh.jwt'}", *AT, "--json")
    (finding,) = findings(result)["JWT401"]
    assert finding["status"] == "fail"
    assert "JWT_REFRESH_SECRET" in finding["message"]


# --- exit codes --------------------------------------------------------------------------


def test_strict_makes_warnings_fail(cli: Cli) -> None:
    args = ("check", "--env", GOOD_ENV, f"@{EXAMPLES / 'valid-access.jwt'}", *AT)
    result = cli(*args, "--strict")
    assert result.exit_code == 1
    assert "(--strict: warnings fail)" in result.stdout
    assert json.loads(cli(*args, "--strict", "--json").stdout)["exit_code"] == 1


def test_a_non_jwt_token_is_a_jwt101_failure_not_a_usage_error(cli: Cli) -> None:
    result = cli("check", "definitely-not-a-jwt", "--json")
    assert result.exit_code == 1
    (finding,) = findings(result)["JWT101"]
    assert finding["status"] == "fail" and "not a JWT" in finding["message"]
    assert statuses(result, "JWT204") == ["skip"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--env", "no/such/.env"), "cannot read .env file"),
        (("--env", GOOD_ENV, "--select", "JWT999"), "'JWT999' matches no check ID"),
        (("--env", GOOD_ENV, "--access-max", "soon"), "--access-max 'soon' is not a duration"),
        (("--env", GOOD_ENV, "--access-min", "2h"), "--access-min (7200 s) is greater"),
        (("--env", GOOD_ENV, "--format", "xml"), "'xml' is not one of"),
        (("--secret", "a", "--secret-env", "B"), "give one secret"),
    ],
)
def test_usage_errors_exit_2_with_one_error_line(
    cli: Cli, args: tuple[str, ...], message: str
) -> None:
    result = cli("check", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    "json_flag",
    [["--json"], ["--format", "json"], ["--format=json"], ["-f", "json"], ["-fjson"]],
)
def test_unreadable_env_with_json_prints_a_json_error(cli: Cli, json_flag: list[str]) -> None:
    # -f json used to print the error on stderr only: a CI script parsing stdout got nothing.
    result = cli("check", "--env", "no/such/.env", *json_flag)
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["type"] == "input_error"


def test_env_alone_does_not_read_stdin(cli: Cli) -> None:
    result = cli("check", "--env", GOOD_ENV, "--json", input="this would fail JWT101\n")
    assert result.exit_code == 0
    assert statuses(result, "JWT101") == ["skip"]


def test_token_on_stdin(cli: Cli) -> None:
    token = (EXAMPLES / "valid-access.jwt").read_text()
    result = cli("check", "--select", "JWT1", "--json", input=f"Bearer {token}")
    assert result.exit_code == 0
    assert statuses(result, "JWT101") == ["pass"]


def test_nothing_to_check_is_a_usage_error(cli: Cli) -> None:
    result = cli("check")
    assert result.exit_code == 2 and result.stderr.startswith("error: ")


# --- selection ----------------------------------------------------------------------------


def test_select_and_ignore_by_prefix(cli: Cli) -> None:
    result = cli(
        "check", "--env", BROKEN_ENV, "--select", "JWT30", "--ignore", "JWT303,JWT308", "--json",
        "--dotenv", "python",
    )  # fmt: skip
    ids = set(findings(result))
    assert ids == {"JWT301", "JWT302", "JWT304", "JWT305", "JWT306", "JWT307", "JWT309"}
    assert result.exit_code == 1  # JWT302 and JWT305 still fail


def test_ignoring_the_failures_makes_the_run_pass(cli: Cli) -> None:
    ignored = "JWT302,JWT303,JWT305,JWT306,JWT307,JWT308"
    result = cli("check", "--env", BROKEN_ENV, "--select", "JWT3", "--ignore", ignored, "--json")
    assert set(findings(result)) == {"JWT301", "JWT304", "JWT309"}
    assert result.exit_code == 0


# --- JSON -----------------------------------------------------------------------------------


def test_json_document_shape(cli: Cli) -> None:
    result = cli("check", "--env", BROKEN_ENV, *AT, "--format", "json")
    document = json.loads(result.stdout)
    assert {"schema_version", "findings", "summary", "exit_code"} <= set(document)
    assert document["exit_code"] == result.exit_code == 1
    assert set(document["summary"]) == {"pass", "warn", "fail", "skip", "manual"}
    assert sum(document["summary"].values()) == len(document["findings"])
    for finding in document["findings"]:
        assert {"id", "title", "status", "severity", "message", "fix", "location"} <= set(finding)
        assert finding["status"] in document["summary"]
        assert finding["severity"] in ("error", "warning", "note")
        if finding["location"] is not None:
            assert set(finding["location"]) == {"file", "line"}
    manual = [f for f in document["findings"] if f["status"] == "manual"]
    assert {f["id"] for f in manual} == {f"MANUAL-{n}" for n in (2, 3, 5, 6, 7, 10)}


def test_json_is_the_same_for_json_flag_and_format(cli: Cli) -> None:
    a = cli("check", "--env", GOOD_ENV, *AT, "--json").stdout
    b = cli("check", "--env", GOOD_ENV, *AT, "--format", "json").stdout
    assert a == b


# --- profiles and thresholds ------------------------------------------------------------------


def long_token() -> str:
    return make_token({"sub": "u", "iat": NOW - 60, "exp": NOW - 60 + 86_400})


def test_profiles(cli: Cli) -> None:
    production = cli("check", long_token(), *AT, "--select", "JWT207", "--json")
    assert statuses(production, "JWT207") == ["warn"]
    development = cli(
        "check", long_token(), *AT, "--select", "JWT207", "--json", "--profile", "development"
    )
    (finding,) = findings(development)["JWT207"]
    assert finding["status"] == "pass" and "development profile" in finding["message"]


def test_an_expiry_setting_too_large_for_a_float_is_reported(cli: Cli, tmp_path: Path) -> None:
    # 400 digits are infinity as a float: JWT307's message crashed on span(inf).
    env = tmp_path / ".env"
    env.write_text(f"JWT_SECRET={'k' * 40}\nJWT_EXPIRES_IN={'9' * 400}\n")
    result = cli("check", "--env", str(env), *AT, "--json")
    assert result.exit_code == 1, result.stderr
    ids = {f["id"] for f in json.loads(result.stdout)["findings"] if f["status"] != "pass"}
    assert {"JWT306", "JWT307"} <= ids


def test_unparseable_setting_fails_under_both_profiles(cli: Cli, tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("JWT_EXPIRES_IN=a quarter hour\n")
    for profile in ("production", "development"):
        result = cli("check", "--env", str(env), "--profile", profile, "--json")
        assert result.exit_code == 1
        assert statuses(result, "JWT306") == ["fail"]


def test_thresholds(cli: Cli) -> None:
    args = ("check", long_token(), *AT, "--select", "JWT207", "--json")
    assert statuses(cli(*args, "--access-max", "2d"), "JWT207") == ["pass"]
    assert statuses(cli(*args, "--access-max", "86400"), "JWT207") == ["pass"]  # seconds
    assert statuses(cli(*args, "--access-max", "23h"), "JWT207") == ["warn"]


def test_skew_and_buffer(cli: Cli) -> None:
    token = make_token({"sub": "u", "iat": NOW - 900, "exp": NOW + 30})
    assert statuses(cli("check", token, *AT, "--json"), "JWT204") == ["pass"]
    assert statuses(cli("check", token, *AT, "--buffer", "1m", "--json"), "JWT204") == ["warn"]
    late = make_token({"sub": "u", "iat": NOW - 910, "exp": NOW - 10})
    assert statuses(cli("check", late, *AT, "--json"), "JWT204") == ["fail"]
    assert statuses(cli("check", late, *AT, "--skew", "30s", "--json"), "JWT204") == ["warn"]


# --- secrets, keys, wordlists -------------------------------------------------------------------


def test_secret_env_is_used_and_never_printed(cli: Cli) -> None:
    secret = "Zq3vN8xW1pL6tR0yB4mK7cJ2hG5fD9sA"
    token = make_token({"sub": "u", "iat": NOW - 60, "exp": NOW + 840}, secret=secret)
    for fmt in ("human", "json"):
        result = cli(
            "check",
            token,
            *AT,
            "--secret-env",
            "SVC_SECRET",
            "--format",
            fmt,
            env={"SVC_SECRET": secret},
        )
        assert result.exit_code == 0, result.stdout
        assert secret not in result.stdout + result.stderr
    result = cli(
        "check", token, *AT, "--secret-env", "SVC_SECRET", "--json", env={"SVC_SECRET": secret}
    )
    assert findings(result)["JWT401"][0]["message"].endswith("$SVC_SECRET (32 bytes)")


def test_weak_env_secret_is_named_not_shown(cli: Cli, tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("JWT_SECRET=password123\nJWT_REFRESH_SECRET=password123\n")
    token = make_token({"sub": "u", "iat": NOW - 60, "exp": NOW + 840}, secret="password123")
    for fmt in ("human", "json"):
        result = cli("check", "--env", str(env), token, *AT, "--format", fmt)
        assert result.exit_code == 1
        assert "password123" not in result.stdout + result.stderr


def test_wordlist_finds_the_secret_and_names_its_line(cli: Cli, tmp_path: Path) -> None:
    words = tmp_path / "words.txt"
    words.write_text("alpha\nbravo\nKx8vQ2mZ7pL4wR9tY1c\n")
    token = make_token(
        {"sub": "u", "iat": NOW - 60, "exp": NOW + 840}, secret="Kx8vQ2mZ7pL4wR9tY1c"
    )
    assert statuses(cli("check", token, *AT, "--json", "--select", "JWT404"), "JWT404") == ["pass"]
    result = cli("check", token, *AT, "--select", "JWT404", "--wordlist", str(words), "--json")
    assert result.exit_code == 1
    assert f"line 3 of {words}" in result.stdout
    assert "Kx8vQ2" not in result.stdout + result.stderr


def test_refresh_token_option(cli: Cli) -> None:
    access = make_token({"sub": "u", "iat": NOW - 60, "exp": NOW + 840}, secret="a" * 32)
    refresh = make_token({"sub": "u", "iat": NOW - 60, "exp": NOW + 7 * 86_400}, secret="b" * 32)
    result = cli("check", access, "--refresh-token", refresh, *AT, "--select", "JWT5", "--json")
    assert statuses(result, "JWT501") == ["pass"]
    assert statuses(result, "JWT503") == ["pass"]
    assert statuses(result, "JWT504") == ["warn"]  # no jti
    assert statuses(result, "JWT502") == ["skip"]  # no secret given
    assert result.exit_code == 0


# --- human output ---------------------------------------------------------------------------------


def test_human_output_groups_under_the_checklist_and_ends_with_a_verdict(cli: Cli) -> None:
    result = cli("check", "--env", BROKEN_ENV, *AT)
    lines = result.stdout.splitlines()
    headings = [line for line in lines if re.match(r"\d+\. ", line)]
    assert [h.split(".")[0] for h in headings] == [str(n) for n in range(1, 11)]
    assert lines[-1].endswith("— exit 1")
    assert lines[-1].startswith(
        f"{result.stdout.count('✘ fail')} failed, {result.stdout.count('! warn')} warnings"
    )
    assert "fix: " in result.stdout and "look at: " in result.stdout
    assert "\x1b[" not in result.stdout


def test_colour_when_forced(cli: Cli) -> None:
    result = cli("check", "--env", BROKEN_ENV, *AT, env={"NO_COLOR": "", "FORCE_COLOR": "1"})
    assert "\x1b[" in result.stdout


# --- the other formats -------------------------------------------------------------------------


def test_sarif_format(cli: Cli) -> None:
    result = cli("check", "--env", BROKEN_ENV, *AT, "--format", "sarif")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["version"] == "2.1.0"


def test_junit_format(cli: Cli) -> None:
    import xml.etree.ElementTree as ET

    result = cli("check", "--env", BROKEN_ENV, *AT, "--format", "junit")
    assert result.exit_code == 1
    ET.fromstring(result.stdout)


def test_github_format(cli: Cli) -> None:
    result = cli("check", "--env", BROKEN_ENV, *AT, "--format", "github")
    assert result.exit_code == 1
    assert any(
        line.startswith("::error file=") and "title=JWT303" in line
        for line in result.stdout.splitlines()
    )


def test_key_option_checks_an_asymmetric_signature(cli: Cli) -> None:
    keys = ROOT / "tests" / "data" / "keys"
    signed = cli("sign", "--alg", "RS256", "--key", str(keys / "rsa-pkcs8.pem"), "--sub", "u")
    token = signed.stdout.strip()
    good = cli("check", token, "--key", str(keys / "rsa-spki.pem"), "--select", "JWT401", "--json")
    assert good.exit_code == 0 and statuses(good, "JWT401") == ["pass"]
    other = cli(
        "check", token, "--key", str(keys / "rsa-other.pem"), "--select", "JWT401", "--json"
    )
    assert other.exit_code == 1 and statuses(other, "JWT401") == ["fail"]
    no_key = cli("check", token, "--env", GOOD_ENV, "--select", "JWT401,JWT404", "--json")
    assert statuses(no_key, "JWT401") == ["skip"] and statuses(no_key, "JWT404") == ["skip"]


def test_broken_env_read_as_node_reads_it_has_no_false_jwt305(cli: Cli) -> None:
    """Node's dotenv keeps line 8's open quote in JWT_SECRET: it differs from the refresh secret."""
    as_node = cli("check", "--env", BROKEN_ENV, "--select", "JWT305,JWT308", "--json")
    assert statuses(as_node, "JWT305") == ["pass"]
    assert any(
        "Node's dotenv reads the rest of that line as the value" in f["message"]
        for f in json.loads(as_node.stdout)["findings"]
    )
    as_python = cli("check", "--env", BROKEN_ENV, "--dotenv", "python", "--json")
    assert statuses(as_python, "JWT305") == ["fail"]
