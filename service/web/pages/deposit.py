"""Déposer une FDAP: the Word form, the V-1 rubrics filled in on the page, or pasted fdap/1 JSON."""

from __future__ import annotations

import functools
from typing import Any

import anyio
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import Provide
from litestar.response import Redirect, Template

from service.db.models import User
from service.errors import InputError, WorkflowError
from service.intake import Limits
from service.intake.labels import RUBRIC_NAMES
from service.review import access, candidate_file, fdap_form
from service.review.candidate_file import CandidateFile
from service.review.fdap_form import Deposit, DepositError
from service.web.api_common import PathId
from service.web.pages.common import Db, Me, provide_page_user

MODES = ("word", "formulaire", "json")


def _page(
    user: User,
    found: CandidateFile,
    mode: str = "",
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Template:
    context = {
        "user": user,
        "c": found.candidate,
        "fdaps": found.fdaps,
        "mode": mode,
        "typed": typed or {},
        "errors": errors or {},
        "sections": fdap_form.SECTIONS,
        "lists": fdap_form.LISTS,
        "columns": fdap_form.COLUMN_LABELS,
        "short": fdap_form.SHORT,
        "rubric_names": RUBRIC_NAMES,
    }
    return Template("deposer.html", context=context, status_code=status)


async def _read(request: Request[Any, Any, Any], mode: str, typed: dict[str, str], limits: Limits) -> Deposit:
    """The FDAP of the section the teacher sent (the Word file is read in a worker thread)."""
    if mode == "formulaire":
        return fdap_form.from_form(typed, limits)
    if mode == "json":
        return fdap_form.from_json(typed.get("json", ""), limits)
    upload = (await request.form()).get("fichier")
    name, data = (
        (upload.filename or "FDAP.docx", await upload.read()) if isinstance(upload, UploadFile) else ("", b"")
    )
    return await anyio.to_thread.run_sync(functools.partial(fdap_form.from_word, name, data, limits))


def _beside(mode: str, refused: InputError) -> dict[str, str]:
    """The service's refusal next to the field it names on the form filled in, else above the button."""
    field = refused.field if mode == "formulaire" else ""
    return {field: _sentence(refused.message)}


def _sentence(message: str) -> str:
    return f"{message[:1].upper()}{message[1:]}."


class DepositPages(Controller):
    include_in_schema = False
    dependencies = {"user": Provide(provide_page_user)}  # noqa: RUF012

    @get("/candidats/{candidate_id:uuid}/deposer", name="pages:deposer")
    async def form(self, candidate_id: PathId, user: Me, db_session: Db) -> Template:
        """The three ways to file an FDAP, one section each."""
        return _page(user, await candidate_file.candidate_file(db_session, user, candidate_id))

    @post("/candidats/{candidate_id:uuid}/deposer", name="pages:deposer-envoi")
    async def deposit(
        self, candidate_id: PathId, request: Request[Any, Any, Any], user: Me, db_session: Db
    ) -> Response[Any]:
        """Files the FDAP through the API's service, then shows where each text went; errors beside the field."""
        found = await candidate_file.candidate_file(db_session, user, candidate_id)
        form = await request.form()
        typed = {key: value for key, value in form.items() if isinstance(value, str)}
        mode = typed.get("mode", "") if typed.get("mode") in MODES else "word"
        try:
            read = await _read(request, mode, typed, Limits.from_settings(request.app.state.settings))
            record, replaced = await access.put_fdap_for(
                db_session, user, found.candidate.id, read.fdap, read.notes
            )
        except DepositError as refused:
            return _page(user, found, mode, typed, refused.errors, status=400)
        except InputError as refused:
            return _page(user, found, mode, typed, _beside(mode, refused), status=400)
        except WorkflowError as refused:
            return _page(user, found, mode, typed, {"": _sentence(str(refused))}, status=409)
        outcome = "remplacee" if replaced else "nouvelle"
        return Redirect(f"/fdaps/{record.id}?depot={outcome}", status_code=303)
