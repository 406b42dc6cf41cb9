"""The NV scene: who the candidate meets, what is sold, and the levers pulled, drawn once per variant."""

from __future__ import annotations

import dataclasses
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta

from service.domain.text import fold
from service.engines.offline import calendar, french, restate
from service.engines.offline.extract import Actor, OfferItem
from service.engines.offline.facts import Material
from service.engines.offline.levers import MONTH_OF, Plan, alternative_roles, upgrade
from service.engines.offline.lived import addons, big_project, lived_mode, no_first_signature
from service.engines.offline.people import Character, draw_character
from service.engines.offline.roles import Role, de
from service.engines.offline.who import Who

DEFAULT_ROLE = Role("client", "un client", "une cliente", "clients", False, (30, 58))


@dataclass
class Scene:
    """One NV variant: who is met, what is sold, and the levers pulled."""

    facts: Material
    plan: Plan
    rng: random.Random
    minutes: int
    who: Who
    character: Character
    played: str
    focus: OfferItem
    companion: OfferItem | None
    years: int
    fdap_actor: Actor | None
    step: int = 0
    day: date = date(2025, 1, 1)  # the simulated meeting, never the lived one

    @property
    def mode(self) -> str:
        return self.plan.mode if self.plan.mode != "fdap" else lived_mode(self.facts)

    @property
    def first(self) -> bool:
        """A first meeting: nothing has been signed nor quoted yet."""
        return self.mode in ("prospect", "recommandation")

    @property
    def no_signature(self) -> bool:
        """The meeting cannot end with a signature: the decider is away, or a first meeting on a project."""
        if self.kind("contraintes") == "decideur_absent":
            return True
        return self.first and (big_project(self.facts, self.focus) or no_first_signature(self.facts))

    @property
    def before(self) -> str:
        """When the previous meeting took place: ten days before this one."""
        if self.kind("dates_duree") is None:
            return "il y a dix jours"
        return "le " + french.fr_date(self.day - timedelta(days=10)).split(" ", 1)[1]

    def kind(self, param: str) -> str | None:
        return self.plan.kind(param)


def _pick(rng: random.Random, items: list[OfferItem], sold: str) -> OfferItem:
    """An item the FDAP did not already sell (the lived add-on is no new scene), among the weightiest."""
    fresh = [i for i in items if fold(i.label).split()[0] not in sold] or items
    fresh.sort(key=lambda i: -(i.value or 0))
    return rng.choice(fresh[:2])


def _products(facts: Material, plan: Plan, rng: random.Random) -> tuple[OfferItem, OfferItem | None]:
    """(the item the scene is about, the item the client already has or compares with)."""
    rest = [i for i in facts.items if i.label != facts.main.label]
    kind, lived = plan.kind("objet"), fold(" ".join(facts.lists.get("results", ())))
    if kind == "autre_produit" and rest:
        standalone = [i for i in rest if i not in addons(facts)]
        first = plan.mode in ("prospect", "recommandation")
        return _pick(rng, (standalone or rest) if first else rest, lived), facts.main
    if kind == "complement" and addons(facts):
        return _pick(rng, addons(facts), lived), facts.main
    if kind == "montee_gamme":
        up = next(i for i in facts.items if i.label == upgrade(facts))
        return up, facts.main
    if plan.mode in ("fidele", "mecontent") and facts.known.sale != "abonnement":
        return (
            facts.main,
            None,
        )  # what a returning client bought is not guessed: the history says « à préciser »
    return facts.main, (rng.choice(rest) if rest else None)


