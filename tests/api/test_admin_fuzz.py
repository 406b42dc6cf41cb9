"""Random JSON bodies on the admin's write routes: always a French 4xx problem (or a success), never a 500."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar.testing import TestClient

from service import db
from service.db.models import User
from service.settings import Settings
from service.web.app import create_app
from tests import databases
from tests.api.conftest import PASSWORD
from tests.api.test_api_fuzz import JSON
from tests.review.conftest import PASSWORD_HASH, World, make_world

# Keys of the real bodies, with values that are sometimes right, sometimes not.
TEXT = st.text(max_size=60) | st.sampled_from(["", "=1+1", "a\x00b", "x" * 400, "prof@lycee.example"])
KEYS = [
    "email",
    "nom",
    "prenom",
    "numero",
    "roles",
    "mot_de_passe",
    "actif",
    "membres",
    "session_id",
    "annee",
    "mode",
]
SHAPED = st.dictionaries(st.sampled_from(KEYS), TEXT | JSON | st.lists(TEXT, max_size=3), max_size=6)
ROUTES = [
    ("POST", "/api/enseignants"),
    ("PUT", "/api/enseignants/{user}"),
    ("POST", "/api/sessions-examen"),
    ("POST", "/api/commissions"),
    ("PUT", "/api/commissions/{commission}"),
    ("POST", "/api/candidats"),
    ("PUT", "/api/candidats/{candidate}"),
]


@pytest.fixture
def admin_client(tmp_path: Path) -> Iterator[tuple[TestClient[Any], World]]:
    app_settings = Settings(data_dir=tmp_path / "data", secret_key="cle-de-test")
    databases.migrate_sqlite(app_settings)

    async def prepare() -> World:
        engine = db.create_engine(app_settings.database, null_pool=True)
        try:
            factory = db.session_factory(engine)
            world = await make_world(factory)
            async with factory() as session, session.begin():
                author = await session.get(User, world.author)
                assert author is not None
                session.add(
                    User(
                        etablissement_id=author.etablissement_id,
                        email="dir@lycee.example",
                        display_name="Dir",
                        password_hash=PASSWORD_HASH,
                        roles=["admin"],
                    )
                )
            return world
        finally:
            await engine.dispose()

    world = asyncio.run(prepare())
    with TestClient(app=create_app(app_settings)) as client:
        assert client.post(
            "/api/session", json={"email": "dir@lycee.example", "mot_de_passe": PASSWORD}
        ).is_success
        client.get("/api/sante")
        client.headers["x-csrftoken"] = client.cookies["csrftoken"]
        yield client, world


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(route=st.sampled_from(ROUTES), body=st.one_of(JSON, SHAPED), other=st.booleans())
def test_random_admin_bodies_never_get_a_500(
    admin_client: tuple[TestClient[Any], World], route: tuple[str, str], body: Any, other: bool
) -> None:
    client, world = admin_client
    method, template = route
    ids = {"user": world.member_b, "commission": world.commission, "candidate": world.candidate}
    path = template.format(**{k: uuid.uuid4() if other else v for k, v in ids.items()})
    response = client.request(method, path, json=body)
    assert response.status_code < 500, (method, path, body, response.text)
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["detail"] and "Traceback" not in response.text
    assert client.get("/api/enseignants").status_code == 200
