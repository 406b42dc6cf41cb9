"""The measurements against a running `fichesujet serve`: routes under wrk, generation, PDFs, writes."""

from __future__ import annotations

import asyncio
import copy
import statistics
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from bench import wrk
from bench.harness import Account, BenchError, cpu_ms
from bench.report import JSON, PAGE, Generation, Pdfs, Point, Writes
from service.db.models import STATES

VARIANTS = 3
SINGLE_JOBS = 5
BURST_JOBS = 20
BURST_PDFS = 10
WRITERS = 4
POLL_SECONDS = 0.005
# The cheapest signed-in read: the session check and the account, which every signed-in route pays first.
SESSION_FLOOR = "GET /api/session"


@dataclass(frozen=True)
class Scene:
    """What the measures need of a running service: its address, two signed-in accounts, the data's ids."""

    base_url: str
    teacher: Account
    member: Account
    demo: dict[str, str]  # a demo candidate, its FDAP and its fiche under review
    sheets: list[uuid.UUID]  # the 2,000 seeded fiches; fiche n is in state STATES[n % len(STATES)]
    document: dict[str, Any]  # the seeded versions' document (fiche-sujet/1)
    seconds: float
    clients: tuple[int, ...]
    service_pid: int = 0  # the `serve` process, whose processor time the generation section reads

    def sheets_in(self, state: str, count: int, skip: int = 0) -> list[uuid.UUID]:
        """`count` seeded fiches in `state`, after the first `skip` of them (so that measures never share one)."""
        chosen = [s for n, s in enumerate(self.sheets) if STATES[n % len(STATES)] == state]
        if len(chosen) < skip + count:
            raise BenchError(f"pas assez de fiches à l'état {state} : augmentez BENCH_SHEETS")
        return chosen[skip : skip + count]

    @property
    def quiet_read(self) -> str:
        """A light read through the request's database session, of a fiche no measure writes or renders."""
        return f"/api/fiches/{self.sheets_in('soumise', 1, skip=2)[0]}"

    def client(self, account: Account, **options: Any) -> httpx.AsyncClient:
        """A client signed in as `account`; `options` (timeout, limits) replace httpx's defaults."""
        return httpx.AsyncClient(
            base_url=self.base_url,
            cookies=account.cookies,
            headers=account.csrf,
            **({"timeout": 120} | options),
        )


def _routes(scene: Scene, job_id: str) -> list[tuple[str, str, str, Account | None]]:
    """(kind, label, path, account): the JSON reads and the main pages, on a fiche under review."""
    fiche = scene.sheets_in("soumise", 1)[0]
    return [
        (JSON, "GET /api/candidats", "/api/candidats", scene.teacher),
        (JSON, "GET /api/fiches/{id}", f"/api/fiches/{fiche}", scene.teacher),
        (JSON, "GET /api/fiches/{id}/jury", f"/api/fiches/{fiche}/jury", scene.teacher),
        (JSON, "GET /api/generations/{id}", f"/api/generations/{job_id}", scene.teacher),
        (JSON, "GET /api/sante", "/api/sante", None),
        (JSON, SESSION_FLOOR, "/api/session", scene.teacher),
        (PAGE, "tableau de bord", "/tableau-de-bord", scene.teacher),
        (PAGE, "page d'un candidat", f"/candidats/{scene.demo['candidat']}", scene.teacher),
        (PAGE, "file de relecture", "/relecture", scene.member),
        (PAGE, "page d'une fiche", f"/fiches/{fiche}", scene.member),
    ]


def settle(scene: Scene, limit_seconds: float = 240.0) -> None:
    """Wait until a read through the request's database session is quick again: the previous point's backlog
    has drained (uvicorn still answers the requests wrk gave up on; /api/sante and /api/session never wait for
    the connection pool they hold)."""
    deadline = time.monotonic() + limit_seconds
    while time.monotonic() < deadline:
        start = time.perf_counter()
        try:
            httpx.get(scene.base_url + scene.quiet_read, headers=scene.teacher.header, timeout=limit_seconds)
        except httpx.HTTPError:
            continue
        if time.perf_counter() - start < 0.1:
            return
        time.sleep(0.2)


def load_points(
    kind: str, label: str, url: str, headers: dict[str, str], base: str, scene: Scene
) -> list[Point]:
    """One route at every number of clients; a route that does not answer 200 is reported, not measured."""
    settle(scene)
    try:
        status = str(httpx.get(url, headers=headers, timeout=60).status_code)
    except httpx.HTTPError as exc:
        status = f"pas de réponse ({type(exc).__name__})"
    if status != "200":
        return [Point(label, kind, base, c, error=f"non mesurée : statut {status}") for c in scene.clients]
    points = []
    for clients in scene.clients:
        settle(scene)
        try:
            points.append(Point(label, kind, base, clients, wrk.run(url, clients, scene.seconds, headers)))
        except wrk.WrkError as exc:
            points.append(Point(label, kind, base, clients, error=str(exc)))
    return points


def routes(scene: Scene, base: str) -> list[Point]:
    """Every route of `_routes` at 1, 10 and 50 clients (by default); a finished job serves the job route."""
    job_id = asyncio.run(_finished_job(scene))
    points = []
    for kind, label, path, account in _routes(scene, job_id):
        headers = account.header if account else {}
        points += load_points(kind, label, scene.base_url + path, headers, base, scene)
    return points


async def _finished_job(scene: Scene) -> str:
    async with scene.client(scene.teacher) as client:
        job_id, _, _ = await _job(client, scene.demo["fdap"])
    return job_id


