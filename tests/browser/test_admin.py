"""An admin runs the school from the pages in Debian's Chromium: an account, a commission, a class list."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, sign_in

Shot = Callable[[str], None]
ADMIN = "admin@demo.fichesujet.fr"
GOOD_LIST = "nom;prenom;numero\nArnaud;Lina;NAV-01\nBlanc;Tom;NAV-02\nCaron;Maé;NAV-03\n"
BAD_LIST = "nom;prenom;numero\nArnaud;Lina;NAV-11\n;Tom;NAV-12\nCaron;Maé;NAV-11\n"


def _upload(page: Page, name: str, text: str) -> None:
    files = {"name": name, "mimeType": "text/csv", "buffer": text.encode()}
    page.get_by_label("Liste de classe (fichier .csv)").set_input_files(files)  # type: ignore[arg-type]
    page.get_by_role("button", name="Importer la liste").click()


def test_an_admin_creates_an_account_and_a_commission(
    page: Page, base_url: str, shot: Shot, refusals: set[int]
) -> None:
    refusals.add(400)
    sign_in(page, ADMIN)
    page.get_by_role("link", name="Administration").click()
    expect(page).to_have_url(f"{base_url}/admin/enseignants")
    expect(page).to_have_title("Comptes de l'établissement · fichesujet")
    assert_accessible(page)
    shot("comptes")
    page.get_by_label("Nom affiché").fill("Bruno Nouveau")
    page.get_by_label("Adresse électronique").fill("bruno.nouveau@demo.fichesujet.fr")
    page.get_by_label(re.compile("^commission :")).check()
    page.get_by_label("Premier mot de passe").fill("court")
    page.get_by_role("button", name="Créer le compte").click()
    expect(page.locator(".erreur-champ")).to_have_text(re.compile("mot de passe trop court"))
    expect(page.get_by_label("Nom affiché")).to_have_value("Bruno Nouveau")
    assert_accessible(page)
    shot("mot-de-passe-refuse")
    page.get_by_label("Premier mot de passe").fill("un-mot-de-passe-long")
    page.get_by_role("button", name="Créer le compte").click()
    expect(page.get_by_role("status").filter(has_text="Le compte est créé.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Bruno Nouveau"))).to_contain_text("commission")
    shot("compte-cree")
    page.get_by_role("navigation", name="Administration").get_by_role("link", name="Commissions").click()
    page.get_by_label("Numéro de la commission").fill("2")
    page.get_by_label("Bruno Nouveau").check()
    page.get_by_label("Nadia Membre").check()
    assert_accessible(page)
    page.get_by_role("button", name="Créer la commission").click()
    expect(page.get_by_role("status").filter(has_text="La commission est créée.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("n° 2"))).to_contain_text("Bruno Nouveau, Nadia Membre")
    assert_accessible(page)
    shot("commission-creee")


def test_an_admin_imports_a_class_list_all_or_nothing(
    page: Page, base_url: str, shot: Shot, refusals: set[int]
) -> None:
    refusals.add(400)
    sign_in(page, ADMIN)
    expect(page).to_have_url(f"{base_url}/tableau-de-bord")
    page.goto("/admin/import")
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer une liste de classe")
    assert_accessible(page)
    shot("formulaire-import")
    _upload(page, "classe-fautive.csv", BAD_LIST)
    errors = page.get_by_role("table")
    expect(errors).to_contain_text("2 lignes en erreur")
    expect(errors.get_by_role("row", name=re.compile("^3"))).to_contain_text("nom manquant")
    expect(errors.get_by_role("row", name=re.compile("^4"))).to_contain_text("déjà donné à la ligne 2")
    assert_accessible(page)
    shot("import-refuse")
    page.goto("/admin/candidats")
    expect(page.get_by_role("main")).not_to_contain_text("Arnaud")
    page.goto("/admin/import")
    _upload(page, "classe.csv", GOOD_LIST)
    expect(page.get_by_role("heading", name="3 candidats importés")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Maé Caron (n° NAV-03)")
    assert_accessible(page)
    shot("import-reussi")
    page.get_by_role("link", name="Voir la liste des candidats").click()
    expect(page.get_by_role("row", name=re.compile("Blanc Tom"))).to_contain_text("NAV-02")
    assert_accessible(page)
    shot("candidats")


def test_a_teacher_never_reaches_the_administration(
    page: Page, base_url: str, shot: Shot, refusals: set[int]
) -> None:
    refusals.add(403)
    sign_in(page, "enseignante@demo.fichesujet.fr")
    expect(page).to_have_url(f"{base_url}/tableau-de-bord")
    expect(page.get_by_role("navigation", name="Navigation principale")).not_to_contain_text("Administration")
    page.goto("/admin/candidats")
    expect(page.get_by_role("heading", level=1)).to_have_text("Accès refusé")
    expect(page.get_by_role("main")).to_contain_text("Action réservée au rôle admin")
    assert_accessible(page)
    shot("refus-enseignante")
