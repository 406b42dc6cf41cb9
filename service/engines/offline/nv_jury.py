"""The jury's side of an NV scene: the character, its reasons to say yes or no, and its objections."""

from __future__ import annotations

from service.engines.offline import french, nv, restate
from service.engines.offline.nv import Scene
from service.engines.offline.roles import de


def identite(scene: Scene) -> str:
    character, facts, g = scene.character, scene.facts, scene.character.g
    if scene.kind("acteurs") == "codecideur":
        situation = f"{character.Il} n'a pas assisté aux premiers échanges et c'est {g('lui', 'elle')} qui tient les comptes."
    else:
        situation = {
            "prospect": f"{character.Il} découvre {facts.org_short} et compare plusieurs offres avant de choisir.",
            "recommandation": f"{character.Il} vient sur le conseil d'un proche, sans rien connaître encore de l'offre.",
            "apres_devis": f"{character.Il} a reçu votre devis il y a dix jours et l'a comparé avec une autre proposition.",
            "fidele": f"{g('Client', 'Cliente')} depuis {scene.years} ans, {character.il} apprécie le conseil {facts.premise.of} "
            "mais surveille ses dépenses.",
            "mecontent": f"Fidèle depuis {scene.years} ans, {character.il} se sent aujourd'hui "
            f"{g('négligé', 'négligée')} et pense à partir.",
            "renouvellement": f"{character.Il} arrive au terme de son {facts.contract or 'contrat'} et se demande s'il faut changer.",
        }[
            scene.mode
            if scene.mode in ("prospect", "recommandation", "apres_devis", "fidele", "mecontent")
            else "renouvellement"
        ]
    return french.theirs(
        f"Vous jouez {character.name}, {character.age} ans, {scene.played}. {situation} {character.trait}"
    )


def relation(scene: Scene) -> str:
    facts, g, il = scene.facts, scene.character.g, scene.character.il
    if scene.kind("acteurs") == "codecideur":
        return f"Co-décideur : {il} connaît {facts.org_short} par {scene.who.cl}, qui a mené les premiers échanges."
    owned = (
        restate.offer(scene.companion)
        if scene.companion and scene.companion != scene.focus
        else "l'une des offres de la gamme"
    )
    return {
        "prospect": f"Prospect : {il} ne connaît {facts.org_short} que de nom.",
        "recommandation": f"Prospect {g('recommandé', 'recommandée')} par un client {de(facts.org_short)}.",
        "apres_devis": f"Prospect rencontré il y a dix jours ; {il} a reçu un devis pour {restate.offer(scene.focus)}.",
        "fidele": f"{g('Client', 'Cliente')} {de(facts.org_short)} depuis {scene.years} ans, titulaire de {owned}.",
        "mecontent": f"{g('Client', 'Cliente')} {de(facts.org_short)} depuis {scene.years} ans, déçu{g('', 'e')} par le suivi.",
    }.get(
        scene.mode,
        f"{g('Client', 'Cliente')} depuis {scene.years} ans ; son {facts.contract or 'contrat'} arrive à échéance.",
    )


_SECRETS = {
    "prospect": "vous avez aussi pris rendez-vous chez un concurrent la semaine prochaine",
    "recommandation": "votre proche, qui vous a recommandé l'organisation, trouve pourtant ses prix élevés",
    "apres_devis": "depuis le devis, vous avez reçu une proposition concurrente",
    "fidele": "un proche vous a parlé d'une offre moins chère ailleurs",
    "mecontent": "vous avez déjà demandé les conditions de résiliation",
    "renouvellement": "vous avez un devis concurrent, mais vous préféreriez rester",
}


def historique(scene: Scene, candidate: str) -> str:
    if scene.plan.mode == "fdap":
        return f"{nv.historique(scene, french.theirs)} Jouez cette situation avec le profil décrit dans « Identité »."
    return f"{candidate} Ce que le candidat ignore : {_SECRETS.get(scene.mode, _SECRETS['prospect'])}."


def motivations(scene: Scene) -> str:
    g, facts = scene.character.g, scene.facts
    items = [
        x[:1].upper() + x[1:] for x in facts.lists.get("motivations", ())[:1] if scene.fdap_actor is not None
    ]
    items.append(
        {
            "prospect": "Trouver une solution adaptée à sa situation sans y passer des heures",
            "recommandation": "Être aussi bien " + g("conseillé", "conseillée") + " que son proche",
            "apres_devis": "Régler le dossier rapidement, sans repartir de zéro ailleurs",
            "fidele": "Garder un interlocuteur qui connaît déjà son dossier",
            "mecontent": "Obtenir enfin une réponse à sa réclamation",
            "renouvellement": "Éviter les démarches d'un changement de prestataire",
        }.get(scene.mode, "Trouver une solution adaptée à sa situation")
    )
    items.append(
        {
            "budget": "Maîtriser ses dépenses avec une offre au juste prix",
            "concurrent": "Obtenir davantage de conseil et de suivi qu'avec l'offre concurrente",
            "delai": "Gagner du temps et trancher sans multiplier les rendez-vous",
            "decideur_absent": "Pouvoir présenter une proposition simple à la personne avec qui "
            + g("il", "elle")
            + " décide",
            "marge": "Sentir que l'on tient à " + g("lui", "elle") + " comme " + g("client", "cliente"),
        }.get(scene.kind("contraintes") or "", "Bénéficier d'un suivi de proximité")
    )
    if len(items) < 3:
        items.append("bénéficier d'un interlocuteur de proximité, joignable facilement")
    return " ; ".join(items[:1] + [x[:1].lower() + x[1:] for x in items[1:]]) + "."


