"""The lever catalogue (domain.md's table) and the planner that picks distinct levers for each variant.

A plan is a "mode" (the relationship or the person the jury plays) plus the kind of change applied to
each structuring parameter that moves, plus one constraint. Each variant pulls two (sometimes three)
structuring levers and one constraint; variants of a call differ by their set of levers.
"""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass

from service.domain.rules_form import says_what_fdap_says
from service.domain.text import fold
from service.engines.offline.facts import Material
from service.engines.offline.restate import actor_restated, lived_story, restated_dates

STRUCTURING = ("objet", "dates_duree", "lieu", "historique_relation", "acteurs")

# Every lever the engine can pull, with what it does (kept here so the catalogue is readable in one place).
CATALOGUE: dict[str, str] = {
    # NV: the relationship (historique) is the mode
    "historique_relation:prospect": "prospect qui ne connaît pas encore l'organisation",
    "historique_relation:apres_devis": "second rendez-vous après la remise d'un devis",
    "historique_relation:fidele": "client fidèle qui revient pour un nouveau besoin",
    "historique_relation:mecontent": "client mécontent à reconquérir",
    "historique_relation:renouvellement": "contrat qui arrive à échéance",
    "historique_relation:recommandation": "prospect recommandé par un client satisfait",
    "objet:autre_produit": "autre produit ou service de la gamme (FDAP et annexe)",
    "objet:complement": "vente additionnelle d'une option ou d'un complément",
    "objet:montee_gamme": "montée en gamme dans la même famille d'offres",
    "dates_duree:fin_annee": "décembre, avant la fin de l'année",
    "dates_duree:rentree": "septembre, au moment de la rentrée",
    "dates_duree:ete": "juin, juste avant les congés d'été",
    "dates_duree:printemps": "avril, à l'approche de la haute saison",
    "dates_duree:echeance": "date butoir à une semaine",
    "lieu:chez_client": "au domicile ou dans les locaux du client",
    "lieu:salon": "sur le stand de l'organisation lors d'un salon",
    "lieu:visio": "en visioconférence",
    "lieu:telephone": "rendez-vous téléphonique",
    "lieu:en_agence": "dans les locaux de l'organisation",
    "acteurs:autre_cible": "un autre type de client parmi les cibles de la FDAP",
    "acteurs:codecideur": "le co-décideur (associé ou conjoint) au lieu du client",
    "contraintes:budget": "budget du client inférieur au tarif",
    "contraintes:concurrent": "offre concurrente déjà en main",
    "contraintes:delai": "décision attendue à l'issue de l'entretien",
    "contraintes:decideur_absent": "co-décideur absent",
    "contraintes:marge": "geste commercial demandé, marge à défendre",
    # EC: the person the jury plays is the mode
    "mode:projet": "négocier le projet et le budget avec le supérieur hiérarchique",
    "mode:bilan": "présenter le bilan de l'évènement au supérieur hiérarchique",
    "acteurs:partenaire": "convaincre un partenaire de participer",
    "acteurs:b2b": "proposer l'évènement à une structure cliente (club, CSE, entreprise…)",
    "acteurs:visiteur": "accueillir et conseiller un visiteur pendant l'évènement",
    "acteurs:superieur": "le responsable hiérarchique, absent de la FDAP, valide le projet",
    "objet:nouveau_format": "autre format d'évènement autour d'autres produits de l'offre",
    "objet:autre_cible": "évènement réservé à une autre cible",
    "objet:edition": "prochaine édition élargie à un autre produit",
    "dates_duree:automne": "octobre, avant les vacances de la Toussaint",
    "dates_duree:fetes": "décembre, avant les fêtes",
    "dates_duree:delai_court": "préparation en trois semaines",
    "dates_duree:bilan": "réunion de bilan dix jours après l'évènement",
    "lieu:hors_murs": "évènement hors des locaux (salon, salle louée)",
    "lieu:en_ligne": "évènement en direct sur les réseaux sociaux",
    "historique_relation:bilan": "l'évènement a eu lieu : résultats contrastés",
    "historique_relation:concurrence": "concurrence qui se renforce",
    "historique_relation:nouvelle_cible": "conquête d'une cible peu présente",
    "historique_relation:partenaire_retire": "partenaire hésitant à revenir",
    "contraintes:budget_reduit": "budget réduit d'environ un tiers",
    "contraintes:personnel": "équipe réduite le jour J",
    "contraintes:cofinancement": "dépenses partagées avec le partenaire",
    "contraintes:logistique": "espace limité, pas d'installation extérieure",
    "contraintes:affluence": "affluence : l'échange avec le visiteur doit rester court",
    "contraintes:offre_limitee": "offre réservée à l'évènement, valable le jour même",
}

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
    """Moments of the relationship that exist for this kind of sale (no renewal of a one-off purchase)."""
    sheet = facts.known
    modes = ["fdap", "prospect", "recommandation"] + (["apres_devis"] if sheet.quotes else [])
    if len(facts.items) >= 2 and not sheet.one_off:
        modes += ["fidele", "mecontent"] + (["renouvellement"] if facts.contract else [])
    elif len(facts.items) >= 2 and facts.main.value is not None and facts.main.value < 300:
        modes.append("fidele")  # a regular customer of a shop, buying again
    return [x for x in modes if x != facts.relation]


