"""Durable generation jobs on real databases: done once, resumed after a crash, shared safely by workers."""

from __future__ import annotations

import asyncio
import datetime
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import msgspec
import pytest
from sqlalchemy import select, update

from service import db
from service.db.models import FdapRecord, GenerationJob
from service.domain.fdap import Fdap
from service.domain.fiche_sujet import FicheSujet
from service.domain.rules import check, is_valid
from service.engines.base import ProposalRequest
from service.engines.offline import OfflineEngine
from service.errors import EngineError
from service.review import job_claims, jobs
from service.settings import Settings
from tests.review.conftest import Factory, World

pytestmark = pytest.mark.anyio
ROOT = Path(__file__).resolve().parents[2]


class CountingEngine:
    """The offline engine, counting its runs per job (jobs.CURRENT_JOB), optionally failing."""

    name = "offline"

    def __init__(self, fail: Exception | None = None) -> None:
        self.calls: Counter[uuid.UUID | None] = Counter()
        self.fail = fail

    async def propose(self, fdap: Fdap, request: ProposalRequest) -> list[FicheSujet]:
        self.calls[jobs.CURRENT_JOB.get()] += 1
        await asyncio.sleep(0)
        if self.fail is not None:
            raise self.fail
        return await OfflineEngine().propose(fdap, request)


async def enqueue(factory: Factory, world: World, count: int = 1, engine: str = "auto") -> list[uuid.UUID]:
    async with factory() as session, session.begin():
        return [await jobs.enqueue(session, world.fdap, 3, engine) for _ in range(count)]


async def all_jobs(factory: Factory) -> list[GenerationJob]:
    async with factory() as session:
        return list((await session.scalars(select(GenerationJob))).all())


async def wait_until_settled(factory: Factory, count: int, timeout: float = 90.0) -> list[GenerationJob]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = await all_jobs(factory)
        if len(found) == count and all(j.status in ("done", "failed") for j in found):
            return found
        await asyncio.sleep(0.1)
    raise AssertionError(f"tâches non terminées : {Counter(j.status for j in await all_jobs(factory))}")


async def test_a_job_runs_to_done_with_three_valid_proposals(
    factory: Factory, db_settings: Settings, world: World
) -> None:
    [job_id] = await enqueue(factory, world)
    async with factory() as session:
        waiting = await jobs.job_progress(session, job_id)
    assert (waiting.statut, waiting.etat, waiting.propositions, waiting.fiches) == (
        "queued",
        "en attente",
        0,
        [],
    )
    assert await jobs.run_once(factory, db_settings, "w1") == job_id
    async with factory() as session:
        progress = await jobs.job_progress(session, job_id)
    assert (progress.statut, progress.etat, progress.propositions, progress.moteur, progress.tentatives) == (
        "done",
        "terminée",
        3,
        "offline",
        1,
    )
    assert progress.raison == "" and all(p.valide for p in progress.fiches)
    assert await jobs.run_once(factory, db_settings, "w1") is None  # a job done is never run again


class SpareEngine:
    """An engine whose last proposal carries a mark on 20: the rules must find it, whoever asks."""

    name = "offline"

    async def propose(self, fdap: Fdap, request: ProposalRequest) -> list[FicheSujet]:
        fiches = await OfflineEngine().propose(fdap, request)
        last = fiches[-1]
        marked = msgspec.structs.replace(
            last.fiche_candidat,
            informations=last.fiche_candidat.informations + " Le candidat sera noté sur 20.",
        )
        return [*fiches[:-1], msgspec.structs.replace(last, fiche_candidat=marked)]


async def test_a_job_stores_only_checked_proposals_with_their_findings(
    factory: Factory, db_settings: Settings, world: World
) -> None:
    [job_id] = await enqueue(factory, world)
    await jobs.run_once(factory, db_settings, "w1", SpareEngine())
    async with factory() as session:
        progress = await jobs.job_progress(session, job_id)
        job = await session.get_one(GenerationJob, job_id)
        fdap = msgspec.convert((await session.get_one(FdapRecord, world.fdap)).document, Fdap)
    assert [p.valide for p in progress.fiches] == [True, True, False]
    assert "notation_interdite" in {c.code for c in progress.fiches[2].constats if c.gravite == "erreur"}
    for proposal in progress.fiches:  # the findings stored are those of `fichesujet check`, to the letter
        assert proposal.constats == check(proposal.fiche, fdap)
        assert proposal.valide == is_valid(check(proposal.fiche, fdap))
    assert job.result is not None and set(job.result) == {"propositions", "moteur", "raison", "appels"}
    assert all(set(p) == {"fiche", "constats", "valide"} for p in job.result["propositions"])
    progress_json = msgspec.to_builtins(progress)
    assert progress_json["fiches"][2]["constats"][0].keys() == {"code", "gravite", "champ", "message"}


