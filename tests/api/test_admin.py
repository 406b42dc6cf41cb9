"""The routes a school needs to start: commissions for everyone; accounts, sessions, commissions for admins."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
import pytest
from litestar.testing import AsyncTestClient

from service.db.models import Candidate, Commission, Etablissement, ExamSession, User
from service.settings import Settings
from service.web.app import create_app
from tests.api.conftest import PASSWORD, login
from tests.api.test_api import assert_problem
from tests.review.conftest import PASSWORD_HASH, Factory, World, good_fiche

pytestmark = pytest.mark.anyio
Client = AsyncTestClient[Any]
ADMIN = "directrice@lycee.example"
OTHER_ADMIN = "admin@ailleurs.example"


@pytest.fixture
async def admin(factory: Factory, world: World) -> str:
    """An admin of the world's school; their email."""
    async with factory() as session, session.begin():
        author = await session.get(User, world.author)
        assert author is not None
        session.add(
            User(
                etablissement_id=author.etablissement_id,
                email=ADMIN,
                display_name="Directrice",
                password_hash=PASSWORD_HASH,
                roles=["admin"],
            )
        )
    return ADMIN


@pytest.fixture
async def other_admin(factory: Factory) -> str:
    """The admin of another school, with its own session, member, commission and candidate."""
    async with factory() as session, session.begin():
        school = Etablissement(name="Lycée Victor Hugo", uai="0750002B")
        session.add(school)
        await session.flush()
        boss = User(
            etablissement_id=school.id,
            email=OTHER_ADMIN,
            display_name="Autre direction",
            password_hash=PASSWORD_HASH,
            roles=["admin", "commission"],
        )
        exam = ExamSession(etablissement_id=school.id, year=2026, mode="ccf", simulation_minutes=15)
        session.add_all([boss, exam])
        await session.flush()
        session.add(Commission(exam_session_id=exam.id, number="99", members=[boss]))
        session.add(
            Candidate(
                etablissement_id=school.id, exam_session_id=exam.id, nom="Secret", prenom="Sam", numero="0123"
            )
        )
    return OTHER_ADMIN


async def send(client: Client, token: str, method: str, url: str, body: Any) -> Any:
    return await client.request(method, url, json=body, headers={"x-csrftoken": token})


async def test_everyone_lists_the_commissions_of_their_school_only(
    client: Client, world: World, other_admin: str
) -> None:
    await login(client, "membre-a")
    (commission,) = (await client.get("/api/commissions")).json()
    assert (commission["id"], commission["numero"], commission["membre"]) == (
        str(world.commission),
        "12",
        True,
    )
    assert [m["nom"] for m in commission["membres"]] == ["Membre-a", "Membre-b"]
    await login(client, "autrice")
    assert [c["membre"] for c in (await client.get("/api/commissions")).json()] == [False]
    await login(client, other_admin)
    assert [c["numero"] for c in (await client.get("/api/commissions")).json()] == ["99"]


async def test_an_admin_creates_an_account_that_logs_in_then_edits_it(client: Client, admin: str) -> None:
    token = await login(client, admin)
    new = {"email": " Prof.Neuf@Lycee.example ", "nom": "Prof Neuf", "roles": ["commission", "enseignant"]}
    created = await send(client, token, "POST", "/api/enseignants", new | {"mot_de_passe": "un-long-secret"})
    assert created.status_code == 201, created.text
    account = created.json()
    assert (account["email"], account["roles"]) == ("prof.neuf@lycee.example", ["enseignant", "commission"])
    listed = (await client.get("/api/enseignants")).json()
    assert "prof.neuf@lycee.example" in [a["email"] for a in listed] and len(listed) == 6
    login_new = {"email": "prof.neuf@lycee.example", "mot_de_passe": "un-long-secret"}
    assert (await client.post("/api/session", json=login_new)).status_code == 200
    token = await login(client, admin)
    edit = {"email": "prof.neuf@lycee.example", "nom": "Prof Renommé", "roles": ["enseignant"]}
    edited = await send(
        client, token, "PUT", f"/api/enseignants/{account['id']}", edit | {"mot_de_passe": "autre-secret-1"}
    )
    assert edited.status_code == 200, edited.text
    assert (edited.json()["nom"], edited.json()["roles"]) == ("Prof Renommé", ["enseignant"])
    assert (await client.post("/api/session", json=login_new)).status_code == 401
    login_new["mot_de_passe"] = "autre-secret-1"
    assert (await client.post("/api/session", json=login_new)).status_code == 200


