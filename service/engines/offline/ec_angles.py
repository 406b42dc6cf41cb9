"""The angles of an EC set: which meeting a plan plays, which client structures an edition can be
proposed to, which formats are new, and whether the student already reviewed the event."""

from __future__ import annotations

import re

from service.domain.text import fold
from service.engines.offline.facts import Material
from service.engines.offline.roles import Format, formats_in


def reviewed(facts: Material) -> bool:
    """Whether the student already reviewed the event (a phase « Bilan chiffré », « Bilan avec le gérant »):
    a review meeting would replay a lived phase."""
    return any(re.search(r"\bbilan\b|\bdebrief", fold(phase)) for phase in facts.lists.get("phases", ()))


def new_formats(facts: Material) -> list[Format]:
    """The event formats the FDAP's offer names, other than the lived one (its title's)."""
    taken = {f.key for f in formats_in(facts.titre)}
    return [f for f in facts.formats if f.key not in taken]


def ec_scene(mode: str, kinds: dict[str, str]) -> str:
    """The meeting a plan plays: the next edition's budget and the review that proposes a new edition are the
    same meeting before the same person; another format, a partner, a client structure or a visitor are not."""
    if mode == "bilan" or (mode == "projet" and kinds.get("objet") != "nouveau_format"):
        return "edition"
    return f"{mode}:{kinds.get('objet', '')}"


_COLLECTIVE = frozenset({"cse", "club", "association", "entreprise", "pme", "ecole", "collectivite"})
_GROUPS = frozenset({"cse", "club"})  # structures that bring their members to a consumer event


def group_keys(facts: Material) -> frozenset[str]:
    """The client structures an edition of the event can be proposed to: any collective client at a
    professional event; a CSE or a club at a consumer event the firm hosts (never a stand at a fair)."""
    if facts.known.b2b:
        return _COLLECTIVE
    return frozenset() if re.search(r"\b(?:stand|salon|foire)\b", fold(facts.titre)) else _GROUPS
