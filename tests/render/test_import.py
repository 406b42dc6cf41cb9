"""Import of the official V-1 form from Word: fixtures round-trip, school variants, other layouts."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import docx
import msgspec
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from service.domain.codec import encode
from service.domain.fdap import Fdap
from service.errors import InputError
from service.render.docx_import import (
    _ANNEX_HEADING,
    ImportResult,
    import_fdap_docx,
    load_fdap_any,
    normalise,
)
from tests.conftest import FDAP_FILES
from tests.render.docx_writer import STRAY_TEXT, TICKS, Variant, rubric_coverage, write_fdap_docx

MAX = 10 * 1024 * 1024
ALL_FIXTURES = {path.stem: msgspec.json.decode(path.read_bytes(), type=Fdap) for path in FDAP_FILES}


def _annex_found(fdap: Fdap) -> bool:
    """The importer finds an annex by its heading (« Annexe… », « Tarifs… »); a headless annex, as some
    messy FDAPs write it, is not found yet (known gap of the import, recorded by the xfail below)."""
    first = next((line for line in fdap.annexe_offre.split("\n") if line.strip()), "")
    return not first or bool(_ANNEX_HEADING.match(normalise(first)))


FIXTURES = {name: fdap for name, fdap in ALL_FIXTURES.items() if _annex_found(fdap)}
HEADLESS = {name: fdap for name, fdap in ALL_FIXTURES.items() if not _annex_found(fdap)}
VARIANTS = {
    **{f"case-{tick}": Variant(tick=tick) for tick in TICKS},
    "objectifs-scindes": Variant(split_objectives=True),
    "phases-pre-intitulees": Variant(prelabelled_phases=True),
    "lignes-vides-en-plus": Variant(extra_phase_rows=3),
    "prospection-16-semaines": Variant(weeks=16),
    "cellules-fusionnees": Variant(merged_cells=True),
    "texte-hors-tableaux": Variant(outside_text=True),
    "annexe-en-fin": Variant(keep_other_forms=True, annex_at_end=True),
    "tout-a-la-fois": Variant(
        tick="legacy_checked",
        split_objectives=True,
        prelabelled_phases=True,
        weeks=16,
        merged_cells=True,
        outside_text=True,
        keep_other_forms=True,
        annex_at_end=True,
    ),
}


def _import(data: bytes, source: str = "fdap.docx") -> ImportResult:
    return import_fdap_docx(data, source=source, max_bytes=MAX)


@pytest.mark.parametrize("fdap", list(FIXTURES.values()), ids=list(FIXTURES))
def test_every_fixture_round_trips_identically(fdap: Fdap) -> None:
    result = _import(write_fdap_docx(fdap))
    assert encode(result.fdap) == encode(fdap)
    assert result.non_places == []


@pytest.mark.xfail(
    strict=True, reason="une annexe sans titre, après le formulaire, n'est pas encore reconnue"
)
@pytest.mark.parametrize("fdap", list(HEADLESS.values()), ids=list(HEADLESS))
def test_a_headless_annex_round_trips_too(fdap: Fdap) -> None:
    assert _import(write_fdap_docx(fdap)).fdap.annexe_offre == fdap.annexe_offre


@pytest.mark.parametrize("name", ["01-assurance-sante-kine", "02-running-analyse-foulee"])
def test_blank_v2_and_v3_forms_left_in_the_document_are_ignored(name: str) -> None:
    fdap = FIXTURES[name]
    result = _import(write_fdap_docx(fdap, Variant(keep_other_forms=True)))
    assert encode(result.fdap) == encode(fdap)
    assert result.non_places == []


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


def _all_text(value: object) -> str:
    """Every string of a fdap/1, joined (JSON escapes such as \\n would glue words together)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return " ".join(_all_text(item) for item in value.values())
    if isinstance(value, list):
        return " ".join(_all_text(item) for item in value)
    return str(value)


