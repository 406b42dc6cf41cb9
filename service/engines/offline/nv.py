"""Writer of NV proposals (négociation vente): the candidate sheet's situation from a plan of levers.

Unchanged parameters restate the FDAP (its own words, redacted); changed ones are written from the
lever's template with the FDAP's real offer, figures and client types. The jury sheet is written from the
same scene by nv_jury.
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from service.domain.fiche_sujet import Acteurs
from service.domain.text import fold
from service.engines.offline import french, restate
from service.engines.offline.extract import Actor, OfferItem
from service.engines.offline.facts import Material
from service.engines.offline.levers import MONTH_OF, Plan, alternative_roles, upgrade
from service.engines.offline.people import Character, draw_character
from service.engines.offline.roles import Role, a, cap, de
from service.engines.offline.who import Who

DEFAULT_ROLE = Role("client", "un client", "une cliente", "clients", False, (30, 58))
_OPTION = re.compile(
    r"option|renfort|complement|extension|garantie|accessoire|supplement|semelle|pack|contrat d"
)


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

    @property
    def mode(self) -> str:
        return self.plan.mode if self.plan.mode != "fdap" else self.facts.relation

    def kind(self, param: str) -> str | None:
        return self.plan.kind(param)


Who = Who


def _pick(rng: random.Random, items: list[OfferItem], prefer: re.Pattern[str] | None = None) -> OfferItem:
    preferred = [i for i in items if prefer and prefer.search(fold(i.label))]
    return rng.choice(preferred or items)


def _products(facts: Material, plan: Plan, rng: random.Random) -> tuple[OfferItem, OfferItem | None]:
    """(the item the scene is about, the item the client already has or compares with)."""
    rest = [i for i in facts.items if i.label != facts.main.label]
    kind = plan.kind("objet")
    if kind == "autre_produit" and rest:
        return _pick(rng, rest), facts.main
    if kind == "complement" and rest:
        cheaper = [i for i in rest if i.value is not None and facts.main.value and i.value < facts.main.value]
        return _pick(rng, cheaper or rest, _OPTION), facts.main
    if kind == "montee_gamme":
        up = next(i for i in facts.items if i.label == upgrade(facts))
        return up, facts.main
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
        return who, character, f"{word} {who.du} ({base.bare(who.gender)})", None
    actor = facts.client_actor()
    ages = (actor.age, actor.age) if actor and actor.age else base.ages
    sex: str | None = None if base.couple else rng.choice(base.genders())
    if actor is not None and actor.gender in ("m", "f") and not base.couple:
        sex = actor.gender
    elif not base.couple and plan.mode == "fdap" and restate.story_gender(facts):
        sex = restate.story_gender(facts)  # the character is the one the lived story speaks of
    character = draw_character(rng, sex, ages, facts.forbidden_words, avoid)
    played = f"membre {de(base.phrase('m'))}" if base.couple else base.bare(character.gender)
    label = re.sub(r"^(?:l['’]interlocuteur|(?:un|une|le|la)\b|l')[,\s]*", "", actor.label) if actor else ""
    if label and not base.couple and restate.usable_label(label):
        played = label
    return Who(base, "m" if base.couple else character.gender), character, played, actor


def build_scene(
    facts: Material, plan: Plan, rng: random.Random, minutes: int, avoid: frozenset[str]
) -> Scene:
    focus, companion = _products(facts, plan, rng)
    who, character, played, actor = _people(facts, plan, rng, avoid)
    step = rng.randrange(len(_FDAP_SEQUENCES))
    return Scene(
        facts, plan, rng, minutes, who, character, played, focus, companion, rng.randint(3, 9), actor, step
    )


def objet(scene: Scene) -> str:
    facts, kind, to = scene.facts, scene.kind("objet"), a(scene.who.phrase)
    if kind is None:
        title = facts.counterparts["objet"]
        return title if facts.known.title_usable else f"Vente de {restate.offer(scene.focus)} {to}"
    if kind == "complement" and scene.companion:
        return (
            f"Vente additionnelle de {restate.offer(scene.focus)} avec {restate.offer(scene.companion)}, {to}"
        )
    if kind == "montee_gamme" and scene.companion:
        return f"Vente de {restate.offer(scene.focus)} {to}, en montée en gamme de {restate.offer(scene.companion)}"
    return f"Vente de {restate.offer(scene.focus)} {to}"


_MOMENTS = {
    "fin_annee": "À quelques semaines de la fin de l'année, {cl} veut régler la question avant le 31 décembre.",
    "rentree": "C'est la rentrée : {cl} fait le point sur ses dépenses et ses projets de l'année.",
    "ete": "{Cl} part en congés début juillet et veut avoir tranché avant son départ.",
    "printemps": "Au printemps, {cl} profite d'une période plus calme pour faire le point sur ses besoins.",
}


def dates(scene: Scene) -> str:
    facts, kind = scene.facts, scene.kind("dates_duree")
    if kind is None:
        lived = restate.lived_date(facts)
        if lived:
            return lived  # the meeting the FDAP dates; the sequence row says how long the simulation lasts
        restated = restate.restated_dates(facts, scene.minutes)
        return (
            restated
            or f"Un jour de semaine, en fin de matinée ; durée de la simulation : {scene.minutes} minutes."
        )
    month = MONTH_OF.get(kind) or ((facts.month or 1) % 12) + 1
    year = french.later_month(month, facts.month, facts.year)
    day = french.day_in(year, month, scene.rng.choice((1, 3)), scene.rng)
    when = f"{cap(french.fr_date(day))} à {scene.rng.choice(french.HOURS)}, entretien de {scene.minutes} minutes."
    if kind == "echeance":
        from datetime import timedelta

        limit = french.fr_date(day + timedelta(days=7))
        return f"{when} {scene.who.Cl} doit avoir pris sa décision au plus tard le {limit}."
    return f"{when} " + _MOMENTS[kind].format(cl=scene.who.cl, Cl=scene.who.Cl)


def lieu(scene: Scene) -> str:
    facts, kind, w = scene.facts, scene.kind("lieu"), scene.who
    if kind is None:
        restated = french.yours(french.neutral(restate.restated(facts, "lieu")))
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
        return f"À distance, en visioconférence : {w.cl} est chez {w.g('lui', 'elle')} et vous partagez vos documents à l'écran."
    if kind == "telephone":
        return f"Par téléphone, lors d'un rendez-vous fixé à l'avance : vous appelez {w.cl} depuis votre poste {facts.premise.of}."
    return f"{cap(facts.premise.at)}, dans un bureau au calme : {w.cl} a accepté de se déplacer."


def _grievance(scene: Scene) -> str:
    w = scene.who
    return scene.rng.choice(
        (
            "sa dernière demande a été traitée avec trois semaines de retard",
            "la hausse de tarif de cette année ne lui a jamais été expliquée",
            f"{w.il} n'a pas été {w.g('rappelé', 'rappelée')} après une réclamation",
        )
    )


def _holds(scene: Scene, owned: str, present: bool = True) -> str:
    """« est titulaire de X » for a subscription; a contract or a supply for the other kinds of sale."""
    sale = scene.facts.known.sale
    if sale == "abonnement":
        return f"est titulaire de {owned}" if present else f"titulaire de {owned}"
    org = scene.facts.org_short
    return f"travaille avec {org}" if present else f"en affaires avec {org}"


def historique(scene: Scene, voice: Callable[[str], str] = french.yours) -> str:
    """The relationship; the FDAP's own story is told in `voice` (french.theirs on the jury sheet)."""
    facts, w, p = scene.facts, scene.who, restate.offer(scene.focus)
    owned = (
        restate.offer(scene.companion)
        if scene.companion and scene.companion != scene.focus
        else "l'une des offres de la gamme"
    )
    mode = scene.plan.mode
    if mode == "fdap":
        text = voice(restate.lived_story(facts))
        who = scene.character.name if scene.fdap_actor is not None else w.cl
        return (
            cap(restate.named(text, who))
            if text
            else f"{w.Cl} s'intéresse à {p} et vous rencontre pour en parler."
        )
    if mode == "prospect":
        met = (
            "s'est arrêté sur le stand"
            if scene.kind("lieu") == "salon"
            else "a répondu à une campagne d'appels"
        )
        met = met.replace("arrêté", w.g("arrêté", "arrêtée"))
        return (
            f"{w.Cl} ne connaît pas encore {facts.org_short}. {w.Il} {met} et s'intéresse à {p}. "
            f"C'est votre premier entretien avec {w.g('lui', 'elle')} : tout reste à faire pour gagner sa confiance."
        )
    if mode == "apres_devis":
        return (
            f"Vous avez rencontré {w.cl} il y a dix jours : la découverte des besoins est faite et vous lui avez "
            f"remis un devis pour {p}. {w.Il} a demandé un délai de réflexion ; vous {w.le} revoyez pour obtenir "
            "sa décision."
        )
    if mode == "fidele" and facts.known.one_off:
        return (
            f"{w.Cl} achète régulièrement chez {facts.org_short} depuis {scene.years} ans et s'en dit "
            f"{w.g('satisfait', 'satisfaite')}. {w.Il} vous sollicite pour un nouveau besoin, l'occasion de lui "
            f"présenter {p}."
        )
    if mode == "fidele":
        return (
            f"{w.Cl} fait confiance à {facts.org_short} depuis {scene.years} ans : {w.il} {_holds(scene, owned)} et s'en dit "
            f"{w.g('satisfait', 'satisfaite')}. {w.Il} vous sollicite pour un nouveau besoin, l'occasion de lui "
            f"présenter {p}."
        )
    if mode == "mecontent":
        return (
            f"{w.Cl}, {_holds(scene, owned, present=False)} depuis {scene.years} ans, est {w.g('mécontent', 'mécontente')} : "
            f"{_grievance(scene)}. {w.Il} envisage de partir à la concurrence ; vous {w.le} recevez pour {w.le} "
            f"retenir et lui proposer {p}."
        )
    if mode == "renouvellement":
        return (
            f"{w.Cl} fait confiance à {facts.org_short} depuis {scene.years} ans, mais son {facts.contract} arrive à "
            f"échéance dans deux mois. {w.Il} compare avec d'autres offres avant de s'engager à nouveau ; vous "
            f"lui proposez {p}."
        )
    return (
        f"{w.Cl} vous a été {w.g('recommandé', 'recommandée')} par un proche, lui-même client satisfait "
        f"{de(facts.org_short)}. C'est votre premier échange avec {w.g('lui', 'elle')} : {w.il} fait confiance à "
        f"ce conseil mais ne connaît pas encore {p}."
    )


