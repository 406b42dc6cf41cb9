"""GET /api/candidats by pages (X-Total-Count, Link), and concurrent writers on one SQLite file."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select

from service import db
from service.db.models import Candidate, Fiche, User
from service.settings import Settings
from service.web.app import create_app
from tests.api.conftest import login
from tests.api.test_api import assert_problem
from tests.api.test_edit import document
from tests.review.conftest import Factory, World, make_world, sessions_for

pytestmark = pytest.mark.anyio
Client = AsyncTestClient[Any]


async def enrol(factory: Factory, world: World, count: int) -> None:
    async with factory() as session, session.begin():
        author = await session.get(User, world.author)
        first = await session.get(Candidate, world.candidate)
        assert author and first
        session.add_all(
            Candidate(
                etablissement_id=author.etablissement_id,
                exam_session_id=first.exam_session_id,
                nom=f"Nom-{n}",
                prenom="Sam",
            )
            for n in range(count)
        )


async def test_candidates_come_by_pages_with_their_total_and_links(
    client: Client, factory: Factory, world: World
) -> None:
    await enrol(factory, world, 4)
    await login(client, "autrice")
    whole = await client.get("/api/candidats")
    assert whole.headers["x-total-count"] == "5" and "link" not in whole.headers
    assert [c["nom"] for c in whole.json()] == ["Martin", "Nom-0", "Nom-1", "Nom-2", "Nom-3"]
    second = await client.get("/api/candidats?page=2&par_page=2")
    assert [c["nom"] for c in second.json()] == ["Nom-1", "Nom-2"]
    assert second.headers["x-total-count"] == "5"
    assert second.headers["link"] == (
        '</api/candidats?page=3&par_page=2>; rel="next", </api/candidats?page=1&par_page=2>; rel="prev"'
    )
    last = await client.get("/api/candidats?page=3&par_page=2")
    assert [c["nom"] for c in last.json()] == ["Nom-3"] and 'rel="next"' not in last.headers["link"]
    assert (await client.get("/api/candidats?page=9&par_page=2")).json() == []


@pytest.mark.parametrize(
    ("query", "field"), [("page=0", "page"), ("par_page=201", "par_page"), ("par_page=dix", "par_page")]
)
async def test_a_bad_page_is_a_french_400_naming_it(
    client: Client, world: World, query: str, field: str
) -> None:
    await login(client, "autrice")
    body = assert_problem(await client.get(f"/api/candidats?{query}"), 400)
    assert body["champs"] == [field] and body["detail"].startswith(field)


async def test_another_school_counts_none_of_ours(client: Client, world: World, stranger: str) -> None:
    await login(client, stranger)
    response = await client.get("/api/candidats")
    assert response.json() == [] and response.headers["x-total-count"] == "0"


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    settings = Settings(data_dir=tmp_path / "data", secret_key="cle-de-test")
    db.upgrade(settings)
    return settings


@pytest.fixture
async def sqlite_factory(sqlite_settings: Settings) -> AsyncIterator[Factory]:
    async for sessions in sessions_for(sqlite_settings):
        yield sessions


async def keep(client: Client, token: str, world: World) -> int:
    body = {"commission_id": str(world.commission), "document": document()}
    sent = await client.post(f"/api/fdaps/{world.fdap}/fiches", json=body, headers={"x-csrftoken": token})
    return sent.status_code


async def read(client: Client) -> int:
    return (await client.get("/api/candidats")).status_code


async def test_concurrent_writers_on_one_sqlite_file_lose_nothing(
    sqlite_settings: Settings, sqlite_factory: Factory
) -> None:
    """Twelve drafts kept at once while twelve lists are read and a long reader holds its transaction open
    (WAL: it no longer blocks the writers' commits): no 500, no « database is locked », all saved."""
    world = await make_world(sqlite_factory)
    reader = sqlite3.connect(sqlite_settings.data_dir / "fichesujet.db", isolation_level=None)
    async with AsyncTestClient(app=create_app(sqlite_settings)) as client:
        token = await login(client, "autrice")
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM candidate").fetchall()
        work = [keep(client, token, world) for _ in range(12)] + [read(client) for _ in range(12)]
        codes = await asyncio.wait_for(asyncio.gather(*work), timeout=60)
        reader.execute("COMMIT")
    reader.close()
    assert sorted(set(codes)) == [200, 201] and codes.count(201) == 12
    async with sqlite_factory() as session:
        assert await session.scalar(select(func.count()).select_from(Fiche)) == 12
