"""The knowledge base of `explain` and its matching (jwtfix/ops/explain.py).

Every entry is tested with its own message (the template with its
placeholders filled in) and with the real texts it carries as `examples`;
a hand-written list of texts as they appear in logs, responses and headers
must find the right entry; texts that are not JWT errors must match nothing.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jwtfix.ops import explain as kb
from jwtfix.ops.explain import Entry, KnowledgeBaseError, explain, normalize, parse_knowledge_base

KB_PATH = Path(kb.__file__).parent.parent / "data" / kb.KB_FILE
KB_PARTS = sorted((KB_PATH.parent / kb.KB_PARTS).glob("*.toml"))
KB_TEXTS = [path.read_text(encoding="utf-8") for path in [KB_PATH, *KB_PARTS]]
ENTRIES = kb.knowledge_base()
SAMPLES = {
    "date": "2026-01-25T10:15:00Z",
    "duration": "1h0m0s",
    "int": "42",
    "alg": "HS256",
    "list": "[orders-api]",
    "name": "sub",
    "url": "https://auth.example.com/",
    "value": "c2lnbmF0dXJl",
    "any": "orders-api",
}
COMMANDS = {"decode", "expiry", "sign", "keygen", "verify", "check", "explain", "scan", "har",
            "probe"}  # fmt: skip


def plain(template: str) -> str:
    """The message as a library prints it, with typical values in its placeholders."""
    return re.sub(r"\{(\w+)\}", lambda m: SAMPLES[m.group(1)], template)


def same_words(a: str, b: str) -> bool:
    return kb.normalize(a).lower().rstrip(".") == kb.normalize(b).lower().rstrip(".")


# --- the knowledge base as data ----------------------------------------------------


def test_the_knowledge_base_is_large_and_broad() -> None:
    messages = sum(len(entry.messages) for entry in ENTRIES)
    libraries = {entry.library for entry in ENTRIES}
    assert len(ENTRIES) >= 100
    assert messages >= 100
    assert len(libraries) >= 15


def test_entry_ids_are_unique_and_name_their_library() -> None:
    ids = [entry.id for entry in ENTRIES]
    assert len(ids) == len(set(ids))
    for text in KB_TEXTS:
        for item in tomllib.loads(text).get("entry", []):
            assert item["id"].startswith(item["library"] + "."), item["id"]


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_entry_names_its_source_file_and_version(entry: Entry) -> None:
    source, _, version = entry.source.rpartition("@")
    assert source and version, entry.source
    assert not source.startswith(("http://", "https://", "/")), "a file, not a URL"
    assert entry.repository.startswith("https://")
    assert re.search(r"\d", version), f"{entry.id}: {version!r} names no release"
    # A source read at its own release says it once (`errors.go @v4.5.1`, not
    # `errors.go @v4.5.1@v5.2.1`).
    assert not re.search(r"@ ?(?:v?\d|commit |[0-9a-f]{7,40}\b)[^\s@]*@", entry.source), (
        entry.source
    )
    assert not re.search(r"@ ?([^@]+)@\1$", entry.source), entry.source


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("errors.go @v4.5.1", "errors.go @v4.5.1"),
        ("crypto/pem/pem_err.c @OpenSSL_1_1_1w", "crypto/pem/pem_err.c @OpenSSL_1_1_1w"),
        ("Filter.java @mitreid-connect-1.3.4", "Filter.java @mitreid-connect-1.3.4"),
        ("grant-manager.js @main b50534c", "grant-manager.js @main b50534c"),
        ("keyfunc.go @keyfunc v3.7.0", "keyfunc.go @keyfunc v3.7.0"),
        ("auth.guard.ts via @nestjs/passport", "auth.guard.ts via @nestjs/passport@1.0"),
        ("a.js", "a.js@1.0"),
    ],
)
def test_a_source_that_names_its_release_is_not_given_the_librarys(source: str, shown: str) -> None:
    (entry,) = parse_knowledge_base(_document(source=source))
    assert entry.source == shown


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_entry_says_what_it_means_why_and_what_to_run(entry: Entry) -> None:
    assert len(entry.meaning) > 20
    assert entry.causes and all(len(cause) > 20 for cause in entry.causes)
    assert entry.fixes
    words = entry.next.split()
    assert words[0] == "jwtfix" and words[1] in COMMANDS, entry.next
    assert entry.diagnosis in kb.DIAGNOSES


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_entry_matches_its_own_message(entry: Entry) -> None:
    for template in entry.messages:
        found = explain(plain(template))
        assert found.matched, template
        if found.entry is entry:
            continue
        if entry.wrapper and found.message is None:
            # A wrapper whose quoted words say no kind: its library's answer.
            assert found.entry is not None and found.entry.library_key == entry.library_key
            continue
        if (
            not entry.common
            and found.message is None
            and not found.library_known
            and entry in found.candidates
        ):
            # The template's head is words many libraries print (`Invalid JWT` of
            # `Invalid JWT: {any}`): without the library named, their kind's answer, with
            # this entry offered among the candidates.
            continue
        if (entry.common or not found.library_known) and found.message is None:
            # Words many libraries print: without the library named, the kind's answer
            # (the candidates offer five of the libraries that print them).
            assert found.entry is not None
            # Their kind, or only "refused" where the printers disagree on what they mean.
            assert found.entry.kind in (entry.kind, "generic_invalid")
            assert not found.library_known
            continue
        if found.entry is not None and found.entry.library_key == entry.library_key:
            continue  # the same library's entry for the same code or words
        # The same words printed by two libraries: the plain text cannot tell which,
        # so the other entry wins by order and this one is offered beside it.
        # Or the other's words are this message's own up to its placeholder, and the
        # text's case is theirs ("Invalid JWT" in "Invalid JWT: {any}").
        assert found.entry is not None and found.message is not None
        shared = same_words(found.message, template)
        head = template.split("{", 1)[0].rstrip(" :") if "{" in template else ""
        assert shared or (head and same_words(found.message, head)), (found.entry.id, template)
        assert entry in found.candidates


WITH_EXAMPLES = [e for e in ENTRIES if e.examples]


# Entries added from the pasted-messages corpus are tested through it
# (tests/test_explain_corpus.py); the others carry their own examples.
@pytest.mark.parametrize("entry", WITH_EXAMPLES, ids=[e.id for e in WITH_EXAMPLES])
def test_entry_matches_its_real_examples(entry: Entry) -> None:
    plains = [plain(template) for template in entry.messages]
    # Beside the plain message, at least one other shape: a log line, an exception
    # class, a JSON body, a WWW-Authenticate value or a stack trace.
    assert any(not any(same_words(ex, p) for p in plains) for ex in entry.examples)
    for example in entry.examples:
        found = explain(example)
        assert found.matched, example
        # Words other libraries print alike in a text naming none of them: the entry
        # answers as the first of them, saying only what holds for all (`printed_by`).
        answer = found.entry.id if found.entry else None
        assert found.entry is entry or (answer == entry.id and found.printed_by), answer


# --- texts as they appear in the real world ------------------------------------------

REAL_WORLD = [
    ("jwt.exceptions.ExpiredSignatureError: Signature has expired", "pyjwt.signature-has-expired"),
    ("TokenExpiredError: jwt expired", "jsonwebtoken.jwt-expired"),
    # Spring Security's debug line names no reason: its own entry, not "unknown library"
    (
        "DEBUG 1 --- [nio-8080-exec-2] o.s.s.o.s.r.a.JwtAuthenticationProvider  : "
        "Failed to authenticate since the JWT was invalid",
        "spring-security.jwt-invalid-debug",
    ),
    ("token is expired by 1h0m0s", "golang-jwt-v4.expired-by"),
    ("Error: token is expired by 26h3m12.004s", "golang-jwt-v4.expired-by"),
    ('{"message":"jwt expired"}', "jsonwebtoken.jwt-expired"),
    (
        '{"success":false,"error":{"name":"TokenExpiredError","message":"jwt expired",'
        '"expiredAt":"2026-01-24T09:00:00.000Z"}}',
        "jsonwebtoken.jwt-expired",
    ),
    (
        """Bearer error="invalid_token", error_description="The token expired at """
        """'01/25/2026 10:15:00'\"""",
        "aspnetcore.token-expired",
    ),
    # A Kubernetes JSON log line: the message inside escaped quotes.
    (
        '{"log":"2026-01-25T10:15:00.000Z ERROR {\\"name\\":\\"JsonWebTokenError\\",'
        '\\"message\\":\\"invalid signature\\"}\\n","stream":"stderr"}',
        "jsonwebtoken.invalid-signature",
    ),
    # docker compose prefixes every line with the service name.
    (
        "api-1  | [Nest] 42  - 01/25/2026, 10:15:00 AM   ERROR [ExceptionsHandler] jwt malformed",
        "jsonwebtoken.jwt-malformed",
    ),
    # logfmt
    (
        'time=2026-01-25T10:15:00Z level=error msg="auth failed" '
        'err="token has invalid claims: token is expired"',
        "golang-jwt-v5.token-is-expired",
    ),
    (
        'level=warn ts=2026-01-25T10:15:00Z err="token signature is invalid: signing method '
        'RS512 is invalid"',
        "golang-jwt-v5.signing-method-invalid",
    ),
    # A Python traceback, the message on its last line.
    (
        'Traceback (most recent call last):\n  File "app/auth.py", line 31, in current_user\n'
        '    payload = jwt.decode(token, SECRET, algorithms=["HS256"], audience="api")\n'
        "jwt.exceptions.InvalidAudienceError: Audience doesn't match",
        "pyjwt.invalid-audience",
    ),
    ("fastapi | jose.exceptions.JWTClaimsError: Invalid audience", "python-jose.invalid-audience"),
    # A Java stack trace with the "Caused by" chain.
    (
        "org.springframework.security.oauth2.server.resource.InvalidBearerTokenException: "
        "An error occurred while attempting to decode the Jwt: "
        "Jwt expired at 2026-01-25T09:59:59Z\n"
        "\tat org.springframework.security.oauth2.server.resource.authentication."
        "JwtAuthenticationProvider.getJwt(JwtAuthenticationProvider.java:104)\n"
        "Caused by: org.springframework.security.oauth2.jwt.JwtValidationException: An error "
        "occurred while attempting to decode the Jwt: Jwt expired at 2026-01-25T09:59:59Z",
        "spring-security.jwt-expired",
    ),
    # A PostgreSQL-style error (CockroachDB): the DETAIL line under ERROR names the cause.
    (
        "ERROR: JWT authentication: invalid token\nSQLSTATE: 28000\n"
        "DETAIL: unable to parse token: exp not satisfied",
        "lestrrat-jwx.v1-claims",
    ),
    (
        'www-authenticate: Bearer error="invalid_token", error_description="An error occurred '
        'while attempting to decode the Jwt: Signed JWT rejected: Invalid signature", '
        'error_uri="https://tools.ietf.org/html/rfc6750#section-3.1"',
        "spring-security.decode-invalid-signature",
    ),
    (
        "io.jsonwebtoken.ExpiredJwtException: JWT expired 86400512 milliseconds ago at "
        "2026-01-24T10:15:00.000Z. Current time: 2026-01-25T10:15:00.512Z. Allowed clock skew: "
        "0 milliseconds.",
        "jjwt.expired",
    ),
    (
        # jjwt's 0.7-0.11 message as users paste it, cut after its first two sentences: still
        # jjwt's (its "Current time:"), not Spring Security's shorter "Jwt expired at".
        "Throws an error like this when my jwt token expires:\n\n"
        "JWT expired at 2026-01-24T07:50:39Z. Current time: 2026-01-25T21:29:41Z.",
        "jjwt.expired-0.11",
    ),
    (
        'ValidationError: "alg" is not allowed\n    at Object.module.exports [as sign] '
        "(/app/node_modules/jsonwebtoken/sign.js:86:47)",
        "jsonwebtoken.sign-unknown-option",
    ),
    (
        "IDX10223: Lifetime validation failed. The token is expired. ValidTo (UTC): "
        "'1/24/2026 10:15:00 PM', Current time (UTC): '1/25/2026 10:15:00 AM'.",
        "identitymodel.idx10223",
    ),
    (
        "IDX10214: Audience validation failed. Audiences: 'api://a'. Did not match: "
        "validationParameters.ValidAudience: 'api://b' or validationParameters.ValidAudiences: "
        "'null'.",
        "identitymodel.idx10214",
    ),
    (
        "IDX10503: Signature validation failed. The token's kid is: 'k1', but did not match any "
        "keys in TokenValidationParameters or Configuration.",
        "identitymodel.idx10503",
    ),
    (
        "Firebase ID token has expired. Get a fresh ID token from your client app and try again "
        "(auth/id-token-expired).",
        "firebase-admin.id-token-expired",
    ),
    (
        "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n\r\n"
        '{"message":"The incoming token has expired"}',
        "aws-api-gateway.incoming-token-expired",
    ),
    (
        '{"error":"invalid_grant","error_description":"Token is not active"}',
        "keycloak.refresh-token-not-active",
    ),
    (
        "Invalid token issuer. Expected 'http://keycloak:8080/realms/shop', but was "
        "'http://localhost:8180/realms/shop'",
        "keycloak.invalid-issuer",
    ),
    (
        '< HTTP/1.1 401 Unauthorized\n< Server: kong/3.9.3\n{"exp":"token expired"}',
        "kong.token-expired",
    ),
    (
        "2026/01/25 10:15:00 [error] 30#30: *1 the JWT has expired, client: 10.0.0.1, server: _, "
        'request: "GET /api HTTP/1.1"',
        "nginx-auth-jwt.expired",
    ),
    ("JWTExpired: \u201cexp\u201d claim timestamp check failed", "jose.exp-check-failed"),
    (
        "UnauthorizedError: No authorization token was found\n    at middleware "
        "(/srv/node_modules/express-jwt/dist/index.js:133:35)",
        "express-jwt.no-token",
    ),
    (
        "NotAuthorizedException: Access Token has expired\n    at AwsJsonProtocol",
        "aws-cognito.access-token-expired",
    ),
    # Upper case, as some log pipelines write it.
    ("ERROR: TOKENEXPIREDERROR: JWT EXPIRED", "jsonwebtoken.jwt-expired"),
    # A long log excerpt in which the error is one line among many.
    (
        "\n".join(f"2026-01-25T10:{i % 60:02d}:00Z INFO GET /health 200" for i in range(5000))
        + "\n2026-01-25T10:15:00Z ERROR JsonWebTokenError: jwt audience invalid. expected: api\n",
        "jsonwebtoken.audience-invalid",
    ),
    # golang-jwt only reports that the application's key lookup failed; the lookup's own
    # words say what is wrong.
    (
        "token is unverifiable: error while executing keyfunc:"
        " the given key ID was not found in the JWKS",
        "keyfunc.kid-not-found",
    ),
    (
        "token is unverifiable: error while executing keyfunc: RSA key not found for key ID: 8f2c",
        "temporal.key-id",
    ),
    # A signature that could not be checked at all, for the reason it quotes.
    (
        "E0221 authentication.go:65] Unable to authenticate the request due to an error: [invalid"
        " bearer token, oidc: verify token: failed to verify signature: fetching keys oidc: get"
        " keys failed: 404 Not Found]",
        "kubernetes.jwks_fetch",
    ),
]


