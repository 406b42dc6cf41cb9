"""`fichesujet serve`'s process: uvicorn, and a stop on SIGTERM that is graceful and ends as a normal exit."""

from __future__ import annotations

import logging
import signal

import uvicorn
from litestar import Litestar

# At shutdown, how long a request under way may take before its connection is closed.
REQUEST_GRACE_SECONDS = 5


def serve_app(app: Litestar, host: str, port: int, log_level: str = "info") -> None:
    """Serve until SIGTERM (or Ctrl+C), then stop gracefully: requests answered, jobs finished or released.

    Once stopped, uvicorn raises the signal again for the handler it found; for SIGTERM that handler is
    `_stopped`, so a requested stop ends as a normal exit (0) instead of a death by signal (143)."""
    signal.signal(signal.SIGTERM, _stopped)
    logging.getLogger("uvicorn.access").addFilter(_PathOnly())
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level,
        timeout_graceful_shutdown=REQUEST_GRACE_SECONDS,
        proxy_headers=False,  # X-Forwarded-For is read by the service, only from FICHESUJET_TRUSTED_PROXIES
        server_header=False,
    )


class _PathOnly(logging.Filter):
    """The access log keeps each request's path, never its query string (what a user typed may be there)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) == 5:
            client, method, target, version, status = record.args
            record.args = (client, method, str(target).split("?", 1)[0], version, status)
        return True


def _stopped(_signum: int, _frame: object) -> None:
    """SIGTERM after uvicorn's graceful stop: nothing left to do."""
