"""The French calendar a sheet's dates must respect: public holidays, Sundays, working days.

A meeting never falls on a public holiday (the fixed ones, Easter Monday, Ascension, Whit Monday) nor on
a Sunday; a professional's meeting falls on a weekday. An event keeps its weekday (a Saturday fair
stays a Saturday) but never falls on a public holiday either.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from service.domain.text import fold

if TYPE_CHECKING:
    from service.engines.offline.facts import Material

_FIXED = frozenset({(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)})


def easter(year: int) -> date:
    """Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    n = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * n) // 451
    month, day = divmod(h + n - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=64)
def _movable(year: int) -> frozenset[date]:
    sunday = easter(year)
    return frozenset(sunday + timedelta(days=n) for n in (1, 39, 50))  # Easter and Whit Mondays, Ascension


def is_holiday(day: date) -> bool:
    """Whether `day` is a French public holiday."""
    return (day.month, day.day) in _FIXED or day in _movable(day.year)


def is_open(day: date, *, saturday: bool = True) -> bool:
    """Whether a meeting can be held that day: no holiday, no Sunday, no Saturday unless allowed."""
    return not is_holiday(day) and day.weekday() < (6 if saturday else 5)


def open_day(day: date, *, saturday: bool = True, back: bool = False) -> date:
    """`day`, or the nearest day after it (before it when `back`) on which a meeting can be held."""
    step = timedelta(days=-1 if back else 1)
    while not is_open(day, saturday=saturday):
        day += step
    return day


def event_day(day: date) -> date:
    """`day`, or the same weekday a week later when it is a public holiday (an event keeps its weekday)."""
    while is_holiday(day):
        day += timedelta(days=7)
    return day


# an event tied to a feast or a season of the trade, or run by an outside organiser, keeps its period
_FIXED_PERIOD = re.compile(
    r"\bnoel\b|fetes? de fin d.annee|saint[- ]valentin|fete des (?:meres|peres|grands[- ]meres)|halloween"
    r"|\bpaques\b|black friday|\bsoldes\b|rentree scolaire|octobre rose|telethon|beaujolais|vendanges"
    r"|journee (?:mondiale|nationale)|semaine (?:nationale|europeenne)|avant[- ]saison|pre[- ]?saison"
    r"|ouverture de (?:la )?saison|saisonni|\bsalon\b|\bfoire\b|\bfestival\b"
)
_OUTSIDE = re.compile(
    r"\borganisateur|\borganise(?:e|es|s)? par (?:la (?:ville|mairie|cci|cma)|le (?:comite|salon))"
)


def fixed_period(facts: Material) -> bool:
    """Whether the lived event keeps its period from one edition to the next.

    Read in the FDAP's title and the lived dates (a Christmas session stays in December, a wedding fair
    stays in January), and in the whole FDAP for an outside organiser.
    """
    title = fold(facts.titre + " " + facts.counterparts.get("dates_duree", ""))
    return bool(_FIXED_PERIOD.search(title) or _OUTSIDE.search(fold(" ".join(facts.counterparts.values()))))


_MONTH_NAMES = "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre".split()
# a dated deadline the lived story hangs on: an opening, an installation, a delivery, « avant le … »
_DEADLINE = re.compile(
    r"\b(?:ouverture|ouvre|installation|installe|avant|d.ici|au plus tard|echeance)\b"
    rf"[^.;\n]{{0,40}}?\b(1er|[0-3]?\d)(?: ({'|'.join(_MONTH_NAMES)})\b(?: (20\d\d))?|/([01]?\d)\b(?:/(20\d\d))?)"
)
_FEAST = re.compile(r"\bavant (?:paques|noel)\b")


def deadline(facts: Material) -> date | None:
    """The first dated deadline of the lived story after its meeting, within six months (« ouvre un 2e magasin
    le 8 mars », « installation avant le 14 avril », « avant Pâques »): a new meeting must come before it."""
    lived = facts.event_date
    if lived is None:
        return None
    text = fold(" ".join(facts.counterparts.values()))
    found = []
    for match in _DEADLINE.finditer(text):
        day, year = match.group(1), match.group(3) or match.group(5)
        month = _MONTH_NAMES.index(match.group(2)) + 1 if match.group(2) else int(match.group(4))
        try:
            said = date(int(year or lived.year), month, 1 if day == "1er" else int(day))
        except ValueError:
            continue
        if not year and said < lived:
            said = said.replace(year=said.year + 1)
        found.append(said)
    feast = _FEAST.search(text)
    if feast:
        sunday = easter(lived.year) if "paques" in feast.group(0) else date(lived.year, 12, 25)
        found.append(sunday)
    return min((d for d in found if 0 < (d - lived).days <= 183), default=None)
