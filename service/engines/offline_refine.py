"""Offline refinements: presets a teacher applies to a finished fiche sujet the night before the exam.

Each preset rewrites a few rows of an existing sheet from the FDAP's own material (offer, prices,
competitors, margins, results), without a language model and deterministically for a seed. The result
goes through the same `check` as every other door and never carries an error the input did not have.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import msgspec
from msgspec.structs import replace as replace_struct

from service.domain.constats import SECRET_LEAKS, FdapContext
from service.domain.fdap import Fdap
from service.domain.fiche_sujet import PARAMETRES, FicheSujet, Modification, Parametre, candidate_row
from service.domain.personal import redact
from service.domain.rules import check
from service.domain.rules_form import says_what_fdap_says
from service.domain.text import containment, fold, sentences, stems
from service.engines import offline_common as co
from service.engines.offline_extract import OfferItem, split_sentences
from service.engines.offline_material import Material, build
from service.engines.offline_people import FIRST_NAMES_F, FIRST_NAMES_M, TRAITS, draw_character
from service.engines.offline_roles import cap, de, roles_in
from service.errors import EngineError, InputError

PRESETS: dict[str, str] = {
    "durcir_objections": "Durcir les objections du client",
    "changer_interlocuteur": "Changer d'interlocuteur (autre personnage joué par le jury)",
    "contrainte_budget": "Ajouter une contrainte budgétaire",
    "resserrer_sequence": "Resserrer la séquence à jouer",
}
ATTEMPTS = 6
_SOFT_TRAITS = (3, 6)  # "Aimable mais indécis", "Bavard et sympathique": at odds with a demanding character
_HARD_TRAITS = (0, 4, 5, 7)
# The head of "Identité": "Vous jouez Léa Petit, 42 ans, gérante." or "M. Yann Le Goff, 44 ans, chef ; …".
_HEAD = re.compile(
    r"^(?:Vous jouez\s+)?(?:(?P<civ>M\.|Mme|Madame|Monsieur)\s+)?"
    r"(?P<name>[A-ZÀ-Ý][\w'’-]+(?:\s+(?:(?:Le|La|De|Da|Du|Van)\s+)?[A-ZÀ-Ý][\w'’-]+)+),\s*"
    r"(?:(?P<age>\d{1,3})\s+ans,\s*)?(?P<status>[^.;]+)"
)
# A hand-written portrait sentence: "Courtois mais très attaché aux chiffres, il pose des questions…".
_PORTRAIT = re.compile(
    r"(?<=\. )(?!(?:En|Depuis|Client|Cliente|Fidèle|Après|Lors|Dans|Pour|Chez|Au|À|Il|Elle)\b)"
    r"[A-ZÀ-Ý][^.,;:\d]{2,60}, (?:il|elle) [^.]*\."
)
_WHO = re.compile(r"\b(le couple|la cliente|le client|le visiteur|la visiteuse)\b", re.IGNORECASE)
_MARGIN_SENTENCE = re.compile(
    r"^(?:Marge de manœuvre|Aucune remise|Geste commercial possible|Même la remise)"
)
_CLOSERS = ("Vous acceptez de vous engager", "Vous vous laissez convaincre")
_HARDENED = ("Vous êtes exigeant", "Vous réclamez ", "Vous demandez d'annoncer ")


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
    m: Material
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
        if self.m.nature == "NV" or re.search(r"prospect|client|visiteu", relation):
            return "client"
        return "partenaire" if "partenaire" in relation else "superieur"

    @property
    def verbs(self) -> tuple[str, str]:
        """("je signe", "vous ne signez"), or the buying forms when the jury plays a visitor."""
        if re.search(r"visiteu|potentiel", fold(self.fiche.fiche_jury.relation_entreprise)):
            return "j'achète", "vous n'achetez"
        return "je signe", "vous ne signez"


def refine_offline(
    fiche: FicheSujet, fdap: Fdap, preset: str, *, seed: int = 0, simulation_minutes: int = 15
) -> FicheSujet:
    """A new sheet with the preset applied; never one with a rule error the input did not have."""
    if preset not in PRESETS:
        choices = ", ".join(PRESETS)
        raise InputError("", "preset", f"préréglage inconnu « {preset} » (choix : {choices})")
    ctx = FdapContext.of(fdap)
    m = build(fdap, ctx)
    before = _errors(fiche, ctx, simulation_minutes)
    for attempt in range(ATTEMPTS):
        rng = _rng(fiche, fdap, preset, seed, attempt)
        job = Job(fiche, ctx, m, rng, simulation_minutes, _cast(fiche), attempt < ATTEMPTS // 2)
        result = _refreshed(fiche, _APPLY[preset](job))
        if _errors(result, ctx, simulation_minutes) <= before:
            return result
    raise EngineError(
        f"Le préréglage « {PRESETS[preset]} » ne peut pas s'appliquer à cette fiche sans erreur."
    )


def _rng(fiche: FicheSujet, fdap: Fdap, preset: str, seed: int, attempt: int) -> random.Random:
    raw = msgspec.json.encode(fiche) + msgspec.json.encode(fdap) + f"{preset}:{seed}:{attempt}".encode()
    return random.Random(int.from_bytes(hashlib.sha256(raw).digest()[:8], "big"))


def _errors(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> set[tuple[str, str]]:
    """Errors by code and field; a modification is named by its part, its index may move."""
    found = check(fiche, ctx, minutes)
    return {
        (c.code, re.sub(r"^modifications\[\d+\]", "modifications", c.champ))
        for c in found
        if c.gravite == "erreur"
    }


# ---------------------------------------------------------------- reading the sheet


def _cast(fiche: FicheSujet) -> Cast:
    identite = fiche.fiche_jury.identite
    found = _HEAD.search(identite.strip())
    name, civ = (found.group("name"), found.group("civ") or "") if found else ("", "")
    first = name.split(" ")[0]
    she, he = len(re.findall(r"\b[Ee]lle\b", identite)), len(re.findall(r"\b[Ii]l\b", identite))
    gender = "m" if civ in ("M.", "Monsieur") else "f" if civ or first in FIRST_NAMES_F else ""
    gender = gender or ("m" if first in FIRST_NAMES_M else "f" if she > he else "m" if he else "")
    trait = next((t for pair in TRAITS for t in pair if t in identite), "")
    age = int(found.group("age")) if found and found.group("age") else None
    return Cast(name, gender, age, trait, found.group("status").strip() if found else "")


def _roots(text: str) -> set[str]:
    """Word roots of a text: enough to tell that "potager" and "potagers" are one product family."""
    return {s[:5] for s in stems(text) if len(s) > 3}


def _mentions(folded: str, item: OfferItem) -> int:
    """Position of the item's label in a folded text (-1 when absent); "Option X" is also found as "X"."""
    label = fold(item.label)
    forms = [label] + [label.split(" ", 1)[1] for k in ("option ", "offre ", "pack ") if label.startswith(k)]
    spots = [s.start() for f in forms for s in re.finditer(rf"(?<!\w){re.escape(f)}(?!\w)", folded)]
    return min(spots) if spots else -1


