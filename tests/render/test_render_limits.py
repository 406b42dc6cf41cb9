"""A render runs in a process of its own under a time limit: past it, the process is killed, the answer is a
French 503, and the next render starts a fresh process."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from service.errors import RenderError
from service.render.export_docx import fiche_docx
from service.render.export_pdf import fiche_pdf
from service.render.worker import RenderProcess
from tests.review.conftest import good_fiche


def test_a_render_past_its_time_limit_is_stopped_and_the_next_one_works() -> None:
    renderer = RenderProcess()
    fiche = good_fiche()
    assert renderer.render(fiche_pdf, fiche, feuilles="candidat", brouillon=True).startswith(b"%PDF")
    first = renderer._process
    with pytest.raises(RenderError, match=r"le rendu a dépassé 0.01 s et a été arrêté"):
        renderer.render(fiche_pdf, fiche, feuilles="les-deux", brouillon=True, timeout=0.01)
    assert first is not None and not first.is_alive()  # killed, not left running at 100 % CPU
    assert renderer.render(fiche_docx, fiche, feuilles="jury", brouillon=False).startswith(b"PK")


def test_a_failing_render_is_a_french_render_error() -> None:
    renderer = RenderProcess()
    broken: Any = msgspec.structs.replace(good_fiche(), fiche_jury=None)
    with pytest.raises(RenderError, match="le rendu de la fiche a échoué"):
        renderer.render(fiche_pdf, broken, feuilles="jury", brouillon=True)
