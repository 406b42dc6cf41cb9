"""What the rules produce (Constat), what they know of an FDAP (FdapContext), and their thresholds."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from service.domain import margins
from service.domain.fdap import Fdap
from service.domain.fiche_sujet import (
    ROWS_CANDIDAT,
    ROWS_JURY,
    FicheSujet,
)
from service.domain.personal import Person, fdap_people, whole_text
from service.domain.text import fold, stems

Gravite = Literal["erreur", "avertissement"]
T = TypeVar("T")
# Per-text results kept for one FDAP; beyond this many the memo starts again (a bound, not a cache policy).
_MEMO_LIMIT = 20_000

# A row "says what the FDAP says" at or above this figure (max of resemblance and containment).
SAME_AS_FDAP = 0.6
# Rows shared by V-2 and V-3 agree at or above this figure (max of resemblance and both containments).
SHEETS_AGREE = 0.25
# The V-2 history and the V-3 story (history, relation, identity) share at least this (either containment).
HISTORIES_SHARE = 0.12
# The objet is "anchored" when at least this share of its specific stems occurs in the FDAP.
OBJET_ANCHORED = 0.5
# The situation rows together are anchored at or above this share...
SHEET_ANCHORED = 0.3
# ...judged only when the FDAP says enough (in distinct stems): a thin FDAP's forty words cannot tell an
# invented detail from a new activity, and the objet check still applies to it.
SITUATION_JUDGED_FROM = 100
# A secret (motivation, frein, objection) leaks when this share of its stems is in one candidate sentence.
SECRET_LEAKS = 0.65
# ...judged only for secrets of at least this many stems (« le soin en cabine le touche » is too short to
# tell a leak from a shared fact), and when the secret makes at least this share of the candidate sentence.
SECRET_MIN_STEMS = 4
SECRET_SHARE_OF_SENTENCE = 0.5
# ...and when this share of the secret's words come in the sentence in the secret's order (a copy).
SECRET_COPIED = 0.75

SIGNIFICANT = ("objet", "dates_duree", "lieu", "historique_relation", "contraintes", "acteurs")
COUNTERPARTS: dict[str, Callable[[Fdap], str]] = {
    "objet": lambda f: f.titre,
    "dates_duree": lambda f: f.analyse.dates,
    "lieu": lambda f: f.analyse.lieu,
    "historique_relation": lambda f: f.analyse.historique_problematique,
    "contraintes": lambda f: f.deroulement.difficultes,
    "acteurs": lambda f: f.analyse.acteurs,
}
SHARED_ROWS = (
    ("objet", "objet"),
    ("dates_duree", "date_rencontre"),
    ("lieu", "lieu"),
    ("sequence", "sequence"),
    ("historique_relation", "historique_relation"),
    ("objectifs_communication", "objectifs_communication"),
)
LABELS_CANDIDAT = dict(ROWS_CANDIDAT)
LABELS_JURY = dict(ROWS_JURY)

# Sales words that say nothing of which offer or sector a sheet is about.
GENERIC = stems(
    """vente vendre achat acheter client clientele prospect offre produit produits service services
    presentation presenter proposition proposer rendez-vous entretien negociation negocier contrat devis
    evenement evenementiel organisation organiser animation animer projet commercial commerciale
    commande nouvelle nouveau nouveaux gamme option options renouvellement renouveler suivi fideliser
    fidelisation besoin besoins solution solutions prix tarif tarifs budget relance relancer signature
    signer conseil conseiller accompagnement accompagner edition prochaine vente additionnelle montee
    complementaire formule pack offre lancement bilan resultats partenariat partenaire particulier
    professionnel professionnels entreprise societe magasin agence boutique interne direction responsable
    rencontre echange visite demonstration reunion soiree journee operation action campagne mise place"""
)


@dataclass(frozen=True)
class Constat:
    """One finding of the rules: a stable code, a severity, the field concerned and a French message."""

    code: str
    gravite: Gravite
    champ: str
    message: str


@dataclass(frozen=True)
class FdapContext:
    """What the rules need from an FDAP, computed once and reusable across proposals."""

    fdap: Fdap
    counterparts: dict[str, str]
    anchor: frozenset[str]
    people: list[Person]
    candidate: tuple[str, ...]
    max_discount: float | None
    discount_forbidden: bool
    offered_percents: frozenset[float]
    source: str  # the whole FDAP, folded (lower case, no accents): what a copied row is checked against
    # Results of per-text checks, kept with the FDAP they belong to: its variants share many rows.
    memo: dict[tuple[str, str], object] = field(default_factory=dict, compare=False, repr=False)

    def remembered(self, kind: str, text: str, compute: Callable[[str], T]) -> T:
        """`compute(text)`, computed once per FDAP for a given kind of check and text."""
        key = (kind, text)
        if key not in self.memo:
            if len(self.memo) > _MEMO_LIMIT:
                self.memo.clear()
            self.memo[key] = compute(text)
        return self.memo[key]  # type: ignore[return-value]

    @classmethod
    def of(cls, fdap: Fdap) -> FdapContext:
        anchor_text = whole_text(fdap)
        nom, prenom, numero = fdap.candidat.nom, fdap.candidat.prenom, fdap.candidat.numero
        candidate = tuple(x for x in (nom, numero, f"{prenom} {nom}".strip()) if x.strip())
        return cls(
            fdap=fdap,
            counterparts={name: get(fdap) for name, get in COUNTERPARTS.items()},
            anchor=stems(anchor_text),
            people=fdap_people(fdap),
            candidate=candidate,
            max_discount=margins.max_discount(fdap),
            discount_forbidden=margins.discount_forbidden(fdap),
            offered_percents=frozenset(margins.offered_percents(fdap)),
            source=fold(anchor_text),
        )


Rule = Callable[[FicheSujet, FdapContext, int], Iterator[Constat]]


def erreur(code: str, champ: str, message: str) -> Constat:
    return Constat(code, "erreur", champ, message)


def avertissement(code: str, champ: str, message: str) -> Constat:
    return Constat(code, "avertissement", champ, message)
