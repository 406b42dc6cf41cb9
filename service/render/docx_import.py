"""Import of the official FDAP (annexe V-1) from Word: the tables are read by their row labels.

Labels are normalised (case, accents, punctuation, spaces) and matched against a few synonyms per field,
so the variants schools and students produce still import: sub-rubrics (their text is concatenated into
the one field, with the sub-label), phase and activity tables of any length, merged cells (read once),
pre-labelled phases, one table per rubric, text typed outside the tables (placed under the nearest
preceding heading), the NV/EC box ticked in every usual way. The offer annex after the V-1 tables is
kept as `annexe_offre`; the V-2 and V-3 forms are ignored. Whatever cannot be placed is reported in
`non_places`, by rubric, never silently dropped.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]  # no stubs shipped; elements typed as Any

from service.domain.codec import DEFAULT_MAX_BYTES, load_fdap, read_bytes
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
    required_missing,
)
from service.errors import InputError
from service.render.docx_safety import ZIP_MAGIC, read_docx_safely

DEFAULT_MAX_DOCX_BYTES = 10 * 1024 * 1024

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_P, _TBL, _TR, _TC, _R, _T, _SDT = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("r"), _w("t"), _w("sdt")
_SDT_CONTENT, _SDT_PR, _CUSTOM_XML = _w("sdtContent"), _w("sdtPr"), _w("customXml")
_SKIPPED = {
    _w("pPr"),
    _w("rPr"),
    _w("tcPr"),
    _w("trPr"),
    _w("tblPr"),
    _w("tblGrid"),
    _w("del"),
    _w("moveFrom"),
    _w("instrText"),
    _w("delText"),
    _w("sdtEndPr"),
    _SDT_PR,
    f"{{{_MC}}}Fallback",
}
_FALSE = {"0", "false", "off"}

# Mark characters: checked and unchecked boxes, as Unicode and as Wingdings / Wingdings 2 symbols.
CHECKED = "☒"
UNCHECKED = "☐"
_CHECKED_CHARS = set("☒☑✓✔✗✘■▪◼⊠●◉⌧")
_UNCHECKED_CHARS = set("☐□◻❑❒○◯")
_SYM_CHECKED = {
    "wingdings": {"F0FE", "F0FD", "F078", "F0FC", "F0FB", "F06E", "F0A7", "F06C", "F0A4", "F0A2"},
    "wingdings 2": {"F054", "F052", "F050", "F04F", "F053", "F098", "F0A2", "F0CF"},
}
_SYM_UNCHECKED = {
    "wingdings": {"F0A1", "F0A8", "F06F", "F070", "F071", "F072"},
    "wingdings 2": {"F0A3", "F099"},
}

_PLACEHOLDER = re.compile(r"[\s.…_·\-–—]*")
_LEADERS_END = re.compile(r"\s*(?:\.{4,}|…{2,}|_{3,}|(?:…\s*){2,})[\s.…_]*$")
_LEADERS_START = re.compile(r"^[\s]*(?:\.{4,}|…{2,}|_{3,})[\s.…_]*")
_FOOTNOTE_MARK = re.compile(r"(?<=[^\W\d_])\d$")
_WORD = re.compile(r"[^\W_]+")
# The start of a header field, for lines holding several (« NOM : …  Prénom : …  N° candidat : … »).
_HEADER_FIELD = re.compile(
    r"(?<![\w'’])(?:nom(?:\s+du\s+candidat)?|pr[ée]noms?(?:\s+du\s+candidat)?"
    r"|n\s*[°o]\s*(?:de\s+)?candidat|num[ée]ro\s+(?:de\s+)?candidat|titre)\s*:",
    re.IGNORECASE,
)
_NUMERO = re.compile(
    r"^\s*(?:fiche|fdap)?\s*(?:d['’]activit[ée]\s*)?(?:n\s*[°o]|num[ée]ro)\s*(?:de\s+fiche\s*)?:?\s*([12])\s*$",
    re.IGNORECASE,
)
_NV_LABEL = re.compile(
    r"n[ée]gociation[\s\-–]+vente(?:\s+et\s+accompagnement\s+de\s+la\s+relation\s+client)?", re.I
)
_EC_LABEL = re.compile(
    r"organisation\s+et\s+animation\s+d['’]\s*un\s+[ée]v[éè]nement\s+commercial|[ée]v[éè]nement\s+commercial",
    re.I,
)
_STANDALONE_X = re.compile(r"(?<![\w'’])[xX](?![\w'’])")


def normalise(text: str) -> str:
    """Casefolded words without accents or punctuation, single-spaced: `Type(s) de client(s)` -> `type s de client s`."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("œ", "oe").replace("æ", "ae"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_WORD.findall(bare))


def _clean_line(line: str) -> str:
    if _PLACEHOLDER.fullmatch(line):
        return ""
    return _LEADERS_START.sub("", _LEADERS_END.sub("", line))


def clean_value(lines: list[str]) -> str:
    """The text of a cell: placeholder lines ('…', dotted lines) are empty; outer blank lines dropped."""
    text = "\n".join(_clean_line(line) for line in "\n".join(lines).split("\n"))
    return text.strip()


# ---------------------------------------------------------------------------------------------------
# Labels


@dataclass(frozen=True)
class _Label:
    key: str
    sections: tuple[str, ...]  # where the label means this field; empty: anywhere
    synonyms: tuple[str, ...]
    role: str = ""  # list tables: "main" or "outils" column
    header: bool = False  # a column header of a table (its values come in the rows below)


