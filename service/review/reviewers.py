"""Who may submit, review and hand over a fiche: authorship, commission, four eyes and conflict of interest,
said once for every door.

The workflow enforces them (service.submit, approve, request_changes, hand_over); the sheet's page explains
them where the button would be.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from service.db.models import Candidate, Commission, FicheVersion
from service.errors import ForbiddenError

FOUR_EYES = (
    "un membre qui a écrit une version de la fiche depuis sa dernière approbation ne peut pas l'approuver "
    "(règle des quatre yeux) : un autre membre de la commission doit la relire et l'approuver"
)
CONFLICT_OF_INTEREST = (
    "en forme ponctuelle, un membre de la commission qui enseigne au candidat ne peut pas approuver sa "
    "fiche (conflit d'intérêts) : un autre membre de la commission doit la relire"
)
NOT_AUTHOR = (
    "seuls les auteurs de la fiche (qui en ont écrit une version) peuvent la soumettre à la commission"
)


def unchanged(number: int) -> str:
    """A save that changes nothing is no version: else re-saving would make a colleague its author."""
    return (
        f"la fiche envoyée est identique à la version {number} : aucune nouvelle version n'est enregistrée "
        "(modifiez-la d'abord)"
    )


def is_member(user_id: uuid.UUID, commission: Commission) -> bool:
    return any(m.id == user_id for m in commission.members)


def require_member(user_id: uuid.UUID, commission: Commission) -> None:
    """Approving, requesting changes and handing over belong to the fiche's commission, not the school."""
    if not is_member(user_id, commission):
        raise ForbiddenError(
            f"seul un membre de la commission n° {commission.number} peut approuver cette fiche, demander des "
            "modifications ou la remettre au candidat"
        )


def authors(versions: Iterable[FicheVersion]) -> set[uuid.UUID]:
    """Whoever wrote one of the versions: the fiche's authors, who alone submit it."""
    return {v.author_id for v in versions}


def require_author(user_id: uuid.UUID, versions: Iterable[FicheVersion]) -> None:
    if user_id not in authors(versions):
        raise ForbiddenError(NOT_AUTHOR)


def recent_authors(versions: Iterable[FicheVersion]) -> set[uuid.UUID]:
    """Who wrote a version since the last approved one (or since creation): none of them may approve."""
    ordered = sorted(versions, key=lambda v: v.number)
    approved = [v.number for v in ordered if v.approved_at is not None]
    since = approved[-1] if approved else 0
    return {v.author_id for v in ordered if v.number > since}


def approval_refusal(member_id: uuid.UUID, writers: set[uuid.UUID], candidate: Candidate) -> str | None:
    """Why this commission member may not approve, given the `recent_authors`, or None when they may."""
    if member_id in writers:
        return FOUR_EYES
    if candidate.exam_session.mode == "ponctuel" and any(t.id == member_id for t in candidate.teachers):
        return CONFLICT_OF_INTEREST
    return None
