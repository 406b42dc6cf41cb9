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
from service.domain.text import stems
from service.engines.offline import extract, factlists
from service.engines.offline.extract import Actor, OfferItem
from service.engines.offline.factsheet import FactSheet, build_sheet
from service.engines.offline.firms import client_firms, unnamed_firm, unnamed_firms
from service.engines.offline.form_labels import without_form_labels
from service.engines.offline.offer import items_of, main_of
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
from service.engines.offline.unnamed import by_role, role_for_mark

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
        self._cache: dict[tuple[str, bool], tuple[str, ...]] = {}
        self._clean_sources = [text for text in sources if text.strip() and self.screen.clean(text)]
        self.firms: dict[str, str] = {}  # client businesses the FDAP names, said by their kind

    def sentences(self, text: str, label: bool = False) -> list[str]:
        """A label (an actor's head) says a named person's role without an article: « gérant, mon tuteur »."""
        kept = self._cache.get((text, label))
        if kept is None:
            kept = self._cache[(text, label)] = tuple(
                unnamed_firms(x, self.firms) for x in self._clean(text, label)
            )
        return list(kept)

    def _clean(self, text: str, label: bool) -> list[str]:
        parts = extract.split_sentences(text)
        if any(text in source for source in self._clean_sources) or self.screen.clean(text):
            return parts
        kept = []
        for sentence in parts:
            if find_marks(sentence):
                continue
            if self.screen.flags(sentence):
                named = by_role(sentence, self.people, not label)
                sentence = role_for_mark(unnamed_firm(redact(named, self.people, self.candidate)))
                if "[téléphone]" in sentence or "[courriel]" in sentence:
                    continue
                if find_personal(sentence, self.people, self.candidate):
                    continue
            kept.append(sentence)
        return kept

    def text(self, text: str, label: bool = False) -> str:
        return " ".join(self.sentences(text, label))


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
    tried: bool  # the product is tried or shown in store (« test des matelas », showroom): no video call
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


_PRONOUN_VERB = re.compile(r"^(?:la|le|les|l['’])\s*\w+(?<![ig])er$", re.IGNORECASE)  # « la fidéliser »


def _title_parts(titre: str) -> tuple[str, Role | None]:
    """(product phrase without article, client role) of an NV title such as "Vente d'une X à un Y"."""
    match = _TITLE.match(titre.strip().rstrip("."))
    if not match:
        loose = _CLIENT.search(titre.strip().rstrip("."))
        if not loose:
            return "", None
        phrase = loose.group(1) or ("le " if loose.group(2).lower() == "au" else "les ") + loose.group(3)
        unfit = _PRONOUN_VERB.match(phrase.strip()) or _NOT_A_CLIENT.match(ffold(phrase))
        return "", None if unfit else role_from_phrase(phrase)
    product = _ARTICLE.sub("", match.group("product")).strip()
    phrase = match.group("client")
    if phrase and _PRONOUN_VERB.match(phrase.strip()):
        phrase = None  # « pour la fidéliser »: a pronoun and a verb, not the client
    if phrase and _NOT_A_CLIENT.match(ffold(phrase)):
        phrase = None  # « avec la pose avant l'hiver »: what is sold with it, not who buys
    if match.group("contracted"):
        phrase = ("le " if match.group("contracted").lower() == "au" else "les ") + match.group("rest")
    return product, role_from_phrase(phrase) if phrase else None


_NOT_A_CLIENT = re.compile(
    r"(?:la |le |les |l'|un |une |son |sa |ses )?(?:pose|installation|livraison|mise en service|option|garantie|"
    r"remise|reprise|financement|contrat|extension|entretien|formation|montage|raccordement|accessoires?)\b"
)


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


_SIDE_HEADING = re.compile(
    r"^\W*(?:c[ôo]t[ée]|du c[ôo]t[ée] (?:de l['’]|du|de la))\s*[\w'’ -]{0,30}:?\s*$", re.IGNORECASE
)


