"""The school's candidates as GET /api/candidats lists them: a page at a time, only the columns shown.

No FDAP or fiche document is read (a list of 2,000 sheets used to load every body); the FDAPs, fiches and
teachers of the page's candidates come in one query each and are grouped by candidate in one pass.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import Candidate, FdapRecord, Fiche, User, candidate_teacher

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200


@dataclass(frozen=True)
class FdapSummary:
    id: uuid.UUID
    numero: int
    nature: str
    warnings: list[dict[str, str]]


@dataclass(frozen=True)
class FicheSummary:
    id: uuid.UUID
    fdap_id: uuid.UUID
    state: str
    current_version: int


@dataclass(frozen=True)
class CandidateSummary:
    """One line of the list: the candidate, their FDAPs (warnings, no body), fiches and teachers."""

    id: uuid.UUID
    nom: str
    prenom: str
    numero: str
    exam_session_id: uuid.UUID
    fdaps: list[FdapSummary] = field(default_factory=list)
    fiches: list[FicheSummary] = field(default_factory=list)
    teachers: list[uuid.UUID] = field(default_factory=list)


@dataclass(frozen=True)
class CandidatePage:
    """One page of candidates, the school's total and the page size: what the Link header needs."""

    items: list[CandidateSummary]
    number: int
    per_page: int
    total: int

    @property
    def has_next(self) -> bool:
        return self.number * self.per_page < self.total


async def list_candidates(session: AsyncSession, user: User, number: int, per_page: int) -> CandidatePage:
    """Page `number` of the caller's school's candidates by name (a page past the end is empty)."""
    school = Candidate.etablissement_id == user.etablissement_id
    total = await session.scalar(select(func.count()).select_from(Candidate).where(school)) or 0
    rows = await session.execute(
        select(Candidate.id, Candidate.nom, Candidate.prenom, Candidate.numero, Candidate.exam_session_id)
        .where(school)
        .order_by(Candidate.nom, Candidate.prenom, Candidate.id)
        .limit(per_page)
        .offset((number - 1) * per_page)
    )
    found = {row.id: CandidateSummary(*row) for row in rows}
    if found:
        await _attach(session, found)
    return CandidatePage(list(found.values()), number, per_page, total)


async def _attach(session: AsyncSession, found: dict[uuid.UUID, CandidateSummary]) -> None:
    """The FDAPs, fiches and teachers of these candidates, each appended to its candidate's lists."""
    ids = list(found)
    fdaps = await session.execute(
        select(
            FdapRecord.candidate_id, FdapRecord.id, FdapRecord.numero, FdapRecord.nature, FdapRecord.warnings
        )
        .where(FdapRecord.candidate_id.in_(ids))
        .order_by(FdapRecord.numero)
    )
    for candidate_id, fdap_id, numero, nature, warnings in fdaps.tuples():
        found[candidate_id].fdaps.append(FdapSummary(fdap_id, numero, nature, warnings))
    fiches = await session.execute(
        select(Fiche.candidate_id, Fiche.id, Fiche.fdap_id, Fiche.state, Fiche.current_version)
        .where(Fiche.candidate_id.in_(ids))
        .order_by(Fiche.id)
    )
    for candidate_id, fiche_id, fdap_id, state, version in fiches.tuples():
        found[candidate_id].fiches.append(FicheSummary(fiche_id, fdap_id, state, version))
    teachers = await session.execute(
        select(candidate_teacher.c.candidate_id, candidate_teacher.c.user_id)
        .where(candidate_teacher.c.candidate_id.in_(ids))
        .order_by(candidate_teacher.c.user_id)
    )
    for candidate_id, user_id in teachers.tuples():
        found[candidate_id].teachers.append(user_id)
