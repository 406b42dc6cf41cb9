"""The mark detector on a labelled list (marks and harmless look-alikes), and on every text field of a sheet."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import msgspec
import pytest

from service.domain.codec import load_fdap, load_fiche
from service.domain.fiche_sujet import FicheSujet, Modification
from service.domain.marks import find_marks
from service.domain.marks_fields import marked_fields
from service.domain.rules import check
from tests.conftest import FIXTURES, load_json

LABELLED: dict[str, Any] = load_json(Path(__file__).with_name("marks_labelled.json"))
GOOD = [x for x in load_json(FIXTURES / "fiches" / "labels.json") if not x["attendu"]]
HEADER_MARK = "Note du candidat : 15/20 – niveau TS"


def test_the_labelled_list_is_large_and_french() -> None:
    assert len(LABELLED["notes"]) >= 60 and len(LABELLED["sosies"]) >= 60
    assert not set(LABELLED["notes"]) & set(LABELLED["sosies"])


def test_precision_and_recall_are_both_full_on_the_labelled_list() -> None:
    missed = [text for text in LABELLED["notes"] if not find_marks(text)]
    wrongly = {text: find_marks(text) for text in LABELLED["sosies"] if find_marks(text)}
    found = len(LABELLED["notes"]) - len(missed)
    precision = found / (found + len(wrongly))
    recall = found / len(LABELLED["notes"])
    print(
        f"notes : précision {precision:.1%}, rappel {recall:.1%} ({found}/{len(LABELLED['notes'])} notes, "
        f"{len(wrongly)}/{len(LABELLED['sosies'])} sosies pris pour des notes)"
    )
    assert missed == [] and wrongly == {}, (missed, wrongly)


def _good_sheet() -> tuple[FicheSujet, Any]:
    label = GOOD[0]
    return load_fiche(FIXTURES / "fiches" / label["fiche"]), load_fdap(FIXTURES / "fdap" / label["fdap"])


def test_a_mark_in_the_header_date_is_refused_by_the_rule_and_named() -> None:
    fiche, fdap = _good_sheet()
    marked = msgspec.structs.replace(fiche, date=HEADER_MARK)
    assert marked_fields(marked) == [("date", "Note du candidat")]
    refusals = [c for c in check(marked, fdap) if c.code == "notation_interdite"]
    assert [(c.gravite, c.champ) for c in refusals] == [("erreur", "date")]
    assert "« Note du candidat »" in refusals[0].message


def _with(fiche: FicheSujet, path: str, text: str) -> FicheSujet:
    """`fiche` with `text` at the dotted `path` (list items as `name[i]`)."""
    data = msgspec.to_builtins(fiche)
    *parents, last = path.replace("[", ".").replace("]", "").split(".")
    node = data
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if last.isdigit():
        node[int(last)] = text
    else:
        node[last] = text
    return msgspec.convert(data, FicheSujet)


TEXT_PATHS = [
    "date",
    "commission",
    "candidat.nom",
    "candidat.prenom",
    "candidat.numero",
    "fiche_activite.titre",
    "fiche_candidat.objet",
    "fiche_candidat.dates_duree",
    "fiche_candidat.acteurs.vous",
    "fiche_candidat.acteurs.jury",
    "fiche_jury.identite",
    "fiche_jury.date_rencontre",
    "fiche_jury.objections[0]",
    "modifications[0].avant",
    "modifications[0].apres",
    "modifications[0].justification",
]


@pytest.mark.parametrize("path", TEXT_PATHS)
def test_every_text_field_is_checked_header_included(path: str) -> None:
    fiche, fdap = _good_sheet()
    fiche = msgspec.structs.replace(
        fiche,
        fiche_jury=msgspec.structs.replace(fiche.fiche_jury, objections=[*fiche.fiche_jury.objections, "x"]),
        modifications=[*fiche.modifications, Modification(parametre="lieu")],
    )
    marked = _with(fiche, path, "Note : 15")
    assert marked_fields(marked) == [(path, "Note : 15")]
    assert [c.champ for c in check(marked, fdap) if c.code == "notation_interdite"] == [path]


@pytest.mark.parametrize("label", GOOD, ids=lambda x: Path(x["fiche"]).stem)
def test_good_sheets_hold_no_marked_field(label: dict[str, Any]) -> None:
    assert marked_fields(load_fiche(FIXTURES / "fiches" / label["fiche"])) == []


def test_a_long_hostile_text_is_scanned_without_blowup() -> None:
    line = "Objection : note de frais de 15 € sur 20 jours, 15/20 minutes, TS, noté 4,5/5 ; "
    text = line * 4000  # ≈ 330 KB, the size of the 3,000 objections of the review
    started = time.perf_counter()
    found = find_marks(text)
    assert time.perf_counter() - started < 5.0  # about 1 s on a loaded machine of this project
    assert found == ["TS"] * 4000
