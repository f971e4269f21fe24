"""A FastAPI + PyJWT test service for `check --live`: the Express service's API on a second stack.

    JWT_SECRET=... JWT_REFRESH_SECRET=... python tests/fastapi_service.py [--fault NAME]

The same auth flow as tests/node/service.js (login, refresh with rotation and
reuse detection, logout, GET /auth/me behind a verifying dependency with an
algorithm allow-list and 60 s leeway) and the same faults, each mounted under
/<fault>/ and the one chosen by --fault (or FAULT) also at /. It binds
127.0.0.1 port 0 itself, prints `listening on <port>` and hands the socket to
uvicorn, so the fixture learns the port without a race.
"""

import argparse
import os
import socket
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Annotated, Any

import jwt
import uvicorn
from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse

FAULTS = (
    "healthy",
    "no-refresh",
    "no-rotation",
    "no-invalidation",
    "no-reuse-detection",
    "logout-noop",
    "logout-keeps-access",
    "decode-not-verify",
    "ignore-expiration",
    "same-secret",
    "accept-none",
    "status-500",
    "status-403",
    "no-challenge",
    "identical-401",
    "clock-ahead-20m",
    "redirect-other-origin",
    "refresh-cookie",
    "login-no-token",
    "wrong-secret",
)


class Refused(Exception):
    """A request the middleware refuses: the handler turns it into the variant's answer."""

    def __init__(self, code: str, description: str, error: str | None = "invalid_token") -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.error = error


@dataclass
class Variant:
    """One fault's service state: its refresh tokens, families, blacklist and counter."""

    fault: str
    access_secret: str
    refresh_secret_base: str
    redirect_to: str
    username: str
    password: str
    refresh_tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    revoked_families: set[str] = field(default_factory=set)
    blacklist: set[str] = field(default_factory=set)
    requests: int = 0

    @property
    def offset(self) -> int:
        return 20 * 60 if self.fault == "clock-ahead-20m" else 0

    def now(self) -> int:
        return int(time.time()) + self.offset

    @property
    def refresh_secret(self) -> str:
        return self.access_secret if self.fault == "same-secret" else self.refresh_secret_base

    def issue_pair(self, sub: str, family: str) -> dict[str, Any]:
        now = self.now()
        access = jwt.encode(
            {
                "sub": sub,
                "username": self.username,
                "jti": str(uuid.uuid4()),
                "iat": now,
                "exp": now + 900,
            },
            self.access_secret,
            algorithm="HS256",
        )
        jti = str(uuid.uuid4())
        refresh = jwt.encode(
            {"sub": sub, "jti": jti, "iat": now, "exp": now + 7 * 86_400},
            self.refresh_secret,
            algorithm="HS256",
        )
        self.refresh_tokens[jti] = {"sub": sub, "family": family, "used": False}
        return {"accessToken": access, "refreshToken": refresh, "expiresIn": 900}

    def tokens_response(self, pair: dict[str, Any]) -> JSONResponse:
        if self.fault != "refresh-cookie":
            return JSONResponse(pair)
        response = JSONResponse({"accessToken": pair["accessToken"], "expiresIn": 900})
        response.set_cookie(
            "refreshToken",
            pair["refreshToken"],
            max_age=7 * 86_400,
            path="/",
            secure=True,
            httponly=True,
            samesite="strict",
        )
        return response

    def refusal(self, refused: Refused) -> JSONResponse:
        if self.fault == "status-500":
            return JSONResponse({"detail": "Internal Server Error"}, status_code=500)
        if self.fault == "identical-401":
            return JSONResponse(
                {"detail": "Unauthorized"},
                status_code=401,
                headers={"WWW-Authenticate": 'Bearer realm="api"'},
            )
        headers = {}
        if self.fault != "no-challenge":
            params = (
                f', error="{refused.error}", error_description="{refused.description}"'
                if refused.error
                else ""
            )
            headers["WWW-Authenticate"] = f'Bearer realm="api"{params}'
        return JSONResponse(
            {"detail": refused.description, "code": refused.code},
            status_code=403 if self.fault == "status-403" else 401,
            headers=headers,
        )

    def verify_access(self, token: str) -> dict[str, Any]:
        secret = self.access_secret + ("-other" if self.fault == "wrong-secret" else "")
        try:
            if self.fault == "decode-not-verify":
                payload: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
            elif self.fault == "accept-none" and jwt.get_unverified_header(token).get("alg") in (
                "none",
                "None",
            ):
                payload = jwt.decode(token, options={"verify_signature": False})
            elif self.fault == "clock-ahead-20m":
                # PyJWT reads the real clock: judge exp and iat at this service's clock.
                payload = jwt.decode(
                    token,
                    secret,
                    algorithms=["HS256"],
                    options={"verify_exp": False, "verify_iat": False},
                )
                if payload["exp"] + 60 <= self.now():
                    raise jwt.ExpiredSignatureError("Signature has expired")
            else:
                payload = jwt.decode(
                    token,
                    secret,
                    algorithms=["HS256"],
                    leeway=60,
                    options={"verify_exp": self.fault != "ignore-expiration"},
                )
        except jwt.ExpiredSignatureError:
            raise Refused("TOKEN_EXPIRED", "The access token expired") from None
        except jwt.PyJWTError:
            raise Refused("INVALID_TOKEN", "The access token is invalid") from None
        if payload.get("jti") in self.blacklist:
            raise Refused("INVALID_TOKEN", "The access token was revoked")
        return payload


