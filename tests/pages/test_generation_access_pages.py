"""The « Générer » pages keep the API's rules: the V-3 of proposals for their readers only, pending jobs bounded."""

from __future__ import annotations

import re

from litestar.testing import TestClient
from markupsafe import escape

from service.settings import Settings
from tests.pages.conftest import OTHER_EMAIL, sign_in
from tests.pages.test_generate_pages import ask, ec_fdap, run_jobs, started

Client = TestClient[object]
TEACHER = "enseignante@demo.fichesujet.fr"


def _as(client: Client, email: str) -> Client:
    assert sign_in(client, email).status_code == 303
    return client


def test_the_proposals_page_is_403_for_who_may_not_read_the_jury_sheet(
    client: Client, demo_settings: Settings
) -> None:
    teacher = _as(client, TEACHER)
    fdap_id = ec_fdap(teacher, "Moreau")
    job = started(teacher, fdap_id, "1")
    run_jobs(demo_settings)
    objection = teacher.get(f"/api/generations/{job}").json()["fiches"][0]["fiche"]["fiche_jury"][
        "objections"
    ][0]
    page, fragment = f"/fdaps/{fdap_id}/generer?tache={job}", f"/fdaps/{fdap_id}/generer/{job}"
    shown = str(escape(objection[:40]))
    mine = teacher.get(page)
    assert mine.status_code == 200 and shown in mine.text
    for email in ("admin@demo.fichesujet.fr", "membre1@demo.fichesujet.fr", "membre2@demo.fichesujet.fr"):
        _as(client, email)
        for path in (page, fragment):
            answer = client.get(path)
            assert answer.status_code == 403, (email, path)
            assert "fiche jury" in answer.text and shown not in answer.text
    commission = re.search(
        r'<option value="([0-9a-f-]{36})">Commission n° 1</option>', _as(client, TEACHER).get(page).text
    )
    assert commission
    form = {"tache": job, "proposition": "1", "commission": commission.group(1)}
    _as(client, "membre1@demo.fichesujet.fr")
    csrf = client.cookies["csrftoken"]
    forged = client.post(
        f"/fdaps/{fdap_id}/garder", data=form | {"_csrf_token": csrf}, follow_redirects=False
    )
    assert forged.status_code == 403
    _as(client, TEACHER)
    kept = client.post(
        f"/fdaps/{fdap_id}/garder",
        data=form | {"_csrf_token": client.cookies["csrftoken"]},
        follow_redirects=False,
    )
    assert kept.status_code == 303
    _as(client, "membre1@demo.fichesujet.fr")
    assert client.get(page).status_code == 200  # now a member of the commission of a fiche drawn from it
    _as(client, "admin@demo.fichesujet.fr")
    assert client.get(page).status_code == 403
    _as(client, OTHER_EMAIL)
    assert client.get(page).status_code == 404


def test_a_fourth_pending_job_is_a_french_429_page_with_retry_after(
    client: Client, demo_settings: Settings
) -> None:
    teacher = _as(client, TEACHER)
    fdap_id = ec_fdap(teacher, "Bernard")
    for _ in range(3):
        started(teacher, fdap_id, "1")
    refused = ask(teacher, fdap_id, {"moteur": "offline", "variantes": "1"})
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    assert "tâches de génération en attente" in refused.text
    run_jobs(demo_settings)
    assert ask(teacher, fdap_id, {"moteur": "offline", "variantes": "1"}).status_code == 303
    run_jobs(demo_settings)
