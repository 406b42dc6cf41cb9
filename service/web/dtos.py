"""The JSON API's payloads (msgspec Structs) and the model-to-view conversions: what crosses the HTTP edge."""

from __future__ import annotations

import datetime
import uuid
from typing import Annotated, Any, Literal

import msgspec

from service.db.models import AuditEvent, Candidate, Commission, FdapRecord, Fiche, FicheVersion, User
from service.domain.codec import translate_validation
from service.domain.constats import Constat
from service.domain.fdap import Candidat, Name, Nature
from service.domain.fiche_sujet import (
    DEFAULT_SIMULATION_MINUTES,
    FicheActivite,
    FicheCandidat,
    FicheJury,
    FicheSujet,
    Modification,
)
from service.engines.base import DEFAULT_VARIANTS
from service.review.candidate_list import CandidateSummary

# Size limits of what the API reads besides the documents (those carry their own, in the domain schemas).
Motif = Annotated[str, msgspec.Meta(max_length=2000, description="2000 caractères au plus")]
Email = Annotated[str, msgspec.Meta(max_length=320, description="320 caractères au plus")]
Password = Annotated[str, msgspec.Meta(max_length=1024, description="1024 caractères au plus")]
Members = Annotated[list[uuid.UUID], msgspec.Meta(max_length=100, description="100 au plus")]
Action = Literal["soumettre", "approuver", "demander_modifications", "remettre"]
Role = Literal["admin", "enseignant", "commission"]


class Connexion(msgspec.Struct, forbid_unknown_fields=True):
    email: Email
    mot_de_passe: Password


class Compte(msgspec.Struct):
    id: uuid.UUID
    email: str
    nom: str
    roles: list[str]
    actif: bool


class Avertissement(msgspec.Struct):
    champ: str
    message: str


class FdapResume(msgspec.Struct):
    id: uuid.UUID
    numero: int
    nature: str
    avertissements: list[Avertissement]


class FicheResume(msgspec.Struct):
    id: uuid.UUID
    fdap_id: uuid.UUID
    etat: str
    version: int


class CandidatResume(msgspec.Struct):
    id: uuid.UUID
    nom: str
    prenom: str
    numero: str
    fdaps: list[FdapResume]
    fiches: list[FicheResume]
    session_id: uuid.UUID
    enseignants: list[uuid.UUID]


class FeuilleCandidat(msgspec.Struct):
    """The candidate's side of a fiche-sujet/1 document: its header and V-2, never the jury sheet."""

    format: str
    nature: Nature
    fiche_activite: FicheActivite
    candidat: Candidat
    commission: str
    date: str
    duree_simulation_min: int
    fiche_candidat: FicheCandidat


class FicheCandidatVue(msgspec.Struct):
    id: uuid.UUID
    candidat_id: uuid.UUID
    etat: str
    version: int
    verrou: int
    remise_le: str | None
    fiche_candidat: FeuilleCandidat


class FicheJuryVue(msgspec.Struct):
    id: uuid.UUID
    version: int
    verrou: int
    fiche_jury: FicheJury
    modifications: list[Modification]


class FdapDeposee(msgspec.Struct):
    fdap: FdapResume
    remplace: bool


class DemandeGeneration(msgspec.Struct, forbid_unknown_fields=True):
    variantes: int = DEFAULT_VARIANTS


class GenerationCreee(msgspec.Struct):
    id: uuid.UUID


class NouvelleFiche(msgspec.Struct, forbid_unknown_fields=True):
    """A proposal (or a sheet written by hand) to keep as a draft: a fiche-sujet/1 document."""

    commission_id: uuid.UUID
    document: FicheSujet
    motif: Motif = ""


class EditionFiche(msgspec.Struct, forbid_unknown_fields=True):
    """The whole fiche-sujet/1 document as edited; it becomes a new version, in brouillon."""

    document: FicheSujet
    motif: Motif = ""


class ConstatVue(msgspec.Struct):
    code: str
    gravite: str
    champ: str
    message: str


class FicheEnregistree(msgspec.Struct):
    """The saved fiche, with what the rules find in it (an erreur blocks the submission, not the save)."""

    fiche: FicheCandidatVue
    constats: list[ConstatVue]


class EvenementVue(msgspec.Struct):
    le: str
    acteur: str
    action: str
    de: str | None
    vers: str | None
    motif: str


class VersionVue(msgspec.Struct):
    numero: int
    auteur: str
    creee_le: str
    approuvee_le: str | None


class Historique(msgspec.Struct):
    versions: list[VersionVue]
    evenements: list[EvenementVue]


class Transition(msgspec.Struct, forbid_unknown_fields=True):
    action: Action
    motif: Motif = ""


class Membre(msgspec.Struct):
    id: uuid.UUID
    nom: str


class CommissionVue(msgspec.Struct):
    """A commission of the school; `membre` says whether the caller sits on it."""

    id: uuid.UUID
    numero: str
    session_id: uuid.UUID
    membres: list[Membre]
    membre: bool


class SessionExamenVue(msgspec.Struct):
    id: uuid.UUID
    annee: int
    mode: str
    duree_simulation_min: int


class NouvelleSessionExamen(msgspec.Struct, forbid_unknown_fields=True):
    annee: int
    mode: Literal["ccf", "ponctuel"]
    duree_simulation_min: int = DEFAULT_SIMULATION_MINUTES


