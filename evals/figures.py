"""The figures and named products of a text (an FDAP rubric or a sheet row), normalised for comparison.

« 1 240 € », « 1240 € » and « 1 240 euros » are one figure; « 15 % » and « 15 pour cent » too; « 22/03 »
and « 22 mars » are one date. Phone numbers, postcodes, e-mails, years alone, times and durations in
minutes or hours are not figures a sheet is expected to carry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evals.sheet_text import fold, normalise

_MONTHS = {
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4, "mai": 5,
    "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9, "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
}  # fmt: skip
_NOISE = re.compile(
    r"\S+@\S+"  # e-mails
    r"|(?:\+33\s?|\b0)[1-9](?:[\s.-]?\d{2}){4}\b"  # phone numbers
    r"|\b\d{6,}\b"  # candidate numbers, SIRET
    r"|\b\d{5}\b(?!\s*(?:€|euro|k€|%))"  # postcodes
)
_NUMBER = r"(?<![\w,.])(-?\d{1,3}(?: \d{3})+|-?\d+)(?:[,.](\d+))?"
_MONEY = re.compile(_NUMBER + r" ?(k€|K€|M€|€|euros?\b|EUR\b)")
_PERCENT = re.compile(_NUMBER + r" ?(%|pour ?cent\b)")
_DATE_WORDS = re.compile(
    r"(?<!\d)(\d{1,2})(?:er)? (" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b"
)
_DATE_SLASH = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?(?![\d/])")
_QUANTITY = re.compile(_NUMBER + r" ([a-zà-ÿ][a-zà-ÿ\-]{2,})")
# Units that say "time of the simulation" or "age", not a fact of the activity.
_NOT_QUANTITIES = {"min", "minutes", "minute", "heure", "heures", "secondes", "pour", "euros", "euro", "cent"}
_STOP_STEMS = {"environ", "partir", "depuis", "avant", "apres", "entre", "quelq", "chaqu", "autre", "comme"}


@dataclass(frozen=True)
class Figure:
    """One figure: its identity (`key`), its value, and the words of its clause (to spot a changed value)."""

    key: tuple[str, ...]
    kind: str  # money | percent | date | quantity
    value: float
    context: frozenset[str]


def _value(whole: str, decimals: str | None) -> float:
    number = float(whole.replace(" ", "").lstrip("-") or 0)
    return number + float(f"0.{decimals}") if decimals else number


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def stems(text: str) -> frozenset[str]:
    """Stems (six first letters) of the words of five letters or more: enough to tell contexts apart."""
    words = re.findall(r"[a-z][a-z\-]{4,}", fold(text))
    return frozenset(w[:6] for w in words if w[:6] not in _STOP_STEMS)


def _clauses(text: str) -> list[str]:
    cleaned = _NOISE.sub(" ", normalise(text))
    return [c for c in re.split(r"(?<=[.;!?])\s+|\n+|(?<=:)\s+(?=-)", cleaned) if c.strip()]


def figures(text: str) -> list[Figure]:
    """Every figure of `text`, each with the stems of its clause."""
    found: list[Figure] = []
    for clause in _clauses(text):
        context = stems(clause)
        found += _money_and_percent(clause, context)
        found += _dates(clause, context)
        found += _quantities(clause, context)
    return found


def _money_and_percent(clause: str, context: frozenset[str]) -> list[Figure]:
    found = []
    for m in _MONEY.finditer(clause):
        value = _value(m.group(1), m.group(2)) * {"k€": 1000, "K€": 1000, "M€": 1_000_000}.get(m.group(3), 1)
        found.append(Figure(("money", _fmt(value)), "money", value, context))
    for m in _PERCENT.finditer(clause):
        value = _value(m.group(1), m.group(2))
        found.append(Figure(("percent", _fmt(value)), "percent", value, context))
    return found


def _dates(clause: str, context: frozenset[str]) -> list[Figure]:
    found = []
    folded = fold(clause)
    for m in _DATE_WORDS.finditer(folded):
        day, month = int(m.group(1)), _MONTHS[m.group(2)]
        if 1 <= day <= 31:
            found.append(Figure(("date", str(day), str(month)), "date", float(day), context))
    for m in _DATE_SLASH.finditer(folded):
        day, month = int(m.group(1)), int(m.group(2))
        if 1 <= day <= 31 and 1 <= month <= 12:
            found.append(Figure(("date", str(day), str(month)), "date", float(day), context))
    return found


def _quantities(clause: str, context: frozenset[str]) -> list[Figure]:
    found = []
    for m in _QUANTITY.finditer(clause):
        word = fold(m.group(3))
        if m.group(2) or word in _NOT_QUANTITIES or word.rstrip("s") in _MONTHS or word in _MONTHS:
            continue
        value = _value(m.group(1), None)
        is_year = 1900 <= value <= 2100 and " " not in m.group(1)
        if value < 2 or is_year:
            continue
        noun = word.rstrip("s")[:4]
        found.append(Figure(("quantity", _fmt(value), noun), "quantity", value, context))
    return found


# Lines of the annex that state terms, not an offer: remises, acomptes, délais…
_TERMS = re.compile(
    r"^(remise|acompte|delai|garantie|concurren|marge|paiement|condition|aucune?|solde|tarif|prix|"
    r"voir|cf|total|budget|objectif|resultat|ca\b|chiffre|annexe|jamais|le |la |les |des |que |jusqu|pour )"
)
_PRODUCT_STOP = {
    "avec",
    "pour",
    "dans",
    "sans",
    "sur",
    "des",
    "les",
    "une",
    "aux",
    "par",
    "plus",
    "tous",
    "toutes",
}


def products(offer: str, annex: str, whole: str) -> list[tuple[str, frozenset[str]]]:
    """Named products or services: items of the offer's list, labels of the annex's priced lines, « names »."""
    names: list[str] = []
    for item in re.split(r"[,;\n]|\s[-–]\s", re.sub(r"\([^)]*\)", "", offer)):
        names.append(item)
    for line in re.split(r"[\n;]", annex):
        label = re.split(r"\s:\s|:|\d", re.sub(r"\([^)]*\)", "", line).strip(" -•*\t"), maxsplit=1)[0]
        if figures(line):
            names.append(label)
    # A quoted name is a product's when it reads as one: a capital, four words at most, not a question.
    quoted = re.findall(r"«\s*([^»]{2,60}?)\s*»", whole)
    names += [q for q in quoted if q[:1].isupper() and len(q.split()) <= 4 and not re.search(r"[?!]", q)]
    kept: dict[frozenset[str], str] = {}
    for name in names:
        clean = normalise(name).strip(" .:-–")
        words = _product_words(clean)
        if clean and 0 < len(clean.split()) <= 6 and words and not _TERMS.match(fold(clean)):
            kept.setdefault(words, clean)
    return [(name, words) for words, name in kept.items()]


def _product_words(name: str) -> frozenset[str]:
    words = re.findall(r"[a-z][a-z\-]{3,}", fold(name))
    return frozenset(w[:5] for w in words if w not in _PRODUCT_STOP and w != "annexe")


def word_stems(text: str) -> frozenset[str]:
    """Stems (five first letters) of the words of four letters or more, to find a product's name."""
    return frozenset(w[:5] for w in re.findall(r"[a-z][a-z\-]{3,}", fold(text)))
