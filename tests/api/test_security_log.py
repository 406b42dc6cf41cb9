"""The security journal (OWASP ASVS 7.2): sign-ins, refusals, throttling, sign-outs and denied actions are
logged, with nothing that identifies a person or opens a session."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from tests.api.conftest import PASSWORD, login
from tests.api.test_api import transition
from tests.review.conftest import World

pytestmark = pytest.mark.anyio
Client = AsyncTestClient[Any]


def _journal(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "fichesujet.securite"]


async def test_sign_ins_refusals_throttling_and_sign_outs_are_logged_without_the_email(
    client: Client, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="fichesujet.securite")
    wrong = {"email": "autrice@lycee.example", "mot_de_passe": "pas-le-bon-mot-de-passe"}
    for _ in range(6):
        await client.post("/api/session", json=wrong)
    right = {"email": "autrice@lycee.example", "mot_de_passe": PASSWORD}
    assert (await client.post("/api/session", json=right)).status_code == 429  # same e-mail and address
    journal = _journal(caplog)
    refused = [line for line in journal if line.startswith("connexion refusée (identifiants incorrects)")]
    throttled = [line for line in journal if line.startswith("connexion refusée (trop de tentatives)")]
    assert len(refused) == 5 and throttled, journal
    assert len({line.split("compte ")[1].split(",")[0] for line in refused + throttled}) == 1  # one account
    caplog.clear()
    other = await client.post(
        "/api/session", json={"email": "membre-a@lycee.example", "mot_de_passe": PASSWORD}
    )
    assert other.status_code == 200
    await client.get("/api/sante")
    out = await client.delete("/api/session", headers={"x-csrftoken": client.cookies.get("csrftoken", "")})
    assert out.status_code == 204
    journal = _journal(caplog)
    assert any(line.startswith("connexion : utilisateur ") for line in journal), journal
    assert any(line.startswith("déconnexion : utilisateur ") and "inconnu" not in line for line in journal)
    everything = "\n".join(r.getMessage() for r in caplog.records) + "\n".join(refused)
    for secret in ("autrice@lycee.example", "membre-a@lycee.example", PASSWORD, "pas-le-bon-mot-de-passe"):
        assert secret not in everything


async def test_a_denied_action_is_logged_with_its_user_and_path(
    client: Client, world: World, fiche_id: uuid.UUID, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="fichesujet.securite")
    token = await login(client, "membre-a")
    denied = await transition(client, token, fiche_id, '"1"', "soumettre")
    assert denied.status_code == 403
    journal = [line for line in _journal(caplog) if line.startswith("accès refusé")]
    assert len(journal) == 1 and f"/api/fiches/{fiche_id}/transitions" in journal[0], journal
    assert "utilisateur inconnu" not in journal[0]
