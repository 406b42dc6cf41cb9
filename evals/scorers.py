"""Soft scores in [0, 1] of one proposal, built on the measures of the rules (service.domain).

Each score is described, with its limits, in evals/README.md. They are lexical measures: they see
words, not meaning, and rank proposals rather than certify them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from statistics import mean

from service.domain.constats import SHARED_ROWS, SIGNIFICANT, Constat, FdapContext
from service.domain.fiche_sujet import (
    ROWS_CANDIDAT,
    FicheSujet,
    candidate_row,
    jury_row,
    steps_beyond_default,
)
from service.domain.rules_content import _PHASES, anchored_share, date_marks, situation_text
from service.domain.rules_form import changed_parameters
from service.domain.text import containment, fold, resemblance

SCORES = ("significance", "anchoring", "coherence", "playability", "fit", "diversity")
LABELS = {
    "significance": "Changement significatif",
    "anchoring": "Ancrage dans la FDAP",
    "coherence": "Cohérence V-2 / V-3",
    "playability": "Rôle du jury jouable",
    "fit": "Adapté à la durée de simulation",
    "diversity": "Diversité des variantes",
}
_WHOLE = {"sequence_trop_large", "duree_simulation_depassee"}


def _clip(value: float) -> float:
    return round(min(1.0, max(0.0, value)), 4)


def significance(fiche: FicheSujet, ctx: FdapContext) -> float:
    """Half: how many parameters really change (2 wanted); half: how far the changed rows moved."""
    changed = changed_parameters(fiche, ctx)
    distances = [
        1 - resemblance(candidate_row(fiche, name), ctx.counterparts[name])
        for name in SIGNIFICANT
        if ctx.counterparts[name].strip() and candidate_row(fiche, name).strip()
    ]
    moved = mean(distances) if distances else 0.0
    return _clip(0.5 * min(1.0, len(changed) / 2) + 0.5 * moved)


def anchoring(fiche: FicheSujet, ctx: FdapContext) -> float:
    """Share of the objet's and the situation's specific words found in the FDAP and its annex."""
    shares = [
        anchored_share(fiche.fiche_candidat.objet, ctx),
        anchored_share(situation_text(fiche.fiche_candidat), ctx),
    ]
    known = [s for s in shares if s is not None]
    return _clip(mean(known)) if known else 1.0


def coherence(fiche: FicheSujet) -> float:
    """Mean agreement of the six rows both sheets carry; dates that disagree count zero."""
    agreements = []
    for cand_name, jury_name in SHARED_ROWS:
        cand, jury = candidate_row(fiche, cand_name), jury_row(fiche, jury_name)
        if not cand.strip() or not jury.strip():
            agreements.append(0.0)
            continue
        dates_cand, dates_jury = date_marks(cand), date_marks(jury)
        if dates_cand and dates_jury and not dates_cand & dates_jury:
            agreements.append(0.0)
            continue
        agreements.append(max(resemblance(cand, jury), containment(cand, jury), containment(jury, cand)))
    return _clip(mean(agreements))


def playability(fiche: FicheSujet, constats: Sequence[Constat]) -> float:
    """A profiled character, motivations that are the client's, freins, distinct objections."""
    jury = fiche.fiche_jury
    codes = {c.code for c in constats}
    identity = min(1.0, len(jury.identite.split()) / 25)
    motivations = 0.0 if not jury.motivations.strip() or "motivations_vendeur" in codes else 1.0
    freins = 1.0 if jury.freins.strip() else 0.0
    objections = [o for o in jury.objections if o.strip()]
    closest = max(
        (resemblance(a, b) for i, a in enumerate(objections) for b in objections[i + 1 :]), default=0.0
    )
    distinct = min(1.0, len(objections) / 3) * (1 - closest)
    return _clip(mean([identity, motivations, freins, distinct]))


def fit(fiche: FicheSujet, ctx: FdapContext, constats: Sequence[Constat], minutes: int) -> float:
    """A sequence of one or two phases, within the length, with few structuring changes."""
    if {c.code for c in constats} & _WHOLE:
        return 0.0
    sequence = fold(fiche.fiche_candidat.sequence)
    phases = sum(1 for p in _PHASES if re.search(p, sequence))
    allowed = 2 + steps_beyond_default(minutes)
    phase_score = 1.0 if phases <= allowed else 0.6
    changed = len(changed_parameters(fiche, ctx))
    change_score = 1.0 if changed <= 3 else 0.7 if changed == 4 else 0.3
    words = len(_candidate_text(fiche).split())
    reading = 1.0 if words <= 450 else max(0.0, 1 - (words - 450) / 450)
    return _clip(mean([phase_score, change_score, reading]))


def _candidate_text(fiche: FicheSujet) -> str:
    return "\n".join(candidate_row(fiche, name) for name, _ in ROWS_CANDIDAT)


def diversity(fiches: Sequence[FicheSujet], ctx: FdapContext) -> list[float | None]:
    """Per variant: unlike its closest sibling in words (half) and in which parameters change (half)."""
    if len(fiches) < 2:
        return [None for _ in fiches]
    texts = [_candidate_text(f) for f in fiches]
    levers = [frozenset(changed_parameters(f, ctx)) for f in fiches]
    result: list[float | None] = []
    for i, text in enumerate(texts):
        others = [j for j in range(len(fiches)) if j != i]
        wording = 1 - max(resemblance(text, texts[j]) for j in others)
        changes = min(_jaccard_distance(levers[i], levers[j]) for j in others)
        result.append(_clip(0.5 * wording + 0.5 * changes))
    return result


def _jaccard_distance(a: frozenset[str], b: frozenset[str]) -> float:
    union = a | b
    return 1 - len(a & b) / len(union) if union else 0.0


def score(fiche: FicheSujet, ctx: FdapContext, constats: Sequence[Constat], minutes: int) -> dict[str, float]:
    """Every per-proposal score (diversity is scored per FDAP, see `diversity`)."""
    return {
        "significance": significance(fiche, ctx),
        "anchoring": anchoring(fiche, ctx),
        "coherence": coherence(fiche),
        "playability": playability(fiche, constats),
        "fit": fit(fiche, ctx, constats, minutes),
    }
