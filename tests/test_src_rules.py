"""Every rule of data/src-rules.toml: its `bad` snippet triggers it, its `good` one stays quiet.

Plus the reader's judgement on whole services (tests/data/src/: fixtures written
in the likeness of real Express, NestJS, Django, Flask and React code) and the
values it resolves through a `.env`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from jwtfix.envfile import parse
from jwtfix.srcscan import CodeFinding, SrcReport
from jwtfix.srcscan.engine import analyse
from jwtfix.srcscan.files import SourceFile
from jwtfix.srcscan.rules import EXTRACTORS, Limits, Search, load_rules

LIMITS = Limits(15 * 60, 60 * 60)
DATA = Path(__file__).parent / "data" / "src"
REQUIRE = "const jwt = require('jsonwebtoken');\n"

EXAMPLES = [
    pytest.param(rule.name, example, id=f"{rule.id}-{rule.name}-{n}")
    for rule in load_rules()
    for n, example in enumerate(rule.examples)
]


def _read(tmp_path: Path, name: str, text: str, env: str | None = None) -> SrcReport:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return analyse([str(tmp_path)], env=parse(env) if env else None, limits=LIMITS)


def test_every_rule_is_complete() -> None:
    rules = load_rules()
    assert len({r.name for r in rules}) == len(rules)
    assert {r.id for r in rules} == {f"JWT{n}" for n in range(901, 911)}
    for rule in rules:
        assert rule.examples, rule.name
        assert rule.extract == "service" or rule.extract in EXTRACTORS, rule.name
        assert set(rule.message) == set(rule.fix), rule.name
        assert set(rule.languages) <= {"js", "py"} and rule.stacks, rule.name


@pytest.mark.parametrize(("name", "example"), EXAMPLES)
def test_bad_snippet_triggers_the_rule(tmp_path: Path, name: str, example: dict[str, str]) -> None:
    report = _read(tmp_path, example["file"], example["bad"])
    assert name in {f.rule for f in report.findings}, report.findings


@pytest.mark.parametrize(("name", "example"), EXAMPLES)
def test_good_snippet_stays_quiet(tmp_path: Path, name: str, example: dict[str, str]) -> None:
    report = _read(tmp_path, example["file"], example["good"])
    assert name not in {f.rule for f in report.findings}, report.findings


def test_lifetime_from_the_env_is_said_as_such(tmp_path: Path) -> None:
    code = "const jwt = require('jsonwebtoken');\n" + (
        "const t = jwt.sign({ id }, key, { expiresIn: process.env.ACCESS_TTL });\n"
    )
    (found,) = _read(tmp_path, "a.js", code, "ACCESS_TTL=2h\n").about("JWT901")
    assert "2h" in found.message and "ACCESS_TTL in .env:1" in found.message
    assert (found.line, found.column) == (2, 11)


def test_lifetime_unknown_without_the_env_says_nothing(tmp_path: Path) -> None:
    code = REQUIRE + "const t = jwt.sign({ id }, key, { expiresIn: process.env.ACCESS_TTL });\n"
    assert not _read(tmp_path, "a.js", code).about("JWT901")
    assert not _read(tmp_path, "b.js", code, "OTHER=1\n").about("JWT901")


def test_lifetime_from_a_call_says_nothing(tmp_path: Path) -> None:
    code = REQUIRE + "const t = jwt.sign({ id }, key, { expiresIn: config.get('ttl') });\n"
    assert not _read(tmp_path, "a.js", code, "X=1\n").about("JWT901")


def test_fallback_default_when_the_env_lacks_it(tmp_path: Path) -> None:
    code = REQUIRE + "const t = jwt.sign({ id }, key, { expiresIn: process.env.TTL || '3d' });\n"
    (found,) = _read(tmp_path, "a.js", code, "OTHER=1\n").about("JWT901")
    assert "3d" in found.message and "the code's default" in found.message


def test_python_constants_and_timedelta(tmp_path: Path) -> None:
    code = (
        "import os\nfrom datetime import timedelta\n"
        "DAYS = int(os.getenv('ACCESS_DAYS', '1'))\n"
        "SIMPLE_JWT = {'ACCESS_TOKEN_LIFETIME': timedelta(days=DAYS)}\n"
    )
    (found,) = _read(tmp_path, "settings.py", code, "ACCESS_DAYS=2\n").about("JWT901")
    assert "2d" in found.message and "ACCESS_DAYS in .env:1" in found.message


def test_secret_value_is_never_shown(tmp_path: Path) -> None:
    code = (
        "const jwt = require('jsonwebtoken');\n"
        "jwt.sign({ id }, 'Tr0ub4dor-kitten-42', { expiresIn: '15m' });\n"
    )
    report = _read(tmp_path, "a.js", code)
    (found,) = report.about("JWT908")
    text = f"{found.message} {found.fix} {found.code}"
    assert "Tr0ub4dor" not in text and "19 characters" in found.message
    verify = "jwt.verify(token, 'Tr0ub4dor-kitten-42');\n"
    (unpinned,) = _read(tmp_path, "b.js", code + verify).about("JWT909")
    assert "Tr0ub4dor" not in f"{unpinned.message} {unpinned.code}"


def test_test_files_and_dependencies_are_not_read(tmp_path: Path) -> None:
    code = "const t = jwt.sign({ id }, 'literal-secret-x', { expiresIn: '1d' });\n"
    for name in ("auth.test.js", "tests/auth.js", "node_modules/x/index.js", "dist/a.js"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(code, encoding="utf-8")
    report = analyse([str(tmp_path)], env=None, limits=LIMITS)
    assert report.files == 0 and not report.findings


def test_a_user_object_holding_the_token_is_a_token_in_storage(tmp_path: Path) -> None:
    # The tutorials' pattern: login stores the whole user, another file reads its token.
    login = (
        "export function login(u) { return post('/signin', u).then(user => {\n"
        "  localStorage.setItem('user', JSON.stringify(user));\n  return user;\n}); }\n"
    )
    header = (
        "export function authHeader() {\n"
        "  const user = JSON.parse(localStorage.getItem('user'));\n"
        "  return user?.accessToken ? { Authorization: 'Bearer ' + user.accessToken } : {};\n}\n"
    )
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "auth-header.js").write_text(header, encoding="utf-8")
    (found,) = _read(tmp_path, "src/user.service.js", login).about("JWT905")
    assert (found.file.rsplit("/", 1)[-1], found.line) == ("user.service.js", 2)
    assert "an object holding a token in localStorage" in found.message
    # The same user object, never read for a token (a profile, a theme): nothing to say.
    quiet = header.replace("accessToken", "displayName")
    (tmp_path / "src" / "auth-header.js").write_text(quiet, encoding="utf-8")
    assert not _read(tmp_path, "src/user.service.js", login).about("JWT905")


def test_the_framework_key_is_no_jwt_secret_when_jwts_have_their_own(tmp_path: Path) -> None:
    settings = (
        "import os\nSECRET_KEY = 'django-insecure-0123456789abcdefghij'\n"
        "INSTALLED_APPS = ['rest_framework_simplejwt']\n"
    )
    own = "SIMPLE_JWT = {'SIGNING_KEY': os.environ['JWT_SIGNING_KEY']}\n"
    (tmp_path / "jwt_settings.py").write_text(own, encoding="utf-8")
    assert not _read(tmp_path, "settings.py", settings).about("JWT908")
    (tmp_path / "jwt_settings.py").write_text(
        own.replace("os.environ['JWT_SIGNING_KEY']", "SECRET_KEY"), encoding="utf-8"
    )
    (found,) = _read(tmp_path, "settings.py", settings).about("JWT908")
    assert found.line == 2


def test_vue_script_lines_count_from_the_file_top(tmp_path: Path) -> None:
    vue = (
        "<template><div/></template>\n<script>\nexport default { methods: { save(t) {\n"
        "  localStorage.setItem('token', t);\n} } }\n</script>\n"
    )
    (found,) = _read(tmp_path, "Login.vue", vue).about("JWT905")
    assert found.line == 4 and found.code == "localStorage.setItem('token', t);"


@pytest.mark.parametrize(
    ("service", "expected"),
    [
        # an Express API whose refresh rotates through a service module and whose logout revokes
        ("express-rotating", {}),
        # a NestJS API: refresh and logout delegate to AuthService methods
        ("nest-no-revoke", {"JWT907": "fail", "JWT906": "warn"}),
        # Django + simplejwt without rotation
        ("django-simplejwt", {"JWT906": "fail", "JWT901": "warn"}),
        # Flask-JWT-Extended: refresh issues an access token only; logout blocklists
        ("flask-extended", {"JWT906": "fail"}),
        # React frontend with a shared-refresh axios interceptor
        ("react-interceptor", {}),
    ],
)
def test_service_judgement(service: str, expected: dict[str, str]) -> None:
    report = analyse([str(DATA / service)], env=None, limits=LIMITS)
    got = {f.id: f.status.value for f in report.findings}
    assert got == expected, report.findings


# --- asking ast-grep only about files that can match --------------------------------------


class _Unparsed:
    """A file whose tree must not be asked for: the search decides from its text alone."""

    def __init__(self, text: str) -> None:
        self.text = text

    @property
    def root(self) -> Any:
        raise AssertionError("ast-grep was asked about a file that cannot match")


@pytest.mark.parametrize(("name", "example"), EXAMPLES)
def test_a_rule_asks_about_every_file_where_it_matches(name: str, example: dict[str, str]) -> None:
    """On every snippet, good and bad, the rule's search finds exactly what ast-grep finds
    when asked directly: the text test never hides a match."""
    from ast_grep_py import SgRoot

    (rule,) = [r for r in load_rules() if r.name == name]
    lang = "python" if example["file"].endswith(".py") else "tsx"
    for text in (example["bad"], example["good"]):
        file = SourceFile(example["file"], lang, text)  # type: ignore[arg-type]
        direct = SgRoot(text, lang).root().find_all(rule.config())  # type: ignore[call-overload]
        found = rule.search.find_all(file)
        assert [n.range().start.index for n in found] == [n.range().start.index for n in direct]


@pytest.mark.parametrize(
    ("config", "text"),
    [
        ({"rule": {"pattern": "$JWT.sign($$$ARGS)"}}, "const x = 1; // jwt"),
        (
            {"rule": {"pattern": "$J.sign($$$A)"}, "constraints": {"J": {"regex": "^(jwt|JWT)$"}}},
            "token.sign(a)",
        ),
        (
            {"rule": {"any": [{"pattern": "document.cookie = $V"}, {"pattern": "setCookie($K)"}]}},
            "document.title = 'x'",
        ),
        ({"rule": {"kind": "string", "regex": "^['\"`]Bearer "}}, "const s = 'bearer x'"),
        (
            {"rule": {"kind": "pair", "has": {"field": "key", "regex": "^(ignoreExpiration)$"}}},
            "({ clockTolerance: 5 })",
        ),
    ],
)
def test_a_file_without_the_rules_words_is_not_parsed(config: dict[str, Any], text: str) -> None:
    assert Search(config).find_all(_Unparsed(text)) == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "rule",
    [
        {"pattern": "$NAME = $V"},
        {"kind": "variable_declarator"},
        {"any": [{"pattern": "jwt.sign($A)"}, {"kind": "pair"}]},
        {"regex": "\\bjwt\\b"},
    ],
)
def test_a_rule_with_nothing_spelled_out_always_asks(rule: dict[str, Any]) -> None:
    assert Search({"rule": rule}).need is None


def test_anchors_come_off_but_not_inside_a_class_or_escaped() -> None:
    from jwtfix.srcscan.rules import _unanchored

    compiled = _unanchored(r"^['\"]?([^$]+)\$x$")
    assert compiled is not None and compiled.pattern == r"['\"]?([^$]+)\$x"


def test_a_cookie_with_samesite_none_is_said_to_be_sent_cross_site(tmp_path: Path) -> None:
    # A frontend on another site needs SameSite=None (gitdagray's MERN course sets it):
    # the attribute is there, so "without sameSite" would be false.
    code = (
        "function login(req, res) {\n"
        "  res.cookie('jwt', refreshToken, { httpOnly: true, secure: true, sameSite: 'None' });\n"
        "  res.cookie('token', t, { httpOnly: true, secure: true, sameSite: false });\n}\n"
    )
    cross, absent = _read(tmp_path / "express", "a.js", code).about("JWT905")
    assert cross.status == "warn" and "without" not in cross.message
    assert "the refresh token cookie is set with sameSite 'None'" in cross.message
    assert absent.message.endswith("the token cookie is set without sameSite")
    # Django and Flask: the string 'None' sets the attribute, Python's None leaves it out.
    views = (
        "def login(request):\n"
        "    res.set_cookie('refresh_token', r, httponly=True, secure=True, samesite='None')\n"
        "    res.set_cookie('access_token', a, secure=True, samesite=None)\n"
    )
    cross, absent = _read(tmp_path / "django", "views.py", views).about("JWT905")
    assert "set with samesite 'None' (sent on cross-site requests too)" in cross.message
    assert absent.status == "fail" and "set without httponly, samesite" in absent.message


def test_a_call_without_options_is_read_too(tmp_path: Path) -> None:
    # ast-grep's `jwt.sign($P, $S, $$$REST)` needs a third argument: the two-argument
    # call, the commonest of all, is matched beside it.
    js = REQUIRE + "const t = jwt.sign({ id }, 'keyboard-cat-1234');\njwt.verify(t, 'x-9876');\n"
    found = _read(tmp_path / "js", "a.js", js).about("JWT908")
    assert [(f.line, f.status.value) for f in found] == [(2, "fail"), (3, "fail")]
    py = "import jwt\ntoken = jwt.encode({'sub': '1'}, 'pyjwt-secret-literal')\n"
    (encoded,) = _read(tmp_path / "py", "auth.py", py).about("JWT908")
    assert encoded.line == 2 and "pyjwt-secret" not in encoded.code
    urls = (
        "from django.urls import path\n"
        "from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView\n"
        "urlpatterns = [\n"
        "    path('api/token/', TokenObtainPairView.as_view()),\n"
        "    path('api/token/refresh/', TokenRefreshView.as_view()),\n]\n"
    )
    report = _read(tmp_path / "django", "urls.py", urls)
    assert not report.about("JWT902") and report.judged.get("JWT902")


def test_a_name_bound_to_a_literal_secret_is_a_literal_secret(tmp_path: Path) -> None:
    # drf-SimpleJWT-React: `'SIGNING_KEY': SIMPLE_JWT_SIGNING_KEY`, a literal three lines up.
    settings = (
        "from datetime import timedelta\n"
        "SIMPLE_JWT_SIGNING_KEY = 'b72adov3r7rga9ch03xrdflroz94kos'\n"
        "SIMPLE_JWT = {'ACCESS_TOKEN_LIFETIME': timedelta(minutes=15),\n"
        "              'SIGNING_KEY': SIMPLE_JWT_SIGNING_KEY}\n"
    )
    (found,) = _read(tmp_path / "py", "settings.py", settings).about("JWT908")
    assert (found.line, found.status.value) == (2, "fail")
    assert "b72adov" not in found.code and "31 characters" in found.message
    js = REQUIRE + "const SECRET = 'hunter2-hunter2';\nconst t = jwt.sign({ id }, SECRET);\n"
    (found,) = _read(tmp_path / "js", "auth.js", js).about("JWT908")
    assert found.line == 2 and "hunter2" not in found.code


def test_values_the_code_does_not_spell_out_are_said_to_be_unread(tmp_path: Path) -> None:
    # react-axios-refresh-token: the secret and the lifetime come from config.json.
    code = (
        REQUIRE + "const config = require('./config');\n"
        "const t = jwt.sign(user, config.accessTokenSecret, { expiresIn: config.accessLife });\n"
    )
    report = _read(tmp_path / "config", "routes.js", code)
    assert not report.about("JWT908") and not report.judged.get("JWT908")
    assert report.unread == {"JWT908": 1, "JWT901": 1}
    # nestjs-realworld: the lifetime is an `exp` the payload computes.
    computed = REQUIRE + "const t = jwt.sign({ id, exp: exp.getTime() / 1000 }, process.env.K);\n"
    report = _read(tmp_path / "exp", "user.service.js", computed)
    assert report.unread == {"JWT901": 1} and report.judged == {"JWT908": 1}


def test_the_module_that_signs_refresh_tokens_is_no_access_lifetime(tmp_path: Path) -> None:
    # pre-production-server: a JwtModule for refresh tokens only, 14 days.
    module = (
        "import { JwtModule } from '@nestjs/jwt';\n@Module({ imports: [JwtModule.register({\n"
        "  secret: process.env.PRIVATE_KEY_REFRESH,\n  signOptions: { expiresIn: '14d' },\n"
        "})] })\nexport class RefreshTokenModule {}\n"
    )
    report = _read(tmp_path, "src/tokens/refresh-token/refresh-token.module.ts", module)
    assert not report.about("JWT901")
    access = module.replace("PRIVATE_KEY_REFRESH", "PRIVATE_KEY").replace("Refresh", "Access")
    (found,) = _read(tmp_path / "a", "src/access-token.module.ts", access).about("JWT901")
    assert "14d" in found.message


def test_development_settings_are_not_judged_as_production(tmp_path: Path) -> None:
    # flask-realworld-example-app: only DevConfig sets a long lifetime; production keeps
    # Flask-JWT-Extended's default of 15 minutes.
    config = (
        "from datetime import timedelta\n"
        "class Config:\n    JWT_ACCESS_TOKEN_EXPIRES = timedelta(minutes=30)\n"
        "class DevConfig(Config):\n    JWT_ACCESS_TOKEN_EXPIRES = timedelta(days=30)\n"
        "class TestConfig(Config):\n    JWT_ACCESS_TOKEN_EXPIRES = timedelta(seconds=1)\n"
        "class ProdConfig(Config):\n    JWT_ACCESS_TOKEN_EXPIRES = timedelta(days=2)\n"
    )
    (found,) = _read(tmp_path / "flask", "settings.py", config).about("JWT901")
    assert found.line == 9 and "2d" in found.message
    local = "from datetime import timedelta\nSIMPLE_JWT = {'ACCESS_TOKEN_LIFETIME': timedelta(9)}\n"
    assert not _read(tmp_path / "django", "proj/settings/local.py", local).about("JWT901")
    assert _read(tmp_path / "prod", "proj/settings/production.py", local).about("JWT901")


def test_a_router_mounted_at_a_path_serves_its_routes_under_it(tmp_path: Path) -> None:
    # gitdagray/express_jwt: `app.use('/refresh', require('./routes/refresh'))`, and in that
    # module `router.get('/', handleRefreshToken)`, which signs an access token only.
    server = "const app = express();\napp.use('/refresh', require('./routes/refresh'));\n"
    route = (
        "const jwt = require('jsonwebtoken');\nconst router = express.Router();\n"
        "router.get('/', (req, res) => {\n"
        "  const accessToken = jwt.sign({ id }, process.env.ACCESS_SECRET, { expiresIn: '15m' });\n"
        "  res.json({ accessToken });\n});\nmodule.exports = router;\n"
    )
    (tmp_path / "routes").mkdir()
    (tmp_path / "routes" / "refresh.js").write_text(route, encoding="utf-8")
    (found,) = _read(tmp_path, "server.js", server).about("JWT906")
    assert found.file.endswith("routes/refresh.js") and "no new refresh token" in found.message
    # Mounted through a name, the same.
    named = "const refresh = require('./routes/refresh');\napp.use('/auth/refresh', refresh);\n"
    (tmp_path / "server.js").write_text(named, encoding="utf-8")
    assert _read(tmp_path, "server.js", named).about("JWT906")
    # Not mounted, `/` is no refresh route.
    (tmp_path / "server.js").write_text("const app = express();\n", encoding="utf-8")
    assert not _read(tmp_path, "server.js", "const app = express();\n").about("JWT906")


def test_a_handler_calling_code_the_reader_cannot_follow_is_unread(tmp_path: Path) -> None:
    # a package's function that may retire the token received: the handler is not judged, and
    # the skip says there is a handler
    code = (
        REQUIRE + "const { rotate } = require('token-rotation');\n"
        "router.post('/auth/refresh', async (req, res) => {\n"
        "  await rotate(req.cookies.jwt);\n"
        "  res.json({ accessToken: jwt.sign({ id }, process.env.A, { expiresIn: '15m' }) });\n"
        "});\n"
    )
    report = _read(tmp_path / "a", "auth.js", code)
    assert not report.about("JWT906") and report.unread.get("JWT906") == 1
    # round AH, mern_stack_course: express-async-handler only wraps the function written inline,
    # which is read with the handler: it signs an access token and nothing else
    wrapped = (
        REQUIRE + "const asyncHandler = require('express-async-handler');\n"
        "router.post('/auth/refresh', (req, res) => {\n"
        "  jwt.verify(req.cookies.jwt, process.env.R, asyncHandler(async (err, decoded) => {\n"
        "    res.json({ accessToken: jwt.sign({ id }, process.env.A, { expiresIn: '15m' }) });\n"
        "  }));\n});\n"
    )
    (found,) = _read(tmp_path / "b", "auth.js", wrapped).about("JWT906")
    assert found.status == "fail" and "no new refresh token" in found.message


def test_a_payload_claims_update_is_no_retired_token(tmp_path: Path) -> None:
    # FastAPI's tutorial `to_encode.update({"exp": expire})` in create_refresh_token: the
    # refresh handler issues a new refresh token and retires nothing (ersnick/DictionaryHub).
    code = (
        "from jose import jwt\n"
        "def create_refresh_token(data: dict):\n"
        "    to_encode = data.copy()\n    to_encode.update({'exp': 1})\n"
        "    return jwt.encode(to_encode, KEY, algorithm='HS256')\n"
        "@router.post('/token/refresh')\n"
        "async def refresh(refresh_token: str):\n"
        "    return {'refresh_token': create_refresh_token({'sub': 'u'})}\n"
    )
    (found,) = _read(tmp_path, "auth.py", code).about("JWT906")
    assert found.status.value == "warn" and "does not retire" in found.message
    # Updating the stored token is retiring it.
    stored = code.replace(
        "    return {'refresh_token'",
        "    db.tokens.update({'token': refresh_token})\n    return {'refresh_token'",
    )
    assert not _read(tmp_path / "stored", "auth.py", stored).about("JWT906")


def test_a_word_of_expiry_in_a_message_is_no_refresh_before_expiry(tmp_path: Path) -> None:
    # mern_stack_course's RTK Query baseQuery: on 403 (its server's answer to an expired
    # token) each request refreshes on its own; "Your login has expired." is a message,
    # not a client reading exp before it refreshes.
    code = (
        "import { fetchBaseQuery } from '@reduxjs/toolkit/query/react'\n"
        "const baseQuery = fetchBaseQuery({ baseUrl: '/api', prepareHeaders: (headers, api) => {\n"
        "  headers.set('authorization', `Bearer ${api.getState().auth.token}`) } })\n"
        "const baseQueryWithReauth = async (args, api, extraOptions) => {\n"
        "  let result = await baseQuery(args, api, extraOptions)\n"
        "  if (result?.error?.status === 403) {\n"
        "    const refreshResult = await baseQuery('/auth/refresh', api, extraOptions)\n"
        "    if (refreshResult?.data) { result = await baseQuery(args, api, extraOptions) }\n"
        "    else { refreshResult.error.data.message = 'Your login has expired.' }\n"
        "  }\n  return result\n}\n"
    )
    package = '{"name": "mern-frontend", "dependencies": {"react": "^18.2.0"}}'
    (tmp_path / "package.json").write_text(package, encoding="utf-8")
    (found,) = _read(tmp_path, "src/app/api/apiSlice.js", code).about("JWT903")
    assert found.status.value == "warn" and found.line == 6 and "its own refresh" in found.message


def test_an_interceptor_is_read_with_the_functions_it_calls(tmp_path: Path) -> None:
    # drf-SimpleJWT-React: the interceptor hands the error to `errorInterceptor`, which
    # asks `isCorrectRefreshError(status)` for the 401.
    code = (
        "import axios from 'axios';\n"
        "const api = axios.create({ headers: { Authorization: `Bearer ${localStorage.t}` } });\n"
        "const isRefreshError = (status) => { return status === 401; }\n"
        "const errorInterceptor = (error) => {\n"
        "  if (isRefreshError(error.response.status)) {\n"
        "    return refreshToken().then(() => api(error.config));\n  }\n"
        "  return Promise.reject(error);\n}\n"
        "api.interceptors.response.use((r) => r, (error) => errorInterceptor(error));\n"
    )
    package = '{"name": "web", "dependencies": {"react": "^17.0.2"}}'
    (tmp_path / "package.json").write_text(package, encoding="utf-8")
    (found,) = _read(tmp_path, "src/api/auth.js", code).about("JWT903")
    assert found.line == 10 and "401" in found.message


def test_flask_restful_resources_are_routes(tmp_path: Path) -> None:
    # tecladocode's flask-jwt-extended lectures: `api.add_resource(TokenRefresh, '/refresh')`.
    resources = (
        "from flask_restful import Resource\n"
        "from flask_jwt_extended import create_access_token, get_jwt, jwt_required\n"
        "class TokenRefresh(Resource):\n    @jwt_required(refresh=True)\n    def post(self):\n"
        "        return {'access_token': create_access_token(identity=1)}, 200\n"
        "class UserLogout(Resource):\n    @jwt_required()\n    def post(self):\n"
        "        BLACKLIST.add(get_jwt()['jti'])\n        return {'message': 'out'}, 200\n"
        "@jwt.token_in_blocklist_loader\n"
        "def revoked(header, payload):\n    return payload['jti'] in BLACKLIST\n"
    )
    app = (
        "from flask_restful import Api\nfrom resources import TokenRefresh, UserLogout\n"
        "api = Api(app)\napi.add_resource(TokenRefresh, '/refresh')\n"
        "api.add_resource(UserLogout, '/logout')\n"
    )
    (tmp_path / "resources.py").write_text(resources, encoding="utf-8")
    report = _read(tmp_path, "app.py", app)
    (rotation,) = report.about("JWT906")
    assert rotation.line == 4 and "no new refresh token" in rotation.message
    (logout,) = report.about("JWT907")
    assert logout.line == 5 and "revokes the access token" in logout.message


def test_refresh_tokens_named_short_and_revoked_by_their_own_route(tmp_path: Path) -> None:
    # nestjs-jwts: `const [at, rt] = ...`, the refresh token signed with RT_SECRET for 7d.
    service = (
        "import { JwtService } from '@nestjs/jwt';\nexport class AuthService {\n"
        "  async getTokens(p) {\n    const [at, rt] = await Promise.all([\n"
        "      this.jwtService.signAsync(p, { secret: cfg.get('AT_SECRET'), expiresIn: '15m' }),\n"
        "      this.jwtService.signAsync(p, { secret: cfg.get('RT_SECRET'), expiresIn: '7d' }),\n"
        "    ]);\n    return { at, rt };\n  }\n}\n"
    )
    report = _read(tmp_path / "nest", "src/auth/auth.service.ts", service)
    assert not report.about("JWT901") and report.judged.get("JWT901") == 1
    # cookiecutter-flask-restful: /revoke_access beside /revoke_refresh, which logs out.
    views = (
        "@blueprint.route('/revoke_access', methods=['DELETE'])\n@jwt_required()\n"
        "def revoke_access_token():\n    revoke_token(get_jwt()['jti'])\n    return {}, 200\n"
        "@blueprint.route('/revoke_refresh', methods=['DELETE'])\n@jwt_required(refresh=True)\n"
        "def revoke_refresh_token():\n    revoke_token(get_jwt()['jti'])\n    return {}, 200\n"
        "@jwt.token_in_blocklist_loader\ndef check(header, payload):\n"
        "    return is_token_revoked(payload)\n"
    )
    assert not _read(tmp_path / "flask", "auth/views.py", views).about("JWT907")


def test_a_fake_backend_is_not_read(tmp_path: Path) -> None:
    # angular-10-jwt-refresh-tokens: the demo's fake-backend.ts plays the server in the browser.
    fake = "export function fake() {\n  document.cookie = `fakeRefreshToken=${token}; path=/`;\n}\n"
    assert not _read(tmp_path, "src/app/_helpers/fake-backend.ts", fake).about("JWT905")
    assert _read(tmp_path / "real", "src/app/_helpers/auth.ts", fake).about("JWT905")


def test_django_secret_key_is_the_jwt_key_when_another_file_uses_simplejwt(tmp_path: Path) -> None:
    # dj-vue-jwt-auth: settings.py names no JWT; urls.py routes simplejwt's views, which sign
    # with SECRET_KEY when SIMPLE_JWT has no SIGNING_KEY.
    settings = "SECRET_KEY = '+r^m(ji$=94n_s-2%+9q6_03&9n04$+s8*j%9'\nDEBUG = False\n"
    urls = (
        "from rest_framework_simplejwt.views import TokenObtainPairView\n"
        "urlpatterns = [path('api/token/', TokenObtainPairView.as_view())]\n"
    )
    (tmp_path / "urls.py").write_text(urls, encoding="utf-8")
    (found,) = _read(tmp_path, "settings.py", settings).about("JWT908")
    assert found.line == 1 and "+r^m" not in found.code
    # Without JWTs anywhere, SECRET_KEY signs sessions only: another check's business.
    assert not _read(tmp_path / "plain", "settings.py", settings).about("JWT908")


def test_fastify_plugin_options_and_simplejwt_views_under_any_path(tmp_path: Path) -> None:
    # FindAFriendAPI: the plugin reads tokens from a cookie named refreshToken; its sign
    # options are the access tokens' 10 minutes.
    app = (
        "import fastifyJwt from '@fastify/jwt'\nexport const app = fastify()\n"
        "app.register(fastifyJwt, {\n  secret: SECRET_KEY,\n"
        "  cookie: { cookieName: 'refreshToken', signed: false },\n"
        "  sign: { expiresIn: '10m' },\n})\n"
    )
    (found,) = _read(tmp_path / "fastify", "src/app.ts", app).about("JWT901")
    assert found.line == 3 and "10m" in found.message
    # dj-vue-jwt-auth: simplejwt's refresh view under a typo'd path.
    urls = (
        "from rest_framework_simplejwt import views\n"
        "urlpatterns = [path('obtain/refreh/', views.TokenRefreshView.as_view())]\n"
    )
    (rotation,) = _read(tmp_path / "django", "urls.py", urls).about("JWT906")
    assert "ROTATE_REFRESH_TOKENS" in rotation.message


def test_a_stored_object_read_for_its_token_under_the_same_name(tmp_path: Path) -> None:
    # proshop_mern: the login response is stored whole, and another file sends
    # `userInfo.token`, taken from the store's state.
    login = (
        "export const login = (email, password) => async (dispatch) => {\n"
        "  const { data } = await axios.post('/api/users/login', { email, password })\n"
        "  localStorage.setItem('userInfo', JSON.stringify(data))\n}\n"
        "export const save = (prefs) => localStorage.setItem('prefs', JSON.stringify(prefs))\n"
    )
    order = (
        "export const pay = () => async (dispatch, getState) => {\n"
        "  const { userLogin: { userInfo } } = getState()\n"
        "  const config = { headers: { Authorization: `Bearer ${userInfo.token}` } }\n}\n"
    )
    package = '{"name": "frontend", "dependencies": {"react": "^16.13.1"}}'
    (tmp_path / "package.json").write_text(package, encoding="utf-8")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "orderActions.js").write_text(order, encoding="utf-8")
    (found,) = _read(tmp_path, "src/userActions.js", login).about("JWT905")
    assert found.line == 3 and "setItem('userInfo'" in found.code


def test_a_code_runner_scratch_file_and_migrations_are_not_read(tmp_path: Path) -> None:
    # round J's ViviRent: VS Code's Code Runner left `tempCodeRunnerFile.py` holding an old
    # 18-second lifetime beside config.py's real 20 minutes; alembic's versions are no code
    # that signs tokens, and only fill the run's budget.
    config = "from datetime import timedelta\nJWT_ACCESS_TOKEN_EXPIRES = timedelta(minutes=20)\n"
    scratch = "app.config['JWT_ACCESS_TOKEN_EXPIRES'] = timedelta(minutes=0.3)\n"
    (tmp_path / "alembic" / "versions").mkdir(parents=True)
    (tmp_path / "alembic" / "versions" / "x.py").write_text(scratch, encoding="utf-8")
    _read(tmp_path, "tempCodeRunnerFile.py", scratch)
    report = _read(tmp_path, "config.py", config)
    assert not report.about("JWT901") and report.judged["JWT901"] == 1


def test_dependencies_are_left_out_under_the_current_folder_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `cd repo && jwtfix check --src .`: git lists `node_modules/x/index.js`, with no `./`,
    # and the reader took it for the service's code (django-react-simplejwt-auth commits its
    # node_modules: 1,631 files read, the reading limit spent in dependencies).
    import subprocess

    code = "const t = jwt.sign({ id }, 'literal-secret-x', { expiresIn: '1d' });\n"
    for name in ("node_modules/x/index.js", "tests/auth.js", "app.js"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(REQUIRE + code, encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "add", "-A"], check=True)
    monkeypatch.chdir(tmp_path)
    for root in (".", "./"):
        report = analyse([root], env=None, limits=LIMITS)
        assert report.files == 1, root
        assert [f.file for f in report.about("JWT908")] == ["app.js"]


def test_expiry_checked_by_hand_or_read_to_revoke_is_no_finding(tmp_path: Path) -> None:
    # Nuxt-3-JWT-Refresh-Token: exp taken into a name, then compared.
    route = (
        REQUIRE + "export default async (event) => {\n"
        "  const t = jwt.verify(cookies.accessToken, secret, { ignoreExpiration: true });\n"
        "  const now = Math.floor(Date.now() / 1000);\n  const exp = t.exp!\n"
        "  if (exp <= now) { throw createError({ statusCode: 401 }) }\n};\n"
    )
    assert not _read(tmp_path / "nuxt", "server/utils/protectRoute.ts", route).about("JWT904")
    # express-authorization-refresh-tokens: a Mongoose static that revokes every refresh token.
    model = (
        REQUIRE + "userSchema.statics.revokeRefreshTokens = async function (refreshToken) {\n"
        "  const { userId } = jwt.verify(refreshToken, s, { ignoreExpiration: true });\n"
        "  const user = await this.findById(userId);\n"
        "  if (user) await user.clearRefreshTokens();\n};\n"
    )
    assert not _read(tmp_path / "mongoose", "models/userModel.js", model).about("JWT904")
    # Where nothing reads exp, expired tokens get in.
    plain = route.replace("  if (exp <= now) { throw createError({ statusCode: 401 }) }\n", "")
    assert _read(tmp_path / "plain", "server/utils/protectRoute.ts", plain).about("JWT904")


def test_what_is_said_about_a_token_and_an_imported_handlers_state(tmp_path: Path) -> None:
    # fastapi-jwt's frontend: the token's mode and meta beside it are no tokens; its
    # response interceptor is imported from the module that keeps the one refresh promise.
    store = (
        "export const save = (s) => {\n  localStorage.setItem('ai_suite_jwt_token', s.jwtToken)\n"
        "  localStorage.setItem('ai_suite_jwt_token_mode', s.jwtTokenMode)\n"
        "  localStorage.setItem('ai_suite_jwt_token_meta', JSON.stringify(s.jwtTokenMeta))\n}\n"
    )
    http = (
        "import axios from 'axios'\nimport { resReject } from './interceptors'\n"
        "const api = axios.create({ headers: { Authorization: `Bearer ${localStorage.t}` } })\n"
        "api.interceptors.response.use((r) => r, resReject)\n"
    )
    interceptors = (
        "let refreshPromise = null\n"
        "async function refreshToken() {\n  refreshPromise ??= post('/refresh')\n"
        "  return refreshPromise\n}\n"
        "export async function resReject(error) {\n"
        "  if (error.response.status === 401 && !error.config._retry) {\n"
        "    error.config._retry = true\n    await refreshToken()\n    return api(error.config)\n"
        "  }\n}\n"
    )
    package = '{"name": "web", "dependencies": {"vue": "^3.4.0"}}'
    (tmp_path / "package.json").write_text(package, encoding="utf-8")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "store.js").write_text(store, encoding="utf-8")
    (tmp_path / "src" / "interceptors.js").write_text(interceptors, encoding="utf-8")
    report = _read(tmp_path, "src/http.js", http)
    assert [f.line for f in report.about("JWT905")] == [2]
    assert not report.about("JWT903") and report.judged.get("JWT903") == 1


def test_tokens_signed_side_by_side_take_their_own_names(tmp_path: Path) -> None:
    # jwt-refresh-token-demo: `const [accessToken, refreshToken] = await Promise.all([...])`.
    service = (
        "import { JwtService } from '@nestjs/jwt';\nexport class AuthService {\n"
        "  async getTokens(p) {\n    const [accessToken, refreshToken] = await Promise.all([\n"
        "      this.jwtService.signAsync(p, { expiresIn: '2h', secret: this.a }),\n"
        "      this.jwtService.signAsync(p, { expiresIn: '7d', secret: this.r }),\n"
        "    ]);\n  }\n}\n"
    )
    (found,) = _read(tmp_path, "src/auth/auth.service.ts", service).about("JWT901")
    assert found.line == 5 and "2h" in found.message


def test_flask_jwt_extended_verifies_what_jwt_required_guards(tmp_path: Path) -> None:
    # Not "no token verification": @jwt_required() decodes with the app's JWT_ALGORITHM only.
    app = (
        "from flask_jwt_extended import jwt_required, get_jwt_identity\n"
        "@app.route('/me')\n@jwt_required()\ndef me():\n    return {'id': get_jwt_identity()}\n"
    )
    report = _read(tmp_path, "app.py", app)
    assert not report.about("JWT909") and report.judged.get("JWT909") == 1


def test_request_jwt_verify_verifies_with_algorithms_set_elsewhere(tmp_path: Path) -> None:
    middleware = (
        "export async function verifyJwt(request, reply) {\n"
        "  try {\n    await request.jwtVerify()\n  } catch (err) {\n"
        "    return reply.status(401).send({ message: 'Unauthorized.' })\n  }\n}\n"
    )
    report = _read(tmp_path, "src/http/middlewares/verify-jwt.ts", middleware)
    assert not report.about("JWT909") and report.unread.get("JWT909") == 1


def test_nookies_set_cookie_with_its_context_first(tmp_path: Path) -> None:
    # nest-next-refresh-token: `setCookie(ctx, REFRESH_TOKEN_COOKIE_NAME, refreshToken, ...)`.
    cookies = (
        "import { setCookie } from 'nookies';\nconst COOKIE_CONFIG = { maxAge: 3600, path: '/' };\n"
        "export const save = ({ accessToken, refreshToken }, ctx = undefined) => {\n"
        "  setCookie(ctx, REFRESH_TOKEN_COOKIE_NAME, refreshToken, COOKIE_CONFIG);\n};\n"
        "export const serverSave = (ctx, refreshToken) =>\n"
        "  setCookie(ctx, 'refresh_token', refreshToken, { httpOnly: true, secure: true });\n"
    )
    package = '{"name": "web", "dependencies": {"next": "^14.0.0", "react": "^18.2.0"}}'
    (tmp_path / "package.json").write_text(package, encoding="utf-8")
    (found,) = _read(tmp_path, "src/services/cookies/index.ts", cookies).about("JWT905")
    assert found.line == 4 and "page scripts" in found.message


def test_a_pydantic_settings_default_secret_is_a_fallback(tmp_path: Path) -> None:
    # fastapi-boilerplate: `JWT_SECRET_KEY: str = "fastapi"` in a BaseSettings class is read
    # from the environment first; the literal signs tokens when the variable is not set.
    config = (
        "from pydantic_settings import BaseSettings\nclass Config(BaseSettings):\n"
        "    ENV: str = 'development'\n    JWT_SECRET_KEY: str = 'fastapi'\n"
    )
    (found,) = _read(tmp_path / "a", "core/config.py", config).about("JWT908")
    assert found.line == 4 and found.message.endswith(
        "when JWT_SECRET_KEY is not set in the environment, the settings class falls back to a"
        " secret written in the code (7 characters)"
    )
    assert found.fix is not None and "`JWT_SECRET_KEY: str`" in found.fix
    # round AH, Chat-FastAPI-React: a settings field of another JWT secret's name, lower case
    lower = config.replace("JWT_SECRET_KEY: str = 'fastapi'", "jwt_refresh_secret: str = 'N4;0a1'")
    (found,) = _read(tmp_path / "b", "core/config.py", lower).about("JWT908")
    assert found.line == 4 and "JWT_REFRESH_SECRET is not set" in found.message
    assert "N4;0a1" not in found.message


def test_hapi_auth_jwt2_key_is_its_secret(tmp_path: Path) -> None:
    # hapi-learning: `key: process.env.AUTH_KEY || '<literal>'` in the strategy's options.
    strategy = (
        "module.exports = async (server) => {\n"
        "  await server.register(require('hapi-auth-jwt2'));\n"
        "  server.auth.strategy('jwt', 'jwt', {\n"
        "    key: process.env.AUTH_KEY || 'NeverShareYourSecret-0123456789ab',\n"
        "    validate: async (decoded) => ({ isValid: true }),\n"
        "    verifyOptions: { algorithms: ['HS256'] },\n  });\n};\n"
    )
    (found,) = _read(tmp_path / "hapi", "app/auth/index.js", strategy).about("JWT908")
    assert found.line == 4 and "AUTH_KEY is not set" in found.message
    # Any other object's `key` is no secret.
    other = "const item = { key: process.env.ITEM || 'default-key-name-here', label: 'x' };\n"
    assert not _read(tmp_path / "other", "app/items.js", REQUIRE + other).about("JWT908")


def test_a_password_reset_token_is_no_access_token(tmp_path: Path) -> None:
    # seguna15/mern-auth: createResetToken signs with RESET_SECRET for 10 minutes.
    code = REQUIRE + (
        "const createResetToken = (user) =>\n"
        "  jwt.sign({ id: user.id }, process.env.RESET_SECRET, { expiresIn: '10m' });\n"
        "const createAccessToken = (user) =>\n"
        "  jwt.sign({ id: user.id }, process.env.ACCESS_SECRET, { expiresIn: '10m' });\n"
    )
    (found,) = _read(tmp_path, "auth.service.js", code).about("JWT901")
    assert found.line == 5


def test_cookie_options_kept_in_a_constant_are_read(tmp_path: Path) -> None:
    # mern-auth: `const options = { httpOnly: true, maxAge }` then res.cookie(name, t, options).
    code = (
        "const createAuthCookie = (res, refreshToken) => {\n"
        "  const options = { httpOnly: true, maxAge: 7 * 24 * 60 * 60 * 1000 };\n"
        "  res.cookie('refreshToken', refreshToken, options);\n};\n"
    )
    (found,) = _read(tmp_path / "a", "utils/createAuthCookie.js", code).about("JWT905")
    assert found.line == 3 and found.message.endswith("set without secure, sameSite")
    # Options from a call cannot be read: no finding.
    unknown = code.replace("{ httpOnly: true, maxAge: 7 * 24 * 60 * 60 * 1000 }", "opts()")
    assert not _read(tmp_path / "b", "utils/createAuthCookie.js", unknown).about("JWT905")


def test_a_lifetime_from_a_required_config_module_is_read(tmp_path: Path) -> None:
    # bezkoder's jwt-refresh-token-node-js: `config.jwtExpiration` from app/config/auth.config.js.
    config = "module.exports = {\n  secret: process.env.SECRET,\n  jwtExpiration: 60,\n};\n"
    controller = REQUIRE + (
        "const config = require('../config/auth.config');\n"
        "exports.signin = (req, res) => {\n"
        "  const token = jwt.sign({ id: 1 }, config.secret, {\n"
        "    expiresIn: config.jwtExpiration,\n  });\n};\n"
    )
    (tmp_path / "app" / "config").mkdir(parents=True)
    (tmp_path / "app" / "config" / "auth.config.js").write_text(config, encoding="utf-8")
    (found,) = _read(tmp_path, "app/controllers/auth.controller.js", controller).about("JWT901")
    assert found.line == 4 and "1m (jwtExpiration in " in found.message
    assert "auth.config.js:3)" in found.message


def test_express_jwt_under_another_name_is_a_verification(tmp_path: Path) -> None:
    # node-express-realworld: `import { expressjwt as jwt } from 'express-jwt'`.
    pinned = (
        "import { expressjwt as jwt } from 'express-jwt';\n"
        "const auth = { required: jwt({ secret: process.env.S, algorithms: ['HS256'] }) };\n"
    )
    report = _read(tmp_path / "a", "src/routes/auth.ts", pinned)
    assert not report.about("JWT909") and report.judged.get("JWT909") == 1
    # v6's default export, without algorithms.
    unpinned = "const jwt = require('express-jwt');\napp.use(jwt({ secret: process.env.S }));\n"
    (found,) = _read(tmp_path / "b", "app.js", unpinned).about("JWT909")
    assert found.line == 2
    # A one-argument call of anything else is not read.
    other = "const jwt = require('express-jwt');\nconst x = parse({ secret: 1 });\n"
    assert not _read(tmp_path / "c", "app.js", other).about("JWT909")


def test_sveltekit_and_next_server_files_are_the_servers(tmp_path: Path) -> None:
    # A SvelteKit form action (`+page.server.js`) sets its cookie on the server, httpOnly by
    # default: no page script sets it. The same call in a page's own script does.
    action = (
        "export const actions = {\n  default: async ({ cookies, request }) => {\n"
        "    const { token } = await (await fetch('/api/login', { method: 'POST' })).json();\n"
        "    cookies.set('jwt', token, { path: '/' });\n  },\n};\n"
    )
    svelte = '{"name": "web", "dependencies": {"svelte": "^4.0.0"}}'
    (tmp_path / "server").mkdir()
    (tmp_path / "server" / "package.json").write_text(svelte, encoding="utf-8")
    assert not _read(tmp_path / "server", "src/routes/login/+page.server.js", action).about(
        "JWT905"
    )
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "package.json").write_text(svelte, encoding="utf-8")
    page = (
        "import Cookies from 'js-cookie';\n"
        "export function keep(token) {\n  Cookies.set('jwt', token);\n}\n"
    )
    (found,) = _read(tmp_path / "page", "src/lib/session.js", page).about("JWT905")
    assert found.line == 3
    # Next.js middleware imports next/server, and its jose jwtVerify is the service's.
    middleware = (
        "import { NextResponse } from 'next/server';\nimport { jwtVerify } from 'jose';\n"
        "export async function middleware(req) {\n"
        "  const token = req.cookies.get('token')?.value;\n"
        "  await jwtVerify(token, new TextEncoder().encode(process.env.JWT_SECRET));\n"
        "  return NextResponse.next();\n}\n"
    )
    (tmp_path / "next").mkdir()
    next_app = '{"name": "web", "dependencies": {"next": "^14.0.0", "react": "^18.2.0"}}'
    (tmp_path / "next" / "package.json").write_text(next_app, encoding="utf-8")
    (found,) = _read(tmp_path / "next", "src/middleware.ts", middleware).about("JWT909")
    assert found.line == 5


def test_a_secret_named_for_no_token_in_a_file_without_jwts_signs_nothing(tmp_path: Path) -> None:
    # A shared header key compared with `x-app-secret`: its default is no JWT secret.
    header_key = (
        "const APP_SECRET = process.env.APP_SECRET || 'shared-header-key-0123456789';\n"
        "export function validateAppSecret(req, reply, done) {\n"
        "  if (req.headers['x-app-secret'] !== APP_SECRET) return reply.code(403).send();\n"
        "  done();\n}\n"
    )
    assert not _read(tmp_path / "a", "src/middlewares/validateAppSecret.ts", header_key).about(
        "JWT908"
    )
    # Named for tokens, or beside a JWT library, it is one.
    named = (
        "const JWT_SECRET = process.env.JWT_SECRET || 'dev-secret';\n"
        "module.exports = { JWT_SECRET };\n"
    )
    (found,) = _read(tmp_path / "b", "src/config.js", named).about("JWT908")
    assert "JWT_SECRET is not set" in found.message
    beside = REQUIRE + "const APP_SECRET = process.env.APP_SECRET || 'dev-secret';\n"
    assert _read(tmp_path / "c", "src/auth.js", beside).about("JWT908")


def test_a_401_handler_in_a_function_named_refresh_something_refreshes_nothing(
    tmp_path: Path,
) -> None:
    # `refreshRecommendations` reloads a list; on 401 it logs out. No refresh shared or not.
    view = (
        "import axios from 'axios';\nexport async function refreshRecommendations(auth) {\n"
        "  try {\n"
        "    return await axios.get('/api/recommendations', {\n"
        "      headers: { Authorization: `Bearer ${auth.token}` } });\n"
        "  } catch (err) {\n"
        "    if (err.response?.status === 401) { auth.clear(); }\n  }\n}\n"
    )
    vue = '{"name": "front", "dependencies": {"vue": "^3.4.0", "axios": "^1.6.0"}}'
    (tmp_path / "package.json").write_text(vue, encoding="utf-8")
    (found,) = _read(tmp_path, "src/views/recommendations.js", view).about("JWT903")
    assert "never refreshes" in found.message and "race" not in found.message


def test_a_setting_under_a_development_branch_is_not_productions(tmp_path: Path) -> None:
    code = (
        "import os\nfrom flask import Flask\nfrom flask_jwt_extended import JWTManager\n"
        "app = Flask(__name__)\n"
        "if os.getenv('FLASK_ENV') == 'development':\n"
        "    app.config['JWT_COOKIE_SECURE'] = False\n"
        "else:\n"
        "    app.config['JWT_COOKIE_SECURE'] = True\n"
        "class DevConfig:\n    JWT_COOKIE_CSRF_PROTECT = False\n"
        "if os.getenv('FLASK_ENV') != 'development':\n"
        "    app.config['JWT_COOKIE_CSRF_PROTECT'] = False\n"
    )
    (found,) = _read(tmp_path, "server.py", code).about("JWT905")
    assert found.line == 12


def test_a_token_signed_in_a_mail_module_is_a_links(tmp_path: Path) -> None:
    # An email-confirmation link's token, signed without exp where the mail is sent.
    sender = (
        "import jwt\nfrom app.config import JWT_VALIDATION_KEY\n"
        "def send_validation(user):\n"
        "    code = jwt.encode({'user': str(user.id)}, JWT_VALIDATION_KEY, algorithm='HS256')\n"
        "    return 'https://example.org/users/email/validate/' + code\n"
    )
    assert not _read(tmp_path / "a", "app/services/email/sender.py", sender).about("JWT901")
    access = (
        "import jwt\nfrom app.config import KEY\n"
        "def login(user):\n"
        "    return jwt.encode(\n"
        "        {'user': str(user.id), 'email': user.email}, KEY, algorithm='HS256')\n"
    )
    (found,) = _read(tmp_path / "b", "app/services/auth.py", access).about("JWT901")
    assert found.line == 4


def test_a_logout_of_an_app_without_tokens_revokes_none(tmp_path: Path) -> None:
    code = (
        "from flask import Flask, session, redirect\napp = Flask(__name__)\n"
        "@app.route('/logout', methods=['POST'])\ndef logout():\n"
        "    session.pop('email', None)\n    return redirect('/')\n"
    )
    report = _read(tmp_path, "main.py", code)
    assert not report.about("JWT907") and not report.judged.get("JWT907")


def test_jwt_service_verifications_take_the_modules_verify_options(tmp_path: Path) -> None:
    guard = (
        "import { JwtService } from '@nestjs/jwt';\nexport class AuthGuard {\n"
        "  constructor(private jwtService: JwtService) {}\n"
        "  check(t: string) { return this.jwtService.verifyAsync(t); }\n}\n"
    )
    (found,) = _read(tmp_path / "a", "src/auth/auth.guard.ts", guard).about("JWT909")
    assert found.line == 4 and "without an algorithms list" in found.message
    module = (
        "import { JwtModule } from '@nestjs/jwt';\n@Module({ imports: [JwtModule.register({\n"
        "  secret: process.env.JWT_SECRET,\n  verifyOptions: { algorithms: ['HS256'] },\n"
        "})] })\nexport class AuthModule {}\n"
    )
    (tmp_path / "b" / "src" / "auth").mkdir(parents=True)
    (tmp_path / "b" / "src" / "auth" / "auth.module.ts").write_text(module, encoding="utf-8")
    report = _read(tmp_path / "b", "src/auth/auth.guard.ts", guard)
    assert not report.about("JWT909") and report.judged.get("JWT909") == 1


def test_routes_named_by_their_files(tmp_path: Path) -> None:
    # Next.js's pages/api and app router, Nuxt's server/api: the file is the route.
    login = REQUIRE + (
        "export default function handler(req, res) {\n"
        "  const token = jwt.sign({ sub: req.body.id }, process.env.JWT_SECRET,"
        " { expiresIn: '15m' });\n  res.json({ token });\n}\n"
    )
    (found,) = _read(tmp_path, "pages/api/auth/login.js", login).about("JWT902")
    assert found.line == 3 and "no route of the service refreshes them" in found.message
    refresh = REQUIRE + (
        "export async function POST(req) {\n"
        "  const { refreshToken } = await req.json();\n"
        "  await db.refreshToken.delete({ where: { token: refreshToken } });\n"
        "  const next = jwt.sign({ sub: 1 }, process.env.REFRESH_SECRET, { expiresIn: '7d' });\n"
        "  return Response.json({ refreshToken: next });\n}\n"
    )
    report = _read(tmp_path, "app/api/auth/refresh/route.ts", refresh)
    assert not report.about("JWT902") and report.judged.get("JWT902") == 1
    logout = (
        "export default defineEventHandler(async (event) => {\n"
        "  const { refreshToken } = await readBody(event);\n"
        "  await prisma.session.deleteMany({ where: { refreshToken } });\n"
        "  return { ok: true };\n});\n"
    )
    report = _read(tmp_path, "server/api/auth/logout.post.ts", logout)
    assert not report.about("JWT907") and report.judged.get("JWT907") == 1


def test_flask_jwt_extended_implicit_refresh_refreshes_for_the_client(tmp_path: Path) -> None:
    front = (
        "import axios from 'axios';\naxios.defaults.withCredentials = true;\n"
        "export const me = () => axios.get('/api/me', "
        "{ headers: { Authorization: `Bearer ${localStorage.getItem('t')}` } });\n"
    )
    react = '{"name": "web", "dependencies": {"react": "^18.2.0", "axios": "^1.6.0"}}'
    for name in ("plain", "implicit"):
        (tmp_path / name / "web").mkdir(parents=True)
        (tmp_path / name / "web" / "package.json").write_text(react, encoding="utf-8")
        (tmp_path / name / "web" / "api.js").write_text(front, encoding="utf-8")
    (found,) = _read(tmp_path / "plain", "server.py", "app = None\n").about("JWT903")
    assert "never refreshes" in found.message
    hook = (
        "from flask_jwt_extended import create_access_token, get_jwt, set_access_cookies\n"
        "@app.after_request\ndef refresh_expiring_jwts(response):\n"
        "    exp = get_jwt()['exp']\n"
        "    if exp - now() < 1800:\n"
        "        set_access_cookies(response, create_access_token(identity='u'))\n"
        "    return response\n"
    )
    report = _read(tmp_path / "implicit", "server.py", hook.replace("\n", "\r\n"))
    assert not report.about("JWT903") and report.judged.get("JWT903") == 1


def test_a_jose_lifetime_computed_into_an_absolute_time_is_unread(tmp_path: Path) -> None:
    # jose's setExpirationTime(number) is an epoch: `iat + lifetime` says no lifetime here.
    code = (
        "import { SignJWT } from 'jose';\nexport async function sign(payload, secret) {\n"
        "  const exp = Math.floor(Date.now() / 1000) + Number(process.env.TOKEN_LIFETIME);\n"
        "  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256' })\n"
        "    .setExpirationTime(exp).sign(new TextEncoder().encode(secret));\n}\n"
    )
    report = _read(tmp_path, "src/server/auth.ts", code)
    assert not report.about("JWT901") and report.unread.get("JWT901") == 1


def test_a_cookie_fix_names_the_call_and_the_name_as_written(tmp_path: Path) -> None:
    code = (
        "import { serialize } from 'cookie';\nexport default function handler(req, res) {\n"
        "  res.setHeader('Set-Cookie', serialize(cookieName, token, { httpOnly: true }));\n}\n"
    )
    (found,) = _read(tmp_path, "pages/api/login.js", code).about("JWT905")
    assert found.fix.startswith("serialize(cookieName, token, {")


def test_hapi_routes_written_as_objects(tmp_path: Path) -> None:
    routes = REQUIRE + (
        "const login = async (request, h) => {\n"
        "  const token = jwt.sign({ id: request.payload.id }, process.env.SECRET,"
        " { expiresIn: '15m' });\n  return { token };\n};\n"
        "module.exports = [\n"
        "  { method: 'POST', path: `${BASE}/login`, options: { auth: false, handler: login } },\n"
        "  { method: 'GET', path: '/api/me', handler: (request) => request.auth.credentials },\n"
        "];\n"
    )
    (found,) = _read(tmp_path, "src/routes/user.js", routes).about("JWT902")
    assert found.line == 3 and "no route of the service refreshes them" in found.message


def test_a_secret_the_bundler_ships_to_the_browser(tmp_path: Path) -> None:
    page = (
        "import { jwtVerify } from 'jose';\nexport async function who(token) {\n"
        "  return jwtVerify(token, new TextEncoder().encode(import.meta.env.VITE_JWT_SECRET));\n}\n"
    )
    vue = '{"name": "web", "dependencies": {"vue": "^3.4.0", "jose": "^5.0.0"}}'
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "package.json").write_text(vue, encoding="utf-8")
    (found,) = _read(tmp_path / "a", "src/auth.js", page).about("JWT908")
    assert found.status == "fail" and "VITE_JWT_SECRET" in found.message
    server = (
        REQUIRE + "export const sign = (p) => jwt.sign(p, process.env.NEXT_PUBLIC_JWT_SECRET);\n"
    )
    (found,) = _read(tmp_path / "b", "pages/api/login.js", server).about("JWT908")
    assert found.status == "warn" and "named for the browser" in found.message
    nuxt = "export default defineNuxtConfig({ runtimeConfig: { public: { apiBase: '/api' } } });\n"
    assert not _read(tmp_path / "c", "nuxt.config.ts", nuxt).about("JWT908")


def test_a_literal_key_is_found_and_masked_however_it_is_passed(tmp_path: Path) -> None:
    secret = "Qv7pL2xR9tW4mZ8nB3cK6yH1"
    named = (
        "import { verify } from 'jsonwebtoken';\nexport default function me(req, res) {\n"
        f"  res.json(verify(req.cookies.session, '{secret}'));\n}}\n"
    )
    middleware = (
        "import { jwtVerify } from 'jose';\nimport { NextResponse } from 'next/server';\n"
        "export async function middleware(request) {\n"
        f"  const key = 1;\n  await jwtVerify(request.cookies.get('s').value,"
        f" new TextEncoder().encode('{secret}'));\n"
        "  return NextResponse.next();\n}\n"
    )
    (tmp_path / "pages" / "api").mkdir(parents=True)
    (tmp_path / "pages" / "api" / "me.js").write_text(named, encoding="utf-8")
    report = _read(tmp_path, "middleware.js", middleware)
    assert sorted((f.file.rsplit("/", 1)[-1], f.line) for f in report.about("JWT908")) == [
        ("me.js", 3),
        ("middleware.js", 5),
    ]
    assert len(report.about("JWT909")) == 2
    for found in report.findings:
        assert secret not in f"{found.message} {found.code} {found.fix}", found


def test_a_cookie_written_empty_or_expired_is_a_deletion(tmp_path: Path) -> None:
    logout = (
        "import { serialize } from 'cookie';\nexport default function logout(req, res) {\n"
        "  res.setHeader('Set-Cookie', serialize('authToken', null,"
        " { httpOnly: true, secure: true, sameSite: 'none', maxAge: 0, path: '/' }));\n"
        "  res.end();\n}\nexport const signout = (req, res) =>\n"
        "  res.setCookie('refreshToken', '', { path: '/', sameSite: 'none' }).send({});\n"
        "export const gone = (req, res) =>\n"
        "  res.cookie('jwt', token, { httpOnly: true, expires: new Date(0) });\n"
    )
    assert not _read(tmp_path, "pages/api/auth/logout.js", logout).about("JWT905")


def test_simplejwt_blacklists_only_with_its_app_installed(tmp_path: Path) -> None:
    settings = (
        "from datetime import timedelta\n"
        "INSTALLED_APPS = ['rest_framework', 'rest_framework_simplejwt']\n"
        "SIMPLE_JWT = {'ACCESS_TOKEN_LIFETIME': timedelta(minutes=15),\n"
        "              'ROTATE_REFRESH_TOKENS': True, 'BLACKLIST_AFTER_ROTATION': True}\n"
    )
    urls = (
        "from django.urls import path\n"
        "from rest_framework_simplejwt.views import TokenRefreshView\n"
        "urlpatterns = [path('api/token/refresh/', TokenRefreshView.as_view())]\n"
    )
    (tmp_path / "a" / "app").mkdir(parents=True)
    (tmp_path / "a" / "app" / "urls.py").write_text(urls, encoding="utf-8")
    (found,) = _read(tmp_path / "a", "app/settings.py", settings).about("JWT906")
    assert found.status == "warn" and "token_blacklist' is not in INSTALLED_APPS" in found.message
    installed = settings.replace(
        "'rest_framework_simplejwt']",
        "'rest_framework_simplejwt',\n"
        "                  'rest_framework_simplejwt.token_blacklist']",
    )
    (tmp_path / "b" / "app").mkdir(parents=True)
    (tmp_path / "b" / "app" / "urls.py").write_text(urls, encoding="utf-8")
    report = _read(tmp_path / "b", "app/settings.py", installed)
    assert not report.about("JWT906") and report.judged.get("JWT906") == 1


def test_a_dicts_get_is_not_a_repository_method_of_that_name(tmp_path: Path) -> None:
    routes = (
        "import jwt\nfrom fastapi import APIRouter\nrouter = APIRouter()\n"
        "@router.post('/refresh')\ndef refresh(refresh_token: str):\n"
        "    claims = jwt.decode(refresh_token, KEY, algorithms=['HS256'])\n"
        "    new = jwt.encode({'sub': claims.get('sub'), 'type': 'refresh'}, KEY)\n"
        "    return {'refresh_token': create_refresh_token(claims.get('sub')), 'x': new}\n"
    )
    crud = (
        "class Repo:\n    async def get(self, db, id):\n"
        "        row = await db.get(Model, id)\n        await db.delete(row)\n        return row\n"
    )
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "crud.py").write_text(crud, encoding="utf-8")
    (found,) = _read(tmp_path, "app/routes.py", routes).about("JWT906")
    assert found.status == "warn" and "does not retire" in found.message


def test_an_angular_401_branch_that_refreshes_in_a_helper_method(tmp_path: Path) -> None:
    interceptor = (
        "import { Injectable } from '@angular/core';\n@Injectable()\n"
        "export class AuthInterceptor {\n"
        "  intercept(req, next) {\n"
        "    const authed = req.clone({ setHeaders: { Authorization: `Bearer ${this.token}` } });\n"
        "    return next.handle(authed).pipe(catchError((err) => {\n"
        "      if (err.status === 401) { return this.on401(req, next); }\n"
        "      return throwError(() => err);\n    }));\n  }\n"
        "  on401(req, next) {\n"
        "    return this.auth.refreshToken().pipe(switchMap((t) => next.handle(req)));\n  }\n}\n"
    )
    (found,) = _read(tmp_path, "src/app/auth.interceptor.ts", interceptor).about("JWT903")
    assert found.status == "warn" and "never refreshes" not in found.message


def test_nuxt_server_routes_with_h3_and_jose_under_a_namespace(tmp_path: Path) -> None:
    login = (
        "import * as jose from 'jose';\n"
        "export default defineEventHandler(async (event) => {\n"
        "  const token = await new jose.SignJWT({ sub: 'u1' }).setProtectedHeader({ alg: 'HS256' })"
        "\n    .setIssuedAt().sign(key);\n"
        "  setCookie(event, 'auth', token, { maxAge: 1800, sameSite: 'strict' });\n"
        "  return { ok: true };\n});\n"
    )
    guard = (
        "import * as jose from 'jose';\nexport default defineEventHandler(async (event) => {\n"
        "  await jose.jwtVerify(getCookie(event, 'auth'), key);\n});\n"
    )
    (tmp_path / "server" / "middleware").mkdir(parents=True)
    (tmp_path / "server" / "middleware" / "auth.ts").write_text(guard, encoding="utf-8")
    report = _read(tmp_path, "server/api/auth/login.post.ts", login)
    (lifetime,) = report.about("JWT901")
    assert lifetime.status == "fail" and "without an expiry" in lifetime.message
    (cookie,) = report.about("JWT905")
    assert cookie.fix.startswith("setCookie(event, 'auth', token, { httpOnly: true")
    (pinned,) = report.about("JWT909")
    assert pinned.file.endswith("auth.ts") and pinned.line == 3
    assert report.about("JWT902")


def test_an_exp_claim_written_in_the_payload_is_read(tmp_path: Path) -> None:
    code = REQUIRE + (
        "export default function login(req, res) {\n"
        "  const token = jwt.sign({ exp: Math.floor(Date.now() / 1000) + 60 * 60 * 24 * 30,"
        " sub: 'u1' }, process.env.JWT_SECRET);\n  res.json({ token });\n}\n"
    )
    (found,) = _read(tmp_path, "pages/api/auth/login.js", code).about("JWT901")
    assert "live 30d" in found.message


def test_passport_options_declared_with_var_and_their_literal_secret(tmp_path: Path) -> None:
    code = (
        "var JwtStrategy = require('passport-jwt').Strategy,\n"
        "  ExtractJwt = require('passport-jwt').ExtractJwt;\nvar opts = {}\n"
        "opts.jwtFromRequest = ExtractJwt.fromAuthHeaderAsBearerToken();\n"
        "opts.secretOrKey = 'secret-written-in-the-code';\n"
        "passport.use(new JwtStrategy(opts, (payload, done) => done(null, payload)));\n"
    )
    report = _read(tmp_path, "src/middleware/passport.js", code)
    (pinned,) = report.about("JWT909")
    assert pinned.line == 6
    (secret,) = report.about("JWT908")
    assert secret.line == 5 and "secret-written" not in secret.message + secret.code


def test_a_signed_url_or_ticket_is_no_access_token(tmp_path: Path) -> None:
    code = (
        "import * as jose from 'jose';\nexport default defineEventHandler(async (event) => {\n"
        "  const signedUrl = await presign(event);\n"
        "  const ticket = await new jose.SignJWT({ signedUrl })\n"
        "    .setProtectedHeader({ alg: 'EdDSA' }).setExpirationTime('5m').sign(privateKey);\n"
        "  return sendRedirect(event, `/worker?${new URLSearchParams({ r: ticket })}`);\n});\n"
    )
    assert not _read(tmp_path, "server/api/bundle.get.ts", code).about("JWT901")


def test_a_logout_of_a_single_token_that_only_clears_its_cookie(tmp_path: Path) -> None:
    login = REQUIRE + (
        "export default function login(req, res) {\n"
        "  const token = jwt.sign({ sub: 1 }, process.env.JWT_SECRET, { expiresIn: '15m' });\n"
        "  res.json({ token });\n}\n"
    )
    logout = (
        "import { serialize } from 'cookie';\nexport default function logout(req, res) {\n"
        "  res.setHeader('Set-Cookie', serialize('token', '', { maxAge: 0, path: '/' }));\n"
        "  res.status(200).end();\n}\n"
    )
    (tmp_path / "pages" / "api" / "auth").mkdir(parents=True)
    (tmp_path / "pages" / "api" / "auth" / "login.js").write_text(login, encoding="utf-8")
    (found,) = _read(tmp_path, "pages/api/auth/logout.js", logout).about("JWT907")
    assert found.status == "fail" and "stays valid until it expires" in found.message


def test_comments_are_no_code(tmp_path: Path) -> None:
    # A `// refresh token` note in a 401 branch that only retries, and a commented-out
    # `@jwt_required(refresh=True)` above an access-token logout.
    interceptor = (
        "import { Injectable } from '@angular/core';\n@Injectable()\n"
        "export class AuthInterceptor {\n  intercept(request, next) {\n"
        "    const r = request.clone({ setHeaders: { Authorization: `Bearer ${this.t}` } });\n"
        "    return next.handle(r).pipe(catchError((error) => {\n"
        "      if (error.status === 401) {\n        // refresh token\n"
        "        return next.handle(request);\n      }\n"
        "      return throwError(() => error);\n    }));\n  }\n}\n"
    )
    (found,) = _read(tmp_path / "a", "src/app/auth-interceptor.ts", interceptor).about("JWT903")
    assert found.status == "fail" and "never refreshes" in found.message
    routes = (
        "from flask import Flask, jsonify\n"
        "from flask_jwt_extended import create_refresh_token, get_jwt, jwt_required\n"
        "app = Flask(__name__)\nblocklist = set()\n"
        "@app.route('/refresh', methods=['POST'])\n"
        "@jwt_required(refresh=True)\ndef refresh():\n"
        "    blocklist.add(get_jwt()['jti'])\n"
        "    return jsonify(refresh=create_refresh_token(identity='u'))\n"
        "@app.route('/logout', methods=['POST'])\n"
        "# @jwt_required(refresh=True)\n@jwt_required()\ndef logout():\n"
        "    blocklist.add(get_jwt()['jti'])\n    return jsonify(ok=True)\n"
        "@jwt.token_in_blocklist_loader\ndef check(header, payload):\n"
        "    return payload['jti'] in blocklist\n"
    )
    (found,) = _read(tmp_path / "b", "app.py", routes).about("JWT907")
    assert found.status == "warn" and "access token" in found.message


def test_a_method_is_its_receivers_class_not_every_class_with_that_name(tmp_path: Path) -> None:
    controller = (
        "import { Controller, Post } from '@nestjs/common';\n@Controller('auth')\n"
        "export class AuthController {\n"
        "  constructor(private refreshTokenUseCase: RefreshTokenUseCase) {}\n"
        "  @Post('refresh')\n"
        "  refresh(body) { return this.refreshTokenUseCase.execute(body.refreshToken); }\n}\n"
    )
    cases = (
        "import { JwtService } from '@nestjs/jwt';\nexport class RefreshTokenUseCase {\n"
        "  execute(token) {\n    const p = this.jwtService.verify(token);\n"
        "    return { accessToken: this.jwtService.sign({ sub: p.sub }) };\n  }\n}\n"
        "export class LoginUseCase {\n  execute(user) {\n"
        "    const refreshToken = this.jwtService.sign({ sub: user.id }, { expiresIn: '7d' });\n"
        "    return { refreshToken };\n"
        "  }\n}\nexport class SoftDeleteUser {\n"
        "  async execute(id) { await this.users.delete(id); }\n}\n"
    )
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "cases.ts").write_text(cases, encoding="utf-8")
    (found,) = _read(tmp_path, "src/auth.controller.ts", controller).about("JWT906")
    assert found.status == "fail" and "no new refresh token" in found.message


def test_a_composable_that_imports_nothing_may_refresh_before_exp(tmp_path: Path) -> None:
    # Nuxt auto-imports useFetch and the stores: the composable names no framework.
    api = (
        "export const useApi = () => $fetch('/api/items', "
        "{ headers: { Authorization: `Bearer ${useToken().value}` } });\n"
    )
    session = (
        "import { decodeJwt } from 'jose';\nexport async function getTokenSilently(token) {\n"
        "  const { exp } = decodeJwt(token.value);\n"
        "  if (exp * 1000 < Date.now() + 30000) { await refreshAccessToken(); }\n"
        "  return token.value;\n}\n"
    )
    nuxt = '{"name": "app", "dependencies": {"nuxt": "^3.8.0", "vue": "^3.3.0", "mongoose": "^8"}}'
    (tmp_path / "package.json").write_text(nuxt, encoding="utf-8")
    (tmp_path / "composables").mkdir()
    (tmp_path / "composables" / "useSession.ts").write_text(session, encoding="utf-8")
    report = _read(tmp_path, "components/Items.vue", f"<script setup>\n{api}</script>\n")
    assert not report.about("JWT903") and report.judged.get("JWT903") == 1


def test_a_literal_secret_in_parentheses(tmp_path: Path) -> None:
    settings = (
        "SECRET_KEY = (\n    'django-insecure-0123456789abcdefghijklmnopqrstuvwxyz'\n)\n"
        "INSTALLED_APPS = ['rest_framework_simplejwt']\n"
    )
    (found,) = _read(tmp_path, "backend/settings.py", settings).about("JWT908")
    assert found.status == "fail" and "django-insecure" not in found.message + found.code


def test_fastify_jwt_sign_options_nested_under_sign(tmp_path: Path) -> None:
    code = (
        "import fastifyJwt from '@fastify/jwt';\n"
        "export async function login(request, reply) {\n"
        "  const token = await reply.jwtSign({ sub: 'u' }, { sign: { expiresIn: '7d' } });\n"
        "  return reply.send({ token });\n}\n"
        "app.post('/sessions/password', login);\n"
    )
    report = _read(tmp_path, "src/http/routes/auth.ts", code)
    (lifetime,) = report.about("JWT901")
    assert lifetime.line == 3 and "live 7d" in lifetime.message
    (missing,) = report.about("JWT902")
    assert missing.line == 3


def test_a_refresh_without_semicolons_and_a_refresh_token_named_where_it_is_signed(
    tmp_path: Path,
) -> None:
    # No semicolons: the sign call's arguments end at its `)`, not at the catch block's
    # `clearCookie('refresh_token')`.
    access_only = (
        "fastify.post('/auth/refresh', async (request, reply) => {\n  try {\n"
        "    const user = await request.jwtVerify({ onlyCookie: true })\n"
        "    const accessToken = await reply.jwtSign({ id: user.id }, { expiresIn: '15m' })\n"
        "    return { accessToken }\n  } catch (err) {\n"
        "    reply.clearCookie('refresh_token')\n  }\n})\n"
    )
    (found,) = _read(tmp_path / "a", "src/routes/refresh.ts", access_only).about("JWT906")
    assert found.status == "fail" and "no new refresh token" in found.message
    both = (
        "app.get('/token/refresh', async (req, res) => {\n"
        "  await req.jwtVerify({ onlyCookie: true });\n"
        "  const token = await res.jwtSign({ sub: req.user.sub }, { expiresIn: 900 });\n"
        "  const refreshToken = await res.jwtSign({ sub: req.user.sub }, { expiresIn: '7d' });\n"
        "  res.setCookie('refresh_token', refreshToken, { httpOnly: true });\n"
        "  return res.send({ token });\n"
        "});\n"
    )
    (found,) = _read(tmp_path / "b", "src/routes/refresh.ts", both).about("JWT906")
    assert found.status == "warn" and "does not retire" in found.message


def test_a_flask_logout_whose_decorator_is_commented_out_cannot_run(tmp_path: Path) -> None:
    routes = (
        "from flask import Blueprint, jsonify\nfrom flask_jwt_extended import get_jwt\n"
        "api = Blueprint('api', __name__)\nblocklist = set()\n"
        "@api.route('/logout', methods=['POST'])\n# @jwt_required(refresh=True)\n"
        "def logout():\n    blocklist.add(get_jwt()['jti'])\n    return jsonify(ok=True)\n"
    )
    report = _read(tmp_path, "app/routes.py", routes)
    assert not report.about("JWT907") and not report.judged.get("JWT907")
    assert report.unread.get("JWT907") == 1


def test_a_public_variable_named_for_no_token_is_no_jwt_secret(tmp_path: Path) -> None:
    code = "export const stripe = new Stripe(process.env.NEXT_PUBLIC_STRIPE_SECRET);\n"
    assert not _read(tmp_path, "lib/stripe.js", code).about("JWT908")


def test_an_interceptor_that_ignores_401_answers_nothing(tmp_path: Path) -> None:
    client = (
        "import axios from 'axios';\nconst api = axios.create();\n"
        "api.interceptors.request.use((c) => {\n"
        "  c.headers.Authorization = `Bearer ${localStorage.getItem('token')}`;\n  return c;\n});\n"
        "api.interceptors.response.use((r) => r, (e) => {\n"
        "  console.log(e);\n  return Promise.reject(e);\n});\n"
    )
    react = '{"name": "web", "dependencies": {"react": "^18.2.0", "axios": "^1.6.0"}}'
    (tmp_path / "package.json").write_text(react, encoding="utf-8")
    (found,) = _read(tmp_path, "src/api.js", client).about("JWT903")
    assert found.status == "fail" and "never refreshes" in found.message


def test_a_private_key_literal_imported_for_jose(tmp_path: Path) -> None:
    code = (
        "import * as jose from 'jose';\n"
        "const PRIVATE_PEM = `-----BEGIN PRIVATE KEY-----\n"
        "MC4CAQAwBQYDK2VwBCIEIExamplekeymaterial0123456789\n"
        "-----END PRIVATE KEY-----`;\n"
        "export async function issue(payload) {\n"
        "  const key = await jose.importPKCS8(PRIVATE_PEM, 'EdDSA');\n"
        "  return new jose.SignJWT(payload).setProtectedHeader({ alg: 'EdDSA' })\n"
        "    .setExpirationTime('15m').sign(key);\n}\n"
    )
    (found,) = _read(tmp_path, "src/utils/jose.js", code).about("JWT908")
    assert found.status == "fail" and found.line == 2
    assert "Examplekeymaterial" not in found.message + found.code


def test_fastapi_claims_built_in_a_variable(tmp_path: Path) -> None:
    code = (
        "from datetime import datetime, timedelta\nfrom jose import jwt\n"
        "def create_access_token(data: dict):\n"
        "    to_encode = data.copy()\n"
        "    expire = datetime.utcnow() + timedelta(minutes=1)\n"
        "    to_encode.update({'exp': expire})\n"
        "    return jwt.encode(to_encode, SECRET_KEY, algorithm='HS256')\n"
        "def create_other(data: dict, expires_delta):\n"
        "    to_encode = data.copy()\n"
        "    to_encode.update({'exp': datetime.utcnow() + expires_delta})\n"
        "    return jwt.encode(to_encode, SECRET_KEY, algorithm='HS256')\n"
    )
    report = _read(tmp_path, "app/security.py", code)
    (found,) = report.about("JWT901")
    assert found.line == 7 and "live 1m" in found.message
    assert report.unread.get("JWT901") == 1


def test_a_nest_interceptor_reading_claims_after_a_guard_verified_them(tmp_path: Path) -> None:
    guard = (
        "import * as jwt from 'jsonwebtoken';\nexport class AuthGuard {\n"
        "  canActivate(context) {\n    const req = context.switchToHttp().getRequest();\n"
        "    const key = process.env.JWT_TOKEN;\n"
        "    return !!jwt.verify(req.cookies.token, key, { algorithms: ['HS256'] });\n"
        "  }\n}\n"
    )
    interceptor = (
        "import * as jwt from 'jsonwebtoken';\nexport class UserInterceptor {\n"
        "  intercept(context, handler) {\n"
        "    const request = context.switchToHttp().getRequest();\n"
        "    request.user = jwt.decode(request.cookies.token);\n"
        "    return handler.handle();\n  }\n}\n"
    )
    (tmp_path / "a" / "src").mkdir(parents=True)
    (tmp_path / "a" / "src" / "auth.guard.ts").write_text(guard, encoding="utf-8")
    assert not _read(tmp_path / "a", "src/user.interceptor.ts", interceptor).about("JWT910")
    (found,) = _read(tmp_path / "b", "src/user.interceptor.ts", interceptor).about("JWT910")
    assert found.status == "fail"


def test_the_frameworks_response_methods_are_not_the_projects(tmp_path: Path) -> None:
    # A sandbox file's `status` method that deletes something is not what res.status(200) runs.
    logout = (
        "import { Controller, Get, Res } from '@nestjs/common';\n@Controller('auth')\n"
        "export class AuthController {\n  @Get('logout')\n  logout(@Res() res) {\n"
        "    res.clearCookie('refresh_token');\n    return res.status(200).send();\n  }\n}\n"
    )
    sandbox = "export class Jobs {\n  status(id) { return this.store.delete(id); }\n}\n"
    (tmp_path / "sandbox").mkdir()
    (tmp_path / "sandbox" / "jobs.ts").write_text(sandbox, encoding="utf-8")
    (found,) = _read(tmp_path, "src/auth.controller.ts", logout).about("JWT907")
    assert found.status == "fail"


def test_reading_the_old_refresh_token_is_no_new_one(tmp_path: Path) -> None:
    code = (
        "import { Controller, Post, Req } from '@nestjs/common';\n@Controller('auth')\n"
        "export class AuthController {\n  @Post('refresh')\n  refresh(@Req() req) {\n"
        "    const claims = this.getDecodedRefreshToken(req);\n"
        "    return { accessToken: this.jwtService.sign({ sub: claims.sub }) };\n  }\n"
        "  getDecodedRefreshToken(req) { return this.jwtService.decode(req.cookies.rt); }\n}\n"
    )
    (found,) = _read(tmp_path, "src/auth.controller.ts", code).about("JWT906")
    assert found.status == "fail" and "no new refresh token" in found.message


def test_a_cookie_sessions_401_reload_is_no_token_client(tmp_path: Path) -> None:
    client = (
        "import axios from 'axios';\naxios.defaults.withCredentials = true;\n"
        "axios.interceptors.response.use((r) => r, (error) => {\n"
        "  if (error.response.status === 401) { window.location.reload(); }\n"
        "  return Promise.reject(error);\n});\n"
    )
    react = '{"name": "web", "dependencies": {"react": "^18.2.0", "axios": "^1.6.0"}}'
    (tmp_path / "package.json").write_text(react, encoding="utf-8")
    assert not _read(tmp_path, "src/api.js", client).about("JWT903")


def test_a_refresh_token_handed_out_that_no_route_takes(tmp_path: Path) -> None:
    app = (
        "import jwt\nfrom fastapi import FastAPI\napp = FastAPI()\n"
        "def create_refresh_token(sub):\n"
        "    return jwt.encode({'sub': sub}, REFRESH_SECRET, algorithm='HS256')\n"
        "@app.post('/login')\ndef login(username: str):\n"
        "    access = jwt.encode({'sub': username}, SECRET, algorithm='HS256')\n"
        "    return {'access_token': access, 'refresh_token': create_refresh_token(username)}\n"
    )
    (found,) = _read(tmp_path / "a", "app.py", app).about("JWT902")
    assert found.line == 6 and "no route of the service takes it" in found.message
    # The tutorial's `POST /token` reads the refresh token: a refresh route by what it does.
    token_route = app + (
        "@app.post('/token')\ndef token(refresh_token: str):\n"
        "    claims = jwt.decode(refresh_token, REFRESH_SECRET, algorithms=['HS256'])\n"
        "    return {'access_token': jwt.encode({'sub': claims['sub']}, SECRET)}\n"
    )
    assert not _read(tmp_path / "b", "app.py", token_route).about("JWT902")


def test_a_pass_says_where_it_read_the_right_code(tmp_path: Path) -> None:
    # A reader must be able to see which handler a `pass` judged: a refresh route that
    # rotates, a logout that deletes, verifications with their algorithms listed.
    routes = (
        "const jwt = require('jsonwebtoken');\n"
        "const router = require('express').Router();\n"
        "router.post('/login', (req, res) => {\n"
        "  res.json({ token: jwt.sign({ sub: 'u' }, process.env.JWT_SECRET,\n"
        "                             { expiresIn: '15m' }),\n"
        "             refreshToken: jwt.sign({ sub: 'u' }, process.env.REFRESH_SECRET) });\n"
        "});\n"
        "router.post('/auth/refresh', async (req, res) => {\n"
        "  const old = jwt.verify(req.body.refreshToken, process.env.REFRESH_SECRET,\n"
        "                         { algorithms: ['HS256'] });\n"
        "  await db.refreshTokens.delete(old.jti);\n"
        "  const refreshToken = jwt.sign({ sub: old.sub }, process.env.REFRESH_SECRET);\n"
        "  res.json({ refreshToken });\n"
        "});\n"
        "router.post('/logout', async (req, res) => {\n"
        "  await db.refreshTokens.delete(req.body.jti);\n"
        "  res.sendStatus(204);\n"
        "});\n"
        "module.exports = router;\n"
    )
    report = _read(tmp_path, "server/routes.js", routes)
    file = str(tmp_path / "server" / "routes.js")
    assert [(p.file, p.line) for p in report.places["JWT902"]] == [(file, 8)]
    assert [(p.file, p.line) for p in report.places["JWT906"]] == [(file, 8)]
    assert [(p.file, p.line) for p in report.places["JWT907"]] == [(file, 15)]
    assert [p.line for p in report.places["JWT909"]] == [9]
    assert all(report.judged[i] == len(report.places[i]) for i in ("JWT902", "JWT906", "JWT907"))


NEST_TOKENS = (
    "import { JwtService } from '@nestjs/jwt';\n"
    "export class AuthService {\n"
    "  constructor(private jwtService: JwtService, private config: ConfigService) {}\n"
    "  async getTokens(userId: number) {\n"
    "    const accessToken = await this.jwtService.signAsync({ sub: userId }, {\n"
    "      secret: this.config.get('JWT_SECRET'), expiresIn: '15m' });\n"
    "    const refreshToken = await this.jwtService.signAsync({ sub: userId }, {\n"
    "      secret: this.config.get('JWT_SECRET'), expiresIn: '7d' });\n"
    "    return { accessToken, refreshToken };\n"
    "  }\n"
    "}\n"
)


def test_nest_refresh_tokens_signed_with_the_access_secret(tmp_path: Path) -> None:
    (found,) = _read(tmp_path / "a", "src/auth.service.ts", NEST_TOKENS).about("JWT908")
    assert found.line == 7 and "this.config.get('JWT_SECRET')" in found.message
    own = NEST_TOKENS.replace(
        "secret: this.config.get('JWT_SECRET'), expiresIn: '7d'",
        "secret: this.config.get('JWT_REFRESH_SECRET'), expiresIn: '7d'",
    )
    assert not _read(tmp_path / "b", "src/auth.service.ts", own).about("JWT908")
    # Both without a secret sign with the module's one secret; with two modules, unknown.
    bare = re.sub(r"secret: this\.config\.get\('JWT_SECRET'\), ", "", NEST_TOKENS)
    module = "JwtModule.register({ secret: process.env.JWT_SECRET })\n"
    (found,) = _read(tmp_path / "c", "src/auth.service.ts", bare + module).about("JWT908")
    assert "JwtModule's secret" in found.message
    twice = bare + module + "JwtModule.register({ secret: process.env.RT_SECRET })\n"
    assert not _read(tmp_path / "d", "src/auth.service.ts", twice).about("JWT908")
    # an email confirmation's token is no access token
    mail = NEST_TOKENS.replace("accessToken", "confirmEmailToken")
    assert not _read(tmp_path / "e", "src/auth.service.ts", mail).about("JWT908")


FASTIFY_TOKENS = (
    "import fastify from 'fastify';\nimport fastifyJwt from '@fastify/jwt';\n"
    "export const app = fastify();\n"
    "app.register(fastifyJwt, { secret: process.env.JWT_SECRET, sign: { expiresIn: '10m' } });\n"
    "app.post('/sessions', async (req, res) => {\n"
    "  const token = await res.jwtSign({ role: 'u' }, { sign: { sub: 'x' } });\n"
    "  const refreshToken = await res.jwtSign({ role: 'u' }, { sign: { expiresIn: '7d' } });\n"
    "  return res.send({ token, refreshToken });\n"
    "});\n"
)


def test_fastify_refresh_tokens_signed_with_the_registered_secret(tmp_path: Path) -> None:
    (found,) = _read(tmp_path / "a", "src/app.ts", FASTIFY_TOKENS).about("JWT908")
    assert found.line == 7 and "namespace: 'refresh'" in found.fix
    # a second registration under a namespace holds the refresh tokens' own secret
    namespaced = FASTIFY_TOKENS + (
        "app.register(fastifyJwt, { secret: process.env.REFRESH_SECRET, namespace: 'refresh' });\n"
    )
    assert not _read(tmp_path / "b", "src/app.ts", namespaced).about("JWT908")
    own_key = FASTIFY_TOKENS.replace(
        "{ sign: { expiresIn: '7d' } }", "{ sign: { key: process.env.REFRESH_SECRET } }"
    )
    assert not _read(tmp_path / "c", "src/app.ts", own_key).about("JWT908")
    # the instance's own signer, as an OAuth callback calls it
    instance = FASTIFY_TOKENS.replace(
        "await res.jwtSign({ role: 'u' }, { sign: { expiresIn: '7d' } })",
        "app.jwt.sign({ sub: 'x', type: 'refresh_token' }, { expiresIn: '30d' })",
    )
    (found,) = _read(tmp_path / "d", "src/app.ts", instance).about("JWT908")
    assert "app.jwt.sign(" in found.message


def test_starlette_cookies_are_samesite_lax_unless_told_otherwise(tmp_path: Path) -> None:
    # round J's mealie: Starlette's set_cookie writes SameSite=Lax by default; Flask's does not
    route = (
        "{imports}\n"
        "def login(response):\n"
        "    token = create_access_token(identity=user.id)\n"
        "    response.set_cookie(key='access_token', value=token, httponly=True, secure=True)\n"
    )
    fastapi = route.format(imports="from fastapi import APIRouter, Response")
    assert not _read(tmp_path / "a", "auth.py", fastapi).about("JWT905")
    flask = route.format(imports="from flask import Flask, make_response")
    (found,) = _read(tmp_path / "b", "auth.py", flask).about("JWT905")
    assert "samesite" in found.message


SHARED_REFRESH = (
    "let pending = null;\n"
    "export function refreshOnce() {\n"
    "  if (!pending) {\n"
    "    pending = fetch('/api/auth/refresh', { method: 'POST', credentials: 'include' })\n"
    "      .finally(() => { pending = null; });\n"
    "  }\n"
    "  return pending;\n"
    "}\n"
)
CART = (
    "<script>\n"
    "  import { refreshOnce } from './refresh';\n"
    "  const load = async () => {\n"
    "    let res = await fetch('/api/cart', { headers: { Authorization: `Bearer ${t}` } });\n"
    "    if (res.status === 401) {\n"
    "      await refreshOnce();\n"
    "      res = await fetch('/api/cart', { headers: { Authorization: `Bearer ${t}` } });\n"
    "    }\n"
    "    return res.json();\n"
    "  };\n"
    "</script>\n"
)


def test_a_refresh_shared_in_its_own_module_and_the_retry_after_it(tmp_path: Path) -> None:
    # round J's OpenMerce: the pending refresh lives in the helper's module, not the caller's
    (tmp_path / "a" / "src").mkdir(parents=True)
    (tmp_path / "a" / "src" / "refresh.js").write_text(SHARED_REFRESH, encoding="utf-8")
    report = _read(tmp_path / "a", "src/Cart.svelte", CART)
    assert not report.about("JWT903") and report.judged["JWT903"] == 1
    # ... and a 401 branch that only refreshes uses the refused answer anyway
    (tmp_path / "b" / "src").mkdir(parents=True)
    (tmp_path / "b" / "src" / "refresh.js").write_text(SHARED_REFRESH, encoding="utf-8")
    no_retry = CART.replace(
        "      res = await fetch('/api/cart', { headers: { Authorization: `Bearer ${t}` } });\n", ""
    )
    (found,) = _read(tmp_path / "b", "src/Cart.svelte", no_retry).about("JWT903")
    assert found.status == "warn" and "does not send the request again" in found.message


def test_angulars_shared_refresh_is_told_by_its_subject_not_its_flags_name(
    tmp_path: Path,
) -> None:
    interceptor = (
        "import { Injectable } from '@angular/core';\n"
        "import { BehaviorSubject, throwError } from 'rxjs';\n"
        "@Injectable()\nexport class TokenInterceptor {\n"
        "  tokenRefreshRunning = false;\n"
        "  refreshTokenSubject = new BehaviorSubject(null);\n"
        "  intercept(req, next) {\n"
        "    return next.handle(this.addToken(req)).pipe(catchError(error => {\n"
        "      if (error.status === 401) { return this.handle401(req, next); }\n"
        "      return throwError(error);\n"
        "    }));\n"
        "  }\n"
        "  handle401(req, next) {\n"
        "    if (!this.tokenRefreshRunning) {\n"
        "      this.tokenRefreshRunning = true;\n"
        "      this.refreshTokenSubject.next(null);\n"
        "      return this.auth.refreshToken().pipe(switchMap(t => {\n"
        "        this.tokenRefreshRunning = false; this.refreshTokenSubject.next(t);\n"
        "        return next.handle(this.addToken(req));\n"
        "      }));\n"
        "    }\n"
        "    return this.refreshTokenSubject.pipe(filter(t => t !== null), take(1),\n"
        "      switchMap(() => next.handle(this.addToken(req))));\n"
        "  }\n"
        "  addToken(req) { return req.clone({ setHeaders: { Authorization: `Bearer ${x}` } }); }\n"
        "}\n"
    )
    report = _read(tmp_path, "src/app/token.interceptor.ts", interceptor)
    assert not report.about("JWT903") and report.judged["JWT903"] == 1


def test_one_use_tokens_by_their_type_claim_state_or_download_are_no_access_tokens(
    tmp_path: Path,
) -> None:
    # round J's outline, mealie: a transfer token named by its `type`, an OAuth state, an
    # upload signature, a download link made with the access-token helper
    js = (
        "const JWT = require('jsonwebtoken');\n"
        "const t = JWT.sign({ id, createdAt: now, type: 'email-signin' }, secret);\n"
        "const u = JWT.sign({ key, type: 'attachment-upload' }, secret, { expiresIn: 3600 });\n"
        "function signState(nonce) {\n"
        "  return JWT.sign({ nonce }, process.env.STATE_SECRET, { expiresIn: 600 });\n"
        "}\n"
    )
    report = _read(tmp_path / "a", "server/tokens.js", js)
    assert not report.about("JWT901") and not report.judged.get("JWT901")
    py = (
        "from datetime import timedelta\n"
        "def create_file_token(path):\n"
        "    return create_access_token({'file': path}, expires_delta=timedelta(minutes=30))\n"
    )
    report = _read(tmp_path / "b", "security.py", py)
    assert not report.about("JWT901") and not report.judged.get("JWT901")
    # an access token's own type is still one
    access = js.replace("'email-signin'", "'session'")
    (found,) = _read(tmp_path / "c", "server/tokens.js", access).about("JWT901")
    assert found.line == 2 and "valid forever" in found.message


def test_a_payload_with_its_own_expiry_claim_is_not_said_to_live_forever(tmp_path: Path) -> None:
    # outline checks `expiresAt` itself before it trusts a token: the lifetime is not said
    js = (
        "const JWT = require('jsonwebtoken');\n"
        "const t = JWT.sign({ id, expiresAt: addHours(new Date(), 24).toISOString() }, secret);\n"
    )
    report = _read(tmp_path, "server/user.js", js)
    assert not report.about("JWT901") and report.unread["JWT901"] == 1


def test_a_sliding_refresh_of_the_access_token_has_no_refresh_token_to_revoke(
    tmp_path: Path,
) -> None:
    # round J's mealie: `/auth/refresh` trades a valid access token for a new one; its logout
    # only deletes the cookie, so the access token itself outlives the logout
    routes = (
        "from fastapi import APIRouter, Depends, Response\n"
        "router = APIRouter()\n"
        "@router.post('/token')\n"
        "def login(response: Response):\n"
        "    token = jwt.encode({'sub': 'u', 'exp': exp}, SECRET, algorithm='HS256')\n"
        "    return {'access_token': token}\n"
        "@router.get('/refresh')\n"
        "async def refresh_token(user=Depends(get_current_user)):\n"
        "    return {'access_token': jwt.encode({'sub': user.id, 'exp': exp}, SECRET)}\n"
        "@router.post('/logout')\n"
        "async def logout(response: Response):\n"
        "    response.delete_cookie('app.access_token')\n"
    )
    (found,) = _read(tmp_path, "routes/auth.py", routes).about("JWT907")
    assert "the token stays valid until it expires" in found.message
    assert "refresh token" not in found.message


def test_an_empty_default_secret_in_python_fails_unless_the_module_refuses_it(
    tmp_path: Path,
) -> None:
    # round J's Sparrow: `environ.get("..._SECRET_KEY", "")` signs with an empty key when unset
    code = (
        "import jwt\nfrom os import environ\n"
        "KEY = environ.get('APP_SECRET_KEY', '')\n"
        "def make(sub):\n    return jwt.encode({'sub': sub}, KEY, algorithm='HS256')\n"
    )
    (found,) = _read(tmp_path / "a", "auth.py", code).about("JWT908")
    assert found.line == 3 and "the secret is empty" in found.message
    guarded = code + "if not KEY:\n    raise RuntimeError('APP_SECRET_KEY is not set')\n"
    report = _read(tmp_path / "b", "auth.py", guarded)
    assert not report.about("JWT908") and report.judged["JWT908"] >= 1


def test_a_generated_clients_bearer_counts_only_when_the_app_gives_it_a_token(
    tmp_path: Path,
) -> None:
    # round J's tracecat: a generated OpenAPI client the app never hands a token (it runs on
    # cookies), and a form label reading "Bearer token", send no access token
    request = (
        "// This file is auto-generated by @hey-api/openapi-ts\n"
        "import axios from 'axios';\n"
        "export const send = async (config, token) => {\n"
        "  if (token) { config.headers['Authorization'] = `Bearer ${token}`; }\n"
        "  return axios.request(config);\n"
        "};\n"
    )
    label = (
        "import React from 'react';\nexport const Field = () => <label>{'Bearer token'}</label>;\n"
    )
    package = '{"dependencies": {"react": "18.3.1", "axios": "1.7.0"}}'
    (tmp_path / "a" / "src" / "client").mkdir(parents=True)
    (tmp_path / "a" / "package.json").write_text(package, encoding="utf-8")
    (tmp_path / "a" / "src" / "client" / "request.ts").write_text(request, encoding="utf-8")
    assert not _read(tmp_path / "a", "src/components/Field.tsx", label).about("JWT903")
    # ... and counts once the app configures it with one (full-stack-fastapi-template)
    main = (
        "import React from 'react';\nimport { client } from './client';\n"
        "client.setConfig({ auth: () => localStorage.getItem('access_token') });\n"
    )
    (tmp_path / "b" / "src" / "client").mkdir(parents=True)
    (tmp_path / "b" / "package.json").write_text(package, encoding="utf-8")
    (tmp_path / "b" / "src" / "client" / "request.ts").write_text(request, encoding="utf-8")
    (found,) = _read(tmp_path / "b", "src/main.tsx", main).about("JWT903")
    assert found.status == "fail" and found.file.endswith("request.ts")


def test_an_enums_secret_member_and_a_resources_refresh_route_are_not_what_they_say(
    tmp_path: Path,
) -> None:
    # round J's tracecat, read whole: `SECRET = "secret"` names a resource kind in a StrEnum,
    # and `POST /{provider_id}/refresh` refreshes a provider's catalog, not a token
    code = (
        "import jwt\nfrom enum import StrEnum\n"
        "class ResourcePrefix(StrEnum):\n    WORKFLOW = 'wf'\n    SECRET = 'secret'\n"
        "@router.post('/{provider_id}/refresh')\n"
        "async def refresh_catalog(provider_id: str):\n"
        "    return await service.reload(provider_id)\n"
        "@router.post('/login')\n"
        "async def login(user):\n"
        "    return {'token': jwt.encode({'sub': user.id, 'exp': exp}, KEY, algorithm='HS256')}\n"
    )
    report = _read(tmp_path, "app/routes.py", code)
    assert not report.about("JWT908")
    assert not report.judged.get("JWT902")  # no pass for a token refresh that is not there


def test_past_the_budget_code_about_tokens_is_read_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # round J's tracecat: its frontend and migrations filled the budget before its backend,
    # which signs the tokens, was reached
    import jwtfix.srcscan.files as files

    monkeypatch.setattr(files, "MAX_SOURCE_TOTAL", 4096)
    for i in range(8):
        filler = f"export const rows{i} = [1, 2, 3];\n// a table of numbers"
        filler = filler.ljust(999, ".") + "\n"  # 1,000 bytes each: four fill the budget
        (tmp_path / f"a_table{i}.js").write_text(filler, encoding="utf-8")
    auth = (
        "const jwt = require('jsonwebtoken');\n"
        "const t = jwt.sign({ sub: 'u' }, process.env.JWT_SECRET, { expiresIn: '30d' });\n"
    )
    report = _read(tmp_path, "z_auth.js", auth)
    (found,) = report.about("JWT901")
    assert found.file.endswith("z_auth.js")
    skipped = [s for s in report.skipped if "past the" in s]
    assert skipped and all("a_table" in s for s in skipped)


def test_starlettes_routes_are_routes(tmp_path: Path) -> None:
    # round J's Sparrow: `Route("/refresh", endpoint=refresh)` in a Starlette Router
    api = (
        "import jwt\nfrom starlette.routing import Route, Router\n"
        "def login(request):\n"
        "    token = jwt.encode({'sub': 'u', 'exp': exp}, KEY, algorithm='HS256')\n"
        "    return JSONResponse({'access_token': token})\n"
        "def refresh(request):\n"
        "    claims = jwt.decode(request.cookies['refresh'], KEY, algorithms=['HS256'])\n"
        "    token = jwt.encode({'sub': claims['sub'], 'exp': exp}, KEY, algorithm='HS256')\n"
        "    return JSONResponse({'access_token': token})\n"
        "AuthAPI = Router(routes=[\n"
        "    Route('/login', endpoint=login, methods=['POST']),\n"
        "    Route('/refresh', refresh, methods=['POST']),\n"
        "])\n"
    )
    report = _read(tmp_path, "auth/api.py", api)
    assert [p.line for p in report.places["JWT902"]] == [12]
    (rotation,) = report.about("JWT906")  # the refresh gives no new refresh token
    assert rotation.status == "fail"


def test_a_nest_route_guarded_for_refresh_tokens_is_the_refresh_route(tmp_path: Path) -> None:
    # round J's nestjs-authentication: `@UseGuards(JwtRefreshAuthGuard) @Get('token')`
    controller = (
        "import { Controller, Get, Post, UseGuards } from '@nestjs/common';\n"
        "@Controller('auth')\nexport class AuthController {\n"
        "  constructor(private jwtService: JwtService) {}\n"
        "  @Post('login')\n"
        "  async login(user) {\n"
        "    return this.jwtService.signAsync({ sub: user.id }, { expiresIn: '15m' });\n"
        "  }\n"
        "  @UseGuards(JwtRefreshAuthGuard)\n"
        "  @Get('token')\n"
        "  async refreshToken(user) {\n"
        "    return this.jwtService.signAsync({ sub: user.sub }, { expiresIn: '15m' });\n"
        "  }\n"
        "  @ApiNotFoundResponse({ description: 'Refresh token not found!' })\n"
        "  @Delete('/redis')\n"
        "  deleteRefreshToken(req) { return this.cache.del(req.cookies.accessToken); }\n"
        "}\n"
    )
    # neither a Swagger note nor `deleteRefreshToken` makes a route a refresh
    report = _read(tmp_path, "src/auth/auth.controller.ts", controller)
    assert [p.line for p in report.places["JWT902"]] == [10]
    (rotation,) = report.about("JWT906")
    assert rotation.status == "fail"  # it signs an access token only


def test_tokens_stored_through_a_storage_service_or_either_storage(tmp_path: Path) -> None:
    # round J's DB10d7: ngx-webstorage's `this.localStorage.store(...)`; umami's
    # `(session ? sessionStorage : localStorage).setItem(...)`
    service = (
        "import { LocalStorageService } from 'ngx-webstorage';\n"
        "export class AuthService {\n"
        "  constructor(private localStorage: LocalStorageService) {}\n"
        "  save(data) {\n"
        "    this.localStorage.store('authenticationToken', data.authenticationToken);\n"
        "    this.localStorage.store('theme', data.theme);\n"
        "  }\n"
        "}\n"
        "export const keep = (token, session) =>\n"
        "  (session ? sessionStorage : localStorage).setItem('auth.token', token);\n"
    )
    found = _read(tmp_path, "src/app/auth.service.ts", service).about("JWT905")
    assert [(f.line, "localStorage" in f.message) for f in found] == [(5, True), (10, True)]
    assert "localStorage or sessionStorage" in found[1].message


def test_a_share_links_expiry_is_no_token_refreshed_before_its_exp(tmp_path: Path) -> None:
    # round J's mealie: a dialog that writes a share link's `expiresAt` and reloads its list
    # of share tokens (`refreshTokens()`) refreshes no access token
    dialog = (
        "<script lang=\"ts\">\nimport { defineComponent } from 'vue';\n"
        "export default defineComponent({ setup() {\n"
        "  async function create() {\n"
        "    await api.shares.create({ recipeId, expiresAt: expirationDate.toISOString() });\n"
        "    refreshTokens();\n"
        "  }\n"
        "  const headers = { Authorization: `Bearer ${token}` };\n"
        "  return { create, headers };\n"
        "} });\n</script>\n"
    )
    report = _read(tmp_path, "components/ShareDialog.vue", dialog)
    assert not report.judged.get("JWT903")


def test_round_k_a_logout_counts_by_what_its_helpers_do(tmp_path: Path) -> None:
    # kutt: the logout calls `utils.deleteCurrentToken(res)`, which only clears the cookie;
    # infovesta: a Next.js route expires the access cookie with `res.cookies.set(...)`
    (tmp_path / "a" / "server" / "utils").mkdir(parents=True)
    (tmp_path / "a" / "server" / "utils" / "utils.js").write_text(
        "const jwt = require('jsonwebtoken');\n"
        "function signToken(user) {\n"
        "  return jwt.sign({ sub: user.id }, process.env.JWT_SECRET, { expiresIn: '7d' });\n"
        "}\n"
        "function deleteCurrentToken(res) { res.clearCookie('token', { httpOnly: true }); }\n"
        "module.exports = { signToken, deleteCurrentToken };\n",
        encoding="utf-8",
    )
    routes = (
        "const express = require('express');\nconst utils = require('../utils/utils');\n"
        "const router = express.Router();\n"
        "router.post('/login', (req, res) => res.json({ token: utils.signToken(req.user) }));\n"
        "router.get('/logout', (req, res) => { utils.deleteCurrentToken(res); res.end(); });\n"
        "module.exports = router;\n"
    )
    (found,) = _read(tmp_path / "a", "server/routes/auth.js", routes).about("JWT907")
    assert found.status == "fail" and "only drops the token on the client" in found.message
    logout = (
        "import { NextResponse } from 'next/server';\n"
        "export async function POST() {\n"
        "  const res = NextResponse.json({ ok: true });\n"
        "  res.cookies.set('access_token', '', { httpOnly: true, expires: new Date(0) });\n"
        "  return res;\n"
        "}\n"
    )
    login = (
        "import { NextResponse } from 'next/server';\nimport { SignJWT } from 'jose';\n"
        "export async function POST() {\n"
        "  const t = await new SignJWT({}).setExpirationTime('15m').sign(KEY);\n"
        "  const r = await new SignJWT({}).setExpirationTime('7d').sign(REFRESH_KEY);\n"
        "  return NextResponse.json({ access_token: t, refresh_token: r });\n"
        "}\n"
    )
    (tmp_path / "b" / "src" / "app" / "api" / "auth" / "login").mkdir(parents=True)
    login_file = tmp_path / "b" / "src" / "app" / "api" / "auth" / "login" / "route.ts"
    login_file.write_text(login, encoding="utf-8")
    report = _read(tmp_path / "b", "src/app/api/auth/logout/route.ts", logout)
    assert not report.judged.get("JWT907")
    assert [f.status for f in report.about("JWT907")] == ["fail"]


def test_round_k_a_constant_naming_itself_and_an_empty_refresh_handler(tmp_path: Path) -> None:
    # saleor: `SECRET = "Secret"` labels a field type; ignite-gym-api: `refresh(...) {}`
    fields = (
        "import jwt\nclass ConfigurationTypeField:\n    STRING = 'String'\n    SECRET = 'Secret'\n"
    )
    assert not _read(tmp_path / "a", "plugins/base.py", fields).about("JWT908")
    # popote: a module's `SECRET = "SECRET"` handed to fastapi-users is a (guessable) key
    module = "from fastapi_users.authentication import JWTStrategy\nSECRET = 'SECRET'\n"
    assert _read(tmp_path / "c", "auth/backend.py", module).about("JWT908")
    # logistic-company: the default only where DEBUG is on; production's read has none
    debug = (
        "import jwt\nif DEBUG:\n    SECRET_KEY = env('SECRET_KEY', default='dev-only-key')\n"
        "else:\n    SECRET_KEY = env('SECRET_KEY')\n"
    )
    assert not _read(tmp_path / "d", "config/settings.py", debug).about("JWT908")
    app = (
        "import fastify from 'fastify';\nimport jwt from '@fastify/jwt';\n"
        "const app = fastify();\n"
        "app.post('/sessions', async (req, reply) =>\n"
        "  reply.send({ token: await reply.jwtSign({}) }));\n"
        "app.post('/sessions/refresh-token', refresh);\n"
        "export async function refresh(request, reply) {}\n"
    )
    assert not _read(tmp_path / "b", "src/app.ts", app).judged.get("JWT902")


def test_round_k_a_lower_case_bearer_and_a_payload_bound_to_a_name(tmp_path: Path) -> None:
    # TCC-frontend sends `bearer ${user.token}`; hapi-auth-google-example signs `session`, an
    # object literal without exp, bound a line before
    store = (
        "import axios from 'axios'\n"
        "export function setUser(user) {\n"
        "  axios.defaults.headers.common['Authorization'] = `bearer ${user.token}`\n"
        "}\n"
        "axios.interceptors.response.use(r => r, err => {\n"
        "  if (err.response.status === 401) { window.location = '/' }\n"
        "  return Promise.reject(err)\n"
        "})\n"
    )
    (found,) = _read(tmp_path / "a", "src/store.js", store).about("JWT903")
    assert found.status == "fail"
    handler = (
        "const JWT = require('jsonwebtoken');\n"
        "module.exports = function login(req, reply, profile) {\n"
        "  const session = { id: profile.id, name: profile.name };\n"
        "  return reply.state('token', JWT.sign(session, process.env.JWT_SECRET));\n"
        "};\n"
    )
    (found,) = _read(tmp_path / "b", "lib/oauth.js", handler).about("JWT901")
    assert "valid forever" in found.message
    # ... unless the code adds an exp to it before it signs
    later = handler.replace(
        "  return reply", "  session.exp = Math.floor(Date.now() / 1000) + 900;\n  return reply"
    )
    assert not _read(tmp_path / "c", "lib/oauth.js", later).about("JWT901")


def test_jsonwebtokens_verify_made_to_return_a_promise_is_a_verification(tmp_path: Path) -> None:
    # round K's Nuxt-Express-Boilerplate: `await promisify(jwt.verify)(token, secret)`
    code = (
        "const jwt = require('jsonwebtoken');\nconst { promisify } = require('util');\n"
        "module.exports = async (req, res, next) => {\n"
        "  req.user = await promisify(jwt.verify)(req.cookies.token, process.env.SECRET);\n"
        "  next();\n};\n"
        "const pinned = (t) => util.promisify(jwt.verify)(t, KEY, { algorithms: ['HS256'] });\n"
    )
    report = _read(tmp_path, "server/middleware/authenticate.js", code)
    (found,) = report.about("JWT909")
    assert found.line == 4 and report.judged["JWT909"] == 1


def test_round_l_revocations_logouts_and_secrets_that_are_not_the_apps_tokens(
    tmp_path: Path,
) -> None:
    # lemur revokes certificates at `/certificates/<int:certificate_id>/revoke`; the
    # fastapi-jwt-auth logout only unsets its cookies; a reCAPTCHA secret goes to Google
    api = (
        "import os\nimport jwt\nfrom flask_restful import Resource\n"
        "SECRET = os.environ['TOKEN_SECRET']\n"
        "def login_token(uid, exp):\n"
        "    return jwt.encode({'sub': str(uid), 'exp': exp}, SECRET, algorithm='HS256')\n"
        "class CertificateRevoke(Resource):\n"
        "    def put(self, certificate_id):\n        return store.delete(certificate_id)\n"
        "api.add_resource(CertificateRevoke, '/certificates/<int:certificate_id>/revoke')\n"
    )
    report = _read(tmp_path / "a", "app.py", api)
    assert not report.judged.get("JWT907") and not report.about("JWT907")
    logout = (
        "from fastapi import APIRouter, Depends\nfrom fastapi_jwt_auth import AuthJWT\n"
        "router = APIRouter()\n"
        "@router.post('/login')\n"
        "def login(Authorize: AuthJWT = Depends()):\n"
        "    refresh = Authorize.create_refresh_token(subject='1')\n"
        "    Authorize.set_refresh_cookies(refresh)\n"
        "    return {'access_token': Authorize.create_access_token(subject='1')}\n"
        "@router.get('/logout')\n"
        "def logout(Authorize: AuthJWT = Depends()):\n"
        "    Authorize.jwt_required()\n    Authorize.unset_jwt_cookies()\n"
        "    return {'status': 'success'}\n"
    )
    (found,) = _read(tmp_path / "b", "routers/auth.py", logout).about("JWT907")
    assert found.status == "fail" and "does not revoke the refresh token" in found.message
    signup = (
        "const axios = require('axios');\n"
        "module.exports = async (fastify) => {\n"
        "  fastify.post('/signup', async (req, reply) => {\n"
        "    await axios.post('https://www.google.com/recaptcha/api/siteverify', null,\n"
        "      { params: { secret: '6LcOurOwnWordsNotAnyoneElsesKey0000000x', response: c } });\n"
        "    return reply.send({ token: fastify.jwt.sign({ id: 1 }, { expiresIn: '15m' }) });\n"
        "  });\n};\n"
    )
    assert not _read(tmp_path / "c", "routes/signup.js", signup).about("JWT908")


def test_an_algorithms_list_taken_from_the_tokens_header_pins_nothing(tmp_path: Path) -> None:
    # Round L: lemur reads `alg` from the incoming token's unverified header and passes it back
    # as the list of algorithms to accept, which is what pinning exists to prevent.
    python = (
        "import jwt\n\n"
        "def validate(id_token, key):\n"
        "    header = jwt.get_unverified_header(id_token)\n"
        "    algo = header['alg']\n"
        "    return jwt.decode(id_token, key, algorithms=[algo], audience='client')\n"
    )
    (found,) = _read(tmp_path / "a", "auth/views.py", python).about("JWT909")
    assert found.status == "warn" and "the token's own header" in found.message
    assert "algorithms=['RS256']" in found.fix
    node = (
        "const jwt = require('jsonwebtoken');\n"
        "module.exports = (token, key) => {\n"
        "  const { header } = jwt.decode(token, { complete: true });\n"
        "  return jwt.verify(token, key, { algorithms: [header.alg] });\n"
        "};\n"
    )
    (found,) = _read(tmp_path / "b", "lib/verify.js", node).about("JWT909")
    assert found.status == "warn" and "the token's own header" in found.message
    # A list from the app's own settings or attributes pins the algorithms.
    pinned = (
        "import jwt\n\n"
        "class Verifier:\n"
        "    def check(self, token, key):\n"
        "        algo = settings.JWT_ALGORITHM\n"
        "        jwt.decode(token, key, algorithms=[self.alg])\n"
        "        return jwt.decode(token, key, algorithms=[algo])\n"
    )
    report = _read(tmp_path / "c", "auth/verify.py", pinned)
    assert not report.about("JWT909") and report.judged.get("JWT909")


def test_a_vendor_key_sent_to_another_site_is_no_access_token(tmp_path: Path) -> None:
    # Round L: uptime-kuma's notification form sends the user's 360messenger key as a bearer
    # token to the vendor's API; the app's own token never goes out so.
    vendor = (
        "<script>\nexport default {\n  methods: {\n    async groups(token) {\n"
        '      const res = await fetch("https://api.messenger.example.com/v2/groups", {\n'
        "        headers: { Authorization: `Bearer ${token}` },\n      });\n"
        "      return res.json();\n    },\n  },\n};\n</script>\n"
    )
    report = _read(tmp_path / "a", "src/components/Groups.vue", vendor)
    assert not report.about("JWT903")
    own = vendor.replace('"https://api.messenger.example.com/v2/groups"', "`${API_URL}/groups`")
    (found,) = _read(tmp_path / "b", "src/components/Groups.vue", own).about("JWT903")
    assert found.status == "fail"


def test_a_helper_called_with_a_false_flag_does_not_take_its_flagged_branch(
    tmp_path: Path,
) -> None:
    # Round L: Flowise's refresh route calls `setTokenOrCookies(res, user, false, req)`, whose
    # `if (regenerateRefreshToken) {...}` alone signs a new refresh token; the old one is sent
    # back. Its login passes `true`.
    server = (
        "const express = require('express');\nconst jwt = require('jsonwebtoken');\n"
        "const app = express();\n"
        "const setTokens = (res, user, regenerate, req) => {\n"
        "  const token = jwt.sign({ sub: user.id }, process.env.A, { expiresIn: '15m' });\n"
        "  let refreshToken = '';\n"
        "  if (regenerate) {\n"
        "    refreshToken = jwt.sign({ sub: user.id }, process.env.R, { expiresIn: '7d' });\n"
        "  } else {\n    refreshToken = req.cookies.refreshToken;\n  }\n"
        "  res.cookie('refreshToken', refreshToken, { httpOnly: true, secure: true });\n"
        "  return res.json({ token });\n};\n"
        "app.post('/auth/login', (req, res) => setTokens(res, { id: 1 }, true, req));\n"
        "app.post('/auth/refresh', (req, res) => {\n"
        "  const payload = jwt.verify(req.cookies.refreshToken, process.env.R);\n"
        "  return setTokens(res, { id: payload.sub }, FLAG, req);\n});\n"
    )
    (found,) = _read(tmp_path / "a", "server.js", server.replace("FLAG", "false")).about("JWT906")
    assert found.status == "fail" and "no new refresh token" in found.message
    (found,) = _read(tmp_path / "b", "server.js", server.replace("FLAG", "true")).about("JWT906")
    assert found.status == "warn" and "does not retire" in found.message
    # Python: a typed flag, and `if not ...:` ruled out by a `True`.
    flask = (
        "from flask import Flask, jsonify\n"
        "from flask_jwt_extended import create_access_token, create_refresh_token, jwt_required\n"
        "app = Flask(__name__)\n"
        "def tokens(user, rotate: bool, keep=None):\n"
        "    body = {'access_token': create_access_token(identity=user)}\n"
        "    if rotate:\n"
        "        body['refresh_token'] = create_refresh_token(identity=user)\n"
        "    if not keep:\n        body['refresh_token'] = create_refresh_token(identity=user)\n"
        "    return jsonify(body)\n"
        "@app.route('/login', methods=['POST'])\ndef login():\n    return tokens('u', True)\n"
        "@app.route('/refresh', methods=['POST'])\n@jwt_required(refresh=True)\n"
        "def refresh():\n    return tokens('u', FLAGS)\n"
    )
    for flags, status in (("False, True", "fail"), ("False, False", "warn"), ("True", "warn")):
        report = _read(tmp_path / flags, "app.py", flask.replace("FLAGS", flags))
        assert [f.status for f in report.about("JWT906")] == [status], flags


def test_a_servers_user_object_says_nothing_of_the_frontends(tmp_path: Path) -> None:
    # Round L: Flowise's UI keeps a `user` profile in localStorage; its server reads
    # `user.ssoToken` off another object of the same name.
    (tmp_path / "ui" / "src").mkdir(parents=True)
    store = (
        "export const updateCurrentUser = (user) => {\n"
        "  localStorage.setItem('user', JSON.stringify(user));\n};\n"
    )
    (tmp_path / "ui" / "src" / "authUtils.js").write_text(store, encoding="utf-8")
    server = (
        "import express from 'express';\nimport jwt from 'jsonwebtoken';\n"
        "export const refresh = (req, res) => {\n"
        "  const user = req.user;\n  return res.json({ sso: user.ssoToken });\n};\n"
    )
    assert not _read(tmp_path, "server/src/auth.ts", server).about("JWT905")
    header = "export const auth = () => ({ Authorization: 'Bearer ' + user.accessToken });\n"
    (found,) = _read(tmp_path, "ui/src/header.js", header).about("JWT905")
    assert "an object holding a token in localStorage" in found.message


def test_a_route_that_verifies_a_token_and_signs_another_takes_the_refresh_token(
    tmp_path: Path,
) -> None:
    # Round L: Project_D's `GET /Auth` verifies the refresh cookie in a Fastify decorator and
    # signs a new access token; no route is named for a refresh.
    login = (
        "module.exports = async (fastify) => {\n"
        "  fastify.post('/Login', async (req, reply) => {\n"
        "    const ok = await argon2.verify(user.hash, req.body.password);\n"
        "    if (!ok) return reply.code(401).send();\n"
        "    const refreshToken = fastify.jwt.sign({ id: 1 }, { expiresIn: '14d' });\n"
        "    const accessToken = fastify.jwt.sign({ id: 1 }, { expiresIn: '15m' });\n"
        "    reply.setCookie('RefreshToken', refreshToken, { httpOnly: true, secure: true });\n"
        "    return reply.send({ accessToken });\n  });\n};\n"
    )
    (found,) = _read(tmp_path, "routes/login.js", login).about("JWT902")
    assert found.status == "fail" and "no route of the service takes it" in found.message
    session = (
        "module.exports = async (fastify) => {\n"
        "  fastify.decorate('updateJWT', function () {\n"
        "    return async (req, reply) => {\n"
        "      await req.jwtVerify({ onlyCookie: true });\n"
        "      return reply.send({ accessToken: fastify.jwt.sign({ id: req.user.id }) });\n"
        "    };\n  });\n"
        "  fastify.get('/Auth', async (req, reply) => fastify.updateJWT()(req, reply));\n};\n"
    )
    assert not _read(tmp_path, "routes/session.js", session).about("JWT902")


def test_round_m_false_findings_are_gone(tmp_path: Path) -> None:
    # hono-starter: Hono's server-side setCookie with options spread from its config.
    hono = (
        "import { setCookie } from 'hono/cookie';\nimport config from '@/config';\n"
        "export const login = (c, token) => {\n"
        "  setCookie(c, 'token', token, { ...config.COOKIE_OPTIONS, maxAge: 900 });\n"
        "  return c.json({ ok: true });\n};\n"
    )
    assert not _read(tmp_path / "a", "src/handler/login.ts", hono).about("JWT905")
    # vikunja: a one-use e-mail confirmation code kept until the page uses it.
    confirm = (
        "export function keep(to) {\n"
        "  localStorage.setItem('emailConfirmToken', to.query.userEmailConfirm);\n}\n"
    )
    assert not _read(tmp_path / "b", "src/router/index.ts", confirm).about("JWT905")
    # postiz: `Bearer ${apiKey}` written into a config snippet shown to the user.
    snippet = (
        "import React from 'react';\n"
        "export const Snippet = ({ apiKey }) => {\n"
        "  const bearer = `Bearer ${apiKey}`;\n"
        "  return <pre>{JSON.stringify({ headers: { Authorization: bearer } })}</pre>;\n};\n"
    )
    assert not _read(tmp_path / "c", "src/public.component.tsx", snippet).about("JWT903")
    # homepage: a Next.js app's API proxy that logs in again is server code, not the page's.
    proxy = (
        "export default async function proxy(req, res) {\n"
        "  let [status, data] = await httpProxy(url, { headers });\n"
        "  if (status === 401) {\n"
        "    const refreshedToken = (await login(widget)).accessToken;\n"
        "    headers.Authorization = `Bearer ${refreshedToken}`;\n"
        "  }\n  return res.status(status).send(data);\n}\n"
    )
    report = _read(tmp_path / "d", "src/widgets/booklore/proxy.js", proxy)
    assert not report.about("JWT903")


def test_round_m_false_passes_are_gone(tmp_path: Path) -> None:
    # thelounge: a server renewing an IRC policy is no frontend refreshing a token.
    client = (
        "import axios from 'axios';\nconst token = localStorage.getItem('t');\n"
        "export const get = () => axios.get('/api/me', "
        "{ headers: { Authorization: `Bearer ${token}` } });\n"
    )
    server = (
        "export class Network {\n  quit() {\n"
        "    STSPolicies.refreshExpiration(this.host);\n  }\n}\n"
    )
    _read(tmp_path / "a", "client/api.js", client)
    (found,) = _read(tmp_path / "a", "src/models/network.ts", server).about("JWT903")
    assert found.status == "fail"
    # munchy: a logout revoking the access token's jti for the refresh token's lifetime.
    logout = (
        "from flask_restful import Resource\n"
        "from flask_jwt_extended import jwt_required, get_raw_jwt, create_refresh_token\n"
        "REFRESH_EXPIRES = 30\n"
        "class UserLogout(Resource):\n"
        "    @jwt_required\n"
        "    def post(self):\n"
        "        revoked_store.set(get_raw_jwt()['jti'], 'true', REFRESH_EXPIRES * 1.2)\n"
        "        return {}\n"
        "api.add_resource(UserLogout, '/logout')\n"
        "def tokens(user):\n    return create_refresh_token(identity=user)\n"
        "@jwt.token_in_blacklist_loader\ndef check(token):\n"
        "    return revoked_store.get(token['jti']) == 'true'\n"
    )
    (found,) = _read(tmp_path / "b", "resources/user.py", logout).about("JWT907")
    assert found.status == "warn"
    # barinakServer: both tokens signed with `${process.env.JWT_SECRET}`.
    service = (
        "import { JwtService } from '@nestjs/jwt';\n"
        "export class AuthService {\n  constructor(private jwtService: JwtService) {}\n"
        "  tokens(payload) {\n"
        "    const access_token = this.jwtService.sign(payload, "
        "{ secret: `${process.env.JWT_SECRET}`, expiresIn: '15m' });\n"
        "    const refresh_token = this.jwtService.sign(payload, "
        "{ secret: `${process.env.JWT_SECRET}`, expiresIn: '1h' });\n"
        "    return { access_token, refresh_token };\n  }\n}\n"
    )
    (found,) = _read(tmp_path / "c", "src/auth/auth.service.ts", service).about("JWT908")
    assert found.status == "fail" and "process.env.JWT_SECRET" in found.message
    # postiz: `/extension-refresh` re-saves an integration's cookies; no token route.
    assert [_kind(path) for path in ("/extension-refresh", "/silent-refresh", "/refreshToken")] == [
        None,
        "refresh",
        "refresh",
    ]


def _kind(path: str) -> str | None:
    from jwtfix.srcscan.service import Service

    return Service([])._kind(path)


def test_round_m_misses_are_found(tmp_path: Path) -> None:
    # postiz: jsonwebtoken's sign imported by name.
    named = (
        "import { sign } from 'jsonwebtoken';\n"
        "export const issue = (id) => sign({ id }, process.env.JWT_SECRET);\n"
    )
    (found,) = _read(tmp_path / "a", "auth.service.ts", named).about("JWT901")
    assert found.status == "fail" and "without an expiry" in found.message
    # prod-ecommerce: simplejwt's pair kept under the keys `access` and `refresh`.
    pair = (
        "export const keep = ({ access, refresh }) => {\n"
        "  localStorage.setItem('access', access);\n"
        "  localStorage.setItem('refresh', refresh);\n};\n"
    )
    stored = _read(tmp_path / "b", "src/store/authSlice.js", pair).about("JWT905")
    assert [f.status for f in stored] == ["fail", "fail"]
    assert "the refresh token in localStorage" in stored[1].message
    # smmic-api: djoser's JWT routes are simplejwt's views.
    (tmp_path / "c").mkdir()
    settings = "SIMPLE_JWT = {'ROTATE_REFRESH_TOKENS': False}\nINSTALLED_APPS = ['djoser']\n"
    (tmp_path / "c" / "settings.py").write_text(settings, encoding="utf-8")
    urls = (
        "from django.urls import path, include\n"
        "urlpatterns = [path('auth/', include('djoser.urls.jwt'))]\n"
    )
    (found,) = _read(tmp_path / "c", "urls.py", urls).about("JWT906")
    assert found.status == "fail" and "ROTATE_REFRESH_TOKENS off" in found.message
    # munchy: Flask's SECRET_KEY with a literal after `or`, which Flask-JWT-Extended signs with.
    (tmp_path / "d").mkdir()
    app = (
        "from flask import Flask\nfrom flask_jwt_extended import JWTManager\n"
        "app = Flask(__name__)\napp.config.from_object('config.Config')\njwt = JWTManager(app)\n"
    )
    (tmp_path / "d" / "app.py").write_text(app, encoding="utf-8")
    config = (
        "import os\nclass Config:\n"
        "    SECRET_KEY = os.environ.get('SECRET_KEY') or 'not-so-hard-to-guess'\n"
    )
    (found,) = _read(tmp_path / "d", "config.py", config).about("JWT908")
    assert found.status == "fail" and "not-so-hard" not in found.message + found.code


def test_an_algorithm_from_the_header_checked_against_a_list_is_pinned(tmp_path: Path) -> None:
    # fastapi-jwt: the header's alg must be one of the settings' before it is used.
    checked = (
        "import jwt\n\n"
        "def verify(token, key, allowed):\n"
        "    algorithm = jwt.get_unverified_header(token).get('alg')\n"
        "    if algorithm not in allowed:\n        raise ValueError(algorithm)\n"
        "    return jwt.decode(token, key=key, algorithms=[algorithm])\n"
    )
    report = _read(tmp_path / "a", "auth/jwt_verifier.py", checked)
    assert not report.about("JWT909") and report.judged.get("JWT909")
    unchecked = checked.replace(
        "    if algorithm not in allowed:\n        raise ValueError(algorithm)\n", ""
    )
    (found,) = _read(tmp_path / "b", "auth/jwt_verifier.py", unchecked).about("JWT909")
    assert "the token's own header" in found.message


def test_tokens_signed_for_another_service_are_no_access_tokens(tmp_path: Path) -> None:
    # postiz: Sign in with Apple's client secret (an assertion for appleid.apple.com) and a
    # single sign-on hand-off signed with another product's key.
    apple = (
        "import jwt, { sign } from 'jsonwebtoken';\n"
        "export const clientSecret = (key, team) => jwt.sign({}, key, {\n"
        "  algorithm: 'ES256', expiresIn: '5m', issuer: team,\n"
        "  audience: 'https://appleid.apple.com',\n"
        "});\n"
        "export const sso = (org) => sign({ id: org.id }, process.env.AGENT_MEDIA_SSO_KEY);\n"
    )
    report = _read(tmp_path, "providers/apple.provider.ts", apple)
    assert not report.about("JWT901") and not report.judged.get("JWT901")


def test_a_chained_route_is_placed_at_its_path_and_its_cookies_revoke_nothing(
    tmp_path: Path,
) -> None:
    # bun-todo-list: Elysia's routes chained on one `new Elysia()`; `cookie.auth.remove()`
    # forgets the browser's copy only.
    app = (
        "import { Elysia } from 'elysia';\nimport { jwt } from '@elysiajs/jwt';\n"
        "export const auth = new Elysia({ prefix: '/auth' })\n"
        "  .use(jwt({ name: 'jwt', secret: process.env.JWT_SECRET!, exp: '15m' }))\n"
        "  .post('/login', async ({ jwt }) => ({ token: await jwt.sign({ id: 1 }),\n"
        "    refresh: await jwt.sign({ id: 1, type: 'refresh' }) }))\n"
        "  .post('/logout', async ({ cookie }) => {\n"
        "    cookie.auth.remove();\n    return { ok: true };\n  })\n"
        "  .post('/refresh', async ({ jwt, cookie }) => {\n"
        "    const payload = await jwt.verify(cookie.refresh.value);\n"
        "    cookie.refresh.set({ value: await jwt.sign({ id: payload.id, type: 'refresh' }) });\n"
        "    return { token: await jwt.sign({ id: payload.id }) };\n  });\n"
    )
    report = _read(tmp_path, "src/modules/auth/index.ts", app)
    (logout,) = report.about("JWT907")
    assert logout.status == "fail" and (logout.line, logout.code) == (
        7,
        ".post('/logout', async ({ cookie }) => {",
    )
    (rotation,) = report.about("JWT906")
    assert rotation.status == "warn" and rotation.line == 11


def test_a_token_renewed_by_the_server_in_a_header_is_a_refresh(tmp_path: Path) -> None:
    # Wiki.js: the server renews an expired token within a grace window and sends it back in a
    # `new-jwt` header, which the client keeps.
    client = (
        "import Cookies from 'js-cookie';\n"
        "export const call = async (uri, options) => {\n"
        "  options.headers.Authorization = `Bearer ${Cookies.get('jwt')}`;\n"
        "  const resp = await fetch(uri, options);\n"
        "  const newJWT = resp.headers.get('new-jwt');\n"
        "  if (newJWT) { Cookies.set('jwt', newJWT, { expires: 365 }) }\n"
        "  return resp;\n};\n"
    )
    report = _read(tmp_path, "client/client-app.js", client)
    assert not report.about("JWT903") and report.judged.get("JWT903")


def test_a_refresh_whose_exp_check_is_a_helper_is_a_refresh_before_exp(tmp_path: Path) -> None:
    # Round G's future-xplorer: `getTokenSilently()` asks `needRefresh(token)`, which reads exp,
    # then calls `refreshAccessToken()`.
    composable = (
        "import { decodeJwt } from 'jose';\n"
        "const needRefresh = (token) => !token || Date.now() / 1000 >= decodeJwt(token).exp;\n"
        "export const useAuth = () => {\n"
        "  const getTokenSilently = async () => {\n"
        "    if (needRefresh(store.accessToken)) { await refreshAccessToken(); }\n"
        "    return store.accessToken;\n  };\n"
        "  return { getTokenSilently };\n};\n"
    )
    sender = (
        "import { ref } from 'vue';\n"
        "export const fetchUser = (token) => $fetch('/api/user', "
        "{ headers: { Authorization: `Bearer ${token}` } });\n"
    )
    _read(tmp_path, "utils/user.ts", sender)
    report = _read(tmp_path, "composables/useAuth.ts", composable)
    assert not report.about("JWT903") and report.judged.get("JWT903")


def test_the_nuxt_auth_modules_refresh_scheme_refreshes(tmp_path: Path) -> None:
    # Round L: nuxt-vada-web-admin's `@nuxtjs/auth-next` strategy of `scheme: 'refresh'`,
    # whose interceptor refreshes; the plugin only sends the refresh token to its route.
    plugin = (
        "export default function ({ $axios, app }) {\n"
        "  $axios.onRequest((config) => {\n"
        "    if (config.url === '/user/refresh-token') {\n"
        "      config.headers.Authorization = 'Bearer ' + app.$auth.strategy.refreshToken.get();\n"
        "    }\n  });\n}\n"
    )
    config = (
        "export default {\n  modules: ['@nuxtjs/auth-next'],\n"
        "  auth: { strategies: { local: {\n"
        "    scheme: 'refresh',\n"
        "    endpoints: { refresh: { url: '/user/refresh-token', method: 'post' } },\n"
        "  } } },\n};\n"
    )
    plugin = "import Vue from 'vue';\n" + plugin
    (found,) = _read(tmp_path, "plugins/axios.js", plugin).about("JWT903")
    assert found.status == "fail"
    report = _read(tmp_path, "nuxt.config.js", config)
    assert not report.about("JWT903") and report.places["JWT903"][0].line == 4


def test_round_n_false_findings_are_gone(tmp_path: Path) -> None:
    # medusa: integration-tests/ fixtures sign with the secret "test".
    fixture = (
        "const jwt = require('jsonwebtoken');\nexports.t = jwt.sign({ sub: 1 }, 'test', {});\n"
    )
    report = _read(tmp_path / "a", "integration-tests/helpers/create-admin-user.js", fixture)
    assert report.files == 0 and not report.findings
    # redash: a 403 that shows "Permission Denied" beside a data reload named refresh...
    http = (
        "import axios from 'axios';\nexport const http = axios.create({});\n"
        "http.interceptors.request.use((config) => {\n"
        "  config.headers.Authorization = `Bearer ${localStorage.getItem('access')}`;\n"
        "  return config;\n});\n"
    )
    hook = (
        "import { http } from './http';\n"
        "export function save(data, notify, refreshDashboard) {\n"
        "  return http.post('/widgets', data).then(refreshDashboard).catch((error) => {\n"
        "    if (error.response.status === 403) { notify('Permission denied'); }\n  });\n}\n"
    )
    _read(tmp_path / "b", "src/http.js", http)
    (found,) = _read(tmp_path / "b", "src/save.js", hook).about("JWT903")
    assert found.status == "fail"  # ... is no refresh on 401: the frontend never refreshes
    # ... and axios-auth-refresh holds one refresh for the requests that fail meanwhile.
    shared = http + (
        "import createAuthRefreshInterceptor from 'axios-auth-refresh';\n"
        "createAuthRefreshInterceptor(http, () => http.post('/api/refresh'), "
        "{ statusCodes: [401] });\n"
    )
    assert not _read(tmp_path / "c", "src/http.js", shared).about("JWT903")
    # redash: a header for calls to another vendor's API (Uptycs) is no token of its users.
    uptycs = (
        "import jwt\n\n"
        "def generate_header(key, secret):\n"
        "    auth_var = jwt.encode({'iss': key}, secret, algorithm='HS256')\n"
        "    return {'Authorization': 'Bearer %s' % (auth_var)}\n"
    )
    report = _read(tmp_path / "d", "query_runner/uptycs.py", uptycs)
    assert not report.about("JWT901") and not report.about("JWT902")


def test_round_n_misses_are_found(tmp_path: Path) -> None:
    # hono-jwt: hono's sign with a payload without exp.
    hono = (
        "import { Hono } from 'hono';\nimport { sign } from 'hono/utils/jwt/jwt';\n"
        "const app = new Hono();\n"
        "app.post('/login', async (c) => c.json({ token: await sign({ id: 1 }, c.env.KEY) }));\n"
    )
    (found,) = _read(tmp_path / "a", "src/routes/auth.route.ts", hono).about("JWT901")
    assert found.status == "fail" and "without an expiry" in found.message
    # roleando-server: tokens kept with localforage.
    forage = (
        "import localforage from 'localforage';\n"
        "export const keep = (t) => localforage.setItem('token', { accessToken: t.access });\n"
    )
    (found,) = _read(tmp_path / "b", "modules/storage/auth.js", forage).about("JWT905")
    assert found.status == "fail" and "in localforage" in found.message
    # FlaskReactAuthenticationTemplate: a serializer's output beside the new access token.
    refresh = (
        "from flask_restful import Resource\n"
        "from flask_jwt_extended import jwt_required, create_access_token, get_jwt_identity\n"
        "class Refresh(Resource):\n"
        "    @jwt_required(refresh=True)\n"
        "    def post(self):\n"
        "        user = get_jwt_identity()\n"
        "        return {'access_token': create_access_token(identity=user), "
        "'user': UserSchema().dump(user)}\n"
        "api.add_resource(Refresh, '/refresh')\n"
    )
    (found,) = _read(tmp_path / "c", "resources/refresh_token.py", refresh).about("JWT906")
    assert found.status == "fail" and "no new refresh token" in found.message


def test_round_n_reviews_own_changes(tmp_path: Path) -> None:
    # A login answering `{ token: `Bearer ${token}` }` hands the user the token: not sent out.
    login = (
        "const jwt = require('jsonwebtoken');\n"
        "exports.login = (req, res) => {\n"
        "  const token = jwt.sign({ id: 1 }, process.env.JWT_SECRET, { expiresIn: '1d' });\n"
        "  res.status(200).json({ token: `Bearer ${token}` });\n};\n"
    )
    (found,) = _read(tmp_path / "a", "controllers/auth.js", login).about("JWT901")
    assert found.status == "warn"
    # auth-messiah: the factory of refresh tokens signs no access token.
    factory = (
        "import { sign } from 'hono/jwt';\n"
        "export async function generateRefreshToken(uuid, secret) {\n"
        "  const payloadInput = { sub: uuid, exp: Math.floor(Date.now() / 1000) + 2592000 };\n"
        "  const token = await sign(payloadInput, secret);\n  return token;\n}\n"
    )
    report = _read(tmp_path / "b", "src/utils/generateRefreshToken.ts", factory)
    assert not report.about("JWT901")
    # logto's console: the SDK's getAccessToken() refreshes the token it hands out.
    client = (
        "import ky from 'ky';\nimport { useLogto } from '@logto/react';\n"
        "export const useApi = () => {\n  const { getAccessToken } = useLogto();\n"
        "  return ky.create({ hooks: { beforeRequest: [async (request) => {\n"
        "    request.headers.set('Authorization', `Bearer ${await getAccessToken()}`);\n"
        "  }] } });\n};\n"
    )
    report = _read(tmp_path / "c", "src/hooks/use-api.tsx", client)
    assert not report.about("JWT903") and report.judged.get("JWT903")


def test_simplejwt_pair_view_without_a_refresh_view_hands_out_an_unused_refresh_token(
    tmp_path: Path,
) -> None:
    # round N's sparta_news: TokenObtainPairView answers {"access", "refresh"}, and no route
    # takes the refresh token but the logout that blacklists it; a subclass of the view (with
    # its own serializer) does the same.
    views = (
        "from rest_framework_simplejwt.views import TokenObtainPairView\n"
        "class LoginView(TokenObtainPairView):\n"
        "    serializer_class = LoginSerializer\n"
        "class LogoutView(APIView):\n"
        "    def post(self, request):\n"
        "        RefreshToken(request.data['refresh']).blacklist()\n"
    )
    urls = (
        "from django.urls import path\n"
        "from .views import LoginView\n"
        "urlpatterns = [\n"
        "    path('api/users/', users),\n"
        "    path('api/token/', LoginView.as_view(), name='token'),\n"
        "    path('api/logout/', LogoutView.as_view()),\n"
        "]\n"
    )

    def refresh_route(folder: str, urls: str) -> list[CodeFinding]:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "views.py").write_text(views, encoding="utf-8")
        return _read(tmp_path / folder, "urls.py", urls).about("JWT902")

    (found,) = refresh_route("pair", urls)
    assert (found.status, found.line) == ("fail", 5) and "no route" in found.message
    plain = urls.replace("LoginView.as_view()", "TokenObtainPairView.as_view()")
    assert [f.line for f in refresh_route("plain", plain)] == [5]
    # simplejwt's refresh view, or djoser's JWT routes, take it
    refresh_view = "    path('api/token/refresh/', TokenRefreshView.as_view()),\n"
    refresh = urls.replace("]\n", refresh_view + "]\n")
    assert not refresh_route("refresh", refresh)
    djoser = urls.replace("]\n", "    path('auth/', include('djoser.urls.jwt')),\n]\n")
    assert not refresh_route("djoser", djoser)
    # the sliding view hands out one token, which its own view refreshes
    sliding = urls.replace("LoginView.as_view()", "TokenObtainSlidingView.as_view()")
    assert not refresh_route("sliding", sliding)


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_round_o_a_logout_that_drops_a_connection_or_cleans_a_url_revokes_nothing(
    tmp_path: Path,
) -> None:
    # thunderchat: the logout clears the cookie through `this.jwtService.removeJWT(res)` and
    # drops the user's sockets from a Map; changedetection: `str.replace` in is_safe_url
    controller = (
        "import { Controller, Post, Res } from '@nestjs/common';\n"
        "import { JwtService } from '@nestjs/jwt';\n"
        "@Controller('auth')\nexport class AuthController {\n"
        "  constructor(private jwtService: JwtService, private tokens: TokenCookies) {}\n"
        "  @Post('login')\n  login(@Res() res) {\n"
        "    res.cookie('jwt', this.jwtService.sign({ sub: 1 }, { expiresIn: '15m' }));\n  }\n"
        "  @Post('logout')\n  logout(@Res() res, userId, socketId) {\n"
        "    this.tokens.removeJWT(res);\n"
        "    this.connections.removeConnectedClient(userId, socketId);\n  }\n}\n"
    )
    helpers = (
        "export class TokenCookies {\n"
        "  removeJWT(res) { res.clearCookie('jwt'); }\n}\n"
        "export class Connections {\n"
        "  removeConnectedClient(userId, socketId) {\n"
        "    if (socketId) {\n"
        "      const left = this.list(userId).filter((s) => s.id !== socketId);\n"
        "      this.connectedClients.set(userId, left);\n"
        "    } else {\n      this.connectedClients.delete(userId);\n    }\n  }\n}\n"
    )
    root = _tree(
        tmp_path / "nest", {"src/auth.controller.ts": controller, "src/cookies.ts": helpers}
    )
    (found,) = analyse([str(root)], env=None, limits=LIMITS).about("JWT907")
    assert found.status == "fail" and "only drops the token on the client" in found.message
    # a refresh token deleted from the store still counts
    revoking = helpers.replace(
        "res.clearCookie('jwt');",
        "res.clearCookie('jwt'); this.refreshTokens.delete(res.locals.jti);",
    )
    root = _tree(
        tmp_path / "revoking", {"src/auth.controller.ts": controller, "src/cookies.ts": revoking}
    )
    revoked = analyse([str(root)], env=None, limits=LIMITS)
    assert not revoked.about("JWT907") and revoked.judged["JWT907"] == 1
    flask = (
        "from flask import Flask, redirect, request\nimport flask_login\napp = Flask(__name__)\n"
        "@app.route('/logout')\ndef logout():\n    flask_login.logout_user()\n"
        "    nxt = request.args.get('next')\n    return redirect(safe(nxt))\n"
        "def safe(target):\n    return target.strip().replace('\\\\', '/')\n"
        "api_access_token_enabled = True\n"
    )
    assert not _read(tmp_path / "flask", "app.py", flask).judged.get("JWT907")


def test_round_o_typescript_type_arguments_and_sign_async_are_read(tmp_path: Path) -> None:
    # thunderchat: `this.jwtService.verifyAsync<TJWTPayload>(token, { secret })` and a login
    # whose only signing is `signAsync(payload)`, with no refresh route anywhere
    service = (
        "import { Injectable } from '@nestjs/common';\nimport { JwtService } from '@nestjs/jwt';\n"
        "import { jwtVerify } from 'jose';\n"
        "@Injectable()\nexport class Tokens {\n  constructor(private jwtService: JwtService) {}\n"
        "  async check(token: string) {\n"
        "    return await this.jwtService.verifyAsync<Payload>(token, { secret: process.env.S });\n"
        "  }\n"
        "  async other(token: string) {\n"
        "    const { payload } = await jwtVerify<Claims>(token, KEY);\n    return payload;\n  }\n"
        "  async create(payload: object) { return await this.jwtService.signAsync(payload); }\n}\n"
    )
    controller = (
        "import { Controller, Post } from '@nestjs/common';\n"
        "@Controller('auth')\nexport class AuthController {\n"
        "  constructor(private tokens: Tokens) {}\n"
        "  @Post('login')\n  async login() { return { token: await this.tokens.create({}) }; }\n}\n"
    )
    root = _tree(tmp_path, {"src/tokens.ts": service, "src/auth.controller.ts": controller})
    report = analyse([str(root)], env=None, limits=LIMITS)
    pins = sorted((f.line, f.message) for f in report.about("JWT909"))
    assert [line for line, _ in pins] == [8, 11]
    # the message and the code line show the call as written
    assert pins[0][1].startswith("`this.jwtService.verifyAsync<Payload>(")
    assert "jwtVerify<Claims>(token, KEY)" in next(
        f.code for f in report.about("JWT909") if f.line == 11
    )
    (refresh,) = report.about("JWT902")
    assert refresh.status == "fail" and "signAsync(payload)" in refresh.message


def test_round_o_ms_in_expires_in_gives_milliseconds_read_as_seconds(tmp_path: Path) -> None:
    # thunderchat: `signOptions: { expiresIn: ms(process.env.TOKEN_TTL) }`
    module = (
        "import { JwtModule } from '@nestjs/jwt';\nimport ms from 'ms';\n"
        "export const jwt = JwtModule.register({\n"
        "  secret: process.env.JWT_SECRET,\n"
        "  signOptions: { expiresIn: ms(process.env.TOKEN_TTL) },\n});\n"
    )
    (found,) = _read(tmp_path, "src/app.module.ts", module, env="TOKEN_TTL=1h\n").about("JWT901")
    assert found.status == "warn" and "41d 16h" in found.message
    assert "TOKEN_TTL in .env:1: ms('1h') is 3,600,000, a number of milliseconds" in found.message
    # without the .env, the lifetime is not known
    assert not _read(tmp_path / "b", "src/app.module.ts", module).about("JWT901")


def test_round_o_frontend_401_words_dead_clients_and_middleware_refreshes(tmp_path: Path) -> None:
    # misred-iot: a 401 helper compares an error message naming a refresh token, and the page
    # that sends a bearer reads a storage key nothing writes
    page = (
        "const isAuthError = (res, message) => {\n  if (res.status === 401) return true;\n"
        "  return message.includes('refresh token invalid');\n};\n"
        "export async function save(body) {\n"
        "  const token = localStorage.getItem('accessToken');\n"
        "  const headers = { Authorization: `Bearer ${token}` };\n"
        "  const res = await fetch('/api/save', { headers });\n"
        "  if (isAuthError(res, '')) window.location.href = '/login';\n}\n"
    )
    root = _tree(tmp_path / "misred", {"src/index.js": page})
    assert not analyse([str(root)], env=None, limits=LIMITS).about("JWT903")
    stored = page + "export const keep = (t) => localStorage.setItem('accessToken', t);\n"
    root = _tree(tmp_path / "stored", {"src/index.js": stored})
    (found,) = analyse([str(root)], env=None, limits=LIMITS).about("JWT903")
    assert found.status == "fail" and "never refreshes" in found.message
    # nana-noodles-mart: an axios client no file imports, and Next's middleware refreshing the
    # session's tokens before they expire
    client = (
        "import axios from 'axios';\nconst client = axios.create({ baseURL: '/api' });\n"
        "client.interceptors.request.use((config) => {\n"
        "  config.headers.Authorization = `Bearer ${localStorage.getItem('authToken')}`;\n"
        "  return config;\n});\n"
        "client.interceptors.response.use((r) => r, (error) => {\n"
        "  if (error.response?.status === 401) window.location.href = '/login';\n"
        "  return Promise.reject(error);\n});\nexport default client;\n"
    )
    middleware = (
        "import { NextResponse } from 'next/server';\n"
        "import { getSession, renewSession } from './auth';\n"
        "export async function middleware(request) {\n  const session = await getSession();\n"
        "  if (session.accessToken && isTokenExpired(session.accessToken)) {\n"
        "    await renewSession();\n  }\n  return NextResponse.next();\n}\n"
    )
    checks = (
        "export function canRefreshTokens(access, refresh) {\n"
        "  return isTokenExpired(access) && !isTokenExpired(refresh);\n}\n"
    )
    page = "import { canRefreshTokens } from '../lib/debug';\n"
    files = {
        "src/lib/legacy-client.ts": client,
        "src/lib/debug.ts": checks,
        "src/pages/a.tsx": page,
    }
    root = _tree(tmp_path / "nana", files)
    assert not analyse([str(root)], env=None, limits=LIMITS).about("JWT903")
    root = _tree(tmp_path / "nana-mw", {**files, "src/middleware.ts": middleware})
    report = analyse([str(root)], env=None, limits=LIMITS)
    assert not report.about("JWT903") and report.judged["JWT903"] == 1
    assert [p.file.rsplit("/", 1)[-1] for p in report.places["JWT903"]] == ["middleware.ts"]
    # the same client imported by a page is judged
    imported = {**files, "src/pages/b.tsx": "import client from '../lib/legacy-client';\n"}
    root = _tree(tmp_path / "imported", imported)
    (found,) = analyse([str(root)], env=None, limits=LIMITS).about("JWT903")
    assert found.status == "fail" and "without refreshing" in found.message


def test_round_o_tokens_of_a_step_and_an_unused_flask_setting_are_no_access_tokens(
    tmp_path: Path,
) -> None:
    # docmost: an MFA step's token (5m), a hand-over's (10s), a PDF renderer's (60s) and an
    # attachment link's (1h) are not its access tokens
    tokens = (
        "import { JwtService } from '@nestjs/jwt';\nexport class TokenService {\n"
        "  constructor(private jwtService: JwtService) {}\n"
        "  generateExchangeToken(p) { return this.jwtService.sign(p, { expiresIn: '10s' }); }\n"
        "  generateMfaToken(p) { return this.jwtService.sign(p, { expiresIn: '5m' }); }\n"
        "  generatePdfRenderToken(p) { return this.jwtService.sign(p, { expiresIn: '60s' }); }\n"
        "  generateAttachmentToken(p) { return this.jwtService.sign(p, { expiresIn: '1h' }); }\n}\n"
    )
    assert not [
        f
        for f in _read(tmp_path / "docmost", "src/token.service.ts", tokens).about("JWT901")
        if f.status != "skip"
    ]
    access = tokens.replace("generateMfaToken", "generateAccessToken")
    (found,) = [
        f
        for f in _read(tmp_path / "access", "src/token.service.ts", access).about("JWT901")
        if f.status != "skip"
    ]
    assert found.status == "warn" and found.line == 5
    # recaps: Flask-JWT-Extended configured, PyJWT signing: the extension's lifetime is unused
    config = "from datetime import timedelta\nJWT_ACCESS_TOKEN_EXPIRES = timedelta(hours=12)\n"
    model = (
        "import jwt, datetime\n"
        "# token = create_access_token(identity=user.id)\n"
        "def encode_auth_token(uid):\n"
        "    exp = datetime.datetime.utcnow() + datetime.timedelta(minutes=30)\n"
        "    return jwt.encode({'sub': uid, 'exp': exp}, KEY, algorithm='HS256')\n"
    )
    root = _tree(tmp_path / "recaps", {"config.py": config, "model.py": model})
    lifetimes = analyse([str(root)], env=None, limits=LIMITS).about("JWT901")
    assert not [f for f in lifetimes if "JWT_ACCESS_TOKEN_EXPIRES" in f.message]
    used = model.replace("# token = ", "token = ")
    root = _tree(tmp_path / "flask", {"config.py": config, "model.py": used})
    lifetimes = analyse([str(root)], env=None, limits=LIMITS).about("JWT901")
    assert [f.line for f in lifetimes if "JWT_ACCESS_TOKEN_EXPIRES" in f.message] == [2]


def test_round_p_revoke_routes_dummy_refreshes_and_apps_without_jwts(tmp_path: Path) -> None:
    # privacyIDEA's `/revoke` locks an OTP device and calibre-web's `/watch/revoke` stops a
    # Drive channel: no logout. calibre-web's Kobo `/v1/auth/refresh` answers random strings and
    # the app names no JWT: no refresh route.
    device = (
        "import base64, os\nfrom flask import Blueprint, jsonify\nbp = Blueprint('d', __name__)\n"
        "@bp.route('/v1/auth/refresh', methods=['POST'])\ndef handshake():\n"
        "    return jsonify({'AccessToken': base64.b64encode(os.urandom(24)).decode(),\n"
        "                    'RefreshToken': base64.b64encode(os.urandom(24)).decode()})\n"
        "@bp.route('/watch/revoke')\ndef revoke_watch():\n"
        "    config.watch = {}\n    config.save()\n"
    )
    report = _read(tmp_path / "calibre", "cps/kobo.py", device)
    assert not report.judged.get("JWT902") and not report.judged.get("JWT907")
    assert not report.about("JWT907") and not report.about("JWT902")
    # the same app signing JWTs: the refresh route counts; a revoke route naming the token is a
    # logout, a bare `/revoke` is not
    jwt_app = device.replace("import base64, os\n", "import base64, os\nimport jwt\n")
    report = _read(tmp_path / "jwt", "cps/kobo.py", jwt_app)
    assert report.judged.get("JWT902") == 1 and not report.about("JWT907")
    token_revoke = jwt_app.replace("'/watch/revoke'", "'/token/revoke'")
    report = _read(tmp_path / "token", "cps/kobo.py", token_revoke)
    assert report.judged.get("JWT907") == 1


def test_round_p_flask_refresh_setting_vueuse_storage_and_deleted_cookies(
    tmp_path: Path,
) -> None:
    # RiegoFlask: JWT_REFRESH_TOKEN_EXPIRES set, create_refresh_token never called
    app = (
        "from flask_jwt_extended import create_access_token\n"
        "@app.route('/login', methods=['POST'])\ndef login():\n"
        "    return {'access_token': create_access_token(identity=1)}\n"
    )
    config = "from datetime import timedelta\nJWT_REFRESH_TOKEN_EXPIRES = timedelta(days=30)\n"
    root = _tree(tmp_path / "riego", {"app.py": app, "config.py": config})
    (found,) = analyse([str(root)], env=None, limits=LIMITS).about("JWT902")
    assert found.status == "fail" and "create_access_token" in found.message
    # shrampybot: VueUse's useLocalStorage keeps both tokens in localStorage
    store = (
        "import { useLocalStorage } from '@vueuse/core';\n"
        "export const access = useLocalStorage('accessToken', '');\n"
        "export const refresh = useLocalStorage('refreshToken', '');\n"
        "export const theme = useLocalStorage('theme', 'dark');\n"
    )
    stored = _read(tmp_path / "vue", "src/stores/auth.ts", store).about("JWT905")
    assert [(f.line, f.status) for f in stored] == [(2, "fail"), (3, "fail")]
    assert "the refresh token in localStorage (VueUse's useLocalStorage)" in stored[1].message
    # olienttech: a page script that empties the cookie keeps no token
    page = (
        "export const logout = () => {\n  document.cookie = 'token=; max-age=0';\n"
        "  location.reload();\n};\n"
    )
    assert not _read(tmp_path / "page", "src/HomePage.tsx", page).about("JWT905")
    kept = page.replace("'token=; max-age=0'", "`token=${t}; path=/`")
    assert [
        f.status for f in _read(tmp_path / "kept", "src/HomePage.tsx", kept).about("JWT905")
    ] == ["fail"]


def test_round_p_a_public_key_is_pinned_to_its_own_algorithm_and_testing_folders_are_left_out(
    tmp_path: Path,
) -> None:
    # novu's `jwt.verify(token, publicKey)`: pinning HS256 there would break the check
    code = (
        "const jwt = require('jsonwebtoken');\n"
        "export const check = (token) => jwt.verify(token, process.env.IDP_PEM_PUBLIC_KEY);\n"
    )
    (found,) = _read(tmp_path / "a", "src/auth.js", code).about("JWT909")
    assert "['RS256']" in found.fix and "HS256" not in found.fix.replace("never an HS", "")
    secret = code.replace("IDP_PEM_PUBLIC_KEY", "JWT_SECRET")
    (found,) = _read(tmp_path / "b", "src/auth.js", secret).about("JWT909")
    assert "['HS256']" in found.fix
    # ... and `libs/testing/` is test code, like `tests/`
    assert not _read(tmp_path / "c", "libs/testing/src/session.js", code).about("JWT909")


def test_round_p_a_nest_module_default_that_every_signing_overrides_decides_nothing(
    tmp_path: Path,
) -> None:
    # novu: `signOptions: { expiresIn: 360000 }`, and each `jwtService.sign` gives its own
    module = (
        "import { JwtModule } from '@nestjs/jwt';\n"
        "export const auth = JwtModule.register({\n"
        "  secret: process.env.JWT_SECRET,\n  signOptions: { expiresIn: 360000 },\n});\n"
    )
    service = (
        "import { JwtService } from '@nestjs/jwt';\nexport class AuthService {\n"
        "  constructor(private jwtService: JwtService) {}\n"
        "  login(user) { return this.jwtService.sign({ sub: user.id }, { expiresIn: '15m' }); }\n"
        "}\n"
    )
    root = _tree(tmp_path / "a", {"src/auth.module.ts": module, "src/auth.service.ts": service})
    report = analyse([str(root)], env=None, limits=LIMITS)
    assert not report.about("JWT901") and report.judged["JWT901"] == 1
    # one signing that relies on the module's default: the default is what that token lives
    relying = service.replace(
        "}\n", "  other(user) { return this.jwtService.sign({ sub: 1 }); }\n}\n", 1
    )
    root = _tree(tmp_path / "b", {"src/auth.module.ts": module, "src/auth.service.ts": relying})
    (found,) = analyse([str(root)], env=None, limits=LIMITS).about("JWT901")
    assert found.file.endswith("auth.module.ts") and "4d 4h" in found.message


def test_round_p_a_param_decorator_that_returns_the_guards_user_first(tmp_path: Path) -> None:
    # novu's SubscriberSession: `if (req.user) return req.user;` (set by passport-jwt behind
    # AuthGuard), a decode only after it
    decorator = (
        "import { createParamDecorator } from '@nestjs/common';\nimport jwt from 'jsonwebtoken';\n"
        "export const Member = createParamDecorator((_data, ctx) => {\n"
        "  const req = ctx.switchToHttp().getRequest();\n"
        "  if (req.user) return req.user;\n"
        "  const token = req.headers.authorization.split(' ')[1];\n"
        "  return jwt.decode(token);\n});\n"
    )
    strategy = (
        "import { PassportStrategy } from '@nestjs/passport';\n"
        "import { ExtractJwt, Strategy } from 'passport-jwt';\n"
        "export class MemberStrategy extends PassportStrategy(Strategy, 'memberJwt') {\n"
        "  constructor() { super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),\n"
        "    secretOrKey: process.env.JWT_SECRET, algorithms: ['HS256'] }); }\n}\n"
    )
    files = {"src/member.decorator.ts": decorator, "src/member.strategy.ts": strategy}
    report = analyse([str(_tree(tmp_path / "a", files))], env=None, limits=LIMITS)
    assert not report.about("JWT910")
    # without a verifying strategy, the decode is what the route gets
    alone = {"src/member.decorator.ts": decorator}
    (found,) = analyse([str(_tree(tmp_path / "b", alone))], env=None, limits=LIMITS).about("JWT910")
    assert found.status == "fail" and found.line == 7


def test_round_q_fastapi_users_jwt_strategy_is_read(tmp_path: Path) -> None:
    # hr-api and pro-trader: fastapi-users' JWTStrategy (or a class made from it) signs the
    # access tokens of `get_auth_router`'s /login; the library has no refresh token
    auth = (
        "import os\n"
        "from fastapi_users import FastAPIUsers\n"
        "from fastapi_users.authentication import (\n"
        "    AuthenticationBackend, BearerTransport, JWTStrategy)\n"
        "LIFETIME = 7 * 24 * 3600\n"
        "class RoleJWTStrategy(JWTStrategy):\n"
        "    pass\n"
        "def get_jwt_strategy() -> JWTStrategy:\n"
        "    return RoleJWTStrategy(\n"
        "        secret=os.getenv('JWT_SECRET', 'SUPER_SECRET_JWT_KEY'),\n"
        "        lifetime_seconds=LIFETIME,\n"
        "    )\n"
        "auth_backend = AuthenticationBackend(name='jwt',\n"
        "    transport=BearerTransport('auth/jwt/login'), get_strategy=get_jwt_strategy)\n"
        "fastapi_users = FastAPIUsers(get_user_manager, [auth_backend])\n"
        "app.include_router(fastapi_users.get_auth_router(auth_backend), prefix='/auth/jwt')\n"
    )
    report = analyse([str(_tree(tmp_path / "a", {"app/auth.py": auth}))], env=None, limits=LIMITS)
    (lifetime,) = report.about("JWT901")
    assert (lifetime.status, lifetime.line) == ("warn", 9) and "7d" in lifetime.message
    (refresh,) = report.about("JWT902")
    assert (refresh.status, refresh.line) == ("fail", 9) and "fastapi-users" in refresh.message
    (secret,) = report.about("JWT908")
    assert (secret.status, secret.line) == ("fail", 10) and "JWT_SECRET" in secret.message
    # its /logout ends nothing with JWTStrategy
    (logout,) = report.about("JWT907")
    assert (logout.status, logout.line) == ("fail", 16) and "ends nothing" in logout.message
    assert "SUPER_SECRET" not in secret.message + secret.code
    # a refresh route of the app's own answers JWT902
    own = (
        auth
        + "@app.post('/auth/refresh')\ndef refresh(refresh_token: str):\n"
        + "    return rotate(refresh_token)\n"
    )
    report = analyse([str(_tree(tmp_path / "b", {"app/auth.py": own}))], env=None, limits=LIMITS)
    assert not report.about("JWT902")
    # lifetime_seconds=None never expires; another library's JWTStrategy is not read
    never = auth.replace("lifetime_seconds=LIFETIME", "lifetime_seconds=None")
    report = analyse([str(_tree(tmp_path / "c", {"app/auth.py": never}))], env=None, limits=LIMITS)
    assert [(f.status, "never expire" in f.message) for f in report.about("JWT901")] == [
        ("fail", True)
    ]
    # a strategy the server can end tokens with makes the logout a revocation
    redis = (
        auth + "def get_redis_strategy():\n    return RedisStrategy(redis, lifetime_seconds=3600)\n"
    )
    report = analyse([str(_tree(tmp_path / "e", {"app/auth.py": redis}))], env=None, limits=LIMITS)
    assert not report.about("JWT907")
    other = auth.replace("fastapi_users", "myauth")
    report = analyse([str(_tree(tmp_path / "d", {"app/auth.py": other}))], env=None, limits=LIMITS)
    assert not report.about("JWT901") and not report.about("JWT902")


def test_round_q_flask_class_based_views_are_routes(tmp_path: Path) -> None:
    # SendIt: `app.add_url_rule('/api/v1/login', view_func=LoginView.as_view('Login'))`
    views = (
        "from flask.views import MethodView\n"
        "from flask_jwt_extended import create_access_token, jwt_required, get_raw_jwt\n"
        "class LoginView(MethodView):\n"
        "    def post(self):\n"
        "        return {'token': create_access_token(identity=1, expires_delta=False)}\n"
        "class LogoutView(MethodView):\n"
        "    @jwt_required\n"
        "    def delete(self):\n"
        "        blacklist.add(get_raw_jwt()['jti'])\n"
        "        return {'message': 'bye'}\n"
        "app.add_url_rule('/api/v1/login', view_func=LoginView.as_view('Login'), methods=['POST'\n"
        "])\n"
        "app.add_url_rule('/api/v1/logout', 'Logout', LogoutView.as_view('Logout'))\n"
    )
    loader = (
        "@jwt.token_in_blacklist_loader\ndef check(token):\n    return token['jti'] in blacklist\n"
    )
    files = {"app/views.py": views, "app/__init__.py": loader}
    report = analyse([str(_tree(tmp_path / "a", files))], env=None, limits=LIMITS)
    (refresh,) = report.about("JWT902")
    assert (refresh.status, refresh.line) == ("fail", 5)
    # with no refresh token anywhere, the access token the logout blocklists is the session
    assert not report.about("JWT907") and report.judged.get("JWT907")
    # round R's BlueBookVehicle: a jti put in a set nothing reads (no blocklist loader, no lookup
    # of its own) revokes nothing
    report = analyse([str(_tree(tmp_path / "b", {"app/views.py": views}))], env=None, limits=LIMITS)
    (logout,) = report.about("JWT907")
    assert (logout.status, logout.line) == ("fail", 13) and "nothing checks" in logout.message
    # a lookup of the app's own (a decorator asking the set) checks it
    own = views + "def fresh(jti):\n    return jti not in blacklist\n"
    report = analyse([str(_tree(tmp_path / "c", {"app/views.py": own}))], env=None, limits=LIMITS)
    assert not report.about("JWT907")


def test_round_q_sveltekit_and_koa_server_cookies(tmp_path: Path) -> None:
    # svelte-csgo: SvelteKit's server `cookies` deleting the refresh cookie is no page script's
    # cookie; parkspot-frontend: `event.cookies.delete('refresh', {...})` is no refresh route
    logout = (
        "import type { Cookies } from '@sveltejs/kit';\n"
        "export function destroy(cookies: Cookies): void {\n"
        "  cookies.set('rf_token', '', { maxAge: -1, path: '/' });\n}\n"
    )
    route = (
        "import type { RequestHandler } from './$types';\nimport { json } from '@sveltejs/kit';\n"
        "export const POST: RequestHandler = (event) => {\n"
        "  event.cookies.delete('refresh', { path: '/' });\n"
        "  return json({ message: 'logged out' });\n};\n"
    )
    login = (
        "import { SignJWT } from 'jose';\nimport type { Actions } from './$types';\n"
        "export const actions: Actions = { default: async (event) => {\n"
        "  const refreshToken = await new SignJWT({ sub: '1' })\n"
        "    .setExpirationTime('7d').sign(key);\n"
        "  event.cookies.set('refresh', refreshToken, { path: '/' });\n"
        "  return { refreshToken };\n} };\n"
    )
    files = {
        "src/lib/auth/logout.ts": logout,
        "src/routes/logout/+server.ts": route,
        "src/routes/login/+page.server.ts": login,
    }
    report = analyse([str(_tree(tmp_path / "a", files))], env=None, limits=LIMITS)
    assert not report.about("JWT905") and report.judged.get("JWT905")
    (refresh,) = report.about("JWT902")
    assert refresh.status == "fail" and refresh.file.endswith("+page.server.ts")
    # Koa's ctx.cookies: httpOnly by default, SameSite not
    koa = (
        "const jwt = require('jsonwebtoken');\nmodule.exports = async (ctx) => {\n"
        "  const tokenAccess = jwt.sign({ id: 1 }, process.env.JWT_SECRET, { expiresIn: '15m' });\n"
        "  ctx.cookies.set('token_access', tokenAccess);\n};\n"
    )
    report = analyse([str(_tree(tmp_path / "b", {"api/login.js": koa}))], env=None, limits=LIMITS)
    (cookie,) = report.about("JWT905")
    assert cookie.status == "warn" and "sameSite" in cookie.message
    assert "httpOnly" not in cookie.message


def test_round_q_what_is_no_access_token_refresh(tmp_path: Path) -> None:
    # documenso: `refreshSession()` after an email verification reloads a cookie session; a
    # header taken apart on the server, a presigned link's token and an API key traded at a
    # token endpoint are no access tokens the frontend must refresh
    page = (
        "import React from 'react';\n"
        "export default function Verify({ token }) {\n"
        "  const { refreshSession } = useSession();\n"
        "  const verifyToken = async () => {\n"
        "    await authClient.verifyEmail({ token });\n"
        "    await refreshSession();\n  };\n"
        "  return <button onClick={verifyToken}>Verify</button>;\n}\n"
    )
    upload = (
        "import React from 'react';\n"
        "export const put = (options) => fetch('/api/upload', {\n"
        "  headers: { Authorization: `Bearer ${options.presignToken}` } });\n"
        "export const trade = (apiKey) => fetch('/api/v2/create-presign-token', {\n"
        "  method: 'POST', headers: { Authorization: `Bearer ${apiKey}` } });\n"
        "export const read = (authorization) => (authorization || '').split('Bearer ')[1];\n"
    )
    files = {"src/routes/verify.tsx": page, "src/lib/upload.ts": upload}
    report = analyse([str(_tree(tmp_path / "a", files))], env=None, limits=LIMITS)
    assert not report.about("JWT903") and not report.judged.get("JWT903")
    # an access token sent as such is still asked about
    sent = (
        upload
        + "export const get = (token) =>\n"
        + "  fetch('/api/me', { headers: { Authorization: `Bearer ${token}` } });\n"
    )
    files = {"src/routes/verify.tsx": page, "src/lib/upload.ts": sent}
    (found,) = analyse([str(_tree(tmp_path / "b", files))], env=None, limits=LIMITS).about("JWT903")
    assert found.status == "fail" and found.line == 8


def test_round_r_flask_restful_resource_decorator_is_a_route(tmp_path: Path) -> None:
    # DMS-Backend: `@api.resource('/refresh')` on a Resource under Flask-JWT-Extended 3's
    # `@jwt_refresh_token_required`, answering a new access token only
    views = (
        "from flask_restful import Api, Resource\n"
        "from flask_jwt_extended import create_access_token, create_refresh_token\n"
        "api = Api(Blueprint('auth', __name__))\n"
        "@api.resource('/auth')\nclass Auth(Resource):\n    def post(self):\n"
        "        return {'access_token': create_access_token(identity=1),\n"
        "                'refresh_token': create_refresh_token(identity=1)}\n"
        "@api.resource('/refresh')\nclass Refresh(Resource):\n"
        "    @jwt_refresh_token_required\n    def post(self):\n"
        "        return {'access_token': create_access_token(identity=get_jwt_identity())}\n"
    )
    report = analyse([str(_tree(tmp_path / "a", {"app/auth.py": views}))], env=None, limits=LIMITS)
    assert not report.about("JWT902") and report.judged.get("JWT902")
    (rotation,) = report.about("JWT906")
    assert (rotation.status, rotation.line) == ("fail", 9) and "no new refresh" in rotation.message


def test_round_s_deletions_examples_timers_and_hono(tmp_path: Path) -> None:
    # buguetter: a logout clearing the cookies (`value=""`, `expires=0`) stores no token
    views = (
        "from flask_jwt_extended import create_access_token\n"
        "def logout(response):\n"
        "    response.set_cookie(key='access_token_cookie', value='', expires=0)\n"
        "    response.set_cookie('refresh_token_cookie', '', expires=0)\n"
    )
    report = analyse([str(_tree(tmp_path / "a", {"views.py": views}))], env=None, limits=LIMITS)
    assert not report.about("JWT905")
    kept = views.replace("value=''", "value=token")
    report = analyse([str(_tree(tmp_path / "b", {"views.py": kept}))], env=None, limits=LIMITS)
    assert [f.line for f in report.about("JWT905")] == [3]
    # bwm: the committed pattern of a config production keeps out of the repository
    config = "import jwt\nSECRET_KEY = 'a-committed-example-key-of-some-length'\n"
    files = {"instance/example.config.py": config}
    assert not analyse([str(_tree(tmp_path / "c", files))], env=None, limits=LIMITS).about("JWT908")
    files = {"instance/config.py": config}
    assert analyse([str(_tree(tmp_path / "d", files))], env=None, limits=LIMITS).about("JWT908")
    # onyx's app: a timer refreshes ahead of any exp, through a helper
    client = (
        "import React from 'react';\nlet token = '';\nlet inFlight = null;\n"
        "export function refreshAccess() {\n"
        "  inFlight ??= fetch('/auth/refresh', { method: 'POST' }).then((r) => r.json())\n"
        "    .then((d) => { token = d.access_token; }).finally(() => { inFlight = null; });\n"
        "  return inFlight;\n}\n"
        "const attempt = () => refreshAccess().catch(() => {});\n"
        "setInterval(() => attempt(), 10 * 60 * 1000);\n"
        "export const api = (path) =>\n"
        "  fetch(path, { headers: { Authorization: `Bearer ${token}` } });\n"
    )
    report = analyse(
        [str(_tree(tmp_path / "e", {"src/client.ts": client}))], env=None, limits=LIMITS
    )
    assert not report.about("JWT903") and report.judged.get("JWT903")
    untimed = client.replace("setInterval(() => attempt(), 10 * 60 * 1000);\n", "")
    files = {"src/client.ts": untimed}
    (found,) = analyse([str(_tree(tmp_path / "f", files))], env=None, limits=LIMITS).about("JWT903")
    assert found.status == "fail"
    # hono-api: hono/jwt's sign in a login, no refresh anywhere
    app = (
        "import { Hono } from 'hono';\nimport { sign as signJwt } from 'hono/jwt';\n"
        "const app = new Hono();\n"
        "app.post('/login', async (c) => {\n"
        "  const payload = { sub: 'u1', exp: Math.floor(Date.now() / 1000) + 900 };\n"
        "  return c.json({ token: await signJwt(payload, process.env.JWT_SECRET) });\n});\n"
    )
    report = analyse([str(_tree(tmp_path / "g", {"src/index.ts": app}))], env=None, limits=LIMITS)
    (refresh,) = report.about("JWT902")
    assert (refresh.status, refresh.line) == ("fail", 6)


def test_round_s_a_login_handing_out_only_simplejwts_access_token(tmp_path: Path) -> None:
    # WFM-System: `token = RefreshToken.for_user(user)`, then only `token.access_token` answered
    views = (
        "from rest_framework_simplejwt.tokens import RefreshToken\n"
        "from rest_framework.decorators import api_view\n"
        "@api_view(['POST'])\ndef login(request):\n"
        "    return Response(new_token(authenticate(request)))\n"
        "def new_token(user):\n"
        "    token: RefreshToken = RefreshToken.for_user(user)\n"
        "    return {'access': str(token.access_token)}\n"
        "def check(data):\n    token = data.get('token')\n    return token\n"
    )
    urls = "from django.urls import path\nurlpatterns = [path('login', login)]\n"
    files = {"users/views.py": views, "users/urls.py": urls}
    (found,) = analyse([str(_tree(tmp_path / "a", files))], env=None, limits=LIMITS).about("JWT902")
    assert found.status == "fail" and "only the access token" in found.message
    # handing out the refresh token too: it goes unused
    pair = views.replace("{'access': str(token.access_token)}", "{'refresh': str(token)}")
    files = {"users/views.py": pair, "users/urls.py": urls}
    (found,) = analyse([str(_tree(tmp_path / "b", files))], env=None, limits=LIMITS).about("JWT902")
    assert found.status == "fail" and "hands out a refresh token" in found.message


def test_round_t_sets_of_codes_imports_unused_setters_and_backticks(tmp_path: Path) -> None:
    # my-blog-vite: the 401 asked through a set of codes; the refresh is not shared
    base = (
        "import React from 'react';\n"
        "import { fetchBaseQuery } from '@reduxjs/toolkit/query/react';\n"
        "export const raw = fetchBaseQuery({ prepareHeaders: (headers, { getState }) => {\n"
        "  headers.set('authorization', `Bearer ${getState().session.token}`);\n"
        "  return headers; } });\n"
        "const UNAUTHORIZED = new Set([401]);\n"
        "export async function withReauth(args, api, extra) {\n"
        "  let result = await raw(args, api, extra);\n"
        "  if (result.error && UNAUTHORIZED.has(result.error.status)) {\n"
        "    await raw({ url: '/auth/refresh', method: 'POST' }, api, extra);\n"
        "    result = await raw(args, api, extra);\n  }\n  return result;\n}\n"
    )
    (found,) = _read(tmp_path / "a", "src/api.ts", base).about("JWT903")
    assert (found.status, found.line) == ("warn", 9) and "starts its own refresh" in found.message
    # the-recipe-repo: create_refresh_token imported, never called, is no refresh token
    app = (
        "from flask_jwt_extended import (\n    create_access_token,\n"
        "    create_refresh_token,\n)\n"
        "@app.route('/login', methods=['POST'])\ndef login():\n"
        "    return {'token': create_access_token(identity='u')}\n"
    )
    (found,) = _read(tmp_path / "b", "app.py", app).about("JWT902")
    assert (found.status, found.line) == ("fail", 7)
    # Ghostify: a client class's token setter nothing calls sends no token
    client = (
        "export class Http {\n  headers = {};\n"
        "  setAuthToken(token) { this.headers.Authorization = `Bearer ${token}`; }\n"
        "  get(path) { return fetch(path, { headers: this.headers }); }\n}\n"
        "export const http = new Http();\n"
    )
    page = (
        "import React from 'react';\nimport { http } from './client';\n"
        "export const load = () => http.get('/api/items');\n"
    )
    react = '{"name": "web", "dependencies": {"react": "^18.2.0"}}'
    files = {"src/client.ts": client, "src/page.tsx": page, "package.json": react}
    assert not analyse([str(_tree(tmp_path / "c", files))], env=None, limits=LIMITS).about("JWT903")
    # called once, it sends one; the message quotes the template literal once, not doubled
    called = page + "export const enter = (t) => http.setAuthToken(t);\n"
    files = {"src/client.ts": client, "src/page.tsx": called, "package.json": react}
    (found,) = analyse([str(_tree(tmp_path / "d", files))], env=None, limits=LIMITS).about("JWT903")
    assert found.status == "fail" and found.message.startswith("`Bearer ${token}`: ")


def test_round_u_timers_dict_updates_comments_and_parameters(tmp_path: Path) -> None:
    # Office-Management: an RxJS timer posts the refresh token ahead of exp
    service = (
        "import { Injectable } from '@angular/core';\n"
        "import { HttpClient } from '@angular/common/http';\n"
        "import { timer } from 'rxjs';\n"
        "export class Session {\n  accessToken = '';\n  refreshToken = '';\n"
        "  constructor(private http: HttpClient) {}\n"
        "  headers() { return { Authorization: 'Bearer ' + this.accessToken }; }\n"
        "  start() {\n    timer(0, 290000).subscribe(() => {\n"
        "      this.http.post('/api/token/refresh/', { refresh: this.refreshToken })\n"
        "        .subscribe((r: any) => { this.accessToken = r.access; });\n    });\n  }\n}\n"
    )
    report = _read(tmp_path / "a", "src/session.service.ts", service)
    assert not report.about("JWT903") and report.judged.get("JWT903")
    # without the timer nothing refreshes
    still = service.replace("timer(0, 290000).subscribe(", "once(")
    (found,) = _read(tmp_path / "b", "src/session.service.ts", still).about("JWT903")
    assert found.status == "fail"
    # karrio: a cookie-options dict updated in a helper the logout calls retires no token
    views = (
        "from django.urls import path\n"
        "from rest_framework.response import Response\n"
        "from rest_framework_simplejwt import views as jwt_views\n"
        "def cookie_options(full=True):\n    options = dict(path='/')\n"
        "    if full:\n        options.update(max_age=int(LIFETIME.total_seconds()))\n"
        "    return options\n"
        "class LogoutView(jwt_views.TokenVerifyView):\n"
        "    def post(self, *args, **kwargs):\n"
        "        response = Response({'detail': 'bye'})\n"
        "        response.delete_cookie('refresh', path=cookie_options(full=False)['path'])\n"
        "        return response\n"
        "urlpatterns = [\n    path('api/token', jwt_views.TokenObtainPairView.as_view()),\n"
        "    path('api/token/refresh', jwt_views.TokenRefreshView.as_view()),\n"
        "    path('api/logout', LogoutView.as_view()),\n]\n"
    )
    # nor does a function of that name in a script the app serves (Python calls run Python)
    script = "function int(n) { this.tick.finishUpdate(n); }\n"
    files = {"app/urls.py": views, "app/static/widget.js": script}
    (found,) = analyse([str(_tree(tmp_path / "c", files))], env=None, limits=LIMITS).about("JWT907")
    assert found.status == "fail"
    # Tandoor: a comment about JWTs makes Django's SECRET_KEY no JWT secret
    settings = "import os\nSECRET_KEY = os.getenv('SECRET_KEY', 'insecure-default-value')\n"
    files = {"proj/settings.py": settings, "proj/adapter.py": "# handle JWT decode errors\nx = 1\n"}
    assert not analyse([str(_tree(tmp_path / "d", files))], env=None, limits=LIMITS).about("JWT908")
    files["proj/adapter.py"] = "import jwt\n"
    (found,) = analyse([str(_tree(tmp_path / "e", files))], env=None, limits=LIMITS).about("JWT908")
    assert found.status == "fail"
    # lifehub: the exp a caller in the file passes for a parameter
    maker = (
        "import datetime as dt\nimport jwt\n"
        "def make_token(user_id, expires_at):\n"
        "    return jwt.encode({'sub': user_id, 'exp': expires_at}, KEY, algorithm='HS256')\n"
        "def login(user_id):\n    expires_at = dt.datetime.now() + dt.timedelta(days=30)\n"
        "    return {'access_token': make_token(user_id, expires_at)}\n"
    )
    (found,) = _read(tmp_path / "f", "app/service.py", maker).about("JWT901")
    assert (found.status, found.line) == ("warn", 4) and "30d" in found.message
    # two callers passing two lifetimes: the code does not say which
    two = maker + "def remember(user_id):\n    return make_token(user_id, dt.datetime.now())\n"
    report = _read(tmp_path / "g", "app/service.py", two)
    assert not report.about("JWT901") and report.unread.get("JWT901") == 1
    # karrio: simplejwt's lifetime from a config call is set, not spelled out
    decouple = (
        "from datetime import timedelta\nfrom decouple import config\n"
        "SIMPLE_JWT = {'ACCESS_TOKEN_LIFETIME': timedelta(config('JWT_EXPIRY', default='30', "
        "cast=int))}\n"
    )
    report = _read(tmp_path / "h", "app/settings.py", decouple)
    assert not report.about("JWT901") and report.unread.get("JWT901") == 1


def test_an_async_verification_tested_without_await_passes_any_token(tmp_path: Path) -> None:
    # Teapot: the refresh route tests the Promise of an async check in another module
    check = (
        "import jwt from 'jsonwebtoken';\n"
        "export async function verifyRefresh(token: string, user: any) {\n"
        "  try { jwt.verify(token, process.env.REFRESH_SECRET!, { algorithms: ['HS256'] });\n"
        "    return true; } catch { return false; }\n}\n"
    )
    route = (
        "export async function refreshUser(req: any, res: any) {\n"
        "  if (verifyRefresh(req.cookies.refresh, req.body.user)) {\n"
        "    return res.json({ ok: true });\n  }\n  return res.status(401).end();\n}\n"
    )
    files = {"server/utils/token.ts": check, "server/utils/auth.ts": route}
    report = analyse([str(_tree(tmp_path / "a", files))], env=None, limits=LIMITS)
    (found,) = [f for f in report.about("JWT910") if f.status == "fail"]
    assert found.file.endswith("auth.ts") and found.line == 2 and "always true" in found.message
    # awaited, it is the result that is tested
    files["server/utils/auth.ts"] = route.replace("if (verifyRefresh", "if (await verifyRefresh")
    report = analyse([str(_tree(tmp_path / "b", files))], env=None, limits=LIMITS)
    assert not [f for f in report.about("JWT910") if f.status == "fail"]
    # a function of that name that is not async makes the call ambiguous: nothing is said
    sync = "function verifyRefresh(t: string) { return jwt.verify(t, K); }\n"
    files["server/utils/auth.ts"] = route + sync
    report = analyse([str(_tree(tmp_path / "c", files))], env=None, limits=LIMITS)
    assert not [f for f in report.about("JWT910") if f.status == "fail"]


def test_round_v_false_findings(tmp_path: Path) -> None:
    # frigate: joserfc's jwt.encode takes the header first; the claims hold the exp
    frigate = (
        "import time\nfrom joserfc import jwt\n"
        "def make(user, key):\n    return jwt.encode(\n"
        "        {'alg': 'HS256'}, {'sub': user, 'exp': int(time.time()) + 900}, key\n    )\n"
    )
    assert not _read(tmp_path / "a", "auth.py", frigate).about("JWT901")
    # formbricks: a call refreshing an invite's expiry is no token refresh before exp
    api = (
        "const token = sessionStorage.getItem('access');\n"
        "export const load = () => fetch('/api/items', "
        "{ headers: { Authorization: `Bearer ${token}` } });\n"
    )
    invites = (
        "import { refreshInviteExpiration, createInviteToken } from './invite-service';\n"
        "export const resend = async (id: string) => {\n"
        "  const invite = await refreshInviteExpiration(id);\n"
        "  return createInviteToken(id, invite.email);\n};\n"
    )
    page = "import { load } from './api';\nexport const items = () => load();\n"
    files = {"src/api.ts": api, "src/invites.ts": invites, "src/page.ts": page}
    (found,) = analyse([str(_tree(tmp_path / "b", files))], env=None, limits=LIMITS).about("JWT903")
    assert found.status == "fail"
    # vue-vben-admin: a mock backend the demo runs is no production code
    mock = (
        "import jwt from 'jsonwebtoken';\n"
        "export const sign = (u: object) => jwt.sign(u, 'access_token_secret', "
        "{ expiresIn: '7d' });\n"
    )
    for folder in ("mock", "apps/backend-mock"):
        report = _read(tmp_path / "c" / folder.replace("/", "_"), f"{folder}/utils/jwt.ts", mock)
        assert report.files == 0 and not report.findings
    # dashy: a logout writing the cookie to null stores no token
    logout = "export const logout = () => {\n  document.cookie = `${keys.AUTH_TOKEN}=null`;\n};\n"
    assert not _read(tmp_path / "d", "src/auth.js", logout).about("JWT905")
    # growthbook: a default the next statement refuses to run with in production
    secrets = (
        "import jwt from 'jsonwebtoken';\n"
        "export const JWT_SECRET = process.env.JWT_SECRET || 'dev';\n"
        "if (prod && JWT_SECRET === 'dev') {\n  throw new Error('set JWT_SECRET');\n}\n"
        "export const issue = (s: string) => jwt.sign({ s }, JWT_SECRET, { expiresIn: '15m' });\n"
    )
    assert not _read(tmp_path / "e", "src/secrets.ts", secrets).about("JWT908")
    compared = secrets.replace("{\n  throw new Error('set JWT_SECRET');\n}", "console.log(1);")
    (found,) = _read(tmp_path / "f", "src/secrets.ts", compared).about("JWT908")
    assert found.status == "fail"
    # formbricks: a link token whose purpose a constant names is no access token
    link = (
        "import jwt from 'jsonwebtoken';\nconst PURPOSE = 'email_verification';\n"
        "export const link = (email: string) => "
        "jwt.sign({ email, purpose: PURPOSE }, KEY, { expiresIn: '7d' });\n"
    )
    assert not _read(tmp_path / "g", "lib/jwt.ts", link).about("JWT901")
    # dashy: a widget's header named for another product carries that product's key
    widget = (
        "import Vue from 'vue';\nexport default {\n  data() { return { token: '' }; },\n"
        "  methods: { headers() { return { 'X-MON-TOKEN': this.token }; },\n"
        "    load() { return fetch(this.url, { headers: this.headers() }); } },\n};\n"
    )
    report = _read(tmp_path / "h", "src/components/Widget.js", widget + "localStorage.x = 1;\n")
    assert not report.about("JWT903")


def test_round_v_false_passes_and_misses(tmp_path: Path) -> None:
    # DocsGPT: verify_exp from a flag checks exp in one mode only: not counted as checked
    flagged = (
        "import jwt\ndef user(token, is_oidc):\n"
        "    return jwt.decode(token, KEY, algorithms=['HS256'], "
        "options={'verify_exp': is_oidc})\n"
    )
    report = _read(tmp_path / "a", "auth.py", flagged)
    assert not report.judged.get("JWT904") and report.unread.get("JWT904") == 1
    # DocsGPT: an OIDC back-channel logout is the provider's notice, not the user's logout
    routes = (
        "import os\nimport jwt\nfrom flask import redirect, jsonify, request\n"
        "def refresh():\n    c = jwt.decode(request.headers['Authorization'][7:], K, "
        "algorithms=['HS256'])\n    return jsonify(token=jwt.encode({'sub': c['sub']}, K))\n"
        "def backchannel():\n    denylist.deny_sid(request.form['sid'])\n    return '', 200\n"
        "def register(bp):\n"
        "    bp.add_url_rule('/auth/refresh', view_func=refresh, methods=['POST'])\n"
        "    bp.add_url_rule('/auth/backchannel-logout', view_func=backchannel, methods=['POST'])\n"
    )
    report = _read(tmp_path / "b", "routes.py", routes)
    assert not report.judged.get("JWT907") and not report.about("JWT907")
    # librephotos: simplejwt's refresh view routed with re_path
    urls = (
        "from django.urls import re_path\n"
        "from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView\n"
        "urlpatterns = [\n"
        "    re_path(r'^api/auth/token/obtain/$', TokenObtainPairView.as_view()),\n"
        "    re_path(r'^api/auth/token/refresh/$', TokenRefreshView.as_view()),\n]\n"
    )
    settings = "SIMPLE_JWT = {'ACCESS_TOKEN_LIFETIME': timedelta(minutes=15)}\n"
    files = {"proj/urls.py": urls, "proj/settings.py": settings}
    (found,) = analyse([str(_tree(tmp_path / "c", files))], env=None, limits=LIMITS).about("JWT906")
    assert (found.status, found.line) == ("fail", 5)
    # librephotos-frontend: universal-cookie keeping simplejwt's pair
    keep = (
        "import Cookies from 'universal-cookie';\n"
        "export function save(data) {\n  const cookies = new Cookies();\n"
        "  cookies.set('access', data.access);\n}\n"
    )
    (found,) = _read(tmp_path / "d", "src/session.ts", keep).about("JWT905")
    assert (found.status, found.line) == ("fail", 4)
    # ever-traduora: a name bound to process.env reads the environment
    config = (
        "import * as jwt from 'jsonwebtoken';\nconst env = process.env;\n"
        "export const config = { secret: env.TR_SECRET || 'secret' };\n"
        "export const issue = (s: string) =>\n"
        "  jwt.sign({ s }, config.secret, { expiresIn: '15m' });\n"
    )
    (found,) = _read(tmp_path / "e", "src/config.ts", config).about("JWT908")
    assert found.status == "fail" and "TR_SECRET" in found.message
    # yapi: a Koa controller's `this.ctx.cookies`
    controller = (
        "const jwt = require('jsonwebtoken');\nclass User {\n"
        "  async login(uid) {\n    const token = jwt.sign({ uid }, process.env.K, "
        "{ expiresIn: '15m' });\n"
        "    this.ctx.cookies.set('_app_token', token, { httpOnly: true });\n  }\n}\n"
    )
    (found,) = _read(tmp_path / "f", "server/controllers/user.js", controller).about("JWT905")
    assert found.status == "warn" and found.line == 5
    # growthbook: an audience that is the issuer's own address is the app's own token
    own = (
        "import jwt from 'jsonwebtoken';\nexport const make = (id: string) => jwt.sign("
        "{ scope: 'profile' }, process.env.K!, { audience: 'https://api.example.com', "
        "issuer: 'https://api.example.com', subject: id, expiresIn: 86400 });\n"
    )
    (found,) = _read(tmp_path / "g", "src/auth.ts", own).about("JWT901")
    assert found.status == "warn" and "1d" in found.message


def test_round_w_docstrings_options_objects_and_pre_decodes(tmp_path: Path) -> None:
    # praktikum-auth: a docstring saying "Token has been revoked" retires no refresh token
    refresh = (
        "from flask import Blueprint, jsonify\n"
        "from flask_jwt_extended import create_access_token, create_refresh_token, "
        "current_user, jwt_required\n"
        "bp = Blueprint('auth', __name__)\n"
        "@bp.post('/refresh')\n@jwt_required(refresh=True)\ndef refresh():\n"
        '    """Refresh tokens\n    ---\n    responses:\n      401:\n'
        '        description: Token has been revoked\n    """\n'
        "    return jsonify(access=create_access_token(identity=current_user), "
        "refresh=create_refresh_token(identity=current_user))\n"
    )
    (found,) = _read(tmp_path / "a", "auth.py", refresh).about("JWT906")
    assert found.status == "warn"
    # tiledesk: the sign options in an object of the function, with no expiresIn
    login = (
        "const jwt = require('jsonwebtoken');\nfunction login(req, res) {\n"
        "  var signOptions = { issuer: 'https://example.com', audience: 'https://example.com' };\n"
        "  res.json({ token: jwt.sign({ id: req.user.id }, process.env.K, signOptions) });\n}\n"
        "module.exports = { login };\n"
    )
    (found,) = _read(tmp_path / "b", "auth.js", login).about("JWT901")
    assert (found.status, found.line) == ("fail", 4)
    # logchimp: an object with a token key, stringified into localStorage
    store = (
        "export function setUser(p) {\n  localStorage.setItem('user', "
        "JSON.stringify({ authToken: p.authToken, name: p.name }));\n}\n"
    )
    (found,) = _read(tmp_path / "c", "src/store.js", store).about("JWT905")
    assert found.status == "fail" and "an object holding a token" in found.message
    plain = store.replace("authToken: p.authToken, ", "")
    assert not _read(tmp_path / "d", "src/store.js", plain).about("JWT905")
    # tiledesk: claims put aside on the request for passport-jwt, which verifies the token
    server = (
        "const jwt = require('jsonwebtoken');\nconst passport = require('passport');\n"
        "const { Strategy, ExtractJwt } = require('passport-jwt');\n"
        "function preDecode(req, res, next) {\n  const h = req.headers.authorization;\n"
        "  if (h) { req.preDecoded = jwt.decode(h.split(' ')[1]); }\n  next();\n}\n"
        "passport.use(new Strategy({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), "
        "secretOrKey: process.env.K, algorithms: ['HS256'] }, (p, done) => done(null, p)));\n"
        "module.exports = { preDecode };\n"
    )
    assert not _read(tmp_path / "e", "server.js", server).about("JWT910")
    # as the request's user it is an unverified read, whatever verifies elsewhere
    as_user = server.replace("req.preDecoded =", "req.user =")
    (found,) = _read(tmp_path / "f", "server.js", as_user).about("JWT910")
    assert found.status == "fail"
    # sarorient-pos: a fresh token awaited right before the header is written
    fetcher = (
        "import React from 'react';\n"
        "export const call = async (url, config) => {\n"
        "  const res = await makeRefreshToken();\n"
        "  config.headers = { Authorization: `Bearer ${res.access_token}` };\n"
        "  return fetch(url, config);\n};\n"
        "export const page = () => call('/api/items', {});\n"
    )
    report = _read(tmp_path / "g", "lib/fetchInstance.ts", fetcher)
    assert not report.about("JWT903") and report.judged.get("JWT903")


