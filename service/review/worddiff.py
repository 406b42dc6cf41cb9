"""A word-level diff between two texts, for the editor (avant / après) and the review queue (two versions).

Typographic variants a teacher cannot see (curly or straight apostrophes, non-breaking spaces, runs of
spaces) are normalised first, so that they never show as changes.
"""

from __future__ import annotations

import difflib
import re
from typing import Literal

import msgspec

Kind = Literal["egal", "supprime", "ajoute"]
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
_SPACES = re.compile(r"[ \t\u00a0\u202f\u2007]+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


class Segment(msgspec.Struct, frozen=True):
    """A run of words that is kept, removed or added."""

    kind: Kind
    text: str


def normalised(text: str) -> str:
    """The text as compared: straight apostrophes, one plain space for any run of spaces."""
    return _SPACES.sub(" ", text.translate(_APOSTROPHES)).strip()


def word_diff(before: str, after: str) -> list[Segment]:
    """The segments that turn `before` into `after`, word by word (adjacent runs of one kind merged)."""
    old = _TOKENS.findall(normalised(before))
    new = _TOKENS.findall(normalised(after))
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _push(segments, "egal", "".join(old[i1:i2]))
            continue
        if tag in ("delete", "replace"):
            _push(segments, "supprime", "".join(old[i1:i2]))
        if tag in ("insert", "replace"):
            _push(segments, "ajoute", "".join(new[j1:j2]))
    return segments


def changed(before: str, after: str) -> bool:
    """Whether a teacher would see a difference (typography aside)."""
    return normalised(before) != normalised(after)


def _push(segments: list[Segment], kind: Kind, text: str) -> None:
    if not text:
        return
    if segments and segments[-1].kind == kind:
        segments[-1] = Segment(kind, segments[-1].text + text)
        return
    segments.append(Segment(kind, text))