def _focus(job: Job) -> OfferItem:
    """The offer the sheet is about: the first item its rows name, else the FDAP's main offer."""
    c, m = job.fiche.fiche_candidat, job.m
    items = [m.main, *(i for i in m.items if i.label != m.main.label)]
    for text in (c.objet, c.objectifs_communication, c.informations, c.historique_relation):
        found = [(_mentions(fold(text), i), -len(i.label), n) for n, i in enumerate(items)]
        found = [f for f in found if f[0] >= 0]
        if found:
            return items[min(found)[2]]
    return m.main


def _priced(job: Job) -> OfferItem | None:
    """The offer whose price a budget is set against: the focus, or a priced item of its family."""
    focus = _focus(job)
    if focus.value and focus.value >= 10:
        return focus
    wanted, need = _roots(focus.label + " " + job.fiche.fiche_candidat.objet), 1 if focus.value else 2
    family = [i for i in job.m.items if i.value and i.value >= 10 and len(_roots(i.label) & wanted) >= need]
    return family[0] if family else (focus if focus.value else None)


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


def _leaks(text: str, job: Job) -> bool:
    """True when a jury secret would read as already said on the candidate sheet (the rules' measure)."""
    c = job.fiche.fiche_candidat
    rows = [candidate_row(job.fiche, name) for name in PARAMETRES if name != "acteurs"]
    said = [
        s for row in [*rows, c.acteurs.vous, c.acteurs.jury] for s in sentences(row) if len(stems(s)) >= 2
    ]
    return len(stems(text)) >= 3 and any(containment(text, s) >= SECRET_LEAKS - 0.05 for s in said)


