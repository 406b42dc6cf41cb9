"""Word FDAPs filled the way real students fill the official V-1 form, each knowing the Fdap it holds.

Students lengthen or reword a label, type the start of a rubric in its label cell (on the label's line or
below it), spread a rubric over two cells or over a row they added, leave the form's title lines and
footnote (or their own version of them) and type remarks between the tables. A `StudentFdap` says how each
rubric was filled; `write` makes the document, `expected` the Fdap an import must give back.
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass, field

import docx
from docx.oxml.ns import qn
from lxml import etree

from service.domain.fdap import (
    Activite,
    Analyse,
    BilanReflexif,
    Cadre,
    Candidat,
    CiblageProspection,
    Deroulement,
    Fdap,
    InformationCommerciale,
    Nature,
    Phase,
    Veille,
)
from tests.intake.docx_writer import (
    append_inline,
    cell_paragraphs,
    fill_list,
    official_form,
    row_cells,
    set_lines,
    split_cell,
    text_run,
    tick_box,
)

# Where each rubric sits in the official form: (table, row) of its label row.
ROWS: dict[str, tuple[int, int]] = {
    "cadre.organisation": (0, 6),
    "cadre.adresse": (0, 7),
    "cadre.type_structure": (0, 8),
    "cadre.offre_commerciale": (0, 9),
    "cadre.types_clients": (0, 10),
    "cadre.methodes_vente": (0, 11),
    "analyse.historique_problematique": (0, 14),
    "analyse.acteurs": (0, 15),
    "analyse.objectifs_operationnels": (0, 16),
    "deroulement.resultats": (0, 20),
    "deroulement.difficultes": (0, 21),
    "ciblage_prospection.demarche": (1, 1),
    "ciblage_prospection.objectifs": (1, 2),
    "ciblage_prospection.resultats": (1, 5),
    "information_commerciale.informations_marche": (1, 10),
    "information_commerciale.objectifs": (1, 11),
}
DATES_LIEU_ROW = 13
CONTRIBUTION_ROWS = (15, 16)


@dataclass(frozen=True)
class Rubric:
    """How a student filled one rubric of the form."""

    content: str = ""  # the content cell
    label: str | None = None  # the label as the student left it; None: the form's own
    in_label: str = ""  # text typed in the label cell, after the label
    on_label_line: bool = True  # ... on the label's own line (else on new lines below it)
    next_cell: str = ""  # more content in a second content cell of the same row
    added_rows: tuple[str, ...] = ()  # rows the student added below, their label cell left empty

    def text(self) -> str:
        """What the import must place in the rubric, in reading order."""
        parts = (self.in_label, self.content, self.next_cell, *self.added_rows)
        return "\n".join(part for part in parts if part)


@dataclass(frozen=True)
class StudentFdap:
    name: str
    nature: Nature
    titre: str
    candidat: tuple[str, str, str]  # nom, prénom, n° candidat
    rubrics: dict[str, Rubric]
    phases: tuple[tuple[str, str], ...] = ()
    activites: tuple[tuple[str, str], ...] = ()
    veille: tuple[tuple[str, str], ...] = ()
    bilan: tuple[str, str, str] = ("", "", "")
    annexe: str = ""
    numero: int = 1
    tick: str = "glyph"
    before: tuple[str, ...] = ()  # paragraphs put before the first table, instead of « ANNEXE V–1 »
    between: tuple[str, ...] | None = None  # paragraphs between the two tables, instead of the footnote
    after: tuple[str, ...] = ()  # paragraphs after the second table
    stray: tuple[str, ...] = ()  # the paragraphs among those that no rubric may take: reported
    keep_other_forms: bool = False
    notes: str = ""  # what the document exercises, for the coverage report

    def text(self, key: str) -> str:
        rubric = self.rubrics.get(key)
        return rubric.text() if rubric is not None else ""

    def expected(self) -> Fdap:
        """The Fdap the document holds."""
        text = self.text
        nom, prenom, numero = self.candidat
        return Fdap(
            numero=self.numero,
            nature=self.nature,
            titre=self.titre,
            candidat=Candidat(nom=nom, prenom=prenom, numero=numero),
            cadre=Cadre(
                organisation=text("cadre.organisation"),
                adresse=text("cadre.adresse"),
                type_structure=text("cadre.type_structure"),
                offre_commerciale=text("cadre.offre_commerciale"),
                types_clients=text("cadre.types_clients"),
                methodes_vente=text("cadre.methodes_vente"),
            ),
            analyse=Analyse(
                dates=text("analyse.dates"),
                lieu=text("analyse.lieu"),
                historique_problematique=text("analyse.historique_problematique"),
                acteurs=text("analyse.acteurs"),
                objectifs_operationnels=text("analyse.objectifs_operationnels"),
            ),
            deroulement=Deroulement(
                phases=[Phase(phase=a, outils=b) for a, b in self.phases],
                resultats=text("deroulement.resultats"),
                difficultes=text("deroulement.difficultes"),
            ),
            ciblage_prospection=CiblageProspection(
                demarche=text("ciblage_prospection.demarche"),
                objectifs=text("ciblage_prospection.objectifs"),
                activites=[Activite(activite=a, outils=b) for a, b in self.activites],
                resultats=text("ciblage_prospection.resultats"),
                bilan_reflexif=BilanReflexif(*self.bilan),
            ),
            information_commerciale=InformationCommerciale(
                informations_marche=text("information_commerciale.informations_marche"),
                objectifs=text("information_commerciale.objectifs"),
                veille=[Veille(source=a, outils=b) for a, b in self.veille],
                contribution_expertise=text("information_commerciale.contribution_expertise"),
            ),
            annexe_offre=self.annexe,
        )


def _paragraph(text: str, bold: bool = False) -> etree._Element:
    paragraph = etree.Element(qn("w:p"))
    if text:
        paragraph.append(text_run(text, bold=bold))
    return paragraph


def _relabel(tc: etree._Element, label: str | None, rubric: Rubric) -> None:
    """The label cell as the student left it: its label, then what they typed after it."""
    first = cell_paragraphs(tc)[0]
    if label is not None:
        for run in first.findall(qn("w:r")):
            first.remove(run)
        first.append(text_run(label, bold=True))
    if not rubric.in_label:
        return
    lines = rubric.in_label.split("\n")
    if rubric.on_label_line:
        first.append(text_run(" " + lines[0]))
        lines = lines[1:]
    anchor = cell_paragraphs(tc)[-1]
    for line in lines:
        paragraph = _paragraph(line)
        anchor.addnext(paragraph)
        anchor = paragraph


def _fill_rubric_row(tr: etree._Element, rubric: Rubric) -> None:
    label, content = row_cells(tr)[0], row_cells(tr)[-1]
    for text in reversed(rubric.added_rows):
        added = copy.deepcopy(tr)
        set_lines(row_cells(added)[0], "")
        set_lines(row_cells(added)[-1], text)
        tr.addnext(added)
    _relabel(label, rubric.label, rubric)
    set_lines(content, rubric.content)
    if rubric.next_cell:
        cells = row_cells(tr)
        split_cell(tr, len(cells) - 1, 1)
        set_lines(row_cells(tr)[-1], rubric.next_cell)


def _fill_inline_cell(tc: etree._Element, rubric: Rubric) -> None:
    """« Date(s) : » and « Lieu de l'activité : » cells: the label's line, then the content's lines."""
    _relabel(tc, rubric.label, Rubric(in_label=rubric.in_label, on_label_line=True))
    set_lines(tc, rubric.content, keep_first=True)


