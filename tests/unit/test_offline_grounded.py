"""Rows grounded in the FDAP's facts, in good French (third panel, lecture-3).

The teachers read « Offre « À partir d'environ 450 € » », « autour de « Dotation » », « Marge de
manœuvre : [à préciser …] » beside an annex that gives -5 % and -8 %, « Offre « Drive piéton » d'Hyper
Marché Plus. » with no figure, « telesurveillance », « vous avez du aller chercher votre tuteur ».
"""

from __future__ import annotations

from pathlib import Path

from service.domain.codec import load_fdap
from service.domain.constats import FdapContext
from service.domain.fiche_sujet import FicheSujet
from service.engines.base import ProposalRequest
from service.engines.offline import OfflineEngine, french, offer_words
from service.engines.offline.accents import accented
from service.engines.offline.facts import Material, build
from service.engines.offline.firms import unnamed_firm, unnamed_firms

ROOT = Path(__file__).resolve().parents[2]
RATED = ROOT / "evals" / "ratings" / "fdap"


def _material(name: str) -> Material:
    fdap = load_fdap(next(RATED.glob(f"{name}-*.json")))
    return build(fdap, FdapContext.of(fdap))


def _proposals(name: str) -> list[FicheSujet]:
    fdap = load_fdap(next(RATED.glob(f"{name}-*.json")))
    return OfflineEngine().generate(fdap, ProposalRequest(variants=3))


def test_a_price_a_quantity_or_an_included_extra_is_never_an_offer_item() -> None:
    labels = {name: [i.label for i in _material(name).items] for name in ("L5", "L6", "L3")}
    assert "À partir d'environ 450 €" not in labels["L5"] and "Mariages sur devis" in labels["L5"]
    assert "Env. 70 concerts par saison" not in labels["L6"] and "Pass 4 concerts" in labels["L6"]
    assert "Interventions d'agents" in labels["L3"]  # « . tarifs en annexe » is a pointer, not the name
    solar = load_fdap(ROOT / "fixtures" / "fdap" / "21-solaire-autoconsommation-couple.json")
    items = [i.label for i in build(solar, FdapContext.of(solar)).items]
    assert "Suivi de production sur appli" not in items and "Batterie 5 kWh" in items  # « : inclus »


def test_a_family_heading_gives_its_product_the_name_its_line_opens_with() -> None:
    items = {i.label: i for i in _material("L7").items}
    assert "Dotation" not in items
    assert items["Pack salarié"].price.startswith("à partir de 245 €")
    assert "2 pantalons" in items["Pack salarié"].detail


def test_an_ec_jury_row_never_pastes_a_bare_label_into_a_sentence() -> None:
    for fiche in _proposals("L7") + _proposals("L5"):
        jury = fiche.fiche_jury
        said = " ".join([jury.motivations, jury.freins, *jury.objections])
        assert "autour de «" not in said and "ventes de «" not in said and "pour «" not in said


def test_a_discount_said_by_its_figure_and_bound_is_the_leeway_not_a_blank() -> None:
    leeway = _material("L2").known.leeway
    assert any("-5 % dès 600 plateaux" in x and "10 % max" in x for x in leeway)
    rows = [f.fiche_candidat.contraintes for f in _proposals("L2")]
    assert not any("[à préciser : remise" in row for row in rows)
    assert any("-8 % dès 1 000" in row for row in rows)


def test_an_ec_information_line_says_a_figure_never_a_bare_offer_name() -> None:
    for name in ("L5", "L6", "L8"):
        for fiche in _proposals(name):
            for line in fiche.fiche_candidat.informations.splitlines():
                assert not (line.startswith("Offre « ") and line.endswith((" du Silo.", "de Studio Lumen.")))
                assert "[à préciser : prix]" not in line


def test_a_review_gives_the_budget_spent_the_jury_will_ask_about() -> None:
    fdap = load_fdap(ROOT / "fixtures" / "fdap" / "24-drive-journee-decouverte.json")
    fiches = OfflineEngine().generate(fdap, ProposalRequest(variants=3))
    review = [f for f in fiches if "Bilan" in f.fiche_candidat.objet]
    assert review and all("Budget engagé : 400 €." in f.fiche_candidat.informations for f in review)


