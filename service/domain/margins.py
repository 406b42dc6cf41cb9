"""Discounts: what the FDAP's annex allows the seller (marges de manœuvre) and what a sheet grants."""

from __future__ import annotations

import re

from service.domain.fdap import Fdap
from service.domain.text import fold, sentences

_PERCENT = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s*(?:%|pour\s*cent|pourcent)")
_DISCOUNT = re.compile(
    r"\b(?:remises?|reductions?|rabais|ristournes?|gestes? commercia\w*|escomptes?|marges? de man\w*)"
)
_LIMIT = re.compile(
    r"\b(?:max\w*|plafon\w*|jusqu'a|limit\w*|autoris\w*|ne peu\w* (?:pas )?(?:depasser|exceder)|au plus|"
    r"n'excede|ne depasse|marges? de man\w*|pouvez accorder|peut accorder|possibles?)"
)
_FORBIDDEN = re.compile(
    r"\b(?:aucune? (?:remise|reduction|rabais|ristourne)|pas de (?:remise|reduction|rabais|ristourne)|"
    r"jamais de (?:remise|reduction|rabais)|prix (?:non negociables?|fermes?|imposes?)|"
    r"(?:remises?|reductions?) (?:ne sont pas|n'est pas|interdite?s?|impossibles?))"
)
# Sentences where the CLIENT asks for a discount or a competitor offers one: a constraint, not a concession.
_DEMAND = re.compile(
    r"\b(?:demand\w*|exig\w*|reclam\w*|souhait\w*|esper\w*|attend\w*|veut|voudrai\w*|concurren\w*|"
    r"obtenu\w*|ailleurs|negocier|obtenir|pretend\w*|menace\w*|refus\w*)"
)


def _percent(value: str) -> float:
    return float(value.replace(",", "."))


def _margin_texts(fdap: Fdap) -> list[str]:
    return [fdap.annexe_offre, fdap.cadre.offre_commerciale, fdap.cadre.methodes_vente]


def _units(text: str) -> list[str]:
    """Lines of an annex (a margin and its variants share a line); sentences of long prose."""
    units: list[str] = []
    for line in fold(text).splitlines():
        units += sentences(line) if len(line) > 250 else [line]
    return units


def stated_limits(fdap: Fdap) -> list[float]:
    """Discount limits the FDAP states for the seller, in percent, in the order they appear."""
    found: list[float] = []
    for text in _margin_texts(fdap):
        for unit in _units(text):
            if _DISCOUNT.search(unit) and _LIMIT.search(unit):
                found += [_percent(m.group(1)) for m in _PERCENT.finditer(unit)]
    return found


def max_discount(fdap: Fdap) -> float | None:
    """The largest discount the annex allows the seller, in percent; None when it states none."""
    found = stated_limits(fdap)
    return max(found) if found else None


def discount_forbidden(fdap: Fdap) -> bool:
    """True when the FDAP says the firm grants no discount at all (and states no maximum).

    A ban on some items only (« aucune remise sur les verres ») leaves the others open: not a blanket ban.
    """
    if max_discount(fdap) is not None:
        return False
    return any(blanket_ban(unit) for text in _margin_texts(fdap) for unit in _units(text))


_QUALIFIED = re.compile(
    r"\s*(?:supplementaire\w*\s+|possible\w*\s+|n'est\s+(?:accordee?\s+|possible\s+))?(?:sur|pour|hors|en dehors)\b"
)
_APPROVAL = re.compile(
    r"\b(?:accord|validation|valide\w*|autorisation|feu vert|aval)\s+(?:prealable\s+)?(?:du|de la|de l'|de votre|par)\b"
)
_ITEM = re.compile(r"\s+(?:n'est accordee?\s+|possible\s+)?(?:sur|pour)\s+(?P<item>[^,;.()\n]{3,60})")


def blanket_ban(folded: str) -> bool:
    """True when a folded sentence forbids every discount (not only on some items)."""
    return any(not _QUALIFIED.match(folded, m.end()) for m in _FORBIDDEN.finditer(folded))


def bans(folded: str) -> bool:
    return bool(_FORBIDDEN.search(folded))


def approval_required(fdap: Fdap) -> bool:
    """True when the FDAP says a discount needs someone's approval (« validée par le gérant »)."""
    return any(
        _APPROVAL.search(unit) and _DISCOUNT.search(unit)
        for text in _margin_texts(fdap)
        for unit in _units(text)
    )


def offered_percents(fdap: Fdap) -> set[float]:
    """Percentages the FDAP states as its own standing offers (« – 50 % sur la seconde paire »), not limits."""
    found: set[float] = set()
    for text in _margin_texts(fdap):
        for unit in _units(text):
            if not _LIMIT.search(unit) and "concurren" not in unit:
                found |= {_percent(m.group(1)) for m in _PERCENT.finditer(unit)}
    return found


def approval(folded: str) -> bool:
    return bool(_APPROVAL.search(folded))


def banned_items(fdap: Fdap) -> list[str]:
    """The items the FDAP says are never discounted (« aucune remise sur les contrats d'entretien »)."""
    items = []
    for text in _margin_texts(fdap):
        for unit in _units(text):
            for match in _FORBIDDEN.finditer(unit):
                item = _ITEM.match(unit, match.end())
                if item:
                    items.append(item.group("item"))
    return items


def granted_discounts(text: str) -> list[float]:
    """Discount percentages a sheet lets the seller grant (the client's demands are left out)."""
    granted: list[float] = []
    for sentence in sentences(fold(text)):
        if _DEMAND.search(sentence):
            continue
        for keyword in _DISCOUNT.finditer(sentence):
            window = sentence[max(0, keyword.start() - 40) : keyword.end() + 60]
            granted += [_percent(m.group(1)) for m in _PERCENT.finditer(window)]
    return sorted(set(granted))
