"""Refine as safe as generation (hostile review F4): the teacher's instruction and the sheet's rows never
carry the candidate's identity or a person of the FDAP to the model, in any case, accent or spacing, nor
an e-mail spelled in words; a refused request sends nothing. Invented characters of the sheet still go."""

from __future__ import annotations

import json
import re

import msgspec
import pytest

from service.domain.fdap import Candidat, Fdap
from service.domain.fiche_sujet import FicheSujet
from service.engines.llm.privacy import PrivacyError
from service.settings import Settings
from tests.llm.conftest import offline_fiches, propose, valid_answer, with_engine
from tests.llm.fake_openai import FakeOpenAI, answer_json
from tests.llm.test_privacy_corpus import carrying

LEA = Candidat(nom="Martin", prenom="Léa", numero="2026-001")
JOSIANE = "Josiane Bertrand-Lefèvre a tenu le stand avec moi"


@pytest.fixture
def lea(kine: Fdap) -> Fdap:
    """The kiné FDAP written by Léa Martin, naming a colleague without a civility."""
    return carrying(msgspec.structs.replace(kine, candidat=LEA), [JOSIANE])


def _with_row(fiche: FicheSujet, text: str) -> FicheSujet:
    candidate = msgspec.structs.replace(fiche.fiche_candidat, informations=text)
    return msgspec.structs.replace(fiche, fiche_candidat=candidate)


def _refused(settings: Settings, fake: FakeOpenAI, fdap: Fdap, fiche: FicheSujet, instruction: str) -> None:
    fake.script(answer_json(valid_answer(fdap)))
    with pytest.raises(PrivacyError) as refused:
        with_engine(settings, lambda engine: engine.refine(fiche, fdap, instruction))
    assert fake.requests == []
    assert "rien n'a été transmis" in str(refused.value)


def _sent(settings: Settings, fake: FakeOpenAI, fdap: Fdap, fiche: FicheSujet, instruction: str) -> str:
    fake.script(answer_json(valid_answer(fdap)))
    with_engine(settings, lambda engine: engine.refine(fiche, fdap, instruction))
    [request] = fake.requests
    return json.dumps(request, ensure_ascii=False)


CANDIDATE_FORMS = [
    "Rends le client exigeant comme le voulait léa martin",
    "comme le voulait lea martin",
    "comme le voulait LEA MARTIN",
    "comme le voulait martin léa",
    "comme le voulait Léa   Martin",
    "comme le voulait léa-martin",
    "comme le voulait Lea Martin",
    "comme le voulait MARTIN Lea",
]


@pytest.mark.parametrize("instruction", CANDIDATE_FORMS)
def test_the_candidate_in_an_instruction_in_any_case_accent_or_spacing_is_refused(
    instruction: str, fake_llm: FakeOpenAI, llm_settings: Settings, lea: Fdap
) -> None:
    _refused(llm_settings, fake_llm, lea, offline_fiches(lea)[0], instruction)


SPELLED_EMAILS = [
    "écris à lea point martin arobase eleve point example",
    "écris à lea.martin arobase eleve.example",
    "écris à lmartin arobase lycee-exemple",
    "écris à lea point martin at eleve point example",
    "écris à lea dot martin at eleve dot example",
    "écris à lea_martin (arobase) eleve (point) example",
    "écris à lea.martin@eleve",
]


@pytest.mark.parametrize("instruction", SPELLED_EMAILS)
def test_an_e_mail_spelled_in_words_even_without_a_real_domain_is_refused(
    instruction: str, fake_llm: FakeOpenAI, llm_settings: Settings, kine: Fdap
) -> None:
    _refused(llm_settings, fake_llm, kine, offline_fiches(kine)[0], instruction)


@pytest.mark.parametrize(
    "row",
    [
        "Votre contact est léa martin.",
        "Votre contact est LÉA MARTIN.",
        "Votre contact est Josiane Bertrand-Lefèvre.",
        "Votre contact est josiane bertrand-lefevre.",
        "Votre contact est JOSIANE BERTRAND LEFEVRE.",
        "Écrivez à lea point martin arobase eleve point example.",
    ],
)
def test_a_sheet_row_naming_the_candidate_or_a_person_of_the_fdap_is_refused(
    row: str, fake_llm: FakeOpenAI, llm_settings: Settings, lea: Fdap
) -> None:
    fiche = _with_row(offline_fiches(lea)[0], row)
    _refused(llm_settings, fake_llm, lea, fiche, "durcis les objections")


def test_an_invented_character_of_the_sheet_reaches_the_model_for_coherence(
    fake_llm: FakeOpenAI, llm_settings: Settings, lea: Fdap, kine: Fdap
) -> None:
    row = "Votre contact est M. Durand, gérant ; son adjointe Josiane Bertrand-Lefèvre assiste."
    body = _sent(
        llm_settings, fake_llm, kine, _with_row(offline_fiches(kine)[0], row), "durcis les objections"
    )

    assert "M. Durand, gérant" in body and "Josiane Bertrand-Lefèvre" in body


def test_harmless_look_alikes_of_an_instruction_reach_the_model_word_for_word(
    fake_llm: FakeOpenAI, llm_settings: Settings, lea: Fdap
) -> None:
    instruction = (
        "mets l'accent sur le point de vente, le point fort de l'offre et le point de départ ; "
        "le client arrive à 9 h ; la martingale du vendeur ; Saint-Martin en Ré ; le rendez-vous at home"
    )
    body = _sent(llm_settings, fake_llm, lea, offline_fiches(lea)[0], instruction)

    assert instruction in body


def test_generation_replaces_the_candidate_in_lower_case_without_accents(
    fake_llm: FakeOpenAI, llm_settings: Settings, lea: Fdap
) -> None:
    fdap = carrying(lea, ["lea martin a préparé le stand", "MARTIN léa a relancé le client"])
    fake_llm.script(answer_json(valid_answer(lea)))

    propose(llm_settings, fdap)

    body = json.dumps(fake_llm.requests[0], ensure_ascii=False).lower()
    assert re.findall(r"\b(?:martin|l[ée]a|josiane|bertrand)\b", body) == []
