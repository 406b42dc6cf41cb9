"""Malformed Word files: only InputError (with a French message) or a successful import ever comes out."""

from __future__ import annotations

import io
import struct
import time
import zipfile

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.domain.fdap import Fdap
from service.errors import InputError
from service.intake.reader import import_fdap_docx
from service.intake.safety import OLE_MAGIC
from tests.conftest import FDAP_FILES
from tests.intake.docx_writer import write_fdap_docx

MAX = 2 * 1024 * 1024
FILLED = write_fdap_docx(msgspec.json.decode(FDAP_FILES[0].read_bytes(), type=Fdap))
with zipfile.ZipFile(io.BytesIO(FILLED)) as _archive:
    # The form's logos (1.7 Mo) shrunk to a few bytes: same parts and relationships, a faster fuzz.
    PARTS = {
        info.filename: b"\x89PNG\r\n" if info.filename.startswith("word/media/") else _archive.read(info)
        for info in _archive.infolist()
    }
DOCUMENT = PARTS["word/document.xml"]


def _zip(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


BASE = _zip(PARTS)


def _with_document(document: bytes) -> bytes:
    return _zip({**PARTS, "word/document.xml": document})


def _bomb(size: int = 30 * 1024 * 1024) -> bytes:
    """A small archive whose member inflates to `size` bytes of zeros."""
    return _zip({**PARTS, "word/media/zeros.bin": b"\0" * size})


BOMB = _bomb()
NESTED_BOMB = _zip({**PARTS, "word/embeddings/inner.zip": BOMB})
_OLE_BODY = b"\0" * 64 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 64
ENCRYPTED_OLE = OLE_MAGIC + _OLE_BODY
_PAYLOADS = (
    b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>',
    b"<!ENTITY % remote SYSTEM 'http://example.invalid/x.dtd'>",
)


def _import(data: bytes) -> None:
    try:
        result = import_fdap_docx(data, source="eleve.docx", max_bytes=MAX)
    except InputError as exc:
        assert exc.source == "eleve.docx"
        assert exc.message and "Traceback" not in exc.message
        return
    assert result.fdap.nature in ("NV", "EC")


def _mutate(data: bytes, edits: list[tuple[int, int]]) -> bytes:
    buffer = bytearray(data)
    for position, value in edits:
        buffer[position % len(buffer)] = value
    return bytes(buffer)


_positions = st.tuples(st.integers(0, 1 << 20), st.integers(0, 255))
mutated_docx = st.lists(_positions, min_size=1, max_size=8).map(lambda edits: _mutate(BASE, edits))
truncated_docx = st.integers(0, len(BASE) - 1).map(lambda size: BASE[:size])
random_bytes = st.one_of(
    st.binary(max_size=2048), st.binary(max_size=64).map(lambda tail: b"PK\x03\x04" + tail)
)
junk_zip = st.dictionaries(
    st.text("abcdefghijklmnopqrstuvwxyz/._[]", min_size=1, max_size=24).filter(lambda n: not n.endswith("/")),
    st.binary(max_size=256),
    max_size=6,
).map(lambda members: _zip({**{k: v for k, v in PARTS.items() if k != "word/document.xml"}, **members}))


@st.composite
def mutated_xml(draw: st.DrawFn) -> bytes:
    document = bytearray(DOCUMENT)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "insert", "replace"]))
        start = draw(st.integers(0, len(document) - 1))
        if kind == "delete":
            del document[start : start + draw(st.integers(1, 400))]
        elif kind == "insert":
            piece = draw(
                st.sampled_from(
                    [
                        b"<",
                        b">",
                        b"&",
                        b"&amp",
                        b"</w:tc>",
                        b"<w:tc>",
                        b"<w:tr>",
                        b"</w:tbl>",
                        b'w:val="x"',
                        b"\xff\xfe",
                    ]
                )
            )
            document[start:start] = piece
        else:
            document[start : start + 1] = draw(st.binary(min_size=1, max_size=3))
    return _with_document(bytes(document))


@st.composite
def dtd_payload(draw: st.DrawFn) -> bytes:
    payload = draw(st.sampled_from(_PAYLOADS))
    part = draw(
        st.sampled_from(["word/document.xml", "[Content_Types].xml", "word/styles.xml", "_rels/.rels"])
    )
    content = PARTS[part]
    if draw(st.booleans()):
        content = content.replace(b"?>", b"?>" + payload.split(b"?>", 1)[-1], 1)
    else:
        content = payload + content.split(b"?>", 1)[-1]
    return _zip({**PARTS, part: content})


bombs = st.sampled_from(
    [BOMB, NESTED_BOMB, ENCRYPTED_OLE, OLE_MAGIC + b"\0" * 512, b"%PDF-1.7\n" + b"x" * 64]
)
MALFORMED = st.one_of(
    mutated_docx, truncated_docx, random_bytes, junk_zip, mutated_xml(), dtd_payload(), bombs
)


