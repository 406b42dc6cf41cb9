"""What awaits a user: sheets to write, to fix, to review, and the session's progress.

Every query is scoped to the user's school and paginated, so the dashboard costs the same with 5 sheets
or 2,000; the pages only display what these functions return.
"""

from __future__ import annotations

import datetime
import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Exists, Row, ScalarSelect, Select, exists, func, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from service.db.models import (
    AuditEvent,
    Candidate,
    ExamSession,
    FdapRecord,
    Fiche,
    FicheVersion,
    User,
    candidate_teacher,
    commission_member,
)
from service.review.service import STATE_LABELS

PAGE_SIZE = 20
T = TypeVar("T")


@dataclass(frozen=True)
class Waiting:
    """One line of a list: whom it is for, what it is, since when it waits."""

    candidate_id: uuid.UUID
    candidate: str
    numero: str
    since: datetime.datetime | None
    fiche_id: uuid.UUID | None = None
    detail: str = ""


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list, with what the pagination links need (dashboard, review queue, admin lists)."""

    items: list[T]
    number: int
    total: int
    size: int = PAGE_SIZE

    @property
    def count(self) -> int:
        return max(1, math.ceil(self.total / self.size))


@dataclass(frozen=True)
class Dashboard:
    to_write: Page[Waiting]
    to_fix: Page[Waiting]
    to_review: Page[Waiting]
    progress: list[tuple[str, int]]


# Made once: an alias of a mapped class costs about 2 ms of Python to build, more than the query it serves.
_APPROVED = aliased(FicheVersion, name="approved")
# What a line shows of its candidate: columns only, not the Candidate object with its session and teachers.
_WHO = (Candidate.id, Candidate.prenom, Candidate.nom, Candidate.numero)


def _school(user: User) -> ColumnElement[bool]:
    return Candidate.etablissement_id == user.etablissement_id


def fiche_since() -> ScalarSelect[datetime.datetime]:
    """When the fiche entered its current state: its latest audited transition."""
    return (
        select(func.max(AuditEvent.at))
        .where(AuditEvent.entity == "fiche", AuditEvent.entity_id == Fiche.id)
        .scalar_subquery()
    )


async def _page(session: AsyncSession, query: Select[Any], number: int) -> tuple[list[Row[Any]], int, int]:
    """The rows of page `number` (clamped to the pages there are), their total and the page shown."""
    total = await session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    number = min(max(1, number), max(1, math.ceil(total / PAGE_SIZE)))
    rows = await session.execute(query.limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE))
    return list(rows.all()), total, number


async def to_write(session: AsyncSession, user: User, number: int = 1) -> Page[Waiting]:
    """Candidates of the school with an FDAP and no fiche yet, the longest waiting first."""
    deposited = (
        select(func.min(AuditEvent.at))
        .join(FdapRecord, FdapRecord.id == AuditEvent.entity_id)
        .where(AuditEvent.entity == "fdap", FdapRecord.candidate_id == Candidate.id)
        .scalar_subquery()
        .label("since")
    )
    query = (
        select(*_WHO, deposited)
        .where(  # each test read from an index alone, no table row; most candidates of a busy school have a fiche
            _school(user),
            not_(select(Fiche.candidate_id).where(Fiche.candidate_id == Candidate.id).exists()),
            select(FdapRecord.candidate_id).where(FdapRecord.candidate_id == Candidate.id).exists(),
        )
        .order_by(deposited.nulls_last(), Candidate.nom, Candidate.prenom, Candidate.id)
    )
    rows, total, number = await _page(session, query, number)
    natures = await _natures(session, [row.id for row in rows])
    return Page([_line(row, None, natures.get(row.id, "")) for row in rows], number, total)


async def to_fix(session: AsyncSession, user: User, number: int = 1) -> Page[Waiting]:
    """Fiches sent back with changes requested, of which the user wrote a version."""
    since = fiche_since().label("since")
    query = (
        select(*_WHO, since, Fiche.id.label("fiche_id"), Fiche.current_version)
        .join(Fiche, Fiche.candidate_id == Candidate.id)
        .where(
            _school(user),
            Fiche.state == "modifications_demandees",
            select(FicheVersion.fiche_id)  # the author index alone, not the version's row and its document
            .where(FicheVersion.fiche_id == Fiche.id, FicheVersion.author_id == user.id)
            .exists(),
        )
        .order_by(since, Fiche.id)
    )
    rows, total, number = await _page(session, query, number)
    return Page([_line(row, row.fiche_id, f"version {row.current_version}") for row in rows], number, total)


def _wrote_since_approval(user: User) -> Exists:
    """The user wrote a version of the fiche since its last approved one (four eyes, reviewers.recent_authors):
    a version of theirs with no approved version at or after it. So put, SQLite looks for approvals only
    behind the user's own versions (index on author), not for every fiche of the list."""
    approved = _APPROVED
    later_approval = (
        select(approved.number)
        .where(
            approved.fiche_id == Fiche.id,
            approved.number >= FicheVersion.number,
            approved.approved_at.is_not(None),
        )
        .correlate(Fiche, FicheVersion)  # the outer fiche and the user's version, not the approvals of any
        .exists()
    )
    return (
        select(FicheVersion.number)
        .where(FicheVersion.fiche_id == Fiche.id, FicheVersion.author_id == user.id, not_(later_approval))
        .correlate(Fiche)
        .exists()
    )


