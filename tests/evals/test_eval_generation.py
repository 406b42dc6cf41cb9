"""The evals run engines through the one generation path: each outcome carries the path's findings."""

from __future__ import annotations

import asyncio
import io

import msgspec

from evals.cases import Case
from evals.runner import run_engine, score_groups
from service.domain.codec import load_fdap
from service.domain.fdap import Fdap
from service.domain.fiche_sujet import FicheSujet
from service.domain.rules import check
from service.engines.base import ProposalRequest
from service.engines.offline import OfflineEngine
from tests.conftest import FIXTURES

KINE = FIXTURES / "fdap" / "01-assurance-sante-kine.json"


class MarkingEngine:
    """The offline sheets, the second one with a mark on 20 that the rules must catch."""

    name = "offline-note"

    async def propose(self, fdap: Fdap, request: ProposalRequest) -> list[FicheSujet]:
        first, second = await OfflineEngine().propose(fdap, request)
        row = second.fiche_candidat
        marked = msgspec.structs.replace(row, informations=row.informations + " Vous serez noté sur 20.")
        return [first, msgspec.structs.replace(second, fiche_candidat=marked)]


def test_each_outcome_carries_the_findings_of_the_generation_path() -> None:
    case = Case("kine", load_fdap(KINE))
    groups = asyncio.run(run_engine(MarkingEngine(), [case], 2, 1, 15, 1, io.StringIO()))
    [[first, second]] = groups
    for outcome in (first, second):
        assert outcome.fiche is not None and outcome.constats == check(outcome.fiche, case.fdap)
    [scored_first, scored_second] = score_groups(groups, [case], 15)
    assert (scored_first.hard_pass, scored_second.hard_pass) == (True, False)
    assert "notation_interdite" in scored_second.errors
