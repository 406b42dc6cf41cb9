"""The review workflow: brouillon → soumise → approuvée → remise, or soumise → modifications demandées.

Every function takes an AsyncSession and plain ids, flushes, and leaves the commit to the caller (one
transaction per request). Each transition is audited; a stale `expected` counter raises ConflictError.
"""

from __future__ import annotations

import datetime
import uuid
from typing import TypeVar

import anyio
import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from service.db.models import (
    AuditEvent,
    Candidate,
    Commission,
    FdapRecord,
    Fiche,
    FicheVersion,
    ReviewDecision,
)
from service.domain.constats import Constat
from service.domain.fdap import Candidat, Fdap, conformity_warnings
from service.domain.fiche_sujet import FicheSujet
from service.domain.rules import check, submission_refusal
from service.errors import ConflictError, NotFoundError, WorkflowError
from service.review import reviewers
from service.review.mark_guard import refuse_marked_motif, refuse_marks

STATE_LABELS = {
    "brouillon": "brouillon",
    "soumise": "soumise",
    "modifications_demandees": "modifications demandées",
    "approuvee": "approuvée",
    "remise": "remise",
}
# action -> (states it starts from, state it leads to, French verb for the messages)
TRANSITIONS: dict[str, tuple[frozenset[str], str, str]] = {
    "modifier": (frozenset({"brouillon", "modifications_demandees", "approuvee"}), "brouillon", "modifier"),
    "soumettre": (frozenset({"brouillon"}), "soumise", "soumettre"),
    "approuver": (frozenset({"soumise"}), "approuvee", "approuver"),
    "demander_modifications": (
        frozenset({"soumise"}),
        "modifications_demandees",
        "demander des modifications sur",
    ),
    "remettre": (frozenset({"approuvee"}), "remise", "remettre au candidat"),
}


T = TypeVar("T")


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _header(candidate: Candidate) -> Candidat:
    """Documents name the candidate of the database in their header, whatever the file or request said."""
    return Candidat(nom=candidate.nom, prenom=candidate.prenom, numero=candidate.numero)


def _with_header(document: FicheSujet, candidate: Candidate, commission: Commission) -> FicheSujet:
    return msgspec.structs.replace(document, candidat=_header(candidate), commission=commission.number)


def _fdap_record(candidate: Candidate, fdap: Fdap, notes: list[dict[str, str]]) -> FdapRecord:
    """A new record of `fdap`, with the conformity check's warnings followed by `notes`."""
    fdap = msgspec.structs.replace(fdap, candidat=_header(candidate))
    return FdapRecord(
        candidate_id=candidate.id,
        numero=fdap.numero,
        nature=fdap.nature,
        document=msgspec.to_builtins(fdap),
        warnings=_warnings(fdap) + notes,
    )


def _warnings(fdap: Fdap) -> list[dict[str, str]]:
    return [{"champ": field, "message": message} for field, message in conformity_warnings(fdap)]


async def add_fdap(session: AsyncSession, candidate_id: uuid.UUID, fdap: Fdap) -> FdapRecord:
    """Store one FDAP of a candidate with the warnings of the conformity check (demo and tests)."""
    record = _fdap_record(await _get(session, Candidate, candidate_id, "candidat"), fdap, [])
    session.add(record)
    await session.flush()
    return record


