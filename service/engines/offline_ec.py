"""Writer of EC proposals (évènement commercial): the candidate sheet's situation from a plan of levers.

EC simulations are often internal (the jury plays the superior who approves a project or hears its
results), or they put the candidate in front of a partner, a client structure or a visitor.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from service.domain.fiche_sujet import Acteurs
from service.domain.text import fold
from service.engines import offline_common as co
from service.engines.offline_extract import Actor, OfferItem
from service.engines.offline_levers import MONTH_OF, Plan
from service.engines.offline_material import Material
from service.engines.offline_people import Character, draw_character
from service.engines.offline_roles import (
    FORMATS,
    NEUTRAL_FORMATS,
    Format,
    Role,
    a,
    cap,
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
_CONTEXT = {
    "rentree": "au moment de la rentrée",
    "automne": "avant les vacances de la Toussaint",
    "fetes": "avant les fêtes de fin d'année",
    "printemps": "au début du printemps",
}


@dataclass
class Scene:
    """One EC variant: whom the candidate meets, which event, and the levers pulled."""

    m: Material
    plan: Plan
    rng: random.Random
    minutes: int
    ch: Character
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
        boss = next((x for x in self.m.actors if x.kind == "superieur"), None)
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
        if self.m.event:
            return f"l'évènement « {self.m.event} »"
        own = formats_in(self.m.titre)
        return definite(own[0].phrase) if own else "l'évènement"


def definite(phrase: str, gender: str = "") -> str:
    """Example: "une soirée" -> "la soirée", "gérante" ("f") -> "la gérante".

    A possessive stays ("ma tutrice"): each sheet puts it in its own voice (co.yours, co.theirs).
    """
    phrase = re.sub(r"^l['’]interlocuteur,?\s*", "", phrase)
    if not phrase or re.match(r"(?:ma|mon|mes|votre)\s", phrase):
        return phrase or "votre responsable"
    match = re.match(r"^(une|un|le|la)\s+(.*)$|^(l)['’](.*)$", phrase)
    if match:
        article, rest = (match.group(1), match.group(2)) if match.group(1) else ("l", match.group(4))
    else:
        article, rest = ("la" if gender == "f" else "le"), phrase
    if rest[:1].lower() in "aeiouyhéèêàâîôû":
        return "l'" + rest
    return ("la " if article in ("une", "la") else "le ") + rest


def _bare(label: str) -> str:
    label = re.sub(r"^(?:l['’]interlocuteur,?\s*|ma\s+|mon\s+)", "", label)
    return re.sub(r"^(?:un|une|le|la|l')\s*", "", label)


def _who(
    m: Material, plan: Plan, rng: random.Random, avoid: frozenset[str]
) -> tuple[Character, str, Actor | None, Role | None]:
    mode, words = plan.mode, m.forbidden_words
    if mode == "partenaire":
        partners = [x for x in m.actors if x.kind == "partenaire"]
        actor = rng.choice([x for x in partners if not plural(x.label)] or partners)
        ch = draw_character(rng, actor.gender if actor.gender in ("m", "f") else None, (30, 58), words, avoid)
        if plural(actor.label):
            actor = replace(actor, label=one_of(actor.label, ch.gender), gender=ch.gender)
            return ch, actor.label, actor, None
        if _ORG_LABEL.match(fold(actor.label)):
            return ch, f"{ch.g('président', 'présidente')} {de(definite(actor.label))}", actor, None
        if _SHOP_LABEL.match(fold(actor.label)):
            return ch, f"{ch.g('gérant', 'gérante')} {de(definite(actor.label))}", actor, None
        return ch, _bare(actor.label), actor, None
    if mode in ("b2b", "visiteur"):
        pool = [r for r in m.roles if r.pro == (mode == "b2b")] or [
            Role("client", "un client", "une cliente")
        ]
        role = rng.choice(pool)
        ch = draw_character(rng, rng.choice(role.genders()), role.ages, words, avoid)
        return ch, role.bare(ch.gender), None, role
    bosses = [x for x in m.actors if x.kind == "superieur"]
    bosses = [x for x in bosses if not plural(x.label)] or bosses
    boss: Actor | None = next(
        (x for x in bosses if _BOSS.search(fold(x.label))), bosses[0] if bosses else None
    )
    gender = boss.gender if boss and boss.gender in ("m", "f") else None
    ch = draw_character(rng, gender, (38, 60), words, avoid)
    if boss is not None and plural(boss.label):
        boss = replace(boss, label=one_of(boss.label, ch.gender), gender=ch.gender)
        return ch, boss.label, boss, None
    played = _bare(boss.label) if boss else f"responsable {m.premise.of}"
    return ch, played, boss, None


def _format(m: Material, rng: random.Random) -> Format:
    taken = {f.key for f in formats_in(m.titre)}
    named = [f for f in m.formats if f.key not in taken]
    neutral = [f for _, f in FORMATS if f.key in NEUTRAL_FORMATS and f.key not in taken]
    return rng.choice(named + neutral)


def scene(m: Material, plan: Plan, rng: random.Random, minutes: int, avoid: frozenset[str]) -> Scene:
    ch, played, actor, target = _who(m, plan, rng, avoid)
    rest = [i for i in m.items if i.label != m.main.label]
    items = rng.sample(rest, min(2, len(rest))) if plan.kind("objet") else [m.main]
    if plan.kind("objet") == "autre_cible" and target is None and m.roles:
        target = rng.choice(m.roles)
    return Scene(
        m,
        plan,
        rng,
        minutes,
        ch,
        played,
        actor,
        target,
        _format(m, rng),
        items or [m.main],
        rng.randint(3, 12),
    )


def objet(s: Scene) -> str:
    m, kind = s.m, s.kind("objet")
    first = co.offer(s.items[0])
    if kind is None:
        return (
            m.counterparts["objet"]
            or f"Organisation d'un évènement commercial pour présenter {co.offer(m.main)}"
        )
    if kind == "edition":
        own = formats_in(m.titre)
        name = de(definite(own[0].phrase)) if own else "de l'évènement"
        return f"Organisation de la prochaine édition {name}, élargie à {first}"
    fmt = s.fmt or Format("soiree", "une soirée clients", "f")
    if kind == "autre_cible" and s.target and s.target.plural:
        reserved = "réservée" if fmt.gender == "f" else "réservé"
        return f"Organisation {de(fmt.phrase)} {reserved} aux {s.target.plural}, pour présenter {first}"
    second = f" et {co.offer(s.items[1])}" if len(s.items) > 1 else ""
    return f"Organisation {de(fmt.phrase)} pour présenter {first}{second}"


def _event_day(s: Scene, month: int) -> date:
    year = co.later_month(month, s.m.month, s.m.year)
    weekday = 1 if s.mode == "b2b" else 3 if s.fmt and s.fmt.key == "soiree" and s.kind("objet") else 5
    return co.day_in(year, month, weekday, s.rng)


def _tuesday_before(day: date, weeks: int) -> date:
    start = day - timedelta(weeks=weeks)
    return start - timedelta(days=(start.weekday() - 1) % 7)


def dates(s: Scene) -> str:
    m, kind, hour = s.m, s.kind("dates_duree"), s.rng.choice(co.HOURS)
    if kind is None and s.kind("historique_relation") == "bilan":
        kind = "bilan"  # the FDAP's event has taken place: the meeting comes after it, never on its date
    if kind is None:
        restated = co.restated_dates(m, s.minutes)
        if restated and s.mode != "visiteur":
            when = co.lower_first(restated.split(". Durée de la simulation")[0])
            return f"Évènement prévu : {when}. Réunion de préparation de {s.minutes} minutes, quelques semaines avant."
        return restated or f"Un mardi matin, six semaines avant l'évènement ; réunion de {s.minutes} minutes."
    if kind == "bilan":
        if m.event_date is None:
            return f"Réunion de bilan dix jours après l'évènement, à {hour} ({s.minutes} minutes)."
        meeting = m.event_date + timedelta(days=10)
        meeting -= timedelta(days=(meeting.weekday() - 1) % 7)
        return (
            f"Réunion de bilan le {co.fr_date(meeting)} à {hour} ({s.minutes} minutes), après l'évènement "
            f"du {co.fr_date(m.event_date)}."
        )
    if kind == "delai_court":
        day = _event_day(s, ((m.month or 1) + 1) % 12 + 1)
        meeting = _tuesday_before(day, 3)
        return (
            f"Réunion le {co.fr_date(meeting)} à {hour} ({s.minutes} minutes) ; l'évènement doit avoir lieu "
            f"le {co.fr_date(day)}, soit trois semaines plus tard."
        )
    day = _event_day(s, MONTH_OF[kind])
    if s.mode == "visiteur":
        return f"{cap(co.fr_date(day))} à {hour}, pendant l'évènement organisé {_CONTEXT[kind]} ; échange de {s.minutes} minutes."
    meeting = _tuesday_before(day, 6)
    return (
        f"Réunion le {co.fr_date(meeting)} à {hour} ({s.minutes} minutes) ; évènement prévu le "
        f"{co.fr_date(day)}, {_CONTEXT[kind]}."
    )


def lieu(s: Scene) -> str:
    m, kind, meeting = s.m, s.kind("lieu"), f"Réunion {s.m.premise.at}."
    if kind is None:
        return (
            co.sentence(co.restated(m, "lieu"))
            or f"{cap(m.premise.at)} : dans le bureau de l'équipe et dans l'espace de vente."
        )
    if s.mode == "visiteur":
        meeting = ""
    if kind == "en_ligne":
        return f"{meeting} L'évènement se déroulera en ligne, en direct sur les réseaux sociaux {de(m.org_short)}.".strip()
    if kind == "chez_client" and s.target:
        place = re.sub(r"^.*?\bd['’](?=une?\s)", "", s.target.phrase(s.ch.gender))  # "d'une TPE" -> "une TPE"
        return f"Dans les locaux {de(definite(place))} : vous y présentez votre proposition à votre interlocuteur."
    where = f"sur un stand, lors {de(m.salon)}" if m.salon else "dans une salle louée à proximité"
    return f"{meeting} L'évènement se tiendra hors {m.premise.of}, {where}.".strip()


def historique(s: Scene) -> str:
    m, kind = s.m, s.kind("historique_relation")
    if kind is None:
        text = co.restated(m, "historique_relation")
        if s.kind("objet") or s.kind("dates_duree"):
            text = co.without_problem(text)
        return (
            cap(co.named(text, "votre responsable"))
            if text
            else (f"{m.org_short} souhaite dynamiser sa fréquentation avec un évènement commercial.")
        )
    if kind == "bilan":
        when = f" le {co.fr_date(m.event_date)}" if m.event_date else ""
        name = f"L'évènement « {m.event} »" if m.event else "L'évènement"
        results = " ".join(m.lists["results"][:2])
        weak = m.lists.get("difficulties", ())[:1]
        point = f" Point faible : {weak[0][:1].lower() + weak[0][1:]}" if weak else ""
        return f"{name} a eu lieu{when}. Résultats : {results}{point} {cap(s.boss)} hésite à le reconduire."
    if kind == "concurrence":
        rival = (
            m.lists["competitors"][0].split(" (")[0]
            if m.lists.get("competitors")
            else "une grande enseigne voisine"
        )
        return (
            f"Depuis quelques mois, la concurrence se renforce ({co.lower_first(rival)}) et la "
            f"fréquentation {m.premise.of} baisse. {m.org_short} veut réagir avec un évènement qui mette en avant "
            "son savoir-faire."
        )
    if kind == "nouvelle_cible":
        plural = (s.target or m.roles[0]).plural
        return (
            f"Les {plural} font partie des cibles {de(m.org_short)} mais représentent encore une faible part de "
            f"sa clientèle. {cap(s.boss)} souhaite les attirer avec un évènement qui leur soit destiné."
        )
    pron = "elle" if s.actor and s.actor.gender == "f" else "il"
    return (
        f"Lors de la dernière opération, {s.partner} a participé sans contrepartie ; {pron} hésite à revenir car "
        "les retombées lui ont paru faibles."
    )


_SEQUENCES = {
    "projet": "Présentation du projet d'évènement et négociation du budget",
    "bilan": "Présentation du bilan de l'évènement et propositions d'amélioration",
    "partenaire": "Présentation du partenariat proposé et négociation des contreparties",
    "b2b": "Présentation de l'offre évènementielle et traitement des objections",
    "visiteur": "Accueil du visiteur, découverte des besoins et argumentation",
}


def sequence(s: Scene) -> str:
    return f"{_SEQUENCES[s.mode]} ({s.minutes} minutes au plus)."


def members(role: Role | None) -> str:
    key = role.key if role else ""
    return (
        "adhérents"
        if key in ("club", "association")
        else "salariés"
        if key in ("cse", "entreprise", "pme", "tpe")
        else "membres"
    )


def objectifs(s: Scene) -> str:
    ev = s.event
    if s.mode == "projet":
        return f"Obtenir l'accord {de(s.boss)} sur le projet : date, programme, cible et budget {de(ev)}."
    if s.mode == "bilan":
        follow = ev if s.kind("objet") else "une nouvelle édition améliorée"
        return (
            f"Présenter le bilan chiffré de l'évènement, expliquer les écarts avec les objectifs et obtenir "
            f"l'accord {de(s.boss)} pour {follow}."
        )
    if s.mode == "partenaire":
        return (
            f"Convaincre {s.partner} de participer {a(ev)} et s'accorder sur des contreparties équilibrées."
        )
    if s.mode == "b2b":
        return f"Faire accepter le principe {de(ev)} pour les {members(s.target)} de la structure et fixer une date."
    return (
        f"Accueillir le visiteur pendant {ev}, découvrir ses besoins et conclure une vente ou un rendez-vous."
    )


def informations(s: Scene) -> str:
    m = s.m
    lines = [co.price_line(item, org=m.org_short) for item in s.items[:2]]
    results, objectives = m.lists.get("results", ()), m.lists.get("objectives", ())
    if s.mode == "bilan":
        lines += [f"Objectifs fixés : {objectives[0]}"] if objectives else []
        lines += [f"Résultats obtenus : {x}" for x in results[:3]]
    elif s.mode == "projet":
        lines += [f"Budget de la dernière opération : {co.money(m.budget)}."] if m.budget else []
        lines += [f"Résultats de la dernière opération : {results[0]}"] if results else []
    elif s.mode == "partenaire" and s.actor is not None and s.actor.note:
        lines.append(f"Rôle du partenaire lors de la dernière opération : {s.actor.note}")
    if m.lists.get("competitors") and s.kind("historique_relation") != "concurrence":
        lines.append(f"Concurrence : {m.lists['competitors'][0]}.")
    return "\n".join(lines)


def reduced_budget(m: Material) -> str:
    return co.money(co.below(m.budget, 0.7)) if m.budget else ""


def contraintes(s: Scene) -> str:
    m, kind = s.m, s.kind("contraintes")
    said = {
        "budget_reduit": (
            f"Le budget est plafonné à {reduced_budget(m)}, contre {co.money(m.budget)} pour la dernière "
            "opération."
            if m.budget
            else "Le budget est très serré : chaque dépense devra être justifiée."
        ),
        "delai": "La préparation ne peut pas dépasser trois semaines.",
        "personnel": "Seules deux personnes de l'équipe seront disponibles le jour de l'évènement, vous compris.",
        "cofinancement": f"Une partie des dépenses doit être prise en charge par {'la structure cliente' if s.mode == 'b2b' else 'le partenaire'} : "
        "l'organisation ne financera pas seule l'opération.",
        "affluence": "Il y a beaucoup de monde : l'échange doit rester court, car d'autres visiteurs attendent.",
        "offre_limitee": "L'offre réservée à l'évènement n'est valable que jusqu'à la fin de la journée.",
        "logistique": "L'espace disponible est limité : trente personnes au plus en même temps, et aucune "
        "installation extérieure n'est autorisée.",
    }.get(kind or "", "")
    if kind == "marge" and m.margin.max_pct is not None:
        said = (
            f"Les offres promotionnelles de l'évènement ne peuvent pas dépasser {co.pct(m.margin.max_pct)} % "
            "de remise."
        )
    extra = co.margin_sentences(m, s.items[0]) if s.mode in ("b2b", "visiteur") and kind != "marge" else []
    return " ".join([said, *extra]).strip()


def acteurs(s: Scene) -> Acteurs:
    m, ch = s.m, s.ch
    if s.mode in ("projet", "bilan") and s.kind("acteurs") == "superieur":
        vous = f"Vous êtes {co.seller(m)}, en charge du projet d'évènement."
        return Acteurs(
            vous=vous, jury=f"{ch.name}, {s.played}, qui valide le budget et le programme des évènements."
        )
    if s.mode in ("projet", "bilan"):
        return co.acteurs_restated(m, s.actor, ch, f"{ch.name}, {s.played}.")
    if s.mode == "partenaire":
        vous = f"Vous êtes {co.seller(m)}, en charge de l'organisation de l'évènement."
        return Acteurs(
            vous=vous,
            jury=f"{ch.name}, {s.played}{'' if 'partenaire' in s.played else ' (partenaire)'}, "
            f"{ch.g('sollicité', 'sollicitée')} pour participer à l'évènement.",
        )
    if s.mode == "b2b":
        vous = f"Vous êtes {co.seller(m)}, en charge de l'évènement."
        return Acteurs(
            vous=vous,
            jury=f"{ch.name}, {s.played}, {ch.g('interlocuteur', 'interlocutrice')} {de(m.org_short)} pour ce projet.",
        )
    vous = f"Vous êtes {co.seller(m)} et vous participez à l'animation de l'évènement."
    return Acteurs(vous=vous, jury=f"{ch.name}, {s.played}, {ch.g('visiteur', 'visiteuse')} de l'évènement.")
