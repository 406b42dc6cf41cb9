"""What an EC partner wants, fears and objects, by kind: a cause, a supplier or brand, a provider, an institution.

An association, a shelter or a club lends its volunteers for its cause (members, adoptions, gifts); a
supplier or a brand pays for sell-out and display of its products; an institution serves its public and
stays neutral; a provider (caterer, decorator, software publisher) comes for leads and referrals. Each reason names this FDAP's event and organisation, so no two sectors read alike.
"""

from __future__ import annotations

import re

from service.domain.text import fold
from service.engines.offline.ec import Scene, de_phrase, partner_kind, pronoun
from service.engines.offline.ec_rows import a_phrase
from service.engines.offline.roles import de

Line = str | tuple[str, str]


def _gains(scene: Scene) -> str:
    """What a cause gains from an event, by what the partner is: adoptions for a shelter, members for a club."""
    said = fold(f"{scene.played} {scene.partner}")
    if re.search(r"refuge|spa|animal|adopt", said):
        return "des adoptions et des dons"
    if re.search(r"club|association|asso\b|amicale|collectif", said):
        return "de nouveaux adhérents et des bénévoles"
    return "des dons et des soutiens"


def cause_stance(scene: Scene) -> str:
    return _gains(scene)


def constraint(scene: Scene) -> str:
    """What the partner can give, by kind, on the jury's constraints row."""
    kind, lived, g = partner_kind(scene), scene.short, scene.character.g
    if kind == "cause":
        return (
            f"Vous ne financerez rien : vous pouvez apporter des bénévoles pour une partie de l'évènement et relayer {lived} "
            "auprès de vos membres."
        )
    if kind == "public":
        return "Vous pouvez prêter une salle ou du matériel et relayer l'information, mais pas financer."
    if kind == "prestataire":
        return (
            f"Vous ne paierez aucun frais {de_phrase(lived)} : vous apportez votre savoir-faire et votre temps, "
            f"contre les contacts recueillis, et vous ne serez {g('présent', 'présente')} que pendant une partie de l'évènement."
        )
    return f"Vous ne prendrez en charge qu'une petite part des frais {de_phrase(lived)}, contre une mise en avant de vos produits, et vous ne serez {g('présent', 'présente')} que pendant une partie de l'évènement."


def motivations(scene: Scene) -> list[Line]:
    lived, org, at = scene.short, scene.facts.org_short, scene.facts.premise.at
    kind = partner_kind(scene)
    if kind == "cause":
        return [
            (f"Faire connaître sa cause aux clients {de(org)}", f"Faire connaître sa cause grâce à {org}"),
            f"{_gains(scene)} obtenus lors {de_phrase(lived)}",
            f"un lieu et une organisation {de(org)} que ses bénévoles n'auraient pas les moyens d'offrir",
        ]
    if kind == "public":
        return [
            (f"Servir son public grâce {a_phrase(lived)}", "Servir son public par une action concrète"),
            f"une action utile aux habitants, menée {at}",
            f"un partenariat qui reste informatif, sans caractère publicitaire pour {org}",
        ]
    if kind == "prestataire":
        return [
            (f"Rencontrer de nouveaux clients parmi ceux {de(org)}", "Rencontrer de nouveaux clients"),
            f"des contacts qualifiés recueillis lors {de_phrase(lived)}, à rappeler ensuite",
            f"des recommandations croisées avec {org}, sans frais de publicité",
        ]
    return [
        (f"Faire vendre ses produits par l'équipe {de(org)}", f"Plus de ventes de ses produits chez {org}"),
        f"une mise en avant de sa marque {at}, lors {de_phrase(lived)}",
        f"des chiffres de vente {de_phrase(lived)} à montrer à sa direction"
        if scene.partner_named
        else f"un nouveau point de vente actif avec {org}",
    ]