async def test_bad_account_values_are_french_400s_naming_the_field(
    client: Client, world: World, admin: str
) -> None:
    token = await login(client, admin)
    base = {"email": "x@lycee.example", "nom": "X", "roles": ["enseignant"], "mot_de_passe": "assez-long-oui"}
    cases = [
        ({"mot_de_passe": "court"}, "requête : mot_de_passe : mot de passe trop court"),
        ({"mot_de_passe": "onze-signes"}, "requête : mot_de_passe : mot de passe trop court (12 caractères"),
        ({"mot_de_passe": "é" * 129}, "requête : mot_de_passe : mot de passe trop long (128 caractères"),
        ({"email": "pas-une-adresse"}, "requête : email : adresse électronique invalide"),
        ({"email": "autrice@lycee.example"}, "requête : email : l'adresse autrice@lycee.example est déjà"),
        ({"roles": []}, "requête : roles : au moins un rôle"),
        ({"roles": ["directeur"]}, "roles[0] : valeur 'directeur' refusée"),
        ({"nom": "=HYPERLINK(1)"}, "requête : nom : nom « =HYPERLINK(1) » refusé"),
        ({"nom": "   "}, "requête : nom : nom manquant"),
    ]
    for change, start in cases:
        body = assert_problem(await send(client, token, "POST", "/api/enseignants", base | change), 400)
        assert body["detail"].startswith(start), body
    me = (await client.get("/api/session")).json()
    own = {"email": ADMIN, "nom": "Directrice", "roles": ["enseignant"]}
    body = assert_problem(await send(client, token, "PUT", f"/api/enseignants/{me['id']}", own), 400)
    assert body["detail"] == "requête : roles : vous ne pouvez pas retirer votre propre rôle admin"
    assert len((await client.get("/api/enseignants")).json()) == 5


ADMIN_ROUTES = [
    ("GET", "/api/enseignants"),
    ("POST", "/api/enseignants"),
    ("PUT", "/api/enseignants/{user}"),
    ("POST", "/api/sessions-examen"),
    ("POST", "/api/commissions"),
    ("PUT", "/api/commissions/{commission}"),
    ("POST", "/api/candidats"),
    ("PUT", "/api/candidats/{candidate}"),
]


@pytest.mark.parametrize(("method", "path"), ADMIN_ROUTES)
async def test_admin_routes_are_refused_to_teachers_in_french(
    client: Client, world: World, method: str, path: str
) -> None:
    token = await login(client, "membre-a")
    url = path.format(user=world.author, commission=world.commission, candidate=world.candidate)
    bodies = {
        "enseignants": {
            "email": "a@b.fr",
            "nom": "A",
            "roles": ["enseignant"],
            "mot_de_passe": "0123456789ab",
        },
        "sessions-examen": {"annee": 2027, "mode": "ccf"},
        "commissions": {"numero": "3", "membres": []},
        "candidats": {"nom": "A", "prenom": "B", "numero": "77"},
    }
    body = bodies[path.split("/")[2]]
    if "/enseignants/" in url:
        body = {k: v for k, v in body.items() if k != "mot_de_passe"}
    response = await (client.get(url) if method == "GET" else send(client, token, method, url, body))
    assert assert_problem(response, 403)["detail"] == "action réservée au rôle admin"


async def test_another_schools_admin_never_reaches_our_people(
    client: Client, world: World, other_admin: str
) -> None:
    token = await login(client, other_admin)
    account = {"email": "autrice@lycee.example", "nom": "Prise", "roles": ["admin"]}
    assert_problem(await send(client, token, "PUT", f"/api/enseignants/{world.author}", account), 404)
    commission = {"numero": "1", "membres": []}
    assert_problem(await send(client, token, "PUT", f"/api/commissions/{world.commission}", commission), 404)
    candidate = {"nom": "Martin", "prenom": "Léa", "numero": "0124"}
    assert_problem(await send(client, token, "PUT", f"/api/candidats/{world.candidate}", candidate), 404)
    stolen = {"numero": "100", "membres": [str(world.member_a)]}
    body = assert_problem(await send(client, token, "POST", "/api/commissions", stolen), 400)
    assert body["detail"] == f"requête : membres : compte introuvable ({world.member_a})"
    listed = (await client.get("/api/enseignants")).json()
    assert [a["email"] for a in listed] == [OTHER_ADMIN]
    assert [c["nom"] for c in (await client.get("/api/candidats")).json()] == ["Secret"]
    # Their candidate number 0123 is ours too: numbers are unique per school, not across schools.
    await login(client, "autrice")
    assert [c["numero"] for c in (await client.get("/api/candidats")).json()] == ["0123"]


