"""The jury's side of an EC scene (superior, partner, client structure or visitor), and both sheets."""

from __future__ import annotations

import re

from service.domain.constats import SAME_AS_FDAP, SECRET_LEAKS
from service.domain.fiche_sujet import Acteurs, FicheCandidat, FicheJury
from service.domain.text import at_least, sentences, stems
from service.engines.offline import ec_dates, ec_motives, ec_partner, ec_rows, ec_tally, french, offer_words
from service.engines.offline.draft import Draft
from service.engines.offline.ec import Scene, de_phrase, partner_kind, pronoun, status, took_place
from service.engines.offline.ec_rows import a_phrase
from service.engines.offline.roles import cap, de, que


def identite(scene: Scene) -> str:
    character, facts = scene.character, scene.facts
    il, Il = character.il, character.Il
    lived, org, item = scene.short, facts.org_short, ec_motives._item(scene)
    situation = {
        "projet": f"{Il} valide les dépenses des évènements {de(org)} et a suivi de près les chiffres {de_phrase(lived)}.",
        "bilan": f"{Il} a validé {lived} et veut des résultats chiffrés avant toute nouvelle dépense.",
        "partenaire": _partner_stance(scene),
        "b2b": f"{Il} organise des moments pour les {ec_rows.members_of(scene.target)} de sa structure et découvre "
        f"l'offre {de(org)}.",
        "visiteur": f"{Il} vient à la nouvelle édition pour se renseigner sur {item}.",
    }[scene.mode]
    where = f" chez {facts.org_short}" if scene.mode in ("projet", "bilan") else ""
    trait = _trait(scene) or character.trait
    return f"Vous jouez {character.name}, {character.age} ans, {scene.played}{where}. {situation} {trait}".replace(
        f"{il} {il}", il
    )


# A manager weighs cost, results, staff and risk; a partner what its own side gets: never a client's traits.
_TRAITS: dict[str, tuple[tuple[str, str], ...]] = {
    "manager": (
        ("Gestionnaire prudent, il raisonne en coût par client et en marge avant de parler d'ambiance.",
         "Gestionnaire prudente, elle raisonne en coût par client et en marge avant de parler d'ambiance."),
        ("Attentif à son équipe, il refuse un évènement qui la mobilise au détriment du service courant.",
         "Attentive à son équipe, elle refuse un évènement qui la mobilise au détriment du service courant."),
        ("Habitué aux tableaux de bord, il veut des résultats comparés aux objectifs, pas des impressions.",
         "Habituée aux tableaux de bord, elle veut des résultats comparés aux objectifs, pas des impressions."),
        ("Ouvert aux idées nouvelles, il demande toujours ce que l'on arrête quand on ajoute quelque chose.",
         "Ouverte aux idées nouvelles, elle demande toujours ce que l'on arrête quand on ajoute quelque chose."),
        ("Prudent face au risque, il veut un plan de repli pour l'affluence, les absences et les retards.",
         "Prudente face au risque, elle veut un plan de repli pour l'affluence, les absences et les retards."),
        ("Pressé, il laisse la parole à qui arrive avec un budget poste par poste et un calendrier clair.",
         "Pressée, elle laisse la parole à qui arrive avec un budget poste par poste et un calendrier clair."),
    ),
    "cause": (
        ("Engagé et chaleureux, il parle volontiers de son association mais reste ferme sur ce qu'elle peut donner.",
         "Engagée et chaleureuse, elle parle volontiers de son association mais reste ferme sur ce qu'elle peut donner."),
        ("Méfiant envers les opérations commerciales, il veut que la cause ne serve pas de vitrine.",
         "Méfiante envers les opérations commerciales, elle veut que la cause ne serve pas de vitrine."),
        ("Attentif à ses bénévoles, il compte les heures qu'on leur demande avant de dire oui.",
         "Attentive à ses bénévoles, elle compte les heures qu'on leur demande avant de dire oui."),
    ),
    "fournisseur": (
        ("Négociateur aguerri, il compare ce que lui rapporte chaque point de vente avant d'investir.",
         "Négociatrice aguerrie, elle compare ce que lui rapporte chaque point de vente avant d'investir."),
        ("Direct, il veut des volumes, une mise en avant de ses produits et un engagement écrit.",
         "Directe, elle veut des volumes, une mise en avant de ses produits et un engagement écrit."),
        ("Prudent, il a déjà financé des animations sans lendemain et demande des preuves.",
         "Prudente, elle a déjà financé des animations sans lendemain et demande des preuves."),
    ),
    "prestataire": (
        ("Pragmatique, il compte les contacts utiles qu'une journée lui rapporte avant de la donner.",
         "Pragmatique, elle compte les contacts utiles qu'une journée lui rapporte avant de la donner."),
        ("Indépendant, il tient à garder son propre espace et ses propres contacts.",
         "Indépendante, elle tient à garder son propre espace et ses propres contacts."),
    ),
    "public": (
        ("Posé, il vérifie que l'opération reste dans le cadre de la mission de son service.",
         "Posée, elle vérifie que l'opération reste dans le cadre de la mission de son service."),
        ("Soucieux de neutralité, il refuse que son institution paraisse recommander un commerce.",
         "Soucieuse de neutralité, elle refuse que son institution paraisse recommander un commerce."),
    ),
}  # fmt: skip


