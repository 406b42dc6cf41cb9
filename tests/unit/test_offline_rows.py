"""The rows the offline engine fills from the FDAP's facts: offer items, figures, leeway, French.

Teachers rejected sheets whose products were cut out of a sentence, whose « Marges de manœuvre » held
prices, whose copies ended inside a word, and whose justifications said the FDAP cited what it did not.
"""

from __future__ import annotations

from pathlib import Path

from msgspec.structs import replace

from service.domain.codec import load_fdap
from service.domain.constats import FdapContext
from service.domain.fdap import Fdap
from service.engines.offline import offer_words
from service.engines.offline.extract import OfferItem, split_sentences
from service.engines.offline.facts import build
from service.engines.offline.factsheet import _leeway
from service.engines.offline.french import tidy, whole, yours
from service.engines.offline.justify import justify

ROOT = Path(__file__).resolve().parents[2]
SOLAR = ROOT / "fixtures" / "fdap" / "21-solaire-autoconsommation-couple.json"
PERFUME = ROOT / "fixtures" / "fdap" / "19-parfumerie-coffret-fidelite.json"


def _with_annex(path: Path, annex: str, **cadre: str) -> Fdap:
    fdap = load_fdap(path)
    return replace(fdap, annexe_offre=annex, cadre=replace(fdap.cadre, **cadre) if cadre else fdap.cadre)


def test_leeway_is_what_the_seller_may_grant_or_must_refuse_never_a_price() -> None:
    annex = (
        "Tarifs :\n- Crème 50 ml : 42 €\n- Coffret : 89 € au lieu de 118 €\n"
        "Carte fidélité : gratuite, 1 € = 1 point, 10 € offerts à l'adhésion.\n"
        "Pass : 5,90 €/mois → frais offerts, 5 % en bons d'achat\n"
        "Marges de manoeuvre conseillère :\n- aucune remise sur les coffrets\n- échantillons : 3 maxi par cliente\n"
        "- geste commercial (-10 % sur un soin) seulement avec l'accord de la responsable\n"
        "Concurrents : Sephora, sites en ligne."
    )
    said = _leeway(_with_annex(PERFUME, annex), split_sentences)
    assert said == (
        "aucune remise sur les coffrets",
        "échantillons : 3 maxi par cliente",
        "geste commercial (-10 % sur un soin) seulement avec l'accord de la responsable",
    )


def test_leeway_on_the_heading_line_is_split_into_its_clauses() -> None:
    annex = "MARGES DE MANOEUVRE : remise max 10 % avec accord de la gérante ; pas de remise sur la récolte ; paiement 50 % à la commande.\nCIBLE : éleveurs."
    said = _leeway(_with_annex(PERFUME, annex), split_sentences)
    assert said == ("remise max 10 % avec accord de la gérante", "pas de remise sur la récolte")


def test_no_leeway_in_the_annex_gives_a_marker_not_a_rule() -> None:
    fdap = _with_annex(PERFUME, "Tarifs :\n- Crème 50 ml : 42 €\n- Sérum 30 ml : 55 €")
    facts = build(fdap, FdapContext.of(fdap))
    assert "[à préciser" in offer_words.leeway(facts, facts.main)


def test_a_line_listing_services_is_several_items_not_one_with_the_others_as_its_description() -> None:
    annex = (
        "OFFRE :\n- Multirisque exploitation : bâtiments, matériel, stocks\n"
        "- Flotte tracteurs et véhicules, prévoyance et santé des exploitants, RC des dirigeants\n"
    )
    fdap = _with_annex(SOLAR, annex)
    labels = [i.label for i in build(fdap, FdapContext.of(fdap)).items]
    assert "Flotte tracteurs et véhicules" in labels
    assert "Prévoyance et santé des exploitants" in labels
    flotte = next(i for i in build(fdap, FdapContext.of(fdap)).items if i.label.startswith("Flotte"))
    assert flotte.detail == ""


def test_an_item_is_named_not_cut_out_of_a_sentence() -> None:
    fdap = _with_annex(SOLAR, "", offre_commerciale="Vente de vélos, croisières ou des voyages sur mesure")
    labels = [i.label for i in build(fdap, FdapContext.of(fdap)).items]
    assert "Vélos" in labels and "Croisières" in labels


def test_informations_carry_the_price_ladder_and_a_marker_for_a_missing_quote() -> None:
    fdap = load_fdap(SOLAR)
    facts = build(fdap, FdapContext.of(fdap))
    item = OfferItem("Installation photovoltaïque en autoconsommation")
    line = offer_words.offer_line(facts, item, "Devis remis pour l'offre")
    figures = offer_words.figures_for(facts, item, line, ("tarif", "concurrent", "marche"), limit=5)
    assert "[à préciser : montant du devis]" in line
    assert any("6 kWc" in f for f in figures)
    assert not any("remise" in f.lower() for f in figures)  # the leeway belongs to the constraints
    assert all(f.endswith(".") and "…" not in f for f in figures)


def test_whole_never_cuts_inside_a_word_nor_prints_an_ellipsis() -> None:
    text = "Repères : multirisque 3 800 à 6 000 €/an ; récolte env. 25 à 45 €/ha avant subvention, subvention possible (sous conditions, la compagnie fait la demande) ; franchise 500 €."
    cut = whole(text, 90)
    assert cut and len(cut) <= 90 and "…" not in cut and cut.count("(") == cut.count(")")
    assert text.startswith(cut)
    assert whole("Unmotsansespacesnipause" * 10, 40) == ""


def test_articles_and_elision_before_names() -> None:
    assert tidy("Offre de Cabinet Bellanger et de Optique du Marché") == (
        "Offre du Cabinet Bellanger et d'Optique du Marché"
    )
    assert tidy("chez Chambre de commerce, l'offre de les mutuelles agricoles") == (
        "à la Chambre de commerce, l'offre des mutuelles agricoles"
    )
    assert tidy("afin de les convaincre, Vente de le pack « Confort »") == (
        "afin de les convaincre, Vente du pack « Confort »"
    )
    assert yours("Offre de Tout Pour Mes Bêtes, mon tuteur") == "Offre de Tout Pour Mes Bêtes, votre tuteur"


def test_a_justification_never_says_the_fdap_cites_what_it_does_not() -> None:
    fdap = replace(load_fdap(PERFUME), annexe_offre="Tarifs :\n- Crème : 42 €")
    facts = build(fdap, FdapContext.of(fdap))
    values = {"org": facts.org, "focus": "l'offre « Crème »"}
    assert not facts.remote
    assert "pratiquée par" not in justify("lieu:visio", "NV", values, facts)
    said = justify("objectifs_communication", "NV", {**values, "goal": "fixer une date.", "minutes": "15"})
    assert ".," not in said


def test_fdap_dates_are_written_the_french_way_and_a_lived_meeting_loses_its_length() -> None:
    from service.engines.offline.french import fr_dates, meeting_time

    assert fr_dates("Samedi 16/11/2024 vers 15h") == "Samedi 16 novembre 2024 vers 15 h"
    assert fr_dates("21/02/2025 14h30") == "vendredi 21 février 2025 à 14 h 30"
    assert fr_dates("jeudi 15 mai 2025, 8h30-11h") == "jeudi 15 mai 2025, de 8 h 30 à 11 h"
    assert meeting_time(fr_dates("Samedi 5 avril 2025, 10h-11h45")) == "Samedi 5 avril 2025 à 10 h"
