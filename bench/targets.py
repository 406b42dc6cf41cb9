"""The targets of issue 13 checked against one run's figures: the « cible / mesuré / tenue ? » block."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass

from bench.common import percentile
from bench.report import JSON, LISTS, Figures, Results, clients, ms, ratio
from bench.sections import SESSION_FLOOR

LIST_P99_MS = 50.0
CEILING_SHARE = 0.5
JOB_MS = 150.0
BURST_FACTOR = 1.3
READ_P95_MS = 50.0
CACHED_PDF_MS = 20.0
RSS_MIB = 300.0


@dataclass(frozen=True)
class Verdict:
    target: str
    base: str
    measured: str
    held: bool | None  # None: not measured (section failed or not run) or not applicable


def _lists(results: Results, base: str) -> Verdict:
    target = f"listes et tableau de bord : p99 < {LIST_P99_MS:.0f} ms au plus grand nombre de clients"
    points = [p for p in results.points if p.base == base and p.label in LISTS and p.result]
    if not points:
        return Verdict(target, base, "non mesuré", None)
    most = max(p.clients for p in points)
    worst = max((p for p in points if p.clients == most), key=lambda p: p.result.p99_ms if p.result else 0)
    assert worst.result is not None
    failed = sum(
        p.result.errors + p.result.timeouts + (p.result.requests == 0)
        for p in points
        if p.clients == most and p.result
    )
    said = f"pire p99 {ms(worst.result.p99_ms)} ms ({worst.label}, {clients(most)})"
    if failed:
        said += f", {failed} erreurs, expirations ou points sans réponse"
    floor = next(
        (
            p.result
            for p in results.points
            if p.base == base and p.label == SESSION_FLOOR and p.clients == most
        ),
        None,
    )
    if floor:
        said += f" ; la seule vérification de session ({SESSION_FLOOR}) : p99 {ms(floor.p99_ms)} ms"
    return Verdict(target, base, said, worst.result.p99_ms < LIST_P99_MS and not failed)


def _ceiling(results: Results, base: str) -> Verdict:
    target = f"lectures JSON ≥ {CEILING_SHARE:.0%} du plafond Litestar nu (même nombre de clients)"
    shares = [
        (share, p)
        for p in results.points
        if p.base == base and p.kind == JSON
        if (share := ratio(results, p)) is not None
    ]
    if not shares:
        return Verdict(target, base, "non mesuré", None)
    share, point = min(shares, key=lambda pair: pair[0])
    return Verdict(
        target,
        base,
        f"au plus bas {share:.1%} ({point.label}, {clients(point.clients)})",
        share >= CEILING_SHARE,
    )


def _figure(
    figures: Figures | None,
    target: str,
    base: str,
    measure: Callable[[Figures], tuple[float, str] | None],
    limit: float,
) -> Verdict:
    found = measure(figures) if figures else None
    if found is None:
        return Verdict(target, base, "non mesuré", None)
    value, said = found
    return Verdict(target, base, said, value < limit)


def _job(f: Figures) -> tuple[float, str] | None:
    if not f.generation or not f.generation.single_ms:
        return None
    one = statistics.median(f.generation.single_ms)
    return one, f"médiane {ms(one)} ms"


def _burst(f: Figures) -> tuple[float, str] | None:
    gen = f.generation
    if not gen or not gen.single_ms or not gen.burst_ms:
        return None
    one = statistics.median(gen.single_ms)
    factor = gen.burst_total_ms / one
    said = f"{len(gen.burst_ms)} tâches en {ms(gen.burst_total_ms)} ms = {factor:.1f} × une seule"
    if gen.single_cpu_ms:
        work = gen.single_cpu_ms * len(gen.burst_ms)
        said += (
            f" ; une tâche seule coûte {ms(gen.single_cpu_ms)} ms de processeur au service :"
            f" {len(gen.burst_ms)} en demandent {ms(work)} ms, soit {work / one:.1f} × une seule sur un cœur"
        )
    return factor, said


def _reader(f: Figures) -> tuple[float, str] | None:
    if not f.pdfs or not f.pdfs.reader_burst_ms:
        return None
    during = percentile(f.pdfs.reader_burst_ms, 0.95)
    rest = percentile(f.pdfs.reader_rest_ms, 0.95) if f.pdfs.reader_rest_ms else 0.0
    return during, f"p95 {ms(during)} ms pendant {len(f.pdfs.burst_ms)} PDF (au repos {ms(rest)} ms)"


def _cached(f: Figures) -> tuple[float, str] | None:
    return (f.pdfs.cached_ms, f"{ms(f.pdfs.cached_ms)} ms") if f.pdfs else None


def _rss(f: Figures) -> tuple[float, str] | None:
    m = f.memory
    if not m or not m.load_mib:
        return None
    total = m.load_mib + m.load_children_mib
    return total, f"{total:.0f} Mio (service {m.load_mib:.0f}, processus enfants {m.load_children_mib:.0f})"


def verdicts(results: Results, nlp_model: bool) -> list[Verdict]:
    """Every target, per database; the « with a French NLP model » one is stated as not applicable here."""
    found: list[Verdict] = []
    for base in results.bases:
        figures = results.bases[base]
        found += [
            _lists(results, base),
            _ceiling(results, base),
            _figure(
                figures,
                f"tâche hors ligne de 3 propositions finie en moins de {JOB_MS:.0f} ms",
                base,
                _job,
                JOB_MS,
            ),
            _figure(
                figures,
                f"20 tâches ensemble en moins de {BURST_FACTOR} × une seule",
                base,
                _burst,
                BURST_FACTOR,
            ),
            _figure(
                figures,
                f"p95 d'une lecture sans rapport < {READ_P95_MS:.0f} ms pendant 10 PDF",
                base,
                _reader,
                READ_P95_MS,
            ),
            _figure(
                figures, f"PDF en cache en moins de {CACHED_PDF_MS:.0f} ms", base, _cached, CACHED_PDF_MS
            ),
            _figure(
                figures,
                f"RSS sous charge < {RSS_MIB:.0f} Mio (sans modèle de langue française)",
                base,
                _rss,
                RSS_MIB,
            ),
        ]
    if not nlp_model:
        found.append(
            Verdict(
                "RSS < 450 Mio avec un modèle de langue française",
                "—",
                "sans objet : le service ne charge aucun modèle (spaCy absent)",
                None,
            )
        )
    return found


def block(found: list[Verdict]) -> str:
    """The verdicts as a Markdown table: cible / base / mesuré / tenue ?"""
    lines = ["| Cible | Base | Mesuré | Tenue ? |", "|---|---|---|---|"]
    for v in found:
        held = "—" if v.held is None else ("oui" if v.held else "NON")
        lines.append(f"| {v.target} | {v.base} | {v.measured} | {held} |")
    return "\n".join(lines)
