"""The import coverage report's targets hold on every test document (scripts/import-coverage prints it)."""

from __future__ import annotations

import pytest

from tests.intake.coverage import MAIN_RUBRICS, TARGET, main, measure, report
from tests.intake.documents import Document, documents


@pytest.mark.parametrize("document", documents(), ids=[document.name for document in documents()])
def test_each_document_is_placed_in_its_rubrics(document: Document) -> None:
    coverage = measure(document)
    assert coverage.share(coverage.right) >= TARGET, report([coverage])
    assert coverage.empty_main == (), report([coverage])
    assert coverage.stray_silent == (), report([coverage])
    assert coverage.lost == 0, report([coverage])


def test_the_report_names_every_main_rubric_it_checks() -> None:
    assert list(MAIN_RUBRICS.values()) == [
        "organisation",
        "offre",
        "types de clients",
        "dates",
        "lieu",
        "historique",
        "acteurs",
        "objectifs",
        "phases",
        "résultats",
    ]


def test_the_command_prints_the_table_and_succeeds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eleve-"]) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[0].startswith("document")
    assert "4 documents" in printed and "atteint partout" in printed
