"""The fact sheet: what the engine knows of an FDAP before it writes a single row.

Built once per FDAP from the cleaned texts (no personal data): the kind of sale, the figures with what
they measure, the leeway the annex grants or forbids, the people on each side as roles, the
competitors, and the student's part in an event. Every writer reads it; where a fact a row needs is
missing, the row says « [à préciser : …] » instead of inventing it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from service.domain.fdap import Fdap
from service.domain.text import fold, shorten
from service.engines.offline.extract import Actor, OfferItem

MISSING = "[à préciser : {what}]"
Clean = Callable[[str], list[str]]

_SUBSCRIPTION = re.compile(
    r"\b(?:abonnements?|forfaits? (?:mobile|mensuel)|box|sans engagement|engagement (?:de )?\d+ mois|"
    r"resiliation|cotisations?|contrats? d'assurance|assurance emprunteur|complementaire sante|location longue|"
    r"location de (?:materiel|copieurs?)|maintenance)\b|/\s*mois|par mois"
)
_CONTRACT = re.compile(
    r"\b(?:contrat[- ]cadre|contrat annuel|contrat de \d+ mois|sur la saison|12 mois|"
    r"convention|partenariat|accord-cadre|plan annuel|campagne|saison|contrat (?:de )?(?:saison|livraison))\b"
)
_PROPERTY = re.compile(
    r"\b(?:mandats? (?:de vente|exclusif|simple)|appartements?|maisons? a vendre|agence immobiliere|programme neuf)\b"
)
_B2B = re.compile(
    r"\b(?:entreprises?|professionnels?|b2b|cse|pme|tpe|commercants?|e-commercants?|collectivites?|"
    r"campings?|annonceurs?|restaurateurs?|industriels?|hotels?|chr|cabinets?|artisans|societes|agences|"
    r"professions? liberales?|magasins? de \w+)\b"
)
_QUOTE = re.compile(r"\b(?:devis|chiffrage|proposition commerciale|propositions? tarifaires?|cotation)\b")
_LEEWAY = re.compile(
    r"\b(?:remises?|reductions?|rabais|gestes? commerci\w*|marges? de man\w+|negociab\w+|plancher|"
    r"aucune remise|prix (?:ferme|non negociable)|offert\w*|gratuit\w*)\b"
)
_PARTICIPANT = re.compile(
    r"\b(?:j'ai (?:seulement |juste |surtout )?(?:participe|aide|distribue)|je n'ai pas organise|"
    r"pas moi qui (?:ai )?organise|en renfort|j'etais (?:seulement |juste )?(?:en soutien|participant))"
)
_OBJECTIVE_TITLE = re.compile(
    r"^(?:faire|vendre|obtenir|inscrire|convaincre|n[ée]gocier|signer|fid[ée]liser|conclure|d[ée]crocher|"
    r"r[ée]ussir|am[ée]liorer|augmenter|d[ée]velopper|proposer|placer|gagner|relancer|r[ée]cup[ée]rer)\b",
    re.IGNORECASE,
)


def noun_title(title: str) -> bool:
    """A title a commission can keep as the objet: a noun phrase, not the student's objectives."""
    return (
        bool(title)
        and not _OBJECTIVE_TITLE.match(title)
        and "+" not in title
        and len(title) <= 110
        and title[:1].isupper()
    )


ABOUT_DOSSIER = re.compile(
    r"\b(?:(?:mon|ce|le|du) dossier|(?:ma|cette) fiche|(?:mon|ce|du) stage|pas (?:très )?représentati\w+|"
    r"je tiens [àa] pr[ée]ciser|je pr[ée]cise|je n'ai pas pu mettre|n'ont pas voulu)\b",
    re.IGNORECASE,
)
INJECTION = re.compile(
    r"\b(?:ignore[rz]?|oublie[rz]?|consignes?|instructions?|prompt|logiciel|chatgpt|intelligence artificielle)\b|"
    r"^\s*ps\b|/\s*20\b",
    re.IGNORECASE,
)


def honest(text: str) -> str:
    """The FDAP's text without instructions addressed to a program nor remarks about the dossier."""
    kept = [
        s.strip()
        for s in re.split(r"(?<=[.!?])\s+|\n+", text)
        if s.strip() and not INJECTION.search(s) and not ABOUT_DOSSIER.search(s)
    ]
    return " ".join(kept)


