"""The figures of one run and the one Markdown table they print, targets of issue 13 included (pure code)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from bench.common import percentile
from bench.wrk import WrkResult

JSON, PAGE, BARE = "json", "page", "bare"
LISTS = ("GET /api/candidats", "tableau de bord", "file de relecture")


@dataclass
class Point:
    """One wrk run: a route at a number of clients on one database (or the bare app)."""

    label: str
    kind: str
    base: str
    clients: int
    result: WrkResult | None = None
    error: str = ""


@dataclass
class Generation:
    """Post→done of 3-proposal offline jobs: several one at a time, then a burst posted at once."""

    single_ms: list[float]
    burst_ms: list[float]
    burst_total_ms: float
    failed: int
    single_cpu_ms: float | None = None  # the service's processor time per job, its polls included
    burst_cpu_ms: float | None = None


@dataclass
class Pdfs:
    """PDF times and, during a burst of them, an unrelated read's latencies against the same read at rest."""

    cold_ms: float
    warm_ms: float
    cached_ms: float
    burst_ms: list[float]
    burst_total_ms: float
    errors: int
    reader_rest_ms: list[float]
    reader_burst_ms: list[float]


@dataclass
class Writes:
    """Saves (PUT with If-Match, a new version each) by several clients over a few seconds."""

    clients: int
    seconds: float
    latencies_ms: list[float]
    errors: int


@dataclass
class Memory:
    """RSS in MiB of a process and, apart, of its descendants: at rest, highest sampled, and VmHWM peaks."""

    rest_mib: float = 0.0
    rest_children_mib: float = 0.0
    load_mib: float = 0.0
    load_children_mib: float = 0.0
    peak_mib: float = 0.0
    peak_children_mib: float = 0.0


@dataclass
class OpenLoop:
    """Reads arriving at a steady rate (open loop): the latencies of those answered 200, the others as errors."""

    rate: float  # requests per second offered
    seconds: float
    latencies_ms: list[float]
    errors: int


@dataclass
class Figures:
    """What one database's run measured besides the routes (None: section not run or failed)."""

    generation: Generation | None = None
    pdfs: Pdfs | None = None
    writes: Writes | None = None
    memory: Memory | None = None
    open_loop: list[OpenLoop] = field(default_factory=list)


@dataclass
class Results:
    points: list[Point] = field(default_factory=list)
    bases: dict[str, Figures] = field(default_factory=dict)
    bare_memory: Memory | None = None
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (section, base, French message)


