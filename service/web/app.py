"""create_app(settings) -> Litestar: the database, the routes, and the one place errors become HTTP statuses.

Statuses: InputError 400; WorkflowError 409 (the fiche's current state forbids the action: RFC 9110's
"conflict with the current state of the target resource", as a stale counter, but with its own `type`);
ConflictError 409; NotFoundError 404; any other FicheSujetError 400; a database server down or restarting
503 with Retry-After; anything unexpected 500 with a generic French message and no traceback. Every error
is application/problem+json with a French title.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
from litestar import Litestar, Request, Response, get
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import HTTPException
from litestar.plugins.htmx import HTMXPlugin
from litestar.types import ExceptionHandler
from sqlalchemy.ext.asyncio import AsyncSession

from service import db
from service.engines.base import Engine
from service.errors import (
    ConflictError,
    FicheSujetError,
    ForbiddenError,
    InputError,
    NotFoundError,
    RenderError,
    WorkflowError,
)
from service.render.documents import renders_for
from service.review import jobs
from service.settings import Settings
from service.web import security_log
from service.web.api import API_ROUTES
from service.web.auth import CSRF_COOKIE, CSRF_HEADER, LoginThrottle, Refusal, known_user_id, secret_key
from service.web.dtos import validation_detail
from service.web.headers import security_headers
from service.web.openapi import openapi_config
from service.web.pages import PAGE_ROUTES, template_config
from service.web.pages.errors import error_page, is_page

LOG = logging.getLogger("fichesujet")
# At shutdown (SIGTERM), how long a running generation job may take to finish before it is handed back.
JOB_GRACE_SECONDS = 8.0
PROBLEM = "application/problem+json"
DATABASE_RETRY_SECONDS = 5
# status -> (type, French title)
_DOMAIN: list[tuple[type[FicheSujetError], int, str, str]] = [
    (InputError, 400, "entree-invalide", "Entrée invalide"),
    (ConflictError, 409, "conflit-de-version", "La fiche a changé entre-temps"),
    (WorkflowError, 409, "transition-refusee", "Action refusée par le circuit de relecture"),
    (NotFoundError, 404, "introuvable", "Ressource introuvable"),
    (ForbiddenError, 403, "acces-refuse", "Accès refusé"),
    (RenderError, 503, "rendu-impossible", "Document impossible à produire"),
]
_HTTP_TITLES = {
    400: "Requête invalide",
    401: "Connexion requise",
    403: "Accès refusé",
    404: "Ressource introuvable",
    405: "Méthode non autorisée",
    409: "Conflit",
    412: "La fiche a changé entre-temps",
    413: "Requête trop volumineuse",
    415: "Type de contenu non pris en charge",
    428: "En-tête If-Match obligatoire",
    429: "Trop de tentatives",
}
_HTTP_DETAILS = {
    401: "connectez-vous pour accéder à cette ressource",
    403: "vous n'avez pas le droit d'accéder à cette ressource",
    404: "cette adresse ne correspond à aucune ressource",
    405: "cette méthode n'est pas autorisée sur cette adresse",
    413: "fichier trop volumineux pour le service (voir FICHESUJET_MAX_DOCX_BYTES)",
    "CSRF token verification failed": "jeton anti-falsification (CSRF) absent ou invalide : rechargez la page",
}


def problem(status: int, kind: str, title: str, detail: str, **extra: Any) -> Response[dict[str, Any]]:
    body = {"type": f"urn:fichesujet:probleme:{kind}", "title": title, "status": status, "detail": detail}
    return Response(body | extra, status_code=status, media_type=PROBLEM)


def _domain_error(_request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    for kind, status, name, title in _DOMAIN:
        if isinstance(exc, kind):
            return problem(status, name, title, str(exc))
    return problem(400, "refus", "Demande refusée", str(exc))


def _http_error(_request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    if status >= 500:
        return _unexpected(_request, exc)
    raw = str(exc.detail or "")
    detail = (
        (exc.detail if isinstance(exc, Refusal) else None)
        or _HTTP_DETAILS.get(raw)
        or _HTTP_DETAILS.get(status)
    )
    if detail is None:
        detail = "la requête est mal formée ou incomplète"
    headers = dict(exc.headers or {})
    extra: dict[str, Any] = {}
    if status == 400 and isinstance(exc.extra, list):
        extra["champs"] = [e.get("key", "") for e in exc.extra if isinstance(e, dict)]
        detail = validation_detail(exc.extra) or detail
    response = problem(status, "http", _HTTP_TITLES.get(status, "Requête refusée"), str(detail), **extra)
    response.headers.update(headers)
    return response


def _too_deep(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    """msgspec stops at Python's recursion limit: a body nested that deep is the sender's error, not ours."""
    if "deserializing" not in str(exc):
        return _unexpected(request, exc)
    detail = "corps de la requête : imbrication trop profonde (un document valide n'a que quelques niveaux)"
    return problem(400, "entree-invalide", "Entrée invalide", detail)


def _unexpected(_request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    if db.unavailable(exc):  # a database server restarting: the pool reconnects, the client retries
        LOG.warning("base de données injoignable : %s", type(exc).__name__)
        detail = "la base de données ne répond pas pour l'instant ; réessayez dans quelques secondes"
        response = problem(503, "base-indisponible", "Service momentanément indisponible", detail)
        response.headers["Retry-After"] = str(DATABASE_RETRY_SECONDS)
        return response
    LOG.error("erreur inattendue : %s", type(exc).__name__, exc_info=exc)
    return problem(
        500,
        "erreur-interne",
        "Erreur interne",
        "une erreur inattendue s'est produite ; réessayez, et signalez-la si elle persiste",
    )


def _for_pages(handler: Any) -> ExceptionHandler[Any]:
    """The same status and wording for both doors: problem+json for the API, an HTML page for pages."""

    def answer(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
        response: Response[dict[str, Any]] = handler(request, exc)
        if response.status_code == 403:
            security_log.access_refused(request, known_user_id(request))
        return error_page(request, response) if is_page(request) else response

    return answer


@asynccontextmanager
async def _database(app: Litestar) -> AsyncIterator[None]:
    """One engine on a database at the head revision (never migrated here), and the optional job worker."""
    settings: Settings = app.state.settings
    engine = await db.open_at_head(settings.database)
    app.state.engine = engine
    app.state.session_factory = db.session_factory(engine)
    app.state.throttle = LoginThrottle(app.state.session_factory)
    stop = asyncio.Event()
    app.state.job_bell = bell = asyncio.Event()  # rung by provide_db once a request's new job is committed
    background: list[asyncio.Task[Any]] = []
    if app.state.run_worker:  # `serve`: the jobs worker, and the PDF renderer warmed up meanwhile
        name = f"service-{os.getpid()}"
        worker = jobs.run_worker(
            app.state.session_factory, settings, name, stop, engine=app.state.proposal_engine, bell=bell
        )
        background.append(asyncio.create_task(worker))
        background.append(asyncio.create_task(anyio.to_thread.run_sync(_warm_up_pdf, settings)))
    try:
        yield
    finally:
        stop.set()
        await _stop_background(background)
        await engine.dispose()


async def _stop_background(tasks: list[asyncio.Task[Any]]) -> None:
    """A running job may finish within the grace period; past it, it is cancelled and its worker releases it."""
    if not tasks:
        return
    _, late = await asyncio.wait(tasks, timeout=JOB_GRACE_SECONDS)
    for task in late:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError):
            await task


def _warm_up_pdf(settings: Settings) -> None:
    """Start every render process with one small PDF, in the background: the first teachers' downloads pay for
    neither a process start nor font discovery (a few seconds each)."""
    from service.domain.fiche_sujet import FicheSujet
    from service.render.export_pdf import fiche_pdf

    renders_for(settings).pool.warm_up(
        fiche_pdf, FicheSujet(nature="NV"), feuilles="candidat", brouillon=True
    )


async def provide_db(state: State) -> AsyncIterator[AsyncSession]:
    """One session and transaction per request: committed on success (before the response is sent), rolled
    back on any error; a job posted wakes the worker only once committed, so that it finds the job."""
    async with state.session_factory() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        await session.commit()
        if jobs.posted(session):
            state.job_bell.set()


@get("/api/sante", name="sante", summary="État du service")
async def sante() -> dict[str, str]:
    return {"statut": "ok"}


def create_app(settings: Settings, *, run_worker: bool = False, engine: Engine | None = None) -> Litestar:
    """The app; with `run_worker`, it also runs generation jobs in the background (what `serve` does).

    `engine` replaces the engine the settings choose for those jobs (the crash tests slow it down).
    """
    key = secret_key(settings)
    handlers: dict[Any, Any] = {
        FicheSujetError: _for_pages(_domain_error),
        HTTPException: _for_pages(_http_error),
        RecursionError: _for_pages(_too_deep),
        Exception: _for_pages(_unexpected),
    }
    return Litestar(
        route_handlers=[sante, *API_ROUTES, *PAGE_ROUTES],
        state=State(
            {"settings": settings, "secret": key, "run_worker": run_worker, "proposal_engine": engine},
        ),
        lifespan=[_database],
        dependencies={"db_session": Provide(provide_db)},
        exception_handlers=handlers,
        csrf_config=CSRFConfig(
            secret=key.hex(),
            cookie_name=CSRF_COOKIE,
            header_name=CSRF_HEADER,
            cookie_secure=settings.cookie_secure,
            cookie_samesite="lax",
        ),
        openapi_config=openapi_config(),
        template_config=template_config(),
        plugins=[HTMXPlugin()],
        before_send=[security_headers],
        # An FDAP in Word up to its limit, plus the multipart envelope; beyond, 413 before reading it all.
        request_max_body_size=settings.max_docx_bytes + 1024 * 1024,
        debug=False,
    )
