"""The review pages: the queue's filters, the sheet's page by role, versions, comments, the confirmed approval.

One demo school per module: the tests that change a fiche's state come last, in the order they run.
"""

from __future__ import annotations

import asyncio
import re
import uuid

import msgspec
import pytest
from litestar.testing import TestClient
from sqlalchemy import select

from service import db
from service.db.models import Candidate, Fiche, User
from service.domain.fiche_sujet import FicheSujet
from service.review import access, service
from service.review.demo import DEMO_PASSWORD
from service.review.passwords import hash_password
from service.settings import Settings
from tests.pages.conftest import OTHER_EMAIL, sign_in

Client = TestClient[object]
MEMBER, OTHER_MEMBER = "membre1@demo.fichesujet.fr", "membre2@demo.fichesujet.fr"
AUTHOR = "enseignante@demo.fichesujet.fr"
OUTSIDER = "dehors@demo.fichesujet.fr"


async def _setup(settings: Settings) -> dict[str, uuid.UUID]:
    """A teacher of the demo school outside its commission, a second version of Inès Petit's fiche; the
    fiche ids by candidate's name."""
    engine = db.create_engine(settings.database)
    try:
        async with db.session_factory(engine)() as session, session.begin():
            author = await session.scalar(select(User).where(User.email == AUTHOR))
            assert author
            session.add(
                User(
                    etablissement_id=author.etablissement_id,
                    email=OUTSIDER,
                    display_name="Denis Dehors",
                    password_hash=hash_password(DEMO_PASSWORD),
                    roles=["enseignant", "commission"],
                )
            )
            rows = await session.execute(
                select(Fiche, Candidate.nom).join(Candidate, Candidate.id == Fiche.candidate_id)
            )
            ids = {nom: fiche.id for fiche, nom in rows.tuples()}
            fiche, version = await access.fiche_for(session, author, ids["Petit"])
            document = msgspec.convert(version.document, FicheSujet)
            changed = msgspec.structs.replace(
                document.fiche_candidat, lieu="Dans la boutique du centre-ville, au comptoir des lunettes"
            )
            await service.edit_fiche(
                session,
                fiche.id,
                msgspec.structs.replace(document, fiche_candidat=changed),
                author.id,
                fiche.lock_version,
                "lieu précisé",
            )
            return ids
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def fiches(demo_settings: Settings) -> dict[str, uuid.UUID]:
    return asyncio.run(_setup(demo_settings))


def token(client: Client) -> str:
    found = client.cookies.get("csrftoken")
    assert found
    return found


def test_the_queue_shows_what_the_member_may_approve(client: Client, fiches: dict[str, uuid.UUID]) -> None:
    sign_in(client, MEMBER)
    page = client.get("/relecture")
    assert page.status_code == 200 and "<title>File de relecture · fichesujet</title>" in page.text
    assert "Hugo Bernard" in page.text and "Inès Petit" not in page.text and "(1)" in page.text
    line = re.search(r"Hugo Bernard.*?</tr>", page.text, re.S)
    assert line and all(
        w in line.group(0) for w in ("FDAP NV n° 1", "soumise", "Élise Enseignante", "depuis")
    )
    assert 'aria-current="page"' in page.text


def test_the_queue_filters_mine_and_by_commission(client: Client, fiches: dict[str, uuid.UUID]) -> None:
    sign_in(client, AUTHOR)
    mine = client.get("/relecture?filtre=miennes").text
    assert all(name in mine for name in ("Léa Martin", "Hugo Bernard", "Inès Petit", "Yanis Durand"))
    assert "Aucune fiche soumise n'attend votre relecture" in client.get("/relecture").text
    sign_in(client, MEMBER)
    assert "Aucune fiche ne correspond" in client.get("/relecture?filtre=miennes").text
    commission = re.search(r'<option value="([0-9a-f-]{36})"', client.get("/relecture").text)
    assert commission
    by_commission = client.get(f"/relecture?filtre=commission&commission={commission.group(1)}").text
    assert by_commission.count("/fiches/") == 5 and "Chloé Leroy" in by_commission
    assert client.get(f"/relecture?filtre=commission&commission={uuid.uuid4()}").status_code == 404
    assert client.get("/relecture?filtre=toutes").status_code == 400


