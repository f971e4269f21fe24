"""A local JWKS / OpenID discovery service for tests (stdlib http.server, 127.0.0.1).

Routes:
- `/.well-known/openid-configuration`: `{"issuer": <base>, "jwks_uri": <base>/jwks}`
- `/jwks`: the current key set; after `rotate()`, a request without
  `Cache-Control: no-cache` still gets the old set once more, as from a stale cache
- `/single`: one JWK without a kid (not a set)
- `/mixed`: a `use: enc` key, a key jwtfix cannot load, and the signing keys
- `/secret`: a JWKS that publishes an `oct` key
- `/text`: the key set served as text/plain
- anything else: 404

Keys are EC P-256 (fast to make); `sign(kid, claims)` signs with one of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from servers import LocalServer, Reply, Request, serve


def _jwk(key: ec.EllipticCurvePrivateKey, kid: str | None, **extra: Any) -> dict[str, Any]:
    public = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
    if kid is not None:
        public["kid"] = kid
    return {**public, "alg": "ES256", "use": "sig", **extra}


@dataclass
class JwksService:
    """Keys by kid, which of them are published, and the server once started."""

    keys: dict[str, ec.EllipticCurvePrivateKey] = field(default_factory=dict)
    published: list[str] = field(default_factory=list)
    stale: list[str] | None = None
    """The set a cache still serves (once) after a rotation."""
    single: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    server: LocalServer | None = None

    def add(self, kid: str) -> None:
        self.keys[kid] = ec.generate_private_key(ec.SECP256R1())

    def rotate(self, new_kid: str) -> None:
        """Publish a new key alone; the old set stays in the 'cache' for one more answer."""
        self.stale = list(self.published)
        self.add(new_kid)
        self.published = [new_kid]

    @property
    def url(self) -> str:
        assert self.server is not None
        return self.server.url

    def sign(self, kid: str | None, claims: dict[str, Any]) -> str:
        key = self.single if kid is None else self.keys[kid]
        headers = {"kid": kid} if kid is not None else {}
        return jwt.encode(claims, key, algorithm="ES256", headers=headers)

    def key_set(self, kids: list[str]) -> dict[str, Any]:
        return {"keys": [_jwk(self.keys[k], k) for k in kids]}

    def handle(self, request: Request) -> Reply:
        path = request.path.split("?")[0]
        if path == "/.well-known/openid-configuration":
            return Reply.json(200, json.dumps({"issuer": self.url, "jwks_uri": self.url + "/jwks"}))
        if path == "/jwks":
            kids = self.published
            if self.stale is not None and request.headers.get("cache-control") != "no-cache":
                kids, self.stale = self.stale, None
            body = json.dumps(self.key_set(kids))
            return Reply(200, [("Content-Type", "application/jwk-set+json")], body.encode())
        if path == "/single":
            return Reply.json(200, json.dumps(_jwk(self.single, None)))
        if path == "/mixed":
            doc = self.key_set(self.published)
            doc["keys"] = [
                _jwk(self.single, "enc-1", use="enc"),
                {"kty": "XYZ", "kid": "weird"},
                *doc["keys"],
            ]
            return Reply.json(200, json.dumps(doc))
        if path == "/secret":
            doc = self.key_set(self.published)
            doc["keys"].append(
                {"kty": "oct", "kid": "hs", "k": "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMzQ"}
            )
            return Reply.json(200, json.dumps(doc))
        if path == "/text":
            return Reply(
                200,
                [("Content-Type", "text/plain")],
                json.dumps(self.key_set(self.published)).encode(),
            )
        return Reply(404, body=b"not found")


@pytest.fixture
def jwks_service() -> Iterator[JwksService]:
    """A started JwksService with the kids 'k1' and 'k2' published."""
    service = JwksService()
    service.add("k1")
    service.add("k2")
    service.published = ["k1", "k2"]
    with serve(service.handle) as server:
        service.server = server
        yield service
