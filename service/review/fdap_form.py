"""An FDAP filed from the pages: the V-1 form filled in field by field, a pasted fdap/1 JSON, or a Word file.

Each way ends in the same checks as `POST /api/candidats/{id}/fdaps` (`read_fdap_upload`, its limits and
French errors); what goes wrong is said next to the field it concerns, and what was typed is given back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import msgspec

from service.domain.codec import translate_validation
from service.domain.fdap import Fdap, required_missing
from service.errors import InputError
from service.intake import FdapUpload, Limits, read_fdap_upload
from service.intake.labels import RUBRIC_NAMES, SECTION_NAMES

# Rows offered for each list of the form: (list path, its two columns, number of rows).
LISTS = {
    "deroulement.phases": (("phase", "outils"), 5),
    "ciblage_prospection.activites": (("activite", "outils"), 4),
    "information_commerciale.veille": (("source", "outils"), 4),
}
COLUMN_LABELS = {"phase": "Phase", "activite": "Activité", "source": "Source", "outils": "Outils mobilisés"}
# The form's sections, in the V-1 order: (section title, its fields' paths).
SECTIONS: list[tuple[str, list[str]]] = [
    ("Identification de l'activité", ["titre"]),
    (
        SECTION_NAMES["cadre"],
        [p for p in RUBRIC_NAMES if p.startswith("cadre.")],
    ),
    (SECTION_NAMES["analyse"], [p for p in RUBRIC_NAMES if p.startswith("analyse.")]),
    (SECTION_NAMES["deroulement"], [p for p in RUBRIC_NAMES if p.startswith("deroulement.")]),
    (SECTION_NAMES["ciblage"], [p for p in RUBRIC_NAMES if p.startswith("ciblage_prospection.")]),
    (SECTION_NAMES["information"], [p for p in RUBRIC_NAMES if p.startswith("information_commerciale.")]),
    ("Annexe", ["annexe_offre"]),
]
SHORT = {"titre", "cadre.organisation", "cadre.type_structure", "analyse.dates", "analyse.lieu"}
JSON_SOURCE = "JSON collé"
FORM_SOURCE = "formulaire"


class DepositError(Exception):
    """What went wrong, by field of the page's form ("" for the form as a whole)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class Deposit:
    fdap: Fdap
    notes: list[dict[str, str]] = field(default_factory=list)


def _required_message(path: str) -> str:
    if path == "analyse.historique_problematique":
        return "Renseignez l'historique/problématique ou au moins une phase du déroulement."
    return f"Renseignez la rubrique « {RUBRIC_NAMES[path]} » : elle est nécessaire pour proposer une fiche."


def _set(target: dict[str, object], path: str, value: object) -> None:
    *parents, last = path.split(".")
    for part in parents:
        target = target.setdefault(part, {})  # type: ignore[assignment]
    target[last] = value


def _rows(form: Mapping[str, str], path: str) -> list[dict[str, str]]:
    columns, count = LISTS[path]
    rows = [{c: form.get(f"{path}.{i}.{c}", "").strip() for c in columns} for i in range(count)]
    return [row for row in rows if any(row.values())]


def _document(form: Mapping[str, str]) -> dict[str, object]:
    document: dict[str, object] = {"format": "fdap/1", "nature": form.get("nature", "")}
    document["numero"] = form.get("numero", "")
    for _, paths in SECTIONS:
        for path in paths:
            _set(document, path, _rows(form, path) if path in LISTS else form.get(path, "").strip())
    return document


def from_form(form: Mapping[str, str], limits: Limits) -> Deposit:
    """The FDAP the teacher typed; DepositError names each field to fix."""
    errors: dict[str, str] = {}
    if form.get("nature") not in ("NV", "EC"):
        errors["nature"] = "Choisissez la nature de l'activité : NV ou EC."
    if form.get("numero") not in ("1", "2"):
        errors["numero"] = "Choisissez le numéro de la fiche : 1 ou 2."
    document = _document(form)
    if errors:
        raise DepositError(errors)
    document["numero"] = int(str(document["numero"]))
    try:
        fdap = msgspec.convert(document, Fdap)
    except msgspec.ValidationError as exc:
        path, detail = translate_validation(str(exc))
        raise DepositError({path: f"{detail[0].upper()}{detail[1:]}."}) from None
    if missing := required_missing(fdap):
        raise DepositError({path: _required_message(path) for path in missing})
    if len(msgspec.json.encode(fdap)) > limits.json_bytes:
        raise DepositError({"": f"FDAP trop longue : {limits.json_bytes // (1024 * 1024)} Mo au plus."})
    return Deposit(fdap)


def _upload(data: bytes, source: str, limits: Limits, where: str) -> Deposit:
    try:
        upload: FdapUpload = read_fdap_upload(data, source, limits)
    except InputError as exc:
        raise DepositError({where: f"{exc}."}) from None
    return Deposit(upload.fdap, upload.notes())


def from_json(text: str, limits: Limits) -> Deposit:
    """A pasted fdap/1 document, read as the API reads it."""
    if not text.strip():
        raise DepositError({"json": "Collez le document JSON fdap/1 dans ce champ."})
    return _upload(text.encode(), JSON_SOURCE, limits, "json")


def from_word(name: str, data: bytes, limits: Limits) -> Deposit:
    """The official Word form, read as the API reads it."""
    if not data:
        raise DepositError({"fichier": "Choisissez le fichier Word (.docx) de la FDAP."})
    return _upload(data, name, limits, "fichier")
