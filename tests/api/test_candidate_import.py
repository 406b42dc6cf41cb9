"""Importing a class list (CSV): all or nothing, every faulty line named in French, admins only."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from tests.api.conftest import login
from tests.api.test_admin import admin as admin  # the fixture
from tests.api.test_api import assert_problem
from tests.review.conftest import World

pytestmark = pytest.mark.anyio
Client = AsyncTestClient[Any]
GOOD = "\ufeffNom;Prénom;Numéro\nDurand;Yanis;0201\n\nLeroy;Chloé;0202\n« Ben » Saïd;Anaïs;0203\n"


async def candidates(client: Client) -> list[str]:
    return sorted(c["numero"] for c in (await client.get("/api/candidats")).json())


async def test_a_good_class_list_is_imported_whole(client: Client, world: World, admin: str) -> None:
    token = await login(client, admin)
    response = await client.post(
        "/api/candidats/import",
        content=GOOD.encode(),
        headers={"x-csrftoken": token, "content-type": "text/csv"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["importes"] == 3
    assert [c["prenom"] for c in response.json()["candidats"]] == ["Yanis", "Chloé", "Anaïs"]
    assert await candidates(client) == ["0123", "0201", "0202", "0203"]


async def test_a_comma_separated_list_is_imported_from_a_form(
    client: Client, world: World, admin: str
) -> None:
    token = await login(client, admin)
    text = 'numero,nom,prenom\n0301,"Martin, dit Léo",Léo\r\n0302,Petit,Inès\r\n'
    response = await client.post(
        f"/api/candidats/import?session_id={(await client.get('/api/sessions-examen')).json()[0]['id']}",
        files={"fichier": ("classe.csv", text.encode(), "text/csv")},
        headers={"x-csrftoken": token},
    )
    assert response.status_code == 201, response.text
    assert [c["nom"] for c in response.json()["candidats"]] == ["Martin, dit Léo", "Petit"]


async def test_a_faulty_list_names_every_bad_line_and_imports_nothing(
    client: Client, world: World, admin: str
) -> None:
    token = await login(client, admin)
    text = (
        "nom;prenom;numero\n"
        "Durand;Yanis;0201\n"  # 2: good
        "Leroy;Chloé;\n"  # 3: no number
        "Petit;Inès;0201\n"  # 4: number given at line 2
        "Martin;Léa;0123\n"  # 5: number of a candidate of the school
        "=cmd|' /C calc'!A0;Eve;0205\n"  # 6: a spreadsheet formula
        "Seul;0206\n"  # 7: a value short
        f"{'N' * 201};Long;0207\n"  # 8: longer than the column
    )
    response = await client.post(
        "/api/candidats/import",
        content=text.encode(),
        headers={"x-csrftoken": token, "content-type": "text/csv"},
    )
    detail = assert_problem(response, 400)["detail"]
    assert detail.startswith(
        "liste de classe : 6 erreur(s), rien n'a été importé : ligne 3 : numéro de candidat manquant"
    )
    for expected in (
        "ligne 4 : numéro de candidat 0201 déjà donné à la ligne 2",
        "ligne 5 : le numéro de candidat 0123 est déjà pris dans l'établissement",
        "ligne 6 : nom « =cmd|' /C calc'!A0 » refusé : il commence par « = » (formule de tableur)",
        "ligne 7 : 2 valeur(s) au lieu de 3",
        "ligne 8 : nom trop long (201 caractères ; 200 au plus)",
    ):
        assert expected in detail
    assert await candidates(client) == ["0123"]


@pytest.mark.parametrize(
    ("content", "start"),
    [
        (b"", "requête : corps vide : envoyez la liste de classe"),
        (
            b"nom;prenom\nA;B\n",
            "liste de classe : ligne 1 : colonne(s) manquante(s) : numéro de candidat",
        ),
        (
            "nom;prenom;numero\nDurand;Zoé;1\n".encode("latin-1"),
            "liste de classe : le fichier n'est pas en UTF-8",
        ),
        (b"nom;prenom;numero\n", "liste de classe : aucun candidat dans le fichier"),
        (b'nom;prenom;numero\n"Durand;Z;1\n', "liste de classe : ligne "),
    ],
)
async def test_an_unreadable_list_is_a_french_400(
    client: Client, world: World, admin: str, content: bytes, start: str
) -> None:
    token = await login(client, admin)
    response = await client.post(
        "/api/candidats/import", content=content, headers={"x-csrftoken": token, "content-type": "text/csv"}
    )
    assert assert_problem(response, 400)["detail"].startswith(start)
    assert await candidates(client) == ["0123"]


async def test_only_an_admin_imports(client: Client, world: World) -> None:
    token = await login(client, "autrice")
    response = await client.post(
        "/api/candidats/import",
        content=GOOD.encode(),
        headers={"x-csrftoken": token, "content-type": "text/csv"},
    )
    assert assert_problem(response, 403)["detail"] == "action réservée au rôle admin"
    assert await candidates(client) == ["0123"]
