"""The jury's side of an EC scene: superior, partner, client structure or visitor."""

from __future__ import annotations

from service.domain.fiche_sujet import Acteurs, FicheCandidat, FicheJury
from service.engines.offline import ec_rows, french, restate
from service.engines.offline.draft import Draft
from service.engines.offline.ec import Scene
from service.engines.offline.roles import de


def identite(scene: Scene) -> str:
    character, g, facts = scene.character, scene.character.g, scene.facts
    situation = {
        "projet": f"En poste depuis {scene.years} ans, {character.il} connaît bien la clientèle et surveille de près les dépenses.",
        "bilan": f"En poste depuis {scene.years} ans, {character.il} juge une opération à ses résultats chiffrés.",
        "partenaire": f"{character.Il} est souvent {g('sollicité', 'sollicitée')} par des commerces et choisit avec soin les "
        f"opérations auxquelles {character.il} participe.",
        "b2b": f"{character.Il} cherche des activités originales pour les {ec_rows.members(scene.target)} de sa structure, avec un "
        "budget limité.",
        "visiteur": f"{character.Il} est {g('venu', 'venue')} à l'évènement par curiosité et découvre {facts.org_short}.",
    }[scene.mode]
    return f"Vous jouez {character.name}, {character.age} ans, {scene.played}. {situation} {character.trait}"


def relation(scene: Scene) -> str:
    character, g, facts = scene.character, scene.character.g, scene.facts
    return {
        "projet": f"{g('Supérieur', 'Supérieure')} hiérarchique du candidat : c'est {g('lui', 'elle')} qui valide le "
        "budget, la date et le programme des évènements.",
        "bilan": f"{g('Supérieur', 'Supérieure')} hiérarchique du candidat : {character.il} a validé l'évènement et en attend "
        "le bilan.",
        "partenaire": f"Partenaire {de(facts.org_short)} lors de la dernière opération.",
        "b2b": f"Prospect : sa structure ne connaît {facts.org_short} que de nom.",
        "visiteur": f"{g('Client potentiel', 'Cliente potentielle')} : {character.il} découvre {facts.org_short} à l'occasion de "
        "l'évènement.",
    }[scene.mode]


_SECRETS = {
    "projet": "vous avez déjà prévu de réduire les dépenses de communication cette année",
    "bilan": "vous reconduirez l'opération si le coût par client attiré diminue",
    "partenaire": "un autre commerce vous a proposé un partenariat comparable",
    "b2b": "vos membres ont déjà participé à une opération de ce type chez un concurrent",
    "visiteur": "vous avez repéré un produit comparable moins cher en ligne",
}


def motivations(scene: Scene) -> str:
    g, facts = scene.character.g, scene.facts
    return {
        "projet": f"Faire venir de nouveaux clients {facts.premise.at} ; se démarquer de la concurrence ; mettre en valeur "
        "le savoir-faire de l'équipe.",
        "bilan": "Capitaliser sur ce qui a fonctionné lors de la dernière édition ; fidéliser les nouveaux clients "
        "recrutés ; garder une longueur d'avance sur la concurrence.",
        "partenaire": "Se faire connaître d'une nouvelle clientèle ; profiter de la communication de l'évènement sans "
        "frais ; développer son activité locale.",
        "b2b": f"Proposer aux {ec_rows.members(scene.target)} une activité appréciée ; obtenir des conditions réservées à sa "
        "structure ; valoriser son rôle au sein de la structure.",
        "visiteur": f"Être bien {g('conseillé', 'conseillée')} avant d'acheter ; profiter d'une offre réservée à "
        "l'évènement ; tester les produits sur place.",
    }[scene.mode]


def freins(scene: Scene) -> str:
    return {
        "projet": "Le coût de l'opération ; la mobilisation de l'équipe un jour de forte affluence ; la crainte "
        "d'une faible fréquentation.",
        "bilan": "Les objectifs qui n'ont pas tous été atteints ; le temps que l'équipe y a consacré ; le coût par "
        "client attiré.",
        "partenaire": "Le temps passé sur place sans garantie de retombées ; le coût de sa participation (matériel, "
        "lots, personnel).",
        "b2b": f"La difficulté à mobiliser les {ec_rows.members(scene.target)} ; le budget limité de sa structure.",
        "visiteur": "Le prix ; l'habitude d'acheter en ligne ; la peur de se tromper de produit.",
    }[scene.mode]


