"""The fixed wording of the official form: title lines, session, footnote, and where other forms begin.

Lines made only of that wording (in any order, shortened or merged onto one line, with any session year)
belong to no rubric and are neither placed nor reported as lost text.
"""

from __future__ import annotations

import re

from service.intake.matching import normalise

# The phrases the V-1 form prints outside its rubrics, normalised; one line may combine several.
_FORM_PHRASES = re.compile(
    r"\b(?:"
    r"annexe v ?1"
    r"|bts(?: ndrc)?|ndrc"
    r"|negociation (?:et )?digitalisation de la relation client"
    r"|session(?: \d{4})?(?: \d{4})?"
    r"|fiche descriptive d activite professionnelle|fiche d activite professionnelle|fdap"
    r"|(?:epreuve )?e4"
    r"|relation client et negociation vente"
    r"|(?:\d )?annexe a joindre(?: obligatoirement)? a la fiche"
    r"|(?:\d )?feuille recto verso(?: de \d pages?)?|recto verso"
    r"|page \d+(?: sur \d+)?"
    r")\b"
)
_NUMBERS = re.compile(r"\b\d+\b")
_OTHER_FORMS = re.compile(r"^(?:annexe v ?[2-9]\b.*|fiche sujet\b.*|parametres a prendre en compte.*)$")
_ANNEX_INLINE = re.compile(r"^\s*annexe\b(?!\s*v\s*-?\s*\d)[^:\n]{0,60}:\s*\S", re.IGNORECASE)
_ANNEX_HEADING = re.compile(r"^(?:annexe\b(?! v ?\d)|presentation de l offre|description de l offre)")


def is_form_wording(text: str) -> bool:
    """A line made of the form's own printed wording only (title, session, E4, footnote, page)."""
    norm = normalise(text)
    rest = _FORM_PHRASES.sub(" ", norm)
    if rest == norm:
        return False
    return not _NUMBERS.sub(" ", rest).split()


def starts_v1(text: str) -> bool:
    """The « ANNEXE V-1 » line: the V-1 form (again) from here on."""
    return normalise(text).startswith(("annexe v 1", "annexe v1"))


def starts_other_form(norm: str) -> bool:
    """The V-2, V-3… forms the same Word file often carries: not part of the FDAP."""
    return bool(_OTHER_FORMS.match(norm)) or "parametres a prendre en compte" in norm


def starts_annex(norm: str, text: str = "") -> bool:
    """The heading of the offer annex (« Annexe : présentation de l'offre »), or the annex typed on the
    heading's own line (« Annexe : grille tarifaire 2025 — loyer 59 € HT/mois… »)."""
    if _ANNEX_INLINE.match(text):
        return True
    return bool(_ANNEX_HEADING.match(norm)) and len(norm.split()) <= 15
