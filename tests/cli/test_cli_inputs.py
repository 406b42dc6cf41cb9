"""The `fichesujet` command on bad input: exit 2, a French message naming the problem, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, Runner

FDAP = FIXTURES / "fdap" / "01-assurance-sante-kine.json"


def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def _assert_clean_failure(result: object, code: int, *fragments: str) -> None:
    stderr = result.stderr  # type: ignore[attr-defined]
    assert result.returncode == code, stderr  # type: ignore[attr-defined]
    assert "Traceback" not in stderr
    assert result.stdout == ""  # type: ignore[attr-defined]
    for fragment in fragments:
        assert fragment in stderr


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        (b"ceci n'est pas du JSON", ("JSON mal formé à la ligne 1",)),
        (b"", ("fichier vide",)),
        (
            json.dumps({"nature": "NV", "cadre": {"organisation": "A", "offre": "B"}}).encode(),
            ("cadre.offre", "clé inconnue"),
        ),
        (json.dumps({"nature": "XY"}).encode(), ("nature", "'XY'", "« NV » ou « EC »")),
        (
            json.dumps({"nature": "EC", "cadre": {"organisation": "Jardinerie"}}).encode(),
            ("cadre.offre_commerciale : champ obligatoire manquant",),
        ),
    ],
    ids=["pas-json", "vide", "cle-inconnue", "mauvaise-nature", "champ-obligatoire"],
)
def test_propose_refuses_bad_fdap_with_exit_2(
    tmp_path: Path, fichesujet: Runner, content: bytes, fragments: tuple[str, ...]
) -> None:
    path = _write(tmp_path, "fdap-eleve.json", content)
    result = fichesujet("propose", str(path))
    _assert_clean_failure(result, 2, "fdap-eleve.json", *fragments)


def test_propose_refuses_a_50_mb_file(tmp_path: Path, fichesujet: Runner) -> None:
    path = tmp_path / "enorme.json"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    result = fichesujet("propose", str(path))
    _assert_clean_failure(result, 2, "enorme.json", "fichier trop volumineux (50,0 Mo ; limite 5,0 Mo)")


def test_check_refuses_bad_fiche_with_exit_2(tmp_path: Path, fichesujet: Runner) -> None:
    fiche = _write(
        tmp_path, "fiche.json", json.dumps({"nature": "NV", "fiche_jury": {"objection": []}}).encode()
    )
    result = fichesujet("check", str(fiche), "--fdap", str(FDAP))
    _assert_clean_failure(result, 2, "fiche.json : fiche_jury.objection : clé inconnue")


def test_missing_file_and_bad_arguments_are_explained_in_french(tmp_path: Path, fichesujet: Runner) -> None:
    result = fichesujet("propose", str(tmp_path / "absente.json"))
    _assert_clean_failure(result, 2, "absente.json : fichier introuvable")
    result = fichesujet("propose", str(FDAP), "--variants", "50")
    _assert_clean_failure(result, 2, "entre 1 et 10")
    result = fichesujet("check", str(FDAP))
    _assert_clean_failure(result, 2, "arguments obligatoires manquants : --fdap")


def test_bad_setting_is_reported_not_raised(fichesujet: Runner) -> None:
    result = fichesujet("propose", str(FDAP), env={"FICHESUJET_SIMULATION_MINUTES": "quinze"})
    _assert_clean_failure(result, 2, "FICHESUJET_SIMULATION_MINUTES doit être un nombre entier")
