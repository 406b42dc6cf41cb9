"""Workflow rights and marks on the pages: the button hidden and explained, its POST 403, a mark refused in words.

One demo school for the module; the tests that change a fiche come last, in the order they run.
"""

from __future__ import annotations

from litestar.testing import TestClient

from tests.pages.conftest import sign_in
from tests.pages.test_editor_pages import fiche_of, form_of

Client = TestClient[object]
AUTHOR = "enseignante@demo.fichesujet.fr"
MEMBER, OTHER_MEMBER = "membre1@demo.fichesujet.fr", "membre2@demo.fichesujet.fr"


def token(client: Client) -> str:
    found = client.cookies.get("csrftoken")
    assert found
    return found


def counter(client: Client, fiche: str) -> str:
    return str(client.get(f"/api/fiches/{fiche}").headers["etag"]).strip('"')


def act(client: Client, fiche: str, action: str, motif: str = "") -> object:
    form = {"compteur": counter(client, fiche), "motif": motif, "_csrf_token": token(client)}
    return client.post(f"/fiches/{fiche}/actions/{action}", data=form, follow_redirects=False)


def test_a_member_who_wrote_no_version_is_told_only_authors_submit(client: Client) -> None:
    sign_in(client, MEMBER)
    fiche = fiche_of(client, "Martin")
    page = client.get(f"/fiches/{fiche}").text
    assert "/confirmer/soumettre" not in page and "Seuls les auteurs de la fiche" in page
    assert client.get(f"/fiches/{fiche}/confirmer/soumettre").status_code == 403
    posted = client.post(
        f"/fiches/{fiche}/actions/soumettre",
        data={"compteur": counter(client, fiche), "_csrf_token": token(client)},
    )
    assert posted.status_code == 403 and "Seuls les auteurs de la fiche" in posted.text
    assert '<dd class="etat">Brouillon</dd>' in client.get(f"/fiches/{fiche}").text


def test_the_author_outside_the_commission_is_told_who_hands_over(client: Client) -> None:
    sign_in(client, AUTHOR)
    fiche = fiche_of(client, "Durand")
    page = client.get(f"/fiches/{fiche}").text
    assert "/confirmer/remettre" not in page and "Seuls les membres de la commission n° 1 remettent" in page
    posted = client.post(
        f"/fiches/{fiche}/actions/remettre",
        data={"compteur": counter(client, fiche), "_csrf_token": token(client)},
    )
    assert posted.status_code == 403
    sign_in(client, MEMBER)
    assert f'href="/fiches/{fiche}/confirmer/remettre"' in client.get(f"/fiches/{fiche}").text


def test_a_mark_typed_in_the_editor_is_refused_beside_its_field_and_kept(client: Client) -> None:
    sign_in(client, AUTHOR)
    fiche = fiche_of(client, "Martin")
    before = counter(client, fiche)
    form = form_of(client.get(f"/fiches/{fiche}/modifier").text)
    form["fiche_jury.objections"] += "\nVotre prestation vaut 15/20, pas plus."
    form["fiche_candidat.lieu"] = "Un lieu tapé à la main."
    for action in ("enregistrer", "soumettre"):
        refused = client.post(f"/fiches/{fiche}/modifier", data=form | {"action": action})
        assert refused.status_code == 400 and 'id="erreur-champ-fiche_jury-objections"' in refused.text
        assert "note ou une appréciation dans « V-3 › Objections » : « 15/20 »" in refused.text
        assert (
            "Votre prestation vaut 15/20, pas plus." in refused.text
            and "Un lieu tapé à la main." in refused.text
        )
    assert counter(client, fiche) == before


def test_a_mark_in_the_editors_motif_is_refused_beside_it(client: Client) -> None:
    sign_in(client, AUTHOR)
    fiche = fiche_of(client, "Martin")
    before = counter(client, fiche)
    form = form_of(client.get(f"/fiches/{fiche}/modifier").text)
    form |= {
        "fiche_candidat.lieu": "Agence de Tours, salle 4.",
        "motif": "version niveau TS",
        "action": "enregistrer",
    }
    refused = client.post(f"/fiches/{fiche}/modifier", data=form)
    assert refused.status_code == 400 and 'id="erreur-motif"' in refused.text
    assert 'value="version niveau TS"' in refused.text and "Agence de Tours, salle 4." in refused.text
    assert counter(client, fiche) == before


def test_an_unchanged_save_in_the_editor_is_refused_in_words(client: Client) -> None:
    sign_in(client, AUTHOR)
    fiche = fiche_of(client, "Martin")
    before = counter(client, fiche)
    form = form_of(client.get(f"/fiches/{fiche}/modifier").text)
    refused = client.post(f"/fiches/{fiche}/modifier", data=form | {"action": "enregistrer"})
    assert refused.status_code == 409 and "identique à la version" in refused.text
    assert counter(client, fiche) == before


def test_a_mark_in_an_actions_motif_is_refused_beside_it_and_not_recorded(client: Client) -> None:
    sign_in(client, OTHER_MEMBER)
    fiche = fiche_of(client, "Bernard")
    refused = act(client, fiche, "approuver", "Prête ; je lui mettrais 15/20.")
    assert refused.status_code == 400 and 'id="erreur-motif"' in refused.text  # type: ignore[attr-defined]
    assert "« 15/20 »" in refused.text and "je lui mettrais 15/20" in refused.text  # type: ignore[attr-defined]
    page = client.get(f"/fiches/{fiche}").text
    assert '<dd class="etat">Soumise</dd>' in page and "mettrais" not in page


def test_a_colleague_resaving_leaves_the_first_writer_unable_to_approve(client: Client) -> None:
    fiche = ""
    for writer, added in (
        (MEMBER, "Boutique du centre-ville, comptoir 1."),
        (OTHER_MEMBER, "Boutique, comptoir 2."),
    ):
        sign_in(client, writer)
        fiche = fiche_of(client, "Petit")
        form = form_of(client.get(f"/fiches/{fiche}/modifier").text)
        saved = client.post(
            f"/fiches/{fiche}/modifier",
            data=form
            | {"fiche_jury.freins": f"{form['fiche_jury.freins']} {added}", "action": "enregistrer"},
        )
        assert saved.status_code == 200 and "Nouvelle version enregistrée." in saved.text
    sign_in(client, AUTHOR)
    assert act(client, fiche, "soumettre").status_code == 303  # type: ignore[attr-defined]
    for writer in (MEMBER, OTHER_MEMBER):
        sign_in(client, writer)
        page = client.get(f"/fiches/{fiche}").text
        assert "règle des quatre yeux" in page and "/confirmer/approuver" not in page
        assert act(client, fiche, "approuver").status_code == 403  # type: ignore[attr-defined]
