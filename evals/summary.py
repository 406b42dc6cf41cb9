"""The figures of a run: hard pass rate, mean of each score, error codes met."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from statistics import mean
from typing import Any

from evals import teacher
from evals.runner import Outcome
from evals.scorers import SCORES


def summarise(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    means: dict[str, float | None] = {}
    for name in SCORES:
        values = [v for o in outcomes if (v := o.scores.get(name)) is not None]
        means[name] = round(mean(values), 4) if values else None
    codes = Counter(code for o in outcomes for code in o.errors)
    return {
        "proposals": len(outcomes),
        "hard_pass_rate": round(sum(o.hard_pass for o in outcomes) / len(outcomes), 4) if outcomes else 0.0,
        "failures": sum(1 for o in outcomes if o.fiche is None),
        "means": means,
        "error_codes": dict(sorted(codes.items())),
        "warning_codes": dict(sorted(Counter(c for o in outcomes for c in o.warnings).items())),
        "teacher": teacher.summarise(outcomes),
    }


def overall(scores: dict[str, float | None]) -> float:
    """One figure to rank proposals (the mean of the known scores)."""
    known = [v for v in scores.values() if v is not None]
    return mean(known) if known else 0.0


def worst(outcomes: Sequence[Outcome], count: int = 5) -> list[Outcome]:
    """Hard failures first, then the lowest overall soft scores."""
    return sorted(outcomes, key=lambda o: (o.hard_pass, overall(o.scores)))[:count]
