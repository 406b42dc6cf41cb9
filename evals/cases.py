"""What the suite runs on: FDAP cases (a folder of fdap/1 files) and the labelled sheets."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from service.domain.codec import load_fdap, load_fiche
from service.domain.fdap import Fdap
from service.domain.fiche_sujet import FicheSujet
from service.errors import InputError

# The project's fixtures, wherever the command is run from (a checkout: evals/ sits beside fixtures/).
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DEFAULT_CASES = FIXTURES / "fdap"
DEFAULT_LABELS = FIXTURES / "fiches" / "labels.json"


@dataclass(frozen=True)
class Case:
    """One FDAP the engine is asked about."""

    name: str
    fdap: Fdap


@dataclass(frozen=True)
class Labelled:
    """A sheet whose flaws are known: `attendu` is empty for a good sheet."""

    name: str
    fiche: FicheSujet
    fdap: Fdap
    attendu: frozenset[str]
    description: str


def load_cases(folder: Path, max_bytes: int) -> list[Case]:
    """Every fdap/1 JSON file of `folder` (or the one file given), sorted by name."""
    paths = [folder] if folder.is_file() else sorted(folder.glob("*.json"))
    if not paths:
        raise InputError(str(folder), "", "aucune FDAP (fichier .json) à évaluer")
    return [Case(path.stem, load_fdap(path, max_bytes)) for path in paths]


def load_labels(labels_file: Path, max_bytes: int) -> list[Labelled]:
    """The labelled sheets listed in labels.json; sheets in its folder, FDAPs in ../fdap."""
    try:
        entries = json.loads(labels_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(str(labels_file), "", f"étiquettes illisibles ({exc})") from None
    sheets, fdaps = labels_file.parent, labels_file.parent.parent / "fdap"
    cache: dict[str, Fdap] = {}
    labelled = []
    for entry in entries:
        name = entry["fdap"]
        if name not in cache:
            cache[name] = load_fdap(fdaps / name, max_bytes)
        labelled.append(
            Labelled(
                name=Path(entry["fiche"]).stem,
                fiche=load_fiche(sheets / entry["fiche"], max_bytes),
                fdap=cache[name],
                attendu=frozenset(entry["attendu"]),
                description=entry.get("description", ""),
            )
        )
    return labelled
