"""SIGKILL of `serve` while a teacher saves a sheet again and again (PUT with If-Match): after a restart,
every save the client saw acknowledged is there exactly once, versions are whole and contiguous, the
audit trail matches them, and the service saves normally."""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from contextlib import closing
from typing import Any

import httpx
import msgspec
import pytest
from sqlalchemy import select

from service.db.models import AuditEvent, Fiche, FicheVersion
from service.settings import Settings
from tests.faults.served import Served
from tests.review.conftest import Factory, good_fiche

pytestmark = pytest.mark.anyio
ACKNOWLEDGED_BEFORE_KILL = 5
AFTER_RESTART = "Renouvellement du contrat d'ateliers du club, relu après le redémarrage."


def _save(client: httpx.Client, fiche_id: uuid.UUID, etag: str, objet: str) -> httpx.Response:
    raw: dict[str, Any] = msgspec.to_builtins(good_fiche())
    raw["fiche_candidat"]["objet"] = objet
    return client.put(
        f"/api/fiches/{fiche_id}", json={"document": raw, "motif": "relecture"}, headers={"If-Match": etag}
    )


class Saver(threading.Thread):
    """Saves new versions back to back until the service stops answering; what was acknowledged, and not."""

    def __init__(self, client: httpx.Client, fiche_id: uuid.UUID) -> None:
        super().__init__(daemon=True)
        self.client, self.fiche_id = client, fiche_id
        self.acknowledged: list[str] = []
        self.unanswered: list[str] = []
        self.refused: list[str] = []

    def run(self) -> None:
        etag = self.client.get(f"/api/fiches/{self.fiche_id}").headers["etag"]
        for count in range(1, 1000):
            objet = f"Renouvellement du contrat d'ateliers du club, relecture {count}."
            try:
                saved = _save(self.client, self.fiche_id, etag, objet)
            except httpx.TransportError:
                self.unanswered.append(objet)
                return
            if saved.status_code != 200:
                self.refused.append(saved.text)
                return
            self.acknowledged.append(objet)
            etag = saved.headers["etag"]


async def test_sigkill_during_saves_loses_and_doubles_nothing(
    api_settings: Settings, factory: Factory, fiche_id: uuid.UUID
) -> None:
    first = Served(api_settings.database, api_settings.data_dir)
    try:
        first.wait_ready()
        saver = Saver(first.client(), fiche_id)
        saver.start()
        deadline = time.monotonic() + 60
        while len(saver.acknowledged) < ACKNOWLEDGED_BEFORE_KILL and saver.is_alive():
            assert time.monotonic() < deadline, "aucune sauvegarde acquittée"
            time.sleep(0.005)
        first.kill()  # the saver's next PUT, or the one under way, is never answered
        saver.join(timeout=30)
        saver.client.close()
    finally:
        first.stop()
    assert saver.refused == [] and len(saver.acknowledged) >= ACKNOWLEDGED_BEFORE_KILL
    second = Served(api_settings.database, api_settings.data_dir)
    try:
        second.wait_ready()
        with closing(second.client()) as teacher:
            etag = teacher.get(f"/api/fiches/{fiche_id}").headers["etag"]
            after = _save(teacher, fiche_id, etag, AFTER_RESTART)
    finally:
        second.stop()
    assert after.status_code == 200, after.text
    async with factory() as session:
        fiche = await session.get_one(Fiche, fiche_id)
        versions = list(
            await session.scalars(
                select(FicheVersion).where(FicheVersion.fiche_id == fiche_id).order_by(FicheVersion.number)
            )
        )
        audit = Counter(
            await session.scalars(select(AuditEvent.action).where(AuditEvent.entity_id == fiche_id))
        )
    numbers = [version.number for version in versions]
    assert numbers == list(range(1, len(versions) + 1)) and fiche.current_version == numbers[-1]
    objets = Counter(version.document["fiche_candidat"]["objet"] for version in versions[1:])
    assert all(count == 1 for count in objets.values()), objets
    assert all(objets[objet] == 1 for objet in saver.acknowledged)  # every acknowledged save, once
    assert set(objets) <= {
        *saver.acknowledged,
        *saver.unanswered,
        AFTER_RESTART,
    }
    assert audit == Counter({"creer": 1, "modifier": len(versions) - 1})
