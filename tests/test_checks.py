"""The check registry and every check, through the core with a fixed `now`.

For every ID: an input that triggers it (not `pass`) and one that stays clean
(`pass`). The ID list is written out here, not read from the SPEC: the IDs are
a public contract, and this test is where a renumbering would show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import pytest
from conftest import NOW, b64url, make_token
from hypothesis import given, settings
from hypothesis import strategies as st

from jwtfix import checks, envfile, tokens
from jwtfix.checks import CheckContext, Profile, Secret, Thresholds
from jwtfix.errors import InputError
from jwtfix.model import Finding, Location, Status

SPEC_IDS = [
    "JWT101",
    "JWT102",
    "JWT103",
    "JWT104",
    "JWT105",
    "JWT201",
    "JWT202",
    "JWT203",
    "JWT204",
    "JWT205",
    "JWT206",
    "JWT207",
    "JWT208",
    "JWT301",
    "JWT302",
    "JWT303",
    "JWT304",
    "JWT305",
    "JWT306",
    "JWT307",
    "JWT308",
    "JWT309",
    "JWT401",
    "JWT402",
    "JWT403",
    "JWT404",
    "JWT501",
    "JWT502",
    "JWT503",
    "JWT504",
    "JWT601",
    "JWT602",
]
"""SPEC section 3, JWT1xx-JWT6xx (JWT8xx belong to `har`)."""
LIVE_IDS = [f"JWT7{n:02d}" for n in range(1, 11)]
"""The live flow's checks: triggered and kept clean by real services in test_live.py."""
HAR_IDS = [f"JWT80{n}" for n in range(1, 7)]
"""The recorded session's checks: triggered and kept clean by the HAR files in test_har.py."""
SRC_IDS = [f"JWT{n}" for n in range(901, 911)]
"""Checks of the code (`check --src`, tests/test_src_rules.py and tests/test_src_cli.py)."""
MANUAL_IDS = ("MANUAL-2", "MANUAL-3", "MANUAL-5", "MANUAL-6", "MANUAL-7", "MANUAL-10")

ACCESS_SECRET = b"o4OOeiaqsrJmG3LeNVgaccpiKIvT2TsLTvbBvDgDgs3UnZoeXjZwKHw04nR9nIZ4"
REFRESH_SECRET = b"Uv1LNTgX8_QLe2qtwaVwaohe3agwFrmM_kLG8l4U3mY4AyJP8eOojyZ1LjYHkH_P"
GOOD_ENV = f"""# a healthy service
JWT_SECRET={ACCESS_SECRET.decode()}
JWT_REFRESH_SECRET={REFRESH_SECRET.decode()}
JWT_EXPIRES_IN=15m
JWT_REFRESH_EXPIRES_IN=7d
JWT_ALGORITHM=HS256
"""
IAT = NOW - 60
ACCESS_CLAIMS = {"sub": "user-42", "iat": IAT, "exp": IAT + 900}
REFRESH_CLAIMS = {"sub": "user-42", "iat": IAT, "exp": IAT + 7 * 86_400, "jti": "r-1"}


def env_of(text: str) -> envfile.EnvFile:
    return envfile.parse(text, ".env")


def good_env(**changes: str | None) -> envfile.EnvFile:
    """GOOD_ENV with some keys replaced (a value) or removed (None)."""
    lines = []
    for line in GOOD_ENV.splitlines():
        key = line.split("=", 1)[0]
        if key in changes:
            if changes[key] is not None:
                lines.append(f"{key}={changes[key]}")
        else:
            lines.append(line)
    return env_of("\n".join(lines) + "\n")


def access(claims: dict[str, Any] | None = None, **kw: Any) -> str:
    return make_token(ACCESS_CLAIMS if claims is None else claims, secret=ACCESS_SECRET, **kw)


def refresh(claims: dict[str, Any] | None = None, secret: bytes = REFRESH_SECRET) -> str:
    return make_token(REFRESH_CLAIMS if claims is None else claims, secret=secret)


