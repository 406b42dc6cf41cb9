"""Walking a Word body: paragraphs and tables, each cell once (merged cells), runs and the marks of boxes.

Content controls, custom XML, text boxes and alternate content are looked through; deleted text, field
codes and controls still showing their prompt are not text of the FDAP.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree  # type: ignore[import-untyped]  # no stubs shipped; elements typed as Any

WORDML = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WORDML_2010 = "http://schemas.microsoft.com/office/word/2010/wordml"
MARKUP_COMPATIBILITY = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def wordml(tag: str) -> str:
    return f"{{{WORDML}}}{tag}"


PARAGRAPH, TABLE, ROW, CELL = wordml("p"), wordml("tbl"), wordml("tr"), wordml("tc")
RUN, TEXT, CONTROL = wordml("r"), wordml("t"), wordml("sdt")
CONTROL_CONTENT, CONTROL_PROPERTIES, CUSTOM_XML = wordml("sdtContent"), wordml("sdtPr"), wordml("customXml")
_SKIPPED = {
    wordml("pPr"),
    wordml("rPr"),
    wordml("tcPr"),
    wordml("trPr"),
    wordml("tblPr"),
    wordml("tblGrid"),
    wordml("del"),
    wordml("moveFrom"),
    wordml("instrText"),
    wordml("delText"),
    wordml("sdtEndPr"),
    CONTROL_PROPERTIES,
    f"{{{MARKUP_COMPATIBILITY}}}Fallback",
}
_FALSE = {"0", "false", "off"}

CHECKED = "☒"
UNCHECKED = "☐"
# Box marks drawn with a Wingdings / Wingdings 2 symbol: checked and unchecked codes.
_SYMBOL_CHECKED = {
    "wingdings": {"F0FE", "F0FD", "F078", "F0FC", "F0FB", "F06E", "F0A7", "F06C", "F0A4", "F0A2"},
    "wingdings 2": {"F054", "F052", "F050", "F04F", "F053", "F098", "F0A2", "F0CF"},
}
_SYMBOL_UNCHECKED = {
    "wingdings": {"F0A1", "F0A8", "F06F", "F070", "F071", "F072"},
    "wingdings 2": {"F0A3", "F099"},
}

_PLACEHOLDER = re.compile(r"[\s.…_·\-–—]*")
LEADERS_END = re.compile(r"\s*(?:\.{4,}|…{2,}|_{3,}|(?:…\s*){2,})[\s.…_]*$")
_LEADERS_START = re.compile(r"^[\s]*(?:\.{4,}|…{2,}|_{3,})[\s.…_]*")


def _clean_line(line: str) -> str:
    if _PLACEHOLDER.fullmatch(line):
        return ""
    return _LEADERS_START.sub("", LEADERS_END.sub("", line))


def clean_value(lines: list[str]) -> str:
    """The text of a cell: placeholder lines ('…', dotted lines) are empty; outer blank lines dropped."""
    text = "\n".join(_clean_line(line) for line in "\n".join(lines).split("\n"))
    return text.strip()


@dataclass
class Piece:
    """One piece of a paragraph: text (with its boldness) or a box mark."""

    text: str = ""
    bold: bool = False
    mark: bool | None = None  # True: checked box, False: empty box, None: text


def _is_on(element: etree._Element | None) -> bool:
    if element is None:
        return False
    value = element.get(wordml("val"))
    return value is None or value.lower() not in _FALSE


def _run_bold(run: etree._Element) -> bool:
    properties = run.find(wordml("rPr"))
    return properties is not None and _is_on(properties.find(wordml("b")))


def _checkbox_control(control: etree._Element) -> bool | None:
    properties = control.find(CONTROL_PROPERTIES)
    if properties is None:
        return None
    box = properties.find(f"{{{WORDML_2010}}}checkbox")
    if box is None:
        return None
    checked = box.find(f"{{{WORDML_2010}}}checked")
    return checked is not None and (checked.get(f"{{{WORDML_2010}}}val") or "1").lower() not in _FALSE


def _form_checkbox(char: etree._Element) -> bool | None:
    data = char.find(wordml("ffData"))
    box = data.find(wordml("checkBox")) if data is not None else None
    if box is None:
        return None
    checked = box.find(wordml("checked"))
    if checked is not None:
        return _is_on(checked)
    return _is_on(box.find(wordml("default")))


def _symbol(element: etree._Element) -> Piece:
    font = (element.get(wordml("font")) or "").casefold()
    code = (element.get(wordml("char")) or "").upper()
    if len(code) == 4 and code.startswith("00"):
        code = "F0" + code[2:]
    if code in _SYMBOL_CHECKED.get(font, set()):
        return Piece(mark=True)
    if code in _SYMBOL_UNCHECKED.get(font, set()):
        return Piece(mark=False)
    return Piece()


def _run_pieces(run: etree._Element, out: list[Piece]) -> None:
    bold = _run_bold(run)
    for child in run:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == TEXT:
            out.append(Piece(text=child.text or "", bold=bold))
        elif tag in (wordml("tab"), wordml("ptab")):
            out.append(Piece(text="\t", bold=bold))
        elif tag in (wordml("br"), wordml("cr")):
            out.append(Piece(text="\n", bold=bold))
        elif tag == wordml("noBreakHyphen"):
            out.append(Piece(text="-", bold=bold))
        elif tag == wordml("sym"):
            out.append(_symbol(child))
        elif tag == wordml("fldChar"):
            state = _form_checkbox(child)
            if state is not None:
                out.append(Piece(mark=state))
        else:
            _inline_pieces(child, out)  # drawings holding text boxes, alternate content


def _inline_pieces(element: etree._Element, out: list[Piece]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == RUN:
            _run_pieces(child, out)
        elif tag == CONTROL:
            state = _checkbox_control(child)
            if state is not None:
                out.append(Piece(mark=state))
                continue
            content = child.find(CONTROL_CONTENT)
            if content is not None and not _showing_placeholder(child):
                _inline_pieces(content, out)
        elif tag == PARAGRAPH:
            if out:
                out.append(Piece(text="\n"))
            _inline_pieces(child, out)
        else:
            _inline_pieces(child, out)


def _showing_placeholder(control: etree._Element) -> bool:
    """A content control still showing its prompt (« Cliquez ou appuyez ici pour entrer du texte. »):
    nothing was typed in it, so its text is no content of the FDAP."""
    properties = control.find(CONTROL_PROPERTIES)
    return properties is not None and properties.find(wordml("showingPlcHdr")) is not None


def paragraph_pieces(paragraph: etree._Element) -> list[Piece]:
    out: list[Piece] = []
    _inline_pieces(paragraph, out)
    return out


def pieces_text(pieces: list[Piece]) -> str:
    return "".join(
        piece.text if piece.mark is None else (CHECKED if piece.mark else UNCHECKED) for piece in pieces
    )


@dataclass
class Cell:
    element: etree._Element
    grid_start: int
    grid_end: int
    lines: list[str]
    pieces: list[Piece]
    continued: bool = False  # a vertically merged cell already read in a row above

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def block_children(element: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables of a body or cell, looking through content controls and custom XML."""
    for child in element:
        tag = child.tag
        if tag in (PARAGRAPH, TABLE):
            yield child
        elif tag == CONTROL:
            content = child.find(CONTROL_CONTENT)
            if content is not None and not _showing_placeholder(child):
                yield from block_children(content)
        elif tag == CUSTOM_XML:
            yield from block_children(child)


