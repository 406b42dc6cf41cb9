"""The soft scores on hand-made cases: what raises and lowers each one."""

from __future__ import annotations

import msgspec

from evals import scorers
from service.domain.codec import load_fdap
from service.domain.constats import FdapContext
from service.domain.rules import check
from service.engines.base import ProposalRequest
from service.engines.offline import OfflineEngine
from tests.evals.degraded import copied
from tests.llm.conftest import KINE


def test_identical_variants_have_no_diversity_and_one_variant_has_none() -> None:
    fdap = load_fdap(KINE)
    ctx = FdapContext.of(fdap)
    fiche = OfflineEngine().generate(fdap, ProposalRequest(variants=1))[0]
    assert scorers.diversity([fiche, fiche], ctx) == [0.0, 0.0]
    assert scorers.diversity([fiche], ctx) == [None]


def test_copying_the_fdap_lowers_significance_but_not_anchoring() -> None:
    fdap = load_fdap(KINE)
    ctx = FdapContext.of(fdap)
    fiche = OfflineEngine().generate(fdap, ProposalRequest(variants=1))[0]
    copy = copied(fiche, fdap)
    assert scorers.significance(copy, ctx) < scorers.significance(fiche, ctx) - 0.3
    assert scorers.anchoring(copy, ctx) >= scorers.anchoring(fiche, ctx)


def test_an_empty_jury_role_is_not_playable_and_a_whole_interview_does_not_fit() -> None:
    fdap = load_fdap(KINE)
    ctx = FdapContext.of(fdap)
    fiche = OfflineEngine().generate(fdap, ProposalRequest(variants=1))[0]
    jury = msgspec.structs.replace(
        fiche.fiche_jury, identite="Client.", motivations="", freins="", objections=[]
    )
    thin = msgspec.structs.replace(fiche, fiche_jury=jury)
    assert scorers.playability(thin, check(thin, ctx)) < 0.1 < scorers.playability(fiche, check(fiche, ctx))
    cand = msgspec.structs.replace(fiche.fiche_candidat, sequence="De la prise de contact à la signature.")
    wide = msgspec.structs.replace(fiche, fiche_candidat=cand)
    assert scorers.fit(wide, ctx, check(wide, ctx), 15) == 0.0
