"""The whole journey of issue 11 in Debian's Chromium, on one served demo school: a teacher files a Word FDAP,
generates, keeps a proposal, edits a row, replaces a marker and submits; a second member of the commission
approves; the PDF downloads and opens. A teacher outside the commission never sees the approve button; a user
of another school cannot reach the sheet. Every interaction is counted, axe runs on every page visited, each
step leaves a screenshot, and any console error or failed request fails the test."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from service.review.demo import DEMO_PASSWORD, FIXTURES
from tests.api.test_serve import fichesujet
from tests.browser.conftest import SCREENSHOTS, assert_accessible, sign_in, watched

TEACHER = "enseignante@demo.fichesujet.fr"
MEMBER = "membre2@demo.fichesujet.fr"
OUTSIDER = "hors.commission@demo.fichesujet.fr"
ELSEWHERE = "proviseur@lycee-voisin.example"
OTHER_PASSWORD = "mot-de-passe-du-voisin"
WORD_FDAP = FIXTURES / "21-solaire-autoconsommation-couple.docx"
MARKER = re.compile(r"\[à préciser[^\]]*\]")
NEW_PLACE = "Au premier étage, dans la salle de réunion."
# The most a teacher may need from the dashboard to an approved, downloadable sheet, and the approving member.
TEACHER_BUDGET, MEMBER_BUDGET = 12, 3

Opener = Callable[..., Page]


class Counted:
    """What one user does, through Playwright, counted: a click (following a link is one), a field typed at
    once (as a teacher types it), a file picked, a page reloaded (F5) each count as one interaction."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.count = 0

    def _one(self) -> None:
        self.count += 1

    def click(self, target: Locator) -> None:
        self._one()
        target.click()

    def fill(self, field: Locator, text: str) -> None:
        self._one()
        field.fill(text)

    def upload(self, field: Locator, path: Path) -> None:
        self._one()
        field.set_input_files(path)

    def reload(self) -> None:
        self._one()
        self.page.reload()


@pytest.fixture
def opener(browser: Browser, base_url: str) -> Iterator[Opener]:
    """Opens a page in a context of its own (one per user); the test fails on what any of them reported."""
    contexts, problems = [], []

    def open_page(refusals: frozenset[int] = frozenset()) -> Page:
        context = browser.new_context(base_url=base_url, locale="fr-FR")
        contexts.append(context)
        return watched(context.new_page(), set(refusals), problems)

    yield open_page
    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def seen() -> Callable[[Page, str], None]:
    """Each page reached: axe-core finds no serious or critical violation, and a screenshot is kept."""
    folder = SCREENSHOTS / "parcours"
    folder.mkdir(parents=True, exist_ok=True)
    steps = iter(range(1, 100))

    def check(page: Page, step: str) -> None:
        assert_accessible(page)
        page.screenshot(path=folder / f"{next(steps):02d}-{step}.png", full_page=True)

    return check


def _enrol_outsider(page: Page) -> None:
    """The demo admin opens an account with the commission role for a teacher of no commission (setup)."""
    sign_in(page, "admin@demo.fichesujet.fr")
    expect(page).to_have_url(re.compile("/tableau-de-bord$"))
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    account = {
        "email": OUTSIDER,
        "nom": "Hector Horscommission",
        "roles": ["enseignant", "commission"],
        "mot_de_passe": DEMO_PASSWORD,
    }
    made = page.request.post("/api/enseignants", data=account, headers={"x-csrftoken": token})
    assert made.status == 201, made.text()


def _other_school(env: dict[str, str]) -> None:
    """A second school and its admin, as a real one starts: `fichesujet admin creer-etablissement`."""
    made = fichesujet(
        env | {"FICHESUJET_ADMIN_PASSWORD": OTHER_PASSWORD},
        *("admin", "creer-etablissement", "--nom", "Lycée voisin", "--email", ELSEWHERE),
        *("--nom-admin", "Paul Proviseur"),
    )
    assert made.returncode == 0, made.stderr