async def test_a_crashed_job_is_resumed_once(factory: Factory, db_settings: Settings, world: World) -> None:
    [job_id] = await enqueue(factory, world)
    long_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)
    async with factory() as session, session.begin():
        await session.execute(
            update(GenerationJob)
            .where(GenerationJob.id == job_id)
            .values(status="running", claimed_by="mort:1", claimed_at=long_ago, attempts=1)
        )
    engine = CountingEngine()
    assert await jobs.run_once(factory, db_settings, "w2", engine) == job_id
    assert await jobs.run_once(factory, db_settings, "w2", engine) is None
    [job] = await all_jobs(factory)
    assert (job.status, job.attempts, engine.calls[job_id]) == ("done", 2, 1)
    assert job.claimed_by is not None and job.claimed_by.startswith("w2:")


async def test_a_live_claim_is_not_taken_by_another_worker(
    factory: Factory, db_settings: Settings, world: World
) -> None:
    [job_id] = await enqueue(factory, world)
    token = "w1:vivant"
    assert await jobs.claim(factory, token, db_settings.job_lease_seconds) == job_id
    assert await jobs.run_once(factory, db_settings, "w2") is None


async def test_a_job_abandoned_too_often_fails_in_french(
    factory: Factory, db_settings: Settings, world: World
) -> None:
    [job_id] = await enqueue(factory, world)
    long_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)
    async with factory() as session, session.begin():
        await session.execute(
            update(GenerationJob)
            .where(GenerationJob.id == job_id)
            .values(
                status="running", claimed_by="mort:3", claimed_at=long_ago, attempts=job_claims.MAX_ATTEMPTS
            )
        )
    assert await jobs.run_once(factory, db_settings, "w1") is None
    async with factory() as session:
        progress = await jobs.job_progress(session, job_id)
    assert (progress.statut, progress.etat, progress.erreur) == (
        "failed",
        "échouée",
        "abandonnée après 3 tentatives interrompues",
    )


async def test_a_model_failure_offers_the_offline_proposals_with_the_reason(
    factory: Factory, db_settings: Settings, world: World
) -> None:
    [job_id] = await enqueue(factory, world, engine="llm")  # no model configured: LlmEngine refuses
    await jobs.run_once(factory, db_settings, "w1")
    async with factory() as session:
        progress = await jobs.job_progress(session, job_id)
    assert (progress.statut, progress.moteur, progress.propositions) == ("done", "offline", 3)
    assert progress.raison.startswith(
        "le modèle de langage n'a pas abouti : aucun modèle de langage configuré"
    )

    [job_id] = await enqueue(factory, world)
    await jobs.run_once(factory, db_settings, "w1", CountingEngine(EngineError("réponse illisible")))
    async with factory() as session:
        progress = await jobs.job_progress(session, job_id)
    assert (progress.statut, progress.moteur, progress.propositions) == ("done", "offline", 3)
    assert progress.raison == "le modèle de langage n'a pas abouti : réponse illisible"


async def test_an_unexpected_engine_error_fails_the_job_in_french(
    factory: Factory, db_settings: Settings, world: World
) -> None:
    [job_id] = await enqueue(factory, world)
    await jobs.run_once(factory, db_settings, "w1", CountingEngine(RuntimeError("boum")))
    async with factory() as session:
        progress = await jobs.job_progress(session, job_id)
    assert (progress.statut, progress.erreur) == (
        "failed",
        "la génération a échoué : erreur inattendue (RuntimeError)",
    )


async def test_enqueue_refuses_an_unknown_engine_or_fdap(factory: Factory, world: World) -> None:
    async with factory() as session:
        with pytest.raises(Exception, match="moteur inconnu"):
            await jobs.enqueue(session, world.fdap, 3, "magique")
        with pytest.raises(Exception, match="FDAP introuvable"):
            await jobs.enqueue(session, uuid.uuid4())


async def test_a_requester_has_at_most_three_jobs_queued_or_running(
    factory: Factory, db_settings: Settings, world: World
) -> None:
    async with factory() as session, session.begin():
        for _ in range(3):
            await jobs.enqueue(session, world.fdap, 1, requested_by=world.author, max_pending=3)
    assert await jobs.claim(factory, "w1", db_settings.job_lease_seconds) is not None  # running still counts
    async with factory() as session:
        with pytest.raises(jobs.TooManyJobs, match="déjà 3 tâches de génération en attente ou en cours"):
            await jobs.enqueue(session, world.fdap, 1, requested_by=world.author, max_pending=3)
        await jobs.enqueue(session, world.fdap, 1, requested_by=world.member_a, max_pending=3)
        await jobs.enqueue(session, world.fdap, 1)  # the CLI and the workers' tests name no requester
    async with factory() as session, session.begin():
        await session.execute(
            update(GenerationJob).where(GenerationJob.status == "running").values(status="done")
        )
    async with factory() as session:
        await jobs.enqueue(session, world.fdap, 1, requested_by=world.author, max_pending=3)


