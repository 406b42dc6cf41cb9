"""An app per test on a fresh SQLite file (and a fresh PostgreSQL database when configured), the small school of tests/review, and logged-in clients."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from service.db.models import Etablissement, User
from service.settings import Settings
from service.web.app import create_app
from tests import databases
from tests.review.conftest import PASSWORD_HASH, Factory, World, make_world, new_fiche, sessions_for
from tests.review.conftest import migrated_postgresql_url as migrated_postgresql_url  # PostgreSQL runs

PASSWORD = "motdepasse-de-test"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(params=["sqlite", "postgresql"])
def api_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """The service's settings on a migrated SQLite file, and on PostgreSQL when the server is configured."""
    if request.param == "postgresql":
        (tmp_path / "data").mkdir()
        url = request.getfixturevalue("migrated_postgresql_url")
        return Settings(data_dir=tmp_path / "data", secret_key="cle-de-test", database_url=url)
    return databases.migrate_sqlite(Settings(data_dir=tmp_path / "data", secret_key="cle-de-test"))


@pytest.fixture
async def factory(api_settings: Settings) -> AsyncIterator[Factory]:
    async for sessions in sessions_for(api_settings):
        yield sessions


@pytest.fixture
async def world(factory: Factory) -> World:
    return await make_world(factory)


@pytest.fixture
async def fiche_id(factory: Factory, world: World) -> uuid.UUID:
    return await new_fiche(factory, world)


@pytest.fixture
async def stranger(factory: Factory) -> str:
    """A teacher of another school; their email."""
    async with factory() as session, session.begin():
        school = Etablissement(name="Lycée Victor Hugo", uai="0750002B")
        session.add(school)
        await session.flush()
        session.add(
            User(
                etablissement_id=school.id,
                email="ailleurs@lycee.example",
                display_name="Ailleurs",
                password_hash=PASSWORD_HASH,
                roles=["enseignant", "commission"],
            )
        )
    return "ailleurs@lycee.example"


@pytest.fixture
async def client(api_settings: Settings) -> AsyncIterator[AsyncTestClient[object]]:
    async with AsyncTestClient(app=create_app(api_settings)) as test_client:
        yield test_client  # type: ignore[misc]


async def login(client: AsyncTestClient[object], name: str) -> str:
    """Log in as `name`@lycee.example (or a full email); the CSRF token to send on writes."""
    email = name if "@" in name else f"{name}@lycee.example"
    response = await client.post("/api/session", json={"email": email, "mot_de_passe": PASSWORD})
    assert response.status_code == 200, response.text
    await client.get("/api/sante")
    token = client.cookies.get("csrftoken")
    assert token
    return token
