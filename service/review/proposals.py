"""The « Générer » page's services: which engines a teacher may pick, the job's proposals as cards, and
keeping one of them as a draft through the same `access.create_fiche_for` as the JSON API."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import Candidate, Commission, Fiche, GenerationJob, User
from service.domain.constats import Constat
from service.domain.fiche_sujet import ROWS_CANDIDAT, ROWS_JURY, candidate_row, jury_row
from service.engines.base import MAX_VARIANTS
from service.errors import InputError, NotFoundError
from service.generation import Proposal
from service.review import access
from service.review.jobs import JobProgress
from service.settings import Settings

MARKER = re.compile(r"\[\s*[àa]\s+pr[ée]ciser\b[^\]]*\]?", re.IGNORECASE)
PARAMETER_LABELS = dict(ROWS_CANDIDAT)
FIELD_LABELS = {f"fiche_candidat.{n}": f"V-2 · {label}" for n, label in ROWS_CANDIDAT} | {
    f"fiche_jury.{n}": f"V-3 · {label}" for n, label in ROWS_JURY
}


@dataclass(frozen=True)
class EngineOption:
    value: str
    label: str


@dataclass(frozen=True)
class Row:
    """One row of a sheet, cut into plain text and « [à préciser : …] » markers (marked: True)."""

    label: str
    parts: list[tuple[str, bool]]


@dataclass(frozen=True)
class Card:
    number: int
    angle: str
    changed: str
    valid: bool
    errors: list[tuple[str, str]]
    warnings: list[tuple[str, str]]
    markers: int
    candidate_rows: list[Row]
    jury_rows: list[Row]


def engine_options(settings: Settings) -> list[EngineOption]:
    """The offline engine always; the language model only when one is configured."""
    options = [EngineOption("offline", "Hors ligne (moteur intégré, sans réseau)")]
    if settings.llm_model:
        options.append(EngineOption("llm", f"Modèle de langage ({settings.llm_model})"))
    return options


def read_choice(form: Mapping[str, str], settings: Settings) -> tuple[str, int, dict[str, str]]:
    """The engine and number of proposals asked for, with a French error per field that is wrong."""
    errors: dict[str, str] = {}
    engines = [option.value for option in engine_options(settings)]
    engine = form.get("moteur", "")
    if engine not in engines:
        errors["moteur"] = (
            "Choisissez un moteur proposé."
            if engine != "llm"
            else "Aucun modèle de langage n'est configuré : choisissez le moteur hors ligne."
        )
    raw = form.get("variantes", "").strip()
    variants = int(raw) if raw.isdigit() else 0
    if not 1 <= variants <= MAX_VARIANTS:
        errors["variantes"] = f"Indiquez un nombre de propositions entre 1 et {MAX_VARIANTS}."
    return engine, variants, errors


def _parts(text: str) -> list[tuple[str, bool]]:
    parts: list[tuple[str, bool]] = []
    last = 0
    for match in MARKER.finditer(text):
        parts += [(text[last : match.start()], False), (match.group(0), True)]
        last = match.end()
    return [*parts, (text[last:], False)]


def _where(champ: str) -> str:
    head = re.sub(r"\[\d+\]$", "", champ).removesuffix(".vous").removesuffix(".jury")
    return FIELD_LABELS.get(head, "modifications" if champ.startswith("modifications") else champ)


def _findings(found: list[Constat], gravite: str) -> list[tuple[str, str]]:
    return [(_where(c.champ), c.message) for c in found if c.gravite == gravite]


def card(number: int, proposal: Proposal) -> Card:
    """A proposal as the page shows it: its angle, what it changes, its findings, its rows."""
    fiche = proposal.fiche
    changed = ", ".join(PARAMETER_LABELS.get(m.parametre, m.parametre).lower() for m in fiche.modifications)
    candidate_rows = [Row(label, _parts(candidate_row(fiche, name))) for name, label in ROWS_CANDIDAT]
    jury_rows = [Row(label, _parts(jury_row(fiche, name))) for name, label in ROWS_JURY]
    count = sum(marked for row in candidate_rows + jury_rows for _, marked in row.parts)
    return Card(
        number=number,
        angle=fiche.fiche_candidat.objet,
        changed=changed or "aucun paramètre déclaré",
        valid=proposal.valide,
        errors=_findings(proposal.constats, "erreur"),
        warnings=_findings(proposal.constats, "avertissement"),
        markers=count,
        candidate_rows=candidate_rows,
        jury_rows=jury_rows,
    )


def _uuid(value: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise InputError("formulaire", what, "valeur invalide : rechargez la page et recommencez") from None


def read_keep(form: Mapping[str, str]) -> tuple[uuid.UUID, int, uuid.UUID]:
    """The job, the proposal's number and the commission of a « garder » form."""
    if not form.get("commission"):
        raise InputError("formulaire", "commission", "choisissez la commission qui relira la fiche")
    raw = form.get("proposition", "")
    if not raw.isdigit():
        raise InputError("formulaire", "proposition", "numéro de proposition invalide")
    return _uuid(form.get("tache", ""), "tache"), int(raw), _uuid(form["commission"], "commission")


async def commissions(session: AsyncSession, user: User, candidate: Candidate) -> list[Commission]:
    """Where a kept proposal may go: the commissions of the candidate's exam session."""
    found = await access.commissions_for(session, user)
    return [c for c in found if c.exam_session_id == candidate.exam_session_id]


async def progress(session: AsyncSession, user: User, fdap_id: uuid.UUID, job_id: uuid.UUID) -> JobProgress:
    """The job's progress, only when it is a job of this FDAP in the user's school."""
    shown = await access.progress_for(session, user, job_id)
    job = await session.get(GenerationJob, job_id)
    if job is None or job.fdap_id != fdap_id:
        raise NotFoundError("tâche de génération introuvable")
    return shown


async def keep(
    session: AsyncSession,
    user: User,
    fdap_id: uuid.UUID,
    job_id: uuid.UUID,
    number: int,
    commission_id: uuid.UUID,
) -> Fiche:
    """Proposal `number` (from 1) of the job becomes a draft fiche of the commission chosen."""
    shown = await progress(session, user, fdap_id, job_id)
    if not 1 <= number <= len(shown.fiches):
        raise InputError(
            "formulaire", "proposition", f"proposition n° {number} introuvable dans cette génération"
        )
    chosen = shown.fiches[number - 1].fiche
    motif = f"proposition n° {number} de la génération ({shown.moteur})"
    return await access.create_fiche_for(session, user, fdap_id, commission_id, chosen, motif)
