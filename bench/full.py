"""The whole bench of issue 13 in one run: `fichesujet serve` on SQLite and on PostgreSQL with 2,000 sheets,
the bare Litestar ceiling measured in the same run, and one Markdown table with the targets checked.

Run through `bash bench/run` (it installs wrk and starts PostgreSQL); the options are BENCH_* variables
(bench/README.md). A section that fails is reported in French in the table and the run goes on; every process
started here is stopped, with its children, before the table is printed.
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy import select

from bench import harness, open_loop, sections, targets, wrk
from bench.common import MEMBER, TEACHER, demo_ids, seed_sheets
from bench.report import BARE, Figures, Point, Results, table
from service import db
from service.db.models import FicheVersion
from service.review.demo import DEMO_PASSWORD, load_demo
from service.settings import Settings

BASES = ("sqlite", "postgresql")
SECTIONS = ("lectures", "ouverte", "generation", "pdf", "ecritures")


@dataclass(frozen=True)
class Options:
    seconds: float
    bases: tuple[str, ...]
    sections: tuple[str, ...]
    clients: tuple[int, ...]
    sheets: int
    postgresql_url: str
    rates: tuple[float, ...] = (20.0, 50.0)

    @classmethod
    def from_env(cls) -> Options:
        env = os.environ
        bases = _choice(env.get("BENCH_BASES", ",".join(BASES)), BASES, "BENCH_BASES")
        chosen = _choice(env.get("BENCH_SECTIONS", ",".join(SECTIONS)), SECTIONS, "BENCH_SECTIONS")
        try:
            seconds = float(env.get("BENCH_DURATION", "5"))
            clients = tuple(int(c) for c in env.get("BENCH_CLIENTS", "1,10,50").split(","))
            sheets = int(env.get("BENCH_SHEETS", "2000"))
            rates = tuple(float(r) for r in env.get("BENCH_RATES", "20,50").split(","))
        except ValueError:
            _refuse(
                "BENCH_DURATION (secondes), BENCH_CLIENTS (ex. 1,10,50), BENCH_SHEETS et BENCH_RATES"
                " (requêtes par seconde, ex. 20,50) sont des nombres"
            )
        if seconds < 1 or sheets < 100 or min(clients) < 1 or min(rates) <= 0:
            _refuse(
                "BENCH_DURATION vaut au moins 1 s, BENCH_SHEETS au moins 100, BENCH_CLIENTS au moins 1,"
                " BENCH_RATES plus de 0"
            )
        return cls(seconds, bases, chosen, clients, sheets, env.get("BENCH_POSTGRESQL_URL", ""), rates)


def _choice(raw: str, allowed: tuple[str, ...], name: str) -> tuple[str, ...]:
    chosen = tuple(part.strip() for part in raw.split(",") if part.strip())
    if not chosen or any(part not in allowed for part in chosen):
        _refuse(f"{name} : choisissez parmi {', '.join(allowed)}, séparés par des virgules (reçu : {raw!r})")
    return chosen


def _refuse(message: str) -> NoReturn:
    print(f"banc d'essai : {message}", file=sys.stderr)
    raise SystemExit(2)


def _guarded(results: Results, section: str, base: str, step: Callable[[], Any]) -> Any:
    """Run one section; a failure becomes a French line of the table and the run goes on."""
    print(f"banc d'essai : {section} ({base})…", file=sys.stderr)
    try:
        return step()
    except Exception as exc:
        traceback.print_exc(file=sys.stderr)
        results.failures.append((section, base, f"la section a échoué : {type(exc).__name__} : {exc}"))
        return None


def _bare(results: Results, options: Options, work: Path) -> None:
    """The ceiling: the bare app under the same load and the same uvicorn options, and its memory."""
    port = harness.free_port()
    url = f"http://127.0.0.1:{port}/"
    with harness.process(harness.bare_command(port), dict(os.environ), work / "bare.log", url) as pid:
        sampler = harness.MemorySampler(pid)
        time.sleep(1)
        sampler.rest()
        with sampler.sampling():
            for clients in options.clients:
                try:
                    results.points.append(
                        Point(
                            "GET / (JSON minimal)",
                            BARE,
                            "—",
                            clients,
                            wrk.run(url, clients, options.seconds, {}),
                        )
                    )
                except wrk.WrkError as exc:
                    results.points.append(Point("GET / (JSON minimal)", BARE, "—", clients, error=str(exc)))
        results.bare_memory = sampler.memory


@contextmanager
def _database(base: str, options: Options, folder: Path) -> Iterator[Settings]:
    """Migrated settings for `base`: a SQLite file in `folder`, or a fresh PostgreSQL database dropped after."""
    if base == "sqlite":
        yield Settings(data_dir=folder)
        return
    if not options.postgresql_url:
        raise harness.BenchError(
            "PostgreSQL non configuré : lancez par bash bench/run ou définissez BENCH_POSTGRESQL_URL"
        )
    with harness.postgresql_database(options.postgresql_url) as url:
        yield Settings(data_dir=folder, database_url=url)


async def _prepare(settings: Settings, sheets: int) -> tuple[dict[str, str], list[Any], dict[str, Any]]:
    """The demo school plus `sheets` fiches: the demo ids, the seeded fiches, the seeded document."""
    await load_demo(settings)
    ids = await db.in_transaction(settings.database, demo_ids)
    seeded = await db.in_transaction(settings.database, lambda session: seed_sheets(session, sheets))

    async def document(session: Any) -> dict[str, Any]:
        query = select(FicheVersion.document).where(FicheVersion.fiche_id == seeded[0]).limit(1)
        return dict((await session.scalars(query)).one())

    return ids, seeded, await db.in_transaction(settings.database, document)


def _run_base(results: Results, base: str, options: Options, work: Path) -> None:
    """One database: migrate (as `fichesujet db upgrade`), seed, start `serve`, measure every section."""
    folder = work / base
    with _database(base, options, folder) as settings:
        db.upgrade(settings)
        ids, seeded, document = asyncio.run(_prepare(settings, options.sheets))
        port = harness.free_port()
        base_url = f"http://127.0.0.1:{port}"
        env = harness.service_env(folder, settings.database)
        command = harness.serve_command(port)
        with harness.process(command, env, folder / "serve.log", f"{base_url}/api/sante") as pid:
            figures = results.bases.setdefault(base, Figures())
            sampler = harness.MemorySampler(pid)
            time.sleep(2)
            sampler.rest()
            scene = sections.Scene(
                base_url,
                harness.sign_in(base_url, TEACHER, DEMO_PASSWORD),
                harness.sign_in(base_url, MEMBER, DEMO_PASSWORD),
                ids,
                seeded,
                document,
                options.seconds,
                options.clients,
                pid,
            )
            with sampler.sampling():
                if "pdf" in options.sections:
                    figures.pdfs = _guarded(results, "PDF", base, lambda: asyncio.run(sections.pdfs(scene)))
                if "generation" in options.sections:
                    figures.generation = _guarded(
                        results, "Génération", base, lambda: asyncio.run(sections.generation(scene))
                    )
                if "lectures" in options.sections:
                    results.points += (
                        _guarded(results, "Lectures", base, lambda: sections.routes(scene, base)) or []
                    )
                if "ouverte" in options.sections:
                    figures.open_loop = (
                        _guarded(
                            results,
                            "Charge ouverte",
                            base,
                            lambda: [
                                asyncio.run(open_loop.run(scene, rate, options.seconds * 2))
                                for rate in options.rates
                            ],
                        )
                        or []
                    )
                if "ecritures" in options.sections:
                    figures.writes = _guarded(
                        results, "Écritures", base, lambda: asyncio.run(sections.writes(scene))
                    )
            figures.memory = sampler.memory


def _stop_on_sigterm(_signum: int, _frame: object) -> None:
    """SIGTERM ends the run like Ctrl+C: the `finally` blocks stop every process it started."""
    raise KeyboardInterrupt


def main() -> None:
    options = Options.from_env()
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    results = Results()
    work = Path(tempfile.mkdtemp(prefix="bench-13-"))
    started = time.monotonic()
    try:
        if "lectures" in options.sections:
            _guarded(results, "Plafond", "—", lambda: _bare(results, options, work))
        for base in options.bases:
            _guarded(results, "Base", base, lambda base=base: _run_base(results, base, options, work))
    except KeyboardInterrupt:
        results.failures.append(("Banc", "—", "interrompu (Ctrl+C ou SIGTERM) : le tableau est partiel"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    nlp = importlib.util.find_spec("spacy") is not None
    print(
        f"\n{options.sheets} fiches, {options.seconds:g} s par point, clients {options.clients}, "
        f"durée totale {time.monotonic() - started:.0f} s\n"
    )
    print(table(results))
    print()
    print(targets.block(targets.verdicts(results, nlp)))


if __name__ == "__main__":
    main()
