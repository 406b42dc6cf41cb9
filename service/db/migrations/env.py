"""Alembic environment: async engine, batch mode so that SQLite can alter tables."""

from __future__ import annotations

import asyncio
from typing import Any

from advanced_alchemy.types import GUID
from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection

from service.db import create_engine
from service.db.models import Base

TARGET = Base.metadata
# PostgreSQL advisory lock key: one `fichesujet db upgrade` at a time on a database.
MIGRATION_LOCK = 0x66696368_65000001


def _compare_type(_ctx: Any, _inspected: Any, _column: Any, _reflected: Any, declared: Any) -> bool | None:
    """GUID is BINARY(16) on SQLite, reflected as NUMERIC: not a change. Other types: Alembic decides."""
    if isinstance(declared, GUID):
        return False
    return None


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=TARGET,
        render_as_batch=True,
        compare_type=_compare_type,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Taken before Alembic reads the current revision: a second upgrade waits, then finds the head.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        context.run_migrations()


async def _online(url: str) -> None:
    engine = create_engine(url, null_pool=True)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
    finally:
        await engine.dispose()


def main() -> None:
    url = context.config.get_main_option("sqlalchemy.url")
    assert url, "sqlalchemy.url manquant dans la configuration Alembic"
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=TARGET, render_as_batch=True, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_online(url))


main()
