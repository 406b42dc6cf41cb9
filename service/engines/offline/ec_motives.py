"""What the EC character wants, fears and objects, written from the FDAP's event, figures and offer.

The manager weighs the next edition's cost against the last results and difficulties, the partner what
this organisation's clientele brings it, the client structure its members and their budget, the
visitor the products on show and their prices: each reason names them.
"""

from __future__ import annotations

import re

from service.domain.text import fold
from service.engines.offline import ec_partner, ec_rows, ec_tally, french, offer_words
from service.engines.offline.ec import Scene, de_phrase, definite
from service.engines.offline.roles import de


def _item(scene: Scene) -> str:
    return offer_words.offer(scene.items[0]) if scene.items else "les produits mis en avant"


def _price(scene: Scene) -> str:
    price = scene.items[0].price.split(";")[0].strip(" .") if scene.items and scene.items[0].price else ""
    return price if price and len(price) < 40 else ""


def _objective(scene: Scene) -> str:
    said = scene.facts.lists.get("objectives", ())
    return ec_rows._short(french.lower_first(said[0]), 110) if said else ""


def _rival(scene: Scene) -> str:
    names = scene.facts.known.competitors
    return names[0] if names and len(names[0]) < 60 else ""


def _clientele(scene: Scene) -> str:
    roles = [de(f"les {r.plural}") for r in scene.facts.roles if r.plural][:2]
    return " et ".join(roles) if roles else de(f"la clientèle {de(scene.facts.org_short)}")


# A reason in the scene's own words, and plainer words for when the candidate's sheet already says them.
Line = str | tuple[str, str]


# words of a title that say nothing of what the event sells
_PLAIN = frozenset(
    "organisation organiser animation journee journees soiree matinee matinale evenement operation offre "
    "offres vente ventes avec pour clients client magasin nouveau nouvelle nouveaux produits".split()
)


def _thing(scene: Scene) -> str:
    """The offer the event promotes, with its article (« l'offre « Offre de la journée diagnostic » »): an
    item of the offer the title names, else the title's own « vente de … », else the event itself; a
    visitor weighs the product in hand. A bare label in « autour de « Dotation » » is not
    French, and « Aquariophilie » is no draw for an adoption day."""
    if scene.mode == "visiteur":
        return offer_words.offer(scene.items[0]) if scene.items else "les produits mis en avant"
    facts = scene.facts
    titled = _words(facts.titre) - _PLAIN - _words(facts.org)  # « Domaine des Trois Coteaux » is no product
    for item in [*scene.items, *facts.items]:
        if titled & _words(item.label):
            own = re.match(r"(?i)offres? (d[eu']|des)\b", item.label)  # « Offre de la journée diagnostic »
            return "l'" + french.lower_first(item.label) if own else offer_words.offer(item)
    sold = re.search(r"(?i)\b(?:vente|lancement|promotion) d(?:e|es|u)\s+([^,;.()]{3,60})$", facts.titre)
    if sold:
        named = re.sub(r"^(?:la|le|les|l['’])\s*", "", sold.group(1).strip())
        return f"les {named}" if re.match(r"\w+[sx]\b", named) else definite(named)
    return scene.short


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]{4,}", fold(text)))


def motivations(scene: Scene) -> list[Line]:
    facts, lived, thing = scene.facts, scene.short, _thing(scene)
    at, tally = facts.premise.at, ec_tally.headline(facts)
    options: dict[str, list[Line]] = {
        "projet": [
            (
                f"Capitaliser sur les bons chiffres {de_phrase(lived)}",
                "Capitaliser sur les bons chiffres de la dernière fois",
            ),
            (
                f"attirer {at} des clients qui ne viennent pas encore pour {thing}",
                "attirer des clients qui ne viennent pas encore",
            ),
            f"des ventes {de(facts.org_short)} mesurables dans les semaines qui suivent {lived}",
        ],
        "bilan": [
            (f"Dépasser les {tally} {de_phrase(lived)}", "Faire mieux que la dernière fois")
            if tally
            else (f"Garder ce qui a marché lors {de_phrase(lived)}", "Garder ce qui a marché"),
            (
                f"faire revenir {at} les personnes venues ce jour-là",
                "faire revenir les personnes venues ce jour-là",
            ),
            f"une nouvelle édition {de_phrase(lived)} mieux préparée et moins coûteuse",
        ],
        "b2b": [
            (
                f"Offrir aux {ec_rows.members_of(scene.target)} un moment convivial autour {de(thing)}",
                f"Offrir aux {ec_rows.members_of(scene.target)} un moment convivial",
            ),
            "un tarif négocié pour son groupe",
            "un projet simple à faire valider en interne",
        ],
        "visiteur": [
            (
                f"Trouver avec {thing} une solution qui lui convienne vraiment",
                "Trouver une solution qui lui convienne vraiment",
            ),
            "profiter des conditions prévues pour la journée",
            "un conseil personnalisé et sans pression",
        ],
    }
    if scene.mode == "partenaire":
        return ec_partner.motivations(scene)
    return options[scene.mode]


