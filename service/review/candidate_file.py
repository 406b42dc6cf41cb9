"""What the candidate's page and an FDAP's page show: the FDAPs, their warnings, where each text went.

The pages only display what these functions return; every lookup goes through `access` (school-scoped).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import Candidate, FdapRecord, Fiche, User
from service.domain.fdap import NATURE_LABELS, Fdap
from service.intake.labels import RUBRIC_NAMES
from service.review import access
from service.review.service import STATE_LABELS

IMPORT_PREFIX = "import : "
# The rubrics of the FDAP's body, in the V-1 order (the header's are the database's, not the document's).
BODY_RUBRICS = [p for p in RUBRIC_NAMES if p not in ("numero", "nature") and not p.startswith("candidat")]


@dataclass(frozen=True)
class Remark:
    where: str  # the rubric's name on the V-1 form, or what the warning is about
    message: str


@dataclass(frozen=True)
class SheetLine:
    id: uuid.UUID
    state: str
    version: int


@dataclass(frozen=True)
class FdapLine:
    """One FDAP of the candidate: its nature, title, warnings, and the fiches drawn from it."""

    id: uuid.UUID
    numero: int
    nature: str
    nature_label: str
    titre: str
    warnings: list[Remark]
    fiches: list[SheetLine]

    @property
    def chosen(self) -> bool:
        """The commission chose the FDAP a fiche is drawn from."""
        return bool(self.fiches)


@dataclass(frozen=True)
class CandidateFile:
    candidate: Candidate
    fdaps: list[FdapLine]


@dataclass(frozen=True)
class Rubric:
    """One rubric of the V-1 form: the text placed in it, and what the import left near it unplaced."""

    path: str
    name: str
    text: str
    unplaced: list[str]
    empty_warning: str


@dataclass(frozen=True)
class Placement:
    record: FdapRecord
    candidate: Candidate
    rubrics: list[Rubric]
    elsewhere: list[Remark]  # warnings tied to no rubric of the form


def _where(champ: str) -> str:
    name = champ.removeprefix(IMPORT_PREFIX)
    return RUBRIC_NAMES.get(name, name)


def _warnings(warnings: list[dict[str, str]]) -> list[Remark]:
    return [Remark(_where(w["champ"]), w["message"]) for w in warnings]


async def _sheets(session: AsyncSession, candidate_id: uuid.UUID) -> dict[uuid.UUID, list[SheetLine]]:
    """The fiches drawn from each FDAP of the candidate (their state and version, not their documents)."""
    rows = await session.execute(
        select(Fiche.fdap_id, Fiche.id, Fiche.state, Fiche.current_version)
        .where(Fiche.candidate_id == candidate_id)
        .order_by(Fiche.id)
    )
    drawn: dict[uuid.UUID, list[SheetLine]] = {}
    for fdap_id, fiche_id, state, version in rows.tuples():
        drawn.setdefault(fdap_id, []).append(SheetLine(fiche_id, STATE_LABELS[state], version))
    return drawn


async def candidate_file(session: AsyncSession, user: User, candidate_id: uuid.UUID) -> CandidateFile:
    """The candidate of the user's school, with both FDAPs (title and warnings, not the whole document)
    and the fiches drawn from them."""
    candidate = await access.candidate_for(session, user, candidate_id)
    drawn = await _sheets(session, candidate.id)
    rows = await session.execute(
        select(
            FdapRecord.id,
            FdapRecord.numero,
            FdapRecord.nature,
            FdapRecord.document["titre"].as_string(),
            FdapRecord.warnings,
        )
        .where(FdapRecord.candidate_id == candidate.id)
        .order_by(FdapRecord.numero)
    )
    lines = [
        FdapLine(
            fdap_id,
            numero,
            nature,
            NATURE_LABELS.get(nature, nature),
            titre or "",
            _warnings(warnings),
            drawn.get(fdap_id, []),
        )
        for fdap_id, numero, nature, titre, warnings in rows.tuples()
    ]
    return CandidateFile(candidate, lines)


def _text(fdap: Fdap, path: str) -> str:
    """The text of one rubric; a list (phases, activities, watch) one line per row."""
    value: object = fdap
    for part in path.split("."):
        value = getattr(value, part)
    if isinstance(value, list):
        rows = [" – ".join(str(v) for v in msgspec.structs.astuple(row) if str(v).strip()) for row in value]
        return "\n".join(row for row in rows if row)
    return str(value).strip()


def route(
    warnings: list[dict[str, str]],
) -> tuple[dict[str, list[str]], dict[str, str], list[Remark]]:
    """Each warning to its rubric: texts the import left near it, the rubric left empty, or elsewhere."""
    unplaced: dict[str, list[str]] = {}
    empty: dict[str, str] = {}
    elsewhere: list[Remark] = []
    names = {RUBRIC_NAMES[path]: path for path in BODY_RUBRICS}
    for warning in warnings:
        champ, message = warning["champ"], warning["message"]
        rubric = champ.removeprefix(IMPORT_PREFIX)
        if champ.startswith(IMPORT_PREFIX) and rubric in names:
            unplaced.setdefault(names[rubric], []).append(message)
        elif champ in BODY_RUBRICS:
            empty[champ] = message
        else:
            elsewhere.append(Remark(_where(champ), message))
    return unplaced, empty, elsewhere


async def placement(session: AsyncSession, user: User, fdap_id: uuid.UUID) -> Placement:
    """Rubric by rubric, the text placed there, the import's unplaced texts near it, the empty ones."""
    record, candidate = await access.fdap_for(session, user, fdap_id)
    fdap = msgspec.convert(record.document, Fdap)
    unplaced, empty, elsewhere = route(record.warnings)
    rubrics = [
        Rubric(path, RUBRIC_NAMES[path], _text(fdap, path), unplaced.get(path, []), empty.get(path, ""))
        for path in BODY_RUBRICS
    ]
    return Placement(record, candidate, rubrics, elsewhere)
