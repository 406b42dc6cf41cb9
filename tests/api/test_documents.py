"""The sheets as files through the API: Word, PDF, HTML; the jury sheet only for its readers."""

from __future__ import annotations

import io
import subprocess
import uuid
from typing import Any

import docx
import pytest
from litestar.testing import AsyncTestClient

from tests.api.conftest import login
from tests.api.test_api import assert_problem, transition
from tests.review.conftest import World, good_fiche

pytestmark = pytest.mark.anyio
Client = AsyncTestClient[Any]


def pdf_text(data: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True, timeout=60
    )
    return done.stdout.decode()


async def test_the_candidate_sheet_is_a_draft_pdf_then_a_clean_one_once_approved(
    client: Client, world: World, fiche_id: uuid.UUID
) -> None:
    token = await login(client, "autrice")
    response = await client.get(f"/api/fiches/{fiche_id}/documents/candidat.pdf")
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith('attachment; filename="fiche-candidat-')
    assert response.headers["cache-control"] == "private, no-store"
    text = pdf_text(response.content)
    assert "BROUILLON" in text and "CONFIDENTIEL" not in text
    assert good_fiche().fiche_candidat.objet.split()[0] in text
    assert not any(o[:40] in " ".join(text.split()) for o in good_fiche().fiche_jury.objections)
    submitted = await transition(client, token, fiche_id, '"1"', "soumettre")
    token = await login(client, "membre-b")
    assert (
        await transition(client, token, fiche_id, submitted.headers["etag"], "approuver")
    ).status_code == 200
    text = pdf_text((await client.get(f"/api/fiches/{fiche_id}/documents/candidat.pdf")).content)
    assert "BROUILLON" not in text


async def test_the_jury_sheet_in_word_for_a_member_and_403_for_others(
    client: Client, world: World, fiche_id: uuid.UUID
) -> None:
    await login(client, "membre-b")
    response = await client.get(f"/api/fiches/{fiche_id}/documents/jury.docx")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    word = docx.Document(io.BytesIO(response.content))
    everything = "\n".join(c.text for t in word.tables for r in t.rows for c in r.cells)
    for objection in good_fiche().fiche_jury.objections:
        assert objection in everything
    await login(client, "autre")
    assert (await client.get(f"/api/fiches/{fiche_id}/documents/candidat.docx")).status_code == 200
    for sheets in ("jury", "les-deux"):
        assert_problem(await client.get(f"/api/fiches/{fiche_id}/documents/{sheets}.pdf"), 403)


async def test_the_html_page_and_unknown_documents(client: Client, world: World, fiche_id: uuid.UUID) -> None:
    await login(client, "autrice")
    page = await client.get(f"/api/fiches/{fiche_id}/documents/les-deux.html")
    assert page.status_code == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
    assert 'lang="fr"' in page.text and "CONFIDENTIEL" in page.text
    assert_problem(await client.get(f"/api/fiches/{fiche_id}/documents/notes.pdf"), 404)
    assert_problem(await client.get(f"/api/fiches/{fiche_id}/documents/candidat.odt"), 404)
    assert_problem(await client.get(f"/api/fiches/{uuid.uuid4()}/documents/candidat.pdf"), 404)


async def test_another_schools_user_gets_404_for_the_documents(
    client: Client, world: World, fiche_id: uuid.UUID, stranger: str
) -> None:
    await login(client, stranger)
    assert_problem(await client.get(f"/api/fiches/{fiche_id}/documents/candidat.pdf"), 404)


async def test_a_render_that_fails_is_a_french_problem_naming_the_cause_not_a_500(
    client: Client, world: World, fiche_id: uuid.UUID, monkeypatch: pytest.MonkeyPatch
) -> None:
    from service.errors import RenderError
    from service.render import documents
    from service.render.worker import RenderPool

    def missing(*_args: Any, **_kwargs: Any) -> bytes:
        raise RenderError("rendu PDF impossible, une bibliothèque système manque : installez libpango-1.0-0")

    def broken(*_args: Any, **_kwargs: Any) -> bytes:
        raise ValueError("boom")

    await login(client, "autrice")

    # In this process: the render process could not receive these local stand-ins (they do not pickle).
    async def here(_pool: RenderPool, function: Any, *args: Any, **kwargs: Any) -> bytes:
        return bytes(function(*args, **kwargs))

    monkeypatch.setattr(RenderPool, "render", here)
    monkeypatch.setattr(documents, "fiche_pdf", missing)
    response = await client.get(f"/api/fiches/{fiche_id}/documents/candidat.pdf")
    body = assert_problem(response, 503)
    assert body["type"] == "urn:fichesujet:probleme:rendu-impossible"
    assert "libpango-1.0-0" in body["detail"]
    monkeypatch.setattr(documents, "fiche_docx", broken)
    response = await client.get(f"/api/fiches/{fiche_id}/documents/candidat.docx")
    body = assert_problem(response, 503)
    assert body["detail"] == "le rendu DOCX de la fiche a échoué (ValueError)"
    assert "Traceback" not in response.text and "boom" not in response.text
