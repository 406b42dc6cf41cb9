"""The NV scene: who the candidate meets, what is sold, and the levers pulled, drawn once per variant."""

from __future__ import annotations

import dataclasses
import functools
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta

from service.domain.rules_story import prior_dealings
from service.domain.text import fold
from service.engines.offline import calendar, extract, french, nv_role, restate
from service.engines.offline.extract import Actor, OfferItem
from service.engines.offline.facts import Material
from service.engines.offline.levers import MONTH_OF, Plan, alternative_roles, upgrade
from service.engines.offline.lived import addons, big_project, lived_mode, no_first_signature, sensitive
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

    @functools.cached_property
    def past(self) -> str:
        """What the lived history says the FDAP's client already did with the firm: « achat », « contact » or ""."""
        if self.plan.mode != "fdap":
            return ""
        return prior_dealings(self.facts.counterparts.get("historique_relation", ""))

    @property
    def mode(self) -> str:
        """The relationship played: the plan's, or the lived one (a « prospect » who already bought is a client)."""
        if self.plan.mode != "fdap":
            return self.plan.mode
        lived = lived_mode(self.facts)
        return "fidele" if lived in ("prospect", "recommandation") and self.past == "achat" else lived

    @property
    def stranger(self) -> bool:
        """The character has never dealt with the firm: only then may it « discover » it."""
        return self.first and not self.past

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


_COSIGNER = re.compile(
    r"\b(?:son|sa|leur|le|la|les \d) ?(fils|fille|mari|femme|epouse|epoux|pere|mere|associes?|associees?|"
    r"compagne|compagnon)\b|\b(?:son|leur) (chef de cuisine)\b"
)
_WRITTEN = {
    "fille": "sa fille",
    "mari": "son mari",
    "femme": "sa femme",
    "epouse": "son épouse",
    "epoux": "son époux",
    "mere": "sa mère",
    "pere": "son père",
    "compagne": "sa compagne",
    "associe": "son associé",
    "associee": "son associée",
}


_RELATIVE = {  # a co-decider the FDAP names, as the jury plays them: (« fils du client », gender)
    "son fils": ("fils", "m"),
    "sa fille": ("fille", "f"),
    "son père": ("père", "m"),
    "sa mère": ("mère", "f"),
    "son associé": ("associé", "m"),
    "son associée": ("associée", "f"),
}
_SPOUSE_OF = {"sa femme": "m", "son épouse": "m", "sa compagne": "m", "son époux": "f", "son mari": "f"}


def cosigner(facts: Material) -> str:
    """The co-decider the FDAP itself names on the client's side (« sa fille », « son associé »), or "".

    Never in a bereavement or health trade (the spouse named may be the one who died), never the role the
    FDAP's client itself holds (« la mère » who came with her son).
    """
    if sensitive(facts):
        return ""
    said = fold(
        " ".join(facts.counterparts.get(k, "") for k in ("acteurs", "historique_relation", "contraintes"))
    )
    actor = facts.client_actor()
    own = fold(actor.label) if actor else ""
    for found in _COSIGNER.finditer(said):
        word = found.group(1) or found.group(2)
        word = word[:-1] if word in ("associes", "associees") else word
        if word not in own:
            return _WRITTEN.get(word, f"son {word}")
    return ""


_WEDDING = re.compile(r"fiancaill|\balliances?\b|\bmariage")
_ENGAGED = ("sa fiancée", "son fiancé")
_CHILDREN = ("son fils", "sa fille")


def fitting_cosigner(facts: Material, role: Role, gender: str) -> Role:
    """The role with the co-decider a wedding purchase calls for: the fiancé(e), never a « conjoint »."""
    if role.pro or role.couple or not _WEDDING.search(fold(f"{facts.titre} {facts.main.label}")):
        return role
    return dataclasses.replace(role, cosigner=_ENGAGED[0] if gender == "m" else _ENGAGED[1])


