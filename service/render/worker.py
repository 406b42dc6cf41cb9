"""Renders in separate processes with a time limit: WeasyPrint cannot be interrupted in a thread, a process
can be killed. A pool of a few warm processes, each serving one render at a time, at a lower CPU priority
than the service so that reads keep answering while documents render."""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import multiprocessing
import os
import queue
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import anyio

from service.errors import RenderError

LOG = logging.getLogger("fichesujet")
# A render past this is stopped (its process killed) and answered 503: the longest sheet the schema allows
# renders both sheets as PDF in about 6 s on an idle machine.
RENDER_TIMEOUT_SECONDS = 30.0
# How long a request waits for a free render process before a 503 (a burst beyond what the pool clears).
QUEUE_WAIT_SECONDS = 60.0
# Render processes run at this niceness: when the CPU is short, the service's event loop (reads, saves)
# wins it, and renders take the rest (Linux gives a nice-10 process about a tenth of a nice-0 one's share).
RENDER_NICENESS = 10
# A render process keeps ≈ 0.75 MiB of every PDF it made (measured over 120 renders of the 18 offline sheets:
# 91 MiB after 30, 160 MiB after 120, a full collection after each one included), so that one living as long
# as the service would grow without end. Past this RSS after a render, it is replaced: the next document pays
# a process start (≈ 1 to 2 s), once every hundred or so.
RECYCLE_RSS_MIB = 150
Render = Callable[..., bytes]


def _serve(connection: Connection) -> None:
    """The render process: one request at a time, answered with the bytes or the exception."""
    with contextlib.suppress(OSError):
        os.nice(RENDER_NICENESS)
    while True:
        try:
            function, args, kwargs = connection.recv()
        except EOFError:
            return
        try:
            connection.send((True, function(*args, **kwargs)))
        except RenderError as exc:
            connection.send((False, exc))
        except Exception as exc:
            LOG.error("rendu impossible", exc_info=exc)
            connection.send((False, RenderError(f"le rendu de la fiche a échoué ({type(exc).__name__})")))
        # Once answered: a document leaves cycles (layout boxes, fonts) that would otherwise wait for an
        # occasional full collection, the next render adding its own peak on top (≈ 20 MiB less at its peak).
        gc.collect()


def rss_mib(pid: int) -> float:
    """The resident memory of a process, 0 when it is gone (read from /proc, Linux)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class RenderProcess:
    """A render process started on first use, killed when a render runs past its time limit, started afresh
    when it died (a daemon: it ends with the service)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: BaseProcess | None = None
        self._connection: Connection | None = None

    def render(self, function: Render, *args: Any, timeout: float | None = None, **kwargs: Any) -> bytes:
        """`function(*args, **kwargs)` in the render process; RenderError (503) past `timeout` seconds."""
        limit = RENDER_TIMEOUT_SECONDS if timeout is None else timeout
        with self._lock:
            connection = self._sent((function, args, kwargs))
            try:
                if not connection.poll(limit):
                    self._stop()
                    LOG.warning("rendu arrêté après %g s", limit)
                    raise RenderError(
                        f"le rendu a dépassé {limit:g} s et a été arrêté : raccourcissez la fiche ou réessayez"
                    )
                ok, value = connection.recv()
            except (EOFError, OSError) as exc:  # the process died mid-render: the next render starts another
                self._stop()
                LOG.error("processus de rendu arrêté en cours de rendu : %s", type(exc).__name__)
                raise RenderError("le processus de rendu s'est arrêté pendant le rendu : réessayez") from exc
            self._recycled_if_grown()
        if not ok:
            raise value
        assert isinstance(value, bytes)
        return value

    def stop(self) -> None:
        with self._lock:
            self._stop()

    def _recycled_if_grown(self) -> None:
        """Past RECYCLE_RSS_MIB, the process is replaced by a fresh one, started now for the next document."""
        if self._process is None or self._process.pid is None:
            return
        size = rss_mib(self._process.pid)
        if size > RECYCLE_RSS_MIB:
            LOG.info("processus de rendu remplacé (%.0f Mio après %g Mio de limite)", size, RECYCLE_RSS_MIB)
            self._stop()
            self._started()

    def _sent(self, request: tuple[Render, tuple[Any, ...], dict[str, Any]]) -> Connection:
        """The request handed to the process; one that died while idle (killed) is replaced, not an error."""
        connection = self._started()
        try:
            if connection.poll(0):  # an idle process says nothing: readable means its end is closed
                raise ConnectionResetError
            connection.send(request)
        except OSError:
            self._stop()
            connection = self._started()
            connection.send(request)
        return connection

    def _started(self) -> Connection:
        if self._process is None or not self._process.is_alive() or self._connection is None:
            self._stop()
            context = multiprocessing.get_context("spawn")
            parent, child = context.Pipe()
            process = context.Process(target=_serve, args=(child,), name="fichesujet-rendu", daemon=True)
            process.start()
            child.close()
            self._process, self._connection = process, parent
        return self._connection

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join()
        if self._connection is not None:
            self._connection.close()
        self._process = self._connection = None


def _warm(process: RenderProcess, function: Render, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    try:
        process.render(function, *args, **kwargs)
    except Exception as exc:  # a missing font or library shows at the first real export, in French
        LOG.warning("préchauffage du rendu impossible : %s", type(exc).__name__)


class RenderPool:
    """`size` render processes; a request waits for a free one on the event loop (a capacity limiter), never
    in a worker thread, and at most QUEUE_WAIT_SECONDS."""

    def __init__(self, size: int) -> None:
        self.processes = [RenderProcess() for _ in range(size)]
        self._idle: queue.LifoQueue[RenderProcess] = queue.LifoQueue()  # the warmest first
        for process in self.processes:
            self._idle.put(process)
        self._limiter = anyio.CapacityLimiter(size)

    async def render(
        self, function: Render, *args: Any, timeout: float | None = None, **kwargs: Any
    ) -> bytes:
        """`function(*args, **kwargs)` in a free process of the pool, run from a thread once one is free."""
        try:
            with anyio.fail_after(QUEUE_WAIT_SECONDS):
                await self._limiter.acquire()
        except TimeoutError:
            raise RenderError(
                f"trop de documents en cours de rendu : aucun n'a pu commencer en {QUEUE_WAIT_SECONDS:g} s, "
                "réessayez dans un instant"
            ) from None
        try:
            call = functools.partial(self._in_thread, function, *args, timeout=timeout, **kwargs)
            return await anyio.to_thread.run_sync(call)
        finally:
            self._limiter.release()

    def _in_thread(self, function: Render, *args: Any, timeout: float | None = None, **kwargs: Any) -> bytes:
        """Takes the most recently used free process: never waits, the limiter let at most `size` threads in."""
        process = self._idle.get()
        try:
            return process.render(function, *args, timeout=timeout, **kwargs)
        finally:
            self._idle.put(process)

    def warm_up(self, function: Render, *args: Any, **kwargs: Any) -> None:
        """Start every process with one render, side by side in daemon threads (a stop of the service never
        waits for them): the first documents pay for neither a process start nor font discovery."""
        for process in self.processes:
            threading.Thread(
                target=_warm,
                args=(process, function, args, kwargs),
                name="fichesujet-rendu-prechauffage",
                daemon=True,
            ).start()

    def stop(self) -> None:
        for process in self.processes:
            process.stop()


@functools.cache
def shared_pool(size: int) -> RenderPool:
    """One pool per size in a process: its processes outlive an app (tests build many), like the service."""
    return RenderPool(size)
