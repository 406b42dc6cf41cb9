"""What the sheet's page shows: the fiche, who may read its jury sheet, and which actions the caller has.

The actions follow the workflow's own rules (service.review.service, access.ACTION_ROLES); when one of them
blocks a person who could otherwise act, the reason is given in words instead of a button that fails.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import AuditEvent, Candidate, Commission, FdapRecord, Fiche, FicheVersion, User
from service.domain.fiche_sujet import FicheSujet
from service.errors import ForbiddenError, NotFoundError
from service.review import access, comments, reviewers, service
from service.review.service import STATE_LABELS, TRANSITIONS

ACTION_LABELS = {
    "soumettre": "Soumettre à la commission",
    "approuver": "Approuver la fiche",
    "demander_modifications": "Demander des modifications",
    "remettre": "Remettre la fiche au candidat",
}
EVENT_LABELS = {
    "creer": "création",
    "modifier": "nouvelle version",
    "soumettre": "soumission",
    "approuver": "approbation",
    "demander_modifications": "modifications demandées",
    "remettre": "remise au candidat",
    "commenter": "commentaire",
}


@dataclass(frozen=True)
class Action:
    name: str
    label: str


@dataclass(frozen=True)
class History:
    versions: list[FicheVersion]
    events: list[AuditEvent]
    names: dict[uuid.UUID, str]


@dataclass(frozen=True)
class Sheet:
    """The fiche as its page shows it to one user; `insider` reads the jury sheet, history and comments."""

    fiche: Fiche
    version: FicheVersion
    document: FicheSujet
    candidate: Candidate
    commission: Commission
    nature: str
    state: str
    insider: bool
    actions: list[Action] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    history: History | None = None
    comments: list[comments.CommentLine] = field(default_factory=list)


async def _loaded(session: AsyncSession, user: User, fiche_id: uuid.UUID) -> tuple[Fiche, Candidate, str]:
    """A fiche of the caller's school (404 otherwise, as access.fiche_for) with its candidate and its FDAP's
    nature and number, in one query: not the FDAP's document. Reloaded even if this session has it already
    (after a refused write, the page shows what the database holds)."""
    school = await user.awaitable_attrs.etablissement_id
    row = (
        await session.execute(
            select(Fiche, Candidate, FdapRecord.nature, FdapRecord.numero)
            .join(Candidate, Candidate.id == Fiche.candidate_id)
            .join(FdapRecord, FdapRecord.id == Fiche.fdap_id)
            .where(Fiche.id == fiche_id, Candidate.etablissement_id == school)
            .execution_options(populate_existing=True)
        )
    ).one_or_none()
    if row is None:
        raise NotFoundError("fiche introuvable")
    fiche, candidate, nature, numero = row
    return fiche, candidate, f"FDAP {nature} n° {numero}"


def _review(user: User, sheet: Sheet, member: bool) -> tuple[list[Action], list[str]]:
    """Approve and request changes, or why this member (or recent writer) may not, in words."""
    if sheet.fiche.state != "soumise" or sheet.history is None:
        return [], []
    writers = reviewers.recent_authors(sheet.history.versions)
    if user.id not in writers and not (member and "commission" in user.roles):
        return [], []
    refusal = reviewers.approval_refusal(user.id, writers, sheet.candidate)
    if refusal:
        return [], [_sentence(refusal)]
    names = ("approuver", "demander_modifications")
    return [Action(n, ACTION_LABELS[n]) for n in names], []


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] + "."


def _actions(user: User, sheet: Sheet) -> tuple[list[Action], list[str]]:
    """The caller's actions on the fiche now; an insider who is not the right person for one is told why."""
    if not sheet.insider or sheet.history is None:
        return [], []
    member = reviewers.is_member(user.id, sheet.commission)
    actions, blocked = _review(user, sheet, member)
    rights = {
        "soumettre": (user.id in reviewers.authors(sheet.history.versions), reviewers.NOT_AUTHOR),
        "remettre": (
            member,
            f"seuls les membres de la commission n° {sheet.commission.number} remettent la fiche au candidat",
        ),
    }
    for name, (allowed, why) in rights.items():
        if sheet.fiche.state not in TRANSITIONS[name][0]:
            continue
        if not allowed:
            blocked.append(_sentence(why))
        elif set(access.ACTION_ROLES[name]) & set(user.roles):
            actions.append(Action(name, ACTION_LABELS[name]))
    return actions, blocked


async def sheet_for(session: AsyncSession, user: User, fiche_id: uuid.UUID) -> Sheet:
    """The sheet's page for `user`: another school's fiche is 404; outsiders see the V-2 only.

    The fiche, its candidate, commission and versions are read once, and the jury rule (access.jury_readers)
    decided from them, rather than by access.history_for and comments.comments_for reading them again."""
    fiche, candidate, nature = await _loaded(session, user, fiche_id)
    commission = await session.get(Commission, fiche.commission_id)
    versions = await service.versions(session, fiche.id)
    version = next((v for v in versions if v.number == fiche.current_version), None)
    if commission is None:
        raise NotFoundError("fiche introuvable")
    if version is None:
        raise NotFoundError(f"version {fiche.current_version} de la fiche introuvable")
    history: History | None = None
    remarks: list[comments.CommentLine] = []
    if user.id in access.jury_readers(commission, (v.author_id for v in versions)):
        events, names = await access.trail_for(session, fiche.id, versions)
        history = History(versions, events, names)
        remarks = await comments.lines_of(session, fiche.id)
    sheet = Sheet(
        fiche=fiche,
        version=version,
        document=msgspec.convert(version.document, FicheSujet),
        candidate=candidate,
        commission=commission,
        nature=nature,
        state=STATE_LABELS[fiche.state],
        insider=history is not None,
        history=history,
        comments=remarks,
    )
    actions, blocked = _actions(user, sheet)
    sheet.actions.extend(actions)
    sheet.blocked.extend(blocked)
    return sheet


async def version_pair(
    session: AsyncSession, user: User, fiche_id: uuid.UUID, before: int, after: int
) -> tuple[Sheet, FicheSujet, FicheSujet]:
    """Two versions of the fiche for the diff page (insiders only: both carry the jury sheet)."""
    sheet = await sheet_for(session, user, fiche_id)
    if sheet.history is None:
        raise ForbiddenError(
            "les versions ne se comparent que par les membres de la commission et les auteurs de la fiche"
        )
    numbers = {v.number: v for v in sheet.history.versions}
    for number in (before, after):
        if number not in numbers:
            raise NotFoundError(f"version {number} de la fiche introuvable (versions 1 à {len(numbers)})")
    return (
        sheet,
        msgspec.convert(numbers[before].document, FicheSujet),
        msgspec.convert(numbers[after].document, FicheSujet),
    )
