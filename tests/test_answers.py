"""The one answer reader: real-shaped refusal bodies -> kind, stack, "sent the wrong way".

The bodies are written for these tests in the likeness of what each stack
sends (tests/stacks/README.md records the real ones, found by hand).
"""

from __future__ import annotations

import pytest

from jwtfix import answers

JSON = [("Content-Type", "application/json")]
SIMPLEJWT = (
    '{"detail":"Given token not valid for any token type","code":"token_not_valid",'
    '"messages":[{"token_class":"AccessToken","token_type":"access","message":"%s"}]}'
)


@pytest.mark.parametrize(
    ("status", "body", "kind", "stack"),
    [
        (401, SIMPLEJWT % "Token is expired", "expired", "djangorestframework-simplejwt"),
        (401, SIMPLEJWT % "Token is invalid", None, "djangorestframework-simplejwt"),
        (401, SIMPLEJWT % "Token has wrong type", "wrong_type", "djangorestframework-simplejwt"),
        (401, '{"detail":"Token is blacklisted","code":"token_not_valid"}', "revoked",
         "djangorestframework-simplejwt"),
        (401, '{"msg":"Token has expired"}', "expired", "Flask-JWT-Extended"),
        (422, '{"msg":"Signature verification failed"}', "signature", "Flask-JWT-Extended"),
        (422, '{"msg":"Only non-refresh tokens are allowed"}', "wrong_type", "Flask-JWT-Extended"),
        (401, '{"msg":"Token has been revoked"}', "revoked", "Flask-JWT-Extended"),
        (401, '{"errors":[{"message":"Token expired.","extensions":{"code":"TOKEN_EXPIRED"}}]}',
         "expired", "Directus"),
        (401, '{"error":{"code":"TOKEN_EXPIRED","message":"Session ended"}}', "expired", None),
        (401, '{"error":{"code":"INVALID_SIGNATURE","message":"Session ended"}}', "signature",
         None),
        (400, '{"error":"invalid_grant","error_description":"grant request is invalid"}', None,
         "node oidc-provider"),
        (401, '{"type":"about:blank","title":"Unauthorized","status":401,'
              '"detail":"The access token expired"}', "expired", None),
        (401, '{"message":"jwt expired"}', "expired", "jsonwebtoken"),
    ],
)  # fmt: skip
def test_each_shape_names_its_kind_and_stack(
    status: int, body: str, kind: str | None, stack: str | None
) -> None:
    answer = answers.read(status, JSON, body.encode())
    assert answer.kind == kind, answer.texts
    if stack is None:
        assert answer.stack is None or answer.stack.name != "Flask-JWT-Extended"
    else:
        assert answer.stack is not None and answer.stack.name.startswith(stack)
    assert answer.sent_wrong_way is None


def test_two_401s_told_apart_only_by_their_error_codes() -> None:
    expired = answers.read(401, JSON, b'{"error":{"code":"TOKEN_EXPIRED"}}')
    forged = answers.read(401, JSON, b'{"error":{"code":"INVALID_SIGNATURE"}}')
    assert (expired.kind, forged.kind) == ("expired", "signature")
    assert expired.reason() != forged.reason()


@pytest.mark.parametrize(
    ("status", "body", "field"),
    [
        (400, '{"refresh":["This field is required."]}', "refresh"),
        (422, '{"detail":[{"type":"missing","loc":["body","username"],"msg":"Field required",'
              '"input":null}]}', "username"),
        (400, '{"errors":[{"msg":"Invalid value","param":"refreshToken","location":"body"},'
              '{"msg":"refreshToken is required","param":"refreshToken"}]}', "refreshToken"),
    ],
)  # fmt: skip
def test_a_required_field_is_the_token_sent_the_wrong_way(
    status: int, body: str, field: str
) -> None:
    answer = answers.read(status, JSON, body.encode())
    assert answer.body is not None and field in answer.body.missing
    assert answer.sent_wrong_way is not None and field in answer.sent_wrong_way


@pytest.mark.parametrize(
    "body", ['{"msg":"Missing Authorization Header"}', '{"message":"No refresh token provided"}']
)
def test_a_missing_header_or_token_is_the_wrong_way_too(body: str) -> None:
    answer = answers.read(401, JSON, body.encode())
    assert answer.kind == "missing" and answer.sent_wrong_way is not None


def test_a_success_with_an_error_body_is_not_accepted() -> None:
    assert not answers.read(200, JSON, b'{"success":false,"message":"nope"}').accepted
    assert not answers.read(200, JSON, b'{"error":"invalid_token"}').accepted
    accepted = answers.read(200, JSON, b'{"message":"Logged out"}')
    assert accepted.accepted and accepted.kind is None and accepted.explanation is None


def test_text_and_html_bodies() -> None:
    text = answers.read(401, [("Content-Type", "text/plain")], b"Unauthorized\n")
    assert text.body is not None and text.body.text == "Unauthorized" and text.kind is None
    page = b"<html><head><title>404 Not Found</title></head><body>...</body></html>"
    html = answers.read(404, [("Content-Type", "text/html")], page)
    assert html.body is not None and html.body.text == "404 Not Found"


def test_the_challenge_comes_first() -> None:
    header = ("WWW-Authenticate", 'Bearer error="invalid_token", error_description="jwt expired"')
    answer = answers.read(401, [header], b"")
    assert answer.kind == "expired" and answer.message == "jwt expired"


def test_the_knowledge_file_is_checked() -> None:
    with pytest.raises(ValueError, match="schema"):
        answers.parse_knowledge({"schema": 2})
    with pytest.raises(ValueError, match="words"):
        answers.parse_knowledge({"schema": 1, "words": [{"kind": "x"}]})
    known = answers.knowledge()
    assert known.codes["token_expired"] == "expired" and 422 in known.retry_statuses


@pytest.mark.parametrize(
    ("status", "body", "about"),
    [
        (422, '{"msg": "Signature verification failed"}', True),
        (403, '{"detail": "Given token not valid for any token type"}', True),
        (422, '{"detail": [{"loc": ["header", "authorization"], "msg": "field required"}]}', True),
        (422, '{"detail": [{"loc": ["body", "email"], "msg": "field required"}]}', False),
        (400, '{"error": "quantity must be positive"}', False),
    ],
)
def test_an_answer_says_whether_it_is_about_a_token(status: int, body: str, about: bool) -> None:
    answer = answers.read(status, [("Content-Type", "application/json")], body.encode())
    assert answer.about_token is about
