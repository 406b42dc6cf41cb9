"""The review queue's filters and pages, on the workflow's own rule of who may approve."""

from __future__ import annotations

import uuid

import pytest

from service.errors import NotFoundError
from service.review import access, queue, service
from tests.review.conftest import Factory, World, new_fiche

pytestmark = pytest.mark.anyio


async def _queue(factory: Factory, who: uuid.UUID, filter: queue.Filter, **kwargs: object) -> queue.Queue:
    async with factory() as session:
        return await queue.review_queue(session, await access.get_user(session, who), filter, **kwargs)  # type: ignore[arg-type]


async def test_mine_and_by_commission_are_paginated(factory: Factory, world: World) -> None:
    for _ in range(queue.PAGE_SIZE + 1):
        await new_fiche(factory, world)
    first = await _queue(factory, world.author, "miennes")
    second = await _queue(factory, world.author, "miennes", number=2)
    assert (first.total, first.count, len(first.items), len(second.items)) == (21, 2, 20, 1)
    line = first.items[0]
    assert (line.candidate, line.nature, line.state, line.author) == (
        "Léa Martin",
        "FDAP NV n° 1",
        "brouillon",
        "Autrice",
    )
    by_commission = await _queue(factory, world.member_b, "commission", commission_id=world.commission)
    assert by_commission.total == 21
    assert (await _queue(factory, world.member_b, "miennes")).total == 0
    with pytest.raises(NotFoundError):
        await _queue(factory, world.member_b, "commission", commission_id=uuid.uuid4())


async def test_to_review_lists_only_what_the_member_may_approve(factory: Factory, world: World) -> None:
    fiche_id = await new_fiche(factory, world)
    async with factory() as session, session.begin():
        await service.submit(session, fiche_id, world.author, 1)
    assert [line.fiche_id for line in (await _queue(factory, world.member_b, "a-relire")).items] == [fiche_id]
    assert (await _queue(factory, world.author, "a-relire")).total == 0
    assert (await _queue(factory, world.outsider, "a-relire")).total == 0
    line = (await _queue(factory, world.member_b, "a-relire")).items[0]
    assert line.state == "soumise" and line.since is not None
