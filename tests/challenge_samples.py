"""`WWW-Authenticate` values as real servers send them, with where each was seen.

Test data for jwtfix.challenge and probe (tests/test_challenge.py,
tests/test_probe.py). Dates inside messages are moved to the tests' NOW
(2026-01-25T10:15:00Z); the shapes are as published.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sample:
    name: str
    source: str
    header: str
    status: int = 401
    scheme: str = "Bearer"
    params: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    """Words each expected note contains."""
    kind: str | None = None
    """The family of refusal probe should recognise."""
    stack: str | None = None
    """The start of the stack name probe should recognise."""
    explained_by: str | None = None
    """The explain knowledge base's entry for its message, where it has one."""


REAL = [
    Sample(
        "spring-security-expired",
        "spring-projects/spring-security BearerTokenAuthenticationEntryPoint with "
        "JwtTimestampValidator (as quoted in spring-security issues and user reports)",
        'Bearer error="invalid_token", error_description="An error occurred while attempting '
        'to decode the Jwt: Jwt expired at 2026-01-25T10:00:00Z", '
        'error_uri="https://tools.ietf.org/html/rfc6750#section-3.1"',
        params={
            "error": "invalid_token",
            "error_description": "An error occurred while attempting to decode the Jwt: "
            "Jwt expired at 2026-01-25T10:00:00Z",
            "error_uri": "https://tools.ietf.org/html/rfc6750#section-3.1",
        },
        kind="expired",
        stack="Spring Security",
        explained_by="spring-security.jwt-expired",
    ),
    Sample(
        "spring-security-no-token",
        "spring-projects/spring-security BearerTokenAuthenticationEntryPoint, no token sent",
        "Bearer",
    ),
    Sample(
        "aspnetcore-expired",
        "dotnet/aspnetcore JwtBearerHandler with IncludeErrorDetails (seen in "
        "mini-software/MiniAuth#195)",
        'Bearer error="invalid_token", error_description="The token expired at '
        "'01/25/2026 10:00:00'\"",
        params={
            "error": "invalid_token",
            "error_description": "The token expired at '01/25/2026 10:00:00'",
        },
        kind="expired",
        stack="ASP.NET Core",
        explained_by="aspnetcore.token-expired",
    ),
    Sample(
        "aspnetcore-key-not-found",
        "dotnet/aspnetcore JwtBearerHandler (SecurityTokenSignatureKeyNotFoundException)",
        'Bearer error="invalid_token", error_description="The signature key was not found"',
        params={"error": "invalid_token", "error_description": "The signature key was not found"},
        kind="key",
        stack="ASP.NET Core",
        explained_by="aspnetcore.signature-key-not-found",
    ),
    Sample(
        "express-oauth2-jwt-bearer-expired",
        "auth0/node-oauth2-jwt-bearer packages/oauth2-bearer/src/errors.ts (getHeaders puts "
        "jose's message between quotes unescaped)",
        'Bearer realm="api", error="invalid_token", '
        'error_description=""exp" claim timestamp check failed"',
        params={
            "realm": "api",
            "error": "invalid_token",
            "error_description": '"exp" claim timestamp check failed',
        },
        notes=("unescaped quote",),
        kind="expired",
        stack="express-oauth2-jwt-bearer",
        explained_by="jose.exp-check-failed",
    ),
    Sample(
        "express-oauth2-jwt-bearer-no-token",
        "auth0/node-oauth2-jwt-bearer UnauthorizedError",
        'Bearer realm="api"',
        params={"realm": "api"},
    ),
    Sample(
        "keycloak",
        "keycloak/keycloak UserInfoEndpoint (PR #6618; stevenmaguire/oauth2-keycloak#57)",
        'Bearer realm="master", error="invalid_token", '
        'error_description="Token verification failed"',
        params={
            "realm": "master",
            "error": "invalid_token",
            "error_description": "Token verification failed",
        },
        stack="Keycloak",
    ),
    Sample(
        "aws-http-api-audience",
        "AWS API Gateway developer guide, 'Troubleshooting HTTP API JWT authorizers'",
        'Bearer scope="" error="invalid_token" error_description="the token does not have a '
        'valid audience"',
        params={
            "scope": "",
            "error": "invalid_token",
            "error_description": "the token does not have a valid audience",
        },
        notes=("without commas",),
        kind="audience",
        stack="AWS API Gateway",
        explained_by="aws-api-gateway.invalid-audience",
    ),
    Sample(
        "aws-http-api-segments",
        "AWS HTTP API JWT authorizer, a token that is no JWT (quoted in project READMEs)",
        'Bearer scope="" error="invalid_token" error_description="token contains an invalid '
        'number of segments"',
        params={
            "scope": "",
            "error": "invalid_token",
            "error_description": "token contains an invalid number of segments",
        },
        notes=("without commas",),
        kind="malformed",
        stack="AWS API Gateway",
    ),
    Sample(
        "wso2-microgateway-expired",
        "WSO2 API Microgateway documentation, token revocation ('Sample Response')",
        'OAuth2 realm="WSO2 API Microgateway", error="invalid token" , '
        'error_description="The access token expired"',
        scheme="OAuth2",
        params={
            "realm": "WSO2 API Microgateway",
            "error": "invalid token",
            "error_description": "The access token expired",
        },
        notes=("drafts of OAuth 2.0", "read as invalid_token"),
        kind="expired",
        stack="WSO2",
    ),
]

