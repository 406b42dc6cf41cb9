"""Size and depth: an over-limit or deeply nested body is a French 400 naming the field, never a 500 or a stall."""

from __future__ import annotations

import concurrent.futures
import threading
import time
from typing import Any

import httpx
import msgspec
import pytest
from litestar.testing import AsyncTestClient

from service.domain.codec import load_fdap
from service.domain.fdap import MAX_RUBRIC_CHARS
from service.domain.fiche_sujet import (
    MAX_HEADER_CHARS,
    MAX_MODIFICATIONS,
    MAX_OBJECTIONS,
    MAX_ROW_CHARS,
    PARAMETRES,
)
from service.render import worker
from service.review.demo import DEMO_PASSWORD
from tests.api.conftest import login
from tests.api.test_admin import ADMIN, admin
from tests.api.test_fdap_upload import DOCX, EC_FDAP, url
from tests.api.test_serve import served
from tests.intake.docx_writer import Variant, write_fdap_docx
from tests.review.conftest import World, good_fiche

pytestmark = pytest.mark.anyio
Client = AsyncTestClient[Any]
DEPTH = 5000
NESTED = b'{"document": ' + b"[" * DEPTH + b"]" * DEPTH + b"}"

__all__ = ["admin", "served"]  # fixtures


def _routes(world: World, fiche: str) -> list[tuple[str, str]]:
    """Every JSON route that reads a body: (method, path)."""
    return [
        ("POST", f"/api/fdaps/{world.fdap}/fiches"),
        ("PUT", f"/api/fiches/{fiche}"),
        ("POST", f"/api/fiches/{fiche}/transitions"),
        ("POST", f"/api/fiches/{fiche}/commentaires/"),
        ("POST", f"/api/fdaps/{world.fdap}/generations"),
        ("POST", f"/api/candidats/{world.candidate}/fdaps"),
        ("POST", "/api/commissions"),
        ("PUT", f"/api/commissions/{world.commission}"),
        ("POST", "/api/sessions-examen"),
        ("POST", "/api/enseignants"),
        ("PUT", f"/api/enseignants/{world.author}"),
        ("POST", "/api/candidats"),
        ("PUT", f"/api/candidats/{world.candidate}"),
    ]


async def test_a_deeply_nested_login_is_a_french_400(client: Client) -> None:
    await client.get("/api/sante")
    response = await client.post("/api/session", content=NESTED, headers={"content-type": "application/json"})
    assert response.status_code == 400, response.text
    assert "imbrication" in response.json()["detail"]


async def test_a_deeply_nested_body_is_a_french_400_on_every_json_route(
    client: Client, world: World, fiche_id: Any, admin: str
) -> None:
    for who in ("autrice", ADMIN):
        token = await login(client, who)
        for method, path in _routes(world, str(fiche_id)):
            headers = {"x-csrftoken": token, "content-type": "application/json", "If-Match": '"1"'}
            response = await client.request(method, path, content=NESTED, headers=headers)
            assert response.status_code in (400, 403), (method, path, response.status_code, response.text)
            typed = path.endswith("/fdaps")  # decoded as fdap/1 straight away: the wrong type is named
            if response.status_code == 400 and not typed:
                assert "imbrication" in response.json()["detail"], (path, response.text)


def _sheet(**changes: Any) -> dict[str, Any]:
    raw: dict[str, Any] = msgspec.to_builtins(good_fiche())
    for path, value in changes.items():
        *parents, leaf = path.split("__")
        target = raw
        for parent in parents:
            target = target[parent]
        target[leaf] = value
    return raw


OVER_LIMIT = [
    (
        {"fiche_jury__objections": [f"Objection {i} sur le prix." for i in range(MAX_OBJECTIONS + 1)]},
        "fiche_jury : objections",
    ),
    ({"fiche_candidat__objet": "x" * (MAX_ROW_CHARS + 1)}, "fiche_candidat : objet"),
    ({"date": "Note du candidat : " + "x" * MAX_HEADER_CHARS}, "document : date"),
]


