"""Refine as safe as generation (hostile review F4): the teacher's instruction and the sheet's rows never
carry the candidate's identity or a person of the FDAP to the model, in any case, accent or spacing, nor
an e-mail spelled in words; a refused request sends nothing. Invented characters of the sheet still go."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import re
from pathlib import Path

import msgspec
import pytest
from litestar.testing import TestClient

from service.domain.codec import load_fdap
from service.domain.fdap import Candidat, Fdap
from service.domain.fiche_sujet import FicheSujet
from service.engines.llm.privacy import PrivacyError
from service.review.demo import load_demo
from service.settings import Settings
from service.web.app import create_app
from tests import databases
from tests.llm.conftest import KINE, answer_of, offline_fiches, propose, valid_answer, with_engine
from tests.llm.fake_openai import FakeOpenAI, answer_json
from tests.llm.test_privacy_corpus import carrying
from tests.pages.conftest import sign_in
from tests.pages.test_editor_pages import fiche_of, form_of

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
    "comme le voulait le dossier 2026 001",
    "comme le voulait le dossier 2026.001",
    "comme le voulait le dossier 2026001",
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
        "Votre contact est Mme Bertrand-Lefevre.",
        "Votre contact est BERTRAND-LEFEVRE.",
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


def test_through_the_editor_page_what_the_review_sent_is_refused_and_nothing_reaches_the_model(
    fake_llm: FakeOpenAI, tmp_path: Path
) -> None:
    settings = dataclasses.replace(
        Settings(data_dir=tmp_path / "data", secret_key="cle-de-test"),
        llm_model="test-model",
        openai_base_url=fake_llm.url,
        openai_api_key="test",
        llm_timeout=2.0,
        llm_output_mode="json_schema",
        llm_log=tmp_path / "appels.jsonl",
    )
    databases.migrate_sqlite(settings)
    asyncio.run(load_demo(settings))
    fake_llm.script(answer_json(answer_of(offline_fiches(load_fdap(KINE), 2)[1])))
    with TestClient(app=create_app(settings)) as client:
        sign_in(client, "enseignante@demo.fichesujet.fr")
        fiche = fiche_of(client, "Martin")
        form = form_of(client.get(f"/fiches/{fiche}/modifier").text)
        refused = [
            client.post(f"/fiches/{fiche}/affiner", data=form | changes)
            for changes in (
                {"consigne": "Rends le client exigeant comme le voulait léa martin"},
                {"consigne": "écris à lea point martin arobase eleve point example"},
                {"consigne": "durcis", "fiche_candidat.informations": "Votre contact est léa  martin."},
            )
        ]
        assert fake_llm.requests == []
        allowed = client.post(
            f"/fiches/{fiche}/affiner", data=form | {"consigne": "plus exigeant sur le prix"}
        )

    assert [r.status_code for r in refused] == [422, 422, 422]
    assert all("rien n&#39;a été transmis" in r.text for r in refused)
    assert allowed.status_code == 200 and len(fake_llm.requests) == 1
    body = json.dumps(fake_llm.requests[0], ensure_ascii=False).lower()
    assert re.findall(r"\b(?:martin|l[ée]a|2026-001)\b", body) == []
