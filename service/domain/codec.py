"""Reading and writing the interchange formats, with French messages naming the file and the field."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from service.domain.fdap import Fdap, required_missing
from service.domain.fiche_sujet import FicheSujet
from service.errors import InputError

T = TypeVar("T")

DEFAULT_MAX_BYTES = 5 * 1024 * 1024

_TYPES = {
    "str": "un texte",
    "int": "un nombre entier",
    "object": "un objet JSON",
    "array": "une liste",
    "null": "null",
    "bool": "un booléen",
    "float": "un nombre",
}
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Object missing required field `(?P<f>[^`]+)`"), "champ obligatoire manquant"),
    (
        re.compile(r"Object contains unknown field `(?P<f>[^`]+)`"),
        "clé inconnue (refusée pour ne rien perdre)",
    ),
    (re.compile(r"Invalid enum value (?P<v>.+)"), "valeur {v} refusée"),
    (re.compile(r"Expected `(?P<e>\w+)`, got `(?P<g>\w+)`"), "attendu : {e}, reçu : {g}"),
    (re.compile(r"Expected `str` of length <= (?P<n>\d+)"), "texte trop long ({n} caractères au plus)"),
    (re.compile(r"Expected `array` of length <= (?P<n>\d+)"), "liste trop longue ({n} éléments au plus)"),
    (re.compile(r"Expected `(?P<e>\w+)` >= (?P<n>\S+)"), "doit être supérieur ou égal à {n}"),
    (re.compile(r"Expected `(?P<e>\w+)` <= (?P<n>\S+)"), "doit être inférieur ou égal à {n}"),
)
_ALLOWED = {
    "nature": "« NV » ou « EC »",
    "format": None,
    "parametre": "objet, dates_duree, lieu, sequence, historique_relation, objectifs_communication, "
    "informations, contraintes ou acteurs",
}


def _path(location: str) -> str:
    """`$.cadre.phases[0]` -> `cadre.phases[0]`."""
    return location.removeprefix("$").removeprefix(".")


def translate_validation(message: str) -> tuple[str, str]:
    """(field path, French message) for a msgspec validation message."""
    text, _, location = message.partition(" - at `")
    path = _path(location.rstrip("`"))
    for pattern, template in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        groups = match.groupdict()
        if "f" in groups:
            path = f"{path}.{groups['f']}" if path else groups["f"]
            return path, template
        if "e" in groups:
            groups = {**groups, "e": _TYPES.get(groups["e"], groups["e"])}
            if "g" in groups:
                groups["g"] = _TYPES.get(groups["g"], groups["g"])
        detail = template.format(**groups)
        leaf = path.rsplit(".", 1)[-1]
        allowed = _ALLOWED.get(leaf)
        if "v" in groups and allowed:
            detail += f" (valeurs admises : {allowed})"
        return path, detail
    return path, f"valeur invalide ({text})"


def _json_position(data: bytes, message: str) -> str:
    match = re.search(r"\(byte (\d+)\)", message)
    if not match:
        return "document JSON incomplet ou tronqué"
    offset = int(match.group(1))
    before = data[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return f"JSON mal formé à la ligne {line}, colonne {column}"


def decode(data: bytes, kind: type[T], source: str) -> T:
    """Decode one document of `kind`, raising InputError with a French message on any problem."""
    if not data.strip():
        raise InputError(source, "", "fichier vide")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(source, "", f"le fichier n'est pas un texte UTF-8 (octet {exc.start})") from None
    try:
        return msgspec.json.decode(data, type=kind)
    except msgspec.ValidationError as exc:
        field, detail = translate_validation(str(exc))
        if not field and "objet JSON" in detail:
            detail = "le document doit être un objet JSON { … }"
        raise InputError(source, field, detail) from None
    except msgspec.DecodeError as exc:
        raise InputError(source, "", _json_position(data, str(exc))) from None


def within_limits(document: T, source: str) -> T:
    """`document` as its schema accepts it, sizes included: for one built by code rather than decoded."""
    try:
        return msgspec.convert(msgspec.to_builtins(document), type(document))
    except msgspec.ValidationError as exc:
        field, detail = translate_validation(str(exc))
        raise InputError(source, field, detail) from None


def decode_fdap(data: bytes, source: str) -> Fdap:
    """An FDAP with its required fields present (formats.md), never larger than a file door accepts."""
    if len(data) > DEFAULT_MAX_BYTES:  # bytes handed over by code (API body, tests): the files' own limit
        raise InputError(
            source, "", f"FDAP trop volumineuse ({_mo(len(data))} ; limite {_mo(DEFAULT_MAX_BYTES)})"
        )
    fdap = decode(data, Fdap, source)
    missing = required_missing(fdap)
    if missing:
        field = missing[0]
        if field == "analyse.historique_problematique":
            raise InputError(
                source,
                field,
                "champ obligatoire manquant (il faut l'historique/problématique ou au moins une phase du "
                "déroulement)",
            )
        raise InputError(source, field, "champ obligatoire manquant")
    return fdap


def decode_fiche(data: bytes, source: str) -> FicheSujet:
    return decode(data, FicheSujet, source)


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes, refusing what cannot be read or is too large, before reading it whole."""
    source = str(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InputError(source, "", "c'est un dossier, pas un fichier")
        if size > max_bytes:
            raise InputError(source, "", f"fichier trop volumineux ({_mo(size)} ; limite {_mo(max_bytes)})")
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(source, "", "fichier introuvable") from None
    except PermissionError:
        raise InputError(source, "", "lecture du fichier refusée (droits insuffisants)") from None
    except OSError as exc:
        raise InputError(source, "", f"lecture impossible ({exc.strerror})") from None


def _mo(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} Mo".replace(".", ",")


def load_fdap(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Fdap:
    return decode_fdap(read_bytes(path, max_bytes), str(path))


def load_fiche(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> FicheSujet:
    return decode_fiche(read_bytes(path, max_bytes), str(path))


def encode(value: Any) -> bytes:
    """Pretty UTF-8 JSON, keys in the order of the formats."""
    return msgspec.json.format(msgspec.json.encode(value), indent=2)
