"""The review queue: the school's fiches filtered for a commission member, a page at a time.

« à relire » is the dashboard's own list (the same rule of who may approve); « les miennes » and « par
commission » are the other ways a member looks for a sheet. Each line says what the sheet is and who wrote it.
"""

from __future__ import annotations

import datetime
import math
import uuid
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Select, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import Candidate, Commission, ExamSession, FdapRecord, Fiche, FicheVersion, User
from service.errors import NotFoundError
from service.review import dashboard
from service.review.dashboard import PAGE_SIZE, Page
from service.review.service import STATE_LABELS

Filter = Literal["a-relire", "miennes", "commission"]
FILTERS: dict[str, str] = {
    "a-relire": "À relire",
    "miennes": "Les miennes",
    "commission": "Par commission",
}


@dataclass(frozen=True)
class QueueLine:
    fiche_id: uuid.UUID
    candidate: str
    numero: str
    nature: str
    state: str
    author: str
    version: int
    since: datetime.datetime | None


Queue = Page[QueueLine]


def _lines_query() -> Select[Any]:
    """Fiches with what a line shows of their candidate, FDAP, current version's author, and when they entered
    their state: columns only, no ORM object (a Candidate would bring its session and teachers along)."""
    since = dashboard.fiche_since()
    return (
        select(
            Fiche.id,
            Fiche.state,
            Fiche.current_version,
            Candidate.prenom,
            Candidate.nom,
            Candidate.numero,
            FdapRecord.nature,
            FdapRecord.numero,
            User.display_name,
            since,
        )
        .join(Candidate, Candidate.id == Fiche.candidate_id)
        .join(FdapRecord, FdapRecord.id == Fiche.fdap_id)
        .join(
            FicheVersion,
            and_(FicheVersion.fiche_id == Fiche.id, FicheVersion.number == Fiche.current_version),
        )
        .join(User, User.id == FicheVersion.author_id)
    )


def _line(row: Any) -> QueueLine:
    fiche_id, state, version, prenom, nom, candidate_numero, nature, numero, author, since = row
    return QueueLine(
        fiche_id=fiche_id,
        candidate=f"{prenom} {nom}",
        numero=candidate_numero,
        nature=f"FDAP {nature} n° {numero}",
        state=STATE_LABELS[state],
        author=author,
        version=version,
        since=since,
    )


async def _by_ids(session: AsyncSession, ids: list[uuid.UUID]) -> list[QueueLine]:
    rows = await session.execute(_lines_query().where(Fiche.id.in_(ids)))
    found = {line.fiche_id: line for line in map(_line, rows.all())}
    return [found[i] for i in ids if i in found]


@dataclass(frozen=True)
class CommissionChoice:
    id: uuid.UUID
    number: str


async def commission_choices(session: AsyncSession, user: User) -> list[CommissionChoice]:
    """The school's commissions for the filter, as access.commissions_for orders them: no members loaded."""
    rows = await session.execute(
        select(Commission.id, Commission.number)
        .join(ExamSession, ExamSession.id == Commission.exam_session_id)
        .where(ExamSession.etablissement_id == user.etablissement_id)
        .order_by(ExamSession.year.desc(), Commission.number)
    )
    return [CommissionChoice(*row) for row in rows.tuples()]


async def commission_of_school(session: AsyncSession, user: User, commission_id: uuid.UUID) -> Commission:
    commission = await session.get(Commission, commission_id)
    exam = await session.get(ExamSession, commission.exam_session_id) if commission else None
    if commission is None or exam is None or exam.etablissement_id != user.etablissement_id:
        raise NotFoundError("commission introuvable")
    return commission


async def review_queue(
    session: AsyncSession,
    user: User,
    filter: Filter,
    number: int = 1,
    commission_id: uuid.UUID | None = None,
) -> Queue:
    """One page of the queue under `filter` (« par commission » without a commission: all of the school's)."""
    if filter == "a-relire":
        page = await dashboard.to_review(session, user, number)
        ids = [item.fiche_id for item in page.items if item.fiche_id]
        return Queue(await _by_ids(session, ids), page.number, page.total)
    query = (
        select(Fiche.id)
        .join(Candidate, Candidate.id == Fiche.candidate_id)
        .where(Candidate.etablissement_id == user.etablissement_id)
    )
    if filter == "miennes":
        wrote = select(FicheVersion.fiche_id).where(
            FicheVersion.fiche_id == Fiche.id, FicheVersion.author_id == user.id
        )
        query = query.where(wrote.exists())  # from the author index alone
    elif commission_id is not None:
        await commission_of_school(session, user, commission_id)
        query = query.where(Fiche.commission_id == commission_id)
    total = await session.scalar(select(func.count()).select_from(query.subquery())) or 0
    number = min(max(1, number), max(1, math.ceil(total / PAGE_SIZE)))
    # The page's ids first, from fiche and candidate only; then the lines of those 20 (joins and wait).
    found = await session.scalars(
        query.order_by(Candidate.nom, Candidate.prenom, Fiche.id)
        .limit(PAGE_SIZE)
        .offset((number - 1) * PAGE_SIZE)
    )
    return Queue(await _by_ids(session, list(found)), number, total)