async def put_fdap(
    session: AsyncSession,
    candidate_id: uuid.UUID,
    fdap: Fdap,
    actor_id: uuid.UUID,
    notes: list[dict[str, str]] | None = None,
) -> tuple[FdapRecord, bool]:
    """Store the candidate's FDAP of this nature, replacing the one there while no fiche was drawn from it.

    `notes` (what an import could not place, say) are kept beside the conformity warnings. Audited.
    Returns the record and whether it replaced an earlier one.
    """
    existing = await session.scalar(
        select(FdapRecord).where(FdapRecord.candidate_id == candidate_id, FdapRecord.nature == fdap.nature)
    )
    if existing is None:
        record = _fdap_record(await _get(session, Candidate, candidate_id, "candidat"), fdap, notes or [])
        session.add(record)
    else:
        drawn = await session.scalar(select(Fiche.id).where(Fiche.fdap_id == existing.id).limit(1))
        if drawn is not None:
            raise WorkflowError(
                f"la FDAP {fdap.nature} de ce candidat a déjà des fiches sujets : elle ne peut plus être "
                "remplacée (les fiches resteraient tirées d'un texte disparu)"
            )
        record = existing
        candidate = await _get(session, Candidate, candidate_id, "candidat")
        fdap = msgspec.structs.replace(fdap, candidat=_header(candidate))
        record.numero, record.document = fdap.numero, msgspec.to_builtins(fdap)
        record.warnings = _warnings(fdap) + (notes or [])
    await session.flush()
    session.add(
        AuditEvent(
            actor_id=actor_id,
            at=_now(),
            entity="fdap",
            entity_id=record.id,
            action="remplacer" if existing else "deposer",
            from_state=None,
            to_state=None,
            reason=f"FDAP {fdap.nature} n° {fdap.numero} : {fdap.titre}"[:500],
        )
    )
    await session.flush()
    return record, existing is not None


async def create_fiche(
    session: AsyncSession,
    *,
    fdap_id: uuid.UUID,
    commission_id: uuid.UUID,
    document: FicheSujet,
    author_id: uuid.UUID,
    reason: str = "",
) -> Fiche:
    """A new fiche in brouillon, with its version 1; a mark in it or in the motif is refused (400)."""
    refuse_marked_motif(reason)
    fdap = await _get(session, FdapRecord, fdap_id, "FDAP")
    commission = await _get(session, Commission, commission_id, "commission")
    candidate = await _get(session, Candidate, fdap.candidate_id, "candidat")
    if commission.exam_session_id != candidate.exam_session_id:
        raise WorkflowError(
            f"la commission n° {commission.number} ne siège pas à la session d'examen du candidat"
        )
    document = _with_header(document, candidate, commission)
    refuse_marks(document, msgspec.convert(fdap.document, Fdap))
    fiche = Fiche(candidate_id=fdap.candidate_id, fdap_id=fdap.id, commission_id=commission_id)
    fiche.state = "brouillon"
    fiche.current_version = 1
    session.add(fiche)
    await session.flush()
    session.add(_version(fiche, 1, document, author_id))
    _audit(session, fiche, author_id, "creer", None, "brouillon", reason or "création de la fiche")
    await _flush(session)
    return fiche


async def edit_fiche(
    session: AsyncSession,
    fiche_id: uuid.UUID,
    document: FicheSujet,
    actor_id: uuid.UUID,
    expected: int,
    reason: str = "",
) -> FicheVersion:
    """A new version in brouillon (an approved one is kept as it was); a mark or no change is refused."""
    refuse_marked_motif(reason)
    fiche = await _fiche(session, fiche_id, expected)
    before = _allowed(fiche, "modifier")
    candidate = await _get(session, Candidate, fiche.candidate_id, "candidat")
    commission = await _get(session, Commission, fiche.commission_id, "commission")
    document = _with_header(document, candidate, commission)
    fdap = await _get(session, FdapRecord, fiche.fdap_id, "FDAP")
    refuse_marks(document, msgspec.convert(fdap.document, Fdap))
    current = await current_version(session, fiche)
    if msgspec.convert(current.document, FicheSujet) == document:
        raise WorkflowError(reviewers.unchanged(current.number))
    fiche.current_version += 1
    version = _version(fiche, fiche.current_version, document, actor_id)
    session.add(version)
    fiche.state = "brouillon"
    why = reason or f"nouvelle version {fiche.current_version}"
    _audit(session, fiche, actor_id, "modifier", before, "brouillon", why)
    await _flush(session)
    return version


