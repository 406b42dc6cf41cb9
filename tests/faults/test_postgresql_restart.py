"""PostgreSQL stopped and started again under load: requests meanwhile get a French 503 (never a 500 nor a
hang), and once the server is back the same `serve` process answers reads, writes and jobs again."""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

import httpx
import msgspec

from service import db
from service.settings import Settings
from tests.faults.private_postgresql import private_postgresql
from tests.faults.served import Served
from tests.review.conftest import World, good_fiche, make_world, sessions_for


class Load(threading.Thread):
    """A teacher reading the list in a loop; every answer's status (or the transport error) counted."""

    def __init__(self, served: Served) -> None:
        super().__init__(daemon=True)
        self.client = served.client()
        self.seen: Counter[str] = Counter()
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            try:
                self.seen[str(self.client.get("/api/candidats").status_code)] += 1
            except httpx.HTTPError as exc:  # a time-out here is a hang
                self.seen[type(exc).__name__] += 1
            time.sleep(0.01)

    def finish(self) -> Counter[str]:
        self.done.set()
        self.join(timeout=30)
        self.client.close()
        return self.seen


async def _world(settings: Settings) -> World:
    async for factory in sessions_for(settings):
        return await make_world(factory)
    raise AssertionError


def _keep(client: httpx.Client, world: World) -> httpx.Response:
    document = msgspec.to_builtins(good_fiche())
    return client.post(
        f"/api/fdaps/{world.fdap}/fiches", json={"commission_id": str(world.commission), "document": document}
    )


def test_postgresql_restarted_under_load_gives_503_meanwhile_then_the_service_recovers(
    tmp_path: Path,
) -> None:
    with private_postgresql() as server:
        settings = Settings(data_dir=tmp_path / "data", database_url=server.url)
        db.upgrade(settings)
        world = asyncio.run(_world(settings))
        served = Served(server.url, settings.data_dir)
        try:
            served.wait_ready()
            load = Load(served)
            load.start()
            with closing(served.client()) as teacher:
                assert _keep(teacher, world).status_code == 201
                time.sleep(0.3)
                server.stop()
                during = [teacher.get("/api/candidats"), _keep(teacher, world)]
                time.sleep(1.5)  # the jobs worker's poll (0.5 s) meets the outage too
                server.start()
                after = [teacher.get("/api/candidats") for _ in range(3)]
                kept = _keep(teacher, world)
                job = teacher.post(f"/api/fdaps/{world.fdap}/generations", json={"variantes": 1})
                deadline = time.monotonic() + 30
                while (state := teacher.get(f"/api/generations/{job.json()['id']}").json())[
                    "statut"
                ] != "done":
                    assert state["statut"] in ("queued", "running") and time.monotonic() < deadline, state
                    time.sleep(0.1)
                listed = teacher.get("/api/candidats").json()
                seen = load.finish()
                server.stop()  # again, with no request meanwhile: the pool still holds the dead connections
                server.start()
                quiet = teacher.get("/api/candidats")
        finally:
            served.stop()
        said = served.log.read_text()
    for refused in during:
        assert refused.status_code == 503, refused.text
        assert refused.json()["title"] == "Service momentanément indisponible"
        assert refused.headers["retry-after"] == "5"
    assert [response.status_code for response in after] == [200, 200, 200]
    assert quiet.status_code == 200, quiet.text  # each pooled connection is checked before it is lent
    assert kept.status_code == 201, kept.text
    assert len([f for c in listed for f in c["fiches"]]) == 2  # the two saved while up; none while down
    assert set(seen) <= {"200", "503"} and seen["200"] > 0, seen
    assert "Traceback" not in said and "erreur inattendue" not in said
