"""The admin's purge page: it says what goes, asks for the word, then purges that session and nothing else."""

from __future__ import annotations

import asyncio
import html
import uuid
from collections.abc import Awaitable, Callable
from typing import TypeVar

from litestar.testing import TestClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from service import db
from service.db.models import AuditEvent, Candidate, ExamSession, User
from service.settings import Settings
from tests.pages.conftest import csrf, sign_in

Client = TestClient[object]
ADMIN = "admin@demo.fichesujet.fr"
T = TypeVar("T")


def _run(settings: Settings, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    return asyncio.run(db.in_transaction(settings.database, work))


def _old_session(settings: Settings) -> uuid.UUID:
    """A 2025 session of the demo school with one candidate (its results are out)."""

    async def make(session: AsyncSession) -> uuid.UUID:
        admin = await session.scalar(select(User).where(User.email == ADMIN))
        assert admin is not None
        exam = ExamSession(etablissement_id=admin.etablissement_id, year=2025, mode="ccf")
        session.add(exam)
        await session.flush()
        session.add(
            Candidate(
                etablissement_id=admin.etablissement_id, exam_session_id=exam.id, nom="Ancien", prenom="A"
            )
        )
        return exam.id

    return _run(settings, make)


def _candidates(settings: Settings, exam_id: uuid.UUID) -> tuple[int, int]:
    """The candidates of that session, and of all the others."""

    async def count(session: AsyncSession) -> tuple[int, int]:
        query = select(func.count()).select_from(Candidate)
        mine = await session.scalar(query.where(Candidate.exam_session_id == exam_id))
        others = await session.scalar(query.where(Candidate.exam_session_id != exam_id))
        return int(mine or 0), int(others or 0)

    return _run(settings, count)


def test_the_admin_purges_an_old_session_after_typing_the_word(
    client: Client, demo_settings: Settings
) -> None:
    exam_id = _old_session(demo_settings)
    before = _candidates(demo_settings, exam_id)
    assert sign_in(client, ADMIN).status_code == 303
    listing = client.get("/admin/sessions")
    assert f'href="/admin/sessions/{exam_id}/purge"' in listing.text
    page = client.get(f"/admin/sessions/{exam_id}/purge")
    assert page.status_code == 200 and "supprimés définitivement" in html.unescape(page.text)
    assert _candidates(demo_settings, exam_id) == before  # showing the page deletes nothing
    path = f"/admin/sessions/{exam_id}/purge"
    wrong = client.post(
        path, data={"confirmation": "oui", "_csrf_token": csrf(client)}, follow_redirects=False
    )
    assert wrong.status_code == 400 and "tapez PURGER" in wrong.text
    assert _candidates(demo_settings, exam_id) == before
    done = client.post(
        path, data={"confirmation": "PURGER", "_csrf_token": csrf(client)}, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"] == "/admin/sessions?fait=session-purgee"
    assert _candidates(demo_settings, exam_id) == (0, before[1])

    async def purges(session: AsyncSession) -> int:
        query = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "purger")
        return int(await session.scalar(query) or 0)

    assert _run(demo_settings, purges) == 1


def test_a_teacher_has_no_purge_page(client: Client, demo_settings: Settings) -> None:
    exam_id = _old_session(demo_settings)
    assert sign_in(client, "enseignante@demo.fichesujet.fr").status_code == 303
    path = f"/admin/sessions/{exam_id}/purge"
    assert client.get(path).status_code == 403
    refused = client.post(path, data={"confirmation": "PURGER", "_csrf_token": csrf(client)})
    assert refused.status_code == 403
    assert _candidates(demo_settings, exam_id)[0] == 1
