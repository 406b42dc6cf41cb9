"""Who may approve a version: the four-eyes and conflict-of-interest rules, said once for every door.

The workflow enforces them (service.approve), the sheet's page explains them where the button would be.
"""

from __future__ import annotations

import uuid

from service.db.models import Candidate

FOUR_EYES = (
    "l'auteur d'une version ne peut pas l'approuver (règle des quatre yeux) : un autre membre de la "
    "commission doit la relire et l'approuver"
)
CONFLICT_OF_INTEREST = (
    "en forme ponctuelle, un membre de la commission qui enseigne au candidat ne peut pas approuver sa "
    "fiche (conflit d'intérêts) : un autre membre de la commission doit la relire"
)


def approval_refusal(member_id: uuid.UUID, author_id: uuid.UUID, candidate: Candidate) -> str | None:
    """Why this commission member may not approve this version, or None when they may."""
    if author_id == member_id:
        return FOUR_EYES
    if candidate.exam_session.mode == "ponctuel" and any(t.id == member_id for t in candidate.teachers):
        return CONFLICT_OF_INTEREST
    return None
