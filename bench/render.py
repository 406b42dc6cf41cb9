"""Benchmark of the export: Word and PDF render times over the 18 fixture-derived sheets (V-2 + V-3).

Prints figures, not verdicts. The baseline, measured in the same run, is the plain JSON encoding of the same
fiche (msgspec), the cheapest output the service can give. The first call of each kind (template loading,
font discovery) is reported apart.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import msgspec

from service.domain.codec import load_fdap
from service.domain.fiche_sujet import FicheSujet
from service.engines.base import ProposalRequest
from service.engines.offline import OfflineEngine
from service.render.export_docx import fiche_docx
from service.render.export_pdf import fiche_pdf

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _measure(render: Callable[[FicheSujet], bytes], fiches: list[FicheSujet]) -> tuple[list[float], float]:
    start = time.perf_counter()
    render(fiches[0])
    first = time.perf_counter() - start
    times = []
    for _ in range(ROUNDS):
        for fiche in fiches:
            start = time.perf_counter()
            render(fiche)
            times.append(time.perf_counter() - start)
    return times, first


def main() -> None:
    files = sorted((ROOT / "fixtures" / "fdap").glob("*.json"))
    engine = OfflineEngine()
    fiches = [engine.generate(load_fdap(path), ProposalRequest(variants=1, seed=7))[0] for path in files]
    encoder = msgspec.json.Encoder()
    kinds: dict[str, Callable[[FicheSujet], bytes]] = {
        "référence JSON (msgspec)": encoder.encode,
        "Word (.docx)": lambda f: fiche_docx(f, feuilles="les-deux", brouillon=False),
        "PDF (WeasyPrint)": lambda f: fiche_pdf(f, feuilles="les-deux", brouillon=False),
    }
    print(f"fiches : {len(fiches)} (V-2 + V-3 chacune), tours : {ROUNDS}")
    for name, render in kinds.items():
        times, first = _measure(render, fiches)
        print(
            f"{name} : médiane {statistics.median(times) * 1e3:.3f} ms, p95 {_percentile(times, 0.95) * 1e3:.3f} ms, "
            f"max {max(times) * 1e3:.3f} ms ; premier appel {first * 1e3:.1f} ms"
        )


if __name__ == "__main__":
    main()
