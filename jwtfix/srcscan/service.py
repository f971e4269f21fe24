"""Judgements that need the whole service: JWT902, JWT903, JWT906, JWT907, and JWT908's
access secret reused for refresh tokens.

Routes are found structurally (Express/Fastify/Koa `router.post('/refresh', ...)`,
NestJS `@Post('refresh')`, Flask/FastAPI `@app.post('/refresh')`, Django
`path('token/refresh/', ...)`); a handler given by name is found by its
definition anywhere in the service, and the functions it calls are read one
level deep. When a handler calls something the reader cannot find, it says
nothing (precision first).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jwtfix.srcscan.rules import (
    FUNCTION_VALUES,
    JOSERFC,
    NEST_JWT_SERVICE,
    VERIFIES,
    Hit,
    args_of,
    context_names,
    enclosing_class,
    enclosing_function,
    imported_names,
    kwargs,
    one_use,
    pairs,
    parameters,
    pattern_search,
    sent_out,
    token_name,
)
from jwtfix.srcscan.values import code_of, kinds, required_module, string_of

if TYPE_CHECKING:
    from ast_grep_py import SgNode

    from jwtfix.srcscan.files import SourceFile

_FILE_ROUTE = re.compile(
    r"(?:^|/)(?:pages/(api/.+?)(?:/index)?|(?:src/)?app/(.+?)/route|server/((?:api|routes)/.+?)"
    r"(?:\.(?:get|post|put|patch|delete))?|src/routes/(.+?)/\+(?:page\.)?server)\.[cm]?[jt]sx?$"
)
"""A file that is a route by its name, and the route's path: Next.js's `pages/api/...` and
`app/.../route.ts`, Nuxt's `server/api/...` (`login.post.ts`), SvelteKit's `+server.js` and
`+page.server.js` (a form action)."""
_AFTER_REQUEST = re.compile(
    r"^([ \t]*)@\w+\.after_request\b[^\n]*\n(?:[ \t]*@[^\n]*\n)*[ \t]*def \w+[^\n]*\n", re.M
)


def _implicit_refresh(text: str) -> bool:
    """Flask-JWT-Extended's implicit refresh: an `after_request` hook whose body (its lines
    indented below the decorator's) sets a new access cookie."""
    for hook in _AFTER_REQUEST.finditer(text):
        indent = len(hook[1].expandtabs())
        for line in text[hook.end() : hook.end() + 20_000].splitlines():
            stripped = line.lstrip()
            if stripped and len(line.expandtabs()) - len(stripped) <= indent:
                break  # the hook's body ended
            if "set_access_cookies(" in line:
                return True
    return False


_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})
"""What an app-router or SvelteKit route module exports per HTTP method."""
REFRESH_PATH = re.compile(r"refresh|renew|reissue", re.IGNORECASE)
_PATH_PARAMETER = re.compile(r"\{\w+\}|/:\w+|<(?:\w+:)?\w+>")
"""A path parameter (FastAPI's `{id}`, Express's `:id`, Flask's `<int:id>`): a route about one
resource."""
_TOKEN_WORDS = frozenset(
    [
        "token",
        "tokens",
        "auth",
        "jwt",
        "access",
        "session",
        "login",
        "user",
        "me",
        "id",
        "api",
        "silent",
        "get",
        "do",
        "handle",
        "pair",
    ]
)


def _refreshes_a_thing(path: str) -> bool:
    """Whether a path's refresh segment names something else it refreshes (postiz's
    `/extension-refresh` re-saves an integration's cookies), not a token (`/refresh-token`,
    `/refreshAccessToken`, `/token/refresh`)."""
    for segment in re.split(r"[/.]", path.strip("'\"`")):
        if not REFRESH_PATH.search(segment):
            continue
        spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", segment)
        words = [w.lower() for w in re.split(r"[-_\s]+", spaced) if w]
        others = [w for w in words if not REFRESH_PATH.search(w)]
        if not others or any(w in _TOKEN_WORDS for w in others):
            return False
    return True


LOGOUT_PATH = re.compile(r"log-?out|sign-?out|revoke", re.IGNORECASE)
_BACK_CHANNEL = re.compile(r"back[-_]?channel", re.IGNORECASE)
"""OIDC back-channel logout: the provider posts a logout token when a session ends there
(DocsGPT's `/auth/oidc/backchannel-logout`); what it revokes is no logout the user runs."""
_SIGN_OUT = re.compile(r"log-?out|sign-?out", re.IGNORECASE)
_REVOKED_THING = re.compile(r"token|session|refresh|jwt|auth", re.IGNORECASE)
LOGIN_PATH = re.compile(
    r"log-?in|sign-?in|authenticate|/token/?$|^token/?$|/auth/?$|(?:^|/)sessions?(?:/|$)|"
    # a route that hands out access tokens (flask-react-template's `POST /access-tokens`)
    r"(?:^|/)access[-_]tokens?/?$",
    re.IGNORECASE,
)
_ISSUE = re.compile(
    r"(?:\bjwt|jsonwebtoken|jwtService)\.sign\w*\(|new (?:jose\.)?SignJWT|create_access_token\(|"
    r"jwt\s*\.encode\(|\.jwtSign\(|RefreshToken\.for_user|TokenObtainPairView|AccessToken\.for_user",
)
_ISSUES_REFRESH = r"create_refresh_token\(|RefreshToken\.for_user"
"""Flask-JWT-Extended's and simplejwt's own calls that make a refresh token."""
_NEW_REFRESH = re.compile(
    rf"{_ISSUES_REFRESH}|"
    # `getTokens(user)` makes new ones; `getDecodedRefreshToken(req)` reads the old one, and
    # `getRefreshToken(...)` or `getJWTRefreshTokenSecret()` no new one either (Flowise)
    r"(?:generate|create|issue|sign|make|new|get(?!RefreshToken\()(?!\w*cookie))"
    # (nor does a lookup by the one received, or a getter of its cookie: northwind's
    # `getUserByRefreshToken(token)` and `_getRefreshTokenCookie(req)`)
    r"(?!\w*(?:decod|verif|stored|current|existing|old|saved|from|secret|expir|config"
    r"|by_?refresh|by_?token))"
    r"\w*(?:Refresh|refresh|Tokens|tokens|Pair|pair)\w*\("
    # (not a helper of both kinds called with the access secret and nothing of a refresh
    # token: ComputerStoreMERN's `generateTokens(..., ACCESS_TOKEN_SECRET)`)
    r"(?!(?:(?!refresh)[^;)])*access\w*secret(?:(?!refresh)[^;)])*\))|"
    # a sign call's arguments up to its first `)` name the refresh token (code without
    # semicolons must not run on into the catch block), or its result is named for one
    r"sign\w*\([^;)]*refresh|refresh\w*\s*=\s*(?:await\s+)?[\w.]*sign\w*\(",
    re.IGNORECASE,
)
_RETIRE = re.compile(
    r"\.(?:del|srem|hdel|lrem|save|set|upsert|unlink|expire|pop|discard)\b|"
    r"\.\w*(?:delete|destroy|remove|revoke|invalidate|update|unset|replace)\w*\s*\(|"
    r"\b\w*(?:revoke|invalidate)\w*\s*\(|"
    r"\$unset|\$pull|blacklist|blocklist|denylist|revoked|is_revoked|\$inc\b|"
    # a record of a refused token made (microblog's `InvalidToken(jti=jti).save()`)
    r"(?-i:\b(?:Invalid|Blocked|Denied|Banned)\w*(?:Token|Jwt|JWT)(?!\w*(?:Error|Exception))\w*\s*\()|"
    r"(?:tokenVersion|token_version)\s*(?:\+\+|\+=|=\s*[\w.]+\s*\+\s*1)|"
    r"\.filter\(|splice\(|delete\s+\w+\[|\bdel\s+\w+\[",
    re.IGNORECASE,
)
"""Evidence that a handler retires a token: a delete, an update of the stored one, a deny-list."""
_CLAIMS_UPDATE = re.compile(r"\.update\(\s*\{\s*['\"](?:exp|iat|nbf|sub|jti|type|token_type)['\"]")
"""A payload's claims set with `dict.update` (FastAPI's `to_encode.update({"exp": expire})`):
no stored token is updated."""


def _empty(handler: Handler) -> bool:
    """Whether every function a route runs has an empty body (`{}`, `pass`, `...`)."""
    bodies = [b.field("body") for b in handler.body]
    return bool(bodies) and all(
        b is not None and re.fullmatch(r"\{\s*\}|pass|\.\.\.", code_of(b).strip()) is not None
        for b in bodies
    )


_COOKIE_CLEAR = re.compile(r"clearCookie|delete_cookie|unset_\w*cookies")
"""A cookie cleared (Express, Django, Flask-JWT-Extended's and fastapi-jwt-auth's
`unset_jwt_cookies`): the browser forgets the token, which stays valid."""
_COOKIE_WRITE = re.compile(
    r"\bcookies(?:\(\))?\.(?:set|delete)\s*\(|\bcookie\??\.\w+\??\.(?:set|remove)\s*\("
)
"""Next.js's response and request cookies (`res.cookies.set(...)`, `cookies().delete(...)`),
Elysia's (`cookie.refresh.set({...})`, `cookie.auth.remove()`): the browser's copy, no token
retired."""


_NOT_RETIRING = re.compile(
    # a string's replace (`target.strip().replace('\\', '/')`, changedetection's is_safe_url)
    r"""\.replace\(\s*(?=[rbf]?['"`/])|"""
    # a registry of live connections (`this.connectedClients.delete(userId)`, thunderchat;
    # not a Redis `client.remove(token)`)
    r"(?:[Cc]lient|[Ss]ocket|[Cc]onnection|[Ll]istener|[Ss]ubscriber|[Pp]eer|[Tt]imer)s\s*\."
    r"(?:set|delete|filter|remove\w*|pop|splice)\s*\(|"
    # or a call named for it (`RemoveConnectedClient(...)` of thunderchat's gRPC client)
    r"\b\w*(?:[Rr]emove|[Dd]elete|[Dd]rop)\w*(?:Client|Socket|Connection|Listener|Subscriber|Peer)s?"
    r"\s*\(|"
    # a response's header written (`res.set('Cache-Control', 'no-store')`, HRHoudini's
    # `nextResponse.headers.set('set-cookie', ...)`)
    r"\b(?:res|reply|resp|response|\w*Response)\s*\.\s*(?:set|header)\s*\(|"
    r"\.headers\s*\.\s*(?:set|delete|append)\s*\("
)
"""Calls that look like a retirement and retire no token: a string's `replace`, a change to a
registry of connections (a websocket's clients) when a user logs out, and a response's header."""


def _delegates(service: Service, name: str) -> bool:
    """Whether a function calls another of its own name (fullstack-app's
    `deleteTokens(token)` returns `this.jwtService.deleteTokens(...)` of a microservice): the
    inner call is not the code read."""
    call = re.compile(rf"(?<![\w$]){re.escape(name)}\s*\(")
    return any(call.search(code_of(d.field("body") or d)) for d in service.definitions(name))


_RETIRE_VERB = re.compile(
    r"del|delete|destroy|remove|revoke|invalidate|update|unset|replace|set|save|upsert|unlink|"
    r"expire|pop|discard|filter|splice",
    re.IGNORECASE,
)
"""A method name that is only a verb of `_RETIRE`: many objects have one."""


def _retires(text: str) -> bool:
    text = _NOT_RETIRING.sub("(", _CLAIMS_UPDATE.sub("", text))
    # a mapping built in the code and updated there (karrio's cookie options: `config =
    # dict(...)`, then `config.update(max_age=...)`) holds no token
    built = set(_BUILT_MAPPING.findall(text))
    if built:
        text = re.sub(rf"(?<![\w.])(?:{'|'.join(map(re.escape, built))})\.update\(", "(", text)
    # a list filtered on a line that names no token or session keeps other things (sockets)
    text = _LINE.sub(
        lambda line: line[0] if _TOKEN_LINE.search(line[0]) else line[0].replace(".filter(", "("),
        text,
    )
    return _RETIRE.search(text) is not None


_BUILT_MAPPING = re.compile(r"^[ \t]*(\w+)\s*(?::\s*[\w\[\], .|]+)?=\s*(?:dict\(|\{)", re.MULTILINE)
"""A Python name bound to a dict the code builds (`config = dict(...)`, `opts: dict = {`)."""
_LINE = re.compile(r"^.*\.filter\(.*$", re.MULTILINE)
_TOKEN_LINE = re.compile(r"token|session|jti|jwt|revoked", re.IGNORECASE)


_HARMLESS = re.compile(
    r"^(res|reply|response|ctx|request|req|console|logger|log|JSON|Object|Array|Promise|Math|Date|"
    r"String|Number|Boolean|next|status|json|send|sendStatus|resolve|reject|all|allSettled|assert|"
    r"error|warn|warning|info|debug|verbose|trace|fatal|exec|lean|populate|select|sort|limit|"
    # a Date's setters (`accessTokenExp.setMinutes(...)` of a cookie's expiry)
    r"set(?:UTC)?(?:FullYear|Month|Date|Hours|Minutes|Seconds|Milliseconds)|setTime|"
    r"where|toJSON|toObject|end|setHeader|header|code|jsonify|make_response|Response|JSONResponse|"
    r"HttpResponse|HTTPException|UnauthorizedException|ForbiddenException|BadRequestException|Error|"
    r"get_jwt_identity|get_jwt|jwt_required|create_access_token|Depends|"
    # express-async-handler and its kin wrap a function written inline, read with the handler
    # (mern_stack_course's `jwt.verify(token, key, asyncHandler(async (err, decoded) => ...))`)
    r"asyncHandler|expressAsyncHandler|catchAsync(?:Errors)?|asyncWrapper|wrapAsync|"
    # fastapi-jwt-auth's AuthJWT guards (`Authorize.jwt_refresh_token_required()`)
    r"jwt_refresh_token_required|fresh_jwt_required|jwt_optional|unset_(?:access|refresh)_cookies|"
    # SQLAlchemy's reads (`db.query(User).filter(...).first()`)
    r"query|first|one_or_none|scalars?|scalar_one(?:_or_none)?|str|int|dict|len|print|super|cookie|"
    r"clearCookie|clear_cookie|unset_jwt_cookies|set_refresh_cookies|set_access_cookies|"
    r"delete_cookie|redirect|abort|this|self|parseInt|Boolean|require|bcrypt|compare|hash|"
    # a response object of the app's own (grocery_inventory_backend's `ApiResponse()`)
    r"\w+Response|"
    r"serialize|setCookie|getCookie|deleteCookie|sendRedirect|readBody|createError|NextResponse|"
    r"jwtSign|jwtVerify|jwtDecode|"
    # Next.js's request cookies and headers; jose's SignJWT builder
    r"cookies|headers|setProtectedHeader|setIssuedAt|setExpirationTime|setSubject|setIssuer|"
    r"setAudience|setJti|setNotBefore|"
    r"catch|then|finally|find\w*|get\w*|filter|map|push|includes|split|trim|toString|"
    r"verify\w*|decode|sign\w*|encode|has\w*|is\w*|"
    r"copy|deepcopy|timedelta|total_seconds|datetime|utcnow|now|today|time|timestamp|isoformat|"
    r"strftime|uuid\d?|"
    r"format|float|round|list|tuple|sorted|min|max|items|keys|values|append|extend|lower|upper|strip|"
    # a serializer's output (marshmallow's `UserSchema().dump(user)`, pydantic's model_dump)
    r"\w+Schema|dump|dumps|model_dump|to_dict|"
    # a validator's check of the request's body (zod's `TokenRefreshValidator.parseAsync(body)`)
    r"parse|parseAsync|safeParse|safeParseAsync|"
    # Express's JSONP answer; moment's and dayjs' dates (northwind's `moment.utc()`)
    r"jsonp|moment|dayjs|utc|unix|toDate|toISOString)$"
)