@pytest.mark.parametrize(("text", "expected"), REAL_WORLD, ids=[e for _, e in REAL_WORLD])
def test_real_world_text_finds_its_entry(text: str, expected: str) -> None:
    found = explain(text)
    assert found.matched
    assert found.entry is not None and found.entry.id == expected


NOT_JWT_ERRORS = [
    "Access to fetch at 'https://api.example.com/orders' from origin 'http://localhost:3000' "
    "has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on "
    "the requested resource.",
    "Access to XMLHttpRequest at 'https://api.example.com/' from origin 'https://app.example.com'"
    " has been blocked by CORS policy: Response to preflight request doesn't pass access "
    "control check: It does not have HTTP ok status.",
    "Error: connect ECONNREFUSED 127.0.0.1:5432",
    "Error: getaddrinfo ENOTFOUND auth.example.com",
    "Error: listen EADDRINUSE: address already in use :::3000",
    "Error: Illegal arguments: undefined, string\n    at Object.compare (bcryptjs/dist/bcrypt.js)",
    "Error: data and hash arguments required",
    "bcrypt: invalid salt version",
    'ERROR: duplicate key value violates unique constraint "users_email_key"',
    "SQLSTATE[23000]: Integrity constraint violation: 1062 Duplicate entry 'a@b.c' for key "
    "'users_email_unique'",
    "psql: error: connection to server failed: FATAL:  password authentication failed for user "
    '"postgres"',
    "MongoServerError: E11000 duplicate key error collection: app.users index: email_1",
    "ORA-01017: invalid username/password; logon denied",
    "500 Internal Server Error",
    '{"statusCode":500,"message":"Internal server error"}',
    "Unauthorized",
    "401 Unauthorized",
    # (API Gateway's exact `{"message":"Unauthorized"}` is known since issue 14.)
    "403 Forbidden",
    "Request failed with status code 401",
    "AxiosError: Request failed with status code 401",
    "Invalid CSRF token",
    "CSRF token mismatch.",
    "Invalid credentials",
    "Your session has expired, please log in again.",
    "TypeError: Cannot read properties of undefined (reading 'split')",
    "x509: certificate has expired or is not yet valid: current time 2026-01-25T10:15:00Z is "
    "after 2025-12-31T23:59:59Z",
    "SignatureDoesNotMatch: The request signature we calculated does not match the signature "
    "you provided. Check your key and signing method.",
    "ExpiredToken: The security token included in the request is expired",
    "No signatures found matching the expected signature for payload. Are you passing the raw "
    "request body you received from Stripe?",
    "NOAUTH Authentication required.",
    'npm ERR! code E401\nnpm ERR! Unable to authenticate, need: Basic realm="GitHub Package '
    'Registry"',
    "Cannot GET /api/auth/me",
    "W: At least one invalid signature was encountered.",  # apt: a repository's GPG key
    # Vault's own client tokens are no JWTs
    "Error validating token: Error making API request.\n\nURL: GET "
    "http://127.0.0.1:8200/v1/auth/token/lookup-self\nCode: 403. Errors:",
    "[ERROR] Forbidden: The provided token is not valid or expired. If you're not explictely "
    "passing a token, check if the configured token in `~/.config/vaultenv/vaultenv.conf` is "
    "still valid",
    # oauth2-proxy's session cookie is HMAC-signed with cookie_secret, not a JWT
    "[2021/03/22 16:54:48] [stored_session.go:76] Error loading cookied session: cookie "
    "signature not valid, removing session",
    "HTTP/1.1 500 Internal Server Error\nserver: Kestrel",
    "UnhandledPromiseRejectionWarning: Unhandled promise rejection.",
    # OAuth and OpenID Connect answers about the login, not a token
    'Uncaught (in promise) {"error": "consent_required", "message": "Consent required"}',
    "Uncaught (in promise) Error: Login required",
    "OAUTH_CALLBACK_ERROR checks.state argument is missing",
    "[10:50:11 ERR] No client with id 'webapi' found. aborting",
    # an opaque refresh token of a token store, quoted as a UUID
    '{"error":"invalid_grant","error_description":"Invalid refresh token: '
    'a40efe1d-8cc0-4f0f-8bbe-439dc7bceb6c"}',
    # Keycloak's event for a refused authorization code
    "type=CODE_TO_TOKEN_ERROR, realmId=demo, clientId=app, error=invalid_code",
    # Django's signed values, no JWT
    "<class 'django.core.signing.BadSignature'> Signature \"b'abc'\" does not match",
    "",
    "   ",
]


