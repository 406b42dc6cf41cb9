"""Security headers on every answer (pages, JSON, documents, errors, static files), set in one place.

A `before_send` hook rather than a route middleware: Litestar answers unknown paths and unexpected errors
outside the route's middleware stack, and those answers need the headers too.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re

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
# A sheet as an HTML document carries its stylesheet inline (it must stand alone): that style, by its hash.
DOCUMENT = re.compile(r"^/api/fiches/[0-9a-fA-F-]+/documents/[^/]+\.html$")
CONTENT_SECURITY_POLICY = "; ".join(_POLICY)
VIEWER_SECURITY_POLICY = "; ".join(_VIEWER_POLICY)
COMMON = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
VIEWER = "/schema"
STATIC = "/static/"


@functools.cache
def _document_policy() -> str:
    """The policy of the HTML documents: the one inline stylesheet of service.render allowed by its hash."""
    from service.domain.fiche_sujet import FicheSujet
    from service.render.export_pdf import fiche_html

    page = fiche_html(FicheSujet(nature="NV"), feuilles="candidat", brouillon=True)
    styles = re.findall(r"<style>(.*?)</style>", page, flags=re.DOTALL)
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in styles
    )
    return "; ".join(f"style-src 'self' {hashes}" if p.startswith("style-src") else p for p in _POLICY)


def _policy(path: str) -> str:
    if path == VIEWER or path.startswith(VIEWER + "/"):
        return VIEWER_SECURITY_POLICY
    return _document_policy() if DOCUMENT.match(path) else CONTENT_SECURITY_POLICY


async def security_headers(message: Message, scope: Scope) -> None:
    """Harden the start of every HTTP answer; only static files (no personal data) may be cached."""
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    path = scope.get("path", "")
    headers["Content-Security-Policy"] = _policy(path)
    for name, value in COMMON.items():
        headers[name] = value
    if not path.startswith(STATIC) and "no-store" not in headers.get("Cache-Control", ""):
        headers["Cache-Control"] = "no-store"
