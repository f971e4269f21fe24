"""`.env` files: values with the line they are on, read by python-dotenv's parser.

python-dotenv's own parser is used (it is what the service's loader does, and
it keeps each binding's line number); the hazards that loaders treat
differently (BOM, CR, whitespace, duplicate keys, unbalanced quotes) are
found on the raw text by the checks, not here.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from jwtfix.errors import InputError

SECRET_KEYS = ("JWT_SECRET", "JWT_REFRESH_SECRET")
KNOWN_KEYS = (
    "JWT_SECRET",
    "JWT_REFRESH_SECRET",
    "JWT_EXPIRES_IN",
    "JWT_REFRESH_EXPIRES_IN",
    "JWT_ALGORITHM",
    "JWT_ISSUER",
    "JWT_AUDIENCE",
)


@dataclass(frozen=True, slots=True)
class EnvEntry:
    key: str
    value: str | None
    """The value as python-dotenv reads it (quotes removed); None for `KEY` alone."""
    line: int
    """1-based line the binding starts on."""
    raw: str
    """The binding's original text, as in the file (may span lines)."""


@dataclass(frozen=True, slots=True)
class EnvFile:
    path: str
    """The path as the user gave it (used in messages and SARIF locations)."""
    text: str
    """The whole file as text (a BOM kept, so that checks can see it)."""
    entries: tuple[EnvEntry, ...]
    """Every binding, duplicates included, in file order."""
    errors: tuple[int, ...] = field(default=())
    """Lines python-dotenv could not parse."""

    def get(self, key: str) -> EnvEntry | None:
        """The binding that wins, as in python-dotenv: the last one of that key."""
        found = None
        for entry in self.entries:
            if entry.key == key:
                found = entry
        return found

    def value(self, key: str) -> str | None:
        entry = self.get(key)
        return entry.value if entry is not None else None

    def where(self, key: str) -> str:
        """`JWT_SECRET in .env:3`: how output names a value without showing it."""
        entry = self.get(key)
        return f"{key} in {self.path}:{entry.line}" if entry else f"{key} in {self.path}"


def parse(text: str, path: str = ".env") -> EnvFile:
    """Parse `.env` text; never raises for content (bad lines land in `errors`)."""
    from dotenv.parser import parse_stream

    body = text[1:] if text.startswith("\ufeff") else text
    entries: list[EnvEntry] = []
    errors: list[int] = []
    for binding in parse_stream(io.StringIO(body)):
        if binding.error:
            errors.append(binding.original.line)
        elif binding.key is not None:
            entries.append(
                EnvEntry(binding.key, binding.value, binding.original.line, binding.original.string)
            )
    return EnvFile(path, text, tuple(entries), tuple(errors))


def load(path: str | Path) -> EnvFile:
    """Read a `.env` file; InputError (exit 2) when it cannot be read."""
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise InputError(f"cannot read .env file {str(path)!r}: {err.strerror or err}") from err
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(
            f".env file {str(path)!r} is not UTF-8 (byte 0x{data[err.start]:02x} at offset "
            f"{err.start})"
        ) from err
    return parse(text, str(path))