_SEQUENCES = {
    "prospect": "Découverte des besoins et argumentation",
    "recommandation": "Prise de contact, découverte des besoins et argumentation",
    "apres_devis": "Reformulation des besoins, présentation du devis et traitement des objections",
    "fidele": "Découverte du nouveau besoin, argumentation et conclusion",
    "mecontent": "Écoute de la réclamation, proposition d'une solution et conclusion",
    "renouvellement": "Présentation de l'offre de renouvellement et traitement des objections",
}
_FDAP_SEQUENCES = (
    "Découverte des besoins et argumentation",
    "Traitement des objections et conclusion",
    "Argumentation, traitement des objections et conclusion",
)


def sequence(scene: Scene) -> str:
    text = _SEQUENCES.get(scene.plan.mode) or _FDAP_SEQUENCES[scene.step]
    return f"{text} ({scene.minutes} minutes au plus), sur {restate.offer(scene.focus)}."


def objectifs(scene: Scene) -> str:
    w, p, mode = scene.who, restate.offer(scene.focus), scene.mode
    if scene.plan.mode == "fdap" and scene.step > 0:
        goal = (
            f"Traiter les objections {w.du} sur {p} et obtenir son engagement avant la fin de l'entretien."
            if scene.step == 1
            else f"Convaincre {w.cl} de choisir {p} et obtenir son engagement à l'issue de l'entretien."
        )
    elif mode in ("prospect", "recommandation"):
        goal = (
            f"Découvrir les besoins {w.du} et obtenir son accord dans l'entretien, pour {p}."
            if scene.kind("contraintes") == "delai"  # no second meeting is possible: never aim at one
            else f"Découvrir les besoins {w.du} et obtenir son accord ou, à défaut, un second rendez-vous à une "
            f"date fixée, pour {p}."
        )
    elif mode == "apres_devis":
        goal = f"Lever les dernières hésitations sur le devis de {p} et obtenir la signature."
    elif mode == "fidele":
        goal = f"Faire adopter {p} en complément de ce que {w.cl} possède déjà, et renforcer sa fidélité."
    elif mode == "mecontent":
        goal = f"Traiter l'insatisfaction, conserver {w.cl} et lui faire accepter {p} sans sortir des marges de manœuvre."
    else:
        goal = f"Obtenir le renouvellement avec {p} et défendre le prix face à la concurrence."
    if scene.kind("objet") == "complement" and scene.companion:
        goal += f" Valoriser le complément par rapport à {restate.offer(scene.companion)}."
    return goal


