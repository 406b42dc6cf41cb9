"""The planner that picks distinct levers (`catalogue`) for each variant.

A plan is a "mode" (the relationship or the person the jury plays) plus the kind of change applied to
each structuring parameter that moves, plus one constraint. Each variant pulls two (sometimes three)
structuring levers and one constraint; variants of a call differ by their set of levers.
"""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass

from service.domain.text import fold
from service.engines.offline.calendar import deadline, fixed_period
from service.engines.offline.catalogue import CATALOGUE as CATALOGUE  # read by grounding
from service.engines.offline.ec_angles import ec_scene, group_keys, new_formats, reviewed
from service.engines.offline.facts import Material
from service.engines.offline.lived import (
    KNOWN_MODES,
    LIVED_STEPS,
    addons,
    big_project,
    lived_mode,
    lived_text,
    lived_trimmed,
    no_first_signature,
    sensitive,
)
from service.engines.offline.restate import actor_restated

STRUCTURING = ("objet", "dates_duree", "lieu", "historique_relation", "acteurs")


MONTH_OF = {"fin_annee": 12, "rentree": 9, "ete": 6, "printemps": 4, "automne": 10, "fetes": 12}


@dataclass(frozen=True)
class Plan:
    """The levers of one variant."""

    mode: str
    kinds: tuple[tuple[str, str], ...]

    def kind(self, param: str) -> str | None:
        return next((k for p, k in self.kinds if p == param), None)

    @property
    def changed(self) -> frozenset[str]:
        return frozenset(p for p, _ in self.kinds)

    @property
    def signature(self) -> frozenset[str]:
        return frozenset({f"mode:{self.mode}", *(f"{p}:{k}" for p, k in self.kinds)})


def _nv_modes(facts: Material) -> list[str]:
    """Moments of the relationship that exist for this kind of sale and that the FDAP has not lived."""
    sheet = facts.known
    modes = ["prospect", "recommandation"] + (["apres_devis"] if sheet.quotes else [])
    if len(facts.items) >= 2 and not sheet.one_off:
        modes += ["fidele"] + ([] if sensitive(facts) else ["mecontent"])
        modes += ["renouvellement"] if facts.contract and not sensitive(facts) else []
    elif len(facts.items) >= 2 and (
        (facts.main.value is not None and facts.main.value < 300) or addons(facts)
    ):
        modes.append("fidele")  # a client who bought before comes back (again, or for an add-on)
    lived = lived_text(facts)
    lived_mode = (
        facts.relation if facts.relation != "prospect" else ""
    )  # « prospect » is the reader's default
    kept = [
        x for x in modes if x != lived_mode and not (x in LIVED_STEPS and re.search(LIVED_STEPS[x], lived))
    ]
    return [*kept, "fdap"]  # the lived moment, with the FDAP's own client: another product, place or date


def _ec_modes(facts: Material) -> list[str]:
    """The angles a commission weighs on this event, most telling first.

    The next edition defended before whoever approves it, always; its review where the FDAP gives
    results; a partner or co-financer (the FDAP's, or one of the same kind to specify); a client
    structure only when the event addressed professionals; a visitor only at a selling event for
    private customers, as a last resort.
    """
    modes = ["projet"]
    if facts.lists.get("results"):
        modes.append("bilan")
    modes.append("partenaire")
    if any(r.pro and r.key in group_keys(facts) for r in facts.roles):
        modes.append("b2b")  # a client structure: any at a professional event, a CSE or a club at another
    elif any(i.price for i in facts.items) and any(not r.pro for r in facts.roles):
        modes.append("visiteur")
    return modes


EC_PRIORITY = {"projet": 3.0, "bilan": 2.6, "partenaire": 2.2, "b2b": 1.6, "visiteur": 0.0}


