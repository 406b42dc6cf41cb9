"""The pool of render processes: renders side by side, a dead process replaced, the wait for a free one
bounded, the processes below the service's CPU priority."""

from __future__ import annotations

import os
import signal
from multiprocessing.process import BaseProcess
from pathlib import Path

import anyio
import pytest

from service.errors import RenderError
from service.render import worker
from service.render.worker import RenderPool
from tests.render import pool_helpers

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_the_pool_renders_two_documents_at_once(tmp_path: Path) -> None:
    pool = RenderPool(2)
    results: list[bytes] = []

    async def one() -> None:
        results.append(await pool.render(pool_helpers.meet, str(tmp_path), 1))

    try:
        async with anyio.create_task_group() as group:
            group.start_soon(one)
            group.start_soon(one)
    finally:
        pool.stop()
    assert results == [b"ensemble", b"ensemble"]
    assert len(list(tmp_path.iterdir())) == 2  # two processes


async def _gone(pid: int) -> None:
    """Until the killed process is a zombie: dead, its pipe closed, not yet reaped by the pool."""
    with anyio.fail_after(10):
        while Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z":
            await anyio.sleep(0.01)


async def test_a_process_killed_between_or_during_renders_is_replaced() -> None:
    pool = RenderPool(1)
    try:
        pid, niceness = map(int, (await pool.render(pool_helpers.pid_and_niceness)).split())
        assert niceness >= worker.RENDER_NICENESS  # reads of the service win the CPU over renders
        os.kill(pid, signal.SIGKILL)
        await _gone(pid)
        second = int((await pool.render(pool_helpers.pid_and_niceness)).split()[0])
        assert second != pid
        with pytest.raises(RenderError, match="le processus de rendu s'est arrêté pendant le rendu"):
            await pool.render(pool_helpers.die)
        third = int((await pool.render(pool_helpers.pid_and_niceness)).split()[0])
        assert third not in (pid, second)
    finally:
        pool.stop()


async def test_a_process_grown_past_the_limit_is_replaced_once_its_document_is_answered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pool = RenderPool(1)
    try:
        first = int((await pool.render(pool_helpers.pid_and_niceness)).split()[0])
        assert int((await pool.render(pool_helpers.pid_and_niceness)).split()[0]) == first  # kept while small
        monkeypatch.setattr(worker, "RECYCLE_RSS_MIB", 1)
        assert int((await pool.render(pool_helpers.pid_and_niceness)).split()[0]) == first  # answered, then
        second = int((await pool.render(pool_helpers.pid_and_niceness)).split()[0])
        assert second != first
        assert not Path(f"/proc/{first}").exists()  # stopped and reaped, not left beside the new one
    finally:
        pool.stop()


async def test_a_process_killed_while_idle_is_replaced_even_before_it_is_reaped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The pool sees the closed pipe, not the exit status: the dead process still looks alive here."""
    pool = RenderPool(1)
    try:
        pid = int((await pool.render(pool_helpers.pid_and_niceness)).split()[0])
        os.kill(pid, signal.SIGKILL)
        await _gone(pid)
        monkeypatch.setattr(BaseProcess, "is_alive", lambda _: True)
        second = int((await pool.render(pool_helpers.pid_and_niceness)).split()[0])
        assert second != pid
        assert await pool.render(pool_helpers.pause, 0) == b"fini"
    finally:
        pool.stop()


async def test_a_request_waits_a_bounded_time_for_a_free_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "QUEUE_WAIT_SECONDS", 0.3)
    pool = RenderPool(1)
    refused: list[str] = []

    async def late() -> None:
        await anyio.sleep(0.1)
        with pytest.raises(RenderError) as error:
            await pool.render(pool_helpers.pause, 0)
        refused.append(str(error.value))

    try:
        async with anyio.create_task_group() as group:
            group.start_soon(late)
            assert await pool.render(pool_helpers.pause, 1.5) == b"fini"
        assert refused == [
            "trop de documents en cours de rendu : aucun n'a pu commencer en 0.3 s, réessayez dans un instant"
        ]
        assert await pool.render(pool_helpers.pause, 0) == b"fini"  # the slot was given back
    finally:
        pool.stop()