def _people(
    facts: Material, plan: Plan, rng: random.Random, avoid: frozenset[str]
) -> tuple[Who, Character, str, Actor | None]:
    base = facts.client or DEFAULT_ROLE
    if facts.known.b2b and not base.pro and not base.couple:
        base = dataclasses.replace(
            base, pro=True
        )  # a firm buys: its people are professionals, never a spouse
    kind = plan.kind("acteurs")
    if kind == "autre_cible":
        key = rng.choice(alternative_roles(facts))
        role = next(r for r in facts.roles if r.key == key)
        gender = rng.choice(role.genders())
        character = draw_character(rng, gender, role.ages, facts.forbidden_words, avoid)
        return Who(role, gender), character, role.bare(gender), None
    if kind == "codecideur":
        who = Who(base, "m" if base.couple else rng.choice(base.genders()))
        character = draw_character(rng, None, base.ages, facts.forbidden_words, avoid)
        if re.match(r"(?:le|la) responsable", base.phrase(who.gender)):
            return who, character, f"{character.g('adjoint', 'adjointe')} {de(base.phrase(who.gender))}", None
        word = character.g("associé", "associée") if base.pro else character.g("conjoint", "conjointe")
        bare = base.bare(who.gender)
        return (
            who,
            character,
            f"{word} {who.du}" + ("" if bare in ("client", "cliente") else f" ({bare})"),
            None,
        )
    actor = facts.client_actor()
    ages = (actor.age, actor.age) if actor and actor.age else base.ages
    sex: str | None = None if base.couple else rng.choice(base.genders())
    if actor is not None and actor.gender in ("m", "f") and not base.couple:
        sex = actor.gender
    elif not base.couple and restate.story_gender(facts):
        sex = restate.story_gender(facts)  # the character is the one the lived story speaks of
    character = draw_character(rng, sex, ages, facts.forbidden_words, avoid)
    played = f"membre {de(base.phrase('m'))}" if base.couple else base.bare(character.gender)
    label = re.sub(r"^(?:l['’]interlocuteur|(?:un|une|le|la)\b|l')[,\s]*", "", actor.label) if actor else ""
    if label and not base.couple and restate.usable_label(label) and plays_client(facts, label):
        played = label
    if "interlocut" in fold(played):  # a redacted name is no role: the jury plays a client
        played = DEFAULT_ROLE.bare(character.gender)
    return Who(base, "m" if base.couple else character.gender), character, played, actor


_NAMED = re.compile(r"\b(?:M\.|Mme|Mlle|Monsieur|Madame)(?=\s|$)")  # a real person, titled
_SELLER = re.compile(r"vendeu|conseill|tuteur|tutrice|manager|gerant|collegue|stagiaire|compta|commercial")


def plays_client(facts: Material, label: str) -> bool:
    """An FDAP label the jury may play: a role on the client's side, no real name, no placeholder."""
    folded = fold(label)
    if _NAMED.search(label) or "interlocut" in folded or _SELLER.search(folded):
        return False
    return not any(fold(side) and fold(side) in folded for side in facts.known.seller_side)


def build_scene(
    facts: Material, plan: Plan, rng: random.Random, minutes: int, avoid: frozenset[str]
) -> Scene:
    focus, companion = _products(facts, plan, rng)
    who, character, played, actor = _people(facts, plan, rng, avoid)
    step = rng.randrange(3)
    kind = plan.kind("dates_duree")
    month = MONTH_OF.get(kind or "") or ((facts.month or 1) + rng.choice((1, 2)) - 1) % 12 + 1
    year = french.later_month(month, facts.month, facts.year)
    day = french.day_in(year, month, rng.choice((0, 1, 2, 3, 4)), rng)
    day = _before_deadline(facts, day, rng)
    return Scene(
        facts,
        plan,
        rng,
        minutes,
        who,
        character,
        played,
        focus,
        companion,
        rng.randint(3, 9),
        actor,
        step,
        day,
    )


def _before_deadline(facts: Material, day: date, rng: random.Random) -> date:
    """A day between the lived meeting and the story's deadline (an opening, an installation), when it has one."""
    limit, lived = calendar.deadline(facts), facts.event_date
    if limit is None or lived is None or lived < day < limit - timedelta(days=7):
        return day
    latest = max(lived + timedelta(days=3), limit - timedelta(days=8))
    pick = lived + timedelta(days=rng.randint(7, 14))
    return calendar.open_day(min(pick, latest), saturday=False)