def test_a_jwt_module_under_another_name_is_read(tmp_path: Path) -> None:
    # chainlit: `import jwt as pyjwt`, the rules' `jwt.encode` and `jwt.decode` under an alias
    code = (
        "import datetime\nimport jwt as pyjwt\n\n"
        "def issue(uid, key):\n"
        "    return pyjwt.encode({'sub': uid, 'exp': datetime.datetime.utcnow() "
        "+ datetime.timedelta(days=30)}, key, algorithm='HS256')\n\n"
        "def read(token, key):\n"
        "    pyjwt.decode(token, key, algorithms=['HS256'], options={'verify_exp': False})\n"
    )
    report = _read(tmp_path / "a", "auth.py", code)
    (lifetime,) = report.about("JWT901")
    assert (lifetime.line, lifetime.column) == (5, 12)
    assert lifetime.code.startswith("return pyjwt.encode(")
    assert "`pyjwt.encode(…)`" in lifetime.message
    (expiry,) = report.about("JWT904")
    assert expiry.line == 8 and expiry.code.startswith("pyjwt.decode(")
    # python-jose's module under an alias, used at a line's start
    jose = code.replace("import jwt as pyjwt", "from jose import jwt as jose_jwt").replace(
        "pyjwt.", "jose_jwt."
    )
    assert _read(tmp_path / "b", "auth.py", jose).about("JWT904")
    # another module's attribute of that name is not the alias
    other = code.replace("pyjwt.decode", "self.pyjwt.decode")
    assert not _read(tmp_path / "c", "auth.py", other).about("JWT904")


