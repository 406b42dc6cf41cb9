"""A school's candidates, entered one by one or imported from a class list, by its admins.

A candidate number is unique within the school. An import is all or nothing: every faulty line is
reported and nothing is written unless every line is good.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import Candidate, Fiche, User
from service.errors import InputError, NotFoundError, WorkflowError
from service.review.access import require_role
from service.review.admin import audit, exam_session, school_user, text
from service.review.class_list import SOURCE, read_class_list


class ClassListRefused(InputError):
    """An import refused line by line: `lines` gives each faulty line's number and French message."""

    def __init__(self, lines: list[tuple[int, str]]) -> None:
        said = " ; ".join(message for _, message in lines)
        super().__init__(SOURCE, "", f"{len(lines)} erreur(s), rien n'a été importé : {said}")
        self.lines = lines


async def _numbers_taken(
    session: AsyncSession, user: User, numbers: Sequence[str], own: uuid.UUID | None
) -> set[str]:
    """Which of `numbers` another candidate of the school already has."""
    taken: set[str] = set()
    for start in range(0, len(numbers), 500):  # a bounded IN list, whatever the size of the file
        rows = await session.scalars(
            select(Candidate.numero).where(
                Candidate.etablissement_id == user.etablissement_id,
                Candidate.numero.in_(numbers[start : start + 500]),
                Candidate.id != own,
            )
        )
        taken |= set(rows)
    return taken


async def _teachers(session: AsyncSession, admin: User, ids: Sequence[uuid.UUID]) -> list[User]:
    """The candidate's teachers (who may not approve their sheet in the ponctuel mode): the school's accounts."""
    teachers = []
    for user_id in dict.fromkeys(ids):
        try:
            teachers.append(await school_user(session, admin, user_id))
        except NotFoundError:
            raise InputError("requête", "enseignants", f"compte introuvable ({user_id})") from None
    return teachers


async def create_candidate(
    session: AsyncSession,
    admin: User,
    nom: str,
    prenom: str,
    numero: str,
    teacher_ids: Sequence[uuid.UUID],
    session_id: uuid.UUID | None,
) -> Candidate:
    require_role(admin, "admin")
    exam = await exam_session(session, admin, session_id)
    numero = text("numero", numero, "numéro de candidat", 50)
    if await _numbers_taken(session, admin, [numero], None):
        raise InputError(
            "requête", "numero", f"le numéro de candidat {numero} est déjà pris dans l'établissement"
        )
    candidate = Candidate(
        etablissement_id=admin.etablissement_id,
        exam_session_id=exam.id,
        nom=text("nom", nom, "nom", 200),
        prenom=text("prenom", prenom, "prénom", 200),
        numero=numero,
        teachers=await _teachers(session, admin, teacher_ids),
    )
    session.add(candidate)
    await session.flush()
    # No name in the audit trail: it outlives the candidate (service.review.purge).
    audit(session, admin, "candidat", candidate.id, "creer", "candidat inscrit")
    return candidate


async def school_candidate(session: AsyncSession, user: User, candidate_id: uuid.UUID) -> Candidate:
    candidate = await session.get(Candidate, candidate_id)
    if candidate is None or candidate.etablissement_id != user.etablissement_id:
        raise NotFoundError("candidat introuvable")
    return candidate


async def edit_candidate(
    session: AsyncSession,
    admin: User,
    candidate_id: uuid.UUID,
    nom: str,
    prenom: str,
    numero: str,
    teacher_ids: Sequence[uuid.UUID],
    session_id: uuid.UUID | None,
) -> Candidate:
    """Change a candidate; their exam session only while no fiche is drawn (its commission sits there)."""
    require_role(admin, "admin")
    candidate = await school_candidate(session, admin, candidate_id)
    exam = await exam_session(session, admin, session_id) if session_id else candidate.exam_session
    numero = text("numero", numero, "numéro de candidat", 50)
    if await _numbers_taken(session, admin, [numero], candidate.id):
        raise InputError(
            "requête", "numero", f"le numéro de candidat {numero} est déjà pris dans l'établissement"
        )
    if exam.id != candidate.exam_session_id:
        drawn = await session.scalar(select(Fiche.id).where(Fiche.candidate_id == candidate.id).limit(1))
        if drawn is not None:
            raise WorkflowError(
                "ce candidat a déjà des fiches sujets : sa session d'examen ne peut plus changer"
            )
    candidate.exam_session_id = exam.id
    candidate.nom = text("nom", nom, "nom", 200)
    candidate.prenom = text("prenom", prenom, "prénom", 200)
    candidate.numero = numero
    candidate.teachers = await _teachers(session, admin, teacher_ids)
    audit(session, admin, "candidat", candidate.id, "modifier", "candidat modifié")
    await session.flush()
    return candidate


async def import_candidates(
    session: AsyncSession, admin: User, data: bytes, session_id: uuid.UUID | None, limit: int
) -> list[Candidate]:
    """Every candidate of a class list, or none: an InputError lists every faulty line."""
    require_role(admin, "admin")
    exam = await exam_session(session, admin, session_id)
    rows, errors = read_class_list(data, limit)
    taken = await _numbers_taken(session, admin, [r.numero for r in rows], None)
    errors += [
        (r.line, f"ligne {r.line} : le numéro de candidat {r.numero} est déjà pris dans l'établissement")
        for r in rows
        if r.numero in taken
    ]
    if errors:
        raise ClassListRefused(sorted(errors))
    if not rows:
        raise InputError(SOURCE, "", "aucun candidat dans le fichier (seulement l'en-tête)")
    candidates = [
        Candidate(
            etablissement_id=admin.etablissement_id,
            exam_session_id=exam.id,
            nom=r.nom,
            prenom=r.prenom,
            numero=r.numero,
            teachers=[],
        )
        for r in rows
    ]
    session.add_all(candidates)
    await session.flush()
    for candidate in candidates:
        audit(session, admin, "candidat", candidate.id, "importer", "candidat importé (liste de classe)")
    await session.flush()
    return candidates
