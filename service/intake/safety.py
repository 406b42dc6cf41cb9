"""Opening an untrusted Word file: every problem becomes an InputError with a French message.

The archive is checked and every member read here, with bounded reads, before python-docx sees it:
size, file type (PDF, old .doc, password-protected Office file), zip damage (bad CRC, truncation),
zip bombs (declared sizes, member count, compression ratio, and the bytes actually decompressed since
declared sizes can lie), XML with DOCTYPE or ENTITY declarations (external entities, billion laughs).
"""

from __future__ import annotations

import io
import lzma
import struct
import zipfile
import zlib

import docx
from docx.document import Document

from service.errors import InputError

NOT_DOCX = "ce fichier n'est pas un document Word .docx"
ENCRYPTED = "document protégé par un mot de passe : enregistrez-le sans mot de passe"
DAMAGED = "fichier .docx endommagé (archive zip illisible ou tronquée) : enregistrez-le à nouveau depuis Word"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
ZIP_MAGIC = b"PK\x03\x04"
HARD_EXPANDED_LIMIT = 100 * 1024 * 1024
MAX_MEMBERS = 1000
MAX_RATIO = 200
_RATIO_FLOOR = 1024 * 1024
_CHUNK = 64 * 1024
_XML_BOMS = (b"\xff\xfe", b"\xfe\xff")
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    struct.error,
    IndexError,
    KeyError,
    OverflowError,
)


def megabytes(size: int) -> str:
    """`5 242 880` -> `5,0 Mo`, as the JSON reader prints sizes."""
    return f"{size / (1024 * 1024):.1f} Mo".replace(".", ",")


def expanded_limit(max_bytes: int) -> int:
    """The most a document may weigh once decompressed: 20 times the file limit, 100 Mo at most."""
    return min(20 * max_bytes, HARD_EXPANDED_LIMIT)


def _sniff(data: bytes, source: str) -> None:
    if data.startswith(OLE_MAGIC):
        if any(stream in data for stream in _ENCRYPTED_STREAMS):
            raise InputError(source, "", ENCRYPTED)
        raise InputError(
            source, "", f"{NOT_DOCX} (ancien format .doc ?) : enregistrez-le au format .docx depuis Word"
        )
    if data.lstrip()[:5] == b"%PDF-":
        raise InputError(source, "", f"{NOT_DOCX} (c'est un PDF) : joignez le fichier Word d'origine")
    if not data.startswith(ZIP_MAGIC):
        raise InputError(source, "", NOT_DOCX)


def _has_dtd(content: bytes) -> bool:
    """A DOCTYPE or ENTITY declaration anywhere in an XML part, whatever its encoding."""
    head = content[:4]
    if head.startswith(_XML_BOMS) or (len(head) == 4 and (head[1] == 0 or head[0] == 0)):
        for codec in ("utf-16", "utf-16-le", "utf-16-be"):
            text = content.decode(codec, errors="replace").casefold()
            if "<!doctype" in text or "<!entity" in text:
                return True
    lowered = content.lower()
    return b"<!doctype" in lowered or b"<!entity" in lowered


def _looks_xml(name: str, content: bytes) -> bool:
    if name.lower().endswith((".xml", ".rels")):
        return True
    stripped = content[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return stripped.startswith(b"<") or content.startswith(_XML_BOMS)


def _check_declared(infos: list[zipfile.ZipInfo], source: str, limit: int) -> None:
    if len(infos) > MAX_MEMBERS:
        raise InputError(
            source,
            "",
            f"archive suspecte : {len(infos)} éléments (au plus {MAX_MEMBERS} pour un document Word)",
        )
    declared = sum(info.file_size for info in infos)
    if declared > limit:
        raise InputError(
            source,
            "",
            f"contenu décompressé trop volumineux ({megabytes(declared)} ; limite {megabytes(limit)}) : "
            "archive piégée ou document trop lourd",
        )
    for info in infos:
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(
                source,
                "",
                f"taux de compression anormal pour {info.filename} (archive piégée ?) : document refusé",
            )
        if info.flag_bits & 0x1:
            raise InputError(source, "", ENCRYPTED)


def _read_members(archive: zipfile.ZipFile, source: str, limit: int) -> dict[str, bytes]:
    """Every member, decompressed in chunks and stopped as soon as the total passes `limit`."""
    parts: dict[str, bytes] = {}
    total = 0
    for info in archive.infolist():
        if info.is_dir():
            continue
        chunks: list[bytes] = []
        try:
            with archive.open(info) as handle:
                while chunk := handle.read(_CHUNK):
                    total += len(chunk)
                    if total > limit:
                        raise InputError(
                            source,
                            "",
                            f"contenu décompressé trop volumineux (plus de {megabytes(limit)}) : "
                            "archive piégée ou document trop lourd",
                        )
                    chunks.append(chunk)
        except RuntimeError:
            raise InputError(source, "", ENCRYPTED) from None
        except zipfile.BadZipFile as exc:
            if "CRC" in str(exc):
                raise InputError(
                    source, "", "fichier .docx endommagé (somme de contrôle invalide) : contenu corrompu"
                ) from None
            raise InputError(source, "", DAMAGED) from None
        except _ZIP_ERRORS:
            raise InputError(source, "", DAMAGED) from None
        content = b"".join(chunks)
        if _looks_xml(info.filename, content) and _has_dtd(content):
            raise InputError(
                source,
                "",
                f"fichier .docx refusé : déclaration DOCTYPE ou ENTITY interdite dans {info.filename}",
            )
        parts[info.filename] = content
    return parts


def check_docx_bytes(data: bytes, *, source: str, max_bytes: int) -> dict[str, bytes]:
    """The archive's members once every check has passed; InputError otherwise."""
    if len(data) > max_bytes:
        raise InputError(
            source, "", f"fichier trop volumineux ({megabytes(len(data))} ; limite {megabytes(max_bytes)})"
        )
    if not data.strip():
        raise InputError(source, "", "fichier vide")
    _sniff(data, source)
    limit = expanded_limit(max_bytes)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_declared(infos, source, limit)
            parts = _read_members(archive, source, limit)
    except _ZIP_ERRORS:
        raise InputError(source, "", DAMAGED) from None
    if "[Content_Types].xml" not in parts:
        raise InputError(source, "", f"{NOT_DOCX} ([Content_Types].xml manquant)")
    if "word/document.xml" not in parts:
        raise InputError(source, "", "document Word incomplet : word/document.xml manquant")
    return parts


def read_docx_safely(data: bytes, *, source: str, max_bytes: int) -> Document:
    """The python-docx Document of `data`, or InputError (never another exception)."""
    check_docx_bytes(data, source=source, max_bytes=max_bytes)
    try:
        return docx.Document(io.BytesIO(data))
    except ValueError as exc:
        if "not a Word file" in str(exc):
            raise InputError(source, "", NOT_DOCX) from None
        raise InputError(source, "", f"document Word illisible ({type(exc).__name__})") from None
    except Exception as exc:  # untrusted input: python-docx and lxml raise many kinds on odd content
        raise InputError(source, "", f"document Word illisible ou endommagé ({type(exc).__name__})") from None
