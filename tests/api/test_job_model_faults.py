"""A burst of generation jobs while the model endpoint is slow, failing, hanging or answering garbage: every
job ends in a state a teacher can read, none stays « en cours », and the service answers meanwhile."""

from __future__ import annotations

import asyncio
import dataclasses
import statistics
import time
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

import pytest
from httpx import Response
from litestar.testing import AsyncTestClient

from service.domain.codec import load_fdap
from service.settings import Settings
from service.web.app import create_app
from tests.api.conftest import login
from tests.llm.conftest import fake_llm as fake_llm  # the fixture: a scripted endpoint on loopback
from tests.llm.conftest import valid_answer
from tests.llm.fake_openai import FakeOpenAI, answer, answer_json, delayed, hang, raw_body, status
from tests.review.conftest import FDAP, World

pytestmark = pytest.mark.anyio
BURST = 8
FALLBACK = "le modèle de langage n'a pas abouti : "
# What each scripted fault says: 503, a 200 page that is not JSON, the hang, a reply that is not JSON, 500.
FAULTS = ("HTTP 503", "sans JSON", "délai", "JSON invalide", "HTTP 500")


def _with_model(settings: Settings, fake_llm: FakeOpenAI, tmp_path: Path) -> Settings:
    return dataclasses.replace(
        settings,
        llm_model="test-model",
        openai_base_url=fake_llm.url,
        openai_api_key="test",
        llm_timeout=1.0,
        llm_retries=0,
        llm_reasks=0,
        llm_log=tmp_path / "appels.jsonl",
        max_pending_jobs=BURST,
    )


async def _timed(took: list[float], request: Awaitable[Response]) -> Response:
    """The answer, its wait noted: the service must stay responsive while the jobs run."""
    sent = time.monotonic()
    response = await request
    took.append(time.monotonic() - sent)
    return response


async def _settled(
    client: AsyncTestClient[Any], urls: list[str], took: list[float], timeout: float = 30.0
) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [(await _timed(took, client.get(url))).json() for url in urls]
        if all(job["statut"] in ("done", "failed") for job in found):
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"tâches non terminées : {[job['etat'] for job in found]}")


async def test_a_burst_of_jobs_ends_in_clear_states_whatever_the_model_endpoint_does(
    api_settings: Settings, world: World, fake_llm: FakeOpenAI, tmp_path: Path
) -> None:
    good = valid_answer(load_fdap(FDAP))
    fake_llm.script(
        answer_json(good),
        delayed(0.4, answer_json(good)),  # slow, within the time-out
        status(503, "Service Unavailable"),
        raw_body("<html><body>502 Bad Gateway</body></html>"),
        hang(5.0),  # past the time-out
        answer("{ceci n'est pas du JSON"),
        status(500),
        answer_json(good),
    )
    settings = _with_model(api_settings, fake_llm, tmp_path)
    async with AsyncTestClient(app=create_app(settings, run_worker=True)) as client:
        token = await login(client, "autrice")
        urls: list[str] = []
        took: list[float] = []
        for _ in range(BURST):
            response = await _timed(
                took,
                client.post(
                    f"/api/fdaps/{world.fdap}/generations",
                    json={"variantes": 1},
                    headers={"x-csrftoken": token},
                ),
            )
            assert response.status_code == 202, response.text
            urls.append(f"/api/generations/{response.json()['id']}")
        jobs = await _settled(client, urls, took)
    by_model = [j for j in jobs if j["statut"] == "done" and j["moteur"] == "llm"]
    fallen_back = [j for j in jobs if j["statut"] == "done" and j["moteur"] == "offline"]
    failed = [j for j in jobs if j["statut"] == "failed"]
    assert len(by_model) + len(fallen_back) + len(failed) == BURST
    assert all(j["raison"] == "" and j["propositions"] == 1 for j in by_model)
    assert all(j["raison"].startswith(FALLBACK) and j["propositions"] == 1 for j in fallen_back)
    assert all(j["etat"] == "échouée" and j["erreur"].startswith("la génération a échoué") for j in failed)
    assert failed == [] and len(by_model) == 3, [j["raison"] or j["erreur"] for j in jobs]
    said = [next((fault for fault in FAULTS if fault in j["raison"]), j["raison"]) for j in fallen_back]
    assert sorted(said) == sorted(FAULTS)  # each fault fell back once, with its reason in French
    assert statistics.median(took) < 0.5 and max(took) < 3.0, took  # loose: a shared, busy machine
