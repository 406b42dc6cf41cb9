"""The FDAP's lists the rows quote: competitors, results, objectives, difficulties, market, anchors."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from service.domain.fdap import Fdap
from service.domain.text import fold as ffold
from service.engines.offline import extract
from service.engines.offline.extract import OfferItem
from service.engines.offline.factsheet import honest
from service.engines.offline.feelings import FIRST_PERSON
from service.engines.offline.french import whole
from service.engines.offline.roles import de

if TYPE_CHECKING:
    from service.engines.offline.facts import Cleaner


def org_name(organisation: str) -> str:
    """The organisation's name without its asides: « Cycles Martineau (magasin indépendant, …) » ->
    « Cycles Martineau »; « X – Y » -> « X, Y »."""
    name = re.sub(r"\s*\([^()]*\)?", "", organisation).strip(" ,.") or organisation.strip()
    parts = re.split(r"\s+[–—-]\s+", name, maxsplit=1)
    return parts[0] if len(parts) == 1 else f"{parts[0]}, {parts[1]}"


def _parenthesised(line: str) -> str:
    """Example: "Assureurs en ligne : tarifs bas" -> "Assureurs en ligne (tarifs bas)"."""
    head, sep, tail = line.partition(" : ")
    return f"{head} ({tail})" if sep and "(" not in tail else line


def _third_person(sentences: list[str]) -> list[str]:
    """Sentences that do not speak as the student (« je », « nous »), stripped of list dashes."""
    return [s.strip(" -•") for s in sentences if not FIRST_PERSON.search(s) and s.strip(" -•")]


def _with_figures(sentences: list[str], limit: int) -> tuple[str, ...]:
    return tuple(whole(s, 300) for s in _third_person(sentences) if re.search(r"\d", s) and whole(s, 300))[
        :limit
    ]


def _anchors(fdap: Fdap, cleaner: Cleaner, items: list[OfferItem]) -> tuple[str, ...]:
    """The FDAP's own description of the offer and clientele, to quote in « Informations à exploiter »."""
    c = fdap.cadre
    org = org_name(cleaner.text(c.organisation) or c.organisation.strip()).split(", ")[0]
    lines = [
        ("Offre " + de(org), cleaner.text(c.offre_commerciale).replace("Voir annexe.", "").strip()),
        (
            "Gamme" if not fdap.annexe_offre.strip() else "Gamme de l'annexe",
            ", ".join(f"« {i.label} »" for i in items[:8]),
        ),
        ("Clientèle", cleaner.text(c.types_clients)),
        ("Méthodes de vente", cleaner.text(c.methodes_vente)),
        ("Structure", cleaner.text(c.type_structure)),
    ]
    kept = [(label, honest(text)) for label, text in lines]
    cut = [(label, whole(text, 300).rstrip(".")) for label, text in kept]
    return tuple(f"{label} : {text}." for label, text in cut if text)


def _rivals_said(sentence: str) -> list[str]:
    """The rivals a sentence names: the whole list after « Concurrents : », else the clause about them
    (« concurrence des grandes surfaces » -> « des grandes surfaces »)."""
    listed = re.match(r"(?i)\s*concurren\w*[^:]{0,20}:\s*(\S.*)", sentence)
    if listed:
        return [listed.group(1)]
    return [
        re.sub(r"(?i)^.*?\bconcurrence(?:\s+(?:forte|accrue|directe))?\s+(?=(?:des?|du|d['’]))", "", clause)
        for clause in extract.top_level_split(sentence)  # never a clause cut inside its brackets
        if "concurren" in ffold(clause)
    ]


def lists(
    fdap: Fdap, sections: dict[str, list[str]], cleaner: Cleaner, items: list[OfferItem]
) -> dict[str, tuple[str, ...]]:
    info = fdap.information_commerciale.informations_marche
    competitors = [cleaner.text(x) for x in sections["concurrents"]]
    if not competitors:  # « Concurrents : A, B » on the heading's own line
        inline = (
            re.match(r"(?i)\s*concurren\w*[^:\n]{0,20}:\s*(\S.+)", x) for x in fdap.annexe_offre.splitlines()
        )
        competitors = [cleaner.text(m.group(1)) for m in inline if m]
    if not competitors:  # a market sentence: only its clause about the rivals, without « concurrence de »
        lived = _third_person(cleaner.sentences(fdap.deroulement.difficultes))
        competitors = [c for s in cleaner.sentences(info) + lived for c in _rivals_said(s)]
        competitors = [c for c in competitors if len(c.split()) >= 2]
    # « Concurrence : Concurrents : … »: the row says what they are, the FDAP's own label is dropped.
    competitors = [re.sub(r"(?i)^\s*concurren\w*(?:\s+\w+)?\s*:\s*", "", c) for c in competitors]
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
        "phases": tuple(cleaner.text(p.phase) for p in fdap.deroulement.phases),
    }