async def to_review(session: AsyncSession, user: User, number: int = 1) -> Page[Waiting]:
    """Submitted fiches the user may approve: a member of their commission who wrote no version since the
    last approval, and, in the ponctuel form, not one of the candidate's teachers."""
    if "commission" not in user.roles:
        return Page([], 1, 0)
    since = fiche_since().label("since")
    teaches = exists().where(
        candidate_teacher.c.candidate_id == Candidate.id, candidate_teacher.c.user_id == user.id
    )
    query = (
        select(*_WHO, since, Fiche.id.label("fiche_id"), Fiche.current_version)
        .join(Fiche, Fiche.candidate_id == Candidate.id)
        .join(ExamSession, ExamSession.id == Candidate.exam_session_id)
        .where(
            _school(user),
            Fiche.state == "soumise",
            exists().where(
                commission_member.c.commission_id == Fiche.commission_id,
                commission_member.c.user_id == user.id,
            ),
            not_(_wrote_since_approval(user)),
            or_(ExamSession.mode != "ponctuel", not_(teaches)),
        )
        .order_by(since, Fiche.id)
    )
    rows, total, number = await _page(session, query, number)
    return Page([_line(row, row.fiche_id, f"version {row.current_version}") for row in rows], number, total)


async def progress(session: AsyncSession, user: User) -> list[tuple[str, int]]:
    """How many of the school's fiches are in each state, in the workflow's order."""
    rows = await session.execute(
        select(Fiche.state, func.count())
        .join(Candidate, Candidate.id == Fiche.candidate_id)
        .where(_school(user))
        .group_by(Fiche.state)
    )
    counts = dict(rows.tuples().all())
    return [(label, counts.get(state, 0)) for state, label in STATE_LABELS.items()]


async def dashboard(session: AsyncSession, user: User, pages: Sequence[int] = (1, 1, 1)) -> Dashboard:
    """The three lists at the pages asked for, and the progress."""
    return Dashboard(
        await to_write(session, user, pages[0]),
        await to_fix(session, user, pages[1]),
        await to_review(session, user, pages[2]),
        await progress(session, user),
    )


async def _natures(session: AsyncSession, candidate_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """« FDAP NV n° 1, EC n° 2 » for each candidate."""
    rows = await session.execute(
        select(FdapRecord.candidate_id, FdapRecord.nature, FdapRecord.numero)
        .where(FdapRecord.candidate_id.in_(candidate_ids))
        .order_by(FdapRecord.nature.desc(), FdapRecord.numero)
    )
    found: dict[uuid.UUID, list[str]] = {}
    for candidate_id, nature, numero in rows.tuples():
        found.setdefault(candidate_id, []).append(f"{nature} n° {numero}")
    return {key: "FDAP " + ", ".join(value) for key, value in found.items()}


def _line(row: Row[Any], fiche_id: uuid.UUID | None, detail: str) -> Waiting:
    """A line from a row of _WHO's columns and the wait (its last column but the fiche's)."""
    return Waiting(
        candidate_id=row.id,
        candidate=f"{row.prenom} {row.nom}",
        numero=row.numero,
        since=row.since,
        fiche_id=fiche_id,
        detail=detail,
    )
