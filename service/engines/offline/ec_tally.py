"""The lived event's headline count, read from the FDAP's results (« 52 inscrits », « 236 places vendues »,
« 31 RDV pris »), so that a review's wording carries this event's own figure, not the same sentence in
every sector."""

from __future__ import annotations

import re

from service.engines.offline.facts import Material

_COUNT = re.compile(
    r"(?<![\d,.%€/:])(\d+(?:[  ]\d{3})*)\s+"  # « 1 180 », never a date's day nor a share
    r"((?:RDV|[a-zéèêàç]{3,})(?:\s+(?:pris|vendu|vendue|vendus|vendues|signés|signées|ouvertes|ouverts))?)\b"
)
_NOT_A_TALLY = re.compile(
    r"^(?:ans?|mois|jours?|semaines?|heures?|minutes?|euros?|fois|sur|pour|dont|et|mais|ou)\b"
)


def headline(facts: Material) -> str:
    """The first count of people or sales in the FDAP's results (« 52 inscrits »), or "" when it gives none."""
    for said in facts.lists.get("results", ())[:3]:
        for match in _COUNT.finditer(said):
            number, what = match.groups()
            if int(re.sub(r"\D", "", number)) > 4 and not _NOT_A_TALLY.match(what):
                return f"{number} {what}"
    return ""