def freins(scene: Scene) -> str:
    first = {
        "prospect": "La méfiance envers une structure inconnue",
        "recommandation": "La crainte d'une déception après une recommandation enthousiaste",
        "apres_devis": "L'écart de prix avec l'autre proposition reçue",
        "fidele": "La crainte de payer pour un besoin qui n'est pas prioritaire",
        "mecontent": "Le souvenir de la réclamation mal traitée",
        "renouvellement": "La hausse de ses dépenses depuis quelques années",
    }.get(scene.mode, "La peur de se tromper")
    second = {
        "budget": "des finances tendues cette année",
        "concurrent": "le prix plus bas trouvé ailleurs",
        "delai": "le manque de temps pour comparer sereinement",
        "decideur_absent": "l'impossibilité de trancher sans l'autre décideur",
        "marge": "l'impression que le prix affiché est négociable",
    }.get(scene.kind("contraintes") or "", "la peur de s'engager sur la durée")
    return (
        f"{first} ; {second} ; la peur de s'engager sur la durée."
        if "durée" not in second
        else f"{first} ; {second}."
    )


def contraintes(scene: Scene) -> str:
    kind = scene.kind("contraintes")
    if kind == "budget" and scene.focus.value:
        budget = french.money(french.below(scene.focus.value, 0.85)) + french.unit_of(scene.focus.price)
        said = f"Votre budget ne dépasse pas {budget} : vous ne signerez pas au-delà."
    elif kind == "budget":
        said = "Votre budget est serré : vous ne signerez que si le prix vous paraît justifié."
    elif kind == "concurrent":
        said = "Vous avez en main une offre concurrente et vous la citerez pour faire pression."
    elif kind == "delai":
        said = "Vous n'avez que quelques minutes : vous voulez une proposition claire et rapide."
    elif kind == "decideur_absent":
        other = "votre conjoint" if scene.who.role.couple or not scene.who.role.pro else "votre associé"
        said = f"Vous ne signerez rien sans l'accord de {other} : au mieux, vous repartez avec une proposition écrite."
    else:
        said = "Vous réclamerez un geste commercial important avant de vous engager."
    return f"{said} Vous acceptez de vous engager seulement si la proposition répond à vos motivations."


def objections(scene: Scene) -> list[str]:
    g = scene.character.g
    by_mode = {
        "prospect": "Je ne vous connais pas : pourquoi vous plutôt qu'un autre ?",
        "recommandation": "On m'a dit du bien de vous, mais je n'ai pas encore besoin de tout ça.",
        "apres_devis": "Depuis votre devis, un concurrent m'a fait une meilleure offre.",
        "fidele": f"Je suis déjà {g('client', 'cliente')} chez vous, je ne vois pas l'intérêt d'ajouter autre chose.",
        "mecontent": "Après ce qui s'est passé, pourquoi vous ferais-je encore confiance ?",
        "renouvellement": "Vos tarifs ont augmenté : pourquoi renouveler chez vous ?",
    }
    first = by_mode.get(scene.mode, by_mode["prospect"])
    if scene.kind("acteurs") == "codecideur":
        first = "Je n'étais pas là au premier rendez-vous : reprenez l'essentiel, rapidement."
    return [first, _constraint_objection(scene), scene.rng.choice(_GENERIC)]


_GENERIC = (
    "Je ne vois pas bien ce que cela m'apporte de plus.",
    "Je n'aime pas m'engager sur une longue durée.",
    "Il faut que je réfléchisse, je vous rappellerai.",
    "Vos conditions sont trop compliquées à comprendre.",
)


def _constraint_objection(scene: Scene) -> str:
    kind, margin = scene.kind("contraintes"), scene.facts.margin
    if kind == "budget":
        return "C'est au-dessus de ce que je peux mettre, je ne dépasserai pas mon budget."
    if kind == "concurrent":
        return "Votre concurrent me propose presque la même chose pour moins cher."
    if kind == "delai":
        return "Je n'ai pas beaucoup de temps, allez à l'essentiel."
    if kind == "decideur_absent":
        return "Je ne peux rien signer sans en parler à " + (
            "mon associé." if scene.who.role.pro else "la maison."
        )
    if margin.allows_discount_on(scene.focus.label) and margin.max_pct is not None:
        return f"Si vous me faites {french.pct(max(margin.max_pct * 2, margin.max_pct + 5))} % de remise, je signe aujourd'hui."
    return "Vous pouvez bien faire un geste sur le prix, non ?"
