"""Documents of approved versions come from the cache after the first render; drafts never do; the rules on
the jury sheet hold before the cache; a damaged cached file is rendered again; a purge deletes the files."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from service.render.worker import RenderPool
from service.settings import Settings
from tests.api.conftest import login
from tests.api.test_api import assert_problem, transition
from tests.api.test_purge_route import _admin_and_sessions
from tests.review.conftest import Factory, World

pytestmark = pytest.mark.anyio
Client = AsyncTestClient[Any]


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of every function the pool rendered (a cache hit renders nothing)."""
    calls: list[str] = []
    real = RenderPool.render

    async def counted(pool: RenderPool, function: Any, *args: Any, **kwargs: Any) -> bytes:
        calls.append(function.__name__)
        return await real(pool, function, *args, **kwargs)

    monkeypatch.setattr(RenderPool, "render", counted)
    return calls


def cached(settings: Settings) -> list[Path]:
    return sorted((settings.data_dir / "cache" / "rendus").glob("*/*"))


async def approve(client: Client, fiche_id: uuid.UUID) -> None:
    token = await login(client, "autrice")
    submitted = await transition(client, token, fiche_id, '"1"', "soumettre")
    token = await login(client, "membre-b")
    approved = await transition(client, token, fiche_id, submitted.headers["etag"], "approuver")
    assert approved.status_code == 200, approved.text


async def test_an_approved_pdf_is_rendered_once_then_served_from_the_cache_even_after_damage(
    client: Client, world: World, fiche_id: uuid.UUID, api_settings: Settings, renders: list[str]
) -> None:
    await approve(client, fiche_id)
    url = f"/api/fiches/{fiche_id}/documents/candidat.pdf"
    first = await client.get(url)
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    second = await client.get(url)
    assert (second.status_code, second.content, renders) == (200, first.content, ["fiche_pdf"])
    assert second.headers["content-disposition"] == first.headers["content-disposition"]
    (path,) = cached(api_settings)
    path.write_bytes(path.read_bytes()[:-100])  # a file cut short (disk full, a crash while copying)
    third = await client.get(url)
    assert third.content.rstrip().endswith(b"%%EOF") and renders == ["fiche_pdf", "fiche_pdf"]


async def test_a_draft_is_rendered_every_time_and_never_kept(
    client: Client, world: World, fiche_id: uuid.UUID, api_settings: Settings, renders: list[str]
) -> None:
    await login(client, "autrice")
    for _ in range(2):
        assert (await client.get(f"/api/fiches/{fiche_id}/documents/candidat.docx")).status_code == 200
    assert renders == ["fiche_docx", "fiche_docx"] and cached(api_settings) == []


async def test_a_cached_jury_sheet_is_still_refused_to_who_may_not_read_it(
    client: Client, world: World, fiche_id: uuid.UUID, api_settings: Settings, renders: list[str]
) -> None:
    await approve(client, fiche_id)
    assert (await client.get(f"/api/fiches/{fiche_id}/documents/jury.html")).status_code == 200
    assert len(cached(api_settings)) == 1
    await login(client, "autre")
    assert_problem(await client.get(f"/api/fiches/{fiche_id}/documents/jury.html"), 403)
    assert_problem(await client.get(f"/api/fiches/{fiche_id}/documents/les-deux.html"), 403)
    candidate = await client.get(f"/api/fiches/{fiche_id}/documents/candidat.html")
    assert candidate.status_code == 200 and "CONFIDENTIEL" not in candidate.text


async def test_a_purge_deletes_the_cached_documents_of_its_sheets(
    client: Client, factory: Factory, world: World, fiche_id: uuid.UUID, api_settings: Settings
) -> None:
    past, _ = await _admin_and_sessions(factory, world)
    await approve(client, fiche_id)
    for name in ("candidat.html", "jury.html"):
        assert (await client.get(f"/api/fiches/{fiche_id}/documents/{name}")).status_code == 200
    assert len(cached(api_settings)) == 2
    token = {"x-csrftoken": await login(client, "admin")}
    done = await client.post(
        f"/api/sessions-examen/{past}/purge", json={"confirmation": "PURGER"}, headers=token
    )
    assert done.status_code == 200, done.text
    assert cached(api_settings) == []
