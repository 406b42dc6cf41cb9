"""Administration pages (admin role only): the school's accounts, exam sessions and commissions.

Every change goes through service.review.admin, the same services as the JSON admin routes.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.datastructures import FormMultiDict
from litestar.di import Provide
from litestar.params import PathParameter, QueryParameter
from litestar.response import Redirect, Template

from service.db.models import User
from service.errors import InputError
from service.review import access, admin
from service.web.pages.admin_forms import (
    DONE,
    ROLE_CHOICES,
    done,
    exam_label,
    exams,
    ids,
    number,
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
Done = Annotated[str, QueryParameter(required=False)]


async def _accounts(db_session: Db, me: User, fait: str = "") -> dict[str, Any]:
    accounts = await admin.list_accounts(db_session, me)
    return {"user": me, "accounts": accounts, "roles": ROLE_CHOICES, "done": DONE.get(fait, "")}


async def _commissions(db_session: Db, me: User, fait: str = "") -> dict[str, Any]:
    accounts = await admin.list_accounts(db_session, me)
    sessions = await admin.list_exam_sessions(db_session, me)
    return {
        "user": me,
        "commissions": await access.commissions_for(db_session, me),
        "member_choices": people(admin.holders(accounts, "commission")),
        "exam_choices": exams(sessions),
        "exam_labels": {e.id: exam_label(e) for e in sessions},
        "done": DONE.get(fait, ""),
    }


class AdminPages(Controller):
    path = "/admin"
    include_in_schema = False
    dependencies = {"user": Provide(provide_admin)}  # noqa: RUF012

    @get("/", name="pages:admin")
    async def home(self, user: Me) -> Redirect:
        return Redirect("/admin/enseignants", status_code=303)

    @get("/enseignants", name="pages:admin-enseignants")
    async def accounts(self, user: Me, db_session: Db, fait: Done = "") -> Template:
        """The school's accounts, and the form that creates one."""
        return render("enseignants.html", await _accounts(db_session, user, fait) | {"form": FormMultiDict()})

    @post("/enseignants", name="pages:admin-enseignant-creer")
    async def create_account(self, request: Request[Any, Any, Any], user: Me, db_session: Db) -> Any:
        form = await read_form(request)
        try:
            roles = form.getall("roles", [])
            await admin.create_account(
                db_session, user, one(form, "email"), one(form, "nom"), roles, one(form, "mot_de_passe")
            )
        except InputError as error:
            errors = await refused(db_session, user, error)
            return render("enseignants.html", await _accounts(db_session, user) | {"form": form}, errors)
        return done("/admin/enseignants", "compte-cree")

    @get("/enseignants/{user_id:uuid}", name="pages:admin-enseignant")
    async def account(self, user_id: Id, user: Me, db_session: Db) -> Template:
        """One account's form: name, e-mail, roles, a new password, active or not."""
        account = await admin.school_user(db_session, user, user_id)
        return render(
            "enseignant.html", {"user": user, "account": account, "roles": ROLE_CHOICES, "form": None}
        )

    @post("/enseignants/{user_id:uuid}", name="pages:admin-enseignant-modifier")
    async def edit_account(
        self, user_id: Id, request: Request[Any, Any, Any], user: Me, db_session: Db
    ) -> Any:
        form = await read_form(request)
        account = await admin.school_user(db_session, user, user_id)
        wanted = one(form, "actif") == "oui"
        try:
            await admin.edit_account(
                db_session,
                user,
                user_id,
                one(form, "email"),
                one(form, "nom"),
                form.getall("roles", []),
                one(form, "mot_de_passe") or None,
                wanted if wanted != account.active else None,
            )
        except InputError as error:
            errors = await refused(db_session, user, error)
            account = await admin.school_user(db_session, user, user_id)
            context = {"user": user, "account": account, "roles": ROLE_CHOICES, "form": form}
            return render("enseignant.html", context, errors)
        return done("/admin/enseignants", "compte-modifie")

    @get("/sessions", name="pages:admin-sessions")
    async def exam_sessions(self, user: Me, db_session: Db, fait: Done = "") -> Template:
        """The school's exam sessions, and the form that opens one."""
        labels = [(exam_label(e), e.id) for e in await admin.list_exam_sessions(db_session, user)]
        context = {"user": user, "exams": labels, "form": FormMultiDict()}
        return render("sessions.html", context | {"done": DONE.get(fait, "")})

    @post("/sessions", name="pages:admin-session-creer")
    async def create_exam_session(self, request: Request[Any, Any, Any], user: Me, db_session: Db) -> Any:
        form = await read_form(request)
        try:
            year = number(form, "annee", "année")
            minutes = number(form, "duree_simulation_min", "durée de la simulation")
            await admin.create_exam_session(db_session, user, year, one(form, "mode"), minutes)
        except InputError as error:
            errors = await refused(db_session, user, error)
            labels = [(exam_label(e), e.id) for e in await admin.list_exam_sessions(db_session, user)]
            context = {"user": user, "exams": labels, "form": form}
            return render("sessions.html", context, errors)
        return done("/admin/sessions", "session-creee")

    @get("/commissions", name="pages:admin-commissions")
    async def commissions(self, user: Me, db_session: Db, fait: Done = "") -> Template:
        """The school's commissions with their members, and the form that creates one."""
        return render(
            "commissions.html", await _commissions(db_session, user, fait) | {"form": FormMultiDict()}
        )

    @post("/commissions", name="pages:admin-commission-creer")
    async def create_commission(self, request: Request[Any, Any, Any], user: Me, db_session: Db) -> Any:
        form = await read_form(request)
        try:
            members = ids(form, "membres")
            exam_id = optional_id(form, "session_id")
            await admin.create_commission(db_session, user, one(form, "numero"), members, exam_id)
        except InputError as error:
            errors = await refused(db_session, user, error)
            return render("commissions.html", await _commissions(db_session, user) | {"form": form}, errors)
        return done("/admin/commissions", "commission-creee")

    @get("/commissions/{commission_id:uuid}", name="pages:admin-commission")
    async def commission(self, commission_id: Id, user: Me, db_session: Db) -> Template:
        """One commission's form: its number and its members."""
        found = await admin.school_commission(db_session, user, commission_id)
        context = await _commissions(db_session, user)
        return render("commission.html", context | {"commission": found, "form": None})

    @post("/commissions/{commission_id:uuid}", name="pages:admin-commission-modifier")
    async def edit_commission(
        self, commission_id: Id, request: Request[Any, Any, Any], user: Me, db_session: Db
    ) -> Any:
        form = await read_form(request)
        try:
            members = ids(form, "membres")
            await admin.edit_commission(db_session, user, commission_id, one(form, "numero"), members)
        except InputError as error:
            errors = await refused(db_session, user, error)
            found = await admin.school_commission(db_session, user, commission_id)
            context = await _commissions(db_session, user) | {"commission": found, "form": form}
            return render("commission.html", context, errors)
        return done("/admin/commissions", "commission-modifiee")
