"""EC variants that are three options, dated as the calendar and the results allow, about the event's offer
(panel remarks on FDAPs 29, 30, 32, N6: « la commission a donc deux options, pas trois », a review on
15 April quoting April's sales, Halloween on 16 October, an afterwork for companies in August, the offer
« Aquariophilie » for an adoption day, « Une simple promotion… » in every EC sheet)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import msgspec

from service.domain.codec import load_fdap
from service.engines.base import ProposalRequest
from service.engines.offline import OfflineEngine
from service.engines.offline.ec_dates import counted_by

ENGINE = OfflineEngine()
RATED = Path("evals/ratings/fdap")
_MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
_DATE = re.compile(rf"\b(1er|\d{{1,2}}) ({'|'.join(_MONTHS)}) (20\d\d)")


def _proposals(name: str, seed: int) -> list:
    return ENGINE.generate(load_fdap(RATED / name), ProposalRequest(variants=3, seed=seed))


def _day(text: str) -> date:
    d, m, y = _DATE.findall(text)[0]
    return date(int(y), _MONTHS.index(m) + 1, 1 if d == "1er" else int(d))


def _envisaged(text: str) -> date | None:
    """The next edition's date on a « Rendez-vous … ; date envisagée pour … : le … » row."""
    said = text.split("date envisagée", 1)
    return _day(said[1]) if len(said) == 2 else None


def test_a_result_counted_over_a_month_is_known_once_the_month_is_over() -> None:
    assert counted_by("Ventes Dermalys en avril +35 % par rapport à avril 2024.", date(2025, 3, 27)) == date(
        2025, 4, 30
    )
    assert counted_by("29 au total au 15 décembre grâce aux relances", date(2024, 12, 6)) == date(
        2024, 12, 15
    )
    assert counted_by("CA Dermalys de la journée 1 386 € TTC", date(2025, 3, 27)) is None


def test_a_review_never_quotes_april_sales_before_april_is_over() -> None:
    for seed in (0, 1, 2):
        for fiche in _proposals("30-parapharmacie-journee-dermo.json", seed):
            cand = fiche.fiche_candidat
            if cand.dates_duree.startswith("Réunion de bilan") and "en avril" in cand.informations:
                assert _day(cand.dates_duree) > date(2025, 4, 30), cand.dates_duree


def test_halloween_stays_by_31_october_and_a_company_afterwork_avoids_august() -> None:
    for seed in (0, 1, 2):
        for fiche in _proposals("N6-cinema-nuit-halloween-abonnements.json", seed):
            day = _envisaged(fiche.fiche_candidat.dates_duree)
            assert day is None or date(day.year, 10, 27) <= day <= date(day.year, 11, 2), day
        for fiche in _proposals("32-escalade-afterwork-entreprises.json", seed):
            day = _envisaged(fiche.fiche_candidat.dates_duree)
            assert day is None or day.month != 8, fiche.fiche_candidat.dates_duree


def test_the_review_is_not_the_budget_meeting_again_when_another_angle_exists() -> None:
    """FDAP 30 gives a partner and another format, and its student already ran the « Bilan chiffré »: no set
    plays the next edition's budget and the review proposing a new edition before the same pharmacist."""
    for seed in (0, 1, 2):
        objets = [f.fiche_candidat.objet for f in _proposals("30-parapharmacie-journee-dermo.json", seed)]
        same = [o for o in objets if o.startswith(("Bilan", "Projet et budget de la prochaine édition"))]
        assert len(same) <= 1, objets


def test_the_jury_weighs_the_offer_the_event_promotes() -> None:
    for name, stray in (
        ("29-animalerie-journee-adoption.json", "Aquariophilie"),
        ("30-parapharmacie-journee-dermo.json", "Gel nettoyant"),
    ):
        for seed in (0, 1):
            for fiche in _proposals(name, seed):
                jury = fiche.fiche_jury
                assert stray not in jury.motivations + jury.freins, (name, jury.motivations, jury.freins)


def test_the_cost_objection_uses_the_fdap_budget_not_a_stock_promotion() -> None:
    for name in ("22-agence-voyages-soiree-croisieres.json", "29-animalerie-journee-adoption.json"):
        for fiche in _proposals(name, 0):
            assert not any("Une simple promotion" in o for o in fiche.fiche_jury.objections), name


def test_the_french_of_ec_rows_agrees_with_its_nouns() -> None:
    """« responsable du brasserie artisanale », « directeur / », « ce qu'elle a rapporté » for l'afterwork."""
    from service.engines.offline.ec import de_phrase, definite, function_of
    from service.engines.offline.ec_jury import _took

    assert de_phrase(definite("brasserie artisanale toulousaine")) == "de la brasserie artisanale toulousaine"
    assert function_of("directeur /") == "directeur"
    assert (_took("l'afterwork"), _took("la journée"), _took("les journées")) == (
        "il a",
        "elle a",
        "elles ont",
    )


def test_no_stock_line_says_what_the_fdap_may_contradict() -> None:
    """Lecture-6: « vous ne serez présent qu'une demi-journée » for a 2½-hour evening, and « des chiffres en
    dessous des attentes » for reviews where every target was beaten."""
    for name in ("29-animalerie-journee-adoption.json", "32-escalade-afterwork-entreprises.json"):
        for seed in (0, 1):
            text = str([msgspec.json.encode(p).decode() for p in _proposals(name, seed)])
            assert "demi-journée" not in text and "en dessous des attentes" not in text
