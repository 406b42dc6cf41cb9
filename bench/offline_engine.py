"""Benchmark of the offline engine on one core: proposals per second and per-FDAP latency.

Prints figures, not verdicts. The baseline, measured in the same run, is the unavoidable I/O of the
command: decoding the FDAP and encoding three proposals as JSON. Targets (issue 2): at least 500
proposals/s and a p99 under 10 ms per FDAP for 3 proposals.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

from service.domain.codec import decode_fdap, encode
from service.domain.constats import FdapContext
from service.domain.rules import check
from service.engines.base import ProposalRequest
from service.engines.offline import OfflineEngine

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "200"))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    files = sorted((ROOT / "fixtures" / "fdap").glob("*.json"))
    raw = [path.read_bytes() for path in files]
    fdaps = [decode_fdap(data, str(path)) for data, path in zip(raw, files, strict=True)]
    engine = OfflineEngine()
    cold: list[float] = []
    for fdap in fdaps:  # first sight of each FDAP: its material and rule context are built once
        start = time.perf_counter()
        engine.generate(fdap, ProposalRequest(variants=3))
        cold.append(time.perf_counter() - start)

    engine_times: list[float] = []
    baseline_times: list[float] = []
    check_times: list[float] = []
    proposals = 0
    for round_number in range(ROUNDS):
        for data, path, fdap in zip(raw, files, fdaps, strict=True):
            request = ProposalRequest(variants=3, seed=round_number)
            start = time.perf_counter()
            fiches = engine.generate(fdap, request)
            engine_times.append(time.perf_counter() - start)
            proposals += len(fiches)

            start = time.perf_counter()
            decode_fdap(data, str(path))
            encode({"propositions": fiches})
            baseline_times.append(time.perf_counter() - start)

            if round_number % 10 == 0:
                start = time.perf_counter()
                context = FdapContext.of(fdap)
                for fiche in fiches:
                    check(fiche, context)
                check_times.append(time.perf_counter() - start)

    total = sum(engine_times)
    print(f"FDAP : {len(files)}, tours : {ROUNDS}, propositions : {proposals} (3 par FDAP), un cœur")
    print(f"moteur hors ligne : {proposals / total:,.0f} propositions/s".replace(",", " "))
    print(
        f"latence par FDAP (3 propositions) : médiane {statistics.median(engine_times) * 1e3:.2f} ms, "
        f"p99 {_percentile(engine_times, 0.99) * 1e3:.2f} ms, max {max(engine_times) * 1e3:.2f} ms"
    )
    print(
        f"premier appel sur une FDAP jamais vue (lecture de la FDAP comprise) : médiane "
        f"{statistics.median(cold) * 1e3:.1f} ms, max {max(cold) * 1e3:.1f} ms"
    )
    base = statistics.median(baseline_times)
    print(
        f"référence (décodage FDAP + encodage JSON des 3 propositions) : médiane {base * 1e3:.3f} ms ; "
        f"rapport moteur / référence : {statistics.median(engine_times) / base:.1f}"
    )
    print(
        f"vérification par les règles (3 propositions, contexte FDAP compris) : médiane "
        f"{statistics.median(check_times) * 1e3:.2f} ms, p99 {_percentile(check_times, 0.99) * 1e3:.2f} ms"
    )


if __name__ == "__main__":
    main()
