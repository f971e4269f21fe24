"""What an expression in the code is worth: a literal, a constant, or a `.env` value.

Only what can be read for sure: string and number literals, arithmetic of
them, `timedelta(...)`, a constant bound once in the file (or an UPPER_CASE
module constant of a Python settings file), and an environment read
(`process.env.X`, `os.environ[...]`, `os.getenv`, `config(...)`) resolved
through the `.env` given. Anything else (a function call, a parameter, a
value the `.env` does not hold) is None: the reader says nothing rather than
guess.
"""

from __future__ import annotations

import ast
import posixpath
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jwtfix.timefmt import ms


def kinds(node: SgNode, *names: str) -> list[SgNode]:
    """The descendants of `node` of these kinds; a kind its grammar lacks finds nothing."""
    found: list[SgNode] = []
    for name in names:
        try:
            found.extend(node.find_all(kind=name))
        except RuntimeError:  # ast-grep refuses a kind the language does not have
            continue
    return found


def code_of(node: SgNode, dead: Sequence[SgNode] = ()) -> str:
    """A node's text without its comments: `// refresh token` above a logout, or a
    commented-out `# @jwt_required(refresh=True)`, is no code that refreshes or guards.
    Nor the `dead` nodes inside it: branches a caller's flag never takes."""
    text = node.text()
    # (nor a docstring: praktikum-auth's `description: Token has been revoked` is prose)
    left_out = [*kinds(node, "comment"), *_docstrings(node, text), *dead]
    if not left_out:
        return text
    base = node.range().start.index  # ranges count characters from the file's start
    parts: list[str] = []
    last = 0
    for part in sorted(left_out, key=lambda c: c.range().start.index):
        span = part.range()
        start, end = span.start.index - base, span.end.index - base
        if start >= last:  # one pass over the text: linear in its size
            parts += [text[last:start], " "]
            last = end
    parts.append(text[last:])
    return "".join(parts)


def _docstrings(node: SgNode, text: str) -> list[SgNode]:
    """Python's docstrings under a node (whose text is `text`): a statement that is only a
    string."""
    if '"""' not in text and "'''" not in text:
        return []
    return [
        s
        for s in kinds(node, "expression_statement")
        if len(named := [c for c in s.children() if c.is_named()]) == 1
        and named[0].kind() == "string"
    ]


if TYPE_CHECKING:
    from collections.abc import Sequence

    from ast_grep_py import SgNode

    from jwtfix.envfile import EnvFile


@dataclass(frozen=True, slots=True)
class Value:
    """An expression's value and how it was found."""

    value: str | float
    via: str = ""
    """'' for a literal; `JWT_EXPIRES_IN in .env:3` for a value read from the environment."""
    env_default: bool = False
    """The code's fallback, used because the `.env` does not set the variable."""


def _as_number(value: Value | None) -> Value | None:
    """`int(x)`, `Number(x)`: the value as a number, found the same way; None if not one."""
    if value is None:
        return None
    try:
        return Value(float(value.value), value.via, value.env_default)
    except ValueError:
        return None


_ENV_JS = re.compile(r"^process\.env(?:\.([A-Za-z_]\w*)|\[\s*['\"]([^'\"]+)['\"]\s*\])$")
_ENV_PY_SUBSCRIPT = re.compile(r"^os\.environ\[\s*['\"]([^'\"]+)['\"]\s*\]$")
_ENV_PY_CALLS = re.compile(
    r"^(?:os\.getenv|os\.environ\.get|getenv|environ\.get|config|env|env\.(?:str|int|float)|"
    r"decouple\.config)$"
)
_UNITS = {"weeks": 604800, "days": 86400, "hours": 3600, "minutes": 60, "seconds": 1,
          "milliseconds": 0.001, "microseconds": 1e-6}  # fmt: skip
_TIMEDELTA_ORDER = ("days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks")


_REQUIRE = re.compile(r"require\(\s*['\"](\.{1,2}/[^'\"]+)['\"]\s*\)")
"""A relative module required (`require('../config/auth.config')`)."""


def required_module(text: str) -> str | None:
    """The relative path a `require('./x')` names, without a script's extension (not
    `.config` in `auth.config`), or None for anything else."""
    found = _REQUIRE.fullmatch(text.strip())
    if found is None:
        return None
    path = found.group(1)
    return posixpath.splitext(path)[0] if path.endswith((".js", ".cjs", ".mjs", ".ts")) else path