class NouveauCompte(msgspec.Struct, forbid_unknown_fields=True):
    email: Email
    nom: Name
    roles: list[Role]
    mot_de_passe: Password


class EditionCompte(msgspec.Struct, forbid_unknown_fields=True):
    """The account as it should be; `mot_de_passe` only to set a new one, `actif` only to (de)activate it."""

    email: Email
    nom: Name
    roles: list[Role]
    mot_de_passe: Password | None = None
    actif: bool | None = None


class EditionCommission(msgspec.Struct, forbid_unknown_fields=True):
    """A commission's number and members; `session_id` only on creation (the school's only session if absent)."""

    numero: Name
    membres: Members
    session_id: uuid.UUID | None = None


class EditionCandidat(msgspec.Struct, forbid_unknown_fields=True):
    """A candidate as they should be; `session_id` may be left out when the school has a single session."""

    nom: Name
    prenom: Name
    numero: Name
    enseignants: Members = msgspec.field(default_factory=list)
    session_id: uuid.UUID | None = None


class CandidatsImportes(msgspec.Struct):
    importes: int
    candidats: list[CandidatResume]


def account_view(user: User) -> Compte:
    return Compte(user.id, user.email, user.display_name, user.roles, user.active)


def commission_view(commission: Commission, me: User) -> CommissionVue:
    members = sorted(commission.members, key=lambda m: m.display_name)
    return CommissionVue(
        commission.id,
        commission.number,
        commission.exam_session_id,
        [Membre(m.id, m.display_name) for m in members],
        any(m.id == me.id for m in members),
    )


def _warnings(warnings: list[dict[str, str]]) -> list[Avertissement]:
    return [Avertissement(w["champ"], w["message"]) for w in warnings]


def fdap_view(record: FdapRecord) -> FdapResume:
    return FdapResume(record.id, record.numero, record.nature, _warnings(record.warnings))


def fiche_view(fiche: Fiche, version: FicheVersion) -> FicheCandidatVue:
    document = msgspec.convert(version.document, FicheSujet)
    sheet = FeuilleCandidat(
        format=document.format,
        nature=document.nature,
        fiche_activite=document.fiche_activite,
        candidat=document.candidat,
        commission=document.commission,
        date=document.date,
        duree_simulation_min=document.duree_simulation_min,
        fiche_candidat=document.fiche_candidat,
    )
    return FicheCandidatVue(
        id=fiche.id,
        candidat_id=fiche.candidate_id,
        etat=fiche.state,
        version=fiche.current_version,
        verrou=fiche.lock_version,
        remise_le=fiche.remise_le.isoformat() if fiche.remise_le else None,
        fiche_candidat=sheet,
    )


def jury_view(fiche: Fiche, version: FicheVersion) -> FicheJuryVue:
    document = msgspec.convert(version.document, FicheSujet)
    return FicheJuryVue(
        fiche.id, fiche.current_version, fiche.lock_version, document.fiche_jury, document.modifications
    )


def saved_view(fiche: Fiche, version: FicheVersion, found: list[Constat]) -> FicheEnregistree:
    constats = [ConstatVue(c.code, c.gravite, c.champ, c.message) for c in found]
    return FicheEnregistree(fiche_view(fiche, version), constats)


def candidate_view(candidate: Candidate) -> CandidatResume:
    """A candidate just enrolled or edited: no FDAP nor fiche in the answer, as before."""
    return CandidatResume(
        candidate.id,
        candidate.nom,
        candidate.prenom,
        candidate.numero,
        [],
        [],
        candidate.exam_session_id,
        [t.id for t in candidate.teachers],
    )


def candidate_line_view(line: CandidateSummary) -> CandidatResume:
    return CandidatResume(
        line.id,
        line.nom,
        line.prenom,
        line.numero,
        [FdapResume(f.id, f.numero, f.nature, _warnings(f.warnings)) for f in line.fdaps],
        [FicheResume(f.id, f.fdap_id, f.state, f.current_version) for f in line.fiches],
        line.exam_session_id,
        line.teachers,
    )


def history_view(
    versions: list[FicheVersion], events: list[AuditEvent], names: dict[uuid.UUID, str]
) -> Historique:
    def iso(moment: datetime.datetime | None) -> str | None:
        return moment.isoformat() if moment else None

    return Historique(
        [
            VersionVue(v.number, names.get(v.author_id, ""), v.created_at.isoformat(), iso(v.approved_at))
            for v in versions
        ],
        [
            EvenementVue(
                e.at.isoformat(),
                names.get(e.actor_id, "") if e.actor_id else "",
                e.action,
                e.from_state,
                e.to_state,
                e.reason,
            )
            for e in events
        ],
    )


def validation_detail(errors: list[Any]) -> str | None:
    """The French sentence for a payload that failed to decode: « document : fiche_candidat.objet : … »."""
    first = next((e for e in errors if isinstance(e, dict) and e.get("message")), None)
    if first is None:
        return None
    key = str(first.get("key", ""))
    located = f"{first['message']} - at `$.{key}`" if key and key != "data" else str(first["message"])
    path, detail = translate_validation(located)
    head, _, rest = path.partition(".")
    if not head:
        return f"corps de la requête : {detail}"
    return f"{head} : {rest} : {detail}" if rest else f"{head} : {detail}"
