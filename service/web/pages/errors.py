"""Errors on pages: the JSON API's status and French wording, shown as an HTML page (or a sign-in redirect)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from litestar import Request, Response
from litestar.plugins.htmx import ClientRedirect
from litestar.response import Redirect, Template

from service.web.pages.common import sign_in_url

API_PREFIXES = ("/api", "/schema")


def is_page(request: Request[Any, Any, Any]) -> bool:
    """Everything outside the JSON API and its schema is a page, unknown addresses included."""
    path = request.url.path
    return not any(path == prefix or path.startswith(prefix + "/") for prefix in API_PREFIXES)


def error_page(request: Request[Any, Any, Any], problem: Response[dict[str, Any]]) -> Response[Any]:
    """The problem the API would answer, as a page; « connexion requise » sends to the sign-in page."""
    if problem.status_code == 401:
        return _to_sign_in(request)
    body = problem.content
    status = problem.status_code or 500
    context = {"status": status, "title": body["title"], "detail": body["detail"]}
    headers = {k: v for k, v in problem.headers.items() if k.lower() == "retry-after"}
    return Template("erreur.html", context=context, status_code=status, headers=headers)


def _to_sign_in(request: Request[Any, Any, Any]) -> Response[Any]:
    """To the sign-in page, then back: to the page asked for, or for HTMX to the page the user was on."""
    if request.headers.get("hx-request"):
        current = urlsplit(request.headers.get("hx-current-url", ""))
        return ClientRedirect(sign_in_url(current.path + (f"?{current.query}" if current.query else "")))
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return Redirect(sign_in_url(target if request.method == "GET" else "/"), status_code=303)
