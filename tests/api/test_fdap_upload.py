"""Filing a candidate's FDAP through the service: the official Word form or fdap/1 JSON; bad files get a
French 4xx and lose nothing already saved, over a fuzzed stream of malformed uploads."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from litestar.testing import AsyncTestClient, TestClient

from service import db
from service.domain.codec import load_fdap
from service.settings import Settings
from service.web.app import create_app
from tests import databases
from tests.api.conftest import PASSWORD, login
from tests.api.test_api import assert_problem
from tests.conftest import FIXTURES
from tests.intake.docx_writer import Variant, write_fdap_docx
from tests.intake.test_import_fuzz import MALFORMED
from tests.review.conftest import World, make_world, new_fiche

EC_FDAP = FIXTURES / "fdap" / "14-club-sport-portes-ouvertes.json"
NV_FDAP = FIXTURES / "fdap" / "01-assurance-sante-kine.json"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
Client = AsyncTestClient[Any]


def url(world: World) -> str:
    return f"/api/candidats/{world.candidate}/fdaps"


@pytest.mark.anyio
async def test_a_word_fdap_is_filed_with_the_candidate_of_the_database(client: Client, world: World) -> None:
    token = await login(client, "autrice")
    word = write_fdap_docx(load_fdap(EC_FDAP), Variant())
    response = await client.post(
        url(world), files={"fichier": ("fdap-ec.docx", word, DOCX)}, headers={"x-csrftoken": token}
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["fdap"]["nature"], body["remplace"]) == ("EC", False)
    assert any(w["champ"] == "candidat.nom" for w in body["fdap"]["avertissements"])  # another name inside
    candidates = (await client.get("/api/candidats")).json()
    assert sorted(f["nature"] for f in candidates[0]["fdaps"]) == ["EC", "NV"]


@pytest.mark.anyio
async def test_a_json_fdap_replaces_its_nature_until_a_fiche_is_drawn_from_it(
    client: Client, world: World, fiche_id: uuid.UUID
) -> None:
    token = await login(client, "autrice")
    raw = NV_FDAP.read_bytes()
    refused = await client.post(
        url(world), content=raw, headers={"x-csrftoken": token, "content-type": "application/json"}
    )
    body = assert_problem(refused, 409)
    assert "déjà des fiches sujets" in body["detail"]
    ec = await client.post(url(world), content=EC_FDAP.read_bytes(), headers={"x-csrftoken": token})
    assert ec.status_code == 201 and ec.json()["remplace"] is False
    again = await client.post(url(world), content=EC_FDAP.read_bytes(), headers={"x-csrftoken": token})
    assert again.status_code == 201 and again.json()["remplace"] is True


@pytest.mark.anyio
async def test_bad_uploads_are_french_4xx_naming_the_file(client: Client, world: World) -> None:
    token = await login(client, "autrice")
    headers = {"x-csrftoken": token}
    body = assert_problem(
        await client.post(
            url(world), files={"fichier": ("fdap.docx", b"%PDF-1.7 ...", DOCX)}, headers=headers
        ),
        400,
    )
    assert body["detail"].startswith("fdap.docx")
    raw = msgspec.json.decode(EC_FDAP.read_bytes())
    raw["cadre"]["organisation"] = 12
    body = assert_problem(
        await client.post(url(world), content=msgspec.json.encode(raw), headers=headers), 400
    )
    assert "cadre.organisation" in body["detail"]
    assert_problem(await client.post(url(world), content=b"", headers=headers), 400)
    big_json = b" " * (6 * 1024 * 1024) + EC_FDAP.read_bytes()
    body = assert_problem(await client.post(url(world), content=big_json, headers=headers), 400)
    assert body["detail"] == "FDAP : fichier trop volumineux (6,0 Mo ; limite 5,0 Mo)"
    too_big = b"PK\x03\x04" + b"\0" * (12 * 1024 * 1024)
    body = assert_problem(await client.post(url(world), content=too_big, headers=headers), 413)
    assert "trop volumineux" in body["detail"]
    await login(client, "membre-b")  # commission only: filing is a teacher's act
    assert_problem(
        await client.post(
            url(world), content=EC_FDAP.read_bytes(), headers={"x-csrftoken": client.cookies["csrftoken"]}
        ),
        403,
    )


@pytest.fixture
def upload(tmp_path: Path) -> Iterator[tuple[TestClient[Any], str, str, str]]:
    """A running app (sync client) whose candidate already has an NV FDAP with a fiche drawn from it."""
    app_settings = Settings(data_dir=tmp_path / "data", secret_key="cle-de-test")
    databases.migrate_sqlite(app_settings)

    async def prepare() -> World:
        engine = db.create_engine(app_settings.database, null_pool=True)
        try:
            world = await make_world(db.session_factory(engine))
            await new_fiche(db.session_factory(engine), world)
            return world
        finally:
            await engine.dispose()

    world = asyncio.run(prepare())
    with TestClient(app=create_app(app_settings)) as client:
        assert (
            client.post(
                "/api/session", json={"email": "autrice@lycee.example", "mot_de_passe": PASSWORD}
            ).status_code
            == 200
        )
        client.get("/api/sante")
        yield client, url(world), client.cookies["csrftoken"], str(world.fdap)


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
@given(data=MALFORMED)
def test_malformed_word_files_get_4xx_and_the_service_keeps_running(
    upload: tuple[TestClient[Any], str, str, str], data: bytes
) -> None:
    client, address, token, saved = upload
    response = client.post(
        address, files={"fichier": ("fdap.docx", data, DOCX)}, headers={"x-csrftoken": token}
    )
    # 201: a harmless mutation of an EC form imports; 409: an NV one may not replace the drawn-from FDAP.
    assert response.status_code in (201, 400, 409, 413), response.text
    if response.status_code != 201:
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "Traceback" not in response.text and response.json()["detail"]
    assert client.get("/api/sante").json() == {"statut": "ok"}
    candidate = client.get("/api/candidats").json()[0]
    assert saved in {f["id"] for f in candidate["fdaps"]} and len(candidate["fiches"]) == 1  # nothing lost


@pytest.mark.anyio
async def test_an_fdap_numbered_as_the_other_nature_is_a_french_400(client: Client, world: World) -> None:
    token = await login(client, "autrice")
    ec = msgspec.json.decode(EC_FDAP.read_bytes()) | {"numero": 1}  # the world's NV FDAP is n° 1
    refused = await client.post(url(world), content=msgspec.json.encode(ec), headers={"x-csrftoken": token})
    body = assert_problem(refused, 400)
    assert "déjà une FDAP n° 1 (NV)" in body["detail"] and "l'autre numéro (2)" in body["detail"]
    candidates = (await client.get("/api/candidats")).json()
    assert [f["nature"] for f in candidates[0]["fdaps"]] == ["NV"]
