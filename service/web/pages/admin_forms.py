"""What the administration pages share: the admin of the session, reading a form, saying what went wrong."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from litestar import Request
from litestar.datastructures import FormMultiDict
from litestar.enums import MediaType
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import ExamSession, User
from service.errors import FicheSujetError, InputError
from service.review import access
from service.web.pages.common import Db, provide_page_user

# What a redirect after a change says on the next page (?fait=…): fixed words, nothing taken from the URL.
DONE = {
    "compte-cree": "Le compte est créé.",
    "compte-modifie": "Le compte est modifié.",
    "session-creee": "La session d'examen est ouverte.",
    "session-purgee": "La session d'examen est purgée : ses candidats et leurs fiches sont supprimés.",
    "commission-creee": "La commission est créée.",
    "commission-modifiee": "La commission est modifiée.",
    "candidat-cree": "Le candidat est inscrit.",
    "candidat-modifie": "Le candidat est modifié.",
}

# The roles a form offers, in words (service.db.models.ROLES, in the same order).
ROLE_CHOICES = [
    ("admin", "admin : comptes, commissions et candidats de l'établissement"),
    ("enseignant", "enseignant : écrit les fiches sujets"),
    ("commission", "commission : relit et approuve les fiches"),
]


def people(users: Sequence[User]) -> list[tuple[str, str]]:
    """Accounts as (value, label) choices of a form."""
    return [(str(u.id), u.display_name) for u in users]


def exam_label(exam: ExamSession) -> str:
    form = "CCF" if exam.mode == "ccf" else "ponctuelle"
    return f"{exam.year}, épreuve {form} (simulation de {exam.simulation_minutes} min)"


def exams(sessions: Sequence[ExamSession]) -> list[tuple[str, str]]:
    return [(str(e.id), exam_label(e)) for e in sessions]


async def provide_admin(request: Request[Any, Any, Any], db_session: Db) -> User:
    """The signed-in user if they hold the admin role; otherwise 403 in French (401 without a session)."""
    user = await provide_page_user(request, db_session)
    access.require_role(user, "admin")
    return user


async def read_form(request: Request[Any, Any, Any]) -> FormMultiDict:
    return await request.form()


def one(form: FormMultiDict, name: str) -> str:
    value = form.get(name, "")
    return value if isinstance(value, str) else ""


def ids(form: FormMultiDict, name: str) -> list[uuid.UUID]:
    """The ids ticked in a group of boxes; a forged value is an InputError naming the field."""
    try:
        return [uuid.UUID(value) for value in form.getall(name, []) if isinstance(value, str)]
    except ValueError:
        raise InputError("formulaire", name, "choix inconnu : rechargez la page") from None


def optional_id(form: FormMultiDict, name: str) -> uuid.UUID | None:
    return ids(form, name)[0] if one(form, name) else None


def number(form: FormMultiDict, name: str, label: str) -> int:
    try:
        return int(one(form, name).strip())
    except ValueError:
        raise InputError("formulaire", name, f"{label} : un nombre entier est attendu") from None


async def refused(db_session: AsyncSession, me: User, error: FicheSujetError) -> dict[str, str]:
    """The error next to its field (the whole form when it names none), and nothing of the attempt kept."""
    await db_session.rollback()
    await db_session.refresh(me)
    if isinstance(error, InputError):
        return {error.field or "formulaire": error.message}
    return {"formulaire": str(error)}


def done(where: str, what: str) -> Redirect:
    """Back to the list after a change (post/redirect/get), saying what was done."""
    return Redirect(f"{where}?fait={what}", status_code=303)


def render(name: str, context: dict[str, Any], errors: dict[str, str] | None = None) -> Template:
    """An administration page; with errors, a 400 that keeps what was typed."""
    status = 400 if errors else 200
    context = context | {"errors": errors or {}}
    return Template(f"admin/{name}", context=context, status_code=status, media_type=MediaType.HTML)
