"""What the EC character wants, fears and objects, written from the FDAP's event, figures and offer.

The manager weighs this event's cost and last results, the partner this shop's clientele, the client
structure its members, the visitor the products on show: each reason names them.
"""

from __future__ import annotations

from service.engines.offline import ec_rows, french, restate
from service.engines.offline.ec import Scene
from service.engines.offline.roles import cap, de, que


def _item(scene: Scene) -> str:
    return restate.offer(scene.items[0]) if scene.items else "les produits mis en avant"


def _price(scene: Scene) -> str:
    price = scene.items[0].price.split(";")[0].strip(" .") if scene.items and scene.items[0].price else ""
    return price if price and len(price) < 40 else ""


def _result(scene: Scene) -> str:
    found = scene.facts.known.figures_of("resultat", limit=1)
    return french.lower_first(found[0]).rstrip(".") if found and len(found[0]) < 140 else ""


def _difficulty(scene: Scene) -> str:
    said = scene.facts.lists.get("difficulties", ())
    text = said[0] if said else ""
    return french.lower_first(text).rstrip(".") if text and len(text) < 120 and "[" not in text else ""


def _rival(scene: Scene) -> str:
    names = scene.facts.known.competitors
    return names[0] if names and len(names[0]) < 60 else ""


def _cost(scene: Scene) -> str:
    budget = scene.facts.budget
    return f"les {french.money(budget)} engagés" if budget else "une dépense sans retour garanti"


def motivations(scene: Scene) -> str:
    facts, g = scene.facts, scene.character.g
    result, rival, members = _result(scene), _rival(scene), ec_rows.members(scene.target)
    said = {
        "projet": [
            f"Faire connaître {_item(scene)} à une clientèle qui ne vient pas encore {facts.premise.at}",
            f"prendre l'avantage sur {rival}"
            if rival
            else f"montrer ce qui distingue l'équipe {de(facts.org_short)}",
            f"une opération dont on puisse mesurer les ventes pour {facts.org_short}",
        ],
        "bilan": [
            f"Repartir de ce qui a marché ({result})" if result else "Repartir de ce qui a marché",
            "fidéliser les clients venus ce jour-là",
            "une prochaine édition moins coûteuse à organiser",
        ],
        "partenaire": [
            f"Se faire connaître de la clientèle {de(facts.org_short)}",
            "partager les frais de communication",
            f"repartir de {scene.event} avec des contacts qualifiés",
        ],
        "b2b": [
            f"Offrir aux {members} un moment autour de {_item(scene)}",
            "des conditions réservées à sa structure",
            "un projet facile à faire valider en interne",
        ],
        "visiteur": [
            f"Être bien {g('conseillé', 'conseillée')} sur {_item(scene)}",
            f"profiter d'une offre {que(facts.org_short)} réserve au jour de l'évènement",
            "essayer avant d'acheter",
        ],
    }[scene.mode]
    return " ; ".join(said) + "."


def freins(scene: Scene) -> str:
    difficulty, price, rival = _difficulty(scene), _price(scene), _rival(scene)
    said = {
        "projet": [
            f"{cap(_cost(scene))} pour un seul évènement",
            f"le souvenir d'un point faible : {difficulty}"
            if difficulty
            else "une équipe déjà chargée ce jour-là",
            "une fréquentation incertaine",
        ],
        "bilan": [
            f"Le point faible de la dernière édition : {difficulty}"
            if difficulty
            else "Des objectifs pas tous atteints",
            "le temps pris à l'équipe",
            f"{_cost(scene)} au regard des ventes",
        ],
        "partenaire": [
            f"Une journée de présence sur {scene.event} sans garantie de retombées",
            "le matériel et les lots à fournir",
            f"la clientèle {de(scene.facts.org_short)}, qu'il connaît mal",
        ],
        "b2b": [
            f"Mobiliser les {ec_rows.members(scene.target)} sur une date commune",
            "des moyens limités pour ce type de sortie",
            "la crainte d'une activité qui ne plaise qu'à quelques-uns",
        ],
        "visiteur": [
            f"Le prix ({price})" if price else "Le prix",
            f"une offre comparable chez {rival}"
            if rival
            else f"l'habitude de comparer en ligne ce que vend {scene.facts.org_short}",
            f"la peur de se tromper dans la gamme {de(scene.facts.org_short)}",
        ],
    }[scene.mode]
    return " ; ".join(said) + "."


def objections(scene: Scene) -> list[str]:
    facts, g = scene.facts, scene.character.g
    result, difficulty, price, rival = _result(scene), _difficulty(scene), _price(scene), _rival(scene)
    ask = ""
    if facts.margin.max_pct is not None and not facts.margin.forbidden:
        ask = f"Pour un groupe, j'attends au moins {french.pct(max(facts.margin.max_pct * 2, facts.margin.max_pct + 5))} % de remise."
    pools = {
        "projet": [
            f"{french.money(facts.budget)} pour une seule opération : combien de ventes en face ?"
            if facts.budget
            else "Combien cela va-t-il coûter, et pour quelles ventes ?",
            f"La dernière fois, {difficulty} : qu'est-ce qui change ?"
            if difficulty
            else "Qui tient le magasin pendant ce temps ?",
            f"Pourquoi ne pas simplement faire une promotion sur {_item(scene)} ?",
        ],
        "bilan": [
            f"On lit « {result} » : est-ce vraiment rentable ?"
            if result
            else "Les objectifs ne sont pas tous atteints : pourquoi recommencer ?",
            "Qu'est-ce qui me garantit que la prochaine fois sera mieux organisée ?",
            "Combien nous a coûté chaque nouveau client ?",
        ],
        "partenaire": [
            f"Qu'est-ce que j'y gagne, concrètement, avec {facts.org_short} ?",
            f"Je ne peux pas immobiliser quelqu'un toute une journée pour {scene.event}.",
            f"Si je participe, je veux mon logo sur toute la communication {de(facts.org_short)}.",
        ],
        "b2b": [
            f"Nos {ec_rows.members(scene.target)} ne seront pas tous disponibles à cette date.",
            f"{price}, c'est cher pour notre budget." if price else "Quels avantages concrets pour nous ?",
            ask or "Il nous faut un tarif de groupe, sinon ce n'est pas la peine.",
        ],
        "visiteur": [
            f"Chez {rival}, c'est moins cher."
            if rival
            else f"Je trouve moins cher sur internet que chez {facts.org_short}.",
            f"Je ne suis {g('venu', 'venue')} que pour regarder ce que propose {facts.org_short}.",
            ask.replace("Pour un groupe, j'attends", "J'attends")
            or f"{price}, vous ne faites pas un prix aujourd'hui ?"
            if price or ask
            else "Vous ne faites pas de prix aujourd'hui ?",
        ],
    }
    return pools[scene.mode]
