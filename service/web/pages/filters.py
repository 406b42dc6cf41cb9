"""French wording for the templates: how long something has waited, counts with their noun."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from litestar import Request


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count > 1 else ''}"


def waited(since: datetime.datetime | None, now: datetime.datetime | None = None) -> str:
    """« depuis 3 jours », « depuis 2 heures », « depuis quelques minutes »; empty when unknown."""
    if since is None:
        return ""
    seconds = ((now or datetime.datetime.now(datetime.UTC)) - since).total_seconds()
    if seconds < 3600:
        minutes = int(seconds // 60)
        return f"depuis {_plural(minutes, 'minute')}" if minutes >= 2 else "depuis quelques instants"
    if seconds < 86400:
        return f"depuis {_plural(int(seconds // 3600), 'heure')}"
    days = int(seconds // 86400)
    if days < 14:
        return f"depuis {_plural(days, 'jour')}"
    return f"depuis {_plural(days // 7, 'semaine')}"


def duration(seconds: int) -> str:
    """« 4 minutes et 30 secondes », « 45 secondes »: a wait said in words."""
    minutes, rest = divmod(max(0, seconds), 60)
    if not minutes:
        return _plural(rest, "seconde")
    return _plural(minutes, "minute") + (f" et {_plural(rest, 'seconde')}" if rest else "")


def count(number: int, noun: str, none: str = "aucune") -> str:
    """« 1 fiche », « 3 fiches », « aucune fiche » (`none`="aucun" for a masculine noun)."""
    return f"{none} {noun}" if number == 0 else _plural(number, noun)


def page_link(request: Request[Any, Any, Any], param: str, number: int) -> str:
    """The current query string with `param` set to `number`: the other lists stay on their page."""
    query = {key: value for key, value in request.query_params.items() if key != param}
    return urlencode(query | {param: str(number)})


FILTERS: dict[str, Callable[..., Any]] = {
    "depuis": waited,
    "duree": duration,
    "nombre": count,
    "page_link": page_link,
}
