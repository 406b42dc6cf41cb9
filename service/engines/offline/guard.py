"""Last adjustments that keep a draft within the rules whatever the FDAP's words happen to be.

Templates are written to respect the rules, but an FDAP's own words can collide with them (a product
called "location longue durée" makes "la peur de s'engager sur la durée" look like a leaked frein).
These guards measure with the rules' own thresholds and adjust the draft instead of losing the variant.
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from service.domain.constats import (
    OBJET_ANCHORED,
    SECRET_LEAKS,
    SHEET_ANCHORED,
    FdapContext,
)
from service.domain.fiche_sujet import ROWS_CANDIDAT, Acteurs, FicheCandidat, FicheJury, FicheSujet
from service.domain.rules_content import anchored_share, situation_judged, situation_text
from service.domain.text import sentences, stems
from service.engines.offline.facts import Material

_MARGIN = 0.02
MAX_OBJECTIONS = 4  # the engine offers more in reserve: those the candidate sheet says are dropped first
SPARE_OBJECTIONS = (
    "Je ne vois pas bien ce que cela m'apporte de plus.",
    "Il faut que je réfléchisse, je vous rappellerai.",
    "Vos conditions sont trop compliquées à comprendre.",
    "Pourquoi changer ce qui fonctionne déjà ?",
)


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

    objections = [o for o in jury.objections if not _leaks(o, said)][:MAX_OBJECTIONS]
    for spare in SPARE_OBJECTIONS:
        if len(objections) >= 2:
            break
        if spare not in objections and not _leaks(spare, said):
            objections.append(spare)
    motivations, freins = filtered(jury.motivations), filtered(jury.freins)
    if not motivations or not freins or len(objections) < 2:
        return jury, False
    return msgspec.structs.replace(jury, motivations=motivations, freins=freins, objections=objections), True


def _share(text: str, ctx: FdapContext) -> float:
    share = anchored_share(text, ctx)
    return 1.0 if share is None else share


def anchor_situation(
    cand: FicheCandidat, jury: FicheJury, facts: Material, ctx: FdapContext
) -> tuple[FicheCandidat, FicheJury, bool]:
    """Keep the situation rows recognisably the FDAP's: quote its offer in « Informations », and for a
    very thin FDAP trim the invented details that would make the sheet read as a new activity.

    The flag is False when the sheet still reads as a new activity (the variant is then a last resort).
    """
    if _share(cand.objet, ctx) < OBJET_ANCHORED + 0.02:
        return cand, jury, False
    if not situation_judged(ctx):
        return cand, jury, True
    informations = cand.informations
    for line in (*facts.lists.get("anchors", ()), None):
        if _situation_share(cand, informations, jury.identite, ctx) >= SHEET_ANCHORED + _MARGIN:
            return msgspec.structs.replace(cand, informations=informations), jury, True
        if line is None:
            break
        if line not in informations:
            informations = f"{informations}\n{line}"
    lines = informations.split("\n")
    informations = "\n".join([x for x in lines if _share(x, ctx) >= 0.5] or lines[:1])
    first = jury.identite.split(". ", 1)[0]
    identite = f"{first}. Son projet : {facts.main.label[:1].lower() + facts.main.label[1:]}, chez {facts.org_short}."
    sound = _situation_share(cand, informations, identite, ctx) >= SHEET_ANCHORED + _MARGIN
    cand = msgspec.structs.replace(cand, informations=informations)
    return cand, msgspec.structs.replace(jury, identite=identite), sound


def _situation_share(cand: FicheCandidat, informations: str, identite: str, ctx: FdapContext) -> float:
    return _share(situation_text(msgspec.structs.replace(cand, informations=informations)), ctx)


def worded(fiche: FicheSujet, fix: Callable[[str], str]) -> FicheSujet:
    """Every text the engine wrote passed through `fix` (the « avant » quotes the FDAP and stays)."""
    cand, jury = fiche.fiche_candidat, fiche.fiche_jury
    cand = msgspec.structs.replace(
        cand,
        acteurs=Acteurs(vous=fix(cand.acteurs.vous), jury=fix(cand.acteurs.jury)),
        **{f: fix(getattr(cand, f)) for f in cand.__struct_fields__ if f != "acteurs"},
    )
    fields = {f: fix(getattr(jury, f)) for f in jury.__struct_fields__ if f != "objections"}
    jury = msgspec.structs.replace(jury, **fields, objections=[fix(o) for o in jury.objections])
    mods = [
        msgspec.structs.replace(change, apres=fix(change.apres), justification=fix(change.justification))
        for change in fiche.modifications
    ]
    return msgspec.structs.replace(fiche, fiche_candidat=cand, fiche_jury=jury, modifications=mods)
