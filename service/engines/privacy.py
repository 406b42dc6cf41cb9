"""The privacy gate: nothing that identifies the candidate or a real person leaves for a language model.

Before any request the FDAP is rebuilt without the candidate's identity, with the people it names, phone
numbers, e-mail and street addresses replaced by neutral placeholders; the request is refused if the same
detectors still find anything in it. The rules check every answer too, so a model cannot bring a real
person back (`donnee_personnelle`).
"""

from __future__ import annotations

import re

import msgspec

from service.domain.fdap import Candidat, Fdap
from service.domain.personal import EMAIL, PHONE, Person, fdap_people, find_personal, redact
from service.errors import EngineError

STREET = re.compile(
    r"\b\d{1,4}\s*(?:bis|ter)?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|all[ée]e|chemin|impasse|quai|route|"
    r"cours|square|voie|lotissement|r[ée]sidence|zone|za|zi|parc)\b[^,;\n()]*(?:,?\s*\d{5}\s+[\w' -]+)?",
    re.IGNORECASE,
)
POSTCODE = re.compile(r"\b\d{5}\b")


class PrivacyError(EngineError):
    """Personal data is still present in what would be sent: the request is not made."""


def _clean(text: str, people: list[Person], candidate: tuple[str, ...]) -> str:
    text = STREET.sub("[adresse]", text)
    text = POSTCODE.sub("[code postal]", text)
    return redact(text, people, candidate)


def pseudonymised(fdap: Fdap) -> Fdap:
    """The FDAP as it may be shown to a model: no candidate, no named person, no coordinates."""
    people = fdap_people(fdap)
    candidate = _candidate_items(fdap)
    raw = msgspec.to_builtins(msgspec.structs.replace(fdap, candidat=Candidat()))

    def walk(value: object) -> object:
        if isinstance(value, str):
            return _clean(value, people, candidate)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        return value

    clean = msgspec.convert(walk(raw), Fdap)
    if clean.cadre.organisation != fdap.cadre.organisation and not find_personal(
        fdap.cadre.organisation, people, candidate
    ):
        clean = msgspec.structs.replace(
            clean, cadre=msgspec.structs.replace(clean.cadre, organisation=fdap.cadre.organisation)
        )
    return clean


def _candidate_items(fdap: Fdap) -> tuple[str, ...]:
    c = fdap.candidat
    items = (c.nom, c.prenom, c.numero, f"{c.prenom} {c.nom}".strip())
    return tuple(x.strip() for x in items if len(x.strip()) > 1)


def scrub(text: str, fdap: Fdap) -> str:
    """`text` without this FDAP's personal data (for what a re-ask sends back to the model)."""
    return _clean(text, fdap_people(fdap), _candidate_items(fdap))


def ensure_clean(payload: str, fdap: Fdap) -> None:
    """Refuse a request whose text still holds personal data of this FDAP (or any phone or e-mail)."""
    people, candidate = fdap_people(fdap), _candidate_items(fdap)
    found = find_personal(payload, people, candidate)
    found_text = [f.text for f in found]
    if STREET.search(payload):
        found_text.append("adresse postale")
    if found_text or PHONE.search(payload) or EMAIL.search(payload):
        raise PrivacyError(
            "requête refusée : des données personnelles seraient envoyées au modèle "
            f"({len(found_text) or 1} élément(s) détecté(s)) ; rien n'a été transmis"
        )
