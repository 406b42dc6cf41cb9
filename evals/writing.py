"""Writing faults a teacher sees at first reading, and the « [à préciser : …] » markers left to fill.

Only mechanical faults that a pattern finds without a dictionary: precise rather than broad. Each fault
is counted once per proposal (the same phrase on V-2 and V-3 is one fault to correct).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evals.sheet_text import fdap_texts, fold, normalise, sheet_rows
from service.domain.fdap import Fdap
from service.domain.fiche_sujet import FicheSujet

MARKER = re.compile(r"\[\s*[àa] pr[ée]ciser\b[^\]]*\]", re.IGNORECASE)

# Rows written as sentences: each of their lines ends with a full stop (or ?, !, …).
_PROSE = (
    "historique_relation",
    "objectifs_communication",
    "contraintes",
    "identite",
    "relation_entreprise",
    "motivations",
    "freins",
)
_VOWEL = "aeiouéèêëàâäîïôöûüœæAEIOUÉÈÊËÀÂÄÎÏÔÖÛÜŒÆ"
_NO_ELISION = {"onze", "onzième", "oui", "ouistiti", "ouate", "uhlan"}
_ELISION = re.compile(rf"\b([Dd]e|[Qq]ue) ([{_VOWEL}][\w-]*)")
_QUE_PRONOUNS = {"il", "ils", "elle", "elles", "on", "un", "une"}
_CONTRACTION = re.compile(r"\b([Dd]e|[àÀ]) (le|les) ([a-zà-ÿ][\w-]*)")
_INFINITIVE = re.compile(r"(er|ir|re|oir)$")
_OBJECT_PRONOUNS = {"lui", "leur", "y", "en"}
_DOUBLED = re.compile(r"\b([^\W\d_]+) \1\b", re.IGNORECASE)
_DOUBLED_OK = {"nous", "vous"}
_DANGLING = re.compile(
    r"[,;:] ?[.,;](?!\.)"  # « , . », « ,, », « : . » (not « , ... », an enumeration left open)
    r"|(?<=[\w»)]) \.(?=\s|$)"  # a space before a full stop: a slot left empty
    r"|\(\s*\)|«\s*»"  # empty brackets or quotes
    r"|\b(?:M\.|Mme|Mlle) et (?!M\.|Mme|Mlle)[A-ZÉ][a-zé]+ [A-ZÉ]"  # « M. et Paul Roux »: a title lost its name
)
_PLACEHOLDER = re.compile(r"\[(?!\s*[àa] pr[ée]ciser)[^\]]{0,40}\]|\{[^}]{0,40}\}")
_LONE_LETTER = re.compile(r"(?<![\w'’.\-/])([bcdfgjklmnpqrstvwxz]) (?=[a-zà-ÿ])")
_CUT = re.compile(r"(\S.{11,39}?)…")


@dataclass(frozen=True)
class Fault:
    """One fault: its kind and the phrase that shows it."""

    kind: str
    phrase: str


KINDS = {
    "point_final": "point final manquant",
    "elision": "élision manquante (« de » ou « que » devant une voyelle)",
    "contraction": "« de le », « à le », « de les », « à les »",
    "mot_double": "mot répété",
    "trou": "emplacement laissé vide",
    "guillemets": "guillemets « » non appariés",
    "copie_coupee": "copie de la FDAP coupée",
}


def _excerpt(text: str, start: int, end: int) -> str:
    return normalise(text[max(0, start - 20) : end + 20])


def _final_stop(row: str, text: str) -> list[Fault]:
    if row.split(".")[-1].split("[")[0] not in _PROSE:
        return []
    faults = []
    for line in text.splitlines():
        line = normalise(line).rstrip(" »\"')")
        if len(line.split()) >= 6 and not line.startswith(("-", "•")) and line[-1] not in ".!?…:;":
            faults.append(Fault("point_final", line[-40:]))
    return faults


def _elisions(text: str) -> list[Fault]:
    faults = []
    for m in _ELISION.finditer(text):
        word, que = m.group(2), m.group(1).lower() == "que"
        if fold(word) in _NO_ELISION or (que and word.lower() not in _QUE_PRONOUNS):
            continue
        faults.append(Fault("elision", _excerpt(text, m.start(), m.end())))
    for m in _CONTRACTION.finditer(text):
        word = m.group(3)
        if _INFINITIVE.search(word) or word in _OBJECT_PRONOUNS:
            continue  # « de le convaincre », « à les rassurer »: a pronoun before a verb
        faults.append(Fault("contraction", _excerpt(text, m.start(), m.end())))
    return faults


def _slots(text: str) -> list[Fault]:
    faults = [
        Fault("mot_double", _excerpt(text, m.start(), m.end()))
        for m in _DOUBLED.finditer(text)
        if m.group(1).lower() not in _DOUBLED_OK and not _name_after_article(m.group(0))
    ]
    cleaned = MARKER.sub("précisé", text)  # a marker is not a hole: it reads as a word here
    for pattern in (_DANGLING, _PLACEHOLDER):
        faults += [Fault("trou", _excerpt(cleaned, m.start(), m.end())) for m in pattern.finditer(cleaned)]
    for m in _LONE_LETTER.finditer(cleaned):
        if not re.search(r"\d\s?$", cleaned[: m.start()]):
            faults.append(Fault("trou", _excerpt(cleaned, m.start(), m.end())))
    if cleaned.count("«") != cleaned.count("»"):
        faults.append(Fault("guillemets", normalise(cleaned)[:60]))
    return faults


def _name_after_article(pair: str) -> bool:
    """« chez le Le Goff »: an article before a name that starts with the same word."""
    first, second = pair.split(" ", 1)
    return first[:1].islower() and second[:1].isupper()


def _cut_copies(text: str, source: str) -> list[Fault]:
    """A piece of the FDAP that stops at « … » where the FDAP goes on, or ends the row inside a word."""
    faults = []
    pieces = [(" ".join(m.group(1).split())[-30:], True) for m in _CUT.finditer(text)]
    tail = " ".join(text.split())
    if tail and tail[-1] not in ".!?…»)":
        pieces.append((tail[-30:], False))
    for piece, ellipsis in pieces:
        at = source.find(piece)
        if len(piece) < 12 or at < 0:
            continue
        after = source[at + len(piece) : at + len(piece) + 2]
        mid_word = after[:1].isalnum()
        if mid_word or (ellipsis and after[:1] == " " and after[1:2].isalnum()):
            faults.append(Fault("copie_coupee", piece + "…"))
    return faults


def fdap_source(fdap: Fdap) -> str:
    """The FDAP as one text, a rubric a line, to recognise a copy of it."""
    return "\n".join(normalise(" ".join(t.split())) for t in fdap_texts(fdap))


def writing_faults(fiche: FicheSujet, source: str) -> list[Fault]:
    """Every distinct fault of the rows a teacher reads (`source`: the FDAP, from `fdap_source`)."""
    found: dict[tuple[str, str], Fault] = {}
    for path, text in sheet_rows(fiche):
        text = normalise(text.replace("\r", ""))
        faults = _final_stop(path, text) + _elisions(text) + _slots(text) + _cut_copies(text, source)
        for fault in faults:
            found.setdefault((fault.kind, fault.phrase), fault)
    return list(found.values())


def markers(fiche: FicheSujet) -> list[str]:
    """The distinct « [à préciser : …] » markers the teacher still has to replace."""
    seen: dict[str, str] = {}
    for _, text in sheet_rows(fiche):
        for m in MARKER.finditer(text):
            seen.setdefault(fold(m.group(0)), normalise(m.group(0)))
    return list(seen.values())
