"""The FDAP (annexe V-1) as the `fdap/1` interchange format."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

Nature = Literal["NV", "EC"]

NATURE_LABELS: dict[str, str] = {
    "NV": "Négociation Vente et Accompagnement de la Relation Client",
    "EC": "Organisation et Animation d'un Évènement commercial",
}


# Size limits, generous beside a real FDAP (its longest rubric ≈ 1,700 characters, 7 phases at most): they
# keep one request from stalling the service, with a 400 naming the field.
MAX_RUBRIC_CHARS = 20_000
MAX_NAME_CHARS = 300
MAX_ITEMS = 40
Rubric = Annotated[
    str, msgspec.Meta(max_length=MAX_RUBRIC_CHARS, description=f"{MAX_RUBRIC_CHARS} caractères au plus")
]
Name = Annotated[
    str, msgspec.Meta(max_length=MAX_NAME_CHARS, description=f"{MAX_NAME_CHARS} caractères au plus")
]


class _Strict(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Unknown keys are refused by name: a typo must never silently drop data."""


class Candidat(_Strict):
    nom: Name = ""
    prenom: Name = ""
    numero: Name = ""


class Cadre(_Strict):
    organisation: Rubric = ""
    adresse: Rubric = ""
    type_structure: Rubric = ""
    offre_commerciale: Rubric = ""
    types_clients: Rubric = ""
    methodes_vente: Rubric = ""


class Analyse(_Strict):
    dates: Rubric = ""
    lieu: Rubric = ""
    historique_problematique: Rubric = ""
    acteurs: Rubric = ""
    objectifs_operationnels: Rubric = ""


class Phase(_Strict):
    phase: Rubric = ""
    outils: Rubric = ""


class Deroulement(_Strict):
    phases: Annotated[list[Phase], msgspec.Meta(max_length=MAX_ITEMS)] = msgspec.field(default_factory=list)
    resultats: Rubric = ""
    difficultes: Rubric = ""


class Activite(_Strict):
    activite: Rubric = ""
    outils: Rubric = ""


class BilanReflexif(_Strict):
    atouts: Rubric = ""
    solutions: Rubric = ""
    ameliorations: Rubric = ""


class CiblageProspection(_Strict):
    demarche: Rubric = ""
    objectifs: Rubric = ""
    activites: Annotated[list[Activite], msgspec.Meta(max_length=MAX_ITEMS)] = msgspec.field(
        default_factory=list
    )
    resultats: Rubric = ""
    bilan_reflexif: BilanReflexif = msgspec.field(default_factory=BilanReflexif)


class Veille(_Strict):
    source: Rubric = ""
    outils: Rubric = ""


class InformationCommerciale(_Strict):
    informations_marche: Rubric = ""
    objectifs: Rubric = ""
    veille: Annotated[list[Veille], msgspec.Meta(max_length=MAX_ITEMS)] = msgspec.field(default_factory=list)
    contribution_expertise: Rubric = ""


class Fdap(_Strict, kw_only=True):
    format: Literal["fdap/1"] = "fdap/1"
    numero: Annotated[int, msgspec.Meta(ge=1, le=2)] = 1
    nature: Nature
    titre: Name = ""
    candidat: Candidat = msgspec.field(default_factory=Candidat)
    cadre: Cadre = msgspec.field(default_factory=Cadre)
    analyse: Analyse = msgspec.field(default_factory=Analyse)
    deroulement: Deroulement = msgspec.field(default_factory=Deroulement)
    ciblage_prospection: CiblageProspection = msgspec.field(default_factory=CiblageProspection)
    information_commerciale: InformationCommerciale = msgspec.field(default_factory=InformationCommerciale)
    annexe_offre: Rubric = ""


def required_missing(fdap: Fdap) -> list[str]:
    """Paths of the fields without which no proposal can be made (formats.md)."""
    missing = [
        path
        for path, value in (
            ("cadre.organisation", fdap.cadre.organisation),
            ("cadre.offre_commerciale", fdap.cadre.offre_commerciale),
        )
        if not value.strip()
    ]
    has_phase = any(p.phase.strip() or p.outils.strip() for p in fdap.deroulement.phases)
    if not fdap.analyse.historique_problematique.strip() and not has_phase:
        missing.append("analyse.historique_problematique")
    return missing


_RUBRICS: tuple[tuple[str, str], ...] = (
    ("titre", "TITRE"),
    ("cadre.adresse", "Adresse"),
    ("cadre.type_structure", "Type de structure"),
    ("cadre.types_clients", "Type(s) de client(s)"),
    ("cadre.methodes_vente", "Méthodes de vente"),
    ("analyse.dates", "Date(s)"),
    ("analyse.lieu", "Lieu de l'activité"),
    ("analyse.historique_problematique", "Historique/Problématique"),
    ("analyse.acteurs", "Acteurs concernés"),
    ("analyse.objectifs_operationnels", "Objectifs opérationnels"),
    ("deroulement.resultats", "Résultats"),
    ("deroulement.difficultes", "Difficultés rencontrées"),
    ("ciblage_prospection.demarche", "Ciblage et prospection – Démarche"),
    ("information_commerciale.informations_marche", "Informations sur le marché"),
    ("annexe_offre", "Annexe décrivant l'offre"),
)


def conformity_warnings(fdap: Fdap) -> list[tuple[str, str]]:
    """Rubrics left empty: warnings of the conformity check, never a reason to refuse the FDAP."""
    warnings: list[tuple[str, str]] = []
    for path, label in _RUBRICS:
        value: object = fdap
        for part in path.split("."):
            value = getattr(value, part)
        if not str(value).strip():
            warnings.append((path, f"rubrique « {label} » non renseignée"))
    if not any(p.phase.strip() for p in fdap.deroulement.phases):
        warnings.append(("deroulement.phases", "aucune phase du déroulement renseignée"))
    if not (fdap.candidat.nom.strip() and fdap.candidat.numero.strip()):
        warnings.append(("candidat", "identité du candidat incomplète (nom, numéro)"))
    return warnings
