"""The fiche sujet as a printable HTML page and as a PDF (WeasyPrint), in the layout of annexes V-2 and V-3.

One Jinja2 template (`templates/fiche.html.j2`, autoescaped, its CSS inlined) serves both. The PDF is A4,
fonts embedded (subsets of the installed Liberation Sans / DejaVu Sans), one page per sheet when the text
fits: a long sheet is set a little smaller (two steps at most), and a sheet still too long flows onto
more pages; text is never cut. WeasyPrint fetches nothing: every URL is refused except inline `data:`.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from service.domain.fiche_sujet import ROWS_CANDIDAT, ROWS_JURY, FicheSujet, candidate_row, jury_row
from service.errors import RenderError
from service.render.export_docx import DRAFT_MARK, FEUILLES, JURY_MARK, Feuilles

LOG = logging.getLogger("fichesujet")
# fontTools' subsetting and WeasyPrint's progress steps (three at import, seven per document) are noise in
# the service's log; set before WeasyPrint is imported so that its import-time lines are quiet too.
for _noisy in ("fontTools", "weasyprint.progress"):
    logging.getLogger(_noisy).setLevel(logging.WARNING)
# The shared libraries WeasyPrint opens at import (dlopen), by the name its error gives, and the Debian
# package that brings each (scripts/system-packages installs them).
DEBIAN_PACKAGES = {
    "gobject": "libglib2.0-0",
    "pango-1": "libpango-1.0-0",
    "pangoft2": "libpangoft2-1.0-0",
    "harfbuzz-subset": "libharfbuzz-subset0",
    "harfbuzz": "libharfbuzz0b",
    "fontconfig": "libfontconfig1",
}
_IMPORT_LOCK = threading.Lock()
# One font configuration per thread, kept: WeasyPrint builds a new one (fontconfig and Pango objects never
# freed) for each document otherwise, and a render process grew by about 0.4 MiB per PDF without end.
_FONTS = threading.local()

TEMPLATES = Path(__file__).resolve().parent / "templates"
SESSION = "2025"  # as printed by the official form the layout reproduces
DENSITIES = ("normal", "compact", "dense")
NATURES = (
    ("NV", "Négociation Vente et Accompagnement de la Relation Client"),
    ("EC", "Organisation et Animation d’un Évènement commercial"),
)
HELP_CANDIDAT = {
    "historique_relation": "Définir à quel moment de cette relation vous intervenez et le travail que vous "
    "devez encore fournir (convaincre, fidéliser, etc.).",
}
HELP_JURY = {
    "identite": "Définir et personnaliser le profil",
    "historique_relation": "Définir le moment, le lieu, le moyen de contact avec l’entreprise",
    "motivations": "Définir le ou les bénéfices de l’offre / de l’événement",
    "freins": "Rechercher les raisons de non achat / refus de l’opération",
}


@dataclass
class Row:
    label: str
    help: str = ""
    lines: list[str] = field(default_factory=list)
    vous: list[str] | None = None
    jury: list[str] | None = None
    items: list[str] | None = None


@dataclass
class Sheet:
    kind: str
    annex: str
    title: str
    heading: str
    rows: list[Row]
    marks: list[str]
    density: str = "normal"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _candidate_sheet(fiche: FicheSujet, marks: list[str]) -> Sheet:
    rows: list[Row] = []
    for name, label in ROWS_CANDIDAT:
        if name == "acteurs":
            acteurs = fiche.fiche_candidat.acteurs
            rows.append(Row(label, vous=_lines(acteurs.vous), jury=_lines(acteurs.jury)))
        else:
            rows.append(Row(label, HELP_CANDIDAT.get(name, ""), _lines(candidate_row(fiche, name))))
    return Sheet(
        "candidat",
        "V–2",
        "FICHE SUJET – CANDIDAT",
        "Paramètres à prendre en compte par le candidat pour la simulation",
        rows,
        marks,
    )


def _jury_sheet(fiche: FicheSujet, marks: list[str]) -> Sheet:
    rows: list[Row] = []
    for name, label in ROWS_JURY:
        if name == "objections":
            items = [" ".join(o.split()) for o in fiche.fiche_jury.objections if o.strip()]
            rows.append(Row(label, items=items))
        else:
            rows.append(Row(label, HELP_JURY.get(name, ""), _lines(jury_row(fiche, name))))
    return Sheet(
        "jury",
        "V–3",
        "FICHE SUJET – JURY (facultative)",
        "Paramètres à prendre en compte par le jury pour la simulation",
        rows,
        [JURY_MARK, *marks],
    )


def _sheets(fiche: FicheSujet, feuilles: Feuilles, brouillon: bool) -> list[Sheet]:
    if feuilles not in FEUILLES:
        raise ValueError(f"feuilles inconnues : {feuilles!r}")
    marks = [DRAFT_MARK] if brouillon else []
    sheets = []
    if feuilles in ("candidat", "les-deux"):
        sheets.append(_candidate_sheet(fiche, marks))
    if feuilles in ("jury", "les-deux"):
        sheets.append(_jury_sheet(fiche, marks))
    return sheets


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@functools.cache
def _css() -> Markup:
    """Our own stylesheet, inlined in a <style> element (never escaped, never fetched)."""
    return Markup((TEMPLATES / "fiche.css").read_text(encoding="utf-8"))


def _title(fiche: FicheSujet, sheets: list[Sheet], brouillon: bool) -> str:
    kinds = " et ".join(sheet.kind for sheet in sheets)
    who = f"{fiche.candidat.nom} {fiche.candidat.prenom}".strip()
    title = f"Fiche sujet ({kinds})" + (f" – {who}" if who else "")
    return title + (f" – {DRAFT_MARK}" if brouillon else "")


def _render(fiche: FicheSujet, sheets: list[Sheet], brouillon: bool, title: str = "") -> str:
    candidat = fiche.candidat
    context: dict[str, Any] = {
        "title": title or _title(fiche, sheets, brouillon),
        "css": _css(),
        "sheets": sheets,
        "brouillon": brouillon,
        "session": SESSION,
        "header": {
            "nom": candidat.nom.strip(),
            "prenom": candidat.prenom.strip(),
            "numero_candidat": candidat.numero.strip(),
            "numero_fiche": str(fiche.fiche_activite.numero),
            "titre": fiche.fiche_activite.titre.strip(),
            "commission": fiche.commission.strip(),
            "date": fiche.date.strip(),
        },
        "natures": [{"label": label, "checked": fiche.nature == code} for code, label in NATURES],
    }
    return _environment().get_template("fiche.html.j2").render(context)


def fiche_html(fiche: FicheSujet, *, feuilles: Feuilles, brouillon: bool) -> str:
    """A standalone, printable HTML page (French, accessible) of the sheets asked for."""
    return _render(fiche, _sheets(fiche, feuilles, brouillon), brouillon)


def missing_library(message: str) -> str:
    """The Debian package behind a library WeasyPrint could not open, from its error message."""
    name = re.search(r"library '([^']+)'", message)
    library = name.group(1) if name else message
    for key, package in DEBIAN_PACKAGES.items():
        if key in library:
            return package
    return ""


@functools.cache
def _weasyprint() -> Any:
    """WeasyPrint, imported once per process: a missing system library becomes a French RenderError
    naming its Debian package; what the library warns about at import is logged, never raised."""
    with _IMPORT_LOCK, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            import weasyprint  # type: ignore[import-untyped]
            import weasyprint.text.fonts  # type: ignore[import-untyped]
            import weasyprint.urls  # type: ignore[import-untyped]
        except OSError as exc:
            package = missing_library(str(exc))
            hint = f" : installez le paquet Debian {package}" if package else ""
            raise RenderError(
                f"rendu PDF impossible, une bibliothèque système manque{hint} (bash scripts/system-packages)"
            ) from exc
    for warning in caught:
        LOG.warning("rendu PDF : %s", warning.message)
    return weasyprint


def _url_fetcher() -> Any:
    """A WeasyPrint URL fetcher that refuses every URL but inline `data:` ones: no network, no files."""
    URLFetcher: Any = _weasyprint().urls.URLFetcher

    class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("data:"):
                raise ValueError(f"ressource externe refusée : {url[:80]}")
            return super().fetch(url, headers)

    return LocalOnlyFetcher(allowed_protocols=("data",))


def _font_config() -> Any:
    """This thread's WeasyPrint font configuration, made once."""
    if not hasattr(_FONTS, "config"):
        _FONTS.config = _weasyprint().text.fonts.FontConfiguration()
    return _FONTS.config


def fiche_pdf(fiche: FicheSujet, *, feuilles: Feuilles, brouillon: bool) -> bytes:
    """The PDF of the sheets asked for, each on its own page(s); a sheet steps its font down to fit one page."""
    HTML = _weasyprint().HTML
    # fontTools' subsetting and WeasyPrint's seven progress steps per document are noise in the service's log
    for noisy in ("fontTools", "weasyprint.progress"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    fetcher = _url_fetcher()
    sheets = _sheets(fiche, feuilles, brouillon)
    title = _title(fiche, sheets, brouillon)
    pages: list[Any] = []
    first: Any = None
    for sheet in sheets:
        for density in DENSITIES:
            sheet.density = density
            html = HTML(string=_render(fiche, [sheet], brouillon, title), url_fetcher=fetcher)
            document = html.render(font_config=_font_config())
            if len(document.pages) == 1:
                break
        first = first or document
        pages.extend(document.pages)
    assert first is not None
    return bytes(first.copy(pages).write_pdf())
