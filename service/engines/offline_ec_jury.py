"""The jury's side of an EC scene: superior, partner, client structure or visitor."""

from __future__ import annotations

from service.domain.fiche_sujet import Acteurs, FicheCandidat, FicheJury
from service.engines import offline_common as co
from service.engines import offline_ec as ec
from service.engines.offline_ec import Scene
from service.engines.offline_roles import de


def identite(s: Scene) -> str:
    ch, g, m = s.ch, s.ch.g, s.m
    situation = {
        "projet": f"En poste depuis {s.years} ans, {ch.il} connaît bien la clientèle et surveille de près les dépenses.",
        "bilan": f"En poste depuis {s.years} ans, {ch.il} juge une opération à ses résultats chiffrés.",
        "partenaire": f"{ch.Il} est souvent {g('sollicité', 'sollicitée')} par des commerces et choisit avec soin les "
        f"opérations auxquelles {ch.il} participe.",
        "b2b": f"{ch.Il} cherche des activités originales pour les {ec.members(s.target)} de sa structure, avec un "
        "budget limité.",
        "visiteur": f"{ch.Il} est {g('venu', 'venue')} à l'évènement par curiosité et découvre {m.org_short}.",
    }[s.mode]
    return f"Vous jouez {ch.name}, {ch.age} ans, {s.played}. {situation} {ch.trait}"


def relation(s: Scene) -> str:
    ch, g, m = s.ch, s.ch.g, s.m
    return {
        "projet": f"{g('Supérieur', 'Supérieure')} hiérarchique du candidat : c'est {g('lui', 'elle')} qui valide le "
        "budget, la date et le programme des évènements.",
        "bilan": f"{g('Supérieur', 'Supérieure')} hiérarchique du candidat : {ch.il} a validé l'évènement et en attend "
        "le bilan.",
        "partenaire": f"Partenaire {de(m.org_short)} lors de la dernière opération.",
        "b2b": f"Prospect : sa structure ne connaît {m.org_short} que de nom.",
        "visiteur": f"{g('Client potentiel', 'Cliente potentielle')} : {ch.il} découvre {m.org_short} à l'occasion de "
        "l'évènement.",
    }[s.mode]


_SECRETS = {
    "projet": "vous avez déjà prévu de réduire les dépenses de communication cette année",
    "bilan": "vous reconduirez l'opération si le coût par client attiré diminue",
    "partenaire": "un autre commerce vous a proposé un partenariat comparable",
    "b2b": "vos membres ont déjà participé à une opération de ce type chez un concurrent",
    "visiteur": "vous avez repéré un produit comparable moins cher en ligne",
}


def motivations(s: Scene) -> str:
    g, m = s.ch.g, s.m
    return {
        "projet": f"Faire venir de nouveaux clients {m.premise.at} ; se démarquer de la concurrence ; mettre en valeur "
        "le savoir-faire de l'équipe.",
        "bilan": "Capitaliser sur ce qui a fonctionné lors de la dernière édition ; fidéliser les nouveaux clients "
        "recrutés ; garder une longueur d'avance sur la concurrence.",
        "partenaire": "Se faire connaître d'une nouvelle clientèle ; profiter de la communication de l'évènement sans "
        "frais ; développer son activité locale.",
        "b2b": f"Proposer aux {ec.members(s.target)} une activité appréciée ; obtenir des conditions réservées à sa "
        "structure ; valoriser son rôle au sein de la structure.",
        "visiteur": f"Être bien {g('conseillé', 'conseillée')} avant d'acheter ; profiter d'une offre réservée à "
        "l'évènement ; tester les produits sur place.",
    }[s.mode]


def freins(s: Scene) -> str:
    return {
        "projet": "Le coût de l'opération ; la mobilisation de l'équipe un jour de forte affluence ; la crainte "
        "d'une faible fréquentation.",
        "bilan": "Les objectifs qui n'ont pas tous été atteints ; le temps que l'équipe y a consacré ; le coût par "
        "client attiré.",
        "partenaire": "Le temps passé sur place sans garantie de retombées ; le coût de sa participation (matériel, "
        "lots, personnel).",
        "b2b": f"La difficulté à mobiliser les {ec.members(s.target)} ; le budget limité de sa structure.",
        "visiteur": "Le prix ; l'habitude d'acheter en ligne ; la peur de se tromper de produit.",
    }[s.mode]