def test_next_js_cookies_are_read_in_both_forms(tmp_path: Path) -> None:
    # sarorient-pos: a route handler's `res.cookies.set({ name, value, ...options })`
    login = (
        "import { NextResponse } from 'next/server';\n"
        "export async function POST() {\n  const res = NextResponse.json({ ok: true });\n"
        "  res.cookies.set({\n    name: 'refresh_token',\n    value: refreshToken,\n"
        "    httpOnly: true,\n    path: '/',\n  });\n  return res;\n}\n"
    )
    (found,) = _read(tmp_path / "a", "app/api/login/route.ts", login).about("JWT905")
    assert (found.status, found.line) == ("warn", 4)
    assert "refresh token cookie is set without secure, sameSite" in found.message
    assert found.fix.startswith("res.cookies.set({ name: 'refresh_token', value: token, ")
    # the logout's empty, expired cookie keeps no token
    logout = login.replace("value: refreshToken", "value: ''").replace("path", "maxAge: 0, path")
    assert not _read(tmp_path / "b", "app/api/logout/route.ts", logout).about("JWT905")
    # next/headers' cookie store, kept under a name of its own, with every flag set
    action = (
        "import { cookies } from 'next/headers';\nexport async function login(token: string) {\n"
        "  const cookieStore = await cookies();\n"
        "  cookieStore.set('session_token', token, { httpOnly: true, secure: true, "
        "sameSite: 'lax' });\n}\n"
    )
    report = _read(tmp_path / "c", "app/actions.ts", action)
    assert not report.about("JWT905") and report.judged.get("JWT905")
    # the same call outside Next.js's server code sets no cookie the rule knows
    other = action.replace("next/headers", "./store").replace("httpOnly: true, ", "")
    assert not _read(tmp_path / "d", "app/actions.ts", other).judged.get("JWT905")