def test_common_words_typed_without_accents_are_restored_and_other_words_left_alone() -> None:
    assert accented("Alarmes avec telesurveillance pour personnes agées") == (
        "Alarmes avec télésurveillance pour personnes âgées"
    )
    assert (
        accented("7h c'etait trop tôt, vous avez du aller voir")
        == "7h c'était trop tôt, vous avez dû aller voir"
    )
    assert accented("le prix élevé, du pain, une dépense, il a dépensé") == (
        "le prix élevé, du pain, une dépense, il a dépensé"
    )
    assert accented("apres que 2 maisons … . elle est veuve") == "après que 2 maisons … . Elle est veuve"
    assert accented("80 pers. x 12 €, env. 25 €, cf. annexe, resp. drive") == (
        "80 pers. x 12 €, env. 25 €, cf. annexe, resp. drive"
    )


def test_the_sheets_of_a_student_who_typed_without_accents_read_in_good_french() -> None:
    for fiche in _proposals("L3") + _proposals("L7"):
        cand = fiche.fiche_candidat
        text = " ".join([cand.objet, cand.informations, cand.contraintes, fiche.fiche_jury.identite])
        assert "telesurveillance" not in text and "agées" not in text and "c'etait" not in text
        assert "votre tuteur" not in text and "avez du aller" not in text


def test_each_justification_gives_one_reason_without_a_tail_naming_the_offer_again() -> None:
    fdap = load_fdap(ROOT / "fixtures" / "fdap" / "23-cuisiniste-cuisine-equipee.json")
    fiches = OfflineEngine().generate(fdap, ProposalRequest(variants=3)) + _proposals("L3")
    reasons = [m.justification for f in fiches for m in f.modifications]
    assert reasons and not any(", ici pour " in r for r in reasons)
    constraints = [m.justification for f in fiches for m in f.modifications if m.parametre == "contraintes"]
    assert constraints and all("«" in r for r in constraints)  # the reason names this sheet's offer


def test_a_second_item_priced_on_the_first_ones_line_is_its_own_item_and_keeps_its_first_letters() -> None:
    kitchen = load_fdap(ROOT / "fixtures" / "fdap" / "23-cuisiniste-cuisine-equipee.json")
    items = {i.label: i for i in build(kitchen, FdapContext.of(kitchen)).items}
    assert items["Pack électroménager encastrable 3 appareils"].price == "2 190 €"
    assert items["Lave-vaisselle intégrable"].price == "590 €"
    assert "Laverie" in [i.label for i in _material("L4").items]  # never « Verie »


def test_a_quote_states_the_amount_the_fdap_gives_for_it() -> None:
    solar = load_fdap(ROOT / "fixtures" / "fdap" / "21-solaire-autoconsommation-couple.json")
    solar_facts = build(solar, FdapContext.of(solar))
    assert (
        offer_words.quoted(solar_facts, solar_facts.main) == "6 kWc (15 panneaux), 13 140 €"
    )  # the size sold
    spa = _material("L1")
    contract = next(i for i in spa.items if i.label == "Contrat d'entretien")
    assert offer_words.quoted(spa, contract) == "29 €/mois, engagement 12 mois"
    assert offer_words.quoted(spa, next(i for i in spa.items if i.label == "Produits d'entretien")) == ""
    for fiche in OfflineEngine().generate(solar, ProposalRequest(variants=3)) + _proposals("L1"):
        for line in fiche.fiche_candidat.informations.splitlines():
            assert not line.startswith("Devis remis") or "[à préciser" not in line


def test_client_businesses_and_staff_first_names_are_said_by_their_kind() -> None:
    for name, gone in (("L4", ("Le Galion", "Erwan")), ("L2", ("Fidexa",)), ("H5", ("Vernet",))):
        for fiche in _proposals(name):
            cand, jury = fiche.fiche_candidat, fiche.fiche_jury
            text = " ".join([cand.lieu, cand.historique_relation, jury.identite, jury.historique_relation])
            text += " ".join(m.avant for m in fiche.modifications)
            assert not any(word in text for word in gone), (name, text)
    brasserie = " ".join(
        f.fiche_candidat.lieu + f.fiche_candidat.historique_relation for f in _proposals("L4")
    )
    assert "brasserie" in brasserie and "Saint-Malo" in brasserie  # the kind and the town stay
    radio = load_fdap(ROOT / "fixtures" / "fdap" / "25-radio-locale-campagne-literie.json")
    facts = build(radio, FdapContext.of(radio))
    assert "Au Bon Sommeil" not in facts.cleaner.text(radio.analyse.historique_problematique)
    assert facts.org_short not in facts.cleaner.firms  # the seller keeps its name