_FRAMEWORK_OBJECT = re.compile(r"^(?:res|reply|response|req|request|ctx|next|event)\s*\??\.\w+$")
"""A method of the request, the response or the context a framework hands a handler."""
_BUILTIN_METHODS = frozenset(
    {
        "get",
        "items",
        "keys",
        "values",
        "setdefault",
        "copy",
        "append",
        "extend",
        "format",
        "join",
        "split",
        "strip",
        "lower",
        "upper",
        "encode",
        "decode",
        "startswith",
        "endswith",
        "replace",
        "json",
        "dict",
        "to_dict",
        "toString",
        "toJSON",
        "map",
        "filter",
        "reduce",
        "forEach",
        "includes",
        "indexOf",
        "slice",
        "trim",
        "then",
        "catch",
        "finally",
    }
)
"""Methods of dicts, lists, strings and promises: a call of one is not the project's own
method of that name (a CRUD class's `get`)."""
_SERVES_PAGE = re.compile(r"\.(?:html|sendFile|render)\s*\(|index\.html")
"""A handler that answers with a page (`reply.html()`, `res.sendFile(...)`, `res.render(...)`)."""
_TOKEN_WORK = re.compile(r"token|jwt|session|auth|cookie|sign\w*\(|verify\w*\(", re.IGNORECASE)
"""A handler's code that touches a token, a session or a cookie."""
_JWT_WORD = re.compile(r"(?i:jwt)|\bjose\b")
"""Code that names JWTs (or the `jose` package; not "José" in a comment)."""
_JWT_OR_REFRESH = re.compile(r"jwt|\bjose\b|refresh[_-]?token", re.IGNORECASE)
"""Code that works with JWTs or refresh tokens (an API's `accessToken` alone is not)."""
_USES_JWT = re.compile(_JWT_OR_REFRESH.pattern + r"|access[_-]?token", re.IGNORECASE)
"""A service that works with JWTs or access and refresh tokens at all, in some file of its
backend (not a Flask `session.pop("email")` logout)."""
_REFRESH_DEFINED = re.compile(
    # a function named for a refresh, not for making, reading or storing a refresh token
    r"(?:def|function|async)\s+(?!(?:create|generate|make|issue|sign|new|get|set|save|store|"
    r"verify|decode|hash)_?)\w*refresh\w*\s*\(|"
    r"\b(?!(?:create|generate|make|issue|sign|new|get|set|save|store|verify|decode|hash)_?)"
    r"\w*[Rr]efresh\w*\s*[(=:]\s*(?:async\s*)?\(|"
    # a route's path: a string with a slash that names a refresh (`/auth/refresh`, 'token/refresh/')
    r"['\"`][^'\"`\s]*/[^'\"`\s]*refresh|['\"`][^'\"`\s]*refresh[^'\"`\s]*/|"
    r"TokenRefresh|refresh_jwt_token|@Mutation",
    re.IGNORECASE,
)
"""Anything that may take a refresh token somewhere: a function or method named for a refresh,
a string naming a refresh route, simplejwt's or drf-jwt's refresh views, a GraphQL mutation."""


_GIVES_REFRESH = re.compile(
    r"""['"]refresh(?:_?token|Token)?['"]\s*:|\brefresh(?:_token|Token)\s*[=:]|"""
    + _ISSUES_REFRESH,
)
"""A login's answer that holds a refresh token (`"refresh_token": ...`, `refresh=str(refresh)`
of simplejwt's RefreshToken.for_user, Flask-JWT-Extended's create_refresh_token)."""


_PY_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+[\w.]+[ \t]+)?import[ \t]+(?:\([^)]*\)|[^\n]*)", re.M)
"""A Python import statement (one line, or parenthesized over several)."""


def _access_only(text: str) -> str:
    """The code without simplejwt's `RefreshToken.for_user(user)` where only the access token
    it carries is used (WFM-System's `token = RefreshToken.for_user(user)` then
    `token.access_token`, in the same function): no refresh token is handed out."""
    read = re.sub(r"RefreshToken\.for_user\([^()]*\)\.access_token", "access_token", text)
    text = read
    for made in re.finditer(r"\b(\w+)\s*(?::\s*\w+)?\s*=\s*RefreshToken\.for_user\(", read):
        scope = re.split(r"\n\s*(?:async\s+)?def ", read[made.end() :], maxsplit=1)[0]
        uses = re.findall(rf"\b{made[1]}\b(\.\w+)?", scope)
        if uses and all(use == ".access_token" for use in uses):
            text = text.replace(made[0], f"{made[1]} = (")
    return text


_HAS_REFRESH_TOKEN = re.compile(
    r"(?<!def )(?<!function )\b\w*refresh[_-]?token\w*\b(?!\s*\()",
    re.IGNORECASE,
)
"""A refresh token in the code: named as a value, not only a handler (`def refresh_token(`)."""
_READS_REFRESH = re.compile(r"(?:decode|verify)\w*\(([^)]*refresh[^)]*)", re.IGNORECASE)


def _reads_refresh(code: str) -> bool:
    """Whether code decodes or verifies a refresh token it was sent: not one it has just made
    (singouins' login: `refresh_token = create_refresh_token(...)`, then
    `decode_token(refresh_token)["jti"]` to store its jti)."""
    for match in _READS_REFRESH.finditer(code):
        name = re.escape(match.group(1).split(",")[0].strip())
        made = rf"\b{name}\s*=\s*(?:await\s+)?[\w.]*(?:create|sign|encode|issue)\w*\("
        if not name or not re.search(made, code, re.IGNORECASE):
            return True
    return False


def _reissues(service: Service) -> bool:
    """Whether a function of the service verifies a token and signs another with what it
    calls: a refresh, whatever its route is named (Project_D's `GET /Auth`, whose Fastify
    decorator verifies the refresh cookie and signs a new access token)."""
    for file in service.backend:
        for call in kinds(file.root, "call_expression") + kinds(file.root, "call"):
            func = call.field("function")
            # a token's verification, not a password's (`pwd_context.verify(plain, hashed)`)
            name = func.text() if func is not None else ""
            if not VERIFIES.search(name + "(") or not re.search("jwt|token", name, re.I):
                continue
            scope = enclosing_function(call)
            if scope is not None and _ISSUE.search(service.reach([scope])[0]):
                return True
    return False


def _refresh_anywhere(service: Service) -> bool:
    return any(
        _REFRESH_DEFINED.search(f.text) or _DJOSER_JWT in f.text or "dj_rest_auth.urls" in f.text
        for f in service.backend
    )


_DJ_REST_AUTH_JWT = re.compile(r"""['"]?\b(?:REST_)?USE_JWT['"]?\s*[:=]\s*True\b""")
"""dj-rest-auth set to hand out JWTs: `REST_AUTH = {"USE_JWT": True}` (0.3's `REST_USE_JWT =
True`)."""
_SIMPLEJWT_BLACKLIST = "rest_framework_simplejwt.token_blacklist"


def _dj_rest_auth_jwt(service: Service) -> bool:
    return any(
        f.lang == "python" and "USE_JWT" in f.text and _DJ_REST_AUTH_JWT.search(f.text)
        for f in service.backend
    )


def _dj_rest_auth_view(handler: Handler, view: str) -> bool:
    """Whether a route serves dj-rest-auth's view of that name (`path("login/",
    LoginView.as_view())` in a module importing dj_rest_auth), whose code is the library's."""
    return (
        not handler.body
        and re.search(rf"\b{view}\b", handler.route.text()) is not None
        and "dj_rest_auth" in handler.file.text
    )


def _uses_jwt(service: Service) -> bool:
    return any(_USES_JWT.search(f.text) for f in service.backend)


_ACCESS_SITE = re.compile(r"access|login|sign_?in|security|auth", re.IGNORECASE)
_REFRESH_TOKEN = re.compile(r"refresh[_-]?token|/refresh|TokenRefresh", re.IGNORECASE)
"""Any sign of a refresh mechanism (not `db.refresh(obj)` of an ORM)."""
_PASSPORT_VERIFY = re.compile(
    r"\(\s*(?:req\s*,\s*)?accessToken\s*,\s*refreshToken\s*,\s*(?:params\s*,\s*)?profile\s*,"
)
"""The parameters of a Passport OAuth strategy's verify callback: the identity provider's
tokens, handed to the app at a social login, not the service's own."""


@dataclass(frozen=True)
class Ok:
    """A place judged right, counted for the check's `pass`."""

    id: str
    at: tuple[SourceFile, SgNode] | None = None
    """The handler or call judged (a refresh route, a logout, an interceptor)."""


@dataclass(frozen=True)
class Problem:
    """A finding of the rule `name` (src-rules.toml) at `hit` in `file`."""

    name: str
    file: SourceFile
    hit: Hit


@dataclass(frozen=True)
class Unread:
    """A place of the check's kind the reader could not judge (a handler calling code it
    cannot follow), counted for the check's `skip`."""

    id: str


Result = Ok | Problem | Unread


@dataclass
class Handler:
    """A route and the code that runs for it."""

    kind: str  # "login" | "refresh" | "logout"
    route: SgNode
    """The registration (or the decorated definition) the finding points at."""
    file: SourceFile
    body: list[SgNode]
    """The handler's function(s); empty when it could not be found."""


