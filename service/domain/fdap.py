"""The FDAP (annexe V-1) as the `fdap/1` interchange format."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

Nature = Literal["NV", "EC"]

NATURE_LABELS: dict[str, str] = {
    "NV": "Négociation Vente et Accompagnement de la Relation Client",
    "EC": "Organisation et Animation d'un Évènement commercial",
}


class _Strict(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Unknown keys are refused by name: a typo must never silently drop data."""


class Candidat(_Strict):
    nom: str = ""
    prenom: str = ""
    numero: str = ""


class Cadre(_Strict):
    organisation: str = ""
    adresse: str = ""
    type_structure: str = ""
    offre_commerciale: str = ""
    types_clients: str = ""
    methodes_vente: str = ""


class Analyse(_Strict):
    dates: str = ""
    lieu: str = ""
    historique_problematique: str = ""
    acteurs: str = ""
    objectifs_operationnels: str = ""


class Phase(_Strict):
    phase: str = ""
    outils: str = ""


class Deroulement(_Strict):
    phases: list[Phase] = msgspec.field(default_factory=list)
    resultats: str = ""
    difficultes: str = ""


class Activite(_Strict):
    activite: str = ""
    outils: str = ""


class BilanReflexif(_Strict):
    atouts: str = ""
    solutions: str = ""
    ameliorations: str = ""


class CiblageProspection(_Strict):
    demarche: str = ""
    objectifs: str = ""
    activites: list[Activite] = msgspec.field(default_factory=list)
    resultats: str = ""
    bilan_reflexif: BilanReflexif = msgspec.field(default_factory=BilanReflexif)


class Veille(_Strict):
    source: str = ""
    outils: str = ""


class InformationCommerciale(_Strict):
    informations_marche: str = ""
    objectifs: str = ""
    veille: list[Veille] = msgspec.field(default_factory=list)
    contribution_expertise: str = ""


class Fdap(_Strict, kw_only=True):
    format: Literal["fdap/1"] = "fdap/1"
    numero: Annotated[int, msgspec.Meta(ge=1, le=2)] = 1
    nature: Nature
    titre: str = ""
    candidat: Candidat = msgspec.field(default_factory=Candidat)
    cadre: Cadre = msgspec.field(default_factory=Cadre)
    analyse: Analyse = msgspec.field(default_factory=Analyse)
    deroulement: Deroulement = msgspec.field(default_factory=Deroulement)
    ciblage_prospection: CiblageProspection = msgspec.field(default_factory=CiblageProspection)
    information_commerciale: InformationCommerciale = msgspec.field(default_factory=InformationCommerciale)
    annexe_offre: str = ""


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
