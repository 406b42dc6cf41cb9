"""Administration pages for the school's candidates: the paginated list, one by one, or a class list (CSV).

The same services as the JSON routes (service.review.roster, admin); an import is all or nothing.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.datastructures import FormMultiDict, UploadFile
from litestar.di import Provide
from litestar.params import PathParameter, QueryParameter
from litestar.response import Template

from service.db.models import Candidate, User
from service.errors import InputError, WorkflowError
from service.review import admin, roster
from service.review.class_list import FORMAT_HELP
from service.settings import Settings
from service.web.pages.admin_forms import (
    DONE,
    done,
    exams,
    ids,
    one,
    optional_id,
    people,
    provide_admin,
    read_form,
    refused,
    render,
)
from service.web.pages.common import Db, Me

Id = Annotated[uuid.UUID, PathParameter()]
PageNumber = Annotated[int, QueryParameter(ge=1, le=100_000, required=False)]
Done = Annotated[str, QueryParameter(required=False)]
SHOWN_AFTER_IMPORT = 100


async def _choices(db_session: Db, me: User) -> dict[str, Any]:
    """What the candidate forms offer: the exam sessions, the school's teachers."""
    accounts = await admin.list_accounts(db_session, me)
    sessions = await admin.list_exam_sessions(db_session, me)
    teachers = people(admin.holders(accounts, "enseignant"))
    return {"user": me, "exam_choices": exams(sessions), "teacher_choices": teachers}


async def _listing(db_session: Db, me: User, number: int, fait: str = "") -> dict[str, Any]:
    listing = await admin.candidate_page(db_session, me, number)
    return await _choices(db_session, me) | {"listing": listing, "done": DONE.get(fait, "")}


def _values(form: FormMultiDict | None, candidate: Candidate | None = None) -> dict[str, Any]:
    """What a candidate form shows: what was typed, else the candidate as saved, else nothing."""
    if form is not None or candidate is None:
        typed = form or FormMultiDict()
        names = ("nom", "prenom", "numero", "session_id")
        return {name: one(typed, name) for name in names} | {"enseignants": typed.getall("enseignants", [])}
    return {
        "nom": candidate.nom,
        "prenom": candidate.prenom,
        "numero": candidate.numero,
        "session_id": str(candidate.exam_session_id),
        "enseignants": [str(t.id) for t in candidate.teachers],
    }


def _file_error(error: InputError) -> dict[str, str]:
    """A refusal of the whole file (encoding, columns, quotes) is said next to the file field."""
    if error.field in ("fichier", "session_id"):
        return {error.field: error.message}
    return {"fichier": f"{error.field} : {error.message}" if error.field else error.message}


def _fields(form: FormMultiDict) -> tuple[str, str, str, list[uuid.UUID], uuid.UUID | None]:
    return (
        one(form, "nom"),
        one(form, "prenom"),
        one(form, "numero"),
        ids(form, "enseignants"),
        optional_id(form, "session_id"),
    )


async def _upload(request: Request[Any, Any, Any]) -> tuple[bytes, uuid.UUID | None]:
    """The class list's bytes and the exam session chosen; an InputError next to the file field otherwise."""
    form = await read_form(request)
    upload = form.get("fichier")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InputError("formulaire", "fichier", "choisissez la liste de classe (fichier .csv)")
    return await upload.read(), optional_id(form, "session_id")


class AdminCandidatePages(Controller):
    path = "/admin"
    include_in_schema = False
    dependencies = {"user": Provide(provide_admin)}  # noqa: RUF012

    @get("/candidats", name="pages:admin-candidats")
    async def candidates(self, user: Me, db_session: Db, page: PageNumber = 1, fait: Done = "") -> Template:
        """The school's candidates, a page at a time, and the form that enrols one."""
        context = await _listing(db_session, user, page, fait)
        return render("candidats.html", context | {"values": _values(None)})

    @post("/candidats", name="pages:admin-candidat-creer")
    async def create_candidate(self, request: Request[Any, Any, Any], user: Me, db_session: Db) -> Any:
        form = await read_form(request)
        try:
            await roster.create_candidate(db_session, user, *_fields(form))
        except InputError as error:
            errors = await refused(db_session, user, error)
            return render(
                "candidats.html", await _listing(db_session, user, 1) | {"values": _values(form)}, errors
            )
        return done("/admin/candidats", "candidat-cree")

    @get("/candidats/{candidate_id:uuid}", name="pages:admin-candidat")
    async def candidate(self, candidate_id: Id, user: Me, db_session: Db) -> Template:
        """One candidate's form: name, number, teachers, exam session."""
        found = await roster.school_candidate(db_session, user, candidate_id)
        context = await _choices(db_session, user) | {"candidate": found, "values": _values(None, found)}
        return render("candidat.html", context)

    @post("/candidats/{candidate_id:uuid}", name="pages:admin-candidat-modifier")
    async def edit_candidate(
        self, candidate_id: Id, request: Request[Any, Any, Any], user: Me, db_session: Db
    ) -> Any:
        form = await read_form(request)
        try:
            await roster.edit_candidate(db_session, user, candidate_id, *_fields(form))
        except (InputError, WorkflowError) as error:
            errors = await refused(db_session, user, error)
            found = await roster.school_candidate(db_session, user, candidate_id)
            context = await _choices(db_session, user) | {"candidate": found, "values": _values(form)}
            return render("candidat.html", context, errors)
        return done("/admin/candidats", "candidat-modifie")

    @get("/import", name="pages:admin-import")
    async def import_form(self, user: Me, db_session: Db) -> Template:
        """The class list's upload form, with the format expected."""
        context = await _choices(db_session, user) | {"format_help": FORMAT_HELP, "lines": []}
        return render("import.html", context | {"imported": None})

    @post("/import", name="pages:admin-import-envoi")
    async def import_list(self, request: Request[Any, Any, Any], user: Me, db_session: Db) -> Template:
        """Imports the whole list, or shows every faulty line and imports nothing."""
        settings: Settings = request.app.state.settings
        context: dict[str, Any] = {"format_help": FORMAT_HELP, "lines": [], "imported": None}
        try:
            data, exam_id = await _upload(request)
            made = await roster.import_candidates(db_session, user, data, exam_id, settings.max_input_bytes)
        except roster.ClassListRefused as refusal:
            await refused(db_session, user, refusal)
            context["lines"] = refusal.lines
            return render("import.html", await _choices(db_session, user) | context, {"lignes": "refus"})
        except InputError as error:
            await refused(db_session, user, error)
            return render("import.html", await _choices(db_session, user) | context, _file_error(error))
        context["imported"] = {"count": len(made), "shown": made[:SHOWN_AFTER_IMPORT]}
        return render("import.html", await _choices(db_session, user) | context)
