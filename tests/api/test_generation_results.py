"""GET /api/generations/{id}: the job's state in French and its proposals, each with the rules' findings."""

from __future__ import annotations

import dataclasses
from typing import Any

import msgspec
import pytest
from litestar.testing import AsyncTestClient

from service.domain.codec import load_fdap
from service.domain.fiche_sujet import FicheSujet
from service.domain.rules import check
from service.review import jobs
from service.settings import Settings
from tests.api.conftest import login
from tests.llm.conftest import fake_llm as fake_llm  # the fixture: a scripted endpoint on loopback
from tests.llm.fake_openai import FakeOpenAI, status
from tests.review.conftest import FDAP, Factory, World

pytestmark = pytest.mark.anyio
Client = AsyncTestClient[Any]


async def _ask(client: Client, world: World, variants: int = 2) -> tuple[str, str]:
    """Log in as the author and ask for proposals; the CSRF token and the job's URL."""
    token = await login(client, "autrice")
    response = await client.post(
        f"/api/fdaps/{world.fdap}/generations", json={"variantes": variants}, headers={"x-csrftoken": token}
    )
    assert response.status_code == 202, response.text
    return token, f"/api/generations/{response.json()['id']}"


async def test_a_finished_job_gives_its_sheets_with_the_findings_of_the_rules(
    client: Client, world: World, factory: Factory, api_settings: Settings
) -> None:
    _token, url = await _ask(client, world)
    waiting = (await client.get(url)).json()
    assert (waiting["statut"], waiting["etat"], waiting["propositions"], waiting["fiches"]) == (
        "queued",
        "en attente",
        0,
        [],
    )
    assert await jobs.run_once(factory, api_settings, "w1") is not None
    done = (await client.get(url)).json()
    assert (done["statut"], done["etat"], done["moteur"], done["propositions"], done["raison"]) == (
        "done",
        "terminée",
        "offline",
        2,
        "",
    )
    fdap = load_fdap(FDAP)
    for proposal in done["fiches"]:
        fiche = msgspec.convert(proposal["fiche"], FicheSujet)
        assert proposal["constats"] == [dataclasses.asdict(c) for c in check(fiche, fdap)]
        assert proposal["valide"] is True


async def test_a_failing_model_endpoint_gives_the_offline_sheets_and_says_why_in_french(
    client: Client, world: World, factory: Factory, api_settings: Settings, fake_llm: FakeOpenAI
) -> None:
    fake_llm.script(status(503, "Service Unavailable"))
    with_model = dataclasses.replace(
        api_settings,
        llm_model="test-model",
        openai_base_url=fake_llm.url,
        openai_api_key="test",
        llm_retries=0,
        llm_timeout=2.0,
    )
    _token, url = await _ask(client, world, variants=1)
    await jobs.run_once(factory, with_model, "w1")
    done = (await client.get(url)).json()
    assert (done["etat"], done["moteur"], done["propositions"]) == ("terminée", "offline", 1)
    assert done["raison"].startswith("le modèle de langage n'a pas abouti : "), done["raison"]
    assert "503" in done["raison"] and len(fake_llm.requests) == 1


async def test_a_user_of_another_school_cannot_read_the_job(
    client: Client, world: World, factory: Factory, api_settings: Settings, stranger: str
) -> None:
    token, url = await _ask(client, world)
    await jobs.run_once(factory, api_settings, "w1")
    await client.delete("/api/session", headers={"x-csrftoken": token})
    await login(client, stranger)
    response = await client.get(url)
    assert (response.status_code, response.json()["detail"]) == (404, "tâche de génération introuvable")
    assert "fiche_candidat" not in response.text
