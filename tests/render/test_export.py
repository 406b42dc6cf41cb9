"""Export of V-2 / V-3 to Word and PDF: read back, every row in its official place, nothing cut, no leak.

Needs poppler-utils (pdftotext, pdfinfo, pdffonts, pdftoppm): a missing tool fails, it never skips. The PDF
pages are also written as PNG files (60 dpi) to `tests/render/artifacts/`, or to the folder named by
FICHESUJET_RENDER_ARTIFACTS, to be looked at.
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
import msgspec
import pytest
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.table import Table, _Cell

from service.domain.codec import load_fdap, load_fiche
from service.domain.fiche_sujet import ROWS_CANDIDAT, ROWS_JURY, FicheSujet
from service.domain.marks import find_marks
from service.engines.base import ProposalRequest
from service.engines.offline import OfflineEngine
from service.render.export_docx import CHECKED, DRAFT_MARK, JURY_MARK, OFFICIAL_FORM, UNCHECKED, fiche_docx
from service.render.export_pdf import _url_fetcher, fiche_html, fiche_pdf
from tests.conftest import FDAP_FILES, FIXTURES, ROOT, load_json

SHARED_FORM = ROOT.parent / "shared" / "official" / OFFICIAL_FORM.name
ARTIFACTS = Path(os.environ.get("FICHESUJET_RENDER_ARTIFACTS") or Path(__file__).parent / "artifacts")
NATURE_LABELS = {"NV": "Négociation Vente", "EC": "Organisation et Animation"}
VOCABULARY = (
    "client budget remise devis rendez-vous salon offre garantie délai contrat équipe livraison "
    "fidélité prospect objection marge partenaire événement invitation démonstration"
).split()


# ---------------------------------------------------------------- the sheets under test


@functools.cache
def engine_fiches() -> tuple[FicheSujet, ...]:
    """One proposal of the offline engine per FDAP fixture (18 sheets)."""
    engine = OfflineEngine()
    return tuple(engine.generate(load_fdap(p), ProposalRequest(variants=1, seed=7))[0] for p in FDAP_FILES)


def _good_labelled() -> list[str]:
    return [
        label["fiche"] for label in load_json(FIXTURES / "fiches" / "labels.json") if not label["attendu"]
    ]


def _all_cases() -> list[tuple[str, FicheSujet]]:
    cases = [(p.stem, fiche) for p, fiche in zip(FDAP_FILES, engine_fiches(), strict=True)]
    cases += [(name, load_fiche(FIXTURES / "fiches" / name)) for name in _good_labelled()]
    return cases


CASES = _all_cases()
IDS = [name for name, _ in CASES]


def _long(words: int, seed: int) -> str:
    return " ".join(f"{VOCABULARY[(i + seed) % len(VOCABULARY)]}{seed:02d}x{i:03d}" for i in range(words))


def long_fiche() -> FicheSujet:
    """Every row long; `informations` holds 200 words. Each word is unique, so each one can be found."""
    base = engine_fiches()[0]
    candidat = msgspec.structs.replace(
        base.fiche_candidat,
        **{n: _long(60, i) for i, (n, _) in enumerate(ROWS_CANDIDAT) if n not in ("acteurs", "informations")},
        informations=_long(200, 50),
        acteurs=msgspec.structs.replace(base.fiche_candidat.acteurs, vous=_long(60, 51), jury=_long(60, 52)),
    )
    jury = msgspec.structs.replace(
        base.fiche_jury,
        **{n: _long(60, 20 + i) for i, (n, _) in enumerate(ROWS_JURY) if n != "objections"},
        objections=[_long(40, 40 + i) for i in range(4)],
    )
    return msgspec.structs.replace(base, fiche_candidat=candidat, fiche_jury=jury)


# ---------------------------------------------------------------- helpers


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} introuvable : installez poppler-utils (apt-get install poppler-utils)")
    return path


def _run(*args: str, data: bytes | None = None) -> bytes:
    done = subprocess.run(
        [_tool(args[0]), *args[1:]], input=data, capture_output=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return done.stdout


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _norm_label(text: str) -> str:
    return re.sub(r"[\s/]+", " ", text.replace("’", "'").casefold()).strip()


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _is_subsequence(needle: list[str], haystack: list[str]) -> bool:
    iterator = iter(haystack)
    return all(token in iterator for token in needle)


def _open_docx(data: bytes) -> DocumentObject:
    return docx.Document(io.BytesIO(data))


def _tables(document: DocumentObject) -> dict[str, Table]:
    """The V-2 and V-3 tables of a document, found by their heading row."""
    found = {}
    for table in document.tables:
        heading = table.rows[0].cells[0].text.casefold()
        if "pour la simulation" in heading:
            found["jury" if "par le jury" in heading else "candidat"] = table
    return found


def _label(cell: _Cell) -> str:
    """A label cell without its printed help (« Objectif → … »)."""
    return " / ".join(
        p.text.strip() for p in cell.paragraphs if p.text.strip() and not re.match(r"Objectif(?!s)", p.text)
    )


def _value_cells(table: Table) -> list[list[Any]]:
    return [[_Cell(tc, table) for tc in row._tr.tc_lst[1:]] for row in table.rows[1:]]


def _official_labels() -> dict[str, list[str]]:
    source = SHARED_FORM if SHARED_FORM.exists() else OFFICIAL_FORM
    tables = _tables(docx.Document(str(source)))
    return {kind: [_label(row.cells[0]) for row in table.rows[1:]] for kind, table in tables.items()}


def _all_text(document: DocumentObject) -> str:
    parts = [document.element.xpath("string(.)")]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
    return "\n".join(parts)


def _pdf_pages(data: bytes) -> list[str]:
    text = _run("pdftotext", "-layout", "-enc", "UTF-8", "-", "-", data=data).decode()
    return text.split("\f")[:-1]


def _pdf_info(data: bytes) -> dict[str, str]:
    info = _run("pdfinfo", "-", data=data).decode()
    return dict(line.split(":", 1) for line in info.splitlines() if ":" in line)


def _artifacts(name: str, data: bytes) -> list[Path]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    (ARTIFACTS / f"{name}.pdf").write_bytes(data)
    _run("pdftoppm", "-r", "60", "-png", str(ARTIFACTS / f"{name}.pdf"), str(ARTIFACTS / name))
    return sorted(ARTIFACTS.glob(f"{name}-*.png"))


# ---------------------------------------------------------------- Word


def test_packaged_form_is_the_official_one() -> None:
    assert OFFICIAL_FORM.exists()
    if SHARED_FORM.exists():
        assert OFFICIAL_FORM.read_bytes() == SHARED_FORM.read_bytes()


def test_docx_row_labels_are_the_official_ones_in_the_official_order() -> None:
    official = _official_labels()
    assert [_norm_label(label) for label in official["candidat"]] == [
        _norm_label(label) for _, label in ROWS_CANDIDAT
    ]
    assert [_norm_label(label) for label in official["jury"]] == [
        _norm_label(label) for _, label in ROWS_JURY
    ]
    for feuilles in ("candidat", "les-deux"):
        tables = _tables(_open_docx(fiche_docx(engine_fiches()[0], feuilles=feuilles, brouillon=False)))
        assert [_label(row.cells[0]) for row in tables["candidat"].rows[1:]] == official["candidat"]
    tables = _tables(_open_docx(fiche_docx(engine_fiches()[0], feuilles="jury", brouillon=False)))
    assert [_label(row.cells[0]) for row in tables["jury"].rows[1:]] == official["jury"]


@pytest.mark.parametrize(("name", "fiche"), CASES, ids=IDS)
def test_docx_round_trip_keeps_every_row_in_its_place(name: str, fiche: FicheSujet) -> None:
    document = _open_docx(fiche_docx(fiche, feuilles="les-deux", brouillon=False))
    tables = _tables(document)
    candidate_cells = _value_cells(tables["candidat"])
    for (row, _label_text), cells in zip(ROWS_CANDIDAT, candidate_cells, strict=True):
        if row == "acteurs":
            vous, jury = cells
            assert vous.text.replace("\xa0", " ").split("\n") == [
                "VOUS :",
                *_lines(fiche.fiche_candidat.acteurs.vous),
            ]
            assert jury.text.replace("\xa0", " ").split("\n") == [
                "JURY :",
                *_lines(fiche.fiche_candidat.acteurs.jury),
            ]
        else:
            assert cells[0].text.split("\n") == (_lines(getattr(fiche.fiche_candidat, row)) or [""]), row
    jury_cells = _value_cells(tables["jury"])
    for (row, _label_text), cells in zip(ROWS_JURY, jury_cells, strict=True):
        (cell,) = cells
        if row == "objections":
            paragraphs = [p for p in cell.paragraphs if p.text]
            assert [p.text for p in paragraphs] == [" ".join(o.split()) for o in fiche.fiche_jury.objections]
            assert all(p._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None for p in paragraphs)
        else:
            assert cell.text.split("\n") == (_lines(getattr(fiche.fiche_jury, row)) or [""]), row
    text = "\n".join(p.text for p in document.paragraphs)
    for value in (
        fiche.candidat.nom,
        fiche.candidat.prenom,
        fiche.candidat.numero,
        fiche.fiche_activite.titre,
    ):
        assert text.count(value.strip()) >= 2  # on both sheets' header
    assert f"N° : {fiche.fiche_activite.numero}" in text
    assert "BROUILLON" not in _all_text(document)
    assert find_marks(_all_text(document)) == []  # the export adds no mark, grade or grid level


@pytest.mark.parametrize("nature", ["NV", "EC"])
def test_docx_ticks_the_nature_box_and_fills_the_header(nature: str) -> None:
    fiche = msgspec.structs.replace(engine_fiches()[0], nature=nature, commission="C-07", date="12 juin 2025")
    document = _open_docx(fiche_docx(fiche, feuilles="les-deux", brouillon=False))
    boxes = [p.text for p in document.paragraphs if p.text[:1] in (CHECKED, UNCHECKED)]
    assert len(boxes) == 4
    for box in boxes:
        ticked = box[1:].strip().startswith(NATURE_LABELS[nature])
        assert box.startswith(CHECKED if ticked else UNCHECKED), box
    text = "\n".join(p.text for p in document.paragraphs)
    assert re.search(r"N° COMMISSION :\s*C-07", text) and re.search(r"Date:\s*12 juin 2025", text)
    assert re.search(r"NOM\s+du CANDIDAT\s*:\s*" + re.escape(fiche.candidat.nom), text)


def test_docx_rows_grow_and_sheets_are_marked() -> None:
    fiche = engine_fiches()[3]
    document = _open_docx(fiche_docx(fiche, feuilles="les-deux", brouillon=True))
    for table in _tables(document).values():
        for row in table.rows:
            tr_pr = row._tr.trPr
            assert tr_pr is None or tr_pr.find(qn("w:cantSplit")) is None
            heights = [] if tr_pr is None else tr_pr.findall(qn("w:trHeight"))
            assert all(h.get(qn("w:hRule")) in (None, "atLeast") for h in heights)
    candidate_section, jury_section = document.sections
    assert [p.text for p in candidate_section.header.paragraphs if p.text] == [DRAFT_MARK]
    assert (
        JURY_MARK in jury_section.header.paragraphs[0].text
        and DRAFT_MARK in jury_section.header.paragraphs[0].text
    )
    assert jury_section.start_type == 2  # WD_SECTION.NEW_PAGE: V-3 starts on its own page
    plain = _open_docx(fiche_docx(fiche, feuilles="les-deux", brouillon=False))
    assert "BROUILLON" not in _all_text(plain) and JURY_MARK in _all_text(plain)


@pytest.mark.parametrize("name", [n for n, _ in CASES[:18]] + _good_labelled()[:4])
def test_candidate_export_holds_nothing_of_the_jury_sheet(name: str) -> None:
    fiche = dict(CASES)[name]
    secrets = [fiche.fiche_jury.motivations, fiche.fiche_jury.freins, *fiche.fiche_jury.objections]
    document = _open_docx(fiche_docx(fiche, feuilles="candidat", brouillon=True))
    text = _all_text(document)
    assert set(_tables(document)) == {"candidat"} and len(document.sections) == 1
    assert "CONFIDENTIEL" not in text and "FICHE SUJET – JURY" not in text
    for secret in secrets:
        assert secret.strip() not in text
    for label in ("Motivations", "Freins", "Objections", "Identité"):
        assert label not in text
    html = fiche_html(fiche, feuilles="candidat", brouillon=False)
    assert "CONFIDENTIEL" not in html and "Motivations" not in html
    pdf_text = " ".join(_pdf_pages(fiche_pdf(fiche, feuilles="candidat", brouillon=False)))
    flat = " ".join(_tokens(pdf_text))
    for jury_only in (
        "CONFIDENTIEL",
        "FICHE SUJET – JURY",
        "par le jury pour la simulation",
        "personnaliser le profil",
    ):
        assert " ".join(_tokens(jury_only)) not in flat
    for secret in secrets:
        assert " ".join(_tokens(secret)) not in flat


def test_long_rows_are_exported_whole_in_word() -> None:
    fiche = long_fiche()
    assert len(fiche.fiche_candidat.informations.split()) == 200
    tables = _tables(_open_docx(fiche_docx(fiche, feuilles="les-deux", brouillon=False)))
    cells = _value_cells(tables["candidat"])
    assert cells[6][0].text == fiche.fiche_candidat.informations
    for (row, _), row_cells in zip(ROWS_CANDIDAT, cells, strict=True):
        if row != "acteurs":
            assert row_cells[0].text == getattr(fiche.fiche_candidat, row)
    for (row, _), (cell,) in zip(ROWS_JURY, _value_cells(tables["jury"]), strict=True):
        expected = (
            "\n".join(fiche.fiche_jury.objections) if row == "objections" else getattr(fiche.fiche_jury, row)
        )
        assert cell.text == expected


# ---------------------------------------------------------------- PDF


def _check_sheet_text(page_tokens: list[str], fiche: FicheSujet, kind: str) -> None:
    rows = ROWS_CANDIDAT if kind == "candidat" else ROWS_JURY
    labels = [token for _, label in rows for token in _tokens(label)]
    assert _is_subsequence(labels, page_tokens), f"libellés de la fiche {kind} absents ou dans le désordre"
    if kind == "candidat":
        values = [getattr(fiche.fiche_candidat, n) for n, _ in rows if n != "acteurs"]
        values += [fiche.fiche_candidat.acteurs.vous, fiche.fiche_candidat.acteurs.jury]
    else:
        values = [getattr(fiche.fiche_jury, n) for n, _ in rows if n != "objections"]
        values += list(fiche.fiche_jury.objections)
    for value in values:
        assert _is_subsequence(_tokens(value), page_tokens), value[:80]


@pytest.mark.parametrize(("name", "fiche"), CASES[:18], ids=IDS[:18])
def test_pdf_has_one_a4_page_per_sheet_with_every_row(name: str, fiche: FicheSujet) -> None:
    data = fiche_pdf(fiche, feuilles="les-deux", brouillon=False)
    info = _pdf_info(data)
    assert info["Pages"].strip() == "2"
    assert "595.276 x 841.89" in info["Page size"] or "(A4)" in info["Page size"]
    candidate_page, jury_page = _pdf_pages(data)
    _check_sheet_text(_tokens(candidate_page), fiche, "candidat")
    _check_sheet_text(_tokens(jury_page), fiche, "jury")
    assert JURY_MARK in jury_page and "CONFIDENTIEL" not in candidate_page
    assert "BROUILLON" not in candidate_page + jury_page
    assert "☒" in candidate_page and "☐" in candidate_page
    pngs = _artifacts(f"fiche-{name}", data)
    assert len(pngs) == 2 and all(p.stat().st_size > 5000 for p in pngs)


def test_pdf_labelled_good_sheets_fit_one_page_each() -> None:
    for name in _good_labelled():
        fiche = load_fiche(FIXTURES / "fiches" / name)
        data = fiche_pdf(fiche, feuilles="les-deux", brouillon=False)
        pages = _pdf_pages(data)
        assert len(pages) == 2, name
        _check_sheet_text(_tokens(pages[0]), fiche, "candidat")
        _check_sheet_text(_tokens(pages[1]), fiche, "jury")


def test_pdf_draft_mark_on_each_sheet_only_when_asked() -> None:
    fiche = engine_fiches()[5]
    pages = _pdf_pages(fiche_pdf(fiche, feuilles="les-deux", brouillon=True))
    assert len(pages) == 2 and all(DRAFT_MARK in page for page in pages)
    assert JURY_MARK in pages[1] and JURY_MARK not in pages[0]
    (jury_only,) = _pdf_pages(fiche_pdf(fiche, feuilles="jury", brouillon=False))
    assert JURY_MARK in jury_only and "BROUILLON" not in jury_only
    _artifacts("brouillon-les-deux", fiche_pdf(fiche, feuilles="les-deux", brouillon=True))


def test_pdf_fonts_are_embedded() -> None:
    data = fiche_pdf(engine_fiches()[1], feuilles="les-deux", brouillon=True)
    rows = _run("pdffonts", "-", data=data).decode().splitlines()[2:]
    assert rows, "aucune police dans le PDF"
    for row in rows:
        columns = row.split()
        assert columns[-5] == "yes", row  # the « emb » column


def test_pdf_long_rows_flow_onto_more_pages_without_losing_a_word() -> None:
    fiche = long_fiche()
    data = fiche_pdf(fiche, feuilles="les-deux", brouillon=True)
    pages = _pdf_pages(data)
    assert len(pages) >= 3
    _artifacts("longue", data)
    # The sheets are in order: the V-2 pages, then the V-3 pages (each with the jury mark).
    first_jury = next(i for i, page in enumerate(pages) if JURY_MARK in page)
    assert all(JURY_MARK in page for page in pages[first_jury:])
    assert all(DRAFT_MARK in page for page in pages)
    candidate_tokens = _tokens(" ".join(pages[:first_jury]))
    jury_tokens = _tokens(" ".join(pages[first_jury:]))
    _check_sheet_text(candidate_tokens, fiche, "candidat")
    _check_sheet_text(jury_tokens, fiche, "jury")
    words = fiche.fiche_candidat.informations.split()
    assert len(words) == 200
    found = set(candidate_tokens)
    assert [word for word in words if not set(_tokens(word)) <= found] == []


def test_pdf_fetches_nothing_and_escapes_the_text() -> None:
    fetcher = _url_fetcher()
    for url in ("http://127.0.0.1:9/x.png", "https://example.org/a.css", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="refusée"):
            fetcher.fetch(url)
    base = engine_fiches()[0]
    hostile = '<img src="http://127.0.0.1:9/x.png"><link rel="stylesheet" href="file:///etc/passwd">'
    fiche = msgspec.structs.replace(
        base, fiche_candidat=msgspec.structs.replace(base.fiche_candidat, lieu=hostile)
    )
    html = fiche_html(fiche, feuilles="candidat", brouillon=False)
    assert "&lt;img src=" in html and "<img" not in html
    (page,) = _pdf_pages(fiche_pdf(fiche, feuilles="candidat", brouillon=False))
    assert "127.0.0.1:9/x.png" in page


def test_html_page_is_french_standalone_and_accessible() -> None:
    html = fiche_html(engine_fiches()[2], feuilles="les-deux", brouillon=True)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="fr">' in html
    assert "<style>" in html and "<link" not in html and "<script" not in html
    assert html.count('<th scope="row">') == len(ROWS_CANDIDAT) + len(ROWS_JURY)
    assert html.count("<h1") == 2 and html.count("<main>") == 1
    assert DRAFT_MARK in html and JURY_MARK in html


# ---------------------------------------------------------------- command line


def _command(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    script = shutil.which("fichesujet", path=str(Path(sys.executable).parent))
    assert script, "the fichesujet console script is not installed in the environment"
    return subprocess.run([script, *args], capture_output=True, timeout=120, cwd=cwd, check=False)


def test_cli_exports_word_pdf_and_html(tmp_path: Path) -> None:
    source = tmp_path / "fiche.json"
    source.write_bytes(msgspec.json.encode(engine_fiches()[0]))
    done = _command("export", str(source), "--format", "docx", "-o", "v.docx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert set(_tables(docx.Document(str(tmp_path / "v.docx")))) == {"candidat", "jury"}
    done = _command(
        "export", str(source), "--format", "pdf", "--feuilles", "candidat", "--brouillon", cwd=tmp_path
    )
    assert done.returncode == 0 and done.stdout.startswith(b"%PDF-")
    (page,) = _pdf_pages(done.stdout)
    assert DRAFT_MARK in page and JURY_MARK not in page
    done = _command("export", str(source), "--format", "html", "--feuilles", "jury", "-o", "-", cwd=tmp_path)
    assert done.returncode == 0 and b'lang="fr"' in done.stdout and JURY_MARK.encode() in done.stdout


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"{pas du json", ("--format", "pdf"), "fiche.json"),
        (b'{"nature": "XX"}', ("--format", "docx"), "nature"),
        (b'{"nature": "NV", "note": "15/20"}', ("--format", "pdf"), "note"),
        (b'{"nature": "NV"}', ("--format", "odt"), "choix invalide"),
        (b'{"nature": "NV"}', ("--format", "pdf", "--feuilles", "tout"), "choix invalide"),
        (b'{"nature": "NV"}', ("--format", "pdf", "-o", "absent/x.pdf"), "dossier introuvable"),
    ],
)
def test_cli_bad_input_exits_2_in_french(
    tmp_path: Path, content: bytes, args: tuple[str, ...], message: str
) -> None:
    source = tmp_path / "fiche.json"
    source.write_bytes(content)
    done = _command("export", str(source), *args, cwd=tmp_path)
    stderr = done.stderr.decode()
    assert done.returncode == 2, stderr
    assert message in stderr and "Traceback" not in stderr and done.stdout == b""
