"""A school's administration by its admins: accounts, exam sessions and commissions, never across schools.

Every change is audited; a bad value is an InputError naming the field, before anything is written.
"""

from __future__ import annotations

import datetime
import math
import re
import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import ROLES, AuditEvent, Candidate, Commission, Etablissement, ExamSession, User
from service.errors import InputError, NotFoundError
from service.review import logins
from service.review.access import require_role
from service.review.class_list import cell_problem
from service.review.dashboard import PAGE_SIZE, Page
from service.review.passwords import new_hash

SOURCE = "requête"

EXAM_MODES = ("ccf", "ponctuel")
MIN_PASSWORD = 12  # OWASP ASVS 2.1.1
MAX_PASSWORD = 128  # ASVS 2.1.2: 64 and more accepted, never truncated; beyond 128 refused
EMAIL = re.compile(r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+$")


def text(field: str, value: str, label: str, limit: int) -> str:
    """`value` trimmed, or an InputError naming `field` (empty, too long, control character, formula)."""
    value = value.strip()
    problem = cell_problem(value, label, limit)
    if problem:
        raise InputError(SOURCE, field, problem)
    return value


def audit(
    session: AsyncSession, actor: User, entity: str, entity_id: uuid.UUID, action: str, why: str
) -> None:
    session.add(
        AuditEvent(
            actor_id=actor.id,
            at=datetime.datetime.now(datetime.UTC),
            entity=entity,
            entity_id=entity_id,
            action=action,
            from_state=None,
            to_state=None,
            reason=why[:500],
        )
    )


async def list_accounts(session: AsyncSession, admin: User) -> list[User]:
    require_role(admin, "admin")
    rows = await session.scalars(
        select(User).where(User.etablissement_id == admin.etablissement_id).order_by(User.display_name)
    )
    return list(rows)


async def school_user(session: AsyncSession, admin: User, user_id: uuid.UUID, label: str = "compte") -> User:
    """A user of the admin's school; another school's is as unknown as a missing one."""
    user = await session.get(User, user_id)
    if user is None or user.etablissement_id != admin.etablissement_id:
        raise NotFoundError(f"{label} introuvable")
    return user


async def _email(session: AsyncSession, raw: str, user_id: uuid.UUID | None) -> str:
    email = raw.strip().lower()
    if len(email) > 320 or not EMAIL.match(email):
        raise InputError(SOURCE, "email", f"adresse électronique invalide : « {raw[:80]} »")
    taken = await session.scalar(select(User.id).where(User.email == email, User.id != user_id).limit(1))
    if taken is not None:
        raise InputError(SOURCE, "email", f"l'adresse {email} est déjà celle d'un autre compte")
    return email


def _roles(roles: Sequence[str]) -> list[str]:
    if not roles:
        raise InputError(SOURCE, "roles", f"au moins un rôle parmi {', '.join(ROLES)}")
    return [role for role in ROLES if role in roles]


async def _password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InputError(
            SOURCE, "mot_de_passe", f"mot de passe trop court ({MIN_PASSWORD} caractères au moins)"
        )
    if len(password) > MAX_PASSWORD:
        raise InputError(
            SOURCE, "mot_de_passe", f"mot de passe trop long ({MAX_PASSWORD} caractères au plus)"
        )
    return await new_hash(password)


async def create_account(
    session: AsyncSession, admin: User, email: str, name: str, roles: Sequence[str], password: str
) -> User:
    """A new account of the admin's school, with its first password."""
    require_role(admin, "admin")
    user = User(
        etablissement_id=admin.etablissement_id,
        email=await _email(session, email, None),
        display_name=text("nom", name, "nom", 200),
        roles=_roles(roles),
        password_hash=await _password(password),
    )
    session.add(user)
    await session.flush()
    audit(session, admin, "compte", user.id, "creer", f"{user.display_name} ({', '.join(user.roles)})")
    await session.flush()
    return user


async def edit_account(
    session: AsyncSession,
    admin: User,
    user_id: uuid.UUID,
    email: str,
    name: str,
    roles: Sequence[str],
    password: str | None,
    active: bool | None = None,
) -> User:
    """Change an account, or deactivate it (`active`): an admin cannot lock themselves out of the school."""
    require_role(admin, "admin")
    user = await school_user(session, admin, user_id)
    new_roles = _roles(roles)
    if user.id == admin.id and "admin" not in new_roles:
        raise InputError(SOURCE, "roles", "vous ne pouvez pas retirer votre propre rôle admin")
    if user.id == admin.id and active is False:
        raise InputError(SOURCE, "actif", "vous ne pouvez pas désactiver votre propre compte")
    if active is not None:
        user.active = active
    if password is not None or active is False:  # whoever held the old password or the account is out
        await logins.end_all(session, user.id)
    user.email = await _email(session, email, user.id)
    user.display_name = text("nom", name, "nom", 200)
    user.roles = new_roles
    if password is not None:
        user.password_hash = await _password(password)
    why = f"{user.display_name} ({', '.join(user.roles)})" + (" ; nouveau mot de passe" if password else "")
    action = {True: "reactiver", False: "desactiver", None: "modifier"}[active]
    audit(session, admin, "compte", user.id, action, why)
    await session.flush()
    return user


async def list_exam_sessions(session: AsyncSession, user: User) -> list[ExamSession]:
    rows = await session.scalars(
        select(ExamSession)
        .where(ExamSession.etablissement_id == user.etablissement_id)
        .order_by(ExamSession.year.desc(), ExamSession.mode)
    )
    return list(rows)


async def create_exam_session(
    session: AsyncSession, admin: User, year: int, mode: str, minutes: int
) -> ExamSession:
    require_role(admin, "admin")
    if mode not in EXAM_MODES:
        raise InputError(SOURCE, "mode", f"mode « {mode[:20]} » inconnu : {' ou '.join(EXAM_MODES)}")
    if not 2000 <= year <= 2100:
        raise InputError(SOURCE, "annee", f"année {year} invalide (entre 2000 et 2100)")
    if not 5 <= minutes <= 120:
        raise InputError(SOURCE, "duree_simulation_min", "durée de simulation entre 5 et 120 minutes")
    exam = ExamSession(
        etablissement_id=admin.etablissement_id, year=year, mode=mode, simulation_minutes=minutes
    )
    session.add(exam)
    await session.flush()
    audit(session, admin, "session_examen", exam.id, "creer", f"session {year} ({mode})")
    return exam


async def exam_session(session: AsyncSession, user: User, session_id: uuid.UUID | None) -> ExamSession:
    """The exam session named, or the school's only one when none is named."""
    if session_id is not None:
        exam = await session.get(ExamSession, session_id)
        if exam is None or exam.etablissement_id != user.etablissement_id:
            raise NotFoundError("session d'examen introuvable")
        return exam
    exams = await list_exam_sessions(session, user)
    if len(exams) != 1:
        why = "aucune session d'examen : créez-en une d'abord" if not exams else "plusieurs sessions d'examen"
        raise InputError(SOURCE, "session_id", f"{why} (précisez session_id, voir GET /api/sessions-examen)")
    return exams[0]


async def _members(session: AsyncSession, admin: User, ids: Sequence[uuid.UUID]) -> list[User]:
    """The members named: accounts of the school that hold the commission role."""
    members = []
    for user_id in dict.fromkeys(ids):
        user = await session.get(User, user_id)
        if user is None or user.etablissement_id != admin.etablissement_id:
            raise InputError(SOURCE, "membres", f"compte introuvable ({user_id})")
        if "commission" not in user.roles:
            raise InputError(SOURCE, "membres", f"{user.display_name} n'a pas le rôle commission")
        members.append(user)
    return members


async def _free_number(session: AsyncSession, exam_id: uuid.UUID, number: str, own: uuid.UUID | None) -> None:
    taken = await session.scalar(
        select(func.count())
        .select_from(Commission)
        .where(Commission.exam_session_id == exam_id, Commission.number == number, Commission.id != own)
    )
    if taken:
        raise InputError(SOURCE, "numero", f"la commission n° {number} existe déjà dans cette session")


async def create_commission(
    session: AsyncSession,
    admin: User,
    number: str,
    member_ids: Sequence[uuid.UUID],
    session_id: uuid.UUID | None,
) -> Commission:
    require_role(admin, "admin")
    number = text("numero", number, "numéro de commission", 50)
    exam = await exam_session(session, admin, session_id)
    await _free_number(session, exam.id, number, None)
    commission = Commission(
        exam_session_id=exam.id, number=number, members=await _members(session, admin, member_ids)
    )
    session.add(commission)
    await session.flush()
    audit(session, admin, "commission", commission.id, "creer", f"commission n° {number}")
    return commission


async def school_commission(session: AsyncSession, user: User, commission_id: uuid.UUID) -> Commission:
    commission = await session.get(Commission, commission_id)
    exam = await session.get(ExamSession, commission.exam_session_id) if commission else None
    if commission is None or exam is None or exam.etablissement_id != user.etablissement_id:
        raise NotFoundError("commission introuvable")
    return commission


async def edit_commission(
    session: AsyncSession, admin: User, commission_id: uuid.UUID, number: str, member_ids: Sequence[uuid.UUID]
) -> Commission:
    """Rename a commission or change its members (its fiches stay with it)."""
    require_role(admin, "admin")
    commission = await school_commission(session, admin, commission_id)
    number = text("numero", number, "numéro de commission", 50)
    await _free_number(session, commission.exam_session_id, number, commission.id)
    commission.number = number
    commission.members = await _members(session, admin, member_ids)
    names = ", ".join(m.display_name for m in commission.members)
    audit(session, admin, "commission", commission.id, "modifier", f"commission n° {number} : {names}")
    await session.flush()
    return commission


CandidateList = Page[Candidate]


async def candidate_page(session: AsyncSession, admin: User, number: int) -> CandidateList:
    """The school's candidates by name, a page at a time (a page past the end shows the last one)."""
    require_role(admin, "admin")
    school = Candidate.etablissement_id == admin.etablissement_id
    total = await session.scalar(select(func.count()).select_from(Candidate).where(school)) or 0
    number = min(number, max(1, math.ceil(total / PAGE_SIZE)))
    rows = await session.scalars(
        select(Candidate)
        .where(school)
        .order_by(Candidate.nom, Candidate.prenom, Candidate.numero)
        .offset((number - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    )
    return CandidateList(list(rows), number, total)


def holders(accounts: Sequence[User], role: str) -> list[User]:
    """The active accounts holding `role`: whom a form may offer as members or as a candidate's teachers."""
    return [account for account in accounts if account.active and role in account.roles]


async def create_school(
    session: AsyncSession, name: str, uai: str, email: str, admin_name: str, password: str
) -> User:
    """A new school and its first admin, who then creates everything else from the pages."""
    school = Etablissement(
        name=text("nom", name, "nom de l'établissement", 200), uai=uai.strip().upper()[:20]
    )
    admin = User(
        email=await _email(session, email, None),
        display_name=text("nom_admin", admin_name, "nom de l'administrateur", 200),
        roles=["admin"],
        password_hash=await _password(password),
    )
    session.add(school)
    await session.flush()
    admin.etablissement_id = school.id
    session.add(admin)
    await session.flush()
    audit(
        session, admin, "etablissement", school.id, "creer", f"{school.name} : premier compte admin {email}"
    )
    await session.flush()
    return admin