class Resolver:
    """Resolves expressions of one service: its `.env`, and the constants of its files."""

    def __init__(
        self,
        env: EnvFile | None,
        py_constants: dict[str, SgNode] | None = None,
        js_files: dict[str, Any] | None = None,
    ):
        self.env = env
        self.py_constants = py_constants or {}
        self.js_files = js_files or {}
        """{a JavaScript file's absolute path without its extension: its SourceFile}, for
        the members of a module another file requires (parsed only then)."""

    # --- environment
    def env_read(self, node: SgNode) -> tuple[str, SgNode | None] | None:
        """(variable, the code's default or None) when `node` reads the environment."""
        text = node.text().strip()
        kind = node.kind()
        if kind in ("member_expression", "subscript_expression"):
            match = _ENV_JS.match(text)
            if match:
                return (match.group(1) or match.group(2)), None
            # a name bound to process.env (ever-traduora's `const env = process.env`)
            obj = node.field("object")
            if obj is not None and obj.kind() == "identifier":
                bound = self.constant(obj)
                if bound is not None and bound.text().strip() == "process.env":
                    match = _ENV_JS.match("process.env" + text[len(obj.text()) :])
                    if match:
                        return (match.group(1) or match.group(2)), None
        if kind == "subscript":
            match = _ENV_PY_SUBSCRIPT.match(text)
            if match:
                return match.group(1), None
        if kind == "call":
            func = node.field("function")
            args = node.field("arguments")
            if func is not None and args is not None and _ENV_PY_CALLS.match(func.text()):
                positional = [a for a in args.children() if a.is_named() and a.kind() != "comment"]
                if not positional or positional[0].kind() != "string":
                    return None
                name = _py_string(positional[0])
                if name is None:
                    return None
                default = None
                for arg in positional[1:]:
                    if arg.kind() == "keyword_argument":
                        key = arg.field("name")
                        if key is not None and key.text() == "default":
                            default = arg.field("value")
                    elif default is None:
                        default = arg
                return name, default
        return None

    def from_env(self, name: str) -> Value | None:
        if self.env is None:
            return None
        entry = self.env.get(name)
        if entry is None or entry.value is None:
            return None
        return Value(entry.value, f"{name} in {self.env.path}:{entry.line}")

    def fallback(self, node: SgNode) -> tuple[str, SgNode] | None:
        """`process.env.X || 'lit'` / `?? 'lit'`, Python's `os.environ.get('X') or 'lit'`:
        (X, the literal node)."""
        if node.kind() not in ("binary_expression", "boolean_operator"):
            return None
        left, right = node.field("left"), node.field("right")
        operator = node.field("operator")
        op = operator.text() if operator is not None else ""
        if left is None or right is None or op not in ("||", "??", "or"):
            return None
        read = self._env_chain(left)
        if read is None:
            return None
        if right.kind() == "identifier":
            # a literal bound once in the file (kener's `const DUMMY_SECRET = "DUMMY_SECRET"`)
            bound = self.constant(right)
            if bound is not None and bound.kind() == "string":
                return read[0], bound
        return read[0], right

    def _env_chain(self, node: SgNode) -> tuple[str, SgNode | None] | None:
        """What `env_read` gives for the first variable of a read or of a chain of reads
        (teable's `process.env.BACKEND_JWT_SECRET ?? process.env.SECRET_KEY ?? '...'`)."""
        read = self.env_read(node)
        if read is not None or node.kind() not in ("binary_expression", "boolean_operator"):
            return read
        operator = node.field("operator")
        left, right = node.field("left"), node.field("right")
        if operator is None or operator.text() not in ("||", "??", "or") or left is None:
            return None
        if right is None or self.env_read(right) is None:
            return None
        return self._env_chain(left)

    # --- values
    def value(self, node: SgNode | None, depth: int = 0) -> Value | None:
        """The value of `node`: a string, a number (seconds for timedelta), or None."""
        if node is None or depth > 6:
            return None
        kind = node.kind()
        if kind in ("string", "template_string"):
            text = _any_string(node)
            return None if text is None else Value(text)
        if kind in ("number", "integer", "float"):
            try:
                return Value(float(node.text().replace("_", "")))
            except ValueError:
                return None
        if kind in ("parenthesized_expression",):
            inside = [c for c in node.children() if c.is_named()]
            return self.value(inside[0], depth + 1) if len(inside) == 1 else None
        if kind in ("binary_expression", "binary_operator"):
            fallback = self.fallback(node)
            if fallback is not None:
                return self._env_or_default(fallback[0], fallback[1], depth)
            return self._arithmetic(node, depth)
        read = self.env_read(node)
        if read is not None:
            return self._env_or_default(read[0], read[1], depth)
        if kind == "call":
            func = node.field("function")
            name = func.text() if func is not None else ""
            if name in ("timedelta", "datetime.timedelta", "dt.timedelta"):
                return self._timedelta(node, depth)
            if name in ("int", "float") or name.endswith(".int"):
                named = [a for a in (node.field("arguments") or node).children() if a.is_named()]
                if len(named) == 1:
                    return _as_number(self.value(named[0], depth + 1))
            return None
        if kind == "call_expression":
            func = node.field("function")
            name = func.text() if func is not None else ""
            call_args = [a for a in (node.field("arguments") or node).children() if a.is_named()]
            if name in ("parseInt", "Number", "parseFloat") and call_args:
                return _as_number(self.value(call_args[0], depth + 1))
            if name == "ms" and len(call_args) == 1:
                return self._milliseconds(call_args[0], depth)
            return None
        if kind == "identifier":
            bound = self.constant(node)
            return self.value(bound, depth + 1) if bound is not None else None
        if kind == "member_expression":
            exported = self._module_member(node)
            if exported is None:
                return None
            found = self.value(exported[0], depth + 1)
            if found is None or found.via:
                return found
            return Value(found.value, exported[1])
        if kind == "attribute" and node.text().startswith("settings."):
            name = node.text().split(".", 1)[1]
            bound = self.py_constants.get(name)
            return self.value(bound, depth + 1) if bound is not None else None
        if kind == "attribute":
            bound = _class_attribute(node)
            return self.value(bound, depth + 1) if bound is not None else None
        return None

    def _module_member(self, node: SgNode) -> tuple[SgNode, str] | None:
        """`config.jwtExpiration` where `const config = require('../config/auth.config')` and
        that module exports a literal object (bezkoder's tutorials): the member's node, and
        where it is written (`jwtExpiration in app/config/auth.config.js:3`)."""
        obj, prop = node.field("object"), node.field("property")
        if obj is None or prop is None or obj.kind() != "identifier" or not self.js_files:
            return None
        bound = self.constant(obj)
        required = required_module(bound.text()) if bound is not None else None
        if required is None:
            return None
        text = node.get_root().root().text()  # the file the member is read in
        here = next((path for path, f in self.js_files.items() if f.text == text), None)
        if here is None:
            return None
        target = posixpath.normpath(posixpath.join(posixpath.dirname(here), required))
        module = self.js_files.get(target) or self.js_files.get(target + "/index")
        if module is None or "module.exports" not in module.text:
            return None
        for assign in kinds(module.root, "assignment_expression"):
            left, right = assign.field("left"), assign.field("right")
            if left is None or right is None or left.text() != "module.exports":
                continue
            for pair in kinds(right, "pair"):
                key, value = pair.field("key"), pair.field("value")
                if key is None or value is None or pair.parent() != right:
                    continue  # a key of an object inside the exported one
                if key.text().strip("'\"") == prop.text():
                    where = f"{prop.text()} in {module.name}:{pair.range().start.line + 1}"
                    return value, where
        return None

    def _env_or_default(self, name: str, default: SgNode | None, depth: int) -> Value | None:
        if self.env is None:
            return None  # without the .env, what runs cannot be known
        found = self.from_env(name)
        if found is not None:
            return found
        if default is None:
            return None
        fallback = self.value(default, depth + 1)
        if fallback is None:
            return None
        return Value(fallback.value, f"the code's default ({name} is not in {self.env.path})", True)

    def _milliseconds(self, node: SgNode, depth: int) -> Value | None:
        """The `ms` package's `ms('24h')`: a number of milliseconds (jsonwebtoken reads a
        number as seconds, so `expiresIn: ms('24h')` lives a thousand days)."""
        inner = self.value(node, depth + 1)
        if inner is None or not isinstance(inner.value, str):
            return None
        parsed = ms(inner.value.strip())
        if parsed is None:
            return None
        via = f"ms({inner.value!r}) is {parsed:,.0f}, a number of milliseconds"
        return Value(float(parsed), f"{inner.via}: {via}" if inner.via else via, inner.env_default)

    def _arithmetic(self, node: SgNode, depth: int) -> Value | None:
        left, right = node.field("left"), node.field("right")
        operator = node.field("operator")
        op = operator.text() if operator is not None else ""
        a, b = self.value(left, depth + 1), self.value(right, depth + 1)
        if (
            a is None
            or b is None
            or not isinstance(a.value, float)
            or not isinstance(b.value, float)
        ):
            return None
        via = a.via or b.via
        if op == "*":
            return Value(a.value * b.value, via)
        if op == "+":
            return Value(a.value + b.value, via)
        if op == "-":
            return Value(a.value - b.value, via)
        if op == "/" and b.value:
            return Value(a.value / b.value, via)
        if op == "**":  # `timedelta(10 ** 6)`; an absurd power is no value, not a crash
            try:
                power = a.value**b.value
            except (OverflowError, ZeroDivisionError):
                return None
            return Value(power, via) if isinstance(power, float) else None
        return None

    def _timedelta(self, node: SgNode, depth: int) -> Value | None:
        args = node.field("arguments")
        if args is None:
            return None
        total = 0.0
        via = ""
        position = 0
        for arg in args.children():
            if not arg.is_named() or arg.kind() == "comment":
                continue
            if arg.kind() == "keyword_argument":
                key = arg.field("name")
                unit = key.text() if key is not None else ""
                part = self.value(arg.field("value"), depth + 1)
            else:
                unit = _TIMEDELTA_ORDER[position] if position < len(_TIMEDELTA_ORDER) else ""
                position += 1
                part = self.value(arg, depth + 1)
            if unit not in _UNITS or part is None:
                return None
            try:
                total += float(part.value) * _UNITS[unit]
            except ValueError:
                return None
            via = via or part.via
        return Value(total, via)

    def constant(self, ident: SgNode) -> SgNode | None:
        """The value a name is bound to once in its file (`const X = ...`, `X = ...`)."""
        name = ident.text()
        root = ident.get_root().root()
        bound: list[SgNode] = []
        for decl in kinds(root, "variable_declarator"):
            key = decl.field("name")
            if key is not None and key.text() == name and decl.field("value") is not None:
                bound.append(decl)
        if len(bound) == 1:
            parent = bound[0].parent()
            if parent is not None and parent.text().startswith("const"):
                return bound[0].field("value")
            return None
        if bound:
            return None
        if root.kind() == "module":
            bound = _assignments(root, name)
            if len(bound) == 1:
                return bound[0].field("right")
            if not bound and name.isupper():
                return self.py_constants.get(name)
        return None