def ctx(
    token: str | None = None,
    *,
    env: envfile.EnvFile | None = None,
    refresh_token: str | None = None,
    **kw: Any,
) -> CheckContext:
    """A context as the CLI builds it: the env's JWT_SECRET is the access secret."""
    parsed, error = None, None
    if token is not None:
        try:
            parsed = tokens.parse(token)
        except Exception as err:  # TokenError: JWT101 reports the message
            error = str(err)
    secret = kw.pop("secret", None)
    if secret is None and env is not None and env.value("JWT_SECRET"):
        entry = env.get("JWT_SECRET")
        assert entry is not None and entry.value is not None
        secret = Secret(
            entry.value.encode(), env.where("JWT_SECRET"), Location(env.path, entry.line)
        )
    return CheckContext(
        now=NOW,
        token_text=token,
        token=parsed,
        token_error=error,
        refresh=tokens.parse(refresh_token) if refresh_token else None,
        env=env,
        secret=secret,
        **kw,
    )


def padded(token: str) -> str:
    head, payload, sig = token.split(".")
    return ".".join((head, payload + "=" * (-len(payload) % 4), sig))


def _padding_token() -> str:
    """A token whose payload needs base64 padding, so that `=` can be added."""
    for n in range(4):
        token = access({**ACCESS_CLAIMS, "pad": "x" * n})
        if len(token.split(".")[1]) % 4:
            return padded(token)
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Case:
    trigger: Callable[[], CheckContext]
    status: Status
    clean: Callable[[], CheckContext] = field(default=lambda: ctx(access(), env=env_of(GOOD_ENV)))


def _full() -> CheckContext:
    return ctx(access(), env=env_of(GOOD_ENV), refresh_token=refresh())


CASES: dict[str, Case] = {
    "JWT101": Case(lambda: ctx("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0"), Status.FAIL),
    "JWT102": Case(lambda: ctx(access(alg="none")), Status.FAIL),
    "JWT103": Case(lambda: ctx(_padding_token()), Status.WARN),
    "JWT104": Case(lambda: ctx(access({**ACCESS_CLAIMS, "blob": "x" * 5000})), Status.WARN),
    "JWT105": Case(lambda: ctx(access(header={"jku": "https://evil.example/jwks"})), Status.WARN),
    "JWT201": Case(lambda: ctx(access({"sub": "u", "iat": IAT})), Status.FAIL),
    "JWT202": Case(lambda: ctx(access({**ACCESS_CLAIMS, "exp": str(IAT + 900)})), Status.FAIL),
    "JWT203": Case(lambda: ctx(access({**ACCESS_CLAIMS, "exp": (IAT + 900) * 1000})), Status.FAIL),
    "JWT204": Case(lambda: ctx(access({"iat": NOW - 1000, "exp": NOW - 100})), Status.FAIL),
    "JWT205": Case(lambda: ctx(access({**ACCESS_CLAIMS, "nbf": NOW + 600})), Status.FAIL),
    "JWT206": Case(lambda: ctx(access({"iat": NOW + 600, "exp": NOW + 1500})), Status.FAIL),
    "JWT207": Case(lambda: ctx(access({"iat": IAT, "exp": IAT + 86_400})), Status.WARN),
    "JWT208": Case(lambda: ctx(access({"iat": IAT, "exp": IAT})), Status.FAIL),
    "JWT301": Case(lambda: ctx(env=good_env(JWT_SECRET=None)), Status.FAIL),
    "JWT302": Case(lambda: ctx(env=good_env(JWT_SECRET="Kx8#vQ2!mZ7pL4wR9tY1")), Status.FAIL),
    "JWT303": Case(lambda: ctx(env=good_env(JWT_SECRET="your-256-bit-secret")), Status.FAIL),
    "JWT304": Case(lambda: ctx(env=good_env(JWT_REFRESH_SECRET=None)), Status.WARN),
    "JWT305": Case(
        lambda: ctx(env=good_env(JWT_REFRESH_SECRET=ACCESS_SECRET.decode())), Status.FAIL
    ),
    "JWT306": Case(lambda: ctx(env=good_env(JWT_EXPIRES_IN="fifteen minutes")), Status.FAIL),
    "JWT307": Case(lambda: ctx(env=good_env(JWT_EXPIRES_IN="900")), Status.WARN),
    "JWT308": Case(lambda: ctx(env=env_of(GOOD_ENV + "JWT_EXPIRES_IN=1h\n")), Status.WARN),
    "JWT309": Case(
        lambda: ctx(env=good_env(JWT_EXPIRES_IN="1h", JWT_REFRESH_EXPIRES_IN="30m")),
        Status.FAIL,
    ),
    "JWT401": Case(
        lambda: ctx(make_token(ACCESS_CLAIMS, secret=REFRESH_SECRET), env=env_of(GOOD_ENV)),
        Status.FAIL,
    ),
    "JWT402": Case(
        lambda: ctx(access({"iat": IAT, "exp": IAT + 3600}), env=env_of(GOOD_ENV)),
        Status.WARN,
    ),
    "JWT403": Case(lambda: ctx(access(alg="HS512"), env=env_of(GOOD_ENV)), Status.FAIL),
    "JWT404": Case(lambda: ctx(make_token(ACCESS_CLAIMS, secret=b"secret")), Status.FAIL),
    "JWT501": Case(
        lambda: ctx(refresh_token=refresh({**REFRESH_CLAIMS, "exp": IAT + 90 * 86_400})),
        Status.WARN,
        _full,
    ),
    "JWT502": Case(
        lambda: ctx(env=env_of(GOOD_ENV), refresh_token=refresh(secret=ACCESS_SECRET)),
        Status.FAIL,
        _full,
    ),
    "JWT503": Case(
        lambda: ctx(access(), refresh_token=refresh({**REFRESH_CLAIMS, "exp": IAT + 600})),
        Status.FAIL,
        _full,
    ),
    "JWT504": Case(
        lambda: ctx(refresh_token=refresh({"sub": "u", "iat": IAT, "exp": IAT + 7 * 86_400})),
        Status.WARN,
        _full,
    ),
    "JWT601": Case(lambda: ctx(access({**ACCESS_CLAIMS, "password": "hunter2"})), Status.FAIL),
    "JWT602": Case(lambda: ctx(access({**ACCESS_CLAIMS, "email": "ada@example.com"})), Status.WARN),
}