def test_pinia_stores_persisting_a_token_are_read(tmp_path: Path) -> None:
    # a Nuxt setup store: `persist: true` keeps its state, not its actions (`setTokens`)
    setup = (
        "export const useAuth = defineStore('auth', () => {\n"
        "  const tokens = ref(null)\n  const user = ref(null)\n"
        "  function setTokens(t) { tokens.value = t }\n"
        "  const clear = () => { tokens.value = null }\n"
        "  return { tokens, user, setTokens, clear }\n}, {\n  persist: true,\n})\n"
    )
    (found,) = _read(tmp_path / "a", "stores/auth.ts", setup).about("JWT905")
    assert (found.status, found.line, found.code) == ("fail", 8, "persist: true,")
    assert "persists a token (tokens) to localStorage (a cookie under Nuxt)" in found.message
    # pinia-plugin-persist: sessionStorage unless told, and only the paths it names
    old = (
        "import { defineStore } from 'pinia';\nexport const useUser = defineStore({\n"
        "  id: 'user',\n  state() { return { token: '', theme: 'dark' } },\n"
        "  persist: { enabled: true, strategies: [{ paths: ['token'] }] },\n});\n"
    )
    (found,) = _read(tmp_path / "b", "src/store/user.js", old).about("JWT905")
    assert "persists a token (token) to sessionStorage" in found.message
    assert not _read(
        tmp_path / "c", "src/store/user.js", old.replace("['token']", "['theme']")
    ).about("JWT905")
    # a storage of the app's own says nothing of where the state goes
    own = old.replace("strategies: [{ paths: ['token'] }]", "strategies: [{ storage: vault }]")
    assert not _read(tmp_path / "d", "src/store/user.js", own).about("JWT905")
    # a cookie the plugin writes from the page is no safer
    cookie = (
        "export const useAuth = defineStore('auth', {\n  state: () => ({ refreshToken: '' }),\n"
        "  persist: { storage: piniaPluginPersistedstate.cookies({ maxAge: 3600 }) },\n})\n"
    )
    (found,) = _read(tmp_path / "e", "stores/auth.ts", cookie).about("JWT905")
    assert "persists the refresh token (refreshToken) to a cookie page scripts set" in found.message


