"""A service with its worker: a job posted through the API starts at once, and its engine leaves the event
loop free for the other requests."""

from __future__ import annotations

import asyncio
import statistics
import threading
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from service.domain.fdap import Fdap
from service.domain.fiche_sujet import FicheSujet
from service.engines.base import ProposalRequest
from service.engines.offline import OfflineEngine
from service.engines.offline.engine import Checked
from service.settings import Settings
from service.web.app import create_app
from tests.api.conftest import login
from tests.review.conftest import World, good_fiche

pytestmark = pytest.mark.anyio
Client = AsyncTestClient[Any]
OLD_POLL = 0.5  # what the worker waited between two looks before it was woken by a post


class InstantEngine:
    """An engine that answers at once, so that what is timed is the worker's wake-up."""

    name = "offline"

    async def propose(self, fdap: Fdap, request: ProposalRequest) -> list[FicheSujet]:
        return [good_fiche()] * request.variants


class SleepyEngine(OfflineEngine):
    """The offline engine with a slow synchronous step (a heavy FDAP on a busy machine), its window noted."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.window: list[float] = []
        self.finished = threading.Event()

    def generate_checked(self, fdap: Fdap, request: ProposalRequest) -> list[Checked]:
        self.window.append(time.monotonic())
        time.sleep(self.seconds)
        self.window.append(time.monotonic())
        self.finished.set()
        return super().generate_checked(fdap, request)


async def _client(settings: Settings, engine: object) -> AsyncIterator[Client]:
    app = create_app(settings, run_worker=True, engine=engine)  # type: ignore[arg-type]
    async with AsyncTestClient(app=app) as client:
        yield client


async def _post(client: Client, world: World, token: str) -> str:
    response = await client.post(
        f"/api/fdaps/{world.fdap}/generations", json={"variantes": 1}, headers={"x-csrftoken": token}
    )
    assert response.status_code == 202, response.text
    return f"/api/generations/{response.json()['id']}"


async def _done(client: Client, url: str, timeout: float = 30.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body: dict[str, Any] = (await client.get(url)).json()
        if body["statut"] in ("done", "failed"):
            return body
        await asyncio.sleep(0.01)
    raise AssertionError("tâche non terminée")


# SQLite: its few milliseconds per query leave the wake-up alone in what is timed (the bell itself is tested
# on both databases in tests/review/test_job_worker.py).
@pytest.mark.parametrize("api_settings", ["sqlite"], indirect=True)
async def test_a_job_posted_through_the_api_is_done_well_before_the_old_poll(
    api_settings: Settings, world: World
) -> None:
    # One after the other: an idle worker that only polled would wait about its whole period each time.
    async for client in _client(api_settings, InstantEngine()):
        token = await login(client, "autrice")
        took = []
        for _ in range(3):
            started = time.monotonic()
            body = await _done(client, await _post(client, world, token))
            took.append(time.monotonic() - started)
            assert (body["statut"], body["propositions"]) == ("done", 1)
    assert statistics.median(took) < OLD_POLL * 0.6, took


async def test_requests_are_answered_while_a_jobs_engine_computes(
    api_settings: Settings, world: World
) -> None:
    engine = SleepyEngine(1.0)
    async for client in _client(api_settings, engine):
        token = await login(client, "autrice")
        url = await _post(client, world, token)
        answered: list[tuple[float, float]] = []
        while not engine.finished.is_set():
            sent = time.monotonic()
            assert (await client.get("/api/sante")).status_code == 200
            answered.append((sent, time.monotonic()))
            await asyncio.sleep(0.02)
        assert (await _done(client, url))["statut"] == "done"
    begun, ended = engine.window
    during = [(sent, back) for sent, back in answered if begun < sent and back < ended]
    assert len(during) >= 5, f"{len(during)} réponses pendant le calcul du moteur"
    assert max(back - sent for sent, back in answered) < 0.5
