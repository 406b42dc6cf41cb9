"""Security headers on every answer: pages, JSON, documents, errors, static files, the API viewer."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from litestar import get
from litestar.testing import AsyncTestClient

from service.settings import Settings
from service.web.app import create_app
from tests.api.conftest import login
from tests.api.test_serve import served as served  # the fixture: `fichesujet serve` in a process
from tests.review.conftest import World

pytestmark = pytest.mark.anyio
Client = AsyncTestClient[Any]

CSP_PARTS = (
    "default-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
)


def assert_hardened(response: httpx.Response, *, no_store: bool = True) -> None:
    """The headers every answer carries; `no_store` for what may hold a person's data."""
    headers = response.headers
    policy = headers.get("content-security-policy", "")
    assert all(part in policy for part in CSP_PARTS), (response.url, policy)
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    assert headers.get("x-content-type-options") == "nosniff"
    assert headers.get("referrer-policy") == "no-referrer"
    assert headers.get("x-frame-options") == "DENY"
    assert headers.get("cross-origin-opener-policy") == "same-origin"
    assert "camera=()" in headers.get("permissions-policy", "")
    assert "server" not in headers
    if no_store:
        assert "no-store" in headers.get("cache-control", ""), response.url


async def test_pages_and_json_of_a_signed_in_user_carry_the_headers_and_are_never_stored(
    client: Client, world: World, fiche_id: uuid.UUID
) -> None:
    await login(client, "autrice")
    for path in ("/tableau-de-bord", f"/fiches/{fiche_id}", "/api/session", f"/api/fiches/{fiche_id}"):
        response = await client.get(path)
        assert response.status_code == 200, (path, response.text)
        assert_hardened(response)


async def test_documents_carry_the_headers_and_are_never_stored(
    client: Client, world: World, fiche_id: uuid.UUID
) -> None:
    await login(client, "autrice")
    for name in ("candidat.html", "candidat.docx"):
        response = await client.get(f"/api/fiches/{fiche_id}/documents/{name}")
        assert response.status_code == 200, response.text
        assert_hardened(response)


async def test_errors_carry_the_headers(client: Client, world: World) -> None:
    answers = [
        (await client.get("/api/session"), 401),
        (await client.get("/nulle-part"), 404),
        (await client.get("/tableau-de-bord", follow_redirects=False), 303),
    ]
    for response, status in answers:
        assert response.status_code == status
        assert_hardened(response)


async def test_an_unexpected_error_carries_the_headers(api_settings: Settings) -> None:
    @get("/api/panne", sync_to_thread=False)
    def broken() -> None:
        raise RuntimeError("panne")

    app = create_app(api_settings)
    app.register(broken)
    async with AsyncTestClient(app=app) as test_client:
        response = await test_client.get("/api/panne")
    assert response.status_code == 500
    assert_hardened(response)


async def test_static_files_and_the_api_viewer_carry_the_headers(client: Client) -> None:
    static = await client.get("/static/css/fichesujet.css")
    assert static.status_code == 200
    assert_hardened(static, no_store=False)
    viewer = await client.get("/schema")
    assert viewer.status_code == 200
    assert_hardened(viewer)


def test_the_served_process_sends_no_server_banner(served: str) -> None:
    response = httpx.get(f"{served}/api/sante")
    assert response.status_code == 200
    assert "server" not in response.headers
    assert response.headers.get("x-content-type-options") == "nosniff"
