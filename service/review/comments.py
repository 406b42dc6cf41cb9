"""Comments on the rows of a fiche's versions: what a member or an author wants changed, beside the row.

Only the fiche's insiders (members of its commission, authors of its versions) read or write them, as the
jury sheet; each comment is also traced in the audit trail.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import AuditEvent, FicheComment, FicheVersion, User
from service.domain.fiche_sujet import ROWS_CANDIDAT, ROWS_JURY
from service.errors import InputError, NotFoundError
from service.review import access
from service.review.mark_guard import refuse_marked_motif

# "candidat.objet" -> « V-2 · Objet de l'activité »: every row a comment may name.
ROWS: dict[str, str] = {f"candidat.{name}": f"V-2 · {label}" for name, label in ROWS_CANDIDAT} | {
    f"jury.{name}": f"V-3 · {label}" for name, label in ROWS_JURY
}
MAX_LENGTH = 2000


@dataclass(frozen=True)
class CommentLine:
    """One comment as read: on which row of which version, by whom, when."""

    id: uuid.UUID
    version: int
    row: str
    label: str
    author: str
    at: datetime.datetime
    body: str


def _checked(row: str, body: str) -> str:
    if row not in ROWS:
        raise InputError(
            "commentaire",
            "ligne",
            f"ligne inconnue « {row[:60]} » : choisissez une ligne de la V-2 ou de la V-3",
        )
    text = body.strip()
    if not text:
        raise InputError("commentaire", "texte", "le commentaire est vide : écrivez ce qu'il faut revoir")
    if len(text) > MAX_LENGTH:
        raise InputError("commentaire", "texte", f"le commentaire dépasse {MAX_LENGTH} caractères")
    refuse_marked_motif(text, "commentaire")
    return text


async def add_comment(
    session: AsyncSession, user: User, fiche_id: uuid.UUID, version: int, row: str, body: str
) -> CommentLine:
    """Comment one row of one version; audited as « commenter » on the fiche."""
    fiche, _ = await access.jury_fiche_for(session, user, fiche_id)
    text = _checked(row, body)
    found = await session.scalar(
        select(FicheVersion).where(FicheVersion.fiche_id == fiche.id, FicheVersion.number == version)
    )
    if found is None:
        raise NotFoundError(f"version {version} de la fiche introuvable")
    comment = FicheComment(version_id=found.id, author_id=user.id, row=row, body=text)
    session.add(comment)
    session.add(
        AuditEvent(
            actor_id=user.id,
            at=datetime.datetime.now(datetime.UTC),
            entity="fiche",
            entity_id=fiche.id,
            action="commenter",
            from_state=fiche.state,
            to_state=fiche.state,
            reason=f"{ROWS[row]} (version {version}) : {text}"[:500],
        )
    )
    await session.flush()
    return CommentLine(comment.id, version, row, ROWS[row], user.display_name, comment.at, text)


async def comments_for(session: AsyncSession, user: User, fiche_id: uuid.UUID) -> list[CommentLine]:
    """Every comment of the fiche, oldest first, for its insiders only."""
    fiche, _ = await access.jury_fiche_for(session, user, fiche_id)
    return await lines_of(session, fiche.id)


async def lines_of(session: AsyncSession, fiche_id: uuid.UUID) -> list[CommentLine]:
    """Every comment of the fiche, oldest first, for a caller that checked the jury rule already."""
    rows = await session.execute(
        select(FicheComment, FicheVersion.number, User.display_name)
        .join(FicheVersion, FicheVersion.id == FicheComment.version_id)
        .join(User, User.id == FicheComment.author_id)
        .where(FicheVersion.fiche_id == fiche_id)
        .order_by(FicheComment.at, FicheComment.id)
    )
    return [
        CommentLine(c.id, number, c.row, ROWS.get(c.row, c.row), name, c.at, c.body)
        for c, number, name in rows.tuples()
    ]


def by_row(comments: list[CommentLine], version: int | None = None) -> dict[str, list[CommentLine]]:
    """The comments grouped by row (of one version when given), for display beside each row."""
    grouped: dict[str, list[CommentLine]] = {}
    for comment in comments:
        if version is None or comment.version == version:
            grouped.setdefault(comment.row, []).append(comment)
    return grouped