def _actors(fdap: Fdap, cleaner: Cleaner) -> list[Actor]:
    found = []
    lines = [x for x in fdap.analyse.acteurs.splitlines() if x.strip()]
    if len(lines) == 1 and " ; " in lines[0]:
        lines = extract.split_semicolons(lines[0])
    side = ""
    for line in lines:
        if _SIDE_HEADING.match(line):  # « Côté client : » heads the lines below it, it is nobody
            side = "client" if "client" in ffold(line) else "vendeur"
            continue
        head = extract.first_clause(line.split(":", 1)[0] if ":" in line[:160] else line)
        head = re.split(r",?\s*\b(?:t[ée]l\.?|tél[ée]phone|portable|mail|e-mail|courriel)\b", head)[0]
        note = line[len(head) :].lstrip(" .:;,") or "; ".join(re.findall(r"\(([^()]*)\)", head))
        clean_head = cleaner.text(head, label=True)
        if clean_head:
            actor = extract.actor(line, clean_head, cleaner.text(note))
            if side == "vendeur" and actor.kind == "client":  # « … pour les clients » on the firm's side
                actor = dataclasses.replace(actor, kind="equipe")
            elif side == "client" and actor.kind in ("superieur", "equipe", "autre"):
                actor = dataclasses.replace(actor, kind="client")  # the client firm's manager is the client
            found.append(actor)
    return found


def _moi_role(actors: list[Actor]) -> str:
    moi = next((a for a in actors if a.kind == "moi"), None)
    if moi is None:
        return ""
    role = re.sub(r"^[-•\s]*(?:moi(?:-même)?|je)\s*,?\s*", "", moi.label, flags=re.IGNORECASE).strip(" ,-")
    return role if 2 < len(role) < 60 and not re.search(r"\b(?:je|j'|mon|ma)\b", role) else ""


def build(fdap: Fdap, ctx: FdapContext) -> Material:
    """Everything the variants need, extracted once."""
    fdap = without_form_labels(fdap)
    sources = [
        fdap.cadre.organisation,
        fdap.cadre.offre_commerciale,
        fdap.cadre.type_structure,
        *fdap_texts(fdap),
    ]
    cleaner = Cleaner(list(ctx.people), ctx.candidate, sources)
    c = fdap.cadre
    own = [
        c.organisation,
        c.offre_commerciale,
        fdap.annexe_offre,
        fdap.information_commerciale.informations_marche,
    ]
    cleaner.firms = client_firms(fdap_texts(fdap), own, [p.surname for p in ctx.people])
    sections = extract.annex_sections(fdap.annexe_offre)
    titre = cleaner.text(fdap.titre)
    product, client = _title_parts(titre) if fdap.nature == "NV" else ("", None)
    if client is None and fdap.nature == "NV":
        said = _SOMEONE.search(cleaner.text(fdap.analyse.historique_problematique))
        client = role_from_phrase(said.group(0)) if said else None
    items = items_of(fdap, sections, cleaner.text)
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
        org=factlists.org_name(cleaner.text(c.organisation) or c.organisation.strip()),
        org_short=factlists.org_name(cleaner.text(c.organisation) or c.organisation.strip()).split(", ")[0],
        premise=premise_of(c.organisation, c.type_structure),
        titre=titre,
        event=event.group(1) if event else "",
        client=client,
        items=tuple(items),
        main=main_of(fdap, items, product, cleaner.text),
        roles=tuple(targets),
        actors=tuple(actors),
        moi_role=_moi_role(actors),
        relation=_relation(a.historique_problematique + " " + a.acteurs),
        margin=_margin(fdap, ctx, sections["marges"], cleaner),
        budget=extract.budget(
            a.objectifs_operationnels, *[p.phase for p in fdap.deroulement.phases], a.historique_problematique
        )
        or extract.event_cost(fdap.deroulement.resultats),
        event_date=extract.first_date(a.dates),
        month=month,
        year=year or max([int(y) for y in re.findall(r"\b(20[12]\d)\b", everything)] or [2025]),
        salon=extract.salon_phrase(cleaner.text(c.methodes_vente)),
        remote=bool(re.search(r"telephon|visio|distance", ffold(c.methodes_vente))),
        tried=bool(
            re.search(r"\btest|\bessai|essayage|en magasin|showroom|demonstration", ffold(c.methodes_vente))
        ),
        contract=next((w for k, w in _CONTRACTS if re.search(rf"\b{k}s?\b", folded)), ""),
        formats=tuple(formats_in(folded, folded=True)),
        # a short name particle counts too when a person of the FDAP bears it (« Da Silva », « Le Gall »)
        forbidden_words=frozenset(w for w in re.findall(r"[a-z0-9]+", folded) if len(w) > 2)
        | frozenset(
            w
            for name in (*(p.full for p in ctx.people), *ctx.candidate)
            for w in re.findall(r"[a-z]+", ffold(name))
        ),
        cleaner=cleaner,
        counterparts=_counterparts(fdap, cleaner),
        lists=factlists.lists(fdap, sections, cleaner, items),
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
