"""Measuring the measure: precision and recall of `check` per rule code on the labelled sheets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from evals.cases import Labelled
from service.domain.rules import check

RECALL_FLOOR = 0.95


@dataclass(frozen=True)
class Verdict:
    """What `check` said of one labelled sheet."""

    name: str
    attendu: frozenset[str]
    errors: frozenset[str]
    warnings: frozenset[str]

    @property
    def found(self) -> frozenset[str]:
        return self.errors | self.warnings


def judge_labels(labelled: Sequence[Labelled], minutes: int) -> list[Verdict]:
    verdicts = []
    for item in labelled:
        constats = check(item.fiche, item.fdap, minutes)
        errors = frozenset(c.code for c in constats if c.gravite == "erreur")
        warnings = frozenset(c.code for c in constats if c.gravite == "avertissement")
        verdicts.append(Verdict(item.name, item.attendu, errors, warnings))
    return verdicts


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def measure(verdicts: Sequence[Verdict]) -> dict[str, Any]:
    """Per code TP/FP/FN, precision, recall; overall recall; good sheets refused (any erreur)."""
    codes = sorted({c for v in verdicts for c in v.attendu | v.found})
    per_code: dict[str, dict[str, Any]] = {}
    for code in codes:
        # Raised at any gravity: a warning the label does not expect counts against precision.
        expected = [v for v in verdicts if code in v.attendu]
        raised = [v for v in verdicts if code in v.found]
        tp = sum(1 for v in raised if code in v.attendu)
        per_code[code] = {
            "attendus": len(expected),
            "vp": tp,
            "fp": len(raised) - tp,
            "fn": len(expected) - tp,
            "precision": _ratio(tp, len(raised)),
            "recall": _ratio(tp, len(expected)),
        }
    total_tp = sum(p["vp"] for p in per_code.values())
    total_expected = sum(p["attendus"] for p in per_code.values())
    refused = sorted(v.name for v in verdicts if not v.attendu and v.errors)
    missed = sorted(v.name for v in verdicts if v.attendu - v.found)
    recall = _ratio(total_tp, total_expected) or 0.0
    return {
        "sheets": len(verdicts),
        "good": sum(1 for v in verdicts if not v.attendu),
        "recall": recall,
        "precision": _ratio(total_tp, sum(p["vp"] + p["fp"] for p in per_code.values())),
        "per_code": per_code,
        "good_refused": refused,
        "missed": missed,
        "recall_floor": RECALL_FLOOR,
        "ok": recall >= RECALL_FLOOR and not refused,
    }