class Service:
    """The parsed files of one `check --src` run and what is defined where."""

    def __init__(self, files: list[SourceFile]):
        self.files = files
        self.backend = [f for f in files if f.side in ("backend", "unknown")]
        self.frontend = [f for f in files if f.side in ("frontend", "unknown")]
        self._definitions: dict[str, list[SgNode]] | None = None
        self._mounts: dict[str, str] | None = None
        self._imported: set[str] | None = None

    def imported(self) -> set[str]:
        """The last part of every module path the frontend's files import (`'../lib/api'` ->
        `api`), without its extension; empty when none imports a module of its own (a client
        of one file, or a project whose imports the reader cannot see)."""
        if self._imported is None:
            found: set[str] = set()
            for file in self.frontend:
                for path in _IMPORTED.findall(file.text):
                    found.add(_JS_EXTENSION.sub("", path.rstrip("/").rsplit("/", 1)[-1]))
            local = any(_LOCAL_IMPORT.search(f.text) for f in self.frontend)
            self._imported = found if local else set()
        return self._imported

    # --- definitions by name
    def definitions(self, name: str) -> list[SgNode]:
        if self._definitions is None:
            found: dict[str, list[SgNode]] = {}
            for file in self.backend:
                root = file.root
                for kind in ("function_declaration", "method_definition", "function_definition"):
                    for node in kinds(root, kind):
                        key = node.field("name")
                        if key is not None:
                            found.setdefault(key.text(), []).append(node)
                for decl in kinds(root, "variable_declarator"):
                    key, value = decl.field("name"), decl.field("value")
                    if value is not None and value.kind() == "call_expression":
                        # catchAsync(async (req, res) => ...): the wrapped function
                        wrapped = args_of(value)
                        value = wrapped[-1] if wrapped else None
                    if key is not None and value is not None and value.kind() in FUNCTION_VALUES:
                        found.setdefault(key.text(), []).append(value)
                for pair in kinds(root, "pair"):
                    key, value = pair.field("key"), pair.field("value")
                    if key is not None and value is not None and value.kind() in FUNCTION_VALUES:
                        found.setdefault(key.text(), []).append(value)
                for call in pattern_search("$APP.decorate($NAME, $FN)").find_all(file):
                    # Fastify's `fastify.decorate('updateJWT', function () {...})`
                    key, value = call.get_match("NAME"), call.get_match("FN")
                    given = string_of(key) if key is not None and key.kind() == "string" else None
                    if given and value is not None and value.kind() in _FUNCTIONS:
                        found.setdefault(given, []).append(value)
                for assign in kinds(root, "assignment_expression"):
                    left, value = assign.field("left"), assign.field("right")
                    if left is not None and value is not None and value.kind() in FUNCTION_VALUES:
                        found.setdefault(left.text().rsplit(".", 1)[-1], []).append(value)
            for imported, value in self._default_imports():
                found.setdefault(imported, []).append(value)
            self._definitions = found
        return self._definitions.get(name, [])

    def _default_imports(self) -> Iterator[tuple[str, SgNode]]:
        """A module's default export that is a function (NestJS's config module `export
        default () => ({ ... })`), under each name a file imports it as (`import appConfig
        from 'src/config/app.config'`): found by the last two parts of its path."""
        exported: dict[str, SgNode] = {}
        for file in self.backend:
            if file.lang == "python" or "export default" not in file.text:
                continue
            for node in kinds(file.root, "export_statement"):
                value = node.field("value") or node.field("declaration")
                if value is not None and value.kind() in (*FUNCTION_VALUES, "function_declaration"):
                    module = posixpath.splitext(file.name.replace("\\", "/"))[0]
                    exported["/".join(module.split("/")[-2:])] = value
        if not exported:
            return
        for file in self.backend:
            for found in _DEFAULT_IMPORT.finditer(file.text) if file.lang != "python" else ():
                path = found[2].split("/")
                key = "/".join(p for p in path[-2:] if p not in (".", ".."))
                if key in exported:
                    yield found[1], exported[key]

    # --- routes
    def handlers(self) -> list[Handler]:
        found: list[Handler] = []
        for file in self.backend:
            root = file.root
            if file.lang == "python":
                found.extend(self._python_routes(file, root))
            else:
                found.extend(self._js_routes(file, root))
        return found

    def _kind(self, path: str) -> str | None:
        # `/{provider_id}/refresh`, `/:id/refresh`: a resource refreshed, not the caller's token;
        # `/certificates/<int:id>/revoke`: a certificate revoked, no logout
        about_one = _PATH_PARAMETER.search(path) is not None
        signs_out = _SIGN_OUT.search(path) is not None
        # (`/api/logout/refresh` logs the refresh token out: microblog's)
        refreshes = REFRESH_PATH.search(path) and not signs_out
        if refreshes and not about_one and not _refreshes_a_thing(path):
            return "refresh"
        # `revoke` alone is a logout where it names what is revoked: a token, a session
        # (`/auth/revoke`), not privacyIDEA's `/revoke` of an OTP device or a Drive watch
        if _BACK_CHANNEL.search(path):
            return None  # the identity provider's notice that a session ended, not the user's
        if LOGOUT_PATH.search(path) and (
            signs_out or (not about_one and _REVOKED_THING.search(path))
        ):
            return "logout"
        if LOGIN_PATH.search(path):
            return "login"
        return None

    def mount(self, file: SourceFile) -> str:
        """The path an Express app mounts a router module at (`app.use('/refresh',
        require('./routes/refresh'))`, or through a name bound to that `require`), for
        the routes of that module: `router.get('/', ...)` there serves `/refresh`."""
        if self._mounts is None:
            self._mounts = {}
            for other in self.backend:
                if other.lang == "python":
                    continue
                for call in pattern_search("$A.use($PATH, $MOD)").find_all(other):
                    path, module = call.get_match("PATH"), call.get_match("MOD")
                    if path is None or module is None or path.kind() != "string":
                        continue
                    required = _required_module(module)
                    if required is None:
                        continue
                    target = posixpath.normpath(
                        posixpath.join(posixpath.dirname(other.name.replace("\\", "/")), required)
                    )
                    self._mounts[target] = path.text().strip("'\"")
        name = posixpath.splitext(file.name.replace("\\", "/"))[0]
        if posixpath.basename(name) == "index":  # `require('./routes')` is routes/index.js
            return self._mounts.get(name) or self._mounts.get(posixpath.dirname(name), "")
        return self._mounts.get(name, "")

    def _file_routes(self, file: SourceFile, root: SgNode) -> Iterator[Handler]:
        """Routes named by their file (Next.js `pages/api/auth/login.ts` and
        `app/api/auth/refresh/route.ts`, Nuxt `server/api/auth/logout.post.ts`, SvelteKit
        `src/routes/login/+page.server.js`): what the file exports handles the request."""
        found = _FILE_ROUTE.search(file.name.replace("\\", "/"))
        path = next((group for group in found.groups() if group), "") if found else ""
        kind = self._kind("/" + path) if path else None
        if kind is None:
            return
        for export in root.children():
            if export.kind() != "export_statement":
                continue
            declaration, value = export.field("declaration"), export.field("value")
            bodies: list[SgNode] = []
            if value is not None:  # `export default handler`, `defineEventHandler(fn)`
                bodies = self._functions(value)
            elif declaration is not None and declaration.kind() == "function_declaration":
                name = declaration.field("name")
                default = export.text().startswith("export default")
                if default or (name is not None and name.text() in _METHODS):
                    bodies = [declaration]
            elif declaration is not None:  # `export const POST = ...`, SvelteKit's `actions`
                for declarator in kinds(declaration, "variable_declarator"):
                    name, init = declarator.field("name"), declarator.field("value")
                    if name is None or init is None:
                        continue
                    if name.text() in _METHODS:
                        bodies.extend(self._functions(init))
                    elif name.text() == "actions" and init.kind() == "object":
                        for action in init.children():
                            action_value = action.field("value")
                            if action.kind() == "pair" and action_value is not None:
                                bodies.extend(self._functions(action_value))
            if bodies:
                yield Handler(kind, export, file, bodies)

    def _object_routes(self, file: SourceFile, root: SgNode) -> Iterator[Handler]:
        """Routes written as objects (hapi's `server.route({ method: 'POST', path: '/login',
        handler })`, in an array or a module of them; Fastify's `fastify.route({ method, url,
        handler })`), with the handler at the top or under `options` / `config`."""
        if "handler" not in file.text:
            return
        for obj in kinds(root, "object"):
            given = pairs(obj)
            path = given.get("path") or given.get("url")
            if "method" not in given or path is None:
                continue
            if path.kind() not in ("string", "template_string"):
                continue
            handler = given.get("handler")
            if handler is None:
                handler = pairs(given.get("options") or given.get("config")).get("handler")
            kind = self._kind(path.text())
            if kind is not None and handler is not None:
                yield Handler(kind, obj, file, self._functions(handler))

    def _js_routes(self, file: SourceFile, root: SgNode) -> Iterator[Handler]:
        yield from self._file_routes(file, root)
        yield from self._object_routes(file, root)
        mounted = self.mount(file)
        for call in pattern_search("$R.$M($PATH, $$$H)").find_all(file, root):
            method = call.get_match("M")
            path = call.get_match("PATH")
            if method is None or path is None or path.kind() not in ("string", "template_string"):
                continue
            if method.text() not in ("post", "get", "put", "delete", "patch", "all", "route"):
                continue
            kind = self._kind(_joined(mounted, path.text()))
            if kind == "refresh" and method.text() == "delete":
                kind = "logout"  # `router.delete("/refresh_token", signOut)` ends it (django-wms)
            handlers = call.get_multiple_matches("H")
            if kind is None or not handlers or handlers[-1].kind() in _NO_HANDLER:
                continue  # `event.cookies.delete('refresh', { path: '/' })` routes nothing
            # a route of a chain (Elysia's `new Elysia().post('/login', ...).post('/logout',
            # ...)`) is known by its path: the call starts where the chain does
            receiver = call.field("function")
            receiver = receiver.field("object") if receiver is not None else None
            chained = receiver is not None and receiver.kind() in _CALLS
            yield Handler(kind, path if chained else call, file, self._functions(handlers[-1]))
        for call in pattern_search("$R.route($PATH).$M($$$H)").find_all(file, root):
            path = call.get_match("PATH")
            handlers = call.get_multiple_matches("H")
            if path is None or path.kind() not in ("string", "template_string") or not handlers:
                continue
            kind = self._kind(_joined(mounted, path.text()))
            if kind is not None:
                yield Handler(kind, call, file, self._functions(handlers[-1]))
        for decorator in kinds(root, "decorator"):
            text = decorator.text()
            match = re.match(r"@(Post|Get|Put|Delete|Patch|All)\(\s*['\"`]([^'\"`]*)['\"`]", text)
            if match is None:
                continue
            kind = self._kind(match.group(2))
            method, around = decorator.next(), [text]
            while method is not None and method.kind() == "decorator":
                around.append(method.text())
                method = method.next()
            if method is None or method.kind() != "method_definition":
                continue
            before = decorator.prev()
            while before is not None and before.kind() == "decorator":
                around.append(before.text())
                before = before.prev()
            # `@UseGuards(JwtRefreshGuard) @Get('token') refreshToken()`: a refresh, whatever
            # the path says
            if kind in (None, "login") and (
                re.match(r"refresh", _name(method) or "", re.IGNORECASE)
                or any(
                    re.match(r"@UseGuards\(.*(?:refresh|\bRt\w*Guard\b)", d, re.IGNORECASE | re.S)
                    for d in around[1:]
                )
            ):
                kind = "refresh"
            if kind is not None:
                yield Handler(kind, decorator, file, [method])

    def _python_routes(self, file: SourceFile, root: SgNode) -> Iterator[Handler]:
        for definition in kinds(root, "decorated_definition"):
            for decorator in definition.children():
                if decorator.kind() != "decorator":
                    continue
                match = re.match(
                    # (flask-restful's `@api.resource('/refresh')` on a Resource class too,
                    # and Flask-AppBuilder's `@expose("/refresh", methods=["POST"])`)
                    r"@(?:\w+(?:\.\w+)*\.(?:route|post|get|put|delete|api_route|resource)|expose)\("
                    r"\s*([fFrR]{0,2})['\"]([^'\"]*)['\"]",
                    decorator.text(),
                )
                if match is None:
                    continue
                path = match.group(2)
                if "f" in match.group(1).lower():
                    # `f'{base_route}/refresh'`: what is interpolated is a prefix the code sets,
                    # not a path parameter (SantiagoMedical's routes)
                    path = re.sub(r"\{[^{}]*\}", "", path)
                kind = self._kind(path)
                body = definition.field("definition")
                if kind is not None and body is not None:
                    yield Handler(kind, decorator, file, [body])
        routes = pattern_search(
            "path($PATH, $VIEW)",
            "path($PATH, $VIEW, $$$REST)",
            # Django's regular-expression routes (librephotos' `re_path(r"^api/auth/token/
            # refresh/$", ...)`)
            "re_path($PATH, $VIEW)",
            "re_path($PATH, $VIEW, $$$REST)",
            # Starlette: `Route("/refresh", endpoint=refresh, methods=["POST"])`
            "Route($PATH, $VIEW)",
            "Route($PATH, $VIEW, $$$REST)",
        )
        # flask-restful / Flask-RESTX: `api.add_resource(TokenRefresh, '/refresh')`
        resources = pattern_search(
            "$API.add_resource($VIEW, $PATH, $$$REST)", "$API.add_resource($VIEW, $PATH)"
        )
        # Flask's class-based views: `app.add_url_rule('/login', view_func=LoginView.as_view(
        # 'login'))`, the view function also third
        rules = pattern_search("$APP.add_url_rule($PATH, $$$REST)")
        found = [*routes.find_all(file, root), *resources.find_all(file, root)]
        for call in [*found, *rules.find_all(file, root)]:
            path = call.get_match("PATH")
            view = call.get_match("VIEW")
            if view is None and call.get_multiple_matches("REST"):
                given = kwargs(call).get("view_func")
                rest = [a for a in args_of(call)[1:] if a.kind() != "keyword_argument"]
                view = given if given is not None else (rest[1] if len(rest) > 1 else None)
            if view is not None and view.kind() == "keyword_argument":
                view = view.field("value") if _name(view) == "endpoint" else None
            if path is None or view is None:
                continue
            # simplejwt's views say what they are, whatever the path (`obtain/refreh/`)
            kind = self._kind(path.text().strip("'\"")) or _view_kind(view.text())
            if kind is None:
                continue
            name = _view_name(view)
            bodies = list(self.definitions(name))
            classes = [
                c
                for f in self.backend
                if f.lang == "python"
                for c in kinds(f.root, "class_definition")
                if _name(c) == name
            ]
            yield Handler(kind, call, file, bodies + classes)
        # fastapi-users' `fastapi_users.get_auth_router(auth_backend)`: its /login issues the
        # strategy's access token (its code is the library's)
        if "fastapi_users" in file.text or "get_auth_router" in file.text:
            for call in pattern_search("$U.get_auth_router($$$A)").find_all(file, root):
                yield Handler("login", call, file, [])
                yield Handler("logout", call, file, [])  # and its /logout

    def _functions(self, handler: SgNode) -> list[SgNode]:
        if handler.kind() in FUNCTION_VALUES:
            return [handler]
        if handler.kind() in ("identifier", "member_expression"):
            name = handler.text().rsplit(".", 1)[-1]
            return self.definitions(name)
        if handler.kind() == "call_expression":  # asyncHandler(fn), catchAsync(fn)
            inner = args_of(handler)
            return self._functions(inner[-1]) if inner else []
        return []

    def reach(
        self, bodies: list[SgNode], depth: int = 3, followed: set[str] | None = None
    ) -> tuple[str, bool]:
        """The text of the handler and what it calls (`depth` levels), and whether every
        call could be followed (False: something unknown runs, the reader cannot tell,
        also a call of our own code deeper than `depth`). `followed` gathers the names of
        the functions whose code was read."""
        texts = [code_of(b) for b in bodies]
        complete = True
        frontier = bodies
        seen: set[str] = set()
        dead: list[SgNode] = []  # branches a caller's flag never takes
        for _ in range(depth):
            following: list[SgNode] = []
            for body in frontier:
                for call in kinds(body, "call_expression") + kinds(body, "call"):
                    func = call.field("function")
                    if func is None or any(a.kind() == "decorator" for a in call.ancestors()):
                        continue
                    if dead and any(_inside(call, branch) for branch in dead):
                        continue
                    name = func.text().rsplit(".", 1)[-1].strip()
                    if name in seen:
                        continue
                    seen.add(name)
                    if "." in func.text() and (
                        name in _BUILTIN_METHODS or _FRAMEWORK_OBJECT.match(func.text())
                    ):
                        # `tokens.get('refresh_token')` is a dict's, not Repo.get;
                        # `res.status(200)` the framework's, not a sandbox file's `status`
                        continue
                    defs = self._callees(call, name)
                    if "." not in func.text():
                        # a bare `sign(...)` (jsonwebtoken's, imported by name) runs no class's
                        # method of that name (Kushtra's RefreshToken entity's `sign()`)
                        defs = [d for d in defs if d.kind() != "method_definition"]
                    if len(defs) > 1 and "." in func.text() and any(map(_class_name, defs)):
                        # `this.refreshTokenUseCase.execute()` is RefreshTokenUseCase's, not
                        # every class's `execute`; none of them by name: it cannot be told
                        # (functions of modules only, `crud.get_user()`, are all followed)
                        receiver = func.text().rsplit(".", 1)[0].rsplit(".", 1)[-1]
                        if receiver in ("this", "self"):  # the caller's own class
                            receiver = _class_name(call) or receiver
                        defs = [d for d in defs if _owner_matches(d, receiver)]
                        if not defs:
                            complete = False
                            continue
                    if defs:
                        for d in defs:
                            gone = _dead_branches(call, d)
                            dead.extend(gone)
                            texts.append(code_of(d, gone))
                        following.extend(defs)
                        if followed is not None:
                            followed.add(name)
                    elif not (
                        _HARMLESS.match(name)
                        or _RETIRE.search("." + name + "(")
                        or _NEW_REFRESH.search(name + "(")
                    ):
                        complete = False
            frontier = following
        for body in frontier:  # what the deepest code read calls, not read
            for call in kinds(body, "call_expression") + kinds(body, "call"):
                func = call.field("function")
                name = "" if func is None else func.text().rsplit(".", 1)[-1].strip()
                if name and name not in seen and self._callees(call, name):
                    complete = False
        return "\n".join(texts), complete

    def _callees(self, call: SgNode, name: str) -> list[SgNode]:
        """The functions of that name a call may run: a Python call runs Python functions
        (karrio's `dict(...)` is no function of a minified script its Django app serves)."""
        python = call.kind() == "call"
        return [d for d in self.definitions(name) if (d.kind() == "function_definition") == python]


