"""Comments on a fiche's rows: insiders only, school-scoped, traced in the audit, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import Etablissement, User
from service.errors import ForbiddenError, InputError, NotFoundError
from service.review import comments, service
from service.review.access import get_user
from tests.review.conftest import PASSWORD_HASH, Factory, World, new_fiche

pytestmark = pytest.mark.anyio


async def _user(session: AsyncSession, user_id: uuid.UUID) -> User:
    return await get_user(session, user_id)


async def test_a_member_comments_a_row_and_it_is_audited(factory: Factory, world: World) -> None:
    fiche_id = await new_fiche(factory, world)
    async with factory() as session, session.begin():
        member = await _user(session, world.member_b)
        line = await comments.add_comment(
            session, member, fiche_id, 1, "jury.objections", "  Plus exigeantes.  "
        )
    assert (line.label, line.body, line.author) == ("V-3 · Objections", "Plus exigeantes.", "Membre-b")
    async with factory() as session:
        author = await _user(session, world.author)
        found = await comments.comments_for(session, author, fiche_id)
        trail = await service.audit_trail(session, fiche_id)
    assert [(c.version, c.row, c.body) for c in found] == [(1, "jury.objections", "Plus exigeantes.")]
    assert (
        trail[-1].action == "commenter"
        and "V-3 · Objections (version 1) : Plus exigeantes." in trail[-1].reason
    )
    assert comments.by_row(found, 2) == {} and list(comments.by_row(found, 1)) == ["jury.objections"]


async def test_a_member_outside_the_commission_may_not_comment(factory: Factory, world: World) -> None:
    fiche_id = await new_fiche(factory, world)
    async with factory() as session, session.begin():
        outsider = await _user(session, world.outsider)
        with pytest.raises(ForbiddenError):
            await comments.add_comment(session, outsider, fiche_id, 1, "candidat.objet", "non")
        with pytest.raises(ForbiddenError):
            await comments.comments_for(session, outsider, fiche_id)


async def test_another_school_gets_not_found(factory: Factory, world: World) -> None:
    fiche_id = await new_fiche(factory, world)
    async with factory() as session, session.begin():
        school = Etablissement(name="Ailleurs", uai="0750009Z")
        session.add(school)
        await session.flush()
        stranger = User(
            etablissement_id=school.id,
            email="x@ailleurs.example",
            display_name="X",
            password_hash=PASSWORD_HASH,
            roles=["commission"],
        )
        session.add(stranger)
        await session.flush()
        with pytest.raises(NotFoundError):
            await comments.add_comment(session, stranger, fiche_id, 1, "candidat.objet", "non")


async def test_bad_rows_empty_text_and_unknown_versions_are_refused_in_french(
    factory: Factory, world: World
) -> None:
    fiche_id = await new_fiche(factory, world)
    async with factory() as session, session.begin():
        member = await _user(session, world.member_a)
        with pytest.raises(InputError, match="ligne inconnue"):
            await comments.add_comment(session, member, fiche_id, 1, "candidat.note", "x")
        with pytest.raises(InputError, match="vide"):
            await comments.add_comment(session, member, fiche_id, 1, "candidat.objet", "   ")
        with pytest.raises(InputError, match="2000"):
            await comments.add_comment(session, member, fiche_id, 1, "candidat.objet", "x" * 2001)
        with pytest.raises(NotFoundError, match="version 7"):
            await comments.add_comment(session, member, fiche_id, 7, "candidat.objet", "x")


async def test_a_comment_holding_a_mark_is_refused_and_nothing_is_stored(
    factory: Factory, world: World
) -> None:
    """A comment is kept and copied into the audit trail: a mark there would be stored for good."""
    fiche_id = await new_fiche(factory, world)
    async with factory() as session, session.begin():
        member = await _user(session, world.member_b)
        with pytest.raises(InputError, match="commentaire contient une note"):
            await comments.add_comment(
                session, member, fiche_id, 1, "jury.objections", "Vaut 15/20 en l'état"
            )
    async with factory() as session:
        author = await _user(session, world.author)
        assert await comments.comments_for(session, author, fiche_id) == []
        trail = await service.audit_trail(session, fiche_id)
    assert all("15/20" not in event.reason for event in trail)
