"""The teacher measures on hand-made FDAP/sheet pairs: what they catch, and the look-alikes they let pass."""

from __future__ import annotations

from evals import baseline
from evals.boilerplate import boilerplate
from evals.facts import FdapFacts, facts_carried
from evals.figures import figures, products
from evals.writing import fdap_source, markers, writing_faults
from service.domain.fdap import Analyse, Cadre, Fdap
from service.domain.fiche_sujet import Acteurs, FicheCandidat, FicheJury, FicheSujet, Modification

KITCHEN = Fdap(
    nature="NV",
    titre="Vendre une cuisine équipée au second rendez-vous",
    cadre=Cadre(
        organisation="Cuisines Cerise",
        adresse="Zone de Kergaradec, 29490 Guipavas",
        offre_commerciale="Cuisines sur mesure (3 gammes), plans de travail, électroménager encastrable. Voir annexe",
    ),
    analyse=Analyse(
        historique_problematique="Les clients ont un budget de 12 000 € mais le premier chiffrage était à 15 000 €.",
        acteurs="Mme Le Goff, tel 06 39 98 17 52, infirmière.",
    ),
    annexe_offre=(
        "- Essentielle : à partir de 4 900 €\n- Confort : à partir de 6 800 €\n"
        "Pack électroménager 3 appareils : 2 190 €\nRemise max 10 % validée par le responsable"
    ),
)
EMPTY = Fdap(nature="EC", cadre=Cadre(organisation="Club", offre_commerciale="une soirée"))


def sheet(
    informations: str = "",
    historique: str = "",
    objet: str = "Vente d'une cuisine",
    contraintes: str = "",
    objections: tuple[str, ...] = (),
    justification: str = "",
) -> FicheSujet:
    cand = FicheCandidat(
        objet=objet,
        historique_relation=historique,
        informations=informations,
        contraintes=contraintes,
        acteurs=Acteurs(vous="Vous êtes vendeur.", jury="Le client."),
    )
    jury = FicheJury(objet=objet, historique_relation=historique, objections=list(objections))
    changes = [Modification(parametre="objet", justification=justification)] if justification else []
    return FicheSujet(nature="NV", fiche_candidat=cand, fiche_jury=jury, modifications=changes)


def _keys(text: str) -> set[tuple[str, ...]]:
    return {f.key for f in figures(text)}


def test_one_price_written_three_ways_is_one_figure() -> None:
    assert _keys("1 240 €") == _keys("1240 €") == _keys("1 240 euros") == _keys("1 240,00 €")
    assert _keys("15 %") == _keys("15 pour cent") and _keys("22/03") == _keys("le 22 mars")
    assert _keys("84 spots") == {("quantity", "84", "spot")}


def test_phones_postcodes_times_and_years_are_not_figures() -> None:
    text = "Tel 06 39 98 17 52, 29490 Guipavas, en 2025, entretien de 15 minutes, 2eme RDV"
    assert figures(text) == []


def test_a_sheet_that_uses_the_annex_prices_carries_the_facts() -> None:
    good = sheet(
        informations="Gamme Essentielle : 4 900 € ; gamme Confort : 6 800 €.",
        contraintes="Remise de 10 % au maximum.",
    )
    result = facts_carried(good, FdapFacts.of(KITCHEN))
    assert result.score == 1.0 and not result.informations_without_figure
    assert {"Essentielle", "Confort"} <= set(result.products_named)


def test_informations_without_any_fdap_figure_are_flagged() -> None:
    bare = sheet(informations="Le client hésite entre plusieurs offres. Aucune remise sans accord.")
    result = facts_carried(bare, FdapFacts.of(KITCHEN))
    assert result.informations_without_figure and result.score < 0.5


def test_figures_pasted_in_the_history_do_not_count() -> None:
    pasted = sheet(historique=KITCHEN.analyse.historique_problematique)
    assert facts_carried(pasted, FdapFacts.of(KITCHEN)).carried == ()


def test_a_price_changed_from_the_fdap_counts_but_an_unrelated_one_does_not() -> None:
    changed = sheet(informations="Le budget des clients est désormais de 13 000 €.")
    assert facts_carried(changed, FdapFacts.of(KITCHEN)).carried == ("12000 (money)",)
    unrelated = sheet(informations="Un voisin a payé sa terrasse 12 500 €.")
    assert facts_carried(unrelated, FdapFacts.of(KITCHEN)).carried == ()


def test_an_fdap_without_figure_or_product_scores_one_and_flags_nothing() -> None:
    result = facts_carried(sheet(informations="Rien de chiffré."), FdapFacts.of(EMPTY))
    assert FdapFacts.of(EMPTY).figures == () and result.informations_without_figure is False
    assert result.score == (1.0 if not FdapFacts.of(EMPTY).products else result.score)


def test_products_come_from_the_offer_list_and_the_priced_annex_lines_not_the_terms() -> None:
    names = [name for name, _ in products(KITCHEN.cadre.offre_commerciale, KITCHEN.annexe_offre, "")]
    assert {"Essentielle", "Confort", "plans de travail", "Pack électroménager"} <= set(names)
    assert not [n for n in names if n.lower().startswith(("remise", "voir"))]


def _faults(**rows: str) -> list[str]:
    return sorted(f.kind for f in writing_faults(sheet(**rows), fdap_source(KITCHEN)))


