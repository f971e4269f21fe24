"""The .env read once (envfile.ServiceConfig) and the one Secret of sign, verify and check."""

from __future__ import annotations

import base64
import json
from typing import Any

from conftest import NOW, make_token

from jwtfix import envfile
from jwtfix.checks import CheckContext
from jwtfix.keys import Secret
from jwtfix.model import Location

ENV_TEXT = """# service
JWT_SECRET=s3cr3t-of-the-service-that-is-long-enough-to-use
JWT_ALGORITHM= HS512
JWT_ISSUER=https://auth.example.com
JWT_AUDIENCE=api, admin ,
JWT_EXPIRES_IN=15m
JWT_REFRESH_SECRET=
"""


def test_every_setting_is_read_once_with_its_line() -> None:
    service = envfile.service_config(envfile.parse(ENV_TEXT, "svc/.env"))
    assert service.secret is not None and service.secret.where == "JWT_SECRET in svc/.env:2"
    assert service.algorithms() == ["HS512"]
    assert service.issuers() == ["https://auth.example.com"]
    assert service.audiences() == ["api", "admin"]
    assert service.access_expiry is not None
    assert service.access_expiry.location == Location(file="svc/.env", line=6)
    assert service.refresh_expiry is None
    # set but empty: kept (JWT301/JWT304 report it), but no secret to load
    assert service.refresh_secret is not None and service.refresh_secret.value == ""
    assert service.load_secret("JWT_REFRESH_SECRET") is None


def test_the_loaded_secret_keeps_its_line_and_encoding() -> None:
    raw = base64.b64encode(b"k" * 32).decode()
    service = envfile.service_config(envfile.parse(f"JWT_SECRET={raw}\n", ".env"))
    secret = service.load_secret(encoding="base64")
    assert isinstance(secret, Secret)
    assert secret.value == b"k" * 32 and secret.encoding == "base64"
    assert secret.encoded == raw.encode() and secret.location == Location(file=".env", line=1)
    assert raw not in repr(secret)


def test_a_check_context_derives_the_service_from_its_env() -> None:
    env = envfile.parse(ENV_TEXT, ".env")
    ctx = CheckContext(now=NOW, env=env)
    assert ctx.service is not None and ctx.service.env is env
    assert CheckContext(now=NOW).service is None


def test_check_jwt401_gives_verify_s_diagnosis_for_an_encoded_secret(cli: Any) -> None:
    # The signer used the base64 text itself as the key; told --secret-encoding base64,
    # verify finds that out. check used to drop the encoding and could not.
    text = base64.b64encode(b"q" * 48).decode()
    token = make_token({"sub": "a", "iat": NOW - 60, "exp": NOW + 600}, secret=text.encode())
    args = ["--secret-env", "SVC", "--secret-encoding", "base64", "--at", str(NOW)]
    verified = cli("verify", *args, "--json", token, env={"SVC": text})
    checked = cli("check", *args, "--select", "JWT401", "--json", token, env={"SVC": text})
    diagnosis = json.loads(verified.stdout)["diagnosis"]
    assert any("as text, not decoded" in line for line in diagnosis)
    (finding,) = json.loads(checked.stdout)["findings"]
    assert finding["status"] == "fail"
    assert "as text, not decoded" in finding["message"]