def run_one(check_id: str, context: CheckContext) -> list[Finding]:
    (registered,) = checks.select([check_id])
    assert registered.info.id == check_id
    return registered.run(context)


def test_registry_ids_are_the_spec_ids_plus_manual_items() -> None:
    ids = [c.info.id for c in checks.all_checks()]
    assert len(ids) == len(set(ids))
    assert [i for i in ids if i.startswith("JWT")] == SPEC_IDS + LIVE_IDS + HAR_IDS + SRC_IDS
    assert [i for i in ids if not i.startswith("JWT")] == list(MANUAL_IDS)
    assert set(CASES) == set(SPEC_IDS)


@pytest.mark.parametrize("registered", checks.all_checks(), ids=lambda r: r.info.id)
def test_every_check_is_documented(registered: Any) -> None:
    info = registered.info
    assert info.title and info.title[0].isupper()
    summary, _, body = info.help.partition("\n\n")
    assert summary.strip() and body.strip(), f"{info.id}: a summary line and a body"
    assert info.item in checks.CHECKLIST


@pytest.mark.parametrize("check_id", SPEC_IDS)
def test_trigger(check_id: str) -> None:
    case = CASES[check_id]
    findings = run_one(check_id, case.trigger())
    assert any(f.status is case.status for f in findings), findings
    for finding in findings:
        assert finding.id == check_id
        if finding.status in (Status.FAIL, Status.WARN):
            assert finding.fix, f"{check_id}: a non-pass finding says what to do"


@pytest.mark.parametrize("check_id", SPEC_IDS)
def test_clean(check_id: str) -> None:
    findings = run_one(check_id, CASES[check_id].clean())
    assert findings
    assert all(f.status is Status.PASS for f in findings), findings


@pytest.mark.parametrize("check_id", MANUAL_IDS)
def test_manual_items_say_what_to_look_at_and_never_fail(check_id: str) -> None:
    for context in (ctx(), _full()):
        (finding,) = run_one(check_id, context)
        assert finding.status is Status.MANUAL
        assert finding.fix
    assert checks.run(_full(), select_ids=["MANUAL"]).exit_code == 0


# --- inputs a check needs ------------------------------------------------------


