"""The jury's side of an EC scene: superior, partner, client structure or visitor."""

from __future__ import annotations

from service.domain.fiche_sujet import Acteurs, FicheCandidat, FicheJury
from service.engines.offline import ec_motives, ec_rows, french, restate
from service.engines.offline.draft import Draft
from service.engines.offline.ec import Scene
from service.engines.offline.roles import de, que


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
        f"budget, la date et le programme des évènements {de(facts.org_short)}.",
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
            "affluence": f"Vous ne restez que quelques minutes sur {scene.event} : d'autres stands vous attendent.",
            "offre_limitee": "Vous ne voulez pas vous décider dans la précipitation.",
        }.get(kind or "", "Vous demanderez une remise avant d'acheter.")
    elif scene.mode in ("partenaire", "b2b") and kind in (
        "personnel",
        "budget_reduit",
        "delai",
        "logistique",
    ):
        said = f"Vous avez peu de temps à consacrer au projet {de(facts.org_short)} et attendez une proposition précise."
    closing = {
        "projet": f"Vous voulez voir, chiffres à l'appui, ce que {scene.event} rapportera à {facts.org_short}.",
        "bilan": f"Vous ne reconduirez {scene.event} que sur des résultats chiffrés.",
        "partenaire": f"Vous ne vous engagerez qu'en sachant ce que {facts.org_short} vous apporte en échange.",
        "b2b": f"Vous comparez avec ce que d'autres prestataires {que(facts.org_short)} vous ont proposé.",
        "visiteur": "",
    }[scene.mode]
    return f"{said} {closing}".strip()


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
        historique_relation=f"{theirs['historique_relation']} Ce que le candidat ignore : {_SECRETS[scene.mode]}, "
        f"à propos {de(scene.event)}.",
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


motivations = ec_motives.motivations
freins = ec_motives.freins
objections = ec_motives.objections