def _ec_modes(facts: Material) -> list[str]:
    modes = ["projet"]
    if facts.lists.get("results"):
        modes.append("bilan")
    if facts.actor("partenaire") is not None:
        modes.append("partenaire")
    if any(r.pro for r in facts.roles):
        modes.append("b2b")
    if any(not r.pro for r in facts.roles) or facts.actor("client") is not None:
        modes.append("visiteur")
    return modes


def _forced(facts: Material, mode: str) -> dict[str, str]:
    if facts.nature == "NV":
        return {} if mode == "fdap" else {"historique_relation": mode}
    boss = (
        {"acteurs": "superieur"}
        if facts.actor("superieur") is None and facts.counterparts.get("acteurs")
        else {}
    )
    if mode == "bilan":
        return {"historique_relation": "bilan", "dates_duree": "bilan", **boss}
    if mode == "projet":
        return boss
    if mode in ("partenaire", "b2b", "visiteur"):
        return {"acteurs": mode}
    return {}


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
    return kinds + (["echeance"] if facts.nature == "NV" else ["delai_court"])


def _lieu(facts: Material, mode: str) -> list[str]:
    said = fold(facts.counterparts.get("lieu", ""))
    if facts.nature == "EC":
        kinds = ["hors_murs"] + (["en_ligne"] if mode in ("projet", "bilan", "partenaire") else [])
        return kinds + (["chez_client"] if mode == "b2b" else [])
    kinds = ["chez_client", "visio"]
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
    nv = facts.nature == "NV"
    if param == "objet":
        if not others(facts):
            return []
        if not nv:
            kinds = ["nouveau_format"] + (["edition"] if mode in ("projet", "bilan") and facts.titre else [])
            return kinds + (["autre_cible"] if facts.roles and mode != "visiteur" else [])
        kinds = ["complement"] + (["autre_produit"] if "historique_relation" in moving else [])
        return kinds + (["montee_gamme"] if up else [])
    if param == "dates_duree":
        return _dates(facts)
    if param == "lieu":
        return _lieu(facts, mode)
    if param == "historique_relation":
        kinds = ["concurrence"] + (["bilan"] if mode == "projet" and facts.lists.get("results") else [])
        kinds += ["nouvelle_cible"] if mode in ("projet", "b2b") and facts.roles else []
        return kinds + (["partenaire_retire"] if mode == "partenaire" else [])
    if param == "acteurs" and nv:
        kinds = [] if facts.client and facts.client.couple else ["codecideur"]
        moving_ok = "objet" in moving and "historique_relation" in moving
        return kinds + (
            ["autre_cible"] if alternative_roles(facts) and (moving_ok or not facts.client) else []
        )
    return []