@pytest.mark.parametrize("text", NOT_JWT_ERRORS)
def test_text_that_is_no_jwt_error_matches_nothing(text: str) -> None:
    found = explain(text)
    assert not found.matched, found.entry and found.entry.id
    assert found.entry is None


def test_a_bare_unauthorized_offers_candidates_but_matches_no_entry() -> None:
    found = explain("Unauthorized")
    assert not found.matched
    assert found.candidates
    assert all(isinstance(c, Entry) for c in found.candidates)


def test_an_unknown_wording_about_a_token_gets_the_answer_of_its_kind() -> None:
    found = explain("jwt has expired")  # not what jsonwebtoken prints, but clearly a token
    assert found.matched and not found.library_known
    assert found.entry is not None and found.entry.kind == "expired"
    doc = found.to_json()
    assert doc["library"] is None and doc["kind"] == "expired" and doc["causes"]
    assert doc["next"] == "jwtfix expiry --skew 60s TOKEN"


# --- matching rules -----------------------------------------------------------------


def test_the_most_specific_message_wins() -> None:
    text = (
        "An error occurred while attempting to decode the Jwt: Signed JWT rejected: "
        "Invalid signature"
    )
    found = explain(text)
    assert found.entry is not None and found.entry.id == "spring-security.decode-invalid-signature"
    # Nimbus' own message, inside Spring's, is offered beside it.
    assert "nimbus.invalid-signature" in [c.id for c in found.candidates]


def test_a_library_hint_decides_between_the_same_words() -> None:
    jose = explain("jose.exceptions.ExpiredSignatureError: Signature has expired.")
    pyjwt = explain("jwt.exceptions.ExpiredSignatureError: Signature has expired")
    assert jose.entry is not None and jose.entry.id == "python-jose.signature-has-expired"
    assert pyjwt.entry is not None and pyjwt.entry.id == "pyjwt.signature-has-expired"


def test_case_tells_kong_from_jsonwebtoken() -> None:
    kong = explain('{"message":"Invalid signature"}')
    node = explain('{"message":"invalid signature"}')
    assert kong.entry is not None and kong.entry.id == "kong.invalid-signature"
    assert node.entry is not None and node.entry.id == "jsonwebtoken.invalid-signature"


def test_a_message_does_not_match_inside_a_longer_word() -> None:
    inside = explain("xjwt expiredly")
    assert inside.message is None and inside.entry is not None
    assert inside.entry.id != "jsonwebtoken.jwt-expired"
    assert explain("(jwt expired)").message == "jwt expired"


def test_quotes_whitespace_and_json_escapes_do_not_matter() -> None:
    for text in (
        'JWTClaimValidationFailed: unexpected "aud" claim value',
        "JWTClaimValidationFailed: unexpected 'aud' claim value",
        'JWTClaimValidationFailed:   unexpected\n  \\"aud\\"   claim value',
        '{"message":"unexpected \\u0022aud\\u0022 claim value"}',
    ):
        found = explain(text)
        assert found.entry is not None and found.entry.id == "jose.unexpected-aud", text


def test_a_value_left_unquoted_does_not_move_a_namespaced_message() -> None:
    # jsonwebtoken's `Unknown key type "{any}".` now also matches an unquoted value;
    # json-jwt's own `Unknown Key Type`, under its JSON::JWK namespace, stays json-jwt's.
    found = explain("JSON::JWK::UnknownAlgorithm (Unknown Key Type)")
    assert found.entry is not None and found.entry.id == "json-jwt.unknown-key-type"
    found = explain('Error: Unknown key type "oct".')
    assert found.entry is not None and found.entry.library_key == "jsonwebtoken"


PASTE_VARIANTS = [
    # terminal colours, and what is left of them where a page lost the escape character
    (
        "\x1b[2m12:00:01\x1b[22m \x1b[31mERROR\x1b[39m TokenExpiredError: "
        "\x1b[1mjwt expired\x1b[0m",
        "jsonwebtoken.jwt-expired",
    ),
    ("[2m12:00:01[22m [31mERROR[39m [31mjwt expired[39m", "jsonwebtoken.jwt-expired"),
    ("[1;31mjwt expired[0m", "jsonwebtoken.jwt-expired"),
    # copied from a web page or a chat: characters that take no room
    ("TokenExpiredError: jwt\u200b expired", "jsonwebtoken.jwt-expired"),
    ("\ufeffjwt \u2060expired", "jsonwebtoken.jwt-expired"),
    # a quoted value quoted as it should be, redacted with its closing quote, or unquoted
    ("error_description=\"The audience 'api://orders' is invalid\"", "aspnetcore.audience-invalid"),
    (
        'error_description="The audience \'https://****/*** is invalid"',
        "aspnetcore.audience-invalid",
    ),
    ('error_description="The audience api://orders is invalid"', "aspnetcore.audience-invalid"),
]


@pytest.mark.parametrize(("text", "entry_id"), PASTE_VARIANTS)
def test_what_a_paste_adds_or_loses_does_not_hide_the_message(text: str, entry_id: str) -> None:
    found = explain(text)
    assert found.entry is not None and found.entry.id == entry_id, text
    if entry_id == "jsonwebtoken.jwt-expired":
        assert found.excerpt == "jwt expired"


def test_a_bracketed_duration_is_not_taken_for_a_colour() -> None:
    found = explain("expiresIn [15m] then TokenExpiredError: jwt expired")
    assert found.entry is not None and found.entry.id == "jsonwebtoken.jwt-expired"
    text = 'Invalid value for claim "iss": [15m]'
    assert explain(text).excerpt == text


def test_the_excerpt_is_the_matched_part_of_the_text() -> None:
    found = explain("2026-01-25T10:15:00Z api ERROR TokenExpiredError: jwt expired at /login")
    assert found.excerpt == "jwt expired"
    assert found.message == "jwt expired"


def test_the_excerpt_goes_on_to_the_value_a_message_names_after_its_colon() -> None:
    # The value (a kid, the keys tried, the audience expected) is what the user looks for;
    # the template matched only up to the colon before it.
    text = (
        "IDX10503: Signature validation failed. Token does not have a kid. "
        "Keys tried: [RsaSecurityKey, KeyId: 'a1']. Exceptions caught: none."
    )
    found = explain(text)
    assert found.message is not None and found.message.endswith("Keys tried: {any}")
    assert found.excerpt is not None
    assert found.excerpt.endswith("Keys tried: [RsaSecurityKey, KeyId: 'a1']")
    found = explain("jwt audience invalid. expected: api://orders or api://billing")
    assert found.message == "jwt audience invalid. expected: {any}"
    assert found.excerpt == "jwt audience invalid. expected: api://orders"
    found = explain("SigningKeyNotFoundError: Unable to find a signing key that matches 'k7'")
    assert found.excerpt == "Unable to find a signing key that matches 'k7'"
    # A sentence after a full stop is no value the message names.
    found = explain("AADSTS50027: Invalid JWT token. Token format not valid. Trace ID: 1")
    assert found.excerpt is not None and "Trace" not in found.excerpt
    # A sentence after the colon is taken whole, up to its end or a Java stack frame,
    # never its first word alone.
    said = "An error occurred while attempting to decode the Jwt: The token audience web"
    found = explain(f"BadJwtException: {said} is not accepted\n\tat a.b.Decoder.decode(D.java:1)")
    assert found.excerpt is not None and found.excerpt.endswith("web is not accepted")
    found = explain(f"BadJwtException: {said} is not accepted and \n" + "so on " * 40)
    assert found.excerpt is not None and not found.excerpt.endswith("The")
    # A value that runs on is cut, never the whole rest of a log.
    found = explain("jwt audience invalid. expected: " + "x" * 500 + " and more")
    assert found.excerpt is not None and len(found.excerpt) < 120


