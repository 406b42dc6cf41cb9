"""What a teacher types is shown as text on every page that displays it, never run as markup (XSS)."""

from __future__ import annotations

from litestar.testing import TestClient

from tests.pages.conftest import sign_in
from tests.pages.test_editor_pages import fiche_of, form_of

Client = TestClient[object]
AUTHOR, MEMBER = "enseignante@demo.fichesujet.fr", "membre1@demo.fichesujet.fr"
HOSTILE = "Salle <script>alert('x')</script><img src=x onerror=alert(1)> « B »"
ESCAPED = "Salle &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


def test_markup_typed_in_a_row_is_shown_escaped_on_every_page_that_shows_it(client: Client) -> None:
    sign_in(client, AUTHOR)
    fiche = fiche_of(client, "Martin")
    form = form_of(client.get(f"/fiches/{fiche}/modifier").text)
    form["fiche_candidat.lieu"] = HOSTILE
    saved = client.post(f"/fiches/{fiche}/modifier", data=form | {"action": "enregistrer"})
    assert saved.status_code in (200, 303), saved.text[:300]
    pages = [
        f"/fiches/{fiche}/modifier",
        f"/fiches/{fiche}/impression/candidat",
        f"/fiches/{fiche}/versions",
        f"/api/fiches/{fiche}/documents/candidat.html",
    ]
    for path in pages:
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert "<script>alert" not in answer.text and "<img src=x" not in answer.text, path
    assert ESCAPED in client.get(f"/fiches/{fiche}/impression/candidat").text
    sign_in(client, MEMBER)
    for path in (f"/fiches/{fiche}", "/relecture", f"/fiches/{fiche}/versions"):
        answer = client.get(path)
        assert answer.status_code == 200 and "<script>alert" not in answer.text, path