_S = "section"
_LABELS: tuple[_Label, ...] = (
    # Section headings (a whole cell or paragraph).
    _Label(f"{_S}:cadre", (), ("cadre de l activite", "cadre de l activite professionnelle")),
    _Label(f"{_S}:analyse", (), ("analyse de l activite",)),
    _Label(f"{_S}:deroulement", (), ("deroulement de l activite",)),
    _Label(f"{_S}:ciblage", (), ("ciblage et prospection", "ciblage prospection", "prospection et ciblage")),
    _Label(f"{_S}:ciblage", (), ("bilan reflexif", "bilan")),
    _Label(
        f"{_S}:information",
        (),
        (
            "exploitation et mutualisation de l information commerciale",
            "exploitation et mutualisation de l information",
            "information commerciale",
            "exploitation de l information commerciale",
            "mutualisation de l information commerciale",
        ),
    ),
    _Label(f"{_S}:information", (), ("demarche de veille", "veille", "veille commerciale")),
    # Header.
    _Label("nature", (), ("nature", "nature de l activite", "type d activite")),
    _Label(
        "numero", (), ("n", "no", "numero", "fiche n", "n de fiche", "numero de fiche", "fdap n", "fiche")
    ),
    _Label("titre", (), ("titre", "titre de l activite", "intitule", "intitule de l activite")),
    _Label("candidat.nom", (), ("nom", "nom du candidat", "nom de naissance")),
    _Label("candidat.prenom", (), ("prenom", "prenom du candidat", "prenoms")),
    _Label(
        "candidat.numero",
        (),
        ("n candidat", "numero candidat", "numero de candidat", "n de candidat", "numero d inscription"),
    ),
    # Cadre.
    _Label(
        "cadre.organisation",
        (),
        (
            "nom de l organisation",
            "organisation",
            "nom de l entreprise",
            "entreprise",
            "nom de la structure",
            "raison sociale",
            "nom de l entreprise d accueil",
            "entreprise d accueil",
        ),
    ),
    _Label("cadre.adresse", (), ("adresse code postal ville", "adresse", "coordonnees", "adresse complete")),
    _Label(
        "cadre.type_structure",
        (),
        ("type de structure", "type d organisation", "type d entreprise", "forme juridique", "structure"),
    ),
    _Label(
        "cadre.offre_commerciale",
        (),
        ("offre commerciale", "offre", "produits et services", "offre produits"),
    ),
    _Label(
        "cadre.types_clients",
        (),
        (
            "type s de client s",
            "types de clients",
            "type de clients",
            "clientele",
            "typologie de clientele",
            "cibles",
        ),
    ),
    _Label(
        "cadre.methodes_vente",
        (),
        ("methodes de vente", "methode de vente", "modes de vente", "techniques de vente"),
    ),
    # Analyse.
    _Label(
        "analyse.dates",
        (),
        ("date s", "dates", "date", "date de l activite", "dates de l activite", "periode"),
    ),
    _Label("analyse.lieu", (), ("lieu de l activite", "lieu", "lieux")),
    _Label(
        "analyse.historique_problematique",
        (),
        (
            "historique problematique de l activite",
            "historique problematique",
            "historique et problematique",
            "historique et problematique de l activite",
            "historique",
            "problematique",
            "contexte et problematique",
        ),
    ),
    _Label(
        "analyse.acteurs",
        (),
        ("acteurs concernes statuts roles motivations", "acteurs concernes", "acteurs", "intervenants"),
    ),
    _Label("analyse.objectifs_operationnels", (), ("objectifs operationnels", "objectif operationnel")),
    _Label(
        "analyse.objectifs_operationnels",
        ("entete", "cadre", "analyse", "deroulement"),
        ("objectifs fixes", "objectifs", "objectif"),
    ),
    # Déroulement.
    _Label(
        "deroulement.phases",
        (),
        ("phases", "phase", "phases de l activite", "etapes", "etapes de l activite", "deroulement"),
        role="main",
        header=True,
    ),
    _Label(
        "deroulement.phases",
        ("entete", "cadre", "analyse", "deroulement"),
        ("outils mobilises", "outils", "outils utilises", "moyens mobilises", "outils et supports"),
        role="outils",
        header=True,
    ),
    _Label(
        "deroulement.resultats",
        ("entete", "cadre", "analyse", "deroulement"),
        ("resultats", "resultats obtenus", "resultat"),
    ),
    _Label(
        "deroulement.difficultes", (), ("difficultes rencontrees", "difficultes", "difficulte rencontree")
    ),
    # Ciblage et prospection.
    _Label(
        "ciblage_prospection.demarche",
        (),
        ("demarche de prospection", "demarche de ciblage", "demarche de ciblage et prospection"),
    ),
    _Label("ciblage_prospection.demarche", ("ciblage",), ("demarche",)),
    _Label("ciblage_prospection.objectifs", ("ciblage",), ("objectifs fixes", "objectifs", "objectif")),
    _Label("ciblage_prospection.objectifs", (), ("objectifs de prospection", "objectifs de la prospection")),
    _Label(
        "ciblage_prospection.activites",
        (),
        (
            "activites realisees",
            "activites",
            "actions realisees",
            "actions menees",
            "activites de prospection",
        ),
        role="main",
        header=True,
    ),
    _Label(
        "ciblage_prospection.activites",
        ("ciblage",),
        ("outils mobilises", "outils", "outils utilises", "moyens mobilises", "outils et supports"),
        role="outils",
        header=True,
    ),
    _Label("ciblage_prospection.resultats", ("ciblage",), ("resultats obtenus", "resultats", "resultat")),
    _Label("ciblage_prospection.resultats", (), ("resultats de la prospection",)),
    _Label(
        "ciblage_prospection.bilan_reflexif.atouts",
        (),
        ("atouts et points d appui", "atouts", "points d appui", "points forts"),
        header=True,
    ),
    _Label(
        "ciblage_prospection.bilan_reflexif.solutions",
        (),
        ("solutions mises en oeuvre", "solutions", "solutions apportees"),
        header=True,
    ),
    _Label(
        "ciblage_prospection.bilan_reflexif.ameliorations",
        (),
        ("propositions d amelioration", "ameliorations", "axes d amelioration", "pistes d amelioration"),
        header=True,
    ),
    # Information commerciale.
    _Label(
        "information_commerciale.informations_marche",
        (),
        (
            "informations sur le marche les clients le secteur etc",
            "informations sur le marche les clients le secteur",
            "informations sur le marche",
            "informations marche",
            "marche",
        ),
    ),
    _Label(
        "information_commerciale.objectifs", ("information",), ("objectifs fixes", "objectifs", "objectif")
    ),
    _Label(
        "information_commerciale.veille",
        (),
        ("sources utilisees", "sources", "sources d information", "source"),
        role="main",
        header=True,
    ),
    _Label(
        "information_commerciale.veille",
        ("information",),
        ("outils mobilises", "outils", "outils utilises", "moyens mobilises", "outils et supports"),
        role="outils",
        header=True,
    ),
    _Label(
        "information_commerciale.contribution_expertise",
        (),
        (
            "contribution a l expertise commerciale de l organisation",
            "contribution a l expertise commerciale",
            "contribution a l expertise",
            "contribution",
        ),
    ),
)

