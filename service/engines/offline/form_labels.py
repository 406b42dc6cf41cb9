"""The official form's own labels, pasted by students at the start of a rubric (« Nom de l'organisation :
Coopérative… », « Statut / rôle / motivations : »): the engine reads the rubric without them."""

from __future__ import annotations

import re

import msgspec

from service.domain.fdap import Fdap

_LABEL = re.compile(
    r"^\s*(?:nom de l['’]organisation|adresse(?:\s*/\s*code postal\s*/\s*ville)?|type de structure"
    r"|offre commerciale|types?\s*(?:\(s\))?\s*de\s*clients?\s*(?:\(s\))?|m[ée]thodes? de vente|dates?\s*(?:\(s\))?"
    r"|lieu de l['’]activit[ée]|historique\s*/\s*probl[ée]matique(?: de l['’]activit[ée])?"
    r"|acteurs? concern[ée]s(?:\s*\([^)\n]*\))?|statuts?\s*/\s*r[ôo]les?\s*/\s*motivations?"
    r"|objectifs? op[ée]rationnels?|r[ée]sultats? obtenus|difficult[ée]s? rencontr[ée]es)\s*:\s*",
    re.IGNORECASE,
)


def without_form_labels(fdap: Fdap) -> Fdap:
    """The FDAP with every rubric stripped of the form's label that a student pasted at its start."""
    raw = msgspec.to_builtins(fdap)
    cleaned = _strip(raw)
    return fdap if cleaned == raw else msgspec.convert(cleaned, Fdap)


def _strip(value: object) -> object:
    if isinstance(value, str):
        return _LABEL.sub("", value, count=1) if _LABEL.match(value) else value
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value
