"""Run the rules over the files of `check --src` and make the `SrcReport`."""

from __future__ import annotations

import os
import re
from collections import Counter
from typing import TYPE_CHECKING

from jwtfix.model import Status
from jwtfix.ops.scan import Skipped
from jwtfix.srcscan import CodeFinding, Place, SrcReport
from jwtfix.srcscan.files import OtherLanguage, SourceFile, read_files
from jwtfix.srcscan.rules import (
    EXTRACTORS,
    OK,
    UNREAD,
    VERIFIES,
    Context,
    Hit,
    Limits,
    Rule,
    async_verifiers,
    backend_transports,
    load_rules,
    nest_module_expiries,
    nest_signs_own_lifetimes,
    own_jwt_key,
    pairs,
    pattern_search,
    stored_token_slots,
)
from jwtfix.srcscan.service import Ok, Unread, judge
from jwtfix.srcscan.values import Resolver

if TYPE_CHECKING:
    from ast_grep_py import SgNode

    from jwtfix.envfile import EnvFile

_LANGS = {"javascript": "js", "typescript": "js", "tsx": "js", "python": "py"}
CODE_WIDTH = 160
"""Longest code line shown; longer ones are cut (minified code)."""


_FLASK_JWT_ISSUES = re.compile(r"^[^#\n]*\bcreate_(?:access|refresh)_token\s*\(", re.MULTILINE)
"""A call of Flask-JWT-Extended's token makers, on a line before any comment."""
_PYJWT_ENCODES = re.compile(r"^[^#\n]*\bjwt\s*\.encode\s*\(", re.MULTILINE)
_PASSPORT_STRATEGY = re.compile(r"PassportStrategy\(|\bnew\s+(?:Jwt)?Strategy\s*\(")
"""passport-jwt's strategy, as NestJS extends it or Express registers it (`passport.use(new
JwtStrategy(opts, verify))`)."""
_NAMES_JWT = re.compile(r"^[^#\n]*jwt", re.MULTILINE | re.IGNORECASE)
"""A Python line that names JWTs before any comment (a comment about them uses none)."""

_NEST_VERIFY_OPTIONS = re.compile(r"verifyOptions\s*:\s*\{[^{}]*\balgorithms\b")
"""`JwtModule.register({ verifyOptions: { algorithms: [...] } })`: JwtService's verifications
are pinned there."""


def analyse(paths: list[str], *, env: EnvFile | None, limits: Limits) -> SrcReport:
    """Read the code under `paths` and judge it (JWT901-JWT910)."""
    files: list[SourceFile] = []
    skipped: list[str] = []
    others: Counter[str] = Counter()
    for item in read_files(paths):
        if isinstance(item, Skipped):
            skipped.append(f"{item.path}: {item.detail or item.reason}")
        elif isinstance(item, OtherLanguage):
            others[item.language] += 1
        else:
            files.append(item)
    return analyse_files(
        files,
        env=env,
        limits=limits,
        skipped=skipped,
        roots=paths,
        other_languages=tuple(others.most_common()),
    )


def analyse_files(
    files: list[SourceFile],
    *,
    env: EnvFile | None,
    limits: Limits,
    skipped: list[str] | None = None,
    roots: list[str] | None = None,
    other_languages: tuple[tuple[str, int], ...] = (),
) -> SrcReport:
    rules = load_rules()
    by_name = {rule.name: rule for rule in rules}
    constants = _python_constants(files)
    resolver = Resolver(env, constants, _js_files(files))
    python_texts = [file.text for file in files if file.lang == "python"]
    own_key = own_jwt_key(python_texts)
    python_jwt = any(_NAMES_JWT.search(text) for text in python_texts)
    nest_algorithms = any(
        _NEST_VERIFY_OPTIONS.search(file.text)
        for file in files
        if file.lang != "python" and "JwtModule" in file.text
    )
    # (or passport-jwt's strategy, which @nestjs/passport's AuthGuard('jwt') runs)
    guard_verifies = any(
        ("canActivate" in file.text and VERIFIES.search(file.text))
        or ("passport-jwt" in file.text and _PASSPORT_STRATEGY.search(file.text))
        for file in files
        if file.lang != "python"
    )
    # Flask-JWT-Extended configured but never asked for a token, which PyJWT signs instead
    # (recaps): its JWT_ACCESS_TOKEN_EXPIRES decides nothing
    flask_jwt_unused = not any(_FLASK_JWT_ISSUES.search(text) for text in python_texts) and any(
        _PYJWT_ENCODES.search(text) for text in python_texts
    )
    nest_overridden = nest_signs_own_lifetimes(files)
    nest_expiries = nest_module_expiries(files)
    verifiers = async_verifiers(files)
    transports = backend_transports(files)
    slots = stored_token_slots(files)
    hits: list[tuple[Rule, SourceFile, Hit]] = []
    judged: dict[str, int] = {}
    places: dict[str, set[Place]] = {}
    unread: dict[str, int] = {}
    simplejwt: dict[str, str] = {}
    for file in files:
        lang = _LANGS[file.lang]
        ctx = Context(
            file,
            resolver,
            limits,
            own_key,
            slots,
            python_jwt,
            nest_algorithms,
            guard_verifies,
            flask_jwt_unused,
            nest_overridden,
            verifiers,
            transports=transports,
            nest_module_expiries=nest_expiries,
        )
        for rule in rules:
            if rule.extract == "service" or lang not in rule.languages:
                continue
            if rule.requires is not None and not rule.requires.search(file.text):
                continue
            extract = EXTRACTORS[rule.extract]
            for match in rule.search.find_all(file):
                for found in extract(match, ctx):
                    if found == OK:
                        judged[rule.id] = judged.get(rule.id, 0) + 1
                        places.setdefault(rule.id, set()).add(_place(file, match))
                    elif found == UNREAD:
                        unread[rule.id] = unread.get(rule.id, 0) + 1
                    elif isinstance(found, Hit):
                        hits.append((rule, found.file or file, found))
        if file.lang == "python":
            for match in pattern_search("SIMPLE_JWT = $D").find_all(file):
                for key, value in pairs(match.get_match("D")).items():
                    simplejwt[key] = value.text()
    for result in judge(files, simplejwt):
        if isinstance(result, Ok):
            judged[result.id] = judged.get(result.id, 0) + 1
            if result.at is not None:
                places.setdefault(result.id, set()).add(_place(*result.at))
        elif isinstance(result, Unread):
            unread[result.id] = unread.get(result.id, 0) + 1
        else:
            hits.append((by_name[result.name], result.file, result.hit))
    # A secret literal found anywhere in a file is masked in every finding of that file:
    # a JWT909 on `jwt.verify(t, 'literal')` shows the same line as JWT908 does.
    secrets: dict[str, set[str]] = {}
    for _, file, hit in hits:
        secrets.setdefault(file.name, set()).update(n.text() for n in hit.mask if n.text())
    findings = [
        _finding(rule, file, hit, secrets.get(file.name, set())) for rule, file, hit in hits
    ]
    unique = {(f.id, f.file, f.line, f.column, f.message): f for f in findings}
    ordered = sorted(unique.values(), key=lambda f: (f.id, f.file, f.line, f.column))
    return SrcReport(
        findings=tuple(ordered),
        judged=judged,
        places={
            check_id: tuple(sorted(at, key=lambda p: (p.file, p.line, p.column)))
            for check_id, at in places.items()
        },
        unread=unread,
        files=len({f.name for f in files}),
        skipped=tuple(skipped or ()),
        roots=tuple(roots or ()),
        other_languages=other_languages,
    )


