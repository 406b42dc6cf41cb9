"""The NV jury character tells one story: built from the relationship of its variant, fed by the FDAP's facts.

Read on the messy FDAPs the panel rated (a brasserie client since 2016, a parfumerie visitor who came
after the brand's e-mail, a cuisiniste whose client found the oven cheaper online).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from service.domain.codec import load_fdap, load_fiche
from service.domain.constats import FdapContext
from service.domain.fiche_sujet import FicheSujet
from service.domain.rules import check
from service.domain.rules_story import prior_dealings, speaks_as_stranger
from service.engines.base import ProposalRequest
from service.engines.offline import OfflineEngine
from service.engines.offline.facts import build
from service.engines.offline.nv_scene import label_gender
from service.engines.offline.people import _allowed
from tests.conftest import FIXTURES, nv_sheets

ROOT = FIXTURES.parent
RATED = ROOT / "evals" / "ratings" / "fdap"
BRASSERIE = RATED / "L4-equipement-chr-four-mixte-brasserie.json"  # « client chez vous depuis 2016 »
INTERIM = FIXTURES / "fdap" / "28-interim-contrat-cadre-agroalimentaire.json"  # « 3 missions en 2024 »
CUISINE = FIXTURES / "fdap" / "23-cuisiniste-cuisine-equipee.json"  # « 60 € moins cher » on a website
NV_FILES = [
    BRASSERIE,
    INTERIM,
    CUISINE,
    FIXTURES / "fdap" / "19-parfumerie-coffret-fidelite.json",
    FIXTURES / "fdap" / "26-auto-ecole-forfait-permis.json",
    RATED / "L1-spa-couple-offre-printemps.json",
    RATED / "H2-courtage-gaec-grele.json",
    RATED / "K4-magasin-musique-piano-numerique.json",
]
_MARKER = re.compile(r"\[à préciser")


_nv = nv_sheets


def _character_rows(fiche: FicheSujet) -> list[str]:
    j = fiche.fiche_jury
    return [j.identite, j.relation_entreprise, j.motivations, j.freins, j.contraintes, *j.objections]


@pytest.mark.parametrize("path", NV_FILES, ids=lambda p: p.stem)
def test_a_client_with_a_past_is_never_played_as_a_stranger(path: Path) -> None:
    for fiche in _nv(path):
        history = f"{fiche.fiche_candidat.historique_relation}\n{fiche.fiche_jury.historique_relation}"
        if prior_dealings(history):
            said = [row for row in _character_rows(fiche) if speaks_as_stranger(row)]
            assert not said, (history, said)


def test_the_brasserie_client_since_2016_is_played_as_a_client() -> None:
    lived = [f for f in _nv(BRASSERIE) if "2016" in f.fiche_candidat.historique_relation]
    assert lived, "the lived history (client since 2016) is replayed by some variant"
    for fiche in lived:
        identity = fiche.fiche_jury.identite
        assert "pas encore client" not in identity and "découvre" not in identity, identity
        assert not any("jamais parlé" in o or "Je ne connais pas" in o for o in fiche.fiche_jury.objections)


@pytest.mark.parametrize("path", NV_FILES, ids=lambda p: p.stem)
def test_the_candidate_sheet_carries_no_marker_and_the_jury_one_or_two_at_most(path: Path) -> None:
    for fiche in _nv(path):
        c = fiche.fiche_candidat
        for row in (
            c.historique_relation,
            c.objet,
            c.objectifs_communication,
            c.acteurs.vous,
            c.acteurs.jury,
        ):
            assert not _MARKER.search(row), row
        assert sum(len(_MARKER.findall(row)) for row in _character_rows(fiche)) <= 2, (
            fiche.fiche_jury.identite
        )


def test_the_budget_is_placed_against_the_annex_price() -> None:
    identities = [f.fiche_jury.identite for f in _nv(CUISINE)]
    assert all("Son budget : [à préciser" not in i for i in identities), identities
    assert any(re.search(r"Son budget : [^.]*\d", i) for i in identities), identities


def test_the_fdap_difficulty_becomes_an_objection_with_its_own_figure() -> None:
    objections = [o for f in _nv(CUISINE) for o in f.fiche_jury.objections]
    assert any("60 € moins cher sur internet" in o for o in objections), objections


def test_a_one_off_purchase_is_never_questioned_as_a_commitment() -> None:
    spa = [f for f in _nv(RATED / "L1-spa-couple-offre-printemps.json") if "Spas" in f.fiche_candidat.objet]
    assert spa
    for fiche in spa:
        assert not any("arrêter quand je veux" in o for o in fiche.fiche_jury.objections), (
            fiche.fiche_jury.objections
        )


def test_the_rule_tells_purchases_from_contacts() -> None:
    assert (
        prior_dealings("Le Galion est client chez vous depuis 2016 pour le froid et la laverie.") == "achat"
    )
    assert prior_dealings("Elle est venue car elle avait reçu un mail de l'enseigne.") == "contact"
    assert prior_dealings("Le client découvre le magasin : c'est votre premier entretien avec lui.") == ""
    assert speaks_as_stranger("Prospect : il ne connaît Armor Cuisine Pro que de nom.")
    assert not speaks_as_stranger("Co-décideur qui n'a encore jamais rencontré l'agence.")


def test_a_stranger_after_a_mere_contact_is_a_warning_not_an_error() -> None:
    fiche = load_fiche(FIXTURES / "fiches" / "13-03-bon-second-rdv-club.json")  # a quote sent: a contact
    fiche.fiche_jury.relation_entreprise = "Prospect : elle ne connaît le club que de nom."
    found = [c for c in check(fiche, load_fdap(FIXTURES / "fdap" / "13-club-fitness-cse.json"))]
    flagged = [c.gravite for c in found if c.code == "personnage_contredit_historique"]
    assert flagged == ["avertissement"]


def test_no_character_is_a_near_homonym_of_a_person_of_the_fdap() -> None:
    path = RATED / "L7-epi-matinee-pros-artisans.json"  # the FDAP names « Mme Gautier »
    fdap = load_fdap(path)
    said = " ".join(
        f"{fiche.fiche_candidat.acteurs.jury} {fiche.fiche_jury.identite}"
        for seed in range(8)
        for fiche in OfflineEngine().generate(fdap, ProposalRequest(variants=3, seed=seed))
    )
    assert "Gautier" in path.read_text(encoding="utf-8")
    assert "Gauthier" not in said and "Gautier" not in said
    assert not _allowed("Gauthier", frozenset({"gautier", "artisan"}))
    assert _allowed("Gauthier", frozenset({"artisan"}))


@pytest.mark.parametrize(
    ("path", "cosigner"),
    [
        (FIXTURES / "fdap" / "31-boulangerie-b2b-camping.json", "fille"),  # « la fille du gérant »
        (RATED / "H2-courtage-gaec-grele.json", "associé"),  # « les 2 associés »
        (RATED / "K2-materiel-agricole-telescopique-reprise.json", "fils"),  # the farmer's son
        (RATED / "K4-magasin-musique-piano-numerique.json", "fille"),  # the father buys, the daughter plays
    ],
    ids=["boulangerie", "courtage", "materiel-agricole", "musique"],
)
def test_the_co_decider_is_the_one_the_fdap_names_never_a_stock_spouse(path: Path, cosigner: str) -> None:
    fdap = load_fdap(path)
    fiches = [
        f
        for seed in range(8)
        for f in OfflineEngine().generate(fdap, ProposalRequest(variants=3, seed=seed))
        if f.nature == "NV"
    ]
    said = " ".join(" ".join(_character_rows(f)) + f.fiche_candidat.contraintes for f in fiches)
    assert "conjoint" not in said and "mon fille" not in said and "à son fille" not in said
    assert re.search(rf"\b(?:son|sa|mon|ma|votre) {cosigner}\b|\b{cosigner} d[ue]", said), said[:400]


def test_the_name_agrees_with_the_role_the_fdap_gives() -> None:
    assert label_gender("gérante de la brasserie") == "f"
    assert label_gender("directeur administratif") == "m"
    assert label_gender("responsable des achats") == ""


def test_a_client_who_saw_the_firms_advertising_never_says_he_never_heard_of_it() -> None:
    # M2: « ils avaient vu la pub dans la boite aux lettres »; lecture-4 quoted « On ne m'a jamais parlé de … »
    assert (
        prior_dealings("c'était leur premiere visite, ils avaient vu la pub dans la boite aux lettres")
        == "contact"
    )
    fdap = load_fdap(next((ROOT / "evals" / "ratings" / "fdap").glob("M2-*.json")))
    seen = 0
    for seed in range(3):
        for fiche in OfflineEngine().generate(fdap, ProposalRequest(variants=3, seed=seed)):
            if "pub" in fiche.fiche_candidat.historique_relation:  # the lived story is kept
                assert "jamais parlé" not in " ".join(fiche.fiche_jury.objections)
                seen += 1
    assert seen


def test_the_lived_client_keeps_the_seniority_the_fdap_gives() -> None:
    # L4: « client chez nous depuis 2016 » (FDAP of 2025); sheets said « Fiche client : 5 ans d'ancienneté »
    fdap = load_fdap(next((ROOT / "evals" / "ratings" / "fdap").glob("L4-*.json")))
    kept = 0
    for seed in range(3):
        for fiche in OfflineEngine().generate(fdap, ProposalRequest(variants=3, seed=seed)):
            if "2016" not in fiche.fiche_candidat.historique_relation:
                continue  # a new story for the variant: its own seniority
            said = re.findall(r"(\d+) ans d'ancienneté|depuis (\d+) ans", str(fiche))
            assert all("9" in pair for pair in said), said
            kept += bool(said)
    assert kept


def test_side_headings_in_the_actors_say_who_is_on_which_side() -> None:
    # N1: « Côté client : - M. …, 68 ans, agriculteur retraité … Côté entreprise : - Mme …, secrétaire … pour
    # les clients »: the heading was taken for the client, the client was drawn 33 years old (lecture-5)
    fdap = load_fdap(next((ROOT / "evals" / "ratings" / "fdap").glob("N1-*.json")))
    facts = build(fdap, FdapContext.of(fdap))
    client = facts.client_actor()
    assert client is not None and client.age == 68 and "retraité" in client.label
    assert all("Côté" not in actor.label for actor in facts.actors)
