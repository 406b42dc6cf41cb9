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
from service.domain.text import fold
from service.engines.offline.extract import Actor, OfferItem
from service.engines.offline.feelings import FIRST_PERSON
from service.engines.offline.french import whole

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
_PRIVATE_FIRST = re.compile(r"\W*(?:les |des )?particuliers?\b")
_QUOTE = re.compile(r"\b(?:devis|chiffrage|proposition commerciale|propositions? tarifaires?|cotation)\b")
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
        ("historique", d.difficultes),  # « le concurrent proposait la baguette à 0,62 € HT »
    ]
    found: list[Figure] = []
    seen: set[str] = set()
    for measures, text in sources:
        for sentence in clean(text):
            if not re.search(r"\d", sentence) or "[" in sentence or len(sentence) < 8:
                continue
            if ABOUT_DOSSIER.search(sentence) or INJECTION.search(sentence) or FIRST_PERSON.search(sentence):
                continue
            folded = fold(sentence)
            kind = "concurrent" if "concurren" in folded else measures  # a quote of our own is no rival
            kind = "budget" if re.search(r"\bbudget\b", folded) and kind != "tarif" else kind
            if measures == "tarif" and not re.search(r"€|[-−]\s?\d+(?:,\d+)?\s?%|\beuros?\b", sentence):
                continue  # a price list's heading (« Tarif pro 2025 (HT) »), not a price
            if _HEADING.match(sentence.strip(" -•")) or re.match(r"annexe\b", folded):
                continue  # the leeway belongs to the constraints, an annex's title to nobody
            key = folded[:60]
            text = whole(sentence.strip(" -•"), 260)
            if key not in seen and text:
                seen.add(key)
                found.append(Figure(text, kind))
    return tuple(found)


def _lines(text: str) -> list[str]:
    return [x.strip(" -•\t") for x in re.split(r"\n|(?<=[.;])\s+", text) if x.strip(" -•\t")]


_HEADING = re.compile(
    r"^\s*(?:\d+\s*[.)]\s*)?marges? de man\w+(?P<who>[^:]{0,60})(?::\s*(?P<rest>.*))?$", re.IGNORECASE
)
# What grants or forbids: a discount, a gesture, samples, someone's approval, a floor, « no discount on X ».
_GRANTS = re.compile(
    r"\b(?:remises?|reductions?|rabais|gestes?|echantillons?|negoci\w+|plancher|cumul\w*|accord|valid\w+|"
    r"offert\w*|gratuit\w*|maxi?(?:mum|male)?|jusqu'a|possible|possibilite|pas de|aucune?|jamais)\b|%"
)
# Outside a « marges » heading, only a sentence that speaks of conceding is leeway (a price is not).
_CONCEDES = re.compile(
    r"\b(?:remises?|reductions?|rabais|gestes? commerci\w*|echantillons?|negociab\w+|plancher)\b"
)
# « Contrats 12 mois : -5 % dès 600 plateaux/an … 10 % max avec accord »: a discount said by its figure
# and its bound (a ceiling, a threshold, someone's approval); a bare « -20 % sur les entrées » is an offer.
_PCT = re.compile(r"\d\s?%")
_BOUND = re.compile(r"\b(?:max\w*|accord|valid\w*|au-dela)\b|\bdes \d")
_PRICE_HEAD = re.compile(
    r"^[^:]{0,60}\b(?:offre|operation|promo\w*|tarifs?|prix|lots?|budget|pass|carte)\b[^:]*:"
)
_OTHER_HEADING = re.compile(r"^[^:\d]{2,60}:?\s*$")


