"""Decoding and encoding of fdap/1 and fiche-sujet/1: strict keys, French messages naming the field."""

from __future__ import annotations

import json
from pathlib import Path

import msgspec
import pytest

from service.domain.codec import decode_fdap, decode_fiche, encode, load_fdap, read_bytes
from service.domain.fdap import Fdap, conformity_warnings
from service.errors import InputError
from tests.conftest import FDAP_FILES, fdap_ids

MINIMAL = {
    "nature": "NV",
    "cadre": {"organisation": "Mutuelle des Alpes", "offre_commerciale": "Complémentaires santé, prévoyance"},
    "analyse": {
        "historique_problematique": "Un kinésithérapeute installé depuis peu cherche une couverture."
    },
}


def _fdap_error(doc: object) -> InputError:
    with pytest.raises(InputError) as info:
        decode_fdap(json.dumps(doc).encode(), "dossier/fdap.json")
    return info.value


def test_minimal_fdap_is_accepted_with_conformity_warnings() -> None:
    fdap = decode_fdap(json.dumps(MINIMAL).encode(), "fdap.json")
    assert fdap.nature == "NV" and fdap.format == "fdap/1"
    fields = {field for field, _ in conformity_warnings(fdap)}
    assert {"analyse.lieu", "annexe_offre", "deroulement.phases", "candidat"} <= fields


@pytest.mark.parametrize(
    ("field", "expected"),
    [("organisation", "cadre.organisation"), ("offre_commerciale", "cadre.offre_commerciale")],
)
def test_missing_required_field_is_named(field: str, expected: str) -> None:
    doc = json.loads(json.dumps(MINIMAL))
    del doc["cadre"][field]
    error = _fdap_error(doc)
    assert error.field == expected
    assert str(error) == f"dossier/fdap.json : {expected} : champ obligatoire manquant"


def test_history_or_phases_is_required_and_either_is_enough() -> None:
    doc = json.loads(json.dumps(MINIMAL))
    doc["analyse"]["historique_problematique"] = "  "
    assert _fdap_error(doc).field == "analyse.historique_problematique"
    doc["deroulement"] = {"phases": [{"phase": "Découverte des besoins", "outils": "Questionnaire"}]}
    assert (
        decode_fdap(json.dumps(doc).encode(), "f.json").deroulement.phases[0].phase
        == "Découverte des besoins"
    )


def test_unknown_key_is_refused_by_name() -> None:
    doc = {**MINIMAL, "cadre": {**MINIMAL["cadre"], "organistion": "typo"}}
    error = _fdap_error(doc)
    assert error.field == "cadre.organistion"
    assert "clé inconnue" in error.message


def test_nature_is_limited_to_nv_and_ec() -> None:
    error = _fdap_error({**MINIMAL, "nature": "NEGO"})
    assert error.field == "nature"
    assert "NEGO" in error.message and "NV" in error.message and "EC" in error.message


def test_wrong_type_names_the_nested_path() -> None:
    doc = {**MINIMAL, "deroulement": {"phases": [{"phase": "ok"}, {"phase": 3}]}}
    error = _fdap_error(doc)
    assert error.field == "deroulement.phases[1].phase"
    assert error.message == "attendu : un texte, reçu : un nombre entier"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "fichier vide"),
        (b"   \n", "fichier vide"),
        (b"[1, 2]", "le document doit être un objet JSON { … }"),
        (b'{"nature": "NV",\n  "titre": }', "JSON mal formé à la ligne 2, colonne 12"),
        (b'{"nature": "NV"', "document JSON incomplet ou tronqué"),
        (b"\xff\xfe\x00", "le fichier n'est pas un texte UTF-8 (octet 0)"),
    ],
)
def test_unreadable_documents_get_french_messages(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as info:
        decode_fdap(data, "f.json")
    assert info.value.message == message


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "enorme.json"
    with big.open("wb") as handle:
        handle.truncate(6 * 1024 * 1024)
    with pytest.raises(InputError) as info:
        read_bytes(big, max_bytes=5 * 1024 * 1024)
    assert info.value.message == "fichier trop volumineux (6,0 Mo ; limite 5,0 Mo)"


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_fdap(tmp_path / "absent.json")
    assert str(info.value).endswith("absent.json : fichier introuvable")


@pytest.mark.parametrize("path", FDAP_FILES, ids=fdap_ids())
def test_every_fixture_round_trips_to_the_same_json(path: Path) -> None:
    original = json.loads(path.read_text(encoding="utf-8"))
    fdap = decode_fdap(path.read_bytes(), str(path))
    again = json.loads(encode(fdap))
    # Encoding writes every rubric: what the fixture had must come back unchanged.
    assert _subset(original, again)
    assert msgspec.json.decode(encode(fdap), type=Fdap) == fdap


def _subset(small: object, big: object) -> bool:
    if isinstance(small, dict) and isinstance(big, dict):
        return all(k in big and _subset(v, big[k]) for k, v in small.items())
    if isinstance(small, list) and isinstance(big, list):
        return len(small) == len(big) and all(_subset(a, b) for a, b in zip(small, big, strict=True))
    return small == big


def test_fiche_modification_parameter_is_checked() -> None:
    doc = {
        "nature": "NV",
        "modifications": [{"parametre": "date", "avant": "a", "apres": "b", "justification": "c"}],
    }
    with pytest.raises(InputError) as info:
        decode_fiche(json.dumps(doc).encode(), "fiche.json")
    assert info.value.field == "modifications[0].parametre"
    assert "dates_duree" in info.value.message