@pytest.mark.parametrize(("changes", "named"), OVER_LIMIT)
async def test_an_over_limit_sheet_is_refused_at_creation_naming_the_field(
    client: Client, world: World, changes: dict[str, Any], named: str
) -> None:
    token = await login(client, "autrice")
    response = await client.post(
        f"/api/fdaps/{world.fdap}/fiches",
        json={"commission_id": str(world.commission), "document": _sheet(**changes)},
        headers={"x-csrftoken": token},
    )
    assert response.status_code == 400, response.text
    detail = response.json()["detail"]
    assert named.split(" : ")[-1] in detail and ("trop long" in detail or "trop longue" in detail), detail
    candidates = (await client.get("/api/candidats")).json()
    assert all(not c["fiches"] for c in candidates)  # nothing saved


async def test_an_over_limit_edit_is_refused_naming_the_field_and_keeps_the_version(
    client: Client, fiche_id: Any
) -> None:
    token = await login(client, "autrice")
    raw = _sheet(fiche_jury__objections=["Trop cher."] * (MAX_OBJECTIONS + 1))
    response = await client.put(
        f"/api/fiches/{fiche_id}",
        json={"document": raw, "motif": "relecture"},
        headers={"If-Match": '"1"', "x-csrftoken": token},
    )
    assert response.status_code == 400, response.text
    assert (
        "objections" in response.json()["detail"]
        and f"{MAX_OBJECTIONS} éléments" in response.json()["detail"]
    )
    assert (await client.get(f"/api/fiches/{fiche_id}")).json()["version"] == 1


async def test_a_long_motif_is_refused_naming_the_field(client: Client, fiche_id: Any) -> None:
    token = await login(client, "autrice")
    response = await client.put(
        f"/api/fiches/{fiche_id}",
        json={"document": _sheet(), "motif": "m" * 2001},
        headers={"If-Match": '"1"', "x-csrftoken": token},
    )
    assert response.status_code == 400 and "motif" in response.json()["detail"], response.text


