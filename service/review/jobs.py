"""Durable generation jobs: persisted requests for proposals that workers claim, run and store once.

A worker claims one job at a time in a short transaction (PostgreSQL: `FOR UPDATE SKIP LOCKED`; SQLite:
one atomic UPDATE guarded by its WHERE clause), with a claim token in `claimed_by`. While the engine runs,
a heartbeat renews `claimed_at`; a claim older than the lease (FICHESUJET_JOB_LEASE_SECONDS) belongs to a
dead worker and is taken again, so a crash never loses a job. The result is stored only by the holder of
the current claim, and a job done or failed is never claimed again.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import datetime
import signal
import uuid
from contextvars import ContextVar
from typing import Any

import msgspec
from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from service import generation
from service.db import unavailable
from service.db.models import Candidate, ExamSession, FdapRecord, GenerationJob, LlmCall
from service.domain.fdap import Fdap
from service.engines.base import DEFAULT_VARIANTS, MAX_VARIANTS, Engine, ProposalRequest
from service.engines.llm.calllog import Call
from service.errors import FicheSujetError, NotFoundError
from service.settings import Settings

# What a user reads of a job's status (the `status` column keeps its codes).
STATUS_LABELS = {"queued": "en attente", "running": "en cours", "done": "terminée", "failed": "échouée"}
MAX_ATTEMPTS = 3
# When a user past FICHESUJET_MAX_PENDING_JOBS may ask again: about the time an offline job takes.
PENDING_RETRY_SECONDS = 30
# The job a worker is running, for engines or tests that want to know (contextvars follow asyncio tasks).
CURRENT_JOB: ContextVar[uuid.UUID | None] = ContextVar("CURRENT_JOB", default=None)

Factory = async_sessionmaker[AsyncSession]


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


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


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
    return job.id


async def job_progress(session: AsyncSession, job_id: uuid.UUID) -> JobProgress:
    job = await session.get(GenerationJob, job_id, populate_existing=True)
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


def _claimable(lease: float) -> ColumnElement[bool]:
    """Queued, or running under a claim older than the lease (its worker died), with attempts left."""
    expired = and_(
        GenerationJob.status == "running",
        GenerationJob.claimed_at < _now() - datetime.timedelta(seconds=lease),
    )
    return and_(
        or_(GenerationJob.status == "queued", expired),
        GenerationJob.attempts < MAX_ATTEMPTS,
    )


def _claim_values(token: str) -> dict[str, Any]:
    return {
        "status": "running",
        "claimed_by": token,
        "claimed_at": _now(),
        "attempts": GenerationJob.attempts + 1,
    }


async def _give_up_exhausted(session: AsyncSession, lease: float) -> None:
    """A job whose worker died MAX_ATTEMPTS times fails instead of killing workers forever."""
    await session.execute(
        update(GenerationJob)
        .where(
            GenerationJob.status == "running",
            GenerationJob.claimed_at < _now() - datetime.timedelta(seconds=lease),
            GenerationJob.attempts >= MAX_ATTEMPTS,
        )
        .values(
            status="failed",
            error=f"abandonnée après {MAX_ATTEMPTS} tentatives interrompues",
            claimed_by=None,
        )
        .execution_options(synchronize_session=False)
    )


async def claim(factory: Factory, token: str, lease: float) -> uuid.UUID | None:
    """Take one claimable job for `token` in a short transaction; None when there is none."""
    async with factory() as session, session.begin():
        await _give_up_exhausted(session, lease)
        oldest = select(GenerationJob.id).where(_claimable(lease)).order_by(GenerationJob.created_at).limit(1)
        if session.get_bind().dialect.name == "postgresql":
            job_id = await session.scalar(oldest.with_for_update(skip_locked=True))
            if job_id is None:
                return None
            guard = GenerationJob.id == job_id
        else:
            guard = and_(GenerationJob.id == oldest.scalar_subquery(), _claimable(lease))
        claimed = await session.scalar(
            update(GenerationJob)
            .where(guard)
            .values(**_claim_values(token))
            .returning(GenerationJob.id)
            .execution_options(synchronize_session=False)
        )
        return claimed


async def _finish(factory: Factory, job_id: uuid.UUID, token: str, **values: Any) -> bool:
    """Store the outcome only if this worker still holds the claim; False when it was lost."""
    async with factory() as session, session.begin():
        outcome = await session.execute(
            update(GenerationJob)
            .where(
                GenerationJob.id == job_id,
                GenerationJob.status == "running",
                GenerationJob.claimed_by == token,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(outcome, "rowcount", 0) == 1)


async def _release(factory: Factory, job_id: uuid.UUID, token: str) -> None:
    """Hand a job back to the queue when its service stops: another worker takes it, this try not counted."""
    async with factory() as session, session.begin():
        await session.execute(
            update(GenerationJob)
            .where(
                GenerationJob.id == job_id,
                GenerationJob.status == "running",
                GenerationJob.claimed_by == token,
            )
            .values(status="queued", claimed_by=None, claimed_at=None, attempts=GenerationJob.attempts - 1)
            .execution_options(synchronize_session=False)
        )


async def _store_calls(factory: Factory, job_id: uuid.UUID, calls: list[Call]) -> None:
    """The job's model calls in table llm_call (the JSON-lines log has them too)."""
    if not calls:
        return
    async with factory() as session, session.begin():
        session.add_all(LlmCall(job_id=job_id, **dataclasses.asdict(call)) for call in calls)


