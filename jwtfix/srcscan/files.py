"""Which source files `check --src` reads, in which language, and their syntax trees.

The listing is `ops.scan.sources` (git's view of a work tree, ignore files,
symlinks and special files left out) and binary files are skipped by
`ops.scan.is_binary`; on top of that, dependencies, build output and tests are
left out below a folder that was named (a test's literal secret is no finding).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Literal, NamedTuple

from jwtfix.limits import MAX_SOURCE_BYTES, MAX_SOURCE_LINE, MAX_SOURCE_TOTAL
from jwtfix.ops.scan import Skipped, Source, is_binary, sources

if TYPE_CHECKING:
    from ast_grep_py import SgNode

Lang = Literal["javascript", "typescript", "tsx", "python"]

LANGUAGES: dict[str, Lang] = {
    ".js": "javascript",
    ".cjs": "javascript",
    ".mjs": "javascript",
    ".jsx": "javascript",
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "tsx",
    ".py": "python",
    ".vue": "typescript",
    ".svelte": "typescript",
}
"""File extension -> the grammar it is parsed with (.vue/.svelte: their <script> blocks)."""
OTHER_LANGUAGES = {
    ".go": "Go", ".java": "Java", ".kt": "Kotlin", ".scala": "Scala", ".cs": "C#", ".rb": "Ruby",
    ".php": "PHP", ".rs": "Rust", ".ex": "Elixir", ".exs": "Elixir", ".swift": "Swift",
    ".dart": "Dart",
}  # fmt: skip
"""Languages a service's or a frontend's JWT code is often written in that `--src` does not
read: counted, so that a report on no files read says why (a Go service read as 0 files)."""


class OtherLanguage(NamedTuple):
    """A source file in a language `--src` does not read."""

    name: str
    language: str


_LEFT_OUT_DIRS = frozenset(
    {
        "node_modules",
        "dist",
        "build",
        "out",
        ".next",
        ".nuxt",
        "coverage",
        "vendor",
        "venv",
        ".venv",
        "site-packages",
        "__pycache__",
        "migrations",
        "alembic",
        "test",
        "tests",
        "__tests__",
        "__mocks__",
        "mocks",
        # a server the demo runs instead of the real one (vue-vben-admin's apps/backend-mock)
        "mock",
        "backend-mock",
        "mock-backend",
        "mock-server",
        "mock-api",
        "mockserver",
        "fake-backend",
        "fake-server",
        "spec",
        "e2e",
        "cypress",
        "fixtures",
        "integration-tests",
        "integration_tests",
        "test-utils",
        "test_utils",
        "testing",
    }
)
_TEST_NAME = re.compile(
    r"(\.(test|spec|e2e|stories)\.[cm]?[jt]sx?$)|(^test_.*\.py$)|(_test\.py$)|(^conftest\.py$)|(\.min\.js$)|(\.d\.ts$)"
    # a server the demo fakes in the browser (Angular's fake-backend.ts interceptor)
    r"|(^(fake|mock)[-_.]?(backend|server|api)\.[cm]?[jt]sx?$)"
    # the scratch copy of a selection VS Code's Code Runner writes beside the file it ran
    r"|(^tempCodeRunnerFile\.)"
)
_SCRIPT = re.compile(rb"<script\b[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)

FRONTEND_PACKAGES = frozenset(
    {
        "react",
        "vue",
        "svelte",
        "@angular/core",
        "next",
        "nuxt",
        "preact",
        "solid-js",
        "react-native",
        "expo",
    }
)
BACKEND_PACKAGES = frozenset(
    {
        "express",
        "@nestjs/core",
        "fastify",
        "koa",
        "jsonwebtoken",
        "passport-jwt",
        "hapi",
        "@hapi/hapi",
        "mongoose",
        "sequelize",
        "typeorm",
        "@prisma/client",
        "hono",
        "elysia",
    }
)
_BACKEND_IMPORT = re.compile(
    r"""(?:require\(|from\s+|import\s+)['"](express|@nestjs/[\w-]+|fastify|koa|jsonwebtoken|passport[\w-]*|express-jwt|mongoose|sequelize|typeorm|@prisma/client|bcrypt\w*|http|node:http|next/server|next/headers|server-only|hono(?:/[\w-]+)*|elysia|@elysiajs/[\w-]+|h3)['"]"""
)
_SERVER_FILE = re.compile(
    r"(?:^|/)(?:[^/]+\.server\.[cm]?[jt]sx?|\+server\.[jt]s)$"
    r"|(?:^|/)pages/api/|(?:^|/)app/(?:[^/]+/)*route\.[jt]s$|(?:^|/)(?:server|proxy)/|(?:^|/)proxy\.[cm]?[jt]s$"
)
"""Files that run on the server by their framework's naming: SvelteKit's and Remix's
`+page.server.js`, `hooks.server.ts`, `+server.js`; Next.js's `pages/api/` and
`app/**/route.ts`; Nuxt's `server/api/`, a `server/` folder (T3's `src/server/`) and a
`proxy/` one (homepage's API proxies). Their `cookies.set(...)` is the server's, not a page
script's. (Next.js's `middleware.ts` is told by its `next/server` import: a Redux store's
`middleware.js` is the browser's.)"""
_FRONTEND_IMPORT = re.compile(
    r"""(?:from\s+|import\s+|require\()['"](react|vue|svelte|@angular/core|next/[\w/-]+|react-router[\w-]*|pinia|vuex|@reduxjs/toolkit|js-cookie|jwt-decode)['"]|\b(window|document|localStorage|sessionStorage)\."""
)


@dataclass
class SourceFile:
    """One file, parsed on first need."""

    name: str
    """As named on the command line or found under a named folder."""
    lang: Lang
    text: str
    offset_lines: int = 0
    """For a .vue/.svelte script block: the lines before it in the file."""
    package_side: str | None = None
    """`frontend` / `backend` from the nearest package.json, when it says."""
    lines: list[str] = field(default_factory=list)
    shown: str = ""
    """The text as written, when `text` differs from it (a JWT call's type argument blanked)."""

    @cached_property
    def root(self) -> SgNode:
        from ast_grep_py import SgRoot

        return SgRoot(self.text, self.lang).root()

    @cached_property
    def side(self) -> str:
        """`backend`, `frontend` or `unknown`: which judgements the file takes part in."""
        if self.lang == "python" or _SERVER_FILE.search(self.name.replace("\\", "/")):
            return "backend"
        if self.name.endswith((".vue", ".svelte", ".jsx", ".tsx")):
            return "frontend"
        head = self.text[:20_000]
        if _BACKEND_IMPORT.search(head):
            return "backend"
        if self.package_side is not None:
            return self.package_side
        if _FRONTEND_IMPORT.search(head):
            return "frontend"
        return "unknown"

    def line_text(self, line: int) -> str:
        """The 1-based line of the file (script blocks counted from the file's top)."""
        if not self.lines:
            self.lines = (self.shown or self.text).split("\n")
        index = line - 1 - self.offset_lines
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def written(self, node: SgNode) -> str:
        """A node's code as the file has it."""
        if not self.shown:
            return node.text()
        span = node.range()
        return self.shown[span.start.index : span.end.index]


_TEST_PACKAGE = re.compile(r"[-_.](?:smoke-?tests?|e2e|tests?|mocks?|fixtures)$", re.IGNORECASE)
"""A folder named for a package of tests beside the app's own (insomnia's
`packages/insomnia-smoke-test`, whose server fakes GitLab's OAuth endpoints)."""
_CODE_ROOTS = frozenset({"src", "app", "pages", "api", "routes", "lib"})
"""Where a package's code starts: below it a folder is named for a route or a module (dub's
`api/.../postbacks/[postbackId]/send-test` route), not for a package of tests."""


def _left_out(rel: str) -> bool:
    parts = rel.replace("\\", "/").split("/")
    if any(part in _LEFT_OUT_DIRS for part in parts[:-1]):
        return True
    for part in parts[:-1]:
        if part in _CODE_ROOTS:
            break
        if _TEST_PACKAGE.search(part):
            return True
    return bool(_TEST_NAME.search(parts[-1]))


_ABOUT_TOKENS = re.compile(
    rb"jwt|token|bearer|cookie|localStorage|sessionStorage|refresh|log_?out|sign_?out"
    rb"|secret|interceptor|@nestjs|passport|simple_jwt|SIMPLE_JWT",
    re.IGNORECASE,
)
"""Code a judgement may need: it names tokens, cookies, storage, a secret or a logout."""


def read_files(paths: list[str]) -> Iterator[SourceFile | Skipped | OtherLanguage]:
    """Every source file under `paths`, read; Skipped for what could not be, OtherLanguage
    for a file in a language not read. When the code is more than the run may keep
    (MAX_SOURCE_TOTAL), files about tokens are kept first (tracecat's backend came after its
    frontend and 185 migrations, and was left out)."""
    listed: list[tuple[str, str, str, Lang, int]] = []  # name, path, ext, lang, size
    for item in sources(paths):
        if isinstance(item, Skipped):
            continue  # ignored, symlinks, special files: as scan leaves them
        assert isinstance(item, Source) and item.path is not None
        ext = os.path.splitext(item.name)[1].lower()
        lang = LANGUAGES.get(ext)
        if lang is None:
            if ext in OTHER_LANGUAGES and not _left_out(_relative(item.name, paths)):
                yield OtherLanguage(item.name, OTHER_LANGUAGES[ext])
            continue
        if _left_out(_relative(item.name, paths)):
            continue
        try:
            size = os.path.getsize(item.path)
        except OSError as err:
            yield Skipped(item.name, "unreadable", err.strerror or str(err))
            continue
        if size > MAX_SOURCE_BYTES:
            yield Skipped(item.name, "unreadable", "larger than 2 MiB (generated?)")
            continue
        listed.append((item.name, item.path, ext, lang, size))
    # the service's code before the docs', the examples' and the tooling's (growthbook's docs/
    # and eslint-rules/ filled the run's reading before packages/ was reached)
    kept = _within_budget(sorted(listed, key=lambda item: _aside(item[0])))
    sides: dict[str, str | None] = {}
    budget = f"{MAX_SOURCE_TOTAL >> 20} MiB"
    for name, path, ext, lang, _ in listed:
        data = kept.get(path)
        if data is None:
            why = f"past the {budget} of code read in one run (name a narrower --src)"
            yield Skipped(name, "unreadable", why)
            continue
        if isinstance(data, OSError):
            yield Skipped(name, "unreadable", data.strerror or str(data))
            continue
        yield from _source_files(name, path, ext, lang, data, sides)


_ASIDE_DIRS = frozenset(
    {"docs", "doc", "documentation", "examples", "example", "samples", "sample", "scripts",
     "tools", "benchmarks", "bench", "eslint-rules", "storybook", ".storybook", "website"}
)  # fmt: skip


def _aside(name: str) -> bool:
    """Whether a file sits in a folder of documentation, examples or tooling."""
    return any(part in _ASIDE_DIRS for part in name.replace("\\", "/").split("/")[:-1])


def _within_budget(listed: list[tuple[str, str, str, Lang, int]]) -> dict[str, bytes | OSError]:
    """The files read, by path, within MAX_SOURCE_TOTAL: all of them when they fit, else
    those about tokens first, then the others in their order, while the budget lasts. Files
    are read once, and at most four budgets' worth of them to choose from."""
    read: dict[str, bytes | OSError] = {}
    total = 0
    for _, path, _, _, size in listed:
        if total + size > 4 * MAX_SOURCE_TOTAL:
            break
        total += size
        try:
            with open(path, "rb") as handle:
                read[path] = handle.read(MAX_SOURCE_BYTES + 1)
        except OSError as err:
            read[path] = err
    if total <= MAX_SOURCE_TOTAL:
        return read
    about = {p: None for p, d in read.items() if isinstance(d, bytes) and _ABOUT_TOKENS.search(d)}
    kept: dict[str, bytes | OSError] = {}
    spent = 0
    for path in [*about, *(p for p in read if p not in about)]:
        data = read[path]
        size = len(data) if isinstance(data, bytes) else 0
        if spent + size <= MAX_SOURCE_TOTAL:
            kept[path] = data
            spent += size
    return kept


def _source_files(
    name: str, path: str, ext: str, lang: Lang, data: bytes, sides: dict[str, str | None]
) -> Iterator[SourceFile | Skipped]:
    if is_binary(data):
        return
    longest = max(len(line) for line in data.split(b"\n"))
    if longest > MAX_SOURCE_LINE:
        yield Skipped(name, "unreadable", f"a line of {longest:,} bytes (minified or generated?)")
        return
    side = _package_side(os.path.dirname(path) or ".", sides)
    if ext in (".vue", ".svelte"):
        for match in _SCRIPT.finditer(data):
            before = data[: match.start(1)].count(b"\n")
            yield SourceFile(
                name,
                "typescript",
                match.group(1).decode("utf-8", "replace"),
                offset_lines=before,
                package_side=side,
            )
        return
    written = data.decode("utf-8", "replace")
    text = written
    if lang in ("typescript", "tsx"):
        text = _JWT_CALL_TYPE_ARGUMENTS.sub(_blank, written)
        text = _LITERAL_CAST.sub(lambda m: _spaces(m[0]), text)
    elif lang == "python":
        text = _unaliased(written)
    shown = written if text != written else ""
    yield SourceFile(name, lang, text, package_side=side, shown=shown)


_JWT_CALL_TYPE_ARGUMENTS = re.compile(
    r"(\b(?:verify|verifyAsync|sign|signAsync|jwtVerify|decode|jwtDecode))"
    r"(<[\w\s.,|&\[\]{}:;?'\"]*(?:<[\w\s.,|&\[\]{}:;?'\"]*>[\w\s.,|&\[\]{}:;?'\"]*)*>)(?=\s*\()"
)
"""A JWT call's TypeScript type argument (`this.jwtService.verifyAsync<Payload>(token)`,
jose's `jwtVerify<Claims>(...)`): the rules' patterns and words are written without one, and
the TypeScript grammar reads `await f<T>(x)` as a call of `await f`."""


_LITERAL_CAST = re.compile(
    r"(?<=[}\]])[ \t]*\b(?:as|satisfies)[ \t]+(?!const\b)"
    r"[A-Za-z_$][\w$.]*(?:<[\w$.,\s|\[\]]*>)?(?:\[\s*[\"'][\w$]+[\"']\s*\])*(?:\[\])?(?=\s*[;,)\n])"
)
"""A type cast after an object or array literal (`{ expiresIn: '1y' } as jwt.SignOptions`,
`{ maxAge, path } satisfies SerializeOptions`, `{ id, iat } as UserTokenData["decoded"]`): the
TypeScript grammar makes it an `as_expression`, which the rules, written for the literal, do
not read; blanked like a type argument."""


def _blank(match: re.Match[str]) -> str:
    """The call's name, its type argument as spaces: every later position stays where it
    was."""
    return match.group(1) + _spaces(match.group(2))


def _spaces(text: str) -> str:
    """Code blanked: each character a space, its line breaks kept."""
    return re.sub(r"[^\n]", " ", text)


_PY_JWT_ALIAS = re.compile(
    r"^[ \t]*(?:import[ \t]+jwt|from[ \t]+jose[ \t]+import[ \t]+jwt)"
    r"[ \t]+as[ \t]+(\w{3,})[ \t]*(?:#.*)?$",
    re.MULTILINE,
)
"""`import jwt as pyjwt`, `from jose import jwt as jose_jwt`: the module under another name
(one of at least three letters, which `jwt` and spaces can stand for)."""


def _unaliased(text: str) -> str:
    """The Python code with each use of a JWT module's alias (`pyjwt.encode(...)`) read as
    `jwt` (`jwt  .encode(...)`, as Python allows), the name the rules' patterns spell: every
    later position stays where it was."""
    aliases = {m.group(1) for m in _PY_JWT_ALIAS.finditer(text)} - {"jwt"}
    if not aliases:
        return text
    names = "|".join(map(re.escape, sorted(aliases)))
    use = re.compile(r"(?<![\w.])(" + names + r")(?=[ \t]*\.)")
    return use.sub(lambda m: "jwt" + " " * (len(m.group(1)) - 3), text)


def _relative(name: str, roots: list[str]) -> str:
    """The file's path under the root it was found in (`--src .` lists `node_modules/x.js`,
    with no `./`), or its bare name."""
    path = os.path.abspath(name)
    for root in roots:
        if os.path.isdir(root):
            relative = os.path.relpath(path, os.path.abspath(root))
            if relative != ".." and not relative.startswith(".." + os.sep):
                return relative
    return os.path.basename(name)


def _package_side(folder: str, cache: dict[str, str | None]) -> str | None:
    """Frontend or backend, as the nearest package.json's dependencies say (None: neither)."""
    if folder in cache:
        return cache[folder]
    found: str | None = None
    manifest = os.path.join(folder, "package.json")
    parent = os.path.dirname(os.path.abspath(folder))
    if os.path.isfile(manifest):
        try:
            with open(manifest, encoding="utf-8") as handle:
                data = json.load(handle)
            deps = set(data.get("dependencies") or {}) | set(data.get("devDependencies") or {})
        except (OSError, ValueError, AttributeError, TypeError):
            deps = set()
        if deps & BACKEND_PACKAGES and not deps & FRONTEND_PACKAGES:
            found = "backend"
        elif deps & FRONTEND_PACKAGES and not deps & BACKEND_PACKAGES:
            found = "frontend"
    elif parent != os.path.abspath(folder) and not os.path.isdir(os.path.join(folder, ".git")):
        found = _package_side(parent, cache)
    cache[folder] = found
    return found
