"""Sessions, login throttling and the login guard: a signed cookie that names the user and its expiry."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import secrets
import time
import uuid
from typing import Any

from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.exceptions import HTTPException, NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from service.db.models import LoginFailure, User
from service.review import access
from service.settings import Settings

SESSION_COOKIE = "fichesujet_session"
CSRF_COOKIE = "csrftoken"
CSRF_HEADER = "x-csrftoken"
SESSION_SECONDS = 12 * 3600
MAX_FAILURES = 5
FAILURE_WINDOW = 300.0


class Refusal(HTTPException):
    """An HTTP refusal whose detail is already a French sentence for the user."""


def secret_key(settings: Settings) -> bytes:
    """FICHESUJET_SECRET_KEY, or a key generated once and kept under data_dir (mode 600)."""
    if settings.secret_key:
        return hashlib.sha256(settings.secret_key.encode()).digest()
    path = settings.data_dir / "secret_key"
    if not path.exists():
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())


def _sign(key: bytes, payload: str) -> str:
    mac = hmac.new(key, payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def session_token(key: bytes, user_id: uuid.UUID, now: float | None = None) -> str:
    expires = int((now or time.time()) + SESSION_SECONDS)
    payload = f"{user_id.hex}.{expires}"
    return f"{payload}.{_sign(key, payload)}"


def read_token(key: bytes, token: str | None, now: float | None = None) -> uuid.UUID | None:
    """The user id of a valid, unexpired token; None otherwise."""
    parts = (token or "").split(".")
    if len(parts) != 3:
        return None
    payload = f"{parts[0]}.{parts[1]}"
    if not hmac.compare_digest(_sign(key, payload), parts[2]):
        return None
    try:
        if int(parts[1]) < (now or time.time()):
            return None
        return uuid.UUID(hex=parts[0])
    except ValueError:
        return None


def session_user_id(connection: ASGIConnection[Any, Any, Any, Any]) -> uuid.UUID:
    user_id = read_token(connection.app.state.secret, connection.cookies.get(SESSION_COOKIE))
    if user_id is None:
        raise NotAuthorizedException("connexion requise")
    return user_id


def requires_login(connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler) -> None:
    """Guard: a valid session cookie, or 401."""
    session_user_id(connection)


async def sign_in(request: Request[Any, Any, Any], session: AsyncSession, email: str, password: str) -> User:
    """The user behind these credentials, or a French Refusal (429 while throttled, 401 when wrong)."""
    if "\x00" in email:  # no account has one, and PostgreSQL refuses it in a query
        raise Refusal(status_code=401, detail="adresse électronique ou mot de passe incorrect")
    throttle: LoginThrottle = request.app.state.throttle
    address = request.client.host if request.client else ""
    wait = await throttle.retry_after(email, address)
    if wait:
        raise Refusal(
            status_code=429,
            detail=f"trop de tentatives de connexion échouées : réessayez dans {wait} secondes",
            headers={"Retry-After": str(wait)},
        )
    user = await access.authenticate(session, email, password)
    if user is None:
        await throttle.failed(email, address)
        raise Refusal(status_code=401, detail="adresse électronique ou mot de passe incorrect")
    await throttle.succeeded(email, address)
    return user


def set_session_cookie(response: Response[Any], request: Request[Any, Any, Any], user: User) -> None:
    """The signed session cookie, set the same way by the JSON login and the sign-in page."""
    response.set_cookie(
        SESSION_COOKIE,
        session_token(request.app.state.secret, user.id),
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="lax",
        secure=request.app.state.settings.cookie_secure,
    )


class LoginThrottle:
    """Failed logins per (email, address) over a sliding window, kept in the database (table login_failure).

    Every service process behind a load balancer reads the same count, and a restart forgets nothing.
    Each method runs in its own short transaction, so a failure is recorded even though the login
    request itself ends in an error (and its own transaction is rolled back).
    """

    def __init__(
        self,
        factory: async_sessionmaker[AsyncSession],
        limit: int = MAX_FAILURES,
        window: float = FAILURE_WINDOW,
    ) -> None:
        self.factory = factory
        self.limit = limit
        self.window = datetime.timedelta(seconds=window)

    @staticmethod
    def _key(email: str, address: str) -> tuple[str, str]:
        return email.strip().lower()[:320], address[:100]

    async def retry_after(self, email: str, address: str, now: datetime.datetime | None = None) -> int:
        """Seconds to wait before trying again; 0 when a try is allowed."""
        now = now or _utcnow()
        email, address = self._key(email, address)
        async with self.factory() as session:
            stamps = list(
                await session.scalars(
                    select(LoginFailure.at)
                    .where(
                        LoginFailure.email == email,
                        LoginFailure.address == address,
                        LoginFailure.at > now - self.window,
                    )
                    .order_by(LoginFailure.at)
                    .limit(self.limit)
                )
            )
        if len(stamps) < self.limit:
            return 0
        return max(1, int((stamps[0] + self.window - now).total_seconds()) + 1)

    async def failed(self, email: str, address: str, now: datetime.datetime | None = None) -> None:
        """Record one failure, and forget the failures older than the window (all accounts)."""
        now = now or _utcnow()
        email, address = self._key(email, address)
        async with self.factory() as session, session.begin():
            await session.execute(delete(LoginFailure).where(LoginFailure.at <= now - self.window))
            session.add(LoginFailure(email=email, address=address, at=now))

    async def succeeded(self, email: str, address: str) -> None:
        email, address = self._key(email, address)
        async with self.factory() as session, session.begin():
            await session.execute(
                delete(LoginFailure).where(LoginFailure.email == email, LoginFailure.address == address)
            )


def _utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)