# ---------------------------------------------------------------- durcir_objections


def _ask(job: Job, item: OfferItem) -> str:
    """A discount demand above what the annex lets the seller grant: one the candidate must refuse."""
    margin, limit = job.m.margin, job.ctx.max_discount
    own = margin.max_pct if margin.allows_discount_on(item.label) else None
    tops = [x for x in (own, limit if limit is not None and limit <= 25 else None) if x is not None]
    top = max(tops) if tops else (limit or (0.0 if margin.forbidden else 7.5))
    return co.pct(round(top * 2 if top < 10 else top + 10) or 10)


def _rival(line: str) -> tuple[str, str]:
    """(name, price clause) of a competitor line: "Basic-Fit (24,99 € / mois, sans coaching)"."""
    name, _, rest = line.partition(" (")
    clause = next((x.strip(" ()") for x in re.split(r",\s+|\)\s*\(", rest) if re.search(r"€|%", x)), "")
    return name.strip(), clause


def _rivals(m: Material) -> list[tuple[str, str]]:
    return [_rival(line) for line in m.lists.get("competitors", ())]


def _result(m: Material) -> str:
    results = m.lists.get("results", ())
    return co.lower_first(re.split(r";|,\s", results[0])[0].strip(" .")) if results else ""


def _compared(job: Job, item: OfferItem, close: str) -> str:
    """The price objection, as specific as the candidate sheet allows without giving it away."""
    annex, unit = job.ctx.fdap.annexe_offre, _unit(item.price, job.ctx.fdap.annexe_offre)
    options = [
        f"J'ai comparé avec la concurrence. {name} : {clause}."
        for name, clause in _rivals(job.m)
        if clause
        and ("%" in clause or (unit and _unit(clause, annex) == unit) or _roots(clause) & _roots(item.label))
    ]
    options += [f"J'ai comparé avec la concurrence ({co.lower_first(name)})." for name, _ in _rivals(job.m)]
    options.append("On m'a proposé moins cher ailleurs.")
    return next((o + close for o in options if not _leaks(o + close, job)), options[-1] + close)


def _client_objections(job: Job, item: OfferItem, ask: str) -> list[str]:
    priced = _priced(job) or item
    price, buy = _price(priced), job.verbs[0]
    close = f" À {price} chez vous, qu'est-ce qui justifie l'écart ?" if price else " Pourquoi ce prix ?"
    return [
        _compared(job, priced, close),
        f"Concrètement, que m'apporte {co.offer(item)} de plus que ce que j'ai déjà ? Je veux un exemple "
        "précis, pas un argument de brochure.",
        f"Je dois trancher avant vendredi : sans proposition ferme et écrite aujourd'hui, {buy} ailleurs.",
        f"Faites-moi {ask} % de remise et {buy} tout de suite ; sinon, je vais voir ailleurs.",
    ]


def _internal_objections(job: Job, ask: str) -> list[str]:
    m, name = job.m, next((n for n, c in _rivals(job.m) if c), "")
    rival = f", alors que la concurrence ({co.lower_first(name)}) attire nos clients" if name else ""
    cost = (
        f"{co.money(m.budget)} pour un seul évènement{rival}" if m.budget else f"Un évènement de plus{rival}"
    )
    doubt = "Qu'est-ce qui me prouve que l'opération nous amènera vraiment de nouveaux clients ?"
    proof = f"La dernière fois : {_result(m)}. {doubt}"
    return [
        f"{cost} : combien de ventes en plus, précisément ?",
        proof if _result(m) and not _leaks(proof, job) else doubt,
        "Je présente le budget de l'année la semaine prochaine : il me faut un chiffrage complet aujourd'hui.",
        f"Et si on annonçait {ask} % de remise pendant l'évènement ? Ça ferait venir du monde, non ?",
    ]


