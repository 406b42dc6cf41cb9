"""Random JSON bodies on every write route: always a French 4xx problem (or a success), never a 500, and the
saved fiche is still there afterwards."""

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
from service.settings import Settings
from service.web.app import create_app
from tests import databases
from tests.api.conftest import PASSWORD
from tests.review.conftest import World, make_world, new_fiche

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=12,
)
# Bodies that look like the real ones, with keys kept and values fuzzed: they reach deeper than noise.
KEYS = ["action", "motif", "variantes", "document", "commission_id", "email", "mot_de_passe", "nature"]
SHAPED = st.dictionaries(st.sampled_from(KEYS), JSON, max_size=4)
ROUTES = [
    ("POST", "/api/fiches/{fiche}/transitions"),
    ("PUT", "/api/fiches/{fiche}"),
    ("POST", "/api/fdaps/{fdap}/fiches"),
    ("POST", "/api/fdaps/{fdap}/generations"),
    ("POST", "/api/candidats/{candidate}/fdaps"),
    ("POST", "/api/session"),
]


@pytest.fixture
def app_client(tmp_path: Path) -> Iterator[tuple[TestClient[Any], World, uuid.UUID]]:
    app_settings = Settings(data_dir=tmp_path / "data", secret_key="cle-de-test")
    databases.migrate_sqlite(app_settings)

    async def prepare() -> tuple[World, uuid.UUID]:
        engine = db.create_engine(app_settings.database, null_pool=True)
        try:
            world = await make_world(db.session_factory(engine))
            return world, await new_fiche(db.session_factory(engine), world)
        finally:
            await engine.dispose()

    world, fiche = asyncio.run(prepare())
    with TestClient(app=create_app(app_settings)) as client:
        login = {"email": "membre-a@lycee.example", "mot_de_passe": PASSWORD}
        assert client.post("/api/session", json=login).status_code == 200
        client.get("/api/sante")
        client.headers["x-csrftoken"] = client.cookies["csrftoken"]
        client.headers["If-Match"] = '"1"'
        yield client, world, fiche


@settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(route=st.sampled_from(ROUTES), body=st.one_of(JSON, SHAPED))
def test_random_bodies_never_get_a_500(
    app_client: tuple[TestClient[Any], World, uuid.UUID], route: tuple[str, str], body: Any
) -> None:
    client, world, fiche = app_client
    method, template = route
    path = template.format(fiche=fiche, fdap=world.fdap, candidate=world.candidate)
    response = client.request(method, path, json=body)
    assert response.status_code < 500, (method, path, body, response.text)
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["detail"] and "Traceback" not in response.text
    assert client.get(f"/api/fiches/{fiche}").status_code == 200
