"""Generation jobs through the API: the V-3 rule on their proposals, a bound on pending jobs, strong If-Match."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import select

from service.db.models import Candidate, GenerationJob, User
from service.review import jobs
from service.settings import Settings
from tests.api.conftest import login
from tests.review.conftest import PASSWORD_HASH, Factory, World

pytestmark = pytest.mark.anyio
Client = AsyncTestClient[Any]
PENDING = 3  # jobs queued or running that one user may have


async def _colleagues(factory: Factory, world: World) -> None:
    """Another teacher of the candidate, a teacher who does not teach them, and the school's admin."""
    async with factory() as session, session.begin():
        author = await session.get(User, world.author)
        assert author
        people = {
            name: User(
                etablissement_id=author.etablissement_id,
                email=f"{name}@lycee.example",
                display_name=name.capitalize(),
                password_hash=PASSWORD_HASH,
                roles=[role],
            )
            for name, role in (("collegue", "enseignant"), ("voisin", "enseignant"), ("direction", "admin"))
        }
        session.add_all(people.values())
        candidate = await session.get(Candidate, world.candidate)
        assert candidate
        candidate.teachers.append(people["collegue"])


async def _ask(client: Client, world: World, who: str = "autrice") -> tuple[str, Any]:
    token = await login(client, who)
    return token, await client.post(
        f"/api/fdaps/{world.fdap}/generations", json={"variantes": 1}, headers={"x-csrftoken": token}
    )


async def _done_job(client: Client, world: World, factory: Factory, settings: Settings) -> str:
    """A finished job asked by the author: its URL."""
    _, answer = await _ask(client, world)
    assert answer.status_code == 202, answer.text
    await jobs.run_once(factory, settings, "w1")
    return f"/api/generations/{answer.json()['id']}"


async def _read(client: Client, who: str, url: str) -> Any:
    await login(client, who)
    return await client.get(url)


async def test_only_the_requester_and_the_candidates_teachers_read_the_proposals_before_a_fiche_is_kept(
    client: Client, world: World, factory: Factory, api_settings: Settings, stranger: str
) -> None:
    await _colleagues(factory, world)
    url = await _done_job(client, world, factory, api_settings)
    for who in ("autrice", "collegue", "membre-a"):
        answer = await _read(client, who, url)
        assert answer.status_code == 200, (who, answer.text)
        assert answer.json()["fiches"][0]["fiche"]["fiche_jury"]["objections"], who
    for who in ("voisin", "direction", "autre", "membre-b"):
        answer = await _read(client, who, url)
        assert answer.status_code == 403, (who, answer.text)
        assert "fiche jury" in answer.json()["detail"] and "objections" not in answer.text
    answer = await _read(client, stranger, url)
    assert answer.status_code == 404 and "objections" not in answer.text


async def test_once_a_fiche_is_kept_from_the_fdap_its_commission_reads_the_proposals_too(
    client: Client, world: World, factory: Factory, api_settings: Settings
) -> None:
    url = await _done_job(client, world, factory, api_settings)
    assert (await _read(client, "membre-b", url)).status_code == 403
    token = await _read(client, "autrice", url)
    document = token.json()["fiches"][0]["fiche"]
    csrf = await login(client, "autrice")
    kept = await client.post(
        f"/api/fdaps/{world.fdap}/fiches",
        json={"commission_id": str(world.commission), "document": document, "motif": "proposition 1"},
        headers={"x-csrftoken": csrf},
    )
    assert kept.status_code == 201, kept.text
    assert (await _read(client, "membre-b", url)).status_code == 200
    assert (await _read(client, "autre", url)).status_code == 403


async def test_a_teacher_not_teaching_the_candidate_reads_the_job_they_asked_for(
    client: Client, world: World, factory: Factory, api_settings: Settings
) -> None:
    await _colleagues(factory, world)
    _, answer = await _ask(client, world, "voisin")
    assert answer.status_code == 202
    await jobs.run_once(factory, api_settings, "w1")
    url = f"/api/generations/{answer.json()['id']}"
    assert (await client.get(url)).status_code == 200
    assert (await _read(client, "direction", url)).status_code == 403


async def test_a_fourth_pending_job_of_a_user_is_429_with_retry_after_and_not_stored(
    client: Client, world: World, factory: Factory, api_settings: Settings
) -> None:
    for _ in range(PENDING):
        assert (await _ask(client, world))[1].status_code == 202
    _, refused = await _ask(client, world)
    assert refused.status_code == 429, refused.text
    assert int(refused.headers["retry-after"]) > 0
    assert "tâches de génération en attente" in refused.json()["detail"]
    async with factory() as session:
        assert len((await session.scalars(select(GenerationJob))).all()) == PENDING
    _, other = await _ask(client, world, "membre-a")
    assert other.status_code == 202  # the bound is per user
    await jobs.run_once(factory, api_settings, "w1")
    assert (await _ask(client, world))[1].status_code == 202  # one done: room for one more


async def test_a_weak_etag_in_if_match_is_a_french_412_for_edits_and_transitions(
    client: Client, fiche_id: uuid.UUID
) -> None:
    token = await login(client, "autrice")
    sheet = await client.get(f"/api/fiches/{fiche_id}")
    jury = (await client.get(f"/api/fiches/{fiche_id}/jury")).json()
    weak = {"If-Match": f"W/{sheet.headers['etag']}", "x-csrftoken": token}
    document = sheet.json()["fiche_candidat"] | {
        "fiche_jury": jury["fiche_jury"],
        "modifications": jury["modifications"],
    }
    document["fiche_candidat"]["lieu"] += " (salle 2)"
    edit = await client.put(
        f"/api/fiches/{fiche_id}", json={"document": document, "motif": "essai"}, headers=weak
    )
    assert edit.status_code == 412, edit.text
    assert "ETag faible" in edit.json()["detail"]
    submit = await client.post(
        f"/api/fiches/{fiche_id}/transitions", json={"action": "soumettre", "motif": ""}, headers=weak
    )
    assert submit.status_code == 412 and "ETag faible" in submit.json()["detail"]
    assert (await client.get(f"/api/fiches/{fiche_id}")).headers["etag"] == sheet.headers["etag"]