def contraintes(scene: Scene) -> str:
    kind, facts = scene.kind("contraintes"), scene.facts
    said = {
        "budget_reduit": (
            f"Vous n'accepterez pas plus de {ec_rows.reduced_budget(facts)} de budget."
            if facts.budget
            else "Vous voulez un budget le plus réduit possible."
        ),
        "delai": "Vous voulez que l'évènement ait lieu dans trois semaines au plus.",
        "personnel": "Vous ne pouvez libérer que deux personnes de l'équipe ce jour-là.",
        "cofinancement": "Vous refusez de financer plus de la moitié des dépenses.",
        "marge": "Vous voulez des offres attractives, mais sans sacrifier la marge.",
        "logistique": "Vous refusez toute installation à l'extérieur.",
    }.get(kind or "", "")
    if scene.mode == "visiteur":
        said = {
            "affluence": "Vous ne restez que quelques minutes : d'autres stands vous attendent.",
            "offre_limitee": "Vous ne voulez pas vous décider dans la précipitation.",
        }.get(kind or "", "Vous demanderez une remise avant d'acheter.")
    elif scene.mode in ("partenaire", "b2b") and kind in (
        "personnel",
        "budget_reduit",
        "delai",
        "logistique",
    ):
        said = "Vous avez peu de temps à consacrer à ce projet et vous attendez une proposition précise."
    return f"{said} Vous vous laissez convaincre par des arguments chiffrés et réalistes.".strip()


def objections(scene: Scene) -> list[str]:
    facts, g = scene.facts, scene.character.g
    ask = ""
    if facts.margin.max_pct is not None and not facts.margin.forbidden:
        ask = f"Pour un groupe, j'attends au moins {french.pct(max(facts.margin.max_pct * 2, facts.margin.max_pct + 5))} % de remise."
    pools = {
        "projet": [
            f"{french.money(facts.budget)}, c'est beaucoup pour une seule opération : qu'est-ce que cela va rapporter ?"
            if facts.budget
            else "Combien cela va-t-il coûter, et pour quels résultats ?",
            "Je ne peux pas mobiliser toute l'équipe ce jour-là.",
            "Pourquoi ne pas simplement faire une promotion ?",
        ],
        "bilan": [
            "Les objectifs n'ont pas tous été atteints : pourquoi recommencer ?",
            "Qu'est-ce qui me garantit que la prochaine fois sera mieux organisée ?",
            "Le coût par client attiré me paraît élevé.",
        ],
        "partenaire": [
            "Qu'est-ce que j'y gagne concrètement ?",
            "Je ne peux pas immobiliser quelqu'un toute une journée.",
            "Si je participe, je veux mon logo sur toute la communication.",
        ],
        "b2b": [
            f"Nos {ec_rows.members(scene.target)} ne seront pas disponibles à cette date.",
            "Quels avantages concrets pour nous ?",
            ask or "Il nous faut un tarif de groupe, sinon ce n'est pas la peine.",
        ],
        "visiteur": [
            "Je trouve moins cher sur internet.",
            f"Je ne suis {g('venu', 'venue')} que pour regarder.",
            ask.replace("Pour un groupe, j'attends", "J'attends")
            or "Vous ne faites pas de prix aujourd'hui ?",
        ],
    }
    return pools[scene.mode]


def draft(scene: Scene) -> Draft:
    """Both sheets of the scene; the FDAP's first person is "vous" on V-2 and "le candidat" on V-3."""
    said = {
        "objet": ec_rows.objet(scene),
        "dates_duree": ec_rows.dates(scene),
        "lieu": french.neutral(ec_rows.lieu(scene)),
        "historique_relation": ec_rows.historique(scene),
        "objectifs_communication": ec_rows.objectifs(scene),
    }
    mine = {name: french.yours(text) for name, text in said.items()}
    theirs = {name: french.theirs(text) for name, text in said.items()}
    acteurs = ec_rows.acteurs(scene)
    cand = FicheCandidat(
        **mine,
        sequence=ec_rows.sequence(scene),
        informations=french.yours(ec_rows.informations(scene)),
        contraintes=french.yours(ec_rows.contraintes(scene)),
        acteurs=Acteurs(vous=french.yours(acteurs.vous), jury=french.yours(acteurs.jury)),
    )
    jury = FicheJury(
        objet=theirs["objet"],
        identite=french.theirs(identite(scene)),
        relation_entreprise=relation(scene),
        date_rencontre=theirs["dates_duree"],
        lieu=theirs["lieu"],
        historique_relation=f"{theirs['historique_relation']} Ce que le candidat ignore : {_SECRETS[scene.mode]}.",
        objectifs_communication=theirs["objectifs_communication"],
        sequence=cand.sequence,
        motivations=motivations(scene),
        freins=freins(scene),
        contraintes=contraintes(scene),
        objections=objections(scene),
    )
    return Draft(cand, jury, justification_values(scene), scene.character)


def justification_values(scene: Scene) -> dict[str, str]:
    facts = scene.facts
    plural = scene.target.plural if scene.target and scene.target.plural else ""
    return {
        "org": facts.org_short,
        "focus": restate.offer(scene.items[0]),
        "companion": restate.offer(facts.main),
        "plural": f"les {plural}" if plural else "cette cible",
        "plural_cap": f"Les {plural}" if plural else "Ces clients",
        "premise_at": facts.premise.at,
        "premise_of": facts.premise.of,
    }
