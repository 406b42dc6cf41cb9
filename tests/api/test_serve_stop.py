"""SIGTERM to the service: a graceful stop that exits 0, with a running generation job handed back, not lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from service.settings import Settings
from service.web.app import JOB_GRACE_SECONDS
from tests.api.test_serve import ROOT, fichesujet, free_port
from tests.api.test_service_processes import Service, enqueue, progress, runs_per_job, services, wait_all_done
from tests.review.conftest import World

pytestmark = pytest.mark.anyio
__all__ = ["services"]  # the fixture


def _stopped_within(process: subprocess.Popen[bytes], seconds: float) -> tuple[int, float]:
    """SIGTERM, then the exit code and how long the process took to exit."""
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    code = process.wait(timeout=seconds)
    return code, time.monotonic() - started


def test_fichesujet_serve_stops_on_sigterm_with_exit_code_0(tmp_path: Path) -> None:
    env = {**os.environ, "FICHESUJET_DATA_DIR": str(tmp_path / "data")}
    env.pop("FICHESUJET_DATABASE_URL", None)
    assert fichesujet(env, "demo").returncode == 0
    port = free_port()
    command = [sys.executable, "-m", "service.cli", "serve", "--port", str(port)]
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/sante", timeout=1)
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline, "le service n'a pas démarré"
                time.sleep(0.2)
        code, took = _stopped_within(process, 20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert code == 0, f"code de sortie {code} (143 : tué par le signal au lieu de s'arrêter)"
    assert took < JOB_GRACE_SECONDS  # nothing running: no grace period waited for


async def test_a_job_running_at_sigterm_is_handed_back_and_done_by_the_next_service(
    api_settings: Settings, world: World, services: list[Service], tmp_path: Path
) -> None:
    calls = tmp_path / "appels.txt"
    first = Service(
        api_settings, calls, delay=120, lease=600
    )  # a lease long enough that only a release frees it
    services.append(first)
    teacher = first.client("autrice@lycee.example")
    [job] = enqueue(teacher, world, 1)
    deadline = time.monotonic() + 60
    while progress(teacher, [job])[job]["statut"] != "running":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    teacher.close()
    code, took = _stopped_within(first.process, JOB_GRACE_SECONDS + 15)
    assert code == 0 and took < JOB_GRACE_SECONDS + 8, (code, took)
    second = Service(api_settings, calls, delay=0.05, lease=600)
    services.append(second)
    again = second.client("autrice@lycee.example")
    seen = wait_all_done(again, [job], timeout=60)[job]
    again.close()
    assert seen["statut"] == "done" and seen["propositions"] == 3
    assert seen["tentatives"] == 1  # the interrupted try is not counted against the job
    assert runs_per_job(calls) == {job: 1}
