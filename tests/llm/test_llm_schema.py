"""The model's answer schema (pydantic) and fiche-sujet/1 (msgspec) describe the same rows."""

from __future__ import annotations

import typing
from pathlib import Path

import msgspec
import pytest
from pydantic import BaseModel

from service.domain.codec import load_fdap
from service.domain.fiche_sujet import (
    PARAMETRES,
    ROWS_CANDIDAT,
    ROWS_JURY,
    Acteurs,
    FicheCandidat,
    FicheJury,
    Modification,
)
from service.engines.llm.schema import (
    ActeursOut,
    FicheCandidatOut,
    FicheJuryOut,
    LlmProposal,
    ModificationOut,
    from_fiche,
    to_fiche,
)
from tests.conftest import FDAP_FILES, fdap_ids
from tests.llm.conftest import offline_fiches


def _struct_fields(struct: type[msgspec.Struct]) -> list[str]:
    return [f.name for f in msgspec.structs.fields(struct)]


@pytest.mark.parametrize(
    ("model", "struct"),
    [
        (FicheCandidatOut, FicheCandidat),
        (FicheJuryOut, FicheJury),
        (ActeursOut, Acteurs),
        (ModificationOut, Modification),
    ],
)
def test_each_answer_part_has_exactly_the_fields_of_its_fiche_struct(
    model: type[BaseModel], struct: type[msgspec.Struct]
) -> None:
    assert list(model.model_fields) == _struct_fields(struct)


def test_the_answer_rows_follow_the_official_v2_and_v3_order() -> None:
    assert list(FicheCandidatOut.model_fields) == [name for name, _ in ROWS_CANDIDAT]
    assert list(FicheJuryOut.model_fields) == [name for name, _ in ROWS_JURY]


def test_the_reasoning_comes_first_and_no_header_is_asked_of_the_model() -> None:
    assert list(LlmProposal.model_fields) == ["raisonnement", "fiche_candidat", "fiche_jury", "modifications"]


def test_a_modification_names_only_the_parameters_of_the_format() -> None:
    annotation = ModificationOut.model_fields["parametre"].annotation
    assert typing.get_args(annotation) == PARAMETRES


@pytest.mark.parametrize("path", FDAP_FILES, ids=fdap_ids())
def test_a_fiche_survives_the_round_trip_through_the_answer_schema(path: Path) -> None:
    fdap = load_fdap(path)
    for fiche in offline_fiches(fdap, 2):
        answer = LlmProposal.model_validate(from_fiche(fiche, "raisonnement"))
        assert to_fiche(answer, fdap, fiche.duree_simulation_min) == fiche
