"""The rows of an EC sheet, all telling the scene the planner chose: objet, dates, place, history, aims.

Shared rows are written once for the candidate ("vous") and turned to the jury's voice by `to_jury`.
"""

from __future__ import annotations

import re

from service.domain.fiche_sujet import Acteurs
from service.domain.rules_form import says_what_fdap_says
from service.domain.text import fold
from service.engines.offline import ec_lesson, french, info_lines, offer_words, restate
from service.engines.offline.ec import CONTEXT, Scene, de_phrase, definite, partner_kind, status, took_place
from service.engines.offline.ec_dates import _prep_gap, days_words, known_by_then
from service.engines.offline.facts import Material
from service.engines.offline.roles import Role, cap, de, que

_JURY_VOICE = (
    ("Vous avez", "Le candidat a"),
    ("vous avez", "le candidat a"),
    ("Vous êtes", "Le candidat est"),
    ("vous êtes", "le candidat est"),
    ("vous présentez", "le candidat présente"),
    ("vous demande", "demande au candidat"),
    ("votre proposition", "sa proposition"),
    ("votre bilan", "son bilan"),
    ("(?<![-\\w])vous", "le candidat"),
)


def to_jury(text: str) -> str:
    """A shared row in the jury's voice: the candidate is « le candidat » (quoted names stay as they are)."""
    parts = re.split(r"(«[^»]*»)", text)
    return "".join(part if part.startswith("«") else _voiced(part) for part in parts)


def _voiced(text: str) -> str:
    for said, told in _JURY_VOICE:
        text = re.sub(rf"\b{said}\b" if said[0].isalpha() else rf"{said}\b", told, text)
    return text


def _when(scene: Scene) -> str:
    return CONTEXT.get(scene.kind("dates_duree") or "", "")


def objet(scene: Scene) -> str:
    """A short noun phrase saying the scene (« Bilan de la soirée « … » et proposition d'une nouvelle
    édition »), made of the FDAP's own words (its event, its offer): never the FDAP's title pasted back.
    """
    own = scene.facts.counterparts.get("objet", "")
    said = _objet(scene, scene.lived)
    if says_what_fdap_says(said, own):
        said = _objet(scene, scene.short)
    return said


def _objet(scene: Scene, lived: str) -> str:
    nxt = (
        f"la prochaine édition {de_phrase(lived)}"
        if scene.kind("objet") != "nouveau_format"
        else scene.next_event
    )
    if scene.mode == "bilan":
        return f"Bilan {de_phrase(lived)} et proposition d'une nouvelle édition"
    if scene.mode == "partenaire":
        return f"Partenariat pour la prochaine édition {de_phrase(lived)}"
    if scene.mode == "b2b":
        who = scene.target.phrase(scene.character.gender) if scene.target else "un client professionnel"
        who = re.sub(r"^.*?\bd['’](?=une?\s)", "", who)  # « le président d'un club » -> « un club »
        return f"Proposition d'une édition {de_phrase(lived)} pour {who}"
    if scene.mode == "visiteur":
        return f"Vente {de(_offer(scene))} lors de la prochaine édition {de_phrase(lived)}"
    if scene.kind("objet") == "nouveau_format":
        return f"Projet et budget {de_phrase(nxt)} pour {_offer(scene)}"
    return f"Projet et budget {de_phrase(nxt)}"


def _offer(scene: Scene) -> str:
    return offer_words.offer(scene.items[0]) if scene.items else "l'offre de l'évènement"


def members_of(role: Role | None) -> str:
    key = role.key if role else ""
    return (
        "adhérents"
        if key in ("club", "association")
        else "salariés"
        if key in ("cse", "entreprise", "pme", "tpe")
        else "membres"
    )


_MEETING_PART = re.compile(
    r"(?i)(?:^|[.;]\s*)(?:entretien|proposition|rendez-vous|r[ée]union|pr[ée]sentation)\s*:\s*([^.;]+)"
)


_VISITOR = re.compile(
    r"\b(?:delegue|representant|commercial|demonstrat\w*|technico|responsable regional)"
)  # a rep visits