def old_enough(role: Role, character: Character) -> Character:
    """A character whose child co-decides is old enough to have a child who has a say (40 or more)."""
    if role.cosigner not in _CHILDREN or character.age >= 40:
        return character
    return dataclasses.replace(character, age=40 + character.age % 9)


def _people(
    facts: Material, plan: Plan, rng: random.Random, avoid: frozenset[str]
) -> tuple[Who, Character, str, Actor | None]:
    base = facts.client or DEFAULT_ROLE
    if cosigner(facts) and not base.couple:
        base = dataclasses.replace(
            base, cosigner=cosigner(facts)
        )  # the FDAP's own co-decider, not a stock one
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
        role = fitting_cosigner(facts, role, gender)
        character = old_enough(role, character)
        return Who(role, gender), character, role.bare(gender), None
    if kind == "codecideur":
        who = Who(base, "m" if base.couple else rng.choice(base.genders()))
        who = Who(fitting_cosigner(facts, who.role, who.gender), who.gender)
        base = who.role
        relative = _RELATIVE.get(base.cosigner)  # the FDAP's own co-decider: the son, the associate…
        drawn = (
            relative[1] if relative else _SPOUSE_OF.get(base.cosigner) and ("f" if who.gender == "m" else "m")
        )
        character = draw_character(rng, drawn or None, base.ages, facts.forbidden_words, avoid)
        if relative:
            return who, character, f"{relative[0]} {who.du}", None
        if re.match(r"(?:le|la) responsable", base.phrase(who.gender)):
            return who, character, f"{character.g('adjoint', 'adjointe')} {de(base.phrase(who.gender))}", None
        word = character.g("associé", "associée") if base.pro else character.g("conjoint", "conjointe")
        if base.cosigner in _ENGAGED:
            word = character.g("fiancé", "fiancée")
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
    elif base.cosigner in _SPOUSE_OF:  # « sa femme » decides with him: the character is her husband
        sex = _SPOUSE_OF[base.cosigner]
    elif not base.couple and restate.story_gender(facts):
        sex = restate.story_gender(facts)  # the character is the one the lived story speaks of
    label = re.sub(r"^(?:l['’]interlocuteur|(?:un|une|le|la)\b|l')[,\s]*", "", actor.label) if actor else ""
    usable = bool(label) and not base.couple and restate.usable_label(label) and plays_client(facts, label)
    function = "" if usable or not actor else client_function(actor.label)
    if usable and label_gender(label):
        sex = label_gender(label)  # « gérante », « directeur »: the name agrees with the role played
    elif function and label_gender(function):
        sex = label_gender(function)
    character = draw_character(rng, sex, ages, facts.forbidden_words, avoid)
    base = fitting_cosigner(facts, base, character.gender)
    if not (actor and actor.age):  # the FDAP's own age stands
        character = old_enough(base, character)
    played = f"membre {de(base.phrase('m'))}" if base.couple else base.bare(character.gender)
    if usable or function:
        played = label if usable else function
    if "interlocut" in fold(played):  # a redacted name is no role: the jury plays a client
        played = DEFAULT_ROLE.bare(character.gender)
    if fold(played) in ("client", "cliente"):  # a business's client speaks for it: its function there
        history = facts.counterparts.get("historique_relation", "")
        b2b = facts.known.b2b or base.pro
        played = nv_role.business_function(history, character.gender, b2b) or played
    return Who(base, "m" if base.couple else character.gender), character, played, actor


_FEMININE = re.compile(r"(?:ante|ente|rice|euse|iere|esse|onne)$|^(?:mere|fille|femme|veuve|mme|madame)$")
_MASCULINE = re.compile(
    r"^(?:gerant|directeur|president|patron|pere|fils|mari|veuf|monsieur|client|artisan|commercant)$"
)


def label_gender(label: str) -> str:
    """The gender the role's own noun gives (« gérante » f, « directeur » m), or "" (« responsable »)."""
    head = (fold(label).split() or [""])[0].strip(",.()")
    if _MASCULINE.match(head):
        return "m"
    return "f" if _FEMININE.search(head) else ""


