"""Reading a class list (CSV) into candidate rows, with one French error per faulty line and nothing guessed."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass

from service.errors import InputError

SOURCE = "liste de classe"
COLUMNS = ("nom", "prenom", "numero")
LABELS = {"nom": "nom", "prenom": "prénom", "numero": "numéro de candidat"}
LIMITS = {"nom": 200, "prenom": 200, "numero": 50}
MAX_ROWS = 5000
# A cell starting with one of these is a formula to a spreadsheet that opens an export (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMAT_HELP = (
    "une ligne d'en-tête nom;prenom;numero (séparateur « ; » ou « , », UTF-8 avec ou sans BOM), "
    "puis un candidat par ligne"
)


Errors = list[tuple[int, str]]  # (line, French message naming the line)


@dataclass(frozen=True)
class Row:
    """One candidate of the list, at its line of the file."""

    line: int
    nom: str
    prenom: str
    numero: str


def cell_problem(value: str, label: str, limit: int) -> str | None:
    """What is wrong with one text value (empty, too long, a control character, a formula); None when fine."""
    if not value:
        return f"{label} manquant"
    if len(value) > limit:
        return f"{label} trop long ({len(value)} caractères ; {limit} au plus)"
    if value.startswith(FORMULA_STARTS):
        return f"{label} « {value[:20]} » refusé : il commence par « {value[0]} » (formule de tableur)"
    if any(unicodedata.category(c) == "Cc" for c in value):
        return f"{label} refusé : il contient un caractère de contrôle"
    return None


def _folded(name: str) -> str:
    """A header cell compared without accents, case, spaces or « ° » (« Numéro », « N° » …)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if c.isalnum())
    aliases = {"n": "numero", "no": "numero", "num": "numero", "numerodecandidat": "numero"}
    return aliases.get(plain, plain)


def _text(data: bytes, limit: int) -> str:
    if len(data) > limit:
        raise InputError(SOURCE, "", f"fichier trop volumineux ({len(data)} octets ; {limit} au plus)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            SOURCE, "", f"le fichier n'est pas en UTF-8 (octet {exc.start}) : enregistrez-le en « CSV UTF-8 »"
        ) from None
    if not text.strip():
        raise InputError(SOURCE, "", f"fichier vide : attendu {FORMAT_HELP}")
    return text


def _positions(header: list[str]) -> dict[str, int]:
    """Where each expected column is; an error naming the missing ones."""
    folded = [_folded(cell) for cell in header]
    missing = [LABELS[c] for c in COLUMNS if c not in folded]
    if missing:
        raise InputError(
            SOURCE, "ligne 1", f"colonne(s) manquante(s) : {', '.join(missing)} ; attendu {FORMAT_HELP}"
        )
    return {column: folded.index(column) for column in COLUMNS}


def _trimmed(cells: list[str], width: int = 0) -> list[str]:
    """Without the empty cells a spreadsheet leaves at the end of a line (« Durand;Yanis;0201; »)."""
    cells = list(cells)
    while len(cells) > width and not cells[-1].strip():
        cells.pop()
    return cells


def _row(line: int, cells: list[str], where: dict[str, int], width: int) -> tuple[Row | None, Errors]:
    cells = _trimmed(cells, width)
    if len(cells) != width:
        return None, [(line, f"ligne {line} : {len(cells)} valeur(s) au lieu de {width}")]
    values = {column: cells[index].strip() for column, index in where.items()}
    errors = [
        (line, f"ligne {line} : {problem}")
        for column in COLUMNS
        if (problem := cell_problem(values[column], LABELS[column], LIMITS[column]))
    ]
    return (None if errors else Row(line, values["nom"], values["prenom"], values["numero"])), errors


def read_class_list(data: bytes, limit: int) -> tuple[list[Row], Errors]:
    """The rows of a class list and the error of every faulty line, by the file's own line numbers."""
    text = _text(data, limit)
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = _trimmed(next(reader))
        where = _positions(header)
        rows: list[Row] = []
        errors: Errors = []
        for count, cells in enumerate(c for c in reader if any(cell.strip() for cell in c)):
            if count >= MAX_ROWS:
                raise InputError(SOURCE, "", f"trop de lignes ({MAX_ROWS} candidats au plus par import)")
            row, problems = _row(reader.line_num, cells, where, len(header))
            rows += [row] if row else []
            errors += problems
    except csv.Error:
        raise InputError(
            SOURCE, f"ligne {reader.line_num}", "CSV illisible : guillemets mal placés ou non refermés"
        ) from None
    seen: dict[str, int] = {}
    for row in rows:
        if row.numero in seen:
            said = f"numéro de candidat {row.numero} déjà donné à la ligne {seen[row.numero]}"
            errors.append((row.line, f"ligne {row.line} : {said}"))
        seen.setdefault(row.numero, row.line)
    return rows, errors