def write(student: StudentFdap) -> bytes:
    """The official form as the student filled it."""
    document = docx.Document(str(official_form()))
    body = document.element.body
    tables = [table._tbl for table in document.tables[:2]]
    rows = [table.findall(qn("w:tr")) for table in tables]
    _fill_header(rows[0], student)
    for key, (table, index) in ROWS.items():
        _fill_rubric_row(rows[table][index], student.rubrics.get(key, Rubric()))
    dates, lieu = row_cells(rows[0][DATES_LIEU_ROW])
    _fill_inline_cell(dates, student.rubrics.get("analyse.dates", Rubric()))
    _fill_inline_cell(lieu, student.rubrics.get("analyse.lieu", Rubric()))
    contribution = student.rubrics.get("information_commerciale.contribution_expertise", Rubric())
    label_row, content_row = (rows[1][index] for index in CONTRIBUTION_ROWS)
    _relabel(row_cells(label_row)[0], contribution.label, contribution)
    set_lines(row_cells(content_row)[0], contribution.content)
    set_lines(row_cells(rows[1][8])[0], student.bilan[0])
    set_lines(row_cells(rows[1][8])[1], student.bilan[1])
    set_lines(row_cells(rows[1][8])[2], student.bilan[2])
    for table, template, items in (
        (tables[0], rows[0][19], student.phases),
        (tables[1], rows[1][4], student.activites),
        (tables[1], rows[1][14], student.veille),
    ):
        fill_list(table, table.findall(qn("w:tr")).index(template), list(items))
    _place_paragraphs(body, tables, student)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _fill_header(rows: list[etree._Element], student: StudentFdap) -> None:
    number, nv, ec = row_cells(rows[2])
    append_inline(number, str(student.numero))
    tick_box(nv, student.tick, student.nature == "NV")
    tick_box(ec, student.tick, student.nature == "EC")
    append_inline(row_cells(rows[3])[0], student.titre)
    for tc, value in zip(row_cells(rows[4]), student.candidat, strict=True):
        append_inline(tc, value)


def _place_paragraphs(body: etree._Element, tables: list[etree._Element], student: StudentFdap) -> None:
    front, back = tables
    section = body.find(qn("w:sectPr"))
    if not student.keep_other_forms:
        for element in list(back.itersiblings()):
            if element is not section:
                body.remove(element)
    if student.before:
        for element in list(front.itersiblings(preceding=True)):
            body.remove(element)
        for text in student.before:
            front.addprevious(_paragraph(text, bold=True))
    if student.between is not None:
        for element in list(front.itersiblings()):
            if element is back:
                break
            body.remove(element)
        for text in student.between:
            back.addprevious(_paragraph(text))
    anchor = back
    for text in [*student.after, *student.annexe.split("\n")] if student.annexe else student.after:
        paragraph = _paragraph(text)
        anchor.addnext(paragraph)
        anchor = paragraph


@dataclass
class Layout:
    """A document built from scratch: one-cell tables, paragraphs, the box as a paragraph."""

    blocks: list[tuple[str, list[list[str]]]] = field(default_factory=list)

    def paragraph(self, text: str) -> Layout:
        self.blocks.append(("p", [[text]]))
        return self

    def table(self, *rows: list[str]) -> Layout:
        self.blocks.append(("t", [list(row) for row in rows]))
        return self

    def write(self) -> bytes:
        document = docx.Document()
        for kind, rows in self.blocks:
            if kind == "p":
                document.add_paragraph(rows[0][0])
                continue
            table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
            for index, row in enumerate(rows):
                for column, text in enumerate(row):
                    cell = table.cell(index, column)
                    lines = text.split("\n")
                    cell.paragraphs[0].add_run(lines[0])
                    for line in lines[1:]:
                        cell.add_paragraph(line)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
