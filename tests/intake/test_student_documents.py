"""Import by meaning: FDAPs written as real students write them in the official form import every rubric."""

from __future__ import annotations

import dataclasses

import msgspec
import pytest

from service.domain.codec import encode
from service.domain.fdap import Fdap
from service.intake import read_fdap_upload
from service.intake.assembly import ImportResult
from service.intake.reader import import_fdap_docx
from tests.intake.student_documents import BASE, END_TO_END
from tests.intake.student_writer import Layout, Rubric, StudentFdap, write


def _with(student: StudentFdap = BASE, **rubrics: Rubric) -> StudentFdap:
    replaced = {key.replace("__", "."): rubric for key, rubric in rubrics.items()}
    return dataclasses.replace(student, rubrics={**student.rubrics, **replaced})


def _import(student: StudentFdap) -> ImportResult:
    return import_fdap_docx(write(student), source=f"{student.name}.docx")


def _assert_imports_exactly(student: StudentFdap) -> ImportResult:
    result = _import(student)
    assert msgspec.to_builtins(result.fdap) == msgspec.to_builtins(student.expected())
    return result


@pytest.mark.parametrize("student", END_TO_END, ids=[student.name for student in END_TO_END])
def test_real_style_fdaps_import_every_rubric_exactly(student: StudentFdap) -> None:
    result = _assert_imports_exactly(student)
    assert encode(result.fdap) == encode(student.expected())
    assert [item.texte for item in result.non_places] == list(student.stray)


@pytest.mark.parametrize(
    "acteurs",
    [
        Rubric(
            "M. X : client, décideur",
            label="Acteurs concernés lors de la négociation (Statuts/Rôles/Motivations)",
            in_label="Mme X : observatrice",
        ),
        Rubric(
            "M. X : client, décideur", in_label="Mme X : observatrice\nM. Y : mon tuteur", on_label_line=False
        ),
        Rubric(in_label="Mme X : observatrice, elle a tout noté", label="Acteurs concernés"),
        Rubric(
            "M. X : client",
            in_label="Mme X, la gérante, et son associé",
            label="Acteurs concernés (Statuts/Rôles/Motivations) :",
        ),
        Rubric(
            "M. X : client",
            in_label="la gérante du magasin, Mme Royer",
            label="Acteurs concernés (Statuts/Rôles/Motivations)",
        ),
    ],
    ids=[
        "sur-la-ligne-de-l-intitule",
        "sous-l-intitule",
        "seulement-dans-la-cellule",
        "apres-deux-points",
        "minuscule-apres-la-parenthese",
    ],
)
def test_text_typed_in_the_label_cell_comes_first_then_the_next_cell(acteurs: Rubric) -> None:
    student = _with(analyse__acteurs=acteurs)
    result = _assert_imports_exactly(student)
    assert result.fdap.analyse.acteurs == acteurs.text()
    assert result.non_places == []


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("deroulement.resultats", "Résultats de l'entretien de vente"),
        ("ciblage_prospection.resultats", "Résultats obtenus sur 16 s"),
        ("ciblage_prospection.objectifs", "Objectifs fixés sur la durée de prospection 16 s"),
        ("ciblage_prospection.demarche", "Démarche de prospection sur la cible des hôtels de Lyon"),
        ("cadre.organisation", "Nom de l'entreprise"),
        ("cadre.organisation", "Nom de l'entreprise d'accueil pendant le stage"),
        ("cadre.types_clients", "Cible(s) de clientèle"),
        ("cadre.offre_commerciale", "Offre commerciale de l'entreprise (voir annexe)"),
        ("analyse.historique_problematique", "Historique et problématique de la relation"),
        ("analyse.objectifs_operationnels", "Objectifs opérationnels fixés par mon tuteur"),
        ("deroulement.difficultes", "Difficultés rencontrées pendant la vente"),
        (
            "information_commerciale.informations_marche",
            "Informations sur le marché, les clients, le secteur de la boulangerie",
        ),
        ("information_commerciale.objectifs", "Objectifs fixés pour la veille"),
    ],
)
def test_lengthened_labels_are_read_by_their_leading_words(key: str, label: str) -> None:
    rubric = dataclasses.replace(BASE.rubrics[key], label=label)
    result = _assert_imports_exactly(_with(**{key.replace(".", "__"): rubric}))
    assert result.non_places == []


def test_content_that_starts_like_a_label_stays_content() -> None:
    student = _with(
        ciblage_prospection__demarche=Rubric(
            "Choix de la cible : les hôtels indépendants.\nObjectifs : 3 visites par semaine.",
            label="Démarche de prospection sur la cible des hôtels",
        ),
        analyse__acteurs=Rubric(
            "Objectifs : la directrice veut des produits frais livrés avant 7 h",
            in_label="Mme Royer : directrice",
        ),
        analyse__historique_problematique=Rubric(
            "Résultats de l'an dernier : aucun hôtel client.\nHistorique : rien."
        ),
        information_commerciale__contribution_expertise=Rubric(
            "Objectifs : partager la fiche prospect avec l'équipe."
        ),
    )
    student = dataclasses.replace(
        student, phases=(("Objectifs de la visite rappelés à la directrice", "Fiche"), *BASE.phases)
    )
    result = _assert_imports_exactly(student)
    assert result.fdap.ciblage_prospection.objectifs == BASE.text("ciblage_prospection.objectifs")
    assert result.non_places == []