def _cell_content(cell: etree._Element) -> tuple[list[str], list[Piece]]:
    lines: list[str] = []
    pieces: list[Piece] = []
    for block in block_children(cell):
        if block.tag == PARAGRAPH:
            own = paragraph_pieces(block)
            if pieces:
                pieces.append(Piece(text="\n"))
            pieces.extend(own)
            lines.append(pieces_text(own))
        else:
            for row in table_rows(block):
                texts = [clean_value(inner.lines) for inner in row if not inner.continued]
                lines.append(" | ".join(text for text in texts if text))
    return lines, pieces


def _int_attribute(element: etree._Element | None, default: int) -> int:
    if element is None:
        return default
    try:
        return max(0, min(int(element.get(wordml("val")) or default), 64))
    except ValueError:
        return default


def _row_elements(table: etree._Element, tag: str) -> Iterator[etree._Element]:
    for child in table:
        if child.tag == tag:
            yield child
        elif child.tag in (CONTROL, CUSTOM_XML):
            content = child.find(CONTROL_CONTENT) if child.tag == CONTROL else child
            if content is not None:
                yield from _row_elements(content, tag)


def table_rows(table: etree._Element) -> list[list[Cell]]:
    """The rows of a table, each cell once: a merged cell is kept where it starts (by `w:tc` identity)."""
    rows: list[list[Cell]] = []
    owners: dict[int, Cell] = {}
    for row_element in _row_elements(table, ROW):
        properties = row_element.find(wordml("trPr"))
        column = _int_attribute(properties.find(wordml("gridBefore")) if properties is not None else None, 0)
        row: list[Cell] = []
        for cell_element in _row_elements(row_element, CELL):
            cell_properties = cell_element.find(wordml("tcPr"))
            span = _int_attribute(_child(cell_properties, "gridSpan"), 1) or 1
            merge = _child(cell_properties, "vMerge")
            above = owners.get(column)
            continues = merge is not None and (merge.get(wordml("val")) or "continue") == "continue"
            if continues and above is not None:
                if not any(cell.element is above.element for cell in row):
                    row.append(
                        Cell(above.element, column, column + span, above.lines, above.pieces, continued=True)
                    )
                for offset in range(span):
                    owners[column + offset] = above
            else:
                lines, pieces = _cell_content(cell_element)
                cell = Cell(cell_element, column, column + span, lines, pieces)
                if not any(other.element is cell_element for other in row):
                    row.append(cell)
                for offset in range(span):
                    owners[column + offset] = cell
            column += span
        rows.append(row)
    return rows


def _child(properties: etree._Element | None, tag: str) -> etree._Element | None:
    return properties.find(wordml(tag)) if properties is not None else None
