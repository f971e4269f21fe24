"""jwtfix.jwks_remote against a local JWKS / discovery service: rotation, kids, discovery."""

from __future__ import annotations

import json

import pytest
from conftest import NOW
from jwks_service import JwksService
from servers import Reply, Request, serve

from jwtfix.errors import KeyLoadError
from jwtfix.httpclient import HttpClient
from jwtfix.jwks_remote import RemoteJwks, discovery_url, fetch, fetch_oidc, issuer_diagnosis


def client() -> HttpClient:
    return HttpClient(timeout=5, clock=lambda: float(NOW))


def test_a_jwks_url(jwks_service: JwksService) -> None:
    with client() as http:
        remote = fetch(http, jwks_service.url + "/jwks", kid="k2")
    assert remote.kids == ["k1", "k2"]
    assert all(k.kty == "EC" for k in remote.keys)
    assert not remote.refetched and remote.notes == ()
    accept = remote.exchanges[0].request_header("accept")
    assert accept is not None and "application/jwk-set+json" in accept


def test_a_discovery_document_given_as_jwks_is_followed(jwks_service: JwksService) -> None:
    with client() as http:
        remote = fetch(http, jwks_service.url + "/.well-known/openid-configuration", kid="k1")
    assert remote.url == jwks_service.url + "/jwks"
    assert remote.issuer == jwks_service.url
    assert any("discovery document" in n for n in remote.notes)
    assert [e.path for e in remote.exchanges] == ["/.well-known/openid-configuration", "/jwks"]


def test_oidc_from_the_issuer(jwks_service: JwksService) -> None:
    assert discovery_url("https://id.example.test/realms/a/") == (
        "https://id.example.test/realms/a/.well-known/openid-configuration"
    )
    with client() as http:
        remote = fetch_oidc(http, jwks_service.url, kid="k1")
    assert remote.discovery_url == jwks_service.url + "/.well-known/openid-configuration"
    for iss in (None, "", "my-service"):
        with client() as http, pytest.raises(KeyLoadError):
            fetch_oidc(http, iss, kid=None)


def test_rotation_behind_a_stale_cache_is_refetched_once(jwks_service: JwksService) -> None:
    jwks_service.rotate("k3")
    with client() as http:
        remote = fetch(http, jwks_service.url + "/jwks", kid="k3")
    assert remote.refetched and remote.kids == ["k3"]
    assert any("stale JWKS" in n for n in remote.notes)
    second = remote.exchanges[1]
    assert second.request_header("cache-control") == "no-cache"
    assert len(remote.exchanges) == 2


def test_an_unknown_kid_is_refetched_only_once(jwks_service: JwksService) -> None:
    with client() as http:
        remote = fetch(http, jwks_service.url + "/jwks", kid="nope")
    assert remote.refetched and len(remote.exchanges) == 2
    assert any("still not there" in n for n in remote.notes)


def test_a_single_key_without_kid(jwks_service: JwksService) -> None:
    with client() as http:
        remote = fetch(http, jwks_service.url + "/single", kid="whatever")
    assert len(remote.keys) == 1 and remote.keys[0].kid is None
    assert not remote.refetched  # a kid-less set is tried whole, nothing to refetch for


def test_keys_not_for_signing_are_left_out_and_said(jwks_service: JwksService) -> None:
    with client() as http:
        remote = fetch(http, jwks_service.url + "/mixed", kid="k1")
    assert remote.kids == ["k1", "k2"]
    assert any("use 'enc'" in n and "left out" in n for n in remote.notes)
    assert any("weird" in n and "left out" in n for n in remote.notes)


def test_an_oct_key_is_set_apart(jwks_service: JwksService) -> None:
    with client() as http:
        remote = fetch(http, jwks_service.url + "/secret", kid="k1")
    assert [k.kid for k in remote.secrets] == ["hs"]
    assert all(k.kty != "oct" for k in remote.keys)


def test_content_types(jwks_service: JwksService) -> None:
    with client() as http:
        remote = fetch(http, jwks_service.url + "/text", kid="k1")
    assert remote.kids == ["k1", "k2"]
    assert any("text/plain" in n for n in remote.notes)


@pytest.mark.parametrize(("path", "says"), [("/missing", "answered 404"), ("/", "answered 404")])
def test_answers_that_are_no_jwks(jwks_service: JwksService, path: str, says: str) -> None:
    with client() as http, pytest.raises(KeyLoadError) as caught:
        fetch(http, jwks_service.url + path, kid=None)
    assert says in caught.value.message and jwks_service.url in caught.value.message


def _remote(issuer: str) -> RemoteJwks:
    return RemoteJwks("u", (), (), issuer, "d", (), False, ())


@pytest.mark.parametrize(
    ("issuer", "iss", "says"),
    [
        ("https://login.microsoftonline.com/t1/v2.0", "https://sts.windows.net/t1/", "v1/v2"),
        ("https://id.example.test/realms/a", "https://id.example.test/realms/b", "another tenant"),
        ("https://a.example.test", "https://b.example.test", "another issuer"),
        ("http://127.0.0.1:8080", "https://login.microsoftonline.com/t/v2.0", "another issuer"),
        ("https://id.example.test/t/v2.0", "https://id.example.test/t", "v1/v2"),
        ("https://a.example.test/", "https://a.example.test", "trailing slash"),
    ],
)
def test_issuer_diagnosis(issuer: str, iss: str, says: str) -> None:
    lines = issuer_diagnosis(_remote(issuer), iss)
    assert len(lines) == 1 and says in lines[0]
    assert issuer_diagnosis(_remote(issuer), issuer) == []


def test_a_jwks_uri_on_another_origin_is_fetched_without_credentials(
    jwks_service: JwksService,
) -> None:
    # Google's discovery (accounts.google.com) names its keys at www.googleapis.com: the
    # issuer here is one local server, its key set another's.
    def discovery(request: Request) -> Reply:
        body = {"issuer": "http://issuer.test", "jwks_uri": jwks_service.url + "/jwks"}
        return Reply.json(200, json.dumps(body))

    with serve(discovery) as issuer, client() as http:
        remote = fetch(http, issuer.url + "/.well-known/openid-configuration", kid="k2")
    assert remote.kids == ["k1", "k2"]
    assert any("another origin" in note and "without credentials" in note for note in remote.notes)
    keys = remote.exchanges[-1]
    assert keys.url == jwks_service.url + "/jwks"
    assert keys.request_header("authorization") is None
    assert keys.request_header("cookie") is None
