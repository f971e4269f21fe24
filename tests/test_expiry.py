"""expiry: status at the exact boundaries of skew and buffer, facts, warnings, the CLI."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import NOW, NOW_ISO, make_token

from jwtfix.ops.expiry import ExpiryStatus, evaluate
from jwtfix.render.json import expiry_document

S = ExpiryStatus


@pytest.mark.parametrize(
    ("claims", "now", "skew", "buffer", "status"),
    [
        # exp: expired when now >= exp + skew
        ({"exp": NOW}, NOW, 0, 0, S.EXPIRED),
        ({"exp": NOW + 1}, NOW, 0, 0, S.VALID),
        ({"exp": NOW - 1}, NOW, 0, 0, S.EXPIRED),
        # now == exp + skew - 1: not expired; past exp, so a client should refresh
        ({"exp": NOW - 29}, NOW, 30, 0, S.EXPIRING),
        ({"exp": NOW - 30}, NOW, 30, 0, S.EXPIRED),  # now == exp + skew
        # nbf: not yet valid when nbf > now + skew
        ({"nbf": NOW, "exp": NOW + 900}, NOW, 0, 0, S.VALID),
        ({"nbf": NOW + 1, "exp": NOW + 900}, NOW, 0, 0, S.NOT_YET_VALID),
        ({"nbf": NOW + 30, "exp": NOW + 900}, NOW, 30, 0, S.VALID),  # nbf == now + skew
        ({"nbf": NOW + 31, "exp": NOW + 900}, NOW, 30, 0, S.NOT_YET_VALID),
        ({"nbf": NOW + 1}, NOW, 0, 0, S.NOT_YET_VALID),
        # buffer: expiring when now >= exp - buffer
        ({"exp": NOW + 60}, NOW, 0, 60, S.EXPIRING),  # now == exp - buffer
        ({"exp": NOW + 61}, NOW, 0, 60, S.VALID),
        ({"exp": NOW + 1}, NOW, 0, 60, S.EXPIRING),
        ({"exp": NOW}, NOW, 0, 60, S.EXPIRED),  # expired wins over expiring
        ({"exp": NOW - 10}, NOW, 30, 60, S.EXPIRING),  # past exp but within skew
        # no exp
        ({}, NOW, 0, 0, S.NO_EXP),
        ({"sub": "a", "iat": NOW}, NOW, 0, 60, S.NO_EXP),
        ({"exp": "1769337000"}, NOW, 0, 0, S.MALFORMED),
        # float times
        ({"exp": NOW + 0.5}, NOW, 0, 0, S.VALID),
        ({"exp": NOW - 0.5}, NOW, 0, 0, S.EXPIRED),
    ],
)
def test_status(claims: dict[str, Any], now: int, skew: int, buffer: int, status: S) -> None:
    report = evaluate(claims, now=now, skew=skew, buffer=buffer)
    assert report.status is status


def test_facts_of_a_valid_token() -> None:
    report = evaluate(
        {"iat": NOW - 100, "exp": NOW + 800, "nbf": NOW - 100}, now=NOW, skew=5, buffer=60
    )
    assert report.status is S.VALID
    assert report.lifetime_seconds == 900
    assert report.remaining_seconds == 800
    assert report.refresh_at == NOW + 740
    assert report.server_accepts is True
    assert report.failed is False
    assert report.warnings == ()


def test_json_document_of_expiry() -> None:
    report = evaluate({"iat": NOW - 100, "exp": NOW + 800}, now=NOW, skew=30, buffer=60)
    doc = expiry_document(report)
    assert doc["status"] == "valid"
    assert doc["now"] == {"value": NOW, "iso": NOW_ISO, "relative_seconds": 0}
    assert doc["exp"] == {
        "value": NOW + 800,
        "iso": "2026-01-25T10:28:20Z",
        "relative_seconds": 800,
    }
    assert doc["iat"] == {
        "value": NOW - 100,
        "iso": "2026-01-25T10:13:20Z",
        "relative_seconds": -100,
    }
    assert doc["nbf"] is None
    assert doc["lifetime_seconds"] == 900
    assert doc["remaining_seconds"] == 800
    assert doc["skew_seconds"] == 30
    assert doc["buffer_seconds"] == 60
    assert doc["server_accepts"] is True
    assert doc["refresh_at"] == "2026-01-25T10:27:20Z"  # exp - 60 s
    assert doc["warnings"] == []
    # integers stay integers: scripts compare them with jq
    assert isinstance(doc["skew_seconds"], int)
    json.dumps(doc, allow_nan=False)


def test_no_exp_has_nulls_and_a_warning() -> None:
    report = evaluate({"sub": "a"}, now=NOW)
    doc = expiry_document(report)
    assert doc["status"] == "no_exp"
    assert doc["exp"] is None
    assert doc["lifetime_seconds"] is None and doc["remaining_seconds"] is None
    assert doc["refresh_at"] is None
    assert doc["server_accepts"] is True
    assert any("no exp" in w for w in doc["warnings"])
    assert not report.failed


def test_expired_server_rejects() -> None:
    report = evaluate({"exp": NOW - 3600}, now=NOW)
    assert report.server_accepts is False
    assert report.failed
    assert report.remaining_seconds == -3600


def test_expiring_is_accepted_but_fails() -> None:
    report = evaluate({"exp": NOW + 30}, now=NOW, buffer=60)
    assert report.status is S.EXPIRING
    assert report.server_accepts is True
    assert report.failed  # exit 1: time to refresh


def test_iat_in_the_future_beyond_skew_warns() -> None:
    report = evaluate({"iat": NOW + 120, "exp": NOW + 1000}, now=NOW, skew=30)
    [warning] = report.warnings
    assert "iat" in warning and "2m" in warning and "clock" in warning
    assert report.status is S.VALID


def test_iat_in_the_future_within_skew_does_not_warn() -> None:
    assert evaluate({"iat": NOW + 30, "exp": NOW + 1000}, now=NOW, skew=30).warnings == ()
    assert evaluate({"iat": NOW + 1, "exp": NOW + 1000}, now=NOW).warnings != ()


@pytest.mark.parametrize("name", ["exp", "iat", "nbf"])
def test_times_in_milliseconds_warn(name: str) -> None:
    claims: dict[str, Any] = {"exp": NOW + 900, name: (NOW + 60) * 1000}
    report = evaluate(claims, now=NOW)
    warning = next(w for w in report.warnings if w.startswith(f"{name} looks like milliseconds"))
    assert "2026-01-25T10:16:00Z" in warning  # the value read as seconds
    assert "1000" in warning


def test_exp_in_milliseconds_is_valid_for_ever() -> None:
    report = evaluate({"exp": NOW * 1000}, now=NOW)
    assert report.status is S.VALID
    assert any("never expires" in w for w in report.warnings)


@pytest.mark.parametrize(
    ("value", "hint"),
    [("1769337000", "write it as the number 1769337000"), ("tomorrow", "'tomorrow'"),
     (True, "bool"), (None, "NoneType"), ([NOW], "list")],
)  # fmt: skip
def test_exp_not_a_number(value: Any, hint: str) -> None:
    report = evaluate({"exp": value}, now=NOW)
    [warning] = report.warnings
    assert warning.startswith("exp is not a number")
    assert hint in warning
    assert report.status is S.MALFORMED
    assert report.server_accepts is False  # servers reject it
    assert report.failed
    if value is not None:  # a null exp shows as null, like a missing one
        assert expiry_document(report)["exp"] == {
            "value": value,
            "iso": None,
            "relative_seconds": None,
        }


def test_exp_not_after_iat_warns() -> None:
    report = evaluate({"iat": NOW, "exp": NOW}, now=NOW - 10)
    assert any("exp is not after iat" in w for w in report.warnings)


# Through the CLI.

VALID = make_token({"sub": "a", "iat": NOW - 60, "exp": NOW + 900})
EXPIRED = make_token({"sub": "a", "iat": NOW - 7200, "exp": NOW - 3600})
FUTURE = make_token({"sub": "a", "nbf": NOW + 600, "exp": NOW + 1200})
NO_EXP = make_token({"sub": "a"})


def expiry(cli: Any, *args: str) -> tuple[int, dict[str, Any]]:
    result = cli("expiry", "--json", "--at", str(NOW), *args)
    assert result.stderr == ""
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize(
    ("token", "args", "status", "code"),
    [
        (VALID, [], "valid", 0),
        (NO_EXP, [], "no_exp", 0),
        (EXPIRED, [], "expired", 1),
        (FUTURE, [], "not_yet_valid", 1),
        (VALID, ["--buffer", "15m"], "expiring", 1),
        (VALID, ["--buffer", "899"], "valid", 0),  # bare number: seconds
        (VALID, ["--buffer", "900"], "expiring", 1),
        (EXPIRED, ["--skew", "1h"], "expired", 1),  # now == exp + skew
        (EXPIRED, ["--skew", "3601"], "expiring", 1),  # accepted, but past exp
        # the last --at wins over the one expiry() puts first
        (EXPIRED, ["--skew", "3601", "--at", str(NOW - 3601)], "valid", 0),
        (FUTURE, ["--skew", "10m"], "valid", 0),  # nbf == now + skew
        (FUTURE, ["--skew", "599"], "not_yet_valid", 1),
    ],
)
def test_cli_status_and_exit_code(
    cli: Any, token: str, args: list[str], status: str, code: int
) -> None:
    exit_code, doc = expiry(cli, *args, token)
    assert doc["status"] == status
    assert exit_code == code


def test_cli_json_fields(cli: Any) -> None:
    code, doc = expiry(cli, "--skew", "30s", "--buffer", "1m", VALID)
    assert code == 0
    assert doc["now"] == {"value": NOW, "iso": NOW_ISO, "relative_seconds": 0}
    assert doc["exp"]["iso"] == "2026-01-25T10:30:00Z"
    assert doc["exp"]["relative_seconds"] == 900
    assert doc["lifetime_seconds"] == 960
    assert doc["remaining_seconds"] == 900
    assert doc["skew_seconds"] == 30 and doc["buffer_seconds"] == 60
    assert doc["server_accepts"] is True
    assert doc["refresh_at"] == "2026-01-25T10:29:00Z"
    assert doc["warnings"] == []


@pytest.mark.parametrize(
    "when", [NOW_ISO, "2026-01-25T10:15:00", str(NOW), "2026-01-25T11:15:00+01:00"]
)
def test_cli_at_date_and_timestamp(cli: Any, when: str) -> None:
    result = cli("expiry", "--json", "--at", when, VALID)
    assert json.loads(result.stdout)["now"]["value"] == NOW


def test_cli_at_relative(cli: Any) -> None:
    # relative to the real clock: compare with a token made for that clock
    late = cli("expiry", "--json", "--at", "+20m", make_token({"exp": NOW}))
    assert json.loads(late.stdout)["now"]["value"] > NOW  # the tests run after NOW
    result = cli("expiry", "--json", "--at", "-2h", VALID)
    doc = json.loads(result.stdout)
    now = cli("expiry", "--json", "--at", "now", VALID)
    assert json.loads(now.stdout)["now"]["value"] - doc["now"]["value"] in (7200, 7201)


def test_cli_quiet_prints_nothing(cli: Any) -> None:
    for token, code in ((VALID, 0), (EXPIRED, 1), (FUTURE, 1)):
        for extra in ([], ["--json"]):
            result = cli("expiry", "--quiet", "--at", str(NOW), *extra, token)
            assert result.exit_code == code
            assert result.stdout == "" and result.stderr == ""
    short = cli("expiry", "-q", "--at", str(NOW), EXPIRED)
    assert short.exit_code == 1 and short.stdout == ""


def test_cli_quiet_still_reports_bad_input(cli: Any) -> None:
    result = cli("expiry", "--quiet", "not-a-token")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")


def test_cli_human_output(cli: Any) -> None:
    result = cli("expiry", "--at", NOW_ISO, "--buffer", "15m", "--skew", "30s", VALID)
    assert result.exit_code == 1
    out = result.stdout
    assert "expiring" in out
    assert "in 15m" in out
    assert NOW_ISO in out
    assert "accepts" in out and "30s" in out
    assert "2026-01-25T10:15:00Z (now, buffer 15m)" in out  # refresh at
    assert "\x1b[" not in out


def test_cli_human_warnings(cli: Any) -> None:
    token = make_token({"iat": NOW + 3600, "exp": (NOW + 7200) * 1000})
    result = cli("expiry", "--at", str(NOW), token)
    assert "warning: iat is 1h in the future" in result.stdout
    assert "warning: exp looks like milliseconds" in result.stdout


def test_cli_human_refresh_at_beyond_the_calendar(cli: Any) -> None:
    # An exp past year 9999 printed "refresh at  None (in ...)".
    result = cli("expiry", "--at", str(NOW), make_token({"iat": NOW, "exp": 10**15}))
    assert "refresh at  out of range (in " in result.stdout
    assert "None" not in result.stdout


def test_cli_exp_string_warns_and_fails(cli: Any) -> None:
    code, doc = expiry(cli, make_token({"exp": str(NOW + 900)}))
    assert code == 1
    assert doc["server_accepts"] is False
    assert any("exp is not a number" in w for w in doc["warnings"])


@pytest.mark.parametrize(
    ("option", "value"), [("--skew", "soon"), ("--buffer", "1 hour ago"), ("--at", "whenever")]
)
def test_cli_bad_option_values(cli: Any, option: str, value: str) -> None:
    result = cli("expiry", option, value, VALID)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {option} ")
    as_json = cli("expiry", "--json", option, value, VALID)
    assert as_json.exit_code == 2
    error = json.loads(as_json.stdout)["error"]
    assert error["type"] in ("invalid_duration", "invalid_time")
    assert option in error["message"]


def test_cli_jwe_cannot_be_judged(cli: Any) -> None:
    jwe = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y3Q.dGFn"
    result = cli("expiry", jwe)
    assert result.exit_code == 2
    assert "JWE" in result.stderr


@pytest.mark.parametrize(
    ("claims", "args", "words"),
    [
        ({"iat": NOW - 900, "exp": NOW - 60}, [], "get a new token"),
        ({"iat": NOW - 1, "exp": NOW - 0}, [], "lived only 1s"),  # expiresIn '900' = 900 ms
        ({"iat": NOW - 840, "exp": NOW + 60}, ["--buffer", "2m"], "refresh it now"),
        ({"iat": NOW, "nbf": NOW + 300, "exp": NOW + 900}, [], "sync the clocks"),
        ({"iat": NOW}, [], "sign tokens with an expiry"),
        ({"iat": NOW, "exp": str(NOW + 900)}, [], "a JSON number, not a string"),
    ],
)
def test_cli_human_says_what_to_do(
    cli: Any, claims: dict[str, Any], args: list[str], words: str
) -> None:
    result = cli("expiry", "--at", str(NOW), *args, make_token(claims))
    fix = [line for line in result.stdout.splitlines() if line.startswith("fix: ")]
    assert len(fix) == 1 and words in fix[0]


def test_cli_human_no_fix_for_a_valid_token(cli: Any) -> None:
    result = cli("expiry", "--at", str(NOW), make_token({"iat": NOW, "exp": NOW + 900}))
    assert result.exit_code == 0
    assert "fix:" not in result.stdout


@pytest.mark.parametrize(
    "claims",
    [{"exp": "1769337000"}, {"exp": True}, {"exp": None}, {"nbf": "now", "exp": NOW + 900},
     {"nbf": False}, {"nbf": None, "exp": NOW + 900}],
)  # fmt: skip
def test_exp_or_nbf_not_a_numeric_date_is_malformed_exit_1(cli: Any, claims: Any) -> None:
    """A script must tell "no expiry" (exit 0) from "an expiry no server accepts" (exit 1)."""
    result = cli("expiry", "--at", str(NOW), "--json", make_token(claims))
    document = json.loads(result.stdout)
    assert (result.exit_code, document["status"], document["server_accepts"]) == (
        1, "malformed", False
    )  # fmt: skip
    assert evaluate(claims, now=NOW).status is S.MALFORMED
