"""`.env` files: read once into the service's configuration, and their raw-text hazards.

A `.env` is read the way the service's loader reads it (SPEC 4.6): Node's
`dotenv` (the default; `_node_entries` follows the rules of its `parse`,
checked against the real package in tests/test_dotenv_node.py) or
python-dotenv (its own parser, for Python projects). Both readings are kept:
where they disagree about a JWT_* value, `hazards` says so (JWT308); every
other check uses the service's reading.

`EnvFile` is the file as read, every binding with its line; `ServiceConfig`
is what it configures (algorithm, issuer, audiences, access and refresh
expiry, the two secrets), each setting with its `file:line`: sign, verify and
check read the `.env` through it, and nowhere else. `hazards` finds on the
raw text what loaders treat differently (BOM, CR, white space, duplicate
keys, unbalanced quotes); JWT308 reports it.
"""

from __future__ import annotations

import bisect
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

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

Loader = Literal["node", "python"]
"""Which `.env` loader the service uses: Node's `dotenv` or python-dotenv."""
LOADER_NAMES: dict[Loader, str] = {"node": "Node's dotenv", "python": "python-dotenv"}
PYTHON_MARKERS = ("pyproject.toml", "requirements.txt", "manage.py")


@dataclass(frozen=True, slots=True)
class EnvEntry:
    key: str
    value: str | None
    """The value as the loader reads it (quotes removed); None for `KEY` alone (python-dotenv)."""
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
    loader: Loader = "node"
    """The loader whose reading `entries` is (the service's)."""
    other: tuple[EnvEntry, ...] = field(default=())
    """The same file as the other loader reads it (JWT308 compares the two)."""

    @property
    def loader_name(self) -> str:
        return LOADER_NAMES[self.loader]

    @property
    def other_name(self) -> str:
        return LOADER_NAMES["python" if self.loader == "node" else "node"]

    def get(self, key: str) -> EnvEntry | None:
        """The binding that wins: the last one of that key (both loaders agree on that)."""
        return _last(self.entries, key)

    def get_other(self, key: str) -> EnvEntry | None:
        """The binding the other loader would use."""
        return _last(self.other, key)

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


def _last(entries: tuple[EnvEntry, ...], key: str) -> EnvEntry | None:
    found = None
    for entry in entries:
        if entry.key == key:
            found = entry
    return found


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


def parse(text: str, path: str = ".env", loader: Loader = "node") -> EnvFile:
    """Parse `.env` text as `loader` reads it (and as the other one does, kept in `other`).

    Lines python-dotenv cannot read land in `errors`. InputError (exit 2) only beyond
    `limits.MAX_ENV_BINDINGS` bindings: no service's configuration is that long.
    """
    python, errors = _python_entries(text, path)
    node = _node_entries(text)
    if loader == "python":
        return EnvFile(path, text, python, errors, loader, node)
    return EnvFile(path, text, node, errors, loader, python)


def _python_entries(text: str, path: str) -> tuple[tuple[EnvEntry, ...], tuple[int, ...]]:
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
    return tuple(entries), tuple(errors)


def detect_loader(path: str | Path) -> Loader:
    """python-dotenv when the `.env`'s folder is a Python project without package.json."""
    folder = Path(path).parent
    if (folder / "package.json").exists():
        return "node"
    if any((folder / marker).exists() for marker in PYTHON_MARKERS):
        return "python"
    return "node"


def load(path: str | Path, loader: Loader | None = None) -> EnvFile:
    """Read a `.env` file as `loader` would (None: by its folder, `detect_loader`).

    InputError (exit 2) when it cannot be read.
    """
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
    return parse(text, str(path), loader or detect_loader(path))


# --- Node's dotenv --------------------------------------------------------------
#
# The rules of dotenv's `parse` (lib/main.js, 16.x-17.x, the default parser), as
# a scanner. The file is one string with CRLF and CR made LF. From each line
# start, a binding is tried; the first that fits wins and scanning goes on
# where it ended, else the next line start is tried:
#   white space (any, newlines and a BOM included), an optional `export` plus
#   white space, a key of [A-Za-z0-9_.-]+, then `=` (white space before it
#   allowed) or `:` followed by white space, then a value, then white space, an
#   optional `# comment` and the end of a line. The value is tried as, in
#   order: a single-, double- or backtick-quoted string (it may span lines;
#   it ends at the first quote not preceded by a backslash, or else at an
#   escaped one), the rest of the line up to `#`, or nothing. A choice whose
#   tail does not fit is given up for the next (a quote followed by junk is
#   read as an unquoted line). The value is then trimmed; matching quotes
#   around it are removed; if it began with `"`, `\n` and `\r` become a
#   newline and a carriage return (no other escape is read). The last binding
#   of a key wins.

