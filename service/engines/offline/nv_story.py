"""The history row of an NV scene, in both voices: the candidate's (V-2) and the character's (V-3).

A scene tells its own relationship (prospect, quote, loyal or unhappy client, renewal) in short factual
sentences; only the « fdap » mode, played with the FDAP's own client, tells the lived story.
"""

from __future__ import annotations

import re

from service.domain.text import fold
from service.engines.offline import french, restate
from service.engines.offline.levers import lived_trimmed
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


def _owned(scene: Scene, jury: bool = False) -> str:
    """What the client already has, in words that fit the kind of sale, or a marker when unknown."""
    if not scene.companion or scene.companion == scene.focus:
        verb, owned = "a déjà acheté", "[à préciser : produit ou service déjà acheté]"
    else:
        owned, sale = restate.offer(scene.companion), scene.facts.known.sale
        verb = {"abonnement": "est titulaire de", "contrat_b2b": "a souscrit"}.get(sale, "a acheté")
    if jury:
        verb = verb.replace("est ", "êtes ", 1) if verb.startswith("est") else "avez" + verb[1:]
    return f"{verb} {owned}"


def _quote(scene: Scene) -> str:
    price = scene.focus.price.split(";")[0].strip(" .") if scene.focus.price else ""
    return price if price and len(price) < 40 else "[à préciser : montant du devis]"


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
        return f"{scene.who.Cl} s'intéresse à {restate.offer(scene.focus)} et vous rencontre pour en parler."
    text = re.sub(r"\b([Dd])e ([AEIOUÉÈ])", r"\1'\2", text)  # « de Auray » as students type it
    return cap(restate.named(text, scene.character.name))


def story(scene: Scene, jury: bool = False) -> str:
    """The scene's own relationship, short and factual: « vous » is the candidate (V-2) or the character (V-3)."""
    facts, w, p, org = scene.facts, scene.who, restate.offer(scene.focus), scene.facts.org_short
    if scene.plan.mode == "fdap" and (not lived_trimmed(facts) or _tellable(restate.lived_story(facts))):
        return _lived(scene, jury)  # else the lived moment is told as any other, from the fact sheet
    mode, g = scene.mode, (scene.character.g if jury else w.g)
    met = "sur votre stand" if scene.kind("lieu") == "salon" else ""
    if mode == "prospect":
        if jury:
            return (
                f"Vous ne connaissez {org} que de nom. Vous avez pris contact {met or 'avec l’entreprise'} au "
                f"sujet de {p} : c'est votre premier échange avec le candidat."
            ).replace("’", "'")
        return (
            f"{w.Cl} ne connaît pas encore {org}. {w.Il} a pris contact {met or 'avec vous'} au sujet de {p}. "
            f"C'est votre premier entretien avec {w.g('lui', 'elle')} : tout reste à faire pour gagner sa confiance."
        )
    if mode == "recommandation":
        source = "un autre professionnel, client" if w.role.pro else "une personne de son entourage, cliente"
        if jury:
            return (
                f"{'Un autre professionnel, client' if w.role.pro else 'Une personne de votre entourage, cliente'} "
                f"{de(org)}, vous a conseillé de prendre contact. "
                f"C'est votre premier échange avec le candidat ; vous ne connaissez pas encore {p}."
            )
        return (
            f"{w.Cl} vous a été {w.g('recommandé', 'recommandée')} par {source} satisfaite {de(org)}. "
            f"C'est votre premier échange avec {w.g('lui', 'elle')} : {w.il} ne connaît pas encore {p}."
        ).replace("professionnel, client satisfaite", "professionnel, client satisfait")
    codecider = _codecider(scene, jury) if scene.kind("acteurs") == "codecideur" else ""
    if mode == "apres_devis":
        if jury:
            seen = (
                f"Le candidat a reçu {w.cl}"
                if codecider
                else f"Le candidat {g('vous a reçu', 'vous a reçue')}"
            )
            return (
                f"{seen} {scene.before} : la découverte des besoins est faite et un devis a été remis pour {p} "
                f"({_quote(scene)}). Un délai de réflexion a été demandé ; ce rendez-vous doit déboucher sur une "
                f"décision.{codecider}"
            )
        return (
            f"Vous avez rencontré {w.cl} {scene.before} : la découverte des besoins est faite et vous lui avez "
            f"remis un devis pour {p} ({_quote(scene)}). {w.Il} a demandé un délai de réflexion ; vous "
            f"{w.le} revoyez pour obtenir sa décision.{codecider}"
        )
    since, owned = f"{g('client', 'cliente')} {de(org)} depuis {scene.years} ans", _owned(scene, jury)
    if mode == "mecontent":
        third, second = GRIEVANCES[scene.step % len(GRIEVANCES)]
        if jury:
            return (
                f"Vous êtes {since} et vous {owned}, "
                f"mais {second}. Vous envisagez de partir à la concurrence ; le candidat vous rencontre pour vous "
                f"retenir et vous proposer {p}.{codecider}"
            )
        return (
            f"{w.Cl} fait confiance à {org} depuis {scene.years} ans : {w.il} {owned}. {w.Il} est {w.g('mécontent', 'mécontente')} : {third}. {w.Il} "
            f"envisage de partir à la concurrence ; vous {w.le} rencontrez pour {w.le} retenir et lui proposer "
            f"{p}.{codecider}"
        )
    if mode == "renouvellement":
        contract = facts.contract or "contrat"
        if jury:
            return (
                f"Vous êtes {since} et votre {contract} arrive à échéance dans deux mois. Vous comparez avec "
                f"d'autres offres avant de vous engager à nouveau ; le candidat va vous proposer {p}.{codecider}"
            )
        return (
            f"{w.Cl} fait confiance à {org} depuis {scene.years} ans, mais son {contract} arrive à échéance dans deux mois. {w.Il} compare avec "
            f"d'autres offres avant de s'engager à nouveau ; vous lui proposez {p}.{codecider}"
        )
    need = (
        "compléter ce qu'" + g("il", "elle") + " a déjà"
        if scene.kind("objet") == "complement"
        else "un nouveau besoin"
    )
    if jury:
        need = (
            "compléter ce que vous avez déjà" if scene.kind("objet") == "complement" else "un nouveau besoin"
        )
        return (
            f"Vous êtes {since} et vous {owned}. Vous revenez pour {need} ; le candidat va vous présenter "
            f"{p}.{codecider}"
        )
    return (
        f"{w.Cl} fait confiance à {org} depuis {scene.years} ans : {w.il} {owned} et s'en dit {w.g('satisfait', 'satisfaite')}. {w.Il} revient "
        f"pour {need}, l'occasion de lui présenter {p}.{codecider}"
    )
