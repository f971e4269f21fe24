"""fastapi-users with SQLAlchemy (aiosqlite), the JWT strategy and the bearer transport.

    python fastapi_users_app.py --db PATH

Configured as the documentation's full SQLAlchemy example: the auth router
at /auth/jwt (POST /auth/jwt/login takes an OAuth2PasswordRequestForm, a
form whose `username` is the e-mail; POST /auth/jwt/logout), the register
and users routers, and GET /authenticated-route behind
`current_active_user`. fastapi-users has no refresh token. The user
TEST_EMAIL / TEST_PASSWORD is created at start-up. Served by uvicorn on
127.0.0.1, port 0 (bound here and handed over); prints `listening on PORT`.
Runs in the stacks virtualenv (tests/stacks/requirements.txt).
"""

import argparse
import asyncio
import contextlib
import os
import socket
import uuid
from collections.abc import AsyncGenerator
from typing import Any

import uvicorn
from fastapi import Depends, FastAPI
from fastapi_users import BaseUserManager, FastAPIUsers, UUIDIDMixin, schemas
from fastapi_users.authentication import AuthenticationBackend, BearerTransport, JWTStrategy
from fastapi_users.db import SQLAlchemyBaseUserTableUUID, SQLAlchemyUserDatabase
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase

parser = argparse.ArgumentParser()
parser.add_argument("--db", required=True)
args = parser.parse_args()

SECRET = os.environ["FASTAPI_USERS_SECRET"]
engine = create_async_engine(f"sqlite+aiosqlite:///{args.db}")
async_session_maker = async_sessionmaker(engine, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


class User(SQLAlchemyBaseUserTableUUID, Base):
    pass


class UserRead(schemas.BaseUser[uuid.UUID]):
    pass


class UserCreate(schemas.BaseUserCreate):
    pass


class UserUpdate(schemas.BaseUserUpdate):
    pass


async def get_async_session() -> AsyncGenerator[AsyncSession, None]:
    async with async_session_maker() as session:
        yield session


async def get_user_db(
    session: AsyncSession = Depends(get_async_session),  # noqa: B008
) -> AsyncGenerator[SQLAlchemyUserDatabase[User, uuid.UUID], None]:
    yield SQLAlchemyUserDatabase(session, User)


class UserManager(UUIDIDMixin, BaseUserManager[User, uuid.UUID]):
    reset_password_token_secret = SECRET
    verification_token_secret = SECRET


async def get_user_manager(
    user_db: SQLAlchemyUserDatabase[User, uuid.UUID] = Depends(get_user_db),  # noqa: B008
) -> AsyncGenerator[UserManager, None]:
    yield UserManager(user_db)


bearer_transport = BearerTransport(tokenUrl="auth/jwt/login")


def get_jwt_strategy() -> JWTStrategy[User, uuid.UUID]:
    return JWTStrategy(secret=SECRET, lifetime_seconds=3600)


auth_backend = AuthenticationBackend(
    name="jwt", transport=bearer_transport, get_strategy=get_jwt_strategy
)
fastapi_users = FastAPIUsers[User, uuid.UUID](get_user_manager, [auth_backend])
current_active_user = fastapi_users.current_user(active=True)


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncGenerator[None, None]:
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    async with async_session_maker() as session:
        manager = UserManager(SQLAlchemyUserDatabase(session, User))
        await manager.create(
            UserCreate(email=os.environ["TEST_EMAIL"], password=os.environ["TEST_PASSWORD"])
        )
    yield


app = FastAPI(lifespan=lifespan)
app.include_router(fastapi_users.get_auth_router(auth_backend), prefix="/auth/jwt", tags=["auth"])
app.include_router(
    fastapi_users.get_register_router(UserRead, UserCreate), prefix="/auth", tags=["auth"]
)
app.include_router(
    fastapi_users.get_users_router(UserRead, UserUpdate), prefix="/users", tags=["users"]
)


@app.get("/authenticated-route")
async def authenticated_route(user: User = Depends(current_active_user)) -> dict[str, Any]:  # noqa: B008
    return {"message": f"Hello {user.email}!"}


def main() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)

    async def serve() -> None:
        # The port is printed once the lifespan (tables, the seeded user) is done.
        task = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started and not task.done():
            await asyncio.sleep(0.02)
        if server.started:
            print(f"listening on {sock.getsockname()[1]}", flush=True)
        await task

    asyncio.run(serve())


if __name__ == "__main__":
    main()
