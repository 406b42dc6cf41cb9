"""What the offline engine takes from one FDAP, extracted once per call and shared by every variant.

Every sentence reused from the FDAP goes through `Cleaner`: sentences that speak of marks are dropped,
personal data is redacted, and coordinates are dropped altogether.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date

import msgspec

from service.domain.constats import FdapContext
from service.domain.fdap import Fdap
from service.domain.marks import find_marks
from service.domain.personal import Person, fdap_texts, find_personal, redact
from service.domain.text import fold as ffold
from service.domain.text import shorten, stems
from service.engines.offline import extract
from service.engines.offline.extract import Actor, OfferItem
from service.engines.offline.factsheet import FactSheet, build_sheet, honest, missing
from service.engines.offline.roles import (
    Format,
    Premise,
    Role,
    formats_in,
    premise_of,
    role_from_phrase,
    roles_in,
)
from service.engines.offline.screen import PersonalScreen

_TITLE = re.compile(
    r"^(?P<verb>[\w’'-]+(?:\s+[\w’'-]+)?)\s+(?:d['’]|de\s+|du\s+|des\s+)(?P<product>.+?)"
    r"(?:\s+(?:à|auprès\s+d['’]|auprès\s+de|avec|pour)\s+(?P<client>(?:un|une|le|la|l'|deux|son|sa)\b.*)"
    r"|\s+(?P<contracted>au|aux)\s+(?P<rest>\S.*))?$",
    re.IGNORECASE,
)
_CLIENT = re.compile(
    r"\s(?:à|auprès\s+d['’]|auprès\s+de|avec|pour)\s+((?:un|une|le|la|l')\b.*)$", re.IGNORECASE
)
_SOMEONE = re.compile(
    r"\b(?:[Uu]ne?|[Ll]e|[Ll]a)\s+(?:jeune\s+)?(?:cliente?|couple|propriétaire|retraitée?|artisane?|commerçante?|"
    r"prospect|famille|mère de famille|père de famille)\b"
)
_ARTICLE = re.compile(r"^(?:(?:un|une|le|la|les|des|du|de)\s+|l['’]\s*)", re.IGNORECASE)
_CONTRACTS = (
    ("contrat", "contrat"),
    ("adhesion", "adhésion"),
    ("abonnement", "abonnement"),
    ("mandat", "mandat"),
)


class Cleaner:
    """Drops sentences about marks and coordinates, redacts the people the FDAP names (cached per text)."""

    def __init__(self, people: list[Person], candidate: tuple[str, ...], sources: list[str]) -> None:
        self.people, self.candidate = people, candidate
        self.screen = PersonalScreen(people, candidate)
        self._cache: dict[str, tuple[str, ...]] = {}
        self._clean_sources = [text for text in sources if text.strip() and self.screen.clean(text)]

    def sentences(self, text: str) -> list[str]:
        kept = self._cache.get(text)
        if kept is None:
            kept = self._cache[text] = tuple(self._clean(text))
        return list(kept)

    def _clean(self, text: str) -> list[str]:
        parts = extract.split_sentences(text)
        if any(text in source for source in self._clean_sources) or self.screen.clean(text):
            return parts
        kept = []
        for sentence in parts:
            if find_marks(sentence):
                continue
            if self.screen.flags(sentence):
                sentence = redact(sentence, self.people, self.candidate)
                if "[téléphone]" in sentence or "[courriel]" in sentence:
                    continue
                if find_personal(sentence, self.people, self.candidate):
                    continue
            kept.append(sentence)
        return kept

    def text(self, text: str) -> str:
        return " ".join(self.sentences(text))


_EXCLUSION_PARTS = re.compile(r"\bni (?:sur |pour )?|[,;]|\bet (?:sur|pour) ")
_PERIOD = re.compile(
    r"\b(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|"
    r"saison|periode|pendant|lors|soldes|week-end|vacances)\b"
)


@dataclass(frozen=True)
class Margin:
    """What the seller may concede: a discount ceiling to state (or none), exclusions and gestures."""

    max_pct: float | None
    forbidden: bool
    excluded: tuple[str, ...] = ()
    gestures: tuple[str, ...] = ()

    def allows_discount_on(self, label: str) -> bool:
        """False when an exclusion names the item for good ("aucune remise sur les montres GPS").

        Each part of an exclusion is judged alone, and a part limited to a period ("ni sur les séminaires
        en juillet et août") is a condition, not a ban on the item.
        """
        if self.forbidden or self.max_pct is None:
            return False
        parts = [p for phrase in self.excluded for p in _EXCLUSION_PARTS.split(phrase)]
        return not any(stems(label) & stems(p) for p in parts if p.strip() and not _PERIOD.search(p))


@dataclass(frozen=True)
class Material:
    """The FDAP as the engine sees it: cleaned texts and recognised items, never raw personal data."""

    nature: str
    org: str
    org_short: str
    premise: Premise
    titre: str
    event: str
    client: Role | None
    items: tuple[OfferItem, ...]
    main: OfferItem
    roles: tuple[Role, ...]
    actors: tuple[Actor, ...]
    moi_role: str
    relation: str
    margin: Margin
    budget: float | None
    event_date: date | None
    month: int | None
    year: int
    salon: str
    remote: bool
    contract: str
    formats: tuple[Format, ...]
    forbidden_words: frozenset[str]
    cleaner: Cleaner
    counterparts: dict[str, str] = field(default_factory=dict)
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sheet: FactSheet | None = None

    @property
    def known(self) -> FactSheet:
        """The fact sheet (always built by `build`)."""
        assert self.sheet is not None
        return self.sheet

    def actor(self, kind: str) -> Actor | None:
        return next((a for a in self.actors if a.kind == kind), None)

    def client_actor(self) -> Actor | None:
        """The FDAP's interlocutor: the actor line that names the title's client, or the first client."""
        if self.client is not None:
            wanted = stems(self.client.phrase("m") + " " + self.client.phrase("f")) - {"responsabl", "client"}
            for a in self.actors:
                if a.kind not in ("moi", "equipe") and stems(a.label) & wanted:
                    return a
        return self.actor("client")


def _org(organisation: str) -> str:
    parts = re.split(r"\s+[–—-]\s+", organisation.strip(), maxsplit=1)
    return parts[0] if len(parts) == 1 else f"{parts[0]}, {parts[1]}"


def _margin(fdap: Fdap, ctx: FdapContext, lines: list[str], cleaner: Cleaner) -> Margin:
    first: float | None = None
    excluded, gestures = [], []
    for line in lines + extract.split_sentences(fdap.cadre.offre_commerciale):
        folded = ffold(line)
        percents = re.findall(r"(\d{1,2}(?:,\d{1,2})?)\s*%", folded)
        if first is None and percents and re.search(r"remise|reduction|rabais", folded):
            first = float(percents[0].replace(",", "."))
        no = re.search(r"aucune (?:remise|reduction) (?:sur|pour) (.+)", folded)
        if no:
            excluded.append(no.group(1))
        elif re.search(r"geste|offert", folded) and not percents and not find_marks(line):
            gesture = cleaner.text(line.split(" : ", 1)[-1]).rstrip(".")
            gestures.append(gesture[:1].lower() + gesture[1:])
    limit = ctx.max_discount
    if limit is not None and first is not None:
        limit = min(limit, first)
    return Margin(limit, ctx.discount_forbidden, tuple(excluded), tuple(g for g in gestures if g)[:2])


def _title_parts(titre: str) -> tuple[str, Role | None]:
    """(product phrase without article, client role) of an NV title such as "Vente d'une X à un Y"."""
    match = _TITLE.match(titre.strip().rstrip("."))
    if not match:
        loose = _CLIENT.search(titre.strip().rstrip("."))
        if not loose:
            return "", None
        phrase = loose.group(1) or ("le " if loose.group(2).lower() == "au" else "les ") + loose.group(3)
        return "", role_from_phrase(phrase)
    product = _ARTICLE.sub("", match.group("product")).strip()
    phrase = match.group("client")
    if match.group("contracted"):
        phrase = ("le " if match.group("contracted").lower() == "au" else "les ") + match.group("rest")
    return product, role_from_phrase(phrase) if phrase else None


def _relation(text: str) -> str:
    folded = ffold(text)
    if re.search(r"mecontent|insatisf|reclamation|litige", folded):
        return "mecontent"
    if re.search(r"(?:second|deuxieme|2e) (?:rendez-vous|entretien)|devis (?:envoye|remis)", folded):
        return "apres_devis"
    if re.search(
        r"clients? (?:de l'agence |du magasin |de la banque |fidele|depuis)|deja client|fidele", folded
    ):
        return "fidele"
    return "prospect"


_NOT_AN_ITEM = re.compile(
    r"\b(?:depend|fixe|est|sont|peut|peuvent|ne|n'|doit|selon|voir|plancher|minimum|maximum|remise|marge)\b"
)


def _is_item(item: OfferItem) -> bool:
    """A product or service name, not a sentence of the annex taken for one."""
    folded = ffold(item.label)
    return len(item.label.split()) <= 7 and not _NOT_AN_ITEM.search(folded)


_LEAD = re.compile(
    r"^(?:que ce soit|ainsi que|et|ou|mais aussi)\s+|^(?:des|de la|du|de l['’]|les|la|le|l['’])\s*",
    re.IGNORECASE,
)


def _named(item: OfferItem) -> OfferItem:
    """« Que ce soit des séjours clubs » -> « Séjours clubs »: the name of the product, not the sentence."""
    label = item.label
    for _ in range(2):
        label = _LEAD.sub("", label, count=1)
    label = label[:1].upper() + label[1:]
    return dataclasses.replace(item, label=label) if label and label != item.label else item


def _items(fdap: Fdap, sections: dict[str, list[str]], cleaner: Cleaner) -> list[OfferItem]:
    items = [
        i for i in extract.annex_items([cleaner.text(line) for line in sections["produits"]]) if _is_item(i)
    ]
    if len(items) < 2:
        for item in extract.offer_items(cleaner.text(fdap.cadre.offre_commerciale)):
            if all(ffold(item.label) != ffold(i.label) for i in items):
                items.append(item)
    return [_named(i) for i in items if _is_item(i)]


def _main(fdap: Fdap, items: list[OfferItem], product: str, cleaner: Cleaner) -> OfferItem:
    a = fdap.analyse
    context = " ".join(
        [fdap.titre, a.historique_problematique, a.objectifs_operationnels, fdap.deroulement.resultats]
    )
    best = extract.main_item(items, context)
    if best is not None and (not product or stems(best.label + " " + best.detail) & stems(product)):
        return best
    if product and len(product.split()) <= 8:
        return OfferItem(product[:1].upper() + product[1:])
    if items:
        return items[0]
    # The offer's first clause, never cut inside brackets nor a pointer such as « Voir annexe (…) ».
    offer = cleaner.text(fdap.cadre.offre_commerciale).replace("«", "").replace("»", "")
    label = " ".join(re.split(r"[(.;:\n]", offer, maxsplit=1)[0].split()[:6]).strip(" ,.;:")
    if not label or ffold(label).startswith(("voir", "cf")):
        return OfferItem(missing("produit ou service proposé"))
    return OfferItem(label)


def _actors(fdap: Fdap, cleaner: Cleaner) -> list[Actor]:
    found = []
    lines = [x for x in fdap.analyse.acteurs.splitlines() if x.strip()]
    if len(lines) == 1 and " ; " in lines[0]:
        lines = extract.split_semicolons(lines[0])
    for line in lines:
        head = extract.first_clause(line.split(":", 1)[0] if ":" in line[:160] else line)
        head = re.split(r",?\s*\b(?:t[ée]l\.?|tél[ée]phone|portable|mail|e-mail|courriel)\b", head)[0]
        note = line[len(head) :].lstrip(" .:;,") or "; ".join(re.findall(r"\(([^()]*)\)", head))
        clean_head = cleaner.text(head)
        if clean_head:
            found.append(extract.actor(line, clean_head, cleaner.text(note)))
    return found


def _moi_role(actors: list[Actor]) -> str:
    moi = next((a for a in actors if a.kind == "moi"), None)
    if moi is None:
        return ""
    role = re.sub(r"^[-•\s]*(?:moi(?:-même)?|je)\s*,?\s*", "", moi.label, flags=re.IGNORECASE).strip(" ,-")
    return role if 2 < len(role) < 60 and not re.search(r"\b(?:je|j'|mon|ma)\b", role) else ""


def build(fdap: Fdap, ctx: FdapContext) -> Material:
    """Everything the variants need, extracted once."""
    sources = [
        fdap.cadre.organisation,
        fdap.cadre.offre_commerciale,
        fdap.cadre.type_structure,
        *fdap_texts(fdap),
    ]
    cleaner = Cleaner(list(ctx.people), ctx.candidate, sources)
    sections = extract.annex_sections(fdap.annexe_offre)
    titre = cleaner.text(fdap.titre)
    product, client = _title_parts(titre) if fdap.nature == "NV" else ("", None)
    if client is None and fdap.nature == "NV":
        said = _SOMEONE.search(cleaner.text(fdap.analyse.historique_problematique))
        client = role_from_phrase(said.group(0)) if said else None
    items = _items(fdap, sections, cleaner)
    actors = _actors(fdap, cleaner)
    a, c = fdap.analyse, fdap.cadre
    event = re.search(
        r"(?i)(?:journ[ée]es?|soir[ée]e|atelier|week-end|op[ée]ration|petit-d[ée]jeuner|salon|d[ée]fi|challenge)"
        r"[^«]{0,20}«\s*([^»]+?)\s*»",
        titre,
    )
    month, year = extract.month_year(a.dates)
    everything = msgspec.json.encode(fdap).decode()
    folded = ffold(everything)
    targets = roles_in(" ".join([c.types_clients, *sections["cibles"]]))
    return Material(
        nature=fdap.nature,
        org=_org(cleaner.text(c.organisation) or c.organisation.strip()),
        org_short=re.split(r"\s*\(", _org(cleaner.text(c.organisation) or c.organisation.strip()))[0].split(
            ", "
        )[0],
        premise=premise_of(c.organisation, c.type_structure),
        titre=titre,
        event=event.group(1) if event else "",
        client=client,
        items=tuple(items),
        main=_main(fdap, items, product, cleaner),
        roles=tuple(targets),
        actors=tuple(actors),
        moi_role=_moi_role(actors),
        relation=_relation(a.historique_problematique + " " + a.acteurs),
        margin=_margin(fdap, ctx, sections["marges"], cleaner),
        budget=extract.budget(
            a.objectifs_operationnels, *[p.phase for p in fdap.deroulement.phases], a.historique_problematique
        ),
        event_date=extract.first_date(a.dates),
        month=month,
        year=year or max([int(y) for y in re.findall(r"\b(20[12]\d)\b", everything)] or [2025]),
        salon=extract.salon_phrase(cleaner.text(c.methodes_vente)),
        remote=bool(re.search(r"telephon|visio|distance", ffold(c.methodes_vente))),
        contract=next((w for k, w in _CONTRACTS if re.search(rf"\b{k}s?\b", folded)), ""),
        formats=tuple(formats_in(folded, folded=True)),
        forbidden_words=frozenset(w for w in re.findall(r"[a-z0-9]+", folded) if len(w) > 2),
        cleaner=cleaner,
        counterparts=_counterparts(fdap, cleaner),
        lists=_lists(fdap, sections, cleaner, items),
        sheet=build_sheet(
            fdap, cleaner.sentences, tuple(items), tuple(actors), client.pro if client else None
        ),
    )


def _counterparts(fdap: Fdap, cleaner: Cleaner) -> dict[str, str]:
    a = fdap.analyse
    return {
        "objet": cleaner.text(fdap.titre),
        "dates_duree": cleaner.text(a.dates),
        "lieu": cleaner.text(a.lieu),
        "historique_relation": cleaner.text(a.historique_problematique),
        "contraintes": cleaner.text(fdap.deroulement.difficultes),
        "acteurs": cleaner.text(a.acteurs),
        "objectifs_communication": cleaner.text(a.objectifs_operationnels),
    }


def _parenthesised(line: str) -> str:
    """Example: "Assureurs en ligne : tarifs bas" -> "Assureurs en ligne (tarifs bas)"."""
    head, sep, tail = line.partition(" : ")
    return f"{head} ({tail})" if sep and "(" not in tail else line


_FIRST_PERSON = re.compile(r"\b(?:je|j['’]|nous|notre|nos|mon|ma|mes|moi|me|m['’])\b", re.IGNORECASE)


def _third_person(sentences: list[str]) -> list[str]:
    """Sentences that do not speak as the student (« je », « nous »), stripped of list dashes."""
    return [s.strip(" -•") for s in sentences if not _FIRST_PERSON.search(s) and s.strip(" -•")]


def _with_figures(sentences: list[str], limit: int) -> tuple[str, ...]:
    return tuple(shorten(s, 300) for s in _third_person(sentences) if re.search(r"\d", s))[:limit]


def _anchors(fdap: Fdap, cleaner: Cleaner, items: list[OfferItem]) -> tuple[str, ...]:
    """The FDAP's own description of the offer and clientele, to quote in « Informations à exploiter »."""
    c = fdap.cadre
    org = _org(cleaner.text(c.organisation) or c.organisation.strip()).split(", ")[0]
    lines = [
        ("Offre de " + org, cleaner.text(c.offre_commerciale).replace("Voir annexe.", "").strip()),
        (
            "Gamme" if not fdap.annexe_offre.strip() else "Gamme de l'annexe",
            ", ".join(f"« {i.label} »" for i in items[:8]),
        ),
        ("Clientèle", cleaner.text(c.types_clients)),
        ("Méthodes de vente", cleaner.text(c.methodes_vente)),
        ("Structure", cleaner.text(c.type_structure)),
    ]
    kept = [(label, honest(text)) for label, text in lines]
    return tuple(f"{label} : {shorten(text, 300).rstrip('.')}." for label, text in kept if text)


def _lists(
    fdap: Fdap, sections: dict[str, list[str]], cleaner: Cleaner, items: list[OfferItem]
) -> dict[str, tuple[str, ...]]:
    info = fdap.information_commerciale.informations_marche
    competitors = [cleaner.text(x) for x in sections["concurrents"]]
    if not competitors:
        competitors = [s for s in cleaner.sentences(info) if "concurren" in ffold(s)]
    client = next(
        (line for line in fdap.analyse.acteurs.splitlines() if re.search(r"motivation", ffold(line))), ""
    )
    motivations = [
        s.split(":", 1)[-1].strip() for s in cleaner.sentences(client) if ffold(s).startswith("motivation")
    ]
    return {
        "competitors": tuple(_parenthesised(c.rstrip(".")) for c in competitors if c)[:3],
        "results": _with_figures(cleaner.sentences(fdap.deroulement.resultats), 3),
        "objectives": _with_figures(cleaner.sentences(fdap.analyse.objectifs_operationnels), 2),
        "difficulties": tuple(_third_person(cleaner.sentences(fdap.deroulement.difficultes)))[:3],
        "market": _with_figures(cleaner.sentences(info), 2),
        "motivations": tuple(motive.rstrip(".") for motive in motivations if motive),
        "anchors": _anchors(fdap, cleaner, items),
    }
