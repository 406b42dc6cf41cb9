"""Workflow rights and marks through the JSON API: 403 for the wrong person, 400 for a mark, nothing saved."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select

from service.db.models import Fiche
from service.review import service
from tests.api.conftest import login
from tests.api.test_api import assert_problem, transition
from tests.api.test_edit import document, put
from tests.review.conftest import WITH_MARK, Factory, World

pytestmark = pytest.mark.anyio
Client = AsyncTestClient[Any]
LIEU = "Dans la salle de réunion du club, au rez-de-chaussée."


async def etag(client: Client, fiche_id: uuid.UUID) -> str:
    return str((await client.get(f"/api/fiches/{fiche_id}")).headers["etag"])


async def test_a_teacher_who_wrote_no_version_cannot_submit(
    client: Client, world: World, fiche_id: uuid.UUID
) -> None:
    token = await login(client, "membre-a")
    body = assert_problem(await transition(client, token, fiche_id, '"1"', "soumettre"), 403)
    assert "seuls les auteurs de la fiche" in body["detail"]
    assert (await client.get(f"/api/fiches/{fiche_id}")).json()["etat"] == "brouillon"


async def test_an_author_outside_the_commission_cannot_hand_over(
    client: Client, world: World, fiche_id: uuid.UUID
) -> None:
    token = await login(client, "autrice")
    await transition(client, token, fiche_id, '"1"', "soumettre")
    token = await login(client, "membre-b")
    approved = await transition(client, token, fiche_id, await etag(client, fiche_id), "approuver")
    assert approved.status_code == 200
    token = await login(client, "autrice")
    body = assert_problem(
        await transition(client, token, fiche_id, approved.headers["etag"], "remettre"), 403
    )
    assert "commission" in body["detail"]
    token = await login(client, "membre-b")
    handed = await transition(client, token, fiche_id, approved.headers["etag"], "remettre")
    assert handed.status_code == 200 and handed.json()["etat"] == "remise"


async def test_an_unchanged_save_is_refused_and_the_counter_stays(
    client: Client, factory: Factory, world: World, fiche_id: uuid.UUID
) -> None:
    token = await login(client, "membre-b")
    body = assert_problem(await put(client, token, fiche_id, '"1"', document()), 409)
    assert "identique à la version 1" in body["detail"]
    assert await etag(client, fiche_id) == '"1"'
    async with factory() as session:
        assert len(await service.versions(session, fiche_id)) == 1


async def test_a_colleague_resaving_does_not_open_approval_to_the_writer(
    client: Client, world: World
) -> None:
    token = await login(client, "membre-a")
    created = await client.post(
        f"/api/fdaps/{world.fdap}/fiches",
        json={"commission_id": str(world.commission), "document": document()},
        headers={"x-csrftoken": token},
    )
    fiche_id = created.json()["fiche"]["id"]
    token = await login(client, "membre-b")
    assert (await put(client, token, fiche_id, '"1"', document(lieu=LIEU))).status_code == 200
    token = await login(client, "membre-a")
    submitted = await transition(client, token, fiche_id, await etag(client, fiche_id), "soumettre")
    assert submitted.status_code == 200
    body = assert_problem(
        await transition(client, token, fiche_id, submitted.headers["etag"], "approuver"), 409
    )
    assert "règle des quatre yeux" in body["detail"]


async def test_a_mark_in_the_header_is_refused_at_creation_naming_the_field(
    client: Client, factory: Factory, world: World
) -> None:
    token = await login(client, "autrice")
    raw = document() | {"date": "Note du candidat : 15/20 – niveau TS"}
    response = await client.post(
        f"/api/fdaps/{world.fdap}/fiches",
        json={"commission_id": str(world.commission), "document": raw},
        headers={"x-csrftoken": token},
    )
    body = assert_problem(response, 400)
    assert "« En-tête › date »" in body["detail"] and "15/20" in body["detail"]
    async with factory() as session:
        assert await session.scalar(select(func.count()).select_from(Fiche)) == 0


async def test_a_sheet_with_a_mark_is_refused_at_save_and_nothing_is_saved(
    client: Client, factory: Factory, world: World, fiche_id: uuid.UUID
) -> None:
    token = await login(client, "autrice")
    raw = msgspec.json.decode(WITH_MARK.read_bytes())
    body = assert_problem(await put(client, token, fiche_id, '"1"', raw), 400)
    assert (
        "note ou une appréciation" in body["detail"]
        and "« V-2 › Informations à exploiter »" in body["detail"]
    )
    assert await etag(client, fiche_id) == '"1"'
    async with factory() as session:
        assert len(await service.versions(session, fiche_id)) == 1


async def test_a_mark_in_a_transition_motif_is_refused_and_never_in_the_history(
    client: Client, world: World, fiche_id: uuid.UUID
) -> None:
    token = await login(client, "autrice")
    response = await client.post(
        f"/api/fiches/{fiche_id}/transitions",
        json={"action": "soumettre", "motif": "Elle mérite 15/20"},
        headers={"If-Match": '"1"', "x-csrftoken": token},
    )
    body = assert_problem(response, 400)
    assert "motif" in body["detail"] and "mérite 15/20 »" in body["detail"]
    history = (await client.get(f"/api/fiches/{fiche_id}/historique")).json()
    assert [e["action"] for e in history["evenements"]] == ["creer"]
    assert "15/20" not in str(history)
