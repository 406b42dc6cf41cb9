"""Générer: engine and number asked, progress polled until done (286), proposals side by side, keep one."""

from __future__ import annotations

import asyncio
import dataclasses
import re
from typing import Any

import httpx
from litestar.testing import TestClient

from service import db
from service.domain.fdap import Fdap
from service.domain.fiche_sujet import FicheSujet
from service.engines.base import ProposalRequest
from service.review import jobs
from service.settings import Settings
from service.web.app import create_app
from tests.pages.conftest import OTHER_EMAIL, sign_in
from tests.pages.test_candidate_pages import candidate

Client = TestClient[object]


def ec_fdap(client: Client, nom: str = "Martin") -> str:
    """The EC FDAP of a demo candidate: no fiche is drawn from it."""
    return next(f["id"] for f in candidate(client, nom)["fdaps"] if f["nature"] == "EC")


def ask(client: Client, fdap_id: str, form: dict[str, str]) -> httpx.Response:
    data = form | {"_csrf_token": client.cookies["csrftoken"]}
    return client.post(f"/fdaps/{fdap_id}/generer", data=data, follow_redirects=False)


def run_jobs(settings: Settings) -> None:
    """What the service's worker does: run every waiting job."""

    async def work() -> None:
        engine = db.create_engine(settings.database)
        try:
            while await jobs.run_once(db.session_factory(engine), settings, "test-pages"):
                pass
        finally:
            await engine.dispose()

    asyncio.run(work())


def started(client: Client, fdap_id: str, variants: str = "2") -> str:
    answer = ask(client, fdap_id, {"moteur": "offline", "variantes": variants})
    assert answer.status_code == 303
    found = re.fullmatch(rf"/fdaps/{fdap_id}/generer\?tache=([0-9a-f-]{{36}})", answer.headers["location"])
    assert found
    return found.group(1)


def test_the_form_offers_the_offline_engine_and_says_no_model_is_configured(teacher: Client) -> None:
    page = teacher.get(f"/fdaps/{ec_fdap(teacher)}/generer")
    assert (
        page.status_code == 200
        and "<title>Générer des propositions pour Léa Martin · fichesujet</title>" in page.text
    )
    assert 'value="offline" checked' in page.text and 'value="llm"' not in page.text
    assert (
        "Aucun modèle de langage n&#39;est configuré" in page.text
        or "Aucun modèle de langage n'est configuré" in page.text
    )
    assert 'for="champ-variantes"' in page.text and 'max="10"' in page.text


def test_bad_choices_are_said_beside_their_field_and_kept(teacher: Client) -> None:
    fdap_id = ec_fdap(teacher)
    answer = ask(teacher, fdap_id, {"moteur": "llm", "variantes": "40"})
    assert answer.status_code == 400
    assert 'id="erreur-moteur">Aucun modèle de langage' in answer.text
    assert 'id="erreur-variantes">Indiquez un nombre de propositions entre 1 et 10.' in answer.text
    assert 'value="40"' in answer.text


def test_progress_is_polled_then_stops_with_the_proposals(teacher: Client, demo_settings: Settings) -> None:
    fdap_id = ec_fdap(teacher)
    job = started(teacher, fdap_id)
    page = teacher.get(f"/fdaps/{fdap_id}/generer?tache={job}")
    assert f'hx-get="/fdaps/{fdap_id}/generer/{job}" hx-trigger="every 1s"' in page.text
    assert "Génération en attente" in page.text
    waiting = teacher.get(f"/fdaps/{fdap_id}/generer/{job}", headers={"HX-Request": "true"})
    assert waiting.status_code == 200 and "Génération en attente" in waiting.text
    run_jobs(demo_settings)
    done = teacher.get(f"/fdaps/{fdap_id}/generer/{job}", headers={"HX-Request": "true"})
    assert done.status_code == 286  # htmx stops polling, and swaps the proposals in
    assert 'id="annonces" hx-swap-oob="innerHTML">Génération terminée : 2 propositions prêtes.' in done.text
    assert done.text.count('<article class="proposition') == 2
    assert "Paramètres changés :</strong>" in done.text and "Angle :" in done.text
    page = teacher.get(f"/fdaps/{fdap_id}/generer?tache={job}").text
    assert "hx-trigger" not in page and page.count('<article class="proposition') == 2
    assert page.count('id="annonces"') == 1
    # A job already over when its page is first shown (a fast worker) is announced all the same.
    assert "Génération terminée : 2 propositions prêtes.</div>" in page


