"""The history row of an NV scene, in both voices: the candidate's (V-2) and the character's (V-3).

A scene tells its own relationship (prospect, quote, loyal or unhappy client, renewal) in short factual
sentences; only the « fdap » mode, played with the FDAP's own client, tells the lived story.
"""

from __future__ import annotations

import re

from service.domain.text import fold
from service.engines.offline import french, offer_words, restate
from service.engines.offline.lived import lived_trimmed
from service.engines.offline.nv_scene import Scene
from service.engines.offline.roles import cap, de

GRIEVANCES = (
    (
        "sa dernière demande a été traitée avec trois semaines de retard",
        "votre dernière demande a été traitée avec trois semaines de retard",
    ),
    (
        "la hausse de tarif de cette année ne lui a jamais été expliquée",
        "la hausse de tarif de cette année ne vous a jamais été expliquée",
    ),
    (
        "sa dernière réclamation est restée sans réponse écrite",
        "votre dernière réclamation est restée sans réponse écrite",
    ),
)


# What a returning client does at the firm when the sheet does not say which item it bought: (V-2, V-3).
_HABIT = {
    "abonnement": ("y renouvelle son abonnement chaque année", "y renouvelez votre abonnement chaque année"),
    "contrat_b2b": ("y passe ses commandes régulièrement", "y passez vos commandes régulièrement"),
}


def _owned(scene: Scene, jury: bool = False) -> str:
    """What the client already has, in words that fit the kind of sale, or the habit of a returning client."""
    sale = scene.facts.known.sale
    if not scene.companion or scene.companion == scene.focus:
        return _HABIT.get(sale, ("y achète régulièrement", "y achetez régulièrement"))[1 if jury else 0]
    owned = offer_words.offer(scene.companion)
    verb = {"abonnement": "est titulaire de", "contrat_b2b": "a souscrit"}.get(sale, "a acheté")
    if jury:
        verb = verb.replace("est ", "êtes ", 1) if verb.startswith("est") else "avez" + verb[1:]
    return f"{verb} {owned}"


def _quote(scene: Scene) -> str:
    """« (1 290 €) » after the quote's item, or nothing when the FDAP gives no price: no marker on V-2."""
    price = scene.focus.price.split(";")[0].strip(" .") if scene.focus.price else ""
    return f" ({price})" if price and len(price) < 40 else ""


def _codecider(scene: Scene, jury: bool) -> str:
    c, w = scene.character, scene.who
    if jury:
        return f" Vous n'avez pas suivi les échanges précédents : vous décidez avec {w.cl}, et c'est vous que le candidat rencontre."
    return (
        f" Cette fois, c'est {c.name}, {scene.played}, qui vous reçoit : {c.il} n'a pas suivi les échanges "
        f"précédents et décide avec {w.cl}."
    )


_ORPHAN = re.compile(r"(?:il|elle|ils|elles|on|ce|cela|ça|donc|mais|et)\b", re.IGNORECASE)


def _tellable(story: str) -> bool:
    """A cut story that still reads alone: no pronoun without its antecedent, no problem statement."""
    return bool(story) and not _ORPHAN.match(story) and "problemat" not in fold(story)


def _lived(scene: Scene, jury: bool) -> str:
    """The FDAP's own story, told of the FDAP's own client (the scene keeps the lived moment)."""
    text = (french.theirs if jury else french.yours)(restate.lived_story(scene.facts))
    if not text:
        return (
            f"{scene.who.Cl} s'intéresse à {offer_words.offer(scene.focus)} et vous rencontre pour en parler."
        )
    text = re.sub(r"\b([Dd])e ([AEIOUÉÈ])", r"\1'\2", text)  # « de Auray » as students type it
    return cap(restate.named(text, scene.character.name))


def story(scene: Scene, jury: bool = False) -> str:
    """The scene's own relationship, short and factual: « vous » is the candidate (V-2) or the character (V-3).

    V-3 tells the same sentences as V-2 with the voices swapped; when the jury plays a co-decider, the
    client is spoken of in the third person and the candidate is « le candidat ».
    """
    facts = scene.facts
    if scene.plan.mode == "fdap" and (not lived_trimmed(facts) or _tellable(restate.lived_story(facts))):
        return _lived(scene, jury)  # else the lived moment is told as any other, from the fact sheet
    codecider = scene.kind("acteurs") == "codecideur"
    if jury and codecider:
        text = _told(scene, _THIRD)
        for seller, candidate in _AS_CANDIDATE:
            text = text.replace(seller, candidate)
        return text + _codecider(scene, jury=True)
    return _told(scene, _JURY if jury else _CANDIDATE) + (_codecider(scene, jury=False) if codecider else "")


