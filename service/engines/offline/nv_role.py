"""What the NV character is, when the FDAP's client line gives no function: the one who runs the client
business the history names (« gérante du camping client »), never « client » alone for a business nor a
heading (« Chez le client »).
"""

from __future__ import annotations

import re

from service.domain.text import fold
from service.engines.offline.roles import de

# the client business a history names, and who speaks for it: (pattern on folded text, noun, feminine, function m/f)
_BUSINESSES = (
    (r"camping", "le camping client", ("gérant", "gérante")),
    (r"brasserie", "la brasserie cliente", ("gérant", "gérante")),
    (r"restaurant", "le restaurant client", ("gérant", "gérante")),
    (r"hotel", "l'hôtel client", ("directeur", "directrice")),
    (r"garage", "le garage client", ("gérant", "gérante")),
    (r"boulangerie", "la boulangerie cliente", ("gérant", "gérante")),
    (r"epicerie", "l'épicerie cliente", ("gérant", "gérante")),
    (r"gaec", "le GAEC client", ("associé", "associée")),
    (r"earl|exploitation agricole|ferme", "l'exploitation cliente", ("chef", "cheffe")),
    (r"ecole|college|lycee", "l'établissement client", ("directeur", "directrice")),
    (r"cabinet", "le cabinet client", ("responsable", "responsable")),
)
_NAMED_BUSINESS = re.compile(r"\b(?:le|la|l'|un|une)\s?(" + "|".join(p for p, _, _ in _BUSINESSES) + r")\b")


def business_function(history: str, gender: str, b2b: bool) -> str:
    """« gérante du camping client » for the business the history names first as the client (a B2B sale, or
    « l'école … est cliente »), or "": the restaurant a private client booked is not his business."""
    folded = fold(history)
    found = _NAMED_BUSINESS.search(folded)
    if not found or not (b2b or re.match(r"[^.;]{0,60}\bclient", folded[found.end() :])):
        return ""
    for pattern, noun, (masculine, feminine) in _BUSINESSES:
        if re.fullmatch(pattern, found.group(1)):
            return f"{feminine if gender == 'f' else masculine} {de(noun)}"
    return ""


def heading(label: str) -> bool:
    """« Chez le client », « Côté client »: the heading of an actor list, nobody to play."""
    return bool(re.match(r"(?:chez|cote)\b", fold(label).strip(" -–:")))
