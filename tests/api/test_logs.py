"""What `fichesujet serve` writes (its log, the model call log) holds no secret and no candidate's data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from service.domain.codec import load_fdap
from service.review.demo import DEMO_PASSWORD
from tests.api.test_serve import ROOT, fichesujet, free_port
from tests.conftest import FIXTURES
from tests.llm.conftest import valid_answer
from tests.llm.fake_openai import FakeOpenAI, answer_json

SECRET_KEY = "cle-secrete-du-test-des-journaux"
API_KEY = "sk-cle-du-test-des-journaux"
WRONG_PASSWORD = "mauvais-mot-de-passe-4217"
TEACHER = "enseignante@demo.fichesujet.fr"
# Moreau Camille: the demo candidate with no fiche, whose FDAP may still be replaced.
CANDIDATE = ("Moreau", "Camille", "camille.moreau@gmail.com")
FDAP = FIXTURES / "fdap" / "19-parfumerie-coffret-fidelite.json"


@pytest.fixture
def fake_llm() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI().start()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def logged(tmp_path: Path, fake_llm: FakeOpenAI) -> Iterator[tuple[str, Path, Path]]:
    """`serve` on the demo school with a model endpoint: its URL, its log file and its data folder."""
    data = tmp_path / "data"
    env = {**os.environ, "FICHESUJET_DATA_DIR": str(data), "FICHESUJET_SECRET_KEY": SECRET_KEY}
    env |= {"FICHESUJET_LLM_MODEL": "test-model", "OPENAI_BASE_URL": fake_llm.url, "OPENAI_API_KEY": API_KEY}
    env.pop("FICHESUJET_DATABASE_URL", None)
    assert fichesujet(env, "demo").returncode == 0
    port, log = free_port(), tmp_path / "serve.log"
    with log.open("w") as output:
        command = [sys.executable, "-m", "service.cli", "serve", "--port", str(port)]
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/api/sante", timeout=1)
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        yield base, log, data
    finally:
        process.terminate()
        process.wait(timeout=20)


def _deposit_and_generate(client: httpx.Client, fake_llm: FakeOpenAI) -> None:
    """A named candidate's FDAP (their e-mail in its text) deposited, then one proposal from the model."""
    candidate = next(c for c in client.get("/api/candidats").json() if c["nom"] == CANDIDATE[0])
    fdap = json.loads(FDAP.read_text(encoding="utf-8"))
    fdap["cadre"]["type_structure"] += f" Stagiaire : {CANDIDATE[1]} {CANDIDATE[0]}, {CANDIDATE[2]}."
    fake_llm.script(answer_json(valid_answer(load_fdap(FDAP))))
    headers = {"x-csrftoken": client.cookies["csrftoken"], "content-type": "application/json"}
    deposit = client.post(
        f"/api/candidats/{candidate['id']}/fdaps", content=json.dumps(fdap), headers=headers
    )
    assert deposit.status_code == 201, deposit.text
    fdap_id = deposit.json()["fdap"]["id"]
    created = client.post(f"/api/fdaps/{fdap_id}/generations", json={"variantes": 1}, headers=headers)
    assert created.status_code == 202, created.text
    deadline = time.monotonic() + 60
    while (progress := client.get(f"/api/generations/{created.json()['id']}").json())["statut"] not in (
        "done",
        "failed",
    ):
        assert time.monotonic() < deadline, progress
        time.sleep(0.3)


def test_the_logs_hold_no_password_cookie_key_or_candidate_data(
    logged: tuple[str, Path, Path], fake_llm: FakeOpenAI
) -> None:
    base, log, data = logged
    with httpx.Client(base_url=base) as client:
        refused = client.post("/api/session", json={"email": TEACHER, "mot_de_passe": WRONG_PASSWORD})
        assert refused.status_code == 401
        assert client.get(f"/api/sante?email={CANDIDATE[2]}&nom={CANDIDATE[0]}").status_code == 200
        assert (
            client.post("/api/session", json={"email": TEACHER, "mot_de_passe": DEMO_PASSWORD}).status_code
            == 200
        )
        cookies = [value for name, value in client.cookies.items() if len(value) > 16]
        _deposit_and_generate(client, fake_llm)
    assert fake_llm.requests, "the model was never called"
    calls = (data / "llm-calls.jsonl").read_text(encoding="utf-8")
    time.sleep(0.5)  # the access log's last lines
    logs = log.read_text(encoding="utf-8")
    assert "/api/sante" in logs and "/api/generations/" in logs  # the access log is on
    for text, where in ((logs, "journal du service"), (calls, "journal des appels au modèle")):
        for secret in [DEMO_PASSWORD, WRONG_PASSWORD, SECRET_KEY, API_KEY, *cookies, *CANDIDATE, TEACHER]:
            assert secret not in text, f"{secret!r} dans le {where}"
