"""The NV / EC box: which option is ticked, however the student ticked it.

A box mark (glyph, symbol, content control, legacy form field), an X typed beside an option, the chosen
option in bold, the other option deleted, or the nature written out: each is evidence, weighed at the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.domain.fdap import Nature
from service.errors import InputError
from service.intake.matching import normalise
from service.intake.walk import Piece

_CHECKED_CHARS = set("☒☑✓✔✗✘■▪◼⊠●◉⌧")
_UNCHECKED_CHARS = set("☐□◻❑❒○◯")
_NV_LABEL = re.compile(
    r"n[ée]gociation[\s\-–]+vente(?:\s+et\s+accompagnement\s+de\s+la\s+relation\s+client)?", re.I
)
_EC_LABEL = re.compile(
    r"organisation\s+et\s+animation\s+d['’]\s*un\s+[ée]v[éè]nement\s+commercial|[ée]v[éè]nement\s+commercial",
    re.I,
)
_STANDALONE_X = re.compile(r"(?<![\w'’])[xX](?![\w'’])")


@dataclass
class NatureEvidence:
    checked: dict[str, bool] = field(default_factory=lambda: {"NV": False, "EC": False})
    marked: dict[str, bool] = field(default_factory=lambda: {"NV": False, "EC": False})
    bold: dict[str, list[bool]] = field(default_factory=lambda: {"NV": [], "EC": []})
    seen: dict[str, bool] = field(default_factory=lambda: {"NV": False, "EC": False})
    declared: list[str] = field(default_factory=list)


def option_spans(text: str) -> list[tuple[str, int, int]]:
    """Where `text` names the NV and EC options, left to right, never overlapping."""
    spans = [("NV", found.start(), found.end()) for found in _NV_LABEL.finditer(text)]
    spans += [("EC", found.start(), found.end()) for found in _EC_LABEL.finditer(text)]
    spans.sort(key=lambda item: item[1])
    kept: list[tuple[str, int, int]] = []
    for span in spans:
        if not kept or span[1] >= kept[-1][2]:
            kept.append(span)
    return kept


def is_nature_text(text: str) -> bool:
    """A cell or paragraph that is essentially the NV/EC options (not a value mentioning an event)."""
    spans = option_spans(text)
    if not spans:
        return False
    rest = text
    for _, start, end in reversed(spans):
        rest = rest[:start] + " " + rest[end:]
    words = [
        word for word in normalise(rest).split() if word not in {"x", "nature", "de", "l", "activite", "ou"}
    ]
    return len(words) <= 3


def read_nature(pieces: list[Piece], evidence: NatureEvidence) -> None:
    """Record which options `pieces` shows, and how each is ticked (mark, control, X, or bold)."""
    chars: list[str] = []
    bolds: list[bool] = []
    marks: list[tuple[int, bool]] = []
    for piece in pieces:
        if piece.mark is not None:
            marks.append((len(chars), piece.mark))
            chars.append(" ")
            bolds.append(False)
            continue
        for char in piece.text:
            if char in _CHECKED_CHARS:
                marks.append((len(chars), True))
            elif char in _UNCHECKED_CHARS:
                marks.append((len(chars), False))
            chars.append(char)
            bolds.append(piece.bold)
    text = "".join(chars)
    spans = option_spans(text)
    if not spans:
        return
    for kind, start, end in spans:
        evidence.seen[kind] = True
        letters = [bolds[i] for i in range(start, end) if text[i].isalpha()]
        evidence.bold[kind].append(bool(letters) and all(letters))
    for match in _STANDALONE_X.finditer(text):
        if not any(start <= match.start() < end for _, start, end in spans):
            marks.append((match.start(), True))
    _assign_marks(marks, spans, evidence)


def _assign_marks(
    marks: list[tuple[int, bool]], spans: list[tuple[str, int, int]], evidence: NatureEvidence
) -> None:
    """Each mark belongs to the option after it (boxes before labels) or before it (boxes after)."""
    marks_before = bool(marks) and min(position for position, _ in marks) < spans[0][1]
    for position, state in marks:
        if marks_before:
            following = [span for span in spans if span[1] > position]
            owner = following[0] if following else spans[-1]
        else:
            preceding = [span for span in spans if span[2] <= position]
            owner = preceding[-1] if preceding else spans[0]
        evidence.marked[owner[0]] = True
        if state:
            evidence.checked[owner[0]] = True


def declare_nature(value: str, evidence: NatureEvidence) -> bool:
    """« Nature : NV » written out; False when the value names no nature."""
    norm = normalise(value)
    if norm in ("nv", "ec"):
        evidence.declared.append(norm.upper())
        return True
    if option_spans(value):
        read_nature([Piece(text=value)], evidence)
        return True
    return False


def _as_nature(kind: str) -> Nature:
    return "NV" if kind == "NV" else "EC"


def decide_nature(evidence: NatureEvidence, source: str) -> tuple[Nature, str]:
    """The nature and how it was read; InputError when both or neither box is ticked."""
    if len(set(evidence.declared)) == 1:
        return _as_nature(evidence.declared[0]), "nature indiquée en toutes lettres"
    ticked = [kind for kind in ("NV", "EC") if evidence.checked[kind]]
    if len(ticked) == 2:
        raise InputError(
            source,
            "nature",
            "les deux cases NV et EC sont cochées : n'en cochez qu'une dans le document Word",
        )
    if len(ticked) == 1:
        return _as_nature(ticked[0]), "case cochée"
    bold = {kind: bool(evidence.bold[kind]) and all(evidence.bold[kind]) for kind in ("NV", "EC")}
    if evidence.seen["NV"] and evidence.seen["EC"] and bold["NV"] != bold["EC"]:
        return _as_nature("NV" if bold["NV"] else "EC"), "intitulé de la nature en gras"
    present = [kind for kind in ("NV", "EC") if evidence.seen[kind]]
    if len(present) == 1:
        return _as_nature(present[0]), "seul intitulé de nature conservé dans le document"
    raise InputError(
        source,
        "nature",
        "nature de l'activité introuvable : cochez la case « Négociation Vente et Accompagnement de la "
        "Relation Client » (NV) ou « Organisation et Animation d'un Évènement commercial » (EC)",
    )
