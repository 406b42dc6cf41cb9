"""Benchmark of the pages: p50/p95 of every page, with the demo school, then with 2,000 more sheets.

The service runs under uvicorn on a loopback port over a real SQLite file (a temporary folder); each page is
asked BENCH_ROUNDS times by a signed-in browser-like client (cookie, CSRF token). The baseline, measured in
the same run, is the demo school alone; then 2,000 fiches (two versions each, one FDAP, across 2,000
candidates and 10 commissions) are bulk-inserted into the same school and every page is measured again.
Target (issue 11): p95 under 100 ms per page. Pages not on this branch yet are listed as skipped. Prints
figures, not verdicts.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn
from litestar import Litestar

from bench.common import ADMIN, MEMBER, TEACHER, demo_ids, percentile, seed_sheets
from service import db
from service.review.demo import DEMO_PASSWORD, load_demo
from service.settings import Settings
from service.web.app import create_app

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))
SHEETS = int(os.environ.get("BENCH_SHEETS", "2000"))
TARGET_MS = 100.0
# (label, path with {candidat} {fdap} {fiche} to fill, account or None for anonymous)
PAGES = [
    ("connexion", "/connexion", None),
    ("tableau de bord (enseignante)", "/tableau-de-bord", TEACHER),
    ("tableau de bord (membre)", "/tableau-de-bord", MEMBER),
    ("candidat", "/candidats/{candidat}", TEACHER),
    ("déposer une FDAP", "/candidats/{candidat}/deposer", TEACHER),
    ("générer", "/fdaps/{fdap}/generer", TEACHER),
    ("fiche", "/fiches/{fiche}", MEMBER),
    ("éditeur", "/fiches/{fiche}/modifier", TEACHER),
    ("versions", "/fiches/{fiche}/versions", MEMBER),
    ("file de relecture", "/relecture", MEMBER),
    ("admin : comptes", "/admin/enseignants", ADMIN),
    ("admin : sessions", "/admin/sessions", ADMIN),
    ("admin : commissions", "/admin/commissions", ADMIN),
    ("admin : candidats", "/admin/candidats", ADMIN),
    ("admin : candidats, page 50", "/admin/candidats?page=50", ADMIN),
    ("admin : un candidat", "/admin/candidats/{candidat}", ADMIN),
    ("admin : import", "/admin/import", ADMIN),
]


def _routes(app: Litestar) -> set[str]:
    """The app's page paths with their parameters blanked: /fiches/{fiche_id:uuid} -> /fiches/{}."""
    return {re.sub(r"\{[^}]*\}", "{}", route.path) for route in app.routes}


def _exists(path: str, routes: set[str]) -> bool:
    return re.sub(r"\{[^}]*\}", "{}", path.split("?")[0]) in routes


@contextmanager
def _served(app: Litestar) -> Iterator[str]:
    """The app under uvicorn on a free loopback port, in a thread, for the length of the block."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join()


def _client(base: str, email: str | None) -> httpx.Client:
    """A client with the sign-in page's cookies, signed in as `email` through the form."""
    client = httpx.Client(base_url=base, timeout=30)
    client.get("/connexion")
    if email:
        form = {"email": email, "mot_de_passe": DEMO_PASSWORD, "_csrf_token": client.cookies["csrftoken"]}
        assert client.post("/connexion", data=form).status_code == 303, email
    return client


def _measure(clients: dict[str | None, httpx.Client], path: str, email: str | None) -> list[float] | str:
    """Milliseconds per request of one page (after one warm-up), or why it could not be measured."""
    client = clients[email]
    first = client.get(path)
    if first.status_code != 200:
        return f"statut {first.status_code}"
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return times


def _run(settings: Settings, ids: dict[str, str]) -> dict[str, list[float] | str]:
    """Every page measured against the served app; a page missing on this branch says so."""
    app = create_app(settings)
    routes = _routes(app)
    results: dict[str, list[float] | str] = {}
    with _served(app) as base:
        clients = {email: _client(base, email) for email in {email for _, _, email in PAGES}}
        for label, template, email in PAGES:
            path = template.format(**ids)
            results[label] = _measure(clients, path, email) if _exists(template, routes) else "absente"
        for client in clients.values():
            client.close()
    return results


def _cell(result: list[float] | str, share: float) -> str:
    return f"{percentile(result, share):8.1f}" if isinstance(result, list) else f"{'—':>8}"


def _print(before: dict[str, list[float] | str], after: dict[str, list[float] | str]) -> None:
    print(f"Pages : p50 / p95 en ms sur {ROUNDS} requêtes (cible : p95 < {TARGET_MS:.0f} ms)")
    head = f"{'page':32} {'démo p50':>8} {'démo p95':>8} {SHEETS} p50 {SHEETS} p95 {'ratio p95':>9}  cible"
    print(head)
    print("-" * len(head))
    for label, _, _ in PAGES:
        demo, big = before[label], after[label]
        if not isinstance(demo, list) or not isinstance(big, list):
            why = demo if isinstance(demo, str) else big
            print(f"{label:32} {'non mesurée : ' + str(why)}")
            continue
        ratio = percentile(big, 0.95) / percentile(demo, 0.95)
        ok = "oui" if percentile(big, 0.95) < TARGET_MS and percentile(demo, 0.95) < TARGET_MS else "NON"
        line = f"{label:32} {_cell(demo, 0.5)} {_cell(demo, 0.95)} {_cell(big, 0.5)} {_cell(big, 0.95)}"
        print(f"{line} {ratio:9.2f}  {ok}")
    medians = [statistics.median(r) for r in after.values() if isinstance(r, list)]
    if medians:
        print(f"médiane des médianes avec {SHEETS} fiches : {statistics.median(medians):.1f} ms")


def main() -> None:
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request drowns the table
    folder = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    settings = Settings(data_dir=folder, secret_key="banc-d-essai-des-pages")
    db.upgrade(settings)
    asyncio.run(load_demo(settings))
    ids = asyncio.run(db.in_transaction(settings.database, demo_ids))
    before = _run(settings, ids)
    start = time.perf_counter()
    asyncio.run(db.in_transaction(settings.database, lambda session: seed_sheets(session, SHEETS)))
    print(f"{SHEETS} fiches insérées en {time.perf_counter() - start:.1f} s ({folder / 'fichesujet.db'})")
    after = _run(settings, ids)
    _print(before, after)


if __name__ == "__main__":
    main()