def test_an_oidc_client_keeping_its_user_in_web_storage(tmp_path: Path) -> None:
    # dashy: oidc-client-ts's user (its access, refresh and ID tokens) kept in localStorage
    code = (
        "export const init = async () => {\n"
        "  const { UserManager, WebStorageStateStore } = await import('oidc-client-ts');\n"
        "  const settings = {\n"
        "    userStore: new WebStorageStateStore({ store: window.localStorage }),\n"
        "    authority: endpoint,\n  };\n  return new UserManager(settings);\n};\n"
    )
    (found,) = _read(tmp_path / "a", "src/utils/auth/OidcAuth.js", code).about("JWT905")
    assert (found.status, found.line) == ("fail", 4)
    assert "user's tokens (access, refresh, ID) in localStorage" in found.message
    assert "InMemoryWebStorage" in found.fix
    # a store of the app's own, or the sign-in's state alone, keeps no token there
    memory = code.replace("window.localStorage", "new InMemoryWebStorage()")
    assert not _read(tmp_path / "b", "src/utils/auth/OidcAuth.js", memory).about("JWT905")
    state = code.replace("userStore:", "stateStore:")
    assert not _read(tmp_path / "c", "src/utils/auth/OidcAuth.js", state).about("JWT905")


def test_round_x_header_writes_and_body_codes(tmp_path: Path) -> None:
    # HRHoudini: a response header written at logout revokes nothing
    logout = (
        "const express = require('express');\nconst router = express.Router();\n"
        "router.post('/logout', (req, res) => {\n  res.clearCookie('refreshToken');\n"
        "  res.set('Cache-Control', 'no-store');\n  res.status(200).end();\n});\n"
        "module.exports = router;\n"
    )
    (found,) = _read(tmp_path / "a", "server.js", logout).about("JWT907")
    assert found.status == "fail"
    headers = logout.replace("res.set('Cache-Control', 'no-store')", "res.headers.set('x-a', 'b')")
    (found,) = _read(tmp_path / "b", "server.js", headers).about("JWT907")
    assert found.status == "fail"
    # while a store's `set` still retires the token
    stored = logout.replace("res.set('Cache-Control', 'no-store')", "redis.set(`bl:${jti}`, 1)")
    assert not _read(tmp_path / "c", "server.js", stored).about("JWT907")
    # yudao: a backend answering 200 with `{ code: 401 }`, refreshed in the success handler,
    # the waiting requests' callbacks queued
    api = (
        "import axios from 'axios';\nconst service = axios.create({ baseURL: '/api' });\n"
        "let isRefreshToken = false;\nlet requestList = [];\n"
        "service.interceptors.request.use((config) => {\n"
        "  config.headers.Authorization = 'Bearer ' + getAccessToken();\n  return config;\n});\n"
        "service.interceptors.response.use(async (res) => {\n  const { code } = res.data;\n"
        "  if (code === 401) {\n    if (!isRefreshToken) {\n      isRefreshToken = true;\n"
        "      try {\n        const r = await refreshToken();\n        setToken(r.data.data);\n"
        "        requestList.forEach((cb) => cb());\n        return service(res.config);\n"
        "      } finally {\n        requestList = [];\n        isRefreshToken = false;\n      }\n"
        "    }\n    return new Promise((resolve) => {\n"
        "      requestList.push(() => resolve(service(res.config)));\n    });\n  }\n"
        "  return res.data;\n}, (error) => Promise.reject(error));\n"
        "function getAccessToken() { return localStorage.getItem('ACCESS_TOKEN'); }\n"
        "function refreshToken() { return axios.post('/api/auth/refresh-token'); }\n"
        "function setToken(t) { localStorage.setItem('ACCESS_TOKEN', t.accessToken); }\n"
        "export default service;\n"
    )
    report = _read(tmp_path / "d", "src/config/axios/service.ts", api)
    assert not report.about("JWT903") and report.judged.get("JWT903")
    # react-flask-postgre-app: a flag tested and set guards the retry; the others are turned away
    flagged = (
        "import React from 'react';\nimport axios from 'axios';\nlet refresh = false;\n"
        "axios.interceptors.response.use(resp => resp, async (error) => {\n"
        "  if (error.response.status === 401 && !refresh) {\n    refresh = true;\n"
        "    const response = await axios.post('/auth/refresh', {}, { withCredentials: true });\n"
        "    axios.defaults.headers.common['Authorization'] = "
        "`Bearer ${response.data.access_token}`;\n"
        "    return axios(error.config);\n  }\n  refresh = false;\n"
        "  return Promise.reject(error);\n});\n"
    )
    (found,) = _read(tmp_path / "e", "src/interceptors/axios.js", flagged).about("JWT903")
    assert found.status == "warn" and "the flag turns it away" in found.message
    # without the flag the retry refreshes again
    bare = flagged.replace(" && !refresh", "")
    (found,) = _read(tmp_path / "f", "src/interceptors/axios.js", bare).about("JWT903")
    assert "no retry-once flag" in found.message