def contraintes(s: Scene) -> str:
    kind, m = s.kind("contraintes"), s.m
    said = {
        "budget_reduit": (
            f"Vous n'accepterez pas plus de {ec.reduced_budget(m)} de budget."
            if m.budget
            else "Vous voulez un budget le plus réduit possible."
        ),
        "delai": "Vous voulez que l'évènement ait lieu dans trois semaines au plus.",
        "personnel": "Vous ne pouvez libérer que deux personnes de l'équipe ce jour-là.",
        "cofinancement": "Vous refusez de financer plus de la moitié des dépenses.",
        "marge": "Vous voulez des offres attractives, mais sans sacrifier la marge.",
        "logistique": "Vous refusez toute installation à l'extérieur.",
    }.get(kind or "", "")
    if s.mode == "visiteur":
        said = {
            "affluence": "Vous ne restez que quelques minutes : d'autres stands vous attendent.",
            "offre_limitee": "Vous ne voulez pas vous décider dans la précipitation.",
        }.get(kind or "", "Vous demanderez une remise avant d'acheter.")
    elif s.mode in ("partenaire", "b2b") and kind in ("personnel", "budget_reduit", "delai", "logistique"):
        said = "Vous avez peu de temps à consacrer à ce projet et vous attendez une proposition précise."
    return f"{said} Vous vous laissez convaincre par des arguments chiffrés et réalistes.".strip()


def objections(s: Scene) -> list[str]:
    m, g = s.m, s.ch.g
    ask = ""
    if m.margin.max_pct is not None and not m.margin.forbidden:
        ask = f"Pour un groupe, j'attends au moins {co.pct(max(m.margin.max_pct * 2, m.margin.max_pct + 5))} % de remise."
    pools = {
        "projet": [
            f"{co.money(m.budget)}, c'est beaucoup pour une seule opération : qu'est-ce que cela va rapporter ?"
            if m.budget
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
            f"Nos {ec.members(s.target)} ne seront pas disponibles à cette date.",
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
    return pools[s.mode]


def draft(s: Scene) -> co.Draft:
    """Both sheets of the scene; the FDAP's first person is "vous" on V-2 and "le candidat" on V-3."""
    said = {
        "objet": ec.objet(s),
        "dates_duree": ec.dates(s),
        "lieu": co.neutral(ec.lieu(s)),
        "historique_relation": ec.historique(s),
        "objectifs_communication": ec.objectifs(s),
    }
    mine = {name: co.yours(text) for name, text in said.items()}
    theirs = {name: co.theirs(text) for name, text in said.items()}
    acteurs = ec.acteurs(s)
    cand = FicheCandidat(
        **mine,
        sequence=ec.sequence(s),
        informations=co.yours(ec.informations(s)),
        contraintes=co.yours(ec.contraintes(s)),
        acteurs=Acteurs(vous=co.yours(acteurs.vous), jury=co.yours(acteurs.jury)),
    )
    jury = FicheJury(
        objet=theirs["objet"],
        identite=co.theirs(identite(s)),
        relation_entreprise=relation(s),
        date_rencontre=theirs["dates_duree"],
        lieu=theirs["lieu"],
        historique_relation=f"{theirs['historique_relation']} Ce que le candidat ignore : {_SECRETS[s.mode]}.",
        objectifs_communication=theirs["objectifs_communication"],
        sequence=cand.sequence,
        motivations=motivations(s),
        freins=freins(s),
        contraintes=contraintes(s),
        objections=objections(s),
    )
    return co.Draft(cand, jury, justification_values(s), s.ch)


def justification_values(s: Scene) -> dict[str, str]:
    m = s.m
    plural = s.target.plural if s.target and s.target.plural else ""
    return {
        "org": m.org_short,
        "focus": co.offer(s.items[0]),
        "companion": co.offer(m.main),
        "plural": f"les {plural}" if plural else "cette cible",
        "plural_cap": f"Les {plural}" if plural else "Ces clients",
        "premise_at": m.premise.at,
        "premise_of": m.premise.of,
    }
