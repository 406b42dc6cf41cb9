"""Export of the fiche sujet as a Word file laid out as the official annexes V-2 (candidat) and V-3 (jury).

The official blank form (`data/annexes-E4-V1-V2-V3-session-2025.docx`, the national circular's form, kept
unmodified) is the template: its V-2 and V-3 blocks are cut out once, then each export fills their header
lines and table cells. Row labels, their order and the printed help texts stay those of the form. Rows grow
with their text (height "at least", rows may break across pages): nothing is ever cut. No mark, grid level
or assessment is ever written: the fiche holds none.
"""

from __future__ import annotations

import copy
import functools
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import msgspec
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement, parse_xml
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph

from service.domain.fiche_sujet import ROWS_CANDIDAT, ROWS_JURY, FicheSujet, candidate_row, jury_row

Feuilles = Literal["candidat", "jury", "les-deux"]
FEUILLES: tuple[Feuilles, ...] = ("candidat", "jury", "les-deux")

OFFICIAL_FORM = Path(__file__).resolve().parent / "data" / "annexes-E4-V1-V2-V3-session-2025.docx"
JURY_MARK = "CONFIDENTIEL – JURY"
DRAFT_MARK = "BROUILLON – non approuvée"
CHECKED = "☒"
UNCHECKED = "☐"
_NATURE_PREFIXES = {"NV": "Négociation Vente", "EC": "Organisation et Animation"}
_DOTS = re.compile(r"^[\s….]+$")
# What XML 1.0 cannot hold: control characters but tab and line breaks, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_DOC_RELS = {"image", "header", "footer", "hyperlink", "customXml"}
_R_ID = qn("r:id")
_R_EMBED = qn("r:embed")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass(frozen=True)
class _Template:
    """The V-2 and V-3 blocks cut out of the official form, saved as a small document."""

    data: bytes
    candidate_len: int  # body elements of the V-2 block (title lines, header fields, boxes, table)
    jury_len: int  # same for the V-3 block; between them, one paragraph carrying the section break


def _text(element: BaseOxmlElement) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def _block(children: Sequence[BaseOxmlElement], annex: str) -> list[BaseOxmlElement]:
    """The elements of one annex: from its « ANNEXE V–n » title to its table, both included."""
    for start, child in enumerate(children):
        if child.tag == qn("w:p") and _text(child).replace(" ", "").startswith(f"ANNEXEV–{annex}"):
            for end in range(start + 1, len(children)):
                if children[end].tag == qn("w:tbl"):
                    return list(children[start : end + 1])
    raise RuntimeError(
        f"formulaire officiel inattendu : annexe V-{annex} introuvable dans {OFFICIAL_FORM.name}"
    )


@functools.cache
def _template() -> _Template:
    """Cut V-2 and V-3 out of the official form once; each export then starts from these bytes."""
    document = Document(str(OFFICIAL_FORM))
    body = document.element.body
    children = list(body.iterchildren())
    candidate = _block(children, "2")
    jury = _block(children, "3")
    body_sect = body.find(qn("w:sectPr"))
    assert body_sect is not None
    for child in children:
        if child is not body_sect:
            body.remove(child)
    for reference in body_sect.findall(qn("w:headerReference")) + body_sect.findall(qn("w:footerReference")):
        body_sect.remove(reference)
    separator = OxmlElement("w:p")
    separator_pr = OxmlElement("w:pPr")
    separator_pr.append(copy.deepcopy(body_sect))  # a section break: V-3 starts on a new page
    separator.append(separator_pr)
    for element in [*candidate, separator, *jury]:
        body_sect.addprevious(element)
    _drop_unused_parts(document)
    properties = document.core_properties
    properties.author = "fichesujet"
    properties.last_modified_by = "fichesujet"
    properties.comments = ""
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _Template(buffer.getvalue(), len(candidate), len(jury))


def _drop_unused_parts(document: DocumentObject) -> None:
    """Forget the images, headers, footers and links of the annexes left out (they are not exported)."""
    used = {
        value for element in document.element.iter() for value in (element.get(_R_ID), element.get(_R_EMBED))
    }
    part = document.part
    for r_id, relationship in list(part.rels.items()):
        kind = relationship.reltype.rsplit("/", 1)[-1]
        if kind in _DOC_RELS and r_id not in used:
            part.drop_rel(r_id)


