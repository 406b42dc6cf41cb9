"""Engines, sessions and Alembic migrations for the review database (SQLite file or PostgreSQL)."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import io
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from asyncpg.exceptions import OperatorInterventionError, PostgresConnectionError  # type: ignore[import-untyped]
from sqlalchemy import event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

from service.errors import FicheSujetError
from service.settings import Settings

T = TypeVar("T")

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _prepare(url: str) -> None:
    """Create the folder of a SQLite file database if it is missing."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


# WAL: readers no longer block the writer nor it them, one writer at a time. busy_timeout: a writer waits up
# to 5 s for the other to commit instead of failing at once with « database is locked ». synchronous stays
# FULL (the default): NORMAL would be safe from corruption in WAL but may lose the last commits on a power
# cut, and a sheet the service said it saved must stay saved. cache_size: each pooled connection (up to 15,
# each on its own aiosqlite thread) keeps a page cache of its own, 2 MiB by default: 256 KiB each took the
# service from 165 to 138 MiB under the bench's load (2,000 sheets), the file's pages staying in the system's
# cache anyway; WAL empties a connection's cache whenever another one commits, so a larger one bought little.
SQLITE_PAGE_CACHE_KIB = 256
SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    "PRAGMA busy_timeout=5000",
    f"PRAGMA cache_size=-{SQLITE_PAGE_CACHE_KIB}",
)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Every SQLite connection: foreign keys enforced (off by default there), WAL, a busy timeout, a small cache."""
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def create_engine(url: str, *, null_pool: bool = False) -> AsyncEngine:
    """An async engine; every SQLite connection gets its pragmas (foreign keys, WAL, busy timeout)."""
    _prepare(url)
    options: dict[str, Any] = {"poolclass": NullPool} if null_pool else {}
    if make_url(url).get_backend_name() == "postgresql":
        options["pool_pre_ping"] = True  # a server restarted under load: dead pooled connections are replaced
    # hide_parameters: a failed statement's values (e-mails, names, hashes) stay out of errors and logs.
    engine = create_async_engine(url, hide_parameters=True, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def unavailable(exc: BaseException) -> bool:
    """The server is down or restarting (refused, shut down, connection lost): the request may be retried."""
    cause: BaseException | None = exc
    for _ in range(5):  # SQLAlchemy's error -> its adapter's error -> the driver's
        if cause is None:
            return False
        if isinstance(cause, DBAPIError) and cause.connection_invalidated:
            return True
        if isinstance(cause, ConnectionError | OperatorInterventionError | PostgresConnectionError):
            return True
        cause = getattr(cause, "orig", None) or cause.__cause__
    return False


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def in_transaction(url: str, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """`work` in one transaction on an engine of its own, disposed after: for a command, not a request."""
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session, session.begin():
            return await work(session)
    finally:
        await engine.dispose()


def alembic_config(url: str, output: io.StringIO | None = None) -> Config:
    """The Alembic configuration, built in code: no alembic.ini to keep in step."""
    config = Config(stdout=output) if output is not None else Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(settings: Settings, revision: str = "head") -> None:
    """Apply the migrations up to `revision` (what `fichesujet db upgrade` runs), one upgrade at a time."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    _prepare(settings.database)
    with _sqlite_migration_lock(settings.database):
        command.upgrade(alembic_config(settings.database), revision)


@contextlib.contextmanager
def _sqlite_migration_lock(url: str) -> Iterator[None]:
    """On a SQLite file, an exclusive lock beside it while migrating: a second upgrade waits, then finds the
    head. SQLite's own lock does not cover it (DDL runs outside pysqlite's transactions); PostgreSQL takes an
    advisory lock in migrations/env.py."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        yield
        return
    with open(f"{parsed.database}.migration-lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def current(settings: Settings) -> str:
    """The revision the database is at, as Alembic prints it."""
    _prepare(settings.database)
    output = io.StringIO()
    command.current(alembic_config(settings.database, output))
    return output.getvalue().strip()


def check(settings: Settings) -> None:
    """Raise alembic's AutogenerateDiffsDetected when the models and the migrations differ."""
    command.check(alembic_config(settings.database, io.StringIO()))


class DatabaseNotAtHead(FicheSujetError):
    """The database is not at the migrations' head: the service would read or write a schema it does not know."""


@functools.cache
def head_revision() -> str:
    """The head of the migration scripts, read once per process."""
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head, "aucune migration dans service/db/migrations"
    return head


async def database_revision(engine: AsyncEngine) -> str | None:
    """The revision recorded in `alembic_version`; None for a database never migrated."""
    async with engine.connect() as connection:
        if not await connection.run_sync(lambda sync: inspect(sync).has_table("alembic_version")):
            return None
        return (await connection.execute(text("SELECT version_num FROM alembic_version"))).scalar()


async def open_at_head(url: str, *, null_pool: bool = False) -> AsyncEngine:
    """An engine on a database at the head revision; migrating is `fichesujet db upgrade`'s job, done once."""
    engine = create_engine(url, null_pool=null_pool)
    try:
        found = await database_revision(engine)
    except BaseException:
        await engine.dispose()
        raise
    if found != head_revision():
        await engine.dispose()
        raise DatabaseNotAtHead(_not_at_head(found))
    return engine


def _not_at_head(found: str | None) -> str:
    """Why `serve` refuses the database, and what to do: upgrade it, or this program when it is the older."""
    if found is not None and not known_revision(found):
        return (
            f"base de données plus récente que ce programme (révision actuelle : {found}, inconnue ici ; "
            f"ce programme s'arrête à la révision {head_revision()}) : installez la version de fichesujet qui "
            "l'a migrée ; « fichesujet db upgrade » n'y peut rien"
        )
    return (
        f"base de données pas à jour (révision actuelle : {found or 'aucune, base vide'} ; révision "
        f"attendue : {head_revision()}) : lancez « fichesujet db upgrade », puis relancez le service"
    )


def known_revision(revision: str) -> bool:
    """Whether this program's migration scripts know `revision` (a newer program's database is unknown)."""
    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return any(script.revision == revision for script in scripts.walk_revisions())


async def require_head(url: str) -> None:
    """`serve`'s check before it listens, so that a refusal is one French line and not a start-up traceback."""
    await (await open_at_head(url, null_pool=True)).dispose()
