"""Sign-in sessions kept server-side: opened at login, ended by logout, a new password, deactivation or time."""

from __future__ import annotations

import datetime
import hashlib
import secrets
import uuid

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import User, UserSession

LIFETIME = datetime.timedelta(hours=12)
# `last_seen_at` is written at most this often: one indexed read per request, a write once a minute.
REFRESH = datetime.timedelta(minutes=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


async def open_session(session: AsyncSession, user_id: uuid.UUID, idle: datetime.timedelta) -> str:
    """A new session for the user, its token for the cookie; the rows that no longer open anything go."""
    now = _utcnow()
    await session.execute(
        delete(UserSession).where(
            or_(
                UserSession.ended_at.is_not(None),
                UserSession.last_seen_at < now - idle,
                UserSession.created_at < now - LIFETIME,
            )
        )
    )
    token = secrets.token_urlsafe(32)
    session.add(UserSession(token_hash=_hash(token), user_id=user_id, created_at=now, last_seen_at=now))
    await session.flush()
    return token


async def session_account(
    session: AsyncSession, token: str, idle: datetime.timedelta
) -> tuple[User, uuid.UUID | None] | None:
    """The active account of a live session (not ended, used within `idle`, younger than 12 h), loaded into
    `session` by the same query that checks the session, and the session's id when its `last_seen_at` is due
    a refresh (`touch`); None otherwise. Reads only: the caller may refresh in a short transaction of its own."""
    if not token or len(token) > 100:
        return None
    row = (
        await session.execute(
            select(User, UserSession.id, UserSession.created_at, UserSession.last_seen_at)
            .select_from(UserSession)
            .join(User, User.id == UserSession.user_id)
            .where(UserSession.token_hash == _hash(token), UserSession.ended_at.is_(None), User.active)
        )
    ).one_or_none()
    now = _utcnow()
    if row is None or row.last_seen_at < now - idle or row.created_at < now - LIFETIME:
        return None
    user: User = row[0]
    return user, (row.id if row.last_seen_at < now - REFRESH else None)


async def touch(session: AsyncSession, session_id: uuid.UUID) -> None:
    """The session was used now: `last_seen_at` moves on (at most once a `REFRESH`, see session_account)."""
    await session.execute(
        update(UserSession).where(UserSession.id == session_id).values(last_seen_at=_utcnow())
    )


async def end_session(session: AsyncSession, token: str) -> uuid.UUID | None:
    """Logout: this browser's session ends now (a copied cookie with it); its user, if it was live."""
    ended = await session.execute(
        update(UserSession)
        .where(UserSession.token_hash == _hash(token), UserSession.ended_at.is_(None))
        .values(ended_at=_utcnow())
        .returning(UserSession.user_id)
    )
    return ended.scalar_one_or_none()


async def end_all(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Every session of the user ends (new password, deactivated account)."""
    await session.execute(
        update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
        .values(ended_at=_utcnow())
    )
