"""Size and depth: an over-limit or deeply nested body is a French 400 naming the field, never a 500 or a stall."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from tests.api.conftest import login
from tests.api.test_admin import ADMIN, admin
from tests.review.conftest import World

pytestmark = pytest.mark.anyio
Client = AsyncTestClient[Any]
DEPTH = 5000
NESTED = b'{"document": ' + b"[" * DEPTH + b"]" * DEPTH + b"}"

__all__ = ["admin"]


def _routes(world: World, fiche: str) -> list[tuple[str, str]]:
    """Every JSON route that reads a body: (method, path)."""
    return [
        ("POST", f"/api/fdaps/{world.fdap}/fiches"),
        ("PUT", f"/api/fiches/{fiche}"),
        ("POST", f"/api/fiches/{fiche}/transitions"),
        ("POST", f"/api/fiches/{fiche}/commentaires/"),
        ("POST", f"/api/fdaps/{world.fdap}/generations"),
        ("POST", f"/api/candidats/{world.candidate}/fdaps"),
        ("POST", "/api/commissions"),
        ("PUT", f"/api/commissions/{world.commission}"),
        ("POST", "/api/sessions-examen"),
        ("POST", "/api/enseignants"),
        ("PUT", f"/api/enseignants/{world.author}"),
        ("POST", "/api/candidats"),
        ("PUT", f"/api/candidats/{world.candidate}"),
    ]


async def test_a_deeply_nested_login_is_a_french_400(client: Client) -> None:
    await client.get("/api/sante")
    response = await client.post("/api/session", content=NESTED, headers={"content-type": "application/json"})
    assert response.status_code == 400, response.text
    assert "imbrication" in response.json()["detail"]


async def test_a_deeply_nested_body_is_a_french_400_on_every_json_route(
    client: Client, world: World, fiche_id: Any, admin: str
) -> None:
    for who in ("autrice", ADMIN):
        token = await login(client, who)
        for method, path in _routes(world, str(fiche_id)):
            headers = {"x-csrftoken": token, "content-type": "application/json", "If-Match": '"1"'}
            response = await client.request(method, path, content=NESTED, headers=headers)
            assert response.status_code in (400, 403), (method, path, response.status_code, response.text)
            typed = path.endswith("/fdaps")  # decoded as fdap/1 straight away: the wrong type is named
            if response.status_code == 400 and not typed:
                assert "imbrication" in response.json()["detail"], (path, response.text)
