"""Why each lever makes a change significant yet realistic: the `justification` of every modification."""

from __future__ import annotations

import re

from service.engines.offline.facts import Material
from service.engines.offline.french import whole
from service.engines.offline.roles import de

_WHY: dict[str, str] = {
    "objet:autre_produit": "{focus} fait partie de la gamme {de_org} décrite dans la FDAP et son annexe : le candidat "
    "en connaît les conditions, mais doit reconstruire sa découverte des besoins et son argumentaire.",
    "objet:complement": "Proposer {focus} en complément de {companion} est une vente additionnelle courante chez {org} : "
    "le candidat s'appuie sur une offre qu'il maîtrise et doit justifier la valeur du complément.",
    "objet:montee_gamme": "La montée en gamme vers {focus} reste dans la même famille d'offres : elle oblige à argumenter "
    "sur l'écart de garanties et de prix, sans sortir de ce que le candidat connaît.",
    "objet:nouveau_format": "Le format change mais reste dans l'offre {de_org} ({focus}) : le candidat réutilise son "
    "expérience de l'évènement pour concevoir une opération différente.",
    "objet:autre_cible": "Viser {plural}, qui figurent parmi les clients {de_org}, oblige à repenser le programme et "
    "le message de l'évènement, sans changer d'entreprise ni d'offre.",
    "objet:edition": "Préparer la prochaine édition en l'élargissant à {focus} prolonge l'activité vécue tout en "
    "obligeant le candidat à tirer les leçons de la première.",
    "dates_duree:fin_annee": "La fin d'année crée une échéance réelle pour le client : l'urgence change la négociation "
    "sans sortir du calendrier commercial habituel {de_org}.",
    "dates_duree:rentree": "À la rentrée, le client revoit ses dépenses et ses priorités : le moment modifie ses attentes "
    "et ses objections, dans une période d'activité normale pour {org}.",
    "dates_duree:ete": "Juste avant les congés, le client veut décider vite : le candidat doit aller à l'essentiel sur "
    "{focus}.",
    "dates_duree:printemps": "Au printemps, le client prépare sa période chargée : le moment déplace ses priorités sur {focus} "
    "sans rendre la situation irréaliste.",
    "dates_duree:echeance": "Une date butoir proche impose de conclure sur {focus} ou d'obtenir un engagement ferme : la "
    "négociation se resserre.",
    "dates_duree:automne": "Décaler l'évènement à l'automne change la saison commerciale, les produits à mettre en "
    "avant et la cible disponible, tout en restant dans le calendrier {de_org}.",
    "dates_duree:fetes": "Avant les fêtes, la concurrence commerciale est forte et le public différent : le candidat "
    "doit adapter le programme et la communication.",
    "dates_duree:delai_court": "Trois semaines de préparation obligent à hiérarchiser les actions et à négocier "
    "des moyens réalistes : une contrainte fréquente en entreprise.",
    "dates_duree:meme_saison": "L'évènement suit un calendrier qui ne se déplace pas (fête, saison, organisateur) : "
    "la nouvelle édition garde sa période, et la préparation se joue sur d'autres moyens.",
    "dates_duree:bilan": "La réunion a lieu après l'évènement : le candidat doit présenter des résultats réels et "
    "en tirer des propositions, et non plus préparer l'opération.",
    "lieu:chez_client": "Se déplacer chez le client oblige à s'adapter à un environnement que le candidat ne maîtrise "
    "pas, situation courante pour ce type de vente.",
    "lieu:salon": "Le salon fait partie des lieux de vente réalistes pour {org} : l'entretien y est plus bref et plus "
    "bruyant, ce qui oblige à aller à l'essentiel.",
    "lieu:visio": "La vente à distance est pratiquée par {org} : sans support papier ni toute la communication non "
    "verbale, le candidat doit adapter sa présentation.",
    "lieu:telephone": "Le rendez-vous téléphonique prive le candidat de ses supports visuels : il doit reformuler et "
    "structurer davantage, comme dans la relation à distance {de_org}.",
    "lieu:en_agence": "Recevoir le client {premise_at} change le cadre de l'échange : le candidat dispose des outils {de_org}, "
    "mais le client se montre plus réservé.",
    "lieu:hors_murs": "Organiser l'évènement hors {premise_of} ajoute des contraintes de logistique et de communication "
    "réalistes, sans changer d'offre.",
    "lieu:en_ligne": "Un évènement diffusé en direct sur les réseaux sociaux relève de la digitalisation de la relation "
    "client : le candidat doit repenser l'animation et la mesure des résultats.",
    "historique_relation:prospect": "Passer à un prospect qui ne connaît pas {org} change tout le travail de découverte "
    "et de mise en confiance ; c'est une situation habituelle pour l'organisation.",
    "historique_relation:apres_devis": "Un second rendez-vous après un devis déplace l'enjeu vers la reformulation et "
    "le traitement des objections, étape réelle du cycle de vente {de_org}.",
    "historique_relation:fidele": "Un client fidèle qui revient pour un nouveau besoin demande d'exploiter l'historique "
    "de la relation plutôt que de la créer : une situation fréquente chez {org}.",
    "historique_relation:mecontent": "Reconquérir un client mécontent {de_org} impose d'écouter et de traiter sa réclamation avant de "
    "vendre : c'est significatif et courant dans la relation client.",
    "historique_relation:renouvellement": "Au renouvellement, le client connaît déjà {focus} et compare : la négociation porte sur la "
    "fidélisation.",
    "historique_relation:recommandation": "Un prospect recommandé arrive avec des attentes fortes : le candidat doit "
    "confirmer la confiance accordée, situation réaliste pour {org}.",
    "historique_relation:bilan": "L'évènement de la FDAP a eu lieu : le candidat part de résultats réels pour "
    "argumenter, au lieu de défendre un projet.",
    "historique_relation:concurrence": "La pression de la concurrence, citée dans la FDAP, donne un autre enjeu à "
    "l'évènement : se démarquer plutôt que simplement attirer du monde.",
    "historique_relation:nouvelle_cible": "Conquérir une cible encore peu présente change les objectifs de l'évènement "
    "tout en restant dans les clients visés par {org}.",
    "historique_relation:partenaire_retire": "Un partenaire qui hésite à revenir oblige le candidat à négocier des "
    "contreparties, situation fréquente dans les évènements commerciaux.",
    "acteurs:autre_cible": "{plural_cap} font partie des clients {de_org} cités par la FDAP : d'autres besoins et d'autres "
    "freins obligent à adapter la découverte et l'argumentation.",
    "acteurs:codecideur": "Faire intervenir le co-décideur, fréquent pour {focus}, oblige à convaincre une personne qui n'a pas "
    "suivi les premiers échanges.",
    "acteurs:partenaire": "Négocier avec un partenaire plutôt qu'avec le supérieur change les intérêts en jeu : le "
    "candidat doit proposer des contreparties équilibrées.",
    "acteurs:b2b": "Proposer l'évènement à une structure cliente fait passer le candidat de l'organisation interne à "
    "la négociation commerciale, avec une cible citée dans la FDAP.",
    "acteurs:superieur": "Le jury joue le responsable hiérarchique qui valide le projet : le candidat doit défendre "
    "ses choix et son budget face à un décideur interne, situation habituelle en évènementiel.",
    "acteurs:visiteur": "Jouer l'accueil d'un visiteur pendant l'évènement met le candidat en situation de vente "
    "directe, prolongement naturel de l'opération qu'il a organisée.",
    "contraintes:budget": "Un budget inférieur au prix de {focus} oblige à reformuler les besoins et à défendre la valeur de "
    "l'offre, sans accorder plus que les marges de manœuvre de l'annexe.",
    "contraintes:concurrent": "Une offre concurrente déjà en main, du type cité par la FDAP, oblige à défendre {focus} sur la "
    "différence de service plutôt que sur le prix.",
    "contraintes:delai": "Devoir obtenir une réponse dans l'entretien oblige à conclure sur {focus} ou à obtenir un engagement "
    "précis.",
    "contraintes:decideur_absent": "Sans le co-décideur, {focus} ne peut pas se signer dans l'entretien : le candidat doit obtenir un "
    "engagement intermédiaire réaliste.",
    "contraintes:marge": "La demande d'un geste sur {focus} oblige à négocier dans les limites de l'annexe et à obtenir une "
    "contrepartie.",
    "contraintes:budget_reduit": "Un budget réduit oblige à faire des choix argumentés et chiffrés, sans renoncer aux "
    "objectifs de l'évènement.",
    "contraintes:personnel": "Une équipe réduite le jour J oblige à adapter le programme et l'organisation, situation "
    "fréquente dans un point de vente.",
    "contraintes:cofinancement": "Partager les dépenses avec un partenaire oblige à négocier des contreparties "
    "équilibrées, comme dans la plupart des évènements commerciaux.",
    "contraintes:logistique": "Un espace limité oblige à repenser le déroulement et l'accueil du public : une "
    "contrainte concrète et réaliste.",
    "contraintes:affluence": "L'affluence oblige à qualifier vite le visiteur et à aller à l'essentiel : c'est la "
    "réalité d'un évènement qui attire du monde.",
    "contraintes:offre_limitee": "Une offre limitée à l'évènement crée une urgence réaliste, que le candidat doit "
    "exploiter sans forcer la vente.",
    "objectifs_communication": "Ce que les changements laissent à obtenir en {minutes} minutes : {goal}",
    "restated": "{restated}",
}
_EC_ONLY = {
    "contraintes:delai": "Un délai de préparation court oblige à hiérarchiser les actions et à négocier des moyens "
    "réalistes.",
    "lieu:chez_client": "Présenter le projet dans les locaux du client oblige le candidat à s'adapter à son "
    "interlocuteur et à son environnement.",
}