_DEFAULT_IMPORT = re.compile(r"""\bimport\s+([A-Za-z_$][\w$]*)\s+from\s+['"]([^'"]+)['"]""")
"""`import appConfig from 'src/config/app.config'`: a module's default export, named."""

_NO_HANDLER = frozenset({"object", "string", "template_string", "number", "array", "true", "false"})
"""What no route handler is: the options or a value of a call that looks like a route's
(`cookies.delete('refresh', { path: '/' })`, `map.set('/refresh', 1)`)."""


def _dead_branches(call: SgNode, definition: SgNode) -> list[SgNode]:
    """The branches of `definition` that a call's literal flag rules out: Flowise's
    `setTokenOrCookies(res, user, false, req)` never takes `if (regenerateRefreshToken) {...}`,
    so its refresh route sends the same refresh token back."""
    flags = {}
    for position, arg in enumerate(a for a in args_of(call) if a.kind() != "keyword_argument"):
        if arg.text() in ("true", "false", "True", "False"):
            flags[position] = arg.text().lower() == "true"
    params = parameters(definition) if flags else []
    given = {params[i]: flag for i, flag in flags.items() if i < len(params)}
    dead = []
    for branch in kinds(definition, "if_statement") if given else ():
        condition = branch.field("condition")
        body = branch.field("consequence")
        if condition is None or body is None:
            continue
        test = condition.text().strip("() \n")
        negated = re.fullmatch(r"(?:!\s*|not\s+)(\w+)", test)
        name, wanted = (negated[1], False) if negated else (test, True)
        if name in given and given[name] is not wanted:
            dead.append(body)
    return dead


def _inside(node: SgNode, outer: SgNode) -> bool:
    """Whether `node` lies within `outer`, in the same file."""
    span, around = node.range(), outer.range()
    return (
        around.start.index <= span.start.index
        and span.end.index <= around.end.index
        and node.get_root().root() == outer.get_root().root()
    )


def judge(files: list[SourceFile], simplejwt: dict[str, str]) -> Iterator[Result]:
    """The service's findings (`Problem`) and the places judged right (`Ok`)."""
    service = Service(files)
    handlers = service.handlers()
    for handler in handlers:
        # the tutorial's `POST /token` that verifies the refresh token it is sent and answers a
        # new access token is a refresh route, whatever its path (SAKIB-PK's)
        if handler.kind == "login" and any(_reads_refresh(code_of(body)) for body in handler.body):
            handler.kind = "refresh"
    refresh = [h for h in handlers if h.kind == "refresh"]
    logout = [h for h in handlers if h.kind == "logout"]
    # JWT902: the service issues tokens; is there a refresh route?
    issuing = [(f, m) for f in service.backend for m in _issue_sites(f)]
    login = [h for h in handlers if h.kind == "login"]
    # (Flask-JWT-Extended's JWT_REFRESH_TOKEN_EXPIRES set for a refresh token nothing makes
    # is no refresh token: RiegoFlask's create_refresh_token is commented out)
    # (nor is a token maker only imported: the-recipe-repo's `from flask_jwt_extended import
    # create_refresh_token`, never called)
    # (nor the provider's refresh token a Passport OAuth strategy hands its verify callback:
    # mern-ecommerce's `(accessToken, refreshToken, profile, done) => {...}`)
    mentions_refresh = any(
        _REFRESH_TOKEN.search(
            _PASSPORT_VERIFY.sub(
                "", _PY_IMPORT.sub("", f.text) if f.lang == "python" else f.text
            ).replace("JWT_REFRESH_TOKEN_EXPIRES", "")
        )
        for f in service.backend
    )
    reached: dict[int, tuple[str, bool]] = {}
    dj_jwt = _dj_rest_auth_jwt(service)

    def read(handler: Handler) -> tuple[str, bool]:
        """A refresh handler's code and what it calls, read once for JWT902 and JWT906."""
        if id(handler) not in reached:
            reached[id(handler)] = service.reach(handler.body)
        return reached[id(handler)]

    # A refresh route counts where the app works with JWTs and its handler touches a token:
    # an empty handler (`async function refresh(req, reply) {}`, ignite-gym-api) refreshes
    # nothing, an app signing no tokens reloads data (`/league/refresh/players`), and one that
    # names no JWT anywhere answers a device's handshake with random strings (calibre-web's
    # Kobo `/v1/auth/refresh`).
    tokens = issuing or any(_JWT_WORD.search(f.text) for f in service.backend)
    working = [
        h
        for h in refresh
        if tokens and not _empty(h) and (not h.body or _TOKEN_WORK.search(read(h)[0]))
    ]
    if working:
        yield Ok("JWT902", (working[0].file, working[0].route))
    # a login route: a service, not a library that signs tokens
    elif issuing and login and not mentions_refresh:
        file, node = min(
            issuing,
            key=lambda site: 0 if _ACCESS_SITE.search(context_names(site[1]) + site[0].name) else 1,
        )
        variant = "fastapi_users" if node in _fastapi_users_strategies(file) else "missing"
        yield Problem("service-no-refresh-route", file, Hit(node, variant, "fail"))
    elif login and not _refresh_anywhere(service):
        # A login that hands out a refresh token no route takes (simplejwt's
        # RefreshToken.for_user without TokenRefreshView, `{"refresh_token": ...}` in a
        # login's answer): nothing named for a refresh is defined or routed anywhere.
        given = [
            h
            for h in login
            if _obtains_pair(h)
            or (dj_jwt and _dj_rest_auth_view(h, "LoginView"))
            or (
                h.body
                and _GIVES_REFRESH.search(text := service.reach(h.body)[0])
                # one that verifies a refresh token refreshes
                and not _reads_refresh(text)
            )
        ]
        # another route that reads a refresh token (the tutorial's `POST /token`) takes it; a
        # logout that reads one to blacklist it refreshes nothing (sparta_news)
        others = [
            h for h in handlers if h.body and h.kind != "logout" and all(h is not g for g in given)
        ]
        if (
            given
            and not any(re.search("refresh", code_of(b), re.I) for h in others for b in h.body)
            and not _reissues(service)
        ):
            # simplejwt's `RefreshToken.for_user(user).access_token`: only the access token is
            # handed out (WFM-System), so nothing can be refreshed either
            kept = given[0].body and not _GIVES_REFRESH.search(
                _access_only(service.reach(given[0].body)[0])
            )
            hit = Hit(given[0].route, "access_only" if kept else "unused", "fail")
            yield Problem("service-no-refresh-route", given[0].file, hit)
    # JWT906: rotation in each refresh handler
    for handler in refresh:
        if re.search(rf"TokenRefreshView|{re.escape(_DJOSER_JWT)}", handler.route.text()) or any(
            b.kind() == "class_definition" and "TokenRefreshView" in b.text() for b in handler.body
        ):
            yield from _simplejwt_rotation(handler, simplejwt, service)
            continue
        if not handler.body:
            continue
        if _FLASK_REFRESH_ONLY.search(_decorated(handler)) and _logs_in_without_refresh(
            service, login
        ):
            continue  # a refresh route no refresh token can reach (Sign-Lang-Tutor's)
        text, complete = read(handler)
        issues = bool(_NEW_REFRESH.search(text))
        retires = _retires(_COOKIE_WRITE.sub("(", _COOKIE_CLEAR.sub("", text)))
        signs = bool(_ISSUE.search(text)) or issues or _signs_by_name(handler.file, text)
        if issues and retires:
            yield Ok("JWT906", (handler.file, handler.route))
        elif not complete:
            yield Unread("JWT906")
        elif signs and not issues:
            yield Problem(
                "service-refresh-no-rotation", handler.file, Hit(handler.route, "no_new", "fail")
            )
        elif issues and not retires:
            yield Problem(
                "service-refresh-no-rotation", handler.file, Hit(handler.route, "no_retire", "warn")
            )
    # JWT907: revocation in each logout handler
    # A route that revokes the refresh token (`/revoke_refresh` under @jwt_required(refresh=True)
    # or calling fastapi-jwt-auth's `Authorize.jwt_refresh_token_required()`, read as a refresh
    # route by its path) makes an access-token logout beside it complete.
    refresh_logout = any(
        _FLASK_REFRESH_ONLY.search(_decorated(h))
        or any(".jwt_refresh_token_required(" in code_of(body) for body in h.body)
        for h in [*logout, *(h for h in refresh if LOGOUT_PATH.search(h.route.text()))]
    )
    # A logout of an app that signs no tokens (Flask's `session.pop`) revokes none; nor does one
    # of an API that only checks an identity provider's tokens (fhir-server: no login, no
    # refresh, no token of its own; the provider's logout ends the session)
    own_tokens = bool(issuing or login or refresh or dj_jwt)
    for handler in (
        logout if own_tokens or (_uses_jwt(service) and not _verifies_only(service)) else ()
    ):
        if dj_jwt and _dj_rest_auth_view(handler, "LogoutView"):
            # dj-rest-auth's LogoutView blacklists the refresh token only with simplejwt's
            # token_blacklist app; without it, it clears the JWT cookies (sireesbrl's)
            if any(_SIMPLEJWT_BLACKLIST in f.text for f in service.backend):
                yield Ok("JWT907", (handler.file, handler.route))
            else:
                hit = Hit(handler.route, "dj_rest_auth", "fail")
                yield Problem("service-logout-no-revoke", handler.file, hit)
            continue
        if not handler.body and "get_auth_router" in handler.route.text():
            # fastapi-users' /logout ends nothing with JWTStrategy (its destroy_token is not
            # supported); a DatabaseStrategy's or RedisStrategy's deletes the token
            written_out = any(h.body for h in logout)  # a logout of the app's own is the one used
            if not written_out and _fastapi_users_stateless(service):
                hit = Hit(handler.route, "fastapi_users", "fail")
                yield Problem("service-logout-no-revoke", handler.file, hit)
            continue
        if not handler.body:
            continue
        if "TokenBlacklistView" in handler.route.text():
            yield Ok("JWT907", (handler.file, handler.route))
            continue
        followed: set[str] = set()
        text, complete = service.reach(handler.body, followed=followed)
        if _SERVES_PAGE.search(text) and not _TOKEN_WORK.search(text):
            continue  # the page a single-page app shows at /signout (Hemmelig's `serveIndex`)
        if _UNGUARDED_JWT.search(text) and not re.search(
            r"jwt_required|verify_jwt_in_request", _decorated(handler) + text
        ):
            # Flask-JWT-Extended's get_jwt() outside @jwt_required raises: this logout
            # cannot run as written (its decorator commented out), whatever it would revoke
            yield Unread("JWT907")
            continue
        # What the logout does, not what its helpers are named (kutt's `deleteCurrentToken`
        # only clears the cookie): a followed function counts by its code. Cookies cleared or
        # expired (`res.cookies.set("access_token", "", { expires: new Date(0) })`) revoke
        # nothing.
        written = "\n".join(code_of(b) for b in handler.body)
        own = written
        for name in followed:  # the handler's own calls of them; what they call stays
            own = re.sub(rf"(?<![\w$]){re.escape(name)}\s*\(", "(", own)
        done = own + text[len(written) :] if text.startswith(written) else text
        # and so do the helpers' calls of a function read, unless its name is a bare verb
        # that other objects' methods share (`delete`): thunderchat's logoutUser calls
        # `this.jwtService.removeJWT(...)`, which only clears the cookie
        for name in followed:
            if not _RETIRE_VERB.fullmatch(name) and not _delegates(service, name):
                done = re.sub(rf"(?<![\w$]){re.escape(name)}\s*\(", "(", done)
        done = _COOKIE_CLEAR.sub("", done)
        if _retires(_COOKIE_WRITE.sub("(", done)):
            # with no refresh token in the service, the access token revoked is the session
            has_refresh = bool(refresh) or mentions_refresh
            # (fastapi-jwt-auth asks its denylist loader only where the denylist is enabled)
            authjwt = "_authjwt" if _AUTHJWT_GUARD.search(written) else ""
            if _FLASK_JTI.search(text) and not _jti_checked(service, written, bool(authjwt)):
                hit = Hit(handler.route, "unchecked" + authjwt, "fail")
                yield Problem("service-logout-no-revoke", handler.file, hit)
            elif refresh_logout or not has_refresh or not _revokes_access_only(handler, text):
                yield Ok("JWT907", (handler.file, handler.route))
            else:
                hit = Hit(handler.route, "access_only" + authjwt, "warn")
                yield Problem("service-logout-no-revoke", handler.file, hit)
        elif complete:
            # no refresh token anywhere: the one token lives on after logout
            # a refresh route that takes the access token (mealie's sliding `/auth/refresh`)
            # makes no refresh token to revoke
            tokens = any(
                _HAS_REFRESH_TOKEN.search(f.text)
                or re.search(_ISSUES_REFRESH, _access_only(f.text))
                for f in service.backend
            )
            variant = "no_revoke" if (refresh or mentions_refresh) and tokens else "stateless"
            if variant == "stateless" and not (
                _COOKIE_CLEAR.search(text)
                or _COOKIE_WRITE.search(text)
                # (Hono's and h3's deleteCookie, a Set-Cookie header written by hand)
                or re.search(r"""deleteCookie\(|setHeader\(\s*['"]set-cookie""", text, re.I)
            ):
                variant = "stateless_nothing"  # (not even a cookie cleared)
            yield Problem(
                "service-logout-no-revoke", handler.file, Hit(handler.route, variant, "fail")
            )
        else:
            yield Unread("JWT907")
    # JWT908: the access secret reused for refresh tokens
    yield from _reused_secret(service)
    # JWT903: the frontend's 401 handling
    yield from _frontend(service)