_JS_SPACE = frozenset(
    "\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
)
"""JavaScript's \\s and what String.prototype.trim removes."""
_JS_LINE_END = frozenset("\n\u2028\u2029")
"""Where a JavaScript multiline `$` matches (CR is gone by then)."""
_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
_QUOTES = "'\"`"


def _node_entries(text: str) -> tuple[EnvEntry, ...]:
    src = text.replace("\r\n", "\n").replace("\r", "\n")
    entries: list[EnvEntry] = []
    line_starts = [0] + [i + 1 for i, ch in enumerate(src) if ch in _JS_LINE_END]
    pos = 0
    for start in line_starts:
        if start < pos:
            continue
        found = _node_binding(src, start)
        if found is None:
            continue
        key_at, key, value, end = found
        line = src.count("\n", 0, key_at) + 1
        entries.append(EnvEntry(key, _node_value(value), line, src[key_at:end]))
        pos = end
    return tuple(entries)


def _skip_space(src: str, i: int) -> int:
    while i < len(src) and src[i] in _JS_SPACE:
        i += 1
    return i


def _node_binding(src: str, start: int) -> tuple[int, str, str, int] | None:
    """(where the key starts, key, raw value, end) of the binding at a line start, or None."""
    i = _skip_space(src, start)
    if src.startswith("export", i) and i + 6 < len(src) and src[i + 6] in _JS_SPACE:
        found = _node_key_value(src, _skip_space(src, i + 6))
        if found is not None:
            return found
    return _node_key_value(src, i)


def _node_key_value(src: str, i: int) -> tuple[int, str, str, int] | None:
    end_key = i
    while end_key < len(src) and src[end_key] in _KEY_CHARS:
        end_key += 1
    if end_key == i:
        return None
    key = src[i:end_key]
    for value_at in _node_value_starts(src, end_key):
        for value_end, tail_end in _node_values(src, value_at):
            return i, key, src[value_at:value_end], tail_end
    return None


def _node_value_starts(src: str, k: int) -> list[int]:
    """Where the value may start after the key, in the order they are tried."""
    starts: list[int] = []
    j = _skip_space(src, k)
    if j < len(src) and src[j] == "=":
        # `=` then white space, as little as possible first
        starts.extend(range(j + 1, _skip_space(src, j + 1) + 1))
    if k < len(src) and src[k] == ":" and k + 1 < len(src) and src[k + 1] in _JS_SPACE:
        starts.extend(range(k + 2, _skip_space(src, k + 1) + 1))
    return starts


def _node_values(src: str, at: int) -> Iterator[tuple[int, int]]:
    """(end of the value, end of the binding) for each reading of the value that fits."""
    q = _skip_space(src, at)
    if q < len(src) and src[q] in _QUOTES:
        for close in _closing_quotes(src, q):
            tail = _node_tail(src, close + 1)
            if tail is not None:
                yield close + 1, tail
    end = at
    while end < len(src) and src[end] not in "#\r\n":
        end += 1
    for value_end in range(end, at, -1):
        tail = _node_tail(src, value_end)
        if tail is not None:
            yield value_end, tail
    tail = _node_tail(src, at)
    if tail is not None:
        yield at, tail


def _closing_quotes(src: str, q: int) -> list[int]:
    """Where a quote opened at `q` may close: the first unescaped one, then escaped ones back."""
    quote = src[q]
    escaped: list[int] = []
    i = q + 1
    while i < len(src):
        if src[i] == "\\" and i + 1 < len(src) and src[i + 1] == quote:
            escaped.append(i + 1)
            i += 2
        elif src[i] == quote:
            return [i, *reversed(escaped)]
        else:
            i += 1
    return list(reversed(escaped))


def _node_tail(src: str, t: int) -> int | None:
    """White space, an optional `# comment`, then a line end: where it ends, or None."""
    for u in range(_skip_space(src, t), t - 1, -1):
        if u < len(src) and src[u] == "#":
            while u < len(src) and src[u] not in _JS_LINE_END:
                u += 1
            return u
        if u == len(src) or src[u] in _JS_LINE_END:
            return u
    return None


def _node_value(raw: str) -> str:
    value = _js_trim(raw)
    first = value[:1]
    if len(value) >= 2 and first in _QUOTES and value[-1] == first:
        value = value[1:-1]
    if first == '"':
        value = value.replace("\\n", "\n").replace("\\r", "\r")
    return value


