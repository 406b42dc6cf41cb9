"""Rules on who speaks and to whom: the student's dossier voice pasted into a sheet, remarks on the
candidate, instructions echoed from the FDAP, the jury's tactic told to the candidate, and a jury that plays
someone on the seller's side.

Each check scans each field once with a fixed set of patterns: linear in the size of the sheet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial

from service.domain.constats import Constat, FdapContext, erreur
from service.domain.fiche_sujet import ROWS_CANDIDAT, FicheSujet, body_fields, candidate_row
from service.domain.text import containment, fold, sentences, shorten, stems

_REMARKS = re.compile(
    r"\bincoheren\w+ (?:du|de son|de mon|dans (?:le|son|mon)) dossier|\bdossier (?:du|de la) candidat"
    r"|\b(?:le|son|ce) dossier (?:du candidat |de la candidate )?(?:est (?:incomplet|incoherent|faible|confus)|comporte des "
    r"(?:erreurs|incoherences|lacunes))"
    r"|\b(?:le|la) candidat(?:e)? (?:n'a pas su|n'a jamais su|s'est trompe|a eu du mal a|n'a pas compris|"
    r"n'a pas maitrise|a mal (?:compris|prepare|gere|conduit|mene|presente)|manque de (?:rigueur|serieux|methode))"
    r"|\berreurs? (?:du|de la) candidat"
)
# The student's own voice about the dossier: judged outside the client's words (objections, quotes).
_DOSSIER_VOICE = re.compile(
    r"\bpas (?:tres |vraiment )?representati\w+ de (?:mon|son|ce) stage|\bje n'ai pas pu (?:mettre|indiquer)"
    r"|\b(?:ma|mon) (?:fiche n|fdap|dossier d'examen|dossier de bts)"
)
_INJECTION = re.compile(
    r"\b(?:ignore[rsz]?|oublie[rsz]?|ne tiens? pas compte d?e?s?)\s+(?:toutes\s+)?(?:les\s+|tes\s+|vos\s+|ces\s+)?"
    r"(?:consignes|instructions|directives) (?:precedentes|ci-dessus|anterieures|du systeme|recues|donnees)"
    r"|\b(?:consignes|instructions) (?:precedentes|ci-dessus|du systeme)"
    r"|\bmet(?:s|tez)?\s+(?:lui\s+)?(?:un\s+|une\s+|la\s+)?(?:\d{1,2}\s*/\s*20|meilleure note|bonne note)"
    r"|\b(?:donne|attribue|accorde)[sz]?\s+(?:lui\s+)?(?:un\s+|une\s+|la\s+)?(?:\d{1,2}\s*/\s*20|meilleure note|bonne note)"
    r"|\bps\W+pour (?:le|la|l') ?(?:logiciel|modele|robot|chatbot|programme|ia)\b"
    r"|\b(?:a l'attention du|message pour le|note pour le) (?:logiciel|modele|robot|chatbot|programme)\b"
    r"|\ben tant qu'(?:ia|assistant|intelligence artificielle)|\btu es (?:une ia|un assistant|chatgpt)"
)
_TACTIC_VERB = (
    r"(?:objecter|opposer|contester|reclamer|exiger|negocier|marchander|menacer|invoquer|mettre en avant|"
    r"faire valoir|brandir|tenter de|essayer de|chercher a)"
)
_CONCESSION_ASKED = (
    r"(?:une|un|des|le|la) (?:remise|geste|reduction|rabais|ristourne|baisse|gratuite|avoir|cadeau|prix plus bas|"
    r"meilleur prix)"
)
_TACTIC = re.compile(
    r"\b(?:objectera|opposera|contestera|reclamera|exigera|negociera|marchandera|menacera|invoquera|brandira|"
    r"tentera de|essaiera de|essayera de|cherchera a|soulevera|fera valoir|mettra en avant)\b"
    r"|\b(?:va|vont|risque de|risquent de|compte|comptent|devrait|devraient)\s+(?:(?:vous|sans doute|surement|"
    rf"certainement|probablement|alors|ensuite|aussi)\s+){{0,3}}{_TACTIC_VERB}\b"
    r"|\b(?:demandera|va (?:vous )?demander|vont (?:vous )?demander) (?:sans doute |surement |certainement |"
    rf"probablement )?{_CONCESSION_ASKED}"
    r"|\ble jury (?:va|jouera|tentera|cherchera|vous)"
)
_FIRST_PERSON = re.compile(r"(?<![\w'’-])(?:je|j['’]|moi|mon|ma|mes|m['’]a)(?![\w'’-])", re.IGNORECASE)
_QUOTED = re.compile(r"«[^»]*»|\"[^\"]*\"|“[^”]*”")
_PROBLEM = re.compile(
    r"\bproblematique\s*:|(?<!demande )(?<!demandent )(?<!savoir )\bcomment (?:faire|convaincre|amener|reussir|organiser|attirer)\b.*\?"
)

_SELLER_ROLE = (
    r"(?:tuteur|tutrice|maitre d'apprentissage|maitre de stage|collegue|manager|responsable|superieure?|"
    r"chef(?: des ventes| d'agence| de rayon| de magasin| d'equipe)?|directeur|directrice|patron(?:ne)?|"
    r"gerant(?:e)?|employeur|n\+1)"
)
_OWN_SIDE = re.compile(rf"\b(?:votre|vos|ton|mon|ma|notre) (?:propre |ancien |ancienne )?{_SELLER_ROLE}\b")
_CANDIDATES_SIDE = re.compile(
    rf"\b{_SELLER_ROLE}\s+(?:\w+\s+)?(?:du|de la|de l')\s*(?:candidat|candidate|stagiaire|vendeur|vendeuse|alternant)"
)
_PLACE_NOUNS = r"(?:agence|magasin|boutique|concession|enseigne|point de vente|showroom)"
_OF_PLACE = re.compile(
    rf"\b(?:directeur|directrice|gerant|gerante|responsable|manager|chef|collegue|salariee?|employee?|"
    rf"vendeur|vendeuse|conseillere?|commerciale?|tuteur|tutrice)\s+(?:\w+\s+)?(?:de l'|du |de la |de votre |de notre )"
    rf"(?P<place>{_PLACE_NOUNS})\b"
)
# An EC proposed to one's own superior, or presented to them: the superior is the right interlocutor.
_INTERNAL = re.compile(
    r"\b(?:valid\w+|approuv\w+|approbation|accord|feu vert|arbitr\w+|budget|present\w+ (?:le|les|son|votre) "
    r"(?:projet|bilan|resultats)|bilan|convaincre (?:votre|son|sa))"
)


_ACTOR_UNITS = re.compile(r"\n|;|(?<=\.)\s+|\s+/\s+|\s-\s")
_OWN_MARK = re.compile(
    r"\b(?:mon|ma|notre|nos|mes)\s+(?:tuteur|tutrice|responsable|manager|collegue|maitre|chef|directeur|directrice|"
    r"patron|patronne|superieur|employeur)|\bcollegues?\b"
)
_NOT_A_ROLE = re.compile(r"^(?:m\.|mme|mlle|monsieur|madame|moi)\b|\b(?:mon|ma|mes|notre|nos)\b|\d")
_ROLE_NOUN = re.compile(
    r"(?:responsable|chef|directeur|directrice|gerant|gerante|conseiller|conseillere|vendeur|vendeuse|concepteur|"
    r"conceptrice|toiletteur|toiletteuse|manager|commercial|commerciale|assistant|assistante|adjoint|adjointe|"
    r"animateur|animatrice|technicien|technicienne|opticien|opticienne|associe|associee|charge|chargee)\b"
)
_WEAK_ROLES = frozenset(
    """vendeur vendeuse vendeurs conseiller conseillere commercial commerciale commerciaux stagiaire senior
    equipe salarie salariee salaries employe employee tuteur tutrice collegue collegues""".split()
)


_MET = re.compile(
    r"\b(?:avec|par|aupres d\w*|connait|rencontre\w*|vu|contacte\w*|appele\w*|recu\w*|de|du|a|au|que|qu')"
    r"\s+(?:le |la |l'|les |votre |son |sa |un |une )?(?:\w+ )?$"
)


def seller_roles(acteurs: str) -> tuple[str, ...]:
    """Role phrases of the people the FDAP puts on the student's side (« chef des ventes », « responsable
    drive »): the student calls them « mon tuteur », « ma responsable », « collègue »."""
    roles: set[str] = set()
    for unit in _ACTOR_UNITS.split(fold(acteurs)):
        head = unit.split(":")[0]
        if not _OWN_MARK.search(head) or head.strip(" -").startswith("moi"):
            continue
        for segment in re.split(r"[,()«»]", head):
            words_ = re.sub(r"^\s*(?:le|la|les|l'|un|une|des|deux|trois|\-)\s*", "", segment.strip()).split()
            phrase = " ".join(words_)
            if (
                (len(words_) >= 2 or "-" in phrase)
                and len(words_) <= 4
                and _ROLE_NOUN.match(phrase)
                and not _NOT_A_ROLE.search(phrase)
                and not set(words_) <= _WEAK_ROLES
            ):
                roles.add(phrase)
    return tuple(sorted(roles))


def _rows(fiche: FicheSujet) -> list[tuple[str, str]]:
    return [(champ, text) for champ, text in body_fields(fiche) if text.strip()]


def remarks(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> Iterator[Constat]:
    """Nothing about the candidate's performance or the dossier on a sheet (« incohérence du dossier »)."""
    for champ, text in _rows(fiche):
        spoken = ".objections[" in champ
        match = ctx.remembered("remark_spoken" if spoken else "remark", text, partial(_remark, spoken=spoken))
        if match:
            yield erreur(
                "remarque_sur_dossier",
                champ,
                f"La fiche porte une remarque sur le candidat ou son dossier (« {match.group()} ») : elle ne "
                "décrit que la situation à jouer ; ces remarques relèvent de la commission, hors de la fiche.",
            )