_VIEW_KINDS = {"TokenRefreshView": "refresh", "TokenBlacklistView": "logout"}
"""djangorestframework-simplejwt's views, by name: the kind of route they serve."""


def _view_name(view: SgNode) -> str:
    """The name a route's view is defined under: the class of `LoginView.as_view('login')`
    and `views.Refresh.as_view()`, the function of `refresh` and of `routes.auth.refresh`
    (a package's module function, singouins' `add_url_rule(..., view_func=routes.auth.refresh)`)."""
    node: SgNode | None = view
    if view.kind() == "call":
        func = view.field("function")
        node = func.field("object") if func is not None and func.kind() == "attribute" else func
    return "" if node is None else node.text().rsplit(".", 1)[-1]


def _view_kind(view: str) -> str | None:
    """The kind of route a simplejwt view serves (`views.TokenRefreshView.as_view()`)."""
    if _DJOSER_JWT in view:
        return "refresh"
    found = re.search(r"\b(TokenRefreshView|TokenBlacklistView)\b", view)
    return None if found is None else _VIEW_KINDS[found.group(1)]


def _obtains_pair(handler: Handler) -> bool:
    """Whether a route serves simplejwt's TokenObtainPairView, or a class made from it: its
    answer holds a refresh token (the sliding view's holds none)."""
    return bool(
        re.search(r"\bTokenObtainPairView\b", handler.route.text())
        or any(
            b.kind() == "class_definition"
            and re.search(r"\bTokenObtainPairView\b", (b.field("superclasses") or b).text())
            for b in handler.body
        )
    )


_DJOSER_JWT = "djoser.urls.jwt"
"""djoser's JWT routes (`include('djoser.urls.jwt')`): simplejwt's views, its TokenRefreshView
at `jwt/refresh/`."""


def _joined(mounted: str, path: str) -> str:
    """A route's path as served: under the path its router module is mounted at."""
    if not mounted:
        return path.strip("'\"`")  # (`'/token'` quoted missed LOGIN_PATH's `/token/?$`)
    return mounted.rstrip("/") + "/" + path.strip("'\"`").lstrip("/")


_UNGUARDED_JWT = re.compile(r"\bget_jwt(?:_identity)?\(\s*\)")
"""Flask-JWT-Extended's readers of the verified token, which need `@jwt_required()`."""
_FLASK_ACCESS_ONLY = re.compile(r"@jwt_required\b(?!\([^)]*\b(?:refresh|verify_type)\s*=)")
_FLASK_REFRESH_ONLY = re.compile(
    r"@jwt_required\([^)]*\brefresh\s*=\s*True|@jwt_refresh_token_required\b"
)
"""A view that takes a refresh token only (and Flask-JWT-Extended 3's spelling of it)."""
_AUTHJWT_GUARD = re.compile(r"\.(?:fresh_)?jwt_(?:refresh_token_)?required\(\s*\)")
"""fastapi-jwt-auth's guards, called in the handler rather than written as decorators."""
_AUTHJWT_ACCESS_ONLY = re.compile(r"\.(?:fresh_)?jwt_required\(\s*\)")
"""fastapi-jwt-auth's guard called in the handler (`Authorize.jwt_required()`): an access
token only, as Flask-JWT-Extended's `@jwt_required()`."""


_ISSUES_REFRESH_TOKEN = re.compile(_ISSUES_REFRESH)


_PROVIDER_KEYS = re.compile(
    r"jwks|openid-configuration|\bissuer\b|JwksClient|jwksUri|secretOrKeyProvider", re.IGNORECASE
)


def _verifies_only(service: Service) -> bool:
    """Whether the service checks an identity provider's JWTs: it fetches the provider's keys
    (a JWKS, its discovery document); the caller asks that it have no token of its own too."""
    return any(_PROVIDER_KEYS.search(f.text) for f in service.backend)


def _signs_by_name(file: SourceFile, text: str) -> bool:
    """Whether code calls jsonwebtoken's sign under the name its file imports it by (`import {
    sign } from 'jsonwebtoken'`: a bare `sign(...)`, Kushtra's generateAccessToken)."""
    names = imported_names(file.text, "jsonwebtoken") if file.lang != "python" else {}
    return any(
        what == "sign" and re.search(rf"(?<![\w$.]){re.escape(local)}\(", text)
        for local, what in names.items()
    )


def _logs_in_without_refresh(service: Service, login: list[Handler]) -> bool:
    """Whether the Python service's logins make access tokens (Flask-JWT-Extended's
    create_access_token) and nothing makes a refresh token (its create_refresh_token,
    simplejwt's RefreshToken.for_user): one commented out (`#  refresh_token =
    create_refresh_token(identity=email)`, Sign-Lang-Tutor) makes none. Code read without its
    login (a folder of resources) says nothing of what the login hands out."""
    logs_in = any(
        "create_access_token(" in code_of(body) for handler in login for body in handler.body
    )
    return logs_in and not any(
        f.lang == "python"
        and _ISSUES_REFRESH_TOKEN.search(f.text)
        and _ISSUES_REFRESH_TOKEN.search(code_of(f.root))
        for f in service.backend
    )


def _decorated(handler: Handler) -> str:
    """A Python handler's definition with its decorators (`@jwt_required()` ...), or its
    resource class, whose methods carry them."""
    if handler.file.lang != "python":
        return ""
    parent = handler.route.parent()
    classes = [code_of(body) for body in handler.body if body.kind() == "class_definition"]
    return "\n".join([code_of(parent) if parent is not None else "", *classes])


_FLASK_JTI = re.compile(r"\bget_(?:raw_)?jwt\(\s*\)\s*\[\s*['\"]jti['\"]\s*\]|\bget_jti\(")
"""Flask-JWT-Extended's jti of the token a request came with (`get_jwt()["jti"]`, 3.x's
`get_raw_jwt()["jti"]`)."""
_BLOCKLIST_LOADER = re.compile(r"token_in_bl(?:ock|ack)list_loader")
_DENYLIST_LOADER = re.compile(r"token_in_denylist_loader")
_DENYLIST_ENABLED = re.compile(r"authjwt_denylist_enabled\b[^\n=]*=\s*True\b")
"""fastapi-jwt-auth's loader, which it asks only with `authjwt_denylist_enabled = True`."""
_JTI_LOOKUP = re.compile(
    r"\bjti\b[^\n]*\bin\b|\bin\s+\w*(?:block|black|deny|revok)\w*|filter(?:_by)?\([^)\n]*jti"
    r"|\b(?:exists|sismember|get)\([^)\n]*jti",
    re.IGNORECASE,
)
"""A jti looked up: a membership test, a query by it, a store's read."""


def _jti_checked(service: Service, logout: str, authjwt: bool = False) -> bool:
    """Whether the jti a Flask-JWT-Extended logout records is looked up anywhere: the library
    asks its blocklist loader on each request, or the app's own code asks the store (a check of
    its own outside the logout's code). fastapi-jwt-auth asks its denylist loader, and only
    where the denylist is enabled: a loader's own lookup counts for nothing without that."""
    if authjwt:
        return any(_DENYLIST_LOADER.search(code_of(f.root)) for f in service.backend) and any(
            _DENYLIST_ENABLED.search(code_of(f.root)) for f in service.backend
        )
    for file in service.backend:
        if file.lang != "python" or ("jti" not in file.text and "list_loader" not in file.text):
            continue
        code = code_of(file.root)  # a comment that names the loader registers none
        if _BLOCKLIST_LOADER.search(code) or _JTI_LOOKUP.search(code.replace(logout, "")):
            return True
    return False


def _revokes_access_only(handler: Handler, text: str) -> bool:
    """A Flask-JWT-Extended logout that revokes the token it was called with, which
    `@jwt_required()` (fastapi-jwt-auth's `Authorize.jwt_required()`) makes the access token,
    and names no refresh token: the refresh token keeps issuing access tokens (the library's
    tutorials' `BLOCKLIST.add(jti)`)."""
    # (nor the function's name: microblog's `def logout_refresh()` under `@jwt_required()`)
    code = re.sub(r"\bdef\s+\w+", "def", text)
    guarded = _FLASK_ACCESS_ONLY.search(_decorated(handler)) or any(
        _AUTHJWT_ACCESS_ONLY.search(code_of(body)) for body in handler.body
    )
    return (
        bool(guarded)
        and "jti" in code
        # a refresh token named, not its lifetime (munchy's TTL `REFRESH_EXPIRES * 1.2`)
        and not re.search(r"refresh(?!\w*(?:expir|ttl|lifetime|max_?age))", code, re.IGNORECASE)
    )


def _required_module(node: SgNode) -> str | None:
    """The relative module a `require('./x')` names, directly or through a constant
    bound to it (`const refresh = require('./routes/refresh')`)."""
    if node.kind() == "identifier":
        root = node.get_root().root()
        for decl in kinds(root, "variable_declarator"):
            key, value = decl.field("name"), decl.field("value")
            if key is not None and key.text() == node.text() and value is not None:
                node = value
                break
    return required_module(node.text())


def _is_parameter(node: SgNode, name: str) -> bool:
    """Whether `name` is a parameter of a function around `node`."""
    for ancestor in node.ancestors():
        params = ancestor.field("parameters")
        if params is not None and re.search(rf"\b{re.escape(name)}\b", params.text()):
            return True
    return False


def _name(node: SgNode) -> str | None:
    name = node.field("name")
    return None if name is None else name.text()


def _issue_sites(file: SourceFile) -> list[SgNode]:
    root = file.root
    sites: list[SgNode] = []
    if file.lang == "python":
        sites += pattern_search("create_access_token($$$A)").find_all(file, root)
        encode = pattern_search("jwt.encode($P, $K)", "jwt.encode($P, $K, $$$A)")
        sites += encode.find_all(file, root)  # not str.encode("utf-8")
        sites += _fastapi_users_strategies(file)
    else:
        for call in pattern_search("$J.sign($$$A)", "$J.signAsync($$$A)").find_all(file, root):
            receiver = call.get_match("J")
            if receiver is not None and re.search(
                r"(^|\.)(jwt|jsonwebtoken|JWT|jwtService)$", receiver.text()
            ):
                sites.append(call)
        sites += pattern_search("new SignJWT($$$A)", "new jose.SignJWT($$$A)").find_all(file, root)
        sites += pattern_search("$R.jwtSign($$$A)").find_all(file, root)  # @fastify/jwt
        # Hono's `import { sign } from 'hono/jwt'` (or `import * as jwt`, `Jwt.sign` above)
        signs = {n for n, what in imported_names(file.text, "hono/jwt").items() if what == "sign"}
        for call in pattern_search("$S($P, $$$A)").find_all(file, root) if signs else []:
            called = call.get_match("S")
            if called is not None and called.text() in signs:
                sites.append(call)
    # an assertion the service sends to another API in its own request issues nothing to users
    return [site for site in sites if not sent_out(site, file.text)]


def _fastapi_users_strategies(file: SourceFile) -> list[SgNode]:
    """fastapi-users' JWTStrategy made (or a class made from it, `RoleJWTStrategy(...)`): it
    signs the access tokens of the library's login route."""
    if "fastapi_users" not in file.text:
        return []
    return [
        call
        for call in pattern_search("$S($$$A)").find_all(file)
        if re.fullmatch(r"\w*JWTStrategy", (call.get_match("S") or call).text())
    ]


def _fastapi_users_stateless(service: Service) -> bool:
    """Whether the service's fastapi-users tokens are JWTStrategy's only: no strategy the
    server can end them with (DatabaseStrategy, RedisStrategy, or a class made from one) is
    named anywhere, the router is the library's (no `get_auth_router` of the app's own) and no
    strategy of the app's own destroys tokens (`destroy_token`, a deny-list)."""
    made = [f for f in service.backend if f.lang == "python" and "fastapi_users" in f.text]
    return any(_fastapi_users_strategies(f) for f in made) and not any(
        re.search(r"(?:Database|Redis)Strategy\b|\bdef (?:get_auth_router|destroy_token)\b", f.text)
        for f in service.backend
        if f.lang == "python"
    )


def _simplejwt_rotation(
    handler: Handler, settings: dict[str, str], service: Service
) -> Iterator[Result]:
    rotate = settings.get("ROTATE_REFRESH_TOKENS", "False")
    blacklist = settings.get("BLACKLIST_AFTER_ROTATION", "False")
    # simplejwt blacklists the old token only with its token_blacklist app installed; without
    # it, BLACKLIST_AFTER_ROTATION does nothing (`refresh.blacklist()` is not there)
    installed = any(_SIMPLEJWT_BLACKLIST in f.text for f in service.backend)
    if rotate == "True" and blacklist == "True" and installed:
        yield Ok("JWT906", (handler.file, handler.route))
    elif rotate == "True" and blacklist == "True":
        yield Problem(
            "service-refresh-no-rotation",
            handler.file,
            Hit(handler.route, "simplejwt_app", "warn"),
        )
    elif rotate != "True":
        yield Problem(
            "service-refresh-no-rotation",
            handler.file,
            Hit(handler.route, "simplejwt_rotate", "fail"),
        )
    else:
        yield Problem(
            "service-refresh-no-rotation",
            handler.file,
            Hit(handler.route, "simplejwt_blacklist", "warn"),
        )


_NEST_DEFAULT = "JwtModule's secret"
_FASTIFY_DEFAULT = "the secret @fastify/jwt is registered with"


