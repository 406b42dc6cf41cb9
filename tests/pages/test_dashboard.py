"""The dashboard answers « qu'est-ce qui m'attend ? », for one school only, a page at a time."""

from __future__ import annotations

import datetime
import re

from litestar.testing import TestClient

from service.web.pages.filters import waited
from tests.pages.conftest import OTHER_EMAIL, sign_in

Client = TestClient[object]


def section(html: str, heading: str) -> str:
    """The HTML of the dashboard section whose title starts with `heading`."""
    found = re.search(rf"<h2 id=\"titre-\w+\">{heading}.*?</section>", html, re.S)
    assert found, heading
    return found.group(0)


def test_the_author_sees_her_sheet_to_fix_and_the_progress(teacher: Client) -> None:
    page = teacher.get("/tableau-de-bord")
    assert page.status_code == 200 and "<title>Tableau de bord · fichesujet</title>" in page.text
    assert 'aria-current="page"' in page.text and 'name="_csrf_token"' in page.text
    fix = section(page.text, "À reprendre")
    assert "(1)" in fix and "Inès Petit : reprendre la fiche" in fix and "depuis" in fix
    assert "(0)" in section(page.text, "À relire")  # the author has no commission role
    progress = section(page.text, "Avancement de la session")
    for label in ("Brouillon", "Soumise", "Modifications demandées", "Approuvée", "Remise"):
        assert f"<dt>{label}</dt><dd>1 fiche</dd>" in progress


def test_a_new_user_finds_the_demo_candidate_waiting_for_a_first_sheet(teacher: Client) -> None:
    write = section(teacher.get("/tableau-de-bord").text, "À écrire")
    assert "(1)" in write and "Camille Moreau : écrire la fiche" in write
    assert "FDAP NV n° 1, EC n° 2" in write


def test_a_member_sees_the_submitted_sheet_to_review(client: Client) -> None:
    sign_in(client, "membre1@demo.fichesujet.fr")
    review = section(client.get("/tableau-de-bord").text, "À relire")
    assert "(1)" in review and "Hugo Bernard : relire la fiche" in review and "/fiches/" in review


def test_another_school_sees_only_its_own_candidates(client: Client) -> None:
    sign_in(client, OTHER_EMAIL)
    page = client.get("/tableau-de-bord").text
    write = section(page, "À écrire")
    assert "(25)" in write and "Zoé Lointain-01 : écrire la fiche" in write and "FDAP NV n° " in write
    assert not re.search("Bernard|Petit|Martin|Durand|Leroy|Élise", page)
    assert "<dt>Brouillon</dt><dd>aucune fiche</dd>" in page


def test_the_demo_school_never_sees_the_other_one(teacher: Client) -> None:
    assert "Lointain" not in teacher.get("/tableau-de-bord").text


def test_lists_are_paginated_and_keep_the_other_lists_page(client: Client) -> None:
    sign_in(client, OTHER_EMAIL)
    first = section(client.get("/tableau-de-bord?relire=1").text, "À écrire")
    assert first.count("<li>") == 20 + 1 and "Page 1 sur 2" in first  # 20 lines, one pagination link
    assert 'href="?relire=1&amp;ecrire=2"' in first
    second = section(client.get("/tableau-de-bord?relire=1&ecrire=2").text, "À écrire")
    assert "Lointain-21" in second and "Lointain-01" not in second and "Page 2 sur 2" in second
    beyond = section(client.get("/tableau-de-bord?ecrire=9").text, "À écrire")
    assert "Page 2 sur 2" in beyond


def test_a_bad_page_number_is_a_french_400_page(teacher: Client) -> None:
    page = teacher.get("/tableau-de-bord?ecrire=abc")
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")
    assert '<html lang="fr">' in page.text and "Traceback" not in page.text


def test_how_long_a_sheet_has_waited_in_words() -> None:
    now = datetime.datetime(2026, 5, 20, 12, tzinfo=datetime.UTC)
    ago = lambda **delta: waited(now - datetime.timedelta(**delta), now)  # noqa: E731
    assert ago(seconds=30) == "depuis quelques instants"
    assert ago(minutes=5) == "depuis 5 minutes"
    assert ago(hours=1) == "depuis 1 heure"
    assert ago(days=3) == "depuis 3 jours"
    assert ago(days=21) == "depuis 3 semaines"
    assert waited(None) == ""