def make_router(variant: Variant) -> APIRouter:
    router = APIRouter()

    def authenticate(request: Request) -> dict[str, Any]:
        if variant.fault == "redirect-other-origin":
            raise Redirect(variant.redirect_to + request.url.path)
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Refused("NO_TOKEN", "No token provided", None)
        return variant.verify_access(token.strip())

    @router.get("/_test/requests")
    def requests() -> dict[str, int]:
        return {"count": variant.requests}

    @router.post("/auth/login")
    async def login(request: Request) -> Response:
        body = await _json(request)
        if body.get("username") != variant.username or body.get("password") != variant.password:
            return JSONResponse(
                {"detail": "Invalid credentials", "code": "INVALID_CREDENTIALS"}, status_code=401
            )
        if variant.fault == "login-no-token":
            return JSONResponse({"message": "logged in", "user": variant.username})
        pair = variant.issue_pair("user-1", str(uuid.uuid4()))
        if variant.fault == "no-refresh":
            return JSONResponse({"accessToken": pair["accessToken"], "expiresIn": 900})
        return variant.tokens_response(pair)

    if variant.fault != "no-refresh":

        @router.post("/auth/refresh")
        async def refresh(request: Request) -> Response:
            given = await _refresh_token(variant, request)
            if not given:
                return _unauthorized("No refresh token", "NO_TOKEN")
            try:
                payload = jwt.decode(given, variant.refresh_secret, algorithms=["HS256"])
            except jwt.PyJWTError:
                return _unauthorized("Invalid refresh token", "INVALID_TOKEN")
            stored = variant.refresh_tokens.get(payload.get("jti", ""))
            if stored is None or stored["family"] in variant.revoked_families:
                return _unauthorized("Refresh token revoked", "INVALID_TOKEN")
            if stored["used"]:
                if variant.fault != "no-reuse-detection":
                    variant.revoked_families.add(stored["family"])
                return _unauthorized("Refresh token reused", "TOKEN_REUSED")
            pair = variant.issue_pair(payload["sub"], stored["family"])
            if variant.fault == "no-rotation":
                return JSONResponse({"accessToken": pair["accessToken"], "expiresIn": 900})
            if variant.fault != "no-invalidation":
                stored["used"] = True
            return variant.tokens_response(pair)

    @router.post("/auth/logout")
    async def logout(
        request: Request, user: Annotated[dict[str, Any], Depends(authenticate)]
    ) -> Response:
        response = Response(status_code=204)
        if variant.fault == "logout-noop":
            return response
        given = await _refresh_token(variant, request)
        if given:
            claims = jwt.decode(given, options={"verify_signature": False})
            variant.refresh_tokens.pop(claims.get("jti", ""), None)
        if variant.fault != "logout-keeps-access" and "jti" in user:
            variant.blacklist.add(user["jti"])
        if variant.fault == "refresh-cookie":
            response.delete_cookie("refreshToken", path="/")
        return response

    @router.get("/auth/me")
    def me(user: Annotated[dict[str, Any], Depends(authenticate)]) -> dict[str, Any]:
        return {"id": user["sub"], "username": user.get("username")}

    return router


class Redirect(Exception):
    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


def _unauthorized(detail: str, code: str) -> JSONResponse:
    return JSONResponse({"detail": detail, "code": code}, status_code=401)


async def _json(request: Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


async def _refresh_token(variant: Variant, request: Request) -> str | None:
    if variant.fault == "refresh-cookie":
        return request.cookies.get("refreshToken")
    value = (await _json(request)).get("refreshToken")
    return value if isinstance(value, str) else None


def make_app(root_fault: str, env: dict[str, str]) -> FastAPI:
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    variants: dict[str, Variant] = {}

    def variant(fault: str) -> Variant:
        return Variant(
            fault=fault,
            access_secret=env["JWT_SECRET"],
            refresh_secret_base=env["JWT_REFRESH_SECRET"],
            redirect_to=env.get("REDIRECT_TO", "http://localhost:9"),
            username=env.get("TEST_USERNAME", "alice"),
            password=env.get("TEST_PASSWORD", "correct-horse-battery"),
        )

    for fault in FAULTS:
        variants[fault] = variant(fault)
        app.include_router(make_router(variants[fault]), prefix=f"/{fault}")
    variants[""] = variant(root_fault)
    app.include_router(make_router(variants[""]))

    def which(request: Request) -> Variant:
        first = request.url.path.split("/")[1] if request.url.path.count("/") > 1 else ""
        return variants.get(first, variants[""])

    @app.middleware("http")
    async def clock_and_counter(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        current = which(request)
        if "/_test/" not in request.url.path:
            current.requests += 1
        response = await call_next(request)
        # The Date header comes from this service's clock (uvicorn's own is turned off).
        response.headers["Date"] = formatdate(current.now(), usegmt=True)
        return response

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> Response:
        return which(request).refusal(exc)

    @app.exception_handler(Redirect)
    async def redirect(request: Request, exc: Redirect) -> Response:
        return RedirectResponse(exc.location, status_code=307)

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fault", default=os.environ.get("FAULT", "healthy"), choices=FAULTS)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "0")))
    args = parser.parse_args()
    if not os.environ.get("JWT_SECRET") or not os.environ.get("JWT_REFRESH_SECRET"):
        sys.exit("fastapi_service.py: JWT_SECRET and JWT_REFRESH_SECRET must be set")
    app = make_app(args.fault, dict(os.environ))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    sock.listen(64)
    print(f"listening on {sock.getsockname()[1]}", flush=True)
    config = uvicorn.Config(app, log_level="warning", date_header=False, access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


if __name__ == "__main__":
    main()