async def _heartbeat(factory: Factory, job_id: uuid.UUID, token: str, lease: float) -> None:
    """Renew the claim every third of the lease, so that a long job is not taken as abandoned."""
    while True:
        await asyncio.sleep(lease / 3)
        async with factory() as session, session.begin():
            await session.execute(
                update(GenerationJob)
                .where(GenerationJob.id == job_id, GenerationJob.claimed_by == token)
                .values(claimed_at=_now())
                .execution_options(synchronize_session=False)
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
    beat = asyncio.create_task(_heartbeat(factory, job_id, token, lease))
    marker = CURRENT_JOB.set(job_id)
    calls: list[Call] = []
    try:
        job, fdap, minutes = await _load(factory, job_id)
        result = await _generate(job, fdap, minutes, settings, engine, calls)
    except asyncio.CancelledError:
        await _release(factory, job_id, token)
        raise
    except Exception as exc:
        message = (
            str(exc) if isinstance(exc, FicheSujetError) else f"erreur inattendue ({type(exc).__name__})"
        )
        return await _finish(
            factory, job_id, token, status="failed", error=f"la génération a échoué : {message}"
        )
    finally:
        CURRENT_JOB.reset(marker)
        beat.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await beat
        await _store_calls(factory, job_id, calls)
    return await _finish(factory, job_id, token, status="done", result=result, error="")


async def run_once(
    factory: Factory, settings: Settings, worker_id: str, engine: Engine | None = None
) -> uuid.UUID | None:
    """Claim and run one job; its id, or None when nothing was waiting."""
    token = f"{worker_id}:{uuid.uuid4().hex[:12]}"
    job_id = await claim(factory, token, settings.job_lease_seconds)
    if job_id is not None:
        await run_job(factory, settings, job_id, token, engine)
    return job_id


async def run_worker(
    session_factory: Factory,
    settings: Settings,
    worker_id: str,
    stop_event: asyncio.Event,
    poll: float = 0.5,
    engine: Engine | None = None,
) -> int:
    """Run jobs one at a time until `stop_event` is set; the number of jobs run."""
    count = 0
    while not stop_event.is_set():
        try:
            ran = await run_once(session_factory, settings, worker_id, engine)
        except Exception as exc:  # the database restarting: wait, then claim again (a lease covers the rest)
            if not unavailable(exc):
                raise
            ran = None
        if ran is not None:
            count += 1
            continue
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop_event.wait(), poll)
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
