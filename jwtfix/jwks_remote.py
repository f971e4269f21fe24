"""JWKS fetched over the network: `verify --jwks URL` and `verify --oidc`.

The fetching is the HTTP client's (jwtfix.httpclient, passed in); this module
owns the judgement of what came back, as key code: a JWKS or a single JWK
(`application/json`, `application/jwk-set+json`), an OpenID discovery document
whose `jwks_uri` is followed, keys whose `use` is not `sig` left out (said so),
keys it cannot load left out (said so), `oct` keys (a published secret) set
apart, and at most one refetch — with `Cache-Control: no-cache` — when the
token's `kid` is not in the first answer (keys rotated behind a cache).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from jwtfix import limits
from jwtfix.errors import KeyLoadError
from jwtfix.httpclient import same_origin

if TYPE_CHECKING:
    from jwtfix.httpclient import Exchange, HttpClient
    from jwtfix.keys import Key
    from jwtfix.ops.verify import VerifyReport

ACCEPT = "application/jwk-set+json, application/json;q=0.9, */*;q=0.1"
JSON_TYPES = ("application/json", "application/jwk-set+json", "application/jwk+json")
WELL_KNOWN = "/.well-known/openid-configuration"
OAUTH_WELL_KNOWN = "/.well-known/oauth-authorization-server"
"""RFC 8414 metadata, read at `{issuer}` + this (the form path-mounted servers answer)."""
ENDPOINTS = ("token_endpoint", "revocation_endpoint", "userinfo_endpoint", "end_session_endpoint")
"""The endpoints of a discovery document the live flow uses."""


@dataclass(frozen=True, slots=True)
class RemoteJwks:
    """The signing keys a JWKS URL (or discovery document) gave, and what was noticed."""

    url: str
    """The JWKS URL the keys came from (after following a discovery document)."""
    keys: tuple[Key, ...]
    """Public signing keys that loaded (no `oct`, no `use` other than `sig`)."""
    secrets: tuple[Key, ...]
    """`oct` keys: a JWKS served over the network publishes these secrets."""
    issuer: str | None
    """The discovery document's `issuer`, when one was read."""
    discovery_url: str | None
    notes: tuple[str, ...]
    """Keys left out and why, the discovery followed, a refetch, a content type."""
    refetched: bool
    exchanges: tuple[Exchange, ...]

    @property
    def kids(self) -> list[str]:
        return [k.kid for k in (*self.keys, *self.secrets) if k.kid is not None]


def discovery_url(issuer: str) -> str:
    """`{iss}/.well-known/openid-configuration` (OpenID Connect Discovery 1.0 §4)."""
    return issuer.rstrip("/") + WELL_KNOWN


def metadata_url(issuer: str) -> str:
    """`{iss}/.well-known/oauth-authorization-server` (RFC 8414 metadata)."""
    return issuer.rstrip("/") + OAUTH_WELL_KNOWN


def endpoints(document: Any, origin: str) -> tuple[dict[str, str], list[str]]:
    """The endpoints (ENDPOINTS) a discovery or RFC 8414 document names on `origin` (the
    issuer's), and a note for each one left out: not an http(s) URL, or on another origin.

    The refresh token, the client's secret, the credentials and the bearer go only to the
    origin the user named: a document that sends them elsewhere (or from https to http) is
    not followed; `--protected`/`--revoke` name such an endpoint when it is meant."""
    if not isinstance(document, dict):
        return {}, []
    found: dict[str, str] = {}
    notes: list[str] = []
    for name in ENDPOINTS:
        value = document.get(name)
        if value is None:
            continue
        if not isinstance(value, str) or urlsplit(value).scheme not in ("http", "https"):
            notes.append(f"the {name} {_shown(value)} is not an http(s) URL: not used")
        elif not same_origin(value, origin):
            notes.append(
                f"the {name} {_shown(value)} is on another origin than the issuer: not used, "
                "so no token or secret leaves the issuer's origin"
            )
        else:
            found[name] = value
    return found, notes


