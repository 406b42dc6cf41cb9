"""Déposer une FDAP: Word, the V-1 rubrics filled in, or pasted JSON; errors beside the field, nothing lost."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import httpx
import pytest
from litestar.testing import TestClient

from service.domain.codec import load_fdap
from service.review.demo import FIXTURES
from tests.intake.docx_writer import STRAY_TEXT, Variant, write_fdap_docx
from tests.pages.conftest import OTHER_EMAIL, sign_in
from tests.pages.test_candidate_pages import candidate

Client = TestClient[object]
WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def post(
    client: Client, candidate_id: str, form: dict[str, str], upload: bytes | None = None
) -> httpx.Response:
    """The page's multipart form as a browser sends it (the Word section carries the file)."""
    files = {"fichier": ("fdap.docx", upload, WORD)} if upload is not None else {"vide": ("", b"")}
    data = form | {"_csrf_token": client.cookies["csrftoken"]}
    return client.post(f"/candidats/{candidate_id}/deposer", data=data, files=files, follow_redirects=False)


def fdaps(client: Client, nom: str) -> dict[str, Any]:
    return {f["nature"]: f for f in candidate(client, nom)["fdaps"]}


def error_beside(html: str, field_id: str) -> str:
    """The error paragraph the field points to with aria-describedby."""
    found = re.search(rf'<p class="erreur-champ" id="erreur-{field_id}">(.*?)</p>', html, re.S)
    assert found, field_id
    assert f'aria-describedby="erreur-{field_id}"' in html
    return found.group(1)


def test_the_page_offers_the_three_ways_with_a_label_on_every_field(teacher: Client) -> None:
    page = teacher.get(f"/candidats/{candidate(teacher, 'Martin')['id']}/deposer")
    assert (
        page.status_code == 200
        and "<title>Déposer une FDAP pour Léa Martin · fichesujet</title>" in page.text
    )
    for heading in (
        "Le formulaire officiel Word (.docx)",
        "Remplir les rubriques de l'annexe V-1",
        "Coller",
    ):
        assert heading in page.text
    ids = re.findall(r'<(?:input|textarea)[^>]* id="([^"]+)"', page.text)
    assert len(ids) > 40
    for field_id in ids:
        assert f'for="{field_id}"' in page.text, field_id
    assert (
        "Historique/Problématique de l&#39;activité" in page.text
        and 'name="deroulement.phases.0.outils"' in page.text
    )


def test_a_word_fdap_is_filed_and_its_stray_text_shown(teacher: Client) -> None:
    bernard = candidate(teacher, "Bernard")
    fdap = load_fdap(FIXTURES / "29-animalerie-journee-adoption.json")  # EC n° 2: replaces the EC FDAP
    answer = post(teacher, bernard["id"], {"mode": "word"}, write_fdap_docx(fdap, Variant(outside_text=True)))
    assert answer.status_code == 303
    assert re.fullmatch(r"/fdaps/[0-9a-f-]{36}\?depot=remplacee", answer.headers["location"])
    page = teacher.get(answer.headers["location"]).text
    assert "FDAP remplacée" in page and html.escape(fdap.cadre.organisation) in page
    assert "Ce texte a été placé dans « Offre commerciale »" in page
    assert "hors tableau" in page and STRAY_TEXT.replace("'", "&#39;")[:40] in page
    assert fdaps(teacher, "Bernard")["EC"]["avertissements"][-1]["champ"] == "import : hors tableau"


def test_a_file_that_is_no_word_fdap_is_refused_beside_the_field(teacher: Client) -> None:
    martin = candidate(teacher, "Martin")
    before = fdaps(teacher, "Martin")
    answer = post(teacher, martin["id"], {"mode": "word"}, b"PK\x03\x04 ceci n'est pas un docx")
    assert answer.status_code == 400 and "Traceback" not in answer.text
    assert "fdap.docx" in error_beside(answer.text, "fichier")
    assert fdaps(teacher, "Martin") == before


def test_bad_json_is_refused_beside_the_field_and_kept(teacher: Client) -> None:
    martin = candidate(teacher, "Martin")
    typed = '{"nature": "EC", "numero": 2, "cadre": {"organisaton": "Jardinerie"}}'
    answer = post(teacher, martin["id"], {"mode": "json", "json": typed})
    assert answer.status_code == 400
    assert "organisaton" in error_beside(answer.text, "champ-json")
    assert "&#34;organisaton&#34;: &#34;Jardinerie&#34;" in answer.text  # what was pasted, given back


