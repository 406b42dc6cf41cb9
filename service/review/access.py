"""Who may see and do what: every lookup is scoped to the caller's school (another school's id is 404).

The API handlers call these functions, never queries of their own.
"""

from __future__ import annotations

import datetime
import unicodedata
import uuid
from collections.abc import Iterable

from sqlalchemy import ColumnElement, Exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import (
    AuditEvent,
    Candidate,
    Commission,
    ExamSession,
    FdapRecord,
    Fiche,
    FicheVersion,
    GenerationJob,
    User,
    commission_member,
)
from service.domain.fdap import Fdap
from service.domain.fiche_sujet import FicheSujet
from service.errors import ForbiddenError, InputError, NotFoundError
from service.review import jobs, service
from service.review.passwords import check_password

# The roles an action needs (one of them); the workflow then checks authorship (submit), membership of the
# fiche's commission (the others) and state. Whoever wrote a version may submit it, a member included.
ACTION_ROLES = {
    "soumettre": ("enseignant", "admin", "commission"),
    "approuver": ("commission",),
    "demander_modifications": ("commission",),
    "remettre": ("commission",),
}


async def authenticate(session: AsyncSession, email: str, password: str) -> User | None:
    """The active account these credentials open; its connection goes back to the pool before the slow hash.

    An unknown or inactive account costs one hash too, so that the time taken does not tell it apart.
    """
    user = await session.scalar(select(User).where(User.email == email.strip().lower()))
    await session.commit()
    known = user if user is not None and user.active and user.password_hash else None
    matches = await check_password(known.password_hash if known else None, password)
    return known if matches else None


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User:
    """The account of a session; a deactivated one is as gone as a deleted one (its cookie stops working)."""
    user = await session.get(User, user_id)
    if user is None or not user.active:
        raise NotFoundError("compte introuvable")
    return user


def require_role(user: User, *roles: str) -> None:
    if not set(roles) & set(user.roles):
        raise ForbiddenError(f"action réservée au rôle {' ou '.join(roles)}")


async def commissions_for(session: AsyncSession, user: User) -> list[Commission]:
    """The commissions of the caller's school, newest session first: where a kept proposal may go."""
    rows = await session.scalars(
        select(Commission)
        .join(ExamSession, ExamSession.id == Commission.exam_session_id)
        .where(ExamSession.etablissement_id == user.etablissement_id)
        .order_by(ExamSession.year.desc(), Commission.number)
    )
    return list(rows)


async def _candidate(session: AsyncSession, user: User, candidate_id: uuid.UUID, label: str) -> Candidate:
    candidate = await session.get(Candidate, candidate_id)
    if candidate is None or candidate.etablissement_id != user.etablissement_id:
        raise NotFoundError(f"{label} introuvable")
    return candidate


async def candidate_for(session: AsyncSession, user: User, candidate_id: uuid.UUID) -> Candidate:
    """A candidate of the caller's school (404 otherwise, as the API)."""
    return await _candidate(session, user, candidate_id, "candidat")


async def fdap_for(session: AsyncSession, user: User, fdap_id: uuid.UUID) -> tuple[FdapRecord, Candidate]:
    """An FDAP of the caller's school with its candidate (404 otherwise)."""
    fdap = await session.get(FdapRecord, fdap_id)
    if fdap is None:
        raise NotFoundError("FDAP introuvable")
    return fdap, await _candidate(session, user, fdap.candidate_id, "FDAP")


async def fiche_for(session: AsyncSession, user: User, fiche_id: uuid.UUID) -> tuple[Fiche, FicheVersion]:
    """A fiche of the caller's school with its current version."""
    fiche = await session.get(Fiche, fiche_id, populate_existing=True)
    # The candidate's school only: loading the Candidate would join its session and query its teachers.
    school = fiche and await session.scalar(
        select(Candidate.etablissement_id).where(Candidate.id == fiche.candidate_id)
    )
    # awaitable: after a rolled-back write (a page showing a conflict) the user's attributes are expired.
    if fiche is None or school != await user.awaitable_attrs.etablissement_id:
        raise NotFoundError("fiche introuvable")
    return fiche, await service.current_version(session, fiche)


