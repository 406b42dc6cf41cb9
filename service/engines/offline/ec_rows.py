"""The rows of an EC sheet, written from the scene the planner chose: objet, dates, place, history, aims."""

from __future__ import annotations

import re
from datetime import date, timedelta

from service.domain.fiche_sujet import Acteurs
from service.engines.offline import french, restate
from service.engines.offline.ec import CONTEXT, Scene, definite
from service.engines.offline.facts import Material
from service.engines.offline.levers import MONTH_OF
from service.engines.offline.roles import (
    Format,
    Role,
    a,
    cap,
    de,
    formats_in,
)


def objet(scene: Scene) -> str:
    facts, kind = scene.facts, scene.kind("objet")
    first = restate.offer(scene.items[0])
    if kind is None:
        title = facts.counterparts["objet"]
        if title and facts.known.title_usable:
            return title
        own = formats_in(facts.titre)
        event = f"« {facts.event} »" if facts.event else (own[0].phrase if own else "un évènement commercial")
        return f"Organisation {de(event)} pour présenter {restate.offer(facts.main)}"
    if kind == "edition":
        own = formats_in(facts.titre)
        name = de(definite(own[0].phrase)) if own else "de l'évènement"
        return f"Organisation de la prochaine édition {name}, élargie à {first}"
    fmt = scene.fmt or Format("soiree", "une soirée clients", "f")
    if kind == "autre_cible" and scene.target and scene.target.plural:
        reserved = "réservée" if fmt.gender == "f" else "réservé"
        return f"Organisation {de(fmt.phrase)} {reserved} aux {scene.target.plural}, pour présenter {first}"
    second = f" et {restate.offer(scene.items[1])}" if len(scene.items) > 1 else ""
    return f"Organisation {de(fmt.phrase)} pour présenter {first}{second}"


def _event_day(scene: Scene, month: int) -> date:
    year = french.later_month(month, scene.facts.month, scene.facts.year)
    weekday = (
        1
        if scene.mode == "b2b"
        else 3
        if scene.fmt and scene.fmt.key == "soiree" and scene.kind("objet")
        else 5
    )
    return french.day_in(year, month, weekday, scene.rng)


def _tuesday_before(day: date, weeks: int) -> date:
    start = day - timedelta(weeks=weeks)
    return start - timedelta(days=(start.weekday() - 1) % 7)


def dates(scene: Scene) -> str:
    facts, kind, hour = scene.facts, scene.kind("dates_duree"), scene.rng.choice(french.HOURS)
    if kind is None and scene.kind("historique_relation") == "bilan":
        kind = "bilan"  # the FDAP's event has taken place: the meeting comes after it, never on its date
    if kind is None:
        restated = restate.restated_dates(facts, scene.minutes)
        if restated and scene.mode != "visiteur":
            when = french.lower_first(restated.split(", pour une simulation de")[0])
            return (
                f"Évènement prévu : {when}. Réunion de préparation de {scene.minutes} minutes avec "
                f"{scene.boss}, quelques semaines avant."
            )
        return (
            restated
            or f"Un mardi matin, six semaines avant l'évènement ; réunion de {scene.minutes} minutes."
        )
    if kind == "bilan":
        if facts.event_date is None:
            return f"Réunion de bilan dix jours après l'évènement, à {hour} ({scene.minutes} minutes)."
        meeting = facts.event_date + timedelta(days=10)
        meeting -= timedelta(days=(meeting.weekday() - 1) % 7)
        return (
            f"Réunion de bilan le {french.fr_date(meeting)} à {hour} ({scene.minutes} minutes), après l'évènement "
            f"du {french.fr_date(facts.event_date)}."
        )
    if kind == "delai_court":
        day = _event_day(scene, ((facts.month or 1) + 1) % 12 + 1)
        meeting = _tuesday_before(day, 3)
        return (
            f"Réunion le {french.fr_date(meeting)} à {hour} ({scene.minutes} minutes) ; l'évènement doit avoir lieu "
            f"le {french.fr_date(day)}, soit trois semaines plus tard."
        )
    day = _event_day(scene, MONTH_OF[kind])
    if scene.mode == "visiteur":
        return f"{cap(french.fr_date(day))} à {hour}, pendant l'évènement organisé {CONTEXT[kind]} ; échange de {scene.minutes} minutes."
    meeting = _tuesday_before(day, 6)
    return (
        f"Réunion le {french.fr_date(meeting)} à {hour} ({scene.minutes} minutes) ; évènement prévu le "
        f"{french.fr_date(day)}, {CONTEXT[kind]}."
    )


