"""Personal data in free text: phones, e-mail addresses, numbers that identify, real people named in an FDAP.

The same detector serves the rules (`donnee_personnelle`), the offline engine (which never copies such
data) and the privacy gate of the language-model engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from service.domain.fdap import Fdap
from service.domain.identifiers import PHONE as PHONE
from service.domain.identifiers import PLACE_BEFORE, strong_identifiers
from service.domain.text import STOPWORDS, fold

_DIGITS = re.compile(r"\d[\s.-]?\d[\s.-]?\d[\s.-]?\d")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CAP = r"[A-ZÀ-ÖØ-Þ][\w'’-]*"
_SURNAME = r"(?:(?:Le|La|De|Du|Des|Van|Von|Di|Da|Del|Mac|Ben)\s+)?[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þa-zà-öø-ÿ'’-]+"
CIVILITY_ONLY = (
    r"\b(?:M\.|MM\.|Mr\.?|Mme|Mmes|Mlle|Monsieur|Madame|Mademoiselle|Maître|Me|Dr\.?|Docteur|Pr\.?)"
)
CIVILITY = re.compile(
    rf"\b(?:M\.|MM\.|Mr\.?|Mme|Mmes|Mlle|Monsieur|Madame|Mademoiselle|Maître|Me|Dr\.?|Docteur|Pr\.?)\s+"
    rf"(?P<first>{_CAP}\.?\s+)?(?P<surname>{_SURNAME})"
)
# Capitalised words that follow a civility without being names ("Madame la Directrice" is caught by case).
_NOT_NAMES = frozenset(
    fold(w)
    for w in """Le La Les Du De Des Directeur Directrice Gérant Gérante Responsable Client Cliente Président
    Présidente Chef Maire Conseiller Conseillère Commercial Commerciale X Y Z""".split()
)


@cache
def first_names() -> frozenset[str]:
    text = resources.files("service.domain").joinpath("data/prenoms.txt").read_text(encoding="utf-8")
    return frozenset(fold(line.strip()) for line in text.splitlines() if line.strip())


_FULL_NAME = re.compile(rf"\b(?=(?P<first>{_CAP})\s+(?P<last>{_SURNAME}))")


def _names_a_place(text: str, start: int) -> bool:
    """True when the name at `start` is part of a place ("rue Victor Hugo", "lycée Jean Moulin")."""
    return bool(PLACE_BEFORE.search(text[max(0, start - 30) : start]))


def _is_surname(word: str) -> bool:
    folded = fold(word)
    return len(folded) > 1 and folded not in STOPWORDS and folded not in _NOT_NAMES


@dataclass(frozen=True)
class Person:
    """A real person named in a source text: the full form seen and the surname that identifies them."""

    full: str
    surname: str


def people_in(text: str) -> list[Person]:
    """People named in a text: civility + name, or a known first name + capitalised surname."""
    found: dict[str, Person] = {}
    for match in CIVILITY.finditer(text):
        if _names_a_place(text, match.start()):
            continue
        surname = match.group("surname")
        if _is_surname(surname):
            first = (match.group("first") or "").strip()
            found.setdefault(fold(surname), Person(f"{first} {surname}".strip(), surname))
    for match in _FULL_NAME.finditer(text):
        first, last = match.group("first"), match.group("last")
        if _names_a_place(text, match.start()):
            continue
        if (
            fold(first) in first_names()
            and (last.isupper() or fold(last) not in first_names())
            and _is_surname(last)
        ):
            found.setdefault(fold(last), Person(f"{first} {last}", last))
    return list(found.values())


def fdap_texts(fdap: Fdap) -> list[str]:
    a, d, c, i = fdap.analyse, fdap.deroulement, fdap.ciblage_prospection, fdap.information_commerciale
    texts = [fdap.titre, fdap.cadre.adresse, fdap.cadre.types_clients, fdap.cadre.methodes_vente]
    texts += [a.dates, a.lieu, a.historique_problematique, a.acteurs, a.objectifs_operationnels]
    texts += [p.phase + "\n" + p.outils for p in d.phases] + [d.resultats, d.difficultes]
    texts += [c.demarche, c.objectifs, c.resultats] + [x.activite + "\n" + x.outils for x in c.activites]
    texts += [c.bilan_reflexif.atouts, c.bilan_reflexif.solutions, c.bilan_reflexif.ameliorations]
    texts += [i.informations_marche, i.objectifs, i.contribution_expertise]
    texts += [v.source + "\n" + v.outils for v in i.veille] + [fdap.annexe_offre]
    return texts


def whole_text(fdap: Fdap) -> str:
    """Every text of the FDAP with its organisation and offer: what a sheet's rows are checked against."""
    return "\n".join([fdap.cadre.organisation, fdap.cadre.offre_commerciale, *fdap_texts(fdap)])


