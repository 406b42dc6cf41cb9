"""The candidate's page: both FDAPs, their conformity warnings, the one chosen, the fiches drawn; school only."""

from __future__ import annotations

import json
from typing import Any

from litestar.testing import TestClient

from tests.pages.conftest import OTHER_EMAIL, sign_in

Client = TestClient[object]


def candidate(client: Client, nom: str) -> dict[str, Any]:
    """A candidate of the signed-in user's school, from the JSON API (same cookie)."""
    found = [c for c in client.get("/api/candidats").json() if c["nom"] == nom]
    assert found, nom
    return found[0]


def test_the_candidate_page_shows_both_fdaps_and_the_one_chosen(teacher: Client) -> None:
    martin = candidate(teacher, "Martin")
    page = teacher.get(f"/candidats/{martin['id']}")
    assert page.status_code == 200 and "<title>Léa Martin · fichesujet</title>" in page.text
    assert page.text.count('<section class="fdap') == 2
    assert "FDAP n° 1 · NV" in page.text and "· EC</h2>" in page.text
    assert page.text.count("Choisie par la commission") == 1
    fiche = martin["fiches"][0]
    assert f'href="/fiches/{fiche["id"]}"' in page.text and ": brouillon" in page.text
    assert f'href="/fiches/{fiche["id"]}/modifier"' in page.text
    ec = next(f for f in martin["fdaps"] if f["nature"] == "EC")
    assert f'href="/fdaps/{ec["id"]}/generer"' in page.text  # no fiche drawn from it yet
    assert "/css/fdap.css" in page.text


def test_conformity_warnings_are_named_by_their_rubric(teacher: Client) -> None:
    martin = candidate(teacher, "Martin")
    thin: dict[str, Any] = {
        "nature": "EC",
        "numero": 2,
        "cadre": {"organisation": "Jardinerie", "offre_commerciale": "Ateliers"},
    }
    thin["analyse"] = {"historique_problematique": "Faire venir les familles."}
    form = {"mode": "json", "json": json.dumps(thin), "_csrf_token": teacher.cookies["csrftoken"]}
    filed = teacher.post(f"/candidats/{martin['id']}/deposer", files={"x": ("", b"")}, data=form)
    assert filed.status_code == 200, filed.text
    page = teacher.get(f"/candidats/{martin['id']}").text
    assert "<strong>Adresse/Code postal/Ville</strong> : rubrique « Adresse » non renseignée" in page
    assert "aucune phase du déroulement renseignée" in page


def test_another_school_gets_a_404_page(client: Client) -> None:
    sign_in(client, "enseignante@demo.fichesujet.fr")
    martin = candidate(client, "Martin")
    sign_in(client, OTHER_EMAIL)
    page = client.get(f"/candidats/{martin['id']}")
    assert page.status_code == 404 and "candidat introuvable" in page.text.lower()
    assert "Martin" not in page.text
    fdap = martin["fdaps"][0]["id"]
    assert client.get(f"/fdaps/{fdap}").status_code == 404


def test_without_session_the_page_asks_to_sign_in(client: Client) -> None:
    answer = client.get("/candidats/00000000-0000-0000-0000-000000000000", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/connexion?suivant=")


def test_the_fdap_page_says_where_each_text_went(teacher: Client) -> None:
    martin = candidate(teacher, "Martin")
    nv = next(f for f in martin["fdaps"] if f["nature"] == "NV")
    page = teacher.get(f"/fdaps/{nv['id']}")
    assert page.status_code == 200
    assert "Ce texte a été placé dans « Nom de l&#39;organisation »" in page.text
    assert f'href="/fdaps/{nv["id"]}/generer"' in page.text
    assert f'action="/fdaps/{nv["id"]}/generer"' in page.text and 'name="moteur" value="offline"' in page.text
