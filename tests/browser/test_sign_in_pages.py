"""Sign-in, dashboard, keyboard use, sign-out and /schema in Debian's Chromium, axe-core on each page."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, sign_in

Shot = Callable[[str], None]
TEACHER = "enseignante@demo.fichesujet.fr"


def test_a_teacher_signs_in_and_finds_what_awaits_her(
    page: Page, base_url: str, shot: Shot, refusals: set[int]
) -> None:
    refusals.add(401)
    page.goto("/")
    expect(page).to_have_url(f"{base_url}/connexion")
    expect(page).to_have_title("Connexion · fichesujet")
    assert_accessible(page)
    shot("connexion")
    sign_in(page, TEACHER, "pas-le-bon")
    expect(page.get_by_role("alert")).to_contain_text(
        "l'adresse électronique ou le mot de passe est incorrect"
    )
    expect(page.get_by_label("Adresse électronique")).to_have_value(TEACHER)
    assert_accessible(page)
    shot("mot-de-passe-refuse")
    sign_in(page, TEACHER)
    expect(page).to_have_url(f"{base_url}/tableau-de-bord")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")
    to_fix = page.get_by_role("region", name=re.compile("À reprendre"))
    expect(to_fix.get_by_role("link")).to_have_text("Inès Petit : reprendre la fiche")
    expect(page.get_by_role("region", name="Avancement de la session")).to_contain_text("Approuvée")
    assert_accessible(page)
    shot("tableau-de-bord")


def test_a_member_finds_the_sheet_to_review(page: Page, shot: Shot) -> None:
    sign_in(page, "membre2@demo.fichesujet.fr")
    to_review = page.get_by_role("region", name=re.compile("À relire"))
    expect(to_review.get_by_role("link")).to_have_text("Hugo Bernard : relire la fiche")
    expect(to_review).to_contain_text("depuis")
    assert_accessible(page)
    shot("a-relire")


def test_the_skip_link_and_the_keyboard_are_enough(page: Page, base_url: str, shot: Shot) -> None:
    page.goto("/connexion")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box and box["y"] >= 0, "le lien d'évitement reste hors de l'écran quand il a le focus"
    assert skip.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
    shot("lien-evitement")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Adresse électronique")).to_be_focused()
    page.keyboard.type(TEACHER)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Mot de passe")).to_be_focused()
    page.keyboard.type("demo-fichesujet")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base_url}/tableau-de-bord")
    shot("connecte-au-clavier")


def test_sign_out_then_the_dashboard_asks_to_sign_in_again(page: Page, base_url: str, shot: Shot) -> None:
    sign_in(page, TEACHER)
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page).to_have_url(f"{base_url}/connexion")
    page.goto("/tableau-de-bord?relire=1")
    expect(page).to_have_url(f"{base_url}/connexion?suivant=%2Ftableau-de-bord%3Frelire%3D1")
    shot("deconnecte")


def test_schema_renders_with_no_request_leaving_loopback(page: Page, base_url: str, shot: Shot) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/schema")
    expect(page.get_by_role("heading", name=re.compile("fichesujet"))).to_be_visible()
    expect(page.get_by_text("API de la file de relecture")).to_be_visible()
    shot("schema")
    outside = [url for url in requested if not url.startswith((base_url, "data:", "blob:"))]
    assert requested and not outside, outside


def test_htmx_requests_carry_the_csrf_token_and_failures_are_said(
    page: Page, base_url: str, shot: Shot, refusals: set[int]
) -> None:
    refusals.add(404)
    sign_in(page, TEACHER)
    page.evaluate("htmx.ajax('GET', '/nulle-part', {target: '#annonces'})")
    alert = page.locator("#alerte-dynamique")
    expect(alert).to_have_text(
        "La demande n'a pas abouti (code 404). Cette adresse ne correspond à aucune ressource."
    )
    assert_accessible(page)
    shot("erreur-htmx")
    page.evaluate("htmx.ajax('POST', '/deconnexion', {target: '#annonces', swap: 'none'})")
    expect(alert).to_be_hidden()
    page.wait_for_load_state("networkidle")
    page.goto("/tableau-de-bord?relire=1")
    expect(page).to_have_url(f"{base_url}/connexion?suivant=%2Ftableau-de-bord%3Frelire%3D1")


def test_an_error_page_is_french_and_accessible(page: Page, refusals: set[int], shot: Shot) -> None:
    refusals.add(404)
    page.goto("/nulle-part")
    expect(page).to_have_title("Ressource introuvable · fichesujet")
    assert_accessible(page)
    shot("404")