def _partner_objections(job: Job, ask: str) -> list[str]:
    proof = f"La dernière fois : {_result(job.m)}. Mais combien de ces visiteurs sont venus me voir, moi ?"
    return [
        "Participer me coûte une journée de travail et du matériel : combien de clients m'apporterez-vous ?",
        proof
        if _result(job.m) and not _leaks(proof, job)
        else "Vos visiteurs viennent pour vous, pas pour moi.",
        "Je dois confirmer d'autres opérations avant la fin du mois : il me faut votre réponse ferme aujourd'hui.",
        f"Pour mes propres clients, je veux {ask} % de remise sur toute votre gamme, sinon je ne participe pas.",
    ]


def _harden(job: Job) -> FicheSujet:
    """Four harder, specific objections and a demanding character: the jury sheet only."""
    item, cast, side = _focus(job), job.cast, job.side
    ask = _ask(job, item)
    if side == "client":
        pool = _client_objections(job, item, ask)
        demand = (
            f"Vous réclamez {ask} % de remise : c'est au-delà de ce que le vendeur peut accorder ; maintenez "
            "votre demande jusqu'à ce qu'il la refuse ou obtienne une contrepartie."
        )
    else:
        pool = _internal_objections(job, ask) if side == "superieur" else _partner_objections(job, ask)
        demand = (
            f"Vous demandez d'annoncer {ask} % de remise pendant l'évènement : c'est au-delà des marges de "
            "manœuvre, le candidat doit refuser et proposer une autre idée."
            if side == "superieur"
            else f"Vous réclamez {ask} % de remise pour vos clients : le candidat doit refuser."
        )
    demanding = (
        f"Vous êtes {cast.g('exigeant', 'exigeante')} : vous ne vous contentez d'aucune réponse vague, vous "
        "relancez chaque argument et réclamez des preuves chiffrées."
    )
    jury = job.fiche.fiche_jury
    kept = [s for s in split_sentences(jury.contraintes) if not s.startswith(_HARDENED)]
    identite = jury.identite
    if cast.trait and any(cast.trait in TRAITS[i] for i in _SOFT_TRAITS):
        hard = TRAITS[job.rng.choice(_HARD_TRAITS)]
        identite = identite.replace(cast.trait, hard[1] if cast.gender == "f" else hard[0])
    objections = [o for o in pool if not _leaks(o, job)]
    closing = [s for s in kept if s.startswith(_CLOSERS)]  # the sheet's last word stays last
    contraintes = " ".join([*(s for s in kept if s not in closing), demanding, demand, *closing])
    jury = replace_struct(jury, objections=objections, contraintes=contraintes, identite=identite)
    return replace_struct(job.fiche, fiche_jury=jury)


# ---------------------------------------------------------------- changer_interlocuteur


def _recast(job: Job) -> FicheSujet:
    """Another invented person of the same status and gender, with another personality, on both sheets."""
    old, m = job.cast, job.m
    ages = _ages(old)
    new = draw_character(job.rng, old.gender or None, ages, m.forbidden_words, frozenset(old.name.split()))
    pair = job.rng.choice([p for p in TRAITS if old.trait not in p])
    age = (
        new.age
        if old.age is None or abs(new.age - old.age) >= 4
        else old.age + (5 if old.age + 5 <= ages[1] else -5)
    )
    new = replace(new, age=age, trait=pair[1] if new.gender == "f" else pair[0])
    status = old.status or (m.client.bare(new.gender) if m.client else "interlocuteur")
    last = old.name.split(" ", 1)[-1]

    def rename(text: str) -> str:
        if not old.name:
            return text
        text = text.replace(f"{old.name}, {old.age} ans", f"{new.name}, {new.age} ans")
        return re.sub(rf"\b{re.escape(last)}\b", new.last, text.replace(old.name, new.name))

    fiche = _map_texts(job.fiche, rename)
    jury = fiche.fiche_jury
    found = _HEAD.search(jury.identite.strip()) if old.name else None
    if found:
        head = found.group(0)
        identite = jury.identite.replace(head, head.replace(f"{old.age} ans", f"{new.age} ans", 1))
    else:
        identite = f"Vous jouez {new.name}, {new.age} ans, {status}. {jury.identite}"
    portrait = old.trait or next((x.group(0) for x in _PORTRAIT.finditer(identite)), "")
    if portrait:
        identite = identite.replace(portrait, new.trait)
    elif job.bold:
        identite = f"{identite.rstrip()} {new.trait}"
    fiche = replace_struct(fiche, fiche_jury=replace_struct(jury, identite=identite))
    fiche = _distinct_acteurs(fiche, job, new.name, f"{new.name}, {new.age} ans, {status}.")
    why = (
        f"Le jury joue désormais {new.name}, {status}, au caractère différent : le candidat doit adapter sa "
        "communication et son argumentation à un nouvel interlocuteur, sans changer d'entreprise ni d'offre."
    )
    return _declare(fiche, job, "acteurs", why)


