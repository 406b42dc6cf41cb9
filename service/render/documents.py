"""A fiche as a file for its reader: access rules first, then the cache (approved versions only), then the
render pool. The one door of the API's document route, so the cache never answers before the rules."""

from __future__ import annotations

import functools
import logging
import uuid
from dataclasses import dataclass
from typing import cast

import anyio
import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import User
from service.domain.fiche_sujet import FicheSujet
from service.errors import NotFoundError, RenderError
from service.render.cache import MIB, RenderCache, shared_cache
from service.render.export_docx import Feuilles, fiche_docx
from service.render.export_pdf import fiche_html, fiche_pdf
from service.render.worker import RenderPool, shared_pool
from service.review import access
from service.settings import Settings

LOG = logging.getLogger("fichesujet")
SHEETS = ("candidat", "jury", "les-deux")
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",  # Litestar adds « ; charset=utf-8 »
}
FINAL_STATES = ("approuvee", "remise")


@dataclass(frozen=True)
class Renders:
    """Where documents are rendered and kept, as the settings say."""

    pool: RenderPool
    cache: RenderCache


@dataclass(frozen=True)
class Document:
    content: bytes
    media_type: str
    filename: str
    inline: bool


def cache_for(settings: Settings) -> RenderCache:
    """The cache of approved renders under the data folder (FICHESUJET_RENDER_CACHE_MB bounds it)."""
    return shared_cache(settings.data_dir / "cache" / "rendus", settings.render_cache_mb * MIB)


def renders_for(settings: Settings) -> Renders:
    return Renders(shared_pool(settings.render_processes), cache_for(settings))


async def render_document(
    pool: RenderPool, fiche: FicheSujet, format: str, *, feuilles: Feuilles, brouillon: bool
) -> bytes:
    """The file of one export: PDF and Word in a render process (stopped past its time limit), HTML in a
    thread (a template: milliseconds).

    A render that fails is a French RenderError naming the format and the cause, never a bare 500.
    """
    try:
        if format == "docx":
            return await pool.render(fiche_docx, fiche, feuilles=feuilles, brouillon=brouillon)
        if format == "pdf":
            return await pool.render(fiche_pdf, fiche, feuilles=feuilles, brouillon=brouillon)
        page = functools.partial(fiche_html, fiche, feuilles=feuilles, brouillon=brouillon)
        return (await anyio.to_thread.run_sync(page)).encode()
    except RenderError:
        raise
    except Exception as exc:
        LOG.error("rendu %s impossible", format, exc_info=exc)
        raise RenderError(f"le rendu {format.upper()} de la fiche a échoué ({type(exc).__name__})") from exc


async def document_for(
    session: AsyncSession, user: User, fiche_id: uuid.UUID, fichier: str, renders: Renders
) -> Document:
    """`candidat.pdf`, `jury.docx`, `les-deux.html`…: the jury sheet only for its readers (checked before
    anything is read from the cache); a version not approved is marked « BROUILLON » and never cached."""
    feuilles, _, format = fichier.partition(".")
    if feuilles not in SHEETS or format not in DOCUMENT_TYPES:
        raise NotFoundError(
            "document inconnu : demandez candidat, jury ou les-deux, en .docx, .pdf ou .html "
            "(par exemple documents/candidat.pdf)"
        )
    sheets = cast(Feuilles, feuilles)
    if sheets == "candidat":
        fiche, version = await access.fiche_for(session, user, fiche_id)
    else:
        fiche, version = await access.jury_fiche_for(session, user, fiche_id)
    draft = fiche.state not in FINAL_STATES
    name = f"fiche-{feuilles}-{fiche.id.hex[:8]}-v{fiche.current_version}.{format}"
    path = renders.cache.path(fiche.id, version.id, feuilles, format)
    content = None if draft else await anyio.to_thread.run_sync(renders.cache.get, path)
    if content is None:
        purges = renders.cache.purges
        document = msgspec.convert(version.document, FicheSujet)
        content = await render_document(renders.pool, document, format, feuilles=sheets, brouillon=draft)
        if not draft:
            await anyio.to_thread.run_sync(renders.cache.put, path, content, purges)
    return Document(content, DOCUMENT_TYPES[format], name, inline=format == "html")
