"""Sign-in and sign-out, the session guard, the client's address and login throttling.

The session cookie holds a random token; service.review.logins keeps its sessions server-side.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import ipaddress
import itertools
import os
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.exceptions import HTTPException, NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler
from litestar.types import Guard
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from service.db.models import LoginFailure, User
from service.review import access, logins
from service.settings import Settings
from service.web import security_log

SESSION_COOKIE = "fichesujet_session"
CSRF_COOKIE = "csrftoken"
CSRF_HEADER = "x-csrftoken"
SESSION_SECONDS = int(logins.LIFETIME.total_seconds())
MAX_FAILURES = 5
FAILURE_WINDOW = 300.0
_USER_ID = "fichesujet_user_id"
_ACCOUNT = "fichesujet_account"
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class Refusal(HTTPException):
    """An HTTP refusal whose detail is already a French sentence for the user."""


def secret_key(settings: Settings) -> bytes:
    """FICHESUJET_SECRET_KEY, or a key generated once and kept under data_dir (mode 600)."""
    if settings.secret_key:
        return hashlib.sha256(settings.secret_key.encode()).digest()
    path = settings.data_dir / "secret_key"
    if not path.exists():
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f"secret_key.{secrets.token_hex(4)}")
        draft.touch(mode=0o600)
        draft.write_text(secrets.token_hex(32))
        with contextlib.suppress(FileExistsError):  # instances starting at once: one key, whole, for all
            os.link(draft, path)
        draft.unlink()
    return bytes.fromhex(path.read_text().strip())


def client_address(peer: str, forwarded: str, proxies: Sequence[Network]) -> str:
    """The client's address: the peer's, unless the peer is a trusted proxy and says whom it forwards.

    Walking X-Forwarded-For from the right, the first address no trusted proxy added is the client's;
    what lies to its left was written by the client and is never believed.
    """
    chain = [peer, *reversed([hop.strip() for hop in forwarded.split(",") if hop.strip()])]
    for address, following in itertools.pairwise(chain):
        if not _trusted(address, proxies):
            return address
        try:
            ipaddress.ip_address(following)
        except ValueError:
            return address
    return chain[-1]


def _trusted(address: str, proxies: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def request_address(request: Request[Any, Any, Any]) -> str:
    """The address the throttle counts failures against (FICHESUJET_TRUSTED_PROXIES)."""
    peer = request.client.host if request.client else ""
    settings: Settings = request.app.state.settings
    return client_address(peer, request.headers.get("x-forwarded-for", ""), settings.proxies)


def _idle(connection: ASGIConnection[Any, Any, Any, Any]) -> datetime.timedelta:
    return datetime.timedelta(minutes=connection.app.state.settings.session_idle_minutes)


async def session_user_id(connection: ASGIConnection[Any, Any, Any, Any]) -> uuid.UUID:
    """The user of the request's live session, looked up once per request (one indexed read), or 401.

    A guard's lookup has a short transaction of its own; the account it loaded is kept for signed_in_account,
    so that the handler's session does not read it again."""
    known: uuid.UUID | None = connection.state.get(_USER_ID)
    token = connection.cookies.get(SESSION_COOKIE, "")
    if known is None and token:
        async with connection.app.state.session_factory() as session, session.begin():
            found = await logins.session_account(session, token, _idle(connection))
            if found is not None:
                account, due = found
                if due:
                    await logins.touch(session, due)
                connection.state[_ACCOUNT] = account
                known = account.id
    if known is None:
        raise NotAuthorizedException("connexion requise")
    connection.state[_USER_ID] = known
    return known


async def signed_in_account(connection: ASGIConnection[Any, Any, Any, Any], session: AsyncSession) -> User:
    """The request's account in its own database session, read once per request: the one a guard loaded is
    merged without a query; otherwise (a page) the server-side session is checked and the account loaded by
    one query of this session. A sign-out or a deactivation takes effect at the next request either way;
    401 without a live session. The rare refresh of `last_seen_at` is a short transaction of its own, so that
    a page never holds SQLite's write lock for it."""
    account: User | None = connection.state.get(_ACCOUNT)
    if account is not None:
        return await session.merge(account, load=False)
    token = connection.cookies.get(SESSION_COOKIE, "")
    found = await logins.session_account(session, token, _idle(connection)) if token else None
    if found is None:
        raise NotAuthorizedException("connexion requise")
    account, due = found
    if due:
        async with connection.app.state.session_factory() as own, own.begin():
            await logins.touch(own, due)
    connection.state[_USER_ID] = account.id
    connection.state[_ACCOUNT] = account
    return account


