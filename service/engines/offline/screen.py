"""The offline engine's screen for personal data and marks: a thin wrapper over the domain's detectors."""

from __future__ import annotations

from service.domain.marks import find_marks
from service.domain.personal import Person, find_personal


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
