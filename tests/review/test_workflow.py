"""The review workflow on a real SQLite file: transitions, refusals, audit, versions, concurrency."""

from __future__ import annotations

import asyncio
import datetime
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
import pytest
from sqlalchemy import select

from service.db.models import AuditEvent, Fiche, FicheVersion, ReviewDecision
from service.domain.codec import load_fiche
from service.errors import ConflictError, ForbiddenError, WorkflowError
from service.review import service
from tests.conftest import FIXTURES
from tests.review.conftest import Factory, World, good_fiche, make_world, new_fiche

pytestmark = pytest.mark.anyio
OVER_MARGIN = FIXTURES / "fiches" / "13-06-remise-25-pourcent.json"  # an erreur that is not a mark


async def run(factory: Factory, action: Callable[..., Awaitable[Any]], *args: Any, **kwargs: Any) -> Any:
    """One action in its own transaction, as one API request will do."""
    async with factory() as session, session.begin():
        return await action(session, *args, **kwargs)


async def counter(factory: Factory, fiche_id: uuid.UUID) -> int:
    async with factory() as session:
        fiche = await session.get(Fiche, fiche_id)
        assert fiche is not None
        return fiche.lock_version


async def submitted(factory: Factory, world: World) -> tuple[uuid.UUID, int]:
    fiche_id = await new_fiche(factory, world)
    fiche = await run(factory, service.submit, fiche_id, world.author, 1)
    return fiche_id, fiche.lock_version


async def test_happy_path_from_draft_to_handed_over(factory: Factory, world: World) -> None:
    fiche_id, lock = await submitted(factory, world)
    fiche = await run(factory, service.approve, fiche_id, world.member_b, lock, "prête à jouer")
    assert fiche.state == "approuvee"
    fiche = await run(
        factory, service.hand_over, fiche_id, world.member_b, fiche.lock_version, datetime.date(2026, 5, 4)
    )
    assert (fiche.state, fiche.remise_le) == ("remise", datetime.date(2026, 5, 4))
    async with factory() as session:
        trail = await service.audit_trail(session, fiche_id)
        decisions = list(await session.scalars(select(ReviewDecision)))
    assert [(e.from_state, e.to_state) for e in trail] == [
        (None, "brouillon"),
        ("brouillon", "soumise"),
        ("soumise", "approuvee"),
        ("approuvee", "remise"),
    ]
    assert [e.actor_id for e in trail] == [world.author, world.author, world.member_b, world.member_b]
    assert all(e.at.tzinfo is not None and e.reason for e in trail)
    assert "04/05/2026" in trail[-1].reason
    assert [(d.member_id, d.decision, d.comment) for d in decisions] == [
        (world.member_b, "approve", "prête à jouer")
    ]


async def test_changes_requested_then_edited_back_to_draft(factory: Factory, world: World) -> None:
    fiche_id, lock = await submitted(factory, world)
    fiche = await run(
        factory, service.request_changes, fiche_id, world.member_a, lock, "durcir les objections"
    )
    assert fiche.state == "modifications_demandees"
    document = good_fiche()
    document.fiche_jury.objections.append("Et si vos ateliers ne plaisent pas aux salariés postés ?")
    version = await run(factory, service.edit_fiche, fiche_id, document, world.author, fiche.lock_version)
    assert version.number == 2
    async with factory() as session:
        trail = await service.audit_trail(session, fiche_id)
        edited = await session.get(Fiche, fiche_id)
    assert edited is not None and edited.state == "brouillon"
    assert [(e.action, e.from_state, e.to_state) for e in trail][-2:] == [
        ("demander_modifications", "soumise", "modifications_demandees"),
        ("modifier", "modifications_demandees", "brouillon"),
    ]
    assert trail[-2].reason == "durcir les objections"