def test_round_x_routes_records_and_unused_transports(tmp_path: Path) -> None:
    # fastapi-users-lib: a cookie transport no backend uses keeps no token
    transports = (
        "import os\nfrom fastapi_users.authentication import AuthenticationBackend, "
        "BearerTransport, CookieTransport, JWTStrategy\n"
        "cookie_transport = CookieTransport(cookie_max_age=3600)\n"
        "bearer_transport = BearerTransport(tokenUrl='auth/jwt/login')\n"
        "def get_jwt_strategy():\n"
        "    return JWTStrategy(secret=os.environ['AUTH_SECRET'], lifetime_seconds=1800)\n"
        "auth_backend = AuthenticationBackend(name='jwt', transport=bearer_transport, "
        "get_strategy=get_jwt_strategy)\n"
    )
    report = _read(tmp_path / "a", "auth.py", transports)
    assert not report.judged.get("JWT905") and not report.about("JWT905")
    used = transports.replace("transport=bearer_transport", "transport=cookie_transport")
    assert _read(tmp_path / "b", "auth.py", used).judged.get("JWT905")
    # microblog: `/logout/refresh` is a logout, and a record of the refused token is made
    # under `@jwt_required()`, which takes the access token only
    logout = (
        "from flask import Flask, jsonify\nfrom flask_jwt_extended import JWTManager, "
        "jwt_required, get_jwt, create_access_token, create_refresh_token, get_jwt_identity\n"
        "from models import InvalidToken\napp = Flask(__name__)\njwt = JWTManager(app)\n"
        "@jwt.token_in_blocklist_loader\ndef check(h, p):\n"
        "    return InvalidToken.is_invalid(p['jti'])\n"
        "@app.route('/api/login', methods=['POST'])\ndef login():\n"
        "    return jsonify(a=create_access_token(identity=1), "
        "r=create_refresh_token(identity=1))\n"
        "@app.route('/api/refresh', methods=['POST'])\n@jwt_required(refresh=True)\n"
        "def refresh():\n"
        "    return jsonify(token=create_access_token(identity=get_jwt_identity()))\n"
        "@app.route('/api/logout/refresh', methods=['POST'])\n@jwt_required()\n"
        "def logout_refresh():\n    jti = get_jwt()['jti']\n    try:\n"
        "        InvalidToken(jti=jti).save()\n        return jsonify(ok=True)\n"
        "    except Exception as err:\n        return jsonify(error=str(err)), 400\n"
    )
    report = _read(tmp_path / "c", "app.py", logout)
    (found,) = report.about("JWT907")
    assert (found.status, found.line) == ("warn", 16)
    assert "revokes the access token it is called with" in found.message
    (passed,) = [p for p in report.places.get("JWT902", ()) if p.file.endswith("app.py")]
    assert passed.line == 12  # the refresh route, not the logout's
    # NestJS-template: a logger's call and a Date's setters are no code the reader cannot follow
    controller = (
        "import { Controller, Post, Req, Res } from '@nestjs/common';\n"
        "import { AuthService } from './auth.service';\n@Controller('auth')\n"
        "export class AuthController {\n  constructor(private authService: AuthService) {}\n"
        "  @Post('logout')\n  async logout(@Req() req, @Res() res) {\n"
        "    return await this.authService.logout(req, res);\n  }\n}\n"
    )
    service = (
        "import { Injectable, Logger } from '@nestjs/common';\nimport { JwtService } from "
        "'@nestjs/jwt';\nconst logger = new Logger('Auth');\n@Injectable()\n"
        "export class AuthService {\n  constructor(private jwtService: JwtService) {}\n"
        "  async login(user, res) {\n    const token = await this.jwtService.signAsync("
        "{ sub: user.id }, { expiresIn: '15m' });\n"
        "    const refresh = await this.jwtService.signAsync({ sub: user.id }, "
        "{ expiresIn: '7d' });\n    return { token, refresh };\n  }\n"
        "  async logout(req, res) {\n    const expires = new Date();\n"
        "    expires.setMinutes(expires.getMinutes() - 1);\n"
        "    res.setCookie('refresh_token', '', { expires }).clearCookie('refresh_token');\n"
        "    logger.verbose('logged out');\n    return res.send({ ok: true });\n  }\n}\n"
    )
    files = {"src/auth/auth.controller.ts": controller, "src/auth/auth.service.ts": service}
    report = analyse([str(_tree(tmp_path / "d", files))], env=None, limits=LIMITS)
    (found,) = report.about("JWT907")
    assert found.status == "fail" and "does not revoke the refresh token" in found.message
    # a logout that clears nothing is not said to clear a cookie
    bare = (
        "const express = require('express');\nconst jwt = require('jsonwebtoken');\n"
        "const router = express.Router();\n"
        "router.post('/login', (req, res) => res.json({ token: jwt.sign({ id: 1 }, "
        "process.env.K, { expiresIn: '15m' }) }));\n"
        "router.post('/logout', (req, res) => res.json({ ok: true }));\nmodule.exports = router;\n"
    )
    (found,) = _read(tmp_path / "e", "routes/auth.js", bare).about("JWT907")
    assert "revokes nothing on the server" in found.message and "cookie" not in found.message
    # tokoku: next/headers' `cookies().set(...)`, shown as the call it is
    store = (
        "import { cookies } from 'next/headers';\nexport async function POST(req: Request) {\n"
        "  const { accessToken, refreshToken, _id } = await req.json();\n"
        "  cookies().set('token', JSON.stringify({ accessToken, refreshToken, _id }), "
        "{ httpOnly: true, secure: false, sameSite: 'strict', maxAge: 60 * 60 * 24 * 7 });\n"
        "  return Response.json({ ok: true });\n}\n"
    )
    (found,) = _read(tmp_path / "f", "app/api/storeToken/route.ts", store).about("JWT905")
    assert found.message.startswith("`cookies().set(…)`: the refresh token cookie is set without")