def _trait(scene: Scene) -> str:
    side = (
        "manager"
        if scene.mode in ("projet", "bilan")
        else partner_kind(scene)
        if scene.mode == "partenaire"
        else ""
    )
    pool = _TRAITS.get(side)
    if not pool:
        return ""
    pick = pool[(scene.character.age + scene.years) % len(pool)]
    return pick[1] if scene.character.gender == "f" else pick[0]


def _partner_stance(scene: Scene) -> str:
    """What the partner weighs, by kind: its cause and volunteers, its sell-out and display, its public."""
    il, Il, org, lived = scene.character.il, scene.character.Il, scene.facts.org_short, scene.short
    it = pronoun(lived)
    return {
        "cause": f"{Il} engage sa structure et ses bénévoles : {il} attend {de_phrase(lived)} qu'{it} serve sa cause "
        f"({ec_partner.cause_stance(scene)}), pas qu'{it} fasse d'abord vendre {org}.",
        "public": f"{Il} représente une institution : {il} soutiendra {lived} si {it} sert son public, sans faire "
        f"la publicité {de(org)}.".replace("si il", "s'il"),
        "prestataire": f"{Il} vient pour son propre métier : {il} donnera de son temps {a_phrase(lived)} si {it} lui "
        f"apporte des contacts et des recommandations, sans payer les frais {de(org)}.".replace(
            "si il", "s'il"
        ),
        "fournisseur": f"{Il} suit les ventes de ses produits chez ses revendeurs : {il} ne financera {lived} chez "
        f"{org} que pour des ventes réelles et une mise en avant de sa marque.",
    }[partner_kind(scene)]


def relation(scene: Scene) -> str:
    character, g, org = scene.character, scene.character.g, scene.facts.org_short
    return {
        "projet": f"{g('Supérieur', 'Supérieure')} hiérarchique du candidat : {character.il} décide du budget et du "
        f"programme des évènements {de(org)}.",
        "bilan": f"{g('Supérieur', 'Supérieure')} hiérarchique du candidat chez {org} : {character.il} a validé "
        f"{scene.short} et décide de sa reconduction.",
        "partenaire": f"Partenaire {de(org)} lors {de_phrase(scene.short)}."
        if scene.partner_named
        else f"Partenaire potentiel : {character.il} ne connaît {org} que de nom.",
        "b2b": f"Prospect : sa structure ne connaît {org} que de nom.",
        "visiteur": f"{g('Client potentiel', 'Cliente potentielle')} : {character.il} découvre {org} pendant l'évènement.",
    }[scene.mode]