def informations(scene: Scene) -> str:
    facts = scene.facts
    lines = [
        restate.offer_line(
            facts,
            scene.focus,
            "Devis remis pour l'offre" if scene.mode == "apres_devis" else "Offre",
        )
    ]
    if scene.companion and scene.companion != scene.focus and scene.kind("objet"):
        lines.append(restate.price_line(scene.companion, org=facts.org_short))
    if scene.mode in ("fidele", "mecontent", "renouvellement"):
        incident = (
            "réclamation enregistrée il y a un mois, restée sans réponse écrite"
            if scene.mode == "mecontent"
            else "aucun incident de paiement"
        )
        lines.append(f"Fiche client : {scene.years} ans d'ancienneté, {incident}.")
    if facts.lists.get("competitors") and scene.kind("contraintes") != "concurrent":
        lines.append(f"Concurrence : {facts.lists['competitors'][0]}.")
    lines += _figures(scene, "\n".join(lines))
    return french.yours("\n".join(lines))


def _figures(scene: Scene, said: str) -> list[str]:
    """The FDAP's own figures a seller would have at hand: price list, competitors' prices, market."""
    kinds = ("tarif", "concurrent", "marche") + (
        ("historique", "budget") if scene.plan.mode == "fdap" else ()
    )
    return restate.figures_for(scene.facts, scene.focus, said, kinds)