@pytest.mark.parametrize("variant", list(VARIANTS.values()), ids=list(VARIANTS))
def test_variants_keep_each_rubric_in_its_field(variant: Variant) -> None:
    for name, fdap in list(FIXTURES.items())[::2]:  # nine fixtures, NV and EC (all 18: see the report)
        result = _import(write_fdap_docx(fdap, variant))
        assert result.fdap.nature == fdap.nature, name
        assert result.fdap.numero == fdap.numero, name
        coverage = rubric_coverage(fdap, result.fdap)
        low = {path: round(value, 3) for path, value in coverage.items() if value < 0.95}
        assert not low, (name, low)
        placed = set(_words(_all_text(msgspec.to_builtins(result.fdap))))
        reported = set(_words(" ".join(item.texte for item in result.non_places)))
        expected = set(_words(_all_text(msgspec.to_builtins(fdap))))
        assert expected <= placed | reported, (name, expected - placed - reported)
        if variant.outside_text:
            assert [(item.rubrique, item.texte) for item in result.non_places] == [
                ("hors tableau", STRAY_TEXT)
            ]
            assert "Difficultés rencontrées (suite)" not in result.fdap.deroulement.difficultes
        else:
            assert result.non_places == [], name


def test_sub_rubrics_are_concatenated_with_their_labels() -> None:
    fdap = FIXTURES["01-assurance-sante-kine"]
    got = _import(write_fdap_docx(fdap, Variant(split_objectives=True))).fdap
    lines = got.analyse.objectifs_operationnels.split("\n")
    assert lines[0].startswith("Quantitatifs : Faire signer")
    assert lines[1].startswith("Qualitatifs : ")


def test_prospection_over_16_weeks_gives_one_activity_per_week() -> None:
    fdap = FIXTURES["01-assurance-sante-kine"]
    got = _import(write_fdap_docx(fdap, Variant(weeks=16))).fdap
    assert len(got.ciblage_prospection.activites) == 16
    assert got.ciblage_prospection.activites[15].activite.startswith("S16 : ")


def test_merged_tools_cell_is_read_once() -> None:
    fdap = FIXTURES["01-assurance-sante-kine"]
    got = _import(write_fdap_docx(fdap, Variant(merged_cells=True))).fdap
    phases = got.deroulement.phases
    assert len(phases) == len(fdap.deroulement.phases)
    assert phases[0].outils == f"{fdap.deroulement.phases[0].outils}\n{fdap.deroulement.phases[1].outils}"
    assert phases[1].outils == ""


def test_how_the_box_was_read_is_reported() -> None:
    fdap = FIXTURES["02-running-analyse-foulee"]
    assert _import(write_fdap_docx(fdap, Variant(tick="sdt"))).nature_lue == "case cochée"
    assert _import(write_fdap_docx(fdap, Variant(tick="bold"))).nature_lue == "intitulé de la nature en gras"


# -- a document from another school, built from scratch with other wordings, one table per rubric


def _other_school(fdap: Fdap, *, tick: bool = True, organisation: bool = True) -> bytes:
    document = docx.Document()
    document.add_heading("Fiche descriptive d'activité professionnelle", level=1)
    nv, ec = ("☒", "☐") if fdap.nature == "NV" else ("☐", "☒")
    if not tick:
        nv = ec = "☐"
    document.add_paragraph(
        f"Nature de l'activité : {nv} Négociation vente et accompagnement de la relation client   "
        f"{ec} Organisation et animation d'un évènement commercial"
    )
    document.add_paragraph(f"Fiche n° {fdap.numero}")
    document.add_paragraph(f"Titre de l'activité : {fdap.titre}")
    document.add_paragraph(f"Nom du candidat : {fdap.candidat.nom}")
    document.add_paragraph(f"Prénom du candidat : {fdap.candidat.prenom}")
    document.add_paragraph(f"Numéro de candidat : {fdap.candidat.numero}")

    def rubric(label: str, text: str) -> None:
        table = document.add_table(rows=2, cols=1)
        table.cell(0, 0).paragraphs[0].add_run(label).bold = True
        table.cell(1, 0).text = text
        document.add_paragraph("")

    def listing(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
        table = document.add_table(rows=1 + len(rows), cols=len(headers))
        for column, header in enumerate(headers):
            table.cell(0, column).text = header
        for index, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                table.cell(index, column).text = value

    cadre, analyse, deroulement = fdap.cadre, fdap.analyse, fdap.deroulement
    ciblage, info = fdap.ciblage_prospection, fdap.information_commerciale
    document.add_heading("1. Cadre de l'activité", level=2)
    if organisation:
        rubric("Nom de l'entreprise", cadre.organisation)
    rubric("Adresse complète", cadre.adresse)
    rubric("Type d'organisation", cadre.type_structure)
    rubric("Offre commerciale (produits et services)", cadre.offre_commerciale)
    rubric("Types de clients", cadre.types_clients)
    rubric("Méthode de vente", cadre.methodes_vente)
    document.add_heading("2. Analyse de l'activité", level=2)
    rubric("Dates", analyse.dates)
    rubric("Lieu", analyse.lieu)
    rubric("Historique et problématique", analyse.historique_problematique)
    rubric("Acteurs concernés (statut, rôle, motivations)", analyse.acteurs)
    rubric("Objectifs", analyse.objectifs_operationnels)
    document.add_heading("3. Déroulement de l'activité", level=2)
    listing(("Étapes de l'activité", "Outils utilisés"), [(p.phase, p.outils) for p in deroulement.phases])
    rubric("Résultats obtenus", deroulement.resultats)
    rubric("Difficultés", deroulement.difficultes)
    document.add_heading("4. Ciblage et prospection", level=2)
    rubric("Démarche", ciblage.demarche)
    rubric("Objectifs fixés", ciblage.objectifs)
    listing(("Actions menées", "Outils"), [(a.activite, a.outils) for a in ciblage.activites])
    rubric("Résultats", ciblage.resultats)
    bilan = ciblage.bilan_reflexif
    listing(
        ("Points d'appui", "Solutions mises en oeuvre", "Axes d'amélioration"),
        [(bilan.atouts, bilan.solutions, bilan.ameliorations)],
    )
    document.add_heading("5. Exploitation de l'information commerciale", level=2)
    rubric("Informations sur le marché", info.informations_marche)
    rubric("Objectifs", info.objectifs)
    listing(("Sources", "Outils mobilisés"), [(v.source, v.outils) for v in info.veille])
    rubric("Contribution à l'expertise commerciale", info.contribution_expertise)
    for line in fdap.annexe_offre.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name", ["01-assurance-sante-kine", "12-jardinerie-ateliers-printemps", "13-club-fitness-cse"]
)
def test_other_school_layout_is_read_by_its_labels(name: str) -> None:
    fdap = FIXTURES[name]
    result = _import(_other_school(fdap))
    assert result.non_places == []
    assert encode(result.fdap) == encode(fdap)