# The words that change with the voice: (client subject, its verbs, the seller's side, « lui »/« le »)
_CANDIDATE, _JURY, _THIRD = "candidate", "jury", "third"
_AS_CANDIDATE = (
    ("Vous avez rencontré", "Le candidat a rencontré"),
    ("vous lui avez remis", "il lui a remis"),
    (" ; vous le revoyez", " ; le candidat le revoit"),
    (" ; vous la revoyez", " ; le candidat la revoit"),
    (" ; vous le rencontrez", " ; le candidat le rencontre"),
    (" ; vous la rencontrez", " ; le candidat la rencontre"),
    (" ; vous lui proposez", " ; le candidat lui propose"),
)


def _told(scene: Scene, voice: str) -> str:
    facts, w, p, org = scene.facts, scene.who, offer_words.offer(scene.focus), scene.facts.org_short
    mine = voice == _JURY  # the character speaks of itself as « vous »
    g = scene.character.g if mine else w.g
    Subject = "Vous" if mine else w.Cl
    pron, Pron = ("vous", "Vous") if mine else (w.il, w.Il)
    him = "vous" if mine else g("le", "la")
    to_him = "vous" if mine else "lui"
    seller = "le candidat" if mine else "vous"

    def verb(second: str, third: str) -> str:
        return second if mine else third

    met = ("sur son stand" if mine else "sur votre stand") if scene.kind("lieu") == "salon" else ""
    mode = scene.mode
    if mode == "prospect":
        return (
            f"{Subject} {verb('découvrez', 'découvre')} {org} : {pron} {verb('avez', 'a')} pris contact "
            f"{met or 'avec ' + seller} au sujet de {p}. C'est votre premier entretien avec "
            f"{'le candidat' if mine else g('lui', 'elle')}."
        )
    if mode == "recommandation":
        source = (
            "un autre professionnel, client" if w.role.pro else "une personne de votre entourage, cliente"
        )
        if not mine:
            source = source.replace("votre", "son")
            return (
                f"{w.Cl} vous a été {w.g('recommandé', 'recommandée')} par {source} "
                f"{'satisfait' if w.role.pro else 'satisfaite'} {de(org)}. C'est votre premier échange avec "
                f"{w.g('lui', 'elle')} : {w.il} ne connaît pas encore {p}."
            )
        return (
            f"{cap(source)} {'satisfait' if w.role.pro else 'satisfaite'} {de(org)}, vous a conseillé de prendre "
            f"contact. C'est votre premier échange avec le candidat : vous ne connaissez pas encore {p}."
        )
    if mode == "apres_devis":
        if mine:
            return (
                f"Le candidat vous a {g('rencontré', 'rencontrée')} {scene.before} : la découverte des besoins est "
                f"faite et il vous a remis un devis pour {p}{_quote(scene)}. Vous avez demandé un délai de "
                "réflexion ; il vous revoit pour obtenir votre décision."
            )
        return (
            f"Vous avez rencontré {w.cl} {scene.before} : la découverte des besoins est faite et vous lui avez "
            f"remis un devis pour {p}{_quote(scene)}. {w.Il} a demandé un délai de réflexion ; vous "
            f"{w.le} revoyez pour obtenir sa décision."
        )
    trust = f"{Subject} {verb('êtes', 'est')} fidèle à {org} depuis {scene.years} ans"
    owned = _owned(scene, mine)
    if mode == "mecontent":
        third, second = GRIEVANCES[scene.step % len(GRIEVANCES)]
        return (
            f"{trust} : {pron} {owned}. {Pron} {verb('êtes', 'est')} {g('mécontent', 'mécontente')} : "
            f"{second if mine else third}. {Pron} {verb('envisagez', 'envisage')} de partir à la concurrence ; "
            f"{seller} {him} {verb('rencontre', 'rencontrez')} pour {him} retenir et {to_him} "
            f"proposer {p}."
        )
    if mode == "renouvellement":
        contract = facts.contract or "contrat"
        return (
            f"{trust}, mais {'votre' if mine else 'son'} {contract} arrive à échéance dans deux mois. {Pron} "
            f"{verb('comparez', 'compare')} avec d'autres offres avant de {verb('vous', 's’')}"
            f"{'' if not mine else ' '}engager à nouveau ; {seller} {to_him} {verb('propose', 'proposez')} {p}."
        ).replace("s’engager", "s'engager")
    need = (
        f"compléter ce qu{'e vous avez' if mine else '’' + g('il', 'elle') + ' a'} déjà"
        if scene.kind("objet") == "complement"
        else "un nouveau besoin"
    ).replace("’", "'")
    return (
        f"{trust} : {pron} {owned} et {verb('vous vous en dites', 's’en dit')} "
        f"{g('satisfait', 'satisfaite')}. {Pron} {verb('revenez', 'revient')} pour {need}, l'occasion "
        f"{'pour le candidat ' if mine else ''}de {to_him} présenter {p}."
    ).replace("s’en", "s'en")
