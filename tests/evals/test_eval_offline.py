"""`fichesujet eval` on the offline engine: reports, gates on the labelled set, baseline comparison."""

from __future__ import annotations

import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from evals import baseline
from evals.command import run
from evals.labelled import Verdict, measure
from evals.scorers import LABELS, SCORES
from service.cli import build_parser
from service.errors import EngineError
from service.settings import Settings
from tests.conftest import FDAP_FILES, ROOT, Runner
from tests.evals.degraded import CopyingEngine

BASELINE = ROOT / "evals" / "baselines" / "offline.json"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _args(*extra: str) -> Any:
    return build_parser().parse_args(["eval", *extra])


@pytest.fixture(scope="module")
def offline_run(tmp_path_factory: pytest.TempPathFactory, fichesujet: Runner) -> tuple[Any, Path, float]:
    """The default set through the command, compared with the committed baseline (one run for every test)."""
    out = tmp_path_factory.mktemp("eval")
    start = time.perf_counter()
    compare = ("--compare", str(BASELINE), "--fail-on-regression")
    done = fichesujet("eval", "--engine", "offline", "--out", str(out), *compare, timeout=60)
    return done, out, time.perf_counter() - start


def test_offline_eval_runs_the_default_set_in_under_30_seconds(offline_run: tuple[Any, Path, float]) -> None:
    done, out, seconds = offline_run
    assert done.returncode == 0, done.stderr
    assert seconds < 30
    result = json.loads((out / "result.json").read_text(encoding="utf-8"))
    cases = len(FDAP_FILES)  # tidy 01-18 and messy 19-32
    assert result["settings"]["cases"] == cases and result["summary"]["proposals"] == 3 * cases
    assert result["summary"]["hard_pass_rate"] == 1.0
    assert re.search(rf"\[#+\] {cases}/{cases}", done.stderr), done.stderr


def test_every_score_is_in_the_unit_interval(offline_run: tuple[Any, Path, float]) -> None:
    result = json.loads((offline_run[1] / "result.json").read_text(encoding="utf-8"))
    for proposal in result["proposals"]:
        assert set(proposal["scores"]) == set(SCORES)
        assert all(0.0 <= v <= 1.0 for v in proposal["scores"].values()), proposal["scores"]


def test_html_report_is_self_contained_and_shows_scores_and_labelled_set(
    offline_run: tuple[Any, Path, float],
) -> None:
    html = (offline_run[1] / "report.html").read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(html)
    tags = [t for t, _ in parser.tags]
    assert "script" not in tags and "link" not in tags
    assert not [
        a for _, a in parser.tags if any(str(v).startswith("http") for k, v in a.items() if k != "xmlns")
    ]
    assert tags.count("svg") == len(SCORES)
    for label in LABELS.values():
        assert label in html
    assert "Mesurer la mesure" in html and "notation_interdite" in html
    assert "Les propositions les plus faibles" in html and "Offre commerciale" in html


def test_the_labelled_set_reaches_the_recall_floor_with_no_good_sheet_refused(
    offline_run: tuple[Any, Path, float],
) -> None:
    labelled = json.loads((offline_run[1] / "result.json").read_text(encoding="utf-8"))["labelled"]
    assert labelled["ok"] and labelled["recall"] >= 0.95 and labelled["good_refused"] == []
    assert labelled["per_code"]["changement_insuffisant"]["recall"] == 1.0


def test_a_refused_good_sheet_fails_the_gate() -> None:
    caught = Verdict("a", frozenset({"ligne_vide"}), frozenset({"ligne_vide"}), frozenset())
    refused = Verdict("b", frozenset(), frozenset({"activite_nouvelle"}), frozenset())
    figures = measure([caught, refused])
    assert figures["recall"] == 1.0 and figures["good_refused"] == ["b"] and not figures["ok"]
    assert figures["per_code"]["activite_nouvelle"]["precision"] == 0.0


