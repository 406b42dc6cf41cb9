"""A sheet whose text holds characters Word's XML cannot carry (control characters, lone surrogates) still
exports to Word: they are left out of the file, the rest of the text is there (schemathesis found a 503)."""

from __future__ import annotations

import io

import docx
import msgspec

from service.domain.codec import load_fiche
from service.render.export_docx import fiche_docx
from tests.conftest import FIXTURES


def test_control_characters_are_left_out_of_the_word_file() -> None:
    fiche = load_fiche(FIXTURES / "fiches" / "06-01-bon-reprise-estimee-electricien.json")
    candidate = msgspec.structs.replace(
        fiche.fiche_candidat, objet="Reprise\x0b estimée\x00 du\ud800 fourgon\x1f"
    )
    jury = msgspec.structs.replace(fiche.fiche_jury, lieu="Atelier\x08 du client")
    odd = msgspec.structs.replace(fiche, fiche_candidat=candidate, fiche_jury=jury, commission="C\x0c1")
    document = docx.Document(io.BytesIO(fiche_docx(odd, feuilles="les-deux", brouillon=True)))
    text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "Reprise estimée du fourgon" in text and "Atelier du client" in text
    assert not any(c in text for c in "\x0b\x00\ud800\x1f\x08\x0c")
