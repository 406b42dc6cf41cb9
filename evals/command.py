"""`fichesujet eval`: its options, and the run from cases to reports and exit code."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path
from typing import Any

import msgspec

from evals import baseline, panel, report
from evals.cache import CachingTransport
from evals.cases import Case, Labelled, load_cases, load_labels
from evals.engines import Subject, subject
from evals.judge import Judge, run_judge
from evals.labelled import judge_labels, measure
from evals.rated import by_proposal, rated_cases, rated_groups, run_name
from evals.ratings import VERDICTS, load_ratings
from evals.runner import Outcome, run_engine, score_groups
from evals.scorers import LABELS
from evals.summary import summarise, worst
from service.engines.base import Engine
from service.errors import InputError
from service.settings import Settings

EXIT_GATE = 1


def default_out() -> Path:
    return Path("results") / f"eval-{time.strftime('%Y%m%d-%H%M%S')}"


def run(args: argparse.Namespace, settings: Settings, engine: Engine | None = None) -> int:
    """The whole evaluation; 0 when every gate holds, 1 when one fails (the message says which)."""
    started, clock = time.strftime("%Y-%m-%d %H:%M:%S"), time.perf_counter()
    minutes = settings.simulation_minutes
    if args.ratings is not None and args.save_baseline is not None:
        raise InputError(
            "--save-baseline", "", "une référence s'écrit sur un passage du moteur, pas sur des notations"
        )
    labels = load_labels(args.labels, settings.max_input_bytes)
    labelled = measure(judge_labels(labels, minutes))
    out = args.out or default_out()
    out.mkdir(parents=True, exist_ok=True)
    if args.ratings is not None:
        cases, result, outcomes = _rated(args, settings, started, labelled)
    else:
        cases = load_cases(args.cases, settings.max_input_bytes)
        tested = Subject(engine) if engine else subject(args.engine, settings, out, _cache(args))
        groups = asyncio.run(_run(tested.engine, cases, args, minutes))
        outcomes = score_groups(groups, cases, minutes)
        result = _result(tested.engine.name, started, cases, args, minutes, outcomes, labelled)
        result["llm"] = tested.llm_figures()
    if args.judge:
        result["judge"] = _judged(args, settings, labels, outcomes, cases)
    if args.compare is not None:
        result["comparison"] = baseline.compare(result["summary"], baseline.load(args.compare))
    result["duration_s"] = round(time.perf_counter() - clock, 2)
    fdaps = {case.name: msgspec.to_builtins(case.fdap) for case in cases}
    json_path, html_path = report.write(out, result, fdaps)
    if args.save_baseline is not None:
        baseline.save(args.save_baseline, baseline.from_result(result))
    _tell(result, json_path, html_path)
    return _exit_code(result, args.fail_on_regression)


def _rated(
    args: argparse.Namespace, settings: Settings, started: str, labelled: dict[str, Any]
) -> tuple[list[Case], dict[str, Any], list[Outcome]]:
    """The panel's proposals, scored as a run, with how well each score separates « à réécrire »."""
    ratings = load_ratings(args.ratings, settings.max_input_bytes)
    cases = rated_cases(ratings, args.cases, settings.max_input_bytes)
    groups = rated_groups(ratings)
    outcomes = score_groups(groups, cases, settings.simulation_minutes)
    shape = argparse.Namespace(
        cases=args.cases,
        variants=max(o.variant for o in outcomes),
        repeats=max(o.repeat for o in outcomes) + 1,
    )
    result = _result(
        run_name(ratings), started, cases, shape, settings.simulation_minutes, outcomes, labelled
    )
    result["settings"]["ratings_path"] = str(args.ratings)
    result["ratings"] = panel.analyse(ratings, by_proposal(groups))
    return cases, result, outcomes


def _judged(
    args: argparse.Namespace,
    settings: Settings,
    labels: list[Labelled],
    outcomes: list[Outcome],
    cases: list[Case],
) -> dict[str, Any]:
    judge = Judge(settings, args.judge, CachingTransport(_cache(args)))
    fdaps = {case.name: case.fdap for case in cases}
    self_judging = args.engine == "llm" and args.judge == settings.llm_model
    minutes = settings.simulation_minutes
    return asyncio.run(run_judge(judge, labels, outcomes, fdaps, minutes, self_judging))


