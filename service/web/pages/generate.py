"""Générer: ask for proposals, follow the job (HTMX polling that stops when done), keep one as a draft."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.di import Provide
from litestar.params import QueryParameter
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import User
from service.engines.base import DEFAULT_VARIANTS, MAX_VARIANTS
from service.review import access, proposals
from service.review.jobs import JobProgress, TooManyJobs
from service.settings import Settings
from service.web.api import pending_refusal
from service.web.api_common import PathId
from service.web.pages.common import Db, Me, provide_page_user

JobQuery = Annotated[uuid.UUID | None, QueryParameter(required=False)]
FINISHED = ("done", "failed")
STOP_POLLING = 286  # htmx stops polling on this status, and still swaps the answer in


def _job_context(job: JobProgress | None) -> dict[str, Any]:
    cards = [proposals.card(n, p) for n, p in enumerate(job.fiches, start=1)] if job else []
    return {"job": job, "cards": cards, "finished": bool(job and job.statut in FINISHED)}


async def _page(
    db_session: AsyncSession,
    user: User,
    settings: Settings,
    fdap_id: uuid.UUID,
    job: JobProgress | None = None,
    typed: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Template:
    record, candidate = await access.fdap_for(db_session, user, fdap_id)
    context = {
        "user": user,
        "fdap": record,
        "c": candidate,
        "engines": proposals.engine_options(settings),
        "model": settings.llm_model,
        "max_variants": MAX_VARIANTS,
        "typed": typed or {"variantes": str(DEFAULT_VARIANTS)},
        "errors": errors or {},
        "commissions": await proposals.commissions(db_session, user, candidate),
    }
    return Template("generer.html", context=context | _job_context(job), status_code=400 if errors else 200)


class GeneratePages(Controller):
    include_in_schema = False
    dependencies = {"user": Provide(provide_page_user)}  # noqa: RUF012

    @get("/fdaps/{fdap_id:uuid}/generer", name="pages:generer")
    async def show(
        self,
        fdap_id: PathId,
        request: Request[Any, Any, Any],
        user: Me,
        db_session: Db,
        tache: JobQuery = None,
    ) -> Template:
        """The request form; with `tache`, its progress or its proposals side by side."""
        job = await proposals.progress(db_session, user, fdap_id, tache) if tache else None
        return await _page(db_session, user, request.app.state.settings, fdap_id, job)

    @post("/fdaps/{fdap_id:uuid}/generer", name="pages:generer-envoi")
    async def enqueue(
        self, fdap_id: PathId, request: Request[Any, Any, Any], user: Me, db_session: Db
    ) -> Response[Any]:
        """Enqueues the job through the API's service, then follows it on this page."""
        settings: Settings = request.app.state.settings
        typed = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        engine, variants, errors = proposals.read_choice(typed, settings)
        if errors:
            return await _page(db_session, user, settings, fdap_id, typed=typed, errors=errors)
        try:
            limit = settings.max_pending_jobs
            job_id = await access.enqueue_for(db_session, user, fdap_id, variants, engine, limit)
        except TooManyJobs as exc:
            raise pending_refusal(exc) from exc
        return Redirect(f"/fdaps/{fdap_id}/generer?tache={job_id}", status_code=303)

    @get("/fdaps/{fdap_id:uuid}/generer/{job_id:uuid}", name="pages:generer-suivi")
    async def follow(self, fdap_id: PathId, job_id: PathId, user: Me, db_session: Db) -> Template:
        """The polled fragment: the progress, then (status 286, polling stops) the proposals."""
        job = await proposals.progress(db_session, user, fdap_id, job_id)
        record, candidate = await access.fdap_for(db_session, user, fdap_id)
        commissions = await proposals.commissions(db_session, user, candidate)
        context = {"fdap": record, "commissions": commissions, "fragment": True}
        status = STOP_POLLING if job.statut in FINISHED else 200
        return Template(
            "partials/generer_suivi.html", context=context | _job_context(job), status_code=status
        )

    @post("/fdaps/{fdap_id:uuid}/garder", name="pages:garder")
    async def keep(
        self, fdap_id: PathId, request: Request[Any, Any, Any], user: Me, db_session: Db
    ) -> Redirect:
        """Keeps one proposal as a draft of the commission chosen, then opens it in the editor."""
        form = await request.form()
        job_id, number, commission_id = proposals.read_keep({k: str(v) for k, v in form.items()})
        fiche = await proposals.keep(db_session, user, fdap_id, job_id, number, commission_id)
        return Redirect(f"/fiches/{fiche.id}/modifier", status_code=303)
