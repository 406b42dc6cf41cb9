"""The JSON API's review routes (/api/...): candidates, FDAPs, fiches, generations; handlers over service.review.access."""

from __future__ import annotations

import functools
import uuid
from typing import Annotated, Any

import anyio
from litestar import Controller, Request, Response, get, post, put
from litestar.params import HeaderParameter, PathParameter
from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import Fiche, User
from service.intake import Limits, read_fdap_upload
from service.render.documents import document_for, renders_for
from service.review import access, jobs, service
from service.review.jobs import JobProgress
from service.settings import Settings
from service.web.api_admin import SchoolController
from service.web.api_comments import CommentController
from service.web.api_common import JSON_BODY, USER, Db, Me, PathId, uploaded
from service.web.api_session import SessionController
from service.web.auth import Refusal, requires_login
from service.web.dtos import (
    DemandeGeneration,
    EditionFiche,
    FdapDeposee,
    FicheCandidatVue,
    FicheEnregistree,
    FicheJuryVue,
    GenerationCreee,
    Historique,
    NouvelleFiche,
    Transition,
    fdap_view,
    fiche_view,
    history_view,
    jury_view,
    saved_view,
)

IfMatch = Annotated[str | None, HeaderParameter(name="If-Match", required=False)]


def _etag(fiche: Fiche) -> dict[str, str]:
    return {"ETag": f'"{fiche.lock_version}"'}


def _expected(if_match: str | None) -> int:
    """The counter named by If-Match; required on every write (428 without it), compared strongly (RFC 9110
    §13.1.1: a weak tag never matches, 412)."""
    if not if_match:
        raise Refusal(
            status_code=428,
            detail="en-tête If-Match obligatoire : renvoyez l'ETag lu sur la fiche pour la modifier",
        )
    if if_match.strip().startswith("W/"):
        raise Refusal(
            status_code=412,
            detail="en-tête If-Match : un ETag faible (W/…) ne vaut pas pour une modification ; "
            "renvoyez l'ETag lu sur la fiche tel quel, sans W/",
        )
    try:
        return int(if_match.strip().strip('"'))
    except ValueError:
        return -1


def pending_refusal(exc: jobs.TooManyJobs) -> Refusal:
    """Too many pending jobs: 429 with the French sentence and when to try again (API and pages alike)."""
    return Refusal(status_code=429, detail=str(exc), headers={"Retry-After": str(exc.retry_after)})


async def _saved(db_session: AsyncSession, user: User, fiche_id: uuid.UUID) -> Response[FicheEnregistree]:
    fiche, version = await access.fiche_for(db_session, user, fiche_id)
    found = await service.findings(db_session, fiche, version)
    return Response(saved_view(fiche, version, found), headers=_etag(fiche))


