"""The dashboard's lists follow the workflow's rules: who may approve, who must fix, what is left to write."""

from __future__ import annotations

import uuid

import pytest

from service.db.models import User
from service.review import dashboard, reviewers, service
from tests.review.conftest import Factory, World, good_fiche, make_world, new_fiche

pytestmark = pytest.mark.anyio


async def names(factory: Factory, user_id: uuid.UUID, board: str) -> list[str]:
    """The candidates of one list of a user's dashboard."""
    async with factory() as session:
        user = await session.get(User, user_id)
        assert user
        page = await getattr(dashboard, board)(session, user)
        return [item.candidate for item in page.items]


async def submitted(factory: Factory, world: World, author: uuid.UUID | None = None) -> uuid.UUID:
    """A fiche submitted by `author` (the world's author by default), who wrote its current version."""
    fiche_id = await new_fiche(factory, world)
    async with factory() as session, session.begin():
        lock = 1
        if author:
            document = good_fiche()
            document.fiche_jury.freins += " Il compare avec une salle concurrente."
            await service.edit_fiche(session, fiche_id, document, author, lock, "reprise")
            lock = 2
        await service.submit(session, fiche_id, author or world.author, lock)
    return fiche_id


async def test_a_candidate_with_an_fdap_and_no_fiche_is_to_write(factory: Factory, world: World) -> None:
    assert await names(factory, world.author, "to_write") == ["Léa Martin"]
    await new_fiche(factory, world)
    assert await names(factory, world.author, "to_write") == []


async def test_a_submitted_fiche_is_to_review_by_the_members_who_may_approve(
    factory: Factory, world: World
) -> None:
    await submitted(factory, world)
    assert await names(factory, world.member_a, "to_review") == ["Léa Martin"]
    assert await names(factory, world.member_b, "to_review") == ["Léa Martin"]
    assert await names(factory, world.outsider, "to_review") == []  # not a member of this commission
    assert await names(factory, world.author, "to_review") == []  # no commission role


async def test_the_author_of_the_version_does_not_review_it(factory: Factory, world: World) -> None:
    await submitted(factory, world, author=world.member_b)
    assert await names(factory, world.member_b, "to_review") == []
    assert await names(factory, world.member_a, "to_review") == ["Léa Martin"]


async def test_a_member_who_wrote_an_earlier_version_since_approval_does_not_review_it(
    factory: Factory, world: World
) -> None:
    # member_a writes version 1, member_b version 2: neither approves (four eyes since the last approval).
    fiche_id = await new_fiche(factory, world, author=world.member_a)
    async with factory() as session, session.begin():
        document = good_fiche()
        document.fiche_jury.freins += " Il compare avec une salle concurrente."
        await service.edit_fiche(session, fiche_id, document, world.member_b, 1)
        await service.submit(session, fiche_id, world.member_a, 2)
    assert await names(factory, world.member_a, "to_review") == []
    assert await names(factory, world.member_b, "to_review") == []


async def _reviewable(factory: Factory, world: World, fiche_id: uuid.UUID) -> dict[uuid.UUID, bool]:
    """For each member: on their « à relire » list, and whether the workflow's own rule lets them approve."""
    found = {}
    async with factory() as session:
        for member in (world.member_a, world.member_b):
            listed = await names(factory, member, "to_review") == ["Léa Martin"]
            versions = await service.versions(session, fiche_id)
            allowed = member not in reviewers.recent_authors(versions)
            assert listed == allowed, (member, listed, allowed)
            found[member] = listed
    return found


async def test_four_eyes_counts_from_the_last_approval_as_the_workflow_does(
    factory: Factory, world: World
) -> None:
    # member_a writes version 1, member_b approves it; the author's version 2 is then reviewable by both,
    # member_a's version 3 by member_b only.
    fiche_id = await new_fiche(factory, world, author=world.member_a)
    async with factory() as session, session.begin():
        await service.submit(session, fiche_id, world.member_a, 1)
        await service.approve(session, fiche_id, world.member_b, 2)
        document = good_fiche()
        document.fiche_jury.freins += " Il compare avec une salle concurrente."
        await service.edit_fiche(session, fiche_id, document, world.author, 3)
        await service.submit(session, fiche_id, world.author, 4)
    assert await _reviewable(factory, world, fiche_id) == {world.member_a: True, world.member_b: True}
    async with factory() as session, session.begin():
        await service.request_changes(session, fiche_id, world.member_b, 5, "préciser l'objection")
        document.fiche_jury.freins += " Elle hésite."
        await service.edit_fiche(session, fiche_id, document, world.member_a, 6)
        await service.submit(session, fiche_id, world.member_a, 7)
    assert await _reviewable(factory, world, fiche_id) == {world.member_a: False, world.member_b: True}


async def test_in_the_ponctuel_form_a_teacher_of_the_candidate_does_not_review(factory: Factory) -> None:
    world = await make_world(factory, mode="ponctuel")
    await submitted(factory, world)
    assert await names(factory, world.member_a, "to_review") == []  # teaches Léa Martin
    assert await names(factory, world.member_b, "to_review") == ["Léa Martin"]


async def test_changes_requested_are_to_fix_for_the_authors_with_their_wait(
    factory: Factory, world: World
) -> None:
    fiche_id = await submitted(factory, world)
    async with factory() as session, session.begin():
        await service.request_changes(session, fiche_id, world.member_b, 2, "préciser l'objection")
    assert await names(factory, world.author, "to_fix") == ["Léa Martin"]
    assert await names(factory, world.member_b, "to_fix") == []
    async with factory() as session:
        author = await session.get(User, world.author)
        assert author
        board = await dashboard.dashboard(session, author)
    assert board.to_fix.items[0].since is not None and board.to_fix.items[0].fiche_id == fiche_id
    assert dict(board.progress)["modifications demandées"] == 1 and dict(board.progress)["soumise"] == 0
