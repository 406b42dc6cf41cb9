"""The processes a run starts (the service, the bare app), their memory, and the databases they serve."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx
from sqlalchemy.engine import make_url

from bench.report import Memory
from service.web.auth import CSRF_COOKIE, SESSION_COOKIE

SECRET = "banc-d-essai-du-ticket-13"
START_SECONDS = 90.0


class BenchError(Exception):
    """A step of the bench failed; the message is French and says which."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def service_env(data_dir: Path, database_url: str) -> dict[str, str]:
    """The environment of a `fichesujet serve` of the bench: its own settings only, no language model."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FICHESUJET_", "OPENAI_"))}
    env |= {
        "FICHESUJET_DATA_DIR": str(data_dir),
        "FICHESUJET_DATABASE_URL": database_url,
        "FICHESUJET_SECRET_KEY": SECRET,
        "FICHESUJET_MAX_PENDING_JOBS": "1000",  # the burst of 20 is one teacher's
    }
    return env


@contextmanager
def process(command: list[str], env: dict[str, str], log: Path, health: str) -> Iterator[int]:
    """`command` in a process group of its own, until `health` answers 200; the whole group is stopped after."""
    with log.open("ab") as output:
        child = subprocess.Popen(
            command, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_healthy(child, health, log)
        yield child.pid
    finally:
        _stop_group(child)


def _wait_healthy(child: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if child.poll() is not None:
            tail = log.read_text(errors="replace")[-600:]
            raise BenchError(f"le processus s'est arrêté au démarrage (code {child.returncode}) : {tail}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise BenchError(f"{url} ne répond pas après {START_SECONDS:.0f} s")


def _stop_group(child: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the group (the service and its render processes), SIGKILL to what is left after 15 s."""
    try:
        os.killpg(child.pid, signal.SIGTERM)
        child.wait(timeout=15)
    except subprocess.TimeoutExpired:
        pass
    except ProcessLookupError:
        return
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    child.wait()


def serve_command(port: int) -> list[str]:
    """A real `fichesujet serve`: the entry point installed beside this Python."""
    return [str(Path(sys.executable).parent / "fichesujet"), "serve", "--port", str(port)]


def bare_command(port: int) -> list[str]:
    return [sys.executable, "-m", "bench.bare", str(port)]


def _kib(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


def cpu_ms(pid: int) -> float:
    """The processor time `pid` has used so far, user and system, every thread (0 once it has ended)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # After the command's closing parenthesis: state is field 3 of proc(5), utime 14 and stime 15.
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (the render pool, a resource tracker), from /proc's children lists."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = [int(n) for n in (task / "children").read_text().split()]
        except OSError:
            continue
        for child in children:
            found += [child, *descendants(child)]
    return found


@dataclass
class MemorySampler:
    """Samples VmRSS every 0.1 s in a thread while load runs; `rest()` takes the figure before any load."""

    pid: int
    memory: Memory = field(default_factory=Memory)
    _stop: threading.Event = field(default_factory=threading.Event)

    def _now(self) -> tuple[float, float]:
        children = descendants(self.pid)
        return _kib(self.pid, "VmRSS") / 1024, sum(_kib(c, "VmRSS") for c in children) / 1024

    def rest(self) -> None:
        self.memory.rest_mib, self.memory.rest_children_mib = self._now()

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            own, children = self._now()
            self.memory.load_mib = max(self.memory.load_mib, own)
            self.memory.load_children_mib = max(self.memory.load_children_mib, children)

    @contextmanager
    def sampling(self) -> Iterator[Memory]:
        thread = threading.Thread(target=self._run, daemon=True)
        thread.start()
        try:
            yield self.memory
        finally:
            self._stop.set()
            thread.join()
            self.memory.peak_mib = _kib(self.pid, "VmHWM") / 1024
            self.memory.peak_children_mib = sum(_kib(c, "VmHWM") for c in descendants(self.pid)) / 1024


@dataclass(frozen=True)
class Account:
    """A signed-in session: the cookies for wrk's Cookie header and the CSRF token for writes."""

    cookies: dict[str, str]

    @property
    def header(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    @property
    def csrf(self) -> dict[str, str]:
        return {"x-csrftoken": self.cookies[CSRF_COOKIE]}


def sign_in(base: str, email: str, password: str) -> Account:
    """Sign in through the JSON API (the CSRF cookie comes from a first GET)."""
    with httpx.Client(base_url=base, timeout=30) as client:
        client.get("/api/sante")
        response = client.post("/api/session", json={"email": email, "mot_de_passe": password})
        if response.status_code != 200 or SESSION_COOKIE not in client.cookies:
            raise BenchError(f"connexion de {email} refusée (statut {response.status_code})")
        return Account({name: client.cookies[name] for name in (SESSION_COOKIE, CSRF_COOKIE)})


async def _admin(url: str, statement: str) -> None:
    server = make_url(url).set(drivername="postgresql")
    connection = await asyncpg.connect(server.render_as_string(hide_password=False))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@contextmanager
def postgresql_database(server_url: str) -> Iterator[str]:
    """A fresh database of the bench's own on the server of `server_url`, dropped afterwards."""
    name = f"fichesujet_bench_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin(server_url, f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        for attempt in range(10):
            try:
                asyncio.run(_admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                break
            except asyncpg.PostgresError:
                if attempt == 9:
                    raise
                time.sleep(0.5)
