"""The editor in Debian's Chromium: edit a row, findings refresh, a marker replaced, a preset, save, submit."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, sign_in

Shot = Callable[[str], None]
TEACHER = "enseignante@demo.fichesujet.fr"


def open_draft(page: Page, nom: str) -> str:
    """Opens the editor of the demo sheet of candidate `nom`; its address."""
    candidates = page.request.get("/api/candidats").json()
    fiche = next(c["fiches"][0]["id"] for c in candidates if c["nom"] == nom)
    page.goto(f"/fiches/{fiche}/modifier")
    return f"/fiches/{fiche}/modifier"


def test_a_teacher_edits_replaces_a_marker_saves_and_submits(page: Page, base_url: str, shot: Shot) -> None:
    sign_in(page, TEACHER)
    address = open_draft(page, "Martin")
    expect(page).to_have_title("Modifier la fiche de Léa Martin · fichesujet")
    expect(page.get_by_role("heading", name="Fiche jury (V-3)")).to_be_visible()
    assert_accessible(page)
    shot("editeur")

    lieu = page.locator("#champ-fiche_candidat-lieu")
    original = lieu.input_value()
    findings = page.locator("#constats")
    lieu.fill(f"{original} [à préciser : numéro du bureau]")
    expect(findings).to_contain_text("Marqueur à préciser")
    expect(page.locator("#annonces")).to_have_text("Les règles trouvent 1 marqueur à préciser.")
    expect(findings.get_by_role("link", name="V-2 · Lieu")).to_have_attribute(
        "href", "#champ-fiche_candidat-lieu"
    )
    assert_accessible(page)
    shot("constats-marqueur")

    lieu.fill(f"{original} Au premier étage.")
    expect(findings).not_to_contain_text("Marqueur à préciser")
    row = page.locator(".ligne").filter(has=page.locator("#champ-fiche_candidat-lieu"))
    row.get_by_text("Écarts avec la FDAP, mot à mot").click()
    expect(row.locator("ins")).to_have_text("ajouté : Au premier étage.")
    shot("marqueur-remplace")
    page.get_by_role("button", name="Enregistrer une nouvelle version").click()
    expect(page).to_have_url(f"{base_url}{address}?enregistre=1")
    expect(page.get_by_role("status").first).to_contain_text("Nouvelle version enregistrée.")
    expect(page.locator("#champ-fiche_candidat-lieu")).to_have_value(f"{original} Au premier étage.")
    shot("enregistre")

    page.get_by_role("button", name="Durcir les objections du client").click()
    proposal = page.locator("#proposition")
    expect(proposal).to_contain_text("Proposition : Durcir les objections du client")
    expect(proposal.locator("ins").first).to_be_visible()
    assert_accessible(page)
    shot("proposition")
    proposal.get_by_role("button", name="Écarter la proposition").click()
    expect(proposal).to_be_empty()

    page.get_by_role("button", name="Enregistrer et soumettre à la commission").click()
    expect(page).to_have_url(f"{base_url}{address.removesuffix('/modifier')}?soumise=1")
    expect(page.locator("#fiche-avis")).to_contain_text("La fiche est soumise à la commission")
    expect(page.locator(".etat")).to_have_text("Soumise")
    assert_accessible(page)
    shot("soumise")


def test_a_refused_submission_keeps_the_marker_and_says_why(
    page: Page, shot: Shot, refusals: set[int]
) -> None:
    refusals.add(409)
    sign_in(page, TEACHER)
    open_draft(page, "Petit")
    freins = page.locator("#champ-fiche_jury-freins")
    freins.fill(freins.input_value() + " [à préciser : son budget]")
    # The findings' request, sent after a pause in typing, is answered before the page is left (an
    # aborted request would fail the test).
    expect(page.locator("#constats")).to_contain_text("Marqueur à préciser")
    page.get_by_role("button", name="Enregistrer et soumettre à la commission").click()
    expect(page.get_by_role("alert").first).to_contain_text(
        "il reste 1 marqueur « [à préciser] » à remplacer"
    )
    expect(page.locator("#champ-fiche_jury-freins")).to_have_value(
        re.compile(r"\[à préciser : son budget\]$")
    )
    expect(page.locator("mark").first).to_have_text("[à préciser : son budget]")
    assert_accessible(page)
    shot("soumission-refusee")