def contraintes(scene: Scene) -> str:
    facts, w, kind = scene.facts, scene.who, scene.kind("contraintes")
    if kind == "budget":
        if scene.focus.value:
            budget = french.money(french.below(scene.focus.value, 0.85)) + french.unit_of(scene.focus.price)
            said = f"{w.Cl} annonce un budget de {budget} au maximum, inférieur au tarif de {restate.offer(scene.focus)}."
        else:
            said = (
                f"{w.Cl} annonce un budget serré et trouve le prix élevé pour {restate.offer(scene.focus)}."
            )
    elif kind == "concurrent":
        rival = (
            facts.lists["competitors"][0]
            if facts.lists.get("competitors")
            else "un tarif plus bas trouvé sur internet"
        )
        said = f"{w.Cl} a déjà en main une proposition concurrente : {french.lower_first(rival)}."
    elif kind == "delai":
        said = f"{w.Cl} veut une réponse claire à l'issue de l'entretien : aucun second rendez-vous n'est possible."
    elif kind == "decideur_absent":
        other = "sa direction" if w.role.pro else "son conjoint"
        said = (
            "L'un des deux conjoints n'a pas pu venir : le couple ne décidera pas sans lui."
            if w.role.couple
            else f"{w.Cl} ne peut pas s'engager {w.g('seul', 'seule')} : {other} doit valider la dépense et n'est pas là."
        )
    else:
        said = (
            f"Votre responsable chez {facts.org_short} est absent aujourd'hui : vous ne pouvez rien accorder "
            "au-delà des marges suivantes."
        )
    return french.yours(f"{said} {restate.leeway(facts, scene.focus)}")


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
        return Acteurs(vous=french.yours(said.vous), jury=french.yours(said.jury))
    vous = f"Vous êtes {restate.seller(facts)} et menez l'entretien en autonomie."
    if kind == "codecideur":
        jury = f"{character.name}, {scene.played} : {character.il} décide avec {scene.who.cl} et n'a pas assisté aux premiers échanges."
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
