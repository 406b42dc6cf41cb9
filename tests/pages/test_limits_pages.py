"""The pages apply the schema's size limits as the API does: a French error on the field, nothing saved."""

from __future__ import annotations

import time

from litestar.testing import TestClient

from service.domain.fiche_sujet import MAX_OBJECTIONS
from tests.pages.test_editor_pages import OBJECTIONS, fiche_of, form_of

Client = TestClient[object]


def test_too_many_objections_are_refused_on_the_field_and_nothing_is_saved(teacher: Client) -> None:
    fiche = fiche_of(teacher, "Martin")
    before = teacher.get(f"/api/fiches/{fiche}").headers["etag"]
    form = form_of(teacher.get(f"/fiches/{fiche}/modifier").text)
    form[OBJECTIONS] = "\n".join(
        f"Objection {i} : le prix me semble élevé." for i in range(MAX_OBJECTIONS + 1)
    )
    refused = teacher.post(f"/fiches/{fiche}/modifier", data=form | {"action": "enregistrer"})
    assert refused.status_code == 400, refused.text
    assert 'id="erreur-champ-fiche_jury-objections"' in refused.text
    assert f"liste trop longue ({MAX_OBJECTIONS} éléments au plus)" in refused.text
    assert teacher.get(f"/api/fiches/{fiche}").headers["etag"] == before


def test_the_live_findings_answer_a_form_with_3000_objections_in_seconds(teacher: Client) -> None:
    fiche = fiche_of(teacher, "Martin")
    form = form_of(teacher.get(f"/fiches/{fiche}/modifier").text)
    form[OBJECTIONS] = "\n".join(f"Objection {i}" for i in range(3000))  # typed past the limits
    started = time.monotonic()
    answered = teacher.post(f"/fiches/{fiche}/constats", data=form)
    assert answered.status_code == 200, answered.text
    assert time.monotonic() - started < 5  # the objections' pairwise comparison took 45 s


def test_a_motif_past_its_limit_is_refused_in_french_and_the_sheet_is_unchanged(teacher: Client) -> None:
    fiche = fiche_of(teacher, "Martin")
    before = teacher.get(f"/api/fiches/{fiche}").json()
    url = f"/fiches/{fiche}/actions/soumettre"
    data = {
        "compteur": str(before["verrou"]),
        "motif": "m" * 2001,
        "_csrf_token": teacher.cookies.get("csrftoken"),
    }
    refused = teacher.post(url, data=data)
    assert refused.status_code == 400, refused.text
    assert "texte trop long (2000 caractères au plus)" in refused.text
    assert teacher.get(f"/api/fiches/{fiche}").json()["verrou"] == before["verrou"]
