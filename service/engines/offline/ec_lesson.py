"""A difficulty of the lived event, turned into a constraint the candidate works with (never the pasted list of
the student's difficulties, never in the first person)."""

from __future__ import annotations

import re

from service.engines.offline import restate
from service.engines.offline.extract import split_sentences
from service.engines.offline.facts import Material
from service.engines.offline.feelings import in_writing

_PERSON = re.compile(
    r"(?:^|[\s'’(])(?:j['’]|m['’]|(?:on|je|nous|vous|notre|nos|mon|ma|mes|votre|vos|me|moi|l['’]interlocut\w*)"
    r"(?=[\s'’,.;:)]|$))",
    re.IGNORECASE,
)
# A clause that says what happened has a conjugated verb (« le tournoi a pris du retard »), not a bare note
# (« food truck en retard »).
_VERB = re.compile(r"\b(?:a|ont|est|sont|été|fait|\w{2,}ait|\w{2,}aient)\b")
_OPENER = re.compile(r"^(?:et|mais|donc|car|d['’]où|puis|ou|soit)\b", re.IGNORECASE)
# A capitalised word inside a clause: a person's or a brand's name the candidate has no use for.
_NAME = re.compile(r"(?<=\s)(?:M\.|Mme|[A-ZÀ-Þ][a-zà-ÿ]+)")


def _clauses(text: str) -> list[str]:
    """Whole sentences first, then their comma-separated parts, without asides."""
    text = re.sub(r"\s*\([^()]*\)", "", text)
    sentences = [s.strip(" .;") for s in split_sentences(text) if s.strip(" .;")]
    parts = [p.strip(" .;") for s in sentences for p in re.split(r",\s+|\s*;\s*", s) if p.strip(" .;")]
    return sentences + parts


def _usable(clause: str) -> bool:
    words = clause.split()
    return (
        len(words) >= 3
        and len(clause) <= 140
        and not _PERSON.search(clause)
        and not _OPENER.match(clause)
        and not _NAME.search(clause)
        and not re.search(r"[?:;]", clause)
    )


def lived_difficulty(facts: Material) -> str:
    """One difficulty the FDAP reports, impersonal and short (« le vent a fait tomber la banderole »), or ""."""
    said = restate.restated(facts, "contraintes", 600, clauses=True)
    usable = [c for c in _clauses(said) if _usable(c) and in_writing(c) == c]
    # what happened (« le tournoi a pris du retard ») before a bare note (« manque de coachs l'après-midi »)
    found = next((c for c in usable if _VERB.search(c)), usable[0] if usable else "")
    return found[:1].lower() + found[1:] if found and not found[1:2].isupper() else found


def lesson(facts: Material) -> str:
    """« À éviter cette fois : le vent a fait tomber la banderole. » (in the FDAP's words, so the row still
    restates the FDAP's constraints and the plan's count of changes holds)."""
    said = lived_difficulty(facts)
    return f"À éviter cette fois : {said}." if said else ""
