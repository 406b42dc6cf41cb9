"""`fichesujet serve` as a real process (the command a district runs), and a signed-in HTTP client on it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.api.conftest import PASSWORD
from tests.api.test_serve import ROOT, free_port

START_SECONDS = 60  # a loaded 2-core machine takes several seconds to import and start the service


class Served:
    """One `python -m service.cli serve` process on a free port; its output kept in a log file."""

    def __init__(self, database: str, data_dir: Path, *, secret: str | None = "cle-de-test") -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "FICHESUJET_DATABASE_URL": database, "FICHESUJET_DATA_DIR": str(data_dir)}
        self.env.pop("FICHESUJET_SECRET_KEY", None)
        if secret is not None:
            self.env["FICHESUJET_SECRET_KEY"] = secret
        data_dir.mkdir(parents=True, exist_ok=True)
        self.log = data_dir / f"serve-{self.port}.log"
        with self.log.open("w") as output:
            command = [sys.executable, "-m", "service.cli", "serve", "--port", str(self.port)]
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT
            )

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                httpx.get(f"{self.base}/api/sante", timeout=1)
                return
            except httpx.TransportError:
                assert self.process.poll() is None, self.log.read_text()
                assert time.monotonic() < deadline, "service non démarré"
                time.sleep(0.1)

    def client(self, email: str = "autrice@lycee.example", timeout: float = 10) -> httpx.Client:
        """Signed in, with the CSRF header every write needs."""
        client = httpx.Client(base_url=self.base, timeout=timeout)
        signed = client.post("/api/session", json={"email": email, "mot_de_passe": PASSWORD})
        assert signed.status_code == 200, signed.text
        client.get("/api/sante")
        client.headers["x-csrftoken"] = client.cookies["csrftoken"]
        return client

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