def jury_readers(commission: Commission | None, author_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Who may read and edit the jury sheet: the members of the fiche's commission and its authors."""
    return ({m.id for m in commission.members} if commission else set()) | set(author_ids)


def _member_of(user_id: uuid.UUID) -> Exists:
    """The user sits on the commission of the fiche of the outer query."""
    return (
        select(commission_member.c.user_id)
        .where(
            commission_member.c.commission_id == Fiche.commission_id, commission_member.c.user_id == user_id
        )
        .exists()
    )


def _author_of(user_id: uuid.UUID) -> Exists:
    """The user wrote a version of the fiche of the outer query (read from the author index alone)."""
    return (
        select(FicheVersion.fiche_id)
        .where(FicheVersion.fiche_id == Fiche.id, FicheVersion.author_id == user_id)
        .exists()
    )


async def _reads_jury(session: AsyncSession, user_id: uuid.UUID, fiches: ColumnElement[bool]) -> bool:
    """The rule of jury_readers asked of the database in one query: is the user a member of the commission, or
    an author, of one of the `fiches`? (No commission with its members, no list of authors loaded.)"""
    found = await session.scalar(
        select(Fiche.id).where(fiches, or_(_member_of(user_id), _author_of(user_id))).limit(1)
    )
    return found is not None


async def jury_fiche_for(
    session: AsyncSession, user: User, fiche_id: uuid.UUID
) -> tuple[Fiche, FicheVersion]:
    """The fiche, only for a member of its commission or an author of one of its versions."""
    fiche, version = await fiche_for(session, user, fiche_id)
    if not await _reads_jury(session, user.id, Fiche.id == fiche.id):
        raise ForbiddenError(
            "la fiche jury n'est visible que des membres de la commission et des auteurs de la fiche"
        )
    return fiche, version


async def _may_edit(session: AsyncSession, user: User, fiche: Fiche) -> None:
    """Editing shows and changes the jury sheet: the same people as may read it."""
    if not await _reads_jury(session, user.id, Fiche.id == fiche.id):
        raise ForbiddenError(
            "seuls les auteurs de la fiche et les membres de sa commission peuvent la modifier"
        )


async def create_fiche_for(
    session: AsyncSession,
    user: User,
    fdap_id: uuid.UUID,
    commission_id: uuid.UUID,
    document: FicheSujet,
    motif: str,
) -> Fiche:
    """A new fiche in brouillon for an FDAP of the caller's school (a teacher's act)."""
    require_role(user, "enseignant", "admin")
    fdap = await session.get(FdapRecord, fdap_id)
    if fdap is None:
        raise NotFoundError("FDAP introuvable")
    await _candidate(session, user, fdap.candidate_id, "FDAP")
    commission = await session.get(Commission, commission_id)
    exam = await session.get(ExamSession, commission.exam_session_id) if commission else None
    if commission is None or exam is None or exam.etablissement_id != user.etablissement_id:
        raise NotFoundError("commission introuvable")
    return await service.create_fiche(
        session,
        fdap_id=fdap_id,
        commission_id=commission_id,
        document=document,
        author_id=user.id,
        reason=motif,
    )


async def edit_for(
    session: AsyncSession, user: User, fiche_id: uuid.UUID, document: FicheSujet, motif: str, expected: int
) -> Fiche:
    """Save a new version (brouillon again); an approved version stays as it was."""
    fiche, _ = await fiche_for(session, user, fiche_id)
    await _may_edit(session, user, fiche)
    await service.edit_fiche(session, fiche_id, document, user.id, expected, motif)
    return fiche


async def history_for(
    session: AsyncSession, user: User, fiche_id: uuid.UUID
) -> tuple[list[FicheVersion], list[AuditEvent], dict[uuid.UUID, str]]:
    """Versions and audit trail of a fiche (same readers as the jury sheet), with the actors' names."""
    fiche, _ = await jury_fiche_for(session, user, fiche_id)
    versions = await service.versions(session, fiche.id)
    events, names = await trail_for(session, fiche.id, versions)
    return versions, events, names


async def trail_for(
    session: AsyncSession, fiche_id: uuid.UUID, versions: Iterable[FicheVersion]
) -> tuple[list[AuditEvent], dict[uuid.UUID, str]]:
    """The fiche's audit trail and the names of its actors and authors; the caller checked the jury rule."""
    events = await service.audit_trail(session, fiche_id)
    ids = {v.author_id for v in versions} | {e.actor_id for e in events if e.actor_id}
    rows = await session.execute(select(User.id, User.display_name).where(User.id.in_(ids)))
    return events, dict(rows.tuples().all())


async def put_fdap_for(
    session: AsyncSession, user: User, candidate_id: uuid.UUID, fdap: Fdap, notes: list[dict[str, str]]
) -> tuple[FdapRecord, bool]:
    """A teacher files a candidate's FDAP (JSON or Word); the header names the candidate of the database."""
    require_role(user, "enseignant", "admin")
    candidate = await _candidate(session, user, candidate_id, "candidat")
    said = fdap.candidat
    if said.nom and _folded(said.nom) != _folded(candidate.nom):
        notes = [
            *notes,
            {
                "champ": "candidat.nom",
                "message": f"le document nomme « {said.prenom} {said.nom} » : vérifiez qu'il s'agit bien "
                f"de la FDAP de {candidate.prenom} {candidate.nom} (l'en-tête enregistré est celui du candidat)",
            },
        ]
    other = await session.scalar(
        select(FdapRecord.nature).where(
            FdapRecord.candidate_id == candidate.id,
            FdapRecord.numero == fdap.numero,
            FdapRecord.nature != fdap.nature,
        )
    )
    if other is not None:
        raise InputError(
            "FDAP",
            "numero",
            f"ce candidat a déjà une FDAP n° {fdap.numero} ({other}) : une FDAP {fdap.nature} porte "
            f"l'autre numéro ({3 - fdap.numero})",
        )
    return await service.put_fdap(session, candidate.id, fdap, user.id, notes)


def _folded(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if c.isalnum())


async def enqueue_for(
    session: AsyncSession, user: User, fdap_id: uuid.UUID, variants: int, engine: str, max_pending: int
) -> uuid.UUID:
    """A job asked by this user, within their bound of pending jobs (jobs.TooManyJobs past it)."""
    require_role(user, "enseignant", "admin")
    await fdap_for(session, user, fdap_id)
    return await jobs.enqueue(
        session, fdap_id, variants, engine, requested_by=user.id, max_pending=max_pending
    )


async def _reads_job(session: AsyncSession, user: User, job: GenerationJob, candidate: Candidate) -> bool:
    """Whether the user would read the jury sheet drawn from the job: its requester, the candidate's teachers,
    and the authors and commission members of every fiche already kept from its FDAP."""
    if user.id == job.requested_by or any(t.id == user.id for t in candidate.teachers):
        return True
    return await _reads_jury(session, user.id, Fiche.fdap_id == job.fdap_id)


async def progress_for(session: AsyncSession, user: User, job_id: uuid.UUID) -> jobs.JobProgress:
    """A job of the caller's school (404 otherwise); its proposals hold V-3 sheets, so the V-3 rule (403)."""
    job = await session.get(GenerationJob, job_id)
    owner = select(FdapRecord.candidate_id).where(FdapRecord.id == job.fdap_id) if job else None
    candidate_id = await session.scalar(owner) if owner is not None else None  # not the FDAP's document
    if job is None or candidate_id is None:
        raise NotFoundError("tâche de génération introuvable")
    candidate = await _candidate(session, user, candidate_id, "tâche de génération")
    if not await _reads_job(session, user, job, candidate):
        raise ForbiddenError(
            "les propositions contiennent la fiche jury : elles ne sont visibles que de qui a demandé la "
            "génération, des enseignants du candidat et, une fois une fiche gardée, de sa commission"
        )
    return await jobs.job_progress(session, job_id)


async def transition(
    session: AsyncSession, user: User, fiche_id: uuid.UUID, action: str, motif: str, expected: int
) -> Fiche:
    """Run one workflow action for the caller, after the school and role checks."""
    await fiche_for(session, user, fiche_id)
    require_role(user, *ACTION_ROLES[action])
    if action == "soumettre":
        return await service.submit(session, fiche_id, user.id, expected, motif)
    if action == "approuver":
        return await service.approve(session, fiche_id, user.id, expected, motif)
    if action == "demander_modifications":
        return await service.request_changes(session, fiche_id, user.id, expected, motif)
    today = datetime.datetime.now(datetime.UTC).date()
    return await service.hand_over(session, fiche_id, user.id, expected, today, motif)