def _is_dots(text: str) -> bool:
    return bool(text.strip()) and bool(_DOTS.match(text))


def _fill_line(paragraph: Paragraph, values: Sequence[str]) -> None:
    """Replace the dotted leaders of a header line by the values, in order; an empty value keeps its dots."""
    leaders = [run for run in paragraph.runs if _is_dots(run.text)]
    for index, (run, value) in enumerate(zip(leaders, values, strict=False)):
        if not value.strip():
            continue
        last = index == len(leaders) - 1
        run.text = value.strip() + ("" if last else "      ")
        run.font.subscript = False


def _fill_header(elements: Sequence[BaseOxmlElement], fiche: FicheSujet) -> None:
    candidat = fiche.candidat
    lines = {
        "NOMduCANDIDAT": (candidat.nom, candidat.prenom),
        "FICHED’ACTIVITÉN°": (str(fiche.fiche_activite.numero), fiche.fiche_activite.titre),
        "N°Candidat": (candidat.numero, fiche.commission),
        "Date": (fiche.date,),
    }
    for element in elements:
        if element.tag != qn("w:p"):
            continue
        paragraph = Paragraph(element, None)  # type: ignore[arg-type]
        key = re.sub(r"\s", "", paragraph.text)
        for prefix, values in lines.items():
            if key.upper().startswith(prefix.upper()):
                _fill_line(paragraph, values)
                break
        for nature, prefix in _NATURE_PREFIXES.items():
            if paragraph.text.strip().startswith(prefix) and paragraph.runs:
                _tick(paragraph, fiche.nature == nature)


def _tick(paragraph: Paragraph, checked: bool) -> None:
    """The form's round box (a Wingdings symbol) becomes ☒ or ☐, a plain character any reader sees."""
    box = paragraph.runs[0]
    box.text = CHECKED if checked else UNCHECKED
    box.font.name = "Segoe UI Symbol"
    fonts = box._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), "MS Gothic")
    fonts.set(qn("w:cs"), "Segoe UI Symbol")
    box.bold = True


def _bullet_numbering(document: DocumentObject) -> str:
    """Add a dash list to the numbering part (objections, one per item); returns its numId."""
    numbering = document.part.numbering_part.element
    abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    abstract_id, num_id = str(max(abstract_ids, default=0) + 1), str(max(num_ids, default=0) + 1)
    abstract = parse_xml(
        f'<w:abstractNum xmlns:w="{_W}" w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="–"/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="284" w:hanging="284"/></w:pPr></w:lvl>'
        "</w:abstractNum>"
    )
    num = parse_xml(
        f'<w:num xmlns:w="{_W}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
    )
    existing = numbering.findall(qn("w:abstractNum"))
    if existing:
        existing[-1].addnext(abstract)
    else:
        numbering.insert(0, abstract)
    numbering.append(num)
    return num_id


def _model_paragraph(table: BaseOxmlElement) -> BaseOxmlElement:
    """The empty paragraph of the first value cell: its formatting is given to every written line."""
    row = table.findall(qn("w:tr"))[1]
    return row.findall(qn("w:tc"))[1].find(qn("w:p"))  # type: ignore[no-any-return]


def _write_cell(
    tc: BaseOxmlElement, lines: Sequence[str], model: BaseOxmlElement, *, keep: int = 0, num_id: str = ""
) -> None:
    """Write the lines as the cell's paragraphs after its first `keep` ones (« VOUS : », « JURY : »)."""
    for extra in tc.findall(qn("w:p"))[keep:]:
        tc.remove(extra)
    for line in lines or ([""] if keep == 0 else []):
        paragraph = OxmlElement("w:p")
        model_pr = model.find(qn("w:pPr"))
        paragraph_pr = copy.deepcopy(model_pr) if model_pr is not None else OxmlElement("w:pPr")
        paragraph.append(paragraph_pr)
        if num_id:
            numbering = parse_xml(
                f'<w:numPr xmlns:w="{_W}"><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
            )
            style = paragraph_pr.find(qn("w:pStyle"))
            if style is not None:
                style.addnext(numbering)
            else:
                paragraph_pr.insert(0, numbering)
        if line:
            run = OxmlElement("w:r")
            mark_pr = paragraph_pr.find(qn("w:rPr"))
            if mark_pr is not None:
                run.append(copy.deepcopy(mark_pr))
            text = OxmlElement("w:t")
            text.text = line
            text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.append(text)
            paragraph.append(run)
        tc.append(paragraph)


