"""Purge of an exam session once its results are out: its candidates and all that was written about them go.

« After the results » is read from the data we hold (an exam session has a year, no dates): the BTS results
of year N are published in July N and may be contested for two months, so a session of year N is purged
on 1 September N at the earliest. The exam session, its commissions and the accounts stay; so does the
audit trail (append-only), which holds no candidate's name, plus one event counting what the purge removed.
"""

from __future__ import annotations

import datetime
import uuid

import anyio
import msgspec
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import (
    AuditEvent,
    Candidate,
    FdapRecord,
    Fiche,
    FicheComment,
    FicheVersion,
    GenerationJob,
    LlmCall,
    ReviewDecision,
    User,
    candidate_teacher,
)
from service.errors import InputError, NotFoundError, WorkflowError
from service.render.cache import RenderCache
from service.review.access import require_role
from service.review.admin import exam_session

CONFIRMATION = "PURGER"
PURGE_FROM_MONTH = 9  # 1 September of the session's year: results (July) and two months to contest them
ACTION = "purger"


class Purged(msgspec.Struct, kw_only=True):
    """How many rows of each kind went; the same counts are written in the audit event."""

    session_id: uuid.UUID
    annee: int
    candidats: int
    fdaps: int
    fiches: int
    versions: int
    commentaires: int
    decisions: int
    generations: int
    appels_modele: int


async def account(session: AsyncSession, email: str) -> User:
    """The active account of that e-mail: the actor of a purge run from the command line."""
    user = await session.scalar(select(User).where(User.email == email.strip().lower(), User.active))
    if user is None:
        raise NotFoundError(f"aucun compte actif pour {email.strip()[:320]}")
    return user


def require_confirmation(confirmation: str) -> None:
    """A purge cannot be undone: the admin types the word, on the page as through the API."""
    if confirmation.strip() != CONFIRMATION:
        raise InputError(
            "requête", "confirmation", f"tapez {CONFIRMATION} pour confirmer la purge (irréversible)"
        )


def purge_opens_on(year: int) -> datetime.date:
    return datetime.date(year, PURGE_FROM_MONTH, 1)


def _reason(purged: Purged) -> str:
    return (
        f"purge de la session {purged.annee} après les résultats : {purged.candidats} candidat(s), "
        f"{purged.fdaps} FDAP, {purged.fiches} fiche(s), {purged.versions} version(s), "
        f"{purged.commentaires} commentaire(s), {purged.decisions} décision(s), "
        f"{purged.generations} génération(s), {purged.appels_modele} appel(s) au modèle"
    )


async def _ids(session: AsyncSession, column: object, where: object) -> list[uuid.UUID]:
    return list(await session.scalars(select(column).where(where)))  # type: ignore[call-overload]


async def _delete(session: AsyncSession, table: object, where: object) -> int:
    result = await session.execute(delete(table).where(where))  # type: ignore[arg-type]
    return int(result.rowcount)  # type: ignore[attr-defined]


async def purge_session(
    session: AsyncSession,
    exam_session_id: uuid.UUID,
    actor: User,
    *,
    confirmation: str,
    cache: RenderCache,
    today: datetime.date | None = None,
) -> Purged:
    """Delete the session's candidates, FDAPs, fiches and what hangs on them, their rendered documents kept in
    `cache` included; refused before the results."""
    require_role(actor, "admin")
    exam = await exam_session(session, actor, exam_session_id)
    require_confirmation(confirmation)
    opens = purge_opens_on(exam.year)
    if (today or datetime.datetime.now(datetime.UTC).date()) < opens:
        raise WorkflowError(
            f"la session {exam.year} ne peut être purgée qu'après ses résultats : "
            f"à partir du {opens.strftime('%d/%m/%Y')}"
        )
    candidates = await _ids(
        session,
        Candidate.id,
        (Candidate.exam_session_id == exam.id) & (Candidate.etablissement_id == actor.etablissement_id),
    )
    fdaps = await _ids(session, FdapRecord.id, FdapRecord.candidate_id.in_(candidates))
    fiches = await _ids(session, Fiche.id, Fiche.candidate_id.in_(candidates))
    versions = await _ids(session, FicheVersion.id, FicheVersion.fiche_id.in_(fiches))
    jobs = await _ids(session, GenerationJob.id, GenerationJob.fdap_id.in_(fdaps))
    # Children first: the foreign keys hold until the last step (the candidates and their teachers).
    steps = (
        ("commentaires", FicheComment, FicheComment.version_id.in_(versions)),
        ("decisions", ReviewDecision, ReviewDecision.version_id.in_(versions)),
        ("versions", FicheVersion, FicheVersion.id.in_(versions)),
        ("fiches", Fiche, Fiche.id.in_(fiches)),
        ("appels_modele", LlmCall, LlmCall.job_id.in_(jobs)),
        ("generations", GenerationJob, GenerationJob.id.in_(jobs)),
        ("fdaps", FdapRecord, FdapRecord.id.in_(fdaps)),
        ("enseignants", candidate_teacher, candidate_teacher.c.candidate_id.in_(candidates)),
        ("candidats", Candidate, Candidate.id.in_(candidates)),
    )
    counts = {name: await _delete(session, table, where) for name, table, where in steps}
    counts.pop("enseignants")
    purged = Purged(session_id=exam.id, annee=exam.year, **counts)
    session.add(
        AuditEvent(
            actor_id=actor.id,
            at=datetime.datetime.now(datetime.UTC),
            entity="session_examen",
            entity_id=exam.id,
            action=ACTION,
            from_state=None,
            to_state=None,
            reason=_reason(purged),
        )
    )
    await session.flush()
    await anyio.to_thread.run_sync(cache.forget, fiches)
    return purged