async def test_an_admin_builds_a_commission_where_a_teacher_keeps_a_proposal(
    client: Client, world: World, admin: str
) -> None:
    token = await login(client, admin)
    made = await send(
        client, token, "POST", "/api/commissions", {"numero": "7", "membres": [str(world.member_b)]}
    )
    assert made.status_code == 201, made.text
    commission = made.json()
    assert [m["nom"] for m in commission["membres"]] == ["Membre-b"]
    duplicate = await send(client, token, "POST", "/api/commissions", {"numero": "7", "membres": []})
    assert "la commission n° 7 existe déjà" in assert_problem(duplicate, 400)["detail"]
    not_member = await send(
        client, token, "POST", "/api/commissions", {"numero": "8", "membres": [str(world.author)]}
    )
    assert (
        assert_problem(not_member, 400)["detail"] == "requête : membres : Autrice n'a pas le rôle commission"
    )
    edit = {"numero": "7 bis", "membres": [str(world.member_a), str(world.member_b)]}
    edited = await send(client, token, "PUT", f"/api/commissions/{commission['id']}", edit)
    assert (edited.json()["numero"], len(edited.json()["membres"])) == ("7 bis", 2)
    token = await login(client, "autrice")
    ids = {c["numero"]: c["id"] for c in (await client.get("/api/commissions")).json()}
    document = msgspec.to_builtins(good_fiche())
    kept = await send(
        client,
        token,
        "POST",
        f"/api/fdaps/{world.fdap}/fiches",
        {"commission_id": ids["7 bis"], "document": document},
    )
    assert kept.status_code == 201, kept.text
    assert kept.json()["fiche"]["fiche_candidat"]["commission"] == "7 bis"


async def test_an_admin_opens_a_session_then_must_name_it(client: Client, world: World, admin: str) -> None:
    token = await login(client, admin)
    candidate = {"nom": "Durand", "prenom": "Yanis", "numero": "0200"}
    assert (await send(client, token, "POST", "/api/candidats", candidate)).status_code == 201
    opened = await send(client, token, "POST", "/api/sessions-examen", {"annee": 2027, "mode": "ponctuel"})
    assert opened.status_code == 201, opened.text
    assert [s["annee"] for s in (await client.get("/api/sessions-examen")).json()] == [2027, 2026]
    ambiguous = await send(client, token, "POST", "/api/candidats", candidate | {"numero": "0201"})
    assert "plusieurs sessions d'examen" in assert_problem(ambiguous, 400)["detail"]
    named = candidate | {"numero": "0201", "session_id": opened.json()["id"]}
    assert (await send(client, token, "POST", "/api/candidats", named)).json()["session_id"] == opened.json()[
        "id"
    ]
    bad = await send(client, token, "POST", "/api/sessions-examen", {"annee": 1999, "mode": "ccf"})
    assert assert_problem(bad, 400)["detail"].startswith("requête : annee : année 1999 invalide")


async def test_an_admin_enters_and_edits_a_candidate(client: Client, world: World, admin: str) -> None:
    token = await login(client, admin)
    body = {"nom": "Petit", "prenom": "Inès", "numero": "0300", "enseignants": [str(world.author)]}
    made = await send(client, token, "POST", "/api/candidats", body)
    assert made.status_code == 201, made.text
    assert (made.json()["numero"], made.json()["enseignants"]) == ("0300", [str(world.author)])
    taken = await send(client, token, "POST", "/api/candidats", body | {"numero": "0123"})
    assert assert_problem(taken, 400)["detail"] == (
        "requête : numero : le numéro de candidat 0123 est déjà pris dans l'établissement"
    )
    edited = await send(
        client, token, "PUT", f"/api/candidats/{made.json()['id']}", body | {"nom": "Petit-Martin"}
    )
    assert edited.json()["nom"] == "Petit-Martin"
    await login(client, "autrice")
    names = sorted(c["nom"] for c in (await client.get("/api/candidats")).json())
    assert names == ["Martin", "Petit-Martin"]


async def test_a_deactivated_account_loses_its_open_session_and_keeps_its_history(
    api_settings: Settings, world: World, admin: str, fiche_id: uuid.UUID
) -> None:
    async with (
        AsyncTestClient(app=create_app(api_settings)) as teacher,
        AsyncTestClient(app=create_app(api_settings)) as boss,
    ):
        await login(teacher, "autrice")
        token = await login(boss, admin)
        body = {"email": "autrice@lycee.example", "nom": "Autrice", "roles": ["enseignant"], "actif": False}
        off = await send(boss, token, "PUT", f"/api/enseignants/{world.author}", body)
        assert off.status_code == 200 and off.json()["actif"] is False, off.text
        assert_problem(await teacher.get("/api/candidats"), 401)
        retry = {"email": "autrice@lycee.example", "mot_de_passe": PASSWORD}
        assert_problem(await teacher.post("/api/session", json=retry), 401)
        history = (await boss.get(f"/api/fiches/{fiche_id}")).json()
        assert history["version"] == 1  # the fiche the account wrote is still there
        on = await send(boss, token, "PUT", f"/api/enseignants/{world.author}", body | {"actif": True})
        assert on.json()["actif"] is True
        assert (await teacher.post("/api/session", json=retry)).status_code == 200
        me = (await boss.get("/api/session")).json()
        mine = {"email": ADMIN, "nom": "Directrice", "roles": ["admin"], "actif": False}
        refused = await send(boss, token, "PUT", f"/api/enseignants/{me['id']}", mine)
        assert assert_problem(refused, 400)["detail"] == (
            "requête : actif : vous ne pouvez pas désactiver votre propre compte"
        )
