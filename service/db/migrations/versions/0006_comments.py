"""fiche_comment: a remark on one row of one version of a fiche, by a member or an author

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 08:10:00

"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "fiche_comment",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("version_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("author_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("row", sa.String(length=60), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user_account.id"], name=op.f("fk_fiche_comment_author_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["fiche_version.id"],
            name=op.f("fk_fiche_comment_version_id_fiche_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fiche_comment")),
    )
    with op.batch_alter_table("fiche_comment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fiche_comment_version_id"), ["version_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("fiche_comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fiche_comment_version_id"))
    op.drop_table("fiche_comment")