def _constraints(facts: Material, plan_kinds: dict[str, str], mode: str) -> list[str]:
    if facts.nature == "NV":
        kinds = ["budget", "concurrent", "delai", "marge"]
        return kinds + ([] if plan_kinds.get("acteurs") == "codecideur" else ["decideur_absent"])
    allowed = facts.margin.max_pct is not None and not facts.margin.forbidden
    if mode == "visiteur":
        return ["affluence", "offre_limitee"] + (["marge"] if allowed else [])
    kinds = ["budget_reduit", "personnel", "logistique"]
    kinds += [] if "dates_duree" in plan_kinds else ["delai"]
    kinds = [k for k in kinds if not (k == "logistique" and plan_kinds.get("lieu") == "en_ligne")]
    kinds += ["cofinancement"] if mode in ("partenaire", "b2b") else []
    return kinds + (["marge"] if allowed and mode in ("b2b", "projet") else [])


def candidates(facts: Material, rng: random.Random, minutes: int) -> list[tuple[str, dict[str, str]]]:
    """Every coherent (mode, structuring levers) pair for this FDAP, in a seeded random order."""
    sizes = (2,) if minutes < 15 else (2, 3)
    found: list[tuple[str, dict[str, str]]] = []
    up = upgrade(facts)
    for mode in _nv_modes(facts) if facts.nature == "NV" else _ec_modes(facts):
        forced = _forced(facts, mode)
        optional = [
            p for p in STRUCTURING if p not in forced and not (p == "acteurs" and facts.nature == "EC")
        ]
        optional = [p for p in optional if not (p == "historique_relation" and facts.nature == "NV")]
        for size in sizes if len(forced) <= max(sizes) else (len(forced),):
            if size < len(forced):  # an EC whose forced levers already fill the plan
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
    dates = facts.counterparts.get("dates_duree", "")
    if len(dates) > 160 and not says_what_fdap_says(restated_dates(facts, minutes), dates):
        found.add("dates_duree")
    return frozenset(found)


class Planner:
    """Hands out plans one at a time, each as different as possible from those already given."""

    def __init__(self, facts: Material, rng: random.Random, minutes: int) -> None:
        self.facts, self.rng = facts, rng
        self.pool = candidates(facts, rng, minutes)
        self.given: list[Plan] = []
        # rows every NV variant rewrites anyway (a title that is the student's objectives): sets compare with them
        self.always = _restated_anyway(facts, minutes)
        story = facts.counterparts.get("historique_relation", "")
        trimmed = facts.nature == "NV" and len(lived_story(facts)) < 0.8 * len(story)
        self.in_fdap_mode = frozenset({"historique_relation"}) if trimmed else frozenset()

    def _excess(self, mode: str, kinds: dict[str, str]) -> float:
        """A heavy penalty for a plan that, with the rows rewritten anyway, changes more than 4 rows."""
        return 20.0 * (len(self._rewritten(mode, frozenset(kinds)) | {"contraintes"}) > 4)

    def _rewritten(self, mode: str, params: frozenset[str]) -> frozenset[str]:
        """The rows a plan changes, with those the writers restate anyway."""
        return params | self.always | (self.in_fdap_mode if mode == "fdap" else frozenset())

    def _score(
        self, mode: str, kinds: dict[str, str], seen: tuple[set[frozenset[str]], set[str], set[str]]
    ) -> float:
        sets, levers, modes = seen
        own = {f"{p}:{k}" for p, k in kinds.items()} | {f"mode:{mode}"}
        score = 4.0 * (self._rewritten(mode, frozenset(kinds)) not in sets) + 2.0 * (mode not in modes)
        score += len(own - levers) + 1.5 * (len(kinds) == 2) + 0.8 * self.rng.random()
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
            options = _constraints(self.facts, kinds, mode)
            self.rng.shuffle(options)
            options.sort(key=used.count)
            for constraint in options:
                plan = Plan(mode, tuple(sorted({**kinds, "contraintes": constraint}.items())))
                if plan.signature not in taken:
                    self.given.append(plan)
                    return plan
        return None
