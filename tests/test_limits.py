"""The limits of `jwtfix.limits` through the CLI: a breach is one `error:` line or one
"and N more" line, never exit 3 and never a flood."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jwtfix import envfile, limits
from jwtfix.httpclient import parse_set_cookie


def test_an_env_file_beyond_the_size_limit_is_refused(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    env = tmp_path / ".env"
    env.write_text("JWT_SECRET=x\n" + "# padding\n" * (limits.MAX_ENV_BYTES // 10 + 1))
    result = cli("check", "--env", str(env), "--json")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: .env file") and "bytes" in result.stderr
    assert json.loads(result.stdout)["error"]["type"] == "input_error"


def test_an_env_file_beyond_the_bindings_limit_is_refused(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    env = tmp_path / ".env"
    env.write_text("".join(f"K{i}=v\n" for i in range(limits.MAX_ENV_BINDINGS + 1)))
    result = cli("check", "--env", str(env))
    assert result.exit_code == 2
    assert f"more than {limits.MAX_ENV_BINDINGS}" in result.stderr


def test_thousands_of_hazards_are_listed_with_and_n_more(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    env = tmp_path / ".env"
    count = limits.MAX_ENV_BINDINGS - 10
    env.write_text("".join(f"JWT_SECRET=value{i}\n" for i in range(count)))
    result = cli("check", "--env", str(env), "--json")
    assert result.exit_code == 1
    assert len(result.stdout) < 100_000
    more = count - 1 - limits.MAX_LISTED
    assert f"and {more} more hazards like these" in result.stdout


def test_hazards_under_the_limit_are_all_listed() -> None:
    text = "".join(f"JWT_SECRET=value{i}\n" for i in range(limits.MAX_LISTED + 1))
    found = envfile.hazards(envfile.parse(text))
    assert len(found) == limits.MAX_LISTED
    assert not any("more hazards" in h.message for h in found)


def test_a_max_age_of_400_digits_is_capped_as_browsers_cap_it() -> None:
    now = 1_769_336_100.0
    cookie, why = parse_set_cookie("s=v; Max-Age=" + "9" * 400, "https://a.test/", now)
    assert why is None and cookie is not None
    assert cookie.expires == now + limits.MAX_COOKIE_AGE_SECONDS
    gone, _ = parse_set_cookie("s=v; Max-Age=-" + "9" * 400, "https://a.test/", now)
    assert gone is not None and gone.expires is not None and gone.expires < now


def test_at_most_says_how_many_more() -> None:
    lines = [str(i) for i in range(limits.MAX_LISTED + 5)]
    assert limits.at_most(lines, " kids")[-1] == "and 5 more kids"
    assert limits.at_most(lines[:3]) == lines[:3]


def test_json_nested_too_deeply_in_a_body_to_send_is_an_error_line(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    nested = tmp_path / "nested.json"
    nested.write_text("[" * 100_000)
    for args in (
        ["probe", "http://127.0.0.1:9/", "--no-token", "--data", f"@{nested}"],
        ["check", "--live", "http://127.0.0.1:9", "--credentials", f"@{nested}"],
    ):
        result = cli(*args)
        assert result.exit_code == 2, result.stderr
        assert "nested too deeply" in result.stderr


def test_a_jwks_of_thousands_of_kids_lists_a_few_and_how_many_more(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    from conftest import make_token

    keys = [{"kty": "oct", "kid": f"other-{i}", "k": "c2VjcmV0LXNlY3JldA"} for i in range(3000)]
    jwks = tmp_path / "keys.jwks"
    jwks.write_text(json.dumps({"keys": keys}))
    token = make_token({"sub": "x"}, header={"kid": "k1"})
    result = cli("verify", token, "--jwks", str(jwks), "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["reason"] == "kid_not_found"
    assert f"and {3000 - limits.MAX_LISTED} more kids" in result.stdout
    assert len(result.stdout) < 20_000
