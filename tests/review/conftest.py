"""A fresh database per test, at the head revision (a copy of one `fichesujet db upgrade` run per session, see
tests/databases.py), and a small school.

Every test that uses `db_settings` (so `factory` and `world`) runs on a SQLite file, and again on a fresh
PostgreSQL database when FICHESUJET_TEST_DATABASE_URL names a server (postgresql+asyncpg://…; the role
needs CREATEDB). Without it the PostgreSQL runs are skipped, so the suite works on any machine.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from service import db
from service.db.models import Candidate, Commission, Etablissement, ExamSession, User
from service.domain.codec import load_fdap, load_fiche
from service.domain.fiche_sujet import FicheSujet
from service.review.passwords import hash_password
from service.review.service import add_fdap, create_fiche
from service.settings import Settings
from tests import databases
from tests.conftest import FIXTURES

FDAP = FIXTURES / "fdap" / "13-club-fitness-cse.json"
GOOD = FIXTURES / "fiches" / "13-01-bon-renouvellement-ateliers.json"
WITH_MARK = FIXTURES / "fiches" / "13-08-note-sur-20.json"
PASSWORD_HASH = hash_password("motdepasse-de-test")

Factory = async_sessionmaker[AsyncSession]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


PG_URL = databases.PG_URL
PG_SKIP = "PostgreSQL non configuré : définissez FICHESUJET_TEST_DATABASE_URL=postgresql+asyncpg://… (voir le README)"
requires_postgresql = pytest.mark.skipif(not PG_URL, reason=PG_SKIP)


def _postgresql(migrated: bool) -> Iterator[str]:
    """A new PostgreSQL database for one test (empty, or at head), dropped afterwards."""
    if not PG_URL:
        pytest.skip(PG_SKIP)
    name = databases.create_postgresql(migrated=migrated)
    try:
        yield databases.url_of(name)
    finally:
        databases.drop_postgresql(name)


@pytest.fixture
def postgresql_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    yield from _postgresql(migrated=False)


@pytest.fixture
def migrated_postgresql_url() -> Iterator[str]:
    """A fresh PostgreSQL database at the head revision (a copy of the session's template), dropped afterwards."""
    yield from _postgresql(migrated=True)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """A migrated SQLite file (the embedded default)."""
    return databases.migrate_sqlite(Settings(data_dir=tmp_path / "data"))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """A migrated database of each kind: SQLite always, PostgreSQL when the server is configured."""
    if request.param == "postgresql":
        (tmp_path / "data").mkdir()
        return Settings(
            data_dir=tmp_path / "data", database_url=request.getfixturevalue("migrated_postgresql_url")
        )
    return databases.migrate_sqlite(Settings(data_dir=tmp_path / "data"))


async def sessions_for(settings: Settings) -> AsyncIterator[Factory]:
    """A session factory on the settings' database, disposed after the test (shared with tests/api)."""
    # NullPool: no connection outlives the event loop that opened it (design.md, PostgreSQL in tests).
    engine = db.create_engine(settings.database, null_pool=True)
    try:
        yield db.session_factory(engine)
    finally:
        await engine.dispose()


@pytest.fixture
async def factory(db_settings: Settings) -> AsyncIterator[Factory]:
    async for sessions in sessions_for(db_settings):
        yield sessions


def good_fiche() -> FicheSujet:
    return load_fiche(GOOD)


@dataclass(frozen=True)
class World:
    """A school with one candidate: the author teaches them, member_a too; member_b does not."""

    author: uuid.UUID
    member_a: uuid.UUID
    member_b: uuid.UUID
    outsider: uuid.UUID
    candidate: uuid.UUID
    commission: uuid.UUID
    fdap: uuid.UUID


def _user(school: Etablissement, name: str, *roles: str) -> User:
    return User(
        etablissement_id=school.id,
        email=f"{name}@lycee.example",
        display_name=name.capitalize(),
        password_hash=PASSWORD_HASH,
        roles=list(roles),
    )


async def make_world(factory: Factory, mode: str = "ccf") -> World:
    async with factory() as session, session.begin():
        school = Etablissement(name="Lycée Jean Moulin", uai="0690001A")
        session.add(school)
        await session.flush()
        author = _user(school, "autrice", "enseignant")
        member_a = _user(school, "membre-a", "enseignant", "commission")
        member_b = _user(school, "membre-b", "commission")
        outsider = _user(school, "autre", "commission")
        exam = ExamSession(etablissement_id=school.id, year=2026, mode=mode, simulation_minutes=15)
        session.add_all([author, member_a, member_b, outsider, exam])
        await session.flush()
        candidate = Candidate(
            etablissement_id=school.id,
            exam_session_id=exam.id,
            nom="Martin",
            prenom="Léa",
            numero="0123",
            teachers=[author, member_a],
        )
        commission = Commission(exam_session_id=exam.id, number="12", members=[member_a, member_b])
        session.add_all([candidate, commission])
        await session.flush()
        fdap = await add_fdap(session, candidate.id, load_fdap(FDAP))
        return World(author.id, member_a.id, member_b.id, outsider.id, candidate.id, commission.id, fdap.id)


@pytest.fixture
async def world(factory: Factory) -> World:
    return await make_world(factory)


async def new_fiche(
    factory: Factory, world: World, document: FicheSujet | None = None, author: uuid.UUID | None = None
) -> uuid.UUID:
    """A new fiche on the world's FDAP, version 1 by `author` (the world's author by default)."""
    async with factory() as session, session.begin():
        fiche = await create_fiche(
            session,
            fdap_id=world.fdap,
            commission_id=world.commission,
            document=document or good_fiche(),
            author_id=author or world.author,
        )
        return fiche.id
