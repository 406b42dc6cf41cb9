"""Facts carried: the FDAP's figures and named products used where the sheet needs them.

A sheet is expected to carry a few of the FDAP's facts, not all: the figures part is the number of
distinct FDAP figures found in the fact rows (« Informations à exploiter » and the rows that use them),
out of min(3, figures of the FDAP); the products part says whether at least one product or service the
FDAP names is named there. A price the sheet changes still counts when it stays within 25 % of an FDAP
price stated in a clause about the same thing (a shared word of five letters or more).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import mean

from evals.figures import Figure, figures, products, word_stems
from evals.sheet_text import fact_zone, fdap_texts
from service.domain.fdap import Fdap
from service.domain.fiche_sujet import FicheSujet

EXPECTED_FIGURES = 3
CHANGED_PRICE = 0.25


@dataclass(frozen=True)
class FdapFacts:
    """What the FDAP offers a sheet: its distinct figures and its named products (name, stems)."""

    figures: tuple[Figure, ...]
    products: tuple[tuple[str, frozenset[str]], ...]

    @classmethod
    def of(cls, fdap: Fdap) -> FdapFacts:
        texts = fdap_texts(fdap)
        distinct: dict[tuple[str, ...], Figure] = {}
        for text in texts:
            for figure in figures(text):
                distinct.setdefault(figure.key, figure)
        named = products(fdap.cadre.offre_commerciale, fdap.annexe_offre, "\n".join(texts))
        return cls(tuple(distinct.values()), tuple(named))

    @property
    def substantive(self) -> tuple[Figure, ...]:
        """Figures an information row is expected to carry: prices, rates, volumes (a date alone is not)."""
        return tuple(f for f in self.figures if f.kind != "date")


@dataclass(frozen=True)
class FactsCarried:
    """The score of one sheet, and what it rests on."""

    score: float
    fdap_figures: int
    carried: tuple[str, ...]
    products_named: tuple[str, ...]
    informations_without_figure: bool


def _carried(fdap_figures: tuple[Figure, ...], text: str) -> list[Figure]:
    """The FDAP figures `text` uses, as they are or as the basis of a changed price (the closest one)."""
    found = figures(text)
    keys = {f.key for f in found}
    used = {f.key: f for f in fdap_figures if f.key in keys}
    for price in (f for f in found if f.kind == "money" and f.key not in used):
        bases = [f for f in fdap_figures if _changed(f, price)]
        if bases:
            base = min(bases, key=lambda f: abs(f.value - price.value))
            used.setdefault(base.key, base)
    return list(used.values())


def _changed(base: Figure, price: Figure) -> bool:
    if base.kind != "money" or base.value <= 0:
        return False
    close = abs(price.value - base.value) <= CHANGED_PRICE * base.value
    return close and bool(base.context & price.context)


def _acronym_named(name: str, zone: str) -> bool:
    """« PER individuel » is named by « PER »: a product whose name starts with an acronym."""
    first = name.split()[0] if name.split() else ""
    acronym = re.fullmatch(r"[A-ZÉ]{2,6}", first) is not None
    return acronym and re.search(rf"(?<!\w){re.escape(first)}(?!\w)", zone) is not None


def facts_carried(fiche: FicheSujet, facts: FdapFacts) -> FactsCarried:
    """1.0 when the FDAP has no figure and no product; else the mean of the parts that apply."""
    zone = fact_zone(fiche)
    carried = _carried(facts.figures, zone)
    stems = word_stems(zone)
    named = [name for name, words in facts.products if words <= stems or _acronym_named(name, zone)]
    parts = []
    if facts.figures:
        parts.append(min(1.0, len(carried) / min(EXPECTED_FIGURES, len(facts.figures))))
    if facts.products:
        parts.append(1.0 if named else 0.0)
    substantive = facts.substantive
    in_informations = _carried(substantive, fiche.fiche_candidat.informations)
    return FactsCarried(
        score=round(mean(parts), 4) if parts else 1.0,
        fdap_figures=len(facts.figures),
        carried=tuple(sorted(" ".join(f.key[1:]) + f" ({f.kind})" for f in carried)),
        products_named=tuple(sorted(named)),
        informations_without_figure=bool(substantive) and not in_informations,
    )