def _shown(value: Any, limit: int = 120) -> str:
    """A value from a server, quoted and cut, for a note."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fetch(client: HttpClient, url: str, *, kid: str | None) -> RemoteJwks:
    """The keys at `url` (a JWKS, a JWK or a discovery document) for a token with `kid`."""
    notes: list[str] = []
    start = len(client.exchanges)
    document = _get_json(client, url, notes)
    issuer = None
    discovery = None
    jwks_url = url
    if isinstance(document, dict) and "jwks_uri" in document and "keys" not in document:
        discovery = url
        issuer = document.get("issuer") if isinstance(document.get("issuer"), str) else None
        jwks_uri = document.get("jwks_uri")
        if not isinstance(jwks_uri, str) or urlsplit(jwks_uri).scheme not in ("http", "https"):
            raise KeyLoadError(
                f"the discovery document at {url} has no usable jwks_uri ({_shown(jwks_uri)})"
            )
        if urlsplit(url).scheme == "https" and urlsplit(jwks_uri).scheme != "https":
            # Keys fetched over plain http after an https discovery could be anyone's.
            raise KeyLoadError(
                f"the discovery document at {url} names a jwks_uri over plain http "
                f"({_shown(jwks_uri)}): not followed; give the key set with --jwks URL"
            )
        if not same_origin(jwks_uri, url):
            # Providers serve their keys from another host (Google: accounts.google.com's
            # keys are at www.googleapis.com). A key set is public: it is fetched with no
            # credential, no cookie and no token, so nothing of the user's leaves.
            notes.append(
                f"the jwks_uri {_shown(jwks_uri)} is on another origin than {url}: fetched "
                "without credentials"
            )
        notes.append(f"{url} is an OpenID discovery document: followed its jwks_uri {jwks_uri}")
        jwks_url = jwks_uri
        document = _get_json(client, jwks_url, notes)
    keys, secrets = _keys(document, jwks_url, notes)
    refetched = False
    if kid is not None and not _has_kid(keys, secrets, kid):
        # Keys rotate; a CDN or the service's own cache may serve yesterday's set.
        refetched = True
        again = _get_json(client, jwks_url, [], no_cache=True)
        retry_notes: list[str] = []
        keys2, secrets2 = _keys(again, jwks_url, retry_notes)
        if _has_kid(keys2, secrets2, kid):
            notes.append(
                f"the kid {kid!r} was not in the first answer of {jwks_url}, but was in a "
                "refetch with Cache-Control: no-cache: a cache served a stale JWKS (keys "
                "rotated); its lifetime should be shorter than the key overlap"
            )
            keys, secrets = keys2, secrets2
            notes.extend(n for n in retry_notes if n not in notes)
        else:
            notes.append(
                f"refetched {jwks_url} once (Cache-Control: no-cache): the kid is still not there"
            )
    return RemoteJwks(
        url=jwks_url,
        keys=keys,
        secrets=secrets,
        issuer=issuer,
        discovery_url=discovery,
        notes=tuple(notes),
        refetched=refetched,
        exchanges=client.exchanges[start:],
    )


def fetch_oidc(client: HttpClient, issuer: Any, *, kid: str | None) -> RemoteJwks:
    """The keys of the token's issuer, found through its discovery document."""
    if not isinstance(issuer, str) or not issuer.strip():
        raise KeyLoadError("--oidc needs a token with an iss claim (the issuer's URL)")
    if urlsplit(issuer).scheme not in ("http", "https"):
        raise KeyLoadError(
            f"--oidc: the token's iss {issuer!r} is not an http(s) URL, so it has no discovery "
            "document; give the JWKS with --jwks URL"
        )
    return fetch(client, discovery_url(issuer), kid=kid)


def _get_json(client: HttpClient, url: str, notes: list[str], *, no_cache: bool = False) -> Any:
    headers = [("Accept", ACCEPT)]
    if no_cache:
        headers += [("Cache-Control", "no-cache"), ("Pragma", "no-cache")]
    exchange = client.get(url, headers=headers, send_cookies=False)
    if exchange.redirect_to is not None and not exchange.redirect_followed:
        if same_origin(exchange.redirect_to, exchange.url):
            raise KeyLoadError(
                f"GET {url} keeps redirecting (to {exchange.redirect_to}): not a JWKS"
            )
        raise KeyLoadError(
            f"GET {url} answered {exchange.status} with a redirect to another origin "
            f"({exchange.redirect_to}), which jwtfix does not follow: give that URL instead"
        )
    broken = next((n for n in exchange.notes if n.startswith("the server sent a broken")), None)
    if broken is not None and not exchange.ok:
        # The server meant to send us elsewhere and wrote the address wrong: not our user's URL.
        raise KeyLoadError(f"GET {exchange.url} answered {exchange.status}: {broken}")
    if not exchange.ok:
        raise KeyLoadError(
            f"GET {exchange.url} answered {exchange.status}, not a JWKS"
            + (" (is the path right? a discovery document is at /.well-known/openid-configuration)"
               if exchange.status == 404 else "")
        )  # fmt: skip
    media = exchange.media_type
    if media is not None and media not in JSON_TYPES and not media.endswith("+json"):
        notes.append(f"{exchange.url} is served as {media}, not application/json")
    try:
        return json.loads(exchange.body)
    except (ValueError, RecursionError):
        start = exchange.text.strip()[:40]
        raise KeyLoadError(
            f"GET {exchange.url} did not answer JSON (it starts {start!r}): not a JWKS"
        ) from None


