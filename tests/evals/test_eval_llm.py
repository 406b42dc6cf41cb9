"""`fichesujet eval --engine llm` against the loopback fake endpoint: figures, cache, errors never cached."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from evals.command import run
from service.cli import build_parser
from service.domain.codec import load_fdap
from service.settings import Settings
from tests.llm.conftest import KINE, valid_answer
from tests.llm.fake_openai import FakeOpenAI, answer_json, status


def _settings(endpoint: FakeOpenAI, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "llm_model": "test-model",
        "openai_base_url": endpoint.url,
        "openai_api_key": "test",
        "llm_timeout": 2.0,
        "llm_retries": 0,
        "llm_reasks": 1,
        "eval_prices": '{"test-model": [2.0, 8.0]}',
    }
    return Settings(**{**values, **extra})


def _eval(out: Path, cache: Path, *extra: str) -> Any:
    argv = ["eval", "--engine", "llm", "--cases", str(KINE), "--variants", "2", "--out", str(out)]
    return build_parser().parse_args([*argv, "--cache-dir", str(cache), *extra])


def _result(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "result.json").read_text(encoding="utf-8"))
    return data


def test_llm_eval_reports_tokens_cost_latency_and_first_try_validity(
    endpoint: FakeOpenAI, tmp_path: Path
) -> None:
    endpoint.script(answer_json(valid_answer(load_fdap(KINE)), usage=(1000, 500)))
    assert run(_eval(tmp_path / "out", tmp_path / "cache"), _settings(endpoint)) == 0
    result = _result(tmp_path / "out")
    figures = result["llm"]["figures"]
    assert result["engine"] == "llm" and result["summary"]["hard_pass_rate"] == 1.0
    assert figures["requêtes envoyées au point d'accès"] == 2 and figures["jetons en entrée"] == 2000
    assert figures["jetons en sortie"] == 1000
    assert figures["coût de ce passage (€)"] == pytest.approx(2 * (1000 * 2 + 500 * 8) / 1e6)
    assert figures["valides du premier coup"] == 1.0 and figures["relances (re-asks)"] == 0
    assert figures["latence moyenne (ms)"] is not None
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "Modèle de langage" in html and "jetons en entrée" in html


def test_a_second_run_with_the_cache_makes_no_request(endpoint: FakeOpenAI, tmp_path: Path) -> None:
    endpoint.script(answer_json(valid_answer(load_fdap(KINE))))
    settings = _settings(endpoint)
    assert run(_eval(tmp_path / "one", tmp_path / "cache"), settings) == 0
    assert len(endpoint.requests) == 2
    endpoint.reset()
    assert run(_eval(tmp_path / "two", tmp_path / "cache"), settings) == 0
    assert endpoint.requests == []
    figures = _result(tmp_path / "two")["llm"]["figures"]
    assert figures["réponses servies par le cache"] == 2 and figures["coût de ce passage (€)"] == 0.0
    assert _result(tmp_path / "two")["summary"] == _result(tmp_path / "one")["summary"]


def test_no_cache_and_another_repeat_reach_the_endpoint(endpoint: FakeOpenAI, tmp_path: Path) -> None:
    endpoint.script(answer_json(valid_answer(load_fdap(KINE))))
    settings = _settings(endpoint)
    assert run(_eval(tmp_path / "one", tmp_path / "cache"), settings) == 0
    endpoint.reset()
    assert run(_eval(tmp_path / "two", tmp_path / "cache", "--no-cache"), settings) == 0
    assert len(endpoint.requests) == 2
    endpoint.reset()
    assert run(_eval(tmp_path / "three", tmp_path / "cache", "--repeats", "2"), settings) == 0
    assert len(endpoint.requests) == 2  # repeat 0 from the cache, repeat 1 asked


def test_errors_are_never_cached(endpoint: FakeOpenAI, tmp_path: Path) -> None:
    endpoint.script(status(500))
    settings = _settings(endpoint)
    assert run(_eval(tmp_path / "one", tmp_path / "cache"), settings) == 0
    assert _result(tmp_path / "one")["summary"]["failures"] == 2
    endpoint.reset()
    endpoint.script(answer_json(valid_answer(load_fdap(KINE))))
    assert run(_eval(tmp_path / "two", tmp_path / "cache"), settings) == 0
    assert len(endpoint.requests) == 2 and _result(tmp_path / "two")["summary"]["hard_pass_rate"] == 1.0


def test_a_reask_is_counted_and_lowers_first_try_validity(endpoint: FakeOpenAI, tmp_path: Path) -> None:
    good = valid_answer(load_fdap(KINE))
    endpoint.script(answer_json({"raisonnement": "incomplet"}), answer_json(good))
    out = tmp_path / "out"
    argv = _eval(out, tmp_path / "cache", "--variants", "1")
    assert run(argv, _settings(endpoint)) == 0
    figures = _result(out)["llm"]["figures"]
    assert figures["relances (re-asks)"] == 1 and figures["valides du premier coup"] == 0.0


def test_without_a_model_the_llm_eval_says_what_to_set(fichesujet: Any, tmp_path: Path) -> None:
    done = fichesujet(
        "eval",
        "--engine",
        "llm",
        "--out",
        str(tmp_path),
        env={"FICHESUJET_LLM_MODEL": "", "OPENAI_BASE_URL": ""},
    )
    assert done.returncode == 3 and "FICHESUJET_LLM_MODEL" in done.stderr


def test_a_bad_price_table_is_refused_before_any_request(endpoint: FakeOpenAI, tmp_path: Path) -> None:
    from service.errors import InputError

    with pytest.raises(InputError, match="FICHESUJET_EVAL_PRICES"):
        run(_eval(tmp_path / "out", tmp_path / "cache"), _settings(endpoint, eval_prices="pas du json"))
    assert endpoint.requests == []
