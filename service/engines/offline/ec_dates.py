"""The dates of an EC scene, all true: the next edition and its meeting after the lived event, a review
once the results it quotes are in, and every gap worded as it is (weekday, days, weeks)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from service.domain.text import fold
from service.engines.offline import calendar, extract, french
from service.engines.offline.calendar import fixed_period
from service.engines.offline.ec import Scene
from service.engines.offline.levers import MONTH_OF
from service.engines.offline.roles import cap

_WEEKS = {1: "une semaine", 2: "deux semaines", 3: "trois semaines", 4: "quatre semaines", 5: "cinq semaines",
          6: "six semaines", 7: "sept semaines", 8: "huit semaines"}  # fmt: skip


def _event_day(scene: Scene) -> date:
    """The next edition's day: in the planned month, after the lived event (never within two months of it).

    An event tied to a feast, a season or an outside organiser (« Halloween », « avant-saison », « salon »)
    comes back on the same weekday 52 weeks later (Halloween stays by 31 October); an event for professionals
    never falls in August, when offices are empty.
    """
    facts, kind = scene.facts, scene.kind("dates_duree") or "printemps"
    lived, first = scene.when, scene.first_day
    gap = max(42 if kind == "delai_court" else 70, 14 + 7 * prep_weeks(scene))
    if lived is not None and first is not None and fixed_period(facts):
        day = calendar.event_day(first + timedelta(weeks=52))
        while (day - lived).days < gap:
            day = calendar.event_day(day + timedelta(weeks=52))
        return day
    month = ((facts.month or 1) + 1) % 12 + 1 if kind == "delai_court" else MONTH_OF.get(kind, 4)
    if lived is not None and kind == "meme_saison":
        month = lived.month
    if facts.known.b2b and month == 8:
        month = 9
    year = french.later_month(month, facts.month, facts.year)
    weekday = first.weekday() if first else 1 if facts.known.b2b else 5
    day = _day_in(scene, year, month, weekday)  # the next edition keeps the lived weekday
    while lived is not None and (day - lived).days < gap:
        year += 1
        day = _day_in(scene, year, month, weekday)
    return day


def _day_in(scene: Scene, year: int, month: int, weekday: int) -> date:
    """A weekday in the second or third week of a month, the same on every row of the scene."""
    start = date(year, month, 8 if scene.years % 2 else 15)
    return calendar.event_day(start + timedelta(days=(weekday - start.weekday()) % 7))


def prep_weeks(scene: Scene) -> int:
    """Weeks between the meeting and the next edition: the time left to prepare it."""
    return 3 if scene.kind("dates_duree") == "delai_court" else 6


def _tuesday_before(day: date, weeks: int) -> date:
    start = day - timedelta(weeks=weeks)
    return calendar.open_day(start - timedelta(days=(start.weekday() - 1) % 7), saturday=False, back=True)


def review_day(scene: Scene) -> date | None:
    """The review meeting: a Tuesday or Thursday after the event, once the results it quotes are in."""
    if scene.when is None:
        return None
    # results counted « dans le mois », « après relance »: the review waits until they are in
    said = fold(" ".join([*scene.facts.lists.get("results", ()), *scene.facts.lists.get("objectives", ())]))
    later = re.search(r"\bmois\b|relance|semaines? (?:qui )?suiv|suivantes?", said)
    start = scene.when + timedelta(days=35 if later else 14)
    dated = [d for d in (counted_by(x, scene.when) for x in scene.facts.lists.get("results", ())) if d]
    start = max([start, *(d + timedelta(days=2) for d in dated)])
    wanted = 1 if scene.years % 2 else 3
    return calendar.open_day(start + timedelta(days=(wanted - start.weekday()) % 7), saturday=False)


def meeting_day(scene: Scene) -> date | None:
    """The day the scene is played (None when the FDAP gives no event date to count from)."""
    if scene.mode == "bilan":
        return review_day(scene)
    day = _event_day(scene)
    return day if scene.mode == "visiteur" else _tuesday_before(day, prep_weeks(scene))


def _prep_gap(scene: Scene) -> str:
    if scene.mode in ("bilan", "visiteur"):
        return "les délais prévus"
    meeting, day = meeting_day(scene), _event_day(scene)
    return gap_words((day - meeting).days) if meeting else "les délais prévus"


_DAY_MONTH = re.compile(
    rf"\b(1er|\d{{1,2}})\s+({'|'.join(extract._MONTHS)})(?:\s+(20\d\d))?\b|(?:\b(?:au|le|du)\s+|\b(?=\d{{1,2}}/\d{{1,2}}/20))(\d{{1,2}})/(\d{{1,2}})(?:/(20\d\d))?\b"
)


def said_date(text: str, after: date | None) -> date | None:
    """The first day a line names (« au 30 juin », « 30/06 »), in the year that puts it after `after`."""
    match = _DAY_MONTH.search(fold(text))
    if not match or after is None:
        return None
    if match.group(1):
        day, month, year = match.group(1), extract._MONTHS.index(match.group(2)) + 1, match.group(3)
    else:
        day, month, year = match.group(4), int(match.group(5)), match.group(6)
    try:
        found = date(int(year or after.year), month, 1 if day == "1er" else int(day))
        if not year and found < after:
            found = found.replace(year=found.year + 1)
    except ValueError:
        return None
    return found


_MONTH_SAID = re.compile(rf"\b(?:en|d.|sur|pour|fin)\s*({'|'.join(extract._MONTHS)})(?:\s+(20\d\d))?\b")


def counted_by(text: str, after: date | None) -> date | None:
    """The day a result line is known: the day it names (« au 30/09 »), or the end of the month it counts
    (« ventes Dermalys en avril +35 % » is known once April is over), in the year that puts it after `after`."""
    said = said_date(text, after)
    match = _MONTH_SAID.search(fold(text))
    if said is not None or not match or after is None:
        return said
    month = extract._MONTHS.index(match.group(1)) + 1
    year = int(match.group(2)) if match.group(2) else after.year + (month < after.month)
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def known_by_then(scene: Scene, text: str) -> bool:
    """Whether a figure can be quoted at the meeting: a line dated after the meeting is not known yet."""
    meeting, said = meeting_day(scene), counted_by(text, scene.when)
    return meeting is None or said is None or said <= meeting


def days_words(first: date, span: int = 0) -> str:
    """Example: (samedi 18 janvier 2025, 1) -> « les samedi 18 et dimanche 19 janvier 2025 »; a one-day
    event -> « le samedi 18 janvier 2025 »: an event over several days is never told as one day."""
    last = first + timedelta(days=span)
    if span <= 0:
        return f"le {french.fr_date(first)}"
    head = (
        f"{french.WEEKDAYS[first.weekday()]} {'1er' if first.day == 1 else first.day}"
        if (first.month, first.year) == (last.month, last.year)
        else french.fr_date(first)
    )
    return f"les {head} et {french.fr_date(last)}" if span == 1 else f"du {head} au {french.fr_date(last)}"


def gap_words(days: int) -> str:
    """Example: 14 -> « deux semaines », 17 -> « dix-sept jours »: the real gap, worded."""
    if days % 7 == 0 and days // 7 in _WEEKS:
        return _WEEKS[days // 7]
    return f"{days} jours"


def dates(scene: Scene) -> str:
    hour, minutes = scene.rng.choice(french.HOURS), scene.minutes
    if scene.mode == "bilan":
        meeting = review_day(scene)
        if meeting is None or scene.when is None:
            return f"Réunion de bilan deux à trois semaines après l'évènement, à {hour} ({minutes} minutes)."
        gap = gap_words((meeting - scene.when).days)
        return f"Réunion de bilan le {french.fr_date(meeting)} à {hour} ({minutes} minutes), {gap} après l'évènement."
    day = _event_day(scene)
    if scene.mode == "visiteur":
        return (
            f"{cap(french.fr_date(day))} à {hour}, pendant {scene.next_event} ; échange de {minutes} minutes."
        )
    weeks = prep_weeks(scene)
    meeting = _tuesday_before(day, weeks)
    return (
        f"Rendez-vous le {french.fr_date(meeting)} à {hour} ({minutes} minutes) ; date envisagée pour "
        f"{scene.next_event} : {days_words(day, scene.span)}, {gap_words((day - meeting).days)} plus tard."
    )
