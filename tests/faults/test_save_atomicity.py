"""A save is its version and its audit event together: when the audit event cannot be written, no version
is left behind (the window a SIGKILL between the two would need, made certain)."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import event, func, select

from service.db.models import AuditEvent, Fiche, FicheVersion
from service.settings import Settings
from service.web.app import create_app
from tests.api.conftest import login
from tests.review.conftest import Factory, good_fiche

pytestmark = pytest.mark.anyio


def _refuse_audit(*_: Any) -> None:
    raise RuntimeError("journal d'audit indisponible (panne simulée)")


async def _stored(factory: Factory, fiche_id: uuid.UUID) -> tuple[int, int, int]:
    """The fiche's current version number, its version rows and its audit events."""
    async with factory() as session:
        fiche = await session.get_one(Fiche, fiche_id)
        rows = await session.scalar(select(func.count()).where(FicheVersion.fiche_id == fiche_id))
        events = await session.scalar(select(func.count()).where(AuditEvent.entity_id == fiche_id))
    return fiche.current_version, rows or 0, events or 0


async def test_a_save_whose_audit_event_fails_leaves_no_version(
    api_settings: Settings, factory: Factory, fiche_id: uuid.UUID
) -> None:
    before = await _stored(factory, fiche_id)
    raw: dict[str, Any] = msgspec.to_builtins(good_fiche())
    raw["fiche_candidat"]["objet"] = "Renouvellement du contrat d'ateliers du club, audit en panne."
    async with AsyncTestClient(app=create_app(api_settings), raise_server_exceptions=False) as client:
        token = await login(client, "autrice")
        etag = (await client.get(f"/api/fiches/{fiche_id}")).headers["etag"]
        event.listen(AuditEvent, "before_insert", _refuse_audit)
        try:
            saved = await client.put(
                f"/api/fiches/{fiche_id}",
                json={"document": raw, "motif": "relecture"},
                headers={"If-Match": etag, "x-csrftoken": token},
            )
        finally:
            event.remove(AuditEvent, "before_insert", _refuse_audit)
        assert saved.status_code >= 500, saved.text  # the injected failure, not a refusal of the input
        assert (await client.get(f"/api/fiches/{fiche_id}")).headers["etag"] == etag
    assert await _stored(factory, fiche_id) == before