def freins(scene: Scene) -> list[Line]:
    lived, org = scene.short, scene.facts.org_short
    kind = partner_kind(scene)
    if kind == "cause":
        return [
            (f"Le temps demandé à ses bénévoles pour {lived}", "Le temps demandé à ses bénévoles"),
            f"l'image de sa cause associée à une opération commerciale {de(org)}",
            "des frais que sa structure ne peut pas avancer",
        ]
    if kind == "public":
        return [
            "Les règles de neutralité de son institution envers les commerces",
            f"des délais de validation internes longs pour {lived}",
            "aucun budget prévu pour ce type d'opération",
        ]
    if kind == "prestataire":
        return [
            (
                f"Le temps passé {a_phrase(lived)} plutôt qu'auprès de ses propres clients",
                "Le temps pris sur ses propres clients",
            ),
            f"des contacts {de_phrase(lived)} qui ne deviennent pas des contrats",
            f"une place secondaire à côté {de(org)} pendant {lived}",
        ]
    return [
        (
            f"Un budget d'animation déjà réparti entre ses revendeurs, dont {org}",
            "Un budget d'animation déjà réparti entre ses revendeurs",
        ),
        f"des ventes {de_phrase(lived)} difficiles à attribuer à sa participation",
        f"la place réelle laissée à ses produits face aux autres marques vendues par {org}",
    ]


def objections(scene: Scene) -> list[Line]:
    lived, org = scene.short, scene.facts.org_short
    kind, it = partner_kind(scene), pronoun(scene.short)
    if kind == "cause":
        return [
            f"Combien de bénévoles vous faut-il, et pendant combien d'heures, pour {lived} ?",
            (
                f"Qu'est-ce que {lived} a apporté à notre cause, pas seulement à {org} ?"
                if scene.partner_named
                else f"Qu'est-ce que notre cause gagnera {a_phrase(lived)}, au-delà des ventes {de(org)} ?"
            ),
            f"Je ne veux pas que notre nom serve à faire vendre : que fera {org} pour nous en retour ?",
        ]
    if kind == "public":
        return [
            f"En quoi {lived} sert-{it} nos usagers plutôt que {org} ?",
            f"Nous ne pouvons pas paraître recommander {org} : comment présentez-vous notre rôle ?",
            "Je peux prêter une salle ou du matériel, pas financer : cela vous suffit-il ?",
        ]
    if kind == "prestataire":
        return [
            f"Combien de contacts utiles ai-je obtenus lors {de_phrase(lived)} ?"
            if scene.partner_named
            else f"Combien de contacts intéressés par mes services puis-je espérer {a_phrase(lived)} ?",
            f"Qui accueille les visiteurs lors {de_phrase(lived)} : partagerons-nous l'espace et les contacts ?",
            "Je viens sans participer aux frais : me recommanderez-vous ensuite à vos clients ?",
        ]
    return [
        (
            f"Combien de mes produits avez-vous vendus lors {de_phrase(lived)} ?"
            if scene.partner_named
            else f"Combien de ventes de mes produits attendez-vous {a_phrase(lived)} ?"
        ),
        f"Quelle place aurai-je lors {de_phrase(lived)} : une présentation, une démonstration, un temps de parole ?",
        f"Je participe aux frais {de_phrase(lived)} si {org} s'engage sur une commande minimale.",
    ]


def secret(scene: Scene) -> str:
    """What the partner keeps to itself, by kind (never said on the candidate's sheet)."""
    kind, lived = partner_kind(scene), scene.short
    if kind == "cause":
        return "une autre enseigne vous a sollicité pour la même période ; vous choisirez celle qui sert le mieux votre cause"
    if kind == "public":
        return (
            "votre service peut prêter une salle ou du matériel, mais n'a aucun budget à engager cette année"
        )
    if kind == "prestataire":
        return f"vous n'avancerez aucun frais pour {lived} : vous jugerez l'opération au nombre de contacts utiles qu'elle vous apporte"
    return (
        f"votre budget d'animation de l'année est presque épuisé : vous préférez "
        f"offrir des lots pour {lived} qu'en payer les frais"
    )
