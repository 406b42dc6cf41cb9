"""The words of the offline presets: what a finished sheet says, and the French sentences each writes.

`refine` decides which rows a preset rewrites and keeps the sheet free of new errors; this module
reads the sheet (whom the jury plays, the offer it is about, what it already says) and words the harder
objections, the budget limits and the narrower sequence from the FDAP's own material.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass

from service.domain.constats import SECRET_LEAKS, FdapContext
from service.domain.fiche_sujet import PARAMETRES, FicheSujet, candidate_row
from service.domain.text import containment, fold, sentences, stems
from service.engines.offline import french, offer_words
from service.engines.offline.extract import OfferItem
from service.engines.offline.facts import Material
from service.engines.offline.roles import cap, de

_WHO = re.compile(r"\b(le couple|la cliente|le client|le visiteur|la visiteuse)\b", re.IGNORECASE)
# The sentences a preset writes and replaces when applied again: budget margins, hardened demands.
MARGIN_SENTENCE = re.compile(r"^(?:Marge de manœuvre|Aucune remise|Geste commercial possible|Même la remise)")
HARDENED = ("Vous êtes exigeant", "Vous réclamez ", "Vous demandez d'annoncer ")


@dataclass(frozen=True)
class Cast:
    """The character the jury plays, as the sheet shows it."""

    name: str
    gender: str  # "m", "f" or "" when the sheet does not tell
    age: int | None
    trait: str
    status: str

    def g(self, masculine: str, feminine: str) -> str:
        return feminine if self.gender == "f" else masculine


@dataclass(frozen=True)
class Job:
    """One refinement: the sheet, what the FDAP offers, the seeded choices and the simulation length."""

    fiche: FicheSujet
    ctx: FdapContext
    facts: Material
    rng: random.Random
    minutes: int
    cast: Cast
    bold: bool = True  # False on the last attempts: add nothing the sheet's own words cannot carry

    @property
    def who(self) -> str:
        """How the candidate sheet names the interlocutor: "le client", "la cliente", "le couple"…"""
        c = self.fiche.fiche_candidat
        for row in (c.contraintes, c.historique_relation, c.objectifs_communication, c.dates_duree, c.lieu):
            found = _WHO.search(row)
            if found:
                return found.group(1).lower()
        return self.cast.g("votre interlocuteur", "votre interlocutrice")

    @property
    def side(self) -> str:
        """Whom the jury plays: "client" (NV, EC visitor or client structure), "superieur" or "partenaire"."""
        relation = fold(self.fiche.fiche_jury.relation_entreprise)
        if self.facts.nature == "NV" or re.search(r"prospect|client|visiteu", relation):
            return "client"
        return "partenaire" if "partenaire" in relation else "superieur"

    @property
    def verbs(self) -> tuple[str, str]:
        """("je signe", "vous ne signez"), or the buying forms when the jury plays a visitor."""
        if re.search(r"visiteu|potentiel", fold(self.fiche.fiche_jury.relation_entreprise)):
            return "j'achète", "vous n'achetez"
        return "je signe", "vous ne signez"


# ---------------------------------------------------------------- reading the sheet


def _roots(text: str) -> set[str]:
    """Word roots of a text: enough to tell that "potager" and "potagers" are one product family."""
    return {s[:5] for s in stems(text) if len(s) > 3}


def _mentions(folded: str, item: OfferItem) -> int:
    """Position of the item's label in a folded text (-1 when absent); "Option X" is also found as "X"."""
    label = fold(item.label)
    forms = [label] + [label.split(" ", 1)[1] for k in ("option ", "offre ", "pack ") if label.startswith(k)]
    spots = [s.start() for f in forms for s in re.finditer(rf"(?<!\w){re.escape(f)}(?!\w)", folded)]
    return min(spots) if spots else -1


def focus(job: Job) -> OfferItem:
    """The offer the sheet is about: the first item its rows name, else the FDAP's main offer."""
    c, facts = job.fiche.fiche_candidat, job.facts
    items = [facts.main, *(i for i in facts.items if i.label != facts.main.label)]
    for text in (c.objet, c.objectifs_communication, c.informations, c.historique_relation):
        found = [(_mentions(fold(text), i), -len(i.label), n) for n, i in enumerate(items)]
        found = [f for f in found if f[0] >= 0]
        if found:
            return items[min(found)[2]]
    return facts.main


def priced(job: Job) -> OfferItem | None:
    """The offer whose price a budget is set against: the focus, or a priced item of its family."""
    main = focus(job)
    if main.value and main.value >= 10:
        return main
    wanted, need = _roots(main.label + " " + job.fiche.fiche_candidat.objet), 1 if main.value else 2
    family = [
        i for i in job.facts.items if i.value and i.value >= 10 and len(_roots(i.label) & wanted) >= need
    ]
    return family[0] if family else (main if main.value else None)


