"""The rules of the domain page, as checks with stable codes (fixtures/CODES.md lists them).

One function, `check`, serves every door: the `check` command, the engines (which never emit a proposal
that fails it), the API, the pages and the evaluation suite.
"""

from __future__ import annotations

import re
from typing import Any

from service.domain import (
    rules_consistency,
    rules_content,
    rules_form,
    rules_story,
    rules_voice,
    rules_writing,
)
from service.domain.constats import LABELS_CANDIDAT, LABELS_JURY, Constat, FdapContext, Rule
from service.domain.fdap import Fdap
from service.domain.fiche_sujet import DEFAULT_SIMULATION_MINUTES, FicheSujet

RULES: tuple[Rule, ...] = (
    rules_form.completeness,
    rules_form.nature,
    rules_form.modifications_complete,
    rules_form.significance,
    rules_content.anchoring,
    rules_content.concessions,
    rules_content.coherence,
    rules_content.secrets,
    rules_content.timing,
    rules_content.no_marks,
    rules_content.personal_data,
    rules_content.jury_role,
    rules_voice.seller_side,
    rules_voice.remarks,
    rules_voice.injections,
    rules_voice.tactics,
    rules_voice.pasted_problem,
    rules_writing.cut_copies,
    rules_writing.slots,
    rules_writing.elisions,
    rules_writing.markers,
    rules_consistency.leeway,
    rules_consistency.contradictions,
    rules_consistency.fake_changes,
    rules_consistency.stock_justifications,
    rules_story.character_history,
)


def check(
    fiche: FicheSujet,
    fdap: Fdap | FdapContext,
    simulation_minutes: int = DEFAULT_SIMULATION_MINUTES,
) -> list[Constat]:
    """Every finding of the rules on `fiche`, errors first; pass an FdapContext to reuse its work."""
    ctx = fdap if isinstance(fdap, FdapContext) else FdapContext.of(fdap)
    found = [constat for rule in RULES for constat in rule(fiche, ctx, simulation_minutes)]
    return sorted(found, key=lambda c: c.gravite != "erreur")


# Warnings that still stop a teacher's submission: a draft's « [à préciser : …] » must be replaced first.
BLOCKS_SUBMISSION = frozenset({"marqueur_a_preciser"})


def submission_refusal(constats: list[Constat]) -> str:
    """Why a sheet cannot be submitted, in a teacher's words (empty when nothing blocks): how many markers
    are left and how many errors, then each rule's own message and the row it concerns."""
    blocking = [c for c in constats if c.gravite == "erreur" or c.code in BLOCKS_SUBMISSION]
    if not blocking:
        return ""
    marks = sum(c.code in BLOCKS_SUBMISSION for c in blocking)
    errors = len(blocking) - marks
    counts = [f"il reste {marks} marqueur{'s' * (marks > 1)} « [à préciser] » à remplacer"] if marks else []
    counts += [f"les règles y trouvent {errors} erreur{'s' * (errors > 1)}"] if errors else []
    said = " ; ".join(f"{_row_of(c.champ)}{c.message.rstrip('.')}" for c in blocking)
    return f"la fiche ne peut pas être soumise : {' et '.join(counts)} — {said}"


def _row_of(champ: str) -> str:
    """« V-3 · Freins : » for `fiche_jury.freins` (or one of its items); nothing for another field."""
    sheet, _, rest = champ.partition(".")
    name = re.split(r"[.\[]", rest, maxsplit=1)[0]
    labels = {"fiche_candidat": ("V-2", LABELS_CANDIDAT), "fiche_jury": ("V-3", LABELS_JURY)}
    code, named = labels.get(sheet, ("", {}))
    return f"{code} · {named[name]} : " if name in named else ""


def is_valid(constats: list[Constat]) -> bool:
    return not any(c.gravite == "erreur" for c in constats)


def report(constats: list[Constat]) -> dict[str, Any]:
    """The `check` output of formats.md."""
    return {
        "ok": is_valid(constats),
        "constats": [
            {"code": c.code, "gravite": c.gravite, "champ": c.champ, "message": c.message} for c in constats
        ],
    }
