"""JWT1xx: the token's format and structure (checklist item 9)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from jwtfix.checks.registry import CheckContext, Need, Registered, check
from jwtfix.model import Finding, Location, Severity, Status

MAX_TOKEN_BYTES = 4096

# A kid that reaches a file system or an SQL query: traversal, separators, quotes,
# statement ends, comments, NUL.
_RISKY_KID = re.compile(r"\.\.|[/\\'\";\x00]|--|/\*|\bunion\b|\bselect\b|\bor\s+1\s*=\s*1", re.I)


@check("JWT101", title="Token structure", item=9, needs=(Need.TOKEN_TEXT,))
def structure(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The token is three base64url segments (header.payload.signature) of JSON objects.

    A token that is cut, wrapped, pasted twice or is not a JWT at all (an opaque
    access token, a session ID) is rejected by every library with a generic
    "jwt malformed". The message says which segment is wrong and at which
    character; copy the token again from its source (not from a log that wraps
    lines), or ask the issuer's introspection endpoint about an opaque token.
    """
    if ctx.token is None:
        yield me.finding(
            Status.FAIL,
            ctx.token_error or "the token is not a JWT",
            "copy the whole token again from where it is issued (the login response or the "
            "Authorization header), without line breaks; `jwtfix decode` shows where it breaks",
        )
        return
    if ctx.token.kind == "JWE":
        yield me.finding(
            Status.PASS,
            "an encrypted JWT (JWE) of 5 segments with a JSON protected header; its claims "
            "are encrypted, so the checks that read them are skipped",
        )
        return
    yield me.finding(Status.PASS, "3 segments, base64url, a JSON header and a JSON payload object")


@check("JWT102", title="Unsecured token (alg none)", item=9, needs=(Need.HEADER,))
def alg_none(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The token is unsecured: `alg` is `none` (or missing), or it has no signature.

    Anyone can make such a token, so a server must never accept it; a library
    configured to accept `none` lets every user forge any identity. Sign tokens
    with HS256 or an asymmetric algorithm, and pin the accepted algorithms in
    the verifier (`algorithms: ['HS256']`).
    """
    assert ctx.token is not None
    alg = ctx.token.header.get("alg")
    location = Location(claim="header.alg")
    fix = (
        "sign the token with a real algorithm (e.g. HS256 with JWT_SECRET) and pass an explicit "
        "allow-list to the verifier, e.g. jwt.verify(token, secret, { algorithms: ['HS256'] })"
    )
    if alg is None:
        yield me.finding(Status.FAIL, "the header has no alg parameter", fix, location=location)
    elif not isinstance(alg, str):
        yield me.finding(
            Status.FAIL,
            f"the header's alg is not a string ({type(alg).__name__})",
            fix,
            location=location,
        )
    elif alg.lower() == "none":
        yield me.finding(
            Status.FAIL,
            f"alg is {alg!r}: the token is unsecured and anyone can forge one like it",
            fix,
            location=location,
        )
    elif ctx.token.kind == "JWS" and not ctx.token.signature:
        yield me.finding(
            Status.FAIL,
            f"alg is {alg} but the signature segment is empty: the signature was cut off or "
            "removed",
            "copy the whole token, including the part after the second '.'",
            location=location,
        )
    else:
        yield me.finding(Status.PASS, f"alg is {alg} and the token has a signature")


@check(
    "JWT103",
    title="Non-canonical base64url",
    item=9,
    severity=Severity.WARNING,
    needs=(Need.HEADER,),
)
def encoding(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """A segment uses `=` padding or standard-base64 characters (`+`, `/`).

    JWTs use base64url without padding (RFC 7515 section 2). Lenient decoders
    read such a token, strict ones (jose, many API gateways) reject it, so it
    works in one service and fails in the next. Encode segments with base64url
    and strip the padding where the token is made.
    """
    assert ctx.token is not None
    issues = ctx.token.encoding_issues
    if not issues:
        yield me.finding(Status.PASS, "every segment is canonical base64url without padding")
        return
    for issue in issues:
        yield me.finding(
            Status.WARN,
            issue.detail,
            "encode with base64url and no padding (Node: Buffer.toString('base64url'); Python: "
            "base64.urlsafe_b64encode(data).rstrip(b'=')), or use a JWT library to build it",
        )


@check("JWT104", title="Token too large", item=9, severity=Severity.WARNING, needs=(Need.HEADER,))
def size(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The token is larger than 4096 bytes.

    Browsers drop cookies above 4096 bytes and many servers and proxies cap a
    request header at 4-8 KB, so a large token fails with a missing cookie or a
    431/400 that looks unrelated. Keep the payload to identifiers (`sub`,
    roles) and look up the rest on the server.
    """
    assert ctx.token is not None
    length = len(ctx.token.text.encode("utf-8"))
    if length > MAX_TOKEN_BYTES:
        yield me.finding(
            Status.WARN,
            f"the token is {length} bytes, over the {MAX_TOKEN_BYTES}-byte limit of a browser "
            "cookie and close to common header limits",
            "move bulky claims (permissions lists, profiles) out of the token and load them on "
            "the server by sub",
        )
    else:
        yield me.finding(Status.PASS, f"the token is {length} bytes (limit {MAX_TOKEN_BYTES})")


@check(
    "JWT105",
    title="Risky header parameters",
    item=9,
    severity=Severity.WARNING,
    needs=(Need.HEADER,),
)
def risky_header(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The header carries `jku`, `x5u` or an embedded `jwk`, or a `kid` with path or SQL characters.

    `jku`, `x5u` and `jwk` let the token say which key verifies it: a verifier
    that follows them accepts tokens signed with an attacker's key. A `kid` is
    often used to build a file path or a database query; `../` or quotes in it
    are the signature of an injection attempt. Verify with keys chosen by the
    server (a pinned key or a JWKS URL you configure) and match `kid` against a
    fixed set.
    """
    assert ctx.token is not None
    header = ctx.token.header
    found = False
    for name, what in (
        ("jku", "a URL of a key set"),
        ("x5u", "a URL of a certificate"),
        ("jwk", "an embedded public key"),
    ):
        if name in header:
            found = True
            yield me.finding(
                Status.WARN,
                f"the header has {name!r} ({what}): a verifier that uses it lets the token "
                "choose its own key",
                f"ignore {name!r} when verifying: configure the key or JWKS URL on the server",
                location=Location(claim=f"header.{name}"),
            )
    kid = header.get("kid")
    if kid is not None and (not isinstance(kid, str) or _RISKY_KID.search(kid)):
        found = True
        what = "is not a string" if not isinstance(kid, str) else "has path or SQL characters"
        yield me.finding(
            Status.FAIL,
            f"the header's kid {what}: a server that puts kid into a file path or a query can "
            "be tricked into using a key the attacker knows",
            "look kid up in a fixed map of known key IDs; never build a path or a query from it",
            severity=Severity.ERROR,
            location=Location(claim="header.kid"),
        )
    if not found:
        yield me.finding(Status.PASS, "no jku, x5u or jwk, and no risky kid in the header")
