"""The NV jury sheet reads like a person: the client says « chez vous », the rows name the firm once, the
co-decider fits the person, the role is what the FDAP says its client does.

Read on the messy FDAPs the panel rated: a bakery selling to a camping (« Maison Guillou » in every
objection), a jeweller's engagement ring (a « conjoint » for the fiancé, « déjà client » for a passer-by),
a wood-stove showroom whose client is a retired farmer of 68 with his daughter (« artisan »).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from service.domain.fiche_sujet import FicheSujet
from service.domain.rules_story import prior_dealings
from service.engines.offline.nv_profile import alternatives
from service.engines.offline.nv_role import business_function, heading
from service.engines.offline.nv_scene import client_function
from service.engines.offline.nv_voice import name_once, yours
from service.engines.offline.roles import DEFAULT_PREMISE, premise_of
from tests.conftest import FIXTURES, nv_sheets

RATED = FIXTURES.parent / "evals" / "ratings" / "fdap"
BAKERY = (RATED / "31-boulangerie-b2b-camping.json", "Maison Guillou")
RING = (RATED / "N3-bijouterie-bague-fiancailles.json", "Bijouterie Marchal")
PIANO = RATED / "K4-magasin-musique-piano-numerique.json"  # the father buys, the daughter plays
STOVE = (RATED / "N1-chauffage-bois-poele-granules-client-revenu.json", "Au Feu de Bois")


_nv = nv_sheets


def _age(fiche: FicheSujet) -> int:
    return int(re.search(r"(\d+) ans", fiche.fiche_jury.identite).group(1))


def test_a_row_names_the_firm_once_then_says_its_premises() -> None:
    shop = premise_of("magasin de bijoux")
    row = (
        "Dépenser chez Bijouterie Marchal pour un besoin qui ne lui paraît pas prioritaire ; le peu de temps "
        "pour comparer Bijouterie Marchal à d'autres ; un contrat qui le lierait à Bijouterie Marchal."
    )
    assert name_once(row, "Bijouterie Marchal", shop) == (
        "Dépenser chez Bijouterie Marchal pour un besoin qui ne lui paraît pas prioritaire ; le peu de temps "
        "pour comparer le magasin à d'autres ; un contrat qui le lierait au magasin."
    )
    said = name_once(
        "Il découvre Au Feu de Bois. Il n'est pas client d'Au Feu de Bois.", "Au Feu de Bois", shop
    )
    assert said == "Il découvre Au Feu de Bois. Il n'est pas client du magasin."
    # « dans l'entreprise » is no place one buys at: a purchase « chez » the firm keeps its name
    kept = "Il vit, avec Maison Guillou, ceci. La brasserie est cliente chez Maison Guillou depuis 2016."
    assert name_once(kept, "Maison Guillou", DEFAULT_PREMISE) == kept
    assert yours(shop) == "votre magasin" and yours(DEFAULT_PREMISE) == "votre entreprise"


@pytest.mark.parametrize("case", [BAKERY, RING, STOVE], ids=lambda c: c[1])
def test_the_client_never_says_the_firms_name_and_rows_say_it_twice_at_most(case: tuple[Path, str]) -> None:
    path, org = case
    for fiche in _nv(path):
        j = fiche.fiche_jury
        assert not [o for o in j.objections if org in o], j.objections
        for row in (j.identite, j.motivations, j.freins, j.contraintes):
            assert row.count(org) <= 2, row


def test_the_ring_buyer_decides_with_his_fiancee_and_is_no_client_yet() -> None:
    fiches = _nv(RING[0])
    for fiche in fiches:
        j = fiche.fiche_jury
        said = " ".join([j.motivations, j.freins, j.contraintes, *j.objections])
        assert "conjoint" not in said, said
        if "ne connaissait pas" in fiche.fiche_candidat.historique_relation:  # the lived passer-by
            assert not [o for o in j.objections if "déjà client" in o], j.objections
    assert any("fiancée" in f.fiche_jury.contraintes for f in fiches)
    assert any("ne connaissait pas" in f.fiche_candidat.historique_relation for f in fiches)


def test_the_daughter_decides_only_with_a_client_old_enough_to_have_her() -> None:
    for fiche in _nv(STOVE[0]) + _nv(PIANO):
        j = fiche.fiche_jury
        if re.search(r"\b(?:votre|ma|sa) fille\b", f"{j.contraintes} {' '.join(j.objections)}"):
            assert _age(fiche) >= 40, j.identite


def test_the_retired_farmer_is_played_as_what_the_fdap_says_he_is() -> None:
    played = {fiche.fiche_jury.identite.split(".")[0] for fiche in _nv(STOVE[0])}
    assert not [p for p in played if p.endswith(", artisan")], played
    assert any(p.endswith("68 ans, agriculteur retraité") for p in played), played


@pytest.mark.parametrize(
    ("label", "function"),
    [
        (
            "- l'interlocuteur, 68 ans, agriculteur retraité, veuf, vit seul, un peu dur d'oreille",
            "agriculteur retraité",
        ),
        ("Mme l'interlocuteur, 52 ans, secrétaire médicale, cliente fidèle", "secrétaire médicale"),
        ("la cliente, 45 ans, vient pour son fils", ""),
        (
            "Kevin, chef de production au fournil (délais, heures de commande)",
            "",
        ),  # the seller's side is never here
        ("avec la pose avant l'hiver", ""),
    ],
)
def test_a_client_function_comes_from_the_fdaps_line_never_a_fragment(label: str, function: str) -> None:
    assert client_function(label) == function


def test_a_purchase_made_elsewhere_by_a_newcomer_is_no_past_with_the_firm() -> None:
    history = (
        "Le client ne connaissait pas le magasin, il est entré en passant en voyant la vitrine saint valentin. "
        "Il voulait faire sa demande en mariage le 14 février (il avait déjà réservé le restaurant)."
    )
    assert prior_dealings(history) == ""
    assert (
        prior_dealings(
            "Il avait déjà commandé deux fois chez nous, il ne connaissait pas encore l'offre pro."
        )
        == "achat"
    )


@pytest.mark.parametrize(
    ("one", "other", "expected"),
    [
        ("Poêles à bois", "Poêles à granulés étanches ou non", True),
        ("Équipement en verres progressifs", "Verres progressifs gamme Premium", True),
        ("Tubage inox", "Sorties de toit", False),
        ("Pains", "Sandwichs", False),
        ("Alliances", "Piles et bracelets de montres", False),
    ],
)
def test_a_client_hesitates_only_between_items_of_the_same_kind(one: str, other: str, expected: bool) -> None:
    assert alternatives(one, other) is expected


def test_no_hesitation_between_bread_and_sandwiches_and_no_budget_made_of_aims() -> None:
    for fiche in _nv(BAKERY[0]) + _nv(RING[0]):
        said = fiche.fiche_jury.identite
        assert not re.search(r"hésite entre l'offre « (?:Pains|Sandwichs) »", said), said
        assert "regardé les prix (vendre" not in said, (
            said
        )  # « vendre une bague dans son budget (1500 € maxi)… »
    assert any(re.search(r"Son budget : 1\s500 € environ", f.fiche_jury.identite) for f in _nv(RING[0]))


def test_the_fdaps_own_client_gets_no_seniority_the_history_does_not_tell() -> None:
    gaec = (
        RATED / "H2-courtage-gaec-grele.json"
    )  # insured « chez la même mutuelle agricole depuis plus de 20 ans »
    lived = [f for f in _nv(gaec) if "la situation racontée dans l'historique" in f.fiche_jury.identite]
    assert lived
    for fiche in lived:
        assert not re.search(r"(?:Fidèle|Client|Cliente) depuis \d+ ans", fiche.fiche_jury.identite), (
            fiche.fiche_jury.identite
        )


@pytest.mark.parametrize(
    ("history", "gender", "b2b", "played"),
    [
        (
            "Le camping client (4 étoiles, 280 emplacements) vend du pain le matin",
            "f",
            True,
            "gérante du camping client",
        ),
        (
            "L'EARL du Haut Chemin est cliente de la concession depuis longtemps",
            "m",
            False,
            "chef de l'exploitation cliente",
        ),
        ("Il voulait faire sa demande en mariage (il avait déjà réservé le restaurant)", "m", False, ""),
    ],
)
def test_a_business_client_is_played_by_the_one_who_runs_it(
    history: str, gender: str, b2b: bool, played: str
) -> None:
    assert business_function(history, gender, b2b) == played


def test_the_camping_manager_is_no_bare_client_and_a_heading_is_nobody() -> None:
    for fiche in _nv(BAKERY[0]):
        assert "gérante du camping client" in fiche.fiche_jury.identite.split(".")[0], (
            fiche.fiche_jury.identite
        )
    assert heading("Chez le client") and heading("Côté client :") and not heading("gérant du camping")