def lieu(scene: Scene) -> str:
    """One place, the meeting's, when the FDAP's lieu names it (« Entretien : bureau de la gérante à l'agence.
    Soirée : … » -> « Bureau de la gérante à l'agence. »): that part alone, never the event's place beside it.

    Otherwise an internal meeting keeps the FDAP's place (the sheet's changes are already at the rules' limit)
    and says where the meeting is held; a partner's rep or delegate visits the firm; any other partner or a
    client structure is met on its premises.
    """
    facts, mode = scene.facts, scene.mode
    if mode == "partenaire" and _VISITOR.search(fold(scene.played)):
        return f"Rendez-vous {facts.premise.at}, où vous présentez la proposition {de(facts.org_short)} au partenaire, venu sur place."
    if mode in ("partenaire", "b2b"):
        host = "du partenaire" if mode == "partenaire" else "de la structure cliente"
        return f"Rendez-vous dans les locaux {host}, où vous présentez la proposition {de(facts.org_short)}."
    told = _MEETING_PART.search(facts.counterparts.get("lieu", ""))
    if told and mode in ("projet", "bilan"):
        return cap(french.sentence(told.group(1).strip()))
    place = cap(french.sentence(restate.restated(facts, "lieu", 200)))
    where = {
        "projet": f"dans le bureau {de_phrase(scene.role)}",
        "bilan": f"dans le bureau {de_phrase(scene.role)}",
    }.get(mode, "")
    if mode == "visiteur":
        return place or f"{cap(facts.premise.at)}, sur l'espace de l'évènement."
    meeting = f"{'Réunion de bilan' if mode == 'bilan' else 'Rendez-vous'} {where}"
    return f"{place} {meeting}.".strip() if place else f"{meeting}, {facts.premise.at}."


def _short(text: str, limit: int = 150) -> str:
    """A whole FDAP line without its asides, or its first clause when long (never a cut copy)."""
    text = re.sub(r"\s*\([^()]*\)", "", text.strip()).rstrip(".;")
    if len(text) <= limit:
        return text
    head = re.split(r"\s*;\s*", text)[0].rstrip(" ,")
    if len(head) > limit:
        head = head.split(", ")[0]
    return head if len(head) <= limit else ""


def results(facts: Material, limit: int = 2) -> str:
    return " ; ".join(
        x for x in (_short(french.lower_first(r)) for r in facts.lists.get("results", ())[:limit]) if x
    )


def difficulty(facts: Material) -> str:
    said = facts.lists.get("difficulties", ())
    return _short(french.lower_first(said[0]), 90) if said and "[" not in said[0] else ""


def historique(scene: Scene) -> list[tuple[str, str]]:
    """The FDAP's own story (kept, so the row stays the FDAP's) and what this scene adds to it.

    Several tellings, the fullest first: the writer keeps the first that still reads as the FDAP's story.
    """
    facts, lived = scene.facts, scene.lived
    when = f" {days_words(scene.first_day, scene.span)}" if scene.first_day else ""
    said = f"{cap(took_place(lived))}{when}."
    added = {
        "projet": f"{said} {cap(scene.role)} vous demande de préparer {scene.next_event}.",
        "bilan": f"{said} {cap(scene.role)} attend votre bilan avant de la reconduire.",
        "partenaire": f"{said} Pour la suite, {facts.premise.the} souhaite un partenaire qui prenne une part des frais."
        if not scene.partner_named
        else f"{said} Pour la suite, {facts.premise.the} souhaite que le partenaire s'engage davantage.",
        "b2b": f"{said} {scene.character.name} envisage une édition réservée à sa structure.",
        "visiteur": f"{said} {cap(facts.premise.the)} la reconduit ; le visiteur ne le connaît pas encore.",
    }[scene.mode]
    if scene.mode == "bilan":  # the scene's own story: the event, what it gave, who waits for the review
        got = (
            results(facts, 1)
            if all(known_by_then(scene, x) for x in facts.lists.get("results", ())[:1])
            else ""
        )
        told = f"{said} Premiers résultats : {got}." if got else said
        return [("", f"{told} {cap(scene.role)} attend votre bilan avant de décider d'une nouvelle édition.")]
    stories = [cap(restate.lived_story(facts, limit)) for limit in (320, 480, 640)]
    return [(story, tail) for story in stories for tail in (added, said, "")]


def sequence(scene: Scene) -> str:
    lived, nxt = scene.lived, scene.next_event
    said = {
        "projet": f"Présentation du projet {de_phrase(nxt)} et négociation de son budget avec {scene.role}",
        "bilan": f"Présentation du bilan chiffré {de_phrase(lived)}, puis proposition d'une nouvelle édition "
        f"{a_phrase(scene.role)}",
        "partenaire": f"Présentation de la proposition de partenariat pour {nxt} et négociation des contreparties",
        "b2b": f"Présentation de l'offre {de_phrase(lived)} et traitement des objections, jusqu'à l'accord de principe",
        "visiteur": f"Traitement des objections sur {_offer(scene)} et conclusion, le visiteur ayant déjà été accueilli",
    }[scene.mode]
    return f"{said} ({scene.minutes} minutes au plus)."