def test_markers_and_findings_are_shown_on_each_card(teacher: Client, demo_settings: Settings) -> None:
    fdap_id = ec_fdap(teacher, "Bernard")
    job = started(teacher, fdap_id, "3")
    run_jobs(demo_settings)
    page = teacher.get(f"/fdaps/{fdap_id}/generer?tache={job}").text
    progress: dict[str, Any] = teacher.get(f"/api/generations/{job}").json()
    found = [c for f in progress["fiches"] for c in f["constats"]]
    for finding in found:
        assert finding["message"].replace("'", "&#39;").replace('"', "&#34;")[:30] in page
    if any(c["code"] == "marqueur_a_preciser" for c in found):
        assert re.search(r"<mark>\[à préciser[^<]*\]</mark>", page)


def test_keeping_a_proposal_makes_a_draft_and_opens_the_editor(
    teacher: Client, demo_settings: Settings
) -> None:
    fdap_id = ec_fdap(teacher, "Petit")
    job = started(teacher, fdap_id)
    run_jobs(demo_settings)
    page = teacher.get(f"/fdaps/{fdap_id}/generer?tache={job}").text
    commission = re.search(r'<option value="([0-9a-f-]{36})">Commission n° 1</option>', page)
    assert commission
    form = {"tache": job, "proposition": "2", "commission": commission.group(1)}
    kept = teacher.post(
        f"/fdaps/{fdap_id}/garder",
        data=form | {"_csrf_token": teacher.cookies["csrftoken"]},
        follow_redirects=False,
    )
    assert kept.status_code == 303
    fiche_id = re.fullmatch(r"/fiches/([0-9a-f-]{36})/modifier", kept.headers["location"])
    assert fiche_id
    sheet = teacher.get(f"/api/fiches/{fiche_id.group(1)}").json()
    proposal = teacher.get(f"/api/generations/{job}").json()["fiches"][1]["fiche"]
    assert sheet["etat"] == "brouillon"
    assert sheet["fiche_candidat"]["fiche_candidat"] == proposal["fiche_candidat"]
    petit = candidate(teacher, "Petit")
    assert len(petit["fiches"]) == 2


def test_a_job_of_another_fdap_or_school_is_not_found(client: Client, demo_settings: Settings) -> None:
    sign_in(client, "enseignante@demo.fichesujet.fr")
    martin_ec, leroy_ec = ec_fdap(client), ec_fdap(client, "Leroy")
    job = started(client, martin_ec, "1")
    assert client.get(f"/fdaps/{leroy_ec}/generer?tache={job}").status_code == 404
    assert client.get(f"/fdaps/{leroy_ec}/generer/{job}").status_code == 404
    sign_in(client, OTHER_EMAIL)
    for path in (f"/fdaps/{martin_ec}/generer", f"/fdaps/{martin_ec}/generer?tache={job}"):
        answer = client.get(path)
        assert answer.status_code == 404 and "Martin" not in answer.text
    assert ask(client, martin_ec, {"moteur": "offline", "variantes": "1"}).status_code == 404
    run_jobs(demo_settings)


def test_a_forged_keep_form_is_a_french_400(teacher: Client) -> None:
    fdap_id = ec_fdap(teacher)
    form = {
        "tache": "pas-un-id",
        "proposition": "1",
        "commission": "x",
        "_csrf_token": teacher.cookies["csrftoken"],
    }
    answer = teacher.post(f"/fdaps/{fdap_id}/garder", data=form)
    assert answer.status_code == 400 and "rechargez la page" in answer.text


def test_a_configured_model_is_offered_and_chosen_first(demo_settings: Settings) -> None:
    with TestClient(app=create_app(dataclasses.replace(demo_settings, llm_model="mistral-small"))) as client:
        sign_in(client, "enseignante@demo.fichesujet.fr")
        page = client.get(f"/fdaps/{ec_fdap(client)}/generer").text
    assert 'value="offline">' in page and 'value="llm" checked' in page
    assert "Modèle de langage (mistral-small)" in page and "Aucun modèle de langage" not in page


class Failing:
    """An engine that breaks in an unexpected way: the job fails, the page says so in French."""

    name = "en-panne"

    async def propose(self, fdap: Fdap, request: ProposalRequest) -> list[FicheSujet]:
        raise RuntimeError("panne interne")


def test_a_failed_job_stops_the_polling_and_says_why(teacher: Client, demo_settings: Settings) -> None:
    fdap_id = ec_fdap(teacher, "Durand")
    job = started(teacher, fdap_id, "1")

    async def fail() -> None:
        engine = db.create_engine(demo_settings.database)
        try:
            await jobs.run_once(db.session_factory(engine), demo_settings, "test-panne", engine=Failing())
        finally:
            await engine.dispose()

    asyncio.run(fail())
    done = teacher.get(f"/fdaps/{fdap_id}/generer/{job}", headers={"HX-Request": "true"})
    assert done.status_code == 286 and "La génération a échoué." in done.text
    assert "erreur inattendue (RuntimeError)" in done.text and "panne interne" not in done.text
    assert 'hx-swap-oob="innerHTML">La génération a échoué.' in done.text
