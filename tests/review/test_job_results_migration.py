"""Migration 0004: the bare proposals of a job stored before it get the findings of the rules, both ways."""

from __future__ import annotations

import asyncio
import uuid

import msgspec
import pytest
from alembic import command
from sqlalchemy import insert, select

from service import db
from service.db.models import GenerationJob
from service.domain.codec import load_fdap
from service.domain.fiche_sujet import FicheSujet
from service.domain.rules import check
from service.engines.base import ProposalRequest
from service.engines.offline import OfflineEngine
from service.review import jobs
from service.settings import Settings
from tests.review.conftest import FDAP, Factory, World

pytestmark = pytest.mark.anyio


async def test_a_result_stored_bare_is_checked_by_the_migration_and_given_back_bare(
    factory: Factory, db_settings: Settings, world: World
) -> None:
    config = db.alembic_config(db_settings.database)
    await asyncio.to_thread(command.downgrade, config, "0003")
    fdap = load_fdap(FDAP)
    bare = await OfflineEngine().propose(fdap, ProposalRequest(variants=2))
    legacy = {"propositions": msgspec.to_builtins(bare), "moteur": "offline", "raison": ""}
    job_id = uuid.uuid4()
    async with factory() as session, session.begin():  # the columns of revision 0003 only
        await session.execute(
            insert(GenerationJob.__table__).values(
                id=job_id,
                fdap_id=world.fdap,
                status="done",
                engine="auto",
                variants=2,
                attempts=1,
                result=legacy,
            )
        )
    await asyncio.to_thread(db.upgrade, db_settings)
    async with factory() as session:
        progress = await jobs.job_progress(session, job_id)
    assert [p.fiche for p in progress.fiches] == bare
    assert [p.constats for p in progress.fiches] == [check(f, fdap) for f in bare]
    assert (progress.etat, progress.moteur, progress.propositions) == ("terminée", "offline", 2)

    await asyncio.to_thread(command.downgrade, config, "0003")
    async with factory() as session:
        stored = await session.scalar(select(GenerationJob.result).where(GenerationJob.id == job_id))
    assert stored == legacy
    assert [msgspec.convert(p, FicheSujet) for p in stored["propositions"]] == bare
