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

from service.domain.text import fold
from service.engines.offline_material import Material

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


def _nv_modes(m: Material) -> list[str]:
    modes = ["fdap", "prospect", "apres_devis", "recommandation"]
    if len(m.items) >= 2:
        modes += ["fidele", "mecontent"] + (["renouvellement"] if m.contract else [])
    return [x for x in modes if x != m.relation]


def _ec_modes(m: Material) -> list[str]:
    modes = ["projet"]
    if m.lists.get("results"):
        modes.append("bilan")
    if m.actor("partenaire") is not None:
        modes.append("partenaire")
    if any(r.pro for r in m.roles):
        modes.append("b2b")
    if any(not r.pro for r in m.roles) or m.actor("client") is not None:
        modes.append("visiteur")
    return modes


def _forced(m: Material, mode: str) -> dict[str, str]:
    if m.nature == "NV":
        return {} if mode == "fdap" else {"historique_relation": mode}
    boss = {"acteurs": "superieur"} if m.actor("superieur") is None and m.counterparts.get("acteurs") else {}
    if mode == "bilan":
        return {"historique_relation": "bilan", "dates_duree": "bilan", **boss}
    if mode == "projet":
        return boss
    if mode in ("partenaire", "b2b", "visiteur"):
        return {"acteurs": mode}
    return {}


def others(m: Material) -> list[str]:
    return [i.label for i in m.items if i.label != m.main.label]


def upgrade(m: Material) -> str:
    """A dearer item of the main item's family (same first word), for a montée en gamme."""
    head = fold(m.main.label).split()[:1]
    value = m.main.value or 0
    for item in m.items:
        if (
            item.label != m.main.label
            and fold(item.label).split()[:1] == head
            and (item.value or 0) > value > 0
        ):
            return item.label
    return ""


def _dates(m: Material) -> list[str]:
    kinds = (
        ["fin_annee", "rentree", "ete", "printemps"]
        if m.nature == "NV"
        else ["rentree", "automne", "fetes", "printemps"]
    )
    kinds = [k for k in kinds if MONTH_OF[k] != m.month]
    return kinds + (["echeance"] if m.nature == "NV" else ["delai_court"])


def _lieu(m: Material, mode: str) -> list[str]:
    said = fold(m.counterparts.get("lieu", ""))
    if m.nature == "EC":
        kinds = ["hors_murs"] + (["en_ligne"] if mode in ("projet", "bilan", "partenaire") else [])
        return kinds + (["chez_client"] if mode == "b2b" else [])
    kinds = ["chez_client", "visio"]
    if mode in ("prospect", "recommandation") or (mode == "fdap" and m.relation == "prospect"):
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


def alternative_roles(m: Material) -> list[str]:
    own = m.client.key if m.client else ""
    pro = m.client.pro if m.client else None
    return [r.key for r in m.roles if r.key != own and (pro is None or r.pro == pro)]


def _applicable(m: Material, mode: str, param: str, moving: set[str], up: str) -> list[str]:
    nv = m.nature == "NV"
    if param == "objet":
        if not others(m):
            return []
        if not nv:
            kinds = ["nouveau_format"] + (["edition"] if mode in ("projet", "bilan") and m.titre else [])
            return kinds + (["autre_cible"] if m.roles and mode != "visiteur" else [])
        kinds = ["complement"] + (["autre_produit"] if "historique_relation" in moving else [])
        return kinds + (["montee_gamme"] if up else [])
    if param == "dates_duree":
        return _dates(m)
    if param == "lieu":
        return _lieu(m, mode)
    if param == "historique_relation":
        kinds = ["concurrence"] + (["bilan"] if mode == "projet" and m.lists.get("results") else [])
        kinds += ["nouvelle_cible"] if mode in ("projet", "b2b") and m.roles else []
        return kinds + (["partenaire_retire"] if mode == "partenaire" else [])
    if param == "acteurs" and nv:
        kinds = [] if m.client and m.client.couple else ["codecideur"]
        moving_ok = "objet" in moving and "historique_relation" in moving
        return kinds + (["autre_cible"] if alternative_roles(m) and (moving_ok or not m.client) else [])
    return []


