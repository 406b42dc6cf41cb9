"""Reading the form's tables row by row: label rows, column headers and the data rows below them.

In a row, the first cell holding text is where a label is looked for; once a label opened a rubric, the
next cells are its content (a content cell that starts « Objectifs : … » stays content), unless a precise
label of a later rubric opens one (« Date(s) : … | Lieu de l'activité : … »). A row whose label cell is
empty continues the rubric of the row above.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml import etree  # type: ignore[import-untyped]  # no stubs shipped; elements typed as Any

from service.intake.form import starts_other_form
from service.intake.labels import FORM_ORDER, HEADER_KEYS, LIST_KEYS, SECTION, Label
from service.intake.matching import Match, normalise
from service.intake.ticks import is_nature_text, read_nature
from service.intake.walk import Cell, clean_value, table_rows

if TYPE_CHECKING:
    from service.intake.reader import DocumentReader

_UNKNOWN_ROW = "ligne de tableau dont l'intitulé n'est pas reconnu"


@dataclass
class Columns:
    """A header row's columns: (grid start, grid end, label) for the data rows below it."""

    columns: list[tuple[int, int, Label]]

    def label_at(self, start: int) -> Label:
        for begin, end, label in self.columns:
            if begin <= start < end:
                return label
        before = [column for column in self.columns if column[0] <= start]
        return (before[-1] if before else self.columns[0])[2]

    def last_order(self) -> int:
        return max(FORM_ORDER.get(label.key, -1) for _, _, label in self.columns)


def read_table(reader: DocumentReader, table: etree._Element) -> None:
    rows = table_rows(table)
    first = normalise(" ".join(cell.text for cell in rows[0])) if rows else ""
    if starts_other_form(first):
        reader.zone = "autre"
        return
    if reader.zone == "annexe":
        for row in rows:
            texts = [clean_value(cell.lines) for cell in row if not cell.continued]
            reader.collected.annexe.append(" | ".join(text for text in texts if text))
        return
    if reader.zone == "autre":
        return
    columns: Columns | None = None
    if reader.heading is not None:
        columns = Columns([(0, 1 << 16, reader.heading.label)])
    reader.heading = None
    reader.label_cells = {}
    above: Match | None = None  # the rubric the row above filled, for a row with an empty label cell
    header_only: Label | None = None
    filled_rows = 0
    for row in rows:
        if not any(cell.text.strip() for cell in row) and not any(cell.continued for cell in row):
            continue
        filled_rows += 1
        positions = {
            id(cell): reader.collected.note(cell.text)
            for cell in row
            if cell.text.strip() and not cell.continued
        }
        if columns is not None and not _opens_rubric(reader, row, columns):
            _read_data_row(reader, row, columns)
            header_only = None
            continue
        reading = _LabelRow(reader, row, positions, in_columns=columns is not None, above=above)
        columns, above = reading.read()
        header_only = columns.columns[0][2] if columns and len(columns.columns) == 1 else None
    if header_only is not None and header_only.key not in LIST_KEYS and filled_rows == 1:
        reader.heading = Match(header_only)  # a one-cell table holding only a label: its text comes next


def _opens_rubric(reader: DocumentReader, row: list[Cell], columns: Columns) -> bool:
    """A row under column headers that is no data row: a label, or a later rubric's lengthened label."""
    cells = [cell for cell in row if not cell.continued and cell.text.strip()]
    cells = [cell for cell in cells if not is_nature_text(cell.text) and not reader.is_noise(cell.text)]
    for cell in cells:
        match = reader.bare(cell.text, level=1)
        if match is not None and match.key != "numero":
            return True
    if not cells:
        return False
    first = cells[0]
    later = len([cell for cell in row if not cell.continued and cell.text.strip()]) > 1
    match = reader.bare(first.text, level=2, content_follows=later)
    found = reader.inline(first.lines, level=2, run_on=True, content_follows=later)
    if match is None and found is not None and found[0].strong:
        match = found[0]
    if match is not None and FORM_ORDER.get(match.key, -1) > columns.last_order():
        return True
    if len(cells) == 1 and len(row) == 1:
        found = reader.inline(first.lines, level=1)
        return (
            found is not None and found[0].strong and FORM_ORDER.get(found[0].key, -1) > columns.last_order()
        )
    return False


def _read_data_row(reader: DocumentReader, row: list[Cell], columns: Columns) -> None:
    """A row under column headers: a list item (phase, activity, source) or text for each header."""
    per_key: dict[str, list[tuple[Label, str]]] = {}
    for cell in row:
        if cell.continued:
            continue
        value = clean_value(cell.lines)
        if not value:
            continue
        if is_nature_text(cell.text):
            read_nature(cell.pieces, reader.collected.nature)
            continue
        if reader.is_noise(cell.text):
            continue
        label = columns.label_at(cell.grid_start)
        per_key.setdefault(label.key, []).append((label, value))
    for key, values in per_key.items():
        if key in LIST_KEYS:
            main = " : ".join(v for label, v in values if label.role != "outils")
            tools = "\n".join(v for label, v in values if label.role == "outils")
            if main or tools:
                reader.collected.add_item(key, main, tools)
            reader.collected.found += 1
        else:
            reader.place(Match(values[0][0]), " : ".join(v for _, v in values))


