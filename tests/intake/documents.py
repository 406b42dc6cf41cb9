"""Every Word FDAP the import is measured on, by name, with the Fdap it holds.

The fixtures (fixtures/fdap/*.json) written into the official form, the same under each variant schools and
students make (on every other fixture, NV and EC), and the documents written as real students write. Each
is written and imported once per process, so the tests and the coverage report share the work.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import msgspec

from service.domain.fdap import Fdap
from service.intake.assembly import ImportResult
from service.intake.reader import import_fdap_docx
from tests.conftest import FDAP_FILES
from tests.intake.docx_writer import STRAY_TEXT, VARIANTS, write_fdap_docx
from tests.intake.student_documents import END_TO_END
from tests.intake.student_writer import write

FIXTURES = {path.stem: msgspec.json.decode(path.read_bytes(), type=Fdap) for path in FDAP_FILES}
VARIANT_FIXTURES = list(FIXTURES)[::2]  # nine fixtures, NV and EC


@dataclass(frozen=True)
class Document:
    name: str
    kind: str  # « fixture », « variante », « élève »
    expected: Fdap
    build: Callable[[], bytes]
    stray: tuple[str, ...] = ()  # text no rubric may take: it must be reported
    variant: str = ""


def _fixture(stem: str) -> Document:
    fdap = FIXTURES[stem]
    return Document(stem, "fixture", fdap, functools.partial(write_fdap_docx, fdap))


def _variant(stem: str, name: str) -> Document:
    fdap, variant = FIXTURES[stem], VARIANTS[name]
    stray = (STRAY_TEXT,) if variant.outside_text else ()
    build = functools.partial(write_fdap_docx, fdap, variant)
    return Document(f"{stem} · {name}", "variante", fdap, build, stray, name)


@functools.cache
def documents() -> tuple[Document, ...]:
    fixtures = [_fixture(stem) for stem in FIXTURES]
    variants = [_variant(stem, name) for name in VARIANTS for stem in VARIANT_FIXTURES]
    students = [
        Document(student.name, "élève", student.expected(), functools.partial(write, student), student.stray)
        for student in END_TO_END
    ]
    return (*fixtures, *variants, *students)


def by_name(name: str) -> Document:
    return next(document for document in documents() if document.name == name)


@functools.cache
def imported(name: str) -> ImportResult:
    """The import of the document `name`, read once per process."""
    return import_fdap_docx(by_name(name).build(), source=f"{name}.docx")
