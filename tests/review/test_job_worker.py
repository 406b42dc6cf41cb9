"""One worker: woken by its bell, several jobs side by side within its bound, steady through a failed look
at the queue, and every running job handed back when it is cancelled."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import pytest

from service.domain.fdap import Fdap
from service.domain.fiche_sujet import FicheSujet
from service.engines.base import ProposalRequest
from service.review import jobs
from service.settings import Settings
from tests.review.conftest import Factory, World, good_fiche
from tests.review.test_jobs import all_jobs, enqueue, wait_until_settled

pytestmark = pytest.mark.anyio


class WaitingEngine:
    """An engine that waits as a model would, counting the jobs in flight at once."""

    name = "offline"

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.in_flight = self.most = 0

    async def propose(self, fdap: Fdap, request: ProposalRequest) -> list[FicheSujet]:
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        try:
            await asyncio.sleep(self.seconds)
        finally:
            self.in_flight -= 1
        return [good_fiche()] * request.variants


async def _stopped(worker: asyncio.Task[int], stop: asyncio.Event) -> int:
    stop.set()
    return await asyncio.wait_for(worker, 10)


async def test_a_posted_job_is_taken_when_the_bell_rings_not_at_the_next_poll(
    factory: Factory, db_settings: Settings, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    stop, bell, looked = asyncio.Event(), asyncio.Event(), asyncio.Event()
    claim = jobs.claim

    async def watched(*args: Any, **kwargs: Any) -> Any:
        found = await claim(*args, **kwargs)
        if found is None:
            looked.set()
        return found

    monkeypatch.setattr(jobs, "claim", watched)
    worker = asyncio.create_task(
        jobs.run_worker(factory, db_settings, "w1", stop, poll=60.0, engine=WaitingEngine(0), bell=bell)
    )
    await asyncio.wait_for(looked.wait(), 10)  # the worker found nothing: it dozes for a minute
    [job_id] = await enqueue(factory, world)
    bell.set()
    [job] = await wait_until_settled(factory, 1, timeout=5.0)
    assert (job.id, job.status) == (job_id, "done")
    assert await _stopped(worker, stop) == 1


async def test_a_worker_runs_jobs_side_by_side_within_its_bound(
    factory: Factory, db_settings: Settings, world: World
) -> None:
    ids = await enqueue(factory, world, 6)
    engine, stop = WaitingEngine(0.5), asyncio.Event()
    settings = dataclasses.replace(db_settings, job_concurrency=3)
    worker = asyncio.create_task(jobs.run_worker(factory, settings, "w1", stop, 0.05, engine))
    done = await wait_until_settled(factory, 6, timeout=30.0)
    assert await _stopped(worker, stop) == 6
    assert engine.most == 3
    assert {j.id for j in done} == set(ids) and {(j.status, j.attempts) for j in done} == {("done", 1)}


async def test_a_failed_look_at_the_queue_does_not_end_the_worker(
    factory: Factory, db_settings: Settings, world: World
) -> None:
    [job_id] = await enqueue(factory, world)
    looks = 0

    def flaky() -> Any:
        nonlocal looks
        looks += 1
        if looks == 1:
            raise ConnectionRefusedError("base de données en redémarrage")
        return factory()

    stop = asyncio.Event()
    worker = asyncio.create_task(jobs.run_worker(flaky, db_settings, "w1", stop, 0.05, WaitingEngine(0)))  # type: ignore[arg-type]
    [job] = await wait_until_settled(factory, 1, timeout=10.0)
    assert (job.id, job.status, looks > 1) == (job_id, "done", True)
    assert await _stopped(worker, stop) == 1


async def test_a_cancelled_worker_hands_every_running_job_back(
    factory: Factory, db_settings: Settings, world: World
) -> None:
    ids = await enqueue(factory, world, 3)
    stop = asyncio.Event()
    worker = asyncio.create_task(jobs.run_worker(factory, db_settings, "w1", stop, 0.05, WaitingEngine(60)))
    for _ in range(200):
        if sum(j.status == "running" for j in await all_jobs(factory)) == 3:
            break
        await asyncio.sleep(0.05)
    worker.cancel()
    with pytest.raises(asyncio.CancelledError):
        await worker
    found = await all_jobs(factory)
    assert {j.id for j in found} == set(ids)
    assert {(j.status, j.attempts, j.claimed_by) for j in found} == {("queued", 0, None)}
