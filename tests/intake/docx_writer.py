"""Writes a fdap/1 into the official Word form (annexe V-1), with the variants schools and students make.

The document starts from the official blank form: the V-1 tables are filled cell by cell; the V-2 and
V-3 forms are dropped or kept. `rubric_coverage` measures how much of each rubric's text an import found.
"""

from __future__ import annotations

import copy
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.oxml.ns import qn
from lxml import etree

from service.domain.fdap import Fdap

# The official blank form, shipped with the package (service/render/data), else the shared copy.
OFFICIAL = (
    Path(__file__).resolve().parents[2]
    / "service"
    / "render"
    / "data"
    / "annexes-E4-V1-V2-V3-session-2025.docx"
)
_SHARED = Path("/work/shared/official") / OFFICIAL.name
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"

TICKS = ("glyph", "☒", "■", "✓", "X", "x", "sdt", "legacy_default", "legacy_checked", "bold")
PRELABELS = (
    "1. Prise de contact",
    "2. Découverte des besoins",
    "3. Argumentation",
    "4. Traitement des objections",
    "5. Conclusion",
    "6. Prise de congé",
)
STRAY_TEXT = "Remarque personnelle : voir aussi mon rapport de stage pour le détail des chiffres."


def official_form() -> Path:
    return OFFICIAL if OFFICIAL.exists() else _SHARED


@dataclass(frozen=True)
class Variant:
    """How the document departs from a plain filling of the official form."""

    tick: str = "glyph"  # how the NV/EC box is ticked: one of TICKS
    split_objectives: bool = False  # « quantitatifs » / « qualitatifs » sub-rows (merged label cell)
    prelabelled_phases: bool = False  # a pre-printed phase name before each phase's text
    extra_phase_rows: int = 0  # empty rows left in the phases table, among the filled ones
    weeks: int = 0  # prospection over N weeks: a « Semaine » column and one row per week
    merged_cells: bool = False  # vertically merged cells (label of a two-row rubric, shared tools)
    outside_text: bool = False  # text typed between the tables, with and without a heading
    keep_other_forms: bool = False  # keep the blank V-2 and V-3 forms in the document
    annex_at_end: bool = False  # the offer annex after the V-2/V-3 forms rather than after V-1


