"""Teachers as they come: requests arriving at a steady rate whatever the service's speed (open loop, Poisson
arrivals), a mix of the main pages and lists; each latency counts from the request's planned start, so that a
slow service cannot hide behind clients that wait for it (coordinated omission).

wrk's closed loop (N clients, each asking again as soon as answered) measures what one process can serve;
this measures what a district's teachers would wait at a given number of requests per second.
"""

from __future__ import annotations

import asyncio
import random

import httpx

from bench.report import OpenLoop
from bench.sections import Scene

TIMEOUT_SECONDS = 10.0
SEED = 13


def mix(scene: Scene) -> list[tuple[str, str]]:
    """(path, who): the reads a commission's week is made of, in equal shares: lists, pages and a sheet."""
    fiche = scene.sheets_in("soumise", 1)[0]
    return [
        ("/tableau-de-bord", "teacher"),
        (f"/candidats/{scene.demo['candidat']}", "teacher"),
        ("/relecture", "member"),
        (f"/fiches/{fiche}", "member"),
        ("/api/candidats", "teacher"),
        (f"/api/fiches/{fiche}", "teacher"),
    ]


async def _one(client: httpx.AsyncClient, path: str, planned: float) -> float | None:
    """The latency in ms from the planned start (None: not a 200, or no answer in time)."""
    loop = asyncio.get_running_loop()
    await asyncio.sleep(max(0.0, planned - loop.time()))
    try:
        response = await client.get(path)
    except httpx.HTTPError:
        return None
    return (loop.time() - planned) * 1000 if response.status_code == 200 else None


async def run(scene: Scene, rate: float, seconds: float) -> OpenLoop:
    """`rate` requests per second for `seconds`, each one a read of the mix drawn at random."""
    chosen = mix(scene)
    rng = random.Random(SEED)
    options = {
        "timeout": TIMEOUT_SECONDS,
        "limits": httpx.Limits(max_connections=500, max_keepalive_connections=100),
    }
    clients = {
        "teacher": scene.client(scene.teacher, **options),
        "member": scene.client(scene.member, **options),
    }
    try:
        start = asyncio.get_running_loop().time() + 0.5
        planned, tasks = 0.0, []
        while (planned := planned + rng.expovariate(rate)) < seconds:
            path, who = rng.choice(chosen)
            tasks.append(asyncio.create_task(_one(clients[who], path, start + planned)))
        found = await asyncio.gather(*tasks)
    finally:
        for client in clients.values():
            await client.aclose()
    latencies = [t for t in found if t is not None]
    return OpenLoop(rate, seconds, latencies, len(found) - len(latencies))