_RESTATED = {
    "objet": "Objet reformulé à partir de l'offre {de_org}, sans les objectifs que le titre de la FDAP mélange : {row}",
    "dates_duree": "Date reprise de la FDAP, ramenée à la durée de la simulation : {row}",
    "lieu": "Lieu repris de la FDAP pour la simulation : {row}",
    "historique_relation": "Historique résumé sans la problématique de la FDAP, que le candidat n'a pas à rejouer : {row}",
    "acteurs": "Personnage fictif à la place de la personne réelle de la FDAP : {row}",
    "informations": "Informations tirées de la FDAP et de son annexe : {row}",
    "contraintes": "Contrainte tirée des difficultés et des marges de la FDAP : {row}",
    "sequence": "Séquence ramenée à ce qui tient en {minutes} minutes : {row}",
}


def restated_why(param: str, row: str, values: dict[str, str]) -> str:
    """Why a row that only restates the FDAP differs from it: said for this row, with its own words."""
    short = whole(row, 160).rstrip(".")  # whole sentences or clauses, never a stump with « … »
    template = _RESTATED.get(param, "Ligne adaptée aux autres changements : {row}")
    if not short:
        template = template.replace(" : {row}", ".")
    return template.format_map(
        _Defaults({**values, "row": f"« {short} ».", "de_org": de(values.get("org", "l'organisation"))})
    )