def test_typed_placeholders_match_what_varies() -> None:
    regex = kb.compile_template("token is expired by {duration}")
    for duration in ("1h0m0s", "2m3.5s", "72h15m10s", "850ms"):
        assert regex.search(f"token is expired by {duration}"), duration
    dates = kb.compile_template("Jwt expired at {date}")
    for date in ("2026-01-25T10:15:00Z", "2026-01-25T10:15:00.123+01:00", "1769336100"):
        assert dates.search(f"Jwt expired at {date}"), date
    assert not dates.search("Jwt expired at noon")


def test_specificity_counts_literal_text_and_typed_placeholders() -> None:
    assert kb.specificity("jwt expired") == len("jwtexpired")
    assert kb.specificity("jwt expired.") == kb.specificity("jwt expired")
    assert kb.specificity("expired by {duration}") > kb.specificity("expired by {any}")


def test_to_json_holds_the_contract_fields() -> None:
    doc = explain("TokenExpiredError: jwt expired").to_json()
    for name in ("matched", "library", "meaning", "causes", "fixes", "next"):
        assert name in doc
    assert doc["matched"] is True and doc["library"] == "jsonwebtoken (Node.js)"
    unknown = explain("Unauthorized").to_json()
    assert unknown["matched"] is False and unknown["library"] is None
    assert unknown["causes"] == [] and unknown["candidates"]
    json.dumps(doc)


# --- the data file's own checks ------------------------------------------------------


def _document(**entry: object) -> dict[str, object]:
    base = {"id": "lib.x", "library": "lib", "source": "a.js", "kind": "k", "messages": ["m"],
            "meaning": "means"}  # fmt: skip
    return {
        "kinds": {
            "k": {
                "diagnosis": "expiry",
                "next": "jwtfix decode TOKEN",
                "causes": ["c"],
                "fixes": ["f"],
            }
        },
        "libraries": {"lib": {"name": "Lib", "repository": "https://x", "version": "1.0"}},
        "entry": [{**base, **entry}],
    }


def test_a_valid_document_parses_and_an_entry_inherits_its_kind() -> None:
    (entry,) = parse_knowledge_base(_document())
    assert entry.source == "a.js@1.0" and entry.causes == ("c",) and entry.library == "Lib"
    (own,) = parse_knowledge_base(_document(causes=["mine"], version="2.0"))
    assert own.causes == ("mine",) and own.source == "a.js@2.0"
    (first,) = parse_knowledge_base(_document(cause="its own", fix="its fix"))
    assert first.causes == ("its own", "c") and first.fixes == ("its fix", "f")


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"kind": "nope"}, "unknown kind"),
        ({"library": "nope"}, "unknown library"),
        ({"messages": []}, "'messages' is empty"),
        ({"messages": "one"}, None),  # a single string is allowed
        ({"diagnosis": "decode"}, "diagnosis must be one of"),
    ],
)
def test_a_broken_document_says_what_is_wrong(change: dict[str, object], says: str | None) -> None:
    if says is None:
        parse_knowledge_base(_document(**change))
        return
    with pytest.raises(KnowledgeBaseError, match=says):
        parse_knowledge_base(_document(**change))


def test_a_duplicate_id_is_refused() -> None:
    document = _document()
    document["entry"] = [*document["entry"], *document["entry"]]  # type: ignore[misc]
    with pytest.raises(KnowledgeBaseError, match="used twice"):
        parse_knowledge_base(document)


# --- robustness ----------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000))
def test_arbitrary_text_never_crashes(text: str) -> None:
    found = explain(text)
    assert found.matched == (found.entry is not None)
    json.dumps(found.to_json())


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.sampled_from([e.examples[0] for e in ENTRIES if e.examples]))
def test_a_known_message_is_found_after_any_prefix(prefix: str, example: str) -> None:
    found = explain(prefix + "\n" + example)
    assert found.matched


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=0, max_value=59_000),
    st.lists(st.integers(min_value=0, max_value=59_000), max_size=6),
)
def test_a_long_text_is_searched_around_every_anchor_word(position: int, decoys: list[int]) -> None:
    # Long enough that only windows around the anchor words are searched: the
    # message must be found wherever it sits, with decoy anchor words around it.
    filler = list("x" * 60_000)
    for at in decoys:
        filler[at : at + 9] = list(" expired ")
    text = "".join(filler)
    text = text[:position] + " token is expired by 5m0s " + text[position:]
    found = explain(text)
    assert found.entry is not None and found.entry.id == "golang-jwt-v4.expired-by"


@pytest.mark.parametrize("position", [0, 30_000, 59_000])
def test_a_message_without_a_long_word_is_found_anywhere_in_a_long_text(position: int) -> None:
    # Sa-Token's `jwt 已过期` has no word of four letters to search around: a long text is
    # searched whole for it (when it holds its pieces), wherever the message sits.
    filler = "x " * 30_000
    message = " SaJwtException: jwt 已过期\uff1aeyJhbGciOiJIUzI1NiJ9 "
    text = filler[:position] + message + filler[position:]
    found = explain(text)
    assert found.entry is not None and found.entry.id == "sa-token-jwt.expired"


def test_the_answer_for_a_long_log_comes_from_its_error_line() -> None:
    log = "\n".join(f"2026-01-25T10:15:{i:02d}Z INFO GET /health 200" for i in range(40))
    found = explain(log + "\n2026-01-25T10:16:00Z ERROR jwt has expired\n")
    assert found.matched and not found.library_known
    assert found.entry is not None and found.entry.kind == "expired"
    assert found.excerpt is not None and "jwt has expired" in found.excerpt
    assert "INFO" not in found.excerpt


def test_a_challenge_alone_means_no_token_but_a_logged_failure_says_why() -> None:
    challenged = (
        "info: Microsoft.AspNetCore.Authorization.DefaultAuthorizationService[2]\n"
        "      Authorization failed.\n"
        "info: Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerHandler[12]\n"
        "      AuthenticationScheme: Bearer was challenged.\n"
    )
    alone = explain(challenged)
    assert alone.entry is not None and (alone.entry.id, alone.entry.kind) == (
        "aspnetcore.challenged",
        "missing_token",
    )
    failure = (
        "info: Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerHandler[7]\n"
        "      Bearer was not authenticated. Failure message: IDX10223: Lifetime validation "
        "failed. The token is expired. ValidTo: '01/25/2026 10:00:00', Current time: "
        "'01/25/2026 11:00:00'.\n"
    )
    logged = explain(failure + challenged)
    assert logged.entry is not None and logged.entry.kind == "expired"


# --- real-world breadth (SPEC 4.4) -----------------------------------------------------


def test_the_json_index_is_the_toml_knowledge_base() -> None:
    index = KB_PATH.with_name(kb.INDEX_FILE).read_text(encoding="utf-8").strip()
    assert index == kb.build_index(*KB_TEXTS), (
        "jwtfix/data/explain.jsonl is stale: run `python scripts/build_explain_index.py`"
    )


def test_a_part_of_the_knowledge_base_holds_only_libraries_and_entries() -> None:
    main = KB_TEXTS[0]
    part = '[libraries.x]\nname = "X"\n'
    with pytest.raises(KnowledgeBaseError, match="defined twice"):
        kb.build_index(main, part, part)
    with pytest.raises(KnowledgeBaseError, match="only"):
        kb.build_index(main, '[kinds.x]\nmeaning = "m"\n')


def test_every_library_cites_its_repository_and_version() -> None:
    for key, library in kb.libraries().items():
        assert library.repository.startswith("https://"), key
        assert library.version, key
        assert library.names, f"{key}: no name a text could name it by"


