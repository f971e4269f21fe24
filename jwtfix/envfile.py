"""`.env` files: read once into the service's configuration, and their raw-text hazards.

python-dotenv's own parser is used (it is what the service's loader does, and
it keeps each binding's line number). `EnvFile` is the file as read, every
binding with its line; `ServiceConfig` is what it configures (algorithm,
issuer, audiences, access and refresh expiry, the two secrets), each setting
with its `file:line`: sign, verify and check read the `.env` through it, and
nowhere else. `hazards` finds on the raw text what loaders treat differently
(BOM, CR, white space, duplicate keys, unbalanced quotes); JWT308 reports it.
"""

from __future__ import annotations

import bisect
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from jwtfix import limits
from jwtfix.errors import InputError
from jwtfix.keys import Secret, SecretEncoding, decode_secret
from jwtfix.model import Location, Status

SECRET_KEYS = ("JWT_SECRET", "JWT_REFRESH_SECRET")
SECRET = "JWT_SECRET"
REFRESH_SECRET = "JWT_REFRESH_SECRET"
ACCESS_EXPIRY = "JWT_EXPIRES_IN"
REFRESH_EXPIRY = "JWT_REFRESH_EXPIRES_IN"
ALGORITHM = "JWT_ALGORITHM"
ISSUER = "JWT_ISSUER"
AUDIENCE = "JWT_AUDIENCE"
KNOWN_KEYS = (SECRET, REFRESH_SECRET, ACCESS_EXPIRY, REFRESH_EXPIRY, ALGORITHM, ISSUER, AUDIENCE)


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


@dataclass(frozen=True, slots=True)
class Setting:
    """One JWT_* setting of the `.env` (the binding that wins), with where it is."""

    key: str
    value: str
    """As python-dotenv reads it; '' for `KEY` alone or `KEY=`."""
    path: str
    line: int

    @property
    def where(self) -> str:
        """`JWT_SECRET in .env:3`: how output names a value without showing it."""
        return f"{self.key} in {self.path}:{self.line}"

    @property
    def location(self) -> Location:
        return Location(file=self.path, line=self.line)

    @property
    def text(self) -> str:
        """The value without surrounding white space ('' when there is none)."""
        return self.value.strip()


@dataclass(frozen=True, slots=True)
class ServiceConfig:
    """What the service configured by a `.env` does with tokens; `service_config` reads it.

    A setting is None when the file does not set it; present but empty
    settings are kept (JWT301 says an empty JWT_SECRET is a fault).
    """

    env: EnvFile
    """The file itself, for what needs every binding (hazards, the diagnosis)."""
    algorithm: Setting | None
    issuer: Setting | None
    audience: Setting | None
    """Comma-separated audiences (see `audiences`)."""
    access_expiry: Setting | None
    refresh_expiry: Setting | None
    secret: Setting | None
    refresh_secret: Setting | None

    @property
    def path(self) -> str:
        return self.env.path

    def setting(self, key: str) -> Setting | None:
        """The setting of a KNOWN_KEYS name."""
        return _setting(self.env, key)

    def where(self, key: str) -> str:
        return self.env.where(key)

    def algorithms(self) -> list[str]:
        """[JWT_ALGORITHM] when it is set, else []."""
        return [self.algorithm.text] if self.algorithm and self.algorithm.text else []

    def issuers(self) -> list[str]:
        return [self.issuer.text] if self.issuer and self.issuer.text else []

    def audiences(self) -> list[str]:
        """JWT_AUDIENCE split at commas, as services commonly read it."""
        text = self.audience.value if self.audience else ""
        return [a.strip() for a in text.split(",") if a.strip()]

    def load_secret(self, key: str = SECRET, encoding: SecretEncoding = "utf8") -> Secret | None:
        """JWT_SECRET (or JWT_REFRESH_SECRET) as the HMAC secret; None when unset or empty.

        Its UTF-8 bytes, as jsonwebtoken uses a string secret, unless `encoding`
        says how it is written; the Secret keeps its line.
        """
        setting = self.setting(key)
        if setting is None or not setting.value:
            return None
        return decode_secret(
            setting.value.encode("utf-8"), encoding, setting.where, setting.location
        )