def _ec_candidates(facts: Material) -> list[tuple[str, dict[str, str]]]:
    """Every EC plan: each mode with the levers that make it look forward from the lived event."""
    seasons = ["meme_saison"] if fixed_period(facts) else [k for k in _dates(facts) if k != "delai_court"]
    boss = (
        {"acteurs": "superieur"}
        if facts.actor("superieur") is None and facts.counterparts.get("acteurs")
        else {}
    )
    found: list[tuple[str, dict[str, str]]] = []
    for mode in _ec_modes(facts):
        if mode == "bilan":
            found.append((mode, {"historique_relation": "bilan", "dates_duree": "bilan", **boss}))
            continue
        for when in [*seasons, "delai_court"]:
            if mode == "projet":
                objets = ["edition"] + (["nouveau_format"] if new_formats(facts) else [])
                found += [(mode, {"objet": o, "dates_duree": when, **boss}) for o in objets]
            elif mode == "partenaire":  # met at the partner's premises
                found.append((mode, {"acteurs": mode, "dates_duree": when, "lieu": "chez_client"}))
            else:
                found.append((mode, {"acteurs": mode, "dates_duree": when}))
    return found


def _forced(mode: str) -> dict[str, str]:  # NV: the relationship is the mode (EC plans come whole)
    return {} if mode == "fdap" else {"historique_relation": mode}


def others(facts: Material) -> list[str]:
    return [i.label for i in facts.items if i.label != facts.main.label]


def upgrade(facts: Material) -> str:
    """A dearer item of the main item's family (same first word), for a montée en gamme."""
    head = fold(facts.main.label).split()[:1]
    value = facts.main.value or 0
    for item in facts.items:
        if (
            item.label != facts.main.label
            and fold(item.label).split()[:1] == head
            and (item.value or 0) > value > 0
        ):
            return item.label
    return ""


def _dates(facts: Material) -> list[str]:
    kinds = (
        ["fin_annee", "rentree", "ete", "printemps"]
        if facts.nature == "NV"
        else ["rentree", "automne", "fetes", "printemps"]
    )
    kinds = [k for k in kinds if MONTH_OF[k] != facts.month]
    if facts.nature == "NV" and deadline(facts):
        return ["echeance"]  # a story with a dated deadline (an opening) is not moved to another season
    if facts.nature == "NV" and sensitive(facts):
        return [k for k in kinds if k != "fin_annee"]  # no pressure of a calendar in a sober trade
    return kinds + (["echeance"] if facts.nature == "NV" else ["delai_court"])


def _lieu(facts: Material, mode: str) -> list[str]:
    said = fold(facts.counterparts.get("lieu", ""))
    # a video call only where the firm sells at a distance, or sells a contract: never a product to try
    remote = facts.remote or (facts.known.sale in ("abonnement", "contrat_b2b") and not facts.tried)
    kinds = ["chez_client"] + (["visio"] if remote else [])
    if mode in ("prospect", "recommandation") or (mode == "fdap" and facts.relation == "prospect"):
        kinds.append("salon")
    if mode in ("apres_devis", "fidele", "mecontent", "renouvellement"):
        kinds.append("telephone")
    if said and not re.search(r"agence|magasin|boutique|bureau|concession|cabinet|showroom|locaux de", said):
        kinds.append("en_agence")
    banned = {
        "chez_client": r"domicile|chez (?:le|la|lui|elle)|locaux du client",
        "visio": r"visio",
        "telephone": r"telephon",
        "salon": r"salon|foire|forum",
    }
    return [k for k in kinds if not (k in banned and re.search(banned[k], said))]


def alternative_roles(facts: Material) -> list[str]:
    own = facts.client.key if facts.client else ""
    pro = facts.client.pro if facts.client else None
    return [r.key for r in facts.roles if r.key != own and (pro is None or r.pro == pro)]


def _applicable(facts: Material, mode: str, param: str, moving: set[str], up: str) -> list[str]:
    if param == "objet":
        if not others(facts):
            return []
        # an add-on or an upgrade is sold to someone who already has the main item
        known = (lived_mode(facts) if mode == "fdap" else mode) in KNOWN_MODES
        kinds = ["complement"] if known and mode != "apres_devis" and addons(facts) else []
        first = (lived_mode(facts) if mode == "fdap" else mode) in ("prospect", "recommandation")
        standalone = [i for i in facts.items if i.label != facts.main.label and i not in addons(facts)]
        if facts.known.has_annex and (standalone or not first):  # its justification cites the annex
            kinds.append("autre_produit")  # a first meeting is never about an add-on to what they lack
        return kinds + (["montee_gamme"] if up and known else [])
    if param == "dates_duree":
        return _dates(facts)
    if param == "lieu":
        return _lieu(facts, mode)
    if param == "acteurs" and mode == "fdap":
        return []  # the lived story is told of the FDAP's own client: never under another character
    if param == "acteurs":
        alone = facts.client and facts.client.couple
        kinds = [] if alone or mode not in KNOWN_MODES else ["codecideur"]  # absent from earlier meetings
        moving_ok = "historique_relation" in moving  # another kind of client, met at another moment
        return kinds + (
            ["autre_cible"] if alternative_roles(facts) and (moving_ok or not facts.client) else []
        )
    return []


