"""No mark is ever stored: every text of a saved document, header included, and every transition's motif."""

from __future__ import annotations

import re

from service.domain.fdap import Fdap
from service.domain.fiche_sujet import ROWS_CANDIDAT, ROWS_JURY, FicheSujet
from service.domain.marks import find_marks
from service.domain.marks_fields import marked_fields, text_fields
from service.domain.personal import whole_text
from service.domain.text import fold
from service.errors import InputError

_HEADER = {
    "fiche_activite.titre": "titre de la fiche d'activité",
    "candidat.nom": "nom du candidat",
    "candidat.prenom": "prénom du candidat",
    "candidat.numero": "numéro du candidat",
    "commission": "commission",
    "date": "date",
}
_PARTS = {"parametre": "paramètre", "avant": "avant", "apres": "après", "justification": "justification"}
_ITEM = re.compile(r"\[(\d+)\]")


def field_label(path: str) -> str:
    """A document path in the words of the sheet (« En-tête › date », « V-3 › Objections »)."""
    if path in _HEADER:
        return f"En-tête › {_HEADER[path]}"
    sheet, _, rest = path.partition(".")
    if sheet == "fiche_candidat":
        name, _, part = rest.partition(".")
        label = dict(ROWS_CANDIDAT).get(name, name)
        return f"V-2 › {label}" + (f" : {part.upper()}" if part else "")
    if sheet == "fiche_jury":
        return f"V-3 › {dict(ROWS_JURY).get(_ITEM.sub('', rest), rest)}"
    if match := re.fullmatch(r"modifications\[(\d+)\]\.(\w+)", path):
        return f"Modification n° {int(match.group(1)) + 1} › {_PARTS.get(match.group(2), match.group(2))}"
    return path


def refuse_marks(document: FicheSujet, fdap: Fdap) -> None:
    """A document with a mark is not saved: 400 naming the first field and what was found there.

    The same walk as the rule `notation_interdite`, with the same FDAP (its price grid is no mark)."""
    found = marked_fields(document, fold(whole_text(fdap)))
    if found:
        path = found[0][0]
        said = ", ".join(f"« {mark} »" for mark in find_marks(dict(text_fields(document))[path]))
        raise InputError(
            "document",
            path,
            f"la fiche contient une note ou une appréciation dans « {field_label(path)} » : {said} ; "
            "retirez-la avant d'enregistrer",
        )


def refuse_marked_motif(text: str, field: str = "motif") -> None:
    """A motif with a mark is not recorded: it would stay in the audit trail and show in the history."""
    found = find_marks(text)
    if found:
        raise InputError(
            "requête",
            field,
            f"le {field} contient une note ou une appréciation : « {found[0]} » ; retirez-la (il serait "
            "conservé dans l'historique de la fiche)",
        )
