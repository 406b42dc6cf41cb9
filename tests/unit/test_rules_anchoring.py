"""Anchoring: the objet always, the whole situation only when the FDAP says enough to judge it."""

from __future__ import annotations

import msgspec

from service.domain.codec import load_fdap
from service.domain.constats import SITUATION_JUDGED_FROM, FdapContext
from service.domain.rules import check
from service.domain.rules_content import situation_judged
from service.engines.base import ProposalRequest
from service.engines.offline import OfflineEngine
from tests.conftest import FIXTURES


def _codes(fiche: object, fdap: object) -> set[str]:
    return {c.code for c in check(fiche, fdap) if c.gravite == "erreur"}  # type: ignore[arg-type]


def test_the_jury_characters_invented_profile_never_counts_as_a_new_activity() -> None:
    fdap = load_fdap(FIXTURES / "fdap" / "08-hotel-seminaire-rh.json")
    fiche = OfflineEngine().generate(fdap, ProposalRequest(variants=1))[0]
    exotic = (
        "Vous jouez Ysolde Kerbrat-Quintin, 52 ans, ostréicultrice passionnée de voile et de jazz manouche."
    )
    jury = msgspec.structs.replace(fiche.fiche_jury, identite=exotic)
    assert "activite_nouvelle" not in _codes(msgspec.structs.replace(fiche, fiche_jury=jury), fdap)


def test_a_thin_fdap_is_judged_on_its_objet_only() -> None:
    thin = load_fdap(FIXTURES / "fdap" / "04-immobilier-mandat-vente.json")
    full = load_fdap(FIXTURES / "fdap" / "05-immobilier-portes-ouvertes-neuf.json")
    assert len(FdapContext.of(thin).anchor) < SITUATION_JUDGED_FROM <= len(FdapContext.of(full).anchor)
    assert not situation_judged(FdapContext.of(thin)) and situation_judged(FdapContext.of(full))
    fiche = OfflineEngine().generate(thin, ProposalRequest(variants=1))[0]
    moved = msgspec.structs.replace(
        fiche,
        fiche_candidat=msgspec.structs.replace(fiche.fiche_candidat, objet="Vente d'un camping-car neuf"),
    )
    assert "activite_nouvelle" in _codes(moved, thin)
