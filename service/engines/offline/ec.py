"""Writer of EC proposals (évènement commercial): the candidate sheet's situation from a plan of levers.

EC simulations are often internal (the jury plays the superior who approves a project or hears its
results), or they put the candidate in front of a partner, a client structure or a visitor.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace

from service.domain.text import fold
from service.engines.offline.extract import Actor, OfferItem
from service.engines.offline.facts import Material
from service.engines.offline.levers import Plan
from service.engines.offline.people import Character, draw_character
from service.engines.offline.roles import (
    FORMATS,
    NEUTRAL_FORMATS,
    Format,
    Role,
    de,
    formats_in,
    one_of,
    plural,
)

_BOSS = re.compile(r"gerant|direct|responsable|chef|dirigeant|patron")
_ORG_LABEL = re.compile(
    r"^(?:le|la|l'|un|une)\s+(?:\w+\s+)?(?:club|association|societe|entreprise|enseigne|comite)\b"
)
_SHOP_LABEL = re.compile(r"^(?:le|la|l'|un|une)\s*(?:magasin|boutique|commerce|restaurant|cabinet|agence)\b")
CONTEXT = {
    "rentree": "au moment de la rentrée",
    "automne": "avant les vacances de la Toussaint",
    "fetes": "avant les fêtes de fin d'année",
    "printemps": "au début du printemps",
}


@dataclass
class Scene:
    """One EC variant: whom the candidate meets, which event, and the levers pulled."""

    facts: Material
    plan: Plan
    rng: random.Random
    minutes: int
    character: Character
    played: str
    actor: Actor | None
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
    def boss(self) -> str:
        """The superior, as a definite noun phrase ("le gérant du magasin", "la gérante")."""
        if self.mode in ("projet", "bilan") and self.actor is not None:
            return definite(self.actor.label, self.actor.gender)
        boss = next((x for x in self.facts.actors if x.kind == "superieur"), None)
        return definite(boss.label, boss.gender) if boss else "votre responsable"

    @property
    def partner(self) -> str:
        """The partner, as a definite noun phrase ("le vigneron…", "la podologue du sport")."""
        return definite(self.actor.label, self.actor.gender) if self.actor else "le partenaire"

    @property
    def event(self) -> str:
        """The event of the scene as a definite noun phrase."""
        kind = self.kind("objet")
        if kind == "edition":
            return "la prochaine édition de l'évènement"
        if kind and self.fmt:
            return definite(self.fmt.phrase)
        if self.facts.event:
            return f"l'évènement « {self.facts.event} »"
        own = formats_in(self.facts.titre)
        return definite(own[0].phrase) if own else "l'évènement"


def definite(phrase: str, gender: str = "") -> str:
    """Example: "une soirée" -> "la soirée", "gérante" ("f") -> "la gérante".

    A possessive stays ("ma tutrice"): each sheet puts it in its own voice (french.yours, french.theirs).
    """
    phrase = re.sub(r"^[-•\s]*(?:l['’]interlocuteur,?\s*)?", "", phrase)
    if not phrase or re.match(r"(?:ma|mon|mes|votre)\s", phrase):
        return phrase or "votre responsable"
    match = re.match(r"^(une|un|le|la)\s+(.*)$|^(l)['’](.*)$", phrase)
    if match:
        article, rest = (match.group(1), match.group(2)) if match.group(1) else ("l", match.group(4))
    else:
        head = phrase.split(" ", 1)[0].lower()
        feminine = gender == "f" or (
            not gender and head.endswith(("ante", "ente", "rice", "euse", "ienne", "ère", "esse"))
        )
        article, rest = ("la" if feminine else "le"), phrase
    if rest[:1].lower() in "aeiouyhéèêàâîôû":
        return "l'" + rest
    return ("la " if article in ("une", "la") else "le ") + rest


def _bare(label: str) -> str:
    label = re.sub(r"^(?:l['’]interlocuteur,?\s*|ma\s+|mon\s+)", "", label)
    return re.sub(r"^(?:un|une|le|la|l')\s*", "", label)


def _who(
    facts: Material, plan: Plan, rng: random.Random, avoid: frozenset[str]
) -> tuple[Character, str, Actor | None, Role | None]:
    mode, words = plan.mode, facts.forbidden_words
    if mode == "partenaire":
        partners = [x for x in facts.actors if x.kind == "partenaire"]
        actor = rng.choice([x for x in partners if not plural(x.label)] or partners)
        character = draw_character(
            rng, actor.gender if actor.gender in ("m", "f") else None, (30, 58), words, avoid
        )
        if plural(actor.label):
            actor = replace(actor, label=one_of(actor.label, character.gender), gender=character.gender)
            return character, actor.label, actor, None
        if _ORG_LABEL.match(fold(actor.label)):
            return (
                character,
                f"{character.g('président', 'présidente')} {de(definite(actor.label))}",
                actor,
                None,
            )
        if _SHOP_LABEL.match(fold(actor.label)):
            return character, f"{character.g('gérant', 'gérante')} {de(definite(actor.label))}", actor, None
        return character, _bare(actor.label), actor, None
    if mode in ("b2b", "visiteur"):
        pool = [r for r in facts.roles if r.pro == (mode == "b2b")] or [
            Role("client", "un client", "une cliente")
        ]
        role = rng.choice(pool)
        character = draw_character(rng, rng.choice(role.genders()), role.ages, words, avoid)
        return character, role.bare(character.gender), None, role
    bosses = [x for x in facts.actors if x.kind == "superieur"]
    bosses = [x for x in bosses if not plural(x.label)] or bosses
    boss: Actor | None = next(
        (x for x in bosses if _BOSS.search(fold(x.label))), bosses[0] if bosses else None
    )
    gender = boss.gender if boss and boss.gender in ("m", "f") else None
    character = draw_character(rng, gender, (38, 60), words, avoid)
    if boss is not None and plural(boss.label):
        boss = replace(boss, label=one_of(boss.label, character.gender), gender=character.gender)
        return character, boss.label, boss, None
    played = _bare(boss.label) if boss else f"responsable {facts.premise.of}"
    return character, played, boss, None


def _format(facts: Material, rng: random.Random) -> Format:
    taken = {f.key for f in formats_in(facts.titre)}
    named = [f for f in facts.formats if f.key not in taken]
    neutral = [f for _, f in FORMATS if f.key in NEUTRAL_FORMATS and f.key not in taken]
    return rng.choice(named + neutral)


def build_scene(
    facts: Material, plan: Plan, rng: random.Random, minutes: int, avoid: frozenset[str]
) -> Scene:
    character, played, actor, target = _who(facts, plan, rng, avoid)
    rest = [i for i in facts.items if i.label != facts.main.label]
    items = rng.sample(rest, min(2, len(rest))) if plan.kind("objet") else [facts.main]
    if plan.kind("objet") == "autre_cible" and target is None and facts.roles:
        target = rng.choice(facts.roles)
    return Scene(
        facts,
        plan,
        rng,
        minutes,
        character,
        played,
        actor,
        target,
        _format(facts, rng),
        items or [facts.main],
        rng.randint(3, 12),
    )