def _any_string(node: SgNode) -> str | None:
    """A string literal's text without quotes; None when it interpolates."""
    if node.kind() == "template_string":
        if any(c.kind() == "template_substitution" for c in node.children()):
            return None
        return node.text()[1:-1]
    if node.kind() == "string":
        if any(c.kind() == "interpolation" for c in node.children()):
            return None
        return _py_string(node) if node.get_root().root().kind() == "module" else _js_text(node)
    return None


def _js_text(node: SgNode) -> str | None:
    text = node.text()
    return text[1:-1] if len(text) >= 2 else None


def _py_string(node: SgNode) -> str | None:
    try:
        value = ast.literal_eval(node.text())
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    return value if isinstance(value, str) else None


def string_of(node: SgNode | None) -> str | None:
    """A string literal's value, or None for anything else."""
    return None if node is None else _any_string(node)


_JOSE_FROM_NOW = re.compile(r"\s+from\s+now$", re.IGNORECASE)
"""jose's suffix for a span ahead (`'1 day from now'`): the span is the same without it."""


def _ms_seconds(text: str) -> float | None:
    parsed = ms(text)
    return None if parsed is None else parsed / 1000.0


def seconds(value: Value, *, unit: str) -> float | None:
    """A lifetime in seconds from a value read as `unit` reads it.

    `jsonwebtoken`: a number is seconds, a string is the `ms` grammar (a bare
    number string is milliseconds). `jose`: its time spans, the `ms` words with an
    optional `from now` (`'1 day from now'`; a span `ago` or negative is no lifetime).
    `seconds`/`minutes`/...: a number in that unit.
    """
    if isinstance(value.value, float):
        return value.value * {"jsonwebtoken": 1.0, "jose": 1.0, **_UNITS}.get(unit, 1.0)
    if unit == "jose":
        span = _JOSE_FROM_NOW.sub("", value.value.strip()).lstrip("+").strip()
        return None if span.startswith("-") or span.endswith("ago") else _ms_seconds(span)
    if unit == "jsonwebtoken":
        return _ms_seconds(value.value.strip())
    try:
        return float(value.value) * _UNITS.get(unit, 1.0)
    except ValueError:
        return None


def _class_attribute(node: SgNode) -> SgNode | None:
    """`self.expires` read in a method of a class whose body says `expires = timedelta(days=365)`
    once (YouDMC's UserRegister), and no method assigns `self.expires`: the value assigned."""
    obj, attr = node.field("object"), node.field("attribute")
    if obj is None or attr is None or obj.text() not in ("self", "cls"):
        return None
    owner = next((a for a in node.ancestors() if a.kind() == "class_definition"), None)
    body = owner.field("body") if owner is not None else None
    if body is None:
        return None
    name = attr.text()
    found = _assignments(body, name)
    if len(found) != 1 or re.search(rf"\b(?:self|cls)\.{re.escape(name)}\s*=(?!=)", body.text()):
        return None
    return found[0].field("right")


def _assignments(block: SgNode, name: str) -> list[SgNode]:
    """The `name = value` statements written directly in a module's or a class's body."""
    return [
        assign
        for statement in block.children()
        if statement.kind() == "expression_statement"
        for assign in statement.children()
        if assign.kind() == "assignment"
        and (left := assign.field("left")) is not None
        and left.text() == name
    ]