def freins(scene: Scene) -> list[Line]:
    facts, weak, rival = scene.facts, ec_rows.difficulty(scene.facts), _rival(scene)
    lived, thing, budget = scene.short, _thing(scene), ec_rows.budget(facts)
    options: dict[str, list[Line]] = {
        "projet": [
            (
                f"Un coût supplémentaire pour {facts.premise.the}, pour un seul évènement"
                if budget
                else f"Un coût encore inconnu pour {facts.premise.the}",
                f"Un coût de plus pour {facts.premise.the}, pour un seul évènement",
            ),
            (f"le souvenir d'un point faible : {weak}", "le souvenir des difficultés de la dernière fois")
            if weak
            else (f"le temps que {lived} prend à l'équipe", "le temps pris à l'équipe"),
            (
                f"des ventes {de(thing)} qui ne suivent pas forcément la fréquentation",
                f"des ventes qui ne suivent pas forcément la fréquentation {de_phrase(lived)}",
            ),
        ],
        "bilan": [
            (  # never « below expectations »: the FDAP's results may beat every target
                f"Des résultats {de_phrase(lived)} qu'il faut encore rapporter à ce qu'ils ont coûté",
                "Des résultats qu'il faut encore rapporter à ce qu'ils ont coûté",
            ),
            (f"tout le temps que {lived} a pris à l'équipe", "tout le temps pris à l'équipe"),
            f"une dépense qu'il faudra justifier au regard du chiffre d'affaires {de(facts.org_short)}",
        ],
        "b2b": [
            f"Réunir les {ec_rows.members_of(scene.target)} sur une date commune",
            (f"un budget limité pour une sortie comme {lived}", "un budget limité pour ce type de sortie"),
            (
                f"une activité autour {de(thing)} qui ne plaise qu'à quelques-uns",
                "une activité qui ne plaise qu'à quelques-uns",
            ),
        ],
        "visiteur": [
            (f"Le prix de {thing}, plus élevé que prévu", "Le prix, plus élevé que prévu"),
            "une offre comparable vue ailleurs" if rival else "l'habitude de ses fournisseurs actuels",
            "l'envie de comparer avant de s'engager",
        ],
    }
    if scene.mode == "partenaire":
        return ec_partner.freins(scene)
    return options[scene.mode]


def objections(scene: Scene) -> list[Line]:
    facts = scene.facts
    weak, rival, objective = ec_rows.difficulty(facts), _rival(scene), _objective(scene)
    lived, thing, tally = scene.short, _thing(scene), ec_tally.headline(facts)
    pools: dict[str, list[Line]] = {
        "projet": [
            (
                f"Combien coûte {lived}, poste par poste, et pour quelles ventes ?",
                "Combien cela coûte-t-il, poste par poste, et pour quelles ventes ?",
            ),
            (
                f"La dernière fois, {weak} : qu'est-ce qui change ?",
                "Les difficultés de la dernière fois, comment les évitez-vous ?",
            )
            if weak
            else f"Qui fait tourner {facts.premise.the} pendant ce temps ?",
            _worth_it(scene),
        ],
        "bilan": [
            (
                f"Qu'est-ce qui n'a pas marché lors {de_phrase(lived)}, concrètement, et pourquoi ?",
                "Qu'est-ce qui n'a pas marché, concrètement, et pourquoi ?",
            )
            if objective
            else f"Sans objectifs chiffrés au départ, comment savoir si {lived} était rentable ?",
            (
                f"Qu'est-ce qui me garantit une meilleure organisation {de_phrase(lived)} la prochaine fois ?",
                "Qu'est-ce qui me garantit une meilleure organisation la prochaine fois ?",
            ),
            (
                f"{tally} lors {de_phrase(lived)} : combien cela nous a-t-il coûté, tout compris ?",
                "Combien cela nous a-t-il coûté, tout compris ?",
            )
            if tally
            else (
                f"Combien chaque nouveau client {de_phrase(lived)} nous a-t-il coûté ?",
                "Combien chaque nouveau client nous a-t-il coûté ?",
            ),
        ],
        "b2b": [
            f"Nos {ec_rows.members_of(scene.target)} ne seront pas tous disponibles à cette date.",
            (
                f"Pour {thing}, c'est au-dessus de ce que nous avions prévu cette année.",
                "C'est au-dessus de ce que nous avions prévu cette année.",
            ),
            "Nous avons reçu une proposition comparable, moins chère."
            if rival
            else "Il me faut un engagement écrit sur le programme.",
        ],
        "visiteur": [
            (
                f"{thing[:1].upper() + thing[1:]}, c'est plus que ce que je pensais mettre aujourd'hui.",
                "C'est plus que ce que je pensais mettre aujourd'hui.",
            ),
            "J'ai vu moins cher ailleurs, vous savez." if rival else "Je veux comparer avant de me décider.",
            (
                f"Qu'est-ce que {thing} m'apporte de plus que ce que j'ai déjà ?",
                "Qu'est-ce que ça m'apporte de plus que ce que j'ai déjà ?",
            ),
        ],
    }
    if scene.mode == "partenaire":
        return ec_partner.objections(scene)
    return pools[scene.mode]


def _worth_it(scene: Scene) -> Line:
    """The manager's doubt that the event pays, in this FDAP's terms: its budget, else its partner's share; a
    plain promotion as the alternative only when the FDAP gives neither."""
    facts, lived = scene.facts, scene.short
    budget = ec_rows.budget(facts)
    if re.fullmatch(r"(?:env\. )?[\d  .,]+ ?€(?: HT| TTC)?", budget):
        return (
            f"{budget} pour {lived} la dernière fois : peut-on faire aussi bien avec moins ?",
            "Peut-on faire aussi bien avec un budget plus serré ?",
        )
    if scene.partner_named:
        return "Le partenaire prendra-t-il sa part des frais cette fois, et laquelle ?"
    return (
        f"Une simple promotion ne ferait-elle pas venir autant de monde que {lived}, pour moins cher ?",
        f"Une simple promotion {de(facts.org_short)} ne suffirait-elle pas ?",
    )