def test_missing_required_rubric_names_it_but_import_itself_succeeds(tmp_path: Path) -> None:
    fdap = FIXTURES["01-assurance-sante-kine"]
    data = _other_school(fdap, organisation=False)
    result = _import(data)
    assert result.fdap.cadre.organisation == ""
    path = tmp_path / "fdap.docx"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        load_fdap_any(path)
    assert caught.value.field == "cadre.organisation"
    assert "rubrique « Nom de l'organisation » vide" in caught.value.message


def test_unticked_box_is_an_error_naming_the_nature() -> None:
    with pytest.raises(InputError) as caught:
        _import(_other_school(FIXTURES["01-assurance-sante-kine"], tick=False))
    assert caught.value.field == "nature"
    assert "cochez la case" in caught.value.message


def test_a_word_document_without_any_fdap_rubric_is_refused() -> None:
    document = docx.Document()
    document.add_paragraph("Lettre de motivation pour un stage")
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(InputError, match="aucune rubrique de FDAP"):
        _import(buffer.getvalue())


def test_placeholders_are_empty_and_unknown_rows_are_reported_by_their_label() -> None:
    document = docx.Document()
    document.add_paragraph("☒ Négociation Vente et Accompagnement de la Relation Client")
    document.add_paragraph("☐ Organisation et Animation d'un Évènement commercial")
    table = document.add_table(rows=4, cols=2)
    for row, (label, value) in enumerate(
        [
            ("Nom de l'organisation", "Cave des Coteaux"),
            ("Offre commerciale", "Vins et spiritueux"),
            ("Lieu de l'activité", "……………………………"),
            ("Signature du tuteur", "M. Dupont"),
        ]
    ):
        table.cell(row, 0).text = label
        table.cell(row, 1).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    result = _import(buffer.getvalue())
    assert result.fdap.cadre.organisation == "Cave des Coteaux"
    assert result.fdap.analyse.lieu == ""
    assert [(item.rubrique, item.texte) for item in result.non_places] == [
        ("Signature du tuteur", "M. Dupont")
    ]


def test_load_fdap_any_reads_json_and_word_alike(tmp_path: Path) -> None:
    fdap = FIXTURES["05-immobilier-portes-ouvertes-neuf"]
    word = tmp_path / "fdap.docx"
    word.write_bytes(write_fdap_docx(fdap))
    disguised = tmp_path / "fdap-sans-extension"
    disguised.write_bytes(write_fdap_docx(fdap))
    assert encode(load_fdap_any(word)) == encode(fdap)
    assert encode(load_fdap_any(disguised)) == encode(fdap)
    assert encode(load_fdap_any(FDAP_FILES[4])) == encode(fdap)


