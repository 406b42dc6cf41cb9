"""A review's wording carries the lived event's own headline count (lecture-6, readers U and V: « Combien
chaque nouveau client … nous a-t-il coûté ? », « Garder ce qui a marché … » in every EC sector)."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.domain.codec import load_fdap
from service.domain.constats import FdapContext
from service.engines.base import ProposalRequest
from service.engines.offline import OfflineEngine
from service.engines.offline.ec_tally import headline
from service.engines.offline.facts import build

ENGINE = OfflineEngine()
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # « Proposition validée le 03/03 mais budget reduit … » then « Evenement : 52 inscrits, 31 presents … »
        ("evals/ratings/fdap/H6-coworking-afterwork-proposition.json", "52 inscrits"),
        # « 236 places vendues (dont 41 au guichet le soir même) »
        ("evals/ratings/fdap/N6-cinema-nuit-halloween-abonnements.json", "236 places vendues"),
        # « Coût du salon : stand 1 350 € (dont 450 € payés par …) »: money is no count
        ("evals/ratings/fdap/P6-domaine-mariage.json", ""),
    ],
)
def test_the_headline_count_is_a_count_of_people_or_sales(path: str, expected: str) -> None:
    fdap = load_fdap(ROOT / path)
    assert headline(build(fdap, FdapContext.of(fdap))) == expected


def test_a_review_names_the_events_own_figure() -> None:
    reviews = []
    for seed in (0, 1, 2, 3):
        fiches = ENGINE.generate(
            load_fdap(ROOT / "fixtures/fdap/32-escalade-afterwork-entreprises.json"),
            ProposalRequest(variants=3, seed=seed),
        )
        reviews += [
            f.fiche_jury for f in fiches if "décide de sa reconduction" in f.fiche_jury.relation_entreprise
        ]
    assert reviews
    for jury in reviews:
        said = " ".join([jury.motivations, jury.historique_relation, *jury.objections])
        assert "Combien chaque nouveau client" not in said and "Garder ce qui a marché" not in said
        assert (
            "si le candidat montre ce que les 52 inscrits ont rapporté, frais déduits"
            in jury.historique_relation
        )
