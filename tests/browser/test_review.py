"""A commission member in Debian's Chromium: the queue, the diff between versions, a comment on a row, the
approval with its confirmation step, the PDF; the author and an outsider see no approve button. axe on each page."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import httpx
import msgspec
from playwright.sync_api import Page, expect

from service.domain.codec import load_fiche
from service.review.demo import DEMO_PASSWORD, SHEETS
from tests.browser.conftest import assert_accessible, sign_in

Shot = Callable[[str], None]
AUTHOR = "enseignante@demo.fichesujet.fr"
MEMBER = "membre2@demo.fichesujet.fr"
NEW_PLACE = "Dans la boutique du centre-ville, au comptoir des verres progressifs"


def _resubmit_ines_petit(base_url: str) -> None:
    """The author answers the requested changes (a new version with another place) and submits it again."""
    with httpx.Client(base_url=base_url) as api:
        assert (
            api.post("/api/session", json={"email": AUTHOR, "mot_de_passe": DEMO_PASSWORD}).status_code == 200
        )
        api.get("/api/sante")
        token = {"x-csrftoken": api.cookies["csrftoken"]}
        found = re.search(
            r'href="/fiches/([0-9a-f-]{36})">Inès Petit', api.get("/relecture?filtre=miennes").text
        )
        assert found
        fiche = found.group(1)
        etag = api.get(f"/api/fiches/{fiche}").headers["etag"]
        document = load_fiche(SHEETS / "17-01-bon-verres-bureau-actif.json")
        rows = msgspec.structs.replace(document.fiche_candidat, lieu=NEW_PLACE)
        jury = msgspec.structs.replace(document.fiche_jury, lieu=NEW_PLACE)
        edited_document = msgspec.structs.replace(document, fiche_candidat=rows, fiche_jury=jury)
        body = {"document": msgspec.to_builtins(edited_document)}
        edited = api.put(f"/api/fiches/{fiche}", json=body, headers={**token, "If-Match": etag})
        assert edited.status_code == 200, edited.text
        submitted = api.post(
            f"/api/fiches/{fiche}/transitions",
            json={"action": "soumettre", "motif": "modifications faites"},
            headers={**token, "If-Match": edited.headers["etag"]},
        )
        assert submitted.status_code == 200, submitted.text


def test_a_member_reviews_comments_approves_and_downloads_the_pdf(
    page: Page, base_url: str, shot: Shot, tmp_path: Path
) -> None:
    _resubmit_ines_petit(base_url)
    sign_in(page, MEMBER)
    page.get_by_role("link", name="Relecture").click()
    expect(page).to_have_title("File de relecture · fichesujet")
    expect(page.get_by_role("table")).to_contain_text("Inès Petit")
    assert_accessible(page)
    shot("file-de-relecture")

    page.get_by_role("link", name="Inès Petit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fiche sujet de Inès Petit")
    assert_accessible(page)
    shot("fiche-soumise")
    page.get_by_role("link", name="Comparer les versions").click()
    lieu = page.get_by_role("row", name=re.compile("V-2 · Lieu"))
    expect(lieu.locator("ins").filter(has_text="ajouté : au comptoir des")).to_have_count(1)
    expect(lieu.locator("del").first).to_be_visible()
    assert_accessible(page)
    shot("versions")

    page.get_by_label("Ligne commentée (version 2)").select_option("candidat.lieu")
    page.get_by_label("Commentaire").fill("Citer le nom de la boutique.")
    page.get_by_role("button", name="Ajouter le commentaire").click()
    expect(page.get_by_role("row", name=re.compile("V-2 · Lieu"))).to_contain_text(
        "Citer le nom de la boutique."
    )
    assert_accessible(page)
    shot("commentaire")

    page.get_by_role("link", name="Retour à la fiche").click()
    page.get_by_role("link", name="Approuver la fiche").click()
    expect(page).to_have_title(re.compile("^Confirmer : approuver la fiche"))
    assert_accessible(page)
    shot("confirmation")
    page.get_by_label("Commentaire (facultatif)").fill("Prête à jouer.")
    page.get_by_role("button", name="Confirmer : approuver la fiche").click()
    expect(page.locator(".etat")).to_have_text("Approuvée")
    expect(page.get_by_role("link", name="Approuver la fiche")).to_have_count(0)
    expect(page.get_by_role("table", name="Qui a fait quoi, quand et pourquoi")).to_contain_text(
        "Prête à jouer."
    )
    assert_accessible(page)
    shot("approuvee")

    with page.expect_download() as download:
        page.get_by_role("link", name="PDF de la fiche candidat").click()
    pdf = tmp_path / "candidat.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "ANNEXE V–2" in text and re.search(r"FICHE SUJET\W+CANDIDAT", text)
    assert "ANNEXE V–3" not in text and "Objections" not in text

    page.get_by_role("link", name="vue d'impression A4 de la fiche candidat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fiche candidat (annexe V-2)")
    expect(page.locator("main")).not_to_contain_text("Objections")
    assert_accessible(page)
    shot("impression-candidat")


def test_the_author_reads_why_she_cannot_approve(page: Page, shot: Shot) -> None:
    sign_in(page, AUTHOR)
    page.goto("/relecture?filtre=miennes")
    page.get_by_role("link", name="Hugo Bernard").click()
    expect(page.get_by_role("region", name="Ce que vous pouvez faire")).to_contain_text(
        "règle des quatre yeux"
    )
    expect(page.get_by_role("link", name="Approuver la fiche")).to_have_count(0)
    assert_accessible(page)
    shot("quatre-yeux")
