"""Measuring the measure against the panel: how well each score separates « à réécrire » from the rest.

Each rating is one data point (a proposal read by two raters counts twice). For each score: the mean in
each group and the ROC AUC, read as the probability that a proposal rated « à réécrire » looks worse on
that score than one rated otherwise (ties count half): 0.5 is chance, 1.0 a perfect separation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from statistics import mean
from typing import TYPE_CHECKING, Any

from evals.ratings import CRITERIA, VERDICTS, Rating
from evals.scorers import LABELS, SCORES
from evals.teacher import MEASURES

if TYPE_CHECKING:
    from evals.runner import Outcome

BAD = "a_reecrire"


@dataclass(frozen=True)
class Signal:
    """A figure of a proposal and which way is worse (+1: higher is better, -1: lower is better)."""

    name: str
    label: str
    direction: int
    read: Callable[[Outcome], float | None]


def _score(name: str) -> Callable[[Outcome], float | None]:
    return lambda o: o.scores.get(name)


def _measure(name: str) -> Callable[[Outcome], float | None]:
    def read(o: Outcome) -> float | None:
        value = o.measures.get(name)
        return float(value) if value is not None else None

    return read


def signals() -> list[Signal]:
    """Every score of the suite; markers are tested as if more were worse (0.5 says teachers do not mind)."""
    found = [Signal(n, LABELS[n], +1, _score(n)) for n in SCORES]
    found += [Signal(n, m.label, m.direction or -1, _measure(n)) for n, m in MEASURES.items()]
    found.append(Signal("rule_errors", "Erreurs des règles", -1, lambda o: float(len(o.errors))))
    found.append(Signal("rule_warnings", "Avertissements des règles", -1, lambda o: float(len(o.warnings))))
    return found


def auc(bad: Sequence[float], rest: Sequence[float], direction: int) -> float | None:
    """P(a « bad » value is worse than a « rest » value), ties half; None when a group is empty."""
    if not bad or not rest:
        return None
    wins = 0.0
    for b in bad:
        for r in rest:
            gap = (r - b) * direction
            wins += 1.0 if gap > 0 else 0.5 if gap == 0 else 0.0
    return round(wins / (len(bad) * len(rest)), 4)


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Agreement beyond chance of two raters on the same items; None when it is undefined."""
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[c] * second[c] for c in set(first) | set(second)) / (n * n)
    if expected >= 1.0:
        return None  # both raters gave one single verdict throughout: kappa says nothing
    return round((observed - expected) / (1 - expected), 4)


def _round(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None


def separation(ratings: Sequence[Rating], outcomes: Mapping[str, Outcome]) -> list[dict[str, Any]]:
    """Per score: size and mean of each group, and the AUC for « à réécrire » against the rest."""
    rows = []
    for signal in signals():
        bad: list[float] = []
        rest: list[float] = []
        for rating in ratings:
            value = signal.read(outcomes[rating.proposal])
            if value is not None:
                (bad if rating.item.verdict == BAD else rest).append(value)
        rows.append(
            {
                "score": signal.name,
                "label": signal.label,
                "direction": signal.direction,
                "n_bad": len(bad),
                "n_rest": len(rest),
                "mean_bad": _round(mean(bad)) if bad else None,
                "mean_rest": _round(mean(rest)) if rest else None,
                "auc": auc(bad, rest, signal.direction),
            }
        )
    return rows


def verdicts(ratings: Sequence[Rating]) -> dict[str, Any]:
    """Counts, the shares a commission would sign, the mean rating per criterion."""
    counts: Counter[str] = Counter(r.item.verdict for r in ratings)
    n = len(ratings)
    criteria = {c: _round(mean(getattr(r.item.notes, c) for r in ratings)) if n else None for c in CRITERIA}
    return {
        "ratings": n,
        "proposals": len({r.proposal for r in ratings}),
        "raters": sorted({r.rater for r in ratings}),
        "counts": {v: counts.get(v, 0) for v in VERDICTS},
        "share_tel_quel": _round(counts["tel_quel"] / n) if n else None,
        "share_approvable": _round((counts["tel_quel"] + counts["retouches_legeres"]) / n) if n else None,
        "criteria": criteria,
        "without_quote": sum(1 for r in ratings if r.item.verdict != "tel_quel" and not r.item.citations),
    }


def agreement(ratings: Sequence[Rating]) -> list[dict[str, Any]]:
    """For each pair of raters who read the same proposals: verdict agreement and Cohen's kappa."""
    by_rater: dict[str, dict[str, str]] = {}
    for r in ratings:
        by_rater.setdefault(r.rater, {})[r.proposal] = r.item.verdict
    rows = []
    for first, second in combinations(sorted(by_rater), 2):
        shared = sorted(set(by_rater[first]) & set(by_rater[second]))
        if not shared:
            continue
        pairs = [(by_rater[first][p], by_rater[second][p]) for p in shared]
        rewrite = [(str(a == BAD), str(b == BAD)) for a, b in pairs]
        rows.append(
            {
                "raters": [first, second],
                "shared": len(shared),
                "agreement": _round(sum(a == b for a, b in pairs) / len(pairs)),
                "kappa": cohen_kappa(pairs),
                "kappa_a_reecrire": cohen_kappa(rewrite),
            }
        )
    return rows


def analyse(ratings: Sequence[Rating], outcomes: Mapping[str, Outcome]) -> dict[str, Any]:
    """The panel section of result.json; `outcomes`: the scored proposals by proposal id."""
    return {
        "verdicts": verdicts(ratings),
        "separation": separation(ratings, outcomes),
        "agreement": agreement(ratings),
        "items": [
            {
                "source": r.source,
                "rater": r.rater,
                "case": r.item.case,
                "repeat": r.item.repeat,
                "variant": r.item.variant,
                "proposal": r.proposal,
                "verdict": r.item.verdict,
                "notes": {c: getattr(r.item.notes, c) for c in CRITERIA},
                "citations": r.item.citations,
            }
            for r in ratings
        ],
    }