def _constraints(m: Material, plan_kinds: dict[str, str], mode: str) -> list[str]:
    if m.nature == "NV":
        kinds = ["budget", "concurrent", "delai", "marge"]
        return kinds + ([] if plan_kinds.get("acteurs") == "codecideur" else ["decideur_absent"])
    allowed = m.margin.max_pct is not None and not m.margin.forbidden
    if mode == "visiteur":
        return ["affluence", "offre_limitee"] + (["marge"] if allowed else [])
    kinds = ["budget_reduit", "personnel", "logistique"]
    kinds += [] if "dates_duree" in plan_kinds else ["delai"]
    kinds = [k for k in kinds if not (k == "logistique" and plan_kinds.get("lieu") == "en_ligne")]
    kinds += ["cofinancement"] if mode in ("partenaire", "b2b") else []
    return kinds + (["marge"] if allowed and mode in ("b2b", "projet") else [])


def candidates(m: Material, rng: random.Random, minutes: int) -> list[tuple[str, dict[str, str]]]:
    """Every coherent (mode, structuring levers) pair for this FDAP, in a seeded random order."""
    sizes = (2,) if minutes < 15 else (2, 3)
    found: list[tuple[str, dict[str, str]]] = []
    up = upgrade(m)
    for mode in _nv_modes(m) if m.nature == "NV" else _ec_modes(m):
        forced = _forced(m, mode)
        optional = [p for p in STRUCTURING if p not in forced and not (p == "acteurs" and m.nature == "EC")]
        optional = [p for p in optional if not (p == "historique_relation" and m.nature == "NV")]
        for size in sizes:
            for combo in itertools.combinations(optional, size - len(forced)):
                kinds = dict(forced)
                moving = set(forced) | set(combo)
                for param in combo:
                    options = _applicable(m, mode, param, moving, up)
                    if not options:
                        break
                    kinds[param] = rng.choice(options)
                else:
                    if len(kinds) == size:
                        found.append((mode, kinds))
    rng.shuffle(found)
    return found


class Planner:
    """Hands out plans one at a time, each as different as possible from those already given."""

    def __init__(self, m: Material, rng: random.Random, minutes: int) -> None:
        self.m, self.rng = m, rng
        self.pool = candidates(m, rng, minutes)
        self.given: list[Plan] = []

    def _score(
        self, mode: str, kinds: dict[str, str], seen: tuple[set[frozenset[str]], set[str], set[str]]
    ) -> float:
        sets, levers, modes = seen
        own = {f"{p}:{k}" for p, k in kinds.items()} | {f"mode:{mode}"}
        score = 4.0 * (frozenset(kinds) not in sets) + 2.0 * (mode not in modes)
        score += len(own - levers) + 1.5 * (len(kinds) == 2) + 0.8 * self.rng.random()
        return score + (1.0 if mode != "fdap" or self.m.nature == "EC" else 0.0) * (not self.given)

    def next(self) -> Plan | None:
        taken = {p.signature for p in self.given}
        while self.pool:
            seen = (
                {p.changed - {"contraintes"} for p in self.given},
                set().union(*(p.signature for p in self.given)),
                {p.mode for p in self.given},
            )
            index = max(range(len(self.pool)), key=lambda i: self._score(*self.pool[i], seen))
            mode, kinds = self.pool.pop(index)
            used = [k for p in self.given for q, k in p.kinds if q == "contraintes"]
            options = _constraints(self.m, kinds, mode)
            self.rng.shuffle(options)
            options.sort(key=used.count)
            for constraint in options:
                plan = Plan(mode, tuple(sorted({**kinds, "contraintes": constraint}.items())))
                if plan.signature not in taken:
                    self.given.append(plan)
                    return plan
        return None