def test_the_v1_form_says_what_is_missing_beside_each_field_and_keeps_the_rest(teacher: Client) -> None:
    martin = candidate(teacher, "Martin")
    before = fdaps(teacher, "Martin")
    form = {"mode": "formulaire", "titre": "Atelier semis", "analyse.lieu": "Serre n° 2"}
    answer = post(teacher, martin["id"], form)
    assert answer.status_code == 400 and "3 champs sont à corriger" not in answer.text
    assert "nature" in error_beside(answer.text, "nature") and "1 ou 2" in error_beside(answer.text, "numero")
    assert 'value="Atelier semis"' not in answer.text and ">Atelier semis</textarea>" in answer.text
    answer = post(teacher, martin["id"], form | {"nature": "EC", "numero": "2"})
    assert "Nom de l&#39;organisation" in error_beside(answer.text, "champ-cadre-organisation")
    assert "Offre commerciale" in error_beside(answer.text, "champ-cadre-offre_commerciale")
    assert ">Serre n° 2</textarea>" in answer.text and 'value="EC" checked' in answer.text
    assert fdaps(teacher, "Martin") == before


def test_the_v1_form_files_the_fdap_the_teacher_typed(teacher: Client) -> None:
    leroy = candidate(teacher, "Leroy")
    form = {
        "mode": "formulaire",
        "nature": "EC",
        "numero": "2",
        "titre": "Journée découverte",
        "cadre.organisation": "Jardinerie des Tilleuls",
        "cadre.offre_commerciale": "Ateliers de semis",
        "deroulement.phases.0.phase": "Préparer les invitations",
        "deroulement.phases.0.outils": "Fichier clients",
    }
    answer = post(teacher, leroy["id"], form)
    assert answer.status_code == 303, answer.text
    page = teacher.get(answer.headers["location"]).text
    assert "Préparer les invitations – Fichier clients" in page
    assert "Rubrique « Adresse » non renseignée" in page  # the conformity check, rubric by rubric


def test_the_other_number_is_asked_beside_the_field(teacher: Client) -> None:
    martin = candidate(teacher, "Martin")
    form = {"mode": "formulaire", "nature": "EC", "numero": "1", "cadre.organisation": "A"}
    answer = post(
        teacher,
        martin["id"],
        form | {"cadre.offre_commerciale": "B", "analyse.historique_problematique": "C"},
    )
    assert answer.status_code == 400
    assert "l&#39;autre numéro (2)" in error_beside(answer.text, "numero")


def test_an_fdap_with_a_fiche_drawn_is_not_replaced(teacher: Client) -> None:
    martin = candidate(teacher, "Martin")
    fdap = json.dumps(
        {
            "nature": "NV",
            "cadre": {"organisation": "A", "offre_commerciale": "B"},
            "analyse": {"historique_problematique": "C"},
        }
    )
    answer = post(teacher, martin["id"], {"mode": "json", "json": fdap})
    assert answer.status_code == 409 and "ne peut plus être remplacée" in answer.text


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_school_gets_a_404(client: Client, method: str) -> None:
    sign_in(client, "enseignante@demo.fichesujet.fr")
    martin = candidate(client, "Martin")
    sign_in(client, OTHER_EMAIL)
    if method == "get":
        answer = client.get(f"/candidats/{martin['id']}/deposer")
    else:
        answer = post(client, martin["id"], {"mode": "json", "json": "{}"})
    assert answer.status_code == 404 and "Martin" not in answer.text


def test_a_member_without_the_teacher_role_may_not_file(client: Client) -> None:
    sign_in(client, "enseignante@demo.fichesujet.fr")
    martin = candidate(client, "Martin")
    sign_in(client, "membre2@demo.fichesujet.fr")
    fdap = {"nature": "EC", "numero": 2, "cadre": {"organisation": "A", "offre_commerciale": "B"}}
    answer = post(
        client,
        martin["id"],
        {"mode": "json", "json": json.dumps(fdap | {"analyse": {"historique_problematique": "C"}})},
    )
    assert answer.status_code == 403 and "enseignant" in answer.text


def test_the_page_says_which_fdap_may_still_be_replaced(teacher: Client) -> None:
    page = teacher.get(f"/candidats/{candidate(teacher, 'Durand')['id']}/deposer").text
    assert "Déjà déposées" in page
    assert page.count("Une fiche sujet en est tirée : elle ne peut plus être remplacée.") == 1
    assert "Une nouvelle FDAP EC la remplacera." in page
