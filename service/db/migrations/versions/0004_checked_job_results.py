"""generation job: each stored proposal with the findings of the rules

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 07:40:00

Jobs used to store their proposals bare ({"propositions": [fiche-sujet/1, …]}); the generation path now
stores each one checked ({"fiche", "constats", "valide"}). The results stored before are checked here, by
the same rules, so that no job written earlier becomes unreadable.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec
import sqlalchemy as sa
from advanced_alchemy.types import JsonB
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STORED = sa.text(
    "SELECT generation_job.id, generation_job.result, fdap.document, exam_session.simulation_minutes "
    "FROM generation_job JOIN fdap ON fdap.id = generation_job.fdap_id "
    "JOIN candidate ON candidate.id = fdap.candidate_id "
    "JOIN exam_session ON exam_session.id = candidate.exam_session_id "
    "WHERE generation_job.result IS NOT NULL"
).columns(sa.column("id"), sa.column("result", JsonB), sa.column("document", JsonB), sa.column("minutes"))
_SAVE = sa.text("UPDATE generation_job SET result = :result WHERE id = :id").bindparams(
    sa.bindparam("result", type_=JsonB)
)


def _checked(result: dict[str, Any], document: dict[str, Any], minutes: int) -> dict[str, Any]:
    from service.domain.fdap import Fdap
    from service.domain.fiche_sujet import FicheSujet
    from service.generation import checked

    fiches = [msgspec.convert(p, FicheSujet) for p in result.get("propositions", [])]
    proposals = checked(fiches, msgspec.convert(document, Fdap), minutes)
    return {**result, "propositions": msgspec.to_builtins(proposals), "appels": []}


def upgrade() -> None:
    connection = op.get_bind()
    for row in connection.execute(_STORED).all():
        stored = row.result.get("propositions", [])
        if all(isinstance(p, dict) and "fiche" in p for p in stored) and "appels" in row.result:
            continue
        connection.execute(_SAVE, {"id": row.id, "result": _checked(row.result, row.document, row.minutes)})


def downgrade() -> None:
    connection = op.get_bind()
    for row in connection.execute(_STORED).all():
        bare = [p["fiche"] for p in row.result.get("propositions", [])]
        kept = {k: v for k, v in row.result.items() if k != "appels"}
        connection.execute(_SAVE, {"id": row.id, "result": {**kept, "propositions": bare}})