@pytest.mark.parametrize(
    ("text", "library", "kind"),
    [
        # the library the text names wins over the same words of another library
        ("Firebase\\JWT\\SignatureInvalidException: Signature verification failed",
         "firebase-php-jwt", "signature"),
        ("Could not verify JWT: JWTExpired", "hasura", "expired"),
        ('{"code":"PGRST301","message":"JWSError JWSInvalidSignature"}', "postgrest", "signature"),
        ("AADSTS50012: Client assertion is not within its valid time range.", "entra-id",
         "expired"),
        ("JWT::ExpiredSignature: Signature has expired", "ruby-jwt", "expired"),
        # a library named with no message of its own: its name, the kind its words say
        ("local.INFO: Tymon\\JWTAuth\\Exceptions\\TokenExpiredException", "tymon-jwt-auth",
         "expired"),
        ("Cannot authenticate user with JWT because of io.jsonwebtoken.security.WeakKeyException",
         "jjwt", "weak_key"),
        # a product's words with the product beside them, where a library prints the same
        ("jwt.io shows invalid signature for the token my server issued", "jwt-io-debugger",
         "signature"),
        ('JWT PHP: "Signature verification failed"', "firebase-php-jwt", "signature"),
        # ... but a tool named as the check that passed does not take the library's words
        ("Verified on jwt.io, yet jwt.verify throws JsonWebTokenError: invalid signature",
         "jsonwebtoken", "signature"),
        # a framework named by its path (Windows, cnpm) or its server header
        ("Error: [object Object]\n    at MixinAuthGuard.handleRequest (D:\\app\\node_modules"
         "\\@nestjs\\passport\\dist\\auth.guard.js:63:30)", "nestjs", "generic_invalid"),
        ('HTTP/1.1 401 Unauthorized\nserver: Kestrel\nwww-authenticate: Bearer '
         'error="invalid_token"', "aspnetcore", "generic_invalid"),
        ('Context: { "exception": "Object(Symfony\\\\Component\\\\Security\\\\Core'
         '\\\\Exception\\\\AuthenticationCredentialsNotFoundException)" }',
         "symfony-security", "missing_token"),
        # an exception class alone: the library whose entries hint it, the most used first
        ("after ~20 sec i got this: ExpiredJwtException", "jjwt", "expired"),
        ("I am getting SigningKeyNotFoundException at `provider.get(jwt.getKeyId());`",
         "jwks-rsa-java", "key_not_found"),
        # an older wording of the same check, and a message cut before its values
        ('WWW-Authenticate: Bearer error="invalid_token", error_description="The audience is '
         'invalid"', "aspnetcore", "audience"),
        ("Unable to verify bearer token, oidc: id token issued by a different provider", "go-oidc",
         "issuer"),
        ('error from server (Forbidden): User "system:anonymous" cannot list nodes at the '
         "cluster scope. (get nodes)", "kubernetes", "generic_invalid"),
        ("authenticate_user! produced the following error: undefined method jwt_revoked?",
         "devise-jwt", "config"),
        # the shapes a runtime gives a library's error: an inspected struct, a path of a download
        ("Error: %Joken.Error{reason: :algorithm_needs_binary_key}", "joken", "key_type"),
        ("PHP Fatal error:  Class 'ExpiredException' not found in C:\\wamp\\php-jwt-master"
         "\\src\\JWT.php on line 119.", "firebase-php-jwt", "expired"),
        ("Doc mismatch: uninitialized constant JWT::ExpiredSignature", "ruby-jwt", "config"),
        ('Failed to decode JWT: Unsupported algorithm or incorrect key', "jsonwebtoken-swift",
         "signature"),
        ("The element 'validate-jwt' has invalid child element 'issuer-signing-keys'.",
         "azure-apim", "config"),
        # another's "Invalid token" that the named library's sentence goes on about
        ("com.nimbusds.jwt.proc.BadJWTException: Invalid token audience. Provided value "
         "[api://x] does not match", "nimbus", "audience"),
        # a bare exception class is the commonest library's that names it so: cpp-jwt's
        # bear PyJWT's and jsonwebtoken's names, and live in namespace jwt::
        ("TokenExpiredError", "jsonwebtoken", "expired"),
        ("raised InvalidAudienceError", "pyjwt", "audience"),
        ("terminate called after throwing an instance of 'jwt::InvalidAudienceError'",
         "cpp-jwt", "audience"),
        # a library throwing another's exception class with its own words: the words' library
        ("Microsoft.IdentityModel.Tokens.SecurityTokenInvalidIssuerException: IDW10303: Issuer: "
         "'https://login.example/v2.0/', does not match any of the valid issuers provided for "
         "this application.", "microsoft-identity-web", "issuer"),
        # a client passing the identity platform's error on as it got it: the platform's words
        ("Microsoft.Identity.Client.MsalUiRequiredException: AADSTS700082: The refresh token "
         "has expired due to inactivity.", "entra-id", "refresh_invalid"),
        ("Server Error OPError: invalid_grant (Unknown or invalid refresh token.)", "auth0",
         "refresh_invalid"),
        # a wrapper quoting the library it runs: the quoted reason's kind, in the wrapper's voice
        ('{"error":"The JWT could not be decoded. Source: InvalidSignature"}',
         "axum-keycloak-auth", "signature"),
        ("[auth_jwt:error] [pid 31] AH55512: Decoding process has failed, token is either "
         "malformed or signature is invalid", "mod-authnz-jwt", "generic_invalid"),
        # ... unless it is a host of that library, which passes its words on there (PyLTI1p3's
        # `Can't decode id_token: {any}` around PyJWT's, lua-resty-openidc's around lua-resty-jwt's)
        ("2026/01/25 10:15:00 [error] 7#7: *3 [lua] openidc.lua:1925: jwt_verify(): jwt signature "
         "verification failed: 'exp' claim expired at Sun, 25 Jan 2026 09:15:00 GMT",
         "lua-resty-jwt", "expired"),
        ("jwt signature verification failed: No trusted certs loaded",
         "lua-resty-jwt", "config"),
        ("pylti1p3.exception.LtiException: Can't decode id_token: The token is not yet valid (iat)",
         "pyjwt", "issued_in_future"),
        # a product's guest refusal: no token reached it
        ("AppwriteException: User (role: guests) missing scope (account)",
         "appwrite", "missing_token"),
        # a name inside a value the message reports (the aud names the Firebase JS SDK's
        # Identity Toolkit) is not who speaks
        ('Firebase ID token has incorrect "aud" (audience) claim. Expected "my-project" but got'
         ' "https://identitytoolkit.googleapis.com/google.identity.identitytoolkit.v1.Toolkit"',
         "firebase-admin", "audience"),
        # a product's own wrapper answers beside words about something else ("passwords")
        ('{"level":3,"app":"user_oidc","url":"/index.php/apps/passwords/api/1.0/keepalive",'
         '"message":"Impossible to decode OIDC token:Wrong number of segments"}',
         "nextcloud-user-oidc", "malformed"),
        # a name that is part of another library's hyphenated name names that one
        ("Error: Invalid token signature: eyJ...\n    at OAuth2Client.verifySignedJwtWithCerts"
         "Async (/app/node_modules/google-auth-library/build/src/auth/oauth2client.js:1)",
         "google-auth-library-node", "signature"),
        # a product code of one kind: the sentence before it (another line) says nothing of it
        ("Login restore failed: the cached session is invalid or expired.\n"
         "System.Exception: AADSTS70000: The provided value for 'assertion' is not usable here",
         "entra-id", "refresh_invalid"),
        # a name in the path of a request or web address is where it went, not who speaks
        ('2026/01/25 10:15:00 [error] 7#7: *9 upstream sent too big header while reading response'
         ' header from upstream, request: "GET /api/auth/callback/keycloak?state=x HTTP/1.1"',
         "nginx", "too_large"),
        # ... and a name in a file of another installed package is that package's file
        ("Error: jwt malformed\n    at /srv/gw/node_modules/@acme/common/dist/mq/nats-service.js"
         ":140:28", "jsonwebtoken", "malformed"),
        # JwtBearer's "Failed to validate the token." frames the exception logged under it
        ("info: Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerHandler[1]\n"
         "      Failed to validate the token.\n      Microsoft.IdentityModel.Tokens."
         "SecurityTokenInvalidIssuerException: IDX10204: Unable to validate issuer. "
         "validationParameters.ValidIssuer is null or whitespace AND "
         "validationParameters.ValidIssuers is null or empty.", "identitymodel", "config"),
    ],
)  # fmt: skip
def test_attribution_follows_the_library_the_text_names(text: str, library: str, kind: str) -> None:
    found = explain(text)
    assert found.matched and found.library_known and found.entry is not None
    assert (found.entry.library_key, found.entry.kind) == (library, kind)


def test_a_short_message_after_a_product_code_needs_the_code() -> None:
    # `AADSTS50027: Invalid JWT token. {any}`: without its code the words are anyone's.
    found = explain(
        "Invalid JWT token. JWT signature does not match the locally computed signature."
    )
    assert found.entry is None or found.entry.library_key != "entra-id"
    coded = explain("AADSTS50027: Invalid JWT token. Token format not valid.")
    assert coded.entry is not None and coded.entry.library_key == "entra-id"
    # A longer message is the code's own even quoted without it.
    alone = explain("Audience validation failed. Audiences: 'api://a'. Did not match.")
    assert alone.entry is not None and alone.entry.library_key == "identitymodel"


@pytest.mark.parametrize(
    ("stop", "library"),
    # python-jose prints `Signature has expired.`, PyJWT `Signature has expired`.
    [(".", "python-jose"), ("", "pyjwt")],
)
def test_the_same_words_are_told_apart_by_their_final_full_stop(stop: str, library: str) -> None:
    found = explain(f"ERROR - Hit error ExpiredSignatureError - Signature has expired{stop}, again")
    assert found.entry is not None and found.entry.library_key == library


