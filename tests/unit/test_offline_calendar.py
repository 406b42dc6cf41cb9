"""Dates that hold: no public holiday, a fixed-period event keeps its period, a deadline is met, and
variants that are options, not one template twice."""

from __future__ import annotations

import itertools
import re
from datetime import date
from pathlib import Path

import pytest

from service.domain.codec import load_fdap
from service.engines.base import ProposalRequest
from service.engines.offline import OfflineEngine, calendar
from service.engines.offline.engine import CLOSE, closeness

ENGINE = OfflineEngine()
RATED = Path("evals/ratings/fdap")
FIXTURES = Path("fixtures/fdap")
_MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
_DATE = re.compile(rf"\b(1er|\d{{1,2}}) ({'|'.join(_MONTHS)}) (20\d\d)")


def _dates(text: str) -> list[date]:
    return [
        date(int(y), _MONTHS.index(m) + 1, 1 if d == "1er" else int(d)) for d, m, y in _DATE.findall(text)
    ]


def _proposals(path: Path, variants: int = 3, seed: int = 0) -> list:
    return ENGINE.generate(load_fdap(path), ProposalRequest(variants=variants, seed=seed))


def test_the_french_public_holidays() -> None:
    assert calendar.easter(2025) == date(2025, 4, 20) and calendar.easter(2026) == date(2026, 4, 5)
    holidays = [date(2025, 4, 21), date(2025, 5, 8), date(2025, 5, 29), date(2025, 6, 9), date(2025, 11, 11)]
    assert all(calendar.is_holiday(d) for d in holidays)
    assert not calendar.is_holiday(date(2025, 4, 22))
    assert calendar.open_day(date(2025, 4, 21), saturday=False) == date(2025, 4, 22)
    assert calendar.open_day(date(2025, 6, 1)) == date(2025, 6, 2)  # a Sunday
    assert calendar.event_day(date(2025, 5, 8)) == date(2025, 5, 15)  # an event keeps its weekday


@pytest.mark.parametrize(
    "path",
    [
        FIXTURES / "26-auto-ecole-forfait-permis.json",
        FIXTURES / "30-parapharmacie-journee-dermo.json",
        FIXTURES / "21-solaire-autoconsommation-couple.json",
        RATED / "H5-brico-salon-habitat-flyers.json",
    ],
)
def test_no_meeting_nor_event_on_a_public_holiday(path: Path) -> None:
    """26 (V3 was Easter Monday), 30 (a dermo day on 8 May), 21 and H5 (Whit Monday) on 5 seeds."""
    for seed in range(5):
        for fiche in _proposals(path, seed=seed):
            for day in _dates(fiche.fiche_candidat.dates_duree):
                assert not calendar.is_holiday(day), (seed, fiche.fiche_candidat.dates_duree)


@pytest.mark.parametrize(
    ("name", "month"), [("L5-fleuriste-salon-mariage", 1), ("L8-photographe-mini-seances-noel", 11)]
)
def test_an_event_tied_to_a_feast_or_an_organiser_keeps_its_month(name: str, month: int) -> None:
    """A January wedding fair run by its organiser stays in January; Christmas sessions stay before Christmas."""
    for seed in range(3):
        for fiche in _proposals(RATED / f"{name}.json", seed=seed):
            row = fiche.fiche_candidat.dates_duree
            if "date envisagée" in row:
                assert _dates(row)[-1].month == month, row


def test_a_sale_with_a_dated_opening_is_held_before_it() -> None:
    """25: a radio campaign for a shop opening on 8 March 2025 is never sold in September."""
    path = FIXTURES / "25-radio-locale-campagne-literie.json"
    for seed in range(5):
        for fiche in _proposals(path, seed=seed):
            assert all(d < date(2025, 3, 8) for d in _dates(fiche.fiche_candidat.dates_duree))
    four = RATED / "L4-equipement-chr-four-mixte-brasserie.json"
    for fiche in _proposals(four):
        assert all(d < date(2025, 4, 14) for d in _dates(fiche.fiche_candidat.dates_duree))
        assert "rentrée" not in fiche.fiche_candidat.dates_duree


def test_a_firm_named_after_its_owner_is_no_gap() -> None:
    """L7: « 9 dotations signées dont SARL Gautier » once left « SARL [nom] » and sank every internal scene."""
    proposals = _proposals(RATED / "L7-epi-matinee-pros-artisans.json")
    assert not any("[nom]" in f.fiche_candidat.informations for f in proposals)
    assert len({f.fiche_candidat.objet for f in proposals}) == 3


def test_variants_are_not_one_template_twice() -> None:
    """L7 gave the same b2b scene three times (closeness 0.8); on the panel's files few pairs stay close."""
    files = sorted(RATED.glob("L*.json"))
    pairs = [closeness(a, b) for path in files for a, b in itertools.combinations(_proposals(path), 2)]
    assert sum(share > CLOSE for share in pairs) <= len(pairs) // 5
    proposals = _proposals(RATED / "L7-epi-matinee-pros-artisans.json")
    assert max(closeness(a, b) for a, b in itertools.combinations(proposals, 2)) <= CLOSE


@pytest.mark.parametrize(
    "path",
    [
        RATED / "H6-coworking-afterwork-proposition.json",
        RATED / "L7-epi-matinee-pros-artisans.json",
        FIXTURES / "11-b2b-petit-dejeuner-cybersecurite.json",
    ],
)
def test_no_partner_to_specify_when_other_angles_exist(path: Path) -> None:
    """A partner « [à préciser : fournisseur, marque ou commerce voisin] » was rejected on every sheet: where
    the FDAP names none and three other angles exist (next edition, review, a client structure; a visitor is a last resort),
    no sheet offers it, nor a co-financing partner to specify."""
    for seed in range(3):
        for fiche in _proposals(path, seed=seed):
            assert "[à préciser : fournisseur" not in fiche.fiche_candidat.acteurs.jury
            assert "partenaire [à préciser" not in fiche.fiche_candidat.contraintes