def _constraints(facts: Material, plan_kinds: dict[str, str], mode: str) -> list[str]:
    if facts.nature == "NV":
        first = (lived_mode(facts) if mode == "fdap" else mode) in ("prospect", "recommandation")
        # the budget constraint's justification cites the annex's leeway: only with an annex
        kinds = (["budget"] if facts.known.has_annex else []) + ["concurrent", "marge"]
        if sensitive(facts):
            kinds.remove("concurrent")  # no rival pressure where a family prepares a bereavement or care
        elif not big_project(facts) and not (first and no_first_signature(facts)):
            kinds.append("delai")  # a decision today only where a first meeting may end with one
        small = facts.main.value is not None and facts.main.value < 300 and not facts.known.b2b
        together = plan_kinds.get("acteurs") == "codecideur" or small  # no co-decider for a small purchase
        return kinds + ([] if together else ["decideur_absent"])
    allowed = facts.margin.max_pct is not None and not facts.margin.forbidden
    if mode == "visiteur":
        return ["offre_limitee", "personnel"] + (["marge"] if allowed else [])
    if mode in ("bilan", "partenaire", "b2b"):
        return []  # their constraints are the difficulties the FDAP itself reports (and, outside, the partner's terms)
    # a cut budget needs the FDAP's budget: without it the row is a placeholder, not a constraint
    kinds = (
        (["budget_reduit"] if facts.budget else [])
        + ["personnel"]
        + ([] if plan_kinds.get("dates_duree") == "delai_court" else ["delai"])
    )
    kinds += ["cofinancement"] if mode == "projet" else []
    return kinds + (["marge"] if allowed and mode == "projet" else [])


def candidates(facts: Material, rng: random.Random, minutes: int) -> list[tuple[str, dict[str, str]]]:
    """Every coherent (mode, structuring levers) pair for this FDAP, in a seeded random order."""
    sizes = (1, 2)  # NV: the lived moment or another one, plus at most one lever
    if facts.nature == "EC":
        plans = _ec_candidates(facts)
        rng.shuffle(plans)
        return plans
    found: list[tuple[str, dict[str, str]]] = []
    up = upgrade(facts)
    for mode in _nv_modes(facts):
        forced = _forced(mode)
        optional = [p for p in STRUCTURING if p not in forced and p != "historique_relation"]
        here = (1,) if mode == "fdap" else sizes  # the lived moment: one lever
        for size in here if len(forced) <= max(here) else (len(forced),):
            if size < len(forced):
                continue
            for combo in itertools.combinations(optional, size - len(forced)):
                kinds = dict(forced)
                moving = set(forced) | set(combo)
                for param in combo:
                    options = _applicable(facts, mode, param, moving, up)
                    if not options:
                        break
                    kinds[param] = rng.choice(options)
                else:
                    if len(kinds) == size:
                        found.append((mode, kinds))
    rng.shuffle(found)
    return found


def _restated_anyway(facts: Material, minutes: int) -> frozenset[str]:
    """Rows an NV sheet rewrites even when no lever moves them: an objectives title, a long date line."""
    found = set() if facts.known.title_usable else {"objet"}
    if facts.nature != "NV":
        return frozenset(found)
    if actor_restated(facts):
        found.add("acteurs")
    return frozenset(found)


def _angle(kinds: dict[str, str]) -> str:
    return "interlocuteur" if "acteurs" in kinds else "produit" if "objet" in kinds else "moment"


