"""The claim of a generation job on its table: take one, renew it, store the outcome, hand it back.

A worker claims one job at a time in a short transaction (PostgreSQL: `FOR UPDATE SKIP LOCKED`; SQLite:
one atomic UPDATE guarded by its WHERE clause), with a claim token in `claimed_by`. While the engine runs,
a heartbeat renews `claimed_at`; a claim older than the lease (FICHESUJET_JOB_LEASE_SECONDS) belongs to a
dead worker and is taken again, so a crash never loses a job. The result is stored only by the holder of
the current claim, and a job done or failed is never claimed again.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import uuid
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from service.db.models import GenerationJob, LlmCall
from service.engines.llm.calllog import Call

MAX_ATTEMPTS = 3

Factory = async_sessionmaker[AsyncSession]


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


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
    """Take one claimable job for `token` in a short transaction; None when there is none. Jobs whose
    workers died too often are failed first, so that their owner reads « échouée » even in a queue that
    never empties."""
    async with factory() as session, session.begin():
        await _give_up_exhausted(session, lease)
        return await _take(session, token, lease)


async def _take(session: AsyncSession, token: str, lease: float) -> uuid.UUID | None:
    """The oldest claimable job, now running under `token` (PostgreSQL: SKIP LOCKED; SQLite: one UPDATE)."""
    oldest = select(GenerationJob.id).where(_claimable(lease)).order_by(GenerationJob.created_at).limit(1)
    if session.get_bind().dialect.name == "postgresql":
        job_id = await session.scalar(oldest.with_for_update(skip_locked=True))
        if job_id is None:
            return None
        guard = GenerationJob.id == job_id
    else:
        guard = and_(GenerationJob.id == oldest.scalar_subquery(), _claimable(lease))
    claimed: uuid.UUID | None = await session.scalar(
        update(GenerationJob)
        .where(guard)
        .values(**_claim_values(token))
        .returning(GenerationJob.id)
        .execution_options(synchronize_session=False)
    )
    return claimed


async def finish(factory: Factory, job_id: uuid.UUID, token: str, **values: Any) -> bool:
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


async def release(factory: Factory, job_id: uuid.UUID, token: str) -> None:
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


async def store_calls(factory: Factory, job_id: uuid.UUID, calls: list[Call]) -> None:
    """The job's model calls in table llm_call (the JSON-lines log has them too)."""
    if not calls:
        return
    async with factory() as session, session.begin():
        session.add_all(LlmCall(job_id=job_id, **dataclasses.asdict(call)) for call in calls)


async def heartbeat(factory: Factory, job_id: uuid.UUID, token: str, lease: float) -> None:
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
