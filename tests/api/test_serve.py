"""`fichesujet demo` then `fichesujet serve`: a real uvicorn process answers and a demo user logs in."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from service.review.demo import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fichesujet(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "service.cli", *args]
    return subprocess.run(
        command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    env = {**os.environ, "FICHESUJET_DATA_DIR": str(tmp_path / "data")}
    env.pop("FICHESUJET_DATABASE_URL", None)
    for _ in range(2):  # the second load finds the school already there
        loaded = fichesujet(env, "demo")
        assert loaded.returncode == 0, loaded.stderr
    assert "déjà présent" in loaded.stderr
    port = free_port()
    command = [sys.executable, "-m", "service.cli", "serve", "--port", str(port)]
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/api/sante", timeout=1)
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline, "le service n'a pas démarré"
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_demo_then_serve_answers_and_a_demo_user_logs_in(served: str) -> None:
    with httpx.Client(base_url=served) as client:
        assert client.get("/api/sante").json() == {"statut": "ok"}
        login = {"email": "membre1@demo.fichesujet.fr", "mot_de_passe": DEMO_PASSWORD}
        assert client.post("/api/session", json=login).status_code == 200
        candidates = client.get("/api/candidats").json()
        headers = {
            (c["nom"], client.get(f"/api/fiches/{f['id']}").json()["fiche_candidat"]["candidat"]["nom"])
            for c in candidates
            for f in c["fiches"]
        }
    assert len(candidates) == 6
    assert [c["nom"] for c in candidates if not c["fiches"]] == ["Moreau"]  # « À écrire » for a new user
    assert all(name == header for name, header in headers)  # each sheet names its own candidate
    assert all(sorted(f["nature"] for f in c["fdaps"]) == ["EC", "NV"] for c in candidates)
    states = {f["etat"] for c in candidates for f in c["fiches"]}
    assert states == {"brouillon", "soumise", "modifications_demandees", "approuvee", "remise"}


def test_served_app_runs_generation_jobs(served: str) -> None:
    with httpx.Client(base_url=served) as client:
        login = {"email": "enseignante@demo.fichesujet.fr", "mot_de_passe": DEMO_PASSWORD}
        assert client.post("/api/session", json=login).status_code == 200
        fdap = client.get("/api/candidats").json()[0]["fdaps"][0]["id"]
        headers = {"x-csrftoken": client.cookies["csrftoken"]}
        created = client.post(f"/api/fdaps/{fdap}/generations", json={"variantes": 2}, headers=headers)
        assert created.status_code == 202, created.text
        deadline = time.monotonic() + 30
        while (progress := client.get(f"/api/generations/{created.json()['id']}").json())["statut"] != "done":
            assert progress["statut"] in ("queued", "running") and time.monotonic() < deadline, progress
            time.sleep(0.2)
    assert (progress["moteur"], progress["propositions"]) == ("offline", 2)
