"""The editor (/fiches/{id}/modifier): rows beside the FDAP, live findings, save, submit, access."""

from __future__ import annotations

import dataclasses
import re
from html import unescape
from pathlib import Path

from litestar.testing import TestClient

from service.domain.codec import load_fdap
from service.review.demo import DEMO_PASSWORD
from service.settings import Settings
from service.web.app import create_app
from tests.llm.conftest import KINE, answer_of, offline_fiches
from tests.llm.fake_openai import FakeOpenAI, answer_json
from tests.pages.conftest import OTHER_EMAIL, sign_in

Client = TestClient[object]
OBJECTIONS = "fiche_jury.objections"
MARKER = "[à préciser : l'heure du rendez-vous]"


def fiche_of(client: Client, nom: str) -> str:
    """The id of the demo sheet of candidate `nom` (read through the JSON API, same session cookie)."""
    candidates = client.get("/api/candidats").json()
    return next(c["fiches"][0]["id"] for c in candidates if c["nom"] == nom)


def form_of(html: str) -> dict[str, str]:
    """The editor form's fields as a browser would post them (textareas and hidden inputs)."""
    form = html[html.index('<form id="editeur"') : html.index("</form>", html.index('<form id="editeur"'))]
    fields = {
        unescape(n): unescape(v)
        for n, v in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S)
    }
    fields |= {
        unescape(n): unescape(v)
        for n, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)
    }
    return fields


def test_every_row_is_a_labelled_field_beside_the_fdap_text(teacher: Client) -> None:
    page = teacher.get(f"/fiches/{fiche_of(teacher, 'Martin')}/modifier")
    assert (
        page.status_code == 200 and "<title>Modifier la fiche de Léa Martin · fichesujet</title>" in page.text
    )
    assert '<label for="champ-fiche_candidat-objet">Objet de l&#39;activité</label>' in page.text
    assert '<label for="champ-fiche_jury-objections">Objections</label>' in page.text
    assert page.text.count('class="ligne"') == 9 + 12
    assert "Dans la FDAP : Historique/Problématique" in page.text
    assert "Vente d&#39;une complémentaire santé TNS à un kinésithérapeute libéral" in page.text  # FDAP title
    assert '<del><span class="visuellement-cache">supprimé : </span>' in page.text  # avant → après
    assert '<ins><span class="visuellement-cache">ajouté : </span>' in page.text
    assert 'hx-post="/fiches/' in page.text and 'aria-live="polite"' in page.text
    assert "<style" not in page.text and " style=" not in page.text
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", page.text)


def test_a_row_opened_shows_the_words_that_differ_from_the_fdap(teacher: Client) -> None:
    fiche = fiche_of(teacher, "Martin")
    page = teacher.get(f"/fiches/{fiche}/modifier").text
    assert f'hx-post="/fiches/{fiche}/ecarts?ligne=fiche_jury.identite"' in page
    form = form_of(page)
    form["fiche_candidat.lieu"] = "Agence MHSP de Tours, bureau de conseil n° 2, au premier étage."
    gap = teacher.post(f"/fiches/{fiche}/ecarts?ligne=fiche_candidat.lieu", data=form)
    assert gap.status_code == 200 and "<html" not in gap.text
    assert '<ins><span class="visuellement-cache">ajouté : </span>, au premier étage</ins>' in gap.text
    unknown = teacher.post(f"/fiches/{fiche}/ecarts?ligne=fiche_jury.inconnue", data=form)
    assert unknown.status_code == 404 and "Ligne inconnue dans la fiche" in unknown.text


def test_findings_fragment_answers_the_rules_for_the_posted_form(teacher: Client) -> None:
    fiche = fiche_of(teacher, "Martin")
    form = form_of(teacher.get(f"/fiches/{fiche}/modifier").text)
    form["fiche_candidat.lieu"] = f"Agence de Tours, {MARKER}"
    form["fiche_candidat.objet"] = ""
    answer = teacher.post(f"/fiches/{fiche}/constats", data=form, headers={"HX-Request": "true"})
    assert answer.status_code == 200 and "<html" not in answer.text
    assert 'href="#champ-fiche_candidat-lieu"' in answer.text and "Marqueur à préciser" in answer.text
    assert "Erreur" in answer.text and "La fiche ne peut pas encore être soumise." in answer.text
    assert '<div id="annonces" hx-swap-oob="innerHTML">Les règles trouvent' in answer.text


