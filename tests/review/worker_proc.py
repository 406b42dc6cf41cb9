"""A real worker process for the crash and multi-process tests: the offline engine, slowed down, with
every finished engine call appended to a file (`<job id> <pid>`), so that a test counts runs per job."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from service import db
from service.domain.fdap import Fdap
from service.domain.fiche_sujet import FicheSujet
from service.engines.base import ProposalRequest
from service.engines.offline import OfflineEngine
from service.review.jobs import CURRENT_JOB, run_worker
from service.settings import Settings


class SlowEngine:
    name = "offline"

    def __init__(self, calls: Path, delay: float) -> None:
        self.calls, self.delay = calls, delay

    async def propose(self, fdap: Fdap, request: ProposalRequest) -> list[FicheSujet]:
        proposals = await OfflineEngine().propose(fdap, request)
        await asyncio.sleep(self.delay)
        with self.calls.open("a") as out:
            out.write(f"{CURRENT_JOB.get()} {os.getpid()}\n")
        return proposals


async def main(worker_id: str, calls: Path, delay: float) -> None:
    settings = Settings.from_env()
    engine = db.create_engine(settings.database)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    print("prêt", flush=True)
    try:
        await run_worker(
            db.session_factory(engine), settings, worker_id, stop, 0.05, SlowEngine(calls, delay)
        )
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], Path(sys.argv[2]), float(sys.argv[3])))
