"""Fast screens for the offline engine's hot path.

`text.fold` (NFKD, character by character) is exact but slow; the engine folds with a translation table
that gives the same result on French text, and only calls the exact detectors (`find_marks`,
`find_personal`) when a cheap screen says a text might contain what they look for.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from service.domain.personal import EMAIL, PHONE, Person
from service.domain.text import STOPWORDS, stem

_COMBINING = re.compile("[\u0300-\u036f]")
_WORD = re.compile(r"[a-z0-9]+")
_PHONE_HINT = re.compile(r"\d\d[\s.-]?\d\d[\s.-]?\d\d[\s.-]?\d\d")
_LEVEL_HINT = re.compile(r"niveau\s+[ITS]")

# Screens for marks.find_marks: a pattern can only match when its key occurs in the folded text; a key
# without a pattern is enough on its own. When no screen passes, find_marks finds nothing.
_MARK_SCREENS: tuple[tuple[str, re.Pattern[str] | None], ...] = tuple(
    (key, re.compile(pattern) if pattern else None)
    for key, pattern in (
        ("/", r"/\s*20\b"),
        ("20", r"sur\s+20\b"),
        ("vingt", None),
        ("not", r"not(?:e|es|er|ee|ees|ation)\b"),
        ("bareme", None),
        ("grille", None),
        ("insuffisant", None),
        ("satisfaisant", None),
        ("candidat", r"candidat(?:e|s)?\s+(?:sera|seront|est|sont|serait)\s"),
        ("evaluat", None),
        ("evaluer", None),
        ("appreciation", None),
        ("competence", r"competences?\s+(?:evaluee|notee|validee)"),
        ("mention", r"mention\s+(?:tres|bien|assez|passable)"),
        ("point", r"points?\s+(?:bonus|de bonus|de penalite|en moins|supplementaires)"),
    )
)
_LEVEL_TRIGGER = re.compile(r"(?<![\w/])(?:TI|TS)(?![\w])|\bniveau\s+(?:TI|TS|I|S)\b")


def ffold(text: str) -> str:
    """`text.fold` done by the C library: lower case, œ/æ expanded, accents removed."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae").replace("’", "'")
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


@lru_cache(maxsize=8192)
def fast_stems(text: str) -> frozenset[str]:
    """`text.stems` computed with the fast fold (same result on French text)."""
    return frozenset(
        stem(w) for w in _WORD.findall(ffold(text)) if w not in STOPWORDS and (len(w) > 2 or w.isdigit())
    )


_DISCOUNT_KEY = re.compile(r"remise|reduction|rabais|ristourne|geste|escompte|marge")


def may_grant_discount(text: str) -> bool:
    """False only when margins.granted_discounts(text) is certainly empty."""
    return "%" in text and bool(_DISCOUNT_KEY.search(ffold(text)))


def may_hold_marks(text: str, folded: str | None = None) -> bool:
    """False only when marks.find_marks(text) is certainly empty."""
    if ("TI" in text or "TS" in text or _LEVEL_HINT.search(text)) and _LEVEL_TRIGGER.search(text):
        return True
    folded = ffold(text) if folded is None else folded
    return any(
        key in folded and (pattern is None or pattern.search(folded)) for key, pattern in _MARK_SCREENS
    )


class PersonalScreen:
    """Says quickly whether a text may name the FDAP's people or the candidate, or hold coordinates."""

    def __init__(self, people: list[Person] | tuple[Person, ...], candidate: tuple[str, ...]) -> None:
        names = [ffold(p.surname) for p in people] + [
            ffold(c.strip()) for c in candidate if len(c.strip()) > 1
        ]
        self._names = tuple((n, re.compile(rf"(?<![\w]){re.escape(n)}(?![\w])")) for n in names if n)

    def flags(self, text: str, folded: str | None = None) -> bool:
        if ("@" in text and EMAIL.search(text)) or (_PHONE_HINT.search(text) and PHONE.search(text)):
            return True
        folded = ffold(text) if folded is None else folded
        return any(name in folded and pattern.search(folded) for name, pattern in self._names)

    def clean(self, text: str) -> bool:
        """True when `text` certainly holds neither marks nor personal data."""
        folded = ffold(text)
        return not may_hold_marks(text, folded) and not self.flags(text, folded)