def ms(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def clients(count: int) -> str:
    return f"{count} client" + ("s" if count > 1 else "")


def ceiling(results: Results, clients: int) -> float | None:
    """The bare app's req/s at `clients`, when measured."""
    for point in results.points:
        if point.kind == BARE and point.clients == clients and point.result:
            return point.result.rate
    return None


def ratio(results: Results, point: Point) -> float | None:
    bare = ceiling(results, point.clients)
    return point.result.rate / bare if point.result and bare else None


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _point_rows(results: Results) -> list[str]:
    rows = []
    for point in results.points:
        section = {JSON: "API JSON", PAGE: "Pages", BARE: "Plafond (Litestar nu)"}[point.kind]
        base = "—" if point.kind == BARE else point.base
        if point.result is None:
            rows.append(
                _row(section, point.label, base, str(point.clients), "—", "—", "—", "—", "—", point.error)
            )
            continue
        r = point.result
        if r.requests == 0:
            rows.append(
                _row(
                    section,
                    point.label,
                    base,
                    str(point.clients),
                    "0",
                    "—",
                    "—",
                    "—",
                    f"{r.errors} / {r.timeouts}",
                    f"aucune réponse complète en {r.seconds:.0f} s",
                )
            )
            continue
        share = ratio(results, point) if point.kind == JSON else None
        detail = f"{share:.1%} du plafond" if share is not None else ""
        rows.append(
            _row(
                section,
                point.label,
                base,
                str(point.clients),
                f"{r.rate:.0f}",
                ms(r.p50_ms),
                ms(r.p95_ms),
                ms(r.p99_ms),
                f"{r.errors} / {r.timeouts}",
                detail,
            )
        )
    return rows


def _cpu(per_job_ms: float | None) -> str:
    if per_job_ms is None:
        return ""
    return f" ; processeur du service : {ms(per_job_ms)} ms par tâche (ses lectures de suivi comprises)"


def _figure_rows(base: str, figures: Figures) -> list[str]:
    rows = []
    gen = figures.generation
    if gen and gen.single_ms:
        one = statistics.median(gen.single_ms)
        rows.append(
            _row(
                "Génération",
                f"1 tâche de 3 propositions ({len(gen.single_ms)} fois)",
                base,
                "1",
                "—",
                ms(one),
                "—",
                "—",
                str(gen.failed),
                f"max {ms(max(gen.single_ms))} ms{_cpu(gen.single_cpu_ms)}",
            )
        )
        if gen.burst_ms:
            rows.append(
                _row(
                    "Génération",
                    f"rafale de {len(gen.burst_ms)} tâches postées ensemble",
                    base,
                    str(len(gen.burst_ms)),
                    f"{len(gen.burst_ms) / gen.burst_total_ms * 1000:.1f}",
                    ms(statistics.median(gen.burst_ms)),
                    "—",
                    "—",
                    str(gen.failed),
                    f"par tâche max {ms(max(gen.burst_ms))} ms ; rafale entière {ms(gen.burst_total_ms)} ms"
                    f" = {gen.burst_total_ms / one:.1f} × une seule{_cpu(gen.burst_cpu_ms)}",
                )
            )
    pdf = figures.pdfs
    if pdf:
        for label, value in (
            ("à froid (premier après le démarrage)", pdf.cold_ms),
            ("tiède (une autre version, jamais rendue)", pdf.warm_ms),
            ("version approuvée redemandée (médiane de 3)", pdf.cached_ms),
        ):
            rows.append(_row("PDF", label, base, "1", "—", ms(value), "—", "—", "—", ""))
        if pdf.burst_ms:
            rows.append(
                _row(
                    "PDF",
                    f"rafale de {len(pdf.burst_ms)} PDF",
                    base,
                    str(len(pdf.burst_ms)),
                    f"{len(pdf.burst_ms) / pdf.burst_total_ms * 1000:.1f}",
                    ms(statistics.median(pdf.burst_ms)),
                    ms(percentile(pdf.burst_ms, 0.95)),
                    "—",
                    str(pdf.errors),
                    f"max {ms(max(pdf.burst_ms))} ms ; rafale entière {ms(pdf.burst_total_ms)} ms",
                )
            )
        for label, values in (
            ("lecture sans rapport, au repos", pdf.reader_rest_ms),
            ("lecture sans rapport, pendant la rafale", pdf.reader_burst_ms),
        ):
            if values:
                rows.append(
                    _row(
                        "PDF",
                        label,
                        base,
                        "1",
                        "—",
                        ms(statistics.median(values)),
                        ms(percentile(values, 0.95)),
                        ms(percentile(values, 0.99)),
                        "—",
                        f"GET /api/fiches/{{id}} d'une autre fiche, {len(values)} requêtes",
                    )
                )
    wr = figures.writes
    if wr and wr.latencies_ms:
        rows.append(
            _row(
                "Écritures",
                "PUT /api/fiches/{id} avec If-Match (nouvelle version)",
                base,
                str(wr.clients),
                f"{len(wr.latencies_ms) / wr.seconds:.1f}",
                ms(statistics.median(wr.latencies_ms)),
                ms(percentile(wr.latencies_ms, 0.95)),
                ms(percentile(wr.latencies_ms, 0.99)),
                str(wr.errors),
                f"{len(wr.latencies_ms)} enregistrements en {wr.seconds:.1f} s",
            )
        )
    for offered in figures.open_loop:
        rows.append(_open_loop_row(base, offered))
    if figures.memory:
        rows += _memory_rows("Mémoire (service)", base, figures.memory)
    return rows


def _open_loop_row(base: str, offered: OpenLoop) -> str:
    times = offered.latencies_ms
    cells = [ms(percentile(times, q)) for q in (0.5, 0.95, 0.99)] if times else ["—"] * 3
    return _row(
        "Charge ouverte",
        "6 lectures mêlées (4 pages, 2 routes JSON), arrivées au hasard",
        base,
        f"{offered.rate:g}/s offertes",
        f"{len(times) / offered.seconds:.1f}",
        *cells,
        str(offered.errors),
        f"{len(times) + offered.errors} requêtes en {offered.seconds:g} s, temps compté de l'instant prévu",
    )


def _memory_rows(section: str, base: str, memory: Memory) -> list[str]:
    readings = [
        ("RSS au repos (VmRSS)", memory.rest_mib, memory.rest_children_mib),
        ("RSS sous charge (VmRSS, max échantillonné)", memory.load_mib, memory.load_children_mib),
        ("pic (VmHWM)", memory.peak_mib, memory.peak_children_mib),
    ]
    return [
        _row(
            section,
            label,
            base,
            *["—"] * 6,
            f"{own:.0f} Mio ; processus enfants {children:.0f} Mio ; total {own + children:.0f} Mio",
        )
        for label, own, children in readings
    ]


def table(results: Results) -> str:
    """Every figure of the run in one Markdown table (times in ms; errors: errors / time-outs)."""
    head = [
        _row(
            "Section",
            "Mesure",
            "Base",
            "Clients",
            "Débit (/s)",
            "p50 (ms)",
            "p95 (ms)",
            "p99 (ms)",
            "Erreurs / expirations",
            "Détail",
        ),
        "|" + "---|" * 10,
    ]
    rows = _point_rows(results)
    if results.bare_memory:
        rows += _memory_rows("Mémoire (Litestar nu)", "—", results.bare_memory)
    for base, figures in results.bases.items():
        rows += _figure_rows(base, figures)
    for section, base, message in results.failures:
        rows.append(_row(section, "ÉCHEC", base, "—", "—", "—", "—", "—", "—", message.replace("|", "/")))
    return "\n".join(head + rows)
