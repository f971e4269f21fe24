"""The verdict (jwtfix.verdict): which finding matters most, and the sentence that says so."""

from __future__ import annotations

from conftest import NOW, make_token

from jwtfix import checks, envfile, tokens
from jwtfix.checks import CheckContext
from jwtfix.keys import decode_secret
from jwtfix.model import Finding, Status
from jwtfix.ops.expiry import evaluate
from jwtfix.ops.explain import explain
from jwtfix.ops.verify import verify
from jwtfix.verdict import RANK, expiry_verdict, explain_verdict, most_important, verify_verdict

ARTICLE_ENV = (
    "# the article's .env\nJWT_SECRET=your-super-secret-jwt-key\n"
    "JWT_REFRESH_SECRET=your-refresh-secret-key\nJWT_EXPIRES_IN=5m\n"
)


def finding(check_id: str, status: Status) -> Finding:
    return Finding(check_id, "t", status, "m")


def test_failures_come_before_warnings_and_refused_tokens_before_configuration() -> None:
    found = [
        finding("JWT303", Status.FAIL),
        finding("JWT204", Status.FAIL),
        finding("JWT101", Status.WARN),
        finding("JWT207", Status.PASS),
    ]
    top = most_important(found)
    assert top is not None and top.id == "JWT204"
    assert most_important([finding("JWT207", Status.PASS)]) is None
    assert RANK.index("JWT401") < RANK.index("JWT204") < RANK.index("JWT303")


def test_the_articles_case() -> None:
    """A 5-minute token, expired 7 minutes ago, and JWT_EXPIRES_IN=5m at .env:4."""
    secret = "your-super-secret-jwt-key"
    text = make_token({"sub": "u", "iat": NOW - 720, "exp": NOW - 420}, secret=secret)
    env = envfile.parse(ARTICLE_ENV, ".env")
    report = checks.run(CheckContext(now=NOW, env=env, token_text=text, token=tokens.parse(text)))
    assert report.verdict is not None and report.verdict.finding == "JWT204"
    assert report.verdict.text == (
        "The token expired 7m ago after living 5m, as JWT_EXPIRES_IN=5m at .env:4 sets: the "
        "client must refresh it (on the 401, or before exp) and retry the request."
    )
    # its placeholder secrets fail too, but they are not why this token was refused
    assert any(f.id == "JWT303" and f.status is Status.FAIL for f in report.findings)


def test_nothing_wrong_says_so() -> None:
    text = make_token({"sub": "u", "iat": NOW - 60, "exp": NOW + 840})
    report = checks.run(CheckContext(now=NOW, token_text=text, token=tokens.parse(text)))
    assert report.verdict is not None and report.verdict.status is Status.PASS
    assert report.verdict.text.startswith("Nothing wrong found")


def test_expiry_past_exp_inside_the_skew() -> None:
    report = evaluate({"iat": NOW - 900, "exp": NOW - 10}, now=NOW, skew=30, buffer=0)
    verdict = expiry_verdict(report)
    assert verdict.status is Status.WARN
    assert verdict.text == (
        "The token is 10s past exp, but a server with a clock skew of 30s still accepts it for "
        "20s more: refresh it now."
    )


def test_verify_says_the_signature_verified_when_the_token_is_expired() -> None:
    secret = "access-secret-that-is-long-enough-0123456789"
    text = make_token({"sub": "u", "iat": NOW - 900, "exp": NOW - 60}, secret=secret)
    report = verify(
        tokens.parse(text), now=NOW, secret=decode_secret(secret.encode(), "utf8", "--secret")
    )
    assert report.reason == "expired" and report.signature_valid is True
    verdict = verify_verdict(report)
    assert verdict.text == (
        "The signature verifies with --secret (44 bytes), but the token expired 1m ago "
        "(2026-01-25T10:14:00Z): the key is right, the client must refresh the token (on the "
        "401, or before exp) and retry."
    )


def test_an_explain_verdict_keeps_a_command_that_ends_in_a_path() -> None:
    # jsonwebtoken's unknown sign option is told by `jwtfix check --src .`: the "." is the
    # folder, not a full stop to drop.
    verdict = explain_verdict(explain('ValidationError: "alg" is not allowed'))
    assert verdict.text.endswith("jwtfix check --src . tells which cause it is.")


def test_an_explain_verdict_keeps_the_case_of_a_name_it_starts_the_cause_with() -> None:
    found = explain('TypeError: "ikm"" must be an instance of Uint8Array or a string')
    text = explain_verdict(found).text
    assert "most often NEXTAUTH_SECRET" in text, text
    lowered = explain_verdict(explain("TokenExpiredError: jwt expired")).text
    assert "most often the client sent" in lowered, lowered


def test_a_product_or_code_that_starts_an_entrys_own_cause_keeps_its_capital() -> None:
    # Keycloak's name is in the text about the message (its meaning), so it is a name, not
    # a sentence's first word; `Validator::assert` is code; "The ..." is lowered as before.
    keycloak = explain_verdict(explain("Cannot validate access token: Error: 404:Not Found"))
    assert "most often Keycloak refuses" in keycloak.text, keycloak.text
    logout = explain_verdict(explain("We are sorry...\nMissing parameters: id_token_hint"))
    assert "most often the logout request" in logout.text, logout.text


def test_mid_sentence_knows_names_from_the_library_and_its_prose() -> None:
    from jwtfix.verdict import _mid_sentence

    assert _mid_sentence("Vault rejects it", "HashiCorp Vault") == "Vault rejects it"
    prose = "the token is refused when Prosody has no secret"
    assert _mid_sentence("Prosody has no secret", "mod_auth_token", prose).startswith("Prosody")
    assert _mid_sentence("Prosody has no secret", "mod_auth_token", "Prosody has no secret") == (
        "prosody has no secret"  # only a sentence's own start: no sign it is a name
    )
    assert _mid_sentence("The key is gone", "The Things Stack") == "the key is gone"
    assert _mid_sentence("Validator::assert() got no constraint") == (
        "Validator::assert() got no constraint"
    )
