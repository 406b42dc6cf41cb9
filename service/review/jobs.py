"""Durable generation jobs: persisted requests for proposals that workers claim, run and store once.

How a job is claimed, renewed and stored once is in job_claims. A worker runs up to
FICHESUJET_JOB_CONCURRENCY jobs at once (the engines' CPU work goes to the generation thread, a model's
answers are awaited side by side); it looks for work as soon as a job is posted in its own process (the
request's session rings once committed) and every `poll` seconds for jobs posted by other processes.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import uuid
from contextvars import ContextVar
from typing import Any

import msgspec
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from service import generation
from service.db.models import Candidate, ExamSession, FdapRecord, GenerationJob
from service.domain.fdap import Fdap
from service.engines.base import DEFAULT_VARIANTS, MAX_VARIANTS, Engine, ProposalRequest
from service.engines.llm.calllog import Call
from service.errors import FicheSujetError, NotFoundError
from service.review.job_claims import Factory, claim, finish, heartbeat, release, store_calls
from service.settings import Settings

LOG = logging.getLogger("fichesujet")
# What a user reads of a job's status (the `status` column keeps its codes).
STATUS_LABELS = {"queued": "en attente", "running": "en cours", "done": "terminée", "failed": "échouée"}
# When a user past FICHESUJET_MAX_PENDING_JOBS may ask again: about the time an offline job takes.
PENDING_RETRY_SECONDS = 30
# The job a worker is running, for engines or tests that want to know (contextvars follow asyncio tasks).
CURRENT_JOB: ContextVar[uuid.UUID | None] = ContextVar("CURRENT_JOB", default=None)
# Marks a session that posted a job: whoever commits it rings the worker's bell (see `posted`).
_POSTED = "fichesujet.job_posted"


class JobProgress(msgspec.Struct, kw_only=True):
    """What the API and the pages show of a job (French field names, as the user's documents).

    `statut` is the code (queued, running, done, failed), `etat` what a teacher reads; `propositions`
    counts the sheets that `fiches` gives, each with the findings of the rules.
    """

    id: str
    statut: str
    etat: str
    moteur: str
    variantes: int
    tentatives: int
    propositions: int
    fiches: list[generation.Proposal]
    raison: str
    erreur: str


class TooManyJobs(FicheSujetError):
    """The user already has as many jobs waiting or running as allowed: ask again once one is finished."""

    retry_after = PENDING_RETRY_SECONDS


async def _pending(session: AsyncSession, user_id: uuid.UUID) -> int:
    return int(
        await session.scalar(
            select(func.count())
            .select_from(GenerationJob)
            .where(GenerationJob.requested_by == user_id, GenerationJob.status.in_(("queued", "running")))
        )
        or 0
    )


async def enqueue(
    session: AsyncSession,
    fdap_id: uuid.UUID,
    variants: int = DEFAULT_VARIANTS,
    engine: str = "auto",
    requested_by: uuid.UUID | None = None,
    max_pending: int | None = None,
) -> uuid.UUID:
    """Persist a request for `variants` proposals on one FDAP; a worker will run it.

    With `max_pending`, the requester may have at most that many jobs queued or running (TooManyJobs).
    """
    if engine not in generation.ENGINES:
        raise FicheSujetError(f"moteur inconnu : {engine!r} (attendu : {', '.join(generation.ENGINES)})")
    if not 1 <= variants <= MAX_VARIANTS:
        raise FicheSujetError(
            f"le nombre de propositions demandées doit être compris entre 1 et {MAX_VARIANTS}"
        )
    if await session.get(FdapRecord, fdap_id) is None:
        raise NotFoundError("FDAP introuvable")
    if max_pending and requested_by and await _pending(session, requested_by) >= max_pending:
        raise TooManyJobs(
            f"vous avez déjà {max_pending} tâches de génération en attente ou en cours : "
            "attendez qu'une d'elles soit terminée avant d'en demander une autre"
        )
    job = GenerationJob(
        fdap_id=fdap_id,
        requested_by=requested_by,
        status="queued",
        engine=engine,
        variants=variants,
        attempts=0,
    )
    session.add(job)
    await session.flush()
    session.info[_POSTED] = True
    return job.id


def posted(session: AsyncSession) -> bool:
    """Whether `session` posted a job since last asked: once it has committed, its worker may look now."""
    return bool(session.info.pop(_POSTED, False))


async def job_progress(session: AsyncSession, job_id: uuid.UUID) -> JobProgress:
    """The job as the request's session reads it (the access checks loaded it just before: no second query)."""
    job = await session.get(GenerationJob, job_id)
    if job is None:
        raise NotFoundError("tâche de génération introuvable")
    result = None if job.result is None else msgspec.convert(job.result, generation.Generation)
    fiches = [] if result is None else result.propositions
    return JobProgress(
        id=str(job.id),
        statut=job.status,
        etat=STATUS_LABELS[job.status],
        moteur=job.engine if result is None else result.moteur,
        variantes=job.variants,
        tentatives=job.attempts,
        propositions=len(fiches),
        fiches=fiches,
        raison="" if result is None else result.raison,
        erreur=job.error,
    )


async def _load(factory: Factory, job_id: uuid.UUID) -> tuple[GenerationJob, Fdap, int]:
    async with factory() as session:
        job = await session.get(GenerationJob, job_id)
        if job is None:
            raise NotFoundError("tâche de génération introuvable")
        row = (
            await session.execute(
                select(FdapRecord.document, ExamSession.simulation_minutes)
                .join(Candidate, Candidate.id == FdapRecord.candidate_id)
                .join(ExamSession, ExamSession.id == Candidate.exam_session_id)
                .where(FdapRecord.id == job.fdap_id)
            )
        ).one()
        return job, msgspec.convert(row[0], Fdap), int(row[1])


async def _generate(
    job: GenerationJob, fdap: Fdap, minutes: int, settings: Settings, engine: Engine | None, calls: list[Call]
) -> dict[str, Any]:
    """The result JSON: every proposal with its findings; on a model failure, the offline ones and why."""
    request = ProposalRequest(variants=job.variants, seed=settings.seed, simulation_minutes=minutes)
    result = await generation.generate(fdap, request, settings, job.engine, engine=engine, calls=calls)
    stored: dict[str, Any] = msgspec.to_builtins(msgspec.structs.replace(result, appels=[]))
    return stored


async def run_job(
    factory: Factory, settings: Settings, job_id: uuid.UUID, token: str, engine: Engine | None = None
) -> bool:
    """Run a claimed job and store its outcome; False when the claim was lost meanwhile."""
    lease = settings.job_lease_seconds
    beat = asyncio.create_task(heartbeat(factory, job_id, token, lease))
    marker = CURRENT_JOB.set(job_id)
    calls: list[Call] = []
    try:
        job, fdap, minutes = await _load(factory, job_id)
        result = await _generate(job, fdap, minutes, settings, engine, calls)
    except asyncio.CancelledError:
        await release(factory, job_id, token)
        raise
    except Exception as exc:
        message = (
            str(exc) if isinstance(exc, FicheSujetError) else f"erreur inattendue ({type(exc).__name__})"
        )
        return await finish(
            factory, job_id, token, status="failed", error=f"la génération a échoué : {message}"
        )
    finally:
        CURRENT_JOB.reset(marker)
        beat.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await beat
        await store_calls(factory, job_id, calls)
    return await finish(factory, job_id, token, status="done", result=result, error="")


def _token(worker_id: str) -> str:
    return f"{worker_id}:{uuid.uuid4().hex[:12]}"


async def run_once(
    factory: Factory, settings: Settings, worker_id: str, engine: Engine | None = None
) -> uuid.UUID | None:
    """Claim and run one job; its id, or None when nothing was waiting."""
    token = _token(worker_id)
    job_id = await claim(factory, token, settings.job_lease_seconds)
    if job_id is not None:
        await run_job(factory, settings, job_id, token, engine)
    return job_id


async def _run_logged(
    factory: Factory, settings: Settings, job_id: uuid.UUID, token: str, engine: Engine | None
) -> None:
    """A job whose outcome cannot be stored (database gone) stays claimed: its lease hands it to a worker."""
    try:
        await run_job(factory, settings, job_id, token, engine)
    except Exception as exc:
        LOG.warning("tâche de génération %s : résultat non enregistré (%s)", job_id, type(exc).__name__)


async def _claim_logged(factory: Factory, token: str, lease: float) -> uuid.UUID | None:
    """A failed claim (database restarting) is retried at the next look, not the worker's end."""
    try:
        return await claim(factory, token, lease)
    except Exception as exc:
        LOG.warning("recherche de tâches de génération impossible (%s)", type(exc).__name__)
        return None


async def _doze(stop_event: asyncio.Event, bell: asyncio.Event, poll: float) -> None:
    """Until a job is posted here, the worker stops, or `poll` seconds pass (jobs posted elsewhere)."""
    waits = [asyncio.ensure_future(stop_event.wait()), asyncio.ensure_future(bell.wait())]
    try:
        await asyncio.wait(waits, timeout=poll, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for wait in waits:
            wait.cancel()


async def run_worker(
    session_factory: Factory,
    settings: Settings,
    worker_id: str,
    stop_event: asyncio.Event,
    poll: float = 0.5,
    engine: Engine | None = None,
    bell: asyncio.Event | None = None,
) -> int:
    """Run jobs, up to FICHESUJET_JOB_CONCURRENCY at once, until `stop_event` is set; the number of jobs run.

    `bell` rings when a job is posted in this process. Cancelled, it hands its running jobs back.
    """
    bell = asyncio.Event() if bell is None else bell
    slots = asyncio.Semaphore(settings.job_concurrency)
    running: set[asyncio.Task[None]] = set()
    count = 0
    try:
        while not stop_event.is_set():
            await slots.acquire()
            bell.clear()  # a job posted from now on rings again
            token = _token(worker_id)
            job_id = await _claim_logged(session_factory, token, settings.job_lease_seconds)
            if job_id is None:
                slots.release()
                await _doze(stop_event, bell, poll)
                continue
            count += 1
            task = asyncio.create_task(_run_logged(session_factory, settings, job_id, token, engine))
            running.add(task)
            task.add_done_callback(running.discard)
            task.add_done_callback(lambda _: slots.release())
        if running:
            await asyncio.wait(running)
    finally:
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)
    return count


async def _main(worker_id: str, poll: float) -> int:
    from service import db

    settings = Settings.from_env()
    engine = db.create_engine(settings.database)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await run_worker(db.session_factory(engine), settings, worker_id, stop, poll)
    finally:
        await engine.dispose()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m service.review.jobs", description="exécute les tâches de génération"
    )
    parser.add_argument("--worker", action="store_true", required=True, help="lance un travailleur")
    parser.add_argument("--id", default=f"travailleur-{uuid.uuid4().hex[:8]}", help="nom du travailleur")
    parser.add_argument("--poll", type=float, default=0.5, help="attente entre deux recherches (secondes)")
    args = parser.parse_args(argv)
    return asyncio.run(_main(args.id, args.poll))


if __name__ == "__main__":
    raise SystemExit(main())