def fdap_people(fdap: Fdap) -> list[Person]:
    """Real people the FDAP names, minus the words of the organisation's name (a "Garage Martin")."""
    organisation = set(re.findall(r"\w+", fold(fdap.cadre.organisation)))
    people: dict[str, Person] = {}
    for text in fdap_texts(fdap):
        for person in people_in(text):
            key = fold(person.surname)
            if key not in organisation:
                people.setdefault(key, person)
    return list(people.values())


@dataclass(frozen=True)
class Finding:
    kind: str  # "telephone", "courriel", "profil", "nir", "banque", "naissance", "personne", "candidat"
    text: str


@cache
def _word_pattern(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w]){re.escape(fold(word))}(?![\w])")


@cache
def _surname_pattern(surname: str) -> re.Pattern[str]:
    """A surname as written (capitalised or upper case): "Petit" is a name, "petit-déjeuner" is not."""
    forms = {surname, surname.upper(), surname[:1].upper() + surname[1:].lower()}
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def find_personal(
    text: str, people: list[Person] | tuple[Person, ...], candidate: tuple[str, ...] = ()
) -> list[Finding]:
    """Personal data in `text`: phones, e-mails (disguised too), profiles, NIR, bank details, birth dates,
    the given people's surnames, the candidate's identity."""
    return list(
        _find_personal(text, tuple(people), tuple(c.strip() for c in candidate if len(c.strip()) > 1))
    )


@lru_cache(maxsize=32768)
def _find_personal(text: str, people: tuple[Person, ...], candidate: tuple[str, ...]) -> tuple[Finding, ...]:
    findings = [Finding("telephone", m.group()) for m in PHONE.finditer(text)] if _DIGITS.search(text) else []
    if "@" in text:
        findings += [Finding("courriel", m.group()) for m in EMAIL.finditer(text)]
    surnames = tuple(p.surname for p in people) + tuple(c for c in candidate if not c.isdigit())
    names = _names_pattern(surnames)
    folded = fold(text)
    if names is not None and any(fold(n) in folded for n in surnames) and names.search(text):
        findings += [Finding("personne", p.full) for p in people if _surname_pattern(p.surname).search(text)]
        findings += [
            Finding("candidat", c) for c in candidate if not c.isdigit() and _surname_pattern(c).search(text)
        ]
    seen = {f.text for f in findings}
    findings += [Finding(kind, found) for kind, found in strong_identifiers(text) if found not in seen]
    digits = [c for c in candidate if c.isdigit()]
    if digits:
        findings += [Finding("candidat", c) for c in digits if _word_pattern(c).search(folded)]
    return tuple(findings)


@cache
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for all names: a single scan tells whether any of them is there."""
    if not names:
        return None
    return re.compile("|".join(_surname_pattern(n).pattern for n in names))


_PLACEHOLDERS = {"telephone": "[téléphone]", "courriel": "[courriel]"}


def redact(text: str, people: list[Person] | tuple[Person, ...], candidate: tuple[str, ...] = ()) -> str:
    """`text` with phones, e-mails, named people and the candidate's identity replaced by neutral words.

    "M. Julien Moreau" and "Julien Moreau" become "l'interlocuteur"; a surname left alone (a firm named
    after its owner, "EURL Lemaire Plomberie") becomes "[nom]".
    """
    text = PHONE.sub(_PLACEHOLDERS["telephone"], text)
    text = EMAIL.sub(_PLACEHOLDERS["courriel"], text)
    for person in people:
        surname = _surname_pattern(person.surname).pattern
        text = re.sub(rf"{CIVILITY_ONLY}\s+(?:{_CAP}\.?\s+)?{surname}", "l'interlocuteur", text)
        text = re.sub(rf"\b(?P<first>{_CAP})\s+{surname}", _first_and_surname, text)
        text = re.sub(surname, "[nom]", text)
    for item in candidate:
        if len(item.strip()) > 1:
            text = re.sub(rf"\b{re.escape(item.strip())}\b", "le candidat", text, flags=re.IGNORECASE)
    return text


def _first_and_surname(match: re.Match[str]) -> str:
    first = match.group("first")
    return "l'interlocuteur" if fold(first) in first_names() else f"{first} [nom]"