_SECTION_OF_KEY = {
    "titre": "entete",
    "numero": "entete",
    "nature": "entete",
    "candidat": "entete",
    "cadre": "cadre",
    "analyse": "analyse",
    "deroulement": "deroulement",
    "ciblage_prospection": "ciblage",
    "information_commerciale": "information",
}
# Rubric names for messages, as the form prints them.
RUBRIC_NAMES: dict[str, str] = {
    "titre": "TITRE",
    "numero": "N° de fiche",
    "nature": "nature (case NV / EC)",
    "candidat.nom": "Nom",
    "candidat.prenom": "Prénom",
    "candidat.numero": "N° Candidat",
    "cadre.organisation": "Nom de l'organisation",
    "cadre.adresse": "Adresse/Code postal/Ville",
    "cadre.type_structure": "Type de structure",
    "cadre.offre_commerciale": "Offre commerciale",
    "cadre.types_clients": "Type(s) de client(s)",
    "cadre.methodes_vente": "Méthodes de vente",
    "analyse.dates": "Date(s)",
    "analyse.lieu": "Lieu de l'activité",
    "analyse.historique_problematique": "Historique/Problématique de l'activité",
    "analyse.acteurs": "Acteurs concernés",
    "analyse.objectifs_operationnels": "Objectifs opérationnels",
    "deroulement.phases": "Phases / Outils mobilisés",
    "deroulement.resultats": "Résultats",
    "deroulement.difficultes": "Difficultés rencontrées",
    "ciblage_prospection.demarche": "Ciblage et prospection – Démarche",
    "ciblage_prospection.objectifs": "Ciblage et prospection – Objectifs fixés",
    "ciblage_prospection.activites": "Activités réalisées / Outils mobilisés",
    "ciblage_prospection.resultats": "Résultats obtenus",
    "ciblage_prospection.bilan_reflexif.atouts": "Atouts et points d'appui",
    "ciblage_prospection.bilan_reflexif.solutions": "Solutions mises en œuvre",
    "ciblage_prospection.bilan_reflexif.ameliorations": "Propositions d'amélioration",
    "information_commerciale.informations_marche": "Informations sur le marché, les clients, le secteur",
    "information_commerciale.objectifs": "Information commerciale – Objectifs fixés",
    "information_commerciale.veille": "Démarche de veille (sources / outils)",
    "information_commerciale.contribution_expertise": "Contribution à l'expertise commerciale",
    "annexe_offre": "Annexe décrivant l'offre",
}
LIST_KEYS = ("deroulement.phases", "ciblage_prospection.activites", "information_commerciale.veille")
# Remainders after a label that are not sub-rubrics: "Difficultés rencontrées (suite)".
_NOT_SUBLABELS = {"suite", "fin", "detail", "details", "precisez", "facultatif", "a completer", "1", "2"}
_BOILERPLATE = re.compile(
    r"^(?:bts negociation et digitalisation.*|session \d{4}|fiche descriptive d activite professionnelle"
    r"|e4 relation client.*|annexe v ?1|\d? ?annexe a joindre obligatoirement.*)$"
)
_OTHER_FORMS = re.compile(r"^(?:annexe v ?[2-9]\b.*|fiche sujet\b.*|parametres a prendre en compte.*)$")
_ANNEX_HEADING = re.compile(
    r"^(?:annexe\b(?! v ?\d)|presentation de l offre|description de l offre|tarifs?\b|grille tarifaire|prix\b)"
)


@dataclass(frozen=True)
class _Match:
    label: _Label
    sublabel: str  # original text after the matched synonym, when it names a sub-rubric


def _words_after(original: str, count: int) -> str:
    """The original text after its first `count` words (as `normalise` counts them)."""
    matches = list(_WORD.finditer(original))
    if count >= len(matches):
        return ""
    between = original[matches[count - 1].end() : matches[count].start()] if count else ""
    if "(" in between:  # « Offre commerciale (produits et services) »: an explanation, not a sub-rubric
        return ""
    return original[matches[count].start() :].strip(" \t:–—-()[]/.,;")


def match_label(text: str, section: str, *, level: int = 2) -> _Match | None:
    """The label `text` (a whole cell, or what precedes a colon) names, read in `section`.

    level 0: exact synonyms only; 1: also a synonym of two words or more followed by a short sub-label
    (« Objectifs opérationnels – quantitatifs »); 2: also near spellings (typos, singular/plural).
    """
    cleaned = _FOOTNOTE_MARK.sub("", text.strip())
    norm = normalise(cleaned)
    if not norm or len(norm.split()) > 10:
        return None

    def best(candidates: list[_Label]) -> _Label | None:
        if not candidates:
            return None
        for label in candidates:
            if section in label.sections:
                return label
        general = [label for label in candidates if not label.sections]
        return general[0] if general else None

    exact = best([label for label in _LABELS if norm in label.synonyms])
    if exact:
        return _Match(exact, "")
    if level < 1:
        return None
    prefixed: list[tuple[int, _Label, str]] = []
    for label in _LABELS:
        for synonym in label.synonyms:
            words = synonym.split()
            if len(words) >= 2 and norm.startswith(synonym + " ") and len(norm.split()) - len(words) <= 4:
                prefixed.append((len(synonym), label, synonym))
    if prefixed:
        longest = max(length for length, _, _ in prefixed)
        chosen = best([label for length, label, _ in prefixed if length == longest])
        if chosen:
            synonym = next(s for length, label, s in prefixed if length == longest and label is chosen)
            rest = norm[len(synonym) :].strip()
            sublabel = "" if rest in _NOT_SUBLABELS else _words_after(cleaned, len(synonym.split()))
            return _Match(chosen, sublabel)
    if level >= 2 and len(norm) >= 8 and len(norm.split()) <= 8:
        scored: list[tuple[float, _Label]] = []
        for label in _LABELS:
            for synonym in label.synonyms:
                if len(synonym) >= 8:
                    ratio = difflib.SequenceMatcher(None, norm, synonym).ratio()
                    if ratio >= 0.88:
                        scored.append((ratio, label))
        if scored:
            top = max(ratio for ratio, _ in scored)
            chosen = best([label for ratio, label in scored if ratio == top])
            if chosen:
                return _Match(chosen, "")
    return None


