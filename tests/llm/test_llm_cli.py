"""`fichesujet propose|refine --engine llm` end to end, the command talking to the fake endpoint."""

from __future__ import annotations

import json
import time
from pathlib import Path

import msgspec

from service.domain.codec import load_fdap
from service.domain.fiche_sujet import FicheSujet
from service.domain.rules import check
from tests.conftest import Runner
from tests.llm.conftest import KINE, answer_of, leaks, offline_fiches
from tests.llm.fake_openai import FakeOpenAI, answer, answer_json, status

TIMEOUT, RETRIES, REASKS = 2.0, 1, 1


def _env(server: FakeOpenAI, tmp_path: Path) -> dict[str, str]:
    return {
        "OPENAI_BASE_URL": server.url,
        "OPENAI_API_KEY": "test",
        "FICHESUJET_LLM_MODEL": "test-model",
        "FICHESUJET_LLM_TIMEOUT": str(TIMEOUT),
        "FICHESUJET_LLM_RETRIES": str(RETRIES),
        "FICHESUJET_LLM_REASKS": str(REASKS),
        "FICHESUJET_LLM_OUTPUT_MODE": "json_schema",
        "FICHESUJET_LLM_LOG": str(tmp_path / "calls.jsonl"),
    }


def _proposals(stdout: str) -> list[FicheSujet]:
    return msgspec.convert(json.loads(stdout)["propositions"], list[FicheSujet])


def test_propose_with_a_well_behaved_endpoint_prints_valid_proposals(
    fichesujet: Runner, fake_llm: FakeOpenAI, tmp_path: Path
) -> None:
    fdap = load_fdap(KINE)
    fake_llm.script(*[answer_json(answer_of(f)) for f in offline_fiches(fdap, 3)])

    done = fichesujet(
        "propose", str(KINE), "--engine", "llm", "--variants", "3", env=_env(fake_llm, tmp_path)
    )

    assert done.returncode == 0, done.stderr
    proposals = _proposals(done.stdout)
    assert len(proposals) == 3
    for fiche in proposals:
        assert [c.code for c in check(fiche, fdap) if c.gravite == "erreur"] == []
    assert len(fake_llm.requests) == 3
    assert all(leaks(json.dumps(r, ensure_ascii=False), fdap) == [] for r in fake_llm.requests)


def test_propose_survives_a_429_then_a_non_json_answer(
    fichesujet: Runner, fake_llm: FakeOpenAI, tmp_path: Path
) -> None:
    fdap = load_fdap(KINE)
    fake_llm.script(
        status(429, headers={"Retry-After": "0.1"}),
        answer("Voici une proposition de fiche sujet."),
        answer_json(answer_of(offline_fiches(fdap)[0])),
    )

    done = fichesujet(
        "propose", str(KINE), "--engine", "llm", "--variants", "1", env=_env(fake_llm, tmp_path)
    )

    assert done.returncode == 0, done.stderr
    assert len(_proposals(done.stdout)) == 1
    assert len(fake_llm.requests) == 3


def test_propose_against_a_failing_endpoint_exits_3_in_time_with_a_french_message(
    fichesujet: Runner, fake_llm: FakeOpenAI, tmp_path: Path
) -> None:
    fake_llm.script(status(503, "The engine is currently overloaded, please try again later"))

    start = time.perf_counter()
    done = fichesujet(
        "propose", str(KINE), "--engine", "llm", "--variants", "3", env=_env(fake_llm, tmp_path)
    )
    elapsed = time.perf_counter() - start

    assert done.returncode == 3
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert "Erreur" in done.stderr and "503" in done.stderr
    assert elapsed < TIMEOUT * (RETRIES + 1) * (REASKS + 1) + 3  # the budget, plus the interpreter's start


def test_refine_with_an_instruction_prints_the_revised_sheet(
    fichesujet: Runner, fake_llm: FakeOpenAI, tmp_path: Path
) -> None:
    fdap = load_fdap(KINE)
    current, revision = offline_fiches(fdap, 2)
    fiche_path = tmp_path / "fiche.json"
    fiche_path.write_bytes(msgspec.json.encode(current))
    fake_llm.script(answer_json(answer_of(revision)))
    instruction = "rends le client plus exigeant sur le prix"

    done = fichesujet(
        "refine",
        str(fiche_path),
        "--fdap",
        str(KINE),
        "--instruction",
        instruction,
        env=_env(fake_llm, tmp_path),
    )

    assert done.returncode == 0, done.stderr
    revised = msgspec.json.decode(done.stdout.encode(), type=FicheSujet)
    assert revised.fiche_jury == revision.fiche_jury
    assert revised.candidat == fdap.candidat
    [request] = fake_llm.requests
    assert instruction in json.dumps(request, ensure_ascii=False)
    assert leaks(json.dumps(request, ensure_ascii=False), fdap) == []
