"""Keeping a proposal as a draft, editing a fiche (new version), its history, and concurrent writers."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import msgspec
import pytest
from litestar.testing import AsyncTestClient

from service.review import service
from service.settings import Settings
from service.web.app import create_app
from tests.api.conftest import login
from tests.api.test_api import assert_problem, transition
from tests.conftest import FIXTURES
from tests.review.conftest import Factory, World, good_fiche

pytestmark = pytest.mark.anyio
OVER_MARGIN = FIXTURES / "fiches" / "13-06-remise-25-pourcent.json"  # an erreur that is not a mark
Client = AsyncTestClient[Any]


def document(**rows: str) -> dict[str, Any]:
    raw: dict[str, Any] = msgspec.to_builtins(good_fiche())
    raw["fiche_candidat"].update(rows)
    return raw


async def put(client: Client, token: str, fiche_id: uuid.UUID, etag: str, raw: dict[str, Any]) -> Any:
    return await client.put(
        f"/api/fiches/{fiche_id}",
        json={"document": raw, "motif": "relecture"},
        headers={"If-Match": etag, "x-csrftoken": token},
    )


async def test_a_proposal_is_kept_as_a_draft_with_the_candidate_of_the_database(
    client: Client, world: World
) -> None:
    token = await login(client, "autrice")
    raw = document()
    raw["candidat"] = {"nom": "INVENTÉ", "prenom": "Personne", "numero": "999"}
    response = await client.post(
        f"/api/fdaps/{world.fdap}/fiches",
        json={"commission_id": str(world.commission), "document": raw},
        headers={"x-csrftoken": token},
    )
    assert response.status_code == 201, response.text
    saved = response.json()
    assert saved["fiche"]["etat"] == "brouillon" and saved["fiche"]["version"] == 1
    assert saved["fiche"]["fiche_candidat"]["candidat"] == {
        "nom": "Martin",
        "prenom": "Léa",
        "numero": "0123",
    }
    assert saved["fiche"]["fiche_candidat"]["commission"] == "12"
    assert [c for c in saved["constats"] if c["gravite"] == "erreur"] == []
    assert response.headers["etag"] == '"1"'


async def test_editing_an_approved_version_starts_a_new_one_and_keeps_the_approved(
    client: Client, factory: Factory, world: World, fiche_id: uuid.UUID
) -> None:
    token = await login(client, "autrice")
    submitted = await transition(client, token, fiche_id, '"1"', "soumettre")
    token = await login(client, "membre-b")
    approved = await transition(client, token, fiche_id, submitted.headers["etag"], "approuver")
    assert approved.json()["etat"] == "approuvee"
    token = await login(client, "autrice")
    new_objet = "Renouvellement du contrat d'ateliers pour l'année 2027, avec un budget revu à la baisse."
    edited = await put(client, token, fiche_id, approved.headers["etag"], document(objet=new_objet))
    assert edited.status_code == 200, edited.text
    fiche = edited.json()["fiche"]
    assert (fiche["etat"], fiche["version"], fiche["fiche_candidat"]["fiche_candidat"]["objet"]) == (
        "brouillon",
        2,
        new_objet,
    )
    async with factory() as session:
        first, second = await service.versions(session, fiche_id)
    assert first.approved_at is not None and first.document == msgspec.to_builtins(good_fiche()) | {
        "candidat": first.document["candidat"],
        "commission": first.document["commission"],
    }
    assert second.approved_at is None and second.document["fiche_candidat"]["objet"] == new_objet
    history = (await client.get(f"/api/fiches/{fiche_id}/historique")).json()
    assert [v["numero"] for v in history["versions"]] == [1, 2]
    assert history["versions"][0]["approuvee_le"] and history["versions"][1]["approuvee_le"] is None
    actions = [(e["action"], e["de"], e["vers"], e["acteur"]) for e in history["evenements"]]
    assert actions[-3:] == [
        ("soumettre", "brouillon", "soumise", "Autrice"),
        ("approuver", "soumise", "approuvee", "Membre-b"),
        ("modifier", "approuvee", "brouillon", "Autrice"),
    ]
    # The new version needs approval again: handing over (by a member) is refused until then.
    token = await login(client, "membre-b")
    body = assert_problem(await transition(client, token, fiche_id, edited.headers["etag"], "remettre"), 409)
    assert "brouillon" in body["detail"]


async def test_a_sheet_with_an_erreur_is_saved_with_its_findings_but_cannot_be_submitted(
    client: Client, world: World, fiche_id: uuid.UUID
) -> None:
    token = await login(client, "autrice")
    raw = msgspec.json.decode(OVER_MARGIN.read_bytes())
    saved = await put(client, token, fiche_id, '"1"', raw)
    assert saved.status_code == 200
    assert "concession_hors_marge" in {
        c["code"] for c in saved.json()["constats"] if c["gravite"] == "erreur"
    }
    body = assert_problem(await transition(client, token, fiche_id, saved.headers["etag"], "soumettre"), 409)
    assert "les règles y trouvent 1 erreur" in body["detail"]


async def test_a_bad_document_is_a_400_naming_the_field_and_loses_nothing(
    client: Client, factory: Factory, world: World, fiche_id: uuid.UUID
) -> None:
    token = await login(client, "autrice")
    raw = document()
    raw["fiche_candidat"]["objet"] = 12
    body = assert_problem(await put(client, token, fiche_id, '"1"', raw), 400)
    assert body["detail"].startswith("document : fiche_candidat.objet : ")
    raw = document()
    raw["fiche_jury"]["note_finale"] = "18/20"
    body = assert_problem(await put(client, token, fiche_id, '"1"', raw), 400)
    assert "note_finale" in body["detail"]
    async with factory() as session:
        assert len(await service.versions(session, fiche_id)) == 1
    assert (await client.get(f"/api/fiches/{fiche_id}")).headers["etag"] == '"1"'


async def test_a_member_outside_the_commission_cannot_edit(
    client: Client, world: World, fiche_id: uuid.UUID
) -> None:
    token = await login(client, "autre")
    body = assert_problem(await put(client, token, fiche_id, '"1"', document()), 403)
    assert "auteurs de la fiche" in body["detail"]


async def test_two_members_writing_the_same_version_at_once_one_wins_the_other_gets_409(
    api_settings: Settings, world: World, fiche_id: uuid.UUID
) -> None:
    """Two service instances on one database, two members, one version: approvals, then edits, race."""
    async with (
        AsyncTestClient(app=create_app(api_settings)) as first,
        AsyncTestClient(app=create_app(api_settings)) as second,
    ):
        author = await login(first, "autrice")
        submitted = await transition(first, author, fiche_id, '"1"', "soumettre")
        assert submitted.status_code == 200, submitted.text
        etag = submitted.headers["etag"]
        token_a, token_b = await login(first, "membre-a"), await login(second, "membre-b")
        approvals = await asyncio.gather(
            transition(first, token_a, fiche_id, etag, "approuver"),
            transition(second, token_b, fiche_id, etag, "approuver"),
        )
        assert sorted(r.status_code for r in approvals) == [200, 409]
        assert_problem(next(r for r in approvals if r.status_code == 409), 409)
        etag = next(r for r in approvals if r.status_code == 200).headers["etag"]
        edits = await asyncio.gather(
            put(first, token_a, fiche_id, etag, document(lieu="Salle de réunion du club, 1er étage.")),
            put(second, token_b, fiche_id, etag, document(lieu="Au siège du CSE, bureau du secrétaire.")),
        )
        assert sorted(r.status_code for r in edits) == [200, 409]
        assert "modifiée" in assert_problem(next(r for r in edits if r.status_code == 409), 409)["detail"]
        winner = next(r for r in edits if r.status_code == 200).json()["fiche"]
        assert (winner["version"], winner["etat"]) == (2, "brouillon")
        history = (await first.get(f"/api/fiches/{fiche_id}/historique")).json()
        assert [e["action"] for e in history["evenements"]].count("approuver") == 1
        assert [e["action"] for e in history["evenements"]].count("modifier") == 1