async def submit(
    session: AsyncSession, fiche_id: uuid.UUID, actor_id: uuid.UUID, expected: int, reason: str = ""
) -> Fiche:
    """Brouillon → soumise by one of its authors, refused while the rules find an erreur or a marker."""
    refuse_marked_motif(reason)
    fiche = await _fiche(session, fiche_id, expected)
    reviewers.require_author(actor_id, await versions(session, fiche.id))
    before = _allowed(fiche, "soumettre")
    version = await current_version(session, fiche)
    constats = await findings(session, fiche, version)
    refusal = submission_refusal(constats)
    if refusal:
        raise WorkflowError(refusal)
    fiche.state = "soumise"
    _audit(session, fiche, actor_id, "soumettre", before, "soumise", reason or f"version {version.number}")
    await _flush(session)
    return fiche


async def approve(
    session: AsyncSession, fiche_id: uuid.UUID, member_id: uuid.UUID, expected: int, comment: str = ""
) -> Fiche:
    """Soumise → approuvée by a commission member who wrote no version since the last approval (four eyes)."""
    refuse_marked_motif(comment)
    fiche = await _fiche(session, fiche_id, expected)
    reviewers.require_member(member_id, await _get(session, Commission, fiche.commission_id, "commission"))
    before = _allowed(fiche, "approuver")
    version = await current_version(session, fiche)
    candidate = await _get(session, Candidate, fiche.candidate_id, "candidat")
    writers = reviewers.recent_authors(await versions(session, fiche.id))
    refusal = reviewers.approval_refusal(member_id, writers, candidate)
    if refusal:
        raise WorkflowError(refusal)
    version.approved_at = _now()
    session.add(
        ReviewDecision(version_id=version.id, member_id=member_id, decision="approve", comment=comment)
    )
    fiche.state = "approuvee"
    _audit(
        session, fiche, member_id, "approuver", before, "approuvee", comment or f"version {version.number}"
    )
    await _flush(session)
    return fiche


async def request_changes(
    session: AsyncSession, fiche_id: uuid.UUID, member_id: uuid.UUID, expected: int, comment: str
) -> Fiche:
    """Soumise → modifications demandées by a commission member, who must say what to change."""
    if not comment.strip():
        raise WorkflowError(
            "une demande de modifications doit dire ce qu'il faut modifier (commentaire vide)"
        )
    refuse_marked_motif(comment)
    fiche = await _fiche(session, fiche_id, expected)
    reviewers.require_member(member_id, await _get(session, Commission, fiche.commission_id, "commission"))
    before = _allowed(fiche, "demander_modifications")
    version = await current_version(session, fiche)
    session.add(
        ReviewDecision(
            version_id=version.id, member_id=member_id, decision="request_changes", comment=comment
        )
    )
    fiche.state = "modifications_demandees"
    _audit(session, fiche, member_id, "demander_modifications", before, "modifications_demandees", comment)
    await _flush(session)
    return fiche


async def hand_over(
    session: AsyncSession,
    fiche_id: uuid.UUID,
    actor_id: uuid.UUID,
    expected: int,
    on: datetime.date,
    reason: str = "",
) -> Fiche:
    """Approuvée → remise by a member of its commission: the sheet was handed to the candidate on `on`."""
    refuse_marked_motif(reason)
    fiche = await _fiche(session, fiche_id, expected)
    reviewers.require_member(actor_id, await _get(session, Commission, fiche.commission_id, "commission"))
    before = _allowed(fiche, "remettre")
    fiche.state = "remise"
    fiche.remise_le = on
    why = reason or f"remise au candidat le {on.strftime('%d/%m/%Y')}"
    _audit(session, fiche, actor_id, "remettre", before, "remise", why)
    await _flush(session)
    return fiche


