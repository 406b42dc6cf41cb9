"""What a teacher sees: facts carried, boilerplate, writing faults, markers left, per proposal and per run.

Each measure is described, with its limits, in evals/README.md. They read the FDAP (`fdap/1`) and the
sheet (`fiche-sujet/1`) only, so they keep their meaning whatever engine wrote the sheet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import mean
from typing import TYPE_CHECKING, Any

from evals.boilerplate import TARGET, boilerplate
from evals.facts import FdapFacts, facts_carried
from evals.writing import KINDS, fdap_source, markers, writing_faults
from service.domain.fdap import Fdap

if TYPE_CHECKING:
    from evals.runner import Outcome


@dataclass(frozen=True)
class Measure:
    """How to read a measure: higher is better (+1), lower is better (-1), or only reported (0)."""

    label: str
    direction: int
    count: bool  # a count per proposal rather than a share in [0, 1]


MEASURES: dict[str, Measure] = {
    "facts_carried": Measure("Faits de la FDAP repris", +1, False),
    "boilerplate": Measure("Phrases toutes faites (cible ≤ 5 %)", -1, False),
    "writing_faults": Measure("Fautes d'écriture par proposition", -1, True),
    "markers": Measure("Marqueurs « [à préciser] » par proposition", 0, True),
}
# A mean count may rise by this much before it is a regression (one fault more in ten proposals).
COUNT_TOLERANCE = 0.1


def measure_outcomes(outcomes: Sequence[Outcome], fdaps: Mapping[str, Fdap]) -> None:
    """Fill each outcome's `measures`; a proposal the engine did not give carries no fact (0)."""
    facts = {name: FdapFacts.of(fdap) for name, fdap in fdaps.items()}
    sources = {name: fdap_source(fdap) for name, fdap in fdaps.items()}
    shares = boilerplate([(o.case, o.fiche) for o in outcomes]).per_proposal
    for outcome, share in zip(outcomes, shares, strict=True):
        if outcome.fiche is None:
            outcome.measures = {"facts_carried": 0.0, "boilerplate": None, "writing_faults": None}
            outcome.measures |= {"markers": None, "informations_without_figure": None}
            continue
        carried = facts_carried(outcome.fiche, facts[outcome.case])
        faults = writing_faults(outcome.fiche, sources[outcome.case])
        left = markers(outcome.fiche)
        outcome.measures = {
            "facts_carried": carried.score,
            "boilerplate": share,
            "writing_faults": len(faults),
            "markers": len(left),
            "informations_without_figure": carried.informations_without_figure,
            "facts": list(carried.carried),
            "products": list(carried.products_named),
            "faults": [f"{KINDS[f.kind]} : « {f.phrase} »" for f in faults],
            "fault_kinds": [f.kind for f in faults],
            "marker_texts": left,
        }


def _mean(values: Sequence[Any]) -> float | None:
    known = [float(v) for v in values if v is not None]
    return round(mean(known), 4) if known else None


def summarise(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """The run's figures: means per proposal, the run's boilerplate share and its commonest sentences."""
    stock = boilerplate([(o.case, o.fiche) for o in outcomes])
    produced = [o for o in outcomes if o.fiche is not None]
    kinds = Counter(KINDS[k] for o in produced for k in o.measures.get("fault_kinds", []))
    return {
        "facts_carried": _mean([o.measures.get("facts_carried") for o in outcomes]),
        "boilerplate": stock.share,
        "writing_faults": _mean([o.measures.get("writing_faults") for o in produced]),
        "markers": _mean([o.measures.get("markers") for o in produced]),
        "informations_without_figure": sum(
            bool(o.measures.get("informations_without_figure")) for o in produced
        ),
        "proposals_with_faults": sum(bool(o.measures.get("writing_faults")) for o in produced),
        "proposals_with_markers": sum(bool(o.measures.get("markers")) for o in produced),
        "fault_kinds": dict(sorted(kinds.items())),
        "boilerplate_target": TARGET,
        "boilerplate_top": [{"sentence": s, "fdaps": n} for s, n in stock.top],
    }


def compare(
    current: Mapping[str, Any], baseline: Mapping[str, Any], tolerance: float
) -> list[dict[str, Any]]:
    """One row per measure the baseline has; a move the wrong way beyond tolerance is a regression."""
    rows = []
    for name, before in baseline.items():
        spec = MEASURES.get(name)
        if spec is None:
            continue
        now = current.get(name)
        delta = round(now - before, 4) if now is not None and before is not None else None
        allowed = COUNT_TOLERANCE if spec.count else tolerance
        worse = delta is not None and spec.direction != 0 and -spec.direction * delta > allowed + 1e-9
        rows.append({"score": name, "baseline": before, "current": now, "delta": delta, "regression": worse})
    return rows
