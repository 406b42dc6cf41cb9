"""The editor's form and the fiche sujet: one field per row, each beside the FDAP rubric it comes from.

Form names are the rules' field paths (`fiche_candidat.objet`, `modifications[0].apres`), so a finding
points at its field without a second mapping; V-3 objections are one textarea, one objection a line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import cast

import msgspec

from service.domain.codec import translate_validation
from service.domain.constats import Constat
from service.domain.fdap import Fdap
from service.domain.fiche_sujet import (
    MAX_ROW_CHARS,
    PARAMETRES,
    ROWS_CANDIDAT,
    ROWS_JURY,
    Acteurs,
    FicheCandidat,
    FicheJury,
    FicheSujet,
    Modification,
    Parametre,
)
from service.domain.rules import BLOCKS_SUBMISSION
from service.review.worddiff import Segment, changed, word_diff

MAX_FIELD_CHARS = MAX_ROW_CHARS
OBJECTIONS = "fiche_jury.objections"
_SHEET_FIELDS = ("fiche_candidat.", "fiche_jury.", "modifications[")
_MODIFICATION = re.compile(r"^modifications\[(\d{1,3})\]\.(parametre|avant|apres|justification)$")
_MARKER = re.compile(r"\[\s*[aà]\s+pr[eé]ciser\b[^\]]*\]?", re.IGNORECASE)
_ITEM = re.compile(r"\[\d+\]")
MODIFICATION_PARTS = (
    ("avant", "Avant (la FDAP)"),
    ("apres", "Après (la fiche)"),
    ("justification", "Justification"),
)


def _phases(fdap: Fdap) -> str:
    return "\n".join(
        p.phase + (f" (outils : {p.outils})" if p.outils else "") for p in fdap.deroulement.phases
    )


def _offer(fdap: Fdap) -> str:
    return "\n".join(x for x in (fdap.cadre.offre_commerciale, fdap.annexe_offre) if x.strip())


# The FDAP rubric each row is drawn from: its printed label and how to read it.
_Source = tuple[str, Callable[[Fdap], str]]
_TITRE: _Source = ("Titre de l'activité", lambda f: f.titre)
_DATES: _Source = ("Date(s)", lambda f: f.analyse.dates)
_LIEU: _Source = ("Lieu de l'activité", lambda f: f.analyse.lieu)
_PHASES: _Source = ("Déroulement : phases", _phases)
_HISTORY: _Source = ("Historique/Problématique", lambda f: f.analyse.historique_problematique)
_GOALS: _Source = ("Objectifs opérationnels", lambda f: f.analyse.objectifs_operationnels)
_ACTORS: _Source = ("Acteurs concernés", lambda f: f.analyse.acteurs)
_HURDLES: _Source = ("Difficultés rencontrées", lambda f: f.deroulement.difficultes)
SOURCES: dict[str, _Source] = {
    "fiche_candidat.objet": _TITRE,
    "fiche_candidat.dates_duree": _DATES,
    "fiche_candidat.lieu": _LIEU,
    "fiche_candidat.sequence": _PHASES,
    "fiche_candidat.historique_relation": _HISTORY,
    "fiche_candidat.objectifs_communication": _GOALS,
    "fiche_candidat.informations": ("Offre commerciale et annexe décrivant l'offre", _offer),
    "fiche_candidat.contraintes": _HURDLES,
    "fiche_candidat.acteurs": _ACTORS,
    "fiche_jury.objet": _TITRE,
    "fiche_jury.identite": _ACTORS,
    "fiche_jury.relation_entreprise": _HISTORY,
    "fiche_jury.date_rencontre": _DATES,
    "fiche_jury.lieu": _LIEU,
    "fiche_jury.historique_relation": _HISTORY,
    "fiche_jury.objectifs_communication": _GOALS,
    "fiche_jury.sequence": _PHASES,
    "fiche_jury.motivations": ("Type(s) de client(s)", lambda f: f.cadre.types_clients),
    "fiche_jury.freins": _HURDLES,
    "fiche_jury.contraintes": _HURDLES,
    "fiche_jury.objections": _HURDLES,
}
PARAMETRE_LABELS = dict(ROWS_CANDIDAT)


@dataclass(frozen=True)
class Field:
    """One textarea: its form name (the rules' path), label, value, error and markers left in it."""

    name: str
    label: str
    value: str
    error: str = ""
    markers: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return field_id(self.name)

    @property
    def rows(self) -> int:
        """Enough lines to read the text without scrolling (within reason)."""
        lines = sum(len(line) // 60 + 1 for line in self.value.split("\n"))
        return max(2, min(lines + 1, 16))


@dataclass(frozen=True)
class Row:
    """A V-2 or V-3 row: its key (`fiche_jury.identite`), fields, and the FDAP text beside it."""

    key: str
    label: str
    fields: tuple[Field, ...]
    source_label: str
    source_text: str


@dataclass(frozen=True)
class Change:
    """A changed parameter (`modifications`): its three fields and the avant → après diff."""

    index: int
    parametre: str
    label: str
    fields: tuple[Field, ...]
    diff: tuple[Segment, ...]


@dataclass(frozen=True)
class Finding:
    code: str
    gravite: str
    message: str
    where: str
    anchor: str


def field_id(name: str) -> str:
    """The HTML id of a form field: « champ- » and the path with its punctuation as hyphens."""
    return "champ-" + re.sub(r"\W+", "-", name).strip("-")


def form_name(path: str) -> str:
    """The form field of a document path: every objection is a line of the one objections textarea."""
    return _ITEM.sub("", path) if path.startswith(OBJECTIONS) else path


def form_values(fiche: FicheSujet) -> dict[str, str]:
    """The form's fields filled from a document."""
    values = {
        f"fiche_candidat.{n}": str(getattr(fiche.fiche_candidat, n)) for n in PARAMETRES if n != "acteurs"
    }
    values["fiche_candidat.acteurs.vous"] = fiche.fiche_candidat.acteurs.vous
    values["fiche_candidat.acteurs.jury"] = fiche.fiche_candidat.acteurs.jury
    values |= {
        f"fiche_jury.{n}": str(getattr(fiche.fiche_jury, n)) for n, _ in ROWS_JURY if n != "objections"
    }
    values[OBJECTIONS] = "\n".join(fiche.fiche_jury.objections)
    for i, m in enumerate(fiche.modifications):
        values |= {f"modifications[{i}].{part}": getattr(m, part) for part in ("parametre", *_parts())}
    return values


def _row_fields() -> list[str]:
    """The names every posted form carries (a missing one is a broken form, not an emptied row)."""
    return [n for n in form_values(FicheSujet(nature="NV")) if not n.startswith("modifications[")]


def _parts() -> tuple[str, ...]:
    return tuple(part for part, _ in MODIFICATION_PARTS)


def _text(values: Mapping[str, str], name: str) -> str:
    """A posted text with the browser's CRLF line ends as LF."""
    return values.get(name, "").replace("\r\n", "\n").strip()


def document_from(base: FicheSujet, values: Mapping[str, str]) -> tuple[FicheSujet, dict[str, str]]:
    """The document the form describes (header and nature kept from `base`), and the errors by field."""
    errors = {
        n: f"texte trop long ({len(v)} caractères, {MAX_FIELD_CHARS} au plus)"
        for n, v in values.items()
        if n.startswith(_SHEET_FIELDS) and len(v) > MAX_FIELD_CHARS
    }
    errors |= {
        n: "champ absent du formulaire envoyé : rechargez la page" for n in _row_fields() if n not in values
    }
    candidat = {n: _text(values, f"fiche_candidat.{n}") for n in PARAMETRES if n != "acteurs"}
    acteurs = Acteurs(
        vous=_text(values, "fiche_candidat.acteurs.vous"), jury=_text(values, "fiche_candidat.acteurs.jury")
    )
    jury = {n: _text(values, f"fiche_jury.{n}") for n, _ in ROWS_JURY if n != "objections"}
    objections = [line.strip() for line in _text(values, OBJECTIONS).split("\n") if line.strip()]
    changes, change_errors = _modifications(values)
    document = msgspec.structs.replace(
        base,
        fiche_candidat=FicheCandidat(**candidat, acteurs=acteurs),
        fiche_jury=FicheJury(**jury, objections=objections),
        modifications=changes,
    )
    return document, errors | change_errors | _beyond_limits(document)


def _beyond_limits(document: FicheSujet) -> dict[str, str]:
    """The schema's size limits, as the API applies them, on the form's field (the objections: one field)."""
    try:
        msgspec.convert(msgspec.to_builtins(document), FicheSujet)
    except msgspec.ValidationError as exc:
        field, detail = translate_validation(str(exc))
        return {OBJECTIONS if field.startswith(OBJECTIONS) else field: detail}
    return {}


def _modifications(values: Mapping[str, str]) -> tuple[list[Modification], dict[str, str]]:
    found: dict[int, dict[str, str]] = {}
    for name in values:
        if match := _MODIFICATION.match(name):
            found.setdefault(int(match.group(1)), {})[match.group(2)] = _text(values, name)
    changes, errors = [], {}
    for index in sorted(found):
        parts = found[index]
        if parts.get("parametre") not in PARAMETRES:
            errors[f"modifications[{index}].apres"] = "paramètre modifié inconnu : rechargez la fiche"
            continue
        parametre = cast(Parametre, parts["parametre"])
        texts = {k: v for k, v in parts.items() if k != "parametre"}
        changes.append(Modification(parametre=parametre, **texts))
    return changes, errors


def markers(text: str) -> tuple[str, ...]:
    """The « [à préciser : …] » markers a text still holds."""
    return tuple(match.group(0) for match in _MARKER.finditer(text))


def _field(values: Mapping[str, str], errors: Mapping[str, str], name: str, label: str) -> Field:
    value = values.get(name, "")
    return Field(name, label, value, errors.get(name, ""), markers(value))


def _row(fdap: Fdap, values: Mapping[str, str], errors: Mapping[str, str], key: str, label: str) -> Row:
    fields: tuple[Field, ...]
    if key == "fiche_candidat.acteurs":
        fields = (
            _field(values, errors, f"{key}.vous", f"{label} : VOUS"),
            _field(values, errors, f"{key}.jury", f"{label} : JURY"),
        )
    else:
        fields = (_field(values, errors, key, label),)
    source_label, read = SOURCES[key]
    return Row(key, label, fields, source_label, read(fdap).strip())


def _row_text(values: Mapping[str, str], key: str) -> str:
    if key == "fiche_candidat.acteurs":
        return "\n".join(values.get(f"{key}.{part}", "") for part in ("vous", "jury")).strip()
    return values.get(key, "").strip()


def gap(fdap: Fdap, values: Mapping[str, str], key: str) -> tuple[Segment, ...] | None:
    """The words of a row as typed that differ from its FDAP rubric, asked for when the teacher opens
    the comparison (a diff of long, rewritten texts costs tens of milliseconds: never for all rows at once).
    None for a row the editor does not have."""
    if key not in SOURCES:
        return None
    source, text = SOURCES[key][1](fdap).strip(), _row_text(values, key)
    return tuple(word_diff(source, text)) if changed(source, text) else ()


def rows(fdap: Fdap, values: Mapping[str, str], errors: Mapping[str, str]) -> tuple[list[Row], list[Row]]:
    """The V-2 rows and the V-3 rows of the form, in the official order."""
    candidate = [_row(fdap, values, errors, f"fiche_candidat.{n}", label) for n, label in ROWS_CANDIDAT]
    jury = [_row(fdap, values, errors, f"fiche_jury.{n}", label) for n, label in ROWS_JURY]
    return candidate, jury


def changes(values: Mapping[str, str], errors: Mapping[str, str]) -> list[Change]:
    """The changed parameters of the form, each with its avant → après diff."""
    indices = sorted({int(m.group(1)) for n in values if (m := _MODIFICATION.match(n))})
    found = []
    for i in indices:
        parametre = values.get(f"modifications[{i}].parametre", "")
        label = PARAMETRE_LABELS.get(parametre, parametre)
        fields = tuple(
            _field(values, errors, f"modifications[{i}].{p}", f"{label} : {t}") for p, t in MODIFICATION_PARTS
        )
        before, after = (
            values.get(f"modifications[{i}].avant", ""),
            values.get(f"modifications[{i}].apres", ""),
        )
        found.append(Change(i, parametre, label, fields, tuple(word_diff(before, after))))
    return found


def labels(values: Mapping[str, str]) -> dict[str, str]:
    """Each field's name → the words that name it in a finding (« V-2 · Objet de l'activité »)."""
    named = {f"fiche_candidat.{n}": f"V-2 · {label}" for n, label in ROWS_CANDIDAT}
    named["fiche_candidat.acteurs.vous"] = "V-2 · Acteurs : VOUS"
    named["fiche_candidat.acteurs.jury"] = "V-2 · Acteurs : JURY"
    named |= {f"fiche_jury.{n}": f"V-3 · {label}" for n, label in ROWS_JURY}
    for name in values:
        if match := _MODIFICATION.match(name):
            index, part = match.groups()
            parametre = values.get(f"modifications[{index}].parametre", "")
            words = dict(MODIFICATION_PARTS).get(part, part)
            named[name] = f"Modification · {PARAMETRE_LABELS.get(parametre, parametre)} : {words}"
    return named


def findings(constats: list[Constat], values: Mapping[str, str]) -> list[Finding]:
    """The rules' findings, each with the field it concerns named in words and linked by id."""
    named = labels(values)
    found = []
    for c in constats:
        name = form_name(c.champ)
        if name not in named and name == "fiche_candidat.acteurs":
            name = "fiche_candidat.acteurs.vous"
        where = named.get(name, "")
        found.append(Finding(c.code, c.gravite, c.message, where, field_id(name) if where else ""))
    return found


def summary(found: list[Finding]) -> str:
    """One sentence for the live region: how many errors, warnings and markers the rules see now."""
    if not found:
        return "Les règles ne trouvent rien à redire à la fiche."
    errors = sum(f.gravite == "erreur" for f in found)
    marks = sum(f.code in BLOCKS_SUBMISSION for f in found)
    warnings = len(found) - errors - marks
    parts = [(errors, "erreur", "erreurs"), (warnings, "avertissement", "avertissements")]
    parts.append((marks, "marqueur à préciser", "marqueurs à préciser"))
    said = [f"{n} {one if n == 1 else many}" for n, one, many in parts if n]
    return "Les règles trouvent " + ", ".join(said) + "."


def blocks_submission(found: list[Finding]) -> bool:
    return any(f.gravite == "erreur" or f.code in BLOCKS_SUBMISSION for f in found)


def proposed_changes(
    before: Mapping[str, str], after: Mapping[str, str]
) -> list[tuple[str, tuple[Segment, ...]]]:
    """What a refinement would change, field by field (label, diff): shown before the teacher accepts."""
    named = labels(after) | labels(before)
    names = [n for n in after if changed(before.get(n, ""), after[n])]
    names += [n for n in before if n not in after and before[n].strip()]
    return [(named.get(n, n), tuple(word_diff(before.get(n, ""), after.get(n, "")))) for n in names]
