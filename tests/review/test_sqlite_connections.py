"""Every pooled SQLite connection of the service gets the same pragmas, not only the first one opened."""

from __future__ import annotations

import contextlib

import pytest
from sqlalchemy import text

from service import db
from service.settings import Settings

pytestmark = pytest.mark.anyio

PRAGMAS = ("foreign_keys", "journal_mode", "busy_timeout", "cache_size")


async def test_every_pooled_connection_has_wal_the_busy_timeout_and_the_small_page_cache(
    settings: Settings,
) -> None:
    engine = await db.open_at_head(settings.database)
    try:
        async with contextlib.AsyncExitStack() as held:  # held together: three distinct pooled connections
            connections = [await held.enter_async_context(engine.connect()) for _ in range(3)]
            found = [
                tuple([(await c.execute(text(f"PRAGMA {name}"))).scalar() for name in PRAGMAS])
                for c in connections
            ]
    finally:
        await engine.dispose()
    assert found == [(1, "wal", 5000, -db.SQLITE_PAGE_CACHE_KIB)] * 3
    assert db.SQLITE_PAGE_CACHE_KIB < 2000  # below SQLite's default of 2,000 KiB per connection
