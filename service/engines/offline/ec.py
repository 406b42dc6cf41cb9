"""Writer of EC proposals (évènement commercial): the scene of one variant, read from the FDAP.

An EC simulation looks forward from the event the student lived: its next edition (or another format)
defended before the person who approves the budget, its review with results and a proposal, a partner
or co-financer to bring on board, a client structure where the sector has such clients, or, for a real
selling event, a visitor at the next edition. The lived event is never replayed on its own date.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date

from service.domain.text import fold
from service.engines.offline import extract
from service.engines.offline.ec_angles import group_keys
from service.engines.offline.ec_cast import ACTOR_NOISE, function_of, partner_of
from service.engines.offline.extract import OfferItem
from service.engines.offline.facts import Material
from service.engines.offline.levers import Plan
from service.engines.offline.people import Character, draw_character
from service.engines.offline.roles import Format, Role, formats_in, one_of, plural

CONTEXT = {
    "rentree": "à la rentrée",
    "automne": "avant les vacances de la Toussaint",
    "fetes": "avant les fêtes de fin d'année",
    "printemps": "au printemps",
    "delai_court": "dans trois semaines",
    "meme_saison": "à la même période l'an prochain",
}
_BOSS = re.compile(r"gerant|direct|responsable|chef|dirigeant|patron|titulaire|manager|proprietaire")
_FEMININE = re.compile(r"^(?:\w+(?:ante|ente|rice|euse|ienne|ère|ere|esse|rie))\b")  # « la brasserie »
_MASCULINE = re.compile(r"^(?:\w+(?:ant|ent|eur|ien|ier|er|teur|al))\b")
_EVENT_NOUN = re.compile(
    r"\b(journ[ée]es? portes ouvertes|portes ouvertes|journ[ée]e|soir[ée]e|matinale|afterwork|"
    r"petit[- ]d[ée]jeuner|week-end|stand|salon|atelier|vente priv[ée]e|lancement|rencontre|op[ée]ration|"
    r"apr[eè]s-midi|matin[ée]e|mini-s[ée]ances)\b"
    r"((?:\s+(?!(?:avec|pour|de|du|des|dans|au|aux|en|sur|et|a|à)\b|d['’])[a-zéèêàç-]+){0,1})"
    r"(\s*«[^»]{2,60}»)?",
    re.IGNORECASE,
)
# « vendredi 11 et samedi 12 octobre 2024 », « du vendredi 25 au lundi 28 avril 2025 » (folded text)
_DAY_SPAN = re.compile(
    r"\b(1er|[0-3]?\d)\s+(?:et|au|a)\s+(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?"
    rf"(1er|[0-3]?\d)\s+({'|'.join(extract._MONTHS)})\s+(20\d\d)\b"
)
_FEMININE_EVENTS = ("journee", "soiree", "matinale", "matinee", "vente", "rencontre", "operation")
_ORG_NOUNS = frozenset(
    "brasserie laboratoire compagnie refuge clinique entreprise societe magasin association club marque cave "
    "domaine partenaire boutique restaurant".split()
)


@dataclass
class Scene:
    """One EC variant: whom the candidate meets, about which event, and the levers pulled."""

    facts: Material
    plan: Plan
    rng: random.Random
    minutes: int
    character: Character
    played: str  # the character's function, without article ("gérante de l'agence")
    partner: str  # the partner's organisation or function, with its article ("" when none)
    partner_named: bool
    target: Role | None
    fmt: Format | None
    items: list[OfferItem]
    years: int

    @property
    def mode(self) -> str:
        return self.plan.mode

    def kind(self, param: str) -> str | None:
        return self.plan.kind(param)

    @property
    def lived(self) -> str:
        """The event the student lived, as a definite noun phrase."""
        return lived_event(self.facts)

    @property
    def when(self) -> date | None:
        """The day the event took place: the FDAP's date that goes with the event, not with its preparation."""
        said = self.facts.counterparts.get("dates_duree", "")
        for clause in re.split(r"[;\n]|\.\s", said):
            if _EVENT_NOUN.search(clause) or re.search(r"(?i)\b[ée]v[èée]nement|r[ée]alis[ée]", clause):
                found = extract.first_date(clause)
                if found is not None:
                    return found
        return self.facts.event_date

    @property
    def first_day(self) -> date | None:
        """The lived event's first day: `when` itself, or the day a span of days ending on it starts."""
        last = self.when
        if last is None:
            return None
        for match in _DAY_SPAN.finditer(fold(self.facts.counterparts.get("dates_duree", ""))):
            try:
                end = date(
                    int(match.group(4)), extract._MONTHS.index(match.group(3)) + 1, _day(match.group(2))
                )
                start = end.replace(day=_day(match.group(1)))
            except ValueError:
                continue
            if end == last and 0 < (end - start).days <= 6:
                return start
        return last

    @property
    def span(self) -> int:
        """Days the lived event lasted beyond its first (0 for a one-day event)."""
        first, last = self.first_day, self.when
        return (last - first).days if first and last else 0

    @property
    def short(self) -> str:
        """The lived event without its quoted name ("la soirée"), for the jury's own words."""
        return re.sub(r"\s*«[^»]*»", "", self.lived).strip() or "l'évènement"

    @property
    def next_event(self) -> str:
        """The event the scene prepares: the next edition, or another format the FDAP's offer allows."""
        if self.kind("objet") == "nouveau_format" and self.fmt is not None:
            return definite(self.fmt.phrase)
        return f"la prochaine édition {de_phrase(self.lived)}"

    @property
    def role(self) -> str:
        """The character's function with its article ("la gérante de l'agence")."""
        return definite(self.played, self.character.gender)

    @property
    def participant(self) -> bool:
        return self.facts.known.ec_role == "participant"


