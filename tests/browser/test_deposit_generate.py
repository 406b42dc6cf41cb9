"""A teacher files a Word FDAP, reads where each text went, generates, watches the progress stop and keeps
a proposal: in Debian's Chromium, axe-core on every page, a screenshot of each step."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from service.review.demo import DEMO_PASSWORD, FIXTURES
from tests.browser.conftest import assert_accessible, sign_in

Shot = Callable[[str], None]
TEACHER = "enseignante@demo.fichesujet.fr"
WORD_FDAP = FIXTURES / "21-solaire-autoconsommation-couple.docx"


def new_candidate(page: Page) -> str:
    """The admin enrols a candidate for the demo teacher (JSON API: the admin pages are another's)."""
    page.goto("/connexion")
    signed = page.request.post(
        "/api/session", data={"email": "admin@demo.fichesujet.fr", "mot_de_passe": DEMO_PASSWORD}
    )
    assert signed.ok
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    teacher = next(a["id"] for a in page.request.get("/api/enseignants").json() if a["email"] == TEACHER)
    made = page.request.post(
        "/api/candidats",
        data={"nom": "Rousseau", "prenom": "Manon", "numero": "2026-099", "enseignants": [teacher]},
        headers={"x-csrftoken": token},
    )
    assert made.status == 201, made.text()
    page.context.clear_cookies()
    return str(made.json()["id"])


def test_a_teacher_files_a_word_fdap_generates_and_keeps_a_proposal(
    page: Page, base_url: str, shot: Shot, refusals: set[int]
) -> None:
    refusals.add(404)  # the editor, /fiches/{id}/modifier, belongs to another branch until they are merged
    candidate_id = new_candidate(page)
    sign_in(page, TEACHER)
    expect(page).to_have_url(f"{base_url}/tableau-de-bord")
    page.goto(f"/candidats/{candidate_id}")
    expect(page).to_have_title("Manon Rousseau · fichesujet")
    expect(page.get_by_text("Aucune FDAP déposée pour ce candidat")).to_be_visible()
    assert_accessible(page)
    shot("candidat-sans-fdap")

    page.get_by_role("link", name="Déposer une FDAP").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Déposer une FDAP pour Manon Rousseau")
    assert_accessible(page)
    shot("deposer")
    page.get_by_label("Fichier de la FDAP (.docx)").set_input_files(WORD_FDAP)
    page.get_by_role("button", name="Déposer le fichier Word").click()
    expect(page).to_have_url(re.compile(r"/fdaps/[0-9a-f-]{36}\?depot=nouvelle$"))
    expect(page.get_by_role("status").first).to_contain_text("FDAP enregistrée")
    expect(page.get_by_text("Ce texte a été placé dans « Offre commerciale »")).to_be_visible()
    assert_accessible(page)
    shot("ou-va-chaque-texte")

    page.goto("/tableau-de-bord")
    to_write = page.get_by_role("region", name=re.compile("À écrire"))
    to_write.get_by_role("link", name="Manon Rousseau : écrire la fiche").click()
    expect(page).to_have_url(f"{base_url}/candidats/{candidate_id}")
    expect(page.get_by_role("heading", name=re.compile("FDAP n° 1 · NV"))).to_be_visible()
    assert_accessible(page)
    shot("candidat-avec-fdap")

    page.get_by_role("link", name="Générer des propositions").click()
    expect(page.get_by_label("Hors ligne (moteur intégré, sans réseau)")).to_be_checked()
    assert_accessible(page)
    shot("generer")
    page.get_by_label("Nombre de propositions (1 à 10)").fill("2")
    page.get_by_role("button", name="Générer", exact=True).click()
    expect(page).to_have_url(re.compile(r"/generer\?tache="))
    cards = page.locator("article.proposition")
    expect(cards).to_have_count(2, timeout=30_000)
    expect(page.locator("#annonces")).to_contain_text("Génération terminée : 2 propositions prêtes.")
    expect(page.locator("#suivi")).to_contain_text("Génération terminée")
    # Either polled while the job ran (htmx then stopped at the 286) or already over at the first display:
    # a fast offline job can finish before the page is rendered. Both must end with no more polling.
    assert page.locator("#suivi").get_attribute("hx-trigger") in (None, "every 1s")
    expect(cards.first).to_contain_text("Paramètres changés")
    assert_accessible(page)
    shot("propositions")
    polled: list[str] = []
    page.on("request", lambda request: polled.append(request.url) if "/generer/" in request.url else None)
    page.wait_for_timeout(2500)
    assert not polled, "le suivi continue d'interroger le service après la fin de la tâche"

    cards.first.get_by_role("button", name="Garder la proposition 1 comme brouillon").click()
    expect(page).to_have_url(re.compile(r"/fiches/[0-9a-f-]{36}/modifier$"))
    shot("brouillon-garde")
    page.goto(f"/candidats/{candidate_id}")
    expect(page.get_by_text("Choisie par la commission")).to_be_visible()
    expect(page.get_by_role("link", name="Fiche sujet, version 1")).to_be_visible()
    assert_accessible(page)
    shot("candidat-fiche-tiree")


def test_a_bad_file_is_refused_beside_its_field(page: Page, shot: Shot, refusals: set[int]) -> None:
    refusals.add(400)
    sign_in(page, TEACHER)
    expect(page).to_have_url(re.compile("/tableau-de-bord$"))
    martin = page.request.get("/api/candidats").json()
    candidate_id = next(c["id"] for c in martin if c["nom"] == "Martin")
    page.goto(f"/candidats/{candidate_id}/deposer")
    page.get_by_label("Fichier de la FDAP (.docx)").set_input_files(
        files=[
            {"name": "fdap.docx", "mimeType": "application/octet-stream", "buffer": b"ceci n'est pas un Word"}
        ]
    )
    page.get_by_role("button", name="Déposer le fichier Word").click()
    field = page.get_by_label("Fichier de la FDAP (.docx)")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#erreur-fichier")).to_contain_text("fdap.docx")
    assert_accessible(page)
    shot("fichier-refuse")
