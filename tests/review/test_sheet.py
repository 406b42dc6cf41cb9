"""What the sheet's page offers each person: the workflow's rules said in words where they block."""

from __future__ import annotations

import uuid

import pytest

from service.review import access, service, sheet
from tests.review.conftest import Factory, make_world, new_fiche

pytestmark = pytest.mark.anyio


async def _sheet(factory: Factory, who: uuid.UUID, fiche_id: uuid.UUID) -> sheet.Sheet:
    async with factory() as session:
        return await sheet.sheet_for(session, await access.get_user(session, who), fiche_id)


async def test_in_the_ponctuel_form_a_teacher_of_the_candidate_is_told_why_not(factory: Factory) -> None:
    world = await make_world(factory, "ponctuel")
    fiche_id = await new_fiche(factory, world)
    async with factory() as session, session.begin():
        await service.submit(session, fiche_id, world.author, 1)
    teacher = await _sheet(factory, world.member_a, fiche_id)
    assert teacher.actions == [] and "conflit d'intérêts" in teacher.blocked[0]
    other = await _sheet(factory, world.member_b, fiche_id)
    assert [a.name for a in other.actions] == ["approuver", "demander_modifications"] and other.blocked == []
    author = await _sheet(factory, world.author, fiche_id)
    assert author.actions == [] and "règle des quatre yeux" in author.blocked[0]
    outsider = await _sheet(factory, world.outsider, fiche_id)
    assert (outsider.insider, outsider.actions, outsider.blocked, outsider.history) == (False, [], [], None)


async def test_a_draft_offers_its_author_to_submit_and_nothing_to_review(factory: Factory) -> None:
    world = await make_world(factory)
    fiche_id = await new_fiche(factory, world)
    author = await _sheet(factory, world.author, fiche_id)
    assert [a.name for a in author.actions] == ["soumettre"] and author.state == "brouillon"
    member = await _sheet(factory, world.member_b, fiche_id)
    assert member.actions == [] and member.insider and member.history and member.history.events
