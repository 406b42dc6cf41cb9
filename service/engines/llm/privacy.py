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
from service.domain.personal import EMAIL, PHONE, fdap_people, find_personal, redact
from service.errors import EngineError

STREET = re.compile(
    r"\b\d{1,4}\s*(?:bis|ter)?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|all[ée]e|chemin|impasse|quai|route|"
    r"cours|square|voie|lotissement|r[ée]sidence|zone|za|zi|parc)\b[^,;\n()]*(?:,?\s*\d{5}\s+[\w' -]+)?",
    re.IGNORECASE,
)
POSTCODE = re.compile(r"\b\d{5}\b")


class PrivacyError(EngineError):
    """Personal data is still present in what would be sent: the request is not made."""


class PrivacyGate:
    """What may leave for a model about one FDAP: built once, used for every request about it."""

    def __init__(self, fdap: Fdap) -> None:
        self.fdap = fdap
        self.people = fdap_people(fdap)
        c = fdap.candidat
        items = (c.nom, c.prenom, c.numero, f"{c.prenom} {c.nom}".strip())
        self.candidate = tuple(x.strip() for x in items if len(x.strip()) > 1)

    def scrub(self, text: str) -> str:
        """`text` without this FDAP's personal data, street addresses or postcodes."""
        text = STREET.sub("[adresse]", text)
        text = POSTCODE.sub("[code postal]", text)
        return redact(text, self.people, self.candidate)

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
            return self.scrub(value)
        if isinstance(value, list):
            return [self._walk(v) for v in value]
        if isinstance(value, dict):
            return {k: self._walk(v) for k, v in value.items()}
        return value

    def ensure_clean(self, payload: str) -> None:
        """Refuse a request whose text still holds personal data of this FDAP (or any phone or e-mail)."""
        found = [f.text for f in find_personal(payload, self.people, self.candidate)]
        if STREET.search(payload):
            found.append("adresse postale")
        if found or PHONE.search(payload) or EMAIL.search(payload):
            raise PrivacyError(
                "requête refusée : des données personnelles seraient envoyées au modèle "
                f"({len(found) or 1} élément(s) détecté(s)) ; rien n'a été transmis"
            )
