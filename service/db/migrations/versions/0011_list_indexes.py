"""Indexes for the lists with 2,000 sheets: candidates by school and name, fiches by state, FDAP and
commission, versions by author, audit events by entity with their time

Plans before (EXPLAIN QUERY PLAN, SQLite, 2,000 fiches): GET /api/candidats scanned the candidate table and
sorted it; « à corriger » and « à relire » scanned every fiche; « les miennes » scanned fiche_version; each
line's wait read the audit rows of its fiche. After: a search on each index, the candidate page read in
index order, the wait read from the index alone. ix_audit_event_entity replaces ix_audit_event_entity_id
(its first column).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 14:10:00

"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = [
    ("ix_candidate_school_name", "candidate", ["etablissement_id", "nom", "prenom", "id"]),
    ("ix_fiche_state", "fiche", ["state", "candidate_id"]),
    ("ix_fiche_fdap_id", "fiche", ["fdap_id"]),
    ("ix_fiche_commission_id", "fiche", ["commission_id"]),
    ("ix_fiche_version_author", "fiche_version", ["author_id", "fiche_id"]),
    ("ix_audit_event_entity", "audit_event", ["entity_id", "entity", "at"]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    op.drop_index("ix_audit_event_entity_id", table_name="audit_event")


def downgrade() -> None:
    op.create_index("ix_audit_event_entity_id", "audit_event", ["entity_id"])
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