def test_round_y_old_decorators_codes_and_nest_options(tmp_path: Path) -> None:
    # grocery_inventory_backend: Flask-JWT-Extended 3's `@jwt_refresh_token_required` logout
    # revokes the refresh token; `abort` and an app's own `ApiResponse()` are followed
    app = (
        "from flask import Flask, abort\nfrom flask_jwt_extended import JWTManager, jwt_required, "
        "jwt_refresh_token_required, create_access_token, create_refresh_token, get_raw_jwt, "
        "get_jwt_identity\nfrom models import RevokedToken\nfrom responses import ApiResponse\n"
        "app = Flask(__name__)\njwt = JWTManager(app)\n"
        "@jwt.token_in_blacklist_loader\ndef is_revoked(decrypted):\n"
        "    return RevokedToken.is_jti_blacklisted(decrypted['jti'])\n"
        "@app.route('/login', methods=['POST'])\ndef login():\n"
        "    return {'a': create_access_token('u'), 'r': create_refresh_token('u')}\n"
        "@app.route('/refresh-access', methods=['POST'])\n@jwt_refresh_token_required\n"
        "def refresh_access():\n    res = ApiResponse()\n    try:\n"
        "        res.data = create_access_token(identity=get_jwt_identity())\n"
        "    except Exception:\n        abort(500)\n    return res\n"
        "@app.route('/logout-access', methods=['POST'])\n@jwt_required\ndef logout_access():\n"
        "    RevokedToken(jti=get_raw_jwt()['jti']).save()\n    return {}\n"
        "@app.route('/logout-refresh', methods=['POST'])\n@jwt_refresh_token_required\n"
        "def logout_refresh():\n    RevokedToken(jti=get_raw_jwt()['jti']).save()\n    return {}\n"
    )
    report = _read(tmp_path / "a", "app.py", app)
    assert not report.about("JWT907") and report.judged.get("JWT907") == 2
    (found,) = report.about("JWT906")
    assert found.status == "fail" and found.line == 13
    # saltcorn: a code handed over once is no access token, whatever its lifetime
    code = (
        "const jwt = require('jsonwebtoken');\nconst OAUTH_CODE_TTL = '60s';\n"
        "const mintOAuthSessionCode = (email) =>\n"
        "  jwt.sign({ email }, process.env.JWT_SECRET, { expiresIn: OAUTH_CODE_TTL });\n"
        "module.exports = { mintOAuthSessionCode };\n"
    )
    assert not _read(tmp_path / "b", "auth/routes.js", code).about("JWT901")
    access = code.replace("mintOAuthSessionCode", "mintAccessToken").replace("OAUTH_CODE", "A")
    (found,) = _read(tmp_path / "c", "auth/routes.js", access).about("JWT901")
    assert found.status == "warn"
    # alwahid_project: JwtService.verify with an options object and no algorithms
    nest = (
        "import { Injectable } from '@nestjs/common';\nimport { JwtService } from '@nestjs/jwt';\n"
        "@Injectable()\nexport class AuthService {\n"
        "  constructor(private readonly jwtService: JwtService) {}\n"
        "  check(token: string) {\n    return this.jwtService.verify(token, "
        "{ ignoreExpiration: false, secret: process.env.JWT_SECRET });\n  }\n}\n"
    )
    (found,) = _read(tmp_path / "d", "src/auth.service.ts", nest).about("JWT909")
    assert found.status == "warn" and found.line == 7
    pinned = nest.replace("ignoreExpiration: false", "algorithms: ['HS256']")
    report = _read(tmp_path / "e", "src/auth.service.ts", pinned)
    assert not report.about("JWT909") and report.judged.get("JWT909")
    # memword-server: Hono's deleteCookie in a helper is a cookie cleared, and a response made
    # by `c.newResponse(...)` is followed
    hono = (
        "import { Hono } from 'hono';\nimport { sign } from 'hono/jwt';\n"
        "import { deleteCookie } from 'hono/cookie';\nconst app = new Hono();\n"
        "const clearAuthCookie = (c) => deleteCookie(c, 'auth', { path: '/' });\n"
        "app.post('/signin', async (c) => c.json({ token: await sign({ sub: 1 }, "
        "process.env.K) }));\n"
        "app.get('/signout', (c) => {\n  clearAuthCookie(c);\n"
        "  return c.newResponse(null, { status: 204 });\n});\nexport default app;\n"
    )
    (found,) = _read(tmp_path / "f", "src/api/sign.ts", hono).about("JWT907")
    assert found.status == "fail" and "(a cookie cleared)" in found.message


def test_a_storage_helper_is_read_at_its_calls(tmp_path: Path) -> None:
    # HRHoudini: `writeLS(key, val)` writes what it is given; its calls say what is kept
    helper = (
        "const LSK = { access: 'access_token', exp: 'access_token_expiry' };\n"
        "function writeLS(key: string, val: string) {\n"
        "  if (typeof window === 'undefined') return;\n"
        "  window.localStorage.setItem(key, val);\n}\n"
        "export function setTokens(accessToken: string, exp: number) {\n"
        "  writeLS(LSK.access, accessToken);\n  writeLS(LSK.exp, String(exp));\n"
        "  writeLS('theme', 'dark');\n}\n"
    )
    (found,) = _read(tmp_path / "a", "lib/auth/tokens.ts", helper).about("JWT905")
    assert (found.status, found.line) == ("fail", 7)
    assert found.message.startswith("`writeLS(LSK.access, accessToken)`: a token in localStorage")
    # an arrow helper that prefixes the key
    arrow = (
        "const put = (key, value) => window.localStorage.setItem('app.' + key, value);\n"
        "export async function login(data) {\n  put('refresh_token', data.refresh_token);\n}\n"
    )
    (found,) = _read(tmp_path / "b", "src/login.js", arrow).about("JWT905")
    assert found.line == 3 and "the refresh token in localStorage" in found.message
    # a helper whose calls keep no token says nothing
    quiet = arrow.replace("put('refresh_token', data.refresh_token)", "put('lang', data.lang)")
    assert not _read(tmp_path / "c", "src/login.js", quiet).about("JWT905")


def test_round_z_casts_codes_pages_and_bound_fallbacks(tmp_path: Path) -> None:
    # kener: a lifetime behind a TypeScript cast, a fallback secret bound to a constant
    # whose name spells its value
    kener = (
        'import jwt from "jsonwebtoken";\nconst DUMMY_SECRET = "DUMMY_SECRET";\n'
        "export const GenerateToken = (data: object) =>\n"
        '  jwt.sign(data, process.env.KENER_SECRET_KEY || DUMMY_SECRET, { expiresIn: "1y" } '
        "as jwt.SignOptions);\n"
    )
    report = _read(tmp_path / "a", "src/commonController.ts", kener)
    (lifetime,) = report.about("JWT901")
    assert "live 1y" in lifetime.message
    (secret,) = report.about("JWT908")
    assert secret.status == "fail" and "KENER_SECRET_KEY is not set" in secret.message
    assert all("DUMMY_SECRET" not in f.code + f.message for f in report.findings)
    # a cookie's options checked with `satisfies`
    cookie = (
        'import { serialize, type SerializeOptions } from "cookie";\n'
        'import jwt from "jsonwebtoken";\nexport function login(id: string) {\n'
        '  const token = jwt.sign({ sub: id }, process.env.K!, { expiresIn: "30m" });\n'
        '  const options = { maxAge: 1800, path: "/" } satisfies SerializeOptions;\n'
        '  return { "set-cookie": serialize("auth", token, options) };\n}\n'
    )
    (found,) = _read(tmp_path / "b", "app/session.server.ts", cookie).about("JWT905")
    assert found.status == "fail" and "without httpOnly" in found.message
    # vue3-element-admin: a refresh on the API's own error code, shared through a store's method
    store = (
        "import { defineStore } from 'pinia';\nlet refreshPromise: Promise<void> | null = null;\n"
        "export const useUserStore = defineStore('user', () => {\n"
        "  function refreshTokenOnce(): Promise<void> {\n"
        "    refreshPromise ??= refreshToken().finally(() => { refreshPromise = null; });\n"
        "    return refreshPromise;\n  }\n  return { refreshTokenOnce };\n});\n"
        "function refreshToken() { return fetch('/api/auth/refresh-token'); }\n"
    )
    request = (
        "import axios from 'axios';\nimport { useUserStore } from '@/stores/user';\n"
        "const http = axios.create();\nhttp.interceptors.request.use((config) => {\n"
        "  config.headers.Authorization = `Bearer ${sessionStorage.getItem('at')}`;\n"
        "  return config;\n});\nhttp.interceptors.response.use((r) => r, async (error) => {\n"
        "  const { config, response } = error;\n"
        "  if (response.data.code === 'A0230' && !config._retried) {\n"
        "    config._retried = true;\n    await useUserStore().refreshTokenOnce();\n"
        "    return http(config);\n  }\n  return Promise.reject(error);\n});\n"
    )
    files = {"src/stores/user.ts": store, "src/utils/request.ts": request}
    report = analyse([str(_tree(tmp_path / "c", files))], env=None, limits=LIMITS)
    assert not report.about("JWT903") and report.judged.get("JWT903")
    # Hemmelig: the page a single-page app shows at /signout is no logout
    page = (
        "const fastify = require('fastify')();\nconst jwt = require('jsonwebtoken');\n"
        "function serveIndex(_, reply) { return reply.html(); }\n"
        "fastify.post('/signin', async () => ({ token: jwt.sign({ id: 1 }, process.env.K, "
        "{ expiresIn: '15m' }) }));\nfastify.get('/signout', serveIndex);\n"
    )
    report = _read(tmp_path / "d", "server.js", page)
    assert not report.about("JWT907") and not report.judged.get("JWT907")
    # baserow: an error interceptor that names a refresh token in an error code, and makes a
    # 401 page, refreshes nothing: it is no 401 handler to judge
    errors = (
        "import axios from 'axios';\nconst client = axios.create();\n"
        "client.interceptors.request.use((c) => { c.headers.Authorization = "
        "`JWT ${localStorage.getItem('token')}`; return c; });\n"
        "client.interceptors.response.use(null, (error) => {\n"
        "  if (error.response?.data?.error === 'ERROR_INVALID_REFRESH_TOKEN') {\n"
        "    showError({ statusCode: 401, message: 'User session expired' });\n"
        "  }\n  return Promise.reject(error);\n});\n"
    )
    report = _read(tmp_path / "e", "src/plugins/client.js", errors)
    assert not any("retry-once" in f.message for f in report.about("JWT903"))


def test_round_aa_a_debug_branch_sliding_tokens_and_an_alg_taken_from_the_header(
    tmp_path: Path,
) -> None:
    # Quiero_regresar_a_casa: the literal key only where `DEBUG is True`, production's read
    # has no default
    debug = (
        "import jwt\nfrom main.settings.core import DEBUG\nif DEBUG is True:\n"
        "    SECRET_KEY = 'dev-only-key-of-sixty-six-characters-0123456789abcdef'\n"
        "else:\n    SECRET_KEY = environ['SECRET_KEY']\n"
    )
    assert not _read(tmp_path / "a", "settings/secret_key.py", debug).about("JWT908")
    # Flagsmith: simplejwt's SlidingToken is the token sent; its lifetime is
    # SLIDING_TOKEN_LIFETIME, ACCESS_TOKEN_LIFETIME is never read
    sliding = (
        "from datetime import timedelta\nSIMPLE_JWT = {\n"
        "    'AUTH_TOKEN_CLASSES': ['rest_framework_simplejwt.tokens.SlidingToken'],\n"
        "    'SLIDING_TOKEN_LIFETIME': timedelta(hours=10),\n}\n"
    )
    (found,) = _read(tmp_path / "b", "app/settings/common.py", sliding).about("JWT901")
    assert "SLIDING_TOKEN_LIFETIME" in found.message and "10h" in found.message
    assert "'SLIDING_TOKEN_LIFETIME': timedelta(minutes=15)" in found.fix
    pair = (
        "from datetime import timedelta\n"
        "SIMPLE_JWT = {'ACCESS_TOKEN_LIFETIME': timedelta(hours=10)}\n"
    )
    (found,) = _read(tmp_path / "c", "settings.py", pair).about("JWT901")
    assert "ACCESS_TOKEN_LIFETIME" in found.message
    # parse-server: `algorithms: algorithm`, destructured from the token's own header; a key's
    # alg (`const { alg } = jwk`) is a pin
    adapter = (
        "const jwt = require('jsonwebtoken');\n"
        "async function verifyIdToken(token, clientId) {\n"
        "  const { kid: keyId, alg: algorithm } = authUtils.getHeaderFromToken(token);\n"
        "  const key = await getKey(keyId);\n"
        "  return jwt.verify(token, key, { algorithms: algorithm, audience: clientId });\n}\n"
        "async function verifyWithKey(token, jwk) {\n  const { alg } = jwk;\n"
        "  return jwt.verify(token, jwk.pem, { algorithms: [alg] });\n}\n"
    )
    report = _read(tmp_path / "d", "src/Adapters/Auth/apple.js", adapter)
    assert [(f.line, "header" in f.message) for f in report.about("JWT909")] == [(5, True)]


def test_round_aa_refresh_routes_by_what_they_verify_and_a_refresh_no_token_reaches(
    tmp_path: Path,
) -> None:
    # SAKIB-PK: the tutorial's `POST /token` verifies the refresh token and answers a new
    # access token only
    server = (
        "const express = require('express');\nconst jwt = require('jsonwebtoken');\n"
        "const app = express();\nlet refreshTokens = [];\n"
        "app.post('/token', (req, res) => {\n  const refreshToken = req.body.token;\n"
        "  if (!refreshTokens.includes(refreshToken)) return res.sendStatus(403);\n"
        "  jwt.verify(refreshToken, process.env.REFRESH_TOKEN_SECRET, (err, user) => {\n"
        "    res.json({ accessToken: jwt.sign({ name: user.name }, process.env.ACCESS, "
        "{ expiresIn: '15m' }) });\n  });\n});\n"
        "app.post('/login', (req, res) => {\n"
        "  const refreshToken = jwt.sign({ name: req.body.name }, process.env.REFRESH);\n"
        "  refreshTokens.push(refreshToken);\n  res.json({ refreshToken });\n});\n"
    )
    report = _read(tmp_path / "a", "server.js", server)
    assert [(f.line, f.status) for f in report.about("JWT906")] == [(5, "fail")]
    # Sign-Lang-Tutor: the login makes access tokens only (create_refresh_token commented out),
    # so its @jwt_required(refresh=True) route is reached by no token: nothing to rotate
    views = (
        "from flask import Blueprint, jsonify\n"
        "from flask_jwt_extended import create_access_token, get_jwt_identity, jwt_required\n"
        "token = Blueprint('token', __name__)\n"
        "@token.route('/login', methods=['POST'])\ndef login():\n"
        "    access_token = create_access_token(identity='u')\n"
        "    #  refresh_token = create_refresh_token(identity=email)\n"
        "    return jsonify(access_token=access_token)\n"
        "@token.route('/refresh', methods=['POST'])\n@jwt_required(refresh=True)\n"
        "def refresh():\n"
        "    return jsonify(access_token=create_access_token(identity=get_jwt_identity()))\n"
    )
    report = _read(tmp_path / "b", "api/routes/token.py", views)
    assert not report.about("JWT906") and not report.judged.get("JWT906")
    made = views.replace(
        "    #  refresh_token = create_refresh_token", "    refresh_token = create_refresh_token"
    )
    report = _read(
        tmp_path / "c",
        "api/routes/token.py",
        made.replace("get_jwt_identity,", "get_jwt_identity, create_refresh_token,"),
    )
    assert [f.status for f in report.about("JWT906")] == ["fail"]


def test_files_of_languages_not_read_are_counted_and_said(tmp_path: Path) -> None:
    # incluser/testwork: a Go service read as "0 source files", with no word of why
    _tree(
        tmp_path / "a", {"cmd/main.go": "package main\n", "internal/auth/jwt.go": "package auth\n"}
    )
    report = analyse([str(tmp_path / "a")], env=None, limits=LIMITS)
    assert report.files == 0 and report.other_languages == (("Go", 2),)


def test_round_aa_a_nest_module_without_expires_in_signs_tokens_that_never_expire(
    tmp_path: Path,
) -> None:
    # amplication: `this.jwtService.sign(payload)` of a literal payload without exp, and the
    # server's JwtModule.registerAsync gives no signOptions; another app of the monorepo gives
    # its own expiresIn, and the API token (revoked through the store) is no session's
    service = (
        "import { JwtService } from '@nestjs/jwt';\nexport class AuthService {\n"
        "  constructor(private readonly jwtService: JwtService) {}\n"
        "  async prepareToken(user: AuthUser): Promise<string> {\n"
        "    const payload: JwtDto = { userId: user.id, roles: [] };\n"
        "    return this.jwtService.sign(payload);\n  }\n"
        "  async prepareApiToken(user: AuthUser, tokenId: string): Promise<string> {\n"
        "    const payload: JwtDto = { userId: user.id, type: EnumTokenType.ApiToken, tokenId };\n"
        "    return this.jwtService.sign(payload);\n  }\n}\n"
    )
    module = (
        "import { JwtModule } from '@nestjs/jwt';\n@Module({ imports: [JwtModule.registerAsync({\n"
        "  useFactory: (c: ConfigService) => ({ secret: c.get('JWT_SECRET')%s }),\n"
        "  inject: [ConfigService],\n})] })\nexport class AuthModule {}\n"
    )
    files = {
        "packages/server/src/auth/auth.service.ts": service,
        "packages/server/src/auth/auth.module.ts": module % "",
        "packages/gateway/src/auth/auth.module.ts": module % ", signOptions: { expiresIn }",
    }
    report = analyse([str(_tree(tmp_path / "a", files))], env=None, limits=LIMITS)
    assert [(f.file.rsplit("/", 1)[-1], f.line, f.status) for f in report.about("JWT901")] == [
        ("auth.service.ts", 6, "fail")
    ]
    # the server's own module gives the default: the module's rule judges it
    files["packages/server/src/auth/auth.module.ts"] = module % ", signOptions: { expiresIn }"
    report = analyse([str(_tree(tmp_path / "b", files))], env=None, limits=LIMITS)
    assert not report.about("JWT901")
    # no module read: what it gives is not said
    del (
        files["packages/server/src/auth/auth.module.ts"],
        files["packages/gateway/src/auth/auth.module.ts"],
    )
    report = analyse([str(_tree(tmp_path / "c", files))], env=None, limits=LIMITS)
    assert not report.about("JWT901") and report.unread.get("JWT901")


def test_round_aa_an_oauth_client_refreshing_its_own_grant_is_no_frontend_refresh(
    tmp_path: Path,
) -> None:
    # amplication: a git provider's service refreshes its Bitbucket grant with the app's
    # client secret before it expires; the page only sends `Bearer ${token}` and never
    # handles a 401
    provider = (
        "import axios from 'axios';\nexport class BitBucketService {\n"
        "  private shouldRefreshToken(): boolean {\n"
        "    return this.auth.expiresAt - Date.now() < 5 * 60 * 1000;\n  }\n"
        "  async refreshAccessTokenIfNeeded() {\n"
        "    if (!this.shouldRefreshToken()) { return this.auth; }\n"
        "    const tokens = await refreshTokenRequest(this.clientId, this.clientSecret, "
        "this.auth.refreshToken);\n    this.auth.accessToken = tokens.access_token;\n"
        "    return this.auth;\n  }\n}\n"
    )
    client = (
        "import axios from 'axios';\nconst http = axios.create();\n"
        "http.interceptors.request.use((config) => {\n"
        "  config.headers.Authorization = `Bearer ${localStorage.getItem('token')}`;\n"
        "  return config;\n});\nexport default http;\n"
    )
    files = {
        "libs/git/src/bitbucket.service.ts": provider,
        "packages/client/src/http.tsx": client,
    }
    report = analyse([str(_tree(tmp_path / "a", files))], env=None, limits=LIMITS)
    assert [f.status for f in report.about("JWT903")] == ["fail"]
    assert not report.judged.get("JWT903")


def test_round_aa_a_default_exported_config_function_is_followed(tmp_path: Path) -> None:
    # dev-SR's template: the refresh handler's service calls `appConfig()`, its config module's
    # default export (`export default () => ({ ... })`): read, not a call it cannot follow
    controller = (
        "import { Controller, Get, Req } from '@nestjs/common';\n"
        "import appConfig from 'src/config/app.config';\n"
        "@Controller('auth')\nexport class AuthController {\n"
        "  constructor(private authService: AuthService) {}\n"
        "  @Get('/refresh_token')\n  async refreshToken(@Req() req) {\n"
        "    const refresh_token = req.cookies.refresh_token;\n"
        "    return { access_token: await this.authService.refreshToken(refresh_token) };\n"
        "  }\n}\n"
    )
    service = (
        "import { JwtService } from '@nestjs/jwt';\n"
        "import appConfig from 'src/config/app.config';\nexport class AuthService {\n"
        "  constructor(private jwtService: JwtService) {}\n"
        "  async refreshToken(refresh_token: string) {\n"
        "    const { id } = await this.jwtService.verifyAsync(refresh_token, "
        "{ secret: appConfig().refreshSecret, algorithms: ['HS256'] });\n"
        "    return this.jwtService.signAsync({ id }, { secret: appConfig().accessSecret, "
        "expiresIn: '15m' });\n  }\n}\n"
    )
    config = "export default () => ({\n  accessSecret: process.env.ACCESS_SECRET,\n});\n"
    files = {
        "src/auth/auth.controller.ts": controller,
        "src/auth/auth.service.ts": service,
        "src/config/app.config.ts": config,
    }
    report = analyse([str(_tree(tmp_path / "a", files))], env=None, limits=LIMITS)
    assert [(f.line, f.status) for f in report.about("JWT906")] == [(6, "fail")]


def test_round_ab_session_secrets_f_string_routes_koa_jwt_and_chained_fallbacks(
    tmp_path: Path,
) -> None:
    # nango: express-session's secret signs a session cookie, no JWT
    sessions = (
        "import session from 'express-session';\nimport jwt from 'jsonwebtoken';\n"
        "export const s = session({ secret: process.env.ADMIN_KEY || 'nango', resave: false });\n"
        "export const opts = { secret: process.env.JWT_SECRET || 'supersecret' };\n"
    )
    found = _read(tmp_path / "a", "lib/clients/auth.client.ts", sessions).about("JWT908")
    assert [f.line for f in found] == [4]
    # SantiagoMedical: `@app.route(f'{base_route}/refresh')`, a prefix interpolated
    app = (
        "from flask import Flask, jsonify\n"
        "from flask_jwt_extended import create_access_token, create_refresh_token, "
        "get_jwt_identity, jwt_required\n"
        "app = Flask(__name__)\nbase_route = '/api'\n"
        "@app.route(f'{base_route}/login', methods=['POST'])\ndef login():\n"
        "    return jsonify(access=create_access_token(identity=1), "
        "refresh=create_refresh_token(identity=1))\n"
        "@app.route(f'{base_route}/refresh', methods=['POST'])\n@jwt_required(refresh=True)\n"
        "def refresh():\n"
        "    return jsonify(access_token=create_access_token(identity=get_jwt_identity()))\n"
    )
    report = _read(tmp_path / "b", "app.py", app)
    assert [(f.line, f.status) for f in report.about("JWT906")] == [(8, "fail")]
    # mofu-server: koa-jwt's middleware verifies with no algorithms list
    koa = (
        "import jwt from 'koa-jwt';\n"
        "export default jwt({ secret: process.env.JWT_SECRET, tokenKey: 'token' });\n"
        "export const pinned = jwt({ secret: process.env.JWT_SECRET, algorithms: ['HS256'] });\n"
    )
    found = _read(tmp_path / "c", "server/middlewares/jwt.js", koa).about("JWT909")
    assert [f.line for f in found] == [2]
    # teable: a fallback after a chain of environment reads
    config = (
        "import { registerAs } from '@nestjs/config';\nimport { JwtService } from '@nestjs/jwt';\n"
        "export const authConfig = registerAs('auth', () => ({ jwt: {\n"
        "  secret: process.env.BACKEND_JWT_SECRET ?? process.env.SECRET_KEY ?? 'defaultKey0123',\n"
        "}, session: {\n  secret: process.env.SESSION_SECRET ?? 'sessionKey0123',\n},\n"
        "cookieOptions: { secret: 'abc' } }));\n"
    )
    (secret,) = _read(tmp_path / "d", "src/configs/auth.config.ts", config).about("JWT908")
    assert "BACKEND_JWT_SECRET" in secret.message and "defaultKey0123" not in secret.code


def test_round_ab_dj_rest_auths_views_with_jwt_on(tmp_path: Path) -> None:
    # sireesbrl: dj-rest-auth's LoginView hands out simplejwt's pair with USE_JWT, and no route
    # refreshes; its LogoutView only clears the cookies without simplejwt's token_blacklist
    settings = (
        "INSTALLED_APPS = ['rest_framework', 'rest_framework_simplejwt', 'dj_rest_auth']\n"
        "REST_AUTH = {'USE_JWT': True, 'JWT_AUTH_COOKIE': 'access-token', "
        "'JWT_AUTH_REFRESH_COOKIE': 'refresh-token'}\n"
    )
    urls = (
        "from django.urls import path\nfrom dj_rest_auth.views import LoginView, LogoutView\n"
        "urlpatterns = [\n    path('jwt/login/', LoginView.as_view(), name='login'),\n"
        "    path('jwt/logout/', LogoutView.as_view(), name='logout'),\n]\n"
    )
    files = {"config/settings.py": settings, "auth/urls.py": urls}
    report = analyse([str(_tree(tmp_path / "a", files))], env=None, limits=LIMITS)
    assert [(f.id, f.line) for f in report.findings if f.id in ("JWT902", "JWT907")] == [
        ("JWT902", 4),
        ("JWT907", 5),
    ]
    # with the blacklist app and dj-rest-auth's own routes (its token/refresh/ among them)
    files["config/settings.py"] = settings.replace(
        "'dj_rest_auth']", "'dj_rest_auth', 'rest_framework_simplejwt.token_blacklist']"
    )
    files["urls.py"] = (
        "from django.urls import include, path\n"
        "urlpatterns = [path('auth/', include('dj_rest_auth.urls'))]\n"
    )
    report = analyse([str(_tree(tmp_path / "b", files))], env=None, limits=LIMITS)
    assert not [f for f in report.findings if f.id in ("JWT902", "JWT907")]
    assert report.judged.get("JWT907") == 1
    # token authentication (no USE_JWT): dj-rest-auth's logout deletes the DRF token
    files["config/settings.py"] = "INSTALLED_APPS = ['rest_framework', 'dj_rest_auth']\n"
    report = analyse([str(_tree(tmp_path / "c", files))], env=None, limits=LIMITS)
    assert not [f for f in report.findings if f.id in ("JWT902", "JWT907")]


def test_round_ac_a_ternary_lifetime_and_a_refresh_read_past_a_validator(
    tmp_path: Path,
) -> None:
    # moerradi: `expiresIn: twofa ? '5m' : '3d'`, a choice between two literals
    service = (
        "import { JwtService } from '@nestjs/jwt';\nexport class AuthService {\n"
        "  constructor(private jwtService: JwtService) {}\n"
        "  login(user, twofa: boolean) {\n"
        "    return this.jwtService.sign({ sub: user.id }, { expiresIn: twofa ? '5m' : '3d' });\n"
        "  }\n  ok(user, twofa: boolean) {\n"
        "    return this.jwtService.sign({ sub: user.id }, { expiresIn: twofa ? '15m' : '1h' });\n"
        "  }\n}\n"
    )
    (found,) = _read(tmp_path / "a", "src/auth/auth.service.ts", service).about("JWT901")
    assert found.line == 5 and "3d" in found.message
    # Kushtra: zod's `parseAsync` checks the cookie, and the bare `sign(...)` is jsonwebtoken's,
    # not the RefreshToken entity's `sign()` method: the handler answers a new access token only
    controller = (
        "import { Controller, Post, Req } from '@nestjs/common';\n"
        "import { sign, verify } from 'jsonwebtoken';\n"
        "@Controller('auth')\nexport class AuthController {\n"
        "  @Post('refresh')\n  async refreshToken(@Req() request) {\n"
        "    const raw = await TokenRefreshValidator.parseAsync(request.cookies.refreshToken);\n"
        "    const decoded = verify(raw, process.env.REFRESH, { algorithms: ['HS256'] });\n"
        "    return { accessToken: this.generateAccessToken(decoded.id) };\n  }\n"
        "  private generateAccessToken(id: number): string {\n"
        "    return sign({ id }, process.env.ACCESS, { expiresIn: '15m' });\n  }\n}\n"
    )
    entity = (
        "import { sign } from 'jsonwebtoken';\nexport class RefreshToken {\n"
        "  sign(): string {\n    return sign({ id: this.id }, process.env.REFRESH);\n  }\n}\n"
    )
    files = {"src/auth/auth.controller.ts": controller, "src/auth/refreshToken.entity.ts": entity}
    report = analyse([str(_tree(tmp_path / "b", files))], env=None, limits=LIMITS)
    assert [(f.line, f.status) for f in report.about("JWT906")] == [(5, "fail")]
    assert "no new refresh token" in report.about("JWT906")[0].message


def test_round_ac_a_lookup_by_the_refresh_token_and_its_cookie_getter_issue_none(
    tmp_path: Path,
) -> None:
    # northwind: `_getRefreshTokenCookie(req)` reads the cookie, `getUserByRefreshToken(token)`
    # finds its user (through Hasura), and `moment.utc()` and `res.jsonp` are no unknown code
    controller = (
        "import { Controller, Post, Req, Res } from '@nestjs/common';\n"
        "@Controller('auth')\nexport class AuthController {\n"
        "  @Post('token/refresh')\n  async refreshToken(@Req() req, @Res() res) {\n"
        "    const refreshToken = this._getRefreshTokenCookie(req);\n"
        "    const token = await this.authService.refreshToken(refreshToken);\n"
        "    if (token) res.status(200).jsonp(token);\n"
        "    else res.status(401).send('Unauthorized.');\n  }\n"
        "  _getRefreshTokenCookie(req) {\n"
        "    return new URLSearchParams(req.headers.cookie).get('refresh_token');\n  }\n}\n"
    )
    service = (
        "import { JwtService } from '@nestjs/jwt';\nexport class AuthService {\n"
        "  constructor(private jwtService: JwtService) {}\n"
        "  async refreshToken(refreshToken: string) {\n"
        "    const user = await this.usersService.getUserByRefreshToken(refreshToken);\n"
        "    return user ? { access_token: this.jwtService.sign({ sub: user.userId }) } : null;\n"
        "  }\n}\n"
    )
    users = (
        "export class UsersService {\n  async getUserByRefreshToken(refreshToken: string) {\n"
        "    const now = moment.utc().format();\n"
        "    return this.users.findOne({ refreshToken, expiresAt: { gt: now } });\n  }\n}\n"
    )
    files = {
        "api/src/auth/auth.controller.ts": controller,
        "api/src/auth/auth.service.ts": service,
        "api/src/users/users.service.ts": users,
    }
    report = analyse([str(_tree(tmp_path / "a", files))], env=None, limits=LIMITS)
    (found,) = report.about("JWT906")
    assert found.line == 4 and "no new refresh token" in found.message


def test_round_ac_an_api_checking_a_providers_tokens_has_no_logout_to_judge(
    tmp_path: Path,
) -> None:
    # fhir-server: tokens of an identity provider, checked against its JWKS; no login, refresh or
    # signing of the service's own; `/logout` clears the local cookie, `/logout_action` sends the
    # user to the provider's logout
    app = (
        "const express = require('express');\nconst { ExtractJwt, Strategy } = "
        "require('passport-jwt');\nconst jwksRsa = require('jwks-rsa');\n"
        "const app = express();\n"
        "passport.use(new Strategy({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),\n"
        "  secretOrKeyProvider: jwksRsa.passportJwtSecret({ jwksUri: process.env.JWKS_URL }),\n"
        "  algorithms: ['RS256'] }, (payload, done) => done(null, payload)));\n"
        "app.get('/logout', (req, res) => { res.clearCookie('jwt'); res.redirect('/'); });\n"
        "app.get('/logout_action', (req, res) => {\n"
        "  res.redirect(`${process.env.AUTH_URL}/logout?client_id=${process.env.CLIENT_ID}`);\n"
        "});\n"
    )
    report = _read(tmp_path / "a", "src/app.js", app)
    assert not report.about("JWT907") and not report.judged.get("JWT907")
    # the same logout in a service that signs its own tokens is judged
    own = app + (
        "const jwt = require('jsonwebtoken');\napp.post('/login', (req, res) => res.json({ "
        "token: jwt.sign({ id: 1 }, process.env.K, { expiresIn: '15m' }) }));\n"
    )
    assert _read(tmp_path / "b", "src/app.js", own).about("JWT907")


def test_round_ac_nuxts_cookie_module_set_by_a_page_script(tmp_path: Path) -> None:
    # northwind: a Vuex store action keeps the access token with cookie-universal-nuxt
    store = (
        "export const actions = {\n  async login({ commit }, credentials) {\n"
        "    const { access_token } = await this.$axios.$post('/auth/token', credentials);\n"
        "    this.app.$cookies.set('access_token', access_token, { path: '/' });\n"
        "    this.$cookies.set('theme', 'dark');\n  },\n};\n"
    )
    found = _read(tmp_path / "a", "web/store/auth.js", store).about("JWT905")
    assert [(f.line, f.status) for f in found] == [(4, "fail")]


def test_round_ad_a_401_message_an_invite_token_and_a_delete_of_the_refresh_route(
    tmp_path: Path,
) -> None:
    # Ahmad-Hanki: a login action turns a 401 into a message; nothing is refreshed or retried
    action = (
        "'use server';\nexport async function signIn(state, formData) {\n"
        "  const response = await fetch(`${BACKEND_URL}/auth/signin`, { method: 'POST' });\n"
        "  if (response.ok) { return { ok: true }; }\n"
        "  return { message: response.status === 401 ? 'Invalid Credentials!' : "
        "response.statusText };\n}\n"
        "export const refreshToken = async (old) => fetch(`${BACKEND_URL}/auth/refresh`, "
        "{ method: 'POST', headers: { Authorization: `Bearer ${old}` } });\n"
    )
    report = _read(tmp_path / "a", "apps/web/lib/auth.ts", action)
    assert not any("401" in f.message for f in report.about("JWT903"))
    # medusa: a registration token sent once to accept an invite, in a cookie-session dashboard
    invites = (
        "import { useMutation } from '@tanstack/react-query';\n"
        "export const useAcceptInvite = (inviteToken: string) => useMutation({\n"
        "  mutationFn: (payload: { token: string }) => fetch('/admin/invites/accept', {\n"
        "    method: 'POST', headers: { Authorization: `Bearer ${payload.token}` } }),\n});\n"
    )
    assert not _read(tmp_path / "b", "src/hooks/api/invites.tsx", invites).about("JWT903")
    # django-wms: `router.delete("/refresh_token", signOut)` is the logout, and it only clears
    # the cookie
    routes = (
        "const router = require('express').Router();\nconst jwt = require('jsonwebtoken');\n"
        "const signOut = (req, res) => {\n  res.clearCookie('refresh_token');\n"
        "  res.sendStatus(204);\n};\n"
        "router.post('/login', (req, res) => res.json({ token: jwt.sign({ id: 1 }, "
        "process.env.K, { expiresIn: '15m' }) }));\n"
        "router.delete('/refresh_token', signOut);\nmodule.exports = router;\n"
    )
    found = _read(tmp_path / "c", "server/routes/auth-routes.js", routes).about("JWT907")
    assert [(f.line, f.status) for f in found] == [(8, "fail")]