def _keys(document: Any, url: str, notes: list[str]) -> tuple[tuple[Key, ...], tuple[Key, ...]]:
    from jwtfix.keys import jwk_key

    if isinstance(document, dict) and "keys" not in document and "kty" in document:
        entries: list[Any] = [document]
    elif isinstance(document, dict) and isinstance(document.get("keys"), list):
        entries = document["keys"]
    else:
        raise KeyLoadError(f'{url} is not a JWKS: it needs a "keys" array of JWKs')
    keys: list[Key] = []
    secrets: list[Key] = []
    if len(entries) > limits.MAX_JWKS_KEYS:
        notes.append(
            f"{url} has {len(entries)} entries: the first {limits.MAX_JWKS_KEYS} are read "
            "(no key set a service publishes is that long)"
        )
        entries = entries[: limits.MAX_JWKS_KEYS]
    left_out: list[str] = []
    for index, entry in enumerate(entries):
        kid = entry.get("kid") if isinstance(entry, dict) else None
        label = f"{url}, key {index + 1}" + (f" (kid {kid!r})" if isinstance(kid, str) else "")
        use = entry.get("use") if isinstance(entry, dict) else None
        if use is not None and use != "sig":
            left_out.append(f"{label} has use {use!r}, not 'sig': left out")
            continue
        try:
            key = jwk_key(entry, label)
        except KeyLoadError as err:
            left_out.append(f"left out: {err.message}")
            continue
        (secrets if key.kty == "oct" else keys).append(key)
    notes.extend(limits.at_most(left_out, " left out"))
    if not keys and not secrets:
        raise KeyLoadError(f"{url} has no signing key jwtfix can use" + _why(notes))
    return tuple(keys), tuple(secrets)


def _why(notes: list[str]) -> str:
    return f" ({'; '.join(notes)})" if notes else ""


def _has_kid(keys: tuple[Key, ...], secrets: tuple[Key, ...], kid: str) -> bool:
    every = (*keys, *secrets)
    if any(k.kid == kid for k in every):
        return True
    # No key has a kid at all: the JWKS cannot be chosen from by kid, and is tried whole.
    return all(k.kid is None for k in every)


def kid_diagnosis(remote: RemoteJwks, token_kid: Any, token_iss: Any) -> list[str]:
    """What a kid missing from a fetched JWKS usually means, with the evidence at hand."""
    lines: list[str] = []
    kids = remote.kids
    listed = limits.at_most([repr(k) for k in kids], " kids")
    shown = ", ".join(listed) if kids else "no kids at all"
    lines.append(f"{remote.url} has {len(remote.keys) + len(remote.secrets)} key(s): {shown}")
    lines.extend(issuer_diagnosis(remote, token_iss))
    lines.append(
        "usual causes: the issuer rotated its keys and the token was signed with one it has "
        "retired (or a new one a stale cache does not have yet); the token comes from another "
        "tenant, realm or environment (staging vs production); an identity provider's v1 and "
        "v2 endpoints (Azure AD: sts.windows.net vs login.microsoftonline.com/.../v2.0) sign "
        "with different keys"
    )
    return lines


def issuer_diagnosis(remote: RemoteJwks, token_iss: Any) -> list[str]:
    """The discovery document's issuer against the token's iss."""
    if remote.issuer is None or not isinstance(token_iss, str):
        return []
    if remote.issuer.rstrip("/") == token_iss.rstrip("/"):
        if remote.issuer != token_iss:
            return [
                f"the discovery issuer {remote.issuer!r} and the token's iss {token_iss!r} differ "
                "only in a trailing slash: libraries that compare exactly refuse the token"
            ]
        return []
    line = f"the discovery issuer is {remote.issuer!r}, the token's iss is {token_iss!r}"
    a, b = remote.issuer.lower(), token_iss.lower()
    host_a, host_b = urlsplit(a).hostname, urlsplit(b).hostname
    microsoft = {"sts.windows.net", "login.microsoftonline.com"}
    if (host_a in microsoft and host_b in microsoft and host_a != host_b) or (
        host_a == host_b and ("/v2.0" in a) != ("/v2.0" in b)
    ):
        line += ": a v1/v2 endpoint mix-up (the token is from the other one)"
    elif host_a == host_b:
        line += ": the same host, another tenant or realm"
    else:
        line += ": the token comes from another issuer"
    return [line]


def judge(report: VerifyReport, remote: RemoteJwks) -> VerifyReport:
    """verify's report, with what the fetched JWKS adds to it.

    An `oct` key served over the network publishes a secret: key_type_mismatch,
    whatever the signature says. A missing kid gets the kids at the URL, the
    discovery issuer against the token's iss, and the usual causes. What was
    noticed on the way (keys left out, a discovery followed, a refetch) ends the
    diagnosis.
    """
    from jwtfix.ops.claims import Reason

    payload = report.payload or {}
    diagnosis = list(report.diagnosis)
    if report.reason is Reason.KID_NOT_FOUND:
        diagnosis += kid_diagnosis(remote, report.header.get("kid"), payload.get("iss"))
    elif report.reason is Reason.ISSUER_MISMATCH or not report.valid:
        diagnosis += [d for d in issuer_diagnosis(remote, payload.get("iss")) if d not in diagnosis]
    diagnosis += [f"JWKS: {note}" for note in remote.notes]
    if remote.secrets:
        kids = ", ".join(repr(k.kid) for k in remote.secrets if k.kid) or "without kid"
        return replace(
            report,
            valid=False,
            reason=Reason.KEY_TYPE_MISMATCH,
            message=(
                f"the JWKS at {remote.url} publishes a secret (oct key {kids}): anyone who "
                "fetches it can sign tokens the service accepts; a JWKS served over the network "
                "must hold public keys only (rotate that secret)"
            ),
            diagnosis=tuple(diagnosis),
        )
    return replace(report, diagnosis=tuple(diagnosis))
