"""Security headers on every answer (pages, JSON, documents, errors, static files), set in one place.

A `before_send` hook rather than a route middleware: Litestar answers unknown paths and unexpected errors
outside the route's middleware stack, and those answers need the headers too.
"""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

_POLICY = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
)
# The vendored Redoc (/schema) writes its styles at run time and may start a worker from a blob.
_VIEWER_POLICY = (
    *(part for part in _POLICY if not part.startswith(("style-src", "img-src"))),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "worker-src 'self' blob:",
)
CONTENT_SECURITY_POLICY = "; ".join(_POLICY)
VIEWER_SECURITY_POLICY = "; ".join(_VIEWER_POLICY)
COMMON = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
}
VIEWER = "/schema"
STATIC = "/static/"


async def security_headers(message: Message, scope: Scope) -> None:
    """Harden the start of every HTTP answer; only static files (no personal data) may be cached."""
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    path = scope.get("path", "")
    viewer = path == VIEWER or path.startswith(VIEWER + "/")
    headers["Content-Security-Policy"] = VIEWER_SECURITY_POLICY if viewer else CONTENT_SECURITY_POLICY
    for name, value in COMMON.items():
        headers[name] = value
    if not path.startswith(STATIC):
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