def known_user_id(connection: ASGIConnection[Any, Any, Any, Any]) -> uuid.UUID | None:
    """The user this request's session was found to be, if it was looked up already (no query)."""
    known: uuid.UUID | None = connection.state.get(_USER_ID)
    return known


async def is_signed_in(connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    try:
        await session_user_id(connection)
    except NotAuthorizedException:
        return False
    return True


async def requires_login(connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler) -> None:
    """Guard: a live session, or 401."""
    await session_user_id(connection)


def accepts(*media_types: str) -> Guard:
    """Guard: the body is one of these media types, or 415 (a text/plain login is a forged one)."""

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler) -> None:
        kind = connection.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind not in media_types:
            raise Refusal(
                status_code=415,
                detail=f"type de contenu « {kind[:60] or 'absent'} » refusé : envoyez {' ou '.join(media_types)}",
            )

    return guard


@dataclass(frozen=True)
class SignedIn:
    user: User
    token: str


async def sign_in(request: Request[Any, Any, Any], email: str, password: str) -> SignedIn:
    """A new session for these credentials, or a French Refusal (429 while throttled, 401 when wrong).

    Never more than one database connection at a time, and none while the password is hashed.
    """
    if "\x00" in email:  # no account has one, and PostgreSQL refuses it in a query
        raise Refusal(status_code=401, detail="adresse électronique ou mot de passe incorrect")
    factory: async_sessionmaker[AsyncSession] = request.app.state.session_factory
    throttle: LoginThrottle = request.app.state.throttle
    address = request_address(request)
    wait = await throttle.admit(email, address)
    if wait:
        security_log.sign_in_refused(request, email, address, "trop de tentatives")
        raise Refusal(
            status_code=429,
            detail=f"trop de tentatives de connexion échouées : réessayez dans {wait} secondes",
            headers={"Retry-After": str(wait)},
        )
    async with factory() as session:
        user = await access.authenticate(session, email, password)
    if user is None:
        security_log.sign_in_refused(request, email, address, "identifiants incorrects")
        raise Refusal(status_code=401, detail="adresse électronique ou mot de passe incorrect")
    async with factory() as session, session.begin():
        await throttle.succeeded(session, email, address)
        token = await logins.open_session(session, user.id, _idle(request))
    security_log.signed_in(user.id, address)
    return SignedIn(user, token)


def set_session_cookie(response: Response[Any], request: Request[Any, Any, Any], token: str) -> None:
    """The session cookie, set the same way by the JSON login and the sign-in page."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="lax",
        secure=request.app.state.settings.cookie_secure,
    )


async def sign_out(request: Request[Any, Any, Any], response: Response[Any]) -> None:
    """Ends the session on the server (a copied cookie stops working at once) and forgets the cookie."""
    token = request.cookies.get(SESSION_COOKIE, "")
    if token:
        async with request.app.state.session_factory() as session, session.begin():
            security_log.signed_out(await logins.end_session(session, token))
    response.delete_cookie(SESSION_COOKIE)


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

    async def admit(self, email: str, address: str, now: datetime.datetime | None = None) -> int:
        """Records the attempt first, then counts: 0 when it may go on, else the seconds to wait.

        Atomic without a lock: of N simultaneous attempts, the last to be recorded sees all N, so no more
        than `limit` ever go on. An attempt that goes on stays counted as a failure until it succeeds.
        """
        now = now or _utcnow()
        email, address = self._key(email, address)
        async with self.factory() as session:
            async with session.begin():
                await session.execute(delete(LoginFailure).where(LoginFailure.at <= now - self.window))
                attempt = LoginFailure(email=email, address=address, at=now)
                session.add(attempt)
            async with session.begin():
                stamps = list(
                    await session.scalars(
                        select(LoginFailure.at)
                        .where(
                            LoginFailure.email == email,
                            LoginFailure.address == address,
                            LoginFailure.at > now - self.window,
                        )
                        .order_by(LoginFailure.at)
                        .limit(self.limit + 1)
                    )
                )
                if len(stamps) <= self.limit:
                    return 0
                await session.execute(delete(LoginFailure).where(LoginFailure.id == attempt.id))
        return max(1, int((stamps[0] + self.window - now).total_seconds()) + 1)

    async def succeeded(self, session: AsyncSession, email: str, address: str) -> None:
        """A right password: its failures (and this attempt) are forgotten, in the caller's transaction."""
        email, address = self._key(email, address)
        await session.execute(
            delete(LoginFailure).where(LoginFailure.email == email, LoginFailure.address == address)
        )


def _utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)