async def test_editing_an_approved_fiche_starts_a_new_version_and_keeps_the_old(
    factory: Factory, world: World
) -> None:
    fiche_id, lock = await submitted(factory, world)
    fiche = await run(factory, service.approve, fiche_id, world.member_b, lock)
    changed = good_fiche()
    changed.fiche_candidat.lieu = "Dans la salle de réunion du comité, au premier étage du club."
    await run(factory, service.edit_fiche, fiche_id, changed, world.member_b, fiche.lock_version)
    async with factory() as session:
        versions = await service.versions(session, fiche_id)
        fiche = await session.get(Fiche, fiche_id)
    assert fiche is not None and (fiche.state, fiche.current_version) == ("brouillon", 2)
    first, second = versions
    assert first.approved_at is not None and second.approved_at is None
    # Both name the candidate and commission of the database, whatever the document said.
    header = {"candidat": {"nom": "Martin", "prenom": "Léa", "numero": "0123"}, "commission": "12"}
    assert first.document == msgspec.to_builtins(good_fiche()) | header
    assert second.document["fiche_candidat"]["lieu"].startswith("Dans la salle de réunion du comité")
    assert {k: second.document[k] for k in header} == header
    # The new version needs approval again, and its author (member_b) cannot give it.
    fiche = await run(factory, service.submit, fiche_id, world.member_b, fiche.lock_version)
    with pytest.raises(WorkflowError, match="règle des quatre yeux"):
        await run(factory, service.approve, fiche_id, world.member_b, fiche.lock_version)
    fiche = await run(factory, service.approve, fiche_id, world.member_a, fiche.lock_version)
    assert fiche.state == "approuvee"


async def test_an_approved_version_cannot_be_changed_in_the_database(factory: Factory, world: World) -> None:
    fiche_id, lock = await submitted(factory, world)
    await run(factory, service.approve, fiche_id, world.member_b, lock)
    with pytest.raises(WorkflowError, match="approuvée"):
        async with factory() as session, session.begin():
            version = await session.scalar(select(FicheVersion).where(FicheVersion.fiche_id == fiche_id))
            assert version is not None
            version.document = {**version.document, "commission": "réécrite"}
    async with factory() as session:
        version = await session.scalar(select(FicheVersion).where(FicheVersion.fiche_id == fiche_id))
    assert version is not None and version.document["commission"] == "12"  # as approved, not « réécrite »


async def test_the_audit_trail_is_append_only(factory: Factory, world: World) -> None:
    fiche_id = await new_fiche(factory, world)
    with pytest.raises(WorkflowError, match="audit"):
        async with factory() as session, session.begin():
            event = await session.scalar(select(AuditEvent).where(AuditEvent.entity_id == fiche_id))
            assert event is not None
            await session.delete(event)


async def test_the_author_cannot_approve_their_own_version(factory: Factory, world: World) -> None:
    # member_a writes the fiche, then tries to approve it.
    async with factory() as session, session.begin():
        fiche = await service.create_fiche(
            session,
            fdap_id=world.fdap,
            commission_id=world.commission,
            document=good_fiche(),
            author_id=world.member_a,
        )
    fiche = await run(factory, service.submit, fiche.id, world.member_a, fiche.lock_version)
    with pytest.raises(WorkflowError, match="a écrit une version de la fiche depuis sa dernière approbation"):
        await run(factory, service.approve, fiche.id, world.member_a, fiche.lock_version)
    assert await counter(factory, fiche.id) == fiche.lock_version


async def test_approval_needs_a_member_of_the_commission(factory: Factory, world: World) -> None:
    fiche_id, lock = await submitted(factory, world)
    with pytest.raises(ForbiddenError, match="seul un membre de la commission n° 12"):
        await run(factory, service.approve, fiche_id, world.outsider, lock)
    with pytest.raises(ForbiddenError, match="seul un membre"):
        await run(factory, service.request_changes, fiche_id, world.outsider, lock, "non")


async def test_in_ponctuel_a_teacher_of_the_candidate_cannot_approve(factory: Factory) -> None:
    world = await make_world(factory, mode="ponctuel")
    fiche_id, lock = await submitted(factory, world)
    with pytest.raises(WorkflowError, match=r"ponctuelle.*enseigne au candidat"):
        await run(factory, service.approve, fiche_id, world.member_a, lock)
    fiche = await run(factory, service.approve, fiche_id, world.member_b, lock)
    assert fiche.state == "approuvee"


async def test_in_ccf_a_teacher_of_the_candidate_may_approve(factory: Factory, world: World) -> None:
    fiche_id, lock = await submitted(factory, world)
    fiche = await run(factory, service.approve, fiche_id, world.member_a, lock)
    assert fiche.state == "approuvee"


async def test_a_sheet_with_a_rule_error_cannot_be_submitted(factory: Factory, world: World) -> None:
    fiche_id = await new_fiche(factory, world, load_fiche(OVER_MARGIN))
    with pytest.raises(WorkflowError, match=r"ne peut pas être soumise : les règles y trouvent 1 erreur — "):
        await run(factory, service.submit, fiche_id, world.author, 1)
    async with factory() as session:
        fiche = await session.get(Fiche, fiche_id)
        trail = await service.audit_trail(session, fiche_id)
    assert fiche is not None and fiche.state == "brouillon"
    assert len(trail) == 1


