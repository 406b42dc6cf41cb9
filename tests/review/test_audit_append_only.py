"""The audit trail refuses UPDATE and DELETE in the database itself, whatever the query (not only the ORM)."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DBAPIError

from service.db.models import AuditEvent
from tests.review.conftest import Factory, World, new_fiche

pytestmark = pytest.mark.anyio

REFUSED_STATEMENTS = [
    text("UPDATE audit_event SET reason = 'réécrit'"),
    text("DELETE FROM audit_event"),
    update(AuditEvent).values(reason="réécrit"),
    delete(AuditEvent),
]


@pytest.mark.parametrize(
    "statement", REFUSED_STATEMENTS, ids=["sql-update", "sql-delete", "orm-update", "orm-delete"]
)
async def test_the_database_refuses_to_change_or_remove_an_audit_event(
    factory: Factory, world: World, statement: object
) -> None:
    fiche_id = await new_fiche(factory, world)
    async with factory() as session:
        before = await session.scalar(select(func.count()).select_from(AuditEvent))
    with pytest.raises(DBAPIError, match="audit"):
        async with factory() as session, session.begin():
            await session.execute(statement)  # type: ignore[call-overload]
    async with factory() as session:
        events = list(await session.scalars(select(AuditEvent).where(AuditEvent.entity_id == fiche_id)))
        after = await session.scalar(select(func.count()).select_from(AuditEvent))
    assert after == before and before
    assert [e.reason for e in events] != [] and "réécrit" not in {e.reason for e in events}


async def test_appending_to_the_audit_trail_still_works(factory: Factory, world: World) -> None:
    await new_fiche(factory, world)
    await new_fiche(factory, world)
    async with factory() as session:
        assert await session.scalar(select(func.count()).select_from(AuditEvent)) == 2


async def test_a_database_error_shows_no_value_of_the_statement(factory: Factory, world: World) -> None:
    """Such an error reaches the service's log (the 500 handler logs it): the values may be personal data."""
    await new_fiche(factory, world)
    with pytest.raises(DBAPIError) as refused:
        async with factory() as session, session.begin():
            await session.execute(
                text("UPDATE audit_event SET reason = :why"), {"why": "Léa Martin, 06 12 34 56 78"}
            )
    assert "Léa Martin" not in str(refused.value)
