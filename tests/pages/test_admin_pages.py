"""Administration pages: an admin runs the school's accounts, sessions, commissions and candidates; nobody else."""

from __future__ import annotations

import asyncio
import html
import re
import uuid

import httpx
import pytest
from litestar.testing import TestClient
from sqlalchemy import select

from service import db
from service.db.models import Candidate, Commission, ExamSession, User
from service.settings import Settings
from tests.pages.conftest import OTHER_EMAIL, csrf, sign_in

Client = TestClient[object]
ADMIN = "admin@demo.fichesujet.fr"
PAGES = ["/admin/enseignants", "/admin/sessions", "/admin/commissions", "/admin/candidats", "/admin/import"]


def _ids(settings: Settings, query: object) -> list[str]:
    async def run() -> list[str]:
        engine = db.create_engine(settings.database)
        try:
            async with db.session_factory(engine)() as session:
                return [str(value) for value in await session.scalars(query)]  # type: ignore[call-overload]
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _count(settings: Settings, numero_prefix: str) -> int:
    return len(_ids(settings, select(Candidate.id).where(Candidate.numero.startswith(numero_prefix))))


@pytest.fixture
def admin(client: Client) -> Client:
    assert sign_in(client, ADMIN).status_code == 303
    return client


class Answer:
    """A response's status, headers and text as a reader sees it (entities such as &#39; decoded)."""

    def __init__(self, response: httpx.Response) -> None:
        self.status_code = response.status_code
        self.headers = response.headers
        self.text = html.unescape(response.text)
        if response.status_code != 303:
            assert response.headers["content-type"].startswith("text/html"), response.headers["content-type"]


def _post(client: Client, path: str, form: dict[str, object]) -> Answer:
    return Answer(client.post(path, data={**form, "_csrf_token": csrf(client)}, follow_redirects=False))


def _upload(client: Client, settings: Settings, data: bytes, field: str = "fichier") -> Answer:
    form = {"_csrf_token": csrf(client), "session_id": _demo_session(settings)}
    return Answer(client.post("/admin/import", files={field: ("classe.csv", data, "text/csv")}, data=form))


def _demo_session(settings: Settings) -> str:
    """The demo school's 2026 exam session (the other school has one of that year too)."""
    school = select(User.etablissement_id).where(User.email == ADMIN).scalar_subquery()
    query = select(ExamSession.id).where(ExamSession.year == 2026, ExamSession.etablissement_id == school)
    return _ids(settings, query)[0]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_the_admin_in_french(admin: Client, path: str) -> None:
    page = admin.get(path)
    assert page.status_code == 200 and '<html lang="fr">' in page.text
    assert re.search(r"<title>[^<]+ · fichesujet</title>", page.text) and 'aria-current="page"' in page.text
    assert "Lointain" not in page.text and "Odile" not in page.text


@pytest.mark.parametrize("path", PAGES)
def test_a_teacher_is_refused_in_french(client: Client, path: str) -> None:
    sign_in(client, "enseignante@demo.fichesujet.fr")
    page = client.get(path)
    assert page.status_code == 403 and "Action réservée au rôle admin" in page.text
    assert "Administration" not in client.get("/tableau-de-bord").text


