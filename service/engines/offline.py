"""The offline engine: distinct, rule-abiding proposals of fiches sujets from the FDAP alone.

No network, no key. The FDAP is read once (offline_material), a planner picks different levers for each
variant (offline_levers), writers turn each plan into both sheets (offline_nv*, offline_ec*), and every
proposal is checked with the same rules as `fichesujet check` before it is returned.
"""

from __future__ import annotations

import hashlib
import random

import msgspec

from service.domain.constats import SIGNIFICANT, FdapContext
from service.domain.fdap import Fdap
from service.domain.fiche_sujet import (
    PARAMETRES,
    FicheActivite,
    FicheCandidat,
    FicheJury,
    FicheSujet,
    Modification,
    candidate_row,
)
from service.domain.personal import find_personal, redact
from service.domain.rules import check
from service.domain.rules_form import changed_parameters
from service.engines import offline_common as co
from service.engines import offline_ec, offline_nv, offline_nv_jury
from service.engines.base import ProposalRequest
from service.engines.offline_guard import anchor_situation, keep_secrets
from service.engines.offline_levers import Plan, Planner
from service.engines.offline_material import Material, build
from service.engines.offline_why import justify

MAX_VARIANTS = 10


class OfflineEngine:
    """Proposals without a language model: deterministic for a given FDAP and seed."""

    name = "offline"

    async def propose(self, fdap: Fdap, request: ProposalRequest) -> list[FicheSujet]:
        return self.generate(fdap, request)

    def generate(self, fdap: Fdap, request: ProposalRequest) -> list[FicheSujet]:
        """`request.variants` distinct proposals (1 to 10), each free of rule errors whenever possible."""
        wanted = max(1, min(MAX_VARIANTS, request.variants))
        minutes = request.simulation_minutes
        ctx = FdapContext.of(fdap)
        m = build(fdap, ctx)
        rng = random.Random(_seed(fdap, request.seed))
        planner = Planner(m, rng, minutes)
        kept: list[FicheSujet] = []
        spare: list[tuple[int, FicheSujet]] = []
        avoid: set[str] = set()
        for _ in range(wanted * 6):
            if len(kept) == wanted:
                break
            plan = planner.next()
            if plan is None:
                planner = Planner(m, rng, minutes)
                continue
            fiche, names = _proposal(fdap, m, ctx, plan, rng, minutes, frozenset(avoid))
            if fiche is None:
                continue
            errors = sum(c.gravite == "erreur" for c in check(fiche, ctx, minutes))
            avoid |= names
            if errors:
                spare.append((errors, fiche))
            else:
                kept.append(fiche)
        spare.sort(key=lambda pair: pair[0])
        return (kept + [fiche for _, fiche in spare])[:wanted]


