"""The tables of the review queue: schools, people, candidates, FDAPs, fiches and their versions, audit.

Portable types from advanced-alchemy (GUID, DateTimeUTC, JsonB) so that SQLite and PostgreSQL run the same
schema. No table or column holds a mark, a grid level or an assessment of the candidate: that is the
commission's alone (tests/review/test_schema.py walks the metadata to prove it).
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from advanced_alchemy.base import CommonTableAttributes, create_registry
from advanced_alchemy.mixins import UUIDPrimaryKey
from advanced_alchemy.types import DateTimeUTC, JsonB
from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
    inspect,
    true,
)
from sqlalchemy.ext.asyncio import AsyncAttrs
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from service.domain.fiche_sujet import DEFAULT_SIMULATION_MINUTES
from service.engines.base import DEFAULT_VARIANTS
from service.errors import WorkflowError

ROLES = ("admin", "enseignant", "commission")
MODES = ("ccf", "ponctuel")
STATES = ("brouillon", "soumise", "modifications_demandees", "approuvee", "remise")
DECISIONS = ("approve", "request_changes")
JOB_STATUSES = ("queued", "running", "done", "failed")


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(UUIDPrimaryKey, CommonTableAttributes, DeclarativeBase, AsyncAttrs):
    """Our own registry and metadata (advanced-alchemy's naming convention and type map)."""

    __abstract__ = True
    registry = create_registry()


candidate_teacher = Table(
    "candidate_teacher",
    Base.metadata,
    Column("candidate_id", ForeignKey("candidate.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
)
commission_member = Table(
    "commission_member",
    Base.metadata,
    Column("commission_id", ForeignKey("commission.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
)


class Etablissement(Base):
    __tablename__ = "etablissement"

    name: Mapped[str] = mapped_column(String(200))
    uai: Mapped[str] = mapped_column(String(20), default="")


class User(Base):
    """A person; `roles` is a list among admin, enseignant, commission (one may hold several)."""

    __tablename__ = "user_account"

    etablissement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("etablissement.id"))
    email: Mapped[str] = mapped_column(String(320), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    roles: Mapped[list[str]] = mapped_column(JsonB, default=list)
    # An account that leaves is deactivated, not deleted: its versions and audit events keep their author.
    active: Mapped[bool] = mapped_column(default=True, server_default=true())


class ExamSession(Base):
    __tablename__ = "exam_session"
    __table_args__ = (CheckConstraint(_one_of("mode", MODES), name="mode"),)

    etablissement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("etablissement.id"))
    year: Mapped[int]
    mode: Mapped[str] = mapped_column(String(20))
    simulation_minutes: Mapped[int] = mapped_column(default=DEFAULT_SIMULATION_MINUTES)


class Candidate(Base):
    __tablename__ = "candidate"
    # The school's list by name, a page at a time: read in index order, no sort of every candidate.
    __table_args__ = (Index("ix_candidate_school_name", "etablissement_id", "nom", "prenom", "id"),)

    etablissement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("etablissement.id"))
    exam_session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("exam_session.id"))
    nom: Mapped[str] = mapped_column(String(200))
    prenom: Mapped[str] = mapped_column(String(200))
    numero: Mapped[str] = mapped_column(String(50), default="")
    exam_session: Mapped[ExamSession] = relationship(lazy="joined")
    teachers: Mapped[list[User]] = relationship(secondary=candidate_teacher, lazy="selectin")


class FdapRecord(Base):
    """One FDAP of a candidate (fdap/1 document) with the warnings of the conformity check."""

    __tablename__ = "fdap"
    __table_args__ = (
        UniqueConstraint("candidate_id", "numero"),
        CheckConstraint("numero IN (1, 2)", name="numero"),
        CheckConstraint("nature IN ('NV', 'EC')", name="nature"),
    )

    candidate_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("candidate.id", ondelete="CASCADE"))
    numero: Mapped[int]
    nature: Mapped[str] = mapped_column(String(2))
    document: Mapped[dict[str, Any]]
    warnings: Mapped[list[dict[str, str]]] = mapped_column(JsonB, default=list)


class Commission(Base):
    __tablename__ = "commission"

    exam_session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("exam_session.id"))
    number: Mapped[str] = mapped_column(String(50))
    members: Mapped[list[User]] = relationship(secondary=commission_member, lazy="selectin")


class Fiche(Base):
    """A candidate's fiche sujet; `lock_version` is the optimistic-concurrency counter."""

    __tablename__ = "fiche"
    # The dashboard's lists and progress pick fiches by state (to fix, to review) with their candidate.
    __table_args__ = (
        CheckConstraint(_one_of("state", STATES), name="state"),
        Index("ix_fiche_state", "state", "candidate_id"),
    )

    candidate_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("candidate.id"), index=True)
    fdap_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("fdap.id"), index=True)
    commission_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("commission.id"), index=True)
    state: Mapped[str] = mapped_column(String(30), default="brouillon")
    current_version: Mapped[int] = mapped_column(default=1)
    remise_le: Mapped[datetime.date | None]
    lock_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": lock_version}  # noqa: RUF012


