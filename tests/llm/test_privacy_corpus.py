"""The privacy gate against an adversarial corpus: what the fake endpoint actually received holds no
identifier in any form, what cannot be replaced is refused before anything is sent, and the sales facts
(prices, quantities, dates of the meeting) still reach the model."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import msgspec
import pytest

from service.domain.codec import load_fdap
from service.domain.fdap import Candidat, Fdap
from service.domain.fiche_sujet import FicheSujet
from service.domain.rules import check
from service.engines.llm.privacy import PrivacyError, PrivacyGate, plain
from service.settings import Settings
from tests.conftest import FDAP_FILES
from tests.llm.conftest import offline_fiches, propose, valid_answer, with_engine
from tests.llm.fake_openai import FakeOpenAI, answer_json
from tests.llm.privacy_corpus import IDENTIFIERS, LOOKALIKES, Identifier, found_needles

RUBRICS = [
    ("analyse", "historique_problematique"),
    ("analyse", "acteurs"),
    ("deroulement", "resultats"),
    ("deroulement", "difficultes"),
    ("ciblage_prospection", "demarche"),
    ("information_commerciale", "informations_marche"),
    ("cadre", "adresse"),
    ("cadre", "types_clients"),
]
BASES = [FDAP_FILES[0], FDAP_FILES[5], FDAP_FILES[16]]  # 01 kiné, 06 concession, 17 opticien
# Prices, quantities and percentages: the figures a sheet is built on.
FIGURE = re.compile(r"\d[\d  ]*(?:[,.]\d+)?\s?(?:€|%|euros?\b|k€|ml\b|kg\b|exemplaires|participants|clients)")


def carrying(fdap: Fdap, texts: list[str]) -> Fdap:
    """`fdap` with `texts` added to its rubrics in turn, one sentence each."""
    raw: dict[str, Any] = msgspec.to_builtins(fdap)
    for i, text in enumerate(texts):
        section, field = RUBRICS[i % len(RUBRICS)]
        raw[section][field] += f"\n{text}."
    raw["deroulement"]["phases"][0]["outils"] += "\n" + " ; ".join(texts[:3])
    return msgspec.convert(raw, Fdap)


def _body(request: dict[str, Any]) -> str:
    return json.dumps(request, ensure_ascii=False)


def _chunks() -> list[list[Identifier]]:
    return [IDENTIFIERS[i :: len(BASES)] for i in range(len(BASES))]


def test_the_corpus_has_fifty_labelled_identifiers_of_every_kind_and_look_alikes() -> None:
    kinds = {i.kind for i in IDENTIFIERS}
    assert len(IDENTIFIERS) >= 50 and len(LOOKALIKES) >= 30
    assert kinds >= {"courriel", "profil en ligne", "prénom", "nir", "banque", "naissance", "téléphone"}
    assert kinds >= {"adresse", "immatriculation", "identifiant", "pseudonyme"}
    assert all(i.needles and found_needles(i.text, i) == list(i.needles) for i in IDENTIFIERS)


@pytest.mark.parametrize("identifier", IDENTIFIERS, ids=[i.text for i in IDENTIFIERS])
def test_each_identifier_is_replaced_by_a_marker_and_would_be_refused_raw(
    identifier: Identifier, kine: Fdap
) -> None:
    gate = PrivacyGate(carrying(kine, [identifier.text]))
    sent = msgspec.json.encode(gate.pseudonymised()).decode()

    assert found_needles(sent, identifier) == []
    assert re.search(r"\[[a-zé ]+\]|l'interlocuteur", sent)
    with pytest.raises(PrivacyError):
        gate.ensure_clean(identifier.text)


def test_look_alikes_survive_the_gate_word_for_word(kine: Fdap) -> None:
    gate = PrivacyGate(carrying(kine, LOOKALIKES))
    sent = msgspec.json.encode(gate.pseudonymised()).decode()

    assert [text for text in LOOKALIKES if plain(text) not in sent] == []
    gate.ensure_clean(" ; ".join(LOOKALIKES))


@pytest.mark.parametrize("chunk", range(len(BASES)), ids=[p.stem[:2] for p in BASES])
def test_a_real_generation_sends_no_identifier_of_the_corpus_in_any_request(
    chunk: int, fake_llm: FakeOpenAI, llm_settings: Settings
) -> None:
    base = load_fdap(BASES[chunk])
    identifiers = _chunks()[chunk]
    fdap = carrying(base, [i.text for i in identifiers] + LOOKALIKES[chunk::3])
    fake_llm.script(answer_json(valid_answer(base)), answer_json(valid_answer(base)))

    [fiche] = propose(llm_settings, fdap)

    assert fiche.candidat == fdap.candidat
    assert fake_llm.requests
    for request in fake_llm.requests:
        body = _body(request)
        assert {i.text: found_needles(body, i) for i in identifiers if found_needles(body, i)} == {}
        assert [text for text in LOOKALIKES[chunk::3] if plain(text) not in body] == []


@pytest.mark.parametrize(
    "identifier",
    [i for i in IDENTIFIERS if i.kind != "prénom"],
    ids=[i.text for i in IDENTIFIERS if i.kind != "prénom"],
)
def test_an_identifier_in_a_teacher_s_instruction_is_refused_and_nothing_is_sent(
    identifier: Identifier, fake_llm: FakeOpenAI, llm_settings: Settings, kine: Fdap
) -> None:
    current = offline_fiches(kine)[0]
    fake_llm.script(answer_json(valid_answer(kine)))

    with pytest.raises(PrivacyError) as refused:
        with_engine(llm_settings, lambda engine: engine.refine(current, kine, f"ajoute {identifier.text}"))

    assert fake_llm.requests == []
    assert "requête refusée" in str(refused.value) and "rien n'a été transmis" in str(refused.value)


def test_a_first_name_of_the_fdap_alone_in_an_instruction_is_refused_an_invented_one_is_not(
    fake_llm: FakeOpenAI, llm_settings: Settings, kine: Fdap
) -> None:
    fdap = carrying(kine, ["Kévin m'a aidé à préparer le stand"])
    current = offline_fiches(fdap)[0]
    fake_llm.script(answer_json(valid_answer(fdap)))

    with pytest.raises(PrivacyError):
        with_engine(llm_settings, lambda engine: engine.refine(current, fdap, "Kévin doit intervenir"))
    assert fake_llm.requests == []

    with_engine(llm_settings, lambda engine: engine.refine(current, fdap, "le client s'appelle Bertrand"))
    assert len(fake_llm.requests) == 1


@pytest.mark.parametrize("path", FDAP_FILES, ids=[p.stem[:2] for p in FDAP_FILES])
def test_no_price_quantity_or_percentage_of_a_fixture_is_lost(path: Path) -> None:
    fdap = load_fdap(path)
    original = msgspec.json.encode(msgspec.structs.replace(fdap, candidat=Candidat())).decode()
    sent = msgspec.json.encode(PrivacyGate(fdap).pseudonymised()).decode()

    figures = FIGURE.findall(original)
    assert [figure for figure in figures if figure not in sent and plain(figure) not in sent] == []


STRONG_KINDS = {"courriel", "profil en ligne", "nir", "banque", "naissance", "téléphone"}


def _with_constraint(fiche: FicheSujet, extra: str) -> FicheSujet:
    jury = msgspec.structs.replace(fiche.fiche_jury, contraintes=f"{fiche.fiche_jury.contraintes} {extra}.")
    return msgspec.structs.replace(fiche, fiche_jury=jury)


def _personal_codes(fiche: FicheSujet, fdap: Fdap) -> list[str]:
    return [c.champ for c in check(fiche, fdap) if c.code == "donnee_personnelle"]


@pytest.mark.parametrize(
    "identifier",
    [i for i in IDENTIFIERS if i.kind in STRONG_KINDS],
    ids=[i.text for i in IDENTIFIERS if i.kind in STRONG_KINDS],
)
def test_the_rule_refuses_a_sheet_carrying_a_disguised_coordinate_or_number(
    identifier: Identifier, kine: Fdap
) -> None:
    fiche = offline_fiches(kine)[0]
    assert _personal_codes(fiche, kine) == []

    assert _personal_codes(_with_constraint(fiche, identifier.text), kine) == ["fiche_jury.contraintes"]


def test_the_rule_lets_the_look_alikes_through(kine: Fdap) -> None:
    fiche = offline_fiches(kine)[0]

    assert _personal_codes(_with_constraint(fiche, " ; ".join(LOOKALIKES)), kine) == []
