"""The jury's side of an NV scene: the character, its reasons to say yes or no, and its objections."""

from __future__ import annotations

from service.engines.offline import french, motives, nv, nv_voice, offer_words
from service.engines.offline import nv_profile as profiles
from service.engines.offline.lived import sensitive
from service.engines.offline.nv import Scene
from service.engines.offline.roles import de


def identite(scene: Scene) -> str:
    """A character a jury member can play: who, situation, need, what they have, budget, manner."""
    character, facts, g = scene.character, scene.facts, scene.character.g
    if scene.kind("acteurs") == "codecideur":
        situation = f"{character.Il} n'a pas suivi les échanges précédents et c'est {g('lui', 'elle')} qui tient les comptes."
    else:
        source = "d'un autre professionnel" if scene.who.role.pro else "d'une personne de son entourage"
        situation = {
            "prospect": f"{character.Il} découvre {facts.org_short} et compare plusieurs offres avant de choisir.",
            "recommandation": f"{character.Il} vient sur le conseil {source}, sans rien connaître encore de l'offre {de(facts.org_short)}.",
            "apres_devis": f"{character.Il} a reçu le devis {scene.before} et l'a comparé avec une autre proposition.",
            "fidele": f"{g('Client', 'Cliente')} depuis {scene.years} ans, {character.il} apprécie le conseil {facts.premise.of} "
            "mais surveille ses dépenses.",
            "mecontent": f"Fidèle depuis {scene.years} ans, {character.il} se sent aujourd'hui "
            f"{g('négligé', 'négligée')} et pense à partir.",
            "renouvellement": f"{character.Il} arrive au terme de son {facts.contract or 'contrat'} et se demande s'il faut changer.",
        }.get(scene.mode, "")
        if scene.first and not scene.stranger:  # the FDAP's client already heard from the firm
            situation = f"{character.Il} connaît déjà {facts.org_short} par ce que raconte l'historique et compare avant de choisir."
        if scene.plan.mode == "fdap":
            lived = f"{character.Il} vit, avec {facts.org_short}, la situation racontée dans l'historique."
            # a seniority the history does not tell (the GAEC was insured elsewhere for 20 years) is never drawn
            alone = scene.past == "achat" or scene.mode in ("fidele", "mecontent", "renouvellement")
            situation = lived if alone else f"{lived} {situation}".strip()
    profile = profiles.profile(scene)
    said = f"Vous jouez {character.name}, {character.age} ans, {scene.played}. {situation} {profile} {profiles.manner(scene)}"
    return french.theirs(_named_once(scene, said))


def relation(scene: Scene) -> str:
    facts, g, il = scene.facts, scene.character.g, scene.character.il
    if scene.plan.mode == "fdap":
        who = "Prospect" if scene.stranger else g("Client", "Cliente")
        return f"{who} {de(facts.org_short)}, au moment de la relation que décrit l'historique."
    if scene.kind("acteurs") == "codecideur":
        return f"Co-décideur : {il} connaît {facts.org_short} par {scene.who.cl}, qui a mené les échanges précédents."
    return {
        "prospect": f"Prospect : {il} ne connaît {facts.org_short} que de nom.",
        "recommandation": f"Prospect {g('recommandé', 'recommandée')} par un client {de(facts.org_short)}.",
        "apres_devis": f"Prospect rencontré {scene.before} ; {il} a reçu un devis pour {offer_words.offer(scene.focus)}.",
        "fidele": f"{g('Client', 'Cliente')} {de(facts.org_short)} depuis {scene.years} ans.",
        "mecontent": f"{g('Client', 'Cliente')} {de(facts.org_short)} depuis {scene.years} ans, déçu{g('', 'e')} par le suivi.",
    }.get(
        scene.mode,
        f"{g('Client', 'Cliente')} depuis {scene.years} ans ; son {facts.contract or 'contrat'} arrive à échéance.",
    )


def secret(scene: Scene) -> str:
    """One fact the character keeps for later, never one the candidate sheet already states."""
    return profiles.secret(scene, sober=sensitive(scene.facts))


def historique(scene: Scene, candidate: str) -> str:
    """The same story as the candidate's, told to the jury member, and the fact only they know."""
    if scene.plan.mode == "fdap":
        return f"{nv.story(scene, jury=True)} {secret(scene)}"
    return f"{nv.story(scene, jury=True)} {secret(scene)}"


def _named_once(scene: Scene, text: str) -> str:
    """A descriptive row that names the firm once, then says « le magasin », « l'entreprise »."""
    return nv_voice.name_once(text, scene.facts.org_short, scene.facts.premise)


def motivations(scene: Scene) -> str:
    return _named_once(scene, motives.motivations(scene))


def freins(scene: Scene) -> str:
    return _named_once(scene, motives.freins(scene))


def contraintes(scene: Scene) -> str:
    return _named_once(scene, motives.contraintes(scene))


objections = motives.objections
