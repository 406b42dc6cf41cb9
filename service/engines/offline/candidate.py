"""The candidate's own status and colleagues, as the FDAP states them (stagiaire, alternant·e, apprenti·e)."""

from __future__ import annotations

import re

from service.engines.offline.extract import Actor
from service.engines.offline.facts import Material

# « moi, Tom, stagiaire assistant chargé de clientele (…) », « Moi : assistant commercial en alternance »,
# « moi (alternant 2ème année) »: the words after « moi », up to the first aside or punctuation.
_MOI = re.compile(
    r"\b[Mm]oi(?:-même)?\s*(?:[,:]\s*|\s+(?=\()|\s+(?=[a-zàâçéèêëîïôûù]))"
    r"(?:[A-ZÀ-Þ][a-zà-ÿ-]+\s*,\s*)?"
    r"(?:\((?P<aside>[^()\n]{3,60})\)|(?P<role>[^,;:()\n.]{3,70}))"
    r"(?:\s*\((?P<tail>[^()\n]{3,60})\))?"
)
_JOB = re.compile(
    r"\b(?:stagiaire|stage|alternan\w*|apprenti\w*|commercia\w*|vendeu\w*|conseill\w*|assistant\w*|"
    r"charg[ée]e?|technico|concepteur|conceptrice|attach[ée]e?)\b",
    re.IGNORECASE,
)
_STATUS = re.compile(r"\b(?:stagiaire|stage|alternan\w*|apprenti\w*)\b", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\b(?:je|j['’]|mon|ma|mes|ai|suis|étais|etais)\b", re.IGNORECASE)
_YEAR = re.compile(
    r"\s*\b(?:de\s+)?\d\s*(?:e|è|re|ère|ere|eme|ème)\s+ann[ée]e\b(?:\s+(?:de\s+)?BTS(?:\s+NDRC)?)?",
    re.IGNORECASE,
)
_LIVED_STATUS = re.compile(
    r"\bje suis en (?P<alt>alternance)\b|\b(?:mon|ma) (?P<stage>stage)\b|\bj['’]?[ée]tais en (?P<stage2>stage)\b",
    re.IGNORECASE,
)
# A colleague of the candidate's side: the tutor, or who signs the discounts.
_OWN_SIDE = re.compile(r"\b(?:tuteur|tutrice|remises?|d[ée]l[ée]gation)\b", re.IGNORECASE)
_HEADER = re.compile(
    r"^(?:(?:c[ôo]t[ée]\s+)?[\w'’-]+|entreprise|agence|magasin|soci[ée]t[ée]|cabinet)$", re.IGNORECASE
)
# « - l'interlocuteur, 38 ans, », « Mme Sandrine Bellanger, 52 ans, »: who the person is, not the role.
_WHO = re.compile(
    r"^[-•\s]*(?:(?:l['’]interlocuteur|(?:M\.|Mme|Monsieur|Madame)?\s*(?:[A-ZÀ-Þ][\w-]+\s*){1,3})\s*,\s*)?"
    r"(?:\d+\s*ans\s*,\s*)?"
)
_CLIENT_SIDE = re.compile(
    r"\b(?:client\w*|d[ée]cid\w*|utilisat\w*|passe les commandes|interlocut\w*|prescri\w*|de l['’]entreprise)\b",
    re.IGNORECASE,
)


def _clean(role: str) -> str:
    role = _YEAR.sub("", role.split(" - ")[0])
    role = re.sub(r"\s+", " ", role).strip(" ,-–")
    return role


def _stated(text: str) -> str:
    for match in _MOI.finditer(text):
        said = match.group("role") or ""
        if said and text[match.end("role") :].lstrip().startswith(":"):  # « … 2e année Autre : le véto »
            said = re.sub(r"\s+[A-ZÀ-Þ][\w'’-]*\s*$", "", said)  # the next line's heading, joined to it
        role = _clean(said or match.group("aside") or "")
        tail = _clean(match.group("tail") or "")
        if not role or _FIRST_PERSON.search(role) or not _JOB.search(role) or len(role) > 60:
            continue
        if not _STATUS.search(role) and tail and _STATUS.search(tail) and not _FIRST_PERSON.search(tail):
            found = _STATUS.search(tail)
            assert found is not None
            word = found.group(0).lower()
            role += " en stage" if word == "stage" else f" ({word})" if len(tail) > 20 else f" ({tail})"
        return role
    return ""


def status(facts: Material) -> str:
    """The candidate's status and job as the FDAP says them, e.g. « vendeur concepteur en alternance », or ""."""
    text = "\n".join(facts.counterparts.values())
    role = _stated(text) or facts.moi_role
    role = re.sub(r"^[A-ZÀ-Þ][a-zà-ÿ-]+\s*,\s*", "", role)  # the candidate's first name
    role = _clean(role)
    if not role or _FIRST_PERSON.search(role) or re.search(r"\d|\bmoi\b", role, re.IGNORECASE):
        return ""
    if not _STATUS.search(role):
        lived = _LIVED_STATUS.search(text)
        if lived and lived.group("alt"):
            role += " en alternance"
        elif lived:
            role += " en stage"
    return role


def colleagues(facts: Material, interlocutor: Actor | None) -> list[tuple[str, str]]:
    """The candidate's side named by the FDAP: the tutor, who validates the discounts, a manager or a colleague
    of the firm (never the client's side: a decider, a user, who places the orders)."""
    found = []
    for actor in facts.actors:
        if actor is interlocutor or actor.kind in ("moi", "client"):
            continue
        said = f"{actor.label} {actor.note}"
        label = _WHO.sub("", actor.label).strip(" ,")
        if (
            _HEADER.match(label)
            or re.search(r"\d+\s*ans\b|\[", label)
            or len(label) > 90
            or len(actor.note) > 120
        ):
            continue
        if (_OWN_SIDE.search(said) or actor.kind == "superieur") and not _CLIENT_SIDE.search(
            f"{label} {actor.note}"
        ):
            found.append((label, actor.note.strip(" .;")))
    return found[:2]
