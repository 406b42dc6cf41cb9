"""Reading the official FDAP (annexe V-1) from Word: each text given to its rubric by the label before it.

Labels are recognised by meaning (see `matching`), so the variants schools and students produce still
import: lengthened or reworded labels, a label cell holding the start of the content, sub-rubrics (their
text concatenated into the one field, with the sub-label), phase and activity tables of any length, merged
cells (read once), one table per rubric, text typed outside the tables (placed under the nearest preceding
heading), the NV/EC box ticked in every usual way. The offer annex after the V-1 tables is kept as
`annexe_offre`; the V-2 and V-3 forms and the form's own wording are ignored. Whatever cannot be placed is
reported in `non_places`, with the text around it, never silently dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree  # type: ignore[import-untyped]  # no stubs shipped; elements typed as Any

from service.errors import InputError
from service.intake import tables
from service.intake.assembly import Collected, ImportResult
from service.intake.form import is_form_wording, starts_annex, starts_other_form, starts_v1
from service.intake.header import header_segments, numero_of_line, parse_numero
from service.intake.labels import (
    FORM_ORDER,
    HEADER_KEYS,
    LABELS,
    LIST_KEYS,
    RUBRIC_NAMES,
    SECTION,
    SECTION_NAMES,
    SECTION_OF_KEY,
)
from service.intake.matching import LABEL_WORDS, Match, normalise, split_label, tokens
from service.intake.safety import read_docx_safely
from service.intake.ticks import declare_nature, is_nature_text, read_nature
from service.intake.walk import (
    LEADERS_END,
    PARAGRAPH,
    block_children,
    clean_value,
    paragraph_pieces,
    pieces_text,
)

DEFAULT_MAX_DOCX_BYTES = 10 * 1024 * 1024
_NUMERO_LABEL = next(label for label in LABELS if label.key == "numero")


def _label_line(line: str) -> bool:
    """A line that only finishes the label above it: « (Statuts/Rôles/Motivations) »."""
    stripped = line.strip()
    words = [token.word for token in tokens(stripped)]
    return (
        stripped.startswith("(")
        and stripped.endswith(")")
        and bool(words)
        and all(word in LABEL_WORDS for word in words)
    )


@dataclass
class DocumentReader:
    source: str
    collected: Collected = field(default_factory=Collected)
    section: str = "entete"
    zone: str = "v1"  # "v1", "annexe" (the offer annex), "autre" (V-2, V-3…: ignored)
    label_cells: dict[int, Match] = field(default_factory=dict)
    heading: Match | None = None  # a label typed as a paragraph, for the text that follows it
    tables_read: int = 0
    # Text typed after the last table read, under no label: the offer annex if no table follows (a
    # student often attaches it without a heading), text lost between tables otherwise.
    trailing: list[tuple[str, int]] = field(default_factory=list)

    # -- fields

    def place(self, match: Match, value: str) -> None:
        """Give `value` to the field `match` names."""
        key = match.key
        self.collected.found += 1
        self.enter(match)
        if not value:
            return
        if key.startswith(SECTION):
            name = SECTION_NAMES.get(key.removeprefix(SECTION), key)
            self.unplaced(name, value, "texte écrit dans le titre d'une partie, hors de toute rubrique")
        elif key == "numero":
            number = parse_numero(value)
            if number is None:
                self.unplaced(RUBRIC_NAMES["numero"], value, "numéro de fiche illisible (1 ou 2 attendu)")
            else:
                self.collected.numero = number
        elif key == "nature":
            if not declare_nature(value, self.collected.nature):
                self.unplaced(RUBRIC_NAMES["nature"], value, "nature illisible (NV ou EC attendu)")
        elif key in LIST_KEYS:
            main, tools = (value, "") if match.label.role != "outils" else ("", value)
            if match.sublabel and main:
                main = f"{match.sublabel} : {main}"
            self.collected.add_item(key, main, tools)
        else:
            self.collected.add_text(key, value, match.sublabel)

    def unplaced(self, rubric: str, text: str, message: str, position: int | None = None) -> None:
        self.collected.unplaced(rubric, text, message, position)

    def enter(self, match: Match) -> None:
        """Follow the section a label belongs to, so that the next ambiguous labels read right."""
        key = match.key
        if key.startswith(SECTION):
            self.section = key.removeprefix(SECTION)
        else:
            self.section = SECTION_OF_KEY.get(key.split(".", 1)[0], self.section)

    # -- classification of one cell or paragraph

    def is_noise(self, text: str) -> bool:
        """Only the form's own wording (title, session, footnote)."""
        lines = [line for line in text.split("\n") if normalise(line)]
        return not lines or all(is_form_wording(line) for line in lines)

    def bare(self, text: str, *, level: int = 2, content_follows: bool = False) -> Match | None:
        """The whole text is one line holding a label (perhaps lengthened, or followed by `:` alone)."""
        lines = [line.strip() for line in text.split("\n") if clean_value([line])]
        if len(lines) != 1:
            return None
        stripped = LEADERS_END.sub("", lines[0]).strip()
        if not stripped or numero_of_line(stripped):
            return None
        split = split_label(stripped, self.section, level=level, content_follows=content_follows)
        return split.match if split is not None and not split.content else None

    def inline(
        self, lines: list[str], *, level: int = 2, run_on: bool = False, content_follows: bool = False
    ) -> tuple[Match, str] | None:
        """A label then its content in the same cell or paragraph (« Label : value », the label on its own
        first line, or a label cell the student typed on): the match and the value."""
        nonempty = [index for index, line in enumerate(lines) if line.strip()]
        if not nonempty:
            return None
        first, rest = lines[nonempty[0]], lines[nonempty[0] + 1 :]
        has_rest = bool("".join(rest).strip())
        number = numero_of_line(first)
        if number and not has_rest:
            return Match(_NUMERO_LABEL, "", "n"), number
        split = split_label(
            first.strip(),
            self.section,
            level=level,
            run_on=run_on,
            content_follows=content_follows or has_rest,
        )
        if split is None:
            return None
        while rest and (not rest[0].strip() or _label_line(rest[0])):
            rest = rest[1:]
        value = clean_value([split.content, *rest])
        if not value and ":" not in first:
            return None
        return split.match, value

    def opens_later_rubric(self, lines: list[str], after: Match) -> tuple[Match, str] | None:
        """In a cell where content is expected, only a precise label of a later rubric opens it
        (« Lieu de l'activité : … » beside « Date(s) : … »); « Objectifs : … » there is content."""
        found = self.inline(lines, level=1)
        if found is None:
            return None
        match = found[0]
        if not match.strong or FORM_ORDER.get(match.key, -1) <= FORM_ORDER.get(after.key, -1):
            return None
        return found

    def header_fields(self, lines: list[str]) -> bool:
        """Several header fields typed on one line (« NOM : X   Prénom : Y   N° candidat : Z »): each
        placed on its own; False when the line is not made of such fields only."""
        nonempty = [line for line in lines if line.strip()]
        if len(nonempty) != 1:
            return False
        found = [self.inline([segment], level=1) for segment in header_segments(nonempty[0])]
        if not found or not all(found):
            return False
        for item in found:
            assert item is not None
            self.place(item[0], item[1])
        return True

    # -- body

    def read_body(self, body: etree._Element) -> None:
        for block in block_children(body):
            if block.tag == PARAGRAPH:
                self.read_paragraph(block)
            else:
                if self.zone == "autre":
                    self.trailing = []  # the V-2 / V-3 forms' own wording, between their tables
                self._report_trailing()
                tables.read_table(self, block)
                self.tables_read += 1
        self._trailing_as_annex()

    def _report_trailing(self) -> None:
        """Text between two tables, under no label: reported, never lost in silence."""
        for text, position in self.trailing:
            self.unplaced(
                "hors tableau",
                text,
                "texte tapé hors des tableaux, sans intitulé de rubrique reconnu avant lui",
                position,
            )
        self.trailing = []

    def _trailing_as_annex(self) -> None:
        """Text after the form's last table, under no label and with no « Annexe » heading: the annex the
        form asks to attach, when the document has no other; reported otherwise."""
        if self.collected.annexe or not _offer_like([text for text, _ in self.trailing]):
            self._report_trailing()
            return
        for text, _ in self.trailing:
            self.collected.annexe.extend(text.split("\n"))
        self.trailing = []

    def _zone_switch(self, text: str, norm: str) -> bool:
        if starts_other_form(norm):
            if self.zone == "v1":
                self._trailing_as_annex()  # text between the V-1 and the V-2 / V-3 forms: the annex
            self.zone = "autre"
            self.heading = None
            return True
        if is_form_wording(text):
            if starts_v1(text):
                self.zone = "v1"
            return True
        return False

    def read_paragraph(self, paragraph: etree._Element) -> None:
        pieces = paragraph_pieces(paragraph)
        text = pieces_text(pieces)
        norm = normalise(text)
        if self.zone == "annexe":
            if norm and starts_other_form(norm):
                self.zone = "autre"
                return
            self.collected.annexe.extend(text.split("\n"))
            return
        if not norm:
            if self.trailing:
                self.trailing.append(("", -1))  # a blank line inside what may be the annex
            return
        if self._zone_switch(text, norm):
            return
        if starts_annex(norm, text):
            self.zone = "annexe"
            self.heading = None
            self.collected.annexe.extend(text.split("\n"))
            return
        if self.zone == "autre":
            if self.tables_read and not self.is_noise(text):
                self.trailing.append((text, -1))  # the annex, if it comes after the V-2 / V-3 forms
            return
        position = self.collected.note(text)
        if is_nature_text(text):
            read_nature(pieces, self.collected.nature)
            return
        self._read_paragraph_text(text, position)

    def _read_paragraph_text(self, text: str, position: int) -> None:
        lines = text.split("\n")
        value = clean_value(lines)
        if not value:
            return
        bare = self.bare(text)
        if self.trailing and not bare:
            # Once text under no label follows a table, « Offre spéciale : … » there is annex
            # content that looks like a label, not the rubric « Offre commerciale ».
            self.trailing.append((text, position))
            return
        if bare:
            self._report_trailing()  # a label typed between tables: what came before it had none
            self.place(bare, "")
            self.heading = None if bare.key.startswith(SECTION) else bare
            return
        if self.header_fields(lines):
            return
        found = self.inline(lines)
        if found:
            match, value = found
            self.place(match, value)
            if match.key not in HEADER_KEYS:
                self.heading = match
            return
        if self.heading is not None:
            self.place(Match(self.heading.label, self.heading.sublabel, self.heading.synonym), value)
            return
        if self.tables_read and self.zone == "v1":
            self.trailing.append((text, position))
            return
        self.unplaced(
            "hors tableau",
            value,
            "texte tapé hors des tableaux, sans intitulé de rubrique reconnu avant lui",
            position,
        )


_OFFER_WORDS = re.compile(
    r"€|%|\b(?:HT|TTC|tarifs?|prix|offres?|remises?|gammes?|formules?)\b", re.IGNORECASE
)


def _offer_like(texts: list[str]) -> bool:
    """Text that describes an offer (prices, rates, a list of lines), not a one-line remark such as
    « Remarque : l'affiche est jointe en annexe 2. »."""
    lines = [line for text in texts for line in text.split("\n") if line.strip()]
    return len(lines) >= 3 or any(_OFFER_WORDS.search(line) for line in lines)


def import_fdap_docx(data: bytes, *, source: str, max_bytes: int = DEFAULT_MAX_DOCX_BYTES) -> ImportResult:
    """The fdap/1 of an official V-1 form in Word, with what could not be placed; InputError otherwise."""
    document = read_docx_safely(data, source=source, max_bytes=max_bytes)
    reader = DocumentReader(source)
    try:
        reader.read_body(document.element.body)
        return reader.collected.result(source)
    except InputError:
        raise
    except Exception as exc:  # untrusted input: an odd structure must never escape as a crash
        raise InputError(
            source, "", f"structure du document Word inattendue ({type(exc).__name__}) : import impossible"
        ) from None
