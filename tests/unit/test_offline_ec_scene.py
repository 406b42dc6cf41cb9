"""EC scenes as a commission signs them: the lived event's real days, a short objet, one place per meeting."""

from __future__ import annotations

import re
from pathlib import Path

from service.domain.codec import load_fdap
from service.domain.fiche_sujet import FicheSujet
from service.engines.base import ProposalRequest
from service.engines.offline import OfflineEngine

ENGINE = OfflineEngine()
ROOT = Path(__file__).resolve().parents[2]


def _proposals(path: str, seed: int = 1) -> list[FicheSujet]:
    return ENGINE.generate(load_fdap(ROOT / path), ProposalRequest(variants=3, seed=seed))


def test_a_two_day_event_is_told_over_its_two_days() -> None:
    # « vendredi 11 et samedi 12 octobre 2024 (2 jours, 10h-19h) »: never « le samedi 12 octobre 2024 » alone
    for fiche in _proposals("fixtures/fdap/20-boutique-mobile-stand-galerie.json"):
        story = fiche.fiche_candidat.historique_relation
        assert "a eu lieu les vendredi 11 et samedi 12 octobre 2024" in story
        assert "a eu lieu le samedi 12 octobre" not in story
        if fiche.fiche_candidat.dates_duree.startswith("Rendez-vous"):  # the next edition or another format
            assert re.search(
                r"date envisagée pour [^:]+ : les vendredi \d+ et samedi", fiche.fiche_candidat.dates_duree
            )


def test_a_salon_over_four_days_is_told_from_its_first_day_to_its_last() -> None:
    # « du vendredi 25 au lundi 28 avril 2025 (j'etais sur le stand le samedi 26 et le dimanche 27) »
    for fiche in _proposals("evals/ratings/fdap/H5-brico-salon-habitat-flyers.json"):
        assert "du vendredi 25 au lundi 28 avril 2025" in fiche.fiche_candidat.historique_relation


def test_events_in_the_plural_took_place_in_the_plural() -> None:
    for fiche in _proposals("fixtures/fdap/05-immobilier-portes-ouvertes-neuf.json"):
        story = fiche.fiche_candidat.historique_relation
        assert "Les journées portes ouvertes ont eu lieu les samedi 15 et dimanche 16 mars 2025" in story
        assert "ouvertes a eu lieu" not in story


def test_the_objet_says_the_scene_and_never_pastes_the_fdap_title_back() -> None:
    for path in (
        "fixtures/fdap/27-logistique-matinale-ecommercants.json",
        "fixtures/fdap/30-parapharmacie-journee-dermo.json",
        "evals/ratings/fdap/K6-distributeur-boissons-journee-pro.json",
    ):
        fdap = load_fdap(ROOT / path)
        for fiche in _proposals(path):
            objet = fiche.fiche_candidat.objet
            assert fdap.titre not in objet and len(objet) <= 110, objet


def test_an_event_named_rencontre_or_operation_is_named_and_not_called_the_event() -> None:
    objets = [
        f.fiche_candidat.objet for f in _proposals("evals/ratings/fdap/K5-librairie-rencontre-dedicace.json")
    ]
    objets += [
        f.fiche_candidat.objet
        for f in _proposals("evals/ratings/fdap/K7-controle-technique-checkup-ete.json")
    ]
    assert any("la rencontre dédicace" in o for o in objets)
    assert any("l'opération check-up" in o for o in objets)


def test_an_internal_meeting_is_held_in_one_place_the_one_the_fdap_names_for_it() -> None:
    # FDAP lieu: « Entretien : bureau de la gérante à l'agence. Soirée : salle Les Halles … - 80 places »
    internal = [
        f
        for f in _proposals("fixtures/fdap/22-agence-voyages-soiree-croisieres.json")
        if "partenaire" not in f.fiche_candidat.lieu
    ]
    assert internal
    for fiche in internal:
        assert fiche.fiche_candidat.lieu == "Bureau de la gérante à l'agence."
        assert fiche.fiche_jury.lieu == fiche.fiche_candidat.lieu


def test_sessions_in_the_plural_are_named_and_told_over_their_weekend() -> None:
    # title « Mini-séances photo de Noël au studio », dates over a Saturday and a Sunday
    for fiche in _proposals("evals/ratings/fdap/L8-photographe-mini-seances-noel.json"):
        assert "mini-séances photo" in fiche.fiche_candidat.objet
        assert "Les mini-séances photo ont eu lieu les samedi 29 et dimanche 30 novembre 2025" in (
            fiche.fiche_candidat.historique_relation
        )


def test_a_client_structure_is_met_on_its_premises_only() -> None:
    # FDAP lieu « Agence de Niort : parking (barnum, café) + comptoir et showroom » is the agency's, not the client's
    met = [
        f
        for f in _proposals("evals/ratings/fdap/L7-epi-matinee-pros-artisans.json")
        if "structure cliente" in f.fiche_candidat.lieu
    ]
    assert met
    for fiche in met:
        assert "parking" not in fiche.fiche_candidat.lieu and "Niort" not in fiche.fiche_candidat.lieu


def test_one_character_plays_one_partner_the_one_with_a_lever() -> None:
    # FDAP: « partenaires : Radio Pulse FM et la Brasserie des Forges (1er verre offert aux nouveaux adhérents) »
    played = [
        f.fiche_candidat.acteurs.jury
        for seed in (0, 1, 2)
        for f in _proposals("evals/ratings/fdap/L6-salle-concert-ouverture-saison.json", seed)
        if "partenaire" in f.fiche_candidat.acteurs.jury
    ]
    assert played
    for jury in played:
        assert "Brasserie des Forges" in jury and "Radio Pulse" not in jury