def _signings(service: Service) -> Iterator[tuple[SourceFile, SgNode, str]]:
    """Each signing and the secret it uses, as the code spells it: jsonwebtoken's key
    argument; the `secret` (or `privateKey`) of NestJS's JwtService options, else the one
    JwtModule's; the `key` of @fastify/jwt's sign options, else the one registration's. A
    default counts only where the project registers the module once: two registrations may
    hold two secrets."""
    texts = [f.text for f in service.backend if f.lang != "python"]
    nest_once = sum(len(re.findall(r"JwtModule\.register(?:Async)?\(", t)) for t in texts) == 1
    fastify = [name for t in texts for name in imported_names(t, "@fastify/jwt")]
    registered = [t for t in texts for name in fastify if re.search(rf"\.register\(\s*{name}\b", t)]
    fastify_once = len(registered) == 1 and not re.search(r"\bnamespace\s*:", registered[0])
    for file in service.backend:
        if file.lang == "python":
            yield from _python_signings(file)
            continue
        for call in pattern_search("$J.sign($P, $S)", "$J.sign($P, $S, $$$R)").find_all(file):
            j = call.get_match("J")
            key = call.get_match("S")
            if j is None or key is None or j.text() not in ("jwt", "jsonwebtoken", "JWT"):
                continue
            secret = _unquoted(key)
            if secret is None or _is_parameter(call, secret):
                continue  # a literal is JWT908's own finding; a parameter can be anything
            yield file, call, secret
        nest = "@nestjs/jwt" in file.text
        for call in (
            pattern_search(
                "$J.sign($P)", "$J.sign($P, $O)", "$J.signAsync($P)", "$J.signAsync($P, $O)"
            ).find_all(file)
            if nest
            else ()
        ):
            j = call.get_match("J")
            if j is not None and NEST_JWT_SERVICE.match(j.text()):
                secret = _option_secret(call.get_match("O"), ("secret", "privateKey"))
                if secret or (secret == "" and nest_once):
                    yield file, call, secret or _NEST_DEFAULT
        if fastify_once:
            for call in pattern_search(
                "$R.jwtSign($P)", "$R.jwtSign($P, $O)", "$F.jwt.sign($P)", "$F.jwt.sign($P, $O)"
            ).find_all(file):
                secret = _option_secret(call.get_match("O"), ("key",))
                if secret is not None:
                    yield file, call, secret or _FASTIFY_DEFAULT


def _python_signings(file: SourceFile) -> Iterator[tuple[SourceFile, SgNode, str]]:
    """PyJWT's and python-jose's `jwt.encode(claims, key, ...)` (`key=` too) and the secret
    each gives, as the code spells it (ems-python's `jwt.encode(data, settings.JWT_SECRET,
    ...)` in both create_access_token and create_refresh_token). Not joserfc's, whose
    `jwt.encode(header, claims, key)` takes the key third."""
    if JOSERFC.search(file.text) or "encode(" not in file.text:
        return
    for call in pattern_search("jwt.encode($P, $S)", "jwt.encode($P, $S, $$$R)").find_all(file):
        key = call.get_match("S")
        if key is not None and key.kind() == "keyword_argument":
            key = key.field("value") if _name(key) == "key" else None
        if key is None:
            key = kwargs(call).get("key")
        secret = _unquoted(key) if key is not None else None
        if secret is None or _is_parameter(call, secret):
            continue  # a literal is JWT908's own finding; a parameter can be anything
        yield file, call, secret


def _option_secret(options: SgNode | None, names: tuple[str, ...]) -> str | None:
    """The secret a signing's options give (`{ secret: X }`, @fastify/jwt's `{ sign: { key:
    X } }`): its code, '' for options that give none, None for options the reader cannot see
    (a variable) or a secret that is a parameter or a literal (JWT908's own finding)."""
    if options is None:
        return ""
    if options.kind() != "object":
        return None
    found = pairs(options)
    nested = pairs(found.get("sign"))
    for name in names:
        value = found.get(name) or nested.get(name)
        if value is None:
            continue
        secret = _unquoted(value)
        if secret is None or _is_parameter(options, secret):
            return None
        return secret
    return ""


def _unquoted(value: SgNode) -> str | None:
    """A secret's code, through a template that only holds it (barinakServer's
    `` `${process.env.JWT_SECRET}` ``); None for a literal."""
    whole = re.fullmatch(r"`\$\{\s*([^{}`]+?)\s*\}`", value.text())
    if whole is not None:
        return whole[1]
    return None if value.kind() in ("string", "template_string") else value.text()


def _reused_secret(service: Service) -> Iterator[Result]:
    access: dict[str, tuple[SourceFile, SgNode]] = {}
    refresh: list[tuple[SourceFile, SgNode, str]] = []
    for file, call, secret in _signings(service):
        if not secret:
            continue
        # the token's own name (`const refreshToken = jwt.sign(...)`), not the function's:
        # a refresh handler signs access tokens too
        where = token_name(call) + " " + call.text()
        if re.search(r"refresh", where, re.IGNORECASE):
            refresh.append((file, call, secret))
        elif not one_use(context_names(call), file.name):
            access.setdefault(secret, (file, call))
    # Refresh tokens with their own secret are no `pass` of JWT908: its pass says where the
    # secrets come from (the environment), which this does not tell.
    for file, call, secret in refresh:
        if secret in access and not re.search(r"refresh", secret, re.IGNORECASE):
            variant = "reused_plugin" if secret == _FASTIFY_DEFAULT else "reused"
            yield Problem(
                "service-refresh-same-secret", file, Hit(call, variant, "fail", {"secret": secret})
            )


_NOT_A_SESSION = r"(?i:email|phone|otp|code|mfa|2fa|captcha|account|signup|registration|password)"
_PROACTIVE = re.compile(
    # `expiresAt: ...` writes an object's key (a share link's expiry): no token's exp is read
    r"\bexp\b|jwt_?[dD]ecode|jwtDecode|expiresAt(?!\s*:)|expires_at(?!\s*:)|"
    r"\w*[Ee]xpir\w*\s*(?:[<>]|\()|"
    r"[<>]=?\s*[\w.]*[Ee]xpir|isValid\w*\("
    rf"|/verify(?![-_]?{_NOT_A_SESSION})|verify(?!\w*{_NOT_A_SESSION})\w*\("
)
"""A client that reads exp (or asks the server) before it refreshes: refresh before expiry.
Not the word "expired" in a message (`'Your login has expired.'`), nor a check of what a user
typed or was mailed (documenso's `verifyEmail({ token })`, then `refreshSession()` to reload
the user)."""
_AXIOS_AUTH_REFRESH = r"\bcreateAuthRefreshInterceptor\("
"""axios-auth-refresh's interceptor: it refreshes on 401, once for the requests that fail while
the refresh runs."""
_SHARED = re.compile(
    r"is\w*Refreshing|refreshing\w*\s*[=:]|refreshPromise|refreshTokenPromise|\w*[Pp]romise\s*=|"
    r"failedQueue|subscribers|pendingRequests|requestQueue|queue\.push|refreshSubscribers|"
    r"[Mm]utex|waitForUnlock|let\s+\w*[Rr]efresh\w*\s*(:\s*[^=]+)?=\s*null|"
    # Angular's flag under other names, with the subject the waiting requests watch
    r"refresh\w*InProgress|refreshInFlight|BehaviorSubject|"
    r"let\s+pending\w*\s*(:\s*[^=]+)?=\s*null|"
    # a waiting request's callback queued (yudao's `requestList.push(() => { ... })`)
    r"\.push\(\s*(?:async\s*)?(?:\([^()]*\)|\w+)\s*=>|" + _AXIOS_AUTH_REFRESH
)
"""One refresh shared by the requests in flight: a flag, a promise, a queue or a mutex."""
_TOKEN_HEADER = re.compile(
    r"x-(?:(?:access|auth|authorization|jwt|id|user|session|api)[-_]?)?(?:token|jwt)",
    re.IGNORECASE,
)
"""A header of its own that carries the token (`x-access-token`, `x-auth-token`, `x-token`),
not a CSRF token's (`x-xsrf-token`) nor one named for another product, which carries that
product's key (dashy's widgets: `X-MON-TOKEN`, `X-Plex-Token`, `X-Vault-Token`)."""
_CALLS = ("call_expression", "new_expression")
_FUNCTIONS = ("function_declaration", "arrow_function", "function_expression", "method_definition")


def _front_functions(front: list[SourceFile]) -> dict[str, list[SgNode]]:
    """The frontend's functions by name: `function name(...)`, a class's method (an Angular
    interceptor's `handle401Error`), then `const name = (...) =>`. Built once per service:
    looked up for every name an interceptor calls, a walk over every file each time took
    half a minute on a large frontend (homepage's 541 files)."""
    found: dict[str, list[SgNode]] = {}
    for f in front:
        for d in kinds(f.root, "function_declaration", "method_definition"):
            found.setdefault(_name(d) or "", []).append(d)
    for file in front:
        for decl in kinds(file.root, "variable_declarator"):
            value = decl.field("value")
            if value is not None and value.kind() in _FUNCTIONS:
                found.setdefault(_name(decl) or "", []).append(value)
    found.pop("", None)
    return found


def _names_an_error(test: SgNode) -> bool:
    """Whether a status check only picks a message to show (the test of a ternary whose answer
    is a string: Ahmad-Hanki's login action, `status === 401 ? "Invalid Credentials!" :
    response.statusText`): no request is refreshed or sent again there."""
    parent = test.parent()
    if parent is not None and parent.kind() == "parenthesized_expression":
        parent = parent.parent()
    answer = parent.field("consequence") if parent is not None else None
    return (
        parent is not None
        and parent.kind() == "ternary_expression"
        and answer is not None
        and answer.kind() in ("string", "template_string")
    )


_BEARER_WORD = re.compile(r"\bbearer ", re.IGNORECASE)
"""A bearer token sent (`Bearer ${token}`, TCC-frontend's `bearer ${user.token}`)."""
_SDK_REFRESH = re.compile(
    r"\.getIdToken\(|\bgetAccessTokenSilently\(|\.acquireTokenSilent\(|\bfetchAuthSession\(|"
    r"\bAuth\.currentSession\(|\.auth\.getSession\(|\bkeycloak\.updateToken\(|\.signinSilent\(|"
    r"\bscheme\s*:\s*['\"]refresh['\"]|\buseLogto\(|" + _AXIOS_AUTH_REFRESH
)
"""An identity provider's SDK call that returns a token it refreshes itself when it is near
its exp: Firebase, Auth0, MSAL, Amplify, Supabase, keycloak-js, oidc-client, Logto's React hook
(`useLogto().getAccessToken()`); or the Nuxt auth module's strategy of `scheme: 'refresh'` and
axios-auth-refresh, whose interceptors refresh."""


_RENEWED_BY_SERVER = re.compile(
    r"""[\w.]*\.headers\.get\(\s*['"][\w-]*(?:jwt|token)[\w-]*['"]\s*\)""", re.IGNORECASE
)
"""A token the server renewed, read from an answer's header (`resp.headers.get('new-jwt')`)."""
_GENERATED = re.compile(r"auto-generated|@generated|generated by|DO NOT EDIT", re.IGNORECASE)
_GIVES_CLIENT_TOKEN = re.compile(
    r"OpenAPI\.TOKEN\s*=|\bTOKEN\s*:|\bsetConfig\(|\bcreateClient\(|\bcreateConfig\("
)
"""The app handing a generated API client its token (openapi-typescript-codegen's
`OpenAPI.TOKEN`, @hey-api/openapi-ts's `client.setConfig({ auth })`)."""


def _generated(file: SourceFile) -> bool:
    """A generated API client's file: marked so at its top, or the `core/` folder such clients
    write beside their marked files (`client/core/request.ts`)."""
    name = file.name.replace("\\", "/")
    return bool(_GENERATED.search(file.text[:300])) or "/client/core/" in name


_MAKES_401 = re.compile(r"\bstatus(?:Code)?\s*:\s*401\b")
"""A 401 written into an object (an error page's `statusCode: 401`), not one read."""


def _retries(check: SgNode) -> bool:
    """Whether the branch a 401 check opens does more than refresh: a branch whose every call
    is named for a refresh (`if (res.status === 401) { await refreshTokenUser(); }`) leaves
    the refused answer to be used. A check outside an `if`'s condition is not told."""
    branch = next((a for a in check.ancestors() if a.kind() == "if_statement"), None)
    condition = branch.field("condition") if branch is not None else None
    body = branch.field("consequence") if branch is not None else None
    if condition is None or body is None:
        return True
    inside = condition.range().start.index <= check.range().start.index
    if not inside or check.range().end.index > condition.range().end.index:
        return True
    calls = re.findall(r"(?<![\w$.])([A-Za-z_$][\w$.]*)\s*\(", code_of(body))
    return not calls or any(
        not re.search("refresh", call, re.IGNORECASE) and not call.startswith("console.")
        for call in calls
    )


_SENDS = re.compile(r"fetch|axios(?:\.\w+)?|[\w$.]+\.(?:get|post|put|patch|delete|request)")
"""The calls that send a request."""


def _one_request(check: SgNode) -> bool:
    """Whether the function a 401 check sits in sends one fixed request and sends it again
    (puromisu's effect: `fetch(`${API}/content`)`, then after a refresh the same fetch): no
    wrapper other requests go through, so no other request's refresh to race. Sent to a
    parameter's URL, it is a wrapper."""
    scope = next((a for a in check.ancestors() if a.kind() in _FUNCTIONS), None)
    if scope is None:
        return False
    given: set[str] = set()
    for function in [scope, *(a for a in scope.ancestors() if a.kind() in _FUNCTIONS)]:
        # (a destructured parameter's names too: `({ url, init })`)
        given.update(re.findall(r"[A-Za-z_$][\w$]*", " ".join(parameters(function))))
    urls = []
    for call in kinds(scope, "call_expression"):
        func = call.field("function")
        if func is None or not _SENDS.fullmatch(func.text()):
            continue
        args = args_of(call)
        if not args or args[0].kind() not in ("string", "template_string"):
            return False
        inserted = " ".join(re.findall(r"\$\{([^{}]*)\}", args[0].text()))
        if given & set(re.findall(r"[A-Za-z_$][\w$]*", inserted)):
            return False
        urls.append(args[0].text())
    return len(urls) >= 2 and len(set(urls)) == 1


def _callee_modules(front: dict[str, list[SgNode]], text: str) -> str:
    """The modules of the frontend functions `text` calls (a shared `refreshOnce` in its
    own file keeps its pending promise at the module's top)."""
    names = dict.fromkeys(re.findall(r"(?<![\w.])([A-Za-z_$][\w$]*)\s*\(", text))
    # each module once (not by id(): a node made for one look-up may share its id with
    # another once it is freed)
    modules = dict.fromkeys(
        d.get_root().root().text() for name in list(names)[:40] for d in front.get(name, [])[:1]
    )
    return "\n".join(modules)