def _annex_clauses(annex: str) -> list[tuple[str, bool]]:
    """The annex's clauses, each with whether it stands under a « marges de manœuvre » heading."""
    found: list[tuple[str, bool]] = []
    under = False
    for raw in annex.splitlines():
        line = raw.strip()
        if not line:
            continue
        heading = _HEADING.match(line.lstrip(" -•*"))
        if heading:
            under = True
            if heading.group("rest"):
                found += [(c, True) for c in _top_level(heading.group("rest"))]
            continue
        dashed = bool(re.match(r"^[-•*–]\s*", line))
        if not dashed and _OTHER_HEADING.match(line) and not _CONCEDES.search(fold(line)):
            under = False
            continue
        found += [(c, under and dashed) for c in _top_level(line.lstrip(" -•*–"))]
    return found


def _top_level(text: str) -> list[str]:
    """Clauses split on semicolons outside brackets."""
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if ch == ";" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p.strip(" .") for p in parts if p.strip(" .")]


def _leeway(fdap: Fdap, clean: Clean) -> tuple[str, ...]:
    """What the seller may grant or must refuse, in the annex's words; never a price nor a promotion."""
    clauses = _annex_clauses(fdap.annexe_offre) + [
        (x, False) for x in _lines(fdap.cadre.offre_commerciale) if _CONCEDES.search(fold(x))
    ]
    under_heading, elsewhere = [], []
    for clause, under in clauses:
        line = " ".join(clean(clause)).strip(" ;.")
        folded = fold(line)
        if not line or "@" in line or line.count("(") != line.count(")") or len(line) > 230:
            continue
        if re.match(r"paiement|acompte|delai|livraison\b", folded) and not re.search(
            r"sans frais|offert", folded
        ):
            continue
        if under and _GRANTS.search(folded) and len(line.split()) > 2:
            under_heading.append(line)
        elif (
            not under
            and (_CONCEDES.search(folded) or (_PCT.search(folded) and _BOUND.search(folded)))
            and not _PRICE_HEAD.match(folded)
        ):
            elsewhere.append(line)
    return tuple(dict.fromkeys(under_heading + elsewhere))[:4]


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
            names += [_rival_name(x.strip(" .")) for x in re.split(r",|;|\bet\b", flat) if x.strip(" .")]
    return tuple(dict.fromkeys(n for n in names if n))[:4]


def _rival_name(name: str) -> str:
    """A competitor as a sheet can name it: « cuisinistes Mobalpa » -> « Mobalpa », a category in the
    plural takes its article (« les mutuelles agricoles »), so that « chez », « de » read right."""
    named = re.match(r"^(?:[a-zà-ÿ'’-]+\s+){1,2}(?=[A-ZÀ-Þ])", name)
    if named and not re.match(r"(?:le|la|les|l['’]|un|une|des|du|de)\s", name):
        return name[named.end() :]
    if name.islower() and re.match(r"^[a-zà-ÿ-]+[sx]\b", name):
        return "les " + name
    return name


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
        # « Particuliers surtout … » first among the firm's clients: a shop the client visited is no B2B cue
        else not _PRIVATE_FIRST.match(fold(fdap.cadre.types_clients))
        and bool(_B2B.search(fold(" ".join([fdap.titre, fdap.analyse.historique_problematique[:300]]))))
    )
    seller, client = _sides(actors)
    story = fold(fdap.analyse.historique_problematique + " " + fdap.deroulement.resultats)
    leeway = _leeway(fdap, clean)
    granted = [fold(x)[:40] for x in leeway]
    figures = tuple(f for f in _figures(fdap, clean) if not any(g in fold(f.text) for g in granted))
    return FactSheet(
        sale=_sale(fdap.nature, folded, b2b),
        b2b=b2b,
        quotes=bool(_QUOTE.search(folded)) or b2b,
        offers=items,
        figures=figures,
        leeway=leeway,
        has_annex=bool(fdap.annexe_offre.strip()),
        seller_side=seller,
        client_side=client,
        competitors=_competitors(fdap),
        title_usable=noun_title(" ".join(clean(fdap.titre))),
        ec_role=("participant" if _PARTICIPANT.search(story) else "organisateur")
        if fdap.nature == "EC"
        else "",
    )
