"""The jury's side of an NV scene: the character, its reasons to say yes or no, and its objections."""

from __future__ import annotations

from service.engines.offline import french, motives, nv, restate
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
        "fidele": f"{g('Client', 'Cliente')} {de(facts.org_short)} depuis {scene.years} ans"
        + (f", titulaire de {owned}." if facts.known.sale == "abonnement" else "."),
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
        return (
            f"{nv.historique(scene, french.theirs)} Jouez cette situation avec le profil de {scene.character.name} "
            "décrit dans « Identité »."
        )
    secret = _SECRETS.get(scene.mode, _SECRETS["prospect"])
    rival = scene.facts.known.competitors[:1]
    if scene.mode == "prospect" and rival and len(rival[0]) < 50:
        secret = f"vous avez aussi rendez-vous chez {rival[0]} la semaine prochaine"
    return f"{candidate} Ce que le candidat ignore : {secret}, à propos {restate.de_offer(scene.focus)}."


motivations = motives.motivations
freins = motives.freins
contraintes = motives.contraintes
objections = motives.objections
