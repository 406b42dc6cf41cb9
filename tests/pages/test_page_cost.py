"""What a page costs the database: one session lookup that also loads the account, and few statements.

The server-side session is still checked at every page: an aged or deactivated one stops at the next request.
"""

from __future__ import annotations

import asyncio
import datetime
import hashlib
import uuid
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlalchemy import event, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from service import db
from service.db.models import Fiche, User, UserSession
from service.settings import Settings
from service.web.auth import SESSION_COOKIE
from tests.pages.conftest import sign_in

Client = TestClient[Any]
MEMBER = "membre2@demo.fichesujet.fr"
# The most statements each page may issue (session and account included), as measured once cut down.
BUDGET = {"/relecture": 5, "/tableau-de-bord": 9, "/fiches/{fiche}": 9}


@pytest.fixture
def member(client: Client) -> Client:
    assert sign_in(client, MEMBER).status_code == 303
    return client


def _run(settings: Settings, work: Any) -> Any:
    async def run(session: AsyncSession) -> Any:
        return await work(session)

    return asyncio.run(db.in_transaction(settings.database, run))


def _statements(client: Client, path: str) -> list[str]:
    """The SQL a GET of `path` issues, its answer checked to be the page."""
    seen: list[str] = []
    engine = client.app.state.engine.sync_engine
    listen = lambda *args: seen.append(args[2])  # noqa: E731 (conn, cursor, statement, ...)
    event.listen(engine, "before_cursor_execute", listen)
    try:
        response = client.get(path, follow_redirects=False)
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    assert response.status_code == 200, (path, response.status_code)
    return seen


def _aged(client: Client, settings: Settings, seconds: int) -> UserSession:
    """Moves this browser's session `seconds` into the past; the row as it then is."""
    digest = hashlib.sha256(client.cookies[SESSION_COOKIE].encode()).hexdigest()
    when = datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=seconds)

    async def age(session: AsyncSession) -> UserSession:
        await session.execute(
            update(UserSession).where(UserSession.token_hash == digest).values(last_seen_at=when)
        )
        return (await session.scalars(select(UserSession).where(UserSession.token_hash == digest))).one()

    aged: UserSession = _run(settings, age)
    return aged


def _seen_at(settings: Settings, row: uuid.UUID) -> datetime.datetime:
    async def read(session: AsyncSession) -> datetime.datetime:
        found = await session.get(UserSession, row)
        assert found
        return found.last_seen_at

    seen: datetime.datetime = _run(settings, read)
    return seen


def test_a_page_checks_its_session_and_loads_the_account_in_one_query(
    member: Client, demo_settings: Settings
) -> None:
    fiche = _run(demo_settings, lambda s: s.scalar(select(Fiche.id).where(Fiche.state == "soumise").limit(1)))
    for path, most in BUDGET.items():
        statements = _statements(member, path.format(fiche=fiche))
        lookups = [s for s in statements if "user_session" in s]
        assert len(lookups) == 1 and "user_account.display_name" in lookups[0], path
        assert not [s for s in statements if s.lstrip().startswith("SELECT user_account.id AS")], path
        assert len(statements) <= most, (path, len(statements))


def test_a_page_moves_last_seen_at_most_once_a_minute(member: Client, demo_settings: Settings) -> None:
    recent = _aged(member, demo_settings, 30)
    assert member.get("/tableau-de-bord").status_code == 200
    assert _seen_at(demo_settings, recent.id) == recent.last_seen_at
    _aged(member, demo_settings, 90)
    assert member.get("/tableau-de-bord").status_code == 200
    moved = _seen_at(demo_settings, recent.id)
    assert datetime.datetime.now(datetime.UTC) - moved < datetime.timedelta(seconds=10)


def test_an_idle_session_or_a_deactivated_account_is_sent_to_sign_in(
    member: Client, demo_settings: Settings
) -> None:
    _aged(member, demo_settings, 121 * 60)  # past the default 120 idle minutes
    refused = member.get("/relecture", follow_redirects=False)
    assert refused.status_code in (302, 303) and refused.headers["location"].startswith("/connexion")
    assert sign_in(member, MEMBER).status_code == 303
    account = update(User).where(User.email == MEMBER)
    _run(demo_settings, lambda s: s.execute(account.values(active=False)))
    try:
        refused = member.get("/relecture", follow_redirects=False)
        assert refused.status_code in (302, 303) and refused.headers["location"].startswith("/connexion")
    finally:
        _run(demo_settings, lambda s: s.execute(account.values(active=True)))
