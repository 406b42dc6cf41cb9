"""False refusals found on good sheets, kept fixed: each test states what a good sheet may say."""

from __future__ import annotations

import msgspec

from service.domain.codec import load_fdap, load_fiche
from service.domain.rules import check
from service.domain.rules_content import played_part
from tests.conftest import FIXTURES


def _errors(fiche_name: str, fdap: object) -> set[str]:
    fiche = load_fiche(FIXTURES / "fiches" / fiche_name)
    return {c.code for c in check(fiche, fdap) if c.gravite == "erreur"}  # type: ignore[arg-type]


def test_a_ban_on_some_items_leaves_the_other_discounts_open() -> None:
    fdap = load_fdap(FIXTURES / "fdap" / "17-opticien-verres-progressifs.json")
    annexe = fdap.annexe_offre.split("Marges de manœuvre")[0]
    annexe += "Marges de manœuvre :\n- Remise sur la monture : 10 %\n- Aucune remise sur les verres\n"
    fdap = msgspec.structs.replace(fdap, annexe_offre=annexe)
    assert _errors("17-17-bon-remise-monture-pas-verres.json", fdap) == set()


def test_the_annexs_own_standing_offer_is_not_a_concession_beyond_the_margin() -> None:
    fdap = load_fdap(FIXTURES / "fdap" / "17-opticien-verres-progressifs.json")
    fiche = load_fiche(FIXTURES / "fiches" / "17-17-bon-remise-monture-pas-verres.json")
    fiche.fiche_candidat.contraintes = (
        "Remise de 10 % au plus ; seconde paire à – 50 % sur la seconde paire, remise de l'annexe."
    )
    assert "concession_hors_marge" not in {c.code for c in check(fiche, fdap)}


def test_phases_done_before_or_left_for_later_are_not_played() -> None:
    sequence = (
        "Découverte, argumentation et proposition ; la prise de contact a déjà eu lieu à l'accueil, "
        "la signature se fera au second rendez-vous"
    )
    assert "contact" not in played_part(sequence) and "signature" not in played_part(sequence)
    assert "prise de contact" in played_part("De la prise de contact à la signature")


def test_a_fact_both_sheets_share_that_a_frein_disputes_is_not_a_leak() -> None:
    fdap = load_fdap(FIXTURES / "fdap" / "06-concession-utilitaire-artisan.json")
    assert _errors("06-01-bon-reprise-estimee-electricien.json", fdap) == set()


def test_a_frein_copied_onto_the_candidate_sheet_is_still_a_leak() -> None:
    fdap = load_fdap(FIXTURES / "fdap" / "06-concession-utilitaire-artisan.json")
    fiche = load_fiche(FIXTURES / "fiches" / "06-01-bon-reprise-estimee-electricien.json")
    fiche.fiche_candidat.contraintes += " " + fiche.fiche_jury.freins.split(" ; ")[1] + "."
    assert "secret_jury_divulgue" in {c.code for c in check(fiche, fdap) if c.gravite == "erreur"}