def _student_document(fdap: Fdap) -> bytes:
    """A sheet typed by a student without the official form: header fields on one line, a heading,
    a two-column table of their own per part, the box as a paragraph."""
    word = docx.Document()
    word.add_heading("BTS NDRC – Épreuve E4 – Fiche d'activité professionnelle", 1)
    who = fdap.candidat
    word.add_paragraph(f"NOM : {who.nom}    Prénom : {who.prenom}    N° candidat : {who.numero}")
    nv = fdap.nature == "NV"
    word.add_paragraph(f"{'☒' if nv else '☐'} Négociation Vente et Accompagnement de la Relation Client")
    word.add_paragraph(f"{'☐' if nv else '☒'} Organisation et Animation d'un Évènement commercial")
    word.add_paragraph(f"Titre : {fdap.titre}")
    rows = [
        ("Nom de l'organisation", fdap.cadre.organisation),
        ("Adresse", fdap.cadre.adresse),
        ("Type de structure", fdap.cadre.type_structure),
        ("Offre commerciale", fdap.cadre.offre_commerciale),
        ("Types de clients", fdap.cadre.types_clients),
        ("Méthodes de vente", fdap.cadre.methodes_vente),
        ("Date(s)", fdap.analyse.dates),
        ("Lieu", fdap.analyse.lieu),
        ("Historique / problématique", fdap.analyse.historique_problematique),
        ("Acteurs", fdap.analyse.acteurs),
        ("Objectifs opérationnels", fdap.analyse.objectifs_operationnels),
    ]
    table = word.add_table(rows=0, cols=2)
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    word.add_heading("Déroulement", 2)
    phases = word.add_table(rows=1, cols=2)
    phases.rows[0].cells[0].text, phases.rows[0].cells[1].text = "Phases", "Outils"
    for phase in fdap.deroulement.phases:
        cells = phases.add_row().cells
        cells[0].text, cells[1].text = phase.phase, phase.outils
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


@pytest.mark.parametrize("name", ["08-hotel-seminaire-rh.json", "14-club-sport-portes-ouvertes.json"])
def test_a_students_own_layout_with_header_fields_on_one_line(name: str) -> None:
    fdap = next(msgspec.json.decode(p.read_bytes(), type=Fdap) for p in FDAP_FILES if p.name == name)
    result = import_fdap_docx(_student_document(fdap), source="eleve.docx")
    got = result.fdap
    assert got.candidat == fdap.candidat and (got.nature, got.titre) == (fdap.nature, fdap.titre)
    assert (got.cadre, got.analyse) == (fdap.cadre, fdap.analyse)
    assert got.deroulement.phases == fdap.deroulement.phases
    assert [n.rubrique for n in result.non_places] == ["hors tableau"]  # the document's own title line


def _content_control(cell: Any, text: str, *, showing_prompt: bool) -> None:
    """Put `text` in a content control of the cell, as Word does; still showing its prompt or typed in."""
    shown = "<w:showingPlcHdr/>" if showing_prompt else ""
    xml = (
        f"<w:sdt {nsdecls('w')}><w:sdtPr>{shown}</w:sdtPr><w:sdtContent>"
        f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    tc = cell._tc
    for paragraph in tc.findall(qn("w:p")):
        tc.remove(paragraph)
    tc.append(parse_xml(xml))


def test_a_content_control_still_showing_its_prompt_is_empty() -> None:
    document = docx.Document()
    document.add_paragraph("☒ Négociation Vente et Accompagnement de la Relation Client")
    table = document.add_table(rows=3, cols=2)
    rows = [("Nom de l'organisation", "Cave des Coteaux", False), ("Offre commerciale", "Vins", False)]
    rows.append(("Lieu de l'activité", "Cliquez ou appuyez ici pour entrer du texte.", True))
    for index, (label, value, prompt) in enumerate(rows):
        table.cell(index, 0).text = label
        _content_control(table.cell(index, 1), value, showing_prompt=prompt)
    buffer = io.BytesIO()
    document.save(buffer)
    result = _import(buffer.getvalue())
    assert (result.fdap.cadre.organisation, result.fdap.cadre.offre_commerciale) == (
        "Cave des Coteaux",
        "Vins",
    )
    assert result.fdap.analyse.lieu == "" and result.non_places == []
