"""The rules of `data/src-rules.toml` and what each one reads from a match.

A rule's `match` goes to ast-grep as it is (with `where` as regex
constraints); its `extract` names one function here, which reads the match
and returns what it found: `Hit`s (a problem, with the message variant and its
fields), `OK` (the code does the right thing here) or nothing (the reader
cannot tell). Messages never hold a secret's value: a secret is named by its
length and masked in the code line.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from jwtfix.srcscan.values import Resolver, Value, code_of, kinds, seconds, string_of
from jwtfix.timefmt import span

if TYPE_CHECKING:
    from ast_grep_py import SgNode

    from jwtfix.srcscan.files import SourceFile


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    stacks: tuple[str, ...]
    languages: tuple[str, ...]
    match: dict[str, Any]
    where: dict[str, str]
    extract: str
    message: dict[str, str]
    fix: dict[str, str]
    examples: tuple[dict[str, str], ...]
    requires: re.Pattern[str] | None = None
    """A file the rule reads must contain this (its library's import), if set."""

    def config(self) -> dict[str, Any]:
        config: dict[str, Any] = {"rule": self.match}
        if self.where:
            config["constraints"] = {k: {"regex": v} for k, v in self.where.items()}
        return config

    @cached_property
    def search(self) -> Search:
        """The rule's search, with the text its matches need worked out once per run."""
        return Search(self.config())


# -- searching without asking ast-grep in vain ---------------------------------------------
#
# ast-grep-py compiles a rule (its patterns parsed by tree-sitter) on every `find_all` call and
# keeps nothing between calls: about 0.3 ms a rule, so a run over 50,000 small files spent
# minutes compiling rules for files that cannot match. A rule can only match a file whose text
# holds what the rule spells out: every word of a pattern that is not a metavariable (a leaf
# of the pattern matches a leaf of the same text), and a match of every `regex` (of a rule or
# of a metavariable's constraint) with its anchors taken off (a regex that matches a node's
# text matches, unanchored, the file that contains that text). `Search` works that out once
# from the rule and asks ast-grep only about files that pass; where it cannot tell (a rule
# made of `kind`s alone, an `any` with such a branch), it always asks.

_METAVAR = re.compile(r"\$\$?\$?[A-Z_][A-Z0-9_]*")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_UNSAFE_REGEX = re.compile(r"\\[bBAzZ]|\(\?<?[=!]")
"""Regex parts whose meaning changes outside the node's text (word boundaries, lookaround)."""

Need = Callable[[str], bool]


def _unanchored(regex: str) -> re.Pattern[str] | None:
    """`regex` with its `^` and `$` anchors taken off (None when that is not safe to do)."""
    if _UNSAFE_REGEX.search(regex):
        return None
    out: list[str] = []
    in_class = escaped = False
    for i, char in enumerate(regex):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]" or regex[i - 1] == "["
        elif char == "[":
            in_class = True
        elif char in "^$":
            continue
        out.append(char)
    try:
        return re.compile("".join(out))
    except re.error:
        return None


def _all(needs: list[Need | None]) -> Need | None:
    known = [need for need in needs if need is not None]
    if not known:
        return None
    if len(known) == 1:
        return known[0]
    return lambda text: all(need(text) for need in known)


def _any(needs: list[Need | None]) -> Need | None:
    if not needs or any(need is None for need in needs):
        return None
    known = [need for need in needs if need is not None]
    return lambda text: any(need(text) for need in known)


def _regex_need(regex: Any) -> Need | None:
    compiled = _unanchored(regex) if isinstance(regex, str) else None
    return None if compiled is None else lambda text: compiled.search(text) is not None


def _pattern_need(pattern: str, constraints: dict[str, Any]) -> Need | None:
    variables = {m.group().lstrip("$") for m in _METAVAR.finditer(pattern)}
    words = tuple(dict.fromkeys(_WORD.findall(_METAVAR.sub(" ", pattern))))
    needs: list[Need | None] = [
        _regex_need(constraints[name].get("regex"))
        for name in sorted(variables)
        if isinstance(constraints.get(name), dict)
    ]
    if words:
        needs.append(lambda text: all(word in text for word in words))
    return _all(needs)


def _rule_need(rule: Any, constraints: dict[str, Any]) -> Need | None:
    """What a file's text must hold for `rule` to match in it (None: no telling)."""
    if not isinstance(rule, dict):
        return None
    needs: list[Need | None] = []
    for key, value in rule.items():
        if key == "pattern" and isinstance(value, str):
            needs.append(_pattern_need(value, constraints))
        elif key == "regex":
            needs.append(_regex_need(value))
        elif key in ("has", "inside", "precedes", "follows"):
            needs.append(_rule_need(value, constraints))
        elif key == "all" and isinstance(value, list):
            needs.extend(_rule_need(item, constraints) for item in value)
        elif key == "any" and isinstance(value, list):
            needs.append(_any([_rule_need(item, constraints) for item in value]))
        # kind, not, matches, nthChild, range, stopBy, field: no text they need
    return _all(needs)


class Search:
    """One ast-grep rule config, and the text a file needs for it to match there."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.need = _rule_need(config.get("rule"), config.get("constraints") or {})

    def find_all(self, file: SourceFile, root: SgNode | None = None) -> list[SgNode]:
        """The matches in `root` (the file's tree by default); none without asking ast-grep
        when the file's text cannot hold one."""
        if self.need is not None and not self.need(file.text):
            return []
        node = file.root if root is None else root
        return node.find_all(self.config)  # type: ignore[call-overload,no-any-return]


@cache
def pattern_search(*patterns: str) -> Search:
    """The search for a pattern (or any of several), prepared once per run. ast-grep's
    `f($A, $$$REST)` needs an argument after `$A` (its comma is literal): a call that may
    end there is searched with `f($A)` too."""
    if len(patterns) == 1:
        return Search({"rule": {"pattern": patterns[0]}})
    return Search({"rule": {"any": [{"pattern": pattern} for pattern in patterns]}})


@dataclass(frozen=True)
class Hit:
    """A problem at `node`: which message variant, and the fields it is filled with."""

    node: SgNode
    variant: str
    status: str  # "fail" | "warn"
    fields: dict[str, str] = field(default_factory=dict)
    mask: tuple[SgNode, ...] = ()
    """Secret literals to mask in the shown line."""
    file: SourceFile | None = None
    """The file `node` is in, where it is not the file being read (a call of a storage
    helper in another module)."""


OK = "ok"
"""An extractor's answer for a place where the code does the right thing."""
UNREAD = "unread"
"""An extractor's answer for a place of its kind whose value the code does not say (a
lifetime or a secret from a config module, a call, an unset variable of the
environment): neither right nor wrong, and no longer "none found"."""

Found = Hit | str


@dataclass(frozen=True)
class Limits:
    """The access-token range of the profile, in seconds (plain values)."""

    access_min: float
    access_max: float


@cache
def load_rules() -> tuple[Rule, ...]:
    text = resources.files("jwtfix.data").joinpath("src-rules.toml").read_text("utf-8")
    data = tomllib.loads(text)
    rules = []
    for raw in data["rule"]:
        message = raw["message"]
        fix = raw["fix"]
        rules.append(
            Rule(
                id=raw["id"],
                name=raw["name"],
                stacks=tuple(raw["stacks"]),
                languages=tuple(raw["languages"]),
                match=raw["match"],
                where=dict(raw.get("where", {})),
                extract=raw["extract"],
                message=message if isinstance(message, dict) else {"": message},
                fix=fix if isinstance(fix, dict) else {"": fix},
                examples=tuple(raw.get("example", ())),
                requires=re.compile(raw["requires"]) if "requires" in raw else None,
            )
        )
    return tuple(rules)


@dataclass
class Context:
    """What an extractor may use: the file, the resolver, the profile's range."""

    file: SourceFile
    resolver: Resolver
    limits: Limits
    own_jwt_key: bool = False
    """The Python service gives JWTs a key of their own: its framework's SECRET_KEY is not it."""
    token_slots: frozenset[str] = frozenset()
    """Web-storage keys whose parsed JSON the frontend reads a token from (`stored_token_slots`)."""
    python_jwt: bool = False
    """Some Python file of the service uses JWTs (simplejwt in urls.py, PyJWT in a view): the
    framework's SECRET_KEY in settings.py, which names no JWT, may be their key."""
    nest_algorithms: bool = False
    """A `JwtModule.register(...)` of the service pins algorithms for `JwtService.verify`."""
    guard_verifies: bool = False
    """A NestJS guard of the service (`canActivate`) verifies tokens; Nest runs guards before
    interceptors."""
    flask_jwt_unused: bool = False
    """No Python file asks Flask-JWT-Extended for a token, and one signs with PyJWT: the
    extension's settings decide no token's lifetime."""
    nest_overridden: bool = False
    """Every `JwtService.sign` of the service gives its own expiresIn: the module's
    `signOptions.expiresIn` decides no token's lifetime."""
    async_verifiers: frozenset[str] = frozenset()
    """Names of the service's async functions that verify a token (`async function
    checkRefresh(...) { jwt.verify(...) }`), and of none that is not async."""
    transports: frozenset[str] | None = None
    """The names fastapi-users' `AuthenticationBackend(transport=...)` calls of the service
    are given, None when it makes no backend there (`backend_transports`)."""
    nest_module_expiries: tuple[tuple[str, bool], ...] = ()
    """Each `JwtModule.register(...)` of the service: its file's folder, and whether it gives a
    default expiresIn, which `jwtService.sign(payload)` signs with (`nest_module_expiries`)."""


Extractor = Callable[["SgNode", Context], Iterator[Found]]
EXTRACTORS: dict[str, Extractor] = {}


def extractor(func: Extractor) -> Extractor:
    EXTRACTORS[func.__name__] = func
    return func


# ---------------------------------------------------------------- helpers
FUNCTION_VALUES = ("arrow_function", "function_expression", "function")
"""A function written as a value (`(x) => ...`, `function (x) {...}`), not declared by name."""
_REFRESH = re.compile(r"refresh|\brt[_-]", re.IGNORECASE)
"""A refresh token's name: `refresh`, or its short form (`RT_SECRET`, `rt-secret`)."""
_ONE_USE = re.compile(
    r"reset|verif(?:y|ication)_?(?:email|token|link)|confirm|invit|magic|activat|validation"
    r"|signed_?url|ticket|oauth_?state|(?:sign|verify|create|make)_?state\b|state_?secret"
    r"|transfer_?token|download|file_?token|share_?token|slug_?token"
    # a step's own token: a second factor's, a cross-domain hand-over's, a renderer's, an
    # attachment's link (docmost)
    r"|mfa|2fa|two_?factor|exchange_?token|pdf|render_?token|attachment"
    # a code handed over once (saltcorn's `mintOAuthSessionCode`, `OAUTH_CODE_TTL = "60s"`)
    r"|(?:oauth|session|exchange|login|one_?time)_?code",
    re.IGNORECASE,
)
"""A one-use link's token (a password reset, an email verification, an invitation, a signed
URL or ticket a redirect carries), or a step's (a second factor's, a hand-over between domains):
no access token, whatever its lifetime."""
_ONE_USE_FILE = re.compile(
    r"(?:^|[-_.])(?:reset\w*|confirm\w*|invit\w*|magic|activat\w*|verif\w*|links?|tickets?"
    r"|share|download|oauth_?state)(?=[-_.])",
    re.IGNORECASE,
)
"""A module named for a one-use link (`export-link.get.ts`, `reset_password.py`): its name's
parts between `-`, `_` and `.`."""
_MAIL_MODULE = re.compile(r"(?:^|[/\\])(?:e-?mails?|mail(?:er|s|ing)?)(?:[/\\._]|$)", re.IGNORECASE)
"""A module that sends mail (`services/email/sender.py`, `mailer.js`): a token it signs goes
into a link."""


def one_use(names: str, file: str) -> bool:
    """Whether a signing makes a one-use link's token (a reset, a confirmation, a signed URL, a
    download ticket), by the names around it, its module's name, or a module that sends mail."""
    base = file.replace("\\", "/").rsplit("/", 1)[-1]
    return bool(_ONE_USE.search(names) or _ONE_USE_FILE.search(base) or _MAIL_MODULE.search(file))


_TOKENISH = re.compile(r"token|jwt|bearer", re.IGNORECASE)
_PAIR_NAME = re.compile(r"access|refresh", re.IGNORECASE)
"""simplejwt's pair, named as its answer names them (`access`, `refresh`): a storage key or a
cookie of that very name holds a token."""
_NOT_TOKEN = re.compile(
    # ... and what is said about a token (`ai_suite_jwt_token_mode`, `jwtTokenMeta`)
    r"csrf|xsrf|fcm|push|device|expir|exp_?at|type|ttl|_at$|At$|time|(?:mode|meta)(?:$|\W|_)"
    # a value for the page to read, no credential (Hemmelig's `publicToken`: a user name and
    # a date, base64-coded)
    r"|public"
    # a language model's token counts (Reactive-Resume's persisted `maxTokens`)
    r"|max_?tokens|tokens?_?(?:count|limit|usage|used|budget)|(?:prompt|completion|input|output)_?tokens",
    re.IGNORECASE,
)


def args_of(node: SgNode) -> list[SgNode]:
    """The arguments of a call (JS or Python), comments left out."""
    args = node.field("arguments")
    if args is None:
        return []
    return [a for a in args.children() if a.is_named() and a.kind() != "comment"]


def pairs(obj: SgNode | None) -> dict[str, SgNode]:
    """An object literal's / dict's keys -> value nodes (string and identifier keys)."""
    found: dict[str, SgNode] = {}
    if obj is None or obj.kind() not in ("object", "dictionary"):
        return found
    for child in obj.children():
        if child.kind() == "pair":
            key, value = child.field("key"), child.field("value")
            if key is not None and value is not None:
                found[key.text().strip("'\"")] = value
        elif child.kind() == "shorthand_property_identifier":
            found[child.text()] = child
    return found


def kwargs(call: SgNode) -> dict[str, SgNode]:
    found: dict[str, SgNode] = {}
    for arg in args_of(call):
        if arg.kind() == "keyword_argument":
            name, value = arg.field("name"), arg.field("value")
            if name is not None and value is not None:
                found[name.text()] = value
    return found


def spreads(obj: SgNode) -> bool:
    return any(c.kind() in ("spread_element", "dictionary_splat") for c in obj.children())


_CLASSES = ("class_declaration", "abstract_class_declaration", "class_definition", "class")


def enclosing_class(node: SgNode) -> SgNode | None:
    """The class a node sits in (JavaScript's, TypeScript's or Python's), if any."""
    return next((a for a in node.ancestors() if a.kind() in _CLASSES), None)


def function_name(func: SgNode) -> SgNode | None:
    """The name a JavaScript function goes by: its own (`function f`, a method), or, written as
    a value, the name it is bound to (`const f = () => ...`)."""
    anonymous = func.kind() in ("arrow_function", "function_expression")
    owner = func.parent() if anonymous else func
    return owner.field("name") if owner is not None else None


def enclosing_function(node: SgNode) -> SgNode | None:
    for ancestor in node.ancestors():
        if ancestor.kind() in (
            "function_declaration",
            "function_expression",
            "arrow_function",
            "method_definition",
            "function_definition",
            "function",
        ):
            return ancestor
    return None


def _span(node: SgNode) -> tuple[int, int]:
    found = node.range()
    return found.start.index, found.end.index


def context_names(node: SgNode) -> str:
    """Names around a call (the variable, property, function it sits in): 'refresh' lives here.
    A call inside an array given to names in the same places takes its own name
    (`const [accessToken, refreshToken] = await Promise.all([sign(a), sign(r)])`)."""
    names = []
    child, position = node, None
    for ancestor in node.ancestors():
        kind = ancestor.kind()
        if kind == "array" and position is None:
            elements = [_span(c) for c in ancestor.children() if c.is_named()]
            position = elements.index(_span(child)) if _span(child) in elements else None
        if kind in ("variable_declarator", "pair", "assignment_expression", "assignment"):
            left = ancestor.field("name") or ancestor.field("key") or ancestor.field("left")
            if left is not None and position is not None and left.kind() == "array_pattern":
                parts = [c for c in left.children() if c.is_named()]
                names.append(parts[position].text() if position < len(parts) else left.text())
            elif left is not None:
                names.append(left.text())
        if kind in ("function_declaration", "method_definition", "function_definition"):
            name = ancestor.field("name")
            if name is not None:
                names.append(name.text())
            break
        child = ancestor
    return " ".join(names)


def token_name(node: SgNode) -> str:
    """The name a signed token is given: its variable, property or (for `return jwt.sign`) its
    function. A refresh handler signs access tokens too: the handler's name says nothing."""
    names = context_names(node).split(" ")
    return names[0] if names else ""


def describe(seconds_: float) -> str:
    return span(seconds_) if seconds_ >= 1 else f"{seconds_ * 1000:g}ms"


def _range(limits: Limits) -> str:
    return f"the production range {describe(limits.access_min)}-{describe(limits.access_max)}"


def lifetime_hit(node: SgNode, value: Value, secs: float, ctx: Context) -> Found:
    if ctx.limits.access_min <= secs <= ctx.limits.access_max:
        return OK
    via = f" ({value.via})" if value.via else ""
    return Hit(
        node,
        "outside",
        "warn",
        {"value": describe(secs), "via": via, "range": _range(ctx.limits)},
    )


# ---------------------------------------------------------------- JWT901
def _expires_in(node: SgNode, expires: SgNode, ctx: Context) -> Found:
    """The judgement of an `expiresIn` in jsonwebtoken's grammar (a number of seconds, a
    `ms` string), or UNREAD when the code does not say its value."""
    if expires.kind() == "ternary_expression":
        # `expiresIn: twofa ? '5m' : '3d'`: each branch is a lifetime some tokens get; a branch
        # out of the range is the finding, the later one where both are (moerradi's 3 days)
        found = [
            _expires_in(node, branch, ctx)
            for branch in (expires.field("consequence"), expires.field("alternative"))
            if branch is not None
        ]
        hits = [f for f in found if isinstance(f, Hit)]
        if hits:
            return hits[-1]
        return OK if found and all(f == OK for f in found) else UNREAD
    value = ctx.resolver.value(expires)
    secs = None if value is None else seconds(value, unit="jsonwebtoken")
    return UNREAD if value is None or secs is None else lifetime_hit(node, value, secs, ctx)


def _hono_sign(text: str, name: str) -> bool:
    """Whether `name` is hono/jwt's `sign` (`import { sign } from 'hono/jwt'`, Deno's
    `@hono/hono/jwt`, the module itself: `hono/utils/jwt/jwt`)."""
    packages = ("hono/jwt", "@hono/hono/jwt", "hono/utils/jwt/jwt", "hono/utils/jwt")
    return any(imported_names(text, package).get(name) == "sign" for package in packages)


_SSO = re.compile(r"(?:^|[^a-z])sso(?:[^a-z]|$)", re.IGNORECASE)


@lru_cache(maxsize=8)
def _sends_header(text: str) -> bool:
    """Whether a file's code names a bearer token or an Authorization header at all (asked once
    per file: the text's hash is kept with it)."""
    return re.search(r"bearer|authorization", text, re.IGNORECASE) is not None


_TO_THE_CLIENT = re.compile(
    r"\b(?:res|reply|response|resp)\s*\.\s*(?:set_?)?headers?\b", re.IGNORECASE
)


def sent_out(node: SgNode, file_text: str) -> bool:
    """Whether the function that signs a token puts it in a request's Authorization header
    itself: an assertion the service sends to another API (healthchecks' GitHub App JWT,
    redash's `"Bearer %s" % (auth_var)` for Uptycs), not a token it hands its users. A header
    of its answer (`res.setHeader(...)`) is the user's. A file whose code sends no such header
    is not walked for each signing (linear time)."""
    if not _sends_header(file_text):
        return False
    name = token_name(node)
    func = enclosing_function(node)
    if not name or func is None:
        return False
    body = func.text()
    # the token and the header's name on one line: a login's `{ token: `Bearer ${token}` }`
    # answers the user
    used = rf"authorization\W[^\n]*\b{re.escape(name)}\b"
    return bool(re.search(used, body, re.IGNORECASE)) and not _TO_THE_CLIENT.search(body)


def _for_another_service(names: str, audience: SgNode | None, issuer: SgNode | None = None) -> bool:
    """Whether a signing makes a token for another service, not the app's access token: an
    audience that is another site's address (Sign in with Apple's client secret, `audience:
    'https://appleid.apple.com'`), not the issuer's own, or a single sign-on hand-off
    (`AGENT_MEDIA_SSO_KEY`)."""
    site = audience is not None and re.match(r"""[`'"]https?://""", audience.text())
    own = site and issuer is not None and audience is not None and issuer.text() == audience.text()
    return bool((site and not own) or _SSO.search(names))


@extractor
def sign_lifetime(node: SgNode, ctx: Context) -> Iterator[Found]:
    called = node.get_match("S")
    hono = called is not None and _hono_sign(ctx.file.text, called.text())
    if (
        called is not None
        and not hono
        and _jsonwebtoken_names(ctx.file.text).get(called.text()) != "sign"
    ):
        return  # any other call
    args = args_of(node)
    if hono:  # hono/jwt's `sign(payload, secret, alg)`: the lifetime is the payload's exp
        args = args[:2]
    if len(args) < 2:
        return
    payload, secret = args[0], args[1]
    options = args[2] if len(args) > 2 and args[2].kind() == "object" else None
    if len(args) > 2 and args[2].kind() == "identifier":
        # tiledesk's `var signOptions = { issuer, audience }` in the function that signs
        options = _local_object(node, args[2])
    if len(args) > 2 and options is None and args[2].kind() not in FUNCTION_VALUES:
        yield UNREAD  # options from a variable or a call: cannot tell
        return
    around = context_names(node)  # its first name is the token's (token_name)
    names = f"{secret.text()} {around.split(' ')[0]} {payload.text()}"
    # and the factory it sits in (auth-messiah's `generateRefreshToken`), not a refresh handler,
    # which signs access tokens too
    factory = re.search(r"(?:generate|create|make|sign|issue|new)\w*refresh", around, re.I)
    if _REFRESH.search(names) or factory:
        return  # a refresh token: JWT501 judges its lifetime at run time
    if one_use(f"{names} {around}", ctx.file.name):
        return  # a password-reset or email-verification link's token, not an access token
    literal = _literal_payload(node, payload)
    claims = pairs(literal) if literal is not None else None
    if claims is not None and _other_kind(claims, ctx.resolver):
        return  # `type: "transfer"`, `type: "email-signin"`: another token than an access token
    opts = pairs(options)
    if options is not None and spreads(options):
        yield UNREAD
        return
    if _for_another_service(names, opts.get("audience"), opts.get("issuer")) or sent_out(
        node, ctx.file.text
    ):
        return
    if "expiresIn" in opts:
        yield _expires_in(node, opts["expiresIn"], ctx)
        return
    yield _claims_lifetime(node, claims, ctx) if claims is not None else UNREAD
    # (UNREAD: a payload from elsewhere)


def _literal_payload(node: SgNode, payload: SgNode) -> SgNode | None:
    """The object literal a signed payload is, or is bound to in the function that signs it,
    whose claims can be read; None for a payload from elsewhere (or spread from one)."""
    literal = _local_object(node, payload) if payload.kind() == "identifier" else payload
    if literal is None or literal.kind() != "object" or spreads(literal):
        return None
    return literal


def _claims_lifetime(node: SgNode, claims: dict[str, SgNode], ctx: Context) -> Found:
    """The lifetime a literal payload signed with no expiresIn gives: its `exp`'s; UNREAD where
    the app writes its own expiry claim (`expiresAt`) and checks it; none without either."""
    if "exp" in claims:
        return _exp_claim(node, claims["exp"], ctx)
    if _OWN_EXPIRY.intersection(claims):
        return UNREAD
    return Hit(node, "none", "fail")


def _local_object(call: SgNode, name: SgNode) -> SgNode | None:
    """The object literal a payload's name is bound to in the function that signs it
    (`const session = { id, name }; JWT.sign(session, ...)`), when nothing there adds to it
    (`session.exp = ...`, `Object.assign(session, ...)`) or binds it again."""
    scope = enclosing_function(call)
    if scope is None:
        return None
    bound = [
        d
        for d in kinds(scope, "variable_declarator")
        if (n := d.field("name")) is not None and n.text() == name.text()
    ]
    value = bound[0].field("value") if len(bound) == 1 else None
    text = code_of(scope)
    word = re.escape(name.text())
    writes = re.findall(rf"(?<![\w$.]){word}\s*(?:\.\s*\w+|\[[^\]]*\])?\s*=(?!=)", text)
    if value is None or len(writes) > 1 or re.search(rf"assign\(\s*{word}\b", text):
        return None  # the declaration is the one write allowed
    return value


_OWN_EXPIRY = frozenset(
    {"expiresAt", "expires_at", "expiry", "expiration", "expires", "validUntil"}
)
"""A payload's own expiry claim, which the application checks itself instead of `exp`."""
_KIND_CLAIMS = ("type", "typ", "token_type", "tokenType", "purpose", "use", "kind")
_ONE_USE_KIND = re.compile(
    r"e-?mail|upload|attachment|transfer|state\b|download|share|reset|verif|confirm"
    r"|invit|magic|otp|link",
    re.IGNORECASE,
)


def _other_kind(claims: dict[str, SgNode], resolver: Resolver) -> bool:
    """Whether the payload names its token a one-use kind (a literal `type: "transfer"`,
    `type: "email-signin"`, `purpose: "attachment-upload"`, or a constant holding one:
    formbricks' `purpose: LINK_SURVEY_EMAIL_VERIFICATION_PURPOSE`): no access token."""
    for name in _KIND_CLAIMS:
        value = claims.get(name)
        if value is not None and value.kind() == "identifier":
            value = resolver.constant(value) or value
        kind = string_of(value) if value is not None else None
        if kind and _ONE_USE_KIND.search(kind):
            return True
    return False


_NOW_SECONDS = re.compile(
    r"^(?:Math\.(?:floor|round|trunc|ceil)\(\s*)?\(?\s*Date\.now\(\)\s*/\s*1000\s*\)?\s*\)?$"
    r"|^(?:Math\.(?:floor|round|trunc|ceil)\(\s*)?\(?\s*(?:new Date\(\)|Date\.now\(\))"
    r"\.getTime\(\)\s*/\s*1000\s*\)?\s*\)?$"
)
"""Now in seconds, as a payload's `exp` is written from it (`Math.floor(Date.now() / 1000)`)."""


def _exp_claim(node: SgNode, exp: SgNode, ctx: Context) -> Found:
    """The lifetime an `exp` claim written in the payload gives (`Math.floor(Date.now() /
    1000) + 60 * 60 * 24 * 30`: 30 days), or UNREAD when it is computed otherwise."""
    moved = _date_moved_ahead(node, exp)
    if moved is not None:
        return lifetime_hit(node, Value(moved), moved, ctx)
    if exp.kind() != "binary_expression" or exp.field("operator") is None:
        return UNREAD
    left, right = exp.field("left"), exp.field("right")
    operator = exp.field("operator")
    if left is None or right is None or operator is None or operator.text() != "+":
        return UNREAD
    if not _NOW_SECONDS.match(" ".join(left.text().split())):
        return UNREAD
    value = ctx.resolver.value(right)
    if value is None or not isinstance(value.value, float):
        return UNREAD
    return lifetime_hit(node, value, value.value, ctx)


_DATE_SECONDS = re.compile(
    r"^(?:parseInt|Math\.(?:floor|round|trunc|ceil))?\(?\s*([A-Za-z_$][\w$]*)\.getTime\(\)"
    r"\s*/\s*1000\s*\)?$"
)
"""An `exp` in seconds from a Date (`exp.getTime() / 1000`, `parseInt(exp.getTime() / 1000)`)."""
_DATE_UNITS = {"Date": 86400.0, "Hours": 3600.0, "Minutes": 60.0, "Seconds": 1.0}


def _date_moved_ahead(call: SgNode, exp: SgNode) -> float | None:
    """The seconds a Date the `exp` is read from was moved ahead of now in the function that
    signs (the RealWorld apps' `exp.setDate(today.getDate() + 60)`: 60 days), or None."""
    found = _DATE_SECONDS.match(" ".join(exp.text().split()))
    scope = enclosing_function(call)
    if found is None or scope is None:
        return None
    name = re.escape(found[1])
    moved = re.search(
        rf"\b{name}\.set(Date|Hours|Minutes|Seconds)\(\s*[\w$]+\.get\1\(\)\s*\+\s*(\d+)\s*\)",
        code_of(scope),
    )
    return None if moved is None else _DATE_UNITS[moved[1]] * int(moved[2])


@extractor
def nest_sign_lifetime(node: SgNode, ctx: Context) -> Iterator[Found]:
    options = node.get_match("O")
    if options is None or options.kind() != "object" or spreads(options):
        return
    opts = pairs(options)
    names = options.text() + " " + context_names(node)
    if _REFRESH.search(names) or one_use(names, ctx.file.name) or "expiresIn" not in opts:
        return
    yield _expires_in(node, opts["expiresIn"], ctx)


@extractor
def fastify_lifetime(node: SgNode, ctx: Context) -> Iterator[Found]:
    """@fastify/jwt: `app.jwt.sign(payload, { expiresIn })`, `reply.jwtSign(payload,
    { expiresIn })`, and `sign: { expiresIn }` where the plugin is registered."""
    options = node.get_match("O")
    if options is None or options.kind() != "object" or spreads(options):
        return
    about = f"{node.text()} {context_names(node)}"
    if node.get_match("PLUGIN") is not None:
        # the plugin's default sign options (its `cookie: { cookieName: 'refreshToken' }` is
        # where it reads tokens from, not what it signs)
        options = pairs(options).get("sign")
        if options is None or options.kind() != "object" or spreads(options):
            return
        about = options.text()
    opts = pairs(options)
    nested = opts.get("sign")
    if node.get_match("PLUGIN") is None and nested is not None and nested.kind() == "object":
        opts = pairs(nested)  # `reply.jwtSign(payload, { sign: { expiresIn: '7d' } })`
    if "expiresIn" not in opts:
        return
    if _REFRESH.search(about):
        return  # a refresh token: JWT501 judges its lifetime at run time
    yield _expires_in(node, opts["expiresIn"], ctx)


@extractor
def nest_module_lifetime(node: SgNode, ctx: Context) -> Iterator[Found]:
    args = args_of(node)
    if not args:
        return
    if _REFRESH.search(f"{args[0].text()} {context_names(node)} {ctx.file.name}"):
        return  # the module that signs refresh tokens (`refresh-token.module.ts`): JWT501's
    sign_options = pairs(args[0]).get("signOptions")
    factory = pairs(args[0]).get("useFactory")
    if sign_options is None and factory is not None:
        # registerAsync: the object its factory returns (`=> ({ ... })`, `return { ... }`)
        found = [p for p in kinds(factory, "pair") if (p.field("key") or p).text() == "signOptions"]
        sign_options = found[0].field("value") if len(found) == 1 else None
    expires = pairs(sign_options).get("expiresIn")
    if expires is not None and not ctx.nest_overridden:
        yield _expires_in(node, expires, ctx)


@extractor
def nest_sign_default(node: SgNode, ctx: Context) -> Iterator[Found]:
    """`this.jwtService.sign(payload)`: no options, so JwtModule's signOptions or the payload's
    exp give the lifetime (amplication's user tokens had neither)."""
    default = _nest_module_expiry(ctx.nest_module_expiries, ctx.file.name)
    if default is not False:
        if default is None:
            yield UNREAD  # the module is registered where the code read does not say
        return
    payload = node.get_match("P")
    if payload is None:
        return
    names = f"{payload.text()} {context_names(node)}"
    if _REFRESH.search(names) or one_use(names, ctx.file.name):
        return
    literal = _literal_payload(node, payload)
    if literal is None:
        yield UNREAD  # a payload from elsewhere
        return
    if _API_TOKEN.search(f"{names} {literal.text()}"):
        return  # amplication's prepareApiToken: a key the user makes and the store revokes
    claims = pairs(literal)
    if not _other_kind(claims, ctx.resolver):
        yield _claims_lifetime(node, claims, ctx)


_API_TOKEN = re.compile(r"api_?(?:token|key)|personal_?access", re.IGNORECASE)
"""An API token or key a user makes (`prepareApiToken`, `type: EnumTokenType.ApiToken`): it
lives until it is revoked, by design; no access token of a session."""


def nest_module_expiries(files: list[SourceFile]) -> tuple[tuple[str, bool], ...]:
    """Each `JwtModule.register(...)`/`registerAsync(...)` of the service: the folder of its
    file, and whether it gives `expiresIn` (a default for every `JwtService.sign` of its app)."""
    found: list[tuple[str, bool]] = []
    search = pattern_search("JwtModule.register($$$A)", "JwtModule.registerAsync($$$A)")
    for file in files:
        if file.lang == "python" or "JwtModule" not in file.text:
            continue
        folder = os.path.dirname(file.name.replace("\\", "/"))
        found += [(folder, "expiresIn" in call.text()) for call in search.find_all(file)]
    return tuple(found)


def _nest_module_expiry(modules: tuple[tuple[str, bool], ...], file: str) -> bool | None:
    """Whether the JwtModule of `file`'s app gives a default expiresIn: the registrations in the
    folder nearest to it (a monorepo's apps each register their own); None when none is read,
    True where the nearest disagree."""
    if not modules:
        return None
    parts = os.path.dirname(file.replace("\\", "/")).split("/")

    def shared(folder: str) -> int:
        same = 0
        for mine, theirs in zip(parts, folder.split("/"), strict=False):
            if mine != theirs:
                break
            same += 1
        return same

    nearest = max(shared(folder) for folder, _ in modules)
    return any(gives for folder, gives in modules if shared(folder) == nearest)


def nest_signs_own_lifetimes(files: list[SourceFile]) -> bool:
    """Whether the service signs with @nestjs/jwt's JwtService, and every such call gives its own
    `expiresIn` (novu's `this.jwtService.sign(payload, { expiresIn: '30 days' })`): the module's
    default is then never used."""
    calls = 0
    for file in files:
        if file.lang == "python" or not ("@nestjs/jwt" in file.text or "JwtService" in file.text):
            continue
        found = pattern_search("$J.sign($$$A)", "$J.signAsync($$$A)").find_all(file)
        for call in found:
            receiver = call.get_match("J")
            if receiver is None or not NEST_JWT_SERVICE.match(receiver.text()):
                continue
            calls += 1
            args = args_of(call)
            options = args[1] if len(args) > 1 else None
            if options is not None and options.kind() == "identifier":
                # `const opts: JwtSignOptions = { ...BASE, expiresIn: '15m' }` just before
                # (test-jwt-auth-spa's TokensService)
                options = _local_object(call, options)
            if options is None or options.kind() != "object" or "expiresIn" not in pairs(options):
                return False
    return calls > 0


@extractor
def elysia_lifetime(node: SgNode, ctx: Context) -> Iterator[Found]:
    called = node.get_match("J")
    if called is None or imported_names(ctx.file.text, "@elysiajs/jwt").get(called.text()) not in (
        "default",
        "jwt",
    ):
        return  # any other one-argument call
    options = node.get_match("OPTS")
    if options is None or options.kind() != "object" or spreads(options):
        return
    given = pairs(options)
    names = f"{given['name'].text() if 'name' in given else ''} {context_names(node)}"
    if _REFRESH.search(names):
        return  # the plugin that signs refresh tokens (`name: 'refreshJwt'`): JWT501's
    if "exp" in given:
        yield _expires_in(node, given["exp"], ctx)


@extractor
def jose_lifetime(node: SgNode, ctx: Context) -> Iterator[Found]:
    if "SignJWT" not in node.text() and "SignJWT" not in ctx.file.text:
        return
    names = node.text() + " " + context_names(node)
    if _REFRESH.search(names) or one_use(names, ctx.file.name):
        return
    args = args_of(node)
    if len(args) != 1:
        return
    value = None if args[0].kind() == "number" else ctx.resolver.value(args[0])
    if value is None or isinstance(value.value, float):
        # a number is an absolute time in jose (`iat + lifetime`): the lifetime is not said here
        yield UNREAD
        return
    secs = seconds(value, unit="jose")
    yield UNREAD if secs is None else lifetime_hit(node, value, secs, ctx)


_CHAINED = ("member_expression", "call_expression", "await_expression", "parenthesized_expression")


@extractor
def jose_no_expiry(node: SgNode, ctx: Context) -> Iterator[Found]:
    """`new SignJWT(claims)...sign(key)` with no setExpirationTime in the chain and no `exp`
    among literal claims: a token valid forever."""
    names = node.text() + " " + context_names(node)
    if _REFRESH.search(names) or one_use(names, ctx.file.name):
        return
    chain = node
    while (parent := chain.parent()) is not None and parent.kind() in _CHAINED:
        chain = parent
    text = chain.text()
    if "setExpirationTime" in text:
        return  # judged by jose-expiration
    claims = node.get_match("P")
    if ".sign(" not in text or claims is None or claims.kind() != "object" or spreads(claims):
        yield UNREAD  # the chain goes on elsewhere, or the claims come from elsewhere
        return
    if "exp" not in pairs(claims):
        yield Hit(node, "none", "fail")


@extractor
def simplejwt_lifetime(node: SgNode, ctx: Context) -> Iterator[Found]:
    value_node = node.get_match("D")
    if value_node is None or value_node.kind() != "dictionary" or spreads(value_node):
        return
    if _dev_only(node, ctx):
        return
    settings = pairs(value_node)
    setting = _simplejwt_lifetime_setting(settings)
    if setting not in settings:
        if ctx.limits.access_min > 300:
            yield Hit(node, "default", "warn", {"range": _range(ctx.limits), "setting": setting})
        else:
            yield OK
        return
    value = ctx.resolver.value(settings[setting])
    if value is None or not isinstance(value.value, float):
        # karrio's `timedelta(config("JWT_ACCESS_EXPIRY", default="30", cast=int))`: a
        # lifetime set, and not spelled out in the code
        yield UNREAD
        return
    found = lifetime_hit(settings[setting], value, value.value, ctx)
    if isinstance(found, Hit):
        found.fields["setting"] = setting
    yield found


def _simplejwt_lifetime_setting(settings: dict[str, SgNode]) -> str:
    """The setting that gives the lifetime of the token simplejwt's clients send:
    `SLIDING_TOKEN_LIFETIME` where AUTH_TOKEN_CLASSES names only its SlidingToken (Flagsmith),
    `ACCESS_TOKEN_LIFETIME` otherwise (both default to 5 minutes)."""
    classes = settings.get("AUTH_TOKEN_CLASSES")
    text = classes.text() if classes is not None else ""
    sliding = "SlidingToken" in text and "AccessToken" not in text
    return "SLIDING_TOKEN_LIFETIME" if sliding else "ACCESS_TOKEN_LIFETIME"


_DEV_ONLY = re.compile(
    r"(?i)^(?:dev|development|local|debug|test|testing)(?:_?(?:config|configuration|settings))?$"
)
"""A settings class or module of development or tests (`DevConfig`, `settings/local.py`)."""
_EXAMPLE_FILE = re.compile(r"(?i)(?:^|[._-])(?:example|sample|template)(?:[._-]|$)")
"""A settings file committed as a pattern to copy (`instance/example.config.py`,
`config.sample.py`): the one production reads is another, kept out of the repository."""


def _dev_only(node: SgNode, ctx: Context) -> bool:
    """Whether a setting is written for development or tests only: in a class named so
    (Flask's `class DevConfig(Config)`) or a settings module named so (Django's
    `settings/dev.py`). The production profile judges what production runs."""
    base = ctx.file.name.replace("\\", "/").rsplit("/", 1)[-1]
    if _DEV_ONLY.match(base.split(".")[0]) or _EXAMPLE_FILE.search(base):
        return True
    start = node.range().start.index
    for ancestor in node.ancestors():
        if ancestor.kind() == "if_statement":
            # `if os.getenv("FLASK_ENV") == "development":` with production's value under else
            test, body = ancestor.field("condition"), ancestor.field("consequence")
            if (
                test is not None
                and body is not None
                and _DEV_TEST.search(test.text())
                and not _NEGATED.search(test.text())
                and body.range().start.index <= start < body.range().end.index
            ):
                return True
        if ancestor.kind() == "class_definition":
            name = ancestor.field("name")
            return name is not None and _DEV_ONLY.match(name.text()) is not None
    return False


_DEV_TEST = re.compile(
    r"""(?i)==\s*['"](?:dev|development|local|debug|test|testing)['"]|['"](?:dev|development|local|debug|test|testing)['"]\s*==|^\s*(?:\w+\.)*debug(?:\s*(?:is|==)\s*true)?\s*$"""
)
"""A test for development: the environment's name compared with `"development"`, or `app.debug`
(also written `DEBUG is True`)."""
_NEGATED = re.compile(r"\bnot\b|!=")


def _py_lifetime(node: SgNode, value_node: SgNode | None, ctx: Context) -> Iterator[Found]:
    if value_node is None or _dev_only(node, ctx):
        return
    if value_node.text() == "False":
        yield Hit(node, "none", "fail")
        return
    value = ctx.resolver.value(value_node)
    if value is None:
        # a lifetime from a config module or a call (williamfisher9's `timedelta(milliseconds=
        # config["JWT_EXP_MILLISECONDS"])`): signed, for a time the code does not say
        yield UNREAD
        return
    if not isinstance(value.value, float):
        return
    yield lifetime_hit(node, value, value.value, ctx)


@extractor
def flask_lifetime(node: SgNode, ctx: Context) -> Iterator[Found]:
    if ctx.flask_jwt_unused:
        return
    yield from _py_lifetime(node, node.get_match("V"), ctx)


def _call_lifetime(node: SgNode, ctx: Context, keyword: str) -> Iterator[Found]:
    # `create_access_token(...)` called for a download link (`create_file_token`) makes no
    # access token
    if one_use(f"{node.text()} {context_names(node)}", ctx.file.name):
        return
    yield from _py_lifetime(node, kwargs(node).get(keyword), ctx)


@extractor
def expires_delta_lifetime(node: SgNode, ctx: Context) -> Iterator[Found]:
    yield from _call_lifetime(node, ctx, "expires_delta")


@extractor
def authjwt_lifetime(node: SgNode, ctx: Context) -> Iterator[Found]:
    """fastapi-jwt-auth's lifetimes: a call's `expires_time=` or the setting's value; both in
    seconds or a timedelta, False for none (`expires_time=True` is the setting's)."""
    given = node.get_match("V")
    if given is None:
        yield from _call_lifetime(node, ctx, "expires_time")
    else:
        yield from _py_lifetime(node, given, ctx)


@extractor
def fastapi_users_lifetime(node: SgNode, ctx: Context) -> Iterator[Found]:
    given = kwargs(node).get("lifetime_seconds")
    positional = [a for a in args_of(node) if a.kind() != "keyword_argument"]
    if given is None and len(positional) > 1:
        given = positional[1]  # JWTStrategy(secret, lifetime_seconds, ...)
    if given is None:
        return
    if given.text() == "None":
        yield Hit(node, "none", "fail")
        return
    value = ctx.resolver.value(given)
    secs = None if value is None else seconds(value, unit="seconds")
    yield UNREAD if value is None or secs is None else lifetime_hit(node, value, secs, ctx)


@extractor
def unit_constant_lifetime(node: SgNode, ctx: Context) -> Iterator[Found]:
    name_node = node.get_match("NAME")
    if name_node is None:
        return
    name = name_node.text()
    unit = name.rsplit("_", 1)[1].lower()
    value = ctx.resolver.value(node.get_match("V"))
    if value is None:
        return
    secs = seconds(value, unit=unit)
    if secs is None:
        return
    found = lifetime_hit(node, value, secs, ctx)
    if isinstance(found, Hit):
        per = {"minutes": 60, "seconds": 1, "hours": 3600, "days": 86400}[unit]
        good = max(1, round(ctx.limits.access_min / per)) if per <= ctx.limits.access_min else 1
        found.fields.update({"name": name, "value": describe(secs), "good": str(good)})
    yield found


_PASSWORD = re.compile(r"""(?:[\w.]+\.|[\w.]+\[\s*['"])?password(?:['"]\s*\])?""")
"""A user's password as the signing key (`password`, `user.password`, `data['password']`): the
result is compared as a password hash, not handed out as a token."""


@extractor
def encode_lifetime(node: SgNode, ctx: Context) -> Iterator[Found]:
    args = args_of(node)
    given = kwargs(node)
    if not args:
        return
    names = node.text() + " " + context_names(node)
    if _REFRESH.search(names) or one_use(names, ctx.file.name) or sent_out(node, ctx.file.text):
        return
    positional = [a for a in args if a.kind() != "keyword_argument"]
    key = given.get("key") or (positional[1] if len(positional) == 2 else None)
    if key is not None and _PASSWORD.fullmatch(key.text()):
        return  # capstone-q3-sunrn's `jwt.encode({'email': ...}, data['password'])`: a hash
    # joserfc's `jwt.encode(header, claims, key)`: the claims come second; python-jose's and
    # PyJWT's may be given by name (Chat-FastAPI-React's `jwt.encode(claims=payload, key=...)`)
    if args[0].kind() == "keyword_argument":
        named = given.get("claims") or given.get("payload")
        if named is None:
            return
        claims = named
    else:
        claims = args[1] if JOSERFC.search(ctx.file.text) and len(args) > 1 else args[0]
    if (
        claims.kind() == "identifier"
    ):  # FastAPI's `to_encode = data.copy(); ...update({"exp": ...})`
        exp_node = _local_exp(node, claims.text())
        if exp_node is None:
            yield UNREAD  # claims built elsewhere: the lifetime is not said here
            return
        exp = exp_node
    elif claims.kind() != "dictionary" or spreads(claims):
        return
    elif (claimed := pairs(claims).get("exp")) is None:
        yield Hit(node, "none", "fail")
        return
    else:
        claimed = _datetime_read(claimed)
        bound = _bound(node, claimed) if claimed.kind() == "identifier" else claimed
        if bound is None:
            yield UNREAD  # an exp computed where the reader cannot follow
            return
        exp = bound
    right = exp.field("right") if exp.kind() == "binary_operator" else None
    value = ctx.resolver.value(right) if right is not None else None
    timed = right is not None and "timedelta" in right.text()
    if value is not None and isinstance(value.value, float) and timed:
        yield lifetime_hit(node, value, value.value, ctx)
    else:
        yield UNREAD  # an exp computed otherwise


_EPOCH_OF = re.compile(
    r"""^(?:int\()?\s*([A-Za-z_]\w*)\.(?:strftime\(\s*['"]%s['"]\s*\)|timestamp\(\s*\))\s*\)?$"""
)
"""An `exp` in seconds from a datetime (`int(dt.strftime('%s'))`, `dt.timestamp()`)."""


def _datetime_read(claimed: SgNode) -> SgNode:
    """The datetime an `exp` is read from in seconds (the RealWorld app's `'exp':
    int(dt.strftime('%s'))` with `dt = datetime.now() + timedelta(days=60)`), else the claim."""
    found = _EPOCH_OF.match(" ".join(claimed.text().split()))
    if found is None:
        return claimed
    named = [n for n in kinds(claimed, "identifier") if n.text() == found[1]]
    return named[0] if named else claimed


JOSERFC = re.compile(r"^\s*from\s+joserfc\s+import\s+[^\n]*\bjwt\b", re.MULTILINE)
"""`from joserfc import jwt`: its `jwt.encode` takes the header first."""


def parameters(definition: SgNode) -> list[str]:
    """A function's parameter names, in order (`self` and `cls` left out)."""
    params = definition.field("parameters")
    if params is None:  # `token => ...`
        only = definition.field("parameter")
        return [only.text()] if only is not None else []
    names = []
    for param in params.children():
        if not param.is_named() or param.kind() == "comment":
            continue
        name = param.field("pattern") or param.field("left") or param.field("name") or param
        if name.kind() == "typed_parameter":  # Python's `flag: bool`
            name = name.child(0) or name
        names.append(name.text())
    return [n for n in names if n not in ("self", "cls")]


def _one_assignment(function: SgNode, name: str) -> SgNode | None:
    """What a Python function assigns to `name`, when it does so once."""
    values = [
        right
        for a in kinds(function, "assignment")
        if (left := a.field("left")) is not None
        and left.text() == name
        and (right := a.field("right")) is not None
    ]
    return values[0] if len(values) == 1 else None


def _bound(node: SgNode, name: SgNode) -> SgNode | None:
    """The value an `exp` held in a name has: its one assignment in the function, or, for a
    parameter of it, what its callers in the file pass, when they all pass the same (lifehub's
    `make_token(user_id, expires_at)` after `expires_at = now() + timedelta(days=30)`)."""
    function = enclosing_function(node)
    if function is None:
        return None
    own = _one_assignment(function, name.text())
    if own is not None:
        return own
    title = function.field("name")
    names = parameters(function)
    if title is None or name.text() not in names:
        return None
    index = names.index(name.text())
    given: dict[str, SgNode] = {}
    for call in kinds(node.get_root().root(), "call"):
        func = call.field("function")
        if func is None or func.text().rsplit(".", 1)[-1] != title.text():
            continue
        positional = [a for a in args_of(call) if a.kind() != "keyword_argument"]
        arg = kwargs(call).get(name.text()) or (
            positional[index] if 0 <= index < len(positional) else None
        )
        caller = enclosing_function(call)
        if arg is None or caller is None:
            return None  # a caller the reader cannot follow
        value = _one_assignment(caller, arg.text()) if arg.kind() == "identifier" else arg
        if value is None:
            return None
        given[value.text()] = value
    return next(iter(given.values())) if len(given) == 1 else None


def _local_exp(node: SgNode, name: str) -> SgNode | None:
    """The `exp` a function gives a claims dict held in `name` before encoding it: in the
    dict it is bound to (`claims = {"sub": u, "exp": ...}`) or an update of it
    (`to_encode.update({"exp": expire})`, the name followed to its one assignment)."""
    function = enclosing_function(node)
    if function is None:
        return None
    bound = [
        a.field("right")
        for a in kinds(function, "assignment")
        if (left := a.field("left")) is not None and left.text() == name
    ]
    dicts = [b for b in bound if b is not None and b.kind() == "dictionary"]
    for call in kinds(function, "call"):
        func = call.field("function")
        inner = args_of(call)
        if func is not None and func.text() == f"{name}.update" and inner:
            dicts.append(inner[0])
    found = [e for d in dicts if (e := pairs(d).get("exp")) is not None]
    if len(found) != 1:
        return None
    exp = found[0]
    if exp.kind() == "identifier":  # `expire = datetime.now(timezone.utc) + timedelta(...)`
        return _one_assignment(function, exp.text())
    return exp


# ---------------------------------------------------------------- JWT904
_ENDS_A_TOKEN = re.compile(
    r"revoke|revocation|logout|log_out|signout|sign_out|blacklist|blocklist|denylist"
    r"|invalidate",
    re.IGNORECASE,
)
_EXP = r"(?:\.exp\b|\[\s*['\"]exp['\"]\s*\]|\.get\(\s*['\"]exp['\"]\s*\))"
_EXP_COMPARED = re.compile(
    rf"{_EXP}\s*(?:<=?|>=?)|(?:<=?|>=?)[^\n;<>=]*{_EXP}"
    # exp taken into a name first (`const exp = decoded.exp!; if (exp <= now)`)
    r"|\bexp\s*(?:<=?|>=?)\s*[\w(]|[\w)]\s*(?:<=?|>=?)\s*exp\b"
)


def expiry_read_on_purpose(node: SgNode) -> bool:
    """An expiry check turned off where that is the point: the function revokes the token
    (logout, a denylist: an expired token is read for its jti and exp), or compares exp
    itself (a refresh that wants the access token expired, an error of its own)."""
    function = enclosing_function(node)
    if function is None:
        return False
    name = function.field("name")
    # a function's own name, or the name it is assigned to (Mongoose's
    # `userSchema.statics.revokeRefreshTokens = async function (...) {...}`)
    names = f"{name.text() if name is not None else ''} {context_names(function)}"
    if _ENDS_A_TOKEN.search(names):
        return True
    return bool(_EXP_COMPARED.search(function.text()))


@extractor
def js_time_option(node: SgNode, ctx: Context) -> Iterator[Found]:
    key = node.field("key")
    value = node.field("value")
    if key is None or value is None:
        return
    name = key.text().strip("'\"")
    if name == "ignoreExpiration":
        if value.text() == "true" and not expiry_read_on_purpose(node):
            yield Hit(node, "ignore", "fail")
        elif value.text() == "false":
            yield OK
        return
    resolved = ctx.resolver.value(value)
    if resolved is None or not isinstance(resolved.value, float):
        return
    if resolved.value > 300:
        yield Hit(node, "tolerance", "warn", {"value": describe(resolved.value)})
    else:
        yield OK


@extractor
def py_decode_time(node: SgNode, ctx: Context) -> Iterator[Found]:
    kw = kwargs(node)
    options = pairs(kw.get("options"))
    verify_exp = options.get("verify_exp")
    unverified = options.get("verify_signature") is not None and (
        options["verify_signature"].text() == "False"
    )
    if verify_exp is not None and verify_exp.text() == "False":
        # Without its signature checked the call only reads claims (JWT910 judges that).
        if not unverified and not expiry_read_on_purpose(node):
            yield Hit(node, "ignore", "fail")
        return
    if verify_exp is not None and verify_exp.text() != "True":
        yield UNREAD  # DocsGPT's `verify_exp: is_oidc`: checked in one mode, not in others
        return
    leeway = ctx.resolver.value(kw.get("leeway")) if "leeway" in kw else None
    if leeway is not None and isinstance(leeway.value, float) and leeway.value > 300:
        yield Hit(node, "tolerance", "warn", {"value": describe(leeway.value)})
        return
    if not unverified:
        yield OK


@extractor
def py_leeway_setting(node: SgNode, ctx: Context) -> Iterator[Found]:
    value_node = node.field("value") if node.kind() == "pair" else node.get_match("V")
    value = ctx.resolver.value(value_node)
    if value is None or not isinstance(value.value, float):
        return
    if value.value > 300:
        yield Hit(node, "tolerance", "warn", {"value": describe(value.value)})
    else:
        yield OK


# ---------------------------------------------------------------- JWT905
def _tokenish(text: str) -> bool:
    return bool(_TOKENISH.search(text)) and not _NOT_TOKEN.search(text)


_STRINGIFIED = re.compile(r"JSON\.stringify\(\s*([A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)*)\s*\)")


_TOKEN_MEMBER = re.compile(
    r"\??\.(?:token|jwt|accessToken|access_token|idToken|id_token|authToken|auth_token"
    r"|refreshToken|refresh_token)\s*$"
)
"""A token read out of an answer (`data.data.token`, `res.data.accessToken`): stored under
any key, it is a token in storage."""


_STRINGIFIED_OBJECT = re.compile(r"JSON\.stringify\(\s*\{(.*)\}\s*\)", re.DOTALL)
_OBJECT_KEY = re.compile(r"(?:^|[{,])\s*([A-Za-z_$][\w$]*)\s*(?=[:,}]|$)")


def _holds_token(value_text: str, node: SgNode) -> bool:
    """`setItem('user', JSON.stringify(response.data))` keeps a token when the object is named
    for one (`tokens`) or the code around reads a token out of it (`response.data.accessToken`)."""
    literal = _STRINGIFIED_OBJECT.fullmatch(value_text.strip())
    if literal is not None:
        # logchimp's `JSON.stringify({ authToken: authToken.value, ...user })`: a key named
        # for a token, written or shorthand
        return any(_tokenish(key) for key in _OBJECT_KEY.findall(literal[1]))
    found = _STRINGIFIED.fullmatch(value_text.strip())
    if found is None:
        return False
    stored = found[1]
    if _tokenish(stored.split(".")[-1]):
        return True
    around = enclosing_function(node) or node.get_root().root()
    read = re.compile(re.escape(stored).replace(r"\.", r"\??\.") + r"\??\.([A-Za-z_$][\w$]*)")
    return any(_tokenish(prop) for prop in read.findall(around.text()))


def stored_token_slots(files: list[SourceFile]) -> frozenset[str]:
    """The web-storage keys whose parsed value the frontend reads a token from:
    `const user = JSON.parse(localStorage.getItem('user')); … user.accessToken` (the token kept
    inside a user object, as many tutorials do), so storing that key stores a token."""
    slots: set[str] = set()
    search = pattern_search("JSON.parse($STORE.getItem($KEY))")
    for file in files:
        if file.lang == "python" or "getItem" not in file.text:
            continue
        for parsed in search.find_all(file):
            store, key = parsed.get_match("STORE"), parsed.get_match("KEY")
            if store is None or key is None:
                continue
            if store.text().split(".")[-1] not in ("localStorage", "sessionStorage"):
                continue
            name = string_of(key) if key.kind() == "string" else None
            if name is not None and _token_read_from(parsed):
                slots.add(name)
    # The key's name is the name the app reads the token through, wherever the value went
    # (proshop_mern: `localStorage.setItem('userInfo', JSON.stringify(data))`, and in another
    # file, from the store's state, `Bearer ${userInfo.token}`).
    stored = pattern_search("$STORE.setItem($KEY, JSON.stringify($V))")
    # (the frontend's code only: a server's `user.ssoToken` is another object, Flowise)
    texts = [file.text for file in files if file.lang != "python" and file.side != "backend"]
    for file in files:
        if file.lang == "python" or "setItem" not in file.text:
            continue
        for call in stored.find_all(file):
            key = call.get_match("KEY")
            name = string_of(key) if key is not None and key.kind() == "string" else None
            if name is None or name in slots or not re.fullmatch(r"[A-Za-z_$][\w$]*", name):
                continue
            read = re.compile(rf"(?<![\w$.]){re.escape(name)}\s*\??\.\s*([A-Za-z_$][\w$]*)")
            if any(_tokenish(m.group(1)) for text in texts for m in read.finditer(text)):
                slots.add(name)
    return frozenset(slots)


def _token_read_from(parsed: SgNode) -> bool:
    """Whether code reads a token property of `parsed`, directly or through the name it is
    given (within the function it sits in)."""
    parent = parsed.parent()
    if parent is None:
        return False
    if parent.kind() == "member_expression":
        prop = parent.field("property")
        return prop is not None and _tokenish(prop.text())
    if parent.kind() != "variable_declarator":
        return False
    name = parent.field("name")
    if name is None:
        return False
    scope = enclosing_function(parsed) or parsed.get_root().root()
    return any(
        _tokenish(prop.text())
        for member in kinds(scope, "member_expression")
        if (obj := member.field("object")) is not None
        and (prop := member.field("property")) is not None
        and obj.text() == name.text()
    )


_CLEARED = frozenset(("''", '""', "``", "null", "undefined", "void 0"))


@extractor
def web_storage(node: SgNode, ctx: Context) -> Iterator[Found]:
    store_node = node.get_match("STORE")
    # `this.localStorage.store(k, v)` (ngx-webstorage's service), `(session ? sessionStorage :
    # localStorage).setItem(k, v)`
    written = store_node.text() if store_node is not None else ""
    found = [s for s in ("localStorage", "sessionStorage") if s in written]
    store = " or ".join(found) or written.split(".")[-1]
    key = node.get_match("KEY") or node.get_match("PROP")
    if key is None:
        return
    value = node.get_match("V")
    rest = node.get_multiple_matches("REST")
    value_node = value if value is not None else (rest[0] if rest else None)
    what = _stored_token(key, value_node, node, ctx)
    if what is not None:
        yield Hit(node, "stored", "fail", {"what": what, "store": store})
        return
    # a helper that writes what it is given (HRHoudini's `writeLS(key, val)`; EvalAI's
    # service `this.storeData = (key, value) => localStorage.setItem(key, ...)`, called as
    # `utilities.storeData('refreshJWT', token)` in other modules): each call of it, with its
    # arguments
    for where, call, key_arg, value_arg in _storage_helper_calls(node, key, value_node, ctx):
        what = _stored_token(key_arg, value_arg, call, ctx)
        if what is not None:
            elsewhere = None if where is ctx.file else where
            yield Hit(call, "stored", "fail", {"what": what, "store": store}, file=elsewhere)


def _stored_token(key: SgNode, value: SgNode | None, node: SgNode, ctx: Context) -> str | None:
    """What a web-storage write under `key` of `value` keeps (`a token`, `the refresh token`,
    `an object holding a token`), or None for no token."""
    key_text = string_of(key) if key.kind() in ("string", "template_string") else key.text()
    if key_text is None:
        return None
    value_text = value.text() if value is not None else ""
    if key.kind() in ("string", "template_string", "property_identifier"):
        decisive = key_text
    else:
        decisive = key_text + " " + value_text
    if key_text in ("removeItem", "getItem", "clear"):
        return None
    if value_text.strip() in _CLEARED:
        return None  # `setItem('jwt', '')` empties the slot at logout: no token is kept
    if _ONE_USE.search(key_text):
        return None  # a one-use link's code kept until it is used (vikunja's `emailConfirmToken`)
    member = _TOKEN_MEMBER.search(value_text)  # `setItem('_q', data.data.token)`
    if _PAIR_NAME.fullmatch(key_text):
        decisive = f"{key_text} token"  # simplejwt's pair kept under its own keys
    if (
        not _tokenish(decisive)
        and member is None
        and not _holds_token(value_text, node)
        and key_text not in ctx.token_slots
    ):
        return None
    if member is not None:
        return "the refresh token" if _REFRESH.search(member[0]) else "a token"
    if not _tokenish(decisive):
        return "an object holding a token"  # `setItem('user', JSON.stringify(user))`
    return "the refresh token" if _REFRESH.search(decisive) else "a token"


def _storage_helper_calls(
    node: SgNode, key: SgNode, value: SgNode | None, ctx: Context
) -> Iterator[tuple[SourceFile, SgNode, SgNode, SgNode | None]]:
    """The calls of the function around a storage write whose key is one of its parameters
    (`function writeLS(key, val) { localStorage.setItem(key, val) }`, `const put = (key,
    value) => localStorage.setItem('app.' + key, value)`), each with its file and the
    arguments standing for the key and the value: in the file, by its name; a method of a
    service or an object (`this.storeData = (key, value) => ...`, `storeData(key, value) {}`),
    as `<any>.storeData(...)` in every JavaScript file too, where its name is its own (not a
    word as common as `set` or `setItem`)."""
    func = enclosing_function(node)
    if func is None:
        return
    own, method = _helper_name(func)
    if own is None:
        return
    names = parameters(func)
    used = {n.text() for n in [key, *kinds(key, "identifier")] if n.kind() == "identifier"}
    at_key = next((i for i, n in enumerate(names) if n in used), None)
    if at_key is None:
        return
    # the value as given, or wrapped (`JSON.stringify(value)`)
    inside = (
        {n.text() for n in [value, *kinds(value, "identifier")]} if value is not None else set()
    )
    at_value = next((i for i, n in enumerate(names) if n in inside and i != at_key), None)
    here = node.get_root().root()
    files = [ctx.file]
    if method and len(own) >= 6 and not _COMMON_METHOD.fullmatch(own):
        files += [f for f in ctx.resolver.js_files.values() if f.name != ctx.file.name]
    for file in files:
        if own not in file.text:
            continue
        root = here if file is ctx.file else file.root
        for call in kinds(root, "call_expression"):
            called = call.field("function")
            if called is None:
                continue
            prop = called.field("property") if called.kind() == "member_expression" else None
            if called.text() != own and (prop is None or prop.text() != own):
                continue
            args = args_of(call)
            if at_key < len(args):
                given = args[at_value] if at_value is not None and at_value < len(args) else None
                yield file, call, args[at_key], given


_COMMON_METHOD = re.compile(
    r"update|remove|persist|setItem|getItem|removeItem|setValue|getValue|commit|dispatch",
    re.IGNORECASE,
)
"""Method names too common to find a helper by in other files (`cache.update`, `store.persist`);
names shorter than six letters (`set`, `save`) are never looked for there either."""


def _helper_name(func: SgNode) -> tuple[str | None, bool]:
    """The name a storage helper is called by, and whether it is a method (called on an
    object: `this.storeData = (k, v) => ...`, `{ storeData: (k, v) => ... }`, a class's
    `storeData(k, v) {}`) rather than a function of its module."""
    own = function_name(func)
    if own is not None:
        return own.text(), func.kind() == "method_definition"
    owner = func.parent()
    if owner is not None and owner.kind() == "assignment_expression":
        left = owner.field("left")
        prop = left.field("property") if left is not None else None
        if left is not None and left.kind() == "member_expression" and prop is not None:
            return prop.text(), True
    if owner is not None and owner.kind() == "pair":
        name = owner.field("key")
        return (None, False) if name is None else (name.text().strip("'\""), True)
    return None, False


@extractor
def vueuse_storage(node: SgNode, ctx: Context) -> Iterator[Found]:
    """VueUse's `useLocalStorage('accessToken', '')`: a ref kept in web storage under that key
    (its second argument is the value when the key is empty, not a write)."""
    key = node.get_match("KEY")
    key_text = string_of(key) if key is not None else None
    if key_text is None or _ONE_USE.search(key_text):
        return
    if not _tokenish(key_text) and not re.fullmatch(r"access|refresh", key_text, re.IGNORECASE):
        return
    function = node.field("function")
    called = function.text() if function is not None else ""
    store = "sessionStorage" if "Session" in called else "localStorage"
    if called == "useStorage":
        # `useStorage(key, initial, storage)`: the storage given third, else localStorage
        given = args_of(node)[2:3]
        written = given[0].text() if given else "localStorage"
        found = _WEB_STORE.match(written)
        if found is None:
            return  # a storage of the app's own (memory, a cookie adapter): not judged
        store = found.group(1)
    what = "the refresh token" if _REFRESH.search(key_text) else "a token"
    yield Hit(node, "stored", "fail", {"what": what, "store": f"{store} (VueUse's {called})"})


_WEB_STORE = re.compile(r"^(?:window\.)?(localStorage|sessionStorage)$")


@extractor
def oidc_user_store(node: SgNode, ctx: Context) -> Iterator[Found]:
    """oidc-client(-ts)'s `userStore: new WebStorageStateStore({ store: window.localStorage })`:
    the user it keeps holds the access, refresh and ID tokens (a `stateStore` holds only the
    sign-in's state)."""
    parent = node.parent()
    key = parent.field("key") if parent is not None and parent.kind() == "pair" else None
    declared = parent.field("name") if parent is not None else None
    holder = key if key is not None else declared
    if holder is None or "userstore" not in holder.text().strip("'\"").lower():
        return
    store = pairs(node.get_match("O")).get("store")
    found = _WEB_STORE.match(store.text()) if store is not None else None
    if found is not None:
        yield Hit(node, "stored", "fail", {"store": found[1]})


_PERSISTED_STORAGE = re.compile(
    _WEB_STORE.pattern + r"|^(?:piniaPluginPersistedstate|persistedState)\."
    r"(localStorage|sessionStorage|cookies)\(.*\)$",
    re.DOTALL,
)
_PERSISTED_BY_DEFAULT = "localStorage (a cookie under Nuxt)"
"""Where pinia-plugin-persistedstate keeps a store unless told (its Nuxt module: a cookie)."""


def _persisted_to(storage: SgNode) -> str | None:
    """The store a persisted state's `storage` option names (`localStorage`,
    `piniaPluginPersistedstate.cookies(...)` -> `cookies`), None for one of the app's own."""
    named = _PERSISTED_STORAGE.match(" ".join(storage.text().split()))
    return None if named is None else named[1] or named[2]


def _string_items(node: SgNode) -> list[str]:
    """The string literals of a list (`pick: ['user', 'token']`)."""
    return [t for t in map(string_of, kinds(node, "string")) if t]


def _returned_object(function: SgNode | None) -> SgNode | None:
    """The object literal a function (or a method) returns (`(set) => ({ ... })`, or its
    block's last `return { ... }`), None when it returns something else."""
    body = function.field("body") if function is not None else None
    if body is not None and body.kind() == "parenthesized_expression":
        return next((c for c in body.children() if c.kind() == "object"), None)
    if body is None or body.kind() != "statement_block":
        return None
    returned = [r for r in body.children() if r.kind() == "return_statement"]
    last = returned[-1] if returned else None
    return next((c for c in last.children() if c.kind() == "object"), None) if last else None


def _state_keys(store: SgNode | None) -> list[str] | None:
    """The keys of a Pinia store's state: an options store's `state: () => ({ ... })` (or
    `state() { return { ... } }`), a setup store's returned object; None when unread."""
    if store is None:
        return None
    body: SgNode | None = None
    if store.kind() in FUNCTION_VALUES:
        body = store  # a setup store: what it returns, but its functions (its actions)
    else:
        state = pairs(store).get("state")
        if state is None:
            state = next(
                (
                    m
                    for m in store.children()
                    if m.kind() == "method_definition" and (m.field("name") or m).text() == "state"
                ),
                None,
            )
        body = state
    obj = _returned_object(body)
    if body is None or obj is None:
        return None
    inner = body.field("body")
    if inner is None or inner.kind() == "parenthesized_expression":
        return list(pairs(obj))
    actions = set()
    for declared in kinds(inner, "function_declaration", "variable_declarator"):
        value = declared.field("value")
        if declared.kind() == "function_declaration" or (value and value.kind() in FUNCTION_VALUES):
            actions.add((declared.field("name") or declared).text())
    return [key for key in pairs(obj) if key not in actions]


def _persisted(tokens: list[str]) -> str:
    """What a persisted store keeps, said of its token keys (`accessToken`, `refreshToken`)."""
    if len(tokens) > 1:
        return "the tokens"
    return "the refresh token" if _REFRESH.search(tokens[0]) else "a token"


@extractor
def pinia_persist(node: SgNode, ctx: Context) -> Iterator[Found]:
    """A Pinia store persisted by pinia-plugin-persistedstate (`persist: true`, or `{ storage,
    pick }`, v3's `paths`) or pinia-plugin-persist (`{ enabled: true, strategies }`) with a
    token in the state it persists: kept in web storage, or in a cookie page scripts set."""
    args = args_of(node)
    options = next((a for a in args[1:] if a.kind() == "object"), None)
    if options is None and args and args[0].kind() == "object":
        options = args[0]  # `defineStore({ id, state, persist })`
    persist = pairs(options).get("persist")
    if options is None or persist is None:
        return
    store_def = args[1] if len(args) > 1 and args[1].kind() != "object" else options
    keys = _state_keys(store_def)
    if keys is None:
        return
    given = pairs(persist)
    storage: str | None = _PERSISTED_BY_DEFAULT
    picked = keys
    if persist.text() == "true":
        pass
    elif "enabled" in given:  # pinia-plugin-persist: sessionStorage unless told
        if given["enabled"].text() != "true":
            return
        strategies = given.get("strategies")
        strategy = next(iter(kinds(strategies, "object")), None) if strategies else None
        rules = pairs(strategy)
        storage = _persisted_to(rules["storage"]) if "storage" in rules else "sessionStorage"
        if "paths" in rules:
            picked = _string_items(rules["paths"])
    elif persist.kind() == "object":
        if "storage" in given:
            storage = _persisted_to(given["storage"])
        chosen = given.get("pick") or given.get("paths")
        if chosen is not None:
            picked = _string_items(chosen)
    else:
        return
    if storage is None:
        return  # a storage of the app's own: where it keeps the state is not said
    tokens = [k for k in picked if k in keys and (_tokenish(k) or _PAIR_NAME.fullmatch(k))]
    if not tokens:
        return
    if storage == "cookies":
        storage = "a cookie page scripts set"
    code = "persist: true" if persist.text() == "true" else "persist: {…}"
    fields = {"what": _persisted(tokens), "store": storage, "keys": ", ".join(tokens), "code": code}
    yield Hit(persist.parent() or persist, "persisted", "fail", fields)


_ZUSTAND_STORAGE = re.compile(
    r"^createJSONStorage\(\s*\(\)\s*=>\s*(?:window\.)?(localStorage|sessionStorage)\s*\)$"
    r"|^\(\)\s*=>\s*(?:window\.)?(localStorage|sessionStorage)$"
)
"""zustand's `storage: createJSONStorage(() => sessionStorage)` (v4+), or v3's `getStorage: ()
=> sessionStorage`."""


@extractor
def zustand_persist(node: SgNode, ctx: Context) -> Iterator[Found]:
    """A zustand store made with its `persist` middleware (localStorage unless told), a token in
    the state it keeps: the creator's state, or what `partialize` picks from it."""
    if ctx.file.side == "backend":
        return
    args = args_of(node)
    state = _returned_object(args[0] if args else None)
    if state is None:
        return  # a creator defined elsewhere (a slice): its state is not said here
    keys = [k for k, v in pairs(state).items() if v.kind() not in FUNCTION_VALUES]
    options = pairs(args[1]) if len(args) > 1 and args[1].kind() == "object" else {}
    storage: str | None = "localStorage"
    chosen = options.get("storage") or options.get("getStorage")
    if chosen is not None:
        named = _ZUSTAND_STORAGE.match(" ".join(chosen.text().split()))
        storage = None if named is None else named[1] or named[2]
    if storage is None:
        return  # the app's own storage (a cookie store, React Native's AsyncStorage)
    picked = keys
    if "partialize" in options:
        partial = _returned_object(options["partialize"])
        if partial is None:
            return  # picked by code the reader does not follow
        picked = [k for k in pairs(partial) if k in keys]
    tokens = [k for k in picked if _tokenish(k) or _PAIR_NAME.fullmatch(k)]
    if not tokens:
        return
    fields = {"what": _persisted(tokens), "store": storage, "keys": ", ".join(tokens)}
    fields["code"] = "persist(…)"
    yield Hit(node, "persisted", "fail", fields)


@extractor
def script_cookie(node: SgNode, ctx: Context) -> Iterator[Found]:
    if ctx.file.side == "backend":
        return
    key = node.get_match("KEY")
    value = node.get_match("V")
    args = args_of(node) if node.kind() == "call_expression" else []
    if key is not None and len(args) >= 3 and key.kind() not in ("string", "template_string"):
        # nookies / cookies-next: setCookie(ctx, name, value, options)
        options = args[3] if len(args) > 3 else None
        if options is not None and options.kind() == "identifier":
            options = ctx.resolver.constant(options)
        if options is not None and options.kind() == "object" and spreads(options):
            return  # `{ ...config.COOKIE_OPTIONS, maxAge }`: flags the reader cannot see
        flag = pairs(options).get("httpOnly") if options is not None else None
        if flag is not None and flag.text() == "true":
            return  # set on the server with httpOnly (getServerSideProps' ctx)
        text = f"{string_of(args[1]) or args[1].text()} {args[2].text()}"
    elif key is not None:
        name = string_of(key) if key.kind() in ("string", "template_string") else key.text()
        if name is None or _server_cookies(node, ctx.file.text):
            return
        if len(args) > 1 and (string_of(args[1]) == "" or args[1].text() in ("null", "undefined")):
            return  # `Cookies.set('token', '', { expires: -1 })` clears it: no token kept
        text = name
    elif value is not None:
        written = value.text()
        # `document.cookie = 'token=; max-age=0'` (or an expires in the past) deletes it
        if _COOKIE_DELETED.match(written.strip("'\"`")):
            return
        text = written.split("=", 1)[0]
    else:
        return
    # (simplejwt's pair kept as they come: librephotos' `cookies.set("access", data.access)`)
    if _tokenish(text) or _PAIR_NAME.fullmatch(text.strip()):
        yield Hit(node, "stored", "fail")


_SVELTEKIT_SERVER = re.compile(
    r"""import\s+(?:type\s+)?\{[^}]*\b(?:Cookies|RequestEvent|RequestHandler|Actions|\w*ServerLoad)\b"""
    r"""[^}]*\}\s*from\s*['"](?:@sveltejs/kit|\./\$types)['"]"""
)
"""Types of SvelteKit's server code imported: its `cookies` is the request's, whose `set` sends
a Set-Cookie header (httpOnly by default), out of page scripts' reach."""


def _server_cookies(node: SgNode, text: str) -> bool:
    """Whether `cookies.set(...)` is SvelteKit's server `cookies` (a function's parameter
    typed `Cookies`, or `event.cookies`, in a module of its server code)."""
    function = node.field("function")
    receiver = function.field("object") if function is not None else None
    return (
        receiver is not None
        and receiver.text() in ("cookies", "event.cookies")
        and bool(_SVELTEKIT_SERVER.search(text))
    )


_NEXT_SERVER = re.compile(r"""(?:from\s*|require\(\s*)['"]next/(?:server|headers)['"]""")
_NEXT_COOKIE_STORE = re.compile(
    r"^\(?\s*(?:await\s+)?cookies\(\s*\)\s*\)?$|\.cookies$|^cookie\w*$", re.I
)


def _next_cookies(receiver: SgNode | None, text: str) -> bool:
    """Whether `X.set(...)` sets a cookie of Next.js's server code: a response's `cookies`
    (`res.cookies`), `cookies()` of next/headers or a store kept from it (`cookieStore`), in a
    module that imports next/server or next/headers."""
    return (
        receiver is not None
        and bool(_NEXT_COOKIE_STORE.search(" ".join(receiver.text().split())))
        and bool(_NEXT_SERVER.search(text))
    )


_KOA_COOKIES = frozenset({"ctx.cookies", "this.cookies", "this.ctx.cookies"})
"""Koa's context's cookies, by the names Koa's docs give the context (and egg's and yapi's
controllers, `this.ctx.cookies`)."""


_COOKIE_DELETED = re.compile(
    r"^\s*(?:[\w-]+|\$\{[^{}]*\})=\s*(?:null|undefined|''|\"\")?\s*(?:;|$)"
)
"""A script's cookie written empty or null (`token=; max-age=0`, `token=; expires=Thu, 01 Jan
1970`, dashy's logout `${cookieKeys.AUTH_TOKEN}=null`): cleared, no token kept."""


_CROSS_SITE = "cross-site"
"""A cookie flag's value: SameSite set to None, so the browser sends the cookie on
cross-site requests too (a frontend on another site needs it; CSRF can use it)."""


def _cookie_report(
    node: SgNode,
    name_text: str,
    flags: dict[str, bool | str | None],
    value_text: str = "",
    name_node: SgNode | None = None,
    variant: str = "flags",
) -> Iterator[Found]:
    function = node.field("function")
    # the call as written (`serialize`, `reply.setCookie`, `res\n  .cookie` on one line)
    setter = " ".join(function.text().split()) if function is not None else "res.cookie"
    args = args_of(node)
    first = name_node or (args[0] if args else None)
    # the name as the code writes it: a literal quoted, a variable (`cookieName`) bare
    named = first is not None and first.kind() in ("identifier", "member_expression", "attribute")
    name_code = first.text() if first is not None and named else repr(name_text)
    if variant == "flags" and name_node is not None and args and args[0].text() != name_node.text():
        name_code = f"{args[0].text()}, {name_code}"  # h3's setCookie(event, name, value, opts)
    missing = [flag for flag, on in flags.items() if on is False]
    cross_site = [flag for flag, on in flags.items() if on == _CROSS_SITE]
    unknown = [flag for flag, on in flags.items() if on is None]
    if missing or cross_site:  # a flag set from a variable (`secure: PROD`) is no finding
        # the cookie's name, or the value it holds (`res.cookie('jwt', refreshToken, ...)`)
        what = "refresh token" if _REFRESH.search(f"{name_text} {value_text}") else "token"
        said = [f"without {', '.join(missing)}"] if missing else []
        said += [f"with {flag} 'None' (sent on cross-site requests too)" for flag in cross_site]
        yield Hit(
            node,
            variant,
            "fail" if "httpOnly" in missing or "httponly" in missing else "warn",
            {"what": what, "missing": ", and ".join(said), "name": name_code, "setter": setter},
        )
    elif not unknown:
        yield OK


_EXPIRED_NOW = re.compile(r"^(?:-?0|-1|new Date\(0\)|new Date\(\s*\)|-?\d+\s*\*\s*0)$")
"""A cookie written empty or already expired (`maxAge: 0`, `expires: new Date(0)`): a deletion."""
_COOKIE_PACKAGE = re.compile(r"""(?:from\s*|require\(\s*)['"]cookie['"]""")


@extractor
def js_cookie_flags(node: SgNode, ctx: Context) -> Iterator[Found]:
    defaults: dict[str, bool | None] = {}
    if node.get_match("CK") is not None:  # `cookies.set(name, value, options)`
        receiver = node.get_match("CK")
        if receiver is not None and receiver.text() in _KOA_COOKIES:
            # Koa's (the `cookies` package): httpOnly unless told, secure only over HTTPS
            defaults = {"httpOnly": True, "secure": None}
        elif _server_cookies(node, ctx.file.text):
            # SvelteKit's: httpOnly, secure (but on localhost) and SameSite=Lax unless told
            defaults = {"httpOnly": True, "secure": True, "sameSite": True}
        elif not _next_cookies(receiver, ctx.file.text):
            return  # (Next.js's: no flag unless told)
    elif ctx.file.side == "frontend":
        return
    serialized = node.text().startswith("serialize(") or node.get_match("COOKIE") is not None
    if serialized and not _COOKIE_PACKAGE.search(ctx.file.text):
        return  # another `serialize`: only the `cookie` package's makes a Set-Cookie
    name = node.get_match("NAME")
    value = node.get_match("VALUE")
    opts = node.get_match("OPTS")
    one = node.get_match("ONE")
    if one is not None and not defaults:  # Next.js's `cookies.set({ name, value, ...options })`
        name, value, opts = pairs(one).get("name"), pairs(one).get("value"), one
    if name is None or value is None:
        return
    name_text = string_of(name) if name.kind() == "string" else name.text()
    if name_text is None or not _tokenish(name_text + " " + value.text()):
        return
    if opts is not None and opts.kind() == "identifier":
        opts = ctx.resolver.constant(opts)  # `res.cookie('jwt', token, cookieOptions)`
        if opts is None:
            return
    if opts is not None and (opts.kind() != "object" or spreads(opts)):
        return
    given = pairs(opts)
    if value.text().strip() in _CLEARED or _EXPIRED_NOW.match(
        " ".join(given[key].text() for key in ("maxAge", "expires") if key in given)
    ):
        return  # `serialize('token', null, { maxAge: 0 })`: the cookie is deleted, no token sent

    def flag(key: str) -> bool | str | None:
        if key not in given:
            return defaults.get(key, False)
        text = given[key].text().strip("'\"").lower()
        if key == "sameSite" and text in ("none", "false"):
            # `sameSite: false` leaves the attribute out; 'none' sets SameSite=None
            return _CROSS_SITE if text == "none" else False
        if text == "false":
            return False
        if text in ("true", "strict", "lax", "none"):
            return True
        return None  # e.g. secure: process.env.NODE_ENV === 'production'

    yield from _cookie_report(
        node,
        name_text,
        {"httpOnly": flag("httpOnly"), "secure": flag("secure"), "sameSite": flag("sameSite")},
        value.text(),
        name,
        "flags" if one is None else "object",
    )


_STARLETTE = re.compile(r"^\s*(?:from|import)\s+(?:fastapi|starlette)\b", re.MULTILINE)
"""A module of a FastAPI or Starlette app: its responses' set_cookie is Starlette's."""


_PY_COOKIE_ORDER = ("secure", "httponly", "samesite")
"""The flags set_cookie takes seventh, eighth and ninth when they are given in order."""


@extractor
def py_cookie_flags(node: SgNode, ctx: Context) -> Iterator[Found]:
    args = args_of(node)
    positional = [a for a in args if a.kind() != "keyword_argument"]
    kw = kwargs(node)
    if any(a.kind() in ("dictionary_splat", "list_splat") for a in args):
        return
    name = kw.get("key") or (positional[0] if positional else None)
    value = kw.get("value") or (positional[1] if len(positional) > 1 else None)
    if name is None:
        return
    name_text = string_of(name) or name.text()
    if not _tokenish(name_text + " " + (value.text() if value is not None else "")):
        return
    if value is not None and string_of(value) == "":
        return  # `set_cookie("access_token_cookie", "", expires=0)` clears it: no token kept
    # given in order (Starlette's, Flask's and Django's set_cookie alike: key, value, max_age,
    # expires, path, domain, secure, httponly, samesite; python_fastapi's `..., '/', None,
    # False, True, 'lax')`)
    kw = {**dict(zip(_PY_COOKIE_ORDER, positional[6:], strict=False)), **kw}

    def flag(key: str) -> bool | str | None:
        if key not in kw:
            # Starlette's (FastAPI's) set_cookie defaults to SameSite=Lax; Flask's and
            # Django's leave the attribute out
            return key == "samesite" and bool(_STARLETTE.search(ctx.file.text))
        text = kw[key].text()
        if key == "samesite" and string_of(kw[key]) in ("None", "none"):
            return _CROSS_SITE  # the string 'None' sets SameSite=None; None leaves it out
        text = text.strip("'\"")
        if text in ("False", "None"):
            return False
        if text in ("True", "Strict", "Lax", "strict", "lax"):
            return True
        return None

    yield from _cookie_report(
        node,
        name_text,
        {"httponly": flag("httponly"), "secure": flag("secure"), "samesite": flag("samesite")},
        value.text() if value is not None else "",
    )


def backend_transports(files: list[SourceFile]) -> frozenset[str] | None:
    """The transports fastapi-users' backends use: what `AuthenticationBackend(...)` is given
    as `transport=` (or second), in code not commented out; None when no file makes one."""
    search = pattern_search("AuthenticationBackend($$$A)")
    found: set[str] | None = None
    for file in files:
        if file.lang != "python" or "AuthenticationBackend" not in file.text:
            continue
        for call in search.find_all(file):
            found = found if found is not None else set()
            given = kwargs(call)
            plain = [a for a in args_of(call) if a.kind() != "keyword_argument"]
            used = given.get("transport") or (plain[1] if len(plain) > 1 else None)
            if used is not None:
                found.add(used.text())
    return frozenset(found) if found is not None else None


@extractor
def fastapi_users_cookie(node: SgNode, ctx: Context) -> Iterator[Found]:
    given = kwargs(node)
    if any(a.kind() in ("dictionary_splat", "list_splat") for a in args_of(node)):
        return
    parent = node.parent()
    bound = parent.field("left") if parent is not None and parent.kind() == "assignment" else None
    if ctx.transports is not None and bound is not None and bound.text() not in ctx.transports:
        return  # (fastapi-users-lib: a cookie transport no backend uses keeps no token)

    def flag(key: str) -> bool | str | None:
        if key not in given:
            return True  # CookieTransport's defaults: httponly, secure, SameSite=Lax
        text = given[key].text().strip("'\"")
        if key == "cookie_samesite" and text.lower() == "none":
            return _CROSS_SITE
        if text == "False":
            return False
        return True if text in ("True", "lax", "strict") else None

    flags = {
        "httponly": flag("cookie_httponly"),
        "secure": flag("cookie_secure"),
        "samesite": flag("cookie_samesite"),
    }
    yield from _cookie_report(node, "", flags)


@extractor
def flask_cookie_setting(node: SgNode, ctx: Context) -> Iterator[Found]:
    setting = node.get_match("K") or node.get_match("NAME")
    if setting is None or _dev_only(node, ctx):
        return
    name = setting.text().strip("'\"")
    what = (
        "the JWT cookies are sent over plain HTTP too"
        if name.endswith("SECURE")
        else "the JWT cookies have no CSRF protection"
    )
    yield Hit(node, "flags", "warn", {"what": what, "setting": name})


_DJ_REST_AUTH_COOKIE = re.compile(
    r"""\bJWT_AUTH_(?:REFRESH_)?COOKIE['"]?\s*[:=]\s*[rbf]?['"]([^'"]+)['"]"""
)
"""A cookie dj-rest-auth sets the access or refresh token in (`'JWT_AUTH_REFRESH_COOKIE':
'refresh'`): without one it sets no cookie at all."""


@extractor
def dj_rest_auth_httponly(node: SgNode, ctx: Context) -> Iterator[Found]:
    cookies = _DJ_REST_AUTH_COOKIE.findall(ctx.file.text)
    if not cookies or _dev_only(node, ctx):
        return
    yield Hit(node, "flags", "fail", {"cookies": ", ".join(f"'{c}'" for c in cookies)})


# ---------------------------------------------------------------- JWT908
_JWT_LIBRARY = re.compile(
    r"jsonwebtoken|['\"]jose['\"]|passport-jwt|express-jwt|@nestjs/jwt|@fastify/jwt|fastify-jwt"
    r"|koa-jwt|hapi-auth-jwt2|@hapi/jwt"
)
_JWT_NAME = re.compile(r"jwt|token|access|refresh|sign", re.IGNORECASE)
"""A secret's name that says what it signs (`JWT_SECRET`, `ACCESS_TOKEN_SECRET`): one named
otherwise (`APP_SECRET`, `SESSION_SECRET`) is a JWT secret only in a file of a JWT library."""
_SECRET_NAME = re.compile(r"secret|signing_?key|private_?key|jwt_?key", re.IGNORECASE)
_TEMPLATE_PLACEHOLDER = re.compile(r"\{\{[^{}]*\}\}|\{%[^%]*%\}|<%[^%]*%>|\$\{[^{}]*\}")
"""A value a template engine fills in when the project is generated or deployed
(cookiecutter's `{{cookiecutter.secret_key}}`, ERB, `${VAR}`): no secret is written here."""


def _literal_secret(node: SgNode | None) -> bool:
    if node is None:
        return False
    text = string_of(node)
    if text is None or not text.strip() or _TEMPLATE_PLACEHOLDER.fullmatch(text.strip()):
        return False
    return not text.startswith("-----BEGIN PUBLIC") and not text.startswith("-----BEGIN CERT")


def _secret_hit(node: SgNode, secret: SgNode, ctx: Context) -> Iterator[Found]:
    var = "JWT_SECRET"
    for _ in range(3):  # `const key = await importPKCS8(PEM, 'ES256')`, PEM a literal
        if secret.kind() != "identifier":
            break
        bound = ctx.resolver.constant(secret)  # `const SECRET = ...`, `SIGNING_KEY = ...`
        if bound is None:
            break
        if bound.get_root().root() != node.get_root().root():
            return  # another file's constant (`SECRET_KEY` of settings.py): judged there
        # judged where the name is bound, once for all its uses
        node, var = bound.parent() or bound, secret.text()
        secret = _unwrapped(bound) or bound
    fallback = ctx.resolver.fallback(secret)
    if fallback is not None and _literal_secret(fallback[1]):
        if _refused(node, string_of(fallback[1]) or "", ctx.file.text):
            yield OK
            return
        length = len(string_of(fallback[1]) or "")
        yield Hit(
            node, "fallback", "fail", {"var": fallback[0], "length": str(length)}, (fallback[1],)
        )
        return
    read = ctx.resolver.env_read(secret) if secret.kind() == "call" else None
    if read is not None and ctx.file.lang == "python" and string_of(read[1]) == "":
        # `os.environ.get("SECRET_KEY", "")`: unset, the key is empty (PyJWT and python-jose
        # sign with it), unless the module refuses to start so (`if not SECRET_KEY: raise`)
        left = node.field("left") if node.kind() == "assignment" else None
        name = re.escape(left.text()) if left is not None else None
        guard = rf"\b(?:if\s+not|assert)\s+{name}\b|\b{name}\s+(?:is\s+None|==\s*['\"]['\"])"
        if name is None or not re.search(guard, ctx.file.text):
            yield Hit(node, "empty", "fail", {"var": read[0]})
            return
    if read is not None and read[1] is not None and _literal_secret(read[1]):
        length = len(string_of(read[1]) or "")
        yield Hit(node, "fallback", "fail", {"var": read[0], "length": str(length)}, (read[1],))
        return
    if _literal_secret(secret):
        length = len(string_of(secret) or "")
        yield Hit(node, "literal", "fail", {"length": str(length), "var": var}, (secret,))
        return
    # Only a secret seen read from the environment is right; one from a config module or
    # a call (`config.jwtSecret`) is not said to be.
    yield OK if ctx.resolver.env_read(secret) is not None else UNREAD


def _refused(node: SgNode, literal: str, text: str) -> bool:
    """Whether the code refuses to run with the default it declares (growthbook's `if (prod &&
    JWT_SECRET === "dev") throw new Error(...)` right after `JWT_SECRET = ... || "dev"`)."""
    name = node.field("name") or node.field("left")
    if name is None or not literal or name.kind() != "identifier":
        return False
    var, lit = re.escape(name.text()), re.escape(literal)
    compared = rf"""(?:\b{var}\s*===?\s*(['"`]){lit}\1|(['"`]){lit}\2\s*===?\s*{var}\b)"""
    end = node.range().end.index
    refused = rf"{compared}[^;{{}}]*\)\s*\{{?\s*(?:throw\b|process\.exit\()"
    return re.search(refused, text[end:]) is not None


_HAPI_JWT_OPTIONS = frozenset({"validate", "verifyOptions", "validateFunc", "urlKey", "cookieKey"})
"""Options beside `key:` in hapi-auth-jwt2's strategy (`server.auth.strategy('jwt', 'jwt',
{ key, validate, verifyOptions })`), which make it the JWT secret."""

_JS_SECRET_VALUES = (
    "string",
    "template_string",
    "binary_expression",
    "identifier",
    "member_expression",
    "subscript_expression",
    "call_expression",
)
"""What a secret argument is judged in: a literal, a default, a name bound to either, the
environment; a config module's member or a call is counted as not said (UNREAD)."""


_HTTP_CALL = re.compile(
    r"^(?:axios(?:\.\w+)?|fetch|\$fetch|ofetch|got(?:\.\w+)?|needle|superagent|request(?:\.\w+)?"
    r"|\w*(?:http|client|api)\w*\.(?:get|post|put|patch|request))$",
    re.IGNORECASE,
)
_REQUEST_PARTS = frozenset({"params", "form", "body", "data", "query", "json", "searchParams"})


def _sent_to_a_service(pair: SgNode) -> bool:
    """Whether an object's `secret:` is part of an HTTP request to another service (the
    parameters of `axios.post('https://www.google.com/recaptcha/api/siteverify', ...)`)."""
    holder = pair.parent()
    outer = holder.parent() if holder is not None else None
    if outer is not None and outer.kind() == "pair":
        key = outer.field("key")
        if key is not None and key.text().strip("'\"") in _REQUEST_PARTS:
            return True
    for ancestor in pair.ancestors():
        if ancestor.kind() == "call_expression":
            func = ancestor.field("function")
            return func is not None and _HTTP_CALL.match(func.text()) is not None
    return False


@extractor
def js_secret(node: SgNode, ctx: Context) -> Iterator[Found]:
    if ctx.file.side == "frontend":
        return
    if node.kind() == "pair":
        value = node.field("value")
        if value is None or value.kind() not in _JS_SECRET_VALUES:
            return
        key = node.field("key")
        parent = node.parent()
        if (
            key is not None
            and key.text().strip("'\"") == "key"
            and (parent is None or not _HAPI_JWT_OPTIONS.intersection(pairs(parent)))
        ):
            return  # `key:` is a JWT secret in hapi-auth-jwt2's options, not in any object
        if _sent_to_a_service(node):
            return  # reCAPTCHA's `params: { secret }`: another service's secret, sent to it
        if _session_option(parent):
            return  # express-session's `session({ secret })` signs a session cookie's id
        if parent is not None and _api_key_pair(parent):
            return  # langfuse's seeded `{ secret: ..., public: 'pk-lf-...' }`: an API key pair
        yield from _secret_hit(node, value, ctx)
        return
    called = node.get_match("V")
    if called is not None and called.text() not in _jsonwebtoken_names(ctx.file.text):
        return  # any other call: only jsonwebtoken's sign and verify imported by name
    chain = node.get_match("CHAIN")
    if chain is not None and "SignJWT" not in chain.text():
        return  # `.sign(key)` of jose's SignJWT only
    secret = _unwrapped(node.get_match("S"))
    if secret is None or secret.kind() not in _JS_SECRET_VALUES:
        return
    if not _JWT_LIBRARY.search(ctx.file.text):
        return  # `x.sign(...)` of something that is not a JWT library
    yield from _secret_hit(node, secret, ctx)


_KEY_PAIR_HALF = frozenset({"public", "publicKey", "public_key", "pk"})
"""The public half beside a `secret:` in one object: an API key's two parts (a key ID and its
secret), handed out and looked up, not a key that signs tokens. (A JWT key pair names its halves
`privateKey` and `publicKey`, never `secret`.)"""


def _api_key_pair(options: SgNode) -> bool:
    """Whether an object holding a `secret:` gives a key's public half as a string (not a list
    of public routes: `{ secret, public: ['/login'] }` configures a JWT middleware)."""
    given = pairs(options)
    return any(
        name in given and given[name].kind() in ("string", "template_string")
        for name in _KEY_PAIR_HALF
    )


_SESSION_MIDDLEWARE = re.compile(
    r"^(?:session|expressSession|cookieSession|koaSession|fastifySession|fastifySecureSession)$"
)


def _session_option(options: SgNode | None) -> bool:
    """Whether an object is the options of a session middleware (`session({ secret, resave })`
    of express-session, cookie-session, koa-session) or a config's `session: { secret }` or
    `cookieOptions: { secret }`: its secret signs the session cookie, no JWT (nango's
    `session({ secret: process.env.NANGO_ADMIN_KEY || 'nango' })`, teable's auth config)."""
    args = options.parent() if options is not None else None
    if args is not None and args.kind() == "pair":  # a config's `session: { secret }` (teable)
        key = args.field("key")  # (or its `cookieOptions: { secret }`: vendure's cookie-session)
        return key is not None and key.text().strip("'\"") in ("session", "cookieOptions")
    call = args.parent() if args is not None and args.kind() == "arguments" else None
    callee = call.field("function") if call is not None else None
    return callee is not None and _SESSION_MIDDLEWARE.match(callee.text()) is not None


_ENCODED = re.compile(
    r"^(?:await\s+)?(?:new\s+TextEncoder\(\)\.encode|Buffer\.from|(?:crypto\.)?createSecretKey"
    r"|(?:crypto\.)?createPrivateKey|(?:jose\.)?importPKCS8)\("
)


def _unwrapped(secret: SgNode | None) -> SgNode | None:
    """The secret inside parentheses (`SECRET_KEY = ('...')`), an `await`, or what turns it
    into a key for jose (`new TextEncoder().encode(x)`, `Buffer.from(x)`, `createSecretKey(x)`,
    `importPKCS8(pem, alg)`)."""
    if secret is not None and secret.kind() == "parenthesized_expression":
        inside = [c for c in secret.children() if c.is_named()]
        return _unwrapped(inside[0]) if len(inside) == 1 else secret
    if secret is not None and secret.kind() == "await_expression":
        inside = [c for c in secret.children() if c.is_named()]
        return _unwrapped(inside[0]) if len(inside) == 1 else secret
    if secret is not None and secret.kind() == "call_expression" and _ENCODED.match(secret.text()):
        inner = args_of(secret)
        return inner[0] if inner else None
    return secret


@extractor
def js_secret_variable(node: SgNode, ctx: Context) -> Iterator[Found]:
    name = node.field("name")
    value = node.field("value")
    if name is None or value is None or not _SECRET_NAME.search(name.text()):
        return
    if not _JWT_NAME.search(name.text()) and not _JWT_LIBRARY.search(ctx.file.text):
        return  # a shared header key compared with `x-app-secret`: it signs nothing
    if ctx.resolver.fallback(value) is None:
        return
    yield from _secret_hit(node, value, ctx)


_PUBLIC_PREFIX = re.compile(
    r"\.((?:NEXT_PUBLIC|VITE|REACT_APP|NUXT_PUBLIC|EXPO_PUBLIC|PUBLIC)_\w+)$"
)


@extractor
def public_secret(node: SgNode, ctx: Context) -> Iterator[Found]:
    """A JWT secret in a variable or setting the bundler ships to the browser."""
    if node.kind() == "pair":  # Nuxt's runtimeConfig.public
        value = node.field("value")
        for key, item in pairs(value).items():
            named = _SECRET_NAME.search(key) and _JWT_NAME.search(key)  # not a Stripe key's
            if named and not re.search(r"public|site", key, re.IGNORECASE):
                yield Hit(item.parent() or item, "runtime_public", "fail", {"var": key})
        return
    found = _PUBLIC_PREFIX.search(node.text())
    if found is None or not (_JWT_NAME.search(found[1]) or _JWT_LIBRARY.search(ctx.file.text)):
        return  # NEXT_PUBLIC_STRIPE_SECRET is bad, but no JWT secret
    variant = "public_server" if ctx.file.side == "backend" else "public"
    yield Hit(node, variant, "fail" if variant == "public" else "warn", {"var": found[1]})


_OWN_JWT_KEY = re.compile(
    r"""(?:['"]SIGNING_KEY['"]\s*:|\bJWT_(?:SECRET|PRIVATE)_KEY['"]?\s*\]?\s*[=:]"""
    r"""|\bJWT_GET_USER_SECRET_KEY\b)([^\n]*)"""
)
_FRAMEWORK_KEY = re.compile(r"(?<![A-Za-z_'\"])SECRET_KEY(?![A-Za-z_'\"])")


def own_jwt_key(python_texts: list[str]) -> bool:
    """Whether the service signs JWTs with a key set apart from the framework's SECRET_KEY:
    simplejwt's `SIGNING_KEY`, Flask-JWT-Extended's or drf-jwt's `JWT_SECRET_KEY` (or per-user
    keys), unless that setting is `SECRET_KEY` itself."""
    return any(
        not _FRAMEWORK_KEY.search(found[1])
        for text in python_texts
        for found in _OWN_JWT_KEY.finditer(text)
    )


@extractor
def py_secret(node: SgNode, ctx: Context) -> Iterator[Found]:
    if node.kind() in ("pair", "keyword_argument"):  # `secret=` of fastapi-users' JWTStrategy
        value = node.field("value")
    elif node.get_match("S") is not None:
        value = node.get_match("S")
    else:
        value = node.get_match("V")
        # Flask's `app.secret_key` is its SECRET_KEY, which Flask-JWT-Extended signs with
        # when JWT_SECRET_KEY is unset
        name = node.get_match("NAME") or node.get_match("K") or node.get_match("ATTR")
        if (
            name is not None
            and name.text().strip("'\"").upper() == "SECRET_KEY"
            and (ctx.own_jwt_key or not ctx.python_jwt)
        ):
            return  # Django's SECRET_KEY signs sessions: a JWT secret only where JWTs are used
    value = _unwrapped(value)
    if _dev_only(node, ctx):
        return  # `if DEBUG: SECRET_KEY = env(..., default='...')`, production's under else
    if value is None or _class_bases(node).endswith(_ENUM_BASES):
        return  # an enum's member (`SECRET = "secret"` of a StrEnum) names, it holds no key
    var = node.get_match("NAME") or node.get_match("K") or node.get_match("ATTR")
    label = string_of(value)
    if (
        var is not None
        and label is not None
        and _same_word(label, var.text().strip("'\""))
        and enclosing_class(node) is not None
    ):
        return  # `SECRET = "Secret"` of saleor's field types: a class's label, no key (a
        # module's `SECRET = "SECRET"` handed to JWTStrategy is a key, and a guessable one)
    settings = node.get_match("TYPE") is not None and _in_settings_class(node)
    for found in _secret_hit(node, value, ctx):
        if isinstance(found, Hit) and found.variant == "literal" and var is not None:
            found.fields["var"] = var.text().strip("'\"").upper()
            if settings:  # pydantic reads the variable first: the literal is its default
                found = replace(found, variant="settings")
                found.fields["field"] = var.text()
        yield found


def _in_settings_class(node: SgNode) -> bool:
    """Whether an annotated field sits in a pydantic settings class (`class
    Settings(BaseSettings)`), whose fields the environment sets first."""
    return "Settings" in _class_bases(node)


def _same_word(a: str, b: str) -> bool:
    return (
        a.replace("_", "").replace("-", "").lower() == b.replace("_", "").replace("-", "").lower()
    )


_ENUM_BASES = ("Enum)", "StrEnum)", "IntEnum)", "Flag)", "Choices)")


def _class_bases(node: SgNode) -> str:
    """The superclasses of the Python class a node sits in, as written (`(str, Enum)`), or ''."""
    owner = enclosing_class(node)
    bases = owner.field("superclasses") if owner is not None else None
    return bases.text().replace(" ", "") if bases is not None else ""


# ---------------------------------------------------------------- JWT909
_NAME = r"[A-Za-z_$][\w$]*"
_IMPORTED_ITEM = re.compile(rf"\b({_NAME})\b(?:\s*(?:as|:)\s*({_NAME}))?")


@lru_cache(maxsize=32)
def imported_names(text: str, package: str) -> dict[str, str]:
    """The names a file gives what it imports from `package`, each with what it is: the
    export's name for a named import (`import { expressjwt as jwt }`, `const { verify:
    check } = require(...)`), `default` for the module or its default export (`import jwt
    from`, `const jwt = require(...)`). One pass over the file per package."""
    if package not in text:
        return {}
    source = rf"""['"]{re.escape(package)}['"]"""
    found: dict[str, str] = {}
    for group in re.finditer(rf"\{{([^{{}}]*)\}}\s*(?:from\s*|=\s*require\(\s*){source}", text):
        for item in _IMPORTED_ITEM.finditer(group[1]):
            found[item[2] or item[1]] = item[1]
    default = rf"\bimport\s+({_NAME})\s*(?:,\s*\{{[^{{}}]*\}}\s*)?from\s*{source}"
    whole = rf"\b({_NAME})\s*=\s*require\(\s*{source}\s*\)"
    for pattern in (default, whole):
        found.update((m[1], "default") for m in re.finditer(pattern, text))
    return found


def _express_jwt_aliases(text: str) -> frozenset[str]:
    """The names a file gives express-jwt's middleware: `import { expressjwt as jwt }`,
    `import jwt from 'express-jwt'` (v6), `const jwt = require('express-jwt')`,
    `const { expressjwt: jwt } = require('express-jwt')`; and koa-jwt's (`import jwt from
    'koa-jwt'`), whose options are passed on to jsonwebtoken's verify alike."""
    names = imported_names(text, "express-jwt")
    koa = imported_names(text, "koa-jwt")  # koa-jwt's middleware takes the same options
    return frozenset(
        [local for local, what in names.items() if what in ("expressjwt", "default")]
        + [local for local, what in koa.items() if what == "default"]
    )


def _jsonwebtoken_names(text: str) -> dict[str, str]:
    """The names a file gives jsonwebtoken's `verify` and `sign` by a named import (`import
    jwt, { verify } from 'jsonwebtoken'`, `const { verify: check } = require('jsonwebtoken')`),
    each with the function it is."""
    names = imported_names(text, "jsonwebtoken")
    return {local: what for local, what in names.items() if what in ("verify", "sign")}


NEST_JWT_SERVICE = re.compile(r"^(?:this\.)?\w*(?:jwt|Jwt|JWT)\w*$")
"""The receiver of @nestjs/jwt's injected JwtService (`this.jwtService`), in a file importing it."""


def _declared_empty(name: SgNode) -> SgNode | None:
    """The `{}` a name is declared with once, by `var` or `let` too (`var opts = {}`)."""
    found = [
        decl.field("value")
        for decl in kinds(name.get_root().root(), "variable_declarator")
        if (key := decl.field("name")) is not None and key.text() == name.text()
    ]
    if len(found) == 1 and found[0] is not None and found[0].kind() == "object":
        return found[0] if not pairs(found[0]) else None
    return None


def _assigned_options(name: SgNode) -> dict[str, str]:
    """The keys a file gives an options object one assignment at a time (`const opts = {};
    opts.secretOrKey = ...`), with their values' text."""
    text = name.get_root().root().text()
    found = re.finditer(rf"\b{re.escape(name.text())}\.(\w+)\s*=(?!=)\s*([^;\n]*)", text)
    return {m[1]: m[2] for m in found}


@extractor
def js_algorithms(node: SgNode, ctx: Context) -> Iterator[Found]:
    if ctx.file.side == "frontend":
        return
    text = node.text()
    if node.get_match("REQ") is not None:
        # @fastify/jwt's request.jwtVerify(): the algorithms are the plugin's registration's
        # (`verify: { algorithms }`), or those of its key's type
        yield UNREAD
        return
    called = node.get_match("V")
    if called is not None:  # `verify(token, secret)` imported by name from jsonwebtoken
        if _jsonwebtoken_names(ctx.file.text).get(called.text()) != "verify":
            return
        text = "jwt." + text
    nest = node.get_match("SVC")
    service = node.get_match("JWT")
    if nest is None and service is not None and service.text().endswith("Service"):
        nest = service  # `this.jwtService.verify(token, { secret })`, read first as `$JWT`'s
        if node.get_multiple_matches("REST"):
            return  # (JwtService's verify takes two arguments)
    if nest is not None:
        if not NEST_JWT_SERVICE.match(nest.text()) or "@nestjs/jwt" not in ctx.file.text:
            return
        opts = node.get_match("O") or node.get_match("K")
        if opts is not None and opts.kind() == "object" and "algorithms" in pairs(opts):
            yield OK
            return
        # Else the module's `verifyOptions` (JwtModule.register) decide, in another file.
        yield (
            OK
            if ctx.nest_algorithms
            else Hit(node, _unpinned(node), "warn", mask=_key_literals(node))
        )
        return
    alias = node.get_match("EJ")
    if alias is not None and alias.text() not in ("expressjwt", "expressJwt"):
        if alias.text() not in _express_jwt_aliases(ctx.file.text):
            return  # any other one-argument call
        text = "expressjwt" + text[len(alias.text()) :]  # read as express-jwt's options
    if node.kind() == "new_expression" or text.startswith("super("):
        opts = node.get_match("O")
        if opts is not None and opts.kind() == "identifier":
            name = opts
            # `new JwtStrategy(jwtOptions, verify)`; `var opts = {}` filled in below it
            opts = ctx.resolver.constant(opts) or _declared_empty(opts)
            if opts is not None and opts.kind() == "object" and not pairs(opts):
                # `const opts = {}; opts.jwtFromRequest = ...; opts.secretOrKey = ...`
                assigned = _assigned_options(name)
                if "jwtFromRequest" in assigned:
                    yield OK if "algorithms" in assigned else Hit(node, "unpinned", "warn")
                return
        if opts is None or opts.kind() != "object" or "jwtFromRequest" not in pairs(opts):
            return
    else:
        opts = node.get_match("O")
        rest = node.get_multiple_matches("REST")
        if opts is None and rest:
            opts = rest[0]
        if opts is not None and opts.kind() in (
            "arrow_function",
            "function_expression",
            "function",
        ):
            opts = None
        if text.startswith(("expressjwt", "expressJwt")) and (
            opts is None or opts.kind() != "object"
        ):
            return
    if opts is not None and (opts.kind() != "object" or spreads(opts)):
        return
    given = pairs(opts).get("algorithms")
    if given is not None:
        yield _pinned(node, given)
        return
    yield Hit(node, _unpinned(node), "warn", mask=_key_literals(node))


def _unpinned(node: SgNode) -> str:
    """The variant of an unpinned verification: `unpinned_public` where the key is named a
    public key or a certificate (pinning HS256 there breaks the check), `unpinned` else."""
    key = node.get_match("K")
    named = key.text() if key is not None else ""
    opts = node.get_match("O")
    if opts is not None and opts.kind() == "object":
        found = pairs(opts)
        named += " ".join(
            f"{k} {found[k].text()}" for k in ("publicKey", "secretOrKey", "secret") if k in found
        )
    return "unpinned_public" if _PUBLIC_KEY.search(named) else "unpinned"


_PUBLIC_KEY = re.compile(r"public|pem\b|_PEM|cert|jwks|SigningKey", re.IGNORECASE)


_HEADER_ALG = re.compile(
    r"""header\w*(?:\.alg\b|\[\s*['"]alg['"]\s*\]|\.get\(\s*['"]alg['"])|get_unverified_header\("""
)
"""An expression reading the token's own `alg` (`header["alg"]`, `decoded.header.alg`,
`jwt.get_unverified_header(token)`)."""


def _pinned(node: SgNode, algorithms: SgNode) -> Found:
    """A verification's algorithms list: pinned, unless it is the token's own header's `alg`
    (`algorithms=[header["alg"]]`, or a name bound to it in the same function), which lets the
    token choose how it is checked."""
    names = [algorithms.text()]
    if algorithms.kind() in ("list", "array"):
        names = [item.text() for item in algorithms.children() if item.is_named()]
    func = enclosing_function(node)
    body = func.text() if func is not None else ""
    for name in names:
        bound = re.search(rf"\b{re.escape(name)}\s*=(?!=)\s*([^\n;]*)", body)
        # checked against a list first (`if algorithm not in settings.allowed: raise`)
        allowed = re.search(
            rf"\b{re.escape(name)}\s+(?:not\s+)?in\b|\.includes\(\s*{re.escape(name)}\s*\)", body
        )
        # `const { alg: algorithm } = authUtils.getHeaderFromToken(token)` (parse-server)
        taken = re.search(
            rf"\{{[^{{}}]*\balg\b(?:\s*:\s*{re.escape(name)}\b|(?=\s*[,}}])(?<=\b{re.escape(name)}))"
            rf"[^{{}}]*\}}\s*=(?!=)\s*([^\n;]*)",
            body,
        )
        if allowed is None and (
            _HEADER_ALG.search(name)
            or (bound is not None and _HEADER_ALG.search(bound[1]))
            or (taken is not None and re.search(r"(?i)header", taken[1]))
        ):
            return Hit(node, "from_header", "warn", mask=_key_literals(node))
    return OK


def _key_literals(node: SgNode) -> tuple[SgNode, ...]:
    """The string literals a verification's key argument holds (`'secret'`, `new
    TextEncoder().encode('secret')`, `{ secret: 'secret' }`): masked wherever the line is shown."""
    key = node.get_match("K") or node.get_match("O")
    if key is None:
        return ()
    if key.kind() == "object":
        given = pairs(key)
        key = given.get("secret") or given.get("secretOrKey") or given.get("publicKey")
        if key is None:
            return ()
    if key.kind() in ("string", "template_string"):
        return (key,)
    return (
        tuple(kinds(key, "string")) if key.kind() in ("call_expression", "new_expression") else ()
    )


@extractor
def py_algorithms(node: SgNode, ctx: Context) -> Iterator[Found]:
    if node.kind() == "decorator":  # Flask-JWT-Extended's @jwt_required()
        yield OK
        return
    args = args_of(node)
    kw = kwargs(node)
    if any(a.kind() in ("dictionary_splat", "list_splat") for a in args):
        return
    options = pairs(kw.get("options"))
    if "verify_signature" in options and options["verify_signature"].text() == "False":
        return  # JWT910 judges unverified reads
    positional = [a for a in args if a.kind() != "keyword_argument"]
    if "algorithms" in kw:
        yield _pinned(node, kw["algorithms"])
        return
    if len(positional) >= 3:
        yield OK
        return
    if len(positional) < 2 and "key" not in kw:
        return
    yield Hit(node, "unpinned", "warn")


# ---------------------------------------------------------------- JWT910
_READS_REQUEST = re.compile(
    r"authorization|req\.headers|request\.headers|req\.cookies|request\.cookies|bearer|Depends\(|"
    r"HTTPBearer|oauth2_scheme",
    re.IGNORECASE,
)


VERIFIES = re.compile(r"\.verify\w*\(|jwtVerify\(|promisify\(\s*[\w.]+\.verify\s*\)\(")
"""A call that verifies a token (`jwt.verify(...)`, `this.jwtService.verifyAsync(...)`, jose's
`jwtVerify(...)`, `promisify(jwt.verify)(...)`)."""


def async_verifiers(files: list[SourceFile]) -> frozenset[str]:
    """The names of the JavaScript backend's async functions that verify a token, less the
    names some function that is not async has too (`async_verifiers` of Context)."""
    sync: set[str] = set()
    found: set[str] = set()
    for file in files:
        if file.lang == "python" or file.side == "frontend" or not VERIFIES.search(file.text):
            continue
        for func in kinds(file.root, *_JS_FUNCTIONS):
            name = function_name(func)
            if name is None:
                continue
            body = func.field("body")
            if body is None or not VERIFIES.search(code_of(body)):
                continue
            head = func.text()[: body.range().start.index - func.range().start.index]
            (found if re.match(r"(?:\w+\s+)*async\b", head) else sync).add(name.text())
    return frozenset(found - sync)


_JS_FUNCTIONS = (
    "function_declaration",
    "method_definition",
    "arrow_function",
    "function_expression",
)


@extractor
def js_unawaited_verify(node: SgNode, ctx: Context) -> Iterator[Found]:
    """`if (checkRefresh(token))` of an async verification: the Promise, always true, is
    tested, not what it resolves to (jose's jwtVerify and `verifyAsync` are async too)."""
    if ctx.file.side == "frontend":
        return
    cond = node.get_match("C")
    while cond is not None and cond.kind() in ("unary_expression", "parenthesized_expression"):
        if cond.kind() == "unary_expression" and not cond.text().startswith("!"):
            return
        cond = cond.field("argument") or next(iter(cond.children()[1:2]), None)
    if cond is None or cond.kind() != "call_expression":
        return
    func = cond.field("function")
    if func is None:
        return
    name = func.text().rsplit(".", 1)[-1]
    if name in ("jwtVerify", "verifyAsync") or (
        name in ctx.async_verifiers and re.fullmatch(r"(?:this\.)?[\w$]+", func.text())
    ):
        yield Hit(cond, "unawaited", "fail", {"call": func.text()})


@extractor
def js_decode_only(node: SgNode, ctx: Context) -> Iterator[Found]:
    if ctx.file.side == "frontend" or "jsonwebtoken" not in ctx.file.text:
        return
    func = enclosing_function(node)
    if func is None:
        return
    body = func.text()
    if not _READS_REQUEST.search(body) or VERIFIES.search(body):
        return
    name = func.field("name")
    if ctx.guard_verifies and name is not None and name.text() == "intercept":
        return  # a NestJS interceptor filling req.user after a guard verified the token
    if ctx.guard_verifies and _VERIFIED_USER_FIRST.search(
        body[: node.range().start.index - func.range().start.index]
    ):
        return  # novu's param decorator: the guard's verified user first, a decode after it
    if ctx.guard_verifies and _PRE_DECODED.search(body) and re.search(r"\bnext\(\s*\)", body):
        # tiledesk's middleware: the claims put aside on the request (`req.preDecodedJwt`) for
        # passport-jwt's key lookup, which then verifies the token on every protected route
        return
    caught = next((a for a in node.ancestors() if a.kind() == "catch_clause"), None)
    if caught is not None and "TokenExpiredError" in caught.text():
        # nocobase: decoded where a verify threw TokenExpiredError, which jsonwebtoken throws
        # only after the signature checked out: the claims of a token verified but for its exp
        return
    yield Hit(node, "decode", "fail")


_PRE_DECODED = re.compile(
    r"\b(?:req|request)\.(?!(?:user|auth|identity|claims|session|account|principal|currentUser"
    r"|userId|uid|payload|token)\b)\w+\s*=(?!=)"
)
"""A decode's claims stored on the request under a name of their own, not as its user."""


_VERIFIED_USER_FIRST = re.compile(r"if\s*\(\s*(req|request)\.user\s*\)\s*\{?\s*return\s+\1\.user\b")
"""`if (req.user) return req.user;`: what a guard that verified the token put there comes first."""


@extractor
def py_unverified(node: SgNode, ctx: Context) -> Iterator[Found]:
    options = pairs(kwargs(node).get("options"))
    flag = options.get("verify_signature")
    if flag is None or flag.text() != "False":
        return
    func = enclosing_function(node)
    if func is None or not _READS_REQUEST.search(func.text()):
        return
    yield Hit(node, "decode", "fail")
