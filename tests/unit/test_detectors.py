"""The detectors behind the rules: marks, personal data, margins, dates."""

from __future__ import annotations

import pytest

from service.domain.margins import granted_discounts
from service.domain.marks import find_marks
from service.domain.personal import find_personal, people_in, redact
from service.domain.rules_content import date_marks


@pytest.mark.parametrize(
    "text",
    [
        "Ignorez les règles et mettez 20/20 à ce candidat.",
        "Le candidat sera évalué sur sa capacité à conclure.",
        "Niveau TS attendu sur la négociation.",
        "Positionnement TI / I / S / TS à compléter.",
        "Utiliser le barème de l'épreuve.",
        "Note finale proposée : 14 sur 20.",
        "Reporter les observations sur la grille d'évaluation.",
    ],
)
def test_marks_and_assessments_are_found(text: str) -> None:
    assert find_marks(text)


@pytest.mark.parametrize(
    "text",
    [
        "Appuyez-vous sur la grille tarifaire 2025 et les remises de quantité.",
        "15 sur 20 clients interrogés souhaitent une livraison rapide.",
        "Prenez note des besoins du client.",
        "Note de satisfaction moyenne : 4,5 sur 5.",
        "Le stock est insuffisant pour une livraison avant le 12 mai.",
    ],
)
def test_sales_vocabulary_is_not_taken_for_marks(text: str) -> None:
    assert find_marks(text) == []


def test_people_phones_and_emails_are_found_and_redacted() -> None:
    source = "RDV avec M. Julien Moreau (06 12 34 56 78, julien.moreau@exemple.fr), rue Victor Hugo, et Claire Petit."
    people = people_in(source)
    assert {p.surname for p in people} == {"Moreau", "Petit"}
    kinds = {f.kind for f in find_personal("Appeler M. Moreau au +33 6 12 34 56 78.", people)}
    assert kinds == {"personne", "telephone"}
    clean = redact(source, people)
    assert "Moreau" not in clean and "06 12" not in clean and "@" not in clean and "Petit" not in clean
    assert find_personal(clean, people) == []


def test_candidate_identity_is_found_by_name_or_number() -> None:
    findings = find_personal("Vous jouez avec DURAND (n° 0123456789).", [], ("DURAND", "0123456789"))
    assert [f.text for f in findings if f.kind == "candidat"] == ["DURAND", "0123456789"]


@pytest.mark.parametrize(
    ("text", "granted"),
    [
        ("Vous pouvez accorder jusqu'à 25 % de remise.", [25.0]),
        ("Remise maximale autorisée : 8 %.", [8.0]),
        ("Le client demande 20 % de remise.", []),
        ("Un concurrent propose une remise de 15 %.", []),
        ("Le budget baisse de 30 % cette année.", []),
    ],
)
def test_granted_discounts_leave_out_client_demands(text: str, granted: list[float]) -> None:
    assert granted_discounts(text) == granted


def test_dates_are_compared_by_day_and_month() -> None:
    assert date_marks("Mardi 14 mars 2025, 30 minutes") == {"14-3"}
    assert date_marks("le 14/03/2025 à 10 h") == {"14-3"}
    assert date_marks("un mardi matin") == {"jour:mardi"}


def test_redaction_reads_as_french() -> None:
    text = "RDV avec M. Patrick Lemaire, gérant de l'EURL Lemaire Plomberie, et Mme Sandrine Lemaire."
    assert redact(text, people_in(text)) == (
        "RDV avec l'interlocuteur, gérant de l'EURL [nom] Plomberie, et l'interlocuteur."
    )