def _price(item: OfferItem) -> str:
    """The item's price as the FDAP writes it, without "à partir de" nor its details."""
    text = re.split(r",\s", re.sub(r"\s*\([^()]*\)", "", item.price))[0]
    text = re.sub(r"^(?:à partir de|dès)\s+", "", text.strip(), flags=re.IGNORECASE)
    return text.strip(" .;") if re.search(r"\d", text) else ""


def _unit(price: str, annex: str) -> str:
    """ " par mois", " HT par invité"…: the price's unit, or the annex's "tarifs … par personne" heading."""
    folded = fold(price)
    per = re.search(r"(?:/|\bpar)\s*(mois|an|personne|invite|participant|nuit|jour|poste)\b", folded)
    unit = " HT" if re.search(r"\bht\b", folded) else ""
    if per:
        return f"{unit} par {per.group(1).replace('invite', 'invité')}"
    return unit + (" par personne" if re.search(r"tarifs?\b[^\n]*\bpar personne", fold(annex)) else "")


def leaks(text: str, job: Job) -> bool:
    """True when a jury secret would read as already said on the candidate sheet (the rules' measure)."""
    c = job.fiche.fiche_candidat
    rows = [candidate_row(job.fiche, name) for name in PARAMETRES if name != "acteurs"]
    said = [
        s for row in [*rows, c.acteurs.vous, c.acteurs.jury] for s in sentences(row) if len(stems(s)) >= 2
    ]
    return len(stems(text)) >= 3 and any(containment(text, s) >= SECRET_LEAKS - 0.05 for s in said)


# ---------------------------------------------------------------- durcir_objections


def discount_ask(job: Job, item: OfferItem) -> str:
    """A discount demand above what the annex lets the seller grant: one the candidate must refuse."""
    margin, limit = job.facts.margin, job.ctx.max_discount
    own = margin.max_pct if margin.allows_discount_on(item.label) else None
    tops = [x for x in (own, limit if limit is not None and limit <= 25 else None) if x is not None]
    top = max(tops) if tops else (limit or (0.0 if margin.forbidden else 7.5))
    return french.pct(round(top * 2 if top < 10 else top + 10) or 10)


def _rival(line: str) -> tuple[str, str]:
    """(name, price clause) of a competitor line: "Basic-Fit (24,99 € / mois, sans coaching)"."""
    name, _, rest = line.partition(" (")
    clause = next((x.strip(" ()") for x in re.split(r",\s+|\)\s*\(", rest) if re.search(r"€|%", x)), "")
    return name.strip(), clause


def _rivals(facts: Material) -> list[tuple[str, str]]:
    return [_rival(line) for line in facts.lists.get("competitors", ())]


def _result(facts: Material) -> str:
    results = facts.lists.get("results", ())
    return french.lower_first(re.split(r";|,\s", results[0])[0].strip(" .")) if results else ""


def _compared(job: Job, item: OfferItem, close: str) -> str:
    """The price objection, as specific as the candidate sheet allows without giving it away."""
    annex, unit = job.ctx.fdap.annexe_offre, _unit(item.price, job.ctx.fdap.annexe_offre)
    options = [
        f"J'ai comparé avec la concurrence. {name} : {clause}."
        for name, clause in _rivals(job.facts)
        if clause
        and ("%" in clause or (unit and _unit(clause, annex) == unit) or _roots(clause) & _roots(item.label))
    ]
    options += [
        f"J'ai comparé avec la concurrence ({french.lower_first(name)})." for name, _ in _rivals(job.facts)
    ]
    options.append("On m'a proposé moins cher ailleurs.")
    return next((o + close for o in options if not leaks(o + close, job)), options[-1] + close)


def _client_objections(job: Job, item: OfferItem, ask: str) -> list[str]:
    costed = priced(job) or item
    price, buy = _price(costed), job.verbs[0]
    close = f" À {price} chez vous, qu'est-ce qui justifie l'écart ?" if price else " Pourquoi ce prix ?"
    return [
        _compared(job, costed, close),
        f"Concrètement, que m'apporte {offer_words.offer(item)} de plus que ce que j'ai déjà ? Je veux un exemple "
        "précis, pas un argument de brochure.",
        f"Je dois trancher avant vendredi : sans proposition ferme et écrite aujourd'hui, {buy} ailleurs.",
        f"Faites-moi {ask} % de remise et {buy} tout de suite ; sinon, je vais voir ailleurs.",
    ]


