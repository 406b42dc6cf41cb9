"""`fichesujet eval --judge MODEL`: a model grades labelled sheets and proposals on the domain's rubric."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from evals.command import run
from evals.judge import CRITERIA, SELF_JUDGING
from service.cli import build_parser
from service.domain.codec import load_fdap
from service.settings import Settings
from tests.conftest import ROOT
from tests.llm.conftest import KINE, leaks, valid_answer
from tests.llm.fake_openai import FakeOpenAI, answer_json, status

_LABELS = json.loads((ROOT / "fixtures" / "fiches" / "labels.json").read_text(encoding="utf-8"))
LABELLED = len(_LABELS)
GOOD = sum(1 for label in _LABELS if not label["attendu"])


def _verdicts(verdict: str) -> dict[str, Any]:
    return {name: {"raison": "Critère examiné.", "score": 4, "verdict": verdict} for name in CRITERIA}


def _settings(endpoint: FakeOpenAI, log: Path, retries: int = 0) -> Settings:
    """No retry, so that requests are counted exactly; the default timeout, since none is tested here
    (a 2 s one failed requests under load: the judge's ~116 requests share one event loop)."""
    return Settings(
        llm_model="test-model",
        openai_base_url=endpoint.url,
        openai_api_key="test",
        llm_retries=retries,
        llm_log=log,
    )


def _run(endpoint: FakeOpenAI, out: Path, *extra: str, retries: int = 0) -> dict[str, Any]:
    argv = [
        "eval",
        "--cases",
        str(KINE),
        "--variants",
        "2",
        "--out",
        str(out),
        "--cache-dir",
        str(out.parent / "c"),
    ]
    settings = _settings(endpoint, out.parent / "calls.jsonl", retries)
    assert run(build_parser().parse_args([*argv, *extra]), settings) == 0
    data: dict[str, Any] = json.loads((out / "result.json").read_text(encoding="utf-8"))
    return data


def test_a_judge_that_accepts_everything_agrees_only_with_the_good_sheets(
    endpoint: FakeOpenAI, tmp_path: Path
) -> None:
    endpoint.script(answer_json(_verdicts("conforme")))
    judge = _run(endpoint, tmp_path / "out", "--judge", "juge-model")["judge"]
    figures = judge["figures"]
    assert len(endpoint.requests) == LABELLED + 2
    assert {r["model"] for r in endpoint.requests} == {"juge-model"}
    assert figures["fiches étiquetées jugées"] == LABELLED and figures["échecs du juge"] == 0
    assert figures["accord avec les étiquettes"] == pytest.approx(GOOD / LABELLED, abs=1e-3)
    assert figures["fiches fautives acceptées par le juge"] == LABELLED - GOOD
    assert (
        figures["score moyen – realisme"] == 0.75
        and figures["accord avec les règles sur les propositions"] == 1.0
    )
    assert judge["warning"] == "" and judge["proposals"][0]["jugement"]["duree"]["verdict"] == "conforme"
    schema = endpoint.requests[0]["response_format"]["json_schema"]["schema"]
    assert schema["required"] == list(CRITERIA)


def test_the_judge_sees_no_personal_data(endpoint: FakeOpenAI, tmp_path: Path) -> None:
    endpoint.script(answer_json(_verdicts("non_conforme")))
    _run(endpoint, tmp_path / "out", "--judge", "juge-model")
    kine = load_fdap(KINE)
    for body in endpoint.requests[-2:]:
        assert leaks(json.dumps(body, ensure_ascii=False), kine) == []


def test_a_second_judged_run_is_served_by_the_cache(endpoint: FakeOpenAI, tmp_path: Path) -> None:
    endpoint.script(answer_json(_verdicts("non_conforme")))
    first = _run(endpoint, tmp_path / "one", "--judge", "juge-model")["judge"]["figures"]
    endpoint.reset()
    second = _run(endpoint, tmp_path / "two", "--judge", "juge-model")["judge"]["figures"]
    assert endpoint.requests == [] and second["réponses du juge servies par le cache"] == LABELLED + 2
    assert (
        second["accord avec les étiquettes"]
        == first["accord avec les étiquettes"]
        == pytest.approx((LABELLED - GOOD) / LABELLED, abs=1e-3)
    )


def test_a_judge_that_is_the_tested_model_is_flagged(endpoint: FakeOpenAI, tmp_path: Path) -> None:
    endpoint.script(
        answer_json(valid_answer(load_fdap(KINE))),
        answer_json(valid_answer(load_fdap(KINE))),
        answer_json(_verdicts("conforme")),
    )
    result = _run(endpoint, tmp_path / "out", "--engine", "llm", "--judge", "test-model")
    assert result["judge"]["warning"] == SELF_JUDGING
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "Le juge est le modèle évalué" in html


def test_an_unusable_judge_answer_is_counted_not_a_crash(endpoint: FakeOpenAI, tmp_path: Path) -> None:
    endpoint.script(answer_json({"changement": "oui"}))
    figures = _run(endpoint, tmp_path / "out", "--judge", "juge-model")["judge"]["figures"]
    assert figures["échecs du juge"] == LABELLED and figures["accord avec les étiquettes"] is None


def test_the_judges_calls_are_retried_and_logged_like_the_engines(
    endpoint: FakeOpenAI, tmp_path: Path
) -> None:
    endpoint.script(status(503, "surchargé"), answer_json(_verdicts("conforme")))
    figures = _run(endpoint, tmp_path / "out", "--judge", "juge-model", retries=1)["judge"]["figures"]
    assert figures["échecs du juge"] == 0 and len(endpoint.requests) == LABELLED + 3
    assert {r["temperature"] for r in endpoint.requests} == {0.0}
    calls = [json.loads(line) for line in (tmp_path / "calls.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {(c["prompt"], c["model"]) for c in calls} == {("judge", "juge-model")}
    assert sorted(c["outcome"] for c in calls) == ["nouvel_essai"] + ["ok"] * (LABELLED + 2)
    assert all(c["prompt_version"] == "v1" and c["tokens_in"] == 100 for c in calls if c["outcome"] == "ok")