def _grow_rows(table: BaseOxmlElement) -> None:
    """Every row as high as its text needs (height "at least"), and allowed to break across pages."""
    for tr in table.findall(qn("w:tr")):
        tr_pr = tr.find(qn("w:trPr"))
        if tr_pr is None:
            continue
        for height in tr_pr.findall(qn("w:trHeight")):
            height.set(qn("w:hRule"), "atLeast")
        for cant_split in tr_pr.findall(qn("w:cantSplit")):
            tr_pr.remove(cant_split)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _fill_candidate(table: BaseOxmlElement, fiche: FicheSujet) -> None:
    model = _model_paragraph(table)
    rows = table.findall(qn("w:tr"))[1:]
    for tr, (name, _label) in zip(rows, ROWS_CANDIDAT, strict=True):
        cells = tr.findall(qn("w:tc"))
        if name == "acteurs":
            acteurs = fiche.fiche_candidat.acteurs
            _write_cell(cells[1], _lines(acteurs.vous), model, keep=1)
            _write_cell(cells[2], _lines(acteurs.jury), model, keep=1)
        else:
            _write_cell(cells[1], _lines(candidate_row(fiche, name)), model)
    _grow_rows(table)


def _fill_jury(table: BaseOxmlElement, fiche: FicheSujet, num_id: str) -> None:
    model = _model_paragraph(table)
    rows = table.findall(qn("w:tr"))[1:]
    for tr, (name, _label) in zip(rows, ROWS_JURY, strict=True):
        cell = tr.findall(qn("w:tc"))[1]
        if name == "objections":
            objections = [" ".join(o.split()) for o in fiche.fiche_jury.objections if o.strip()]
            _write_cell(cell, objections, model, num_id=num_id if objections else "")
        else:
            _write_cell(cell, _lines(jury_row(fiche, name)), model)
    _grow_rows(table)


def _mark_header(document: DocumentObject, index: int, marks: Sequence[str]) -> None:
    """The sheet's marks, red and bold, at the top of each of its pages (the section's header)."""
    header = document.sections[index].header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.text = ""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for position, mark in enumerate(marks):
        run = paragraph.add_run(("   ·   " if position else "") + mark)
        run.bold = True
        run.font.size = Pt(12)
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


def _xml_safe(value: Any) -> Any:
    """Every string of a plain value without the characters XML 1.0 cannot carry (python-docx refuses them)."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, dict):
        return {key: _xml_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_xml_safe(item) for item in value]
    return value


def fiche_docx(fiche: FicheSujet, *, feuilles: Feuilles, brouillon: bool) -> bytes:
    """The Word file of the sheets asked for: V-2, V-3, or both (V-3 starts on a new page)."""
    if feuilles not in FEUILLES:
        raise ValueError(f"feuilles inconnues : {feuilles!r}")
    fiche = msgspec.convert(_xml_safe(msgspec.to_builtins(fiche)), FicheSujet)
    template = _template()
    document = Document(io.BytesIO(template.data))
    body = document.element.body
    children = list(body.iterchildren())
    candidate = children[: template.candidate_len]
    separator = children[template.candidate_len]
    jury = children[template.candidate_len + 1 : template.candidate_len + 1 + template.jury_len]
    if feuilles == "candidat":
        for element in [separator, *jury]:
            body.remove(element)
    elif feuilles == "jury":
        for element in [*candidate, separator]:
            body.remove(element)
    draft = [DRAFT_MARK] if brouillon else []
    section = 0
    if feuilles in ("candidat", "les-deux"):
        _fill_header(candidate, fiche)
        _fill_candidate(candidate[-1], fiche)
        if draft:
            _mark_header(document, section, draft)
        section += 1
    if feuilles in ("jury", "les-deux"):
        _fill_header(jury, fiche)
        _fill_jury(jury[-1], fiche, _bullet_numbering(document))
        _mark_header(document, section, [JURY_MARK, *draft])
    properties = document.core_properties
    properties.title = f"Fiche sujet – {fiche.fiche_activite.titre}".strip(" –")
    properties.subject = "BTS NDRC – E4 – annexes V-2 et V-3"
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    properties.created = now
    properties.modified = now
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