def _internal_objections(job: Job, ask: str) -> list[str]:
    facts, name = job.facts, next((n for n, c in _rivals(job.facts) if c), "")
    rival = f", alors que la concurrence ({french.lower_first(name)}) attire nos clients" if name else ""
    cost = (
        f"{french.money(facts.budget)} pour un seul évènement{rival}"
        if facts.budget
        else f"Un évènement de plus{rival}"
    )
    doubt = "Qu'est-ce qui me prouve que l'opération nous amènera vraiment de nouveaux clients ?"
    proof = f"La dernière fois : {_result(facts)}. {doubt}"
    return [
        f"{cost} : combien de ventes en plus, précisément ?",
        proof if _result(facts) and not leaks(proof, job) else doubt,
        "Je présente le budget de l'année la semaine prochaine : il me faut un chiffrage complet aujourd'hui.",
        f"Et si on annonçait {ask} % de remise pendant l'évènement ? Ça ferait venir du monde, non ?",
    ]


def _partner_objections(job: Job, ask: str) -> list[str]:
    proof = (
        f"La dernière fois : {_result(job.facts)}. Mais combien de ces visiteurs sont venus me voir, moi ?"
    )
    return [
        "Participer me coûte une journée de travail et du matériel : combien de clients m'apporterez-vous ?",
        proof
        if _result(job.facts) and not leaks(proof, job)
        else "Vos visiteurs viennent pour vous, pas pour moi.",
        "Je dois confirmer d'autres opérations avant la fin du mois : il me faut votre réponse ferme aujourd'hui.",
        f"Pour mes propres clients, je veux {ask} % de remise sur toute votre gamme, sinon je ne participe pas.",
    ]


def hard_objections(job: Job, item: OfferItem, ask: str) -> tuple[list[str], str]:
    """(objections the jury may raise, the out-of-bounds demand it keeps to) for whom the jury plays."""
    side = job.side
    if side == "client":
        demand = (
            f"Vous réclamez {ask} % de remise : c'est au-delà de ce que le vendeur peut accorder ; maintenez "
            "votre demande jusqu'à ce qu'il la refuse ou obtienne une contrepartie."
        )
        return _client_objections(job, item, ask), demand
    if side == "superieur":
        demand = (
            f"Vous demandez d'annoncer {ask} % de remise pendant l'évènement : c'est au-delà des marges de "
            "manœuvre, le candidat doit refuser et proposer une autre idée."
        )
        return _internal_objections(job, ask), demand
    demand = f"Vous réclamez {ask} % de remise pour vos clients : le candidat doit refuser."
    return _partner_objections(job, ask), demand


def demanding(cast: Cast) -> str:
    """The character's demanding manner; its start is one of `HARDENED`, so it is replaced, not piled up."""
    return (
        f"Vous êtes {cast.g('exigeant', 'exigeante')} : vous ne vous contentez d'aucune réponse vague, vous "
        "relancez chaque argument et réclamez des preuves chiffrées."
    )


# ---------------------------------------------------------------- contrainte_budget


def _tight(value: float, low: float, high: float, rng: random.Random) -> float:
    """A round amount between `low` and `high` times `value`."""
    target = value * rng.uniform(low + 0.02, high - 0.02)
    for step in (1000, 500, 100, 50, 10, 5, 1, 0.5, 0.1):
        amount = math.floor(target / step) * step
        if amount > 0 and low <= amount / value <= high:
            return float(amount)
    return round(target, 2)


def _amount(value: float) -> str:
    return french.money(value) if value >= 100 or value == int(value) else f"{value:.2f} €".replace(".", ",")


def _client_budget(job: Job, item: OfferItem | None) -> tuple[list[str], str, str]:
    """(candidate sentences, the character's own limit, justification) for a buyer's budget."""
    who, org, refuse = job.who, de(job.facts.org_short), job.verbs[1]
    if item is None or not item.value:
        offer, pron = (
            offer_words.offer(focus(job)),
            "elle" if who.startswith("la ") or who.endswith("trice") else "il",
        )
        return (
            [
                f"Le budget {de(who)} est serré : {pron} juge le tarif de {offer} trop élevé et ne paiera pas le "
                "prix affiché sans contrepartie."
            ],
            "Votre budget est serré : vous jugez le tarif trop élevé et ne paierez pas le prix affiché sans contrepartie.",
            f"Un budget serré oblige le candidat à défendre la valeur de {offer} ou à l'adapter, sans sortir des "
            f"marges de manœuvre {org}.",
        )
    budget = _tight(item.value, 0.75, 0.85, job.rng)
    limit = f"{_amount(budget)}{_unit(item.price, job.ctx.fdap.annexe_offre)}"
    gap, offer = round((1 - budget / item.value) * 100), offer_words.offer(item)
    said = [
        f"{cap(who)} dispose d'un budget de {limit} au maximum, inférieur d'environ {gap} % au tarif de {offer} "
        f"({_price(item) or _amount(item.value)})."
    ]
    margin = job.facts.margin
    if margin.allows_discount_on(item.label) and margin.max_pct is not None and margin.max_pct < gap:
        said.append("Même la remise maximale autorisée ne suffit pas à combler l'écart.")
    return (
        said,
        f"Votre budget ne dépasse pas {limit} : au-delà, {refuse} que si le vendeur vous prouve que l'écart est "
        "justifié ou vous propose une solution adaptée.",
        f"Un budget inférieur d'environ {gap} % au tarif de {offer} (prix indiqué dans la FDAP) oblige le candidat "
        f"à défendre la valeur de l'offre ou à l'adapter, sans dépasser les marges de manœuvre {org}.",
    )