_PROSE = re.compile(r"'[^'\\\n]* [^'\\\n]*'|\"[^\"\\\n]* [^\"\\\n]*\"")
"""A string literal with a space in it: words for a person (`'refresh token invalid'`), not a
route or a key."""


def _without_prose(text: str) -> str:
    """Code with its sentences emptied: an error message that names a refresh token, which a
    401 check compares with, refreshes nothing (misred-iot's `isAuthError`)."""
    return _PROSE.sub("''", text)


def _timers(file: SourceFile) -> Iterator[tuple[SgNode, str]]:
    """The periodic timers of a frontend file and the code each runs: `setInterval(f, ms)`,
    and RxJS's `timer(first, every)` and `interval(every)` with the chain that follows
    (`.pipe(...)`, `.subscribe(...)`). The code refreshes when it calls a refresh, posts to a
    refresh URL or sends the refresh token (`_REFRESH_CALL`)."""
    for call in pattern_search("setInterval($F, $$$T)").find_all(file):
        callback = call.get_match("F")
        if callback is not None:
            yield (
                call,
                (callback.text() + "()" if callback.kind() == "identifier" else code_of(callback)),
            )
    if "rxjs" not in file.text:
        return
    for pattern in ("timer($A, $B)", "interval($A)"):
        for call in pattern_search(pattern).find_all(file):
            chain = call
            while (above := chain.parent()) is not None and above.kind() == "member_expression":
                outer = above.parent()
                if outer is None or outer.kind() != "call_expression":
                    break
                chain = outer
            if chain is not call:
                yield call, code_of(chain)


def _shares_refresh(module: str, text: str, front: dict[str, list[SgNode]]) -> bool:
    """Whether one refresh serves the requests in flight: a flag, promise or queue in the
    interceptor's module, or in the module of the refresh it calls, a store's method too
    (vue3-element-admin's `userStore.refreshTokenOnce()` keeps one pending promise there)."""
    if _SHARED.search(module):
        return True
    called = re.sub(r"\b(?:[\w$]+(?:\(\s*\))?\.)+(?=\w*[Rr]efresh\w*\s*\()", "", text)
    return bool(_SHARED.search(_callee_modules(front, called)))


def _flag_guarded(text: str) -> bool:
    """Whether the handler refreshes only while a flag of its own is off and turns it on
    (`if (status === 401 && !refresh) { refresh = true; ... }`): a retry refused again finds
    it on and does not refresh again."""
    tested = set(re.findall(r"!\s*((?:this\.)?[A-Za-z_$][\w$]*)\b(?!\s*[.(\[])", text))
    return any(re.search(rf"(?<![\w.$]){re.escape(name)}\s*=\s*true\b", text) for name in tested)


def _with_callees(front: dict[str, list[SgNode]], text: str, depth: int = 2) -> str:
    """An interceptor's text with the frontend functions it calls, `depth` levels down
    (`(error) => errorInterceptor(error)`, which checks `status === 401` in a helper)."""
    texts, frontier = [text], [text]
    seen: set[str] = set()
    for _ in range(depth):
        following: list[str] = []
        for body in frontier:
            for name in re.findall(r"(?:(?<![\w.])|\bthis\.)([A-Za-z_$][\w$]*)\s*\(", body):
                if name in seen or len(seen) > 40:
                    continue
                seen.add(name)
                following += [code_of(d) for d in front.get(name, [])[:1]]
        texts += following
        frontier = following
    return "\n".join(texts)


def _owner_matches(definition: SgNode, receiver: str) -> bool:
    """Whether a method belongs to the class a receiver is named for (`refreshTokenUseCase`,
    `this.authService` -> RefreshTokenUseCase, AuthService); a function outside any class
    is not told apart so."""
    owner = _class_name(definition)
    return owner is not None and owner.lower() == receiver.lstrip("_").lower()


def _class_name(node: SgNode) -> str | None:
    """The name of the class a node sits in, if any."""
    owner = enclosing_class(node)
    name = owner.field("name") if owner is not None else None
    return name.text() if name is not None else None


_REFRESH_TOKEN_CALL = re.compile(r"refresh\w*(?:token|session|auth)\w*\s*\(", re.IGNORECASE)
_REFRESH_CALL = re.compile(
    r"refresh(?!\w*(?:dashboard|widget|list|data|page|table|grid|item|quer|result|view|feed|post"
    r"|comment|profile|cart|order|player|stat|count|expiration|board|chart|schedule|content|cache))"
    r"\w*\s*\(|/\w*refresh|refresh[\s_]?token",
    re.IGNORECASE,
)
"""A refresh called (`refresh()`, `refreshOnce()`, `doRefresh()`), its route, or the refresh
token: not a variable named for what a new login gave (homepage's proxy: `const refreshedToken
= (await login(...)).accessToken`), nor a reload of data (redash's `refreshDashboard()` beside
a 403's "Permission Denied")."""


_OTHER_REFRESH = re.compile(
    r"\brefresh(?!\w*(?:token|session|auth|jwt|access|credential|user|login|identity))\w+\(",
    re.IGNORECASE,
)
"""A call that refreshes something named otherwise than a token, a session or a user."""


def _refreshes_before_exp(
    text: str, refresh: str = r"refresh\w*\(|/refresh|renew(?:token|session|auth|jwt|access)\w*\("
) -> bool:
    """Whether code reads a token's exp (or asks the server) and refreshes a token (or renews
    a session's: nana-noodles-mart's `renewSession()`): not thelounge's server renewing an IRC
    policy (`STSPolicies.refreshExpiration(this.host)`), nor a call that refreshes something
    else (formbricks' `refreshInviteExpiration(id)`, prowler's `refreshMessages(chatId)`)."""
    text = _OTHER_REFRESH.sub("(", text)
    return bool(
        _PROACTIVE.search(text)
        and re.search(refresh, text, re.IGNORECASE)
        and re.search(r"token|jwt|session|auth", text, re.IGNORECASE)
    )


_CLIENT_SECRET = re.compile(r"\bclient_?secret\b", re.IGNORECASE)
"""An OAuth client's secret, sent with a refresh of its own grant: a server's client of another
service (a git host's OAuth app), never the app's frontend refreshing its session."""


def _frontend(service: Service) -> Iterator[Result]:
    front = [f for f in service.files if f.side == "frontend"]
    if not front:
        return
    functions = _front_functions(front)
    interceptors: list[tuple[SourceFile, SgNode]] = []
    for file in front:
        interceptors.extend(
            (file, call)
            for call in pattern_search("$X.interceptors.response.use($$$A)").find_all(file)
        )
    judged_401 = False
    handled: tuple[SourceFile, SgNode] | None = None  # where the frontend refreshes
    for file, call in interceptors:
        args = args_of(call)
        if not args or _unimported(file, service):
            continue
        # the error handler, and the success one too: a backend that answers 200 with
        # `{ code: 401 }` (yudao's and ruoyi's admin templates) is refused there
        texts: list[str] = []
        module = file.text
        for at, handler in enumerate(args):
            if handler.kind() == "identifier":
                defs = functions.get(handler.text(), [])
                if not defs:
                    continue
                code = code_of(defs[0])
                # the module that defines it (`resReject` from './interceptors') holds its state
                module += "\n" + defs[0].get_root().root().text()
            else:
                code = code_of(handler)
            # (a success handler only where it refuses a 401: `return Promise.resolve(res)`
            # is no retry through another client)
            if at == len(args) - 1 or re.search(r"\b401\b", code):
                texts.append(code)
        if not texts:
            continue
        text = _with_callees(functions, "\n".join(texts))
        prose_free = _without_prose(text)
        # a 401 the handler makes (`error({ statusCode: 401 })`, baserow's page for a refused
        # refresh token) is no 401 it handles; an error code of the API's own is, where the
        # handler calls a refresh and sends the request again with its config
        # (vue3-element-admin's `code === ApiCodeEnum.ACCESS_TOKEN_INVALID`, "A0230")
        if not re.search(r"401|Unauthorized|UNAUTHORIZED", re.sub(_MAKES_401, "", text)) and not (
            re.search(r"refresh\w*\s*\(", prose_free, re.IGNORECASE)
            and re.search(r"return\s+(?:await\s+)?[\w.$]+\(\s*[\w.$]*config\b", text)
        ):
            continue
        judged_401 = True
        refreshes = bool(re.search(r"refresh", prose_free, re.IGNORECASE))
        instance = call.get_match("X")
        retried_with = re.findall(r"return\s+(?:await\s+)?([\w.]+)\(\s*\w+", text)
        other_client = instance is not None and any(
            name not in (instance.text(), "Promise.reject", "reject") for name in retried_with
        )
        flagged = _flag_guarded(text)
        retry_once = flagged or bool(
            re.search(
                r"_retry|retry\w*\s*=\s*true|_isRetry|sent\s*=\s*true|__isRetry|retried|"
                # baserow's `config.skipAuthRefresh = true` before the one retry
                r"\.\w*(?:[Ss]kip|[Rr]efreshed)\w*\s*=\s*true",
                text,
                re.IGNORECASE,
            )
        )
        if not refreshes and not any(_BEARER_WORD.search(f.text) for f in front):
            continue  # a cookie session's 401 reload: the page's code holds no token
        if not refreshes:
            yield Problem("frontend-401", file, Hit(call, "no_refresh", "fail"))
        elif not retry_once and not other_client:
            yield Problem("frontend-401", file, Hit(call, "no_retry_guard", "warn"))
        elif not _shares_refresh(module, text, functions):
            # (a flag that turns the others away makes them fail, not race)
            variant = "turned_away" if flagged else "not_shared"
            yield Problem("frontend-401", file, Hit(call, variant, "warn"))
        else:
            handled = (file, call)
            yield Ok("JWT903", handled)
    if judged_401:
        return  # an interceptor that ignores 401 (it only logs) answers nothing: read on
    # fetch wrappers (fetch, RTK Query's baseQuery): a 401 check with a refresh call next to it
    wrappers: list[tuple[SourceFile, SgNode, str]] = []
    for file in front:
        if _unimported(file, service):
            continue
        # (or a set of them asked: my-blog-vite's `UNAUTHORIZED = new Set([401])`, then
        # `UNAUTHORIZED.has(result.error.status)`)
        sets = "|".join(re.findall(r"\b(\w+)\s*=\s*new Set\(\s*\[[^\]]*\b40[13]\b", file.text))
        asked = [
            call
            for call in (kinds(file.root, "call_expression") if sets else [])
            if re.fullmatch(rf"(?:{sets})\.has\(\s*[\w.?]*status\s*\)", call.text())
        ]
        for node in kinds(file.root, "binary_expression") + asked:
            # 403: servers that answer an expired token so (the MERN course's verifyJWT)
            if node.kind() == "binary_expression" and not re.search(
                r"status\s*===?\s*40[13]|40[13]\s*===?\s*[\w.?]+\.status", node.text()
            ):
                continue
            if _names_an_error(node):
                continue  # `response.status === 401 ? "Invalid Credentials!" : ...`: a message
            scopes = [a for a in node.ancestors() if a.kind() in _FUNCTIONS]
            whole = scope = code_of(scopes[-1]) if scopes else file.text
            own = scopes[-1].field("name") if scopes else None
            if own is not None:
                # not the function's own name: `refreshRecommendations` reloads a list
                scope = scope.replace(own.text(), "")
            # the 401 branch may refresh in a helper (`return this.handle401Error(req, next)`)
            if _REFRESH_CALL.search(_without_prose(_with_callees(functions, scope))):
                wrappers.append((file, node, whole))
    for file, node, whole in wrappers[:1]:
        if len(wrappers) == 1 and _one_request(node) and _retries(node):
            handled = (file, node)  # no wrapper: nothing else it could race
            continue
        # the flag or promise that shares the refresh may live in the helper's module
        if not _SHARED.search(file.text) and not _SHARED.search(
            _callee_modules(_front_functions(service.frontend), whole)
        ):
            yield Problem("frontend-401", file, Hit(node, "not_shared", "warn"))
            return
        if not _retries(node):
            yield Problem("frontend-401", file, Hit(node, "no_retry", "warn"))
            return
        handled = (file, node)
    # refresh before exp: a request interceptor or a fetch wrapper that reads exp and refreshes
    # (also in a file of no known side: Nuxt's auto-imported composables import nothing)
    weak = False  # the place found refreshes something not named a token
    every: dict[str, list[SgNode]] | None = None  # all the frontend's functions, when needed
    # (and Next.js's middleware, which refreshes a session's tokens before a page asks; it is
    # one function by the framework's design, so a longer one is read)
    # (and Auth.js's jwt callback, which refreshes the session's access token on the server
    # before the page gets it: prowler's auth.config.ts calls refreshAccessToken past exp)
    middleware = {
        id(f)
        for f in service.backend
        if _NEXT_MIDDLEWARE.search(f.name.replace("\\", "/")) or _AUTHJS_CONFIG.search(f.text)
    }
    seen = {id(f) for f in service.frontend}  # a file of no known side is in both lists
    extra = [f for f in service.backend if id(f) in middleware and id(f) not in seen]
    for file in [*service.frontend, *extra]:
        longest = 12_000 if id(file) in middleware else 4000
        for call in pattern_search("$X.interceptors.request.use($$$A)").find_all(file):
            if _refreshes_before_exp(call.text(), r"refresh") and _refreshes_before_exp(
                code_of(call), r"refresh"
            ):
                handled = handled or (file, call)
        # or on a timer, ahead of any exp (onyx's app: `setInterval(refresh, 10 * 60 * 1000)`;
        # RxJS's `timer(0, every)` or `interval(every)`, whose callback is in the chain after it)
        for call, code in _timers(file) if handled is None else []:
            every = every if every is not None else _front_functions(service.frontend)
            code = _with_callees(every, code)  # `setInterval(() => attempt(gap), ms)`
            if _REFRESH_CALL.search(code) and re.search(
                r"token|jwt|session|auth", code, re.IGNORECASE
            ):
                handled = (file, call)
        for func in kinds(file.root, "function_declaration", "arrow_function", "method_definition"):
            # its name too: pingvin-share's `const refreshAccessToken = async () => {...}`
            # reads exp and posts to `/auth/token`
            owner = func.parent() if func.kind() == "arrow_function" else func
            declared = (_name(owner) or "") if owner is not None else ""
            named = f"{declared}() " if re.match("refresh", declared, re.IGNORECASE) else ""
            # else its name is no call of its own (debugTokens's `canRefreshTokens` only asks)
            text = named + (func.text() if named else func.text().replace(declared, "", 1))
            # the place shown: a function that refreshes a token before one that reloads a
            # user (`refreshUser`)
            if len(text) >= longest or not (
                handled is None or (weak and _REFRESH_TOKEN_CALL.search(text))
            ):
                continue
            code = named + code_of(func)
            if re.search(r"refresh\w*\(", code, re.IGNORECASE) and not _PROACTIVE.search(code):
                # the exp read in a helper it calls (future-xplorer's `getTokenSilently()`
                # asks `needRefresh(token)`, then calls `refreshAccessToken()`)
                every = every if every is not None else _front_functions(service.frontend)
                text = code = _with_callees(every, code, depth=1)
            if _CLIENT_SECRET.search(code):
                continue  # an OAuth client refreshing its own grant (amplication's git providers)
            if _refreshes_before_exp(text) and _refreshes_before_exp(code):
                handled = (file, func)
                weak = not _REFRESH_TOKEN_CALL.search(text)
    # or the server does it: Flask-JWT-Extended's implicit refresh reissues the access cookie
    # in an `after_request` hook while it is still valid
    # or the identity provider's SDK hands out a fresh token on each call (Firebase's
    # getIdToken, Auth0's getAccessTokenSilently, MSAL's acquireTokenSilent, ...)
    # or the server renews the token in an answer's header, which the frontend keeps
    # (Wiki.js: `resp.headers.get('new-jwt')`)
    for file in [] if handled else service.frontend:
        if _SDK_REFRESH.search(file.text) or _RENEWED_BY_SERVER.search(file.text):
            # the call, else the smallest key that says so (`scheme: 'refresh'`)
            keys = sorted(kinds(file.root, "pair"), key=lambda n: len(n.text()))
            calls = kinds(file.root, "call_expression") + keys
            handled = (
                file,
                next(
                    (
                        c
                        for c in calls
                        if _SDK_REFRESH.search(c.text()) or _RENEWED_BY_SERVER.fullmatch(c.text())
                    ),
                    file.root,
                ),
            )
            break
    hooks = [] if handled else [f for f in service.backend if _implicit_refresh(f.text)]
    if hooks:
        hook = (
            n for n in kinds(hooks[0].root, "decorated_definition") if "after_request" in n.text()
        )
        handled = hooks[0], next(hook, hooks[0].root)
    if handled is not None:
        yield Ok("JWT903", handled)
        return
    # A generated API client's `Bearer ${token}` sends a token only where the app gives it one
    # (`client.setConfig({ auth })`, `OpenAPI.TOKEN = ...`); tracecat's client, never given
    # one, runs on cookies
    written = [f for f in front if not _generated(f)]
    configured = any(_GIVES_CLIENT_TOKEN.search(f.text) for f in written)
    for file in front if configured else written:
        for node in kinds(file.root, "string") + kinds(file.root, "template_string"):
            text = node.text().strip("'\"`")
            # `'Bearer ' + token`, `Bearer ${token}`: not a label that reads "Bearer token"
            # (any case: TCC-frontend's `bearer ${user.token}`)
            head = text[:7].lower()
            bearer = text.lower() == "bearer " or (head == "bearer " and "${" in text)
            if _API_KEY.search(text) or _API_KEY_ADDED.match(_added(node)):
                continue  # `Bearer ${apiKey}`: a key of the user's, shown or sent, never refreshed
            if one_use(f"{text} {context_names(node)}", file.name):
                continue  # medusa's invite: a registration token sent once, never refreshed
            if (
                (
                    bearer
                    or _TOKEN_HEADER.fullmatch(text)
                    or _raw_authorization(node)
                    or _set_token_call(node)
                )
                and not _parsed(node)
                and not _never_referenced(node, front)
                and not _to_another_origin(node)
                and not _never_stored(node, front)
                and not _unimported(file, service)
            ):
                # the call that sets a scheme is what the finding shows, not the scheme's string
                shown = _set_token_call(node) or node
                if _refreshed_first(node):
                    # sarorient-pos' fetch wrapper asks for a fresh token before each request
                    yield Ok("JWT903", (file, shown))
                else:
                    yield Problem("frontend-no-401-handler", file, Hit(shown, "missing", "fail"))
                return


