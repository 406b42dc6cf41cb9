"""The editor (/fiches/{id}/modifier): every V-2 and V-3 row beside the FDAP, live findings, refine, save, submit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

import anyio
from litestar import Controller, Request, Response, get, post
from litestar.di import Provide
from litestar.enums import RequestEncodingType
from litestar.params import Body, QueryParameter
from litestar.response import Redirect, Template

from service.db.models import User
from service.errors import ConflictError, FicheSujetError, InputError, NotFoundError, WorkflowError
from service.review import drafting, editing
from service.review.drafting import Draft
from service.settings import Settings
from service.web.api_common import PathId
from service.web.pages.common import Db, Me, provide_page_user

FormBody = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
Flag = Annotated[bool, QueryParameter(required=False)]
Line = Annotated[str, QueryParameter(max_length=60)]
CONFLICT = (
    "Quelqu'un a enregistré une autre version de cette fiche pendant que vous la modifiiez : rien n'a été "
    "enregistré. Votre texte est conservé ci-dessous ; relisez-le, puis enregistrez de nouveau pour qu'il "
    "devienne la version suivante (la version de votre collègue reste dans l'historique)."
)
INVALID = "La fiche n'a pas été enregistrée : corrigez les champs signalés (votre texte est conservé)."
SAVED = "Nouvelle version enregistrée."
TAKEN = "Proposition reprise dans l'éditeur : rien n'est enregistré tant que vous n'enregistrez pas."


def _settings(request: Request[Any, Any, Any]) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _expected(values: Mapping[str, str]) -> int:
    """The version counter the form was read at (-1 when missing or garbled: a conflict, never a 500)."""
    try:
        return int(values.get("version", ""))
    except ValueError:
        return -1


def _findings(draft: Draft, values: Mapping[str, str]) -> dict[str, Any]:
    document, errors = editing.document_from(draft.document, values)
    found = editing.findings(drafting.findings_of(draft, document), values)
    return {
        "found": found,
        "summary": editing.summary(found),
        "blocked": editing.blocks_submission(found),
        "form_errors": errors,
    }


def _page(
    request: Request[Any, Any, Any],
    user: User,
    draft: Draft,
    values: Mapping[str, str],
    errors: Mapping[str, str] | None = None,
    *,
    notice: str = "",
    alert: str = "",
    status: int = 200,
) -> Template:
    """The editor over `values` (the version's, or what the teacher typed), with what to say above it."""
    errors = errors or {}
    candidate_rows, jury_rows = editing.rows(draft.fdap, values, errors)
    context = {
        "user": user,
        "draft": draft,
        "fiche": draft.fiche,
        "candidate_rows": candidate_rows,
        "jury_rows": jury_rows,
        "changes": editing.changes(values, errors),
        "presets": drafting.PRESETS,
        "model": bool(_settings(request).llm_model),
        "notice": notice,
        "alert": alert,
        "errors": errors,
        "motif": values.get("motif", ""),
        **_findings(draft, values),
    }
    return Template("editeur.html", context=context, status_code=status)


class EditorPages(Controller):
    include_in_schema = False
    path = "/fiches/{fiche_id:uuid}"
    dependencies = {"user": Provide(provide_page_user)}  # noqa: RUF012

    @get("/modifier", name="pages:editeur")
    async def show(
        self,
        fiche_id: PathId,
        request: Request[Any, Any, Any],
        user: Me,
        db_session: Db,
        enregistre: Flag = False,
    ) -> Template:
        """The current version in the form, the FDAP beside each row."""
        draft = await drafting.open_draft(db_session, user, fiche_id)
        notice = SAVED if enregistre else ""
        return _page(request, user, draft, editing.form_values(draft.document), notice=notice)

    @post("/modifier", name="pages:editeur-envoi")
    async def send(
        self, fiche_id: PathId, data: FormBody, request: Request[Any, Any, Any], user: Me, db_session: Db
    ) -> Response[Any]:
        """Save a new version, or save and submit; a refusal keeps every field as typed."""
        draft = await drafting.open_draft(db_session, user, fiche_id)
        document, errors = editing.document_from(draft.document, data)
        action = data.get("action", "enregistrer")
        if errors:
            return _page(request, user, draft, data, errors, alert=INVALID, status=400)
        if action == "reprendre":
            return _page(request, user, draft, data, notice=TAKEN)
        try:
            if action == "soumettre":
                await drafting.submit(db_session, user, draft, document, _expected(data))
                return Redirect(f"/fiches/{fiche_id}?soumise=1", status_code=303)
            motif = data.get("motif", "").strip()[:500]
            await drafting.save(db_session, user, draft, document, _expected(data), motif)
        except InputError as exc:
            draft = await drafting.open_draft(db_session, user, fiche_id)
            refused = {editing.form_name(exc.field): _refusal(exc.message)}
            alert = f"La fiche n'a pas été enregistrée : {exc.message}. Votre texte est conservé."
            return _page(request, user, draft, data, refused, alert=alert, status=400)
        except (ConflictError, WorkflowError) as exc:
            draft = await drafting.open_draft(db_session, user, fiche_id)
            alert = CONFLICT if isinstance(exc, ConflictError) else _refusal(exc)
            return _page(request, user, draft, data, alert=alert, status=409)
        return Redirect(f"/fiches/{fiche_id}/modifier?enregistre=1", status_code=303)

    @post("/constats", name="pages:editeur-constats")
    async def findings(self, fiche_id: PathId, data: FormBody, user: Me, db_session: Db) -> Template:
        """The rules' findings on the form as typed (HTMX, while the teacher writes)."""
        draft = await drafting.open_draft(db_session, user, fiche_id)
        context = await anyio.to_thread.run_sync(_findings, draft, data) | {"announce": True}
        return Template("partials/editeur_constats.html", context=context)

    @post("/ecarts", name="pages:editeur-ecarts")
    async def gap(self, fiche_id: PathId, data: FormBody, ligne: Line, user: Me, db_session: Db) -> Template:
        """The words of one row as typed that differ from its FDAP rubric (HTMX, when the teacher opens it)."""
        draft = await drafting.open_draft(db_session, user, fiche_id)
        segments = editing.gap(draft.fdap, data, ligne)
        if segments is None:
            raise NotFoundError(f"ligne inconnue dans la fiche : « {ligne} »")
        return Template("partials/editeur_ecart.html", context={"segments": segments})

    @post("/affiner", name="pages:editeur-affiner")
    async def refine(
        self, fiche_id: PathId, data: FormBody, request: Request[Any, Any, Any], user: Me, db_session: Db
    ) -> Template:
        """A refined version proposed beside the editor, with its diff; nothing saved (HTMX)."""
        draft = await drafting.open_draft(db_session, user, fiche_id)
        document, errors = editing.document_from(draft.document, data)
        context: dict[str, Any] = {"fiche": draft.fiche, "version": data.get("version", "")}
        if errors:
            context["error"] = "Corrigez d'abord les champs signalés dans l'éditeur."
            return Template("partials/editeur_proposition.html", context=context, status_code=422)
        preset, instruction = data.get("preset", ""), data.get("consigne", "")
        try:
            revised = await drafting.refine(draft, document, _settings(request), preset, instruction)
        except FicheSujetError as exc:
            context["error"] = _refusal(exc)
            return Template("partials/editeur_proposition.html", context=context, status_code=422)
        proposed = editing.form_values(revised)
        context |= {
            "proposed": proposed,
            "changes": editing.proposed_changes(editing.form_values(document), proposed),
            "how": drafting.PRESETS.get(preset, "Consigne : " + instruction.strip()),
        }
        return Template("partials/editeur_proposition.html", context=context)


def _refusal(exc: Exception | str) -> str:
    """A domain error's French message as a sentence."""
    text = str(exc).strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
