"""A render process makes PDFs for as long as the service lives: its font configuration is made once."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from service.render import export_pdf
from service.render.export_pdf import fiche_pdf
from tests.review.conftest import good_fiche


def test_pdfs_of_one_thread_share_one_font_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    fonts = export_pdf._weasyprint().text.fonts
    made: list[Any] = []
    real = fonts.FontConfiguration

    def counted() -> Any:
        made.append(real())
        return made[-1]

    monkeypatch.setattr(fonts, "FontConfiguration", counted)
    monkeypatch.setattr(export_pdf, "_FONTS", threading.local())
    for feuilles in ("candidat", "jury", "les-deux"):
        assert fiche_pdf(good_fiche(), feuilles=feuilles, brouillon=False).startswith(b"%PDF")
    assert len(made) == 1  # WeasyPrint made (and leaked) one per document before
    other = threading.Thread(
        target=fiche_pdf, args=(good_fiche(),), kwargs={"feuilles": "candidat", "brouillon": True}
    )
    other.start()
    other.join()
    assert len(made) == 2  # not shared across threads