class FicheVersion(Base):
    """One numbered version of a fiche (fiche-sujet/1 document); never changed once approved."""

    __tablename__ = "fiche_version"
    # « Les miennes » and « à corriger » look for the versions a user wrote.
    __table_args__ = (
        UniqueConstraint("fiche_id", "number"),
        Index("ix_fiche_version_author", "author_id", "fiche_id"),
    )

    fiche_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("fiche.id", ondelete="CASCADE"))
    number: Mapped[int]
    document: Mapped[dict[str, Any]]
    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True), default=_now)
    approved_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class ReviewDecision(Base):
    __tablename__ = "review_decision"
    __table_args__ = (CheckConstraint(_one_of("decision", DECISIONS), name="decision"),)

    version_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("fiche_version.id", ondelete="CASCADE"))
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    decision: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True), default=_now)


class FicheComment(Base):
    """A member's or an author's remark on one row (V-2 or V-3) of one version of a fiche."""

    __tablename__ = "fiche_comment"

    version_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("fiche_version.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    row: Mapped[str] = mapped_column(String(60))
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True), default=_now)


class AuditEvent(Base):
    """Append-only trail: who did what to which entity, from which state to which, and why."""

    __tablename__ = "audit_event"
    # A fiche's wait (the latest event on it, dashboard.fiche_since) read from the index alone.
    __table_args__ = (Index("ix_audit_event_entity", "entity_id", "entity", "at"),)

    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True), default=_now, index=True)
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[uuid.UUID]
    action: Mapped[str] = mapped_column(String(50))
    from_state: Mapped[str | None] = mapped_column(String(30))
    to_state: Mapped[str | None] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text, default="")


class GenerationJob(Base):
    """Proposals asked for one FDAP, run by a worker (service.review.jobs); `claimed_by` is the claim token."""

    __tablename__ = "generation_job"
    __table_args__ = (CheckConstraint(_one_of("status", JOB_STATUSES), name="status"),)

    fdap_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("fdap.id", ondelete="CASCADE"))
    # Who asked (None: before migration 0010, or the account deleted): reads the proposals whole, and is bounded.
    requested_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    engine: Mapped[str] = mapped_column(String(20), default="offline")
    variants: Mapped[int] = mapped_column(default=DEFAULT_VARIANTS, server_default=str(DEFAULT_VARIANTS))
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claimed_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    result: Mapped[dict[str, Any] | None]
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True), default=_now)


class LoginFailure(Base):
    """One failed login, kept for the throttle's window: shared by every service process (no mark here)."""

    __tablename__ = "login_failure"

    email: Mapped[str] = mapped_column(String(320), index=True)
    address: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True), default=_now, index=True)


class UserSession(Base):
    """A signed-in browser: the cookie holds a random token, this row only its SHA-256 (a stolen table opens none)."""

    __tablename__ = "user_session"

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True), default=_now)
    last_seen_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True), default=_now)
    ended_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class LlmCall(Base):
    """One language-model call (the fields of service.engines.llm.calllog.Call)."""

    __tablename__ = "llm_call"

    job_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("generation_job.id", ondelete="SET NULL"))
    at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True), default=_now)
    prompt: Mapped[str] = mapped_column(String(100))
    prompt_version: Mapped[str] = mapped_column(String(50))
    prompt_hash: Mapped[str] = mapped_column(String(100))
    model: Mapped[str] = mapped_column(String(200))
    endpoint: Mapped[str] = mapped_column(String(500))
    output_mode: Mapped[str] = mapped_column(String(20))
    attempt: Mapped[int]
    tokens_in: Mapped[int]
    tokens_out: Mapped[int]
    duration_ms: Mapped[int]
    outcome: Mapped[str] = mapped_column(String(30))
    detail: Mapped[str] = mapped_column(Text, default="")


@event.listens_for(FicheVersion, "before_update")
def _approved_version_is_immutable(_mapper: Any, _connection: Any, target: FicheVersion) -> None:
    """An approved version never changes: editing it means a new version (service.review.service)."""
    history = inspect(target).attrs.approved_at.history
    before = [*history.deleted, *history.unchanged]
    if before and before[0] is not None:
        raise WorkflowError(f"la version {target.number} est approuvée : elle ne peut plus être modifiée")


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _audit_is_append_only(_mapper: Any, _connection: Any, _target: AuditEvent) -> None:
    raise WorkflowError("le journal d'audit ne se modifie pas : on n'y fait qu'ajouter")