def _secret(scene: Scene) -> str:
    facts, g = scene.facts, scene.character.g
    rival = ec_motives._rival(scene)
    reduced = ec_rows.reduced_budget(facts)
    return {
        "projet": f"vous ne dépasserez pas {reduced}"
        if reduced and scene.kind("contraintes") != "budget_reduit"
        else f"vous avez déjà prévu de réduire les dépenses "
        f"de communication {de(facts.premise.the)} cette année",
        "bilan": f"vous reconduirez {scene.short} si le candidat montre ce que les {tally} ont rapporté, frais déduits"
        if (tally := ec_tally.headline(facts))
        else f"vous reconduirez {scene.short} si le candidat chiffre ce qu'{_took(scene.short)} rapporté et coûté",
        "partenaire": ec_partner.secret(scene),
        "b2b": f"votre structure a déjà organisé l'an dernier une sortie comparable {a_phrase(scene.short)}, qui a peu mobilisé",
        "visiteur": f"vous avez déjà regardé l'offre de la concurrence ({rival})"
        if rival
        else f"vous êtes {g('venu', 'venue')} avec un budget précis en tête",
    }[scene.mode]


def _took(event: str) -> str:
    """Example: « l'afterwork » -> « il a », « la journée » -> « elle a », « les journées » -> « elles ont »."""
    return f"{pronoun(event)}s ont" if event.startswith("les ") else f"{pronoun(event)} a"


def contraintes(scene: Scene) -> str:
    kind, facts, g, mode = scene.kind("contraintes"), scene.facts, scene.character.g, scene.mode
    reduced = ec_rows.reduced_budget(facts)
    said = {
        "budget_reduit": f"Vous n'accepterez pas plus de {reduced} de budget."
        if reduced
        else f"Vous voulez un budget au plus égal à celui {de_phrase(scene.short)}.",
        "delai": "Vous refusez tout report de la date : ce qui n'est pas prêt à temps sera retiré du programme.",
        "personnel": {
            "partenaire": f"Vous ne pourrez être {g('présent', 'présente')} que pendant une partie de l'évènement.",
            "b2b": f"Vous ne pourrez réunir qu'une partie de vos {ec_rows.members_of(scene.target)}.",
            "visiteur": f"Vous voulez un conseil précis sur {ec_motives._item(scene)}, pas un discours général.",
        }.get(
            mode, f"Vous ne pouvez libérer que deux personnes de l'équipe {de(facts.org_short)} ce jour-là."
        ),
        "cofinancement": f"Vous ne prendrez en charge qu'une petite part des frais {de_phrase(scene.short)}, contre "
        "une contrepartie visible."
        if mode == "partenaire"
        else f"Vous refusez de financer {'seul' if scene.character.gender == 'm' else 'seule'} la prochaine "
        "édition : un partenaire doit en prendre une part.",
        "marge": "Vous attendez un tarif de groupe."
        if mode == "b2b"
        else "Vous refusez toute remise au-delà de celle prévue par l'annexe.",
        "offre_limitee": "Vous ne voulez pas vous décider dans la précipitation.",
    }.get(kind or "", "")
    if mode == "partenaire" and kind in (None, "cofinancement", "personnel"):
        said = ec_partner.constraint(scene)
    if kind is None and mode == "b2b":
        said = f"Vous ne pourrez réunir qu'une partie de vos {ec_rows.members_of(scene.target)}."
    closing = {
        "projet": f"Vous voulez voir, chiffres à l'appui, ce que {scene.short} rapportera.",
        "bilan": f"Vous ne reconduirez {scene.short} que sur des résultats chiffrés.",
        "partenaire": f"Vous ne vous engagerez qu'en sachant ce {que(facts.org_short)} vous apporte en échange.",
        "b2b": f"Vous comparez avec ce que d'autres prestataires {que(facts.org_short)} vous ont proposé.",
        "visiteur": "",
    }[mode]
    return f"{said} {closing}".strip()


