"""What the benchmarks share: the demo accounts, a percentile, and the bulk insert of 2,000 sheets."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import (
    STATES,
    AuditEvent,
    Candidate,
    Commission,
    ExamSession,
    FdapRecord,
    Fiche,
    FicheVersion,
    User,
    candidate_teacher,
    commission_member,
)

TEACHER = "enseignante@demo.fichesujet.fr"
MEMBER = "membre2@demo.fichesujet.fr"
ADMIN = "admin@demo.fichesujet.fr"


def percentile(values: list[float], share: float) -> float:
    """The value under which `share` of `values` lie (nearest rank, no interpolation)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def demo_ids(session: AsyncSession) -> dict[str, str]:
    """A demo candidate, its FDAP and its fiche under review: what the pages with an id are asked for."""
    fiche = (await session.scalars(select(Fiche).where(Fiche.state == "soumise").limit(1))).one()
    return {"candidat": str(fiche.candidate_id), "fdap": str(fiche.fdap_id), "fiche": str(fiche.id)}


def _rows(model: Any, count: int, make: Callable[[int], dict[str, Any]]) -> tuple[Any, list[dict[str, Any]]]:
    return model, [make(n) for n in range(count)]


async def seed_sheets(session: AsyncSession, count: int) -> list[uuid.UUID]:
    """`count` fiches in the demo school: each its own candidate and FDAP, two versions, 10 commissions.

    Returns their ids; fiche n is in state STATES[n % len(STATES)], authored by TEACHER."""
    school = await session.scalar(select(User.etablissement_id).where(User.email == ADMIN))
    exam = await session.scalar(select(ExamSession.id).where(ExamSession.etablissement_id == school))
    users = {
        u.email: u.id for u in await session.scalars(select(User).where(User.etablissement_id == school))
    }
    model_fdap = (await session.scalars(select(FdapRecord).limit(1))).one()
    model_version = (await session.scalars(select(FicheVersion).limit(1))).one()
    commissions = [uuid.uuid4() for _ in range(10)]
    candidates = [uuid.uuid4() for _ in range(count)]
    fdaps = [uuid.uuid4() for _ in range(count)]
    fiches = [uuid.uuid4() for _ in range(count)]
    now = datetime.datetime.now(datetime.UTC)
    author, members = users[TEACHER], [users["membre1@demo.fichesujet.fr"], users[MEMBER]]
    batches = [
        _rows(
            Commission, 10, lambda n: {"id": commissions[n], "exam_session_id": exam, "number": f"B{n + 2}"}
        ),
        _rows(
            commission_member, 20, lambda n: {"commission_id": commissions[n // 2], "user_id": members[n % 2]}
        ),
        _rows(
            Candidate,
            count,
            lambda n: {
                "id": candidates[n],
                "etablissement_id": school,
                "exam_session_id": exam,
                "nom": f"Banc-{n:04d}",
                "prenom": "Camille",
                "numero": f"B-{n:04d}",
            },
        ),
        _rows(candidate_teacher, count, lambda n: {"candidate_id": candidates[n], "user_id": author}),
        _rows(
            FdapRecord,
            count,
            lambda n: {
                "id": fdaps[n],
                "candidate_id": candidates[n],
                "numero": 1,
                "nature": model_fdap.nature,
                "document": model_fdap.document,
                "warnings": [],
            },
        ),
        _rows(
            Fiche,
            count,
            lambda n: {
                "id": fiches[n],
                "candidate_id": candidates[n],
                "fdap_id": fdaps[n],
                "commission_id": commissions[n % 10],
                "state": STATES[n % len(STATES)],
                "current_version": 2,
                "lock_version": 3,
            },
        ),
        _rows(
            FicheVersion,
            2 * count,
            lambda n: {
                "id": uuid.uuid4(),
                "fiche_id": fiches[n // 2],
                "number": n % 2 + 1,
                "document": model_version.document,
                "author_id": author,
                "created_at": now - datetime.timedelta(hours=n),
            },
        ),
        _rows(
            AuditEvent,
            count,
            lambda n: {
                "id": uuid.uuid4(),
                "actor_id": author,
                "at": now - datetime.timedelta(hours=n),
                "entity": "fiche",
                "entity_id": fiches[n],
                "action": "creer",
                "reason": "banc d'essai",
            },
        ),
    ]
    for model, rows in batches:
        await session.execute(insert(model), rows)
    return fiches
