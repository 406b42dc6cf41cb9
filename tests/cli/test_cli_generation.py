"""`fichesujet propose` goes through the one generation path: its sheets are the path's, to the letter."""

from __future__ import annotations

import asyncio
import json

import msgspec

from service import generation
from service.domain.codec import load_fdap
from service.engines.base import ProposalRequest
from service.settings import Settings
from tests.conftest import FIXTURES, Runner

FDAP = FIXTURES / "fdap" / "09-restaurant-soiree-mets-vins.json"


def test_propose_prints_the_sheets_of_the_generation_path(fichesujet: Runner) -> None:
    result = fichesujet("propose", str(FDAP), "--variants", "2", "--seed", "5")
    assert result.returncode == 0, result.stderr
    request = ProposalRequest(variants=2, seed=5, simulation_minutes=Settings().simulation_minutes)
    expected = asyncio.run(generation.generate(load_fdap(FDAP), request, Settings(), "offline"))
    assert json.loads(result.stdout) == {
        "propositions": [msgspec.to_builtins(p.fiche) for p in expected.propositions]
    }


def test_propose_on_the_model_without_configuration_says_what_to_set(fichesujet: Runner) -> None:
    result = fichesujet("propose", str(FDAP), "--engine", "llm", env={"FICHESUJET_LLM_MODEL": ""})
    assert (result.returncode, result.stdout) == (3, "")
    assert "FICHESUJET_LLM_MODEL" in result.stderr and "Traceback" not in result.stderr
