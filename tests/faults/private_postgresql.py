"""A private PostgreSQL server in a temporary folder, on its own port, that a test may stop and start again
(never the shared server of scripts/test-postgresql, which other tests use at the same time)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.api.test_serve import free_port

BINARIES = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
USER = "postgres"


class PrivateServer:
    """initdb, then pg_ctl start / stop on a free port; as root, everything runs as the `postgres` user."""

    def __init__(self) -> None:
        if not BINARIES:
            pytest.skip(
                "binaires PostgreSQL absents (/usr/lib/postgresql/*/bin) : bash scripts/test-postgresql"
            )
        self.bin = BINARIES[-1].parent
        self.folder = Path(tempfile.mkdtemp(prefix="fichesujet-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.folder, USER)
        self._run("initdb", "--no-sync", "-A", "trust", "-U", USER, "-E", "UTF8", "-D", str(self.data))
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", USER, "fichesujet")
        self.url = f"postgresql+asyncpg://{USER}@127.0.0.1:{self.port}/fichesujet"

    def _run(self, tool: str, *args: str, check: bool = True) -> None:
        command = [str(self.bin / tool), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", USER, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0 or not check, done.stdout + done.stderr

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.folder / "server.log")
        self._run("pg_ctl", "start", "-w", "-t", "30", "-D", str(self.data), "-l", log, "-o", options)

    def stop(self) -> None:
        self._run("pg_ctl", "stop", "-w", "-t", "30", "-m", "fast", "-D", str(self.data))

    def remove(self) -> None:
        self._run("pg_ctl", "stop", "-w", "-t", "30", "-m", "immediate", "-D", str(self.data), check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def private_postgresql() -> Iterator[PrivateServer]:
    server = PrivateServer()
    try:
        yield server
    finally:
        server.remove()