@settings(
    max_examples=1000,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
@given(MALFORMED)
def test_malformed_files_give_only_input_errors(data: bytes) -> None:
    _import(data)


# -- each named bad file, with its French message


def _refused(data: bytes, max_bytes: int = MAX) -> str:
    with pytest.raises(InputError) as caught:
        import_fdap_docx(data, source="eleve.docx", max_bytes=max_bytes)
    assert caught.value.source == "eleve.docx"
    return caught.value.message


def test_oversized_file_is_refused_with_sizes_in_mo() -> None:
    assert (
        _refused(BASE + b"\0" * (MAX + 1 - len(BASE))) == "fichier trop volumineux (2,0 Mo ; limite 2,0 Mo)"
    )


def test_pdf_and_old_doc_are_not_docx() -> None:
    assert _refused(b"%PDF-1.7\n1 0 obj").startswith(
        "ce fichier n'est pas un document Word .docx (c'est un PDF)"
    )
    assert "ancien format .doc" in _refused(OLE_MAGIC + b"\0" * 512)
    assert _refused(b"Nom : Durand\nPrenom : Lea") == "ce fichier n'est pas un document Word .docx"
    assert _refused(b"") == "fichier vide"


def test_password_protected_office_file() -> None:
    assert (
        _refused(ENCRYPTED_OLE) == "document protégé par un mot de passe : enregistrez-le sans mot de passe"
    )


def test_truncated_and_corrupted_zips() -> None:
    assert "archive zip illisible ou tronquée" in _refused(BASE[: len(BASE) // 2])
    start = BASE.index(b"word/document.xml") + len("word/document.xml") + 40
    corrupted = BASE[:start] + bytes([BASE[start] ^ 0xFF]) + BASE[start + 1 :]
    message = _refused(corrupted)
    assert "endommagé" in message


def test_bad_crc_is_named() -> None:
    data = bytearray(_zip({**PARTS}, method=zipfile.ZIP_STORED))
    start = data.index(b"<w:body>")
    data[start + 1] = ord("W")
    assert "somme de contrôle invalide" in _refused(bytes(data))


def test_zip_bomb_by_declared_size_and_by_ratio() -> None:
    assert "contenu décompressé trop volumineux" in _refused(BOMB, max_bytes=1024 * 1024)
    assert "taux de compression anormal" in _refused(_bomb(5 * 1024 * 1024), max_bytes=MAX)


def test_zip_bomb_lying_about_its_size_is_stopped() -> None:
    """Central directory sizes shrunk: the reader never trusts them past the decompression limit."""
    data = bytearray(_bomb(3 * 1024 * 1024))
    name = b"word/media/zeros.bin"
    central = data.rindex(b"PK\x01\x02", 0, data.rindex(name))
    struct.pack_into("<I", data, central + 24, 1000)  # uncompressed size
    local = data.rindex(b"PK\x03\x04", 0, data.index(name))
    struct.pack_into("<I", data, local + 22, 1000)
    message = _refused(bytes(data))
    assert "endommagé" in message or "trop volumineux" in message


def test_too_many_members() -> None:
    assert "éléments" in _refused(_zip({**PARTS, **{f"word/x{i}.bin": b"" for i in range(1001)}}))


def test_doctype_and_entities_are_refused() -> None:
    billion_laughs = _PAYLOADS[1] + DOCUMENT.split(b"?>", 1)[-1]
    message = _refused(_with_document(billion_laughs))
    assert message == "fichier .docx refusé : déclaration DOCTYPE ou ENTITY interdite dans word/document.xml"
    external = _PAYLOADS[0] + PARTS["[Content_Types].xml"].split(b"?>", 1)[-1]
    assert "DOCTYPE ou ENTITY" in _refused(_zip({**PARTS, "[Content_Types].xml": external}))
    utf16 = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY y "z">]><x/>').encode("utf-16")
    assert "DOCTYPE ou ENTITY" in _refused(_zip({**PARTS, "word/custom.xml": utf16}))


def test_missing_document_part_and_other_office_files() -> None:
    without = {k: v for k, v in PARTS.items() if k != "word/document.xml"}
    assert _refused(_zip(without)) == "document Word incomplet : word/document.xml manquant"
    assert "[Content_Types].xml manquant" in _refused(_zip({"word/document.xml": DOCUMENT}))
    spreadsheet = PARTS["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml"
    )
    assert (
        _refused(_zip({**PARTS, "[Content_Types].xml": spreadsheet}))
        == "ce fichier n'est pas un document Word .docx"
    )


def test_unparsable_document_xml_is_an_input_error() -> None:
    assert "document Word illisible" in _refused(_with_document(DOCUMENT[: len(DOCUMENT) // 2]))


def test_a_real_document_imports_in_well_under_a_second() -> None:
    start = time.perf_counter()
    for _ in range(5):
        import_fdap_docx(BASE, source="eleve.docx", max_bytes=MAX)
    assert (time.perf_counter() - start) / 5 < 1.0
