"""The editor's services: open a fiche with its FDAP, check a draft as typed, save, submit, refine.

Access, versions and transitions go through `access` (the JSON API's path); the findings through the
rules' one `check`; refinements through the offline presets or the model engine of `generation`.
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass

import anyio
import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from service import generation
from service.db.models import Candidate, FdapRecord, Fiche, FicheVersion, User
from service.domain.constats import Constat
from service.domain.fdap import Fdap
from service.domain.fiche_sujet import FicheSujet
from service.domain.rules import check
from service.engines.offline.refine import PRESETS as PRESETS  # the presets the editor offers
from service.engines.offline.refine import refine_offline
from service.errors import ConflictError, InputError, NotFoundError
from service.review import access, service
from service.settings import Settings

EDITABLE = service.TRANSITIONS["modifier"][0]


@dataclass(frozen=True)
class Draft:
    """A fiche as the editor opens it: its current version, FDAP, candidate and simulation length."""

    fiche: Fiche
    version: FicheVersion
    document: FicheSujet
    fdap: Fdap
    candidate: str
    minutes: int

    @property
    def editable(self) -> bool:
        return self.fiche.state in EDITABLE

    @property
    def state_label(self) -> str:
        return service.STATE_LABELS[self.fiche.state]


async def open_draft(session: AsyncSession, user: User, fiche_id: uuid.UUID) -> Draft:
    """The fiche for its authors and commission members only (editing shows the jury sheet)."""
    fiche, version = await access.jury_fiche_for(session, user, fiche_id)
    fdap = await session.get(FdapRecord, fiche.fdap_id)
    candidate = await session.get(Candidate, fiche.candidate_id)
    if fdap is None or candidate is None:
        raise NotFoundError("FDAP de la fiche introuvable")
    return Draft(
        fiche=fiche,
        version=version,
        document=msgspec.convert(version.document, FicheSujet),
        fdap=msgspec.convert(fdap.document, Fdap),
        candidate=f"{candidate.prenom} {candidate.nom}",
        minutes=candidate.exam_session.simulation_minutes,
    )


def findings_of(draft: Draft, document: FicheSujet) -> list[Constat]:
    """The rules' findings on a document as typed: the same `check` as the CLI and the API."""
    return check(document, draft.fdap, draft.minutes)


async def save(
    session: AsyncSession, user: User, draft: Draft, document: FicheSujet, expected: int, motif: str
) -> Fiche:
    """A new version through the API's path; a stale counter is a ConflictError with nothing written."""
    try:
        return await access.edit_for(session, user, draft.fiche.id, document, motif, expected)
    except ConflictError:
        await session.rollback()
        raise


async def submit(
    session: AsyncSession, user: User, draft: Draft, document: FicheSujet, expected: int
) -> Fiche:
    """Saves what was typed when it differs from the current version, then submits to the commission."""
    if document != draft.document:
        fiche = await save(session, user, draft, document, expected, "version soumise")
        expected = fiche.lock_version
    try:
        return await access.transition(session, user, draft.fiche.id, "soumettre", "", expected)
    except ConflictError:
        await session.rollback()
        raise


async def refine(
    draft: Draft, document: FicheSujet, settings: Settings, preset: str, instruction: str
) -> FicheSujet:
    """A revised sheet, never saved: an offline preset, or the model following the teacher's words."""
    if preset:
        if preset not in PRESETS:
            raise InputError("", "preset", f"préréglage inconnu « {preset} »")
        run = functools.partial(
            refine_offline, document, draft.fdap, preset, seed=settings.seed, simulation_minutes=draft.minutes
        )
        return await anyio.to_thread.run_sync(run)
    if not instruction.strip():
        raise InputError(
            "", "consigne", "écrivez la consigne à donner au modèle, ou choisissez un préréglage"
        )
    if not settings.llm_model:
        raise InputError("", "consigne", "aucun modèle de langage n'est configuré : utilisez un préréglage")
    async with generation.model_engine(settings) as engine:
        return await engine.refine(document, draft.fdap, instruction.strip(), draft.minutes)
