"""The offline engine: distinct, rule-abiding proposals of fiches sujets from the FDAP alone.

No network, no key. The FDAP is read once (`facts`), a planner picks different levers for each
variant (`levers`), writers turn each plan into both sheets (`nv*`, `ec*`), and every
proposal is checked with the same rules as `fichesujet check` before it is returned.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable
from functools import lru_cache

import msgspec

from service.domain.constats import SIGNIFICANT, Constat, FdapContext
from service.domain.fdap import Fdap
from service.domain.fiche_sujet import (
    PARAMETRES,
    Acteurs,
    FicheActivite,
    FicheCandidat,
    FicheJury,
    FicheSujet,
    Modification,
    candidate_row,
    steps_beyond_default,
)
from service.domain.marks import find_marks
from service.domain.personal import Person, redact
from service.domain.rules import check
from service.domain.rules_form import changed_parameters
from service.domain.rules_writing import has_slot
from service.engines.base import ProposalRequest
from service.engines.offline import ec, ec_jury, french, nv, nv_jury, offer_words, restate
from service.engines.offline.draft import Draft
from service.engines.offline.ec_cast import partner_of
from service.engines.offline.facts import Material, build
from service.engines.offline.firms import unnamed_firm
from service.engines.offline.guard import anchor_situation, keep_secrets, worded
from service.engines.offline.justify import justify, restated_why
from service.engines.offline.levers import Plan, Planner
from service.engines.offline.screen import PersonalScreen
from service.engines.offline.unnamed import role_for_mark
from service.errors import EngineError

MAX_VARIANTS = 10
CLOSE = 0.6  # two variants sharing more than 60 % of their sentences are one angle, not two options
_SENTENCE = re.compile(r"(?<=[.!?;:])\s+|\n")
Checked = tuple[FicheSujet, list[Constat]]  # a proposal and what `check` finds in it


class OfflineEngine:
    """Proposals without a language model: deterministic for a given FDAP and seed."""

    name = "offline"

    async def propose(self, fdap: Fdap, request: ProposalRequest) -> list[FicheSujet]:
        return self.generate(fdap, request)

    def generate(self, fdap: Fdap, request: ProposalRequest) -> list[FicheSujet]:
        """`request.variants` distinct proposals (1 to 10), each free of rule errors whenever possible."""
        return [fiche for fiche, _ in self.generate_checked(fdap, request)]

    def generate_checked(self, fdap: Fdap, request: ProposalRequest) -> list[Checked]:
        """The proposals with the findings of `check` on each, as the engine found them: not checked twice."""
        wanted = max(1, min(MAX_VARIANTS, request.variants))
        minutes = request.simulation_minutes
        digest = hashlib.sha256(msgspec.json.encode(fdap)).digest()
        ctx, facts = _prepared(digest, fdap)
        rng = random.Random(
            int.from_bytes(hashlib.sha256(digest + str(request.seed).encode()).digest()[:8], "big")
        )
        unnamed = facts.nature == "EC" and not partner_of(facts)[1]  # the FDAP names no partner
        planner = Planner(facts, rng, minutes, unnamed)
        kept: list[Checked] = []
        spare: list[tuple[float, Checked]] = []
        avoid: set[str] = set()
        for attempt in range(wanted * 10):
            if len(kept) == wanted or (attempt >= wanted * 6 and len(kept) + len(spare) >= wanted):
                break  # enough drafts: the best spares stand in for the last angles
            plan = planner.next()
            if plan is None:
                planner = Planner(facts, rng, minutes, unnamed)
                continue
            fiche, names, penalty = _proposal(fdap, facts, ctx, plan, rng, minutes, frozenset(avoid))
            if fiche is None:
                continue
            avoid |= names
            repeat = _changes(fiche) in {_changes(f) for f, _ in kept}
            if repeat and sum(score <= 0.5 for score, _ in spare) >= wanted - len(kept):
                continue  # it scores 0.5 at best and enough spares score no worse: checking it changes nothing
            fiche, findings = _validated(fiche, ctx, minutes)
            close = max((closeness(fiche, f) for f, _ in kept), default=0.0)
            score = len({c.code for c in findings if c.gravite == "erreur"}) + penalty + 0.5 * repeat
            # too close to a kept variant: another angle is tried, and this one stands in only as a spare
            score += (0.1 + 0.1 * close) * (close > CLOSE)  # after clean ones, before crowded ones
            if score:
                spare.append((score, (fiche, findings)))
            else:
                kept.append((fiche, findings))
        spare.sort(key=lambda pair: pair[0])
        found = (kept + [checked for _, checked in spare])[:wanted]
        if not found:
            raise EngineError(
                "le moteur hors ligne n'a pu écrire aucune proposition pour cette FDAP : "
                "complétez l'offre commerciale, l'historique ou les acteurs, puis réessayez"
            )
        return found


def _sentences(fiche: FicheSujet) -> frozenset[str]:
    """The candidate sheet's sentences, for measuring how close two variants read."""
    cand = fiche.fiche_candidat
    rows = [cand.objet, cand.dates_duree, cand.lieu, cand.sequence, cand.historique_relation]
    rows += [cand.objectifs_communication, cand.informations, cand.contraintes, cand.acteurs.jury]
    return frozenset(s for row in rows for s in _SENTENCE.split(row) if len(s) > 20)