@pytest.mark.parametrize(
    ("check_id", "reason"),
    [
        ("JWT102", "no token given"),
        ("JWT301", "no .env given"),
        ("JWT502", "no refresh token given"),
        ("JWT401", "no secret or key given"),
    ],
)
def test_missing_input_is_a_skip_with_a_reason(check_id: str, reason: str) -> None:
    context = CheckContext(now=NOW, token_text=access(), token=tokens.parse(access()))
    if check_id == "JWT102":
        context = CheckContext(now=NOW)
    (finding,) = run_one(check_id, context)
    assert finding.status is Status.SKIP
    assert reason in finding.message


def test_token_checks_skip_when_the_token_is_not_a_jwt() -> None:
    report = checks.run(ctx("not a token at all"), select_ids=["JWT1", "JWT2", "JWT6"])
    by_id = {f.id: f for f in report.findings}
    assert by_id["JWT101"].status is Status.FAIL
    assert "not a JWT" in by_id["JWT101"].message
    assert by_id["JWT204"].status is Status.SKIP
    assert "JWT101" in by_id["JWT204"].message
    assert report.exit_code == 1


# --- selection and exit codes ----------------------------------------------------


def test_select_and_ignore_by_id_and_prefix() -> None:
    def ids(select: list[str], ignore: list[str]) -> list[str]:
        return [r.info.id for r in checks.select(select, ignore)]

    assert ids(["JWT30"], []) == [f"JWT30{n}" for n in range(1, 10)]
    assert ids(["jwt3"], ["JWT308", "JWT309"]) == [f"JWT30{n}" for n in range(1, 8)]
    assert ids(["JWT101,JWT404"], []) == ["JWT101", "JWT404"]
    assert "MANUAL-2" not in ids([], ["MANUAL"])
    assert len(ids([], [])) == (
        len(SPEC_IDS) + len(LIVE_IDS) + len(HAR_IDS) + len(SRC_IDS) + len(MANUAL_IDS)
    )


def test_a_selection_that_matches_nothing_is_an_error() -> None:
    with pytest.raises(InputError, match="JWT999"):
        checks.select(["JWT999"])


def test_report_rules_are_the_selected_checks() -> None:
    report = checks.run(ctx(access()), select_ids=["JWT2"], ignore_ids=["JWT208"])
    assert [r.id for r in report.rules] == [f"JWT20{n}" for n in range(1, 8)]
    assert {f.id for f in report.findings} <= {r.id for r in report.rules}


def test_exit_code_fails_on_fail_and_on_warn_only_when_strict() -> None:
    warn_only = ctx(access({"iat": IAT, "exp": IAT + 86_400}))
    assert checks.run(warn_only, select_ids=["JWT2"]).exit_code == 0
    assert checks.run(warn_only, select_ids=["JWT2"], strict=True).exit_code == 1
    expired = ctx(access({"iat": NOW - 1000, "exp": NOW - 100}))
    assert checks.run(expired, select_ids=["JWT2"]).exit_code == 1


# --- profiles and thresholds --------------------------------------------------------


def test_development_profile_passes_a_long_lifetime_with_a_note() -> None:
    context = replace(CASES["JWT207"].trigger(), profile=Profile.DEVELOPMENT)
    (finding,) = run_one("JWT207", context)
    assert finding.status is Status.PASS
    assert "development" in finding.message and "1d" in finding.message


def test_development_profile_still_fails_an_unparseable_setting() -> None:
    context = replace(CASES["JWT306"].trigger(), profile=Profile.DEVELOPMENT)
    assert [f.status for f in run_one("JWT306", context)] == [Status.FAIL, Status.PASS]


def test_thresholds_move_the_range() -> None:
    day = ctx(access({"iat": IAT, "exp": IAT + 86_400}))
    wide = replace(day, thresholds=Thresholds(access_min=60, access_max=2 * 86_400))
    assert run_one("JWT207", wide)[0].status is Status.PASS
    narrow = replace(ctx(access()), thresholds=Thresholds(access_min=3600, access_max=7200))
    (finding,) = run_one("JWT207", narrow)
    assert (
        finding.status is Status.WARN and "shorter than the access range 1h-2h" in finding.message
    )