@pytest.mark.parametrize(
    ("text", "library"),
    [
        # Keycloak prints the bare words; Spring's DefaultTokenServices adds the value.
        ('{"error":"invalid_grant","error_description":"Invalid refresh token"}', "keycloak"),
        (
            '{"error":"invalid_grant","error_description":"Invalid refresh token: 5f0c2e"}',
            "spring-security-oauth2",
        ),
    ],
)
def test_a_message_that_goes_on_after_a_colon_is_the_template_that_takes_the_detail(
    text: str, library: str
) -> None:
    found = explain(text)
    assert found.entry is not None and found.entry.library_key == library


def test_a_code_of_one_kind_takes_the_kind_its_line_says_when_its_words_are_absent() -> None:
    # Ably's 40144 is "Invalid JWT format"; its line says the JWT expired.
    found = explain(
        "[ErrorInfo message=Error verifying JWT; err = jwt expired. "
        "(See https://help.ably.io/error/40144 for help.) code=40144 statusCode=401]"
    )
    assert found.entry is not None and found.entry.library_key == "ably"
    assert found.entry.kind == "expired"
    # With its own words, the code's entry answers.
    own = explain('{"error":{"message":"Invalid JWT format","code":40144,"statusCode":401}} ably')
    assert own.entry is not None and own.entry.id == "ably.40144"


def test_an_error_quoted_by_a_wrapper_is_the_answer() -> None:
    found = explain(
        "JsonWebTokenError: error in secret or public key callback: Unable to find a signing "
        "key that matches 'F3ciORBcct6gBQKaD6XmZd1QaEKiDyKsfDwzGKKdXg8'"
    )
    assert found.entry is not None and found.entry.id == "jwks-rsa.signing-key-not-found"


@pytest.mark.parametrize(
    ("text", "entry_id"),
    [
        # case and trailing punctuation do not change the answer
        ("jwtauth: token is expired", "go-chi-jwtauth.expired"),
        ("JWTAUTH: TOKEN IS EXPIRED", "go-chi-jwtauth.expired"),
        ("Jwtauth: Token Is Expired.", "go-chi-jwtauth.expired"),
        ("jwtauth: token is expired!!", "go-chi-jwtauth.expired"),
        ("jwtauth: token is expired;", "go-chi-jwtauth.expired"),
        # nor does how a JSON body is spaced
        ('{"code":401,"message":"Invalid JWT"}', "supabase.edge-invalid-jwt"),
        ('{ "code": 401, "message": "Invalid JWT" }', "supabase.edge-invalid-jwt"),
        ('{\n  "code" : 401 ,\n  "message" : "Invalid JWT"\n}', "supabase.edge-invalid-jwt"),
    ],
)
def test_case_punctuation_and_json_spacing_do_not_change_the_answer(
    text: str, entry_id: str
) -> None:
    found = explain(text)
    assert found.entry is not None and found.entry.id == entry_id


@pytest.mark.parametrize(
    "prefix",
    [
        "2026-01-25T10:15:00.123Z ERROR [auth] ",
        "E0125 10:15:00.123456       1 handler.go:63] ",  # klog (naming no product)
        "Caused by: ",
        "Microsoft.IdentityModel.Tokens.SecurityTokenInvalidIssuerException: ",
        "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n\r\n"
        '{"error":"invalid_token","error_description":"',
        "fail: Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerHandler[1]\n      ",
    ],
)
def test_log_prefixes_around_a_message_are_tolerated(prefix: str) -> None:
    message = (
        "IDX10205: Issuer validation failed. Issuer: 'https://a.example/'. Did not match: "
        "validationParameters.ValidIssuer: 'https://b.example/'"
    )
    found = explain(prefix + message)
    assert found.entry is not None and found.entry.id == "identitymodel.idx10205", prefix


def test_the_log_form_without_its_product_code_still_matches() -> None:
    with_code = explain("IDX10205: Issuer validation failed. Issuer: 'a'. Did not match: 'b'")
    without = explain("Issuer validation failed. Issuer: 'a'. Did not match: 'b'")
    assert with_code.entry is not None and without.entry is with_code.entry


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Access denied: the token exp is in the past", "expired"),
        ("Bearer token rejected: its signature does not verify", "signature"),
        ("access token audience mismatch", "audience"),
        ("id_token issuer is not trusted", "issuer"),
        ("no key found for kid abc in JWKS", "key_not_found"),
        ("JWT uses an algorithm that is not allowed", "alg_not_allowed"),
        ("malformed jwt in Authorization header", "malformed"),
        ("missing bearer token", "missing_token"),
        # wordings of products the knowledge base does not hold (holdout-l)
        ("rest_api.c:627 jwt_authorize: decode jwt token failed: return 0", "malformed"),
        ("ValidationError: token must not be empty", "missing_token"),
        ("JWT is null", "missing_token"),
        ("Error: No JWK available", "key_not_found"),
        # other languages than English: Chinese, Spanish, Portuguese, Japanese, Italian,
        # Russian, French
        ("令牌已过期 请重新登录", "expired"),
        ("JWT 签名验证失败", "signature"),
        ("El token ha expirado", "expired"),
        ("token inválido", "generic_invalid"),
        ("トークンの有効期限が切れています", "expired"),
        ("token已过期", "expired"),  # no word boundary between `token` and the Chinese
        ("il token è scaduto", "expired"),
        ("срок действия токена истек", "expired"),
        ("jeton expiré", "expired"),
        ("token non valido", "generic_invalid"),
        ("SocialAuthError: Invalid id_token", "generic_invalid"),
        ("ValueError: You must provide a JWT secret in the environment", "config"),
        ("ValueError: The value auth/jwt_secret must be set!", "config"),
        ("Could not check the JWT: the body has no 'iss' claim", "missing_claim"),
        ("Invalid Authorization header format, expecting: JWT <token>.", "bad_scheme"),
        # MSAL.js 1.x's `ClientAuthError: Nonce is not matching` is its entry, not these words alone
        ("OidcError: Nonce is not matching", "claim_mismatch"),
        ("Undefined index: nonce in vendor/acme/jwt/src/Verifier.php on line 112", "missing_claim"),
        ("missing field `exp` at line 1 column 466", "missing_claim"),
        # a namespace no library of the knowledge base has
        ("JwtLite\\InvalidTokenException: Key not found or is invalid", "key_not_found"),
        ("KeyError: 'JWT_ACCESS_COOKIE_NAME'", "config"),
        ("Configured claim and claim sent in token do not match.", "claim_mismatch"),
        ("token check: unable to fetch verification key", "jwks_fetch"),
        ("[invalid_id_token] Missing (required) ID Token in Token Response", "missing_token"),
        ("upload refused: verify token failed", "generic_invalid"),
        ("Authentication (bearer token) required for this route", "missing_token"),
        ("rejected because the issued-at claim was in the future", "issued_in_future"),
        ("login refused: iat must be specified in the token", "missing_claim"),
        ("server start: no token signing key configured", "config"),
        # a missing claim that is `exp` is missing, not past
        ('login refused: the token lacks the "exp" claim', "missing_claim"),
        ('AuthError: required claims missing: "sub", "exp", "aud"', "missing_claim"),
    ],
)
def test_a_token_problem_in_an_unknown_wording_gets_its_kind(text: str, kind: str) -> None:
    found = explain(text)
    assert found.matched and not found.library_known, found.entry and found.entry.id
    assert found.entry is not None and found.entry.kind == kind
    assert found.to_json()["library"] is None


def test_a_namespace_tells_two_libraries_of_one_name_apart() -> None:
    # kelvinmo/simplejwt (PHP) and djangorestframework-simplejwt share a name; the
    # namespace of the class says which one printed the text.
    php = explain("SimpleJWT\\InvalidTokenException: Key not found or is invalid")
    assert php.entry is not None and php.entry.library_key == "kelvinmo-simplejwt"
    django = explain("rest_framework_simplejwt.exceptions.InvalidToken: Token is invalid")
    assert django.entry is not None and django.entry.library_key == "simplejwt"


def test_a_phrase_many_libraries_print_is_not_given_to_one_of_them() -> None:
    found = explain("Token has expired")
    assert found.matched and not found.library_known
    assert found.entry is not None and found.entry.kind == "expired"
    assert "tymon-jwt-auth.token-expired" in [c.id for c in found.candidates]
    named = explain("Tymon\\JWTAuth\\Exceptions\\TokenExpiredException: Token has expired")
    assert named.entry is not None and named.entry.id == "tymon-jwt-auth.token-expired"


def _own_fix(entry: Entry) -> str | None:
    base = kb._knowledge_base()
    kind_fixes = base.kinds[entry.kind].fixes
    own = [fix for fix in entry.fixes if fix not in kind_fixes]
    return own[0] if own else None


