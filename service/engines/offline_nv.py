"""Writer of NV proposals (négociation vente): the candidate sheet's situation from a plan of levers.

Unchanged parameters restate the FDAP (its own words, redacted); changed ones are written from the
lever's template with the FDAP's real offer, figures and client types. The jury sheet is written from the
same scene by offline_nv_jury.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from service.domain.fiche_sujet import Acteurs
from service.domain.text import fold
from service.engines import offline_common as co
from service.engines.offline_extract import Actor, OfferItem
from service.engines.offline_levers import MONTH_OF, Plan, alternative_roles, upgrade
from service.engines.offline_material import Material
from service.engines.offline_people import Character, draw_character
from service.engines.offline_roles import Role, a, cap, de

DEFAULT_ROLE = Role("client", "un client", "une cliente", "clients", False, (30, 58))
_OPTION = re.compile(
    r"option|renfort|complement|extension|garantie|accessoire|supplement|semelle|pack|contrat d"
)


@dataclass
class Scene:
    """One NV variant: who is met, what is sold, and the levers pulled."""

    m: Material
    plan: Plan
    rng: random.Random
    minutes: int
    who: Who
    ch: Character
    played: str
    focus: OfferItem
    companion: OfferItem | None
    years: int
    fdap_actor: Actor | None
    step: int = 0

    @property
    def mode(self) -> str:
        return self.plan.mode if self.plan.mode != "fdap" else self.m.relation

    def kind(self, param: str) -> str | None:
        return self.plan.kind(param)


Who = co.Who


def _pick(rng: random.Random, items: list[OfferItem], prefer: re.Pattern[str] | None = None) -> OfferItem:
    preferred = [i for i in items if prefer and prefer.search(fold(i.label))]
    return rng.choice(preferred or items)


def _products(m: Material, plan: Plan, rng: random.Random) -> tuple[OfferItem, OfferItem | None]:
    """(the item the scene is about, the item the client already has or compares with)."""
    rest = [i for i in m.items if i.label != m.main.label]
    kind = plan.kind("objet")
    if kind == "autre_produit" and rest:
        return _pick(rng, rest), m.main
    if kind == "complement" and rest:
        cheaper = [i for i in rest if i.value is not None and m.main.value and i.value < m.main.value]
        return _pick(rng, cheaper or rest, _OPTION), m.main
    if kind == "montee_gamme":
        up = next(i for i in m.items if i.label == upgrade(m))
        return up, m.main
    return m.main, (rng.choice(rest) if rest else None)


def _people(
    m: Material, plan: Plan, rng: random.Random, avoid: frozenset[str]
) -> tuple[Who, Character, str, Actor | None]:
    base = m.client or DEFAULT_ROLE
    kind = plan.kind("acteurs")
    if kind == "autre_cible":
        key = rng.choice(alternative_roles(m))
        role = next(r for r in m.roles if r.key == key)
        gender = rng.choice(role.genders())
        ch = draw_character(rng, gender, role.ages, m.forbidden_words, avoid)
        return Who(role, gender), ch, role.bare(gender), None
    if kind == "codecideur":
        who = Who(base, "m" if base.couple else rng.choice(base.genders()))
        ch = draw_character(rng, None, base.ages, m.forbidden_words, avoid)
        if re.match(r"(?:le|la) responsable", base.phrase(who.gender)):
            return who, ch, f"{ch.g('adjoint', 'adjointe')} {de(base.phrase(who.gender))}", None
        word = ch.g("associé", "associée") if base.pro else ch.g("conjoint", "conjointe")
        return who, ch, f"{word} {who.du} ({base.bare(who.gender)})", None
    actor = m.client_actor()
    ages = (actor.age, actor.age) if actor and actor.age else base.ages
    sex: str | None = None if base.couple else rng.choice(base.genders())
    if actor is not None and actor.gender in ("m", "f") and not base.couple:
        sex = actor.gender
    ch = draw_character(rng, sex, ages, m.forbidden_words, avoid)
    played = f"membre {de(base.phrase('m'))}" if base.couple else base.bare(ch.gender)
    label = re.sub(r"^(?:l['’]interlocuteur|un|une|le|la|l')[,\s]*", "", actor.label) if actor else ""
    if label and not base.couple and not re.search(r"\d", label):
        played = label
    return Who(base, "m" if base.couple else ch.gender), ch, played, actor


def scene(m: Material, plan: Plan, rng: random.Random, minutes: int, avoid: frozenset[str]) -> Scene:
    focus, companion = _products(m, plan, rng)
    who, ch, played, actor = _people(m, plan, rng, avoid)
    step = rng.randrange(len(_FDAP_SEQUENCES))
    return Scene(m, plan, rng, minutes, who, ch, played, focus, companion, rng.randint(3, 9), actor, step)


def objet(s: Scene) -> str:
    m, kind, to = s.m, s.kind("objet"), a(s.who.phrase)
    if kind is None:
        return m.counterparts["objet"] or f"Vente de {co.offer(m.main)} {to}"
    if kind == "complement" and s.companion:
        return f"Vente additionnelle de {co.offer(s.focus)} avec {co.offer(s.companion)}, {to}"
    if kind == "montee_gamme" and s.companion:
        return f"Vente de {co.offer(s.focus)} {to}, en montée en gamme de {co.offer(s.companion)}"
    return f"Vente de {co.offer(s.focus)} {to}"


_MOMENTS = {
    "fin_annee": "À quelques semaines de la fin de l'année, {cl} veut régler la question avant le 31 décembre.",
    "rentree": "C'est la rentrée : {cl} fait le point sur ses dépenses et ses projets de l'année.",
    "ete": "{Cl} part en congés début juillet et veut avoir tranché avant son départ.",
    "printemps": "Au printemps, {cl} profite d'une période plus calme pour faire le point sur ses besoins.",
}


def dates(s: Scene) -> str:
    m, kind = s.m, s.kind("dates_duree")
    if kind is None:
        restated = co.restated_dates(m, s.minutes)
        return (
            restated
            or f"Un jour de semaine, en fin de matinée ; durée de la simulation : {s.minutes} minutes."
        )
    month = MONTH_OF.get(kind) or ((m.month or 1) % 12) + 1
    year = co.later_month(month, m.month, m.year)
    day = co.day_in(year, month, s.rng.choice((1, 3)), s.rng)
    when = f"{cap(co.fr_date(day))} à {s.rng.choice(co.HOURS)}, entretien de {s.minutes} minutes."
    if kind == "echeance":
        from datetime import timedelta

        limit = co.fr_date(day + timedelta(days=7))
        return f"{when} {s.who.Cl} doit avoir pris sa décision au plus tard le {limit}."
    return f"{when} " + _MOMENTS[kind].format(cl=s.who.cl, Cl=s.who.Cl)


def lieu(s: Scene) -> str:
    m, kind, w = s.m, s.kind("lieu"), s.who
    if kind is None:
        restated = co.yours(co.neutral(co.restated(m, "lieu")))
        return co.sentence(restated) or f"{cap(m.premise.at)}, dans un bureau au calme."
    if kind == "chez_client":
        where = "Dans les locaux professionnels" if w.role.pro else "Au domicile"
        return f"{where} {w.du}, à sa demande : vous vous déplacez avec vos supports de vente."
    if kind == "salon":
        fair = m.salon or ("un salon professionnel" if w.role.pro else "une foire commerciale de la région")
        return f"Sur le stand de {m.org}, lors {de(fair)} : l'espace est bruyant et les échanges sont courts."
    if kind == "visio":
        return f"À distance, en visioconférence : {w.cl} est chez {w.g('lui', 'elle')} et vous partagez vos documents à l'écran."
    if kind == "telephone":
        return f"Par téléphone, lors d'un rendez-vous fixé à l'avance : vous appelez {w.cl} depuis votre poste {m.premise.of}."
    return f"{cap(m.premise.at)}, dans un bureau au calme : {w.cl} a accepté de se déplacer."


def _grievance(s: Scene) -> str:
    w = s.who
    return s.rng.choice(
        (
            "sa dernière demande a été traitée avec trois semaines de retard",
            "la hausse de tarif de cette année ne lui a jamais été expliquée",
            f"{w.il} n'a pas été {w.g('rappelé', 'rappelée')} après une réclamation",
        )
    )


def historique(s: Scene, voice: Callable[[str], str] = co.yours) -> str:
    """The relationship; the FDAP's own story is told in `voice` (co.theirs on the jury sheet)."""
    m, w, p = s.m, s.who, co.offer(s.focus)
    owned = (
        co.offer(s.companion) if s.companion and s.companion != s.focus else "l'une des offres de la gamme"
    )
    mode = s.plan.mode
    if mode == "fdap":
        text = voice(co.restated(m, "historique_relation"))
        who = s.ch.name if s.fdap_actor is not None else w.cl
        return (
            cap(co.named(text, who))
            if text
            else f"{w.Cl} s'intéresse à {p} et vous rencontre pour en parler."
        )
    if mode == "prospect":
        met = (
            "s'est arrêté sur le stand" if s.kind("lieu") == "salon" else "a répondu à une campagne d'appels"
        )
        met = met.replace("arrêté", w.g("arrêté", "arrêtée"))
        return (
            f"{w.Cl} ne connaît pas encore {m.org_short}. {w.Il} {met} et s'intéresse à {p}. "
            f"C'est votre premier entretien avec {w.g('lui', 'elle')} : tout reste à faire pour gagner sa confiance."
        )
    if mode == "apres_devis":
        return (
            f"Vous avez rencontré {w.cl} il y a dix jours : la découverte des besoins est faite et vous lui avez "
            f"remis un devis pour {p}. {w.Il} a demandé un délai de réflexion ; vous {w.le} revoyez pour obtenir "
            "sa décision."
        )
    if mode == "fidele":
        return (
            f"{w.Cl} fait confiance à {m.org_short} depuis {s.years} ans : {w.il} est titulaire de {owned} et s'en dit "
            f"{w.g('satisfait', 'satisfaite')}. {w.Il} vient vous voir pour un nouveau besoin, l'occasion de lui "
            f"présenter {p}."
        )
    if mode == "mecontent":
        return (
            f"{w.Cl}, titulaire de {owned} depuis {s.years} ans, est {w.g('mécontent', 'mécontente')} : "
            f"{_grievance(s)}. {w.Il} envisage de partir à la concurrence ; vous {w.le} recevez pour {w.le} "
            f"retenir et lui proposer {p}."
        )
    if mode == "renouvellement":
        return (
            f"{w.Cl} fait confiance à {m.org_short} depuis {s.years} ans, mais son {m.contract} arrive à "
            f"échéance dans deux mois. {w.Il} compare avec d'autres offres avant de s'engager à nouveau ; vous "
            f"lui proposez {p}."
        )
    return (
        f"{w.Cl} vous a été {w.g('recommandé', 'recommandée')} par un proche, lui-même client satisfait de "
        f"{m.org_short}. {w.Il} ne "
        f"connaît pas encore {p} mais fait confiance à ce conseil ; c'est votre premier échange avec "
        f"{w.g('lui', 'elle')}."
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


def sequence(s: Scene) -> str:
    text = _SEQUENCES.get(s.plan.mode) or _FDAP_SEQUENCES[s.step]
    return f"{text} ({s.minutes} minutes au plus)."


def objectifs(s: Scene) -> str:
    w, p, mode = s.who, co.offer(s.focus), s.mode
    if s.plan.mode == "fdap" and s.step > 0:
        goal = (
            f"Traiter les objections {w.du} sur {p} et obtenir son engagement avant la fin de l'entretien."
            if s.step == 1
            else f"Convaincre {w.cl} de choisir {p} et obtenir son engagement à l'issue de l'entretien."
        )
    elif mode in ("prospect", "recommandation"):
        goal = (
            f"Découvrir les besoins {w.du}, lui présenter {p} et obtenir son accord ou, à défaut, "
            "un second rendez-vous à une date fixée."
        )
    elif mode == "apres_devis":
        goal = f"Lever les dernières hésitations sur le devis de {p} et obtenir la signature."
    elif mode == "fidele":
        goal = f"Faire adopter {p} en complément de ce que {w.cl} possède déjà, et renforcer sa fidélité."
    elif mode == "mecontent":
        goal = f"Traiter l'insatisfaction, conserver {w.cl} et lui faire accepter {p} sans sortir des marges de manœuvre."
    else:
        goal = f"Obtenir le renouvellement avec {p} et défendre le prix face à la concurrence."
    if s.kind("objet") == "complement" and s.companion:
        goal += f" Valoriser le complément par rapport à {co.offer(s.companion)}."
    return goal


def informations(s: Scene) -> str:
    m = s.m
    lines = [
        co.price_line(
            s.focus, "Devis remis pour l'offre" if s.mode == "apres_devis" else "Offre", org=m.org_short
        )
    ]
    if s.companion and s.companion != s.focus and s.kind("objet"):
        lines.append(co.price_line(s.companion, org=m.org_short))
    if s.mode in ("fidele", "mecontent", "renouvellement"):
        incident = (
            "réclamation enregistrée il y a un mois, restée sans réponse écrite"
            if s.mode == "mecontent"
            else "aucun incident de paiement"
        )
        lines.append(f"Fiche client : {s.years} ans d'ancienneté, {incident}.")
    if m.lists.get("competitors") and s.kind("contraintes") != "concurrent":
        lines.append(f"Concurrence : {m.lists['competitors'][0]}.")
    lines += list(m.lists.get("market", ()))[:1]
    return co.yours("\n".join(lines))


def contraintes(s: Scene) -> str:
    m, w, kind = s.m, s.who, s.kind("contraintes")
    if kind == "budget":
        if s.focus.value:
            budget = co.money(co.below(s.focus.value, 0.85)) + co.unit_of(s.focus.price)
            said = (
                f"{w.Cl} annonce un budget de {budget} au maximum, inférieur au tarif de {co.offer(s.focus)}."
            )
        else:
            said = f"{w.Cl} annonce un budget serré et trouve {co.offer(s.focus)} chère pour sa situation."
    elif kind == "concurrent":
        rival = (
            m.lists["competitors"][0]
            if m.lists.get("competitors")
            else "un tarif plus bas trouvé sur internet"
        )
        said = f"{w.Cl} a déjà en main une proposition concurrente : {co.lower_first(rival)}."
    elif kind == "delai":
        said = f"{w.Cl} veut une réponse claire à l'issue de l'entretien : aucun second rendez-vous n'est possible."
    elif kind == "decideur_absent":
        other = "son associé" if w.role.pro else "son conjoint"
        said = (
            "L'un des deux conjoints n'a pas pu venir : le couple ne décidera pas sans lui."
            if w.role.couple
            else f"{w.Cl} ne peut pas s'engager {w.g('seul', 'seule')} : {other} doit valider la dépense et n'est pas là."
        )
    else:
        said = f"{w.Cl} va demander un geste commercial important : vous devez défendre la marge."
    return co.yours(" ".join([said, *co.margin_sentences(m, s.focus)]))


def acteurs(s: Scene) -> Acteurs:
    m, ch, kind = s.m, s.ch, s.kind("acteurs")
    if kind is None:
        fallback = f"{ch.name}, {s.played}."
        said = co.acteurs_restated(m, s.fdap_actor, ch, fallback, keep_relation=s.plan.mode == "fdap")
        return Acteurs(vous=co.yours(said.vous), jury=co.yours(said.jury))
    vous = f"Vous êtes {co.seller(m)}. Vous menez l'entretien en autonomie."
    if kind == "codecideur":
        jury = f"{ch.name}, {s.played} : {ch.il} décide avec {s.who.cl} et n'a pas assisté aux premiers échanges."
    else:
        jury = f"{ch.name}, {s.played}, {_status(s)}."
    return Acteurs(vous=vous, jury=co.yours(jury))


def _status(s: Scene) -> str:
    g = s.ch.g
    if s.mode in ("fidele", "mecontent", "renouvellement"):
        return f"{g('client', 'cliente')} depuis {s.years} ans"
    if s.mode == "recommandation":
        return f"prospect {g('recommandé', 'recommandée')} par un client"
    return "prospect"
