"""The jury's character against the history it is given: a client with a past is not played as a stranger.

`prior_dealings` reads a history row and says what the client has already done with the firm: bought
(certain: « client depuis 2016 », « trois commandes en 2024 ») or been in touch (« a reçu le mail de
l'enseigne », « un premier rendez-vous »). The offline engine reads the same function to choose how its
character speaks, so that the rule and the writer never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from service.domain.constats import Constat, FdapContext, avertissement, erreur
from service.domain.fiche_sujet import FicheSujet
from service.domain.text import fold

_COUNT = r"(?:\d+|deux|trois|quatre|cinq|six|plusieurs|quelques|nombreuses|nombreux)"
_BOUGHT = re.compile(
    r"\bclient(?:e|es|s)? (?:fidele|regulier|reguliere|historique|satisfait|equipe)|\bclient(?:e|es|s)?\b[^.;]{0,40}\bdepuis\b"
    r"|\bdeja (?:client|cliente|clients|clientes)\b|\bpartenaire\b[^.;]{0,40}\bdepuis\b|\bfidele\b[^.;]{0,60}\bdepuis\b"
    r"|\b(?:a|ont|avait|avaient|avez|aviez|as) (?:deja )?(?:achete|commande|souscrit|signe|loue|reserve|fait appel)"
    r"|\b(?:contrat|accord|bon de commande|convention|devis)\b[^.;]{0,40}\bsigne"
    r"|\b(?:commande|achete|reserve|loue)\w* [^.;]{0,30}\b" + _COUNT + r" fois\b"
    r"|\b" + _COUNT + r" (?:missions|commandes|achats|contrats|livraisons|sejours|locations|reservations)\b"
    r"|\bvous (?:lui|leur) (?:avez|aviez) (?:deja )?(?:vendu|livre|installe|loue)"
)
_CONTACT = re.compile(
    r"\brecu (?:un |une |le |la |l'|votre |notre |son |leur )?(?:mail|e-mail|email|courriel|sms|newsletter|"
    r"catalogue|flyer|prospectus|relance|invitation|offre)"
    r"|\b(?:vous|nous) (?:a|ont|avait|avaient) (?:deja )?(?:contacte|sollicite|appele|rencontre)"
    r"|\b(?:deja|une premiere fois) (?:venu|venue|venus|venues|passe|passee|passes|rencontre)"
    r"|\b(?:apres|lors d'|depuis) (?:un|le|notre|votre|leur|son) premier (?:rendez-vous|rdv|entretien)\b"
    r"|\bdevis (?:envoye|remis|recu)"
    # they saw the firm's advertising: they know of it (« ils avaient vu la pub dans la boîte aux lettres »)
    r"|\b(?:vu|vue|vus|suite a|apres|grace a|en voyant) (?:la |une |notre |votre |leur |son |sa |nos |vos |les )?"
    r"(?:pub|pubs|publicite|publicites|annonce|affiche|spot|campagne|prospectus|flyer|catalogue)\b"
)
_STRANGER = re.compile(
    r"\bdecouvre(?:z|nt)?\b(?! (?:les|ses|vos|leurs) besoins)|\bn'(?:a|avez|ont) encore rien achete"
    r"|\bjamais (?:entendu )?parle (?:de|d'|du|des)|\bne (?:connait|connaissez|connaissent) [^.;]{1,60}\bque de nom\b"
)
_CHARACTER_ROWS = ("identite", "relation_entreprise", "motivations", "freins", "contraintes")


# the history says the client did not know the firm: a purchase it tells was made elsewhere (« il avait
# déjà réservé le restaurant » for a ring bought for a proposal)
_NEWCOMER = re.compile(
    r"\bne (?:nous |vous |le |la |l')?connaissai(?:t|ent|s) pas\b(?! encore (?:l'offre|le produit|la gamme))"
    r"|\bentre(?:e|s|es)? (?:en passant|par hasard)\b"
)


def prior_dealings(history: str) -> str:
    """« achat » when the history shows past purchases, « contact » when only past contacts, else ""."""
    folded = fold(history)
    if _BOUGHT.search(folded) and not _NEWCOMER.search(folded):
        return "achat"
    return "contact" if _CONTACT.search(folded) else ""


def speaks_as_stranger(text: str) -> bool:
    """A sentence of a character who has never dealt with the firm (« découvre », « que de nom »…)."""
    return bool(_STRANGER.search(fold(text)))


def character_history(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> Iterator[Constat]:
    """V-3 plays a stranger to the firm while the history (V-2 or V-3) tells past purchases or contacts."""
    cand, jury = fiche.fiche_candidat, fiche.fiche_jury
    if fiche.nature != "NV":
        return
    past = prior_dealings(f"{cand.historique_relation}\n{jury.historique_relation}")
    if not past:
        return
    rows = [(f"fiche_jury.{name}", getattr(jury, name)) for name in _CHARACTER_ROWS]
    rows += [(f"fiche_jury.objections[{i}]", text) for i, text in enumerate(jury.objections)]
    for champ, text in rows:
        if not speaks_as_stranger(text):
            continue
        if past == "achat":
            yield erreur(
                "personnage_contredit_historique",
                champ,
                "Le personnage parle en inconnu de l'entreprise (« découvre », « n'a encore rien acheté », "
                "« que de nom »…) alors que l'historique lui prête déjà des achats.",
            )
        else:
            yield avertissement(
                "personnage_contredit_historique",
                champ,
                "Le personnage parle en inconnu de l'entreprise alors que l'historique cite déjà un contact "
                "avec elle : vérifier que son rôle et l'historique racontent la même relation.",
            )
        return
