"""The service with the demo school, as `bash scripts/demo` runs it, for the browser tests:
`python -m tests.browser.serve_demo PORT` (settings from FICHESUJET_* variables)."""

from __future__ import annotations

import asyncio
import sys

import uvicorn

from service import db
from service.review.demo import load_demo
from service.settings import Settings
from service.web.app import create_app


def main(port: int) -> None:
    settings = Settings.from_env()
    db.upgrade(settings)
    asyncio.run(load_demo(settings))
    uvicorn.run(create_app(settings, run_worker=True), host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main(int(sys.argv[1]))
