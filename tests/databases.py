"""Migrated test databases copied from one real migration run per test session, not migrated one by one.

Alembic runs once for SQLite (into a template file) and once for PostgreSQL (into a template database);
each test then gets a copy: the file copied, or `CREATE DATABASE … TEMPLATE …`. What a test sees is what
`fichesujet db upgrade` leaves, for less (SQLite: 0.12 s of Alembic against 1 ms of copy; PostgreSQL:
0.30 s to create and migrate against 0.18 s to copy, on the idle 2-core machine).
"""

from __future__ import annotations

import asyncio
import atexit
import functools
import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from service import db
from service.settings import Settings

PG_URL = os.environ.get("FICHESUJET_TEST_DATABASE_URL", "")


def _sqlite_path(settings: Settings) -> Path:
    """The file of a SQLite database URL; refuses any other kind of database."""
    url = make_url(settings.database)
    assert url.get_backend_name() == "sqlite" and url.database, f"pas un fichier SQLite : {url}"
    return Path(url.database)


@functools.cache
def _sqlite_template() -> Path:
    """A SQLite file migrated to head, once per test session, removed when the session ends."""
    folder = Path(tempfile.mkdtemp(prefix="fichesujet-modele-"))
    atexit.register(shutil.rmtree, folder, True)
    settings = Settings(data_dir=folder)
    db.upgrade(settings)
    return _sqlite_path(settings)


def migrate_sqlite(settings: Settings) -> Settings:
    """What `db.upgrade(settings)` gives on a new SQLite file: a copy of the migrated template."""
    target = _sqlite_path(settings)
    assert not target.exists(), f"{target} existe déjà : une copie ne remplace pas une base"
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_sqlite_template(), target)
    return settings


async def _admin(statement: str) -> None:
    """Run one statement on the test server's own database (CREATE / DROP DATABASE)."""
    url = make_url(PG_URL).set(drivername="postgresql")
    connection = await asyncpg.connect(url.render_as_string(hide_password=False))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def url_of(name: str) -> str:
    """The SQLAlchemy URL of database `name` on the test server."""
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


def create_postgresql(*, migrated: bool) -> str:
    """A new database on the test server, empty or a copy of the migrated template; its name."""
    name = f"fichesujet_t_{uuid.uuid4().hex[:12]}"
    template = f' TEMPLATE "{_postgresql_template()}"' if migrated else ""
    asyncio.run(_admin(f'CREATE DATABASE "{name}"{template}'))
    return name


@functools.cache
def _postgresql_template() -> str:
    """A database migrated to head, once per test session, dropped when the session ends."""
    name = f"fichesujet_m_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    atexit.register(drop_postgresql, name)
    db.upgrade(Settings(data_dir=Path(tempfile.gettempdir()), database_url=url_of(name)))
    return name


def drop_postgresql(name: str) -> None:
    """Drop a test database, even while an autovacuum worker happens to be in it.

    WITH (FORCE) terminates the other backends in that database; an autovacuum worker belongs to no
    role, so a role without pg_signal_backend (scripts/test-postgresql grants it) gets
    InsufficientPrivilegeError. The worker leaves within a moment: try again a few times.
    """
    for attempt in range(10):
        try:
            asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except (asyncpg.exceptions.InsufficientPrivilegeError, asyncpg.exceptions.ObjectInUseError):
            if attempt == 9:
                raise
            time.sleep(0.5)
