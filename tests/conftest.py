"""Shared fixtures: paths to the project's fixture files and a runner for the real `fichesujet` command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from service.review import passwords

# Tests only: argon2id at its lowest cost (≈ 3 ms instead of ≈ 0.2 s a hash or a check on the CI machine),
# so that hundreds of sign-ins stay cheap. A hash carries its parameters, so checking stays the real code path;
# the service keeps argon2-cffi's recommended parameters (processes the tests start, too), and a test that
# measures the time of a check asks for them back (`real_password_cost`).
SERVICE_HASHER = passwords._HASHER
passwords._HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
FDAP_FILES = sorted((FIXTURES / "fdap").glob("*.json"))


def pytest_sessionstart(session: pytest.Session) -> None:
    """No test meets a half-installed renderer: a missing Debian package stops the run at once, named."""
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "system-packages"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if done.returncode != 0:
        pytest.exit(
            done.stderr.strip() or "paquets Debian manquants (bash scripts/system-packages)", returncode=4
        )


def fdap_ids() -> list[str]:
    return [p.stem for p in FDAP_FILES]


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


Runner = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="session")
def fichesujet() -> Runner:
    """Run the installed console script as a user would, returning its completed process."""
    script = shutil.which("fichesujet", path=str(Path(sys.executable).parent))
    assert script, "the fichesujet console script is not installed in the environment"

    def run(
        *args: str, env: dict[str, str] | None = None, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        full_env = {**os.environ, **(env or {})}
        return subprocess.run(
            [script, *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=full_env,
            cwd=ROOT,
            check=False,
        )

    return run


@pytest.fixture
def real_password_cost(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The service's own argon2 cost for one test (hashes made during it; the decoy hash made again)."""
    monkeypatch.setattr(passwords, "_HASHER", SERVICE_HASHER)
    passwords._dummy_hash.cache_clear()
    yield
    passwords._dummy_hash.cache_clear()


@cache
def nv_sheets(path: Path) -> tuple[Any, ...]:
    """The offline engine's NV sheets for one FDAP over four seeds (three variants each), computed once."""
    from service.domain.codec import load_fdap
    from service.engines.base import ProposalRequest
    from service.engines.offline import OfflineEngine

    fdap = load_fdap(path)
    found = [
        fiche
        for seed in range(4)
        for fiche in OfflineEngine().generate(fdap, ProposalRequest(variants=3, seed=seed))
    ]
    return tuple(f for f in found if f.nature == "NV")
