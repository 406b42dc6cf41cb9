"""Boilerplate: the sentences that recur word for word in the proposals of many different FDAPs.

A sentence written for one FDAP has no reason to appear, word for word, in the sheets of four others:
when it does, it is stock wording (« la peur de s'engager sur la durée ») that a teacher spots at once.
Sentences are the rows' sentences and the clauses of a « ; » list, compared after normalising spaces,
apostrophes and case, without their final punctuation; those of fewer than four words are left out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from evals.sheet_text import normalise, sheet_rows
from service.domain.fiche_sujet import FicheSujet

MIN_FDAPS = 4
TARGET = 0.05
MIN_WORDS = 4
_SPLIT = re.compile(r"(?<=[.!?…])\s+(?=[«A-ZÀ-ÖØ-Þ\"(])|\s*;\s*|\n+")


def sentences(fiche: FicheSujet) -> frozenset[str]:
    """The distinct sentences of a proposal (V-2, V-3 and the justifications of its changes)."""
    texts = [text for _, text in sheet_rows(fiche)]
    texts += [m.justification for m in fiche.modifications if m.justification.strip()]
    found = set()
    for text in texts:
        for piece in _SPLIT.split(normalise(text)):
            clean = piece.strip().rstrip(".!?…:, ").casefold()
            if len(clean.split()) >= MIN_WORDS:
                found.add(clean)
    return frozenset(found)


@dataclass(frozen=True)
class Boilerplate:
    """The run's share of recurring sentences, each proposal's share, and the most widespread ones."""

    share: float | None
    per_proposal: list[float | None]
    top: list[tuple[str, int]]


def boilerplate(proposals: Sequence[tuple[str, FicheSujet | None]]) -> Boilerplate:
    """`proposals`: (FDAP name, sheet or None) pairs; None shares when the run covers fewer than 4 FDAPs."""
    per_sheet = [sentences(fiche) if fiche is not None else frozenset[str]() for _, fiche in proposals]
    fdaps: dict[str, set[str]] = defaultdict(set)
    for (case, _), found in zip(proposals, per_sheet, strict=True):
        for sentence in found:
            fdaps[sentence].add(case)
    if len({case for case, _ in proposals}) < MIN_FDAPS:
        return Boilerplate(None, [None] * len(proposals), [])
    stock = {s for s, cases in fdaps.items() if len(cases) >= MIN_FDAPS}
    shares: list[float | None] = []
    for (_, fiche), found in zip(proposals, per_sheet, strict=True):
        shares.append(round(len(found & stock) / len(found), 4) if fiche is not None and found else None)
    total = sum(len(found) for found in per_sheet)
    recurring = sum(len(found & stock) for found in per_sheet)
    top = sorted(((s, len(fdaps[s])) for s in stock), key=lambda item: (-item[1], item[0]))[:10]
    return Boilerplate(round(recurring / total, 4) if total else None, shares, top)