# Said when the FDAP does not say what the usual justification claims it says: the change stays
# realistic, but the sheet never pretends the FDAP cites it.
_UNSAID = {
    "contraintes:budget": "Un budget inférieur au tarif oblige à reformuler les besoins et à défendre la valeur de "
    "l'offre {de_org}, sans accorder plus que ce que le responsable autorise.",
    "contraintes:marge": "La demande d'un geste commercial oblige à négocier dans la limite que le responsable {de_org} "
    "autorise et à obtenir une contrepartie.",
    "lieu:visio": "Un rendez-vous en visioconférence, demandé par le client, prive le candidat d'une partie de "
    "la communication non verbale : il doit adapter sa présentation, ce qu'une entreprise comme {org} peut "
    "proposer sans changer d'offre.",
    "historique_relation:concurrence": "Une concurrence plus présente, situation réaliste dans ce secteur, donne "
    "un autre enjeu à l'évènement : se démarquer plutôt que simplement attirer du monde.",
    "contraintes:concurrent": "Une offre concurrente déjà en main oblige à défendre {focus} sur la différence "
    "de service plutôt que sur le prix.",
    "acteurs:visiteur": "Jouer l'accueil d'un visiteur pendant l'évènement met le candidat en situation de vente "
    "directe, sur une opération à laquelle il a participé.",
    "objet:autre_produit": "{focus} fait partie de l'offre {de_org} décrite dans la FDAP : le candidat en "
    "connaît les conditions, mais doit reconstruire sa découverte des besoins et son argumentaire.",
}


def _unsaid(lever: str, facts: Material) -> bool:
    """True when the FDAP does not support what the lever's usual justification says of it."""
    sheet = facts.known
    rivals = bool(sheet.competitors or facts.lists.get("competitors"))
    return {
        "lieu:visio": not facts.remote,
        "historique_relation:concurrence": not rivals,
        "contraintes:concurrent": not facts.lists.get("competitors"),
        "acteurs:visiteur": sheet.ec_role == "participant",
        "objet:autre_produit": not sheet.has_annex,
        "contraintes:budget": not sheet.has_annex,
        "contraintes:marge": not sheet.has_annex,
    }.get(lever, False)


def justify(lever: str, nature: str, values: dict[str, str], facts: Material | None = None) -> str:
    """The justification of one lever ("lieu:visio"), filled with the scene's words; never a claim
    that the FDAP says what it does not (`facts` tells)."""
    template = (_EC_ONLY.get(lever) if nature == "EC" else None) or _WHY.get(lever) or _WHY["restated"]
    if facts is not None and _unsaid(lever, facts):
        template = _UNSAID[lever]
    filled = template.format_map(_Defaults({**values, "de_org": de(values.get("org", "l'organisation"))}))
    # a reason that names nothing of this FDAP says where it applies; a row quoted (« {goal} ») already does
    if not re.search(r"\{(?:org|de_org|focus|goal|row|restated|plural_cap|plural)\}", template):
        here = _Defaults(values)
        filled = f"{filled.rstrip(' .')}, ici pour {here['focus']} chez {here['org']}."  # said of this FDAP
    return filled


class _Defaults(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return {
            "plural_cap": "Ces clients",
            "plural": "cette cible",
            "focus": "l'offre",
            "companion": "l'offre",
        }.get(key, "l'organisation")