def _seed(fdap: Fdap, seed: int) -> int:
    digest = hashlib.sha256(msgspec.json.encode(fdap) + b"|" + str(seed).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def _proposal(
    fdap: Fdap,
    m: Material,
    ctx: FdapContext,
    plan: Plan,
    rng: random.Random,
    minutes: int,
    avoid: frozenset[str],
) -> tuple[FicheSujet | None, set[str]]:
    draft = (
        _draft_nv(m, plan, rng, minutes, avoid)
        if m.nature == "NV"
        else offline_ec.draft(m, plan, rng, minutes, avoid)
    )
    candidat, jury = _scrub(draft.candidat, draft.jury, ctx)
    candidat = anchor_situation(candidat, jury, m, ctx)
    jury = keep_secrets(candidat, jury)
    fiche = FicheSujet(
        nature=fdap.nature,
        fiche_activite=FicheActivite(numero=fdap.numero, titre=fdap.titre),
        candidat=fdap.candidat,
        duree_simulation_min=minutes,
        fiche_candidat=candidat,
        fiche_jury=jury,
    )
    names = {draft.character.first, draft.character.last}
    declared = [p for p in plan.changed]
    changed = set(changed_parameters(_declaring(fiche, declared), ctx))
    if any(p in SIGNIFICANT and ctx.counterparts[p].strip() and p not in changed for p in declared):
        return None, names
    declared += sorted(p for p in changed if p not in declared)
    mods = [_modification(fiche, m, plan, p, draft.justifications, minutes) for p in _ordered(declared)]
    mods.append(_modification(fiche, m, plan, "objectifs_communication", draft.justifications, minutes))
    return msgspec.structs.replace(fiche, modifications=mods), names


def _declaring(fiche: FicheSujet, params: list[str]) -> FicheSujet:
    """The fiche with placeholder declarations, to ask the rules which parameters differ from the FDAP."""
    mods = [Modification(parametre=p, avant="-", apres="-", justification="-") for p in params]  # type: ignore[arg-type]
    return msgspec.structs.replace(fiche, modifications=mods)


def _ordered(params: list[str]) -> list[str]:
    return [name for name in PARAMETRES if name in params]


def _modification(
    fiche: FicheSujet, m: Material, plan: Plan, param: str, why: dict[str, str], minutes: int
) -> Modification:
    kind = plan.kind(param)
    lever = f"{param}:{kind}" if kind else param if param == "objectifs_communication" else "restated"
    values = {**why, "minutes": str(minutes)}
    return Modification(
        parametre=param,  # type: ignore[arg-type]
        avant=co.avant(m, param),
        apres=candidate_row(fiche, param),
        justification=justify(lever, m.nature, values),
    )


def _scrub(candidat: FicheCandidat, jury: FicheJury, ctx: FdapContext) -> tuple[FicheCandidat, FicheJury]:
    """A last guard: any personal data that slipped through is redacted (the rules would refuse it)."""
    texts = msgspec.json.encode([candidat, jury]).decode()
    if not find_personal(texts, ctx.people, ctx.candidate):
        return candidat, jury

    def clean(value: str) -> str:
        return (
            redact(value, ctx.people, ctx.candidate)
            if find_personal(value, ctx.people, ctx.candidate)
            else value
        )

    acteurs = co.Acteurs(vous=clean(candidat.acteurs.vous), jury=clean(candidat.acteurs.jury))
    cand = msgspec.structs.replace(
        candidat, **{f: clean(getattr(candidat, f)) for f in candidat.__struct_fields__ if f != "acteurs"}
    )
    fields = {f: clean(getattr(jury, f)) for f in jury.__struct_fields__ if f != "objections"}
    return (
        msgspec.structs.replace(cand, acteurs=acteurs),
        msgspec.structs.replace(jury, **fields, objections=[clean(o) for o in jury.objections]),
    )


def _draft_nv(m: Material, plan: Plan, rng: random.Random, minutes: int, avoid: frozenset[str]) -> co.Draft:
    s = offline_nv.scene(m, plan, rng, minutes, avoid)
    cand = FicheCandidat(
        objet=offline_nv.objet(s),
        dates_duree=offline_nv.dates(s),
        lieu=offline_nv.lieu(s),
        sequence=offline_nv.sequence(s),
        historique_relation=offline_nv.historique(s),
        objectifs_communication=offline_nv.objectifs(s),
        informations=offline_nv.informations(s),
        contraintes=offline_nv.contraintes(s),
        acteurs=offline_nv.acteurs(s),
    )
    jury = FicheJury(
        objet=cand.objet,
        identite=offline_nv_jury.identite(s),
        relation_entreprise=offline_nv_jury.relation(s),
        date_rencontre=cand.dates_duree,
        lieu=cand.lieu,
        historique_relation=offline_nv_jury.historique(s, cand.historique_relation),
        objectifs_communication=cand.objectifs_communication,
        sequence=cand.sequence,
        motivations=offline_nv_jury.motivations(s),
        freins=offline_nv_jury.freins(s),
        contraintes=offline_nv_jury.contraintes(s),
        objections=offline_nv_jury.objections(s),
    )
    why = {
        "org": m.org_short,
        "focus": co.offer(s.focus),
        "companion": co.offer(s.companion) if s.companion else "l'offre actuelle",
        "plural": f"les {s.who.role.plural}" if s.who.role.plural else "cette cible",
        "plural_cap": f"Les {s.who.role.plural}" if s.who.role.plural else "Ces clients",
        "premise_at": m.premise.at,
        "premise_of": m.premise.of,
    }
    return co.Draft(cand, jury, why, s.ch)