def lieu(scene: Scene) -> str:
    facts, kind, meeting = scene.facts, scene.kind("lieu"), f"Réunion {scene.facts.premise.at}."
    if kind is None:
        return (
            french.sentence(restate.restated(facts, "lieu"))
            or f"{cap(facts.premise.at)} : dans le bureau de l'équipe et dans l'espace de vente."
        )
    if scene.mode == "visiteur":
        meeting = ""
    if kind == "en_ligne":
        return f"{meeting} L'évènement se déroulera en ligne, en direct sur les réseaux sociaux {de(facts.org_short)}.".strip()
    if kind == "chez_client" and scene.target:
        place = re.sub(
            r"^.*?\bd['’](?=une?\s)", "", scene.target.phrase(scene.character.gender)
        )  # "d'une TPE" -> "une TPE"
        return f"Dans les locaux {de(definite(place))} : vous y présentez votre proposition à votre interlocuteur."
    where = f"sur un stand, lors {de(facts.salon)}" if facts.salon else "dans une salle louée à proximité"
    return f"{meeting} L'évènement se tiendra hors {facts.premise.of}, {where}.".strip()


def historique(scene: Scene) -> str:
    facts, kind = scene.facts, scene.kind("historique_relation")
    if kind is None:
        text = restate.lived_story(facts, 600)
        return (
            cap(restate.named(text, "votre responsable"))
            if text
            else (f"{facts.org_short} souhaite dynamiser sa fréquentation avec un évènement commercial.")
        )
    if kind == "bilan":
        when = f" le {french.fr_date(facts.event_date)}" if facts.event_date else ""
        name = f"L'évènement « {facts.event} »" if facts.event else "L'évènement"
        results = " ".join(facts.lists["results"][:2])
        weak = facts.lists.get("difficulties", ())[:1]
        point = f" Point faible : {weak[0][:1].lower() + weak[0][1:]}" if weak else ""
        return (
            f"{name} a eu lieu{when}. Résultats : {results}{point} {cap(scene.boss)} hésite à le reconduire."
        )
    if kind == "concurrence":
        rival = (
            facts.lists["competitors"][0].split(" (")[0]
            if facts.lists.get("competitors")
            else "une grande enseigne voisine"
        )
        return (
            f"Depuis quelques mois, la concurrence se renforce ({french.lower_first(rival)}) et la "
            f"fréquentation {facts.premise.of} baisse. {facts.org_short} veut réagir avec un évènement qui mette en avant "
            "son savoir-faire."
        )
    if kind == "nouvelle_cible":
        plural = (scene.target or facts.roles[0]).plural
        return (
            f"Les {plural} font partie des cibles {de(facts.org_short)} mais représentent encore une faible part de "
            f"sa clientèle. {cap(scene.boss)} souhaite les attirer avec un évènement qui leur soit destiné."
        )
    pron = "elle" if scene.actor and scene.actor.gender == "f" else "il"
    return (
        f"Lors de la dernière opération, {scene.partner} a participé sans contrepartie ; {pron} hésite à revenir car "
        "les retombées lui ont paru faibles."
    )


_SEQUENCES = {
    "projet": "Présentation du projet d'évènement et négociation du budget",
    "bilan": "Présentation du bilan de l'évènement et propositions d'amélioration",
    "partenaire": "Présentation du partenariat proposé et négociation des contreparties",
    "b2b": "Présentation de l'offre évènementielle et traitement des objections",
    "visiteur": "Accueil du visiteur, découverte des besoins et argumentation",
}


def sequence(scene: Scene) -> str:
    return f"{_SEQUENCES[scene.mode]} ({scene.minutes} minutes au plus), pour {scene.event}."


def members(role: Role | None) -> str:
    key = role.key if role else ""
    return (
        "adhérents"
        if key in ("club", "association")
        else "salariés"
        if key in ("cse", "entreprise", "pme", "tpe")
        else "membres"
    )


def objectifs(scene: Scene) -> str:
    ev = scene.event
    if scene.mode == "projet":
        return f"Obtenir l'accord {de(scene.boss)} sur le projet : date, programme, cible et budget {de(ev)}."
    if scene.mode == "bilan":
        follow = ev if scene.kind("objet") else "une nouvelle édition améliorée"
        return (
            f"Présenter le bilan chiffré de l'évènement, expliquer les écarts avec les objectifs et obtenir "
            f"l'accord {de(scene.boss)} pour {follow}."
        )
    if scene.mode == "partenaire":
        return f"Convaincre {scene.partner} de participer {a(ev)} et s'accorder sur des contreparties équilibrées."
    if scene.mode == "b2b":
        return f"Faire accepter le principe {de(ev)} pour les {members(scene.target)} de la structure et fixer une date."
    return (
        f"Accueillir le visiteur pendant {ev}, découvrir ses besoins et conclure une vente ou un rendez-vous."
    )


