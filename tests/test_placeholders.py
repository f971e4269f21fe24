"""JWT303 by shape: placeholder secrets that no list holds, and no false alarm on real ones."""

from __future__ import annotations

import base64
import json
import secrets
import string
from pathlib import Path
from typing import Any

import pytest

from jwtfix.placeholders import placeholder_shape, words

PLACEHOLDERS = [
    # SPEC JWT303's shapes, and the examples of issue 8
    "your-256-bit-secret", "your-jwt-secret-key", "your_jwt_secret_goes_here",
    "YOUR_SECRET_KEY_HERE", "yourSecretKey", "your-super-secret-signing-key",
    "my-secret-jwt-key-2024", "my_app_refresh_secret", "our-api-token-secret",
    "change-me", "changeme123", "CHANGE_ME_IN_PRODUCTION", "change-this-to-a-long-random-string",
    "changeThisSecret", "change_me_to_something_secure",
    "my-jwt-secret-min-32-chars", "super-secret-key-min-32-characters",
    "jwt_secret_at_least_32_chars", "a-secret-of-minimum-64-bytes", "secret-min-256-bits-long",
    "replace_me_with_64_hex_chars", "replace-with-your-secret", "REPLACE_WITH_A_RANDOM_STRING",
    "replaceMeWithARealKey", "replace-this-jwt-secret",
    "example-secret-key", "example_jwt_token_secret", "sample-secret-for-dev",
    "dummy_secret_key", "placeholder-jwt-secret",
    "super-secret-jwt-key", "jwt-signing-secret-key", "access_token_secret_key_dev",
    '"your-jwt-secret"', "  change-me  ",
]  # fmt: skip

DICEWARE_WORDS = [
    "correct", "horse", "battery", "staple", "orbit", "maple", "quartz", "lantern", "pigeon",
    "velvet", "canyon", "marble", "tundra", "violin", "saddle", "ember", "falcon", "glacier",
    "harbor", "juniper", "kettle", "meadow", "nectar", "oyster", "prairie", "quiver", "raven",
    "summit", "thistle", "umber", "walnut", "yonder", "zephyr"
]  # fmt: skip


def random_secrets() -> list[str]:
    """Generated here, fresh each run: hex, base64, base64url, letters, diceware."""
    found: list[str] = []
    for size in (16, 24, 32, 48, 64):
        raw = secrets.token_bytes(size)
        found += [
            raw.hex(),
            base64.b64encode(raw).decode(),
            base64.urlsafe_b64encode(raw).rstrip(b"=").decode(),
            secrets.token_urlsafe(size),
            "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(size)),
            "".join(secrets.choice(string.ascii_lowercase + "-_") for _ in range(size)),
            "-".join(secrets.choice(DICEWARE_WORDS) for _ in range(4 + size // 16)),
        ]
    return found


RANDOM = random_secrets()


def test_the_tables_are_big_enough() -> None:
    assert len(set(PLACEHOLDERS)) >= 30
    assert len(set(RANDOM)) >= 30


@pytest.mark.parametrize("value", PLACEHOLDERS)
def test_placeholder_shapes_are_recognised(value: str) -> None:
    assert placeholder_shape(value.encode()) is not None, words(value)


@pytest.mark.parametrize("value", RANDOM)
def test_no_false_alarm_on_random_secrets(value: str) -> None:
    assert placeholder_shape(value.encode()) is None


def test_no_false_alarm_on_many_random_secrets() -> None:
    alphabets = (string.hexdigits.lower(), string.ascii_letters + string.digits + "+/",
                 string.ascii_letters + string.digits + "-_")  # fmt: skip
    for size in range(8, 80, 3):
        for alphabet in alphabets:
            for _ in range(50):
                value = "".join(secrets.choice(alphabet) for _ in range(size))
                assert placeholder_shape(value.encode()) is None, value
    assert placeholder_shape(secrets.token_bytes(32)) is None  # not even UTF-8


def check_jwt303(cli: Any, tmp_path: Path, secret: str) -> dict[str, Any]:
    env = tmp_path / ".env"
    env.write_text(f"JWT_SECRET={secret}\n")
    result = cli("check", "--env", str(env), "--select", "JWT303", "--json")
    [finding] = [f for f in json.loads(result.stdout)["findings"] if f["id"] == "JWT303"]
    assert secret.strip().strip('"') not in finding["message"]
    return dict(finding)


@pytest.mark.parametrize(
    "value",
    ["change-this-to-a-long-random-string", "replace_me_with_64_hex_chars",
     "your_jwt_secret_goes_here", "my-service-secret-min-32-chars"],
)  # fmt: skip
def test_check_fails_a_placeholder_by_shape(cli: Any, tmp_path: Path, value: str) -> None:
    assert check_jwt303(cli, tmp_path, value)["status"] == "fail"


def test_check_passes_random_secrets(cli: Any, tmp_path: Path) -> None:
    for value in (secrets.token_hex(32), secrets.token_urlsafe(48)):
        assert check_jwt303(cli, tmp_path, value)["status"] == "pass"
