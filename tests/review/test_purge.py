"""Purging an exam session after its results: everything about its candidates goes, nothing else, audited."""

from __future__ import annotations

import datetime
import tempfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from service.db.models import (
    AuditEvent,
    Candidate,
    Etablissement,
    ExamSession,
    FdapRecord,
    Fiche,
    FicheComment,
    FicheVersion,
    GenerationJob,
    LlmCall,
    ReviewDecision,
    User,
)
from service.domain.codec import load_fdap
from service.errors import ForbiddenError, NotFoundError, WorkflowError
from service.render.cache import RenderCache
from service.review import comments, jobs, roster, service
from service.review.purge import CONFIRMATION, purge_session
from tests.review.conftest import FDAP, PASSWORD_HASH, Factory, World, new_fiche

pytestmark = pytest.mark.anyio

AFTER_RESULTS = datetime.date(2026, 9, 1)
NO_CACHE = RenderCache(Path(tempfile.gettempdir()) / "fichesujet-purge-sans-cache", 0)  # see tests/api
COUNTED = (Candidate, FdapRecord, Fiche, FicheVersion, FicheComment, ReviewDecision, GenerationJob, LlmCall)


async def _admin(factory: Factory, school_id: uuid.UUID, email: str) -> uuid.UUID:
    async with factory() as session, session.begin():
        admin = User(
            etablissement_id=school_id,
            email=email,
            display_name="Admin",
            password_hash=PASSWORD_HASH,
            roles=["admin"],
        )
        session.add(admin)
        await session.flush()
        return admin.id


async def _school_of(factory: Factory, world: World) -> tuple[uuid.UUID, uuid.UUID]:
    async with factory() as session:
        candidate = await session.get(Candidate, world.candidate)
        assert candidate is not None
        return candidate.etablissement_id, candidate.exam_session_id


async def _busy_session(factory: Factory, world: World, admin_id: uuid.UUID) -> uuid.UUID:
    """The world's session with a candidate entered by the admin, a reviewed fiche, a comment and a job."""
    fiche_id = await new_fiche(factory, world)
    async with factory() as session, session.begin():
        admin = await session.get(User, admin_id)
        assert admin is not None
        extra = await roster.create_candidate(session, admin, "Dupont-Lagarde", "Anaïs", "9876", [], None)
        await service.add_fdap(session, extra.id, load_fdap(FDAP))
        fiche = await session.get(Fiche, fiche_id)
        assert fiche is not None
        await service.submit(session, fiche_id, world.author, fiche.lock_version)
        await service.request_changes(session, fiche_id, world.member_b, fiche.lock_version, "à reprendre")
        member = await session.get(User, world.member_b)
        assert member is not None
        await comments.add_comment(
            session, member, fiche_id, 1, next(iter(comments.ROWS)), "préciser le budget"
        )
        job_id = await jobs.enqueue(session, world.fdap, 1, "offline")
        session.add(
            LlmCall(
                job_id=job_id, prompt="p", prompt_version="v1", prompt_hash="h", model="m", endpoint="e",
                output_mode="json", attempt=1, tokens_in=1, tokens_out=1, duration_ms=1, outcome="ok",
            )
        )  # fmt: skip
    return fiche_id


async def _counts(factory: Factory) -> dict[str, int]:
    async with factory() as session:
        return {
            kind.__tablename__: int(await session.scalar(select(func.count()).select_from(kind)) or 0)
            for kind in COUNTED
        }


async def _other_session_and_school(factory: Factory, world: World, school_id: uuid.UUID) -> None:
    """A candidate with an FDAP in another session of the school, and one in another school: they stay."""
    async with factory() as session, session.begin():
        other_school = Etablissement(name="Lycée lointain", uai="0990001Z")
        session.add(other_school)
        await session.flush()
        for school in (school_id, other_school.id):
            exam = ExamSession(etablissement_id=school, year=2026, mode="ponctuel")
            session.add(exam)
            await session.flush()
            kept = Candidate(etablissement_id=school, exam_session_id=exam.id, nom="Reste", prenom="Ici")
            session.add(kept)
            await session.flush()
            await service.add_fdap(session, kept.id, load_fdap(FDAP))


async def test_a_purge_removes_the_sessions_candidates_and_all_about_them_and_nothing_else(
    factory: Factory, world: World
) -> None:
    school_id, exam_id = await _school_of(factory, world)
    admin_id = await _admin(factory, school_id, "admin@lycee.example")
    fiche_id = await _busy_session(factory, world, admin_id)
    await _other_session_and_school(factory, world, school_id)
    before = await _counts(factory)
    async with factory() as session, session.begin():
        admin = await session.get(User, admin_id)
        assert admin is not None
        purged = await purge_session(
            session, exam_id, admin, confirmation=CONFIRMATION, cache=NO_CACHE, today=AFTER_RESULTS
        )
    assert (purged.candidats, purged.fdaps, purged.fiches, purged.versions) == (2, 2, 1, 1)
    assert (purged.commentaires, purged.decisions, purged.generations, purged.appels_modele) == (1, 1, 1, 1)
    after = await _counts(factory)
    assert after == {"candidate": 2, "fdap": 2} | {k: 0 for k in before if k not in ("candidate", "fdap")}
    async with factory() as session:
        events = list(await session.scalars(select(AuditEvent)))
        assert await session.get(ExamSession, exam_id) is not None  # the session itself stays
    purge_events = [e for e in events if e.action == "purger"]
    assert len(purge_events) == 1
    assert purge_events[0].entity_id == exam_id and purge_events[0].actor_id == admin_id
    assert "2 candidat(s)" in purge_events[0].reason and "1 fiche(s)" in purge_events[0].reason
    assert any(e.entity_id == fiche_id for e in events)  # the purged fiche's trail stays
    for name in ("Martin", "Léa", "Dupont-Lagarde", "Anaïs"):
        assert not [e.reason for e in events if name in e.reason], name


async def test_a_purge_before_the_results_is_refused_and_removes_nothing(
    factory: Factory, world: World
) -> None:
    school_id, exam_id = await _school_of(factory, world)
    admin_id = await _admin(factory, school_id, "admin@lycee.example")
    await new_fiche(factory, world)
    before = await _counts(factory)
    with pytest.raises(WorkflowError, match="après ses résultats : à partir du 01/09/2026"):
        async with factory() as session, session.begin():
            admin = await session.get(User, admin_id)
            assert admin is not None
            await purge_session(
                session,
                exam_id,
                admin,
                confirmation=CONFIRMATION,
                cache=NO_CACHE,
                today=datetime.date(2026, 8, 31),
            )
    assert await _counts(factory) == before


async def test_only_an_admin_of_the_school_purges(factory: Factory, world: World) -> None:
    _, exam_id = await _school_of(factory, world)
    async with factory() as session, session.begin():
        stranger_school = Etablissement(name="Lycée lointain", uai="0990001Z")
        session.add(stranger_school)
        await session.flush()
        stranger_id = stranger_school.id
    stranger = await _admin(factory, stranger_id, "admin@lointain.example")
    for user_id, error in ((world.member_a, ForbiddenError), (stranger, NotFoundError)):
        with pytest.raises(error):
            async with factory() as session, session.begin():
                user = await session.get(User, user_id)
                assert user is not None
                await purge_session(
                    session, exam_id, user, confirmation=CONFIRMATION, cache=NO_CACHE, today=AFTER_RESULTS
                )
    async with factory() as session:
        assert await session.get(Candidate, world.candidate) is not None
