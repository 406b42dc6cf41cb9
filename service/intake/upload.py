"""One door for an FDAP handed in: fdap/1 JSON or the official Word form, for the CLI and the API alike.

The bytes say which reader applies (a Word name, or the signature of a zip, an old Office file or a PDF,
whose refusal then says what the file is); each kind has its own size limit. What the Word import could
not place comes back as warnings, with the text around it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from service.domain.codec import DEFAULT_MAX_BYTES, decode, decode_fdap, read_bytes, within_limits
from service.domain.fdap import Fdap, required_missing
from service.errors import InputError
from service.intake.assembly import NonPlace
from service.intake.labels import RUBRIC_NAMES
from service.intake.reader import DEFAULT_MAX_DOCX_BYTES, import_fdap_docx
from service.intake.safety import OLE_MAGIC, ZIP_MAGIC, megabytes

if TYPE_CHECKING:
    from service.settings import Settings

_WORD_SUFFIXES = (".docx", ".doc", ".docm")
_EXCERPT_LIMIT = 160
_NOTE_LIMIT = 300


@dataclass(frozen=True)
class Limits:
    """The largest files accepted, in bytes: JSON, and Word (whose content is also bounded once unzipped)."""

    json_bytes: int = DEFAULT_MAX_BYTES
    docx_bytes: int = DEFAULT_MAX_DOCX_BYTES

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(json_bytes=settings.max_input_bytes, docx_bytes=settings.max_docx_bytes)


def _excerpt(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _located(item: NonPlace) -> str:
    where = item.where()
    return f"{item.message} ({where})" if where else item.message


@dataclass(frozen=True)
class FdapUpload:
    """The FDAP read, and what the Word import could not place (nothing for JSON)."""

    fdap: Fdap
    non_places: list[NonPlace] = field(default_factory=list)
    nature_lue: str = ""  # how the NV/EC box was read
    word: bool = False

    def warning_lines(self) -> list[str]:
        """One French line per text that found no field, for the command line."""
        return [
            f"rubrique {item.rubrique} : {_located(item)} : « {_excerpt(item.texte, _EXCERPT_LIMIT)} »"
            for item in self.non_places
        ]

    def notes(self) -> list[dict[str, str]]:
        """The same, as the warnings kept with an FDAP filed through the service."""
        return [
            {
                "champ": f"import : {item.rubrique}",
                "message": f"{_located(item)} : « {item.texte[:_NOTE_LIMIT]} »",
            }
            for item in self.non_places
        ]

    def missing_lines(self) -> list[str]:
        """The empty rubrics without which no fiche can be proposed."""
        return [
            f"rubrique {RUBRIC_NAMES.get(key, key)} : vide, alors qu'elle est nécessaire pour proposer une "
            "fiche sujet"
            for key in required_missing(self.fdap)
        ]


def is_word(data: bytes, source: str) -> bool:
    """For the Word reader: a Word file name, or the bytes of a zip, an old Office file or a PDF."""
    head = data[:8]
    return (
        source.lower().endswith(_WORD_SUFFIXES)
        or head.startswith((ZIP_MAGIC, OLE_MAGIC))
        or data.lstrip()[:5] == b"%PDF-"
    )


def read_fdap_upload(
    data: bytes,
    source: str,
    limits: Limits = Limits(),
    *,
    required: bool = True,
    warn: Callable[[str], None] | None = None,
) -> FdapUpload:
    """The FDAP in `data` (JSON or Word), named `source` in messages; InputError otherwise.

    `required`: the fields without which no proposal can be made must be filled (an error naming the
    rubric); without it, `missing_lines` lists them. `warn` hears each warning line before that check.
    """
    if is_word(data, source):
        result = import_fdap_docx(data, source=source, max_bytes=limits.docx_bytes)
        fdap = within_limits(result.fdap, source)
        upload = FdapUpload(fdap, result.non_places, result.nature_lue, word=True)
        if warn is not None:
            for line in upload.warning_lines():
                warn(line)
        if required:
            check_required(fdap, source)
        return upload
    if len(data) > limits.json_bytes:
        size, limit = megabytes(len(data)), megabytes(limits.json_bytes)
        raise InputError(source, "", f"fichier trop volumineux ({size} ; limite {limit})")
    return FdapUpload(decode_fdap(data, source) if required else decode(data, Fdap, source))


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(8)
    except OSError:
        return b""  # read_bytes names the problem


def read_fdap_file(
    path: Path,
    limits: Limits = Limits(),
    *,
    required: bool = True,
    warn: Callable[[str], None] | None = None,
) -> FdapUpload:
    """`read_fdap_upload` of a file, refused before it is read whole when it is over its limit."""
    word = is_word(_head(path), str(path))
    data = read_bytes(path, limits.docx_bytes if word else limits.json_bytes)
    return read_fdap_upload(data, str(path), limits, required=required, warn=warn)


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