def test_no_answer_carries_the_fix_text_of_another_library() -> None:
    own = {fix: entry.library_key for entry in ENTRIES if (fix := _own_fix(entry))}
    texts = [
        "Firebase\\JWT\\SignatureInvalidException: Signature verification failed",
        "Access denied: the token exp is in the past",
        "Token has expired",
        "local.INFO: Tymon\\JWTAuth\\Exceptions\\TokenExpiredException",
        'Error: k3s authentication.go:63] err="[invalid bearer token, Token has expired.]"',
    ]
    for text in texts:
        found = explain(text)
        assert found.entry is not None
        for fix in found.entry.fixes:
            if fix in own:
                assert own[fix] == found.entry.library_key, (text, fix)


@pytest.mark.parametrize(
    "text",
    [
        'github.GithubException.BadCredentialsException: 401 {"message": "Bad credentials", '
        '"documentation_url": "https://docs.github.com/rest"}',
        "surrealdb.errors.SurrealDbError: The table 'person' does not exist",
        "Error: The Edge Runtime does not support Node.js 'fs' module.",
    ],
)
def test_naming_a_product_that_is_more_than_tokens_is_no_token_problem(text: str) -> None:
    assert not explain(text).matched


def test_a_product_that_is_more_than_tokens_answers_a_text_about_a_token() -> None:
    found = explain("surrealdb.errors.SurrealDbError: the token signature is not valid")
    assert found.entry is not None and found.entry.library_key == "surrealdb"
    assert found.entry.kind == "signature"


def test_a_product_reporting_another_librarys_words_says_whose_they_are() -> None:
    # AdonisJS rethrows jsonwebtoken's words as its own exception: the wording is known.
    found = explain("InvalidJwtToken: E_INVALID_JWT_TOKEN: invalid algorithm")
    assert found.entry is not None
    assert (found.entry.library_key, found.entry.kind) == ("adonisjs-auth", "alg_not_allowed")
    assert "jsonwebtoken (Node.js)" in found.entry.meaning
    assert "not in jwtfix's knowledge base" not in found.entry.meaning
    # A library named without any words of the base still says so.
    named = explain("JWT::VerificationError somewhere deep in the stack")
    assert named.entry is not None and "not in jwtfix's knowledge base" in named.entry.meaning


def test_kind_level_answers_say_the_kinds_causes_and_fixes() -> None:
    base = kb._knowledge_base()
    for name in base.kind_order:
        kind = base.kinds[name]
        assert kind.meaning and kind.causes and kind.fixes and kind.next, name
        assert kind.signals, f"{name}: no words say it"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IDX10206: Unable to validate audience. The 'audiences' parameter is empty.",
         "identitymodel.idx10206"),
        ("IDX40001: Issuer: 'https://login.microsoftonline.com/x/v2.0', does not match any of "
         "the valid issuers provided for this application.", "identitymodel.idx40001"),
        ('{"message":"Unauthorized"}', "aws-api-gateway.unauthorized"),
        ("auth: ID token has expired at: 1769336100", "firebase-admin.id-token-expired"),
        ("io.jsonwebtoken.UnsupportedJwtException: Unsecured JWSs (those with an 'alg' "
         "(Algorithm) header value of 'none') are disallowed by default as mandated by "
         "https://tools.ietf.org/html/rfc7518#section-3.6.", "jjwt.unsecured-disallowed"),
        ("io.jsonwebtoken.security.WeakKeyException: The signing key's size is 72 bits which "
         "is not secure enough for the HS256 algorithm.", "jjwt.weak-hmac-key"),
    ],
)  # fmt: skip
def test_the_wordings_issue_14_names_are_known(text: str, expected: str) -> None:
    found = explain(text)
    assert found.entry is not None and found.entry.id == expected


# --- classes of pasted text met in the second collection (issue 14) -------------------


@pytest.mark.parametrize(
    ("text", "library", "kind"),
    [
        ('msg="JWT Invalid: Token used before issued" tyk', "tyk", "issued_in_future"),
        ('level=warning msg="JWT Invalid: signature is invalid" tyk', "tyk", "signature"),
        ("tyk: JWT Invalid: something odd happened", "tyk", "generic_invalid"),
    ],
)
def test_a_wrapper_message_answers_with_the_kind_of_the_words_it_quotes(
    text: str, library: str, kind: str
) -> None:
    found = explain(text)
    assert found.matched and found.library_known and found.entry is not None
    assert (found.entry.library_key, found.entry.kind) == (library, kind)


@pytest.mark.parametrize(
    "text",
    [
        "W: GPG error: https://repo.example.org stable InRelease: The following signatures were"
        " invalid: EXPKEYSIG 0123456789ABCDEF Example <a@example.org>\n"
        "OpenPGP signature verification failed",
        "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>\n"
        "presigned URL: Signature has expired",
        "APNs 400 ExpiredToken: The device token has expired",
        "419 | Page Expired: the CSRF token has expired",
    ],
)
def test_a_jwt_librarys_words_in_a_text_about_something_else_stay_unmatched(text: str) -> None:
    found = explain(text)
    assert not found.matched, found.entry and found.entry.id
    assert found.entry is None


def test_a_librarys_own_long_message_is_recognised_even_beside_other_words() -> None:
    # "x509 certificate" is a look-alike word, but the message is PyJWT's own.
    text = (
        "jwt.exceptions.InvalidKeyError: The specified key is an asymmetric key or x509 "
        "certificate and should not be used as an HMAC secret."
    )
    found = explain(text)
    assert found.matched and found.entry is not None
    assert found.entry.id == "pyjwt.asymmetric-key-as-hmac-secret"


def test_a_library_that_reports_one_kind_answers_with_it() -> None:
    text = "InvalidTokenError\n    at Object../node_modules/jwt-decode/build/jwt-decode.esm.js:40"
    found = explain(text)
    assert found.matched and found.library_known and found.entry is not None
    assert (found.entry.library_key, found.entry.kind) == ("jwt-decode", "malformed")


def test_a_named_librarys_exception_class_of_one_kind_says_the_kind() -> None:
    # ruby-jwt's JWT::VerificationError alone: no message, but the class is its signature error.
    found = explain("Completed 500 Internal Server Error\nJWT::VerificationError")
    assert found.entry is not None
    assert (found.entry.library_key, found.entry.kind) == ("ruby-jwt", "signature")


def test_a_cut_message_with_the_librarys_exception_class_takes_its_kind() -> None:
    # firebase/php-jwt's BeforeValidException, its message cut before the date: the class is
    # the not-yet-valid entry's; `firebase` in another entry's hints is only the name.
    found = explain("Uncaught Firebase\\JWT\\BeforeValidException: Cannot handle token prior")
    assert found.entry is not None
    assert (found.entry.library_key, found.entry.kind) == ("firebase-php-jwt", "not_yet_valid")


def test_a_timeout_under_a_verifier_is_fetching_its_keys() -> None:
    # Micronaut failing to build its JwtTokenValidator: the JWKS could not be read in time,
    # whatever the `signatureConfigurations` in its constructor's signature says.
    text = (
        "Error instantiating bean of type [io.micronaut.security.token.jwt.validator."
        "JwtTokenValidator]\n\nMessage: Read Timeout\nPath Taken: new JwtTokenValidator("
        "[Collection signatureConfigurations],Collection encryptionConfigurations)"
    )
    found = explain(text)
    assert found.entry is not None
    assert (found.entry.library_key, found.entry.kind) == ("micronaut-security", "jwks_fetch")


def test_a_library_named_first_in_a_text_without_its_words_answers_by_kind() -> None:
    found = explain(
        "[ERROR] [traefik-oidc-auth] Failed to validate renewed session: token has invalid "
        "claims: token is expired"
    )
    assert found.matched and found.entry is not None
    assert (found.entry.library_key, found.entry.kind) == ("traefik-oidc-auth", "expired")
    assert "traefik-oidc-auth" in found.entry.library


@pytest.mark.parametrize(
    ("text", "entry_id"),
    [
        ("JWT.Exceptions.TokenExpiredException: Token has expired.", "jwt-dotnet.expired"),
        (
            "com.auth0.jwt.exceptions.TokenExpiredException: The Token has expired on "
            "Thu Aug 31 05:43:27 UTC 2023",
            "auth0-java-jwt.expired",
        ),
        (
            # The Dart port prints the Node SDK's words; its package path names it, and the
            # `firebase_admin` inside that path names no other SDK.
            "Unhandled exception: The Firebase session cookie is expired.\n#0      "
            "TokenVerifier.verifySessionCookie "
            "(package:firebase_admin/src/auth/token_verifier.dart)",
            "firebase-admin-dart.session-cookie-expired",
        ),
        ("The Firebase session cookie is expired.", "firebase-admin.node-session-cookie-expired"),
    ],
)
def test_a_namespace_is_not_found_inside_a_longer_one(text: str, entry_id: str) -> None:
    # `JWT.Exceptions.` (Jwt.Net) also ends `com.auth0.jwt.exceptions.` (java-jwt).
    found = explain(text)
    assert found.matched and found.entry is not None
    assert found.entry.id == entry_id


def test_a_long_lower_case_word_is_read_in_one_pass() -> None:
    # A redacted key id (`'xxxx...x'`, 41 letters) made the CamelCase pattern backtrack
    # exponentially: explain never returned. It answers by the line's words now.
    found = explain(
        "Signature verification failure: Process 'kid' error: Retrieve remote key '"
        + "x" * 41
        + "'"
    )
    assert found.matched and found.entry is not None
    assert found.entry.kind == "key_not_found"


