"""Workflow rights on a real database: who submits, approves, hands over; four eyes; no mark saved or audited."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
import pytest
from sqlalchemy import func, select

from service.db.models import AuditEvent, Fiche, User
from service.domain.fiche_sujet import FicheSujet
from service.errors import ForbiddenError, InputError, WorkflowError
from service.review import access, service
from tests.review.conftest import Factory, World, good_fiche, new_fiche

pytestmark = pytest.mark.anyio
HEADER_MARK = "Note du candidat : 15/20 – niveau TS"


async def run(factory: Factory, action: Callable[..., Awaitable[Any]], *args: Any, **kwargs: Any) -> Any:
    """One action in its own transaction, as one request does."""
    async with factory() as session, session.begin():
        return await action(session, *args, **kwargs)


async def act(
    factory: Factory, user_id: uuid.UUID, fiche_id: uuid.UUID, action: str, motif: str = ""
) -> Fiche:
    """A transition through the API's path (school, role, then the workflow), at the fiche's counter now."""
    async with factory() as session, session.begin():
        user = await session.get(User, user_id)
        fiche = await session.get(Fiche, fiche_id)
        assert user is not None and fiche is not None
        return await access.transition(session, user, fiche_id, action, motif, fiche.lock_version)


async def edit(factory: Factory, user_id: uuid.UUID, fiche_id: uuid.UUID, document: FicheSujet) -> None:
    async with factory() as session, session.begin():
        fiche = await session.get(Fiche, fiche_id)
        assert fiche is not None
        await service.edit_fiche(session, fiche_id, document, user_id, fiche.lock_version)


def changed(lieu: str) -> FicheSujet:
    document = good_fiche()
    document.fiche_candidat.lieu = lieu
    return document


async def trail(factory: Factory, fiche_id: uuid.UUID) -> list[AuditEvent]:
    async with factory() as session:
        return await service.audit_trail(session, fiche_id)


async def test_only_an_author_of_the_sheet_submits_it(factory: Factory, world: World) -> None:
    fiche_id = await new_fiche(factory, world)
    with pytest.raises(ForbiddenError, match="seuls les auteurs de la fiche"):
        await act(factory, world.member_a, fiche_id, "soumettre")
    assert (await act(factory, world.author, fiche_id, "soumettre")).state == "soumise"


async def test_a_colleague_who_wrote_a_version_is_an_author_and_submits(
    factory: Factory, world: World
) -> None:
    fiche_id = await new_fiche(factory, world)
    await edit(
        factory, world.member_a, fiche_id, changed("Dans la salle de réunion du club, au rez-de-chaussée.")
    )
    assert (await act(factory, world.member_a, fiche_id, "soumettre")).state == "soumise"


async def test_only_a_member_of_its_commission_hands_the_sheet_over(factory: Factory, world: World) -> None:
    fiche_id = await new_fiche(factory, world)
    await act(factory, world.author, fiche_id, "soumettre")
    await act(factory, world.member_b, fiche_id, "approuver")
    with pytest.raises(ForbiddenError):
        await act(factory, world.author, fiche_id, "remettre")
    async with factory() as session:
        fiche = await session.get(Fiche, fiche_id)
        assert fiche is not None
        with pytest.raises(ForbiddenError, match="seul un membre de la commission n° 12"):
            await service.hand_over(
                session, fiche_id, world.author, fiche.lock_version, datetime.date(2026, 5, 4)
            )
    assert (await act(factory, world.member_b, fiche_id, "remettre")).state == "remise"


async def test_outside_the_commission_nobody_approves_or_requests_changes(
    factory: Factory, world: World
) -> None:
    fiche_id = await new_fiche(factory, world)
    await act(factory, world.author, fiche_id, "soumettre")
    for action in ("approuver", "demander_modifications"):
        with pytest.raises(ForbiddenError, match="seul un membre de la commission n° 12"):
            await act(factory, world.outsider, fiche_id, action, "à revoir")


async def test_an_unchanged_save_is_refused_and_is_no_version(factory: Factory, world: World) -> None:
    fiche_id = await new_fiche(factory, world)
    with pytest.raises(WorkflowError, match="identique à la version 1"):
        await edit(factory, world.member_a, fiche_id, good_fiche())
    async with factory() as session:
        assert len(await service.versions(session, fiche_id)) == 1
    assert [e.action for e in await trail(factory, fiche_id)] == ["creer"]


async def test_a_colleague_resaving_does_not_let_the_writer_approve(factory: Factory, world: World) -> None:
    # member_a writes the sheet, member_b changes a word, member_a would approve « member_b's version ».
    async with factory() as session, session.begin():
        fiche = await service.create_fiche(
            session,
            fdap_id=world.fdap,
            commission_id=world.commission,
            document=good_fiche(),
            author_id=world.member_a,
        )
    await edit(
        factory, world.member_b, fiche.id, changed("Dans la salle de réunion du club, au rez-de-chaussée.")
    )
    await act(factory, world.member_a, fiche.id, "soumettre")
    for writer in (world.member_a, world.member_b):
        with pytest.raises(WorkflowError, match="règle des quatre yeux"):
            await act(factory, writer, fiche.id, "approuver")
    assert (await act(factory, world.member_a, fiche.id, "demander_modifications", "à revoir")).state == (
        "modifications_demandees"
    )


async def test_four_eyes_count_the_versions_since_the_last_approval(factory: Factory, world: World) -> None:
    async with factory() as session, session.begin():
        fiche = await service.create_fiche(
            session,
            fdap_id=world.fdap,
            commission_id=world.commission,
            document=good_fiche(),
            author_id=world.member_a,
        )
    await act(factory, world.member_a, fiche.id, "soumettre")
    await act(factory, world.member_b, fiche.id, "approuver")
    await edit(
        factory, world.member_b, fiche.id, changed("Dans la salle de réunion du club, au rez-de-chaussée.")
    )
    await act(factory, world.member_b, fiche.id, "soumettre")
    with pytest.raises(WorkflowError, match="règle des quatre yeux"):
        await act(factory, world.member_b, fiche.id, "approuver")
    assert (await act(factory, world.member_a, fiche.id, "approuver")).state == "approuvee"


async def test_a_mark_in_the_header_is_refused_at_creation_and_nothing_is_saved(
    factory: Factory, world: World
) -> None:
    document = msgspec.structs.replace(good_fiche(), date=HEADER_MARK)
    with pytest.raises(
        InputError, match=r"« En-tête › date » : « Note du candidat », .*« 15/20 »"
    ) as refused:
        await new_fiche(factory, world, document)
    assert refused.value.field == "date" and "retirez-la avant d'enregistrer" in str(refused.value)
    async with factory() as session:
        assert await session.scalar(select(func.count()).select_from(Fiche)) == 0


@pytest.mark.parametrize(
    ("where", "text", "label"),
    [
        ("objections", "Votre prestation vaut 15/20, pas plus.", "V-3 › Objections"),
        ("titre", "Atelier noté 15/20 par le jury", "En-tête › titre de la fiche d'activité"),
        ("modification", "Le candidat sera évalué sur sa reformulation.", "Modification n° 1 › après"),
        # hidden from a reader of the stored text, printed plainly on the sheet (hostile review, F1 and F2)
        ("objections", "Le candidat a 15\u200b/20.", "V-3 › Objections"),
        ("objections", "Il vaut 1 5 / 2 0 sur ce point.", "V-3 › Objections"),
        ("titre", "A+ pour le candidat", "En-tête › titre de la fiche d'activité"),
        ("modification", "Évaluation : très bonne prestation du candidat.", "Modification n° 1 › après"),
    ],
)
async def test_a_mark_anywhere_is_refused_at_save_naming_the_field(
    factory: Factory, world: World, where: str, text: str, label: str
) -> None:
    fiche_id = await new_fiche(factory, world)
    document = good_fiche()
    if where == "objections":
        document.fiche_jury.objections.append(text)
    elif where == "titre":
        document.fiche_activite.titre = text
    else:
        document.modifications[0].apres = text
    with pytest.raises(InputError, match=f"« {label} »"):
        await edit(factory, world.author, fiche_id, document)
    async with factory() as session:
        assert len(await service.versions(session, fiche_id)) == 1


async def test_a_mark_in_a_motif_is_refused_and_never_reaches_the_audit_trail(
    factory: Factory, world: World
) -> None:
    fiche_id = await new_fiche(factory, world)
    marked = "Je lui mettrais 15/20"
    with pytest.raises(InputError, match="motif"):
        await run(
            factory, service.edit_fiche, fiche_id, changed("Au club, salle 2."), world.author, 1, marked
        )
    with pytest.raises(InputError, match="motif"):
        await act(factory, world.author, fiche_id, "soumettre", marked)
    await act(factory, world.author, fiche_id, "soumettre")
    for action in ("approuver", "demander_modifications"):
        with pytest.raises(InputError, match="« 15/20 »"):
            await act(factory, world.member_b, fiche_id, action, marked)
    await act(factory, world.member_b, fiche_id, "approuver")
    with pytest.raises(InputError, match="motif"):
        await act(factory, world.member_b, fiche_id, "remettre", "remise, niveau TS")
    with pytest.raises(InputError, match="motif"):
        async with factory() as session, session.begin():
            await service.create_fiche(
                session,
                fdap_id=world.fdap,
                commission_id=world.commission,
                document=good_fiche(),
                author_id=world.author,
                reason="vaut quinze sur vingt, note : 15/20",
            )
    reasons = [e.reason for e in await trail(factory, fiche_id)]
    assert len(reasons) == 3 and not any("15/20" in r or "TS" in r for r in reasons)