# The variants of the tests and of the coverage report, by name.
VARIANTS = {
    **{f"case-{tick}": Variant(tick=tick) for tick in TICKS},
    "objectifs-scindes": Variant(split_objectives=True),
    "phases-pre-intitulees": Variant(prelabelled_phases=True),
    "lignes-vides-en-plus": Variant(extra_phase_rows=3),
    "prospection-16-semaines": Variant(weeks=16),
    "cellules-fusionnees": Variant(merged_cells=True),
    "texte-hors-tableaux": Variant(outside_text=True),
    "annexe-en-fin": Variant(keep_other_forms=True, annex_at_end=True),
    "fiches-v2-v3-laissees": Variant(keep_other_forms=True),
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


def _t(text: str) -> etree._Element:
    element = etree.Element(qn("w:t"))
    element.text = text
    element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return element


def text_run(text: str, bold: bool = False) -> etree._Element:
    run = etree.Element(qn("w:r"))
    if bold:
        props = etree.SubElement(run, qn("w:rPr"))
        etree.SubElement(props, qn("w:b"))
    run.append(_t(text))
    return run


def row_cells(tr: etree._Element) -> list[etree._Element]:
    return tr.findall(qn("w:tc"))


def cell_paragraphs(tc: etree._Element) -> list[etree._Element]:
    return tc.findall(qn("w:p"))


def _empty_paragraph(template: etree._Element) -> etree._Element:
    paragraph = copy.deepcopy(template)
    for child in list(paragraph):
        if child.tag != qn("w:pPr"):
            paragraph.remove(child)
    return paragraph


def set_lines(tc: etree._Element, text: str, keep_first: bool = False) -> None:
    """The cell holds `text`, one paragraph per line (after its first paragraph when `keep_first`)."""
    paragraphs = cell_paragraphs(tc)
    template = _empty_paragraph(paragraphs[-1] if keep_first else paragraphs[0])
    for paragraph in paragraphs[1 if keep_first else 0 :]:
        tc.remove(paragraph)
    lines = text.split("\n") if text else [""]
    if keep_first and not text:
        return
    for line in lines:
        paragraph = copy.deepcopy(template)
        if line:
            paragraph.append(text_run(line))
        tc.append(paragraph)


def append_inline(tc: etree._Element, text: str) -> None:
    """`Label :` then ` value` in the same paragraph (header fields)."""
    if text:
        cell_paragraphs(tc)[0].append(text_run(" " + text))


def _set_span(tc: etree._Element, span: int) -> None:
    props = tc.find(qn("w:tcPr"))
    if props is None:
        props = etree.SubElement(tc, qn("w:tcPr"))
        tc.insert(0, props)
    grid = props.find(qn("w:gridSpan"))
    if span == 1:
        if grid is not None:
            props.remove(grid)
        return
    if grid is None:
        grid = etree.SubElement(props, qn("w:gridSpan"))
    grid.set(qn("w:val"), str(span))


def _span(tc: etree._Element) -> int:
    props = tc.find(qn("w:tcPr"))
    grid = props.find(qn("w:gridSpan")) if props is not None else None
    return int(grid.get(qn("w:val"))) if grid is not None else 1


def _vmerge(tc: etree._Element, value: str | None) -> None:
    props = tc.find(qn("w:tcPr"))
    if props is None:
        props = etree.Element(qn("w:tcPr"))
        tc.insert(0, props)
    merge = etree.SubElement(props, qn("w:vMerge"))
    if value:
        merge.set(qn("w:val"), value)


def split_cell(tr: etree._Element, index: int, first_span: int) -> None:
    """Cut the cell `index` of a row in two: `first_span` grid columns, then the rest."""
    tc = row_cells(tr)[index]
    total = _span(tc)
    twin = copy.deepcopy(tc)
    _set_span(tc, first_span)
    _set_span(twin, total - first_span)
    tc.addnext(twin)


def _halves(text: str) -> tuple[str, str]:
    """The text cut in two at the sentence boundary nearest its middle."""
    cuts = [m.end() for m in re.finditer(r"(?<=[.;!?])\s+", text)]
    if not cuts:
        words = text.split(" ")
        middle = max(1, len(words) // 2)
        return " ".join(words[:middle]), " ".join(words[middle:])
    cut = min(cuts, key=lambda position: abs(position - len(text) / 2))
    return text[:cut].strip(), text[cut:].strip()


# -- the NV/EC box


def _mark_run(run: etree._Element, tick: str, chosen: bool) -> list[etree._Element]:
    """What replaces the official empty-box symbol run for one option."""
    if tick == "glyph":
        replacement = copy.deepcopy(run)
        sym = replacement.find(qn("w:sym"))
        sym.set(qn("w:char"), "F0FE" if chosen else "F0A1")
        return [replacement]
    if tick in ("☒", "■", "✓"):
        return [text_run(tick if chosen else "☐")]
    if tick in ("X", "x"):
        return [text_run(tick)] if chosen else []
    if tick == "sdt":
        sdt = etree.Element(qn("w:sdt"))
        props = etree.SubElement(sdt, qn("w:sdtPr"))
        box = etree.SubElement(props, f"{{{W14}}}checkbox")
        etree.SubElement(box, f"{{{W14}}}checked").set(f"{{{W14}}}val", "1" if chosen else "0")
        etree.SubElement(box, f"{{{W14}}}checkedState").set(f"{{{W14}}}val", "2612")
        etree.SubElement(box, f"{{{W14}}}uncheckedState").set(f"{{{W14}}}val", "2610")
        content = etree.SubElement(sdt, qn("w:sdtContent"))
        content.append(text_run("☒" if chosen else "☐"))
        return [sdt]
    if tick in ("legacy_default", "legacy_checked"):
        begin = etree.Element(qn("w:r"))
        char = etree.SubElement(begin, qn("w:fldChar"))
        char.set(qn("w:fldCharType"), "begin")
        data = etree.SubElement(char, qn("w:ffData"))
        etree.SubElement(data, qn("w:name")).set(qn("w:val"), "CaseACocher")
        etree.SubElement(data, qn("w:enabled"))
        box = etree.SubElement(data, qn("w:checkBox"))
        etree.SubElement(box, qn("w:sizeAuto"))
        if tick == "legacy_default":
            etree.SubElement(box, qn("w:default")).set(qn("w:val"), "1" if chosen else "0")
        else:
            etree.SubElement(box, qn("w:default")).set(qn("w:val"), "0")
            if chosen:
                etree.SubElement(box, qn("w:checked"))
        instr = etree.Element(qn("w:r"))
        etree.SubElement(instr, qn("w:instrText")).text = " FORMCHECKBOX "
        end = etree.Element(qn("w:r"))
        etree.SubElement(end, qn("w:fldChar")).set(qn("w:fldCharType"), "end")
        return [begin, instr, end]
    if tick == "bold":
        return [copy.deepcopy(run)]
    raise ValueError(f"unknown tick style {tick!r}")


def tick_box(tc: etree._Element, tick: str, chosen: bool) -> None:
    paragraph = cell_paragraphs(tc)[0]
    runs = paragraph.findall(qn("w:r"))
    sym_run = next(run for run in runs if run.find(qn("w:sym")) is not None)
    for replacement in reversed(_mark_run(sym_run, tick, chosen)):
        sym_run.addnext(replacement)
    paragraph.remove(sym_run)
    if tick == "bold" and not chosen:
        for run in paragraph.findall(qn("w:r")):
            props = run.find(qn("w:rPr"))
            if props is not None:
                for bold in props.findall(qn("w:b")) + props.findall(qn("w:bCs")):
                    props.remove(bold)


# -- the document


def fill_list(table: etree._Element, template_index: int, items: list[tuple[str, str]]) -> None:
    rows = table.findall(qn("w:tr"))
    template = rows[template_index]
    produced: list[etree._Element] = []
    for main, tools in items or [("", "")]:
        tr = copy.deepcopy(template)
        cells = row_cells(tr)
        set_lines(cells[0], main)
        set_lines(cells[-1], tools)
        produced.append(tr)
    anchor = template
    for tr in produced:
        anchor.addnext(tr)
        anchor = tr
    table.remove(template)


def write_fdap_docx(fdap: Fdap, variant: Variant = Variant()) -> bytes:
    """The official V-1 form filled with `fdap`, shaped by `variant`."""
    document = docx.Document(str(official_form()))
    body = document.element.body
    front, back = (table._tbl for table in document.tables[:2])
    _fill_front(front, fdap, variant)
    _fill_back(back, fdap, variant)
    section = body.find(qn("w:sectPr"))
    if not variant.keep_other_forms:
        for element in list(back.itersiblings()):
            if element is not section:
                body.remove(element)
    annex: list[etree._Element] = []
    if fdap.annexe_offre:
        for line in fdap.annexe_offre.split("\n"):
            paragraph = etree.Element(qn("w:p"))
            if line:
                paragraph.append(text_run(line))
            annex.append(paragraph)
    anchor = back
    if variant.annex_at_end:
        for paragraph in annex:
            section.addprevious(paragraph)
    else:
        for paragraph in annex:
            anchor.addnext(paragraph)
            anchor = paragraph
    if variant.outside_text:
        stray = etree.Element(qn("w:p"))
        stray.append(text_run(STRAY_TEXT))
        front.addnext(stray)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _fill_front(table: etree._Element, fdap: Fdap, variant: Variant) -> None:
    rows = table.findall(qn("w:tr"))
    number, nv, ec = row_cells(rows[2])
    append_inline(number, str(fdap.numero))
    tick_box(nv, variant.tick, fdap.nature == "NV")
    tick_box(ec, variant.tick, fdap.nature == "EC")
    append_inline(row_cells(rows[3])[0], fdap.titre)
    for tc, value in zip(
        row_cells(rows[4]), (fdap.candidat.nom, fdap.candidat.prenom, fdap.candidat.numero), strict=True
    ):
        append_inline(tc, value)
    cadre = fdap.cadre
    for index, value in zip(
        range(6, 12),
        (
            cadre.organisation,
            cadre.adresse,
            cadre.type_structure,
            cadre.offre_commerciale,
            cadre.types_clients,
            cadre.methodes_vente,
        ),
        strict=True,
    ):
        set_lines(row_cells(rows[index])[1], value)
    dates, lieu = row_cells(rows[13])
    set_lines(dates, fdap.analyse.dates, keep_first=True)
    set_lines(lieu, fdap.analyse.lieu, keep_first=True)
    historique = fdap.analyse.historique_problematique
    if variant.merged_cells and historique:
        first, second = _halves(historique)
        _two_rows(rows[14], [("", first), ("", second)], merged_label=True)
    else:
        set_lines(row_cells(rows[14])[1], historique)
    set_lines(row_cells(rows[15])[1], fdap.analyse.acteurs)
    objectives = fdap.analyse.objectifs_operationnels
    if variant.split_objectives and objectives:
        first, second = _halves(objectives)
        _two_rows(rows[16], [("Quantitatifs", first), ("Qualitatifs", second)], merged_label=True)
    else:
        set_lines(row_cells(rows[16])[1], objectives)
    difficulties = fdap.deroulement.difficultes
    if variant.outside_text and difficulties:
        first, second = _halves(difficulties)
        set_lines(row_cells(rows[21])[1], first)
        _after_table(table, ["Difficultés rencontrées (suite)", second])
    else:
        set_lines(row_cells(rows[21])[1], difficulties)
    set_lines(row_cells(rows[20])[1], fdap.deroulement.resultats)
    _fill_phases(table, rows[19], [(p.phase, p.outils) for p in fdap.deroulement.phases], variant)


def _after_table(table: etree._Element, lines: list[str]) -> None:
    anchor = table
    for line in lines:
        paragraph = etree.Element(qn("w:p"))
        paragraph.append(text_run(line))
        anchor.addnext(paragraph)
        anchor = paragraph


def _two_rows(tr: etree._Element, parts: list[tuple[str, str]], merged_label: bool) -> None:
    """A label row made two rows, the label cell merged vertically; a sub-label cell when given."""
    second = copy.deepcopy(tr)
    for row, (sublabel, text) in zip((tr, second), parts, strict=True):
        if sublabel:
            split_cell(row, 1, 1)
            set_lines(row_cells(row)[1], sublabel)
            set_lines(row_cells(row)[2], text)
        else:
            set_lines(row_cells(row)[1], text)
    if merged_label:
        _vmerge(row_cells(tr)[0], "restart")
        label = row_cells(second)[0]
        _vmerge(label, None)
        for paragraph in cell_paragraphs(label)[1:]:
            label.remove(paragraph)
        for child in list(cell_paragraphs(label)[0]):
            if child.tag != qn("w:pPr"):
                cell_paragraphs(label)[0].remove(child)
    tr.addnext(second)


def _fill_phases(
    table: etree._Element, template: etree._Element, phases: list[tuple[str, str]], variant: Variant
) -> None:
    rows: list[etree._Element] = []
    for index, (phase, tools) in enumerate(phases or [("", "")]):
        tr = copy.deepcopy(template)
        if variant.prelabelled_phases:
            split_cell(tr, 0, 1)
            set_lines(row_cells(tr)[0], PRELABELS[index % len(PRELABELS)])
            set_lines(row_cells(tr)[1], phase)
        else:
            set_lines(row_cells(tr)[0], phase)
        set_lines(row_cells(tr)[-1], tools)
        rows.append(tr)
        if index < variant.extra_phase_rows:
            rows.append(copy.deepcopy(template))
    if variant.merged_cells and len(rows) >= 2 and not variant.extra_phase_rows:
        first, second = row_cells(rows[0])[-1], row_cells(rows[1])[-1]
        joined = "\n".join(p for p in (phases[0][1], phases[1][1]) if p)
        set_lines(first, joined)
        _vmerge(first, "restart")
        set_lines(second, "")
        _vmerge(second, None)
    anchor = template
    for tr in rows:
        anchor.addnext(tr)
        anchor = tr
    table.remove(template)


def _fill_back(table: etree._Element, fdap: Fdap, variant: Variant) -> None:
    rows = table.findall(qn("w:tr"))
    ciblage = fdap.ciblage_prospection
    info = fdap.information_commerciale
    set_lines(row_cells(rows[1])[1], ciblage.demarche)
    set_lines(row_cells(rows[2])[1], ciblage.objectifs)
    set_lines(row_cells(rows[5])[1], ciblage.resultats)
    bilan = row_cells(rows[8])
    for tc, value in zip(
        bilan,
        (
            ciblage.bilan_reflexif.atouts,
            ciblage.bilan_reflexif.solutions,
            ciblage.bilan_reflexif.ameliorations,
        ),
        strict=True,
    ):
        set_lines(tc, value)
    set_lines(row_cells(rows[10])[1], info.informations_marche)
    set_lines(row_cells(rows[11])[1], info.objectifs)
    set_lines(row_cells(rows[16])[0], info.contribution_expertise)
    activities = [(a.activite, a.outils) for a in ciblage.activites]
    if variant.weeks and activities:
        header = rows[3]
        split_cell(header, 0, 1)
        set_lines(row_cells(header)[0], "Semaine")
        produced = []
        for week in range(variant.weeks):
            tr = copy.deepcopy(rows[4])
            split_cell(tr, 0, 1)
            main, tools = activities[week % len(activities)]
            set_lines(row_cells(tr)[0], f"S{week + 1}")
            set_lines(row_cells(tr)[1], main)
            set_lines(row_cells(tr)[2], tools)
            produced.append(tr)
        anchor = rows[4]
        for tr in produced:
            anchor.addnext(tr)
            anchor = tr
        table.remove(rows[4])
    else:
        fill_list(table, 4, activities)
    rows = table.findall(qn("w:tr"))
    veille_index = next(i for i, tr in enumerate(rows) if "Sources utilis" in "".join(tr.itertext())) + 1
    fill_list(table, veille_index, [(v.source, v.outils) for v in info.veille])


# -- measuring an import


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


def rubric_texts(fdap: Fdap) -> dict[str, str]:
    """The text of each rubric (lists joined), by fdap/1 path."""
    ciblage = fdap.ciblage_prospection
    info = fdap.information_commerciale
    return {
        "titre": fdap.titre,
        "candidat": " ".join((fdap.candidat.nom, fdap.candidat.prenom, fdap.candidat.numero)),
        "cadre.organisation": fdap.cadre.organisation,
        "cadre.adresse": fdap.cadre.adresse,
        "cadre.type_structure": fdap.cadre.type_structure,
        "cadre.offre_commerciale": fdap.cadre.offre_commerciale,
        "cadre.types_clients": fdap.cadre.types_clients,
        "cadre.methodes_vente": fdap.cadre.methodes_vente,
        "analyse.dates": fdap.analyse.dates,
        "analyse.lieu": fdap.analyse.lieu,
        "analyse.historique_problematique": fdap.analyse.historique_problematique,
        "analyse.acteurs": fdap.analyse.acteurs,
        "analyse.objectifs_operationnels": fdap.analyse.objectifs_operationnels,
        "deroulement.phases.phase": " ".join(p.phase for p in fdap.deroulement.phases),
        "deroulement.phases.outils": " ".join(p.outils for p in fdap.deroulement.phases),
        "deroulement.resultats": fdap.deroulement.resultats,
        "deroulement.difficultes": fdap.deroulement.difficultes,
        "ciblage_prospection.demarche": ciblage.demarche,
        "ciblage_prospection.objectifs": ciblage.objectifs,
        "ciblage_prospection.activites.activite": " ".join(a.activite for a in ciblage.activites),
        "ciblage_prospection.activites.outils": " ".join(a.outils for a in ciblage.activites),
        "ciblage_prospection.resultats": ciblage.resultats,
        "ciblage_prospection.bilan_reflexif.atouts": ciblage.bilan_reflexif.atouts,
        "ciblage_prospection.bilan_reflexif.solutions": ciblage.bilan_reflexif.solutions,
        "ciblage_prospection.bilan_reflexif.ameliorations": ciblage.bilan_reflexif.ameliorations,
        "information_commerciale.informations_marche": info.informations_marche,
        "information_commerciale.objectifs": info.objectifs,
        "information_commerciale.veille.source": " ".join(v.source for v in info.veille),
        "information_commerciale.veille.outils": " ".join(v.outils for v in info.veille),
        "information_commerciale.contribution_expertise": info.contribution_expertise,
        "annexe_offre": fdap.annexe_offre,
    }


def rubric_coverage(expected: Fdap, got: Fdap) -> dict[str, float]:
    """For each non-empty rubric of `expected`, the share of its words found in the same rubric of `got`.

    Words are counted with their multiplicity (a word said twice must be found twice); 1.0 is complete.
    """
    wanted = rubric_texts(expected)
    found = rubric_texts(got)
    coverage: dict[str, float] = {}
    for path, text in wanted.items():
        need = Counter(_words(text))
        if not need:
            continue
        have = Counter(_words(found[path]))
        hits = sum(min(count, have[word]) for word, count in need.items())
        coverage[path] = hits / sum(need.values())
    return coverage