_FIRST_PERSON = re.compile(r"\b(?:je|j['’]|nous|notre|nos|mon|ma|mes|moi)\b", re.IGNORECASE)
_COMPETITOR_LINE = re.compile(r"^\s*concurren\w*\s*(?:directs?|principaux)?\s*:\s*(.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Figure:
    """A sentence of the FDAP that carries a figure, and the rubric that says what it measures."""

    text: str
    measures: str  # "tarif", "resultat", "marche", "objectif", "budget", "concurrent"


@dataclass(frozen=True)
class FactSheet:
    sale: str  # "ponctuel", "abonnement", "contrat_b2b", "immobilier", "evenement"
    b2b: bool
    quotes: bool  # the sector works with quotes (devis): only then may a sheet speak of one
    offers: tuple[OfferItem, ...]
    figures: tuple[Figure, ...]
    leeway: tuple[str, ...]  # the annex's own sentences on discounts and gestures
    has_annex: bool
    seller_side: tuple[str, ...]  # roles, never names
    client_side: tuple[str, ...]
    competitors: tuple[str, ...]
    ec_role: str  # "organisateur" or "participant" ("" for NV)
    title_usable: bool = True  # the title reads as an objet (not the student's objectives)

    def figures_of(self, *measures: str, limit: int = 3) -> list[str]:
        return [f.text for f in self.figures if f.measures in measures][:limit]

    @property
    def one_off(self) -> bool:
        return self.sale in ("ponctuel", "immobilier")


def missing(what: str) -> str:
    return MISSING.format(what=what)


def _sale(nature: str, folded: str, b2b: bool) -> str:
    if nature == "EC":
        return "evenement"
    if b2b and _CONTRACT.search(folded):
        return "contrat_b2b"
    if _SUBSCRIPTION.search(folded):
        return "abonnement"
    if _PROPERTY.search(folded):
        return "immobilier"
    return "contrat_b2b" if b2b else "ponctuel"


def _figures(fdap: Fdap, clean: Clean) -> tuple[Figure, ...]:
    a, d, i = fdap.analyse, fdap.deroulement, fdap.information_commerciale
    sources = [
        ("tarif", fdap.annexe_offre),
        ("tarif", fdap.cadre.offre_commerciale),
        ("resultat", d.resultats),
        ("resultat", fdap.ciblage_prospection.resultats),
        ("marche", i.informations_marche),
        ("objectif", a.objectifs_operationnels),
        ("historique", a.historique_problematique),
    ]
    found: list[Figure] = []
    seen: set[str] = set()
    for measures, text in sources:
        for sentence in clean(text):
            if not re.search(r"\d", sentence) or "[" in sentence or len(sentence) < 8:
                continue
            if ABOUT_DOSSIER.search(sentence) or INJECTION.search(sentence) or _FIRST_PERSON.search(sentence):
                continue
            folded = fold(sentence)
            kind = (
                "concurrent"
                if "concurren" in folded or ("devis" in folded and measures != "tarif")
                else measures
            )
            kind = "budget" if re.search(r"\bbudget\b", folded) and kind != "tarif" else kind
            key = folded[:60]
            if key not in seen:
                seen.add(key)
                found.append(Figure(shorten(sentence.strip(" -•"), 220), kind))
    return tuple(found)


def _lines(text: str) -> list[str]:
    return [x.strip(" -•\t") for x in re.split(r"\n|(?<=[.;])\s+", text) if x.strip(" -•\t")]


_HEADING = re.compile(r"^\s*marges? de man\w+(?:\s+(?:du|de la|des)\s+[\w-]+)?\s*:?\s*", re.IGNORECASE)


_DISCOUNT = re.compile(
    r"\b(?:remises?|reductions?|rabais|gestes? commerci\w*|marges? de man\w+|negociab\w+)\b"
)


def _leeway(fdap: Fdap, clean: Clean) -> tuple[str, ...]:
    said = []
    texts = _lines(fdap.annexe_offre) + [
        x for x in _lines(fdap.cadre.offre_commerciale) if _DISCOUNT.search(fold(x))
    ]
    for line in (_HEADING.sub("", " ".join(clean(x))) for x in texts):
        folded = fold(line)
        balanced = line.count("(") == line.count(")")
        if (
            _LEEWAY.search(folded)
            and len(line.split()) > 3
            and len(line) < 220
            and balanced
            and "@" not in line
        ):
            said.append(line.rstrip(" ;."))
    return tuple(dict.fromkeys(said))[:3]


def _sides(actors: tuple[Actor, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    seller = tuple(a.kind for a in actors if a.kind in ("superieur", "equipe", "moi"))
    client = tuple(a.kind for a in actors if a.kind in ("client", "partenaire"))
    return seller, client


def _competitors(fdap: Fdap) -> tuple[str, ...]:
    names: list[str] = []
    for line in _lines(fdap.annexe_offre) + _lines(fdap.information_commerciale.informations_marche):
        match = _COMPETITOR_LINE.match(line)
        if match:
            flat = re.sub(
                r"\s*\([^()]*\)?", "", match.group(1)
            )  # « salles de bloc (Minimes, Labège) » -> the name
            names += [x.strip(" .") for x in re.split(r",|;|\bet\b", flat) if x.strip(" .")]
    return tuple(dict.fromkeys(names))[:4]


def build_sheet(
    fdap: Fdap,
    clean: Clean,
    items: tuple[OfferItem, ...],
    actors: tuple[Actor, ...],
    client_pro: bool | None,
) -> FactSheet:
    """The fact sheet of one FDAP; `clean` gives the cleaned sentences of a text (no personal data)."""
    everything = " ".join(
        [
            fdap.titre,
            fdap.cadre.offre_commerciale,
            fdap.cadre.types_clients,
            fdap.cadre.methodes_vente,
            fdap.analyse.historique_problematique,
            fdap.annexe_offre,
        ]
    )
    folded = fold(everything)
    b2b = (
        client_pro
        if client_pro is not None
        else bool(_B2B.search(fold(" ".join([fdap.titre, fdap.analyse.historique_problematique[:300]]))))
    )
    seller, client = _sides(actors)
    story = fold(fdap.analyse.historique_problematique + " " + fdap.deroulement.resultats)
    return FactSheet(
        sale=_sale(fdap.nature, folded, b2b),
        b2b=b2b,
        quotes=bool(_QUOTE.search(folded)) or b2b,
        offers=items,
        figures=_figures(fdap, clean),
        leeway=_leeway(fdap, clean),
        has_annex=bool(fdap.annexe_offre.strip()),
        seller_side=seller,
        client_side=client,
        competitors=_competitors(fdap),
        title_usable=noun_title(" ".join(clean(fdap.titre))),
        ec_role=("participant" if _PARTICIPANT.search(story) else "organisateur")
        if fdap.nature == "EC"
        else "",
    )