def _ages(old: Cast) -> tuple[int, int]:
    """Ages near the former character's, within the client type's range when the status names one."""
    roles = roles_in(old.status)
    if old.age is None:
        return roles[0].ages if roles else (30, 55)
    low, high = max(22, old.age - 9), min(70, old.age + 9)
    if roles and roles[0].ages[0] <= old.age <= roles[0].ages[1]:
        low, high = max(low, roles[0].ages[0]), min(high, roles[0].ages[1])
    return low, high


def _map_texts(fiche: FicheSujet, change: Callable[[str], str]) -> FicheSujet:
    """Every row of both sheets passed through `change`."""
    cand, jury = fiche.fiche_candidat, fiche.fiche_jury
    acteurs = replace_struct(cand.acteurs, vous=change(cand.acteurs.vous), jury=change(cand.acteurs.jury))
    cand = replace_struct(cand, acteurs=acteurs, **{f: change(getattr(cand, f)) for f in PARAMETRES[:-1]})
    texts = {f: change(getattr(jury, f)) for f in jury.__struct_fields__ if f != "objections"}
    jury = replace_struct(jury, objections=[change(o) for o in jury.objections], **texts)
    return replace_struct(fiche, fiche_candidat=cand, fiche_jury=jury)


def _distinct_acteurs(fiche: FicheSujet, job: Job, name: str, plain: str) -> FicheSujet:
    """Acteurs naming the new person and no longer restating the FDAP (the seller's own line if need be)."""
    acteurs, counterpart = fiche.fiche_candidat.acteurs, job.ctx.counterparts["acteurs"]
    if len(acteurs.jury.split()) < 4:
        acteurs = replace_struct(acteurs, jury=plain)
    elif name not in acteurs.jury:
        acteurs = replace_struct(acteurs, jury=f"{name}, {co.lower_first(acteurs.jury)}")
    duty = "l'entretien" if job.m.nature == "NV" else "l'échange"
    for step in ({"vous": f"Vous êtes {co.seller(job.m)}. Vous menez {duty} en autonomie."}, {"jury": plain}):
        if not counterpart.strip() or not says_what_fdap_says(f"{acteurs.vous}\n{acteurs.jury}", counterpart):
            break
        acteurs = replace_struct(acteurs, **step)
    return replace_struct(fiche, fiche_candidat=replace_struct(fiche.fiche_candidat, acteurs=acteurs))


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
    return co.money(value) if value >= 100 or value == int(value) else f"{value:.2f} €".replace(".", ",")