def informations(scene: Scene) -> str:
    facts = scene.facts
    lines = [restate.offer_line(facts, item) for item in scene.items[:2]]
    results, objectives = facts.lists.get("results", ()), facts.lists.get("objectives", ())
    if scene.mode == "bilan":
        lines += [f"Objectifs fixés : {objectives[0]}"] if objectives else []
        lines += [f"Résultats obtenus : {x}" for x in results[:3]]
    elif scene.mode == "projet":
        lines += [f"Budget de la dernière opération : {french.money(facts.budget)}."] if facts.budget else []
        lines += [f"Résultats de la dernière opération : {results[0]}"] if results else []
    elif scene.mode == "partenaire" and scene.actor is not None and scene.actor.note:
        lines.append(f"Rôle du partenaire lors de la dernière opération : {scene.actor.note}")
    if facts.lists.get("competitors") and scene.kind("historique_relation") != "concurrence":
        lines.append(f"Concurrence : {facts.lists['competitors'][0]}.")
    lines += restate.figures_for(
        facts, (scene.items or [facts.main])[0], "\n".join(lines), ("tarif", "budget"), 3
    )
    return "\n".join(lines)


def reduced_budget(facts: Material) -> str:
    return french.money(french.below(facts.budget, 0.7)) if facts.budget else ""


def contraintes(scene: Scene) -> str:
    facts, kind = scene.facts, scene.kind("contraintes")
    said = {
        "budget_reduit": (
            f"Le budget est plafonné à {reduced_budget(facts)}, contre {french.money(facts.budget)} pour la dernière "
            "opération."
            if facts.budget
            else "Le budget est très serré : chaque dépense devra être justifiée."
        ),
        "delai": "La préparation ne peut pas dépasser trois semaines.",
        "personnel": "Seules deux personnes de l'équipe seront disponibles le jour de l'évènement, vous compris.",
        "cofinancement": f"Une partie des dépenses doit être prise en charge par {'la structure cliente' if scene.mode == 'b2b' else 'le partenaire'} : "
        "l'organisation ne financera pas seule l'opération.",
        "affluence": f"Il y a beaucoup de monde sur {scene.event} : l'échange doit rester court, car d'autres visiteurs attendent.",
        "offre_limitee": "L'offre réservée à l'évènement n'est valable que jusqu'à la fin de la journée.",
        "logistique": "L'espace disponible est limité : trente personnes au plus en même temps, et aucune "
        "installation extérieure n'est autorisée.",
    }.get(kind or "", "")
    if kind == "marge" and facts.margin.max_pct is not None:
        said = (
            f"Les offres promotionnelles de l'évènement ne peuvent pas dépasser {french.pct(facts.margin.max_pct)} % "
            "de remise."
        )
    extra = (
        [restate.leeway(facts, scene.items[0])]
        if scene.mode in ("b2b", "visiteur") and kind != "marge"
        else []
    )
    return " ".join([said, *extra]).strip()


def acteurs(scene: Scene) -> Acteurs:
    facts, character = scene.facts, scene.character
    if scene.mode in ("projet", "bilan") and scene.kind("acteurs") == "superieur":
        vous = f"Vous êtes {restate.seller(facts)}, en charge du projet d'évènement."
        return Acteurs(
            vous=vous,
            jury=f"{character.name}, {scene.played}, qui valide le budget et le programme des évènements {de(facts.org_short)}.",
        )
    if scene.mode in ("projet", "bilan"):
        return restate.acteurs_restated(facts, scene.actor, character, f"{character.name}, {scene.played}.")
    if scene.mode == "partenaire":
        vous = f"Vous êtes {restate.seller(facts)}, en charge de l'organisation de l'évènement."
        return Acteurs(
            vous=vous,
            jury=f"{character.name}, {scene.played}{'' if 'partenaire' in scene.played else ' (partenaire)'}, "
            f"{character.g('sollicité', 'sollicitée')} pour participer à l'évènement.",
        )
    if scene.mode == "b2b":
        vous = f"Vous êtes {restate.seller(facts)}, en charge de l'évènement."
        return Acteurs(
            vous=vous,
            jury=f"{character.name}, {scene.played}, {character.g('interlocuteur', 'interlocutrice')} {de(facts.org_short)} pour ce projet.",
        )
    vous = f"Vous êtes {restate.seller(facts)} et vous participez à l'animation de l'évènement."
    return Acteurs(
        vous=vous,
        jury=f"{character.name}, {scene.played}, {character.g('visiteur', 'visiteuse')} de l'évènement.",
    )