async def findings(session: AsyncSession, fiche: Fiche, version: FicheVersion) -> list[Constat]:
    """What the rules find in `version`, against the fiche's FDAP and its session's simulation length.

    The rules run in a worker thread: on a long sheet they take a fraction of a second that the other
    requests must not wait for."""
    fdap = await _get(session, FdapRecord, fiche.fdap_id, "FDAP")
    candidate = await _get(session, Candidate, fiche.candidate_id, "candidat")
    document = msgspec.convert(version.document, FicheSujet)
    context = msgspec.convert(fdap.document, Fdap)
    minutes = candidate.exam_session.simulation_minutes
    return await anyio.to_thread.run_sync(check, document, context, minutes)


async def current_version(session: AsyncSession, fiche: Fiche) -> FicheVersion:
    found = await session.scalar(
        select(FicheVersion).where(
            FicheVersion.fiche_id == fiche.id, FicheVersion.number == fiche.current_version
        )
    )
    if found is None:
        raise NotFoundError(f"version {fiche.current_version} de la fiche introuvable")
    return found


async def versions(session: AsyncSession, fiche_id: uuid.UUID) -> list[FicheVersion]:
    rows = await session.scalars(
        select(FicheVersion).where(FicheVersion.fiche_id == fiche_id).order_by(FicheVersion.number)
    )
    return list(rows)


async def audit_trail(session: AsyncSession, fiche_id: uuid.UUID) -> list[AuditEvent]:
    rows = await session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity == "fiche", AuditEvent.entity_id == fiche_id)
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return list(rows)


async def _get(session: AsyncSession, kind: type[T], ident: uuid.UUID, label: str) -> T:
    found = await session.get(kind, ident)
    if found is None:
        raise NotFoundError(f"{label} introuvable ({ident})")
    return found


async def _fiche(session: AsyncSession, fiche_id: uuid.UUID, expected: int) -> Fiche:
    """The fiche as the database has it now, refused when the caller's counter is stale."""
    fiche = await session.get(Fiche, fiche_id, populate_existing=True)
    if fiche is None:
        raise NotFoundError(f"fiche introuvable ({fiche_id})")
    if fiche.lock_version != expected:
        raise ConflictError(
            f"la fiche a été modifiée entre-temps (version {expected} attendue, {fiche.lock_version} "
            "actuellement) : rechargez-la avant de recommencer"
        )
    return fiche


def _allowed(fiche: Fiche, action: str) -> str:
    """The fiche's state, when `action` may start from it."""
    starts, _, verb = TRANSITIONS[action]
    if fiche.state not in starts:
        de = "d'" if verb[0] in "aeéiou" else "de "
        allowed = ", ".join(f"« {STATE_LABELS[s]} »" for s in STATE_LABELS if s in starts)
        raise WorkflowError(
            f"impossible {de}{verb} une fiche à l'état « {STATE_LABELS[fiche.state]} » "
            f"(possible seulement à l'état {allowed})"
        )
    return fiche.state


def _version(fiche: Fiche, number: int, document: FicheSujet, author_id: uuid.UUID) -> FicheVersion:
    return FicheVersion(
        fiche_id=fiche.id, number=number, document=msgspec.to_builtins(document), author_id=author_id
    )


def _audit(
    session: AsyncSession,
    fiche: Fiche,
    actor_id: uuid.UUID,
    action: str,
    before: str | None,
    after: str,
    reason: str,
) -> None:
    session.add(
        AuditEvent(
            actor_id=actor_id,
            at=_now(),
            entity="fiche",
            entity_id=fiche.id,
            action=action,
            from_state=before,
            to_state=after,
            reason=reason,
        )
    )


async def _flush(session: AsyncSession) -> None:
    """Write now; another writer that got there first (counter moved) is a conflict, not a crash."""
    try:
        await session.flush()
    except StaleDataError:
        raise ConflictError(
            "la fiche a été modifiée en même temps par quelqu'un d'autre : rechargez-la avant de recommencer"
        ) from None
