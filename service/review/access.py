"""Who may see and do what: every lookup is scoped to the caller's school (another school's id is 404).

The API handlers call these functions, never queries of their own.
"""

from __future__ import annotations

import datetime
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.errors import ForbiddenError, NotFoundError
from service.review import jobs, service
from service.review.models import Candidate, Commission, FdapRecord, Fiche, FicheVersion, GenerationJob, User
from service.review.passwords import verify_password

# The roles an action needs (one of them); the workflow then checks membership, authorship, state.
ACTION_ROLES = {
    "soumettre": ("enseignant", "admin"),
    "approuver": ("commission",),
    "demander_modifications": ("commission",),
    "remettre": ("enseignant", "admin"),
}


async def authenticate(session: AsyncSession, email: str, password: str) -> User | None:
    user = await session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or not verify_password(user.password_hash, password):
        return None
    return user


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise NotFoundError("compte introuvable")
    return user


def require_role(user: User, *roles: str) -> None:
    if not set(roles) & set(user.roles):
        raise ForbiddenError(f"action réservée au rôle {' ou '.join(roles)}")


async def list_candidates(session: AsyncSession, user: User) -> list[Candidate]:
    rows = await session.scalars(
        select(Candidate)
        .where(Candidate.etablissement_id == user.etablissement_id)
        .order_by(Candidate.nom, Candidate.prenom)
    )
    return list(rows)


async def fdaps_of(session: AsyncSession, candidate_ids: list[uuid.UUID]) -> list[FdapRecord]:
    rows = await session.scalars(
        select(FdapRecord).where(FdapRecord.candidate_id.in_(candidate_ids)).order_by(FdapRecord.numero)
    )
    return list(rows)


async def fiches_of(session: AsyncSession, candidate_ids: list[uuid.UUID]) -> list[Fiche]:
    rows = await session.scalars(
        select(Fiche).where(Fiche.candidate_id.in_(candidate_ids)).order_by(Fiche.id)
    )
    return list(rows)


async def _candidate(session: AsyncSession, user: User, candidate_id: uuid.UUID, label: str) -> Candidate:
    candidate = await session.get(Candidate, candidate_id)
    if candidate is None or candidate.etablissement_id != user.etablissement_id:
        raise NotFoundError(f"{label} introuvable")
    return candidate


async def fiche_for(session: AsyncSession, user: User, fiche_id: uuid.UUID) -> tuple[Fiche, FicheVersion]:
    """A fiche of the caller's school with its current version."""
    fiche = await session.get(Fiche, fiche_id, populate_existing=True)
    if fiche is None:
        raise NotFoundError("fiche introuvable")
    await _candidate(session, user, fiche.candidate_id, "fiche")
    return fiche, await service.current_version(session, fiche)


async def jury_fiche_for(
    session: AsyncSession, user: User, fiche_id: uuid.UUID
) -> tuple[Fiche, FicheVersion]:
    """The fiche, only for a member of its commission or an author of one of its versions."""
    fiche, version = await fiche_for(session, user, fiche_id)
    commission = await session.get(Commission, fiche.commission_id)
    members = {m.id for m in commission.members} if commission else set()
    authors = {v.author_id for v in await service.versions(session, fiche.id)}
    if user.id not in members | authors:
        raise ForbiddenError(
            "la fiche jury n'est visible que des membres de la commission et des auteurs de la fiche"
        )
    return fiche, version


async def enqueue_for(session: AsyncSession, user: User, fdap_id: uuid.UUID, variants: int) -> uuid.UUID:
    require_role(user, "enseignant", "admin")
    fdap = await session.get(FdapRecord, fdap_id)
    if fdap is None:
        raise NotFoundError("FDAP introuvable")
    await _candidate(session, user, fdap.candidate_id, "FDAP")
    return await jobs.enqueue(session, fdap_id, variants)


async def progress_for(session: AsyncSession, user: User, job_id: uuid.UUID) -> jobs.JobProgress:
    job = await session.get(GenerationJob, job_id)
    fdap = await session.get(FdapRecord, job.fdap_id) if job else None
    if fdap is None:
        raise NotFoundError("tâche de génération introuvable")
    await _candidate(session, user, fdap.candidate_id, "tâche de génération")
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