def _js_trim(text: str) -> str:
    start, end = 0, len(text)
    while start < end and text[start] in _JS_SPACE:
        start += 1
    while end > start and text[end - 1] in _JS_SPACE:
        end -= 1
    return text[start:end]


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
    text_lines = env.text.split("\n")  # once: split per entry made a file of secrets quadratic
    for entry in env.entries:
        if entry.key in seen:
            found.append(
                Hazard(
                    entry.line,
                    f"{entry.key} is set again on line {entry.line} (first on line "
                    f"{seen[entry.key]}): {env.loader_name} uses the last one, and editing "
                    "the first changes nothing",
                    f"keep one {entry.key} line and delete the other",
                )
            )
        else:
            seen[entry.key] = entry.line
        if _is_secret_key(entry.key) and entry.value is not None:
            found.extend(_secret_whitespace(env, entry, text_lines[entry.line - 1]))
    found.extend(_unbalanced_quotes(env))
    quote_lines = {h.line for h in found}
    found.extend(h for h in _disagreements(env) if h.line not in quote_lines)
    quote_lines = {h.line for h in found}
    found.extend(
        Hazard(
            line,
            f"line {line} is not KEY=VALUE: loaders skip it",
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


def _secret_whitespace(env: EnvFile, entry: EnvEntry, text_line: str) -> list[Hazard]:
    key, value, raw, line = entry.key, entry.value or "", entry.raw, entry.line
    first = raw.split("\n", 1)[0]
    problems: list[str] = []
    if first.endswith("\r") or "\r" in value or "\r" in text_line:
        problems.append("a carriage return (a Windows line ending)")
    rest = first.split("=", 1)[1] if "=" in first else ""
    quoted = rest.lstrip(" \t")[:1] in ("'", '"', "`")
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
            f"{key} on line {line} has {problem}: {env.loader_name} "
            + ("keeps it" if quoted else "drops it")
            + ", but other loaders and secret stores (docker --env-file, systemd, Kubernetes "
            "secrets) do not do the same, so the services disagree on the secret",
            f"write {key}=<value> with no white space around the value"
            + (" and save the file with LF line endings" if "carriage" in problem else ""),
        )
        for problem in problems
    ]


def _disagreements(env: EnvFile) -> list[Hazard]:
    """JWT_* values that Node's dotenv and python-dotenv read differently (SPEC 4.6)."""
    found: list[Hazard] = []
    for key in KNOWN_KEYS:
        mine, other = env.get(key), env.get_other(key)
        if mine is None and other is None:
            continue
        if mine is not None and other is not None and mine.value == other.value:
            continue
        line = mine.line if mine is not None else other.line  # type: ignore[union-attr]
        found.append(
            Hazard(
                line,
                f"{env.loader_name} and {env.other_name} read {key} differently: "
                f"{env.loader_name} (the service's loader) reads {_reading(key, mine)}, "
                f"{env.other_name} reads {_reading(key, other)}",
                f"write {key} so that every loader reads it the same: "
                f"{key}=<value> on one line, quoted only if it holds '#' or blanks",
            )
        )
    return found


def _reading(key: str, entry: EnvEntry | None) -> str:
    """A reading named without showing a secret: its line and length (the value, if no secret)."""
    if entry is None:
        return "no value"
    value = entry.value or ""
    if not _is_secret_key(key):
        return f"{value!r} (line {entry.line})"
    shape = f"{len(value)} characters"
    if value[:1] in ("'", '"', "`"):
        shape += f", starting with a {value[0]} quote"
    if "\n" in value:
        shape += f", {value.count(chr(10)) + 1} lines"
    return f"line {entry.line} ({shape})"


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
    # python-dotenv's lines of each key, looked up by bisection (a file of unclosed quotes
    # would make a scan per hazard quadratic)
    lines_of: dict[str, list[int]] = {}
    for entry in env.other if env.loader == "node" else env.entries:
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
        node = _node_reading_at(env, line)
        if end >= len(lines):
            found.append(
                Hazard(
                    line,
                    f"the {quote} quote opened on line {line} ({key}) is never closed: "
                    f"{_python_effect(lines_of.get(key, []), key, line)}; {node}",
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
                    f"{end + 1}: python-dotenv swallows "
                    f"{', '.join(limits.at_most(swallowed, ' keys'))} into its value; {node}",
                    f"close the quote on line {line}: {key}={quote}<value>{quote}",
                    Status.FAIL,
                )
            )
        index = end + 1
    return found


def _python_effect(lines: list[int], key: str, line: int) -> str:
    """What python-dotenv makes of KEY on an unclosed quote's line, given KEY's sorted lines."""
    earlier = lines[: bisect.bisect_left(lines, line)]
    if earlier:
        return f"python-dotenv skips the line, so {key} keeps its value from line {earlier[-1]}"
    return f"python-dotenv skips the line, so {key} is not set"


def _node_reading_at(env: EnvFile, line: int) -> str:
    """What Node's dotenv makes of the binding on `line`."""
    entries = env.entries if env.loader == "node" else env.other
    entry = next((e for e in entries if e.line == line), None)
    if entry is None:
        return "Node's dotenv skips it"
    value = entry.value or ""
    if "\n" in value:
        last = line + value.count("\n")
        return f"Node's dotenv reads lines {line}-{last} into the value"
    return (
        "Node's dotenv reads the rest of that line as the value, the quote included, "
        "and the lines after it as usual"
    )


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
