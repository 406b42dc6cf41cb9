"""The header of the form: N° of the sheet, TITRE, Nom, Prénom, N° Candidat, however they were typed.

The official form puts each field in its own cell; students also type them on one line
(« NOM : Durand   Prénom : Léa   N° candidat : 0123 ») or write « Fiche n° 2 ».
"""

from __future__ import annotations

import re

# The start of a header field, for lines holding several (« NOM : …  Prénom : …  N° candidat : … »).
_HEADER_FIELD = re.compile(
    r"(?<![\w'’])(?:nom(?:\s+du\s+candidat)?|pr[ée]noms?(?:\s+du\s+candidat)?"
    r"|n\s*[°o]\s*(?:de\s+)?candidat|num[ée]ro\s+(?:de\s+)?candidat|titre)\s*:",
    re.IGNORECASE,
)
_NUMERO = re.compile(
    r"^\s*(?:fiche|fdap)?\s*(?:d['’]activit[ée]\s*)?(?:n\s*[°o]|num[ée]ro)\s*(?:de\s+fiche\s*)?:?\s*([12])\s*$",
    re.IGNORECASE,
)


def numero_of_line(line: str) -> str | None:
    """« N° : 1 », « Fiche n° 2 »: the sheet's number, when the line is only that."""
    found = _NUMERO.match(line)
    return found.group(1) if found else None


def parse_numero(value: str) -> int | None:
    """1 or 2, or None when the value is no sheet number."""
    digits = value.strip().rstrip(".")
    return int(digits) if digits in ("1", "2") else None


def header_segments(line: str) -> list[str]:
    """The fields of a line made of several header fields only; [] when it is not such a line."""
    starts = [found.start() for found in _HEADER_FIELD.finditer(line)]
    if len(starts) < 2 or line[: starts[0]].strip():
        return []
    return [line[start:end] for start, end in zip(starts, [*starts[1:], None], strict=True)]
