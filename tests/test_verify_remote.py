"""verify --jwks URL and --oidc, through the CLI, against a local JWKS / discovery service."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jwt
import pytest
from conftest import NOW
from jwks_service import JwksService
from servers import closed_port

Cli = Callable[..., Any]


def claims(**extra: Any) -> dict[str, Any]:
    return {"sub": "alice", "iat": NOW - 60, "exp": NOW + 900, **extra}


def run(cli: Cli, *args: str) -> tuple[int, dict[str, Any], str]:
    result = cli("verify", "--json", "--at", str(NOW), *args)
    return result.exit_code, json.loads(result.stdout), result.stderr


def test_a_jwks_url_picks_the_key_by_kid(jwks_service: JwksService, cli: Cli) -> None:
    token = jwks_service.sign("k2", claims())
    code, doc, _ = run(cli, "--jwks", jwks_service.url + "/jwks", token)
    assert code == 0, doc
    assert doc["valid"] is True
    assert "kid 'k2'" in doc["key"]


def test_a_discovery_document_as_jwks(jwks_service: JwksService, cli: Cli) -> None:
    token = jwks_service.sign("k1", claims(iss=jwks_service.url))
    url = jwks_service.url + "/.well-known/openid-configuration"
    code, doc, _ = run(cli, "--jwks", url, token)
    assert code == 0, doc
    assert any("discovery document" in line for line in doc["diagnosis"])


def test_oidc_finds_the_jwks_from_iss(jwks_service: JwksService, cli: Cli) -> None:
    token = jwks_service.sign("k1", claims(iss=jwks_service.url))
    code, doc, _ = run(cli, "--oidc", token)
    assert code == 0, doc
    assert doc["valid"] is True


def test_oidc_needs_an_http_iss(jwks_service: JwksService, cli: Cli) -> None:
    token = jwks_service.sign("k1", claims(iss="my-service"))
    result = cli("verify", "--oidc", token)
    assert result.exit_code == 2
    assert "iss" in result.stderr and "--jwks URL" in result.stderr


def test_rotated_keys_behind_a_stale_cache(jwks_service: JwksService, cli: Cli) -> None:
    jwks_service.rotate("k3")
    token = jwks_service.sign("k3", claims())
    code, doc, _ = run(cli, "--jwks", jwks_service.url + "/jwks", token)
    assert code == 0, doc
    assert any("stale JWKS" in line for line in doc["diagnosis"])


def test_an_unknown_kid_lists_the_kids_and_the_usual_causes(
    jwks_service: JwksService, cli: Cli
) -> None:
    jwks_service.add("old")
    token = jwks_service.sign("old", claims(iss="https://login.example.test/tenant-b"))
    url = jwks_service.url + "/.well-known/openid-configuration"
    code, doc, _ = run(cli, "--jwks", url, token)
    assert code == 1
    assert doc["reason"] == "kid_not_found"
    text = "\n".join(doc["diagnosis"])
    assert "'k1', 'k2'" in text
    assert "rotated" in text and "tenant" in text and "v1" in text
    assert f"the discovery issuer is {jwks_service.url!r}" in text


def test_a_single_key_without_kid(jwks_service: JwksService, cli: Cli) -> None:
    code, doc, _ = run(
        cli, "--jwks", jwks_service.url + "/single", jwks_service.sign(None, claims())
    )
    assert code == 0, doc
    # a token naming a kid: libraries that choose by kid find no key, though it signed it
    named = jwt.encode(claims(), jwks_service.single, algorithm="ES256", headers={"kid": "x"})
    code, doc, _ = run(cli, "--jwks", jwks_service.url + "/single", named)
    assert code == 1 and doc["reason"] == "kid_not_found"
    assert any("the signature verifies with" in line for line in doc["diagnosis"])
    assert any("no kids at all" in line for line in doc["diagnosis"])


def test_keys_not_for_signing_are_left_out(jwks_service: JwksService, cli: Cli) -> None:
    token = jwks_service.sign("k1", claims())
    code, doc, _ = run(cli, "--jwks", jwks_service.url + "/mixed", token)
    assert code == 0, doc
    assert any("use 'enc'" in line and "left out" in line for line in doc["diagnosis"])


def test_a_fetched_oct_key_is_key_type_mismatch(jwks_service: JwksService, cli: Cli) -> None:
    token = jwks_service.sign("k1", claims())
    code, doc, _ = run(cli, "--jwks", jwks_service.url + "/secret", token)
    assert code == 1
    assert doc["valid"] is False and doc["reason"] == "key_type_mismatch"
    assert "publishes a secret" in doc["message"]
    assert "c2VjcmV0" not in json.dumps(doc)


def test_text_plain_is_accepted_and_said(jwks_service: JwksService, cli: Cli) -> None:
    token = jwks_service.sign("k1", claims())
    code, doc, _ = run(cli, "--jwks", jwks_service.url + "/text", token)
    assert code == 0
    assert any("text/plain" in line for line in doc["diagnosis"])


@pytest.mark.parametrize("path", ["/missing", "/"])
def test_a_url_that_is_no_jwks_is_exit_2(jwks_service: JwksService, cli: Cli, path: str) -> None:
    token = jwks_service.sign("k1", claims())
    result = cli("verify", "--jwks", jwks_service.url + path, token)
    assert result.exit_code == 2
    assert jwks_service.url + path in result.stderr and "404" in result.stderr


def test_network_failures_are_exit_2_naming_the_url(
    jwks_service: JwksService, silent_server: str, cli: Cli
) -> None:
    token = jwks_service.sign("k1", claims())
    refused = closed_port() + "/jwks"
    result = cli("verify", "--jwks", refused, token)
    assert result.exit_code == 2 and refused in result.stderr
    slow = silent_server + "/jwks"
    result = cli("verify", "--jwks", slow, "--timeout", "0.5", token, "--json")
    assert result.exit_code == 2 and slow in result.stderr and "0.5s" in result.stderr
    assert json.loads(result.stdout)["error"]["type"] == "network_error"


def test_a_local_jwks_file_still_works(jwks_service: JwksService, cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "jwks.json").write_text(json.dumps(jwks_service.key_set(["k1", "k2"])))
    token = jwks_service.sign("k1", claims())
    code, doc, _ = run(cli, "--jwks", str(tmp_path / "jwks.json"), token)
    assert code == 0, doc


def test_a_timeout_too_long_for_a_socket_is_exit_2(jwks_service: JwksService, cli: Cli) -> None:
    # 300 years overflows the socket's C time type: it was an internal error (exit 3).
    token = jwks_service.sign("k1", claims())
    result = cli("verify", "--jwks", closed_port() + "/jwks", "--timeout", "300y", token, "--json")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: --timeout '300y'")
    assert json.loads(result.stdout)["error"]["type"] == "invalid_duration"
