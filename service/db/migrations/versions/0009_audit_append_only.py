"""audit_event: append-only in the database itself (triggers refuse UPDATE and DELETE, on SQLite and PostgreSQL)

The ORM hook in service/db/models.py only sees ORM objects; a bulk `update()`, `delete()` or raw SQL went
past it. The triggers refuse every change, whoever sends it.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 10:30:00

"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MESSAGE = "journal d''audit : ajout seulement, ni modification ni suppression"

SQLITE_UP = [
    f"CREATE TRIGGER audit_event_no_{verb} BEFORE {verb.upper()} ON audit_event "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    for verb in ("update", "delete")
]
SQLITE_DOWN = [f"DROP TRIGGER IF EXISTS audit_event_no_{verb}" for verb in ("update", "delete")]
POSTGRESQL_UP = [
    "CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$",
    "CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
    "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()",
]
POSTGRESQL_DOWN = [
    "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event",
    "DROP TRIGGER IF EXISTS audit_event_no_change ON audit_event",
    "DROP FUNCTION IF EXISTS audit_event_append_only()",
]


def _run(sqlite: list[str], postgresql: list[str]) -> None:
    for statement in postgresql if op.get_bind().dialect.name == "postgresql" else sqlite:
        op.execute(statement)


def upgrade() -> None:
    _run(SQLITE_UP, POSTGRESQL_UP)


def downgrade() -> None:
    _run(SQLITE_DOWN, POSTGRESQL_DOWN)