def test_another_school_sees_nothing_of_ours(client: Client, fiches: dict[str, uuid.UUID]) -> None:
    sign_in(client, OTHER_EMAIL)
    assert "Bernard" not in client.get("/relecture?filtre=commission").text
    fiche = fiches["Bernard"]
    for path in ("", "/versions", "/impression/candidat", "/impression/jury", "/confirmer/approuver"):
        answer = client.get(f"/fiches/{fiche}{path}")
        assert answer.status_code == 404 and "Bernard" not in answer.text, path
    posted = client.post(
        f"/fiches/{fiche}/commentaires",
        data={"version": "1", "ligne": "candidat.lieu", "texte": "x", "_csrf_token": token(client)},
    )
    assert posted.status_code == 404


def test_the_author_is_told_the_four_eyes_rule_instead_of_a_button(
    client: Client, fiches: dict[str, uuid.UUID]
) -> None:
    sign_in(client, AUTHOR)
    page = client.get(f"/fiches/{fiches['Bernard']}").text
    assert "règle des quatre yeux" in page and "/confirmer/approuver" not in page
    assert "Fiche jury (annexe V-3)" in page and "Historique" in page
    refused = client.get(f"/fiches/{fiches['Bernard']}/confirmer/approuver")
    assert refused.status_code == 403 and "quatre yeux" in refused.text


def test_an_outsider_never_sees_the_approve_button_nor_the_jury_sheet(
    client: Client, fiches: dict[str, uuid.UUID]
) -> None:
    sign_in(client, OUTSIDER)
    page = client.get(f"/fiches/{fiches['Bernard']}")
    assert page.status_code == 200 and "Fiche candidat (annexe V-2)" in page.text
    assert "/confirmer/approuver" not in page.text and "Approuver" not in page.text
    assert "Fiche jury (annexe V-3)" not in page.text and "jury.pdf" not in page.text
    assert "ne sont visibles que des membres de la commission n° 1" in page.text
    assert client.get(f"/fiches/{fiches['Bernard']}/impression/jury").status_code == 403
    assert client.get(f"/fiches/{fiches['Bernard']}/confirmer/approuver").status_code == 403
    posted = client.post(
        f"/fiches/{fiches['Bernard']}/actions/approuver",
        data={"compteur": "2", "motif": "", "_csrf_token": token(client)},
    )
    assert posted.status_code == 403
    assert client.get(f"/fiches/{fiches['Bernard']}/versions").status_code == 403


def test_the_candidate_print_view_never_contains_the_jury_sheet(
    client: Client, fiches: dict[str, uuid.UUID]
) -> None:
    sign_in(client, MEMBER)
    candidate = client.get(f"/fiches/{fiches['Bernard']}/impression/candidat").text
    jury = client.get(f"/fiches/{fiches['Bernard']}/impression/jury").text
    assert "Fiche candidat (annexe V-2)" in candidate and "Objet de l&#39;activité" in candidate
    for word in ("V-3", "Objections", "Motivations", "Freins", "Identité"):
        assert word not in candidate and word in jury


def test_versions_show_a_word_level_diff_row_by_row(client: Client, fiches: dict[str, uuid.UUID]) -> None:
    sign_in(client, MEMBER)
    page = client.get(f"/fiches/{fiches['Petit']}/versions")
    assert page.status_code == 200 and "entre les versions 1 et 2" in page.text
    row = re.search(r"V-2 · Lieu.*?</tr>", page.text, re.S)
    assert row and "modifiée" in row.group(0)
    assert '<ins><span class="visuellement-cache">ajouté : </span>' in row.group(0)
    assert "<del>" in row.group(0) and "comptoir des lunettes" in row.group(0)
    assert client.get(f"/fiches/{fiches['Petit']}/versions?de=1&a=9").status_code == 404
    assert client.get(f"/fiches/{fiches['Petit']}/versions?de=0").status_code == 400


