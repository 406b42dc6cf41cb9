"""The student's own text never reaches a sheet as typed: the form's labels pasted at a rubric's start, the
spoken register, a status run into the next line's heading, a list dash as a role, a unit price as a budget.

Lecture-6 quoted « Nom de l'organisation : Coopérative… » (30 times in one sheet), « Vous êtes apprenti
Autre. », « Farid Laurent, - les clients. », « un samedi aprem », « c'était dur a faire comprendre » and
« Son budget : de l'ordre des 1 145 € » for a price per tonne.
"""

from __future__ import annotations

import json

import msgspec
import pytest

from service.domain.codec import load_fdap
from service.domain.constats import FdapContext
from service.domain.fdap import Fdap
from service.engines.base import ProposalRequest
from service.engines.offline import OfflineEngine, candidate
from service.engines.offline.extract import actor
from service.engines.offline.facts import build
from service.engines.offline.feelings import in_writing
from service.engines.offline.form_labels import without_form_labels
from service.engines.offline.french import unit_of
from tests.conftest import FIXTURES

CAMPING = FIXTURES / "fdap" / "31-boulangerie-b2b-camping.json"


def _messy() -> Fdap:
    """FDAP 31 as a student who pastes the form's labels and runs lines together would write it."""
    raw = json.loads(CAMPING.read_text())
    raw["cadre"]["organisation"] = "Nom de l'organisation : " + raw["cadre"]["organisation"]
    raw["analyse"]["acteurs"] = (
        "Statut / rôle / motivations :\n"
        + raw["analyse"]["acteurs"]
        + "\n- moi, apprenti BTS NDRC 2e année\n"
        "Autre : le livreur (pas là ce jour-là)"
    )
    raw["analyse"]["historique_problematique"] = (
        "La gérante est venue au fournil un samedi aprem. " + raw["analyse"]["historique_problematique"]
    )
    return msgspec.convert(raw, Fdap)


def test_the_forms_labels_are_read_away_and_never_reach_a_sheet() -> None:
    fdap = _messy()
    assert without_form_labels(fdap).cadre.organisation == load_fdap(CAMPING).cadre.organisation
    sheets = OfflineEngine().generate(fdap, ProposalRequest(variants=3))
    text = msgspec.json.encode(sheets).decode()
    assert "Nom de l'organisation" not in text and "Statut / rôle" not in text
    rows = msgspec.json.encode([(s.fiche_candidat, s.fiche_jury) for s in sheets]).decode()
    assert "aprem" not in rows  # only a change's « avant » quotes the FDAP as typed, for the commission


def test_a_status_never_takes_the_next_lines_heading() -> None:
    fdap = _messy()
    said = candidate.status(build(fdap, FdapContext.of(fdap)))
    assert "Autre" not in said and said.startswith(("apprenti", "stagiaire"))


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        (
            "Le canapé concurrent a 1 990 € c'était un fixe donc pas comparable mais c'était dur a faire comprendre.",
            "Le canapé concurrent a 1 990 € c'était un fixe donc pas comparable.",
        ),
        (
            "Les clients sont venus au magasin un samedi aprem.",
            "Les clients sont venus au magasin un samedi après-midi.",
        ),
        ("on était que 2 sur le stand", ""),
        ("La météo annonçait de la pluie donc stress jusqu'au bout.", "La météo annonçait de la pluie."),
        ("Contrat signé le 12 mars pour 3 400 € HT.", "Contrat signé le 12 mars pour 3 400 € HT."),
        (
            "Stand de 12 m2 dans l'allée centrale de la galerie.",
            "Stand de 12 m2 dans l'allée centrale de la galerie.",
        ),
        ("On a galéré toute la matinée.", ""),
    ],
)
def test_the_spoken_register_is_cut_and_facts_are_kept(typed: str, written: str) -> None:
    assert in_writing(typed) == written


def test_a_list_dash_and_the_plural_are_no_jurors_label() -> None:
    said = actor("- les clients : M. et Mme Martin, 61 et 58 ans", "- les clients", "M. et Mme Martin")
    assert said.label == "client"


@pytest.mark.parametrize(
    ("price", "unit"),
    [
        ("1 145 €/t", " la tonne"),
        ("39 € HT/mois", " par mois"),
        ("6 € / palette", " par palette"),
        ("390 €", ""),
    ],
)
def test_a_unit_price_keeps_its_unit(price: str, unit: str) -> None:
    assert unit_of(price) == unit