def _event_budget(job: Job) -> tuple[list[str], str, str]:
    """(candidate sentences, the character's own limit, justification) for a reduced event budget."""
    facts, lower = job.facts, "les dépenses doivent baisser cette année."
    if facts.budget:
        budget = _tight(facts.budget, 0.7, 0.8, job.rng)
        said = f"Le budget de l'évènement est plafonné à {french.money(budget)}, contre {french.money(facts.budget)} pour la "
        own = f"Vous n'accorderez pas plus de {french.money(budget)} de budget pour l'évènement : {lower}"
        why = f"Un budget réduit d'environ {round((1 - budget / facts.budget) * 100)} % par rapport à la dernière "
        why += f"opération ({french.money(facts.budget)} dans la FDAP)"
    else:
        said = "Le budget de l'évènement est réduit d'un quart par rapport à la "
        own = f"Vous voulez réduire d'un quart le budget de la dernière opération : {lower}"
        why = "Un budget réduit d'un quart par rapport à la dernière opération"
    if job.side == "partenaire":
        own = "Votre propre budget pour cette opération est limité : vous ne financerez ni lots ni matériel."
    return (
        [said + "dernière opération : chaque dépense devra être justifiée."],
        own,
        f"{why} oblige le candidat à hiérarchiser les dépenses et à défendre le retour attendu de l'évènement.",
    )


def budget_lines(job: Job, item: OfferItem | None) -> tuple[list[str], str, str]:
    """(candidate sentences, the character's own limit, justification): a buyer's or an event's budget."""
    return _client_budget(job, item) if job.side == "client" else _event_budget(job)


# ---------------------------------------------------------------- resserrer_sequence


_CLOSE = "Traitement des objections et conclusion"
# (pattern on the folded sequence, the one part kept, what is said to be done before it); "" matches all.
_PARTS = {
    "NV": (
        ("reclamation", "Proposition d'une solution et conclusion", "{who} a déjà exposé sa réclamation"),
        (
            "devis",
            "Traitement des objections sur le devis et conclusion",
            "les besoins ont déjà été reformulés",
        ),
        ("renouvellement", _CLOSE, "l'offre de renouvellement a déjà été présentée"),
        ("", _CLOSE, "les besoins {du} sont déjà connus et une proposition lui a déjà été faite"),
    ),
    "EC": (
        ("bilan", "Présentation du bilan chiffré et explication des écarts avec les objectifs", ""),
        (
            "contrepartie|partenariat",
            "Négociation des contreparties",
            "le principe du partenariat a déjà été présenté",
        ),
        (
            "budget",
            "Négociation du budget",
            "le projet d'évènement (date, programme, cible) a déjà été présenté",
        ),
        (
            "visiteu|accueil",
            "Argumentation et conclusion",
            "{who} s'est déjà {arrived} sur le stand et a exprimé son besoin",
        ),
        ("", _CLOSE, "l'offre évènementielle a déjà été présentée"),
    ),
}


def narrowed(job: Job) -> tuple[str, str]:
    """(one part of the interview, objectives that fit it)."""
    c, g, nature = job.fiche.fiche_candidat, job.cast.g, job.facts.nature
    seq, goal = fold(c.sequence), c.objectifs_communication
    if nature == "EC" and job.side == "superieur" and "budget" in fold(goal):
        seq += " budget"
    who = g("le visiteur", "la visiteuse") if nature == "EC" else job.who
    part, done = next((p, d) for pattern, p, d in _PARTS[nature] if re.search(pattern, seq))
    done = done.format(who=who, du=de(who), arrived=g("arrêté", "arrêtée"))
    if nature == "EC":
        closing = f"Conclure une vente ou obtenir un rendez-vous avec {who}, à partir du besoin exprimé."
    else:
        closing = (
            f"Traiter les objections {de(who)} sur {offer_words.offer(focus(job))} et obtenir son engagement."
        )
    return f"{part} : {done}" if done else part, closing if "decouvr" in fold(goal) else goal