def test_a_member_comments_a_row_and_a_bad_comment_loses_nothing(
    client: Client, fiches: dict[str, uuid.UUID]
) -> None:
    sign_in(client, MEMBER)
    url = f"/fiches/{fiches['Petit']}/commentaires"
    empty = client.post(
        url, data={"version": "2", "ligne": "jury.freins", "texte": "  ", "_csrf_token": token(client)}
    )
    assert empty.status_code == 400 and "le commentaire est vide" in empty.text
    assert re.search(r'<option value="jury.freins" selected>', empty.text)
    unknown = client.post(
        url, data={"version": "2", "ligne": "jury.note", "texte": "garde-moi", "_csrf_token": token(client)}
    )
    assert unknown.status_code == 400 and "ligne inconnue" in unknown.text and "garde-moi" in unknown.text
    back = f"/fiches/{fiches['Petit']}/versions?de=1&a=2"
    form = {"version": "2", "ligne": "candidat.lieu", "texte": "Nommer la boutique.", "retour": back}
    done = client.post(url, data=form | {"_csrf_token": token(client)}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == back + "#commentaires"
    row = re.search(r"V-2 · Lieu.*?</tr>", client.get(back).text, re.S)
    assert row and "Nommer la boutique." in row.group(0)
    sheet = client.get(f"/fiches/{fiches['Petit']}").text
    assert "Marc Membre</strong> : Nommer la boutique." in sheet and "commentaire" in sheet


def test_request_changes_needs_a_motif_said_beside_the_field(
    client: Client, fiches: dict[str, uuid.UUID]
) -> None:
    sign_in(client, MEMBER)
    url = f"/fiches/{fiches['Bernard']}/actions/demander_modifications"
    answer = client.post(url, data={"compteur": "2", "motif": "  ", "_csrf_token": token(client)})
    assert answer.status_code == 409 and 'id="erreur-motif"' in answer.text
    assert "doit dire ce qu&#39;il faut modifier" in answer.text
    assert "Soumise" in client.get(f"/fiches/{fiches['Bernard']}").text


def test_the_second_member_approves_after_a_confirmation(
    client: Client, fiches: dict[str, uuid.UUID]
) -> None:
    sign_in(client, MEMBER)
    page = client.get(f"/fiches/{fiches['Bernard']}").text
    assert f'href="/fiches/{fiches["Bernard"]}/confirmer/approuver"' in page
    confirm = client.get(f"/fiches/{fiches['Bernard']}/confirmer/approuver")
    assert confirm.status_code == 200 and "Confirmer : approuver la fiche" in confirm.text
    counter = re.search(r'name="compteur" value="(\d+)"', confirm.text)
    assert counter
    url = f"/fiches/{fiches['Bernard']}/actions/approuver"
    stale = client.post(url, data={"compteur": "99", "motif": "ok", "_csrf_token": token(client)})
    assert (
        stale.status_code == 409 and "modifiée entre-temps" in stale.text and ">ok</textarea>" in stale.text
    )
    form = {"compteur": counter.group(1), "motif": "Prête à jouer.", "_csrf_token": token(client)}
    done = client.post(url, data=form, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/fiches/{fiches['Bernard']}"
    after = client.get(done.headers["location"]).text
    assert '<dd class="etat">Approuvée</dd>' in after and "approbation" in after and "Prête à jouer." in after
    assert "/confirmer/approuver" not in after


def test_a_member_hands_over_the_approved_sheet_and_its_date_shows(
    client: Client, fiches: dict[str, uuid.UUID]
) -> None:
    sign_in(client, MEMBER)
    confirm = client.get(f"/fiches/{fiches['Durand']}/confirmer/remettre")
    counter = re.search(r'name="compteur" value="(\d+)"', confirm.text)
    assert confirm.status_code == 200 and counter
    form = {"compteur": counter.group(1), "motif": "", "_csrf_token": token(client)}
    client.post(f"/fiches/{fiches['Durand']}/actions/remettre", data=form)
    page = client.get(f"/fiches/{fiches['Durand']}").text
    assert '<dd class="etat">Remise</dd>' in page and "remise au candidat" in page
    assert "pas encore remise" not in page
