"""Small functions the render pool's tests run in its processes (importable there: no pytest, no WeasyPrint)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path


def pid_and_niceness() -> bytes:
    return f"{os.getpid()} {os.nice(0)}".encode()


def meet(folder: str, others: int) -> bytes:
    """Leaves a mark and waits for `others` other marks: only renders running at the same time all meet."""
    Path(folder, str(os.getpid())).touch()
    deadline = time.monotonic() + 20
    while len(list(Path(folder).iterdir())) <= others and time.monotonic() < deadline:
        time.sleep(0.02)
    return b"ensemble" if len(list(Path(folder).iterdir())) > others else b"seul"


def die() -> bytes:
    """A render whose process is killed mid-way (out of memory, an operator's kill -9)."""
    os.kill(os.getpid(), signal.SIGKILL)
    return b""


def pause(seconds: float) -> bytes:
    time.sleep(seconds)
    return b"fini"