async def _job(client: httpx.AsyncClient, fdap: str) -> tuple[str, float, str]:
    """Post one job of 3 proposals and poll it until it ends: (its id, post→end in ms, its status)."""
    start = time.perf_counter()
    posted = await client.post(f"/api/fdaps/{fdap}/generations", json={"variantes": VARIANTS})
    if posted.status_code != 202:
        raise BenchError(
            f"POST /api/fdaps/{{id}}/generations : statut {posted.status_code} ({posted.text[:200]})"
        )
    job_id = posted.json()["id"]
    while True:
        status = (await client.get(f"/api/generations/{job_id}")).json()["statut"]
        if status in ("done", "failed"):
            return job_id, (time.perf_counter() - start) * 1000, status
        await asyncio.sleep(POLL_SECONDS)


async def generation(scene: Scene) -> Generation:
    """Several jobs one after the other, then a burst of 20 posted at once (each polled on its own)."""
    fdap = scene.demo["fdap"]
    pid = scene.service_pid
    async with scene.client(scene.teacher) as client:
        cpu = cpu_ms(pid)
        singles = [await _job(client, fdap) for _ in range(SINGLE_JOBS)]
        single_cpu, cpu = (cpu_ms(pid) - cpu) / SINGLE_JOBS, cpu_ms(pid)
        start = time.perf_counter()
        burst = await asyncio.gather(*(_job(client, fdap) for _ in range(BURST_JOBS)))
        total = (time.perf_counter() - start) * 1000
        burst_cpu = (cpu_ms(pid) - cpu) / BURST_JOBS
    failed = sum(status != "done" for _, _, status in [*singles, *burst])
    return Generation(
        [t for _, t, _ in singles],
        [t for _, t, _ in burst],
        total,
        failed,
        single_cpu if pid else None,
        burst_cpu if pid else None,
    )


async def _pdf(client: httpx.AsyncClient, fiche: uuid.UUID) -> float:
    start = time.perf_counter()
    response = await client.get(f"/api/fiches/{fiche}/documents/candidat.pdf")
    if response.status_code != 200 or not response.content.startswith(b"%PDF"):
        raise BenchError(f"PDF de la fiche {fiche} : statut {response.status_code}")
    return (time.perf_counter() - start) * 1000


async def _reads(client: httpx.AsyncClient, path: str, count: int | None, stop: asyncio.Event) -> list[float]:
    """One client reading `path` again and again: `count` times, or until `stop` is set."""
    times: list[float] = []
    while (count is None and not stop.is_set()) or (count is not None and len(times) < count):
        start = time.perf_counter()
        (await client.get(path)).raise_for_status()
        times.append((time.perf_counter() - start) * 1000)
    return times


async def pdfs(scene: Scene) -> Pdfs:
    """Cold (first after the start), warm (another version), an approved version asked again, then a burst
    of 10 different sheets while another client reads an unrelated fiche."""
    cold, warm = scene.sheets_in("modifications_demandees", 2)
    approved = scene.sheets_in("approuvee", 1)[0]
    burst_sheets = scene.sheets_in("modifications_demandees", BURST_PDFS, skip=2)
    unrelated = f"/api/fiches/{scene.sheets_in('soumise', 1, skip=1)[0]}"
    async with scene.client(scene.teacher) as client, scene.client(scene.teacher) as reader:
        cold_ms = await _pdf(client, cold)
        warm_ms = await _pdf(client, warm)
        await _pdf(client, approved)
        cached_ms = statistics.median([await _pdf(client, approved) for _ in range(3)])
        stop = asyncio.Event()
        rest = await _reads(reader, unrelated, 40, stop)
        reading = asyncio.create_task(_reads(reader, unrelated, None, stop))
        start = time.perf_counter()
        outcomes = await asyncio.gather(*(_pdf(client, s) for s in burst_sheets), return_exceptions=True)
        total = (time.perf_counter() - start) * 1000
        stop.set()
        during = await reading
    times = [t for t in outcomes if isinstance(t, float)]
    return Pdfs(cold_ms, warm_ms, cached_ms, times, total, len(outcomes) - len(times), rest, during)


async def _writer(
    scene: Scene, client: httpx.AsyncClient, fiche: uuid.UUID, until: float
) -> tuple[list[float], int]:
    """Save new versions of one fiche until `until`, each with the ETag the previous save returned."""
    etag = (await client.get(f"/api/fiches/{fiche}")).headers["ETag"]
    document = copy.deepcopy(scene.document)
    base_text = document["fiche_candidat"].get("objet", "")
    times: list[float] = []
    errors = 0
    while time.monotonic() < until:
        document["fiche_candidat"]["objet"] = f"{base_text} (révision {len(times) + errors + 1})".strip()
        start = time.perf_counter()
        response = await client.put(
            f"/api/fiches/{fiche}", json={"document": document}, headers={"If-Match": etag}
        )
        if response.status_code == 200:
            times.append((time.perf_counter() - start) * 1000)
            etag = response.headers["ETag"]
        else:
            errors += 1
            etag = (await client.get(f"/api/fiches/{fiche}")).headers["ETag"]
    return times, errors


async def writes(scene: Scene) -> Writes:
    """WRITERS clients, each saving its own draft fiche again and again for the run's duration."""
    sheets = scene.sheets_in("brouillon", WRITERS)
    clients = [scene.client(scene.teacher) for _ in sheets]
    until = time.monotonic() + scene.seconds
    try:
        start = time.monotonic()
        done = await asyncio.gather(
            *(_writer(scene, c, s, until) for c, s in zip(clients, sheets, strict=True))
        )
        seconds = time.monotonic() - start
    finally:
        for client in clients:
            await client.aclose()
    return Writes(WRITERS, seconds, [t for times, _ in done for t in times], sum(e for _, e in done))
