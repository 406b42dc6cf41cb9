"""generation job: number of variants asked

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 20:10:00

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("generation_job", schema=None) as batch_op:
        batch_op.add_column(sa.Column("variants", sa.Integer(), nullable=False, server_default="3"))


def downgrade() -> None:
    with op.batch_alter_table("generation_job", schema=None) as batch_op:
        batch_op.drop_column("variants")