async def test_two_workers_run_a_burst_of_20_jobs_each_exactly_once(
    factory: Factory, db_settings: Settings, world: World
) -> None:
    ids = await enqueue(factory, world, 20)
    engines = [db.create_engine(db_settings.database, null_pool=True) for _ in range(2)]
    counting, stop = CountingEngine(), asyncio.Event()
    started = time.monotonic()
    workers = [
        asyncio.create_task(
            jobs.run_worker(db.session_factory(e), db_settings, f"w{i}", stop, 0.02, counting)
        )
        for i, e in enumerate(engines)
    ]
    try:
        done = await wait_until_settled(factory, 20, timeout=60)
    finally:
        stop.set()
        ran = await asyncio.gather(*workers)
        for e in engines:
            await e.dispose()
    print(f"rafale : 20 tâches, 2 travailleurs, {time.monotonic() - started:.2f} s, répartition {ran}")
    assert {j.status for j in done} == {"done"}
    assert sum(ran) == 20
    assert counting.calls == Counter(dict.fromkeys(ids, 1))
    assert all(j.attempts == 1 for j in done)


def start_worker(
    name: str, settings: Settings, calls: Path, delay: float, lease: float
) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "FICHESUJET_DATABASE_URL": settings.database,
        "FICHESUJET_DATA_DIR": str(settings.data_dir),
        "FICHESUJET_JOB_LEASE_SECONDS": str(lease),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "tests.review.worker_proc", name, str(calls), str(delay)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        text=True,
    )


def stop_worker(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def runs_per_job(calls: Path) -> Counter[str]:
    return (
        Counter(line.split()[0] for line in calls.read_text().splitlines()) if calls.exists() else Counter()
    )


async def test_a_worker_killed_mid_run_loses_no_job_and_runs_none_twice(
    factory: Factory, db_settings: Settings, world: World, tmp_path: Path
) -> None:
    ids = {str(i) for i in await enqueue(factory, world, 10)}
    calls = tmp_path / "appels.txt"
    first = start_worker("premier", db_settings, calls, delay=0.3, lease=1.0)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            found = await all_jobs(factory)
            if sum(j.status == "done" for j in found) >= 2 and any(j.status == "running" for j in found):
                break
            await asyncio.sleep(0.02)
        first.send_signal(signal.SIGKILL)
        first.wait()
    finally:
        stop_worker(first)
    interrupted = {str(j.id) for j in await all_jobs(factory) if j.status == "running"}
    before = await all_jobs(factory)
    assert 2 <= sum(j.status == "done" for j in before) < 10
    second = start_worker("second", db_settings, calls, delay=0.05, lease=1.0)
    try:
        done = await wait_until_settled(factory, 10)
    finally:
        stop_worker(second)
    assert {str(j.id) for j in done} == ids and {j.status for j in done} == {"done"}
    assert all(j.result is not None and len(j.result["propositions"]) == 3 for j in done)
    runs = runs_per_job(calls)
    assert set(runs) == ids
    # Only the job in flight at the kill may have reached the engine twice; it was claimed twice.
    assert {job for job, n in runs.items() if n > 1} <= interrupted
    assert {str(j.id) for j in done if j.attempts == 2} == interrupted
    assert all(j.attempts == 1 for j in done if str(j.id) not in interrupted)


@pytest.mark.parametrize("db_settings", ["postgresql"], indirect=True)  # FOR UPDATE SKIP LOCKED
async def test_two_worker_processes_share_a_burst_of_50_jobs_with_none_run_twice(
    factory: Factory, db_settings: Settings, world: World, tmp_path: Path
) -> None:
    ids = {str(i) for i in await enqueue(factory, world, 50)}
    calls = tmp_path / "appels.txt"
    started = time.monotonic()
    workers = [start_worker(f"p{i}", db_settings, calls, delay=0.02, lease=30.0) for i in range(2)]
    try:
        done = await wait_until_settled(factory, 50)
    finally:
        for worker in workers:
            stop_worker(worker)
    runs = runs_per_job(calls)
    per_process = Counter(line.split()[1] for line in calls.read_text().splitlines())
    print(
        f"rafale PostgreSQL : 50 tâches, 2 processus, {time.monotonic() - started:.2f} s, {dict(per_process)}"
    )
    assert {j.status for j in done} == {"done"}
    assert set(runs) == ids and max(runs.values()) == 1  # no job run twice
    assert all(j.attempts == 1 for j in done)
    assert len(per_process) == 2  # both processes took a share