class Planner:
    """Hands out plans one at a time, each as different as possible from those already given."""

    def __init__(self, facts: Material, rng: random.Random, minutes: int, unnamed: bool = False) -> None:
        self.facts, self.rng, self.unnamed = facts, rng, unnamed  # unnamed: the FDAP names no partner
        skip = unnamed and len(set(_ec_modes(facts)) - {"partenaire", "visiteur"}) >= 3  # 3 angles without it
        self.pool = [
            plan for plan in candidates(facts, rng, minutes) if not (skip and plan[0] == "partenaire")
        ]
        self.given: list[Plan] = []
        self.reviewed = facts.nature == "EC" and reviewed(facts)
        self.reviewable = facts.nature == "EC" and "bilan" in _ec_modes(facts)
        # rows every NV variant rewrites anyway (a title that is the student's objectives): sets compare with them
        self.always = _restated_anyway(facts, minutes)
        trimmed = facts.nature == "NV" and lived_trimmed(facts)
        self.in_fdap_mode = frozenset({"historique_relation"}) if trimmed else frozenset()

    def _excess(self, mode: str, kinds: dict[str, str]) -> float:
        """A heavy penalty for a plan that, with the rows rewritten anyway, changes more than 4 rows."""
        return 20.0 * (len(self._rewritten(mode, frozenset(kinds)) | {"contraintes"}) > 4)

    def _rewritten(self, mode: str, params: frozenset[str]) -> frozenset[str]:
        """The rows a plan changes, with those the writers restate anyway."""
        lived = self.in_fdap_mode if mode == "fdap" else frozenset()
        # NV, another moment: the client line loses its lived relation (« cliente nouvelle »), so it changes too
        # and the FDAP's title names the lived client, so the objet is reworded for the new one (nv.objet)
        moved = (
            frozenset({"acteurs", "objet"}) if self.facts.nature == "NV" and mode != "fdap" else frozenset()
        )
        return params | self.always | lived | moved

    def _score(
        self, mode: str, kinds: dict[str, str], seen: tuple[set[frozenset[str]], set[str], set[str]]
    ) -> float:
        sets, levers, modes = seen
        own = {f"{p}:{k}" for p, k in kinds.items()} | {f"mode:{mode}"}
        score = 4.0 * (self._rewritten(mode, frozenset(kinds)) not in sets) + 2.0 * (mode not in modes)
        score += len(own - levers) + 1.5 * (len(kinds) == 2) + 0.8 * self.rng.random()
        if self.facts.nature == "NV":  # three angles: another product, another interlocutor, another moment
            score += 3.0 * (_angle(kinds) not in {_angle(dict(p.kinds)) for p in self.given})
        if self.facts.nature == "EC":  # three meetings, not one meeting three times
            scenes = {ec_scene(p.mode, dict(p.kinds)) for p in self.given}
            score += 12.0 * (ec_scene(mode, kinds) not in scenes) + 6.0 * (mode not in modes)
            score += EC_PRIORITY.get(mode, 0.0) - 4.0 * (mode == "bilan" and self.reviewed)
            # a review proposes the next edition itself: the budget meeting is for another format
            score += 2.0 * (kinds.get("objet") == "nouveau_format" and self.reviewable)
        return score + (1.0 if mode != "fdap" or self.facts.nature == "EC" else 0.0) * (not self.given)

    def next(self) -> Plan | None:
        taken = {p.signature for p in self.given}
        while self.pool:
            seen = (
                {self._rewritten(p.mode, p.changed) - {"contraintes"} for p in self.given},
                set().union(*(p.signature for p in self.given)),
                {p.mode for p in self.given},
            )
            index = max(
                range(len(self.pool)),
                key=lambda i: self._score(*self.pool[i], seen) - self._excess(*self.pool[i]),
            )
            mode, kinds = self.pool.pop(index)
            used = [k for p in self.given for q, k in p.kinds if q == "contraintes"]
            options = [
                c
                for c in _constraints(self.facts, kinds, mode)
                if not (self.unnamed and c == "cofinancement")
            ]
            self.rng.shuffle(options)
            options.sort(key=used.count)
            room = self._rewritten(mode, frozenset(kinds)) | {"contraintes", "dates_duree"}
            if self.facts.nature == "NV" and "dates_duree" not in kinds and len(room) <= 4:
                kinds = {
                    **kinds,
                    "dates_duree": self.rng.choice(_dates(self.facts)),
                }  # a new date, not the lived one
            for constraint in options or [""]:
                extra = {"contraintes": constraint} if constraint else {}
                plan = Plan(mode, tuple(sorted({**kinds, **extra}.items())))
                if plan.signature not in taken:
                    self.given.append(plan)
                    return plan
        return None