def _day(said: str) -> int:
    return 1 if said == "1er" else int(said)


def took_place(phrase: str) -> str:
    """Example: "la soirée" -> "la soirée a eu lieu", "les journées portes ouvertes" -> "… ont eu lieu"."""
    return f"{phrase} {'ont' if phrase.startswith('les ') else 'a'} eu lieu"


def de_phrase(phrase: str) -> str:
    """Example: "la journée" -> "de la journée", "le stand" -> "du stand", "les journées" -> "des journées"."""
    if phrase.startswith("le "):
        return "du " + phrase[3:]
    if phrase.startswith("les "):
        return "des " + phrase[4:]
    if phrase[:1].lower() in "aeiouyhéèê":
        return "d'" + phrase
    return "de " + phrase


def definite(phrase: str, gender: str = "") -> str:
    """Example: "une soirée" -> "la soirée", "gérante" -> "la gérante", "ma tutrice" stays."""
    phrase = ACTOR_NOISE.sub("", phrase).strip(" ,")
    if not phrase or re.match(r"(?:ma|mon|mes|votre|la|le|les|l['’])\s?", phrase):
        return phrase or "la personne qui valide le budget"
    match = re.match(r"^(une|un)\s+(.*)$", phrase)
    rest, article = (match.group(2), match.group(1)) if match else (phrase, "")
    feminine = article == "une" or (
        not article and (gender == "f" or _FEMININE.match(fold(rest)) is not None)
    )
    if rest[:1].lower() in "aeiouyhéèêàâîôû":
        return "l'" + rest
    return ("la " if feminine else "le ") + rest


def lived_event(facts: Material) -> str:
    """The event of the FDAP, named as the student's title names it ("la journée découverte")."""
    match = _EVENT_NOUN.search(facts.titre)
    if match:
        noun = match.group(1).lower().replace("petit dejeuner", "petit-déjeuner").replace("apres-", "après-")
        words = f"{noun}{match.group(2).lower()}{match.group(3) or ''}".strip()
        folded = fold(noun)
        if folded.startswith(("journees", "portes", "mini-seances")):
            return f"les {'journées ' if folded.startswith('portes') else ''}{words}"
        if folded[:1] in "aeiouyh":
            return "l'" + words
        return ("la " if folded.startswith(_FEMININE_EVENTS) else "le ") + words
    quoted = re.search(r"«[^»]{2,60}»", facts.titre)
    if quoted:
        return f"l'évènement {quoted.group(0)}"
    if facts.event:
        return f"l'évènement « {facts.event} »"
    own = formats_in(facts.titre)
    return definite(own[0].phrase) if own else "l'évènement"


def _boss(facts: Material) -> tuple[str, str]:
    """The function of the person who approves events, read from the FDAP's actors, and its gender."""
    seen: list[tuple[str, str]] = []
    for actor in facts.actors:
        if actor.kind in ("client", "partenaire"):
            continue
        for part in re.split(r",|;|\+", actor.label):
            job = function_of(part)
            if _BOSS.search(fold(job)) and len(job) < 60 and "moi" not in fold(job).split():
                seen.append((job, actor.gender if actor.kind == "superieur" else ""))
    ranked = sorted(seen, key=lambda s: not re.search(r"gerant|direct|titulaire|dirigeant", fold(s[0])))
    if not ranked:
        return f"responsable {facts.premise.of}", ""
    job, gender = ranked[0]
    head = fold(job).split()[0] if job else ""
    if not gender:
        gender = "f" if _FEMININE.match(head) else "m" if _MASCULINE.match(head) else ""
    return job, gender


def status(facts: Material) -> str:
    """The candidate's real status: an apprentice or a trainee, as the FDAP says (never a title it lacks)."""
    said = fold(" ".join([facts.moi_role, facts.counterparts.get("acteurs", "")]))
    return "en alternance" if re.search(r"altern|apprenti", said) else "stagiaire"