async def test_a_marker_to_fill_in_blocks_submission_until_the_teacher_replaces_it(
    factory: Factory, world: World
) -> None:
    draft = good_fiche()
    filled = draft.fiche_candidat.informations
    draft.fiche_candidat.informations = (
        f"{filled} Tarif négocié l'an dernier : [à préciser : montant du contrat 2024]."
    )
    fiche_id = await new_fiche(factory, world, draft)
    with pytest.raises(
        WorkflowError,
        match=r"il reste 1 marqueur « \[à préciser\] » à remplacer — V-2 · .*montant du contrat 2024",
    ):
        await run(factory, service.submit, fiche_id, world.author, 1)
    draft.fiche_candidat.informations = f"{filled} Tarif négocié l'an dernier : 4 800 € pour l'année."
    await run(factory, service.edit_fiche, fiche_id, draft, world.author, 1)
    fiche = await run(factory, service.submit, fiche_id, world.author, await counter(factory, fiche_id))
    assert fiche.state == "soumise"


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("approve", "impossible d'approuver une fiche à l'état « brouillon » .*« soumise »"),
        ("hand_over", "impossible de remettre au candidat une fiche à l'état « brouillon »"),
        ("request_changes", "impossible de demander des modifications"),
    ],
)
async def test_a_transition_is_refused_from_the_wrong_state(
    factory: Factory, world: World, action: str, message: str
) -> None:
    fiche_id = await new_fiche(factory, world)
    calls: dict[str, Callable[[], Awaitable[Any]]] = {
        "approve": lambda: run(factory, service.approve, fiche_id, world.member_b, 1),
        "hand_over": lambda: run(
            factory, service.hand_over, fiche_id, world.member_b, 1, datetime.date(2026, 5, 4)
        ),
        "request_changes": lambda: run(factory, service.request_changes, fiche_id, world.member_b, 1, "x"),
    }
    with pytest.raises(WorkflowError, match=message):
        await calls[action]()


async def test_a_submitted_fiche_cannot_be_submitted_or_edited(factory: Factory, world: World) -> None:
    fiche_id, lock = await submitted(factory, world)
    with pytest.raises(WorkflowError, match="« soumise »"):
        await run(factory, service.submit, fiche_id, world.author, lock)
    with pytest.raises(WorkflowError, match="impossible de modifier"):
        await run(factory, service.edit_fiche, fiche_id, good_fiche(), world.author, lock)


async def test_a_stale_counter_is_a_conflict(factory: Factory, world: World) -> None:
    fiche_id, lock = await submitted(factory, world)
    with pytest.raises(ConflictError, match="modifiée entre-temps"):
        await run(factory, service.approve, fiche_id, world.member_b, lock - 1)
    async with factory() as session:
        fiche = await session.get(Fiche, fiche_id)
    assert fiche is not None and fiche.state == "soumise"


async def test_two_concurrent_approvals_exactly_one_wins(factory: Factory, world: World) -> None:
    fiche_id, lock = await submitted(factory, world)
    outcomes = await asyncio.gather(
        run(factory, service.approve, fiche_id, world.member_a, lock),
        run(factory, service.approve, fiche_id, world.member_b, lock),
        return_exceptions=True,
    )
    wins = [o for o in outcomes if isinstance(o, Fiche)]
    conflicts = [o for o in outcomes if isinstance(o, ConflictError)]
    assert (len(wins), len(conflicts)) == (1, 1), outcomes
    async with factory() as session:
        decisions = list(await session.scalars(select(ReviewDecision)))
        trail = await service.audit_trail(session, fiche_id)
    assert len(decisions) == 1
    assert [e.to_state for e in trail].count("approuvee") == 1


async def test_a_write_based_on_a_stale_read_is_refused_by_the_database(
    factory: Factory, world: World
) -> None:
    """The window between the counter check and the write: the UPDATE's version guard closes it."""
    fiche_id, lock = await submitted(factory, world)
    async with factory() as first, factory() as second:
        stale = await second.get(Fiche, fiche_id)
        assert stale is not None and stale.lock_version == lock
        await service.approve(first, fiche_id, world.member_a, lock)
        await first.commit()
        stale.state = "modifications_demandees"
        with pytest.raises(ConflictError, match="en même temps"):
            await service._flush(second)
    async with factory() as session:
        fiche = await session.get(Fiche, fiche_id)
    assert fiche is not None and (fiche.state, fiche.lock_version) == ("approuvee", lock + 1)
