"""Last adjustments that keep a draft within the rules whatever the FDAP's words happen to be.

Templates are written to respect the rules, but an FDAP's own words can collide with them (a product
called "location longue durée" makes "la peur de s'engager sur la durée" look like a leaked frein).
These guards measure with the rules' own thresholds and adjust the draft instead of losing the variant.
"""

from __future__ import annotations

import re
from functools import lru_cache

import msgspec

from service.domain.constats import (
    GENERIC,
    OBJET_ANCHORED,
    SAME_AS_FDAP,
    SECRET_LEAKS,
    SHEET_ANCHORED,
    SIGNIFICANT,
    FdapContext,
)
from service.domain.fiche_sujet import ROWS_CANDIDAT, FicheCandidat, FicheJury, FicheSujet, candidate_row
from service.domain.text import STOPWORDS, sentences
from service.engines.offline_material import Material
from service.engines.offline_text import fast_stems as stems
from service.engines.offline_text import ffold

_MARGIN = 0.02
SPARE_OBJECTIONS = (
    "Je ne vois pas bien ce que cela m'apporte de plus.",
    "Il faut que je réfléchisse, je vous rappellerai.",
    "Vos conditions sont trop compliquées à comprendre.",
    "Pourquoi changer ce qui fonctionne déjà ?",
)


def containment(a: str, b: str) -> float:
    sa = stems(a)
    return len(sa & stems(b)) / len(sa) if sa else 0.0


@lru_cache(maxsize=4096)
def _ngrams(text: str) -> frozenset[str]:
    flat = " ".join(w for w in re.findall(r"[a-z0-9]+", ffold(text)) if w not in STOPWORDS)
    padded = f" {flat} "
    return frozenset(padded[i : i + 4] for i in range(max(len(padded) - 3, 0)))


def says_what_fdap_says(row: str, counterpart: str) -> bool:
    """rules_form.says_what_fdap_says, computed with the fast fold."""
    sa, sb = stems(row), stems(counterpart)
    jaccard = len(sa & sb) / len(sa | sb) if sa and sb else 0.0
    ga, gb = _ngrams(row), _ngrams(counterpart)
    dice = 2 * len(ga & gb) / (len(ga) + len(gb)) if ga and gb else 0.0
    return max(jaccard, dice, containment(row, counterpart)) >= SAME_AS_FDAP


def changed_parameters(fiche: FicheSujet, ctx: FdapContext, declared: set[str]) -> list[str]:
    """rules_form.changed_parameters for a sheet whose declarations will be `declared`."""
    changed = []
    for name in SIGNIFICANT:
        row, counterpart = candidate_row(fiche, name), ctx.counterparts[name]
        if row.strip() and (
            not says_what_fdap_says(row, counterpart) if counterpart.strip() else name in declared
        ):
            changed.append(name)
    return changed


def _candidate_stems(cand: FicheCandidat) -> list[frozenset[str]]:
    rows = [getattr(cand, name) for name, _ in ROWS_CANDIDAT if name != "acteurs"]
    rows += [cand.acteurs.vous, cand.acteurs.jury]
    found = [stems(s) for row in rows for s in sentences(row)]
    return [s for s in found if len(s) >= 2]


def _leaks(secret: str, said: list[frozenset[str]]) -> bool:
    for piece in sentences(secret):
        own = stems(piece)
        if len(own) >= 3 and any(len(own & s) / len(own) >= SECRET_LEAKS - 0.05 for s in said):
            return True
    return False


def keep_secrets(cand: FicheCandidat, jury: FicheJury) -> tuple[FicheJury, bool]:
    """Drop the motivations, freins and objections that the candidate sheet happens to say already.

    The flag is False when nothing playable is left (the variant is then a last resort).
    """
    said = _candidate_stems(cand)

    def filtered(text: str) -> str:
        kept = [i.strip().rstrip(".") for i in text.split(" ; ") if not _leaks(i, said)]
        joined = " ; ".join(kept)
        return joined[:1].upper() + joined[1:] + "." if joined else ""

    objections = [o for o in jury.objections if not _leaks(o, said)]
    for spare in SPARE_OBJECTIONS:
        if len(objections) >= 2:
            break
        if spare not in objections and not _leaks(spare, said):
            objections.append(spare)
    motivations, freins = filtered(jury.motivations), filtered(jury.freins)
    if not motivations or not freins or len(objections) < 2:
        return jury, False
    return msgspec.structs.replace(jury, motivations=motivations, freins=freins, objections=objections), True


def _share(text: str, anchor: frozenset[str]) -> float:
    specific = {s for s in stems(text) if s not in GENERIC and not s.isdigit()}
    return len(specific & anchor) / len(specific) if specific else 1.0


def anchor_situation(
    cand: FicheCandidat, jury: FicheJury, m: Material, ctx: FdapContext
) -> tuple[FicheCandidat, FicheJury, bool]:
    """Keep the situation rows recognisably the FDAP's: quote its offer in « Informations », and for a
    very thin FDAP trim the invented details that would make the sheet read as a new activity.

    The flag is False when the sheet still reads as a new activity (the variant is then a last resort).
    """
    if _share(cand.objet, ctx.anchor) < OBJET_ANCHORED + 0.02:
        return cand, jury, False
    informations = cand.informations
    for line in (*m.lists.get("anchors", ()), None):
        if _situation_share(cand, informations, jury.identite, ctx) >= SHEET_ANCHORED + _MARGIN:
            return msgspec.structs.replace(cand, informations=informations), jury, True
        if line is None:
            break
        if line not in informations:
            informations = f"{informations}\n{line}"
    lines = informations.split("\n")
    informations = "\n".join([x for x in lines if _share(x, ctx.anchor) >= 0.5] or lines[:1])
    first = jury.identite.split(". ", 1)[0]
    identite = f"{first}. Son projet : {m.main.label[:1].lower() + m.main.label[1:]}, chez {m.org_short}."
    sound = _situation_share(cand, informations, identite, ctx) >= SHEET_ANCHORED + _MARGIN
    cand = msgspec.structs.replace(cand, informations=informations)
    return cand, msgspec.structs.replace(jury, identite=identite), sound


def _situation_share(cand: FicheCandidat, informations: str, identite: str, ctx: FdapContext) -> float:
    return _share("\n".join([cand.objet, cand.historique_relation, informations, identite]), ctx.anchor)