def _client_budget(job: Job, item: OfferItem | None) -> tuple[list[str], str, str]:
    """(candidate sentences, the character's own limit, justification) for a buyer's budget."""
    who, org, refuse = job.who, de(job.m.org_short), job.verbs[1]
    if item is None or not item.value:
        offer, pron = (
            co.offer(_focus(job)),
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
    gap, offer = round((1 - budget / item.value) * 100), co.offer(item)
    said = [
        f"{cap(who)} dispose d'un budget de {limit} au maximum, inférieur d'environ {gap} % au tarif de {offer} "
        f"({_price(item) or _amount(item.value)})."
    ]
    margin = job.m.margin
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
    m, lower = job.m, "les dépenses doivent baisser cette année."
    if m.budget:
        budget = _tight(m.budget, 0.7, 0.8, job.rng)
        said = f"Le budget de l'évènement est plafonné à {co.money(budget)}, contre {co.money(m.budget)} pour la "
        own = f"Vous n'accorderez pas plus de {co.money(budget)} de budget pour l'évènement : {lower}"
        why = (
            f"Un budget réduit d'environ {round((1 - budget / m.budget) * 100)} % par rapport à la dernière "
        )
        why += f"opération ({co.money(m.budget)} dans la FDAP)"
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


def _budget(job: Job) -> FicheSujet:
    """A budget limit drawn from the FDAP's figures, on both sheets; the margins stay the annex's."""
    item, client = _priced(job), job.side == "client"
    said, own, why = _client_budget(job, item) if client else _event_budget(job)
    cand, jury = job.fiche.fiche_candidat, job.fiche.fiche_jury
    current = split_sentences(cand.contraintes)
    others = [s for s in current if "budget" not in fold(s) and not _MARGIN_SENTENCE.match(s)]
    if not any(x.parametre == "contraintes" for x in job.fiche.modifications):
        others = []  # the row restated the FDAP's difficulties: the budget replaces them
    margins = co.margin_sentences(job.m, item or _focus(job)) if client else []
    margins += [] if client else [s for s in current if _MARGIN_SENTENCE.match(s)]
    cand = replace_struct(cand, contraintes=" ".join([*said, *others, *margins]))
    kept = [s for s in split_sentences(jury.contraintes) if "budget" not in fold(s)]
    jury = replace_struct(jury, contraintes=" ".join([own, *kept]))
    return _declare(replace_struct(job.fiche, fiche_candidat=cand, fiche_jury=jury), job, "contraintes", why)


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


def _narrowed(job: Job) -> tuple[str, str]:
    """(one part of the interview, objectives that fit it)."""
    c, g, nature = job.fiche.fiche_candidat, job.cast.g, job.m.nature
    seq, goal = fold(c.sequence), c.objectifs_communication
    if nature == "EC" and job.side == "superieur" and "budget" in fold(goal):
        seq += " budget"
    who = g("le visiteur", "la visiteuse") if nature == "EC" else job.who
    part, done = next((p, d) for pattern, p, d in _PARTS[nature] if re.search(pattern, seq))
    done = done.format(who=who, du=de(who), arrived=g("arrêté", "arrêtée"))
    if nature == "EC":
        closing = f"Conclure une vente ou obtenir un rendez-vous avec {who}, à partir du besoin exprimé."
    else:
        closing = f"Traiter les objections {de(who)} sur {co.offer(_focus(job))} et obtenir son engagement."
    return f"{part} : {done}" if done else part, closing if "decouvr" in fold(goal) else goal


def _narrow(job: Job) -> FicheSujet:
    """One narrower part of the interview, the same on both sheets, sized to the simulation."""
    part, goal = _narrowed(job)
    minutes = min(job.fiche.duree_simulation_min, job.minutes)
    rows = {"sequence": f"{part} ({minutes} minutes au plus).", "objectifs_communication": goal}
    cand = replace_struct(job.fiche.fiche_candidat, **rows)
    return replace_struct(
        job.fiche, fiche_candidat=cand, fiche_jury=replace_struct(job.fiche.fiche_jury, **rows)
    )


# ---------------------------------------------------------------- modifications


def _declare(fiche: FicheSujet, job: Job, param: Parametre, why: str) -> FicheSujet:
    """Declare (or refresh) the modification of `param` with the row the sheet now carries."""
    row, mods = candidate_row(fiche, param), list(fiche.modifications)
    for i, mod in enumerate(mods):
        if mod.parametre == param:
            mods[i] = replace_struct(mod, apres=row, justification=why)
            return replace_struct(fiche, modifications=mods)
    avant = redact(co.avant(job.m, param), job.ctx.people, job.ctx.candidate)  # the FDAP's words, redacted
    at = next(
        (i for i, x in enumerate(mods) if PARAMETRES.index(x.parametre) > PARAMETRES.index(param)), len(mods)
    )
    mods.insert(at, Modification(parametre=param, avant=avant, apres=row, justification=why))
    return replace_struct(fiche, modifications=mods)


def _refreshed(original: FicheSujet, fiche: FicheSujet) -> FicheSujet:
    """Every declared modification whose row changed now says the new row."""
    mods = [
        replace_struct(x, apres=candidate_row(fiche, x.parametre))
        if candidate_row(fiche, x.parametre) != candidate_row(original, x.parametre)
        else x
        for x in fiche.modifications
    ]
    return replace_struct(fiche, modifications=mods)


_APPLY: dict[str, Callable[[Job], FicheSujet]] = {
    "durcir_objections": _harden,
    "changer_interlocuteur": _recast,
    "contrainte_budget": _budget,
    "resserrer_sequence": _narrow,
}
