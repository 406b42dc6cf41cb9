"""The rules against the labelled sheets of fixtures/fiches: every flaw caught by its code, no good sheet refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from service.domain.codec import load_fdap, load_fiche
from service.domain.rules import check
from tests.conftest import FIXTURES, load_json

LABELS_FILE = FIXTURES / "fiches" / "labels.json"
LABELS: list[dict[str, Any]] = load_json(LABELS_FILE) if LABELS_FILE.exists() else []
CODES_DOC = (FIXTURES / "CODES.md").read_text(encoding="utf-8")
WARNING_CODES = {line.split("|")[1].strip() for line in CODES_DOC.splitlines() if "| avertissement |" in line}


# Warnings older than the labelled set of issue 10, documented in CODES.md, that no sheet isolates yet.
OLD_WARNINGS_WITHOUT_SHEET = {
    "modification_non_declaree",
    "modification_sans_effet",
    "objections_redondantes",
    "role_jury_succinct",
}


def _run(label: dict[str, Any]) -> tuple[set[str], set[str]]:
    fiche = load_fiche(FIXTURES / "fiches" / label["fiche"])
    fdap = load_fdap(FIXTURES / "fdap" / label["fdap"])
    constats = check(fiche, fdap)
    errors = {c.code for c in constats if c.gravite == "erreur"}
    warnings = {c.code for c in constats if c.gravite == "avertissement"}
    return errors, warnings


def test_the_labelled_set_is_large_and_covers_every_error_code() -> None:
    good = [label for label in LABELS if not label["attendu"]]
    flawed = [label for label in LABELS if label["attendu"]]
    assert len(LABELS) >= 40 and len(good) >= 12 and len(flawed) >= 24
    covered = {code for label in flawed for code in label["attendu"]}
    error_codes = {line.split("|")[1].strip() for line in CODES_DOC.splitlines() if "| erreur |" in line}
    assert error_codes <= covered, f"codes without a labelled sheet: {sorted(error_codes - covered)}"
    assert covered | OLD_WARNINGS_WITHOUT_SHEET >= WARNING_CODES, sorted(WARNING_CODES - covered)


@pytest.mark.parametrize(
    "label", [x for x in LABELS if not x["attendu"]], ids=lambda x: Path(x["fiche"]).stem
)
def test_good_sheet_is_accepted(label: dict[str, Any]) -> None:
    errors, _ = _run(label)
    assert errors == set(), label["description"]


@pytest.mark.parametrize("label", [x for x in LABELS if x["attendu"]], ids=lambda x: Path(x["fiche"]).stem)
def test_flawed_sheet_is_caught_by_its_code_and_only_it(label: dict[str, Any]) -> None:
    errors, warnings = _run(label)
    expected = set(label["attendu"])
    if expected <= WARNING_CODES:
        assert expected <= warnings, label["description"]
        assert errors == set(), label["description"]
    else:
        assert errors == expected, label["description"]