def test_recall_below_the_floor_fails_the_gate() -> None:
    verdicts = [
        Verdict(str(i), frozenset({"ligne_vide"}), frozenset({"ligne_vide"}), frozenset()) for i in range(9)
    ]
    verdicts.append(Verdict("missed", frozenset({"ligne_vide"}), frozenset(), frozenset()))
    figures = measure(verdicts)
    assert figures["recall"] == 0.9 and figures["missed"] == ["missed"] and not figures["ok"]


def test_the_engine_matches_its_committed_baseline(offline_run: tuple[Any, Path, float]) -> None:
    done, out, _ = offline_run
    result = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert done.returncode == 0, result["comparison"]
    assert result["comparison"]["regressions"] == []


def test_an_engine_that_copies_the_fdap_is_caught_as_a_regression(tmp_path: Path) -> None:
    args = _args("--out", str(tmp_path), "--compare", str(BASELINE), "--fail-on-regression")
    assert run(args, Settings(), engine=CopyingEngine()) == 1
    comparison = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))["comparison"]
    assert {"hard_pass_rate", "significance"} <= set(comparison["regressions"])


def test_a_regression_is_reported_without_failing_unless_asked(tmp_path: Path) -> None:
    args = _args("--out", str(tmp_path), "--compare", str(BASELINE))
    assert run(args, Settings(), engine=CopyingEngine()) == 0


def test_a_drop_within_the_tolerance_is_not_a_regression() -> None:
    reference = {"hard_pass_rate": 1.0, "means": {"fit": 0.9, "anchoring": 0.9}, "tolerance": 0.02}
    current = {"hard_pass_rate": 1.0, "means": {"fit": 0.885, "anchoring": 0.87}}
    assert baseline.compare(current, reference)["regressions"] == ["anchoring"]
    assert (
        baseline.compare({**current, "hard_pass_rate": 0.99}, reference)["regressions"][0] == "hard_pass_rate"
    )


class _Failing:
    name = "en-panne"

    async def propose(self, fdap: object, request: object) -> list[Any]:
        raise EngineError("le modèle ne répond pas")


def test_an_engine_failure_is_measured_not_a_crash(tmp_path: Path) -> None:
    args = _args(
        "--out", str(tmp_path), "--cases", str(ROOT / "fixtures" / "fdap" / "01-assurance-sante-kine.json")
    )
    assert run(args, Settings(), engine=_Failing()) == 0  # type: ignore[arg-type]
    result = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    assert result["summary"]["hard_pass_rate"] == 0.0 and result["summary"]["failures"] == 3
    assert "le modèle ne répond pas" in result["proposals"][0]["failure"]


def test_an_unknown_cases_folder_exits_2_with_a_french_message(fichesujet: Runner, tmp_path: Path) -> None:
    done = fichesujet("eval", "--cases", str(tmp_path / "absent"), "--out", str(tmp_path))
    assert done.returncode == 2 and "aucune FDAP" in done.stderr


def test_the_teacher_measures_are_in_every_report(offline_run: tuple[Any, Path, float]) -> None:
    done, out, _ = offline_run
    result = json.loads((out / "result.json").read_text(encoding="utf-8"))
    teacher = result["summary"]["teacher"]
    assert {"facts_carried", "boilerplate", "writing_faults", "markers"} <= set(teacher)
    assert 0.0 <= teacher["boilerplate"] <= 1.0 and teacher["boilerplate_target"] == 0.05
    for proposal in result["proposals"]:
        measures = proposal["measures"]
        assert 0.0 <= measures["facts_carried"] <= 1.0 and measures["writing_faults"] >= 0
        assert len(measures["faults"]) == measures["writing_faults"] and measures["markers"] >= 0
    assert "Ce que voit l'enseignant" in (out / "report.html").read_text(encoding="utf-8")
    assert "ce que voit l'enseignant : faits de la FDAP repris" in done.stderr