def test_refresh_expiry_outside_range_warns_at_its_line() -> None:
    context = ctx(env=good_env(JWT_REFRESH_EXPIRES_IN="90d"))
    findings = run_one("JWT306", context)
    (warn,) = [f for f in findings if f.status is Status.WARN]
    assert warn.location == Location(".env", 5)
    assert "JWT_REFRESH_EXPIRES_IN=90d" in warn.message and "7d-30d" in warn.message


# --- details users rely on ------------------------------------------------------------


def test_expiring_within_the_buffer_warns() -> None:
    context = replace(ctx(access({"iat": IAT, "exp": NOW + 30})), buffer=60.0)
    (finding,) = run_one("JWT204", context)
    assert finding.status is Status.WARN


def test_skew_tolerates_a_just_expired_token_and_clock_drift() -> None:
    context = replace(ctx(access({"iat": NOW + 20, "exp": NOW - 10 + 900})), skew=30.0)
    assert run_one("JWT206", context)[0].status is Status.PASS
    late = replace(ctx(access({"iat": NOW - 910, "exp": NOW - 10})), skew=30.0)
    (finding,) = run_one("JWT204", late)
    assert finding.status is Status.WARN
    assert "still accepts it" in finding.message


def test_expired_is_reported_even_when_nbf_is_in_the_future() -> None:
    context = ctx(access({"iat": NOW - 100, "nbf": NOW + 100, "exp": NOW - 10}))
    assert run_one("JWT204", context)[0].status is Status.FAIL
    assert run_one("JWT205", context)[0].status is Status.FAIL


def test_risky_kid_fails_and_plain_kid_passes() -> None:
    assert run_one("JWT105", ctx(access(header={"kid": "../../dev/null"})))[0].status is Status.FAIL
    assert run_one("JWT105", ctx(access(header={"kid": "x' OR '1'='1"})))[0].status is Status.FAIL
    assert run_one("JWT105", ctx(access(header={"kid": "2026-01-key"})))[0].status is Status.PASS


def test_unsigned_token_with_an_alg_fails_jwt102() -> None:
    head, payload, _ = access().split(".")
    assert run_one("JWT102", ctx(f"{head}.{payload}."))[0].status is Status.FAIL


def test_jwt402_allows_a_second_of_rounding() -> None:
    context = ctx(access({"iat": IAT, "exp": IAT + 901}), env=env_of(GOOD_ENV))
    assert run_one("JWT402", context)[0].status is Status.PASS


def test_jwt307_names_the_milliseconds_reading_and_its_line() -> None:
    (finding,) = run_one("JWT307", ctx(env=good_env(JWT_EXPIRES_IN="900")))
    assert "900 ms" in finding.message
    assert finding.location == Location(".env", 4)


def test_jwt306_reads_a_bare_number_as_jsonwebtoken_does() -> None:
    findings = run_one("JWT306", ctx(env=good_env(JWT_EXPIRES_IN="900")))
    assert findings[0].status is Status.WARN
    assert "900ms" in findings[0].message


@pytest.mark.parametrize(
    ("claims", "what"),
    [
        ({"card": "4111 1111 1111 1111"}, "card number"),
        ({"profile": {"api_key": "sk_live_abc"}}, "profile.api_key"),
        ({"db_password": "x"}, "db_password"),
        ({"note": "-----BEGIN RSA PRIVATE KEY-----\nMIIE..."}, "private key"),
        ({"ssn": "078-05-1120"}, "social security"),
        ({"hash": "$2b$12$abcdefghijklmnopqrstuv"}, "password hash"),
    ],
)
def test_sensitive_payload_data_is_named_never_shown(claims: dict[str, Any], what: str) -> None:
    findings = run_one("JWT601", ctx(access({**ACCESS_CLAIMS, **claims})))
    assert findings[0].status is Status.FAIL
    text = " ".join(f.message + (f.fix or "") for f in findings)
    assert what in text
    assert "4111" not in text and "sk_live" not in text and "078-05" not in text