def test_round_ae_an_exp_read_from_a_date_moved_ahead(tmp_path: Path) -> None:
    # the RealWorld apps: `exp.setDate(today.getDate() + 60)` then `exp: exp.getTime() / 1000`
    # (NestJS), and `dt = datetime.now() + timedelta(days=60)`, `'exp': int(dt.strftime('%s'))`
    service = (
        "import * as jwt from 'jsonwebtoken';\nexport class UserService {\n"
        "  public generateJWT(user) {\n    let today = new Date();\n"
        "    let exp = new Date(today);\n    exp.setDate(today.getDate() + 60);\n"
        "    return jwt.sign({ id: user.id, exp: exp.getTime() / 1000 }, SECRET);\n  }\n"
        "  public shortJWT(user) {\n    const exp = new Date();\n"
        "    exp.setMinutes(exp.getMinutes() + 15);\n"
        "    return jwt.sign({ id: user.id, exp: Math.floor(exp.getTime() / 1000) }, SECRET);\n"
        "  }\n}\n"
    )
    found = _read(tmp_path / "a", "src/user/user.service.ts", service).about("JWT901")
    assert [(f.line, "60d" in f.message) for f in found] == [(7, True)]
    model = (
        "import jwt\nfrom datetime import datetime, timedelta\nfrom django.conf import settings\n"
        "class User:\n    def _generate_jwt_token(self):\n"
        "        dt = datetime.now() + timedelta(days=60)\n"
        "        token = jwt.encode({'id': self.pk, 'exp': int(dt.strftime('%s'))}, "
        "settings.SECRET_KEY, algorithm='HS256')\n        return token\n"
    )
    (found_py,) = _read(tmp_path / "b", "conduit/apps/authentication/models.py", model).about(
        "JWT901"
    )
    assert found_py.line == 7 and "60d" in found_py.message


def test_round_af_a_flask_view_named_by_its_package_path_is_read(tmp_path: Path) -> None:
    # singouins: `app.add_url_rule('/auth/refresh', view_func=routes.auth.refresh)`, the view
    # a function of routes/auth/refresh.py that issues only a new access token
    main = (
        "from flask import Flask\nfrom flask_jwt_extended import JWTManager\nimport routes.auth\n"
        "app = Flask(__name__)\njwt = JWTManager(app)\n"
        "app.add_url_rule('/auth/login', methods=['POST'], view_func=routes.auth.login)\n"
        "app.add_url_rule('/auth/refresh', methods=['POST'], view_func=routes.auth.refresh)\n"
    )
    # (the login decodes the refresh token it has just made, to store its jti: no refresh)
    login = (
        "from flask import jsonify\n"
        "from flask_jwt_extended import create_access_token, create_refresh_token, decode_token\n"
        "def login():\n    refresh_token = create_refresh_token(identity=1)\n"
        "    r.set(decode_token(refresh_token)['jti'], 1)\n"
        "    return jsonify({'access_token': create_access_token(identity=1),\n"
        "                    'refresh_token': refresh_token})\n"
    )
    refresh = (
        "from flask import jsonify\n"
        "from flask_jwt_extended import jwt_required, get_jwt_identity, create_access_token\n"
        "@jwt_required(refresh=True)\ndef refresh():\n"
        "    return jsonify({'access_token': create_access_token(identity=get_jwt_identity())})\n"
    )
    init = "from .login import login\nfrom .refresh import refresh\n"
    files = {
        "api/main.py": main,
        "api/routes/auth/__init__.py": init,
        "api/routes/auth/login.py": login,
        "api/routes/auth/refresh.py": refresh,
    }
    report = analyse([str(_tree(tmp_path / "a", files))], env=None, limits=LIMITS)
    (rotation,) = report.about("JWT906")
    assert rotation.file.endswith("api/main.py") and (rotation.line, rotation.status) == (7, "fail")
    assert [p.line for p in report.places["JWT902"]] == [7]
    # a refresh view that issues a new refresh token too rotates it
    rotating = refresh.replace(
        "create_access_token\n", "create_access_token, create_refresh_token\n"
    ).replace(
        "get_jwt_identity())})",
        "get_jwt_identity()),\n        'refresh_token': create_refresh_token(identity=1)})",
    )
    files["api/routes/auth/refresh.py"] = rotating
    report = analyse([str(_tree(tmp_path / "b", files))], env=None, limits=LIMITS)
    assert not [f for f in report.about("JWT906") if "no new refresh token" in f.message]


def test_round_af_a_jose_span_from_now_is_a_lifetime(tmp_path: Path) -> None:
    # saas-starter: `.setExpirationTime('1 day from now')`, jose's own spelling of a span
    session = (
        "import { SignJWT } from 'jose';\n"
        "const key = new TextEncoder().encode(process.env.AUTH_SECRET);\n"
        "export async function signToken(payload) {\n  return await new SignJWT(payload)\n"
        "    .setProtectedHeader({ alg: 'HS256' })\n    .setIssuedAt()\n"
        "    .setExpirationTime('1 day from now')\n    .sign(key);\n}\n"
    )
    (found,) = _read(tmp_path / "a", "lib/auth/session.ts", session).about("JWT901")
    assert found.line == 4 and "1d" in found.message
    short = session.replace("'1 day from now'", "'+15 minutes from now'")
    assert not _read(tmp_path / "b", "lib/auth/session.ts", short).about("JWT901")
    # a span in the past is no lifetime this reads: said unread, not "no token signing"
    past = session.replace("'1 day from now'", "'1 day ago'")
    report = _read(tmp_path / "c", "lib/auth/session.ts", past)
    assert not report.about("JWT901") and report.unread.get("JWT901")


def test_round_af_one_request_refreshed_once_races_nothing(tmp_path: Path) -> None:
    # puromisu: the app's one protected call, in a component's effect: on 403 it refreshes and
    # sends the same fetch again; no wrapper other requests share, so no race to warn of
    context = (
        "import { useEffect } from 'react';\nimport useRefresh from '../hooks/useRefresh';\n"
        "export const AuthProvider = ({ children }) => {\n  useEffect(() => {\n"
        "    const fetchUser = async () => {\n"
        "      let res = await fetch(`${API}/content`, { credentials: 'include' });\n"
        "      if (res.status === 403) {\n        const refresh = await useRefresh();\n"
        "        res = await fetch(`${API}/content`, { credentials: 'include' });\n      }\n"
        "      setUser(await res.json());\n    };\n    fetchUser();\n  }, []);\n};\n"
    )
    hook = (
        "export default async function useRefresh() {\n"
        "  const r = await fetch(`${API}/auth/refresh`, { method: 'POST', credentials: 'include',\n"
        "    headers: { Authorization: `Bearer ${localStorage.getItem('t')}` } });\n"
        "  return r.json();\n}\n"
    )
    app = "import { AuthProvider } from './context/AuthContext';\nexport default AuthProvider;\n"
    files = {
        "src/App.jsx": app,
        "src/context/AuthContext.jsx": context,
        "src/hooks/useRefresh.js": hook,
    }
    report = analyse([str(_tree(tmp_path / "a", files))], env=None, limits=LIMITS)
    assert not report.about("JWT903") and report.judged.get("JWT903")
    # a wrapper that sends the URL it is given is shared by every request: it races
    wrapper = context.replace(
        "const fetchUser = async () => {", "const fetchUser = async (url) => {"
    )
    wrapper = wrapper.replace("`${API}/content`", "url")
    files["src/context/AuthContext.jsx"] = wrapper
    report = analyse([str(_tree(tmp_path / "b", files))], env=None, limits=LIMITS)
    (race,) = report.about("JWT903")
    assert race.status == "warn" and "race" in race.message


def test_round_af_a_token_set_as_the_bare_authorization_header_is_sent(tmp_path: Path) -> None:
    # mern-ecommerce: `axios.defaults.headers.common['Authorization'] = token` (the server
    # reads the bare token), and a 401 only signs out
    token = (
        "import axios from 'axios';\nconst setToken = token => {\n  if (token) {\n"
        "    axios.defaults.headers.common['Authorization'] = token;\n  } else {\n"
        "    delete axios.defaults.headers.common['Authorization'];\n  }\n};\n"
        "export default setToken;\n"
    )
    app = (
        "import axios from 'axios';\nimport setToken from './utils/token';\n"
        "export const login = async (form) => {\n"
        "  const response = await axios.post('/api/auth/login', form);\n"
        "  localStorage.setItem('token', response.data.token);\n"
        "  setToken(response.data.token);\n};\n"
    )
    package = '{"dependencies": {"react": "^18.0.0", "axios": "^1.0.0"}}'
    files = {
        "client/package.json": package,
        "client/app/utils/token.js": token,
        "client/app/index.js": app,
    }
    report = analyse([str(_tree(tmp_path / "a", files))], env=None, limits=LIMITS)
    (missing,) = report.about("JWT903")
    assert (missing.status, missing.line) == ("fail", 4)
    # a header set to something else (a language) sends no token
    other = token.replace("['Authorization'] = token", "['Accept-Language'] = lang")
    files["client/app/utils/token.js"] = other
    report = analyse([str(_tree(tmp_path / "b", files))], env=None, limits=LIMITS)
    assert not report.about("JWT903")


def test_round_af_a_passport_strategys_refresh_token_is_the_providers(tmp_path: Path) -> None:
    # mern-ecommerce: `new GoogleStrategy({...}, (accessToken, refreshToken, profile, done) =>
    # ...)` names the provider's refresh token; the service's login still issues one token
    # with no refresh route
    passport = (
        "const GoogleStrategy = require('passport-google-oauth2').Strategy;\n"
        "passport.use(new GoogleStrategy({ clientID, clientSecret, callbackURL },\n"
        "  (accessToken, refreshToken, profile, done) => { done(null, profile); }));\n"
    )
    routes = (
        "const express = require('express');\nconst jwt = require('jsonwebtoken');\n"
        "const router = express.Router();\n"
        "router.post('/login', async (req, res) => {\n"
        "  const token = jwt.sign({ id: req.body.id }, process.env.JWT_SECRET, "
        "{ expiresIn: '15m' });\n"
        "  res.json({ token: `Bearer ${token}` });\n});\nmodule.exports = router;\n"
    )
    files = {"server/config/passport.js": passport, "server/routes/auth.js": routes}
    report = analyse([str(_tree(tmp_path / "a", files))], env=None, limits=LIMITS)
    (missing,) = report.about("JWT902")
    assert missing.status == "fail" and missing.file.endswith("server/routes/auth.js")
    # a service refresh token of its own still counts as one
    own = routes.replace(
        "module.exports", "router.post('/refresh-token', refresh);\nmodule.exports"
    )
    files["server/routes/auth.js"] = own
    report = analyse([str(_tree(tmp_path / "b", files))], env=None, limits=LIMITS)
    assert not [f for f in report.about("JWT902") if f.status == "fail"]


def test_round_af_a_storage_helper_of_a_service_is_followed_to_its_callers(
    tmp_path: Path,
) -> None:
    # EvalAI: an AngularJS service's `this.storeData = function(key, value) {
    # localStorage.setItem(key, JSON.stringify(value)) }`, called from the controllers as
    # `utilities.storeData('refreshJWT', response.data.token)`
    service = (
        "angular.module('app').service('utilities', function() {\n"
        "  this.storeData = function(key, value) {\n"
        "    localStorage.setItem(key, JSON.stringify(value));\n  };\n"
        "  this.storeData('emailError', 'none');\n});\n"
    )
    controller = (
        "angular.module('app').controller('AuthCtrl', function(utilities, $http) {\n"
        "  $http.post('/auth/login', this.form).then(function(response) {\n"
        "    utilities.storeData('userKey', response.data.token);\n"
        "    utilities.storeData('theme', response.data.theme);\n  });\n});\n"
    )
    package = '{"dependencies": {"angular": "^1.8.0"}}'
    files = {
        "frontend/package.json": package,
        "frontend/src/js/services/services.js": service,
        "frontend/src/js/controllers/authCtrl.js": controller,
    }
    report = analyse([str(_tree(tmp_path / "a", files))], env=None, limits=LIMITS)
    (stored,) = report.about("JWT905")
    assert stored.file.endswith("controllers/authCtrl.js") and stored.line == 3
    assert "localStorage" in stored.message
    # a method named as commonly as `setItem` is not looked for in other files
    common = {name: text.replace("storeData", "setItem") for name, text in files.items()}
    report = analyse([str(_tree(tmp_path / "b", common))], env=None, limits=LIMITS)
    assert not report.about("JWT905")


def test_round_af_a_python_refresh_token_signed_with_the_access_secret(tmp_path: Path) -> None:
    # ems-python: create_access_token and create_refresh_token both `jwt.encode(...,
    # settings.JWT_SECRET, ...)` (python-jose), so either token is accepted as the other
    security = (
        "from datetime import datetime, timedelta\nfrom jose import jwt\n"
        "from api.core.config import settings\n"
        "async def create_access_token(data, expiry: timedelta):\n"
        "    payload = {**data, 'exp': datetime.utcnow() + expiry}\n"
        "    return jwt.encode(payload, settings.JWT_SECRET, algorithm='HS256')\n"
        "async def create_refresh_token(data):\n"
        "    return jwt.encode(data, settings.JWT_SECRET, algorithm='HS256')\n"
    )
    report = _read(tmp_path / "a", "api/core/security.py", security)
    (reused,) = [f for f in report.about("JWT908") if "access tokens' secret" in f.message]
    assert reused.line == 8 and "settings.JWT_SECRET" in reused.message
    # a refresh secret of its own (given as `key=`) is no reuse
    own = security.replace(
        "jwt.encode(data, settings.JWT_SECRET,", "jwt.encode(data, key=settings.REFRESH_SECRET,"
    )
    report = _read(tmp_path / "b", "api/core/security.py", own)
    assert not [f for f in report.about("JWT908") if "access tokens' secret" in f.message]


def test_round_ag_set_cookie_flags_given_in_order(tmp_path: Path) -> None:
    # python_fastapi: `response.set_cookie('access_token', token, max_age, expires, '/', None,
    # False, True, 'lax')`: httponly given eighth, secure seventh (False)
    router = (
        "from fastapi import APIRouter, Response\nrouter = APIRouter()\n"
        "@router.post('/login')\ndef login(response: Response):\n"
        "    response.set_cookie('access_token', access_token, 900, 900, '/', None, False, True,"
        " 'lax')\n    return {'status': 'success'}\n"
    )
    (found,) = _read(tmp_path / "a", "app/routers/auth.py", router).about("JWT905")
    assert found.status == "warn" and "without secure" in found.message
    assert "httponly" not in found.message
    safe = router.replace("None, False, True,", "None, True, True,")
    assert not _read(tmp_path / "b", "app/routers/auth.py", safe).about("JWT905")


def test_round_ag_vueuse_use_storage_keeps_a_token_in_local_storage(tmp_path: Path) -> None:
    # gin-vue-admin: `const token = useStorage('token', '')` (localStorage unless told)
    store = (
        "import { defineStore } from 'pinia';\nimport { useStorage } from '@vueuse/core';\n"
        "export const useUserStore = defineStore('user', () => {\n"
        "  const token = useStorage('token', '');\n  return { token };\n});\n"
    )
    (found,) = _read(tmp_path / "a", "web/src/pinia/modules/user.js", store).about("JWT905")
    assert "localStorage (VueUse's useStorage)" in found.message
    session = store.replace("useStorage('token', '')", "useStorage('token', '', sessionStorage)")
    (found,) = _read(tmp_path / "b", "web/src/pinia/modules/user.js", session).about("JWT905")
    assert "sessionStorage" in found.message
    memory = store.replace("useStorage('token', '')", "useStorage('token', '', memoryStore)")
    assert not _read(tmp_path / "c", "web/src/pinia/modules/user.js", memory).about("JWT905")


def test_round_ag_a_decode_after_verify_threw_token_expired_is_verified(tmp_path: Path) -> None:
    # nocobase: `try { payload = await this.jwt.verify(token) } catch (err) { if (err.name ===
    # 'TokenExpiredError') { payload = jwt.decode(token) } ... }`: only a token whose
    # signature checked out throws TokenExpiredError
    auth = (
        "import jwt from 'jsonwebtoken';\nexport async function check(req, res, next) {\n"
        "  const token = req.headers.authorization;\n  let payload;\n  try {\n"
        "    payload = await service.check(token);\n  } catch (err) {\n"
        "    if (err.name === 'TokenExpiredError') {\n      payload = jwt.decode(token);\n"
        "    } else {\n      return res.status(401).end();\n    }\n  }\n"
        "  req.user = payload;\n  next();\n}\n"
    )
    assert not _read(tmp_path / "a", "src/auth.ts", auth).about("JWT910")
    # a decode in a catch of any other error is no verification
    other = auth.replace("err.name === 'TokenExpiredError'", "err.name === 'JsonWebTokenError'")
    (found,) = _read(tmp_path / "b", "src/auth.ts", other).about("JWT910")
    assert found.line == 9


def test_round_ag_a_flask_appbuilder_exposed_refresh_route(tmp_path: Path) -> None:
    # Flask-AppBuilder: `@expose("/refresh", methods=["POST"])` + `@jwt_required(refresh=True)`
    # answering only a new access token
    api = (
        "from flask_appbuilder.api import BaseApi, expose, safe\n"
        "from flask_jwt_extended import create_access_token, create_refresh_token, "
        "get_jwt_identity, jwt_required\n"
        "class SecurityApi(BaseApi):\n"
        "    @expose('/login', methods=['POST'])\n    def login(self):\n"
        "        return self.response(200, access_token=create_access_token(identity=1),\n"
        "                             refresh_token=create_refresh_token(identity=1))\n"
        "    @expose('/refresh', methods=['POST'])\n    @jwt_required(refresh=True)\n"
        "    @safe\n    def refresh(self):\n"
        "        return self.response(200, access_token=create_access_token("
        "identity=get_jwt_identity()))\n"
    )
    report = _read(tmp_path / "a", "flask_appbuilder/security/api.py", api)
    (rotation,) = report.about("JWT906")
    assert (rotation.line, rotation.status) == (8, "fail")


def test_round_ag_nest_sign_options_bound_just_before_override_the_module(tmp_path: Path) -> None:
    # test-jwt-auth-spa: `const opts: JwtSignOptions = { ...BASE_OPTIONS, expiresIn: '15m' };
    # return this.jwt.signAsync({}, opts);`: the module's `expiresIn: '5m'` is never used
    module = (
        "import { Module } from '@nestjs/common';\nimport { JwtModule } from '@nestjs/jwt';\n"
        "@Module({ imports: [JwtModule.register({ secret: process.env.JWT_SECRET,\n"
        "  signOptions: { expiresIn: '5m' } })] })\nexport class AuthModule {}\n"
    )
    service = (
        "import { JwtService, JwtSignOptions } from '@nestjs/jwt';\nexport class TokensService {\n"
        "  constructor(private readonly jwt: JwtService) {}\n"
        "  async generateAccessToken(user) {\n"
        "    const opts: JwtSignOptions = { ...BASE_OPTIONS, subject: String(user.id), "
        "expiresIn: '15m' };\n    return this.jwt.signAsync({}, opts);\n  }\n}\n"
    )
    files = {"src/auth/auth.module.ts": module, "src/auth/tokens.service.ts": service}
    report = analyse([str(_tree(tmp_path / "a", files))], env=None, limits=LIMITS)
    assert not report.about("JWT901")
    # options bound without a lifetime leave the module's default in force
    files["src/auth/tokens.service.ts"] = service.replace(" expiresIn: '15m' };", " };")
    report = analyse([str(_tree(tmp_path / "b", files))], env=None, limits=LIMITS)
    (found,) = report.about("JWT901")
    assert found.file.endswith("auth.module.ts") and "5m" in found.message


def test_round_ag_a_config_objects_other_jwt_secrets_with_a_fallback(tmp_path: Path) -> None:
    # ever-gauzy: `JWT_REFRESH_TOKEN_SECRET: process.env.JWT_REFRESH_TOKEN_SECRET ||
    # 'refreshSecretKey'` beside `JWT_SECRET: process.env.JWT_SECRET || 'secretKey'`
    environment = (
        "import * as jwt from 'jsonwebtoken';\nexport const environment = {\n"
        "  JWT_SECRET: process.env.JWT_SECRET || 'secretKey',\n"
        "  JWT_REFRESH_TOKEN_SECRET: process.env.JWT_REFRESH_TOKEN_SECRET || 'refreshSecretKey',\n"
        "  ACCESS_TOKEN_SECRET: process.env.ACCESS_TOKEN_SECRET || 'accessSecretKey',\n"
        "  CSRF_TOKEN_SECRET: process.env.CSRF_TOKEN_SECRET || 'csrfSecretKey',\n};\n"
    )
    found = _read(tmp_path / "a", "src/environment.ts", environment).about("JWT908")
    assert sorted(f.line for f in found) == [3, 4, 5]
    assert all("refreshSecretKey" not in f.message for f in found)  # masked


def test_round_ag_fastapi_jwt_auth_routes_lifetimes_and_denylist(tmp_path: Path) -> None:
    # python_fastapi: fastapi-jwt-auth's `Authorize.jwt_refresh_token_required()` in a refresh
    # route that answers `Authorize.create_access_token(...)` only, its queries read by
    # SQLAlchemy (`db.query(User).filter(...).first()`); the library's settings class
    main = (
        "from datetime import timedelta\nfrom fastapi import FastAPI, Depends\n"
        "from fastapi_jwt_auth import AuthJWT\nfrom pydantic import BaseModel\n"
        "app = FastAPI()\nrevoked = set()\n"
        "class Settings(BaseModel):\n    authjwt_secret_key: str = 'change-me-please'\n"
        "    authjwt_access_token_expires: int = 60 * 60 * 24\n"
        "    authjwt_denylist_enabled: bool = True\n"
        "@AuthJWT.load_config\ndef get_config():\n    return Settings()\n"
        "@AuthJWT.token_in_denylist_loader\ndef check(decrypted_token):\n"
        "    return decrypted_token['jti'] in revoked\n"
        "@app.post('/login')\ndef login(Authorize: AuthJWT = Depends()):\n"
        "    access = Authorize.create_access_token(subject='u', expires_time=timedelta(days=2))\n"
        "    return {'access_token': access, 'refresh_token': Authorize.create_refresh_token("
        "subject='u')}\n"
        "@app.post('/refresh')\ndef refresh(Authorize: AuthJWT = Depends(), db=Depends(get_db)):\n"
        "    Authorize.jwt_refresh_token_required()\n"
        "    user = db.query(User).filter(User.id == Authorize.get_jwt_subject()).first()\n"
        "    return {'access_token': Authorize.create_access_token(subject=str(user.id))}\n"
        "@app.delete('/logout')\ndef logout(Authorize: AuthJWT = Depends()):\n"
        "    Authorize.jwt_required()\n    revoked.add(Authorize.get_raw_jwt()['jti'])\n"
        "    return {'detail': 'revoked'}\n"
    )
    report = _read(tmp_path / "a", "app/main.py", main)
    assert sorted((f.line, f.status) for f in report.about("JWT901")) == [(9, "warn"), (19, "warn")]
    (secret,) = report.about("JWT908")
    assert secret.line == 8 and "change-me-please" not in secret.message
    (rotation,) = report.about("JWT906")
    assert (rotation.line, rotation.status) == (21, "fail")
    (logout,) = report.about("JWT907")
    assert logout.status == "warn" and "Authorize.jwt_required()" in logout.message
    # a rotating refresh that retires the old jti, and a logout of the refresh token itself
    rotating = main.replace(
        "    return {'access_token': Authorize.create_access_token(subject=str(user.id))}\n",
        "    revoked.add(Authorize.get_raw_jwt()['jti'])\n"
        "    return {'access_token': Authorize.create_access_token(subject=str(user.id)),\n"
        "            'refresh_token': Authorize.create_refresh_token(subject=str(user.id))}\n",
    ).replace(
        "    Authorize.jwt_required()\n    revoked",
        "    Authorize.jwt_refresh_token_required()\n    revoked",
    )
    report = _read(tmp_path / "b", "app/main.py", rotating)
    assert not report.about("JWT906") and report.judged.get("JWT906") == 1
    assert not report.about("JWT907") and report.judged.get("JWT907") == 1
    # the denylist loader is asked only where the denylist is enabled
    off = rotating.replace(
        "authjwt_denylist_enabled: bool = True", "authjwt_denylist_enabled: bool = False"
    )
    (unchecked,) = _read(tmp_path / "c", "app/main.py", off).about("JWT907")
    assert unchecked.status == "fail" and "authjwt_denylist_enabled" in unchecked.message


def test_round_ah_zustand_persist_keeps_the_token_in_local_storage(tmp_path: Path) -> None:
    # todo-app-flask-reactjs: `create(persist((set) => ({ token: null, signIn: (token) =>
    # set({ token }) }), { name: "session" }))`: localStorage unless `storage` says otherwise
    store = (
        "import { create } from 'zustand';\nimport { persist } from 'zustand/middleware';\n"
        "export const useAuthStore = create(\n  persist(\n    (set) => ({\n      token: null,\n"
        "      isLoggedIn: false,\n      signIn: (token) => set({ token, isLoggedIn: true }),\n"
        "    }),\n    { name: 'session' },\n  ),\n);\n"
    )
    (found,) = _read(tmp_path / "a", "frontend/src/stores/auth-store.ts", store).about("JWT905")
    assert found.line == 4 and "(token) to localStorage" in found.message
    picked = store.replace(
        "{ name: 'session' }", "{ name: 's', partialize: (s) => ({ isLoggedIn: s.isLoggedIn }) }"
    )
    assert not _read(tmp_path / "b", "frontend/src/stores/auth-store.ts", picked).about("JWT905")
    native = store.replace(
        "{ name: 'session' }", "{ name: 's', storage: createJSONStorage(() => AsyncStorage) }"
    )
    assert not _read(tmp_path / "c", "frontend/src/stores/auth-store.ts", native).about("JWT905")
    session = store.replace(
        "{ name: 'session' }", "{ name: 's', storage: createJSONStorage(() => sessionStorage) }"
    )
    (found,) = _read(tmp_path / "d", "frontend/src/stores/auth-store.ts", session).about("JWT905")
    assert "to sessionStorage" in found.message
    # Reactive-Resume: a language model's `maxTokens` setting is no credential
    counts = store.replace("token: null,", "maxTokens: 1024,").replace("set({ token,", "set({")
    assert not _read(tmp_path / "e", "frontend/src/stores/openai.ts", counts).about("JWT905")


def test_round_ah_an_api_key_is_neither_a_jwt_secret_nor_an_access_token(tmp_path: Path) -> None:
    # langfuse: a seeded API key's `{ secret: process.env.SEED_SECRET_KEY ?? "sk-lf-...", public:
    # "pk-lf-..." }`, and an operator's admin key sent as `"Bearer " + adminApiKey.trim()`
    seed = (
        "import { SignJWT } from 'jose';\nconst seedApiKey = {\n  id: 'seed-api-key',\n"
        "  secret: process.env.SEED_SECRET_KEY ?? 'sk-lf-1234567890',\n"
        "  public: 'pk-lf-1234567890',\n};\n"
    )
    assert not _read(tmp_path / "a", "scripts/seed.ts", seed).about("JWT908")
    # a JWT middleware's options that list its public routes keep their secret a secret
    routes = seed.replace("  public: 'pk-lf-1234567890',\n", "  public: ['/login'],\n")
    (found,) = _read(tmp_path / "b", "scripts/seed.ts", routes).about("JWT908")
    assert found.line == 4
    page = (
        "export function Retry({ adminApiKey }) {\n"
        "  const headers = { Authorization: 'Bearer ' + adminApiKey.trim() };\n"
        "  return fetch('/api/retry', { headers });\n}\n"
    )
    assert not _read(tmp_path / "c", "web/src/retry.tsx", page).about("JWT903")
    token = page.replace("adminApiKey", "accessToken")
    (found,) = _read(tmp_path / "d", "web/src/retry.tsx", token).about("JWT903")
    assert found.line == 2


def test_round_ah_a_route_handing_out_access_tokens_is_a_login(tmp_path: Path) -> None:
    # flask-react-template: `POST /access-tokens` (a MethodView) signs with PyJWT and the service
    # has no refresh token at all
    views = (
        "import jwt\nfrom flask import Blueprint\nfrom flask.views import MethodView\n"
        "class AccessTokenView(MethodView):\n    def post(self):\n"
        "        token = jwt.encode({'account_id': 1, 'exp': 2}, KEY, algorithm='HS256')\n"
        "        return {'token': token}\n"
        "blueprint = Blueprint('tokens', __name__)\n"
        "blueprint.add_url_rule('/access-tokens', view_func=AccessTokenView.as_view('tokens'))\n"
    )
    (found,) = _read(tmp_path / "a", "modules/access_token_view.py", views).about("JWT902")
    assert found.status == "fail" and found.line == 6


def test_round_ah_signings_whose_lifetime_is_not_said_are_counted(tmp_path: Path) -> None:
    # Chat-FastAPI-React: python-jose's `jwt.encode(claims=payload, key=..., algorithm=...)`;
    # jwt-auth-flask-react: `expires_delta=timedelta(milliseconds=config["JWT_EXP"])`. Both
    # said "no token signing"
    named = (
        "from datetime import datetime, timedelta\nfrom jose import jwt\n"
        "def access(uid):\n"
        "    payload = {'sub': uid, 'exp': datetime.utcnow() + timedelta(days=3)}\n"
        "    return jwt.encode(claims=payload, key=KEY, algorithm='HS256')\n"
    )
    (found,) = _read(tmp_path / "a", "services/token.py", named).about("JWT901")
    assert found.line == 5 and "3d" in found.message
    computed = named.replace("timedelta(days=3)", "timedelta(seconds=duration)")
    report = _read(tmp_path / "b", "services/token.py", computed)
    assert not report.about("JWT901") and report.unread.get("JWT901") == 1
    flask = (
        "from flask_jwt_extended import create_access_token\n"
        "def login():\n"
        "    return create_access_token(identity=1, expires_delta=timedelta(\n"
        "        milliseconds=app.config['JWT_EXP_MILLISECONDS']))\n"
    )
    report = _read(tmp_path / "c", "views/user_views.py", flask)
    assert not report.about("JWT901") and report.unread.get("JWT901") == 1


def test_round_ah_a_helper_of_both_kinds_called_with_the_access_secret_signs_no_refresh_token(
    tmp_path: Path,
) -> None:
    # ComputerStoreMERN: one `generateTokens(id, TOKEN_SECRET, expiresIn = '15min')` signs both
    # kinds; the refresh handler calls it with ACCESS_TOKEN_SECRET only. JWT906 said it issued
    # a new refresh token and kept the old one
    service = (
        "const jwt = require('jsonwebtoken');\nconst router = require('express').Router();\n"
        "const generateTokens = (id, TOKEN_SECRET, expiresIn = '15min') =>\n"
        "  jwt.sign({ id }, TOKEN_SECRET, { expiresIn });\n"
        "router.post('/login', (req, res) => {\n"
        "  const accessToken = generateTokens(req.user.id, ACCESS_TOKEN_SECRET);\n"
        "  const refreshToken = generateTokens(req.user.id, REFRESH_TOKEN_SECRET, '2d');\n"
        "  res.cookie('refreshToken', refreshToken, { httpOnly: true, secure: true, "
        "sameSite: 'strict' }).json({ accessToken });\n});\n"
        "router.post('/refresh-token', (req, res) => {\n"
        "  jwt.verify(req.cookies.refreshToken, REFRESH_TOKEN_SECRET, (err, decoded) => {\n"
        "    if (err) return res.sendStatus(403);\n"
        "    const newAccessToken = generateTokens(\n      decoded.id,\n"
        "      ACCESS_TOKEN_SECRET\n    );\n    res.json(newAccessToken);\n  });\n});\n"
    )
    (found,) = _read(tmp_path / "a", "routes/user.js", service).about("JWT906")
    assert found.line == 10 and "no new refresh token" in found.message
    both = service.replace(
        "      ACCESS_TOKEN_SECRET\n", "      ACCESS_TOKEN_SECRET, REFRESH_TOKEN_SECRET\n"
    )
    (found,) = _read(tmp_path / "b", "routes/user.js", both).about("JWT906")
    assert "does not retire the one it received" in found.message


def test_round_ai_a_lifetime_in_a_class_attribute_is_read(tmp_path: Path) -> None:
    # YouDMC: `expires = datetime.timedelta(days=365)` in the resource's class body, signed with
    # `create_access_token(..., expires_delta=self.expires)`: said to be a time the code does
    # not spell out
    view = (
        "import datetime\nfrom flask_jwt_extended import create_access_token\n"
        "class UserRegister(Resource):\n"
        "    expires = datetime.timedelta(days=365)\n\n"
        "    def post(self):\n"
        "        return {'access_token': create_access_token(identity=1, fresh=True,"
        " expires_delta=self.expires)}\n"
    )
    (found,) = _read(tmp_path / "a", "resources/user.py", view).about("JWT901")
    assert found.line == 7 and "1y" in found.message
    # a method that sets the attribute makes the class body's value one of several
    moved = view.replace(
        "    def post(self):\n",
        "    def post(self):\n        self.expires = LIFETIMES[self.kind]\n",
    )
    report = _read(tmp_path / "b", "resources/user.py", moved)
    assert not report.about("JWT901") and report.unread.get("JWT901") == 1


def test_round_ai_nuxt_axios_set_token_sends_a_bearer_token(tmp_path: Path) -> None:
    # Groupify: `this.$axios.setToken(res.access, 'Bearer')` after login, and no 401 handler;
    # said "no frontend sending access tokens"
    page = (
        '<template><form @submit.prevent="login"></form></template>\n<script>\n'
        "export default {\n  methods: {\n    async login() {\n"
        "      const res = await this.$axios.$post('api/token/', this.form);\n"
        "      localStorage.setItem('access', res.access);\n"
        "      this.$axios.setToken(res.access, 'Bearer');\n    },\n  },\n};\n</script>\n"
    )
    nuxt = '{"name": "front", "dependencies": {"nuxt": "^2.15.0", "@nuxtjs/axios": "^5.13.0"}}'
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "package.json").write_text(nuxt, encoding="utf-8")
    (found,) = _read(tmp_path / "a", "pages/login.vue", page).about("JWT903")
    assert found.status == "fail" and found.line == 8
    assert found.message.startswith("`this.$axios.setToken(")
    # a token type shown to the user is no header sent
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "package.json").write_text(nuxt, encoding="utf-8")
    shown = page.replace("this.$axios.setToken(res.access, 'Bearer')", "this.kind = 'Bearer'")
    assert not _read(tmp_path / "b", "pages/login.vue", shown).about("JWT903")


def test_round_ai_a_package_of_smoke_tests_is_left_out(tmp_path: Path) -> None:
    # insomnia's `packages/insomnia-smoke-test/server/gitlab-api.ts` fakes GitLab's OAuth token
    # endpoint with canned tokens: JWT902 took it for the app's login without refresh
    mock = (
        "const jwt = require('jsonwebtoken');\nconst app = require('express')();\n"
        "app.post('/oauth/token', (req, res) => {\n"
        "  res.json({ access_token: jwt.sign({ sub: 1 }, process.env.KEY, { expiresIn: '1h' })"
        " });\n});\n"
    )
    assert _read(tmp_path / "a", "packages/app/server/login.js", mock).about("JWT902")
    for folder in ("insomnia-smoke-test", "api-e2e", "server_mocks"):
        report = _read(tmp_path / folder, f"packages/{folder}/server/gitlab-api.js", mock)
        assert not report.about("JWT902"), folder
    # below the code's root a folder is a route's or a module's name (dub's `send-test` route)
    route = _read(tmp_path / "route", "apps/web/app/api/postbacks/send-test/login.js", mock)
    assert route.about("JWT902")


def test_round_ai_a_password_as_the_signing_key_makes_a_hash_not_a_token(tmp_path: Path) -> None:
    # capstone-q3-sunrn: `jwt.encode({'email': data['email']}, data['password'], ...)` is compared
    # with the stored password at login; JWT901 asked for an exp that would break the login
    code = (
        "import jwt\ndef encode_password(data):\n"
        "    return jwt.encode({'email': data['email']}, data['password'], algorithm='HS256')\n"
    )
    assert not _read(tmp_path / "a", "services/encode_service.py", code).about("JWT901")
    for key in ("password", "user.password"):
        hashed = code.replace("data['password']", key)
        assert not _read(tmp_path / key, "services/encode_service.py", hashed).about("JWT901")
    token = code.replace("data['password']", "settings.SECRET_KEY")
    (found,) = _read(tmp_path / "b", "services/encode_service.py", token).about("JWT901")
    assert found.line == 3 and found.status == "fail"