class ReviewController(Controller):
    path = "/api"
    guards = [requires_login]  # noqa: RUF012
    dependencies = USER
    tags = ["relecture"]  # noqa: RUF012

    @get("/fiches/{fiche_id:uuid}", name="fiches:detail")
    async def get_fiche(self, fiche_id: PathId, user: Me, db_session: Db) -> Response[FicheCandidatVue]:
        """La fiche candidat (annexe V-2) ; l'ETag est le compteur de version à renvoyer en If-Match."""
        fiche, version = await access.fiche_for(db_session, user, fiche_id)
        return Response(fiche_view(fiche, version), headers=_etag(fiche))

    @get("/fiches/{fiche_id:uuid}/jury", name="fiches:jury")
    async def get_fiche_jury(self, fiche_id: PathId, user: Me, db_session: Db) -> Response[FicheJuryVue]:
        """La fiche jury (annexe V-3) : membres de la commission et auteurs de la fiche seulement."""
        fiche, version = await access.jury_fiche_for(db_session, user, fiche_id)
        return Response(jury_view(fiche, version), headers=_etag(fiche))

    @post("/fiches/{fiche_id:uuid}/transitions", name="fiches:transition", status_code=200)
    async def transition(
        self,
        fiche_id: PathId,
        data: Annotated[Transition, JSON_BODY],
        user: Me,
        db_session: Db,
        if_match: IfMatch = None,
    ) -> Response[FicheCandidatVue]:
        """Fait avancer la fiche dans le circuit ; If-Match obligatoire, 409 si la fiche a changé. Seuls ses
        auteurs la soumettent, seuls les membres de sa commission l'approuvent, demandent des modifications et
        la remettent (403 sinon) ; un motif qui contient une note est refusé (400)."""
        expected = _expected(if_match)
        fiche = await access.transition(db_session, user, fiche_id, data.action, data.motif, expected)
        _, version = await access.fiche_for(db_session, user, fiche.id)
        return Response(fiche_view(fiche, version), headers=_etag(fiche))

    @post("/fdaps/{fdap_id:uuid}/fiches", name="fiches:creer", status_code=201)
    async def create_fiche(
        self, fdap_id: PathId, data: Annotated[NouvelleFiche, JSON_BODY], user: Me, db_session: Db
    ) -> Response[FicheEnregistree]:
        """Garde une proposition (ou une fiche écrite à la main) comme brouillon de fiche sujet ;
        `commission_id` est l'une de celles que liste GET /api/commissions ; une note dans un champ, en-tête
        compris, est refusée (400 nommant le champ)."""
        fiche = await access.create_fiche_for(
            db_session, user, fdap_id, data.commission_id, data.document, data.motif
        )
        response = await _saved(db_session, user, fiche.id)
        response.status_code = 201
        return response

    @put("/fiches/{fiche_id:uuid}", name="fiches:modifier")
    async def edit_fiche(
        self,
        fiche_id: PathId,
        data: Annotated[EditionFiche, JSON_BODY],
        user: Me,
        db_session: Db,
        if_match: IfMatch = None,
    ) -> Response[FicheEnregistree]:
        """Enregistre une nouvelle version (retour en brouillon) ; If-Match obligatoire, 409 si la fiche
        a changé ou si rien n'a changé ; une note dans un champ est refusée (400 nommant le champ) ; une
        version approuvée reste telle quelle."""
        expected = _expected(if_match)
        await access.edit_for(db_session, user, fiche_id, data.document, data.motif, expected)
        return await _saved(db_session, user, fiche_id)

    @get("/fiches/{fiche_id:uuid}/historique", name="fiches:historique")
    async def get_history(self, fiche_id: PathId, user: Me, db_session: Db) -> Historique:
        """Les versions et la trace de chaque action (qui, quand, de quel état à quel état, pourquoi)."""
        return history_view(*await access.history_for(db_session, user, fiche_id))

    @get("/fiches/{fiche_id:uuid}/documents/{fichier:str}", name="fiches:document")
    async def get_document(
        self,
        fiche_id: PathId,
        fichier: Annotated[str, PathParameter()],
        request: Request[Any, Any, Any],
        user: Me,
        db_session: Db,
    ) -> Response[bytes]:
        """La fiche en Word, PDF ou page HTML (mise en page officielle) : `candidat` (V-2, tout
        l'établissement), `jury` (V-3) ou `les-deux` (commission et auteurs seulement) ; une version non
        approuvée est marquée « BROUILLON »."""
        settings: Settings = request.app.state.settings
        found = await document_for(db_session, user, fiche_id, fichier, renders_for(settings))
        disposition = "inline" if found.inline else "attachment"
        headers = {
            "Content-Disposition": f'{disposition}; filename="{found.filename}"',
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        }
        return Response(found.content, media_type=found.media_type, headers=headers)

    @post("/candidats/{candidate_id:uuid}/fdaps", name="fdaps:deposer", status_code=201)
    async def put_fdap(
        self, candidate_id: PathId, request: Request[Any, Any, Any], user: Me, db_session: Db
    ) -> FdapDeposee:
        """Dépose une FDAP du candidat : le formulaire officiel Word (.docx) ou le JSON fdap/1, en corps
        brut ou en multipart (champ « fichier »). Remplace la FDAP de même nature tant qu'aucune fiche n'en
        est tirée. Ce que l'import n'a pas su placer est rendu en avertissements, jamais perdu en silence."""
        settings: Settings = request.app.state.settings
        name, data = await uploaded(request, "la FDAP (fichier .docx ou JSON fdap/1)", "FDAP")
        upload = await anyio.to_thread.run_sync(
            functools.partial(read_fdap_upload, data, name, Limits.from_settings(settings))
        )
        record, replaced = await access.put_fdap_for(
            db_session, user, candidate_id, upload.fdap, upload.notes()
        )
        return FdapDeposee(fdap_view(record), replaced)

    @post("/fdaps/{fdap_id:uuid}/generations", name="generations:creer", status_code=202)
    async def create_generation(
        self,
        fdap_id: PathId,
        data: Annotated[DemandeGeneration, JSON_BODY],
        request: Request[Any, Any, Any],
        user: Me,
        db_session: Db,
    ) -> GenerationCreee:
        """Demande des propositions pour une FDAP : une tâche durable, suivie par son id ; au plus
        FICHESUJET_MAX_PENDING_JOBS tâches en attente ou en cours par utilisateur (429 avec Retry-After)."""
        limit = request.app.state.settings.max_pending_jobs
        try:
            job_id = await access.enqueue_for(db_session, user, fdap_id, data.variantes, "auto", limit)
        except jobs.TooManyJobs as exc:
            raise pending_refusal(exc) from exc
        return GenerationCreee(job_id)

    @get("/generations/{job_id:uuid}", name="generations:suivi")
    async def get_generation(self, job_id: PathId, user: Me, db_session: Db) -> JobProgress:
        """L'avancement d'une tâche de génération et ses propositions, fiche jury comprise : pour qui a demandé
        la tâche, les enseignants du candidat et, une fois une fiche gardée de la FDAP, les auteurs et les
        membres de sa commission (403 pour les autres comptes de l'établissement)."""
        return await access.progress_for(db_session, user, job_id)


API_ROUTES = [SessionController, ReviewController, SchoolController, CommentController]