def _cache(args: argparse.Namespace) -> Path | None:
    return None if args.no_cache else args.cache_dir


async def _run(
    engine: Engine, cases: list[Case], args: argparse.Namespace, minutes: int
) -> list[list[Outcome]]:
    try:
        return await run_engine(engine, cases, args.variants, args.repeats, minutes, args.concurrency)
    finally:
        close = getattr(engine, "aclose", None)
        if close is not None:
            await close()


def _result(
    engine: str,
    started: str,
    cases: list[Case],
    args: argparse.Namespace,
    minutes: int,
    outcomes: list[Outcome],
    labelled: dict[str, Any],
) -> dict[str, Any]:
    return {
        "format": "fichesujet-eval/1",
        "engine": engine,
        "started": started,
        "duration_s": 0.0,
        "settings": {
            "cases": len(cases),
            "cases_path": str(args.cases),
            "variants": args.variants,
            "repeats": args.repeats,
            "minutes": minutes,
        },
        "summary": summarise(outcomes),
        "labelled": labelled,
        "proposals": [o.as_json() for o in outcomes],
        "worst": [o.as_json() for o in worst(outcomes)],
    }


def _tell(result: dict[str, Any], json_path: Path, html_path: Path) -> None:
    s, lab = result["summary"], result["labelled"]
    means = ", ".join(f"{LABELS[k]} {v:.3f}" for k, v in s["means"].items() if v is not None)
    lines = [
        f"{s['proposals']} proposition(s), {s['hard_pass_rate'] * 100:.1f} % sans erreur des règles ; {means}",
        teacher_line(s.get("teacher", {})),
        *([panel_line(result["ratings"])] if result.get("ratings") else []),
        f"fiches étiquetées : rappel {lab['recall'] * 100:.1f} %, bonnes fiches refusées : "
        f"{', '.join(lab['good_refused']) or 'aucune'}",
        f"rapports : {json_path} et {html_path} ({result['duration_s']:.1f} s)",
    ]
    print("\n".join(lines), file=sys.stderr)


def _figure(value: float | None, pct: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.1f} %" if pct else f"{value:.2f}"


def teacher_line(t: dict[str, Any]) -> str:
    """The teacher measures in one line of the summary."""
    return (
        f"ce que voit l'enseignant : faits de la FDAP repris {_figure(t.get('facts_carried'))} "
        f"({t.get('informations_without_figure', 0)} « Informations à exploiter » sans chiffre de la FDAP), "
        f"phrases toutes faites {_figure(t.get('boilerplate'), pct=True)} (cible ≤ 5 %), "
        f"fautes d'écriture {_figure(t.get('writing_faults'))} et marqueurs « [à préciser] » "
        f"{_figure(t.get('markers'))} par proposition"
    )


def panel_line(ratings: dict[str, Any]) -> str:
    """The panel's verdicts and the score that best separates « à réécrire », in one line."""
    v = ratings["verdicts"]
    counts = ", ".join(f"{VERDICTS[k]} {n}" for k, n in v["counts"].items())
    ranked = sorted((r for r in ratings["separation"] if r["auc"] is not None), key=lambda r: -r["auc"])
    best = ", ".join(f"{r['label']} {r['auc']:.2f}" for r in ranked[:3]) or "–"
    return (
        f"panel : {v['ratings']} notation(s) de {len(v['raters'])} lecteur(s) ({counts}) ; tel quel "
        f"{_figure(v['share_tel_quel'], pct=True)}, tel quel ou retouches légères "
        f"{_figure(v['share_approvable'], pct=True)} ; séparation de « à réécrire » (AUC) : {best}"
    )


def _exit_code(result: dict[str, Any], fail_on_regression: bool) -> int:
    code = 0
    lab = result["labelled"]
    if not lab["ok"]:
        print(
            f"Erreur : les règles ne passent pas le jeu étiqueté (rappel {lab['recall'] * 100:.1f} % pour un "
            f"seuil de {lab['recall_floor'] * 100:.0f} %, bonnes fiches refusées : "
            f"{', '.join(lab['good_refused']) or 'aucune'})",
            file=sys.stderr,
        )
        code = EXIT_GATE
    regressions = result.get("comparison", {}).get("regressions", [])
    if regressions:
        print(f"Régression par rapport à la référence : {', '.join(regressions)}", file=sys.stderr)
        if fail_on_regression:
            code = EXIT_GATE
    return code