_TOKEN_VALUE = re.compile(r"[\w$.]*(?:token|jwt)[\w$.]*", re.IGNORECASE)
"""A value named for a token (`token`, `auth.accessToken`, `jwt`)."""


def _raw_authorization(node: SgNode) -> bool:
    """Whether a string is the `Authorization` header given a token as it is, with no
    scheme (mern-ecommerce's `axios.defaults.headers.common['Authorization'] = token`, the
    server reading the bare token): a token sent as surely as `Bearer ${token}`."""
    if node.text().strip("'\"`").lower() != "authorization":
        return False
    index = node.parent()
    assign = index.parent() if index is not None else None
    if index is None or assign is None or index.kind() != "subscript_expression":
        return False
    target = index.field("object")
    value = assign.field("right") if assign.kind() == "assignment_expression" else None
    return (
        target is not None
        and target.text().endswith(("headers", "headers.common"))
        and value is not None
        and _TOKEN_VALUE.fullmatch(value.text()) is not None
    )


def _set_token_call(node: SgNode) -> SgNode | None:
    """The call a string is the scheme of, when it is @nuxtjs/axios' `setToken` (Groupify's
    `this.$axios.setToken(res.access, 'Bearer')`): each later request sends `Bearer <token>`."""
    if node.text().strip("'\"`").lower() != "bearer":
        return None  # most strings: no walk up the tree
    args = node.parent()
    call = args.parent() if args is not None and args.kind() == "arguments" else None
    function = call.field("function") if call is not None else None
    name = function.field("property") if function is not None else None
    return call if name is not None and name.text() == "setToken" else None


def _refreshed_first(node: SgNode) -> bool:
    """Whether the function that writes the header refreshes the token before it does
    (`let res = await makeRefreshToken(); headers = { Authorization: `Bearer ${...}` }`)."""
    scopes = [a for a in node.ancestors() if a.kind() in _FUNCTIONS]
    if not scopes:
        return False
    before = scopes[0].text()[: node.range().start.index - scopes[0].range().start.index]
    before = re.sub(r"//[^\n]*|/\*.*?\*/", " ", before, flags=re.DOTALL)  # no comment
    return _AWAITED_REFRESH.search(before) is not None


_AWAITED_REFRESH = re.compile(
    r"=\s*await\s+[\w.$]*refresh\w*(?:token|session|auth)\w*\s*\(", re.IGNORECASE
)
"""A fresh token awaited and kept (`let res = await makeRefreshToken()`), not a list of share
tokens reloaded (`refreshTokens()`)."""


_PARSE = frozenset({"split", "replace", "replaceAll", "startsWith", "includes", "indexOf", "slice"})


def _parsed(node: SgNode) -> bool:
    """Whether the string takes a header apart (`authorization.split('Bearer ')`, server code
    reading a request's token) instead of writing one."""
    holder = node.parent()
    call = holder.parent() if holder is not None and holder.kind() == "arguments" else None
    function = call.field("function") if call is not None else None
    name = function.field("property") if function is not None else None
    return name is not None and name.text() in _PARSE


_TEMPLATED = (".vue", ".svelte", ".astro")
_TOKEN_SETTER = re.compile(r"(?i)^set\w*(?:token|auth|bearer|header|credential|jwt)\w*$")
"""A method that hands the client its token (`setAuthToken`): an app's own call sets it, no
framework calls it by convention (as Angular calls an interceptor's `intercept`)."""


def _never_referenced(node: SgNode, front: list[SourceFile]) -> bool:
    """Whether the class method that sets the header's token is named nowhere but where it is
    defined (Ghostify's `setAuthToken(token)`, which nothing calls): it sends no token. (A
    module's function is not judged so: a fixture or a file read alone exports it unused.)"""
    scope = next((a for a in node.ancestors() if a.kind() in _FUNCTIONS), None)
    name = _name(scope) if scope is not None and scope.kind() == "method_definition" else None
    if not name or not _TOKEN_SETTER.match(name) or any(f.name.endswith(_TEMPLATED) for f in front):
        return False  # a component's template (not read) may call it
    word = re.compile(rf"(?<![\w$]){re.escape(name)}(?![\w$])")
    return sum(len(word.findall(f.text)) for f in front if name in f.text) <= 1


def _never_stored(node: SgNode, front: list[SourceFile]) -> bool:
    """Whether the token a `Bearer ${token}` sends is read from web storage under a key that no
    code of the frontend writes: a leftover that sends `Bearer null` (misred-iot's map page reads
    `localStorage.getItem("accessToken")`; its app logs in with httpOnly cookies). Or the page's
    link gave it (documenso's embed reads `url.searchParams.get('token')`): a presigned link's
    token, which no refresh renews."""
    sent = re.fullmatch(r"`Bearer \$\{\s*(\w+)\s*\}`", node.text())
    if sent is not None and re.search(
        rf"\b{sent[1]}\s*=\s*[\w.?]*searchParams\.get\(", node.get_root().root().text()
    ):
        return True
    scopes = [a for a in node.ancestors() if a.kind() in _FUNCTIONS]
    if sent is None or not scopes:
        return False
    read = re.search(
        rf"\b{sent[1]}\s*=\s*(?:window\.)?(?:local|session)Storage\.getItem\(\s*(['\"])(\w+)\1\s*\)",
        scopes[0].text(),
    )
    if read is None:
        return False
    key = re.escape(read[2])
    for file in front:
        quoted = len(re.findall(rf"""['"`]{key}['"`]""", file.text))
        reads = len(re.findall(rf"""(?:getItem|removeItem)\(\s*['"`]{key}['"`]""", file.text))
        if quoted > reads:
            return False
    return True


_AUTHJS_CONFIG = re.compile(r"""from\s+['"](?:next-auth|@auth/[\w-]+)['"]""")
"""A module of Auth.js (NextAuth) configuration: its callbacks run on the server."""
_NEXT_MIDDLEWARE = re.compile(r"(?:^|/)(?:src/)?middleware\.[jt]s$")
"""Next.js's middleware (`middleware.ts` beside `app/` or in `src/`): it runs before each page
on the server, where a session's tokens are kept (iron-session, next-auth)."""

_LOADED_BY_NAME = re.compile(
    r"(?:^|/)(?:plugins|middleware|pages|app|composables|components|layouts|utils|routes|boot"
    r"|stores?)/"
    r"|(?:^|/)(?:main|index|app|_app|setup|entry[\w-]*)\.[cm]?[jt]sx?$",
    re.IGNORECASE,
)
"""Modules a framework loads by where they are (Nuxt's plugins and composables, Next's pages,
an app's entry point), imported by no other file."""


_IMPORTED = re.compile(r"""(?:\bfrom|\bimport|\brequire\(|\bimport\()\s*['"`]([^'"`\n]+)['"`]""")
_LOCAL_IMPORT = re.compile(
    r"""(?:\bfrom|\bimport|\brequire\(|\bimport\()\s*['"`](?:\.{1,2}/|[@~]/)"""
)
_JS_EXTENSION = re.compile(r"\.[cm]?[jt]sx?$")


def _unimported(file: SourceFile, service: Service) -> bool:
    """Whether no file imports the module (nana-noodles-mart's axios client in `src/lib/api.ts`,
    left when the app moved to server-side fetches): its interceptor handles nothing the app
    sends."""
    name = file.name.replace("\\", "/")
    imported = service.imported()
    if not imported or _LOADED_BY_NAME.search(name) or name.endswith((".vue", ".svelte")):
        return False
    # a folder imported whole (`from './client'`) brings its index and what that imports
    folder = posixpath.basename(posixpath.dirname(name))
    return not {_JS_EXTENSION.sub("", posixpath.basename(name)), folder} & imported


_API_KEY = re.compile(
    r"\$\{\s*[\w.?]*(?:api_?key|secret_?key|presign\w*token)\w*\s*\}", re.IGNORECASE
)
"""A key of the user's (`${apiKey}`) or a presigned link's token (`${options.presignToken}`):
sent as it was given, never refreshed."""
_API_KEY_ADDED = re.compile(r"[\w.?]*(?:api_?key|secret_?key)\w*\b", re.IGNORECASE)
"""The same key added to the scheme (langfuse's `"Bearer " + adminApiKey.trim()`)."""


def _added(node: SgNode) -> str:
    """What a string is joined to (`"Bearer " + value`): the right operand's code, or ""."""
    parent = node.parent()
    if parent is None or parent.kind() != "binary_expression":
        return ""
    left, right = parent.field("left"), parent.field("right")
    if left is None or right is None or left.range() != node.range():
        return ""
    return right.text()


_ANOTHER_ORIGIN = re.compile(r"""^[`'"]https?://[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b(?![.:$])""")
"""A request's address that names a site of its own (`"https://api.vendor.com/v2/..."`), not
one the app is configured with (`${API_URL}/...`) or the page's own origin."""


def _to_another_origin(node: SgNode) -> bool:
    """Whether a header is sent with a request to a fixed address of another site
    (`fetch("https://api.vendor.com/v2/...", { headers: { Authorization: `Bearer ${key}` } })`):
    a vendor's API key, not the app's own access token."""
    call = next(
        (a for a in node.ancestors() if a.kind() in ("call_expression", "new_expression")), None
    )
    args = args_of(call) if call is not None else []
    return bool(args) and (
        _ANOTHER_ORIGIN.match(args[0].text()) is not None
        # a credential traded for a token (documenso's API key posted to
        # `/api/v2/embedding/create-presign-token`): no access token used
        or _TOKEN_ENDPOINT.search(args[0].text()) is not None
    )


_TOKEN_ENDPOINT = re.compile(r"""[-_/](?:token|exchange)['"`]\s*\)?$""", re.IGNORECASE)
"""A request's address that ends in a token endpoint (`/oauth/token`, `create-presign-token`):
it trades what the header carries for a token."""
