"""POST/GET /api/fiches/{id}/commentaires: the same service as the pages, same refusals."""

from __future__ import annotations

import uuid

import pytest
from litestar.testing import AsyncTestClient

from tests.api.conftest import login

pytestmark = pytest.mark.anyio
Client = AsyncTestClient[object]


async def test_a_member_comments_a_row_and_the_author_reads_it(client: Client, fiche_id: uuid.UUID) -> None:
    token = await login(client, "membre-b")
    url = f"/api/fiches/{fiche_id}/commentaires"
    body = {"version": 1, "ligne": "candidat.lieu", "texte": "Préciser la salle."}
    created = await client.post(url, json=body, headers={"x-csrftoken": token})
    assert created.status_code == 201, created.text
    assert created.json()["libelle"] == "V-2 · Lieu" and created.json()["auteur"] == "Membre-b"
    await login(client, "autrice")
    listed = await client.get(url)
    assert listed.status_code == 200
    assert [(c["ligne"], c["texte"]) for c in listed.json()] == [("candidat.lieu", "Préciser la salle.")]


async def test_refusals_are_french_4xx(client: Client, fiche_id: uuid.UUID, stranger: str) -> None:
    url = f"/api/fiches/{fiche_id}/commentaires"
    token = await login(client, "membre-a")
    bad = await client.post(
        url, json={"version": 1, "ligne": "x", "texte": "y"}, headers={"x-csrftoken": token}
    )
    assert bad.status_code == 400 and "ligne inconnue" in bad.json()["detail"]
    extra = await client.post(
        url,
        json={"version": 1, "ligne": "candidat.lieu", "texte": "y", "z": 1},
        headers={"x-csrftoken": token},
    )
    assert extra.status_code == 400
    token = await login(client, "autre")
    assert (await client.get(url)).status_code == 403
    token = await login(client, stranger)
    refused = await client.post(
        url, json={"version": 1, "ligne": "candidat.lieu", "texte": "y"}, headers={"x-csrftoken": token}
    )
    assert refused.status_code == 404 and (await client.get(url)).status_code == 404