def closeness(one: FicheSujet, other: FicheSujet) -> float:
    """The share of one variant's sentences found word for word in the other (0 distinct, 1 identical)."""
    a, b = _sentences(one), _sentences(other)
    return len(a & b) / max(1, min(len(a), len(b)))


def _changes(fiche: FicheSujet) -> frozenset[str]:
    """The rows a proposal changes: two variants that change the same rows are one angle, not two."""
    return frozenset(change.parametre for change in fiche.modifications)


@lru_cache(maxsize=64)
def _prepared_cached(digest: bytes, raw: bytes) -> tuple[FdapContext, Material]:
    fdap = msgspec.json.decode(raw, type=Fdap)
    ctx = FdapContext.of(fdap)
    return ctx, build(fdap, ctx)


def _prepared(digest: bytes, fdap: Fdap) -> tuple[FdapContext, Material]:
    """The rules' view and the engine's view of an FDAP, computed once per distinct FDAP."""
    return _prepared_cached(digest, msgspec.json.encode(fdap))


_SCRUBBABLE = frozenset({"donnee_personnelle", "notation_interdite"})


def _validated(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> tuple[FicheSujet, list[Constat]]:
    """The proposal and what the same `check` as every other door finds in it.

    Marks or personal data that slipped in from the FDAP's own words are scrubbed, and a quoted line that
    reads as a badly filled slot is dropped, then the sheet is checked again.
    """
    findings = check(fiche, ctx, minutes)
    if {c.code for c in findings if c.gravite == "erreur"} & _SCRUBBABLE:
        fiche = _scrub(fiche, ctx)
        findings = check(fiche, ctx, minutes)
    if any(c.code == "texte_lacunaire" and c.gravite == "erreur" for c in findings):
        fiche = _without_slots(fiche)
        findings = check(fiche, ctx, minutes)
    return fiche, findings


def _screen_of(people: tuple[tuple[str, str], ...], candidate: tuple[str, ...]) -> PersonalScreen:
    return PersonalScreen([Person(full, surname) for full, surname in people], candidate)


def _screen(ctx: FdapContext) -> PersonalScreen:
    return _screen_of(tuple((p.full, p.surname) for p in ctx.people), ctx.candidate)


def _proposal(
    fdap: Fdap,
    facts: Material,
    ctx: FdapContext,
    plan: Plan,
    rng: random.Random,
    minutes: int,
    avoid: frozenset[str],
) -> tuple[FicheSujet | None, set[str], float]:
    """One proposal, its character's names, and a penalty: 1 when unsound, 0.25 when it changes too much."""
    draft = (
        _draft_nv(facts, plan, rng, minutes, avoid)
        if facts.nature == "NV"
        else ec_jury.draft(ec.build_scene(facts, plan, rng, minutes, avoid))
    )
    names = {draft.character.first, draft.character.last}
    fiche = FicheSujet(
        nature=fdap.nature,
        fiche_activite=FicheActivite(numero=fdap.numero, titre=fdap.titre),
        candidat=fdap.candidat,
        duree_simulation_min=minutes,
        fiche_candidat=draft.candidat,
        fiche_jury=draft.jury,
    )
    declared = list(plan.changed)
    changed = set(changed_parameters(fiche, ctx, set(declared)))
    if any(p in SIGNIFICANT and ctx.counterparts[p].strip() and p not in changed for p in declared):
        return None, names, 1.0
    crowded = 0.25 * (len(changed) > 4 + steps_beyond_default(minutes))
    anchored, jury, rooted = anchor_situation(draft.candidat, draft.jury, facts, ctx)
    jury, secret = keep_secrets(anchored, jury)
    fiche = msgspec.structs.replace(fiche, fiche_candidat=anchored, fiche_jury=jury)
    declared += sorted(p for p in changed if p not in declared)
    mods = [_modification(fiche, facts, plan, p, draft.justifications, minutes) for p in _ordered(declared)]
    mods.append(_modification(fiche, facts, plan, "objectifs_communication", draft.justifications, minutes))
    fiche = worded(msgspec.structs.replace(fiche, modifications=mods), french.tidy)
    return fiche, names, (not (rooted and secret)) + crowded


def _ordered(params: list[str]) -> list[str]:
    return [name for name in PARAMETRES if name in params]


def _modification(
    fiche: FicheSujet, facts: Material, plan: Plan, param: str, why: dict[str, str], minutes: int
) -> Modification:
    kind = plan.kind(param)
    after = candidate_row(fiche, param)
    values = {**why, "minutes": str(minutes), "goal": after[:1].lower() + after[1:]}
    if why.get(f"why:{param}"):  # the writer's own reason for this row (EC scenes)
        justification = why[f"why:{param}"]
    elif kind:
        justification = justify(f"{param}:{kind}", facts.nature, values, facts)
    elif param == "objectifs_communication":
        justification = justify(param, facts.nature, values)
    else:
        justification = restated_why(param, after, values)
    return Modification(
        parametre=param,  # type: ignore[arg-type]
        avant=role_for_mark(restate.avant(facts, param), quoted=True),
        apres=after,
        justification=justification,
    )


def _scrub(fiche: FicheSujet, ctx: FdapContext) -> FicheSujet:
    """Marks and personal data that slipped through are removed, field by field."""
    screen = _screen(ctx)

    def clean(value: str) -> str:
        if not screen.clean(value):
            value = role_for_mark(unnamed_firm(redact(value, ctx.people, ctx.candidate)))
            value = " ".join(part for part in value.split(". ") if not find_marks(part))
        return value

    return _each_text(fiche, clean, avant=True)


def _without_slots(fiche: FicheSujet) -> FicheSujet:
    """A line or sentence quoted from the FDAP that reads as a badly filled slot is dropped from its row
    (the row keeps the rest), rather than losing the whole proposal to `texte_lacunaire`."""

    def clean(value: str) -> str:
        if not has_slot(value):
            return value
        lines = [line for line in value.split("\n") if not has_slot(line)]
        kept = "\n".join(lines) if lines else value
        if has_slot(kept):
            kept = ". ".join(part for part in kept.split(". ") if not has_slot(part))
        return kept if kept.strip() else value

    return _each_text(fiche, clean, avant=False)


def _each_text(fiche: FicheSujet, clean: Callable[[str], str], avant: bool) -> FicheSujet:
    """The sheet with `clean` applied to every text field (a change's « avant » only if `avant`)."""
    cand, jury = fiche.fiche_candidat, fiche.fiche_jury
    acteurs = Acteurs(vous=clean(cand.acteurs.vous), jury=clean(cand.acteurs.jury))
    cand = msgspec.structs.replace(
        cand,
        acteurs=acteurs,
        **{f: clean(getattr(cand, f)) for f in cand.__struct_fields__ if f != "acteurs"},
    )
    fields = {f: clean(getattr(jury, f)) for f in jury.__struct_fields__ if f != "objections"}
    jury = msgspec.structs.replace(jury, **fields, objections=[clean(o) for o in jury.objections])
    mods = [
        msgspec.structs.replace(
            change,
            avant=clean(change.avant) if avant else change.avant,
            apres=clean(change.apres),
            justification=clean(change.justification),
        )
        for change in fiche.modifications
    ]
    return msgspec.structs.replace(fiche, fiche_candidat=cand, fiche_jury=jury, modifications=mods)


def _draft_nv(facts: Material, plan: Plan, rng: random.Random, minutes: int, avoid: frozenset[str]) -> Draft:
    scene = nv.build_scene(facts, plan, rng, minutes, avoid)
    cand = FicheCandidat(
        objet=nv.objet(scene),
        dates_duree=nv.dates(scene),
        lieu=nv.lieu(scene),
        sequence=nv.sequence(scene),
        historique_relation=nv.historique(scene),
        objectifs_communication=nv.objectifs(scene),
        informations=nv.informations(scene),
        contraintes=nv.contraintes(scene),
        acteurs=nv.acteurs(scene),
    )
    jury = FicheJury(
        objet=cand.objet,
        identite=nv_jury.identite(scene),
        relation_entreprise=nv_jury.relation(scene),
        date_rencontre=cand.dates_duree,
        lieu=cand.lieu,
        historique_relation=nv_jury.historique(scene, cand.historique_relation),
        objectifs_communication=cand.objectifs_communication,
        sequence=cand.sequence,
        motivations=nv_jury.motivations(scene),
        freins=nv_jury.freins(scene),
        contraintes=nv_jury.contraintes(scene),
        objections=nv_jury.objections(scene),
    )
    why = {
        "org": facts.org_short,
        "focus": offer_words.offer(scene.focus),
        "companion": offer_words.offer(scene.companion) if scene.companion else "l'offre actuelle",
        "plural": f"les {scene.who.role.plural}" if scene.who.role.plural else "cette cible",
        "plural_cap": f"Les {scene.who.role.plural}" if scene.who.role.plural else "Ces clients",
        "premise_at": facts.premise.at,
        "premise_of": facts.premise.of,
    }
    return Draft(cand, jury, why, scene.character)
