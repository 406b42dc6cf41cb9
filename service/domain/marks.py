"""Marks, grid levels and assessment language: the product never produces, stores or shows any.

Patterns are matched on the folded text (lower case, no accents) except grid levels, which are upper case
on the official grids (TI, I, S, TS) and matched as such. Sales vocabulary that looks alike is allowed:
"grille tarifaire", "prendre note", "15 sur 20 clients interrogés".
"""

from __future__ import annotations

import re
from functools import lru_cache

from service.domain.text import fold

_FOLDED = re.compile(
    "|".join(
        f"(?:{p})"
        for p in (
            r"\b\d{1,2}(?:[.,]\d{1,2})?\s*/\s*20\b",
            r"\b\d{1,2}(?:[.,]\d)?\s+sur\s+(?:20|vingt)\b(?!\s*[a-z])",
            r"\b(?:note|notes|points?)\b[^.\n]{0,30}\bsur\s+(?:20|vingt)\b",
            r"\bnote\s+(?:finale|globale|attribuee|obtenue|maximale|minimale|de l'epreuve|du candidat|de la candidate)",
            r"\bnot(?:er|e|ee|es|ees|ation)\s+(?:le |la |les |du |de la )?candidat",
            r"\bnote\b[^.\n]{0,40}\bcandidat",
            r"\bnotation\b",
            r"\bbareme",
            r"\bgrilles?\b(?!\s+(?:tarifaire|de prix|des prix|de tarif|des tarif|tarif|de remise|des remise|horaire"
            r"|de salaire|des salaire|de lecture|de vente|a montrer|a remettre|a presenter|a donner|a afficher))",
            r"\btres insuffisant",
            r"\b(?:niveau|positionnement|prestation|performance)\s+(?:\w+\s+){0,2}(?:tres\s+)?"
            r"(?:insuffisant|satisfaisant)",
            r"\b(?:le|la|du|au|les|des)\s+candidat(?:e|s)?\s+(?:sera|seront|est|sont|serait)\s+"
            r"(?:evalue|note|juge|apprecie|sanctionne|penalise)",
            r"\bevaluation\s+(?:du|de la|des|de l')\s*candidat",
            r"\bevaluer\s+(?:le|la|les)\s+candidat",
            r"\bcriteres?\s+d'evaluation",
            r"\bcompetences?\s+(?:evaluee|notee|validee)",
            r"\bappreciation\s+(?:du|de la|sur le|sur la)\s+candidat",
            r"\bmention\s+(?:tres bien|bien|assez bien|passable)",
            r"\bpoints?\s+(?:bonus|de bonus|de penalite|en moins|supplementaires)",
        )
    )
)
_LEVELS = re.compile(
    r"(?<![\w/])(?:TI|TS)(?![\w])|\bniveau\s+(?:TI|TS|I|S)\b|\bTI\s*/\s*I\s*/\s*S\s*/\s*TS\b"
)


# Every pattern above contains one of these words: a text without any of them cannot match (fast path).
_KEYS = (
    "20",
    "vingt",
    "note",
    "notation",
    "bareme",
    "grille",
    "insuffisant",
    "satisfaisant",
    "candidat",
    "evaluation",
    "evaluer",
    "critere",
    "competence",
    "appreciation",
    "mention",
    "point",
)
_LEVEL_KEYS = re.compile(r"TI|TS|niveau")


@lru_cache(maxsize=16384)
def _find(text: str) -> tuple[str, ...]:
    """Expressions of `text` that give, ask for or suggest a mark, a grid level or an assessment."""
    found = [m.group().strip() for m in _LEVELS.finditer(text)] if _LEVEL_KEYS.search(text) else []
    folded = fold(text)
    if any(key in folded for key in _KEYS):
        found += [m.group().strip() for m in _FOLDED.finditer(folded)]
    return tuple(found)


def find_marks(text: str) -> list[str]:
    """Expressions of `text` that give, ask for or suggest a mark, a grid level or an assessment."""
    return list(_find(text))
