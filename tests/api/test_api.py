"""The JSON API over a real SQLite file: sessions, CSRF, school isolation, jury sheet, transitions."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from service.review import candidate_list
from tests.api.conftest import PASSWORD, login
from tests.review.conftest import World

pytestmark = pytest.mark.anyio
Client = AsyncTestClient[Any]


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert set(body) >= {"type", "title", "status", "detail"}
    assert body["status"] == status
    assert "Traceback" not in response.text
    return body


async def test_health_says_ok(client: Client) -> None:
    response = await client.get("/api/sante")
    assert (response.status_code, response.json()) == (200, {"statut": "ok"})


async def test_login_sets_an_httponly_lax_cookie_and_logout_clears_it(client: Client, world: World) -> None:
    response = await client.post(
        "/api/session", json={"email": "autrice@lycee.example", "mot_de_passe": PASSWORD}
    )
    assert response.status_code == 200
    assert response.json()["roles"] == ["enseignant"]
    cookie = response.headers["set-cookie"].lower()
    assert "fichesujet_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert (await client.get("/api/session")).json()["email"] == "autrice@lycee.example"
    await client.get("/api/sante")
    token = client.cookies["csrftoken"]
    assert (await client.delete("/api/session", headers={"x-csrftoken": token})).status_code == 204
    assert_problem(await client.get("/api/candidats"), 401)


async def test_bad_password_is_refused_in_french(client: Client, world: World) -> None:
    response = await client.post(
        "/api/session", json={"email": "autrice@lycee.example", "mot_de_passe": "faux"}
    )
    body = assert_problem(response, 401)
    assert body["detail"] == "adresse électronique ou mot de passe incorrect"


async def test_login_is_throttled_after_five_failures(client: Client, world: World) -> None:
    for _ in range(5):
        bad = {"email": "autrice@lycee.example", "mot_de_passe": "faux"}
        assert (await client.post("/api/session", json=bad)).status_code == 401
    good = {"email": "autrice@lycee.example", "mot_de_passe": PASSWORD}
    response = await client.post("/api/session", json=good)
    body = assert_problem(response, 429)
    assert "trop de tentatives" in body["detail"] and int(response.headers["retry-after"]) > 0


async def test_write_without_csrf_token_is_refused(client: Client, world: World, fiche_id: uuid.UUID) -> None:
    await login(client, "autrice")
    response = await client.post(
        f"/api/fiches/{fiche_id}/transitions", json={"action": "soumettre"}, headers={"If-Match": '"1"'}
    )
    body = assert_problem(response, 403)
    assert "CSRF" in body["detail"]


async def test_candidates_are_those_of_the_users_school(
    client: Client, world: World, fiche_id: uuid.UUID
) -> None:
    await login(client, "autrice")
    candidates = (await client.get("/api/candidats")).json()
    assert [(c["nom"], c["id"]) for c in candidates] == [("Martin", str(world.candidate))]
    assert [f["id"] for f in candidates[0]["fdaps"]] == [str(world.fdap)]
    assert [(f["id"], f["etat"]) for f in candidates[0]["fiches"]] == [(str(fiche_id), "brouillon")]


async def test_another_schools_resources_are_not_found(
    client: Client, world: World, fiche_id: uuid.UUID, stranger: str
) -> None:
    token = await login(client, stranger)
    assert (await client.get("/api/candidats")).json() == []
    assert_problem(await client.get(f"/api/fiches/{fiche_id}"), 404)
    assert_problem(await client.get(f"/api/fiches/{fiche_id}/jury"), 404)
    write = await client.post(f"/api/fdaps/{world.fdap}/generations", json={}, headers={"x-csrftoken": token})
    assert_problem(write, 404)


async def test_jury_sheet_is_forbidden_to_a_non_member_non_author(
    client: Client, world: World, fiche_id: uuid.UUID
) -> None:
    await login(client, "autre")
    assert (await client.get(f"/api/fiches/{fiche_id}")).status_code == 200
    body = assert_problem(await client.get(f"/api/fiches/{fiche_id}/jury"), 403)
    assert "commission" in body["detail"]


async def test_jury_sheet_is_shown_to_members_and_authors(
    client: Client, world: World, fiche_id: uuid.UUID
) -> None:
    for name in ("membre-b", "autrice"):
        await login(client, name)
        response = await client.get(f"/api/fiches/{fiche_id}/jury")
        assert response.status_code == 200 and response.json()["fiche_jury"]["objections"]
    candidate_view = (await client.get(f"/api/fiches/{fiche_id}")).json()
    assert "fiche_jury" not in candidate_view["fiche_candidat"]


async def transition(client: Client, token: str, fiche_id: uuid.UUID, etag: str, action: str) -> Any:
    return await client.post(
        f"/api/fiches/{fiche_id}/transitions",
        json={"action": action, "motif": "relu"},
        headers={"If-Match": etag, "x-csrftoken": token},
    )


async def test_transitions_from_draft_to_handed_over(
    client: Client, world: World, fiche_id: uuid.UUID
) -> None:
    token = await login(client, "autrice")
    etag = (await client.get(f"/api/fiches/{fiche_id}")).headers["etag"]
    response = await transition(client, token, fiche_id, etag, "soumettre")
    assert (response.status_code, response.json()["etat"]) == (200, "soumise")
    token = await login(client, "membre-b")
    response = await transition(client, token, fiche_id, response.headers["etag"], "approuver")
    assert response.json()["etat"] == "approuvee"
    response = await transition(client, token, fiche_id, response.headers["etag"], "remettre")
    assert response.json()["etat"] == "remise" and response.json()["remise_le"]


async def test_stale_if_match_gets_409_and_missing_if_match_428(
    client: Client, world: World, fiche_id: uuid.UUID
) -> None:
    token = await login(client, "autrice")
    assert (await transition(client, token, fiche_id, '"1"', "soumettre")).status_code == 200
    token = await login(client, "membre-b")
    body = assert_problem(await transition(client, token, fiche_id, '"1"', "approuver"), 409)
    assert "modifiée entre-temps" in body["detail"] and body["title"] == "La fiche a changé entre-temps"
    missing = await client.post(
        f"/api/fiches/{fiche_id}/transitions", json={"action": "approuver"}, headers={"x-csrftoken": token}
    )
    assert_problem(missing, 428)


async def test_refused_transition_is_a_french_problem(
    client: Client, world: World, fiche_id: uuid.UUID
) -> None:
    token = await login(client, "autrice")
    body = assert_problem(await transition(client, token, fiche_id, '"1"', "approuver"), 403)
    assert body["detail"] == "action réservée au rôle commission"
    token = await login(client, "membre-a")
    body = assert_problem(await transition(client, token, fiche_id, '"1"', "approuver"), 409)
    assert body["title"] == "Action refusée par le circuit de relecture"
    assert body["detail"].startswith("impossible d'approuver une fiche à l'état « brouillon »")


async def test_generation_is_queued_and_its_progress_readable(client: Client, world: World) -> None:
    token = await login(client, "autrice")
    response = await client.post(
        f"/api/fdaps/{world.fdap}/generations", json={"variantes": 2}, headers={"x-csrftoken": token}
    )
    assert response.status_code == 202
    progress = (await client.get(f"/api/generations/{response.json()['id']}")).json()
    assert (progress["statut"], progress["variantes"]) == ("queued", 2)


async def test_unknown_route_is_a_french_problem(client: Client) -> None:
    body = assert_problem(await client.get("/api/nulle-part"), 404)
    assert body["title"] == "Ressource introuvable"


async def test_unexpected_error_is_a_generic_french_500_without_traceback(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_args: Any) -> None:
        raise RuntimeError("secret interne")

    monkeypatch.setattr(candidate_list, "list_candidates", broken)
    await login(client, "autrice")
    body = assert_problem(await client.get("/api/candidats"), 500)
    assert body["title"] == "Erreur interne" and "secret interne" not in body["detail"]


async def test_malformed_body_names_the_field(client: Client, world: World, fiche_id: uuid.UUID) -> None:
    token = await login(client, "autrice")
    response = await client.post(
        f"/api/fiches/{fiche_id}/transitions",
        json={"action": "noter"},
        headers={"If-Match": '"1"', "x-csrftoken": token},
    )
    body = assert_problem(response, 400)
    assert body["detail"].startswith("action : valeur 'noter' refusée") and body["champs"] == ["action"]


async def test_an_email_with_a_nul_character_is_refused_like_a_wrong_password(
    client: Client, world: World
) -> None:
    response = await client.post(
        "/api/session", json={"email": "autrice\u0000@lycee.example", "mot_de_passe": "x"}
    )
    assert assert_problem(response, 401)["detail"] == "adresse électronique ou mot de passe incorrect"
