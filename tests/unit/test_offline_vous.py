"""The candidate's « Vous » row and the EC constraint kept from the FDAP, as teachers want them.

Teachers read « Vous êtes en stage. », « Vous êtes stagiaire commercial. Chef de production au fournil (délais,
heures de commande). », « Vous êtes stagiaire chez la Pharmacie-Parapharmacie du Marché », and nine EC
« Contrainte(s) » rows pasting the student's list of difficulties in the first person (« on a manqué de kits
chaton l'après midi, … le vent a fait tomber la banderole »).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from pathlib import Path

import pytest

from service.domain.codec import load_fdap
from service.domain.fiche_sujet import FicheSujet
from service.engines.base import ProposalRequest
from service.engines.offline import OfflineEngine
from service.engines.offline.extract import event_cost, first_date
from service.engines.offline.french import tidy
from service.engines.offline.info_lines import tidy_lines
from service.engines.offline.offer_words import clean_leeway
from service.engines.offline.vous import colleague_sentence, split_status
from tests.conftest import FIXTURES

RATED = FIXTURES.parent / "evals" / "ratings" / "fdap"
FDAP = FIXTURES / "fdap"


@cache
def _sheets(path: Path) -> tuple[FicheSujet, ...]:
    fdap = load_fdap(path)
    return tuple(
        f for seed in range(2) for f in OfflineEngine().generate(fdap, ProposalRequest(variants=3, seed=seed))
    )


@pytest.mark.parametrize(
    ("said", "parts"),
    [
        ("en stage", ("stagiaire", "")),
        ("stagiaire conseillère commerciale", ("stagiaire", "conseillère commerciale")),
        ("conseiller commercial stagiaire", ("stagiaire", "conseiller commercial")),
        ("assistante chargée de projets en stage", ("stagiaire", "assistante chargée de projets")),
        ("en alternance vendeuse conseil au showroom", ("en alternance", "vendeuse conseil au showroom")),
        ("stagiaire BTS NDRC Ils vendent deja au marché de Lunéville", ("stagiaire", "")),
    ],
)
def test_the_status_is_split_from_the_role(said: str, parts: tuple[str, str]) -> None:
    assert split_status(said) == parts


@pytest.mark.parametrize(
    ("label", "note", "sentence"),
    [
        (
            "chef de production au fournil",
            "délais, heures de commande",
            "Le chef de production au fournil gère les délais et les heures de commande.",
        ),
        (
            "le chef des ventes",
            "accorde les remises au-delà de 12 %",
            "Le chef des ventes accorde les remises au-delà de 12 %.",
        ),
        (
            "ma tutrice, conseillère commerciale senior",
            "présente en fin d'entretien, elle valide la tarification et les éventuelles dérogations (carence)",
            "Votre tutrice, conseillère commerciale senior, valide la tarification et les éventuelles dérogations.",
        ),
        (
            "gérante, elle signe les remises au-delà de la délégation",
            "la mère de mon tuteur",
            "La gérante signe les remises au-delà de la délégation.",
        ),
        (
            "gérant du club et mon tuteur, qui validait les conditions tarifaires",
            "",
            "Votre tuteur est gérant du club.",
        ),
        ("le vendeur « Pro+ »", "m'accompagne, valide la remise", ""),
    ],
)
def test_a_colleague_is_a_clean_sentence_or_nothing(label: str, note: str, sentence: str) -> None:
    assert colleague_sentence(label, note) == sentence


def test_the_candidate_row_names_the_firm_and_never_pastes_a_colleague_fragment() -> None:
    rows = [f.fiche_candidat.acteurs.vous for f in _sheets(FDAP / "31-boulangerie-b2b-camping.json")]
    assert rows and all(
        row.startswith(
            ("Vous êtes stagiaire chez Maison Guillou, commercial.", "Vous êtes stagiaire commercial.")
        )
        for row in rows
    )
    assert not any("Chef de production" in row or "(délais" in row for row in rows)
    assert all("Chef" not in row.split(".")[1] for row in rows if row.count(".") > 1)
    bare = [
        f.fiche_candidat.acteurs.vous for f in _sheets(RATED / "M2-literie-ensemble-matelas-sommier.json")
    ]
    assert bare and all(row.startswith("Vous êtes stagiaire chez Dormirama") for row in bare)


def test_a_firm_named_by_its_trade_is_where_one_works_not_chez() -> None:
    assert tidy("Vous êtes stagiaire chez Pharmacie-Parapharmacie du Marché.") == (
        "Vous êtes stagiaire à la Pharmacie-Parapharmacie du Marché."
    )
    assert (
        tidy("Vous êtes stagiaire chez Bijouterie Marchal.") == "Vous êtes stagiaire à la Bijouterie Marchal."
    )
    assert (
        tidy("Vous êtes stagiaire chez Cabinet Rive Droite.") == "Vous êtes stagiaire au Cabinet Rive Droite."
    )


def test_the_ec_constraint_is_one_difficulty_rewritten_never_the_pasted_list() -> None:
    rows = [f.fiche_candidat.contraintes for f in _sheets(FDAP / "29-animalerie-journee-adoption.json")]
    assert rows and not any("Difficultés de la dernière édition" in row for row in rows)
    assert not any(" on a " in f" {row} " or "j'ai" in row.lower() for row in rows)
    assert not any("banderole" in row and "kits chaton" in row for row in rows)
    for path in (
        FDAP / "22-agence-voyages-soiree-croisieres.json",
        RATED / "K5-librairie-rencontre-dedicace.json",
    ):
        for fiche in _sheets(path):
            row = fiche.fiche_candidat.contraintes
            assert "Difficultés de la dernière" not in row
            assert "vous aviez oublié" not in row.lower() and "on a manqué" not in row.lower(), row


def test_leeway_drops_the_student_remark_and_the_real_name_and_keeps_the_figures() -> None:
    said = clean_leeway(
        "(pas d'annexe, les prix sont dans la fiche) remise maxi 5% accordée par M. Marchal, pas de remise"
    )
    assert said == "remise maxi 5% accordée par le responsable, pas de remise"
    rows = [f.fiche_candidat.contraintes for f in _sheets(RATED / "N3-bijouterie-bague-fiancailles.json")]
    quoted = [row for row in rows if "Marges de manœuvre" in row]
    assert quoted and not any("Marchal, pas" in row or "pas d'annexe" in row for row in quoted)
    assert all("remise maxi 5% accordée par le responsable" in row for row in quoted)


@pytest.mark.parametrize(
    ("path", "lived", "kept"),
    [
        (RATED / "N3-bijouterie-bague-fiancailles.json", date(2025, 2, 8), False),
        (FDAP / "31-boulangerie-b2b-camping.json", date(2025, 2, 21), False),  # « ven. 21/02/2025 »
        # a later day would not read as « samedi 16/11/2024 »: the lived day stays rather than a fifth change
        (FDAP / "19-parfumerie-coffret-fidelite.json", date(2024, 11, 16), True),
    ],
)
def test_the_simulated_meeting_is_weeks_after_the_lived_one_never_before(
    path: Path, lived: date, kept: bool
) -> None:
    for fiche in _sheets(path):
        row = fiche.fiche_candidat.dates_duree
        day = first_date(row)
        assert day is not None, row
        assert (kept and day == lived) or day >= lived + timedelta(days=21), row
    n3 = [f.fiche_candidat.dates_duree for f in _sheets(RATED / "N3-bijouterie-bague-fiancailles.json")]
    assert "Samedi 15 février 2025." not in n3


def test_informations_hold_information_not_the_student_aims_nor_the_story() -> None:
    said = tidy_lines(
        [
            "Offre « Offre de la journée diagnostic » : -20 % dès 2 produits achetés.",
            "Résultats obtenus : 26 diagnostics, 21 clientes ont acheté.",
            "Résultats obtenus : Ventes en avril +35 %.",
            "Résultats de la dernière édition : 26 diagnostics, 21 clientes ont acheté.",
            "Il voulait faire sa demande en mariage le 14 février (il avait déjà réservé le restaurant) donc c'était urgent.",
            "Vendre une bague dans son budget (1500 € maxi), trouver la taille, vendre la gravure + garantie.",
            "Tarifs (pas d'annexe, les prix sont dans la fiche) : bague solitaire 1 200 €.",
            "Les diamants de synthèse prennent beaucoup de place.",
        ]
    )
    assert said == [
        "Offre de la journée diagnostic : -20 % dès 2 produits achetés.",
        "Résultats obtenus : 26 diagnostics, 21 clientes ont acheté ; Ventes en avril +35 %.",
        "Tarifs : bague solitaire 1 200 €.",
        "Les diamants de synthèse prennent beaucoup de place.",
    ]
    rows = [f.fiche_candidat.informations for f in _sheets(RATED / "N3-bijouterie-bague-fiancailles.json")]
    assert rows and not any("Il voulait" in row or "Vendre une bague" in row for row in rows)


def test_the_cost_the_results_give_is_used_not_a_marker() -> None:
    assert event_cost("3 team buildings réservés. Coût de l'event 870 €.") == 870.0
    rows = [f.fiche_candidat.informations for f in _sheets(FDAP / "32-escalade-afterwork-entreprises.json")]
    assert rows and not any("[à préciser : montant engagé]" in row for row in rows)
    assert any("870 €" in row for row in rows)
