"""The bench's pure parts: wrk's figures read right, the table and the targets computed from them."""

from __future__ import annotations

import pytest

from bench import targets, wrk
from bench.report import BARE, JSON, PAGE, Figures, Generation, Memory, OpenLoop, Pdfs, Point, Results, table

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8000/api/candidats
  1 threads and 50 connections
  Latency Distribution
     50%   12.00ms
     99%   48.00ms
  812 requests in 5.00s, 1.2MB read
BENCH requests=4000 duration_us=5000000 connect=0 read=2 write=0 status=3 timeout=7 p50_us=12000 p95_us=30500 p99_us=48000 max_us=61000
"""


def _result(rate: float, p99_ms: float, requests: int | None = None) -> wrk.WrkResult:
    count = int(rate * 5) if requests is None else requests
    return wrk.WrkResult(count, 5.0, 0, 0, p99_ms / 4, p99_ms / 2, p99_ms, p99_ms * 2)


def _results(list_p99_ms: float, json_rate: float) -> Results:
    results = Results()
    results.points += [
        Point("GET / (JSON minimal)", BARE, "—", 50, _result(1000, 5)),
        Point("GET /api/candidats", JSON, "sqlite", 50, _result(json_rate, list_p99_ms)),
        Point("tableau de bord", PAGE, "sqlite", 50, _result(100, list_p99_ms)),
        Point("tableau de bord", PAGE, "sqlite", 10, _result(100, 500)),  # only the most clients count
    ]
    results.bases["sqlite"] = Figures(
        generation=Generation([100, 120, 140], [100] * 20, 150.0, 0),
        pdfs=Pdfs(900, 300, 10, [300] * 10, 900, 0, [5] * 40, [20] * 100),
        memory=Memory(100, 50, 200, 60, 210, 70),
    )
    return results


def test_wrk_figures_are_read_from_the_lua_line() -> None:
    result = wrk.parse(WRK_OUTPUT)
    assert (result.requests, result.errors, result.timeouts) == (4000, 5, 7)
    assert result.rate == pytest.approx(800)
    assert (result.p50_ms, result.p95_ms, result.p99_ms, result.max_ms) == (12, 30.5, 48, 61)


def test_wrk_output_without_figures_is_a_french_error() -> None:
    with pytest.raises(wrk.WrkError, match="aucun chiffre : unable to connect"):
        wrk.parse("unable to connect to 127.0.0.1:8000 Connection refused\n")


def test_targets_held_when_every_figure_is_within_them() -> None:
    found = targets.verdicts(_results(list_p99_ms=40, json_rate=600), nlp_model=False)
    assert [v.held for v in found[:-1]] == [True] * 7, found
    assert found[-1].held is None and "sans objet" in found[-1].measured
    assert "60.0%" in found[1].measured


def test_targets_missed_name_the_worst_route_and_the_ratio() -> None:
    results = _results(list_p99_ms=80, json_rate=100)
    results.bases["sqlite"].generation = Generation([200], [200] * 20, 1000.0, 0)
    lists, share, job, burst = targets.verdicts(results, nlp_model=True)[:4]
    assert not lists.held and "80.0 ms" in lists.measured and "50 clients" in lists.measured
    assert not share.held and "10.0%" in share.measured and "GET /api/candidats" in share.measured
    assert not job.held and not burst.held and "5.0 × une seule" in burst.measured


def test_a_point_without_any_answer_misses_the_target_and_says_so() -> None:
    results = _results(list_p99_ms=10, json_rate=600)
    results.points[1] = Point("GET /api/candidats", JSON, "sqlite", 50, _result(0, 0, requests=0))
    assert not targets.verdicts(results, nlp_model=False)[0].held
    assert "aucune réponse complète en 5 s" in table(results)


def test_unmeasured_sections_and_failures_show_in_the_one_table() -> None:
    results = _results(list_p99_ms=10, json_rate=600)
    results.bases["postgresql"] = Figures()
    results.failures.append(("PDF", "postgresql", "la section a échoué : BenchError : statut 503"))
    printed = table(results)
    assert printed.count("\n|---|") == 1
    assert "| PDF | ÉCHEC | postgresql |" in printed
    assert (
        "| API JSON | GET /api/candidats | sqlite | 50 | 600 |" in printed and "60.0% du plafond" in printed
    )
    missing = [v for v in targets.verdicts(results, nlp_model=False) if v.base == "postgresql"]
    assert missing and all(v.held is None and v.measured == "non mesuré" for v in missing)


def test_missed_targets_give_the_session_floor_and_the_burst_processor_bound() -> None:
    results = _results(list_p99_ms=80, json_rate=100)
    results.points.append(Point("GET /api/session", JSON, "sqlite", 50, _result(900, 70)))
    results.bases["sqlite"].generation = Generation([50, 50, 50], [900] * 20, 1000.0, 0, 40.0, 45.0)
    lists, _, _, burst = targets.verdicts(results, nlp_model=False)[:4]
    assert "la seule vérification de session (GET /api/session) : p99 70.0 ms" in lists.measured
    assert "20.0 × une seule" in burst.measured
    assert "40.0 ms de processeur" in burst.measured and "800 ms, soit 16.0 × une seule" in burst.measured
    assert "processeur du service : 45.0 ms par tâche" in table(results)


def test_open_loop_rates_print_their_percentiles_and_errors() -> None:
    results = _results(list_p99_ms=10, json_rate=600)
    results.bases["sqlite"].open_loop = [OpenLoop(20.0, 10.0, [float(t) for t in range(1, 201)], 2)]
    printed = table(results)
    assert "| Charge ouverte |" in printed and "| sqlite | 20/s offertes | 20.0 |" in printed
    assert "| 101 | 191 | 199 | 2 | 202 requêtes en 10 s" in printed
