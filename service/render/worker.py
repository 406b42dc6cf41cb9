"""Renders in a separate process with a time limit: WeasyPrint cannot be interrupted in a thread, a process
can be killed. One warm process serves renders one at a time; a pool is several of them."""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from service.errors import RenderError

LOG = logging.getLogger("fichesujet")
# A render past this is stopped (its process killed) and answered 503: the longest sheet the schema allows
# renders both sheets as PDF in about 6 s on an idle machine.
RENDER_TIMEOUT_SECONDS = 30.0
Render = Callable[..., bytes]


def _serve(connection: Connection) -> None:
    """The render process: one request at a time, answered with the bytes or the exception."""
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


class RenderProcess:
    """A render process started on first use, killed when a render runs past its time limit (a daemon:
    it ends with the service)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: BaseProcess | None = None
        self._connection: Connection | None = None

    def render(self, function: Render, *args: Any, timeout: float | None = None, **kwargs: Any) -> bytes:
        """`function(*args, **kwargs)` in the render process; RenderError (503) past `timeout` seconds."""
        limit = RENDER_TIMEOUT_SECONDS if timeout is None else timeout
        with self._lock:
            connection = self._started()
            connection.send((function, args, kwargs))
            if not connection.poll(limit):
                self._stop()
                LOG.warning("rendu arrêté après %g s", limit)
                raise RenderError(
                    f"le rendu a dépassé {limit:g} s et a été arrêté : raccourcissez la fiche ou réessayez"
                )
            ok, value = connection.recv()
        if not ok:
            raise value
        assert isinstance(value, bytes)
        return value

    def _started(self) -> Connection:
        if self._process is None or not self._process.is_alive() or self._connection is None:
            self._stop()
            parent, child = multiprocessing.get_context("spawn").Pipe()
            process = multiprocessing.get_context("spawn").Process(
                target=_serve, args=(child,), name="fichesujet-rendu", daemon=True
            )
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


RENDERER = RenderProcess()
