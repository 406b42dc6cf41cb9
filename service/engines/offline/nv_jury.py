"""The jury's side of an NV scene: the character, its reasons to say yes or no, and its objections."""

from __future__ import annotations

from service.engines.offline import french, motives, nv, restate
from service.engines.offline.nv import Scene
from service.engines.offline.roles import de


def identite(scene: Scene) -> str:
    character, facts, g = scene.character, scene.facts, scene.character.g
    if scene.plan.mode == "fdap":
        situation = f"{character.Il} vit la situation racontée dans l'historique, avec le profil ci-dessous."
    elif scene.kind("acteurs") == "codecideur":
        situation = f"{character.Il} n'a pas suivi les échanges précédents et c'est {g('lui', 'elle')} qui tient les comptes."
    else:
        source = "d'un autre professionnel" if scene.who.role.pro else "d'une personne de son entourage"
        situation = {
            "prospect": f"{character.Il} découvre {facts.org_short} et compare plusieurs offres avant de choisir.",
            "recommandation": f"{character.Il} vient sur le conseil {source}, sans rien connaître encore de l'offre.",
            "apres_devis": f"{character.Il} a reçu le devis {scene.before} et l'a comparé avec une autre proposition.",
            "fidele": f"{g('Client', 'Cliente')} depuis {scene.years} ans, {character.il} apprécie le conseil {facts.premise.of} "
            "mais surveille ses dépenses.",
            "mecontent": f"Fidèle depuis {scene.years} ans, {character.il} se sent aujourd'hui "
            f"{g('négligé', 'négligée')} et pense à partir.",
            "renouvellement": f"{character.Il} arrive au terme de son {facts.contract or 'contrat'} et se demande s'il faut changer.",
        }.get(scene.mode, "")
    return french.theirs(
        f"Vous jouez {character.name}, {character.age} ans, {scene.played}. {situation} {character.trait}"
    )


def relation(scene: Scene) -> str:
    facts, g, il = scene.facts, scene.character.g, scene.character.il
    if scene.plan.mode == "fdap":
        return f"{g('Client', 'Cliente')} {de(facts.org_short)}, au moment de la relation que décrit l'historique."
    if scene.kind("acteurs") == "codecideur":
        return f"Co-décideur : {il} connaît {facts.org_short} par {scene.who.cl}, qui a mené les échanges précédents."
    return {
        "prospect": f"Prospect : {il} ne connaît {facts.org_short} que de nom.",
        "recommandation": f"Prospect {g('recommandé', 'recommandée')} par un client {de(facts.org_short)}.",
        "apres_devis": f"Prospect rencontré {scene.before} ; {il} a reçu un devis pour {restate.offer(scene.focus)}.",
        "fidele": f"{g('Client', 'Cliente')} {de(facts.org_short)} depuis {scene.years} ans.",
        "mecontent": f"{g('Client', 'Cliente')} {de(facts.org_short)} depuis {scene.years} ans, déçu{g('', 'e')} par le suivi.",
    }.get(
        scene.mode,
        f"{g('Client', 'Cliente')} depuis {scene.years} ans ; son {facts.contract or 'contrat'} arrive à échéance.",
    )


def _rival(scene: Scene) -> str:
    names = [n for n in scene.facts.known.competitors if len(n) < 50 and n[:1].isupper()]  # a firm's name
    return names[scene.step % len(names)] if names else ""


def secret(scene: Scene) -> str:
    """One fact the character keeps for later, from the FDAP when it gives one, worded for its moment."""
    rival, g, org = _rival(scene), scene.character.g, scene.facts.org_short
    at, of = (f"chez {rival}", de(rival)) if rival else ("chez un concurrent", "d'un concurrent")
    if scene.kind("acteurs") == "codecideur":
        return (
            f"À ne dévoiler que si le candidat vous interroge : vous trouvez que {scene.who.cl} s'est "
            f"{scene.who.g('engagé', 'engagée')} un peu vite et vous voulez comprendre ce que vous payez."
        )
    said = {
        "prospect": f"Vous ne le direz que si le candidat vous interroge : vous avez aussi rendez-vous {at} la semaine prochaine pour comparer avec {org}.",
        "recommandation": (
            f"Gardez-le pour vous au début : la personne qui vous a recommandé {org} vous a aussi dit que "
            "les délais avaient été plus longs que prévu."
        ),
        "apres_devis": f"Le candidat ne le sait pas : depuis le devis, vous avez reçu une proposition {of}, un peu moins chère.",
        "fidele": f"Vous ne le dites pas d'emblée : une connaissance vous a vanté une offre {of}.",
        "mecontent": "Le candidat l'ignore : vous avez déjà demandé les conditions pour partir, sans rien signer ailleurs.",
        "renouvellement": f"Le candidat l'ignore : vous avez une proposition {of}, mais vous préféreriez rester si l'on vous écoute.",
    }.get(scene.mode, "")
    return said.replace("  ", " ") if said else f"Vous restez {g('prudent', 'prudente')} jusqu'à la fin."


def historique(scene: Scene, candidate: str) -> str:
    """The same story as the candidate's, told to the jury member, and the fact only they know."""
    if scene.plan.mode == "fdap":
        told = (
            f"{nv.story(scene, jury=True)} Jouez cette situation avec le profil {de(scene.character.name)}."
        )
        return f"{told} {secret(scene)}"
    return f"{nv.story(scene, jury=True)} {secret(scene)}"


motivations = motives.motivations
freins = motives.freins
contraintes = motives.contraintes
objections = motives.objections
