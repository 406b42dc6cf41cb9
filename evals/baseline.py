"""Baselines: the figures of a reference run, and the comparison that fails on a regression."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from evals import teacher
from service.errors import InputError

# A mean score may drop by this much (run-to-run noise of a model, rounding) before it is a regression.
TOLERANCE = 0.02
FORMAT = "fichesujet-eval-baseline/1"


def from_result(result: dict[str, Any]) -> dict[str, Any]:
    summary = result["summary"]
    return {
        "format": FORMAT,
        "engine": result["engine"],
        "variants": result["settings"]["variants"],
        "repeats": result["settings"]["repeats"],
        "proposals": summary["proposals"],
        "hard_pass_rate": summary["hard_pass_rate"],
        "means": summary["means"],
        "teacher": {name: summary.get("teacher", {}).get(name) for name in teacher.MEASURES},
        "tolerance": TOLERANCE,
    }


def load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(str(path), "", f"référence illisible ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(str(path), "format", f"ce n'est pas une référence {FORMAT}")
    return data


def save(path: Path, baseline: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(baseline, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def compare(current: dict[str, Any], baseline: dict[str, Any]) -> dict[str, Any]:
    """Each figure against the baseline; a regression is a move the wrong way beyond the tolerance."""
    tolerance = float(baseline.get("tolerance", TOLERANCE))
    rows = [_row("hard_pass_rate", current["hard_pass_rate"], baseline["hard_pass_rate"], 0.0)]
    for name, before in baseline["means"].items():
        rows.append(_row(name, current["means"].get(name), before, tolerance))
    # A baseline written before the teacher measures has none: nothing to compare, nothing broken.
    rows += teacher.compare(current.get("teacher", {}), baseline.get("teacher") or {}, tolerance)
    return {
        "tolerance": tolerance,
        "rows": rows,
        "regressions": [r["score"] for r in rows if r["regression"]],
    }


def _row(name: str, now: float | None, before: float | None, tolerance: float) -> dict[str, Any]:
    if before is None:
        return {"score": name, "baseline": None, "current": now, "delta": None, "regression": False}
    value = now if now is not None else 0.0
    delta = round(value - before, 4)
    return {
        "score": name,
        "baseline": before,
        "current": now,
        "delta": delta,
        "regression": delta < -tolerance - 1e-9,
    }