def _who(
    facts: Material, plan: Plan, rng: random.Random, avoid: frozenset[str]
) -> tuple[Character, str, Role | None]:
    words = facts.forbidden_words
    if plan.mode in ("b2b", "visiteur"):
        pool = [r for r in facts.roles if r.pro == (plan.mode == "b2b")]
        pool = [r for r in pool if r.key in group_keys(facts)] or pool if plan.mode == "b2b" else pool
        pool = pool or [Role("client", "un client", "une cliente")]
        role = rng.choice(pool)
        character = draw_character(rng, rng.choice(role.genders()), role.ages, words, avoid)
        return character, role.bare(character.gender), role
    if plan.mode == "partenaire":
        job, _ = partner_of(facts)
        if plural(job):
            character = draw_character(rng, None, (32, 58), words, avoid)
            return character, one_of(job, character.gender), None
        bare = re.sub(r"^(?:une?|les?|la|l['’])\s*", "", job)
        head = fold(bare).split()[0] if bare else ""
        if head in _ORG_NOUNS or "[à préciser" in job:
            character = draw_character(rng, None, (32, 58), words, avoid)
            boss = (
                character.g("président", "présidente")
                if head in ("association", "refuge", "club")
                else "responsable"
            )
            return character, f"{boss} {de_phrase(definite(job))}", None
        gender = "f" if _FEMININE.match(head) else "m" if _MASCULINE.match(head) else None
        character = draw_character(rng, gender, (32, 58), words, avoid)
        return character, bare, None
    job, gender = _boss(facts)
    character = draw_character(rng, gender or None, (38, 60), words, avoid)
    return character, job, None


def _format(facts: Material, rng: random.Random) -> Format | None:
    taken = {f.key for f in formats_in(facts.titre)} | {f.key for f in formats_in(lived_event(facts))}
    named = [f for f in facts.formats if f.key not in taken]
    return rng.choice(named) if named else None


# consumables and extras an event is never built around
_TRIVIAL = re.compile(
    r"\b(?:emballages?|sacs?|sachets?|papier cadeau|etiquettes?|frais de (?:port|dossier)|livraison|"
    r"consignes?|gobelets?|piles?|cables?|accessoires? divers|supplements?)\b"
)


def meaningful(items: list[OfferItem]) -> list[OfferItem]:
    """The offer's real products and services: no consumable, nothing priced under a tenth of the median."""
    values = sorted(i.value for i in items if i.value)
    floor = values[len(values) // 2] / 10 if values else 0.0
    kept = [
        i
        for i in items
        if not _TRIVIAL.search(fold(i.label)) and not (i.value is not None and 0 < i.value < floor)
    ]
    return kept or items


def build_scene(
    facts: Material, plan: Plan, rng: random.Random, minutes: int, avoid: frozenset[str]
) -> Scene:
    character, played, target = _who(facts, plan, rng, avoid)
    partner, named = partner_of(facts)
    priced = meaningful([i for i in facts.items if i.price] or list(facts.items))
    items = rng.sample(priced, min(2, len(priced))) if priced else [facts.main]
    # the products the event itself was about come first (named in the title)
    titled = set(re.findall(r"\w{4,}", fold(facts.titre)))
    items.sort(key=lambda i: not set(re.findall(r"\w{4,}", fold(i.label))) & titled)
    return Scene(
        facts,
        plan,
        rng,
        minutes,
        character,
        played,
        partner,
        named,
        target,
        _format(facts, rng),
        items or [facts.main],
        rng.randint(3, 12),
    )


_CAUSE = re.compile(
    r"\b(?:associations?|asso|refuges?|clubs?|benevoles?|fondation|comite|amicale|spa|collectif|ludotheque)\b"
)
_PUBLIC = re.compile(
    r"\b(?:mairie|commune|ville|office de tourisme|collectivite|cci|chambre|mediatheque|bibliotheque|"
    r"hopital|ecole|college|lycee|universite|departement|region|pole emploi|france travail|service public)\b"
)
_SERVICE = re.compile(  # a provider beside the firm: it sells its own work or tool, it has no resellers
    r"\b(?:traiteur|decorat\w*|photographe|logiciel|informatique|garage|artisan|poseur|prestataire|dj|restaurant)\b"
)


def partner_kind(scene: Scene) -> str:
    """What the partner is: « cause » (an association, a club and its volunteers), « public » (an institution
    serving its public), « prestataire » (a provider or publisher co-exhibiting for leads) or « fournisseur »
    (a supplier or a brand, who wants sell-out)."""
    said = fold(f"{scene.played} {scene.partner}")
    if _CAUSE.search(said):
        return "cause"
    if _PUBLIC.search(said):
        return "public"
    return "prestataire" if _SERVICE.search(said) else "fournisseur"


def pronoun(event: str) -> str:
    """« il » for a masculine event (« le stand », « l'évènement », « l'atelier »), « elle » otherwise."""
    masculine = ("le ", "l'evenement", "l'atelier", "l'afterwork", "l'apres-midi", "l'apres midi", "l'apero")
    return "il" if fold(event).startswith(masculine) else "elle"
