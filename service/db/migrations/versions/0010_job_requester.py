"""generation_job.requested_by: who asked for the proposals, who may read them whole and whose pending jobs are bounded

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 11:45:00

"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("generation_job", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("requested_by", advanced_alchemy.types.guid.GUID(length=16), nullable=True)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_generation_job_requested_by_user_account"),
            "user_account",
            ["requested_by"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(batch_op.f("ix_generation_job_requested_by"), ["requested_by"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("generation_job", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_generation_job_requested_by"))
        batch_op.drop_constraint(
            batch_op.f("fk_generation_job_requested_by_user_account"), type_="foreignkey"
        )
        batch_op.drop_column("requested_by")
