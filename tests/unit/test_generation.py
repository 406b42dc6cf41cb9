"""The one generation path: the engine chosen from the settings, every proposal checked, the fallback told."""

from __future__ import annotations

import asyncio
import dataclasses

import msgspec
import pytest

from service import generation
from service.domain.codec import load_fdap
from service.domain.constats import FdapContext
from service.domain.fdap import Fdap
from service.domain.rules import check, is_valid
from service.engines.base import ProposalRequest
from service.engines.offline import OfflineEngine
from service.engines.offline import engine as offline_engine
from service.errors import EngineError, FicheSujetError
from service.settings import Settings
from tests.conftest import FIXTURES
from tests.llm.conftest import fake_llm as fake_llm  # the fixture: a scripted endpoint on loopback
from tests.llm.conftest import kine as kine
from tests.llm.conftest import llm_settings as llm_settings
from tests.llm.conftest import valid_answer
from tests.llm.fake_openai import FakeOpenAI, answer_json, status

REQUEST = ProposalRequest(variants=2, seed=3)


def test_offline_proposals_come_with_the_findings_of_the_check_command(kine: Fdap) -> None:
    result = asyncio.run(generation.generate(kine, REQUEST, Settings(), "auto"))
    assert (result.moteur, result.raison, result.appels, len(result.propositions)) == ("offline", "", [], 2)
    for proposal in result.propositions:
        assert proposal.constats == check(proposal.fiche, kine, REQUEST.simulation_minutes)
        assert proposal.valide == is_valid(proposal.constats)


def test_auto_chooses_the_model_when_one_is_configured(
    fake_llm: FakeOpenAI, llm_settings: Settings, kine: Fdap
) -> None:
    fake_llm.script(answer_json(valid_answer(kine)))
    request = ProposalRequest(variants=1)
    result = asyncio.run(generation.generate(kine, request, llm_settings, "auto"))
    assert (result.moteur, result.raison, [c.outcome for c in result.appels]) == ("llm", "", ["ok"])
    assert [p.valide for p in result.propositions] == [True]


def test_a_failing_model_endpoint_falls_back_to_offline_with_a_french_reason(
    fake_llm: FakeOpenAI, llm_settings: Settings, kine: Fdap
) -> None:
    fake_llm.script(status(500, "The server had an error while processing your request."))
    settings = dataclasses.replace(llm_settings, llm_retries=1)
    result = asyncio.run(generation.generate(kine, REQUEST, settings, "llm"))
    assert (result.moteur, len(result.propositions)) == ("offline", 2)
    assert result.raison.startswith("le modèle de langage n'a pas abouti : "), result.raison
    assert "500" in result.raison and "Traceback" not in result.raison
    attempts = REQUEST.variants * (settings.llm_retries + 1)  # every failed call is told, none hidden
    assert len(fake_llm.requests) == len(result.appels) == attempts
    assert "ok" not in {c.outcome for c in result.appels}
    assert all(p.constats == check(p.fiche, kine) for p in result.propositions)


def test_without_fallback_the_model_failure_is_raised_in_french(
    fake_llm: FakeOpenAI, llm_settings: Settings, kine: Fdap
) -> None:
    fake_llm.script(status(500))
    settings = dataclasses.replace(llm_settings, llm_retries=0)
    with pytest.raises(EngineError, match="500"):
        asyncio.run(generation.generate(kine, REQUEST, settings, "llm", fallback=False))


def test_the_model_asked_for_without_configuration_falls_back_and_says_what_to_set(kine: Fdap) -> None:
    result = asyncio.run(generation.generate(kine, REQUEST, Settings(), "llm"))
    assert result.moteur == "offline" and "FICHESUJET_LLM_MODEL" in result.raison


def test_an_unknown_engine_is_refused_in_french(kine: Fdap) -> None:
    with pytest.raises(FicheSujetError, match="moteur inconnu : 'magique'"):
        asyncio.run(generation.generate(kine, REQUEST, Settings(), "magique"))


def test_the_findings_the_engine_carries_out_are_a_fresh_check_of_each_proposal() -> None:
    request = ProposalRequest(variants=3, seed=7, simulation_minutes=20)
    for path in sorted((FIXTURES / "fdap").glob("*.json"))[::4]:
        fdap = load_fdap(path)
        for proposal in generation._offline(OfflineEngine(), fdap, request):
            assert proposal.constats == check(proposal.fiche, fdap, 20), path.name


def test_a_scrubbed_proposal_carries_the_findings_of_its_scrubbed_text(kine: Fdap) -> None:
    fiche = OfflineEngine().generate(kine, REQUEST)[0]
    # a phone number in a row: personal data, scrubbed, then the sheet checked again
    leaked = msgspec.structs.replace(
        fiche, fiche_candidat=msgspec.structs.replace(fiche.fiche_candidat, lieu="Appelez le 06 12 34 56 78.")
    )
    ctx = FdapContext.of(kine)
    assert "donnee_personnelle" in {c.code for c in check(leaked, ctx, 15)}
    scrubbed, findings = offline_engine._validated(leaked, ctx, 15)
    assert "06 12" not in scrubbed.fiche_candidat.lieu
    assert findings == check(scrubbed, kine, 15)