def _setting(env: EnvFile, key: str) -> Setting | None:
    entry = env.get(key)
    if entry is None:
        return None
    return Setting(key, entry.value or "", env.path, entry.line)


def service_config(env: EnvFile) -> ServiceConfig:
    """Read the JWT_* settings of `env` once."""
    return ServiceConfig(
        env=env,
        algorithm=_setting(env, ALGORITHM),
        issuer=_setting(env, ISSUER),
        audience=_setting(env, AUDIENCE),
        access_expiry=_setting(env, ACCESS_EXPIRY),
        refresh_expiry=_setting(env, REFRESH_EXPIRY),
        secret=_setting(env, SECRET),
        refresh_secret=_setting(env, REFRESH_SECRET),
    )


def parse(text: str, path: str = ".env") -> EnvFile:
    """Parse `.env` text; bad lines land in `errors`. InputError (exit 2) only beyond
    `limits.MAX_ENV_BINDINGS` bindings: no service's configuration is that long."""
    from dotenv.parser import parse_stream

    body = text[1:] if text.startswith("\ufeff") else text
    entries: list[EnvEntry] = []
    errors: list[int] = []
    for binding in parse_stream(io.StringIO(body)):
        if len(entries) + len(errors) >= limits.MAX_ENV_BINDINGS:
            raise InputError(
                f".env file {path!r} has more than {limits.MAX_ENV_BINDINGS} lines of "
                "bindings: not a service's configuration"
            )
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
    if len(data) > limits.MAX_ENV_BYTES:
        raise InputError(
            f".env file {str(path)!r} is {len(data)} bytes, more than the "
            f"{limits.MAX_ENV_BYTES} jwtfix reads: not a service's configuration"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(
            f".env file {str(path)!r} is not UTF-8 (byte 0x{data[err.start]:02x} at offset "
            f"{err.start})"
        ) from err
    return parse(text, str(path))


# --- raw-text hazards ----------------------------------------------------------

_ASSIGNMENT = re.compile(r"^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.]*)[ \t]*=")
_OPEN_QUOTE = re.compile(r"^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.]*)[ \t]*=[ \t]*(['\"])")


@dataclass(frozen=True, slots=True)
class Hazard:
    """Text of the `.env` that loaders read differently."""

    line: int
    message: str
    fix: str
    status: Status = Status.WARN
    """FAIL where a value is lost or swallowed, else WARN."""


def _is_secret_key(key: str) -> bool:
    return "SECRET" in key.upper()


def hazards(env: EnvFile) -> list[Hazard]:
    """Everything about the raw text that loaders disagree on; fine lines yield nothing."""
    found: list[Hazard] = []
    if env.text.startswith("\ufeff"):
        found.append(
            Hazard(
                1,
                f"{env.path} starts with a byte order mark (BOM): loaders that keep it read the "
                "first key with an invisible character in front, so it is never found",
                "save the file as UTF-8 without BOM",
            )
        )
    seen: dict[str, int] = {}
    for entry in env.entries:
        if entry.key in seen:
            found.append(
                Hazard(
                    entry.line,
                    f"{entry.key} is set again on line {entry.line} (first on line "
                    f"{seen[entry.key]}): python-dotenv uses the last one, and editing the "
                    "first changes nothing",
                    f"keep one {entry.key} line and delete the other",
                )
            )
        else:
            seen[entry.key] = entry.line
        if _is_secret_key(entry.key) and entry.value is not None:
            found.extend(_secret_whitespace(entry.key, entry.value, entry.raw, entry.line))
    found.extend(_unbalanced_quotes(env))
    quote_lines = {h.line for h in found}
    found.extend(
        Hazard(
            line,
            f"line {line} is not KEY=VALUE: python-dotenv skips it",
            "fix the line or comment it out with '#'",
        )
        for line in env.errors
        if line not in quote_lines
    )
    found.sort(key=lambda h: h.line)
    if len(found) <= limits.MAX_LISTED:
        return found
    rest = found[limits.MAX_LISTED :]
    failed = any(h.status is Status.FAIL for h in rest)
    more = Hazard(
        rest[0].line,
        f"and {len(rest)} more hazards like these, from line {rest[0].line} on",
        "fix the lines above, then run jwtfix again",
        Status.FAIL if failed else Status.WARN,
    )
    return [*found[: limits.MAX_LISTED], more]


def _secret_whitespace(key: str, value: str, raw: str, line: int) -> list[Hazard]:
    first = raw.split("\n", 1)[0]
    problems: list[str] = []
    if first.endswith("\r") or "\r" in value:
        problems.append("a carriage return (a Windows line ending)")
    rest = first.split("=", 1)[1] if "=" in first else ""
    quoted = rest.lstrip(" \t")[:1] in ("'", '"')
    if quoted:
        if value != value.strip():
            problems.append("white space inside the quotes at its start or end")
    else:
        if rest[:1] in (" ", "\t"):
            problems.append("white space after '='")
        body = re.sub(r"[ \t]+#.*", "", rest.rstrip("\r"))
        if body != body.rstrip(" \t"):
            problems.append("trailing white space")
    return [
        Hazard(
            line,
            f"{key} on line {line} has {problem}: python-dotenv "
            + ("keeps it" if quoted else "drops it")
            + ", but other loaders and secret stores (docker --env-file, systemd, Kubernetes "
            "secrets) do not do the same, so the services disagree on the secret",
            f"write {key}=<value> with no white space around the value"
            + (" and save the file with LF line endings" if "carriage" in problem else ""),
        )
        for problem in problems
    ]


def _unbalanced_quotes(env: EnvFile) -> list[Hazard]:
    """A quote opened on a line and closed never, or only after swallowing other KEY= lines."""
    text = env.text[1:] if env.text.startswith("\ufeff") else env.text
    lines = text.split("\n")
    found: list[Hazard] = []
    # the next line at or after each index that closes a quote, found in one pass from the end
    # (asking line by line made a file of unclosed quotes quadratic)
    closing: dict[str, list[int]] = {}
    for quote in "'\"":
        after = [len(lines)] * (len(lines) + 1)
        for i in range(len(lines) - 1, -1, -1):
            after[i] = i if _closes(lines[i], quote) else after[i + 1]
        closing[quote] = after
    lines_of: dict[str, list[int]] = {}
    for entry in env.entries:
        lines_of.setdefault(entry.key, []).append(entry.line)
    index = 0
    while index < len(lines):
        match = _OPEN_QUOTE.match(lines[index])
        if match is None:
            index += 1
            continue
        key, quote = match.group(1), match.group(2)
        rest = lines[index][match.end() :]
        if _closes(rest, quote):
            index += 1
            continue
        end = closing[quote][index + 1]
        line = index + 1
        if end >= len(lines):
            before = lines_of.get(key, [])
            earlier = before[: bisect.bisect_left(before, line)]
            effect = (
                f"so {key} keeps its value from line {earlier[-1]}"
                if earlier
                else f"so {key} is not set"
            )
            found.append(
                Hazard(
                    line,
                    f"the {quote} quote opened on line {line} ({key}) is never closed: "
                    f"python-dotenv skips the line, {effect}; other loaders read the rest of "
                    "the file into the value",
                    f"close the quote on line {line}: {key}={quote}<value>{quote}",
                    Status.FAIL,
                )
            )
            index += 1
            continue
        swallowed = [m.group(1) for m in map(_ASSIGNMENT.match, lines[index + 1 : end + 1]) if m]
        if swallowed:
            found.append(
                Hazard(
                    line,
                    f"the {quote} quote opened on line {line} ({key}) closes only on line "
                    f"{end + 1}: {', '.join(limits.at_most(swallowed, ' keys'))} "
                    f"{'is' if len(swallowed) == 1 else 'are'} swallowed into its value",
                    f"close the quote on line {line}: {key}={quote}<value>{quote}",
                    Status.FAIL,
                )
            )
        index = end + 1
    return found


def _closes(text: str, quote: str) -> bool:
    """Does an unescaped closing quote occur in this (rest of a) line?"""
    escaped = False
    for ch in text:
        if escaped:
            escaped = False
        elif ch == "\\" and quote == '"':
            escaped = True
        elif ch == quote:
            return True
    return False
