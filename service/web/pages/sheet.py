"""The sheet's page (/fiches/{id}): V-2 and V-3 print views, downloads, history, comments, and the review
actions with their confirmation step; every handler calls service.review (sheet, access, comments)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import msgspec
from litestar import Controller, get, post
from litestar.di import Provide
from litestar.enums import RequestEncodingType
from litestar.params import BodyKwarg, PathParameter, QueryParameter
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import User
from service.domain.fiche_sujet import ROWS_CANDIDAT, ROWS_JURY, FicheSujet, candidate_row, jury_row
from service.errors import ConflictError, ForbiddenError, InputError, NotFoundError, WorkflowError
from service.review import access, comments, sheet
from service.web.dtos import Motif
from service.web.pages.common import Db, Me, local_target, provide_page_user

PathId = Annotated[uuid.UUID, PathParameter()]
PathName = Annotated[str, PathParameter()]
RowParam = Annotated[str, QueryParameter(required=False, max_length=60)]
Flag = Annotated[bool, QueryParameter(required=False)]
ROW_CHOICES = list(comments.ROWS.items())
SHEETS = ("candidat", "jury")
SUBMITTED = "La fiche est soumise à la commission : un autre membre la relira avant de l'approuver."


class ActionForm(msgspec.Struct):
    motif: Motif = ""
    compteur: int = 0


class CommentForm(msgspec.Struct):
    version: int = 1
    ligne: str = ""
    texte: str = ""
    retour: str = ""


ActionBody = Annotated[ActionForm, BodyKwarg(media_type=RequestEncodingType.URL_ENCODED)]
CommentBody = Annotated[CommentForm, BodyKwarg(media_type=RequestEncodingType.URL_ENCODED)]


def sheet_rows(document: FicheSujet) -> dict[str, list[tuple[str, str, str]]]:
    """The V-2 and V-3 rows as (comment key, printed label, text)."""
    return {
        "candidat": [(f"candidat.{n}", label, candidate_row(document, n)) for n, label in ROWS_CANDIDAT],
        "jury": [(f"jury.{n}", label, jury_row(document, n)) for n, label in ROWS_JURY],
    }


def _page(
    user: User,
    found: sheet.Sheet,
    errors: dict[str, str],
    form: dict[str, Any],
    status: int = 200,
    notice: str = "",
) -> Template:
    context = {
        "user": user,
        "sheet": found,
        "rows": sheet_rows(found.document),
        "remarks": comments.by_row(found.comments, found.version.number),
        "row_choices": ROW_CHOICES,
        "event_labels": sheet.EVENT_LABELS,
        "errors": errors,
        "form": form,
        "notice": notice,
    }
    return Template("fiche.html", context=context, status_code=status)


def _confirm(
    user: User, found: sheet.Sheet, action: str, motif: str, error: str, status: int = 200
) -> Template:
    context = {
        "user": user,
        "sheet": found,
        "action": action,
        "label": sheet.ACTION_LABELS[action],
        "motif": motif,
        "errors": {"motif": error} if error else {},
    }
    return Template("fiche_confirmer.html", context=context, status_code=status)


def _open(found: sheet.Sheet, action: str) -> str:
    """The action, when the caller has it on this fiche now; otherwise 404 (unknown) or 403 with the reason."""
    if action not in sheet.ACTION_LABELS:
        raise NotFoundError(f"action inconnue « {action[:40]} »")
    if action not in [a.name for a in found.actions]:
        reasons = (
            " ".join(found.blocked) or "cette action ne vous est pas ouverte sur cette fiche dans son état"
        )
        raise ForbiddenError(reasons.rstrip("."))
    return action


async def _afresh(db_session: AsyncSession, user_id: uuid.UUID) -> User:
    """After a refused write, a clean transaction (nothing half-written is kept) and the caller reloaded."""
    await db_session.rollback()
    return await access.get_user(db_session, user_id)


class SheetPages(Controller):
    include_in_schema = False
    dependencies = {"user": Provide(provide_page_user)}  # noqa: RUF012

    @get("/fiches/{fiche_id:uuid}", name="pages:fiche")
    async def show(
        self, fiche_id: PathId, user: Me, db_session: Db, ligne: RowParam = "", soumise: Flag = False
    ) -> Template:
        """State, V-2 (and V-3 for insiders), downloads, history, comments and the caller's actions; after
        the editor's « Enregistrer et soumettre », the notice that it went to the commission."""
        found = await sheet.sheet_for(db_session, user, fiche_id)
        notice = SUBMITTED if soumise and found.fiche.state == "soumise" else ""
        return _page(user, found, {}, {"ligne": ligne}, notice=notice)

    @get("/fiches/{fiche_id:uuid}/impression/{feuille:str}", name="pages:fiche-impression")
    async def print_view(self, fiche_id: PathId, feuille: PathName, user: Me, db_session: Db) -> Template:
        """One sheet alone on A4: the candidate's never carries the jury's."""
        if feuille not in SHEETS:
            raise NotFoundError("feuille inconnue : demandez candidat ou jury")
        found = await sheet.sheet_for(db_session, user, fiche_id)
        if feuille == "jury" and not found.insider:
            await access.jury_fiche_for(db_session, user, fiche_id)
        rows = sheet_rows(found.document)[feuille]
        context = {"user": user, "sheet": found, "feuille": feuille, "rows": rows}
        return Template("fiche_impression.html", context=context)

    @get("/fiches/{fiche_id:uuid}/confirmer/{action:str}", name="pages:fiche-confirmer")
    async def confirm(self, fiche_id: PathId, action: PathName, user: Me, db_session: Db) -> Template:
        """The confirmation step before an action, with its motif."""
        found = await sheet.sheet_for(db_session, user, fiche_id)
        return _confirm(user, found, _open(found, action), "", "")

    @post("/fiches/{fiche_id:uuid}/actions/{action:str}", name="pages:fiche-action")
    async def act(
        self, fiche_id: PathId, action: PathName, data: ActionBody, user: Me, db_session: Db
    ) -> Template | Redirect:
        """Runs the confirmed action; a refusal (a mark in the motif: 400) is said beside the motif, what was
        typed is kept."""
        me = user.id
        _open(await sheet.sheet_for(db_session, user, fiche_id), action)
        try:
            await access.transition(db_session, user, fiche_id, action, data.motif, data.compteur)
        except (WorkflowError, ConflictError, InputError) as refused:
            user = await _afresh(db_session, me)
            found = await sheet.sheet_for(db_session, user, fiche_id)
            why, status = (refused.message, 400) if isinstance(refused, InputError) else (str(refused), 409)
            return _confirm(user, found, action, data.motif, why, status=status)
        return Redirect(f"/fiches/{fiche_id}", status_code=303)

    @post("/fiches/{fiche_id:uuid}/commentaires", name="pages:fiche-commenter")
    async def comment(
        self, fiche_id: PathId, data: CommentBody, user: Me, db_session: Db
    ) -> Template | Redirect:
        """Adds a comment to a row; an empty or unknown one is said beside its field, the text kept."""
        back, me = local_target(data.retour or f"/fiches/{fiche_id}"), user.id
        try:
            await comments.add_comment(db_session, user, fiche_id, data.version, data.ligne, data.texte)
        except InputError as refused:
            user = await _afresh(db_session, me)
            found = await sheet.sheet_for(db_session, user, fiche_id)
            form = {"ligne": data.ligne, "texte": data.texte}
            return _page(user, found, {refused.field: refused.message}, form, status=400)
        return Redirect(f"{back}#commentaires", status_code=303)
