"""The lists read a page of light rows: no FDAP or fiche document, only the caller's school, by pages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import Candidate, Etablissement, ExamSession, User
from service.review import candidate_list, dashboard, queue, service
from tests.review.conftest import Factory, World, good_fiche, new_fiche

pytestmark = pytest.mark.anyio


@contextmanager
def selects(session: AsyncSession) -> Iterator[list[str]]:
    """The SELECT statements the session's engine sends during the block."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    engine = session.bind.engine  # type: ignore[union-attr]
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


async def enrol(factory: Factory, world: World, count: int, *, elsewhere: bool = False) -> None:
    """`count` more candidates in the world's school, or in another school."""
    async with factory() as session, session.begin():
        author = await session.get(User, world.author)
        assert author
        school_id, exam_id = author.etablissement_id, None
        if elsewhere:
            school = Etablissement(name="Lycée Victor Hugo", uai="0750002B")
            session.add(school)
            await session.flush()
            exam = ExamSession(etablissement_id=school.id, year=2026, mode="ccf")
            session.add(exam)
            await session.flush()
            school_id, exam_id = school.id, exam.id
        else:
            exam_id = await session.scalar(
                select(ExamSession.id).where(ExamSession.etablissement_id == school_id)
            )
        session.add_all(
            Candidate(etablissement_id=school_id, exam_session_id=exam_id, nom=f"Nom-{n}", prenom="Sam")
            for n in range(count)
        )


async def test_the_candidate_list_comes_by_pages_of_the_callers_school_only(
    factory: Factory, world: World
) -> None:
    await enrol(factory, world, 4)
    await enrol(factory, world, 3, elsewhere=True)
    async with factory() as session:
        author = await session.get(User, world.author)
        assert author
        pages = [await candidate_list.list_candidates(session, author, n, 2) for n in (1, 2, 3, 4)]
    assert [p.total for p in pages] == [5, 5, 5, 5]
    assert [[c.nom for c in p.items] for p in pages] == [
        ["Martin", "Nom-0"],
        ["Nom-1", "Nom-2"],
        ["Nom-3"],
        [],
    ]
    assert [p.has_next for p in pages] == [True, True, False, False]


async def test_the_lists_never_read_a_document(factory: Factory, world: World) -> None:
    async with factory() as session:  # an FDAP and no fiche yet: the « à rédiger » list and its natures
        author = await session.get(User, world.author)
        assert author
        with selects(session) as before:
            to_write = await dashboard.to_write(session, author)
    assert [(w.numero, w.detail.startswith("FDAP ")) for w in to_write.items] == [("0123", True)]
    await new_fiche(factory, world)
    async with factory() as session:
        author = await session.get(User, world.author)
        member = await session.get(User, world.member_a)
        assert author and member
        with selects(session) as seen:
            found = await candidate_list.list_candidates(session, author, 1, 50)
            await dashboard.dashboard(session, member)
            await queue.review_queue(session, member, "commission")
            await queue.review_queue(session, author, "miennes")
    assert [(c.nom, len(c.fdaps), len(c.fiches), c.teachers != []) for c in found.items] == [
        ("Martin", 1, 1, True)
    ]
    assert before and seen and not [s for s in [*before, *seen] if "document" in s]


async def test_an_approval_of_another_fiche_does_not_hide_a_members_own_version(
    factory: Factory, world: World
) -> None:
    """Four eyes on the dashboard: the latest approval is the fiche's own, not the latest of any fiche."""
    other = await new_fiche(factory, world)
    mine = await new_fiche(factory, world)
    edited = good_fiche()
    edited.fiche_jury.freins += " Il compare avec une salle concurrente."
    async with factory() as session, session.begin():
        await service.edit_fiche(session, other, edited, world.author, 1, "reprise")
        await service.submit(session, other, world.author, 2)
        await service.approve(session, other, world.member_a, 3)  # approved at version 2
        await service.edit_fiche(session, mine, edited, world.member_b, 1, "reprise")  # v2, member_b's
        await service.submit(session, mine, world.member_b, 2)
    async with factory() as session:
        member_b = await session.get(User, world.member_b)
        assert member_b
        waiting = await dashboard.to_review(session, member_b)
    assert [item.fiche_id for item in waiting.items if item.fiche_id == mine] == []