MALFORMED = [
    Sample(
        "single-quotes-oauth2",
        "Huddle API documentation (OAuth2 scheme, a single-quoted realm)",
        "OAuth2 realm='huddle', error_uri=\"https://login.huddle.net/docs/client-error"
        '#TokenExpired", error="invalid_token"',
        scheme="OAuth2",
        params={
            "realm": "huddle",
            "error_uri": "https://login.huddle.net/docs/client-error#TokenExpired",
            "error": "invalid_token",
        },
        notes=("single quotes", "drafts of OAuth 2.0"),
    ),
    Sample(
        "dpop-and-bearer",
        "RFC 9449 §7.1: a DPoP challenge before a Bearer one in the same header",
        'DPoP algs="ES256 PS256", Bearer realm="api", error="invalid_token", '
        'error_description="The access token expired"',
        params={
            "realm": "api",
            "error": "invalid_token",
            "error_description": "The access token expired",
        },
        kind="expired",
    ),
    Sample(
        "lower-case-unquoted",
        "hand-written middleware: scheme in lower case, values as tokens",
        "bearer error=invalid_token, error_description=expired",
        scheme="bearer",
        params={"error": "invalid_token", "error_description": "expired"},
        notes=("case-insensitive",),
        kind="expired",
    ),
    Sample(
        "escaped-quotes",
        "RFC 7230 quoted-pair inside error_description",
        'Bearer error="invalid_token", error_description="the \\"aud\\" claim is wrong"',
        params={"error": "invalid_token", "error_description": 'the "aud" claim is wrong'},
        kind="audience",
    ),
    Sample(
        "unterminated",
        "a truncated header",
        'Bearer error="invalid_token", error_description="jwt expired',
        params={"error": "invalid_token", "error_description": "jwt expired"},
        notes=("not closed",),
        kind="expired",
        stack="jsonwebtoken",
        explained_by="jsonwebtoken.jwt-expired",
    ),
    Sample(
        "repeated-and-unknown",
        "a gateway that adds its own parameters",
        'Bearer realm="a", error="invalid_token", realm="b", x-request-id="42"',
        params={"realm": "a", "error": "invalid_token", "x-request-id": "42"},
        notes=("given twice",),
    ),
    Sample(
        "unknown-error-code",
        "a service that invents its own error code",
        'Bearer error="token_expired"',
        params={"error": "token_expired"},
        notes=("not one of RFC 6750's codes",),
        kind="expired",
    ),
]
