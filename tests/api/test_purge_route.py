"""POST /api/sessions-examen/{id}/purge: an admin's, confirmed, after the results; audited."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import select

from service.db.models import AuditEvent, Candidate, ExamSession, User
from tests.api.conftest import login
from tests.review.conftest import PASSWORD_HASH, Factory, World

pytestmark = pytest.mark.anyio
Client = AsyncTestClient[Any]


async def _admin_and_sessions(factory: Factory, world: World) -> tuple[uuid.UUID, uuid.UUID]:
    """An admin for the world's school; the world's 2026 session and a 2027 one (results not out)."""
    async with factory() as session, session.begin():
        candidate = await session.get(Candidate, world.candidate)
        assert candidate is not None
        session.add(
            User(
                etablissement_id=candidate.etablissement_id,
                email="admin@lycee.example",
                display_name="Admin",
                password_hash=PASSWORD_HASH,
                roles=["admin"],
            )
        )
        future = ExamSession(etablissement_id=candidate.etablissement_id, year=2027, mode="ponctuel")
        session.add(future)
        await session.flush()
        return candidate.exam_session_id, future.id


async def test_an_admin_purges_a_session_once_confirmed_and_after_its_results(
    client: Client, factory: Factory, world: World
) -> None:
    past, future = await _admin_and_sessions(factory, world)
    token = {"x-csrftoken": await login(client, "admin")}
    wrong = await client.post(
        f"/api/sessions-examen/{past}/purge", json={"confirmation": "oui"}, headers=token
    )
    assert wrong.status_code == 400 and "PURGER" in wrong.json()["detail"], wrong.text
    early = await client.post(
        f"/api/sessions-examen/{future}/purge", json={"confirmation": "PURGER"}, headers=token
    )
    assert early.status_code == 409 and "01/09/2027" in early.json()["detail"], early.text
    done = await client.post(
        f"/api/sessions-examen/{past}/purge", json={"confirmation": "PURGER"}, headers=token
    )
    assert done.status_code == 200, done.text
    assert (done.json()["candidats"], done.json()["fdaps"]) == (1, 1)
    async with factory() as session:
        assert await session.get(Candidate, world.candidate) is None
        event = await session.scalar(select(AuditEvent).where(AuditEvent.action == "purger"))
    assert event is not None and event.entity_id == past


async def test_a_teacher_of_this_or_another_school_cannot_purge(
    client: Client, factory: Factory, world: World, stranger: str
) -> None:
    past, _ = await _admin_and_sessions(factory, world)
    for who, status in (("membre-a", 403), (stranger, 403)):
        token = {"x-csrftoken": await login(client, who)}
        response = await client.post(
            f"/api/sessions-examen/{past}/purge", json={"confirmation": "PURGER"}, headers=token
        )
        assert response.status_code == status, response.text
    async with factory() as session:
        assert await session.get(Candidate, world.candidate) is not None