def test_mechanical_faults_are_found() -> None:
    assert _faults(historique="Le client est satisfait de Optique du Marché.") == ["elision"]
    assert _faults(historique="Il revient après la visite de le technicien.") == ["contraction"]
    assert _faults(historique="Le client a a signé le devis.") == ["mot_double"]
    assert _faults(historique="Vous jouez Léa Martin, 49 ans, s prospects.") == ["trou"]
    assert _faults(historique="JURY : M. et Paul Roux sont venus.") == ["trou"]
    assert _faults(historique="Le devis s'élève à , .") == ["trou"]
    assert _faults(historique="Le client veut l'offre « Confort sans délai.") == ["guillemets"]
    assert _faults(historique="Le client connaît la maison depuis longtemps") == ["point_final"]


def test_a_copy_of_the_fdap_cut_mid_word_is_found() -> None:
    assert _faults(objet="Les clients ont un budget de 12 000 € mais le premier chiff") == ["copie_coupee"]
    assert _faults(objet="Les clients ont un budget de 12 000 € mais le pre…") == ["copie_coupee"]


def test_harmless_look_alikes_are_not_faults() -> None:
    assert _faults(historique="Vous devez le convaincre, puis de le fidéliser ; vous vous engagez.") == []
    assert (
        _faults(historique="Client d'Optique du Marché, venu de Hollande à 17 h 30, avec M. et Mme Durand.")
        == []
    )
    assert _faults(informations="Prix : [à préciser : prix du modèle]", objet=KITCHEN.titre) == []
    assert _faults(objections=("Je ne sais pas…", "C'est trop cher pour nous deux")) == []
    assert _faults(historique="Il a reçu l'offre « Confort ».") == []
    assert _faults(historique="Vous recevez le Le Goff junior, venu pour les pains, ...") == []


def test_a_fault_on_both_sheets_counts_once_and_markers_are_counted_not_faulted() -> None:
    twice = sheet(historique="Le client a a signé.")
    assert len(writing_faults(twice, "")) == 1
    draft = sheet(informations="Prix : [à préciser : prix du modèle]. Stock : [à préciser : délai].")
    assert len(markers(draft)) == 2 and writing_faults(draft, "") == []


STOCK = "Vous acceptez de vous engager seulement si la proposition répond à vos motivations."


def test_a_sentence_recurring_in_four_fdaps_is_boilerplate() -> None:
    own = [sheet(historique=f"Le client numéro {i} hésite beaucoup depuis hier. {STOCK}") for i in range(4)]
    result = boilerplate([(f"fdap-{i}", fiche) for i, fiche in enumerate(own)])
    assert result.share == 0.5 and result.per_proposal == [0.5] * 4
    assert result.top[0][1] == 4


def test_three_fdaps_or_repeats_of_one_fdap_are_not_enough() -> None:
    three = [(f"fdap-{i}", sheet(historique=f"Cas {i} bien particulier ici. {STOCK}")) for i in range(3)]
    repeated = [*three, ("fdap-0", sheet(historique=STOCK)), ("fdap-3", sheet(historique="Autre cas."))]
    result = boilerplate(repeated)
    assert result.share == 0.0 and result.top == []
    assert boilerplate(three).share is None  # fewer than four FDAPs: nothing to measure


def test_spaces_apostrophes_and_justifications_are_normalised() -> None:
    variants = [STOCK, STOCK.replace("'", "’"), STOCK.replace(" ", "  "), STOCK.upper()]
    fiches = [sheet(justification=text) for text in variants]
    assert boilerplate([(f"f{i}", fiche) for i, fiche in enumerate(fiches)]).share == 1.0


def test_a_baseline_without_teacher_measures_still_compares() -> None:
    old = {"hard_pass_rate": 1.0, "means": {"fit": 0.9}, "tolerance": 0.02}
    now = {"hard_pass_rate": 1.0, "means": {"fit": 0.9}, "teacher": {"boilerplate": 0.4}}
    assert baseline.compare(now, old)["regressions"] == []


def test_more_boilerplate_or_faults_is_a_regression_but_more_markers_is_not() -> None:
    ref = {"hard_pass_rate": 1.0, "means": {}, "tolerance": 0.02}
    ref["teacher"] = {"boilerplate": 0.1, "writing_faults": 0.2, "markers": 0.0, "facts_carried": 0.8}
    now = {"hard_pass_rate": 1.0, "means": {}}
    now["teacher"] = {"boilerplate": 0.15, "writing_faults": 0.5, "markers": 3.0, "facts_carried": 0.79}
    assert baseline.compare(now, ref)["regressions"] == ["boilerplate", "writing_faults"]


def test_a_product_is_named_by_its_leading_acronym_but_not_by_a_lookalike_word() -> None:
    bank = Fdap(
        nature="EC",
        cadre=Cadre(organisation="Banque", offre_commerciale="Épargne"),
        annexe_offre="PER individuel « Horizon Pro » : dès 50 € / mois",
    )
    named = facts_carried(sheet(informations="3 PER ouverts après la soirée."), FdapFacts.of(bank))
    assert [n for n in named.products_named if n.startswith("PER individuel")]
    lookalike = facts_carried(sheet(informations="Le personnel est réduit (per capita)."), FdapFacts.of(bank))
    assert not [n for n in lookalike.products_named if n.startswith("PER")]
