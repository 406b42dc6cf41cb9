"""The admin's purge of an exam session after its results: a page that says what goes, then asks to confirm.

The same service as the JSON route and the command line (service.review.purge).
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.params import PathParameter
from litestar.response import Template

from service.db.models import User
from service.errors import InputError, WorkflowError
from service.render.documents import cache_for
from service.review import admin, purge
from service.web.pages.admin_forms import done, exam_label, one, provide_admin, read_form, refused, render
from service.web.pages.common import Db, Me

Id = Annotated[uuid.UUID, PathParameter()]


async def _context(db_session: Db, me: User, session_id: uuid.UUID) -> dict[str, Any]:
    exam = await admin.exam_session(db_session, me, session_id)
    return {
        "user": me,
        "exam_id": exam.id,
        "label": exam_label(exam),
        "opens": purge.purge_opens_on(exam.year).strftime("%d/%m/%Y"),
        "word": purge.CONFIRMATION,
    }


class AdminPurgePages(Controller):
    path = "/admin/sessions/{session_id:uuid}/purge"
    include_in_schema = False
    dependencies = {"user": Provide(provide_admin)}  # noqa: RUF012

    @get("/", name="pages:admin-session-purge")
    async def confirm(self, session_id: Id, user: Me, db_session: Db) -> Template:
        """What a purge deletes and keeps, and the word to type: nothing is deleted by this page."""
        return render("purge.html", await _context(db_session, user, session_id))

    @post("/", name="pages:admin-session-purger")
    async def purge(self, session_id: Id, request: Request[Any, Any, Any], user: Me, db_session: Db) -> Any:
        form = await read_form(request)
        try:
            confirmation, cache = one(form, "confirmation"), cache_for(request.app.state.settings)
            await purge.purge_session(db_session, session_id, user, confirmation=confirmation, cache=cache)
        except (InputError, WorkflowError) as error:
            errors = await refused(db_session, user, error)
            return render("purge.html", await _context(db_session, user, session_id), errors)
        return done("/admin/sessions", "session-purgee")
