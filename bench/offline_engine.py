"""Benchmark of the offline engine: FDAP -> three proposals, parsing included, before and after.

Each measure starts from the FDAP's bytes (decoding, reading the FDAP into the engine's fact sheet,
planning, writing, checking every proposal with the rules) with the engine's per-FDAP cache emptied, on
every fixture FDAP (tidy and messy), on one core. « Avant » is the engine as it was at the start of the
engine branch (commit BENCH_BEFORE, read from git and loaded beside the current one); « après » is the
working tree. Target (issue 10): p95 at most 150 ms per FDAP. Prints figures, not verdicts.
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import service.engines
from service.domain.codec import decode_fdap
from service.engines.base import ProposalRequest
from service.engines.offline import engine as current

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
BEFORE = os.environ.get("BENCH_BEFORE", "82b0840")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _engine_before(rev: str) -> ModuleType | None:
    """The flat offline_*.py modules of `rev`, importable beside today's package (None outside git)."""
    try:
        names = subprocess.run(
            ["git", "-C", str(ROOT), "ls-tree", "--name-only", rev, "service/engines/"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return None
    folder = Path(tempfile.mkdtemp(prefix="bench-before-"))
    for name in names:
        if Path(name).name.startswith("offline") and name.endswith(".py"):
            text = subprocess.run(
                ["git", "-C", str(ROOT), "show", f"{rev}:{name}"], check=True, capture_output=True, text=True
            ).stdout
            target = "offline_before.py" if Path(name).name == "offline.py" else Path(name).name
            (folder / target).write_text(text, encoding="utf-8")
    service.engines.__path__.append(str(folder))
    spec = importlib.util.spec_from_file_location(
        "service.engines.offline_before", folder / "offline_before.py"
    )
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _measure(module: ModuleType, files: list[Path]) -> tuple[list[float], int]:
    """Seconds per FDAP (bytes -> 3 proposals), cache emptied each time; and the number of crashes."""
    engine: object = module.OfflineEngine()
    generate: Callable[..., object] = engine.generate  # type: ignore[attr-defined]
    times: list[float] = []
    crashes = 0
    for round_number in range(ROUNDS):
        for path in files:
            data = path.read_bytes()
            module._prepared_cached.cache_clear()
            start = time.perf_counter()
            try:
                generate(decode_fdap(data, str(path)), ProposalRequest(variants=3, seed=round_number))
            except Exception:
                crashes += 1
                continue
            times.append(time.perf_counter() - start)
    return times, crashes


def _line(label: str, times: list[float], crashes: int) -> str:
    return (
        f"{label} : {len(times) / sum(times):,.1f} FDAP/s ({3 * len(times) / sum(times):,.0f} propositions/s), "
        f"médiane {statistics.median(times) * 1e3:.1f} ms, p95 {_percentile(times, 0.95) * 1e3:.1f} ms, "
        f"max {max(times) * 1e3:.1f} ms, plantages {crashes}"
    )


def main() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    files = sorted((ROOT / "fixtures" / "fdap").glob("*.json"))
    print(f"FDAP : {len(files)}, tours : {ROUNDS}, FDAP -> 3 propositions, lecture comprise, un cœur")
    before = _engine_before(BEFORE)
    if before is not None:
        print(_line(f"avant ({BEFORE})", *_measure(before, files)))
    print(_line("après (arbre de travail)", *_measure(current, files)))


if __name__ == "__main__":
    main()