def _longest_sheet(nature: str) -> dict[str, Any]:
    """A sheet at every limit of the schema, in words of a real sheet (the rules read words, not `x`s)."""
    raw = _sheet(nature=nature)
    words = " ".join(str(v) for v in raw["fiche_jury"].values() if isinstance(v, str)).split()

    def text(seed: int) -> str:
        picked = " ".join(words[(seed + 7 * k) % len(words)] for k in range(MAX_ROW_CHARS // 4))
        return picked[:MAX_ROW_CHARS]

    for sheet in ("fiche_candidat", "fiche_jury"):
        raw[sheet] |= {k: text(i) for i, (k, v) in enumerate(raw[sheet].items()) if isinstance(v, str)}
    raw["fiche_candidat"]["acteurs"] = {"vous": text(3), "jury": text(4)}
    raw["fiche_jury"]["objections"] = [text(10 + i) for i in range(MAX_OBJECTIONS)]
    raw["modifications"] = [
        {
            "parametre": PARAMETRES[i % len(PARAMETRES)],
            "avant": text(i),
            "apres": text(i + 1),
            "justification": text(i + 2),
        }
        for i in range(MAX_MODIFICATIONS)
    ]
    return raw


def _slowest_ping(base: str, busy: threading.Event) -> float:
    """The longest answer of /api/sante, asked every 50 ms while `busy` is set."""
    slowest = 0.0
    with httpx.Client(base_url=base, timeout=120) as pinger:
        while busy.is_set():
            started = time.monotonic()
            assert pinger.get("/api/sante").status_code == 200
            slowest = max(slowest, time.monotonic() - started)
            time.sleep(0.05)
    return slowest


def _post_while_pinging(
    client: httpx.Client, base: str, path: str, body: dict[str, Any]
) -> tuple[httpx.Response, float]:
    busy = threading.Event()
    busy.set()
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        ping = pool.submit(_slowest_ping, base, busy)
        time.sleep(0.2)
        try:
            response = client.post(path, json=body, headers={"x-csrftoken": client.cookies["csrftoken"]})
        finally:
            busy.clear()
        return response, ping.result()


def test_a_long_sheet_does_not_stall_the_other_requests_of_a_served_app(served: str) -> None:
    with httpx.Client(base_url=served, timeout=120) as client:
        login = {"email": "enseignante@demo.fichesujet.fr", "mot_de_passe": DEMO_PASSWORD}
        assert client.post("/api/session", json=login).status_code == 200
        client.get("/api/sante")
        candidate = next(c for c in client.get("/api/candidats").json() if not c["fiches"])
        fdap = candidate["fdaps"][0]
        commission = next(
            c for c in client.get("/api/commissions").json() if c["session_id"] == candidate["session_id"]
        )
        path = f"/api/fdaps/{fdap['id']}/fiches"
        hostile = _sheet(nature=fdap["nature"])
        hostile["fiche_jury"]["objections"] = [
            f"Objection {i} : le tarif annuel est trop élevé pour nous." * 2 for i in range(3000)
        ]
        body = {"commission_id": commission["id"], "document": hostile}
        assert len(httpx.Request("POST", "/", json=body).content) > 350 * 1024
        refused, slowest = _post_while_pinging(client, served, path, body)
        assert refused.status_code == 400 and "objections" in refused.json()["detail"], refused.text
        assert slowest < 1, f"une autre requête a attendu {slowest:.1f} s"
        body = {"commission_id": commission["id"], "document": _longest_sheet(fdap["nature"])}
        started = time.monotonic()
        saved, slowest = _post_while_pinging(client, served, path, body)
        assert saved.status_code == 201, saved.text
        assert slowest < 1, f"une autre requête a attendu {slowest:.1f} s"
        assert time.monotonic() - started < 10


async def test_a_render_past_its_time_limit_is_a_french_503(
    client: Client, fiche_id: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    await login(client, "autrice")
    monkeypatch.setattr(worker, "RENDER_TIMEOUT_SECONDS", 0.01)
    for name in ("les-deux.pdf", "jury.docx"):
        response = await client.get(f"/api/fiches/{fiche_id}/documents/{name}")
        assert response.status_code == 503, response.text
        assert "le rendu a dépassé 0.01 s et a été arrêté" in response.json()["detail"]
    monkeypatch.undo()
    response = await client.get(f"/api/fiches/{fiche_id}/documents/candidat.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


async def test_an_over_limit_fdap_is_refused_naming_the_rubric_in_json_and_in_word(
    client: Client, world: World
) -> None:
    token = await login(client, "autrice")
    fdap = load_fdap(EC_FDAP)
    too_long = msgspec.structs.replace(
        fdap, analyse=msgspec.structs.replace(fdap.analyse, historique_problematique="Historique. " * 2000)
    )
    raw = msgspec.json.encode(too_long)
    response = await client.post(
        url(world), content=raw, headers={"x-csrftoken": token, "content-type": "application/json"}
    )
    assert response.status_code == 400 and "analyse.historique_problematique" in response.json()["detail"], (
        response.text
    )
    assert f"{MAX_RUBRIC_CHARS} caractères au plus" in response.json()["detail"]
    word = write_fdap_docx(too_long, Variant())
    response = await client.post(
        url(world), files={"fichier": ("fdap.docx", word, DOCX)}, headers={"x-csrftoken": token}
    )
    assert response.status_code == 400 and "analyse.historique_problematique" in response.json()["detail"], (
        response.text
    )
    candidates = (await client.get("/api/candidats")).json()
    assert [f["nature"] for f in candidates[0]["fdaps"]] == ["NV"]  # nothing filed
