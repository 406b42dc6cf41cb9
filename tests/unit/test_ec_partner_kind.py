"""The EC partner is the FDAP's own partner, played by what it is (lecture-6): a tyre maker's rep, a club or
a rep named on a messy actors line, never a placeholder; a software publisher or a decorator has no
resellers; a lab's delegate comes to the pharmacy, not the reverse."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.domain.codec import load_fdap
from service.domain.constats import FdapContext
from service.engines.base import ProposalRequest
from service.engines.offline import OfflineEngine
from service.engines.offline.ec import partner_of
from service.engines.offline.facts import build

ENGINE = OfflineEngine()
ROOT = Path(__file__).resolve().parents[2]


def _partner(path: str) -> tuple[str, bool]:
    fdap = load_fdap(ROOT / path)
    return partner_of(build(fdap, FdapContext.of(fdap)))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # « M. Bruno Teyssier, représentant du manufacturier de pneus (…, il a payé une partie du petit-dej) »
        ("evals/ratings/fdap/P7-centre-pneus.json", "représentant du manufacturier de pneus"),
        # « … / moi (stagiaire) / l'association « Les Zombies du Berry » (maquillage gratuit …) / public : … »
        ("evals/ratings/fdap/N6-cinema-nuit-halloween-abonnements.json", "l'association"),
        # « Partenaire : l'interlocuteur, commercial Stepline (essayages, a payé les viennoiseries) »
        ("evals/ratings/fdap/L7-epi-matinee-pros-artisans.json", "commercial Stepline"),
        # « Partenaires : l'interlocuteur, responsable régional Kubota (mini-pelle électrique) »
        ("evals/ratings/fdap/N4-location-materiel-btp-matinale-pro.json", "responsable régional Kubota"),
    ],
)
def test_a_partner_the_fdap_names_is_never_a_placeholder(path: str, expected: str) -> None:
    assert _partner(path) == (expected, True)


def _partner_sheets(path: str) -> list:
    sheets = []
    for seed in (0, 1, 2, 3):
        fiches = ENGINE.generate(load_fdap(ROOT / path), ProposalRequest(variants=3, seed=seed))
        sheets += [f for f in fiches if f.fiche_jury.relation_entreprise.startswith("Partenaire")]
    return sheets


@pytest.mark.parametrize(
    "path",
    ["fixtures/fdap/27-logistique-matinale-ecommercants.json", "evals/ratings/fdap/P6-domaine-mariage.json"],
)
def test_a_provider_partner_has_no_resellers(path: str) -> None:
    # a software publisher, a decorator sharing the stand: they come for leads, not for sell-out
    sheets = _partner_sheets(path)
    assert sheets
    for fiche in sheets:
        jury = fiche.fiche_jury
        said = " ".join(
            [jury.identite, jury.motivations, jury.freins, jury.historique_relation, *jury.objections]
        )
        assert "revendeur" not in said and "Combien de mes produits" not in said
        assert "contacts" in jury.motivations


def test_a_delegate_visits_the_firm() -> None:
    # « délégué commercial du laboratoire »: the meeting is at the pharmacy, not « dans les locaux du partenaire »
    sheets = _partner_sheets("fixtures/fdap/30-parapharmacie-journee-dermo.json")
    assert sheets
    for fiche in sheets:
        assert "locaux du partenaire" not in fiche.fiche_candidat.lieu
        assert fiche.fiche_candidat.lieu.startswith("Rendez-vous à la pharmacie, où vous présentez")
