"""JWT6xx: what the payload carries. A JWT is signed, not encrypted: anyone holding it
reads every claim (item 9). Messages name the claim, never its value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from jwtfix.checks.registry import CheckContext, Need, Registered, check
from jwtfix.model import Finding, Location, Severity, Status

# Claim names, compared lowercased without '_', '-', '.' or spaces.
_SENSITIVE_NAMES = {
    "password": "a password",
    "passwd": "a password",
    "pwd": "a password",
    "passphrase": "a passphrase",
    "passwordhash": "a password hash",
    "secret": "a secret",
    "clientsecret": "a client secret",
    "apikey": "an API key",
    "apisecret": "an API secret",
    "accesskey": "an access key",
    "secretkey": "a secret key",
    "privatekey": "a private key",
    "ssn": "a social security number",
    "socialsecuritynumber": "a social security number",
    "creditcard": "a card number",
    "cardnumber": "a card number",
    "ccnumber": "a card number",
    "cvv": "a card security code",
    "cvc": "a card security code",
    "pin": "a PIN",
    "iban": "a bank account number",
    "accountnumber": "a bank account number",
    "refreshtoken": "a refresh token",
    "otpsecret": "an OTP secret",
    "totpsecret": "an OTP secret",
    "mfasecret": "an MFA secret",
}
# Names that end like these are sensitive too: db_password, stripe_api_key, client_secret.
_SENSITIVE_SUFFIXES = ("password", "secret", "apikey", "privatekey", "secretkey", "passwd")
_PERSONAL_NAMES = {
    "email": "an email address",
    "mail": "an email address",
    "emailaddress": "an email address",
    "phone": "a phone number",
    "phonenumber": "a phone number",
    "mobile": "a phone number",
    "tel": "a phone number",
    "telephone": "a phone number",
}

_CARD = re.compile(r"(?:\d[ -]?){12,18}\d")
_SSN = re.compile(r"\d{3}-\d{2}-\d{4}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"\+\d[\d ().-]{6,18}\d")
_PRIVATE_KEY = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")
_PASSWORD_HASH = re.compile(r"\$(?:2[abxy]|argon2i?d?|scrypt|pbkdf2[-_a-z0-9]*)\$")


def luhn(digits: str) -> bool:
    """The Luhn checksum every payment card number satisfies."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _normal(name: str) -> str:
    return re.sub(r"[\s_.\-]", "", name).lower()


def _walk(value: Any, path: str = "") -> Iterator[tuple[str, str, Any]]:
    """(path, last name, value) of every claim, nested objects and arrays included."""
    if isinstance(value, dict):
        for key, item in value.items():
            name = str(key)
            child = f"{path}.{name}" if path else name
            yield child, name, item
            yield from _walk(item, child)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            child = f"{path}[{index}]"
            yield child, "", item
            yield from _walk(item, child)


def sensitive(name: str, value: Any) -> str | None:
    """What sensitive thing a claim holds, by its name or its value; None if nothing."""
    normal = _normal(name)
    if normal in _SENSITIVE_NAMES and value not in (None, "", False):
        return _SENSITIVE_NAMES[normal]
    if normal.endswith(_SENSITIVE_SUFFIXES) and isinstance(value, str) and value:
        return "a secret"
    if not isinstance(value, str):
        return None
    text = value.strip()
    if _PRIVATE_KEY.search(text):
        return "a private key"
    if _PASSWORD_HASH.match(text):
        return "a password hash"
    if _SSN.fullmatch(text):
        return "what looks like a social security number"
    if _CARD.fullmatch(text):
        digits = re.sub(r"\D", "", text)
        if 13 <= len(digits) <= 19 and luhn(digits):
            return "what looks like a payment card number (it passes the Luhn check)"
    return None


def personal(name: str, value: Any) -> str | None:
    normal = _normal(name)
    if normal in _PERSONAL_NAMES and value not in (None, "", False):
        return _PERSONAL_NAMES[normal]
    if isinstance(value, str):
        text = value.strip()
        if _EMAIL.fullmatch(text):
            return "an email address"
        if _PHONE.fullmatch(text):
            return "a phone number"
    return None


@check("JWT601", title="Sensitive data in the payload", item=9, needs=(Need.TOKEN,))
def sensitive_data(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The payload holds a password, a secret, an API or private key, a card number or an SSN.

    A JWT is signed, not encrypted: anyone who holds it (the browser, its
    extensions, every proxy and log that sees the header) reads the payload
    with a base64 decoder. Keep credentials and payment data on the server and
    put only an identifier in the token; rotate whatever leaked.
    """
    assert ctx.token is not None
    found = False
    for path, name, value in _walk(ctx.token.claims):
        what = sensitive(name, value)
        if what is not None:
            found = True
            yield me.finding(
                Status.FAIL,
                f"claim {path!r} holds {what}: anyone with the token can read it",
                f"remove {path!r} from the token and look it up on the server; rotate the "
                "exposed value",
                location=Location(claim=path),
            )
    if not found:
        yield me.finding(Status.PASS, "no passwords, secrets, keys or card numbers in the payload")


@check(
    "JWT602",
    title="Personal data in the payload",
    item=9,
    severity=Severity.WARNING,
    needs=(Need.TOKEN,),
)
def personal_data(ctx: CheckContext, me: Registered) -> Iterator[Finding]:
    """The payload holds personal data: an email address or a phone number.

    Tokens end up in logs, browser storage and analytics; personal data there
    is a privacy (GDPR) problem, and a changed address leaves stale tokens.
    An OpenID Connect ID token may carry `email` by design; an access token
    should carry `sub` and let the API look the rest up.
    """
    assert ctx.token is not None
    found = False
    for path, name, value in _walk(ctx.token.claims):
        what = personal(name, value)
        if what is not None:
            found = True
            yield me.finding(
                Status.WARN,
                f"claim {path!r} holds {what}: it is readable by anyone with the token and ends "
                "up in logs",
                f"identify the user by sub and look {path!r} up on the server (an OpenID "
                "Connect ID token may keep email)",
                location=Location(claim=path),
            )
    if not found:
        yield me.finding(Status.PASS, "no email addresses or phone numbers in the payload")