def test_without_a_session_the_admin_pages_ask_to_sign_in(client: Client) -> None:
    page = client.get("/admin/candidats", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/connexion?suivant=")


def test_another_schools_account_commission_or_candidate_is_unknown(
    admin: Client, demo_settings: Settings
) -> None:
    other_user = _ids(demo_settings, select(User.id).where(User.email == OTHER_EMAIL))[0]
    other_candidate = _ids(demo_settings, select(Candidate.id).where(Candidate.nom == "Lointain-01"))[0]
    for path in (f"/admin/enseignants/{other_user}", f"/admin/candidats/{other_candidate}"):
        assert admin.get(path).status_code == 404
        assert _post(admin, path, {"nom": "Pirate", "email": "x@y.fr", "roles": "admin"}).status_code == 404
    assert admin.get(f"/admin/commissions/{uuid.uuid4()}").status_code == 404


def test_the_admin_creates_an_account_and_a_bad_one_keeps_what_was_typed(
    admin: Client, demo_settings: Settings
) -> None:
    bad = _post(
        admin, "/admin/enseignants", {"nom": "Paul Neuf", "email": "paul@demo", "roles": "enseignant"}
    )
    assert bad.status_code == 400
    assert "adresse électronique invalide" in bad.text and 'value="Paul Neuf"' in bad.text
    assert 'id="erreur-email"' in bad.text
    short = _post(
        admin,
        "/admin/enseignants",
        {
            "nom": "Paul Neuf",
            "email": "paul.neuf@demo.fichesujet.fr",
            "roles": "enseignant",
            "mot_de_passe": "court",
        },
    )
    assert short.status_code == 400 and "mot de passe trop court" in short.text
    assert not _ids(demo_settings, select(User.id).where(User.email == "paul.neuf@demo.fichesujet.fr"))
    form = {
        "nom": "Paul Neuf",
        "email": "paul.neuf@demo.fichesujet.fr",
        "roles": ["enseignant", "commission"],
        "mot_de_passe": "un-mot-de-passe-long",
    }
    made = _post(admin, "/admin/enseignants", form)
    assert made.status_code == 303 and made.headers["location"] == "/admin/enseignants?fait=compte-cree"
    listed = admin.get("/admin/enseignants?fait=compte-cree").text
    assert "Le compte est créé." in listed and "paul.neuf@demo.fichesujet.fr" in listed
    assert "enseignant, commission" in listed


def test_the_admin_deactivates_an_account_but_not_their_own(admin: Client, demo_settings: Settings) -> None:
    own = _ids(demo_settings, select(User.id).where(User.email == ADMIN))[0]
    refused = _post(
        admin, f"/admin/enseignants/{own}", {"nom": "Alice Admin", "email": ADMIN, "roles": "admin"}
    )
    assert refused.status_code == 400 and "vous ne pouvez pas désactiver votre propre compte" in refused.text
    member = _ids(demo_settings, select(User.id).where(User.email == "membre2@demo.fichesujet.fr"))[0]
    page = admin.get(f"/admin/enseignants/{member}")
    assert page.status_code == 200 and 'value="Nadia Membre"' in page.text and "checked" in page.text
    form = {"nom": "Nadia Membre", "email": "membre2@demo.fichesujet.fr", "roles": "commission"}
    assert _post(admin, f"/admin/enseignants/{member}", form).status_code == 303
    assert "désactivé" in admin.get("/admin/enseignants").text
    back = _post(admin, f"/admin/enseignants/{member}", form | {"actif": "oui"})
    assert back.status_code == 303


def test_the_admin_opens_a_session_and_creates_then_edits_a_commission(
    admin: Client, demo_settings: Settings
) -> None:
    bad = _post(
        admin, "/admin/sessions", {"annee": "deux mille", "mode": "ccf", "duree_simulation_min": "15"}
    )
    assert bad.status_code == 400 and "un nombre entier est attendu" in bad.text
    assert (
        _post(
            admin, "/admin/sessions", {"annee": "2027", "mode": "ponctuel", "duree_simulation_min": "20"}
        ).status_code
        == 303
    )
    assert "2027, épreuve ponctuelle (simulation de 20 min)" in admin.get("/admin/sessions").text
    exam = _ids(demo_settings, select(ExamSession.id).where(ExamSession.year == 2027))[0]
    teacher = _ids(demo_settings, select(User.id).where(User.email == "enseignante@demo.fichesujet.fr"))[0]
    member = _ids(demo_settings, select(User.id).where(User.email == "membre1@demo.fichesujet.fr"))[0]
    not_member = _post(
        admin, "/admin/commissions", {"numero": "C-27", "session_id": exam, "membres": teacher}
    )
    assert not_member.status_code == 400 and "n'a pas le rôle commission" in not_member.text
    assert not _ids(demo_settings, select(Commission.id).where(Commission.number == "C-27"))
    made = _post(admin, "/admin/commissions", {"numero": "C-27", "session_id": exam, "membres": member})
    assert made.status_code == 303
    commission = _ids(demo_settings, select(Commission.id).where(Commission.number == "C-27"))[0]
    assert "Marc Membre" in admin.get(f"/admin/commissions/{commission}").text
    renamed = _post(admin, f"/admin/commissions/{commission}", {"numero": "C-27 bis", "membres": member})
    assert renamed.status_code == 303 and "n° C-27 bis" in admin.get("/admin/commissions").text


def test_candidates_are_listed_a_page_at_a_time_and_created(admin: Client, demo_settings: Settings) -> None:
    page = admin.get("/admin/candidats")
    assert "Martin Léa" in page.text and "Lointain" not in page.text
    form = {"nom": "Neuf", "prenom": "Zacharie", "numero": "0001", "session_id": _demo_session(demo_settings)}
    refused = _post(admin, "/admin/candidats", form | {"numero": ""})
    assert refused.status_code == 400 and "numéro de candidat manquant" in refused.text
    assert 'value="Zacharie"' in refused.text and 'id="erreur-numero"' in refused.text
    made = _post(admin, "/admin/candidats", form)
    assert made.status_code == 303 and "Neuf Zacharie" in admin.get("/admin/candidats").text
    candidate = _ids(demo_settings, select(Candidate.id).where(Candidate.numero == "0001"))[0]
    edited = _post(admin, f"/admin/candidats/{candidate}", form | {"prenom": "Zoé"})
    assert edited.status_code == 303 and "Neuf Zoé" in admin.get("/admin/candidats").text


def test_a_class_list_with_bad_lines_shows_each_error_and_saves_nothing(
    admin: Client, demo_settings: Settings
) -> None:
    data = b"nom;prenom;numero\nAlpha;Anne;CL-1\n;Bruno;CL-2\nGamma;Carla;CL-1\nDelta;=cmd;CL-4\n"
    answer = _upload(admin, demo_settings, data)
    assert answer.status_code == 400 and "Rien n'a été enregistré" in answer.text
    table = re.search(r'<table class="tableau erreurs-import".*?</table>', answer.text, re.S)
    assert table and "3 lignes en erreur" in table.group(0)
    for line, said in (("3", "nom manquant"), ("4", "déjà donné à la ligne 2"), ("5", "formule de tableur")):
        found = re.search(rf"<th scope=\"row\">{line}</th><td>ligne {line} : [^<]*{said}", table.group(0))
        assert found, line
    assert _count(demo_settings, "CL-") == 0


def test_a_good_class_list_saves_every_line_and_says_so(admin: Client, demo_settings: Settings) -> None:
    rows = "".join(f"Classe{n:02d};Élève;CG-{n:02d}\n" for n in range(1, 31))
    answer = _upload(admin, demo_settings, ("Nom;Prénom;N°\n" + rows).encode())
    assert answer.status_code == 200 and "30 candidats importés" in answer.text
    assert "Élève Classe30 (n° CG-30)" in answer.text
    assert _count(demo_settings, "CG-") == 30
    second = admin.get("/admin/candidats?page=2").text
    assert "Page 2 sur 2" in second and "Bernard Hugo" not in second and "Classe30" in second


def test_an_unreadable_or_missing_file_is_said_next_to_the_field(
    admin: Client, demo_settings: Settings
) -> None:
    missing = _upload(admin, demo_settings, b"", field="autre")
    assert missing.status_code == 400 and "choisissez la liste de classe" in missing.text
    latin = _upload(admin, demo_settings, "nom;prenom;numero\nÉric;Zoé;1\n".encode("latin-1"))
    assert latin.status_code == 400 and 'id="erreur-fichier"' in latin.text and "UTF-8" in latin.text
    columns = _upload(admin, demo_settings, b"nom;prenom\nA;B\n")
    assert columns.status_code == 400 and "ligne 1 : colonne(s) manquante(s) : numéro" in columns.text


def test_a_candidate_with_a_fiche_keeps_their_session_and_the_form_says_why(
    admin: Client, demo_settings: Settings
) -> None:
    _post(admin, "/admin/sessions", {"annee": "2028", "mode": "ccf", "duree_simulation_min": "15"})
    later = _ids(demo_settings, select(ExamSession.id).where(ExamSession.year == 2028))[0]
    candidate = _ids(demo_settings, select(Candidate.id).where(Candidate.nom == "Martin"))[0]
    form = {"nom": "Martin", "prenom": "Léa", "numero": "2026-001", "session_id": later}
    refused = _post(admin, f"/admin/candidats/{candidate}", form)
    assert refused.status_code == 400 and "sa session d'examen ne peut plus changer" in refused.text
    assert 'value="2026-001"' in refused.text
