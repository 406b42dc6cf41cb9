"""The real service in separate processes: SIGKILL while jobs run then a restart, and two services on one
PostgreSQL database sharing a burst. Everything goes through HTTP, as a browser or a script would."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest

from service.settings import Settings
from tests.api.conftest import PASSWORD
from tests.api.test_serve import ROOT, free_port
from tests.review.conftest import World, good_fiche

pytestmark = pytest.mark.anyio


class Service:
    """One `serve` process (jobs worker included, engine slowed and counting its runs per job)."""

    def __init__(self, settings: Settings, calls: Path, delay: float, lease: float) -> None:
        self.port = free_port()
        env = {
            **os.environ,
            "FICHESUJET_DATABASE_URL": settings.database,
            "FICHESUJET_DATA_DIR": str(settings.data_dir),
            "FICHESUJET_SECRET_KEY": "cle-de-test",
            "FICHESUJET_JOB_LEASE_SECONDS": str(lease),
            "FICHESUJET_MAX_PENDING_JOBS": "100",  # bursts from one teacher, on purpose
        }
        command = [sys.executable, "-m", "tests.api.serve_proc", str(self.port), str(calls), str(delay)]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{self.base}/api/sante", timeout=1)
                return
            except httpx.TransportError:
                assert self.process.poll() is None and time.monotonic() < deadline, "service non démarré"
                time.sleep(0.1)

    def client(self, email: str) -> httpx.Client:
        client = httpx.Client(base_url=self.base, timeout=30)
        logged = client.post("/api/session", json={"email": email, "mot_de_passe": PASSWORD})
        assert logged.status_code == 200, logged.text
        client.get("/api/sante")  # a GET sets the CSRF cookie
        client.headers["x-csrftoken"] = client.cookies["csrftoken"]
        return client

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def services() -> Iterator[list[Service]]:
    started: list[Service] = []
    yield started
    for service in started:
        service.stop()


def enqueue(client: httpx.Client, world: World, count: int) -> list[str]:
    ids = []
    for _ in range(count):
        created = client.post(f"/api/fdaps/{world.fdap}/generations", json={"variantes": 3})
        assert created.status_code == 202, created.text
        ids.append(created.json()["id"])
    return ids


def progress(client: httpx.Client, ids: list[str]) -> dict[str, dict[str, Any]]:
    return {job: client.get(f"/api/generations/{job}").json() for job in ids}


def wait_all_done(client: httpx.Client, ids: list[str], timeout: float = 120) -> dict[str, dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while True:
        seen = progress(client, ids)
        if all(p["statut"] in ("done", "failed") for p in seen.values()):
            return seen
        assert time.monotonic() < deadline, Counter(p["statut"] for p in seen.values())
        time.sleep(0.2)


def runs_per_job(calls: Path) -> Counter[str]:
    lines = calls.read_text().splitlines() if calls.exists() else []
    return Counter(line.split()[0] for line in lines)


async def test_a_service_killed_mid_run_then_restarted_loses_no_job_or_sheet_and_runs_none_twice(
    api_settings: Settings, world: World, services: list[Service], tmp_path: Path
) -> None:
    calls = tmp_path / "appels.txt"
    # Each job holds the engine 1.5 s: the kill lands while the job seen « running » still runs (with
    # 0.3 s, that job sometimes finished between the poll and the kill, and none was left to resume).
    first = Service(api_settings, calls, delay=1.5, lease=1.0)
    services.append(first)
    teacher = first.client("autrice@lycee.example")
    kept = teacher.post(
        f"/api/fdaps/{world.fdap}/fiches",
        json={"commission_id": str(world.commission), "document": msgspec.to_builtins(good_fiche())},
    )
    assert kept.status_code == 201, kept.text
    fiche_id = kept.json()["fiche"]["id"]
    ids = enqueue(teacher, world, 10)
    deadline = time.monotonic() + 60
    while True:
        states = Counter(p["statut"] for p in progress(teacher, ids).values())
        if states["done"] >= 2 and states["running"] >= 1:
            break
        assert time.monotonic() < deadline, states
        time.sleep(0.02)
    first.process.send_signal(signal.SIGKILL)
    first.process.wait()
    teacher.close()
    interrupted = set(runs_per_job(calls)) ^ set(ids)  # not finished at the kill…
    second = Service(api_settings, calls, delay=0.05, lease=1.0)
    services.append(second)
    again = second.client("autrice@lycee.example")
    try:
        seen = wait_all_done(again, ids)
        sheet = again.get(f"/api/fiches/{fiche_id}")
    finally:
        again.close()
    assert {p["statut"] for p in seen.values()} == {"done"}
    assert all(p["propositions"] == 3 for p in seen.values())
    runs = runs_per_job(calls)
    assert set(runs) == set(ids)
    twice = {job for job, n in runs.items() if n > 1}
    # The jobs in flight at the kill (the worker runs up to FICHESUJET_JOB_CONCURRENCY at once) were claimed
    # again after their lease; only they can have run twice; every other job ran once.
    resumed = {job for job, p in seen.items() if p["tentatives"] == 2}
    assert 1 <= len(resumed) <= api_settings.job_concurrency and resumed <= interrupted
    assert twice <= resumed
    assert all(p["tentatives"] == 1 for job, p in seen.items() if job not in resumed)
    assert sheet.status_code == 200 and sheet.json()["version"] == 1  # the saved sheet survived
    print(
        f"SIGKILL : {len(ids)} tâches, relancées sur le second service : {len(interrupted)}, 2 fois : {len(twice)}"
    )


@pytest.mark.parametrize("api_settings", ["postgresql"], indirect=True)  # FOR UPDATE SKIP LOCKED
async def test_two_service_processes_share_a_burst_of_50_jobs_with_none_run_twice(
    api_settings: Settings, world: World, services: list[Service], tmp_path: Path
) -> None:
    calls = tmp_path / "appels.txt"
    services.extend(Service(api_settings, calls, delay=0.02, lease=30.0) for _ in range(2))
    clients = [service.client("autrice@lycee.example") for service in services]
    started = time.monotonic()
    ids = [job for client in clients for job in enqueue(client, world, 25)]
    seen = wait_all_done(clients[1], ids)
    for client in clients:
        client.close()
    runs = runs_per_job(calls)
    per_process = Counter(line.split()[1] for line in calls.read_text().splitlines())
    print(f"2 services, 50 tâches : {time.monotonic() - started:.2f} s, {dict(per_process)}")
    assert {p["statut"] for p in seen.values()} == {"done"}
    assert set(runs) == set(ids) and max(runs.values()) == 1
    assert all(p["tentatives"] == 1 for p in seen.values())
    assert len(per_process) == 2
