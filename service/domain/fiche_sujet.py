"""The fiche sujet (annexes V-2 candidat and V-3 jury) as the `fiche-sujet/1` interchange format."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from service.domain.fdap import Candidat, Nature

Parametre = Literal[
    "objet",
    "dates_duree",
    "lieu",
    "sequence",
    "historique_relation",
    "objectifs_communication",
    "informations",
    "contraintes",
    "acteurs",
]

# The nine V-2 rows and the twelve V-3 rows, in the official order, with their printed labels.
ROWS_CANDIDAT: tuple[tuple[str, str], ...] = (
    ("objet", "Objet de l'activité"),
    ("dates_duree", "Date(s) et durée"),
    ("lieu", "Lieu"),
    ("sequence", "Délimitation de séquence(s)"),
    ("historique_relation", "Historique de la relation / Relation à l'entreprise"),
    ("objectifs_communication", "Objectifs de la communication"),
    ("informations", "Informations à exploiter"),
    ("contraintes", "Contrainte(s)"),
    ("acteurs", "Acteur(s) concernés (statut/rôle)"),
)
ROWS_JURY: tuple[tuple[str, str], ...] = (
    ("objet", "Objet de l'activité"),
    ("identite", "Identité"),
    ("relation_entreprise", "Relation à l'entreprise"),
    ("date_rencontre", "Date de la rencontre"),
    ("lieu", "Lieu"),
    ("historique_relation", "Historique de la relation"),
    ("objectifs_communication", "Objectifs de la communication"),
    ("sequence", "Délimitation de séquence(s)"),
    ("motivations", "Motivations"),
    ("freins", "Freins"),
    ("contraintes", "Contrainte(s)"),
    ("objections", "Objections"),
)
PARAMETRES: tuple[str, ...] = tuple(name for name, _ in ROWS_CANDIDAT)
# Size limits, generous beside a real sheet (its longest row ≈ 900 characters, 2 to 4 objections, 9
# parameters at most to change): they keep one request from stalling the service, with a 400 naming the field.
MAX_ROW_CHARS = 6000
MAX_HEADER_CHARS = 300
MAX_OBJECTIONS = 12
MAX_MODIFICATIONS = 12
Row = Annotated[
    str, msgspec.Meta(max_length=MAX_ROW_CHARS, description=f"{MAX_ROW_CHARS} caractères au plus")
]
Header = Annotated[
    str, msgspec.Meta(max_length=MAX_HEADER_CHARS, description=f"{MAX_HEADER_CHARS} caractères au plus")
]
Objections = Annotated[
    list[Row], msgspec.Meta(max_length=MAX_OBJECTIONS, description=f"{MAX_OBJECTIONS} objections au plus")
]
# The jury's role-play lasts 15 minutes unless the session says otherwise: the one definition of it.
DEFAULT_SIMULATION_MINUTES = 15


def steps_beyond_default(minutes: int) -> int:
    """Each whole ten minutes beyond the default duration leaves room for one more phase or change."""
    return max(0, (minutes - DEFAULT_SIMULATION_MINUTES) // 10)


class _Strict(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Unknown keys are refused by name: a typo must never silently drop data."""


class FicheActivite(_Strict):
    numero: Annotated[int, msgspec.Meta(ge=1, le=2)] = 1
    titre: Header = ""


class Acteurs(_Strict):
    vous: Row = ""
    jury: Row = ""


class FicheCandidat(_Strict):
    objet: Row = ""
    dates_duree: Row = ""
    lieu: Row = ""
    sequence: Row = ""
    historique_relation: Row = ""
    objectifs_communication: Row = ""
    informations: Row = ""
    contraintes: Row = ""
    acteurs: Acteurs = msgspec.field(default_factory=Acteurs)


class FicheJury(_Strict):
    objet: Row = ""
    identite: Row = ""
    relation_entreprise: Row = ""
    date_rencontre: Row = ""
    lieu: Row = ""
    historique_relation: Row = ""
    objectifs_communication: Row = ""
    sequence: Row = ""
    motivations: Row = ""
    freins: Row = ""
    contraintes: Row = ""
    objections: Objections = msgspec.field(default_factory=list)


class Modification(_Strict, kw_only=True):
    parametre: Parametre
    avant: Row = ""
    apres: Row = ""
    justification: Row = ""


Modifications = Annotated[
    list[Modification],
    msgspec.Meta(max_length=MAX_MODIFICATIONS, description=f"{MAX_MODIFICATIONS} modifications au plus"),
]


class FicheSujet(_Strict, kw_only=True):
    format: Literal["fiche-sujet/1"] = "fiche-sujet/1"
    nature: Nature
    fiche_activite: FicheActivite = msgspec.field(default_factory=FicheActivite)
    candidat: Candidat = msgspec.field(default_factory=Candidat)
    commission: Header = ""
    date: Header = ""
    duree_simulation_min: Annotated[int, msgspec.Meta(ge=1, le=240)] = DEFAULT_SIMULATION_MINUTES
    fiche_candidat: FicheCandidat = msgspec.field(default_factory=FicheCandidat)
    fiche_jury: FicheJury = msgspec.field(default_factory=FicheJury)
    modifications: Modifications = msgspec.field(default_factory=list)


def candidate_row(fiche: FicheSujet, name: str) -> str:
    """Text of one V-2 row; `acteurs` joins its VOUS and JURY parts."""
    if name == "acteurs":
        acteurs = fiche.fiche_candidat.acteurs
        return f"{acteurs.vous}\n{acteurs.jury}".strip()
    value = getattr(fiche.fiche_candidat, name)
    assert isinstance(value, str)
    return value


def jury_row(fiche: FicheSujet, name: str) -> str:
    """Text of one V-3 row; `objections` joins its items, one a line."""
    if name == "objections":
        return "\n".join(fiche.fiche_jury.objections)
    value = getattr(fiche.fiche_jury, name)
    assert isinstance(value, str)
    return value


def body_fields(fiche: FicheSujet) -> list[tuple[str, str]]:
    """Every text of the sheet bodies with its path: rows of both sheets and the modifications."""
    fields = [(f"fiche_candidat.{n}", candidate_row(fiche, n)) for n, _ in ROWS_CANDIDAT if n != "acteurs"]
    fields.append(("fiche_candidat.acteurs.vous", fiche.fiche_candidat.acteurs.vous))
    fields.append(("fiche_candidat.acteurs.jury", fiche.fiche_candidat.acteurs.jury))
    fields += [(f"fiche_jury.{n}", jury_row(fiche, n)) for n, _ in ROWS_JURY if n != "objections"]
    fields += [(f"fiche_jury.objections[{i}]", o) for i, o in enumerate(fiche.fiche_jury.objections)]
    for i, m in enumerate(fiche.modifications):
        fields += [
            (f"modifications[{i}].avant", m.avant),
            (f"modifications[{i}].apres", m.apres),
            (f"modifications[{i}].justification", m.justification),
        ]
    return fields
