"""What the model engine is given beside the FDAP: the offline engine's fact sheet, and for each variant
the angle its planner chooses. The deterministic plan chooses, the model writes: its variants are then
three options a commission would weigh, and its facts are the FDAP's.

Everything here comes from the cleaned texts of the fact sheet (roles, never names); the model engine
still passes it through its privacy gate before sending it.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

import msgspec

from service.domain.fdap import Fdap
from service.engines.offline.engine import _prepared
from service.engines.offline.factsheet import FactSheet
from service.engines.offline.levers import CATALOGUE, Plan, Planner

SALES = {
    "ponctuel": "vente ponctuelle (un achat, pas d'abonnement ni de résiliation)",
    "abonnement": "abonnement ou contrat qui dure (adhésion, renouvellement, résiliation possibles)",
    "contrat_b2b": "contrat entre professionnels (devis, conditions, durée)",
    "immobilier": "transaction immobilière (mandat, visite, offre d'achat)",
    "evenement": "évènement commercial",
}
ROLES = {
    "moi": "le candidat",
    "client": "client",
    "superieur": "supérieur hiérarchique",
    "partenaire": "partenaire",
    "equipe": "collègue ou tuteur",
    "autre": "autre personne",
}


@dataclass(frozen=True)
class Grounding:
    facts: str  # the fact sheet, in French, for the prompt
    angles: tuple[str, ...]  # one per variant


def grounding(fdap: Fdap, variants: int, seed: int, minutes: int) -> Grounding:
    """The fact sheet and `variants` distinct angles for one FDAP (deterministic for a seed)."""
    digest = hashlib.sha256(msgspec.json.encode(fdap)).digest()
    _, facts = _prepared(digest, fdap)
    rng = random.Random(int.from_bytes(hashlib.sha256(digest + str(seed).encode()).digest()[:8], "big"))
    planner = Planner(facts, rng, minutes)
    angles: list[str] = []
    for _ in range(variants):
        plan = planner.next()
        if plan is None:
            planner = Planner(facts, rng, minutes)
            plan = planner.next()
        angles.append(describe(plan) if plan is not None else "au choix, différent des autres variantes")
    return Grounding(fact_text(facts.known), tuple(angles))


def describe(plan: Plan) -> str:
    """A plan in words: the mode, then each lever (« autre moment : … ; lieu : … »)."""
    parts = [CATALOGUE[f"mode:{plan.mode}"]] if f"mode:{plan.mode}" in CATALOGUE else []
    names = {
        "objet": "objet",
        "dates_duree": "moment",
        "lieu": "lieu",
        "historique_relation": "relation",
        "acteurs": "interlocuteur",
        "contraintes": "contrainte",
        "sequence": "séquence",
    }
    for param, kind in plan.kinds:
        text = CATALOGUE.get(f"{param}:{kind}")
        if text:
            parts.append(f"{names.get(param, param)} : {text}")
    return " ; ".join(parts)


def fact_text(sheet: FactSheet) -> str:
    """The fact sheet as short French lines; a missing fact says so, for a « [à préciser : …] »."""
    lines = [f"Nature de la vente : {SALES.get(sheet.sale, sheet.sale)}"]
    lines.append("Clientèle : professionnels (B2B)" if sheet.b2b else "Clientèle : particuliers (B2C)")
    if not sheet.quotes:
        lines.append("Ce secteur ne travaille pas sur devis : n'en parle pas.")
    offers = [f"{o.label}{f' ({o.price})' if o.price else ''}" for o in sheet.offers[:8]]
    lines.append("Offre nommée dans la FDAP : " + ("; ".join(offers) if offers else "[à préciser]"))
    for figure in sheet.figures[:10]:
        lines.append(f"Chiffre ({figure.measures}) : {figure.text}")
    if sheet.leeway:
        lines += [f"Marge de manœuvre (annexe) : {text}" for text in sheet.leeway[:4]]
    else:
        lines.append("Marge de manœuvre : la FDAP n'en dit rien ; n'invente aucune remise.")
    if sheet.seller_side:
        sides = ", ".join(dict.fromkeys(ROLES.get(s, s) for s in sheet.seller_side))
        lines.append(f"Du côté du vendeur (le jury ne les joue jamais comme clients) : {sides}")
    if sheet.client_side:
        sides = ", ".join(dict.fromkeys(ROLES.get(s, s) for s in sheet.client_side))
        lines.append(f"Du côté du client : {sides}")
    if sheet.competitors:
        lines.append("Concurrents cités : " + ", ".join(sheet.competitors))
    if sheet.ec_role:
        lines.append(f"Rôle du candidat dans l'évènement vécu : {sheet.ec_role}")
    lines.append("Annexe de l'offre : " + ("oui" if sheet.has_annex else "aucune"))
    return "\n".join(f"- {line}" for line in lines)
