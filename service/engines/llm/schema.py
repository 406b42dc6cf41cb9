"""What the language model must answer, as a strict-safe pydantic schema (structured outputs).

Strict-safe: every field required, no optional or free-form dict, no extra key. The free-text reasoning
comes first so the model thinks before it fills the rows. The header (nature, candidate, activity) is not
asked: it is copied from the FDAP. tests/llm check that these fields are exactly those of the
fiche-sujet/1 structs, so the two definitions cannot drift.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import msgspec
from pydantic import BaseModel, ConfigDict, Field

from service.domain.fdap import Fdap
from service.domain.fiche_sujet import (
    Acteurs,
    FicheActivite,
    FicheCandidat,
    FicheJury,
    FicheSujet,
    Modification,
    Parametre,
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ActeursOut(_Strict):
    vous: str = Field(description="VOUS : statut et rôle du candidat")
    jury: str = Field(description="JURY : statut et rôle du personnage joué par le jury (fictif)")


class FicheCandidatOut(_Strict):
    objet: str
    dates_duree: str
    lieu: str
    sequence: str
    historique_relation: str
    objectifs_communication: str
    informations: str
    contraintes: str
    acteurs: ActeursOut


class FicheJuryOut(_Strict):
    objet: str
    identite: str
    relation_entreprise: str
    date_rencontre: str
    lieu: str
    historique_relation: str
    objectifs_communication: str
    sequence: str
    motivations: str
    freins: str
    contraintes: str
    objections: list[str]


class ModificationOut(_Strict):
    parametre: Parametre
    avant: str
    apres: str
    justification: str


class LlmProposal(_Strict):
    raisonnement: str = Field(description="Raisonnement bref : leviers choisis et pourquoi (non imprimé)")
    fiche_candidat: FicheCandidatOut
    fiche_jury: FicheJuryOut
    modifications: list[ModificationOut]

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The schema, generated once: the SDK asks for it on every request (about 5 ms each)."""
        if args or kwargs:
            return super().model_json_schema(*args, **kwargs)
        return copy.deepcopy(_default_schema(cls))


@cache
def _default_schema(model: type[BaseModel]) -> dict[str, Any]:
    return BaseModel.model_json_schema.__func__(model)  # type: ignore[attr-defined,no-any-return]


def to_fiche(answer: LlmProposal, fdap: Fdap, minutes: int) -> FicheSujet:
    """The fiche sujet of an answer, its header copied from the FDAP (never from the model)."""
    cand = answer.fiche_candidat
    return FicheSujet(
        nature=fdap.nature,
        fiche_activite=FicheActivite(numero=fdap.numero, titre=fdap.titre),
        candidat=fdap.candidat,
        duree_simulation_min=minutes,
        fiche_candidat=FicheCandidat(
            **cand.model_dump(exclude={"acteurs"}), acteurs=Acteurs(**cand.acteurs.model_dump())
        ),
        fiche_jury=FicheJury(**answer.fiche_jury.model_dump()),
        modifications=[Modification(**m.model_dump()) for m in answer.modifications],
    )


def from_fiche(fiche: FicheSujet, raisonnement: str = "") -> dict[str, object]:
    """The answer-shaped dict of a fiche (to show the model the sheet it must revise)."""
    body = msgspec.to_builtins(fiche)
    return {
        "raisonnement": raisonnement,
        "fiche_candidat": body["fiche_candidat"],
        "fiche_jury": body["fiche_jury"],
        "modifications": body["modifications"],
    }