def _remark(text: str, spoken: bool) -> re.Match[str] | None:
    """The remark on the candidate or the dossier in `text` (the dossier's voice only outside an objection)."""
    match = _REMARKS.search(fold(text))
    if not match and not spoken:
        match = _DOSSIER_VOICE.search(fold(_QUOTED.sub(" ", text)))
    return match


def _injection(text: str) -> re.Match[str] | None:
    return _INJECTION.search(fold(text))


def injections(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> Iterator[Constat]:
    """An instruction written in the FDAP for a tool (« ignore les consignes », « mets 18/20 ») echoed."""
    fields = [("fiche_activite.titre", fiche.fiche_activite.titre), *_rows(fiche)]
    for champ, text in fields:
        match = ctx.remembered("injection", text, _injection)
        if match:
            yield erreur(
                "consigne_injectee",
                champ,
                f"La fiche recopie une consigne adressée à un logiciel (« {match.group()} ») : c'est un texte "
                "étranger à l'activité, à supprimer.",
            )


def tactics(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> Iterator[Constat]:
    """The candidate sheet never announces what the jury will do (« le client va demander un geste »)."""
    fields = [(f"fiche_candidat.{n}", candidate_row(fiche, n)) for n, _ in ROWS_CANDIDAT]
    for champ, text in fields:
        match = _TACTIC.search(fold(text))
        if match:
            yield erreur(
                "tactique_jury_divulguee",
                champ,
                f"La fiche candidat annonce la tactique du jury (« {shorten(_sentence_of(text, match), 90)} ») : "
                "ce que le personnage va demander ou objecter reste sur la fiche jury.",
            )


def _sentence_of(text: str, match: re.Match[str]) -> str:
    folded = fold(text)
    start = max(folded.rfind(".", 0, match.start()), folded.rfind(";", 0, match.start())) + 1
    ends = [i for i in (folded.find(".", match.end()), folded.find(";", match.end())) if i >= 0]
    return text[start : min(ends) if ends else len(text)].strip()


def pasted_problem(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> Iterator[Constat]:
    """The history row is the relationship seen by the characters, not the FDAP's problem statement."""
    source = ctx.fdap.analyse.historique_problematique
    for champ, text in (
        ("fiche_candidat.historique_relation", fiche.fiche_candidat.historique_relation),
        ("fiche_jury.historique_relation", fiche.fiche_jury.historique_relation),
    ):
        why = _problem_statement(_without_org(text, ctx.fdap.cadre.organisation), source)
        if why:
            yield erreur(
                "problematique_en_historique",
                champ,
                f"L'historique de la relation reprend la problématique de la FDAP ({why}) : racontez la relation "
                "entre le personnage et l'entreprise, à la deuxième personne, sans recopier le dossier.",
            )


def _without_org(text: str, organisation: str) -> str:
    """The row without the organisation's name: « Tout Pour Mes Bêtes » speaks in no one's first person."""
    for name in {re.split(r"\s+[-–(]|\s*[,(]", organisation.strip())[0].strip(), organisation.strip()}:
        if len(name) >= 3:
            text = re.sub(re.escape(name), " ", text, flags=re.IGNORECASE)
    return text


def _problem_statement(text: str, source: str) -> str:
    if not text.strip():
        return ""
    unquoted = _QUOTED.sub(" ", text)
    folded = fold(unquoted)
    if _PROBLEM.search(folded):
        return "une question ou l'étiquette « problématique »"
    person = _FIRST_PERSON.search(unquoted)
    if person:
        return f"le candidat y parle à la première personne : « {_around(unquoted, person)} »"
    if source.strip():
        for sentence in sentences(unquoted):
            if len(stems(sentence)) >= 8 and containment(sentence, source) >= 0.9 and "?" in sentence:
                return f"« {shorten(sentence, 80)} »"
    return ""


def _around(text: str, match: re.Match[str]) -> str:
    return " ".join(text[max(0, match.start() - 20) : match.end() + 25].split())


def seller_side(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> Iterator[Constat]:
    """The jury plays someone the candidate sells to or negotiates with, never a member of their own side.

    The one exception is internal: an EC proposed to (or reviewed with) the superior who must approve it.
    """
    if fiche.nature == "EC" and _INTERNAL.search(
        fold(fiche.fiche_candidat.objectifs_communication + " " + fiche.fiche_candidat.objet)
    ):
        return
    places = fold(f"{ctx.fdap.cadre.organisation} {ctx.fdap.cadre.type_structure}")
    checks = (
        ("fiche_candidat.acteurs.jury", fiche.fiche_candidat.acteurs.jury, True),
        ("fiche_jury.identite", fiche.fiche_jury.identite, False),
        ("fiche_jury.relation_entreprise", fiche.fiche_jury.relation_entreprise, False),
    )
    roles = seller_roles(ctx.fdap.analyse.acteurs)
    for champ, text, addressed_to_candidate in checks:
        found = _seller_role(fold(text), places, addressed_to_candidate) or _named_role(fold(text), roles)
        if found:
            yield erreur(
                "jury_cote_vendeur",
                champ,
                f"Le jury joue une personne du côté du vendeur (« {found} ») : il doit incarner quelqu'un à qui "
                "le candidat vend ou avec qui il négocie (client, acheteur, partenaire, décideur).",
            )
            return


def _seller_role(folded: str, places: str, addressed_to_candidate: bool) -> str:
    """The seller-side role a jury text gives its character ("" when none)."""
    if addressed_to_candidate:
        own = _OWN_SIDE.search(folded)
        if own:
            return own.group()
    side = _CANDIDATES_SIDE.search(folded)
    if side:
        return side.group()
    for match in _OF_PLACE.finditer(folded):
        if match.group("place") in places and _own_place(folded[match.end() : match.end() + 40], places):
            return match.group()
    return ""


def _named_role(folded: str, roles: tuple[str, ...]) -> str:
    """A role the FDAP gives someone on the student's side, given to the jury's character.

    Only the first sentence defines the character, and a role met through a preposition or a verb
    (« il a rencontré le concepteur-vendeur ») is someone else.
    """
    head = re.split(r"[.;]\s", folded, maxsplit=1)[0]
    for role in roles:
        for match in re.finditer(rf"(?<![\w-]){re.escape(role)}(?![\w-])", head):
            if not _MET.search(head[max(0, match.start() - 40) : match.start()]):
                return role
    return ""


def _own_place(after: str, places: str) -> bool:
    """After « directeur de l'agence »: the sentence stops, or names the seller's own organisation."""
    following = re.match(r"\s*(?:(?:de|du|des|d')\s*)?([a-z0-9'-]+)", after)
    if not following or re.match(r"\s*[,.;:)(]|\s*$", after):
        return True
    word = following.group(1)
    return word in {"qui", "ou", "et", "depuis", "dont", "en", "a"} or (len(word) > 3 and word in places)