# ---------------------------------------------------------------------------------------------------
# Text of the XML


@dataclass
class _Run:
    """One piece of a paragraph: text (with its boldness) or a box mark."""

    text: str = ""
    bold: bool = False
    mark: bool | None = None  # True: checked box, False: empty box, None: text


def _is_on(element: etree._Element | None) -> bool:
    if element is None:
        return False
    value = element.get(_w("val"))
    return value is None or value.lower() not in _FALSE


def _run_bold(run: etree._Element) -> bool:
    props = run.find(_w("rPr"))
    return props is not None and _is_on(props.find(_w("b")))


def _checkbox_sdt(sdt: etree._Element) -> bool | None:
    props = sdt.find(_SDT_PR)
    if props is None:
        return None
    box = props.find(f"{{{_W14}}}checkbox")
    if box is None:
        return None
    checked = box.find(f"{{{_W14}}}checked")
    return checked is not None and (checked.get(f"{{{_W14}}}val") or "1").lower() not in _FALSE


def _form_checkbox(char: etree._Element) -> bool | None:
    data = char.find(_w("ffData"))
    box = data.find(_w("checkBox")) if data is not None else None
    if box is None:
        return None
    checked = box.find(_w("checked"))
    if checked is not None:
        return _is_on(checked)
    return _is_on(box.find(_w("default")))


def _sym(element: etree._Element) -> _Run:
    font = (element.get(_w("font")) or "").casefold()
    code = (element.get(_w("char")) or "").upper()
    if len(code) == 4 and code.startswith("00"):
        code = "F0" + code[2:]
    if code in _SYM_CHECKED.get(font, set()):
        return _Run(mark=True)
    if code in _SYM_UNCHECKED.get(font, set()):
        return _Run(mark=False)
    return _Run()


def _run_pieces(run: etree._Element, out: list[_Run]) -> None:
    bold = _run_bold(run)
    for child in run:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == _T:
            out.append(_Run(text=child.text or "", bold=bold))
        elif tag in (_w("tab"), _w("ptab")):
            out.append(_Run(text="\t", bold=bold))
        elif tag in (_w("br"), _w("cr")):
            out.append(_Run(text="\n", bold=bold))
        elif tag == _w("noBreakHyphen"):
            out.append(_Run(text="-", bold=bold))
        elif tag == _w("sym"):
            out.append(_sym(child))
        elif tag == _w("fldChar"):
            state = _form_checkbox(child)
            if state is not None:
                out.append(_Run(mark=state))
        else:
            _inline_pieces(child, out)  # drawings holding text boxes, alternate content