def objectifs(scene: Scene) -> str:
    nxt, role = scene.next_event, scene.role
    return {
        "projet": f"Obtenir l'accord {de_phrase(role)} sur le programme, la date et le budget {de_phrase(nxt)}.",
        "bilan": f"Présenter les résultats {de_phrase(scene.lived)}, expliquer les écarts avec les objectifs et "
        f"obtenir l'accord {de_phrase(role)} pour une nouvelle édition.",
        "partenaire": f"Obtenir l'engagement du partenaire pour {nxt} : ce qu'il apporte (lots, présence, part des "
        f"frais) et ce {que(scene.facts.org_short)} lui offre en échange.",
        "b2b": f"Faire accepter le principe d'une édition {de_phrase(scene.lived)} réservée à sa structure et convenir "
        "d'une date.",
        "visiteur": f"Lever les objections du visiteur et conclure une vente de {_offer(scene)} ou une prise de rendez-vous.",
    }[scene.mode]


_TOTAL = re.compile(r"(?:soit|total\s*:?|=)\s*(\d{1,3}(?:[\s\u202f\u00a0]?\d{3})*)\s*€")


def spent(facts: Material) -> float | None:
    """The last edition's budget as spent: the FDAP's budget, unless that figure was only the one asked for
    (in the objectives) and a result gives the total really engaged (« soit 2 000 € au total »)."""
    if not facts.budget:
        return None
    asked = french.money(facts.budget).replace("\u202f", " ")
    objectives = " ".join(facts.lists.get("objectives", ())).replace("\u202f", " ").replace("\u00a0", " ")
    if asked not in objectives:
        return facts.budget
    lines = [*facts.lists.get("results", ()), *(f.text for f in facts.known.figures)]
    for line in lines:
        found = _TOTAL.findall(line) if "budget" in fold(line) else []
        if found:
            return float(re.sub(r"\D", "", found[0]))
    return facts.budget


def budget(facts: Material) -> str:
    """The budget the FDAP gives for the event, copied exactly, or "" when it gives none."""
    if spent(facts):
        return french.money(spent(facts) or 0)
    for figure in facts.known.figures:
        if "budget" in fold(figure.text) and re.search(r"\d", figure.text):
            return re.sub(r"(?i)^budget[^:\d]{0,40}:\s*", "", _short(figure.text, 160))
    return ""


def informations(scene: Scene) -> str:
    """What each scene needs: the budget and a result to defend, the whole review, what a partner weighs."""
    facts, mode = scene.facts, scene.mode
    # an item line says its price or nothing: « Offre « Drive piéton » d'Hyper Marché Plus. » tells no figure
    lines = [offer_words.offer_line(facts, item) for item in scene.items[:2] if item.price]
    offers = list(lines)
    objectives = facts.lists.get("objectives", ())
    got = [x for x in facts.lists.get("results", ()) if known_by_then(scene, x)]
    if mode in ("projet", "partenaire"):
        said = budget(facts)
        lines.append(
            f"Budget de l'édition précédente : {said}."
            if said
            else "Budget de l'édition précédente : [à préciser : montant engagé]."
        )
    if mode == "bilan" and budget(facts):  # the jury asks what each result cost
        lines.append(f"Budget engagé : {budget(facts)}.")
    if mode == "bilan":
        lines += [f"Objectifs fixés : {_short(objectives[0], 220)}."] if objectives else []
        lines += [f"Résultats obtenus : {_short(x, 220)}." for x in got[:3]]
    elif mode in ("projet", "partenaire"):
        lines += [f"Résultats de la dernière édition : {_short(x, 220)}." for x in got[:1]]
    if mode == "partenaire":
        clients = [r.plural for r in facts.roles if r.plural][:3]
        lines += [f"Clientèle {de(facts.org_short)} : {', '.join(clients)}."] if clients else []
    if facts.known.competitors and mode in ("b2b", "visiteur", "projet"):
        lines.append(f"Concurrence : {', '.join(facts.known.competitors[:2])}.")
    lines += offer_words.figures_for(
        facts, (scene.items or [facts.main])[0], "\n".join(lines), ("tarif", "budget"), 3
    )
    # a concession quoted from the FDAP's results is no leeway to grant: leeway belongs to the constraints
    kept = [x for x in lines if x and (x in offers or not _CONCESSION.search(fold(x)))]
    return "\n".join(info_lines.tidy_lines(kept))


_CONCESSION = re.compile(r"\b(?:remises?|reductions?|rabais|gestes? commerci\w*)\b")


def reduced_budget(facts: Material) -> str:
    return french.money(french.below(spent(facts) or 0, 0.7)) if facts.budget else ""