def test_save_creates_a_new_version(teacher: Client) -> None:
    fiche = fiche_of(teacher, "Martin")
    form = form_of(teacher.get(f"/fiches/{fiche}/modifier").text)
    form["fiche_candidat.lieu"] = "Agence MHSP de Tours, bureau de conseil n° 3."
    saved = teacher.post(
        f"/fiches/{fiche}/modifier", data=form | {"action": "enregistrer"}, follow_redirects=False
    )
    assert saved.status_code == 303 and saved.headers["location"].endswith("?enregistre=1")
    page = teacher.get(saved.headers["location"]).text
    assert "Nouvelle version enregistrée." in page and "bureau de conseil n° 3." in page
    version = teacher.get(f"/api/fiches/{fiche}").headers["etag"]
    assert int(version.strip('"')) == int(form["version"]) + 1


def test_a_stale_version_is_a_french_conflict_keeping_the_typed_text(teacher: Client) -> None:
    fiche = fiche_of(teacher, "Martin")
    form = form_of(teacher.get(f"/fiches/{fiche}/modifier").text)
    first = form | {"fiche_candidat.lieu": "Salle de réunion de l'agence.", "action": "enregistrer"}
    assert teacher.post(f"/fiches/{fiche}/modifier", data=first, follow_redirects=False).status_code == 303
    mine = form | {"fiche_jury.freins": "Un texte que je ne veux pas perdre.", "action": "enregistrer"}
    refused = teacher.post(f"/fiches/{fiche}/modifier", data=mine)
    assert refused.status_code == 409 and "pendant que vous la modifiiez" in refused.text
    assert "Un texte que je ne veux pas perdre." in refused.text
    again = form_of(refused.text)
    assert int(again["version"]) == int(form["version"]) + 1  # saving again makes it the next version


def test_bad_input_keeps_every_field_and_names_the_one_at_fault(teacher: Client) -> None:
    fiche = fiche_of(teacher, "Martin")
    form = form_of(teacher.get(f"/fiches/{fiche}/modifier").text)
    form["fiche_jury.motivations"] = "x" * 7000
    form["fiche_candidat.lieu"] = "Un lieu tapé à la main."
    refused = teacher.post(f"/fiches/{fiche}/modifier", data=form | {"action": "enregistrer"})
    assert refused.status_code == 400 and "corrigez les champs signalés" in refused.text
    assert 'id="erreur-champ-fiche_jury-motivations"' in refused.text and "texte trop long" in refused.text
    assert "Un lieu tapé à la main." in refused.text


