"""The offline engine's screens, as thin wrappers over the domain's detectors (never a copy of them)."""

from __future__ import annotations

from service.domain.margins import granted_discounts
from service.domain.marks import find_marks
from service.domain.personal import Person, find_personal


def may_grant_discount(text: str) -> bool:
    return bool(granted_discounts(text))


def may_hold_marks(text: str) -> bool:
    return bool(find_marks(text))


class PersonalScreen:
    """Says whether a text names the FDAP's people or the candidate, or holds coordinates."""

    def __init__(self, people: list[Person] | tuple[Person, ...], candidate: tuple[str, ...]) -> None:
        self._people = tuple(people)
        self._candidate = candidate

    def flags(self, text: str) -> bool:
        return bool(find_personal(text, self._people, self._candidate))

    def clean(self, text: str) -> bool:
        """True when `text` holds neither marks nor personal data."""
        return not find_marks(text) and not self.flags(text)