def contraintes(scene: Scene) -> str:
    facts, kind = scene.facts, scene.kind("contraintes")
    options = {
        "budget_reduit": (
            f"Le budget est plafonné à {reduced_budget(facts)}, contre {french.money(spent(facts) or 0)} la dernière fois."
            if facts.budget
            else f"Le budget {de_phrase(scene.next_event)} ne pourra pas dépasser celui {de_phrase(scene.lived)} "
            "[à préciser : montant]."
        ),
        "delai": f"La date {de_phrase(scene.next_event)} ne peut pas être repoussée : tout doit être prêt dans "
        f"{_prep_gap(scene)}.",
        "personnel": f"Seules deux personnes de l'équipe {de(facts.org_short)} seront disponibles le jour J, vous compris.",
        "cofinancement": (
            f"{facts.org_short} ne financera qu'une partie de l'opération : "
            + (
                "le partenaire doit prendre en charge une partie des frais."
                if scene.mode == "partenaire" and partner_kind(scene) == "fournisseur"
                else "l'apport du partenaire (savoir-faire, temps, communication) doit couvrir le reste."
                if scene.mode == "partenaire" and partner_kind(scene) == "prestataire"
                else "l'appui du partenaire (bénévoles, matériel, communication) doit couvrir le reste."
                if scene.mode == "partenaire"
                else f"une partie des frais doit être apportée par le partenaire ({scene.partner})."
                if scene.partner_named
                else "une partie des frais doit être apportée par un partenaire [à préciser : lequel]."
            )
        ),
        "offre_limitee": f"Aucune remise au-delà des conditions prévues par {facts.org_short} pour l'évènement sans "
        "l'accord de votre responsable.",
    }
    said = options.get(kind or "", "")
    if kind == "marge" and facts.margin.max_pct is not None:
        said = f"Les offres de l'évènement ne peuvent pas dépasser {french.pct(facts.margin.max_pct)} % de remise."
    if kind is None:  # a review, a partner, a client: what went wrong last time, not to repeat
        return _grounded(scene, options)
    extra = (
        [offer_words.leeway(facts, scene.items[0])]
        if scene.mode in ("b2b", "visiteur") and kind != "marge"
        else []
    )
    return " ".join([said, *extra]).strip()


def _grounded(scene: Scene, options: dict[str, str]) -> str:
    """No constraint planned: one difficulty of the lived event, rewritten as something to avoid (never the
    student's pasted list), else a limit the scene works under (the partner's share, the staff, the leeway)."""
    facts = scene.facts
    said = ec_lesson.lesson(facts)
    extra = [offer_words.leeway(facts, scene.items[0])] if scene.mode == "b2b" else []
    fallback = {"partenaire": options["cofinancement"], "bilan": options["personnel"]}
    return " ".join([said, *extra]).strip() or fallback.get(
        scene.mode, offer_words.leeway(facts, scene.items[0])
    )


def acteurs(scene: Scene) -> Acteurs:
    facts, character = scene.facts, scene.character
    part = (
        f"vous avez participé {a_phrase(scene.lived)}"
        if scene.participant
        else f"vous avez pris part à l'organisation {de_phrase(scene.lived)}"
    )
    task = {
        "projet": f"vous présentez le projet {de_phrase(scene.next_event)}",
        "bilan": "vous présentez le bilan de l'opération",
        "partenaire": "la relation avec le partenaire vous est confiée",
        "b2b": "vous présentez l'offre à la structure cliente",
        "visiteur": "vous accueillez les visiteurs",
    }[scene.mode]
    vous = f"Vous êtes {status(facts)} chez {facts.org} ; {part}, et {task}."
    jury = {
        "projet": f", qui valide le budget et le programme des évènements {de(facts.org_short)}.",
        "bilan": f", qui a validé l'opération et décide de sa reconduction chez {facts.org_short}.",
        "partenaire": f", {character.g('sollicité', 'sollicitée')} comme partenaire {de_phrase(scene.next_event)}.",
        "b2b": f", {character.g('interlocuteur', 'interlocutrice')} de sa structure pour ce projet.",
        "visiteur": f", {character.g('visiteur', 'visiteuse')} de l'évènement.",
    }[scene.mode]
    return Acteurs(vous=vous, jury=f"{character.name}, {scene.played}{jury}")


def a_phrase(phrase: str) -> str:
    """Example: "le stand" -> "au stand", "les journées" -> "aux journées", "la journée" -> "à la journée"."""
    if phrase.startswith("le "):
        return "au " + phrase[3:]
    if phrase.startswith("les "):
        return "aux " + phrase[4:]
    return "à " + phrase


__all__ = ["definite", "members_of", "to_jury"]
