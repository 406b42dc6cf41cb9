"""Authorization matrix: every route × every kind of user (own school by role, other school, anonymous)."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
import pytest
from litestar.testing import AsyncTestClient

from service.review import jobs
from tests.api.conftest import login
from tests.conftest import FIXTURES
from tests.review.conftest import Factory, World, good_fiche

pytestmark = pytest.mark.anyio
USERS = ("anonyme", "autrice", "membre-a", "membre-b", "autre", "ailleurs@lycee.example")
# route -> expected status for each user, in the order of USERS
MATRIX: dict[str, tuple[int, ...]] = {
    "GET /api/candidats": (401, 200, 200, 200, 200, 200),
    "GET /api/fiches/{fiche}": (401, 200, 200, 200, 200, 404),
    "GET /api/fiches/{fiche}/jury": (401, 200, 200, 200, 403, 404),
    "POST /api/fiches/{fiche}/transitions": (401, 200, 403, 403, 403, 404),  # soumettre: authors only
    "POST /api/fdaps/{fdap}/generations": (401, 202, 202, 403, 403, 404),
    "POST /api/fdaps/{fdap}/fiches": (401, 201, 201, 403, 403, 404),
    "POST /api/candidats/{candidate}/fdaps": (401, 201, 201, 403, 403, 404),
    "PUT /api/fiches/{fiche}": (401, 200, 200, 200, 403, 404),
    "GET /api/fiches/{fiche}/historique": (401, 200, 200, 200, 403, 404),
    "GET /api/fiches/{fiche}/documents/candidat.docx": (401, 200, 200, 200, 200, 404),
    "GET /api/fiches/{fiche}/documents/jury.docx": (401, 200, 200, 200, 403, 404),
    "GET /api/generations/{job}": (401, 200, 200, 200, 403, 404),  # the V-3 rule: proposals hold V-3s
    "GET /api/commissions": (401, 200, 200, 200, 200, 200),
    "GET /api/sessions-examen": (401, 200, 200, 200, 200, 200),
    "GET /api/enseignants": (401, 403, 403, 403, 403, 403),
}
READS = [route for route in MATRIX if route.startswith("GET ")]
# A write changes the world the next user would meet: each (write, user) gets a world of its own.
WRITES = [
    (route, user, statuses[i])
    for route, statuses in MATRIX.items()
    if route not in READS
    for i, user in enumerate(USERS)
]


async def _url(factory: Factory, world: World, fiche_id: uuid.UUID, path: str) -> str:
    async with factory() as session, session.begin():
        job = await jobs.enqueue(session, world.fdap, 1)
    return path.format(fiche=fiche_id, fdap=world.fdap, job=job, candidate=world.candidate)


async def _as(client: AsyncTestClient[Any], user: str) -> str:
    """Signed in as `user` (or anonymous) on a client with no cookie left; the CSRF token."""
    client.cookies.clear()
    if user == "anonyme":
        await client.get("/api/sante")
        return client.cookies["csrftoken"]
    return await login(client, user)


@pytest.mark.parametrize("route", READS)
@pytest.mark.usefixtures("stranger")
async def test_authorization_matrix_of_reads(
    client: AsyncTestClient[Any], factory: Factory, world: World, fiche_id: uuid.UUID, route: str
) -> None:
    """A read changes nothing: the six kinds of user ask in turn, on one world."""
    url = await _url(factory, world, fiche_id, route.split(" ")[1])
    answered = {}
    for user in USERS:
        await _as(client, user)
        answered[user] = (await client.get(url)).status_code
    assert answered == dict(zip(USERS, MATRIX[route], strict=True))


@pytest.mark.parametrize(("route", "user", "expected"), WRITES)
@pytest.mark.usefixtures("stranger")
async def test_authorization_matrix_of_writes(
    client: AsyncTestClient[Any],
    factory: Factory,
    world: World,
    fiche_id: uuid.UUID,
    route: str,
    user: str,
    expected: int,
) -> None:
    method, path = route.split(" ")
    url = await _url(factory, world, fiche_id, path)
    token = await _as(client, user)
    document = msgspec.to_builtins(good_fiche())
    body: dict[str, Any] = {}
    if "transitions" in path:
        body = {"action": "soumettre"}
    elif path.endswith("/fdaps"):
        body = msgspec.json.decode((FIXTURES / "fdap" / "14-club-sport-portes-ouvertes.json").read_bytes())
    elif path.endswith("/fiches"):
        body = {"commission_id": str(world.commission), "document": document}
    elif method == "PUT":
        document["fiche_jury"]["objections"].append(
            "Et si vos ateliers ne plaisent pas aux salariés postés ?"
        )
        body = {"document": document, "motif": "essai"}  # a change: an unchanged save is refused
    headers = {"x-csrftoken": token, "If-Match": '"1"'}
    if method == "PUT":
        response = await client.put(url, json=body, headers=headers)
    else:
        response = await client.post(url, json=body, headers=headers)
    assert response.status_code == expected, response.text