_NAMED = re.compile(r"\b(?:M\.|Mme|Mlle|Monsieur|Madame)(?=\s|$)")  # a real person, titled
_SELLER = re.compile(r"vendeu|conseill|tuteur|tutrice|manager|gerant|collegue|stagiaire|compta|commercial")


_FUNCTION = re.compile(
    r"^(?:(?:co-?)?gerante?|directeur|directrice|responsable|proprietaire|patronne?|dirigeante?|acheteu(?:r|se)|"
    r"agricult(?:eur|rice)|eleveu(?:r|se)|exploitante?|artisane?|commercante?|retraitee?|presidente?|"
    r"tresoriere?|secretaire|chef|fondat(?:eur|rice)|infirmiere?|enseignante?|professeure?|medecin|"
    r"pharmacienne?|comptable|maire|chargee?|adjointe?|associee?)\b"
)


def client_function(label: str) -> str:
    """What an FDAP's client line says the person does (« agriculteur retraité », « gérant et proprio »),
    never a name, an age, a relative, a contact or a fragment; "" when it says none."""
    for part in re.split(r"\s*[,;(]\s*|\s+-\s+", label):
        part = part.strip(" -–.)")
        words = part.split()
        if not words or len(words) > 4 or re.search(r"\d|@|interlocut", part) or _NAMED.search(part):
            continue
        if _FUNCTION.match(fold(part)) and not _SELLER.search(fold(part)):
            return part[:1].lower() + part[1:]
    return ""


def plays_client(facts: Material, label: str) -> bool:
    """An FDAP label the jury may play: a role on the client's side, no real name, no placeholder."""
    folded = fold(label)
    if _NAMED.search(label) or "interlocut" in folded or _SELLER.search(folded) or nv_role.heading(label):
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
    day = _before_deadline(facts, _weeks_after_lived(facts, day, seasonal=kind in MONTH_OF), rng)
    years = rng.randint(3, 9)  # drawn even when the FDAP says it, so that the other draws stay the same
    years = (_lived_years(facts) if plan.mode == "fdap" else None) or years
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
        years,
        actor,
        step,
        day,
    )


_SINCE = re.compile(r"\bclient(?:e|s|es)?\b[^.;]{0,30}?\bdepuis (?:(\d{1,2}) ans|((?:19|20)\d\d))\b")


def _lived_years(facts: Material) -> int | None:
    """How long the FDAP's own client has bought from the firm (« client chez nous depuis 2016 »), if said."""
    said = _SINCE.search(fold(facts.counterparts.get("historique_relation", "")))
    if not said:
        return None
    years = int(said.group(1)) if said.group(1) else facts.year - int(said.group(2))
    return years if years >= 2 else None


def _weeks_after_lived(facts: Material, day: date, seasonal: bool) -> date:
    """The simulated meeting at least three weeks after the lived one (« 21/02/2025 » is read too): a season
    moves to its next year, a day without one moves by whole weeks (same weekday)."""
    lived = extract.first_date(restate.lived_date(facts)) or facts.event_date
    while lived is not None and day < lived + timedelta(days=21):
        day = (
            day.replace(year=day.year + 1)
            if seasonal and not (day.month == 2 and day.day == 29)
            else day + timedelta(weeks=4)
        )
    return day


def _before_deadline(facts: Material, day: date, rng: random.Random) -> date:
    """A day between the lived meeting and the story's deadline (an opening, an installation), when it has one."""
    limit, lived = calendar.deadline(facts), facts.event_date
    if limit is None or lived is None or lived < day < limit - timedelta(days=7):
        return day
    latest = max(lived + timedelta(days=3), limit - timedelta(days=8))
    pick = lived + timedelta(days=rng.randint(7, 14))
    return calendar.open_day(min(pick, latest), saturday=False)