def _inline_pieces(element: etree._Element, out: list[_Run]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == _R:
            _run_pieces(child, out)
        elif tag == _SDT:
            state = _checkbox_sdt(child)
            if state is not None:
                out.append(_Run(mark=state))
                continue
            content = child.find(_SDT_CONTENT)
            if content is not None and not _showing_placeholder(child):
                _inline_pieces(content, out)
        elif tag == _P:
            if out:
                out.append(_Run(text="\n"))
            _inline_pieces(child, out)
        else:
            _inline_pieces(child, out)


def _showing_placeholder(sdt: etree._Element) -> bool:
    """A content control still showing its prompt (« Cliquez ou appuyez ici pour entrer du texte. »):
    nothing was typed in it, so its text is no content of the FDAP."""
    properties = sdt.find(_SDT_PR)
    return properties is not None and properties.find(_w("showingPlcHdr")) is not None


def paragraph_pieces(paragraph: etree._Element) -> list[_Run]:
    out: list[_Run] = []
    _inline_pieces(paragraph, out)
    return out


def _pieces_text(pieces: list[_Run]) -> str:
    return "".join(
        piece.text if piece.mark is None else (CHECKED if piece.mark else UNCHECKED) for piece in pieces
    )


@dataclass
class _Cell:
    element: etree._Element
    grid_start: int
    grid_end: int
    lines: list[str]
    pieces: list[_Run]
    continued: bool = False  # a vertically merged cell already read in a row above

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _block_children(element: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables of a body or cell, looking through content controls and custom XML."""
    for child in element:
        tag = child.tag
        if tag in (_P, _TBL):
            yield child
        elif tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None and not _showing_placeholder(child):
                yield from _block_children(content)
        elif tag == _CUSTOM_XML:
            yield from _block_children(child)


def _cell_content(tc: etree._Element) -> tuple[list[str], list[_Run]]:
    lines: list[str] = []
    pieces: list[_Run] = []
    for block in _block_children(tc):
        if block.tag == _P:
            own = paragraph_pieces(block)
            if pieces:
                pieces.append(_Run(text="\n"))
            pieces.extend(own)
            lines.append(_pieces_text(own))
        else:
            for row in _table_rows(block):
                texts = [clean_value(cell.lines) for cell in row if not cell.continued]
                lines.append(" | ".join(text for text in texts if text))
    return lines, pieces


def _int_attr(element: etree._Element | None, default: int) -> int:
    if element is None:
        return default
    try:
        return max(0, min(int(element.get(_w("val")) or default), 64))
    except ValueError:
        return default


def _row_elements(table: etree._Element, tag: str) -> Iterator[etree._Element]:
    for child in table:
        if child.tag == tag:
            yield child
        elif child.tag in (_SDT, _CUSTOM_XML):
            content = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if content is not None:
                yield from _row_elements(content, tag)


def _table_rows(table: etree._Element) -> list[list[_Cell]]:
    """The rows of a table, each cell once: a merged cell is kept where it starts (by `w:tc` identity)."""
    rows: list[list[_Cell]] = []
    owners: dict[int, _Cell] = {}
    for tr in _row_elements(table, _TR):
        props = tr.find(_w("trPr"))
        column = _int_attr(props.find(_w("gridBefore")) if props is not None else None, 0)
        row: list[_Cell] = []
        for tc in _row_elements(tr, _TC):
            tc_props = tc.find(_w("tcPr"))
            span = _int_attr(tc_props.find(_w("gridSpan")) if tc_props is not None else None, 1) or 1
            merge = tc_props.find(_w("vMerge")) if tc_props is not None else None
            above = owners.get(column)
            if merge is not None and (merge.get(_w("val")) or "continue") == "continue" and above is not None:
                if not any(cell.element is above.element for cell in row):
                    row.append(
                        _Cell(above.element, column, column + span, above.lines, above.pieces, continued=True)
                    )
                for offset in range(span):
                    owners[column + offset] = above
            else:
                lines, pieces = _cell_content(tc)
                cell = _Cell(tc, column, column + span, lines, pieces)
                if not any(other.element is tc for other in row):
                    row.append(cell)
                for offset in range(span):
                    owners[column + offset] = cell
            column += span
        rows.append(row)
    return rows


# ---------------------------------------------------------------------------------------------------
# Result


@dataclass(frozen=True)
class NonPlace:
    """Text found in the document that no field of fdap/1 received."""

    rubrique: str
    texte: str
    message: str


@dataclass
class ImportResult:
    fdap: Fdap
    non_places: list[NonPlace] = field(default_factory=list)
    nature_lue: str = ""  # how the NV/EC box was read, for the teacher's information


@dataclass
class _Nature:
    checked: dict[str, bool] = field(default_factory=lambda: {"NV": False, "EC": False})
    marked: dict[str, bool] = field(default_factory=lambda: {"NV": False, "EC": False})
    bold: dict[str, list[bool]] = field(default_factory=lambda: {"NV": [], "EC": []})
    seen: dict[str, bool] = field(default_factory=lambda: {"NV": False, "EC": False})
    declared: list[str] = field(default_factory=list)


def _option_spans(text: str) -> list[tuple[str, int, int]]:
    spans = [("NV", m.start(), m.end()) for m in _NV_LABEL.finditer(text)]
    spans += [("EC", m.start(), m.end()) for m in _EC_LABEL.finditer(text)]
    spans.sort(key=lambda item: item[1])
    kept: list[tuple[str, int, int]] = []
    for span in spans:
        if not kept or span[1] >= kept[-1][2]:
            kept.append(span)
    return kept


def _is_nature_text(text: str) -> bool:
    """A cell or paragraph that is essentially the NV/EC options (not a value mentioning an event)."""
    spans = _option_spans(text)
    if not spans:
        return False
    rest = text
    for _, start, end in reversed(spans):
        rest = rest[:start] + " " + rest[end:]
    words = [w for w in normalise(rest).split() if w not in {"x", "nature", "de", "l", "activite", "ou"}]
    return len(words) <= 3


def read_nature(pieces: list[_Run], evidence: _Nature) -> None:
    """Record which options `pieces` shows, and how each is ticked (mark, control, X, or bold)."""
    chars: list[str] = []
    bolds: list[bool] = []
    marks: list[tuple[int, bool]] = []
    for piece in pieces:
        if piece.mark is not None:
            marks.append((len(chars), piece.mark))
            chars.append(" ")
            bolds.append(False)
            continue
        for char in piece.text:
            if char in _CHECKED_CHARS:
                marks.append((len(chars), True))
            elif char in _UNCHECKED_CHARS:
                marks.append((len(chars), False))
            chars.append(char)
            bolds.append(piece.bold)
    text = "".join(chars)
    spans = _option_spans(text)
    if not spans:
        return
    for kind, start, end in spans:
        evidence.seen[kind] = True
        letters = [bolds[i] for i in range(start, end) if text[i].isalpha()]
        evidence.bold[kind].append(bool(letters) and all(letters))
    for match in _STANDALONE_X.finditer(text):
        if not any(start <= match.start() < end for _, start, end in spans):
            marks.append((match.start(), True))
    marks_before = bool(marks) and min(pos for pos, _ in marks) < spans[0][1]
    for position, state in marks:
        if marks_before:
            following = [span for span in spans if span[1] > position]
            owner = following[0] if following else spans[-1]
        else:
            preceding = [span for span in spans if span[2] <= position]
            owner = preceding[-1] if preceding else spans[0]
        evidence.marked[owner[0]] = True
        if state:
            evidence.checked[owner[0]] = True


def decide_nature(evidence: _Nature, source: str) -> tuple[Nature, str]:
    if len(set(evidence.declared)) == 1:
        choice = evidence.declared[0]
        return ("NV" if choice == "NV" else "EC"), "nature indiquée en toutes lettres"
    ticked = [kind for kind in ("NV", "EC") if evidence.checked[kind]]
    if len(ticked) == 2:
        raise InputError(
            source,
            "nature",
            "les deux cases NV et EC sont cochées : n'en cochez qu'une dans le document Word",
        )
    if len(ticked) == 1:
        return ("NV" if ticked[0] == "NV" else "EC"), "case cochée"
    bold = {kind: bool(evidence.bold[kind]) and all(evidence.bold[kind]) for kind in ("NV", "EC")}
    if evidence.seen["NV"] and evidence.seen["EC"] and bold["NV"] != bold["EC"]:
        return ("NV" if bold["NV"] else "EC"), "intitulé de la nature en gras"
    present = [kind for kind in ("NV", "EC") if evidence.seen[kind]]
    if len(present) == 1:
        return ("NV" if present[0] == "NV" else "EC"), "seul intitulé de nature conservé dans le document"
    raise InputError(
        source,
        "nature",
        "nature de l'activité introuvable : cochez la case « Négociation Vente et Accompagnement de la "
        "Relation Client » (NV) ou « Organisation et Animation d'un Évènement commercial » (EC)",
    )


# ---------------------------------------------------------------------------------------------------
# Reading


@dataclass
class _Columns:
    """A header row's columns: (grid start, grid end, label) for the data rows below it."""

    columns: list[tuple[int, int, _Label]]

    def label_at(self, start: int) -> _Label:
        for begin, end, label in self.columns:
            if begin <= start < end:
                return label
        before = [column for column in self.columns if column[0] <= start]
        return (before[-1] if before else self.columns[0])[2]


@dataclass
class _Reader:
    source: str
    texts: dict[str, list[str]] = field(default_factory=dict)
    items: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: {key: [] for key in LIST_KEYS})
    non_places: list[NonPlace] = field(default_factory=list)
    nature: _Nature = field(default_factory=_Nature)
    section: str = "entete"
    zone: str = "v1"  # "v1", "annexe" (the offer annex), "autre" (V-2, V-3…: ignored)
    numero: int | None = None
    annexe: list[str] = field(default_factory=list)
    label_cells: dict[int, _Match] = field(default_factory=dict)
    heading: _Match | None = None  # a label typed as a paragraph, for the text that follows it
    found: int = 0

    # -- fields

    def _add_text(self, key: str, value: str, sublabel: str = "") -> None:
        if not value:
            return
        if sublabel:
            value = f"{sublabel} : {value}"
        self.texts.setdefault(key, []).append(value)

    def place(self, match: _Match, value: str, where: str) -> None:
        """Give `value` to the field `match` names."""
        key = match.label.key
        self.found += 1
        self.enter(match)
        if key.startswith(f"{_S}:") or not value:
            return
        if key == "numero":
            self._set_numero(value, where)
        elif key == "nature":
            self._declare_nature(value, where)
        elif key in LIST_KEYS:
            main, tools = (value, "") if match.label.role != "outils" else ("", value)
            if match.sublabel and main:
                main = f"{match.sublabel} : {main}"
            self.items[key].append((main, tools))
        else:
            self._add_text(key, value, match.sublabel)

    def _set_numero(self, value: str, where: str) -> None:
        digits = value.strip().rstrip(".")
        if digits in ("1", "2"):
            self.numero = int(digits)
        else:
            self.unplaced(RUBRIC_NAMES["numero"], value, "numéro de fiche illisible (1 ou 2 attendu)")

    def _declare_nature(self, value: str, where: str) -> None:
        norm = normalise(value)
        if norm in ("nv", "ec"):
            self.nature.declared.append(norm.upper())
        elif _option_spans(value):
            read_nature([_Run(text=value)], self.nature)
        else:
            self.unplaced(RUBRIC_NAMES["nature"], value, "nature illisible (NV ou EC attendu)")

    def unplaced(self, rubric: str, text: str, message: str) -> None:
        if text.strip():
            self.non_places.append(NonPlace(rubric, text.strip(), message))

    # -- classification of one cell or paragraph

    def is_noise(self, text: str) -> bool:
        lines = [normalise(line) for line in text.split("\n")]
        lines = [line for line in lines if line]
        return not lines or all(_BOILERPLATE.match(line) for line in lines)

    def inline(self, lines: list[str], *, level: int = 2) -> tuple[_Match, str] | None:
        """`Label : value` (or the label on its own first line): the match and the value."""
        nonempty = [line for line in lines if line.strip()]
        if not nonempty:
            return None
        first_index = next(i for i, line in enumerate(lines) if line.strip())
        first = lines[first_index]
        rest_lines = lines[first_index + 1 :]
        numero = _NUMERO.match(first)
        if numero and not "".join(rest_lines).strip():
            label = next(label for label in _LABELS if label.key == "numero")
            return _Match(label, ""), numero.group(1)
        if ":" in first:
            head, _, tail = first.partition(":")
            match = match_label(head, self.section, level=min(level, 1))
            if match:
                return match, clean_value([tail.strip(), *rest_lines])
        if rest_lines and "\n".join(rest_lines).strip():
            match = match_label(first, self.section, level=level)
            if match:
                return match, clean_value(rest_lines)
        return None

    def header_fields(self, lines: list[str]) -> bool:
        """Several header fields typed on one line (« NOM : X   Prénom : Y   N° candidat : Z »): each
        placed on its own; False when the line is not made of such fields only."""
        nonempty = [line for line in lines if line.strip()]
        if len(nonempty) != 1:
            return False
        starts = [m.start() for m in _HEADER_FIELD.finditer(nonempty[0])]
        if len(starts) < 2 or nonempty[0][: starts[0]].strip():
            return False
        segments = [nonempty[0][a:b] for a, b in zip(starts, [*starts[1:], None], strict=True)]
        found = [self.inline([segment], level=1) for segment in segments]
        if not all(found):
            return False
        for item in found:
            assert item is not None
            self.place(item[0], item[1], "paragraphe")
        return True

    def bare(self, text: str, *, level: int = 2) -> _Match | None:
        """The whole text is one line holding a label (perhaps followed by `:` and nothing else)."""
        lines = [line.strip() for line in text.split("\n") if clean_value([line])]
        if len(lines) != 1:
            return None
        stripped = _LEADERS_END.sub("", lines[0]).strip().rstrip(":").strip()
        if not stripped or ":" in stripped or _NUMERO.match(stripped):
            return None
        match = match_label(stripped, self.section, level=level)
        if match is not None:
            self.enter(match)
        return match

    def enter(self, match: _Match) -> None:
        """Follow the section a label belongs to, so that the next ambiguous labels read right."""
        key = match.label.key
        if key.startswith(f"{_S}:"):
            self.section = key.split(":", 1)[1]
        else:
            self.section = _SECTION_OF_KEY.get(key.split(".", 1)[0], self.section)

    # -- body

    def read_body(self, body: etree._Element) -> None:
        for block in _block_children(body):
            if block.tag == _P:
                self.read_paragraph(block)
            else:
                self.read_table(block)

    def _zone_switch(self, norm: str) -> bool:
        if _BOILERPLATE.match(norm):
            if norm.startswith("annexe v"):
                self.zone = "v1"
            return True
        if _OTHER_FORMS.match(norm):
            self.zone = "autre"
            self.heading = None
            return True
        return False

    def read_paragraph(self, paragraph: etree._Element) -> None:
        pieces = paragraph_pieces(paragraph)
        text = _pieces_text(pieces)
        norm = normalise(text)
        if self.zone == "annexe":
            if norm and _OTHER_FORMS.match(norm):
                self.zone = "autre"
                return
            self.annexe.extend(text.split("\n"))
            return
        if not norm:
            return
        if self._zone_switch(norm):
            return
        if _ANNEX_HEADING.match(norm) and (len(norm.split()) <= 15 or norm.startswith("annexe ")):
            self.zone = "annexe"
            self.heading = None
            self.annexe.extend(text.split("\n"))
            return
        if self.zone == "autre":
            return
        if _is_nature_text(text):
            read_nature(pieces, self.nature)
            return
        lines = text.split("\n")
        value = clean_value(lines)
        if not value:
            return
        bare = self.bare(text)
        if bare:
            self.place(bare, "", "paragraphe")
            self.heading = None if bare.label.key.startswith(f"{_S}:") else bare
            return
        if self.header_fields(lines):
            return
        found = self.inline(lines)
        if found:
            match, value = found
            self.place(match, value, "paragraphe")
            if match.label.key not in ("numero", "nature", "titre") and not match.label.key.startswith(
                "candidat"
            ):
                self.heading = match
            return
        if self.heading is not None:
            self.place(_Match(self.heading.label, self.heading.sublabel), value, "paragraphe")
            return
        self.unplaced(
            "hors tableau", value, "texte tapé hors des tableaux, sans intitulé de rubrique reconnu avant lui"
        )

    def read_table(self, table: etree._Element) -> None:
        rows = _table_rows(table)
        first = normalise(" ".join(cell.text for cell in rows[0])) if rows else ""
        if _OTHER_FORMS.match(first) or "parametres a prendre en compte" in first:
            self.zone = "autre"
            return
        if self.zone == "annexe":
            for row in rows:
                texts = [clean_value(cell.lines) for cell in row if not cell.continued]
                self.annexe.append(" | ".join(text for text in texts if text))
            return
        if self.zone == "autre":
            return
        columns: _Columns | None = None
        if self.heading is not None:
            columns = _Columns([(0, 1 << 16, self.heading.label)])
        self.heading = None
        self.label_cells = {}
        for row in rows:
            columns = self.read_row(row, columns)

    def read_row(self, row: list[_Cell], columns: _Columns | None) -> _Columns | None:
        """Read one table row; returns the column headers that apply to the rows below."""
        live = [cell for cell in row if cell.text.strip()]
        if not live and not any(cell.continued for cell in row):
            return columns
        in_columns = columns is not None
        labels: list[tuple[_Cell, _Match | None]] = []
        previous_bare = False
        for cell in row:
            if cell.continued:
                labels.append((cell, self.label_cells.get(id(cell.element))))
                continue
            match: _Match | None = None
            if cell.text.strip() and not _is_nature_text(cell.text) and not self.is_noise(cell.text):
                level = 0 if previous_bare else (1 if in_columns else 2)
                match = self.bare(cell.text, level=level)
                if match is not None and match.label.key == "numero" and in_columns:
                    match = None
            if cell.text.strip():
                previous_bare = match is not None and not cell.text.rstrip().endswith(":")
            labels.append((cell, match))
        has_label = any(match is not None and not cell.continued for cell, match in labels)
        if in_columns and not has_label:
            single = [cell for cell in row if not cell.continued and cell.text.strip()]
            found = self.inline(single[0].lines, level=0) if len(single) == 1 and len(row) == 1 else None
            if found is None or found[0].label.key in ("numero", "titre"):
                assert columns is not None
                self.read_data_row(row, columns)
                return columns
        return self.read_label_row(labels)

    def read_data_row(self, row: list[_Cell], columns: _Columns) -> None:
        """A row under column headers: a list item (phase, activity, source) or text for each header."""
        per_key: dict[str, list[tuple[_Label, str]]] = {}
        for cell in row:
            if cell.continued:
                continue
            value = clean_value(cell.lines)
            if not value:
                continue
            if _is_nature_text(cell.text):
                read_nature(cell.pieces, self.nature)
                continue
            if self.is_noise(cell.text):
                continue
            label = columns.label_at(cell.grid_start)
            per_key.setdefault(label.key, []).append((label, value))
        for key, values in per_key.items():
            if key in LIST_KEYS:
                main = " : ".join(v for label, v in values if label.role != "outils")
                tools = "\n".join(v for label, v in values if label.role == "outils")
                if main or tools:
                    self.items[key].append((main, tools))
                self.found += 1
            else:
                self.place(_Match(values[0][0], ""), " : ".join(v for _, v in values), "tableau")

    def read_label_row(self, labels: list[tuple[_Cell, _Match | None]]) -> _Columns | None:
        target: _Match | None = None
        after_bare = False
        sublabel = ""
        header: list[tuple[int, int, _Label]] = []
        values_seen = False
        unknown_first = ""
        unknown_cell: _Cell | None = None
        blank_cells = 0
        for index, (cell, match) in enumerate(labels):
            if cell.continued:
                if match is not None:
                    target, after_bare = match, True
                continue
            text = cell.text
            value = clean_value(cell.lines)
            if not value:
                blank_cells += 1  # a label beside an empty cell: an unfilled rubric, not column headers
                continue
            if self.is_noise(text):
                continue
            if _is_nature_text(text):
                read_nature(cell.pieces, self.nature)
                continue
            if match is not None:
                self.place(match, "", "tableau")
                self.label_cells[id(cell.element)] = match
                if match.label.key.startswith(f"{_S}:"):
                    target, after_bare = None, False
                else:
                    header.append((cell.grid_start, cell.grid_end, match.label))
                    target, after_bare = match, not text.rstrip().endswith(":")
                sublabel = ""
                continue
            if not after_bare:
                found = self.inline(cell.lines)
                if found:
                    match, found_value = found
                    self.place(match, found_value, "tableau")
                    self.label_cells[id(cell.element)] = match
                    target, after_bare = match, False
                    values_seen = True
                    continue
            later = [c for c, _ in labels[index + 1 :] if not c.continued and clean_value(c.lines)]
            if target is not None:
                short = len(value) <= 40 and len(value.split()) <= 5 and "\n" not in value
                if after_bare and short and later and target.label.key not in LIST_KEYS:
                    sublabel = value.rstrip(" :")
                    continue
                chunk = f"{sublabel} : {value}" if sublabel else value
                sublabel = ""
                self.place(_Match(target.label, target.sublabel), chunk, "tableau")
                values_seen = True
                after_bare = False
                continue
            if not unknown_first and later and len(value) <= 60:
                unknown_first = value
                unknown_cell = cell
                continue
            self.unplaced(
                unknown_first or "tableau", value, "ligne de tableau dont l'intitulé n'est pas reconnu"
            )
            unknown_first = ""
        if unknown_first and header and not values_seen and unknown_cell is not None:
            # A column the school added to a table (« Semaine » before « Activités réalisées »).
            following = [column for column in header if column[0] >= unknown_cell.grid_end]
            header.append((unknown_cell.grid_start, unknown_cell.grid_end, (following or header)[0][2]))
            header.sort(key=lambda column: column[0])
        elif unknown_first:
            self.unplaced("tableau", unknown_first, "ligne de tableau dont l'intitulé n'est pas reconnu")
        if sublabel and target is not None:
            self.place(_Match(target.label, target.sublabel), sublabel, "tableau")
        if header and not values_seen and not blank_cells:
            return _Columns(header)
        return None

    # -- result

    def text(self, key: str) -> str:
        return "\n".join(self.texts.get(key, []))

    def result(self) -> ImportResult:
        if not self.found:
            raise InputError(
                self.source, "", "aucune rubrique de FDAP (annexe V-1) reconnue dans ce document Word"
            )
        nature, how = decide_nature(self.nature, self.source)
        t = self.text
        fdap = Fdap(
            numero=self.numero or 1,
            nature=nature,
            titre=t("titre"),
            candidat=Candidat(
                nom=t("candidat.nom"), prenom=t("candidat.prenom"), numero=t("candidat.numero")
            ),
            cadre=Cadre(
                organisation=t("cadre.organisation"),
                adresse=t("cadre.adresse"),
                type_structure=t("cadre.type_structure"),
                offre_commerciale=t("cadre.offre_commerciale"),
                types_clients=t("cadre.types_clients"),
                methodes_vente=t("cadre.methodes_vente"),
            ),
            analyse=Analyse(
                dates=t("analyse.dates"),
                lieu=t("analyse.lieu"),
                historique_problematique=t("analyse.historique_problematique"),
                acteurs=t("analyse.acteurs"),
                objectifs_operationnels=t("analyse.objectifs_operationnels"),
            ),
            deroulement=Deroulement(
                phases=[Phase(phase=a, outils=b) for a, b in self.items["deroulement.phases"]],
                resultats=t("deroulement.resultats"),
                difficultes=t("deroulement.difficultes"),
            ),
            ciblage_prospection=CiblageProspection(
                demarche=t("ciblage_prospection.demarche"),
                objectifs=t("ciblage_prospection.objectifs"),
                activites=[
                    Activite(activite=a, outils=b) for a, b in self.items["ciblage_prospection.activites"]
                ],
                resultats=t("ciblage_prospection.resultats"),
                bilan_reflexif=BilanReflexif(
                    atouts=t("ciblage_prospection.bilan_reflexif.atouts"),
                    solutions=t("ciblage_prospection.bilan_reflexif.solutions"),
                    ameliorations=t("ciblage_prospection.bilan_reflexif.ameliorations"),
                ),
            ),
            information_commerciale=InformationCommerciale(
                informations_marche=t("information_commerciale.informations_marche"),
                objectifs=t("information_commerciale.objectifs"),
                veille=[Veille(source=a, outils=b) for a, b in self.items["information_commerciale.veille"]],
                contribution_expertise=t("information_commerciale.contribution_expertise"),
            ),
            annexe_offre=clean_value(self.annexe),
        )
        return ImportResult(fdap=fdap, non_places=self.non_places, nature_lue=how)


def import_fdap_docx(data: bytes, *, source: str, max_bytes: int = DEFAULT_MAX_DOCX_BYTES) -> ImportResult:
    """The fdap/1 of an official V-1 form in Word, with what could not be placed; InputError otherwise."""
    document = read_docx_safely(data, source=source, max_bytes=max_bytes)
    reader = _Reader(source)
    try:
        reader.read_body(document.element.body)
        return reader.result()
    except InputError:
        raise
    except Exception as exc:  # untrusted input: an odd structure must never escape as a crash
        raise InputError(
            source, "", f"structure du document Word inattendue ({type(exc).__name__}) : import impossible"
        ) from None


def is_docx(path: Path) -> bool:
    """A .docx by its suffix, or by the zip signature of its first bytes."""
    if path.suffix.lower() == ".docx":
        return True
    try:
        with path.open("rb") as handle:
            return handle.read(4) == ZIP_MAGIC
    except OSError:
        return False


def check_required(fdap: Fdap, source: str) -> None:
    """The fields without which no proposal can be made, named by their rubric on the form."""
    missing = required_missing(fdap)
    if not missing:
        return
    key = missing[0]
    if key == "analyse.historique_problematique":
        raise InputError(
            source,
            key,
            "rubriques « Historique/Problématique de l'activité » et « Phases » vides dans le document "
            "Word : il faut au moins l'une des deux",
        )
    raise InputError(source, key, f"rubrique « {RUBRIC_NAMES[key]} » vide dans le document Word")


def warning_lines(result: ImportResult) -> list[str]:
    """One French line per text that found no field."""
    return [
        f"rubrique {item.rubrique} : {item.message} : « {_excerpt(item.texte)} »"
        for item in result.non_places
    ]


def _excerpt(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def load_fdap_any(
    path: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_docx_bytes: int = DEFAULT_MAX_DOCX_BYTES,
    warn: Callable[[str], None] | None = None,
) -> Fdap:
    """An FDAP from a fdap/1 JSON file or from the official Word form (.docx), required fields present."""
    if not is_docx(path):
        return load_fdap(path, max_bytes)
    source = str(path)
    result = import_fdap_docx(read_bytes(path, max_docx_bytes), source=source, max_bytes=max_docx_bytes)
    if warn is not None:
        for line in warning_lines(result):
            warn(f"{source} : {line}")
    check_required(result.fdap, source)
    return result.fdap