def test_a_broken_form_saves_nothing(teacher: Client) -> None:
    fiche = fiche_of(teacher, "Martin")
    before = teacher.get(f"/api/fiches/{fiche}").headers["etag"]
    token = teacher.cookies.get("csrftoken") or ""
    partial = {"_csrf_token": token, "version": before.strip('"'), "fiche_candidat.lieu": "Seul champ"}
    refused = teacher.post(f"/fiches/{fiche}/modifier", data=partial)
    assert refused.status_code == 400 and "champ absent du formulaire envoyé" in refused.text
    assert "Seul champ" in refused.text
    repeated = teacher.post(
        f"/fiches/{fiche}/modifier",
        content=f"_csrf_token={token}&version=1&version=2",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert repeated.status_code == 400 and "attendu : un texte" in repeated.text
    assert teacher.get(f"/api/fiches/{fiche}").headers["etag"] == before


def test_submit_is_refused_in_words_while_a_marker_remains(teacher: Client) -> None:
    fiche = fiche_of(teacher, "Petit")
    form = form_of(teacher.get(f"/fiches/{fiche}/modifier").text)
    original = form["fiche_jury.freins"]
    form["fiche_jury.freins"] = f"{original} {MARKER}"
    refused = teacher.post(f"/fiches/{fiche}/modifier", data=form | {"action": "soumettre"})
    assert (
        refused.status_code == 409
        and "il reste 1 marqueur « [à préciser] » à remplacer — V-3 · " in refused.text
    )
    assert MARKER.replace("'", "&#39;") in refused.text and "<mark>" in refused.text
    form = form_of(refused.text)
    form["fiche_jury.freins"] = original
    sent = teacher.post(
        f"/fiches/{fiche}/modifier", data=form | {"action": "soumettre"}, follow_redirects=False
    )
    assert sent.status_code == 303 and sent.headers["location"] == f"/fiches/{fiche}?soumise=1", re.findall(
        r'role="alert"[^>]*><p>(.*?)</p>', sent.text
    )
    page = teacher.get(sent.headers["location"]).text
    assert "La fiche est soumise à la commission" in page and "Enregistrer une nouvelle version" not in page
    martin = fiche_of(teacher, "Martin")  # a draft: the flag alone announces nothing
    assert "La fiche est soumise" not in teacher.get(f"/fiches/{martin}?soumise=1").text


def test_a_preset_proposes_a_version_with_its_diff_and_saves_nothing(teacher: Client) -> None:
    fiche = fiche_of(teacher, "Martin")
    before = teacher.get(f"/api/fiches/{fiche}").headers["etag"]
    form = form_of(teacher.get(f"/fiches/{fiche}/modifier").text)
    proposal = teacher.post(f"/fiches/{fiche}/affiner", data=form | {"preset": "durcir_objections"})
    assert proposal.status_code == 200 and "Proposition : Durcir les objections du client" in proposal.text
    assert "<ins>" in proposal.text and 'value="reprendre"' in proposal.text
    assert teacher.get(f"/api/fiches/{fiche}").headers["etag"] == before
    proposed = {
        n: unescape(v) for n, v in re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', proposal.text)
    }
    taken = teacher.post(f"/fiches/{fiche}/modifier", data=proposed | {"action": "reprendre"})
    assert taken.status_code == 200 and "Proposition reprise dans l&#39;éditeur" in taken.text
    assert form_of(taken.text)[OBJECTIONS] == proposed[OBJECTIONS] != form[OBJECTIONS]
    assert teacher.get(f"/api/fiches/{fiche}").headers["etag"] == before
    unknown = teacher.post(f"/fiches/{fiche}/affiner", data=form | {"preset": "inconnu"})
    assert unknown.status_code == 422 and "préréglage inconnu « inconnu »" in unknown.text


def test_outside_the_commission_and_authors_the_editor_is_refused(client: Client) -> None:
    sign_in(client, "admin@demo.fichesujet.fr", DEMO_PASSWORD)
    fiche = fiche_of(client, "Martin")
    refused = client.get(f"/fiches/{fiche}/modifier")
    assert refused.status_code == 403 and "membres de la commission" in refused.text
    assert "Fiche jury (V-3)" not in refused.text and "champ-fiche_jury" not in refused.text


def test_another_school_gets_a_404(client: Client) -> None:
    sign_in(client, "enseignante@demo.fichesujet.fr")
    fiche = fiche_of(client, "Martin")
    client.cookies.clear()
    sign_in(client, OTHER_EMAIL)
    assert client.get(f"/fiches/{fiche}/modifier").status_code == 404
    token = client.cookies.get("csrftoken")
    posted = client.post(f"/fiches/{fiche}/constats", data={"_csrf_token": token or ""})
    assert posted.status_code == 404 and "Léa" not in posted.text


def test_signed_out_the_editor_asks_to_sign_in_first(client: Client) -> None:
    sign_in(client, "enseignante@demo.fichesujet.fr")
    fiche = fiche_of(client, "Martin")
    client.cookies.clear()
    answer = client.get(f"/fiches/{fiche}/modifier", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/connexion?suivant=")


def test_with_a_model_a_free_instruction_proposes_the_models_revision(
    demo_settings: Settings, tmp_path: Path
) -> None:
    kine = load_fdap(KINE)
    server = FakeOpenAI().start()
    model = dataclasses.replace(
        demo_settings,
        llm_model="test-model",
        openai_base_url=server.url,
        openai_api_key="test",
        llm_timeout=2.0,
        llm_output_mode="json_schema",
        llm_log=tmp_path / "appels.jsonl",
    )
    try:
        server.script(answer_json(answer_of(offline_fiches(kine, 2)[1])))
        with TestClient(app=create_app(model)) as client:
            sign_in(client, "enseignante@demo.fichesujet.fr")
            fiche = fiche_of(client, "Martin")
            page = client.get(f"/fiches/{fiche}/modifier").text
            assert '<label for="champ-consigne">Consigne libre pour le modèle de langage</label>' in page
            instruction = "rends le client plus exigeant sur le prix"
            proposal = client.post(f"/fiches/{fiche}/affiner", data=form_of(page) | {"consigne": instruction})
        assert proposal.status_code == 200 and f"Proposition : Consigne : {instruction}" in proposal.text
        assert "<ins>" in proposal.text and len(server.requests) == 1
    finally:
        server.close()


def test_without_a_model_the_instruction_is_not_offered(teacher: Client) -> None:
    fiche = fiche_of(teacher, "Martin")
    page = teacher.get(f"/fiches/{fiche}/modifier").text
    assert "champ-consigne" not in page
    refused = teacher.post(f"/fiches/{fiche}/affiner", data=form_of(page) | {"consigne": "plus dur"})
    assert refused.status_code == 422 and "aucun modèle de langage n&#39;est configuré" in refused.text


def test_a_commission_member_may_edit_and_the_findings_name_a_field_too_long(client: Client) -> None:
    sign_in(client, "membre1@demo.fichesujet.fr")
    fiche = fiche_of(client, "Martin")
    form = form_of(client.get(f"/fiches/{fiche}/modifier").text)
    answer = client.post(f"/fiches/{fiche}/constats", data=form | {"fiche_jury.freins": "x" * 7000})
    assert answer.status_code == 200 and "Certains champs sont à corriger" in answer.text