def test_a_row_added_below_and_a_second_content_cell_continue_the_rubric() -> None:
    student = _with(
        analyse__historique_problematique=Rubric(
            "L'hôtel achète son pain en grande surface depuis son ouverture en 2019.",
            next_cell="La directrice se plaint de la qualité des viennoiseries du matin.",
            added_rows=(
                "Problématique : la convaincre de payer un peu plus pour du frais.",
                "Deuxième ligne ajoutée.",
            ),
        ),
        deroulement__difficultes=Rubric("Horaire trop tardif.", added_rows=("Prix jugé élevé au début.",)),
    )
    result = _assert_imports_exactly(student)
    assert result.non_places == []


def test_typos_and_spaces_in_labels_do_not_matter() -> None:
    student = _with(
        cadre__organisation=Rubric("Boulangerie Paul Bert", label="Nom de l'organisaton"),
        cadre__methodes_vente=Rubric("Vente au comptoir", label="Méthode de ventes"),
        analyse__historique_problematique=Rubric(
            "Le pain déçoit.", label="Historiqe/Problématique de l’activité"
        ),
        analyse__acteurs=Rubric("Mme Royer : directrice", label="Acteur concernés (Statut/Rôle/Motivation)"),
        analyse__objectifs_operationnels=Rubric("Signer l'abonnement", label="  Objectifs   opérationnels  "),
        deroulement__difficultes=Rubric("Horaire tardif.", label="Difficultées rencontrées"),
    )
    result = _assert_imports_exactly(student)
    assert result.non_places == []


@pytest.mark.parametrize(
    ("before", "between", "after"),
    [
        (("ANNEXE V-1 – BTS NDRC – SESSION 2026 – FICHE DESCRIPTIVE D'ACTIVITÉ PROFESSIONNELLE",), None, ()),
        (
            ("BTS Négociation et Digitalisation de la Relation Client", "Session 2024-2025"),
            ("1 Annexe à joindre à la fiche (1 feuille recto verso)",),
            (),
        ),
        (
            ("Épreuve E4 – Relation client et négociation vente",),
            ("¹ Annexe à joindre obligatoirement à la fiche",),
            ("Page 2 sur 2",),
        ),
    ],
)
def test_the_forms_own_wording_is_never_reported(
    before: tuple[str, ...], between: tuple[str, ...] | None, after: tuple[str, ...]
) -> None:
    result = _assert_imports_exactly(dataclasses.replace(BASE, before=before, between=between, after=after))
    assert result.non_places == []


def test_real_stray_text_is_reported_with_the_text_around_it() -> None:
    stray = "Voir aussi mon rapport de stage, page 12, pour le détail des chiffres."
    student = dataclasses.replace(
        BASE, between=("1 Annexe à joindre obligatoirement à la fiche", stray), keep_other_forms=True
    )
    upload = read_fdap_upload(write(student), "eleve.docx")
    assert msgspec.to_builtins(upload.fdap) == msgspec.to_builtins(student.expected())
    [item] = upload.non_places
    assert (item.rubrique, item.texte) == ("hors tableau", stray)
    assert (item.avant, item.apres) == (BASE.text("deroulement.difficultes"), "Ciblage et Prospection")
    [line] = upload.warning_lines()
    assert line == (
        "rubrique hors tableau : texte tapé hors des tableaux, sans intitulé de rubrique reconnu avant lui "
        f"(après « {item.avant} », avant « Ciblage et Prospection ») : « {stray} »"
    )
    assert upload.notes()[0]["champ"] == "import : hors tableau"


def test_text_written_in_a_part_title_is_reported_not_dropped() -> None:
    layout = Layout().paragraph("☒ Négociation Vente et Accompagnement de la Relation Client")
    layout.table(
        ["Cadre de l'activité : stage de première année"], ["Nom de l'organisation", "Boulangerie Paul Bert"]
    )
    result = import_fdap_docx(layout.write(), source="eleve.docx")
    assert result.fdap.cadre.organisation == "Boulangerie Paul Bert"
    assert [(n.rubrique, n.texte) for n in result.non_places] == [
        ("Cadre de l'activité", "stage de première année")
    ]


def test_one_cell_tables_each_holding_a_label_and_its_text() -> None:
    layout = Layout().paragraph("FICHE DESCRIPTIVE D'ACTIVITÉ PROFESSIONNELLE – Session 2025")
    layout.paragraph("☐ Négociation Vente et Accompagnement de la Relation Client")
    layout.paragraph("☒ Organisation et Animation d'un Évènement commercial")
    layout.table(["Nom de l'entreprise : Jardinerie des Saules"])
    layout.table(["Offre commerciale\nPlantes, outillage, ateliers de jardinage le samedi"])
    layout.table(["Historique / problématique de l'activité\nLes ateliers attirent peu de monde."])
    layout.table(
        [
            "Acteurs concernés (Statuts/Rôles/Motivations) M. Blanc : gérant, valide le budget\nMoi : j'organise"
        ]
    )
    layout.table(["Objectifs opérationnels"])
    layout.table(["Objectifs : 30 inscrits par atelier.\nChoix des thèmes : semis et taille."])
    layout.table(["Résultats de l'atelier de printemps"], ["26 inscrits, 18 ventes d'outillage."])
    result = import_fdap_docx(layout.write(), source="eleve.docx")
    fdap: Fdap = result.fdap
    assert fdap.nature == "EC"
    assert fdap.cadre.organisation == "Jardinerie des Saules"
    assert fdap.cadre.offre_commerciale == "Plantes, outillage, ateliers de jardinage le samedi"
    assert fdap.analyse.historique_problematique == "Les ateliers attirent peu de monde."
    assert fdap.analyse.acteurs == "M. Blanc : gérant, valide le budget\nMoi : j'organise"
    assert (
        fdap.analyse.objectifs_operationnels
        == "Objectifs : 30 inscrits par atelier.\nChoix des thèmes : semis et taille."
    )
    assert fdap.deroulement.resultats == "26 inscrits, 18 ventes d'outillage."
    assert result.non_places == []
