"""Writer of NV proposals (négociation vente): the candidate sheet's situation from a plan of levers.

Unchanged parameters restate the FDAP (its own words, redacted); changed ones are written from the
lever's template with the FDAP's real offer, figures and client types. The jury sheet is written from the
same scene by nv_jury.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from service.domain.fiche_sujet import Acteurs
from service.domain.rules_form import says_what_fdap_says
from service.domain.text import fold
from service.engines.offline import calendar, french, info_lines, offer_words, restate
from service.engines.offline.nv_profile import rival_name
from service.engines.offline.nv_scene import DEFAULT_ROLE, Scene, build_scene, plays_client
from service.engines.offline.nv_story import GRIEVANCES, story
from service.engines.offline.places import lived_place_fits
from service.engines.offline.roles import a, cap, de

__all__ = ["DEFAULT_ROLE", "Scene", "build_scene", "story"]


def objet(scene: Scene) -> str:
    facts, kind, to = scene.facts, scene.kind("objet"), a(scene.who.phrase)
    if kind is None:
        title = facts.counterparts["objet"]
        lived = scene.plan.mode == "fdap"  # the title names the FDAP's own client, not another character
        return (
            title if facts.known.title_usable and lived else f"Vente de {offer_words.offer(scene.focus)} {to}"
        )
    if kind == "complement" and scene.companion:
        return f"Vente additionnelle de {offer_words.offer(scene.focus)} avec {offer_words.offer(scene.companion)}, {to}"
    if kind == "montee_gamme" and scene.companion:
        return f"Vente de {offer_words.offer(scene.focus)} {to}, en montée en gamme de {offer_words.offer(scene.companion)}"
    return f"Vente de {offer_words.offer(scene.focus)} {to}"


_MOMENTS = {
    "fin_annee": "À quelques semaines de la fin de l'année, {cl} veut régler la question avant le 31 décembre.",
    "rentree": "C'est la rentrée : {cl} fait le point sur ses dépenses et ses projets de l'année.",
    "ete": "{Cl} part en congés début juillet et veut avoir tranché avant son départ.",
    "printemps": "Au printemps, {cl} profite d'une période plus calme pour faire le point sur ses besoins.",
}


_DAY = re.compile(
    r"(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\.?\s+)?(?:le\s+)?\d{1,2}(?:er)?\s+"
    r"(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre)\s+\d{4}"
    r"|(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lun|mar|mer|jeu|ven|sam)\.?\s+)?\d{1,2}/\d{1,2}/\d{2,4}",
    re.IGNORECASE,
)


def dates(scene: Scene) -> str:
    """A new date for the simulated meeting (never the lived time slot), with the moment when one is pulled."""
    kind = scene.kind("dates_duree")
    when = (
        f"{cap(french.fr_date(scene.day))} à {scene.rng.choice(french.HOURS)}, "
        f"entretien de {scene.minutes} minutes."
    )
    if kind is None:  # no room for one more change: a later visit, dated the way the FDAP dates its own
        return _later_visit(scene) or when
    if kind == "echeance":
        last = calendar.open_day(scene.day + timedelta(days=7), saturday=False)
        story = calendar.deadline(scene.facts)  # the decision comes before the story's own deadline
        if story is not None and scene.day < story <= last:
            last = calendar.open_day(max(scene.day + timedelta(days=1), story - timedelta(days=2)), back=True)
        limit = french.fr_date(last)
        return f"{when} {scene.who.Cl} doit avoir pris sa décision au plus tard le {limit}."
    return f"{when} " + _MOMENTS[kind].format(cl=scene.who.cl, Cl=scene.who.Cl)


_MONTHS = "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre".split()
_DMY = re.compile(r"(\d{1,2})(?:er)?\s+([a-zûéè]+)\s+(\d{4})|(\d{1,2})/(\d{1,2})/(\d{2,4})")


def _parsed(text: str) -> date | None:
    """The date an FDAP writes, « samedi 5 avril 2025 » or « 16/11/2024 »."""
    match = _DMY.search(fold(text))
    if match is None:
        return None
    try:
        if match.group(1):
            return date(int(match.group(3)), _MONTHS.index(match.group(2)) + 1, int(match.group(1)))
        year = int(match.group(6))
        return date(year + 2000 if year < 100 else year, int(match.group(5)), int(match.group(4)))
    except ValueError:
        return None


def _later_visit(scene: Scene) -> str:
    """A new meeting some weeks after the lived one (a week at least when the story's deadline is close),
    dated the way the FDAP dates its own, so that it still reads as the FDAP's row and is no fifth change."""
    facts = scene.facts
    said = facts.counterparts.get("dates_duree", "")
    line = restate.lived_date(facts)
    days = _DAY.findall(line)
    lived = _parsed(days[-1]) if days else None
    if lived is None:
        return ""
    story = calendar.deadline(facts)
    first = ""
    # weeks later; a story with a close deadline (an opening, a wedding) keeps its meeting before it
    for delta in (28, 35, 21, 42, 56, 14, 10, 7):
        day = lived + timedelta(days=delta)
        if not calendar.is_open(day, saturday=lived.weekday() == 5) or (story is not None and day >= story):
            continue
        new = french.fr_date(day)
        first = first or f"{cap(new)}."
        # the bare date, else the FDAP's own line (« RDV le jeudi 24 avril 2025 à 10 h. ») on the new day
        for row in (f"{cap(new)}.", _on_day(line, days[-1], new)):
            if row and says_what_fdap_says(row, said):
                return row
    # no later day reads as the FDAP's row: the lived day only if it still does (a moved date would be one
    # change too many); when even the lived day reads as a change (« ven. 21/02/2025 »), it moves for free
    lived_row = f"{cap(days[-1].strip())}."
    return lived_row if says_what_fdap_says(lived_row, said) or not first else first


def _on_day(line: str, lived: str, new: str) -> str:
    """The new day with the hour the FDAP gives to the lived one: « Samedi 16 novembre 2024 vers 15 h. » ->
    « Samedi 14 décembre 2024 vers 15 h. » (never a duration nor the story after it), or ""."""
    at = line.find(lived)
    hour = _HOUR.match(line[at + len(lived) :]) if at >= 0 else None
    return f"{cap(new)}{hour.group(0)}." if hour else ""


_HOUR = re.compile(r"\s*(?:à|vers)\s+\d{1,2}\s*h(?:\s*\d{2})?")


def lieu(scene: Scene) -> str:
    facts, kind, w = scene.facts, scene.kind("lieu"), scene.who
    if kind is None:
        restated = french.yours(french.neutral(restate.restated(facts, "lieu")))
        other = scene.kind("acteurs") == "autre_cible" or scene.plan.mode != "fdap"  # not the lived client
        if restated and not lived_place_fits(restated, other):
            return _generic_place(scene)
        return french.sentence(restated) or f"{cap(facts.premise.at)}, dans un bureau au calme."
    if kind == "chez_client":
        where = "Dans les locaux professionnels" if w.role.pro else "Au domicile"
        return f"{where} {w.du}, à sa demande : vous vous déplacez avec vos supports de vente."
    if kind == "salon":
        fair = facts.salon or (
            "un salon professionnel" if w.role.pro else "une foire commerciale de la région"
        )
        return f"Sur le stand {de(facts.org)}, lors {de(fair)} : l'espace est bruyant et les échanges sont courts."
    if kind == "visio":
        where = "dans son bureau" if w.role.pro else f"chez {w.g('lui', 'elle')}"
        return (
            f"À distance, en visioconférence : {w.cl} est {where} et vous partagez vos documents à l'écran."
        )
    if kind == "telephone":
        return f"Par téléphone, lors d'un rendez-vous fixé à l'avance : vous appelez {w.cl} depuis votre poste {facts.premise.of}."
    if w.role.pro:  # a business client is received in the offices, never « au magasin »
        return f"Dans les bureaux {de(facts.org_short)}, au calme : {w.cl} a accepté de se déplacer."
    return f"{cap(facts.premise.at)}, dans un bureau au calme : {w.cl} a accepté de se déplacer."


def _generic_place(scene: Scene) -> str:
    """The place said by its kind, never by the lived client's address: their premises, or the seller's."""
    if scene.who.role.pro:
        return f"Dans les locaux {scene.who.du} : vous vous déplacez avec vos supports de vente."
    return f"{cap(scene.facts.premise.at)}, dans un bureau au calme."


def historique(scene: Scene) -> str:
    return story(scene)


_SEQUENCES = {
    "apres_devis": "Reprise du devis, traitement des objections et conclusion",
    "fidele": "Découverte du nouveau besoin et conclusion",
    "mecontent": "Écoute de la réclamation, proposition d'une solution et conclusion",
    "renouvellement": "Traitement des objections sur le renouvellement et conclusion",
}


def sequence(scene: Scene) -> str:
    """One part of the interview that fits the simulation and ends where the objective ends."""
    if scene.first:
        text = (
            "Découverte des besoins et proposition d'un second rendez-vous"
            if scene.no_signature
            else "Découverte des besoins et conclusion de la vente"  # two phases hold in the simulation
        )
    else:
        text = _SEQUENCES.get(scene.mode, _SEQUENCES["fidele"])
        if scene.kind("contraintes") == "decideur_absent":
            text = text.replace("et conclusion", f"et prise d'un rendez-vous en présence {_with(scene)}")
    return f"{text} ({scene.minutes} minutes au plus), sur {offer_words.offer(scene.focus)}."


def _with(scene: Scene) -> str:
    """« de son conjoint », « de l'autre membre du couple », « du bureau de l'association »."""
    return de(scene.who.role.approver())


def objectifs(scene: Scene) -> str:
    w, p, mode = scene.who, offer_words.offer(scene.focus), scene.mode
    absent = scene.kind("contraintes") == "decideur_absent"
    if scene.first and scene.no_signature:
        goal = (
            f"Découvrir les besoins {w.du} et obtenir un second rendez-vous à une date fixée"
            + (f" en présence {_with(scene)}" if absent else "")
            + f", pour lui présenter une proposition chiffrée sur {p}."
        )
    elif scene.first:
        goal = f"Découvrir les besoins {w.du}, lui présenter {p} et obtenir son accord dans l'entretien."
    elif mode == "apres_devis":
        goal = f"Lever les dernières hésitations sur le devis de {p} et obtenir " + (
            f"un accord de principe et un rendez-vous de signature en présence {_with(scene)}."
            if absent
            else "la signature."
        )
    elif mode == "fidele":
        goal = f"Faire adopter {p} {a(w.cl)}, qui connaît déjà {scene.facts.org_short}, et renforcer sa fidélité."
    elif mode == "mecontent":
        goal = f"Traiter l'insatisfaction, conserver {w.cl} et lui faire accepter {p} sans sortir des marges de manœuvre."
    else:
        goal = f"Obtenir le renouvellement avec {p} et défendre le prix face à la concurrence."
    if absent and mode in ("fidele", "mecontent", "renouvellement"):
        goal += (
            " L'autre décideur étant absent, obtenir un accord de principe et un rendez-vous pour conclure."
        )
    if scene.kind("objet") == "complement" and scene.companion:
        goal += f" Montrer ce que {p} apporte en plus de {offer_words.offer(scene.companion)}."
    return goal


def informations(scene: Scene) -> str:
    facts = scene.facts
    lines = [
        offer_words.offer_line(
            facts,
            scene.focus,
            "Devis remis pour l'offre" if scene.mode == "apres_devis" else "Offre",
        )
    ]
    if scene.companion and scene.companion != scene.focus and scene.kind("objet"):
        lines.append(offer_words.price_line(scene.companion, org=facts.org_short))
    if scene.mode == "apres_devis" and not re.search(r"\d", scene.focus.price):  # « sur devis » is no amount
        amount = offer_words.quoted(facts, scene.focus) or "[à préciser : montant du devis]"
        lines[0] = f"Devis remis pour {offer_words.offer(scene.focus)} : {amount}."
    if scene.mode in ("fidele", "mecontent", "renouvellement"):
        history = f"{scene.years} ans d'ancienneté" + (
            f", {GRIEVANCES[scene.step % len(GRIEVANCES)][0]}" if scene.mode == "mecontent" else ""
        )
        lines.append(f"Fiche client : {history}.")
    if facts.lists.get("competitors") and scene.kind("contraintes") != "concurrent":
        rival = facts.lists["competitors"][0]
        if rival.count("(") > rival.count(")"):  # a cut bracket reads as a truncated copy
            rival = rival[: rival.rfind("(")].rstrip(" ,;:-")
        lines.append(f"Concurrence : {rival}.")
    lines += _figures(scene, "\n".join(lines))
    return french.yours("\n".join(info_lines.tidy_lines(lines)))


def _figures(scene: Scene, said: str) -> list[str]:
    """The FDAP's own figures a seller would have at hand: price list, competitors' prices, market."""
    kinds = ("tarif", "concurrent", "marche") + (
        ("historique", "budget") if scene.plan.mode == "fdap" else ()
    )
    return offer_words.figures_for(scene.facts, scene.focus, said, kinds)


def contraintes(scene: Scene) -> str:
    facts, w, kind = scene.facts, scene.who, scene.kind("contraintes")
    if kind == "budget":
        if scene.focus.value:
            budget = french.money(french.below(scene.focus.value, 0.85)) + french.unit_of(scene.focus.price)
            said = f"{w.Cl} annonce un budget de {budget} au maximum, inférieur au tarif de {offer_words.offer(scene.focus)}."
        else:
            said = f"{w.Cl} annonce un budget serré et trouve le prix élevé pour {offer_words.offer(scene.focus)}."
    elif kind == "concurrent":
        rival = rival_name(scene)  # the firm the jury sheet names too
        named = [c for c in facts.lists.get("competitors", ()) if len(c) < 90]  # a name, not a market study
        said = (
            f"{w.Cl} a déjà en main une proposition {de(rival)}."
            if rival
            else f"{w.Cl} a déjà en main une proposition concurrente : {french.lower_first(named[0])}."
            if named
            else f"{w.Cl} a déjà en main une proposition concurrente [à préciser : concurrent et prix proposé]."
        )
    elif kind == "delai":
        said = f"{w.Cl} veut une réponse claire à l'issue de l'entretien : aucun second rendez-vous n'est possible."
    elif kind == "decideur_absent":
        said = (
            "L'un des deux conjoints n'a pas pu venir : le couple ne décidera pas sans lui."
            if w.role.couple
            else f"{w.Cl} ne peut pas s'engager {w.g('seul', 'seule')} : {w.role.approver()} "
            + (
                "doivent donner leur accord et ne sont pas là."
                if w.role.approver().startswith(("ses ", "les "))
                else "doit donner son accord et n'est pas là."
            )
        )
    else:
        said = (
            f"Votre responsable chez {facts.org_short} n'est pas joignable pendant l'entretien : vous ne pouvez "
            "rien accorder au-delà des marges suivantes."
        )
    return french.yours(f"{said} {offer_words.leeway(facts, scene.focus)}")


def acteurs(scene: Scene) -> Acteurs:
    facts, character, kind = scene.facts, scene.character, scene.kind("acteurs")
    if kind is None:
        fallback = f"{character.name}, {scene.played}."
        actor = scene.fdap_actor
        label = (
            re.sub(r"^(?:l['’]interlocuteur|(?:un|une|le|la)\b|l')[,\s]*", "", actor.label) if actor else ""
        )
        usable = (
            actor
            if actor is not None and (not label or restate.usable_label(label)) and len(actor.note) < 200
            else None
        )
        said = restate.acteurs_restated(
            facts, usable, character, fallback, keep_relation=scene.plan.mode == "fdap"
        )
        # the jury plays the fictional client only: an FDAP line naming real people or the seller's side is dropped
        jury = said.jury
        if not plays_client(facts, jury.replace(character.name, "")):
            jury = f"{character.name}, {scene.played}, {_status(scene)}."
        return Acteurs(vous=french.yours(said.vous), jury=french.yours(jury))
    vous = f"{restate.seller_line(facts)} Vous menez l'entretien en autonomie."
    if kind == "codecideur":
        jury = f"{character.name}, {scene.played} : {character.il} décide avec {scene.who.cl} et n'a pas suivi les échanges précédents."
    else:
        jury = f"{character.name}, {scene.played}, {_status(scene)}."
    return Acteurs(vous=vous, jury=french.yours(jury))


def _status(scene: Scene) -> str:
    g = scene.character.g
    if scene.mode in ("fidele", "mecontent", "renouvellement"):
        return f"{g('client', 'cliente')} depuis {scene.years} ans"
    if scene.mode == "recommandation":
        return f"prospect {g('recommandé', 'recommandée')} par un client"
    return "prospect"