def draft(scene: Scene) -> Draft:
    """Both sheets of the scene: « vous » is the candidate on V-2; on V-3 the jury is « vous »."""
    said = {
        "objet": ec_rows.objet(scene),
        "dates_duree": ec_dates.dates(scene),
        "lieu": ec_rows.lieu(scene),
        "objectifs_communication": ec_rows.objectifs(scene),
    }
    org = scene.facts.org_short

    def yours(text: str) -> str:  # the FDAP's first person as « vous », the organisation's name untouched
        return elided(french.yours(text).replace(french.yours(org), org))

    mine = {name: yours(text) for name, text in said.items()}
    theirs = {name: ec_rows.to_jury(text) for name, text in mine.items()}
    # an FDAP story still in the student's first person (« J'etais en stage… ») is left out
    tellings = [(st, tail) for st, tail in ec_rows.historique(scene) if not _FIRST_PERSON.search(yours(st))]
    tellings = tellings or [("", ec_rows.historique(scene)[0][1])]
    counterpart = scene.facts.counterparts.get("historique_relation", "")
    story, added = next(
        (
            (story, tail)
            for story, tail in tellings
            # with a margin: the rules compare with the FDAP before its names are redacted
            if not counterpart or at_least(SAME_AS_FDAP + 0.08, f"{yours(story)} {tail}", counterpart)
        ),
        tellings[0],
    )
    mine["historique_relation"] = f"{yours(story)} {added}".strip()
    theirs["historique_relation"] = elided(
        f"{french.theirs(story).replace(french.theirs(org), org)} {ec_rows.to_jury(added)}".strip()
    )
    acteurs = ec_rows.acteurs(scene)
    cand = FicheCandidat(
        **mine,
        sequence=ec_rows.sequence(scene),
        informations=yours(ec_rows.informations(scene)),
        contraintes=yours(ec_rows.contraintes(scene)),
        acteurs=Acteurs(vous=acteurs.vous, jury=acteurs.jury),
    )
    jury = FicheJury(
        objet=theirs["objet"],
        identite=identite(scene),
        relation_entreprise=relation(scene),
        date_rencontre=theirs["dates_duree"],
        lieu=theirs["lieu"],
        historique_relation=f"{theirs['historique_relation']} Ce que le candidat ignore : {_secret(scene)}.",
        objectifs_communication=theirs["objectifs_communication"],
        sequence=cand.sequence,
        motivations=_listed(ec_motives.motivations(scene), cand),
        freins=_listed(ec_motives.freins(scene), cand),
        contraintes=contraintes(scene),
        objections=[_said(x, cand) for x in ec_motives.objections(scene)],
    )
    return Draft(cand, jury, justification_values(scene), scene.character)


_FIRST_PERSON = re.compile(r"(?i)(?<![\w'’])(?:j['’]|(?:je|moi|mon|ma|mes|nous|notre|nos)(?![\w'’]))")
_UNELIDED = re.compile(r"(?<![\w'’-])([dD]e|[qQ]ue)\s+(?=[AEIOUÉÈÊËÂÀÎÏÔÛ][a-zà-ÿA-Z])")


def elided(text: str) -> str:
    """« de Auray » -> « d'Auray »: an FDAP's forgotten elisions, mended where its words are quoted."""
    return _UNELIDED.sub(lambda m: m.group(1)[0] + "'", text).replace("Q'", "Qu'").replace("q'", "qu'")


def _said(line: ec_motives.Line, cand: FicheCandidat) -> str:
    """The line in the scene's words, or in plainer words when the candidate's sheet already says them."""
    if isinstance(line, str):
        return line
    own, plain = line
    told = [stems(s) for row in situation_rows(cand) for s in sentences(row)]
    for piece in sentences(own):
        mine = stems(piece)
        if len(mine) >= 3 and any(
            len(mine & s) / len(mine) >= SECRET_LEAKS - 0.1 for s in told if len(s) >= 2
        ):
            return plain
    return own


