"""Who is who on the « Acteurs » rows: the candidate keeps the status the FDAP gives, the client's people stay
on the client's side, and the jury's need is said, not referred to.

Teachers read « Vous êtes conseiller/ère commercial(e) » for an FDAP written by a stagiaire, « Vous, en
alternance. Technico-commercial, votre tuteur. », an office manager of the client pasted on the candidate's
row, and « Son besoin et ses chiffres sont ceux de l'historique » on 22 jury sheets.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from service.domain.codec import load_fdap
from service.domain.constats import FdapContext
from service.domain.fiche_sujet import FicheSujet
from service.engines.base import ProposalRequest
from service.engines.offline import OfflineEngine, candidate
from service.engines.offline.facts import build
from service.engines.offline.roles import role_from_phrase
from service.engines.offline.vous import split_status
from tests.conftest import FIXTURES

RATED = FIXTURES.parent / "evals" / "ratings" / "fdap"
FDAP = FIXTURES / "fdap"


@cache
def _sheets(path: Path) -> tuple[FicheSujet, ...]:
    fdap = load_fdap(path)
    found = [
        f for seed in range(2) for f in OfflineEngine().generate(fdap, ProposalRequest(variants=3, seed=seed))
    ]
    return tuple(found)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (
            FDAP / "19-parfumerie-coffret-fidelite.json",
            "conseillère beauté stagiaire",
        ),  # « moi : …, je mène »
        (FDAP / "23-cuisiniste-cuisine-equipee.json", "vendeur concepteur en alternance"),
        (
            FDAP / "25-radio-locale-campagne-literie.json",
            "assistant commercial en stage",
        ),  # « (stage 1re année) »
        (RATED / "H2-courtage-gaec-grele.json", "stagiaire assistant chargé de clientele"),  # « moi, Tom, … »
        (RATED / "H4-audition-fin-essai.json", "alternante assistante commerciale"),
        (
            RATED / "K2-materiel-agricole-telescopique-reprise.json",
            "alternant",
        ),  # « moi (alternant 2ème année) »
        (RATED / "L2-traiteur-contrat-annuel-cabinet.json", "assistant commercial en alternance"),
    ],
)
def test_the_candidate_keeps_the_status_the_fdap_gives(path: Path, status: str) -> None:
    fdap = load_fdap(path)
    assert candidate.status(build(fdap, FdapContext.of(fdap))) == status
    said, role = split_status(status)
    for fiche in _sheets(path):
        vous = fiche.fiche_candidat.acteurs.vous
        assert vous.startswith("Vous êtes ") and said in vous and role in vous, vous
        assert "conseiller/ère" not in vous


def test_the_client_people_never_stand_on_the_candidate_row() -> None:
    rows = [f.fiche_candidat.acteurs.vous for f in _sheets(RATED / "L2-traiteur-contrat-annuel-cabinet.json")]
    assert rows and not any("Office manager" in row or "passe les commandes" in row for row in rows)
    restated = [row for row in rows if "Votre tutrice" in row]
    assert all("responsable commerciale B2B" in row for row in restated)
    brasserie = [
        f.fiche_candidat.acteurs.vous for f in _sheets(RATED / "L4-equipement-chr-four-mixte-brasserie.json")
    ]
    assert not any("gérant de la brasserie" in row or "chef de cuisine" in row for row in brasserie)
    assert not any(row.startswith("Vous, ") for row in brasserie)


def test_the_tutor_is_named_as_the_tutor() -> None:
    fdap = load_fdap(RATED / "L4-equipement-chr-four-mixte-brasserie.json")
    side = candidate.colleagues(build(fdap, FdapContext.of(fdap)), None)
    assert [label for label, _ in side] == [
        "technico-commercial, mon tuteur",
        "directrice commerciale, pour les remises au-dessus de 8 %",
    ]


def test_the_jury_reads_the_need_and_its_figures_not_a_reference_to_the_story() -> None:
    for path in (
        FDAP / "21-solaire-autoconsommation-couple.json",
        RATED / "L4-equipement-chr-four-mixte-brasserie.json",
    ):
        for seed in range(4):
            fdap = load_fdap(path)
            for fiche in OfflineEngine().generate(fdap, ProposalRequest(variants=3, seed=seed)):
                assert "sont ceux de l'historique" not in fiche.fiche_jury.identite
                assert "interlocuteur" not in fiche.fiche_jury.identite.split("Son budget")[0]
    solar = [f.fiche_jury.identite for f in _sheets(FDAP / "21-solaire-autoconsommation-couple.json")]
    assert any("2 150 € par an pour 11 000 kWh" in row for row in solar)


@pytest.mark.parametrize(
    ("path", "lived"),
    [
        (FDAP / "23-cuisiniste-cuisine-equipee.json", "Samedi 5 avril 2025."),
        (RATED / "L1-spa-couple-offre-printemps.json", "Samedi 12 avril 2025."),
        (RATED / "L4-equipement-chr-four-mixte-brasserie.json", "Le 11 mars 2025."),
    ],
)
def test_a_variant_that_keeps_the_story_meets_later_never_on_the_lived_day(path: Path, lived: str) -> None:
    rows = [f.fiche_candidat.dates_duree for f in _sheets(path)]
    assert rows and lived not in rows
    kept = [row for row in rows if " à " not in row]  # no moment pulled: the story is the lived one
    assert kept and all(row.endswith(".") and row.split()[-1].rstrip(".").isdigit() for row in kept)
    for fiche in _sheets(path):
        if fiche.fiche_candidat.dates_duree in kept:
            assert "dates_duree" not in {m.parametre for m in fiche.modifications}


def test_a_business_client_named_with_its_moment_is_a_professional_never_a_spouse() -> None:
    role = role_from_phrase("une brasserie avant la saison")
    assert role is not None and role.pro and "saison" not in role.phrase("f") + role.phrase("m")
    for fiche in _sheets(RATED / "L4-equipement-chr-four-mixte-brasserie.json"):
        rows = fiche.fiche_candidat.acteurs.jury + fiche.fiche_candidat.historique_relation
        assert "conjoint" not in rows and "brasserie avant la saison)" not in rows