def test_the_jury_sheet_says_son_tuteur_once_the_sentence_names_the_candidate() -> None:
    said = french.theirs("j'ai fait la découverte avec mon tuteur et une première implantation")
    assert said == "le candidat a fait la découverte avec son tuteur et une première implantation"
    assert french.theirs("D'après ma tutrice, l'an dernier") == "D'après la tutrice du candidat, l'an dernier"


def test_a_client_firm_named_after_its_owner_and_its_street_address_leave_no_gap() -> None:
    # a held-out FDAP's lieu: the owner's surname redacted inside the firm's name, then the street address
    lieu = (
        "Dans les locaux du client : Cabinet [nom] & Associés, 3 rue Paul Bellamy, Nantes (salle du 2e étage)"
    )
    assert unnamed_firm(lieu) == "Dans les locaux du client, Nantes (salle du 2e étage)"
    assert unnamed_firm("dont SARL [nom] (6 salariés)") == "dont une entreprise cliente (6 salariés)"
    assert (
        unnamed_firm("au 3 rue des Lilas, chez un client fidèle")
        == "au 3 rue des Lilas, chez un client fidèle"
    )


def test_a_rivals_price_keeps_its_decimal_comma() -> None:
    # 31: « le concurrent … proposait la baguette à 0,62 € HT » was cut at the comma into « à 0. »
    rows = [p.fiche_candidat.informations + " " + p.fiche_jury.identite for p in _proposals("31")]
    assert any("0,62 €" in row for row in rows)
    assert not any("baguette à 0." in row for row in rows)


def test_a_client_firm_keeps_the_article_of_its_sentence() -> None:
    # lecture-4 quoted « L'une entreprise cliente (maçonnerie gros oeuvre, 45 salariés) » (M3)
    assert unnamed_firm("L'entreprise [nom] (maçonnerie, 45 salariés) fête ses 30 ans") == (
        "L'entreprise cliente (maçonnerie, 45 salariés) fête ses 30 ans"
    )
    assert unnamed_firm("gérant du garage [nom] Frères") == "gérant de l'entreprise cliente"
    assert unnamed_firm("au cabinet [nom] & Associés") == "à l'entreprise cliente"
    assert all(
        "l'une entreprise" not in p.fiche_candidat.historique_relation.lower() for p in _proposals("M3")
    )


def test_a_shop_for_private_clients_is_not_b2b_because_its_client_visited_another_shop() -> None:
    # M2: « Particuliers surtout 45-70 ans … »; the history's « un magasin de meubles » made it B2B, and the
    # couple got « son associé doit donner son accord » and « la facture de son entreprise » (lecture-4)
    assert not _material("M2").known.b2b
    words = " ".join(p.fiche_jury.identite + " " + p.fiche_jury.motivations for p in _proposals("M2"))
    assert "associé" not in words and "son entreprise" not in words
    assert _material("L2").known.b2b  # a caterer's contract with a firm stays B2B


def test_a_relative_named_by_first_name_is_said_by_kinship_only() -> None:
    # M4 (lecture-4): « C'est la maman de Lucas qui a appelé l'agence » printed on the sheets
    assert (
        unnamed_firms("C'est la maman de Lucas qui a appelé l'agence", {})
        == "C'est la maman qui a appelé l'agence"
    )
    assert unnamed_firms("la fille de Marseille", {}) == "la fille de Marseille"  # a town, not a person
    assert not any("de Lucas" in json for json in map(str, _proposals("M4")))


def test_any_firm_named_after_its_owner_loses_the_gap_not_only_known_kinds() -> None:
    # a held-out FDAP (lecture-5 material): « Transports Gaudin, 3 rue …, 37250 Monts » made every lieu row
    # a texte_lacunaire error, so the CLI printed nothing
    lieu = "Dans les locaux du client : Transports [nom], 3 rue de la Pièce des Marais, 37250 Monts (salle de pause)"
    assert unnamed_firm(lieu) == "Dans les locaux du client, Monts (salle de pause)"
    assert unnamed_firm("Chez Transports [nom] depuis 2019") == "Chez l'entreprise cliente depuis 2019"
    assert unnamed_firm("M. [nom] est venu") == "M. [nom] est venu"  # a person, for the redactor to handle


def test_a_heading_of_the_offer_list_is_never_sold_as_an_offer() -> None:
    # lecture-5: « l'offre « Services » » for a demo of mini-excavators (N4), « l'offre « Options » » (15)
    labels = {item.label for name in ("N4", "N5") for item in _material(name).items}
    assert not labels & {"Services", "Produits", "Options", "Prestations"}
    sold = " ".join(p.fiche_candidat.objet for p in _proposals("N4"))
    assert "« Services »" not in sold