def _listed(lines: list[ec_motives.Line], cand: FicheCandidat) -> str:
    said = " ; ".join(_said(x, cand) for x in lines)
    return cap(said) + "."


def situation_rows(cand: FicheCandidat) -> list[str]:
    fields = [f for f in cand.__struct_fields__ if f != "acteurs"]
    return [getattr(cand, f) for f in fields] + [cand.acteurs.vous, cand.acteurs.jury]


def _why_objet(scene: Scene) -> str:
    lived, org = scene.lived, scene.facts.org_short
    return {
        "projet": f"{cap(took_place(lived))} : le candidat prépare la suite et défend son budget devant {scene.role}, "
        "en s'appuyant sur ce qu'il a vécu.",
        "bilan": f"Le candidat présente le bilan {de_phrase(lived)} et propose une suite : un angle interne que le "
        "référentiel cite pour l'EC.",
        "partenaire": f"Négocier avec un partenaire {de(org)} change les intérêts en jeu : le candidat doit montrer ce "
        f"que {lived} lui apporte et obtenir sa participation aux frais.",
        "b2b": f"Proposer {lived} à une structure cliente, comme celles que vise {org}, fait passer le candidat de "
        "l'organisation à la négociation.",
        "visiteur": f"{cap(lived)} est une opération de vente : le candidat conclut avec un visiteur d'une nouvelle "
        f"édition, autour de {ec_motives._item(scene)}.",
    }[scene.mode]


def justification_values(scene: Scene) -> dict[str, str]:
    """The values the justifications are filled with, and this scene's own reason for each row it moves."""
    facts, mode = scene.facts, scene.mode
    plural = scene.target.plural if scene.target and scene.target.plural else ""
    when = ec_rows._when(scene)
    why = {
        "why:objet": _why_objet(scene),
        "why:dates_duree": f"Une réunion de bilan après {scene.lived}, jamais à sa date."
        if mode == "bilan"
        else f"Une nouvelle date{' ' + when if when else ''} : le candidat prépare {scene.next_event} au lieu de "
        f"rejouer {scene.lived}.",
        "why:lieu": {
            "projet": f"La scène est une réunion interne : elle se tient dans le bureau {de_phrase(scene.role)}.",
            "bilan": f"La scène est une réunion interne : elle se tient dans le bureau {de_phrase(scene.role)}.",
            "partenaire": f"Le candidat se déplace chez le partenaire pour lui présenter la proposition {de(facts.org_short)}.",
            "b2b": f"Le candidat présente la proposition {de(facts.org_short)} dans les locaux de la structure cliente.",
            "visiteur": f"La nouvelle édition se tient là où {took_place(scene.lived)}.",
        }[mode],
        "why:historique_relation": f"L'historique part {de_phrase(scene.lived)} et pose ce que {scene.role} attend "
        "maintenant du candidat.",
        "why:acteurs": f"Le candidat garde son statut réel chez {facts.org_short} ({status(facts)}) ; le jury joue {scene.role}, "
        "personnage fictif.",
        "why:contraintes": f"Contrainte réaliste pour la suite {de_phrase(scene.lived)} : "
        f"{french.lower_first(ec_rows.contraintes(scene))}",
        "why:objectifs_communication": f"Ce qui reste à obtenir en {scene.minutes} minutes : "
        f"{french.lower_first(ec_rows.objectifs(scene))}",
    }
    return {
        **why,
        "org": facts.org_short,
        "focus": offer_words.offer(scene.items[0]),
        "companion": offer_words.offer(facts.main),
        "plural": f"les {plural}" if plural else "cette cible",
        "plural_cap": f"Les {plural}" if plural else "Ces clients",
        "premise_at": facts.premise.at,
        "premise_of": facts.premise.of,
    }


__all__ = ["cap", "draft"]
