"""Last adjustments that keep a draft within the rules whatever the FDAP's words happen to be.

Templates are written to respect the rules, but an FDAP's own words can collide with them (a product
called "location longue durée" makes "la peur de s'engager sur la durée" look like a leaked frein).
These guards measure with the rules' own thresholds and adjust the draft instead of losing the variant.
"""

from __future__ import annotations

import msgspec

from service.domain.constats import GENERIC, OBJET_ANCHORED, SECRET_LEAKS, SHEET_ANCHORED, FdapContext
from service.domain.fiche_sujet import ROWS_CANDIDAT, FicheCandidat, FicheJury
from service.domain.text import containment, sentences, stems
from service.engines.offline_material import Material

_MARGIN = 0.08
SPARE_OBJECTIONS = (
    "Je ne vois pas bien ce que cela m'apporte de plus.",
    "Il faut que je réfléchisse, je vous rappellerai.",
    "Vos conditions sont trop compliquées à comprendre.",
    "Pourquoi changer ce qui fonctionne déjà ?",
)


def _candidate_sentences(cand: FicheCandidat) -> list[str]:
    rows = [getattr(cand, name) for name, _ in ROWS_CANDIDAT if name != "acteurs"]
    rows += [cand.acteurs.vous, cand.acteurs.jury]
    return [s for row in rows for s in sentences(row) if len(stems(s)) >= 2]


def _leaks(secret: str, said: list[str]) -> bool:
    pieces = [p for p in sentences(secret) if len(stems(p)) >= 3]
    return any(containment(p, s) >= SECRET_LEAKS - 0.05 for p in pieces for s in said)


def keep_secrets(cand: FicheCandidat, jury: FicheJury) -> FicheJury:
    """Drop the motivations, freins and objections that the candidate sheet happens to say already."""
    said = _candidate_sentences(cand)

    def filtered(text: str) -> str:
        items = [i.strip().rstrip(".") for i in text.split(" ; ")]
        kept = [i for i in items if not _leaks(i, said)] or items[:1]
        joined = " ; ".join(kept)
        return joined[:1].upper() + joined[1:] + "."

    objections = [o for o in jury.objections if not _leaks(o, said)]
    for spare in SPARE_OBJECTIONS:
        if len(objections) >= 2:
            break
        if spare not in objections and not _leaks(spare, said):
            objections.append(spare)
    return msgspec.structs.replace(
        jury, motivations=filtered(jury.motivations), freins=filtered(jury.freins), objections=objections
    )


def _share(text: str, anchor: frozenset[str]) -> float:
    specific = {s for s in stems(text) if s not in GENERIC and not s.isdigit()}
    return len(specific & anchor) / len(specific) if specific else 1.0


def anchor_situation(cand: FicheCandidat, jury: FicheJury, m: Material, ctx: FdapContext) -> FicheCandidat:
    """Add the FDAP's own description of the offer to « Informations » while the situation reads foreign."""
    if _share(cand.objet, ctx.anchor) < OBJET_ANCHORED:
        return cand
    informations = cand.informations
    for line in m.lists.get("anchors", ()):
        situation = "\n".join([cand.objet, cand.historique_relation, informations, jury.identite])
        if _share(situation, ctx.anchor) >= SHEET_ANCHORED + _MARGIN:
            break
        if line not in informations:
            informations = f"{informations}\n{line}"
    return msgspec.structs.replace(cand, informations=informations)
