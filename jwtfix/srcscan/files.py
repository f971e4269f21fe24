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
from typing import TYPE_CHECKING, Literal

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
        "spec",
        "e2e",
        "cypress",
        "fixtures",
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
    }
)
_BACKEND_IMPORT = re.compile(
    r"""(?:require\(|from\s+|import\s+)['"](express|@nestjs/[\w-]+|fastify|koa|jsonwebtoken|passport[\w-]*|express-jwt|mongoose|sequelize|typeorm|@prisma/client|bcrypt\w*|http|node:http|next/server|next/headers|server-only)['"]"""
)
_SERVER_FILE = re.compile(
    r"(?:^|/)(?:[^/]+\.server\.[cm]?[jt]sx?|\+server\.[jt]s)$"
    r"|(?:^|/)pages/api/|(?:^|/)app/(?:[^/]+/)*route\.[jt]s$|(?:^|/)server/(?:api|routes|middleware)/"
)
"""Files that run on the server by their framework's naming: SvelteKit's and Remix's
`+page.server.js`, `hooks.server.ts`, `+server.js`; Next.js's `pages/api/` and
`app/**/route.ts`; Nuxt's `server/api/`. Their `cookies.set(...)` is the server's, not a page
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
            self.lines = self.text.split("\n")
        index = line - 1 - self.offset_lines
        return self.lines[index] if 0 <= index < len(self.lines) else ""


def _left_out(rel: str) -> bool:
    parts = rel.replace("\\", "/").split("/")
    if any(part in _LEFT_OUT_DIRS for part in parts[:-1]):
        return True
    return bool(_TEST_NAME.search(parts[-1]))


def read_files(paths: list[str]) -> Iterator[SourceFile | Skipped]:
    """Every source file under `paths`, read; Skipped for what could not be."""
    sides: dict[str, str | None] = {}
    total = 0
    for item in sources(paths):
        if isinstance(item, Skipped):
            continue  # ignored, symlinks, special files: as scan leaves them
        assert isinstance(item, Source) and item.path is not None
        ext = os.path.splitext(item.name)[1].lower()
        lang = LANGUAGES.get(ext)
        if lang is None or _left_out(_relative(item.name, paths)):
            continue
        try:
            size = os.path.getsize(item.path)
            if size > MAX_SOURCE_BYTES:
                yield Skipped(item.name, "unreadable", "larger than 2 MiB (generated?)")
                continue
            if total + size > MAX_SOURCE_TOTAL:
                budget = f"{MAX_SOURCE_TOTAL >> 20} MiB"
                why = f"past the {budget} of code read in one run (name a narrower --src)"
                yield Skipped(item.name, "unreadable", why)
                continue
            total += size
            with open(item.path, "rb") as handle:
                data = handle.read()
        except OSError as err:
            yield Skipped(item.name, "unreadable", err.strerror or str(err))
            continue
        if is_binary(data):
            continue
        longest = max(len(line) for line in data.split(b"\n"))
        if longest > MAX_SOURCE_LINE:
            yield Skipped(
                item.name, "unreadable", f"a line of {longest:,} bytes (minified or generated?)"
            )
            continue
        side = _package_side(os.path.dirname(item.path) or ".", sides)
        if ext in (".vue", ".svelte"):
            for match in _SCRIPT.finditer(data):
                before = data[: match.start(1)].count(b"\n")
                yield SourceFile(
                    item.name,
                    "typescript",
                    match.group(1).decode("utf-8", "replace"),
                    offset_lines=before,
                    package_side=side,
                )
            continue
        yield SourceFile(item.name, lang, data.decode("utf-8", "replace"), package_side=side)


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