def _teacher_writes(me: Counted, seen: Callable[[Page, str], None]) -> str:
    """From the dashboard to a submitted sheet; the sheet's address."""
    page = me.page
    seen(page, "enseignante-tableau-de-bord")
    to_write = page.get_by_role("region", name=re.compile("À écrire"))
    me.click(to_write.get_by_role("link", name="Camille Moreau : écrire la fiche"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Camille Moreau")
    seen(page, "candidat")
    me.click(page.get_by_role("link", name="Déposer une FDAP"))
    seen(page, "deposer")
    me.upload(page.get_by_label("Fichier de la FDAP (.docx)"), WORD_FDAP)
    me.click(page.get_by_role("button", name="Déposer le fichier Word"))
    expect(page.get_by_role("status").first).to_contain_text("FDAP remplacée")
    expect(page.get_by_text("Ce texte a été placé dans « Offre commerciale »")).to_be_visible()
    seen(page, "ou-va-chaque-texte")
    me.click(page.get_by_role("button", name="Générer 3 propositions hors ligne"))
    expect(page).to_have_url(re.compile(r"/generer\?tache="))
    cards = page.locator("article.proposition:not(.proposition-a-reprendre)")
    expect(page.locator("#annonces")).to_contain_text("Génération terminée", timeout=30_000)
    expect(cards.first).to_be_visible()
    seen(page, "propositions")
    me.click(cards.first.get_by_role("button", name=re.compile("^Garder la proposition")))
    expect(page).to_have_url(re.compile(r"/fiches/[0-9a-f-]{36}/modifier$"))
    seen(page, "editeur")
    return _edit_and_submit(me, seen)


def _fact(marker: re.Match[str]) -> str:
    """What the teacher knows and the draft could not: an amount, or a date."""
    return (
        "12 400 € TTC, pose comprise" if "montant" in marker.group(0) else "la foire de printemps du 14 mars"
    )


def _edit_and_submit(me: Counted, seen: Callable[[Page, str], None]) -> str:
    """Replaces each row's « [à préciser : …] » marker, edits another row, then « Enregistrer et soumettre »."""
    page = me.page
    marked = page.locator(".champ-marqueur textarea")
    rows = [marked.nth(i).get_attribute("id") for i in range(marked.count())]
    assert rows, "la proposition gardée n'a aucun marqueur à remplacer"
    for row in rows:
        field = page.locator(f"#{row}")
        me.fill(field, MARKER.sub(_fact, field.input_value()))
    edited = page.locator("#champ-fiche_candidat-lieu")
    me.fill(edited, edited.input_value() + " " + NEW_PLACE)
    # The findings' request, sent after a pause in typing, is answered before the page is left.
    expect(page.locator("#constats")).not_to_contain_text("Marqueur à préciser")
    expect(page.locator("#annonces")).not_to_contain_text("marqueur")
    seen(page, "marqueur-remplace")
    me.click(page.get_by_role("button", name="Enregistrer et soumettre à la commission"))
    expect(page).to_have_url(re.compile(r"/fiches/[0-9a-f-]{36}\?soumise=1$"))
    expect(page.locator("#fiche-avis")).to_contain_text("La fiche est soumise à la commission")
    expect(page.locator(".etat")).to_have_text("Soumise")
    expect(page.locator("main")).to_contain_text(NEW_PLACE)
    seen(page, "soumise")
    found = re.search(r"/fiches/[0-9a-f-]{36}", page.url)
    assert found
    return found.group(0)


def _member_approves(me: Counted, seen: Callable[[Page, str], None]) -> None:
    """From the dashboard: the sheet to review, « Approuver la fiche », the confirmation."""
    page = me.page
    seen(page, "membre-tableau-de-bord")
    to_review = page.get_by_role("region", name=re.compile("À relire"))
    me.click(to_review.get_by_role("link", name="Camille Moreau : relire la fiche"))
    seen(page, "membre-fiche-soumise")
    me.click(page.get_by_role("link", name="Approuver la fiche"))
    expect(page).to_have_title(re.compile("^Confirmer : approuver la fiche"))
    seen(page, "membre-confirmation")
    me.click(page.get_by_role("button", name="Confirmer : approuver la fiche"))
    expect(page.locator(".etat")).to_have_text("Approuvée")
    expect(page.get_by_role("link", name="PDF de la fiche candidat")).to_be_visible()
    seen(page, "membre-approuvee")


def _teacher_downloads(me: Counted, seen: Callable[[Page, str], None], folder: Path) -> str:
    """Back on her sheet's page, approved now: the candidate's PDF; its text."""
    me.reload()
    expect(me.page.locator(".etat")).to_have_text("Approuvée")
    seen(me.page, "enseignante-approuvee")
    with me.page.expect_download() as download:
        me.click(me.page.get_by_role("link", name="PDF de la fiche candidat"))
    pdf = folder / "candidat.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _outsider_sees_no_approval(page: Page, fiche: str, seen: Callable[[Page, str], None]) -> None:
    sign_in(page, OUTSIDER)
    expect(page).to_have_url(re.compile("/tableau-de-bord$"))
    expect(page.get_by_role("region", name=re.compile("À relire"))).not_to_contain_text("Camille Moreau")
    seen(page, "hors-commission-tableau-de-bord")
    page.goto("/relecture")
    expect(page.locator("main")).not_to_contain_text("Camille Moreau")
    seen(page, "hors-commission-relecture")
    page.goto(fiche)
    expect(page.get_by_role("heading", level=1)).to_have_text("Fiche sujet de Camille Moreau")
    expect(page.get_by_role("link", name="Approuver la fiche")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("ne sont visibles que des membres de la commission n° 1")
    seen(page, "hors-commission-fiche")
    refused = page.goto(f"{fiche}/confirmer/approuver")
    assert refused is not None and refused.status == 403
    expect(page.get_by_role("button", name=re.compile("Confirmer"))).to_have_count(0)


def _elsewhere_finds_nothing(page: Page, fiche: str, seen: Callable[[Page, str], None]) -> None:
    sign_in(page, ELSEWHERE, OTHER_PASSWORD)
    expect(page).to_have_url(re.compile("/tableau-de-bord$"))
    answer = page.goto(fiche)
    assert answer is not None and answer.status == 404
    expect(page.locator("main")).not_to_contain_text("Moreau")
    seen(page, "autre-etablissement-404")
    api = page.request.get(f"/api{fiche}")
    assert api.status == 404 and "Moreau" not in api.text() and "solaire" not in api.text().lower()
    for address in (f"{fiche}/impression/candidat", f"/api{fiche}/documents/candidat.pdf"):
        assert page.request.get(address).status == 404, address


def test_from_the_dashboard_to_an_approved_pdf_in_counted_steps(
    opener: Opener, seen: Callable[[Page, str], None], service_env: dict[str, str], tmp_path: Path
) -> None:
    _enrol_outsider(opener())
    _other_school(service_env)
    # Counted from the dashboard on: signing in (sign_in, not counted) comes before, for both users.
    teacher = Counted(opener())
    sign_in(teacher.page, TEACHER)
    expect(teacher.page).to_have_url(re.compile("/tableau-de-bord$"))
    fiche = _teacher_writes(teacher, seen)
    submitted = teacher.count

    member = Counted(opener())
    sign_in(member.page, MEMBER)
    expect(member.page).to_have_url(re.compile("/tableau-de-bord$"))
    _member_approves(member, seen)
    text = _teacher_downloads(teacher, seen, tmp_path)
    assert "ANNEXE V–2" in text and NEW_PLACE in " ".join(text.split())
    assert "ANNEXE V–3" not in text and "Objections" not in text and "BROUILLON" not in text

    print(
        f"\nInteractions, du tableau de bord à la fiche approuvée téléchargée (connexion exclue) : "
        f"enseignante {teacher.count} (dont {submitted} jusqu'à la soumission, budget {TEACHER_BUDGET}), "
        f"membre qui approuve {member.count} (budget {MEMBER_BUDGET})."
    )
    assert teacher.count <= TEACHER_BUDGET and member.count <= MEMBER_BUDGET

    _outsider_sees_no_approval(opener(frozenset({403})), fiche, seen)
    _elsewhere_finds_nothing(opener(frozenset({404})), fiche, seen)
