"""Migrations run once, by `fichesujet db upgrade`; `serve` and the app's start-up refuse any other revision,
and several instances starting at once on one PostgreSQL all refuse, or all serve, cleanly."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from litestar.testing import TestClient
from sqlalchemy import text

from service import db
from service.settings import Settings
from service.web.app import create_app
from tests.api.test_serve import ROOT
from tests.faults.served import Served
from tests.review.conftest import make_world, sessions_for

HEAD = db.head_revision()
BEFORE_HEAD = ScriptDirectory.from_config(db.alembic_config("sqlite://")).get_revision(HEAD).down_revision


def _revision(url: str) -> str | None:
    async def read() -> str | None:
        engine = db.create_engine(url, null_pool=True)
        try:
            return await db.database_revision(engine)
        finally:
            await engine.dispose()

    return asyncio.run(read())


def _refusal(found: str) -> str:
    return f"révision actuelle : {found} ; révision attendue : {HEAD}) : lancez « fichesujet db upgrade »"


@pytest.mark.parametrize("revision", [None, BEFORE_HEAD], ids=["vide", "en-retard"])
def test_serve_refuses_a_database_not_at_head_in_french_and_leaves_it_as_it_was(
    tmp_path: Path, revision: str | None
) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    if revision is not None:
        db.upgrade(settings, revision)
    served = Served(settings.database, settings.data_dir)
    code = served.process.wait(timeout=60)
    said = served.log.read_text()
    assert code == 2, said
    assert _refusal(revision or "aucune, base vide") in said
    assert "Traceback" not in said
    assert _revision(settings.database) == revision  # nothing migrated behind the operator's back


def test_serve_refuses_a_database_of_a_newer_program_without_advising_an_upgrade(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    db.upgrade(settings)

    async def stamp() -> None:
        engine = db.create_engine(settings.database, null_pool=True)
        async with engine.begin() as connection:
            await connection.execute(text("UPDATE alembic_version SET version_num = '0099_future'"))
        await engine.dispose()

    asyncio.run(stamp())
    served = Served(settings.database, settings.data_dir)
    code = served.process.wait(timeout=60)
    said = served.log.read_text()
    assert code == 2, said
    assert "plus récente que ce programme (révision actuelle : 0099_future, inconnue ici" in said
    assert "installez la version de fichesujet qui l'a migrée" in said and "Traceback" not in said
    assert _revision(settings.database) == "0099_future"


def test_the_app_start_up_checks_the_revision_and_never_migrates(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", secret_key="cle-de-test")
    with pytest.raises(ExceptionGroup) as refused, TestClient(create_app(settings)):
        pass  # the test client's task group carries the start-up's error
    assert refused.group_contains(db.DatabaseNotAtHead, match="fichesujet db upgrade")
    assert _revision(settings.database) is None
    db.upgrade(settings)
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/sante").status_code == 200


def _two_upgrades_at_once(url: str, data_dir: Path) -> None:
    """Two `fichesujet db upgrade` started together: both succeed, and the schema is migrated once."""
    env = {"FICHESUJET_DATABASE_URL": url, "FICHESUJET_DATA_DIR": str(data_dir)}
    command = [sys.executable, "-m", "service.cli", "db", "upgrade"]
    runs = [subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    said = [run.communicate(timeout=120)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], said
    assert _revision(url) == HEAD

    async def versions() -> int:
        engine = db.create_engine(url, null_pool=True)
        try:
            async with engine.connect() as connection:
                return int(
                    (await connection.execute(text("SELECT count(*) FROM alembic_version"))).scalar_one()
                )
        finally:
            await engine.dispose()

    assert asyncio.run(versions()) == 1


def test_two_upgrades_at_once_on_postgresql_migrate_once(postgresql_url: str, tmp_path: Path) -> None:
    _two_upgrades_at_once(postgresql_url, tmp_path / "data")


def test_two_upgrades_at_once_on_sqlite_migrate_once(tmp_path: Path) -> None:
    # Without the lock beside the file, one pair in three failed (alembic's CommandError).
    for attempt in range(3):
        settings = Settings(data_dir=tmp_path / f"data-{attempt}")
        _two_upgrades_at_once(settings.database, settings.data_dir)


def test_three_services_starting_at_once_on_postgresql_all_refuse_then_all_serve(
    postgresql_url: str, tmp_path: Path
) -> None:
    data = tmp_path / "data"  # shared, without FICHESUJET_SECRET_KEY: the key generated once, for all
    refusing = [Served(postgresql_url, data, secret=None) for _ in range(3)]
    for served in refusing:
        assert served.process.wait(timeout=90) == 2, served.log.read_text()
        assert _refusal("aucune, base vide") in served.log.read_text()
    assert _revision(postgresql_url) is None
    settings = Settings(data_dir=data, database_url=postgresql_url)
    db.upgrade(settings)
    asyncio.run(_world(settings))
    serving = [Served(postgresql_url, data, secret=None) for _ in range(3)]
    try:
        for served in serving:
            served.wait_ready()
        with closing(serving[0].client()) as first:
            for other in serving[1:]:  # behind a load balancer: signed in on one, served by any
                seen = first.get(f"{other.base}/api/session")
                assert seen.status_code == 200, seen.text
            ended = first.delete(f"{serving[2].base}/api/session")  # a write, its CSRF token from another
            assert ended.status_code in (200, 204), ended.text
    finally:
        for served in serving:
            served.stop()


async def _world(settings: Settings) -> None:
    async for factory in sessions_for(settings):
        await make_world(factory)
