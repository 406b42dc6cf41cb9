"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 20:00:17.744670

"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

__all__ = ["advanced_alchemy"]


def upgrade() -> None:

    op.create_table(
        "etablissement",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("uai", sa.String(length=20), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_etablissement")),
    )
    op.create_table(
        "exam_session",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("etablissement_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("simulation_minutes", sa.Integer(), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.CheckConstraint("mode IN ('ccf', 'ponctuel')", name=op.f("ck_exam_session_mode")),
        sa.ForeignKeyConstraint(
            ["etablissement_id"],
            ["etablissement.id"],
            name=op.f("fk_exam_session_etablissement_id_etablissement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_session")),
    )
    op.create_table(
        "user_account",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("etablissement_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column(
            "roles",
            sa.JSON()
            .with_variant(postgresql.JSONB(astext_type=sa.Text()), "cockroachdb")
            .with_variant(advanced_alchemy.types.json.ORA_JSONB(), "oracle")
            .with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["etablissement_id"],
            ["etablissement.id"],
            name=op.f("fk_user_account_etablissement_id_etablissement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
        sa.UniqueConstraint("email", name=op.f("uq_user_account_email")),
    )
    op.create_table(
        "audit_event",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("actor_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True),
        sa.Column("at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("entity", sa.String(length=50), nullable=False),
        sa.Column("entity_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("action", sa.String(length=50), nullable=False),
        sa.Column("from_state", sa.String(length=30), nullable=True),
        sa.Column("to_state", sa.String(length=30), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user_account.id"], name=op.f("fk_audit_event_actor_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_event_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_event_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "candidate",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("etablissement_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("exam_session_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("nom", sa.String(length=200), nullable=False),
        sa.Column("prenom", sa.String(length=200), nullable=False),
        sa.Column("numero", sa.String(length=50), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["etablissement_id"],
            ["etablissement.id"],
            name=op.f("fk_candidate_etablissement_id_etablissement"),
        ),
        sa.ForeignKeyConstraint(
            ["exam_session_id"], ["exam_session.id"], name=op.f("fk_candidate_exam_session_id_exam_session")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate")),
    )
    op.create_table(
        "commission",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("exam_session_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("number", sa.String(length=50), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["exam_session_id"], ["exam_session.id"], name=op.f("fk_commission_exam_session_id_exam_session")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commission")),
    )
    op.create_table(
        "candidate_teacher",
        sa.Column("candidate_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("user_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidate.id"],
            name=op.f("fk_candidate_teacher_candidate_id_candidate"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_candidate_teacher_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("candidate_id", "user_id", name=op.f("pk_candidate_teacher")),
    )
    op.create_table(
        "commission_member",
        sa.Column("commission_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("user_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["commission_id"],
            ["commission.id"],
            name=op.f("fk_commission_member_commission_id_commission"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_commission_member_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("commission_id", "user_id", name=op.f("pk_commission_member")),
    )
    op.create_table(
        "fdap",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("candidate_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("numero", sa.Integer(), nullable=False),
        sa.Column("nature", sa.String(length=2), nullable=False),
        sa.Column(
            "document",
            sa.JSON()
            .with_variant(postgresql.JSONB(astext_type=sa.Text()), "cockroachdb")
            .with_variant(advanced_alchemy.types.json.ORA_JSONB(), "oracle")
            .with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "warnings",
            sa.JSON()
            .with_variant(postgresql.JSONB(astext_type=sa.Text()), "cockroachdb")
            .with_variant(advanced_alchemy.types.json.ORA_JSONB(), "oracle")
            .with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.CheckConstraint("nature IN ('NV', 'EC')", name=op.f("ck_fdap_nature")),
        sa.CheckConstraint("numero IN (1, 2)", name=op.f("ck_fdap_numero")),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidate.id"],
            name=op.f("fk_fdap_candidate_id_candidate"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fdap")),
        sa.UniqueConstraint("candidate_id", "numero", name=op.f("uq_fdap_candidate_id")),
    )
    op.create_table(
        "fiche",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("candidate_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("fdap_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("commission_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("state", sa.String(length=30), nullable=False),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.Column("remise_le", sa.Date(), nullable=True),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "state IN ('brouillon', 'soumise', 'modifications_demandees', 'approuvee', 'remise')",
            name=op.f("ck_fiche_state"),
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"], ["candidate.id"], name=op.f("fk_fiche_candidate_id_candidate")
        ),
        sa.ForeignKeyConstraint(
            ["commission_id"], ["commission.id"], name=op.f("fk_fiche_commission_id_commission")
        ),
        sa.ForeignKeyConstraint(["fdap_id"], ["fdap.id"], name=op.f("fk_fiche_fdap_id_fdap")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fiche")),
    )
    op.create_table(
        "generation_job",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("fdap_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("engine", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_by", sa.String(length=200), nullable=True),
        sa.Column("claimed_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column(
            "result",
            sa.JSON()
            .with_variant(postgresql.JSONB(astext_type=sa.Text()), "cockroachdb")
            .with_variant(advanced_alchemy.types.json.ORA_JSONB(), "oracle")
            .with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'done', 'failed')", name=op.f("ck_generation_job_status")
        ),
        sa.ForeignKeyConstraint(
            ["fdap_id"], ["fdap.id"], name=op.f("fk_generation_job_fdap_id_fdap"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_generation_job")),
    )
    with op.batch_alter_table("generation_job", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_generation_job_status"), ["status"], unique=False)

    op.create_table(
        "fiche_version",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("fiche_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column(
            "document",
            sa.JSON()
            .with_variant(postgresql.JSONB(astext_type=sa.Text()), "cockroachdb")
            .with_variant(advanced_alchemy.types.json.ORA_JSONB(), "oracle")
            .with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("author_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("approved_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user_account.id"], name=op.f("fk_fiche_version_author_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["fiche_id"], ["fiche.id"], name=op.f("fk_fiche_version_fiche_id_fiche"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fiche_version")),
        sa.UniqueConstraint("fiche_id", "number", name=op.f("uq_fiche_version_fiche_id")),
    )
    op.create_table(
        "llm_call",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("job_id", advanced_alchemy.types.guid.GUID(length=16), nullable=True),
        sa.Column("at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("prompt", sa.String(length=100), nullable=False),
        sa.Column("prompt_version", sa.String(length=50), nullable=False),
        sa.Column("prompt_hash", sa.String(length=100), nullable=False),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("endpoint", sa.String(length=500), nullable=False),
        sa.Column("output_mode", sa.String(length=20), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("tokens_in", sa.Integer(), nullable=False),
        sa.Column("tokens_out", sa.Integer(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=30), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["generation_job.id"],
            name=op.f("fk_llm_call_job_id_generation_job"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_llm_call")),
    )
    op.create_table(
        "review_decision",
        sa.Column("id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("version_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("member_id", advanced_alchemy.types.guid.GUID(length=16), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "decision IN ('approve', 'request_changes')", name=op.f("ck_review_decision_decision")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["user_account.id"], name=op.f("fk_review_decision_member_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["fiche_version.id"],
            name=op.f("fk_review_decision_version_id_fiche_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_decision")),
    )


def downgrade() -> None:

    op.drop_table("review_decision")
    op.drop_table("llm_call")
    op.drop_table("fiche_version")
    with op.batch_alter_table("generation_job", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_generation_job_status"))

    op.drop_table("generation_job")
    op.drop_table("fiche")
    op.drop_table("fdap")
    op.drop_table("commission_member")
    op.drop_table("candidate_teacher")
    op.drop_table("commission")
    op.drop_table("candidate")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_entity_id"))
        batch_op.drop_index(batch_op.f("ix_audit_event_at"))

    op.drop_table("audit_event")
    op.drop_table("user_account")
    op.drop_table("exam_session")
    op.drop_table("etablissement")
