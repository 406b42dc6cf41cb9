"""Where the simulated meeting happens: a lever that fits how the firm sells."""

from __future__ import annotations

from pathlib import Path

from service.domain.codec import load_fdap
from service.engines.base import ProposalRequest
from service.engines.offline import OfflineEngine

ROOT = Path(__file__).resolve().parents[2]
RATED = ROOT / "evals" / "ratings" / "fdap"


def _places(path: Path, seeds: range = range(4)) -> list[str]:
    fdap = load_fdap(path)
    engine = OfflineEngine()
    return [
        fiche.fiche_candidat.lieu
        for seed in seeds
        for fiche in engine.generate(fdap, ProposalRequest(variants=3, seed=seed))
    ]


def test_a_product_tried_in_store_is_never_sold_by_video_call() -> None:
    # M2: « vente en magasin (… test des matelas en position) »; a teacher: « visioconférence plaquée »
    # on a bedding store whose main argument is the test in store (lecture-4)
    places = _places(next(RATED.glob("M2-*.json")))
    assert places and not any("visioconférence" in place for place in places)


def test_a_business_client_on_a_video_call_is_in_its_office_not_at_home() -> None:
    places = _places(ROOT / "fixtures" / "fdap" / "10-b2b-location-copieurs.json")
    calls = [place for place in places if "visioconférence" in place]
    assert calls and all("dans son bureau" in place for place in calls)
