"""The real service (uvicorn, jobs worker included) for the crash and multi-process tests, with the
slowed, counting engine of tests/review/worker_proc: `python -m tests.api.serve_proc PORT CALLS DELAY`."""

from __future__ import annotations

import sys
from pathlib import Path

from service.settings import Settings
from service.web.app import create_app
from service.web.serving import serve_app
from tests.review.worker_proc import SlowEngine


def main(port: int, calls: Path, delay: float) -> None:
    app = create_app(Settings.from_env(), run_worker=True, engine=SlowEngine(calls, delay))
    serve_app(app, "127.0.0.1", port, log_level="warning")


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3]))
