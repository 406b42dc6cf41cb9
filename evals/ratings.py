"""Panel ratings (`fichesujet-ratings/1`): one file per reading, each proposal embedded with its ratings.

A reading is one rater's pass over proposals: who rated, which engine and commit produced the proposals,
and for each one its FDAP (file stem), its place in the run (repeat, variant), the sheet itself (so every
score can be recomputed without rerunning the engine), five ratings from 1 to 5, a verdict and the faulty
phrases quoted. The format is described in evals/ratings/README.md.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import msgspec

from service.domain.fiche_sujet import DEFAULT_SIMULATION_MINUTES, FicheSujet
from service.errors import InputError

FORMAT = "fichesujet-ratings/1"
Verdict = Literal["tel_quel", "retouches_legeres", "a_reecrire"]
VERDICTS: dict[str, str] = {
    "tel_quel": "tel quel",
    "retouches_legeres": "retouches légères",
    "a_reecrire": "à réécrire",
}
CRITERIA: dict[str, str] = {
    "changement": "Changement significatif",
    "realisme": "Réalisme, repères gardés",
    "role_jury": "Rôle du jury jouable",
    "francais": "Français",
    "duree": f"Adapté aux {DEFAULT_SIMULATION_MINUTES} minutes",
}
Note = Annotated[int, msgspec.Meta(ge=1, le=5)]


class _Strict(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Unknown keys are refused by name: a typo must never silently drop a rating."""


class Notes(_Strict):
    changement: Note
    realisme: Note
    role_jury: Note
    francais: Note
    duree: Note


class RatedProposal(_Strict, kw_only=True):
    case: str
    variant: Annotated[int, msgspec.Meta(ge=1)]
    repeat: Annotated[int, msgspec.Meta(ge=0)] = 0
    fiche: FicheSujet
    notes: Notes
    verdict: Verdict
    citations: list[str] = msgspec.field(default_factory=list)
    commentaire: str = ""


class Reading(_Strict, kw_only=True):
    format: Literal["fichesujet-ratings/1"]
    rater: Annotated[str, msgspec.Meta(min_length=1)]
    engine: str
    commit: str
    date: str = ""
    proposals: list[RatedProposal]


@dataclass(frozen=True)
class Rating:
    """One rater's judgement of one proposal; `proposal` identifies the sheet across raters (its content)."""

    source: str
    rater: str
    engine: str
    commit: str
    item: RatedProposal

    @property
    def proposal(self) -> str:
        return proposal_id(self.item.fiche)


def proposal_id(fiche: FicheSujet) -> str:
    """The same sheet read by two raters has the same id, whatever its place in their files."""
    return hashlib.sha256(msgspec.json.encode(fiche)).hexdigest()[:16]


def load_ratings(path: Path, max_bytes: int) -> list[Rating]:
    """Every rating of the reading files in `path` (a folder of .json files, or one file)."""
    files = [path] if path.is_file() else sorted(path.glob("*.json"))
    if not files:
        raise InputError(str(path), "", f"aucune notation (fichier .json au format {FORMAT})")
    ratings: list[Rating] = []
    for file in files:
        reading = _read(file, max_bytes)
        seen: set[tuple[str, int, int]] = set()
        for item in reading.proposals:
            place = (item.case, item.repeat, item.variant)
            if place in seen:
                raise InputError(
                    str(file), item.case, f"proposition notée deux fois (variante {item.variant})"
                )
            seen.add(place)
            ratings.append(Rating(file.name, reading.rater, reading.engine, reading.commit, item))
    return ratings


def _read(file: Path, max_bytes: int) -> Reading:
    try:
        if file.stat().st_size > max_bytes:
            raise InputError(str(file), "", f"fichier trop volumineux (plus de {max_bytes} octets)")
        return msgspec.json.decode(file.read_bytes(), type=Reading)
    except OSError as exc:
        raise InputError(str(file), "", f"notation illisible ({exc.strerror or exc})") from None
    except msgspec.ValidationError as exc:
        raise InputError(str(file), "", f"notation non conforme au format {FORMAT} ({exc})") from None
    except msgspec.DecodeError as exc:
        raise InputError(str(file), "", f"ce n'est pas du JSON ({exc})") from None
