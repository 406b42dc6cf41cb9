"""The rated proposals as a run: their FDAPs, and outcomes grouped as the engine would have given them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from evals.cases import Case, load_cases
from evals.ratings import Rating, proposal_id
from evals.runner import Outcome
from service.errors import InputError


def rated_cases(ratings: Sequence[Rating], folder: Path, max_bytes: int) -> list[Case]:
    """The FDAPs the ratings name, read from `folder` (--cases); a missing one is named in French."""
    wanted = sorted({r.item.case for r in ratings})
    available = {case.name: case for case in load_cases(folder, max_bytes)}
    missing = [name for name in wanted if name not in available]
    if missing:
        raise InputError(
            str(folder),
            "",
            f"FDAP notée(s) introuvable(s) : {', '.join(missing)} (indiquez leur dossier avec --cases)",
        )
    return [available[name] for name in wanted]


def rated_groups(ratings: Sequence[Rating]) -> list[list[Outcome]]:
    """Each distinct rated sheet once, grouped by (FDAP, repeat) so that diversity compares siblings."""
    groups: dict[tuple[str, int], dict[str, Outcome]] = {}
    for rating in ratings:
        item = rating.item
        group = groups.setdefault((item.case, item.repeat), {})
        group.setdefault(rating.proposal, Outcome(item.case, item.repeat, item.variant, fiche=item.fiche))
    return [list(group.values()) for _, group in sorted(groups.items())]


def by_proposal(groups: Sequence[Sequence[Outcome]]) -> dict[str, Outcome]:
    """The scored outcomes by proposal id (the id of their sheet)."""
    return {proposal_id(o.fiche): o for group in groups for o in group if o.fiche is not None}


def run_name(ratings: Sequence[Rating]) -> str:
    """« notations : offline @ 82b0840 » – the engines and commits the rated proposals come from."""
    sources = sorted({f"{r.engine} @ {r.commit}" if r.commit else r.engine for r in ratings})
    return "notations : " + ", ".join(sources)