def _js_files(files: list[SourceFile]) -> dict[str, SourceFile]:
    """The JavaScript and TypeScript files by absolute path without extension: where a
    `require('../config/auth.config')` leads (`Resolver._module_member`)."""
    return {
        os.path.splitext(os.path.abspath(file.name))[0].replace(os.sep, "/"): file
        for file in files
        if file.lang != "python" and not file.name.endswith((".vue", ".svelte"))
    }


def _python_constants(files: list[SourceFile]) -> dict[str, SgNode]:
    """UPPER_CASE module constants of the Python files, bound once (settings, config)."""
    seen: dict[str, list[SgNode]] = {}
    for file in files:
        if file.lang != "python":
            continue
        for stmt in file.root.children():
            if stmt.kind() != "expression_statement":
                continue
            for assign in stmt.children():
                left = assign.field("left") if assign.kind() == "assignment" else None
                right = assign.field("right") if left is not None else None
                if left is not None and right is not None and left.text().isupper():
                    seen.setdefault(left.text(), []).append(right)
    return {name: nodes[0] for name, nodes in seen.items() if len(nodes) == 1}


def _place(file: SourceFile, node: SgNode) -> Place:
    """Where a node starts: 1-based line (a script block's counted from its file's top)
    and column."""
    start = node.range().start
    return Place(file.name, start.line + 1 + file.offset_lines, start.column + 1)


def _finding(rule: Rule, file: SourceFile, hit: Hit, secrets: set[str]) -> CodeFinding:
    """The finding of `hit`, its code line and message with every secret literal masked."""
    place = _place(file, hit.node)
    code = file.line_text(place.line)
    snippet = " ".join(file.written(hit.node).split())
    for literal in sorted(secrets, key=len, reverse=True):
        masked = literal[0] + "***" + literal[-1] if len(literal) > 1 else "***"
        code = code.replace(literal, masked)
        snippet = snippet.replace(" ".join(literal.split()), masked)
        # and its value outside quotes, as a whole name that spells it (kener's
        # `|| DUMMY_SECRET`, bound to "DUMMY_SECRET"), not an object's key (`secret: ...`)
        inner = literal.strip("'\"`")
        if len(inner) >= 6 and inner != literal:
            bare = re.compile(rf"(?<![\w$.'\"`]){re.escape(inner)}(?![\w$'\"`])(?!\s*:)")
            hidden = inner[0] + "***" + inner[-1]
            code, snippet = bare.sub(hidden, code), bare.sub(hidden, snippet)
    snippet = _short(snippet)
    fields = {"code": snippet, "value": "", "via": "", "range": "", **hit.fields}
    message = rule.message.get(hit.variant, rule.message.get("", "")).format(**fields)
    if len(snippet) > 1 and snippet[0] == snippet[-1] == "`":
        # a template literal is quoted by its own backticks (`Bearer ${token}`), not doubled
        message = message.replace(f"`{snippet}`", snippet)
    fix = rule.fix.get(hit.variant, rule.fix.get("", "")).format(**fields)
    stripped = code.strip()
    if len(stripped) > CODE_WIDTH:
        stripped = stripped[: CODE_WIDTH - 1] + "…"
    return CodeFinding(
        id=rule.id,
        status=Status(hit.status),
        file=file.name,
        line=place.line,
        column=place.column,
        code=stripped,
        message=message,
        fix=fix,
        rule=rule.name,
    )


def _short(text: str) -> str:
    """A match as it reads in a message: one line, long arguments elided."""
    flat = " ".join(text.split())
    if len(flat) <= 70:
        return flat
    head = flat[:60]
    # (past an empty call chained on: `cookies().set(…)`, not `cookies(…)`)
    opening = re.sub(r"\(\s*\)(?=\s*\.)", lambda m: "\0" * len(m[0]), head).find("(")
    if 0 < opening < 50:
        return flat[: opening + 1] + "…)"
    return head + "…"
