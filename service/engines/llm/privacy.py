"""The privacy gate: nothing that identifies the candidate or a real person leaves for a language model.

Before any request the FDAP is rebuilt without the candidate's identity; the people it names, first
names alone, phones (in figures or words), e-mails (disguised or spelled in words, real domain or not),
profiles, bank, social-security and student numbers, birth dates, addresses and plates are replaced by
neutral markers; the request is refused if the same detectors still find anything in it. The rules check
every answer too, so a model cannot bring a real person back (`donnee_personnelle`).

Refine sends the teacher's instruction and the sheet's rows, which are refused rather than rewritten (the
teacher sees why, and the sheet is never altered behind their back). The candidate and the FDAP's people
are recognised by their full name in any case, accents, spacing or order (« léa martin », « MARTIN Lea »),
their surname when written as a name, a first name of the FDAP alone. A full name that is in neither
passes: it cannot be told from the invented characters a sheet needs (V-3 « M. Durand, gérant »), which
the model must keep for the sheet to stay coherent.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import msgspec

from service.domain.fdap import Candidat, Fdap
from service.domain.identifiers import (
    first_names_kind,
    identifiers_in,
    names_seen,
    plain,
    replace,
    replace_coordinates,
)
from service.domain.personal import (
    EMAIL,
    PHONE,
    Person,
    fdap_people,
    find_personal,
    redact,
)
from service.domain.text import fold
from service.errors import EngineError


class PrivacyError(EngineError):
    """Personal data is still present in what would be sent: the request is not made."""


class PrivacyGate:
    """What may leave for a model about one FDAP: built once, used for every request about it."""

    def __init__(self, fdap: Fdap) -> None:
        self.fdap = fdap
        c = fdap.candidat
        items = (c.nom, c.prenom, c.numero, f"{c.prenom} {c.nom}".strip())
        self.candidate = tuple(x.strip() for x in items if len(x.strip()) > 1)
        people = fdap_people(fdap)
        personal = {fold(w) for x in (*self.candidate, *(p.full for p in people)) for w in x.split()}
        keep = frozenset(set(re.findall(r"\w+", fold(fdap.cadre.organisation))) - personal)
        texts = _strings(msgspec.to_builtins(msgspec.structs.replace(fdap, candidat=Candidat())))
        seen = [n for text in texts for n in names_seen(text, keep)]
        surnames = {fold(p.surname) for p in people}
        self.people = people + [
            Person(f"{n.first} {n.surname}", n.surname)
            for n in seen
            if n.surname and fold(n.surname) not in surnames
        ]
        known = {fold(n.first) for n in seen} | {fold(c.prenom.strip())} - {""}
        self.full_names = _full_names(c, self.people)
        self.all_names = first_names_kind(keep)  # the FDAP itself keeps no first name at all
        self.names = first_names_kind(keep, frozenset(known))  # elsewhere, the FDAP's ones alone

    def scrub(self, text: str) -> str:
        """`text` without this FDAP's people, candidate or first names, nor anyone's coordinates."""
        return self._cleaned(text, lambda t: replace(t, self.names))

    def _cleaned(self, text: str, names: Callable[[str], str]) -> str:
        """`text` unchanged when nothing is found; else its plain form (see `plain`) with the finds replaced."""
        normal = plain(text)
        clean = names(redact(replace_coordinates(self._unnamed(normal)), self.people, self.candidate))
        return text if clean == normal else clean

    def _unnamed(self, text: str) -> str:
        """`text` with the candidate's identity and the FDAP people's full names, however written, replaced."""
        for start, end, marker in reversed(self._full_names_in(text)):
            text = text[:start] + marker + text[end:]
        return text

    def _full_names_in(self, text: str) -> list[tuple[int, int, str]]:
        """Spans of the full names and the candidate's number in `text`, however written, with their marker."""
        if self.full_names is None:
            return []
        loose = _loose(text)
        spans = [(m.start(), m.end(), m.lastgroup or "") for m in self.full_names.finditer(loose)]
        return [(s, e, "le candidat" if group == "candidate" else "l'interlocuteur") for s, e, group in spans]

    def pseudonymised(self) -> Fdap:
        """The FDAP as it may be shown to a model: no candidate, no named person, no coordinates."""
        raw = msgspec.to_builtins(msgspec.structs.replace(self.fdap, candidat=Candidat()))
        clean = msgspec.convert(self._walk(raw), Fdap)
        organisation = self.fdap.cadre.organisation
        if not find_personal(organisation, self.people, self.candidate):
            clean = msgspec.structs.replace(
                clean, cadre=msgspec.structs.replace(clean.cadre, organisation=organisation)
            )
        return clean

    def _walk(self, value: object) -> object:
        if isinstance(value, str):
            return self._cleaned(value, lambda t: replace(t, self.all_names))
        if isinstance(value, list):
            return [self._walk(v) for v in value]
        if isinstance(value, dict):
            return {k: self._walk(v) for k, v in value.items()}
        return value

    def ensure_clean(self, payload: str) -> None:
        """Refuse a request whose text still holds anything identifying (this FDAP's people or anyone's)."""
        text = plain(payload.replace("\\n", "\n").replace('\\"', '"'))
        found = [f.text for f in find_personal(text, self.people, self.candidate)]
        found += identifiers_in(text, self.names) + [text[s:e] for s, e, _ in self._full_names_in(text)]
        if found or PHONE.search(text) or EMAIL.search(text):
            raise PrivacyError(
                "requête refusée : des données personnelles seraient envoyées au modèle "
                f"({len(found) or 1} élément(s) détecté(s)) ; rien n'a été transmis"
            )


def _strings(value: object) -> list[str]:
    """Every text of a decoded document, at any depth."""
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [text for item in items for text in _strings(item)]


def _loose(text: str) -> str:
    """`text` lower-cased without accents, one character for one, so that spans stay those of `text`."""
    if text.isascii():
        return text.lower()
    return "".join((unicodedata.normalize("NFD", c)[:1].lower() or c)[:1] for c in text)


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[\W_]+", _loose(name)) if w]


def _full_names(candidate: Candidat, people: list[Person]) -> re.Pattern[str] | None:
    """One pattern for the candidate's full name and number and the people's full names: names in either
    order with any separators, the number with any separators between its characters."""
    groups: dict[str, list[str]] = {"candidate": [], "person": []}
    nom, prenom, number = _words(candidate.nom), _words(candidate.prenom), "".join(_words(candidate.numero))
    if nom and prenom:
        groups["candidate"] = [_joined(prenom + nom), _joined(nom + prenom)]
    if len(number) >= 4:
        groups["candidate"].append(r"[\s.\-_/]?".join(map(re.escape, number)))
    for person in people:
        surname, full = _words(person.surname), _words(person.full)
        first = full[: len(full) - len(surname)]
        if surname and first and full[len(first) :] == surname:
            groups["person"] += [_joined(first + surname), _joined(surname + first)]
    alternatives = [f"(?P<{group}>{'|'.join(forms)})" for group, forms in groups.items() if forms]
    return (
        re.compile(r"(?<![a-z0-9])(?:" + "|".join(alternatives) + r")(?![a-z0-9])") if alternatives else None
    )


def _joined(words: list[str]) -> str:
    return r"[\s\-_.'’]*".join(map(re.escape, words))