def test_words_whose_printers_disagree_say_only_that_the_token_was_refused() -> None:
    # jsonwebtoken's `invalid token` is an undecodable payload; everyone else's is a refusal.
    found = explain("Bearer error = invalid token")
    assert found.matched and found.entry is not None and not found.library_known
    assert found.entry.kind == "generic_invalid"
    # With jsonwebtoken's class in the text, its own meaning.
    found = explain("JsonWebTokenError: invalid token")
    assert found.entry is not None and found.entry.id == "jsonwebtoken.invalid-token"


def _tried(text: str) -> list[str]:
    """The templates explain compiles and searches for a text (after the word filter)."""
    lowered = kb.normalize(text).lower()
    words = kb._words_of(lowered)
    base = kb._knowledge_base()
    return [fact[2] for fact in base.facts(words) if words.issuperset(fact[4])]


def test_templates_in_other_scripts_are_tried_only_on_texts_in_them() -> None:
    # Translations (simplejwt's 24 languages, DRF's 36) have no ASCII words: tried on every
    # text they cost a regex compile each, and explain's start-up with them.
    assert all(template.isascii() for template in _tried("TokenExpiredError: jwt expired"))
    russian = '{"detail": "Токен недействителен или просрочен", "code": "token_not_valid"}'
    assert "Токен недействителен или просрочен" in _tried(russian)
    found = explain(russian).entry
    assert found is not None and found.id == "simplejwt.l10n-invalid-or-expired"
    # Chinese is written without spaces: a template in it is tried on any text holding its
    # letters, however they run together with others.
    chinese = '{"code":401,"msg":"请求失败访问此资源需要完全身份验证"}'
    assert "访问此资源需要完全身份验证" in _tried(chinese)
    found = explain(chinese).entry
    assert found is not None and found.id == "spring-security.full-authentication-required"


def test_a_template_is_searched_only_in_a_text_holding_its_runs_of_words() -> None:
    # Letters and digits are matched as they are, with white space between two words;
    # placeholders, quotes and punctuation end a run.
    assert kb._runs("The token '{any}' expired at {date}.") == ("the token", "expired at")
    runs = ("code", "401", "msg", "token expired")
    assert kb._runs('{"code":401, "msg":"Token  expired"}') == runs
    # The runs are what every match holds: on every entry's examples, no template the
    # text's words reach matches without its runs in the text (white space made one space).
    for example in (ex for entry in ENTRIES for ex in entry.examples):
        lowered = kb.normalize(example).lower()
        if len(lowered) != len(example.lower()):
            continue
        flat = " ".join(lowered.split())
        words = kb._words_of(lowered)
        for fact in kb._knowledge_base().facts(words):
            template, code = fact[2], fact[3]
            if words.issuperset(fact[4]) and kb._regex(template, code).search(lowered):
                assert all(run in flat for run in kb._runs(template)), (template, example)
    # The bench's message compiles a few of the templates its words reach, not all.
    kb._regex.cache_clear()
    found = explain("TokenExpiredError: jwt expired")
    assert found.entry is not None and found.entry.id == "jsonwebtoken.jwt-expired"
    assert kb._regex.cache_info().currsize * 3 < len(_tried("TokenExpiredError: jwt expired"))


@pytest.mark.parametrize(
    "text",
    [
        "IDX12709: CanReadToken() returned false. JWT is not well formed.\n"
        "The token needs to be in JWS or JWE Compact Serialization Format. (JWS): "
        "'EncodedHeader.EncodedPayload.EncodedSignature'.",
        "IDX12720: Token string does not match the token formats: "
        "JWE (header.encryptedKey.iv.ciphertext.tag) or JWS (header.payload.signature)",
    ],
)
def test_the_format_a_message_describes_is_no_signature_problem(text: str) -> None:
    # `header.payload.signature` names the token's parts, not a failed signature.
    found = explain(text)
    assert found.entry is not None
    assert (found.entry.library_key, found.entry.kind) == ("identitymodel", "malformed")


def test_a_form_encoded_message_is_read_with_its_spaces() -> None:
    # An error_description copied from a redirect URL or a form body.
    found = explain(
        "error_description=Error+occurred+while+validating+request+object:+the+token+is+expired"
    )
    assert found.matched and found.entry is not None and found.entry.kind == "expired"
    # base64 has `+` too: a key is not read as words
    assert normalize("k=MIIBIjAN+BgkqhkiG9w0+BAQEFAAOCA+Q8AMIIBCgKCAQEA") == (
        "k=MIIBIjAN+BgkqhkiG9w0+BAQEFAAOCA+Q8AMIIBCgKCAQEA"
    )


def test_a_syslog_line_is_read_with_its_tabs() -> None:
    # rsyslog writes a tab inside a message as `#011`
    found = explain(
        "app[311]: 2025-05-06 ERROR#011auth/jwt.go:40#011token has invalid claims: token is expired"
    )
    assert found.entry is not None and found.entry.id == "golang-jwt-v5.token-is-expired"
    assert normalize("issue #0112 and #01234") == "issue #0112 and #01234"


def test_a_docker_compose_log_is_read_without_its_line_prefixes() -> None:
    # `docker compose logs` starts each line with the container's name and a bar; a message the
    # program wrapped over two lines reads whole without them
    log = "api-1  |     JWSError: Signature verification      \napi-1  |     failed.\n"
    found = explain(log)
    assert found.entry is not None and found.entry.id == "python-jose.signature-verification-failed"
    assert normalize(log) == "JWSError: Signature verification failed."
    # a single prefixed line, or a table's bars, stay as they are
    assert normalize("web-1 | token expired") == "web-1 | token expired"
    assert normalize("a-1 | b\nc-2 | d") == "a-1 | b c-2 | d"


def test_a_log_with_time_stamps_glued_to_its_lines_is_read_without_them() -> None:
    # a NAS's container log export writes the time right before each line's text; a message the
    # program wrote over lines (Vaultwarden's `Error(` / `InvalidSignature,`) reads whole without it
    stamp = "2022-01-06 15:43:45"
    log = (
        f"{stamp}[2022-01-06 22:43:45.861][error][ERROR] Error decoding JWT.\n"
        f"{stamp}[CAUSE] Error(\n{stamp}InvalidSignature,\n{stamp})"
    )
    found = explain(log)
    assert found.entry is not None and found.entry.id == "vaultwarden.decoding-signature"
    assert normalize(log).startswith("[2022-01-06 22:43:45.861][error][ERROR] Error decoding JWT.")
    assert normalize(log).endswith("JWT. [CAUSE] Error( InvalidSignature, )")
    # a stamp followed by a space or a zone, or on one line only, stays
    spaced = f"{stamp} a\n{stamp} b"
    assert normalize(spaced) == f"{stamp} a {stamp} b"
    zoned = "2022-01-06T15:43:45Z a\n2022-01-06T15:43:46Z b"
    assert normalize(zoned) == "2022-01-06T15:43:45Z a 2022-01-06T15:43:46Z b"
    assert normalize(f"{stamp}[x] a\nb") == f"{stamp}[x] a b"


def test_an_either_or_message_is_not_the_library_whose_words_it_starts_with() -> None:
    # golang-jwt's `token is expired` inside another product's either-or message
    found = explain('{"detail":"Access token is expired or invalid.","error":"INVALID_TOKEN"}')
    assert found.matched and found.entry is not None
    assert not found.library_known and found.entry.kind == "generic_invalid"
    alone = explain("token is expired").entry
    assert alone is not None and alone.kind == "expired"


def test_an_either_or_message_is_not_the_library_whose_words_it_ends_with() -> None:
    # php-jwt's `Expired token` as the second half of someone's `Invalid or expired token.`
    found = explain("Invalid or expired token.")
    assert found.matched and not found.library_known  # a token refused, by someone
    assert found.entry is not None and found.entry.kind == "generic_invalid"
    alone = explain("Fatal error: Uncaught Firebase\\JWT\\ExpiredException: Expired token").entry
    assert alone is not None and alone.library_key == "firebase-php-jwt"


def test_a_token_not_found_beside_another_scheme_is_a_bad_scheme() -> None:
    # LexikJWT only takes the token after `Bearer `: sent under another scheme it is "not found"
    sent = '-H "Authorization: Token 9f8e7d6c5b4a"\n{"code":401,"message":"JWT Token not found"}'
    found = explain(sent).entry
    assert found is not None and found.library_key == "lexik-jwt" and found.kind == "bad_scheme"
    body = '{"code":401,"message":"JWT Token not found"}'
    bearer = '-H "Authorization: Bearer eyJhbG.e30.c2ln"\n' + body
    alone = explain(bearer).entry
    assert alone is not None and alone.id == "lexik-jwt.not-found"
    # a sentence about authorization is no header
    other = explain("JWT authorization: empty group list").entry
    assert other is None or other.kind != "bad_scheme"