@pytest.mark.parametrize(
    "claims",
    [
        {"order": "4111 1111 1111 1112"},  # fails the Luhn check
        {"iat_ms": "1769336100000"},
        {"roles": ["admin"], "org": "acme"},
    ],
)
def test_ordinary_claims_are_not_sensitive(claims: dict[str, Any]) -> None:
    assert run_one("JWT601", ctx(access({**ACCESS_CLAIMS, **claims})))[0].status is Status.PASS


def test_personal_data_found_by_value_too() -> None:
    context = ctx(access({**ACCESS_CLAIMS, "contact": "+49 30 1234567"}))
    (finding,) = run_one("JWT602", context)
    assert finding.status is Status.WARN and "'contact'" in finding.message
    assert "1234567" not in finding.message


def test_refresh_token_signed_with_the_access_secret_names_the_secret_not_its_value() -> None:
    context = CASES["JWT502"].trigger()
    (finding,) = run_one("JWT502", context)
    assert "JWT_SECRET in .env:2" in finding.message
    assert ACCESS_SECRET.decode() not in finding.message


def test_secrets_never_appear_in_any_finding() -> None:
    env = good_env(JWT_SECRET="changeme", JWT_REFRESH_SECRET="changeme ")
    token = make_token(ACCESS_CLAIMS, secret=b"changeme")
    report = checks.run(ctx(token, env=env, refresh_token=refresh(secret=b"changeme")))
    for finding in report.findings:
        assert "changeme" not in finding.message and "changeme" not in (finding.fix or "")


def test_jwt404_names_the_wordlist_line(tmp_path: Any) -> None:
    words = tmp_path / "words.txt"
    words.write_bytes(b"alpha\nbravo\nKx8vQ2mZ7pL4wR9tY1\ncharlie\n")
    token = make_token(ACCESS_CLAIMS, secret=b"Kx8vQ2mZ7pL4wR9tY1")
    context = replace(ctx(token), wordlist=str(words), workers=1)
    (finding,) = run_one("JWT404", context)
    assert finding.status is Status.FAIL
    assert f"line 3 of {words}" in finding.message
    assert "Kx8vQ2" not in finding.message
    assert run_one("JWT404", ctx(token))[0].status is Status.PASS


def test_jwt404_skips_an_asymmetric_token() -> None:
    head = b64url(b'{"alg":"RS256","typ":"JWT"}')
    token = f"{head}.{access().split('.')[1]}.{b64url(b'x' * 256)}"
    (finding,) = run_one("JWT404", ctx(token))
    assert finding.status is Status.SKIP and "RS256" in finding.message


def test_an_encrypted_token_passes_structure_and_skips_claim_checks() -> None:
    header = b64url(b'{"alg":"RSA-OAEP-256","enc":"A256GCM"}')
    jwe = (
        f"{header}.{b64url(b'k' * 32)}.{b64url(b'iv' * 6)}.{b64url(b'c' * 40)}.{b64url(b't' * 16)}"
    )
    report = checks.run(ctx(jwe), select_ids=["JWT1", "JWT2", "JWT6"])
    by_id = {f.id: f.status for f in report.findings}
    assert by_id["JWT101"] is Status.PASS and by_id["JWT102"] is Status.PASS
    assert by_id["JWT204"] is Status.SKIP and by_id["JWT601"] is Status.SKIP
    assert report.exit_code == 0


@settings(max_examples=150, deadline=None)
@given(
    token=st.one_of(
        st.text(max_size=200),
        st.builds(
            lambda claims, header: make_token(claims, header=header),
            st.dictionaries(
                st.sampled_from(["exp", "iat", "nbf", "jti", "email", "password", "x"]),
                st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text()),
            ),
            st.dictionaries(
                st.sampled_from(["kid", "jku", "jwk", "x5u", "typ"]),
                st.one_of(st.integers(), st.text(max_size=20)),
            ),
        ),
    ),
    env_text=st.text(
        alphabet=st.sampled_from(list("JWT_SECRETXPIN=\"' #\n\r\t9m\ufeffexport")), max_size=120
    ),
)
def test_checks_never_raise_on_any_token_or_env(token: str, env_text: str) -> None:
    context = ctx(token, env=env_of(env_text))
    report = checks.run(replace(context, wordlist=None))
    assert {f.status for f in report.findings} <= set(Status)
    assert report.exit_code in (0, 1)