@dataclass
class _LabelRow:
    """One row read cell by cell: labels open rubrics, the cells after them hold their content."""

    reader: DocumentReader
    row: list[Cell]
    positions: dict[int, int]
    in_columns: bool
    above: Match | None
    target: Match | None = None
    after_bare: bool = False  # the cell before was a label on its own
    content_mode: bool = False  # a rubric is open: the next cells are its content
    sublabel: str = ""
    header: list[tuple[int, int, Label]] = field(default_factory=list)
    values_seen: bool = False
    target_filled: bool = False
    unknown_first: str = ""
    unknown_cell: Cell | None = None
    blank_cells: int = 0

    def read(self) -> tuple[Columns | None, Match | None]:
        """The column headers that apply to the rows below, and the rubric this row leaves open."""
        first = next((cell for cell in self.row if not cell.continued), None)
        if first is not None and not first.text.strip() and self.above is not None:
            self.target, self.content_mode = self.above, True  # an added row, its label cell left empty
        for index, cell in enumerate(self.row):
            if cell.continued:
                match = self.reader.label_cells.get(id(cell.element))
                if match is not None:
                    self.target, self.after_bare, self.content_mode = match, True, True
                continue
            self.read_cell(cell, self.row[index + 1 :])
        return self.finish()

    def read_cell(self, cell: Cell, following: list[Cell]) -> None:
        reader = self.reader
        value = clean_value(cell.lines)
        if not value:
            self.blank_cells += 1  # a label beside an empty cell: an unfilled rubric, not column headers
            return
        if reader.is_noise(cell.text):
            return
        if is_nature_text(cell.text):
            read_nature(cell.pieces, reader.collected.nature)
            return
        later = [other for other in following if not other.continued and clean_value(other.lines)]
        level = 0 if self.content_mode else 2
        match = reader.bare(cell.text, level=level, content_follows=bool(later))
        if match is not None and not (match.key == "numero" and self.in_columns):
            self.open_label(cell, match)
            return
        found: tuple[Match, str] | None = None
        if not self.content_mode:
            found = reader.inline(cell.lines, level=level, run_on=True, content_follows=bool(later))
        elif self.target is not None and not self.after_bare:  # right after a label: its content
            found = reader.opens_later_rubric(cell.lines, self.target)
        if found is not None:
            self.open_with_content(cell, *found)
            return
        self.content(cell, value, bool(later))

    def open_label(self, cell: Cell, match: Match) -> None:
        self.reader.place(match, "")
        self.reader.label_cells[id(cell.element)] = match
        self.sublabel = ""
        if match.key.startswith(SECTION):
            self.target, self.after_bare, self.content_mode = None, False, False
            return
        self.header.append((cell.grid_start, cell.grid_end, match.label))
        self.target, self.target_filled = match, False
        self.after_bare, self.content_mode = not cell.text.rstrip().endswith(":"), True

    def open_with_content(self, cell: Cell, match: Match, value: str) -> None:
        self.reader.place(match, value)
        self.reader.label_cells[id(cell.element)] = match
        self.target, self.after_bare, self.values_seen = match, False, True
        self.target_filled = bool(value)
        self.content_mode = match.key not in HEADER_KEYS and not match.key.startswith(SECTION)

    def content(self, cell: Cell, value: str, later: bool) -> None:
        target = self.target
        if target is not None:
            short = len(value) <= 40 and len(value.split()) <= 5 and "\n" not in value
            if self.after_bare and short and later and target.key not in LIST_KEYS:
                self.sublabel = value.rstrip(" :")
                return
            chunk = f"{self.sublabel} : {value}" if self.sublabel else value
            self.sublabel = ""
            self.reader.place(Match(target.label, target.sublabel, target.synonym), chunk)
            self.values_seen, self.after_bare, self.target_filled = True, False, True
            return
        if not self.unknown_first and later and len(value) <= 60:
            self.unknown_first, self.unknown_cell = value, cell
            return
        rubric = self.unknown_first or "tableau"
        self.reader.unplaced(rubric, value, _UNKNOWN_ROW, self.positions.get(id(cell)))
        self.unknown_first = ""

    def finish(self) -> tuple[Columns | None, Match | None]:
        target, unknown_cell = self.target, self.unknown_cell
        if self.unknown_first and self.header and not self.values_seen and unknown_cell is not None:
            # A column the school added to a table (« Semaine » before « Activités réalisées »).
            following = [column for column in self.header if column[0] >= unknown_cell.grid_end]
            self.header.append(
                (unknown_cell.grid_start, unknown_cell.grid_end, (following or self.header)[0][2])
            )
            self.header.sort(key=lambda column: column[0])
        elif self.unknown_first:
            position = self.positions.get(id(unknown_cell)) if unknown_cell is not None else None
            self.reader.unplaced("tableau", self.unknown_first, _UNKNOWN_ROW, position)
        if self.sublabel and target is not None:
            self.reader.place(Match(target.label, target.sublabel, target.synonym), self.sublabel)
            self.target_filled = True
        if self.header and not self.values_seen and not self.blank_cells:
            return Columns(self.header), None
        if target is not None and target.sublabel and not self.target_filled and target.key not in LIST_KEYS:
            # « Lieu de l'activité au magasin » beside an empty cell: what followed the label was its text.
            self.reader.place(Match(target.label, "", target.synonym), target.sublabel)
        if target is None or target.key in HEADER_KEYS:
            return None, None
        return None, target
