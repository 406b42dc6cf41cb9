"""`fichesujet import FDAP.docx`, and the Word form accepted wherever a command takes an FDAP."""

from __future__ import annotations

import json
from pathlib import Path

import msgspec

from service.domain.fdap import Fdap
from tests.conftest import FDAP_FILES, Runner, load_json
from tests.intake.docx_writer import STRAY_TEXT, Variant, write_fdap_docx

FDAP_PATH = FDAP_FILES[0]
FDAP = msgspec.json.decode(FDAP_PATH.read_bytes(), type=Fdap)


def _docx(tmp_path: Path, variant: Variant | None = None, name: str = "fdap-eleve.docx") -> Path:
    path = tmp_path / name
    path.write_bytes(write_fdap_docx(FDAP, variant or Variant()))
    return path


def test_import_prints_the_fdap_json(fichesujet: Runner, tmp_path: Path) -> None:
    result = fichesujet("import", str(_docx(tmp_path)))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == load_json(FDAP_PATH)
    assert result.stderr == ""


def test_import_warns_of_text_it_could_not_place(fichesujet: Runner, tmp_path: Path) -> None:
    result = fichesujet("import", str(_docx(tmp_path, Variant(outside_text=True))))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.strip().split("\n")
    assert len(lines) == 1
    assert lines[0].startswith("Avertissement : rubrique hors tableau : texte tapé hors des tableaux")
    assert STRAY_TEXT in lines[0]


def test_import_refuses_a_bad_file_with_exit_2(fichesujet: Runner, tmp_path: Path) -> None:
    pdf = tmp_path / "fdap.docx"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
    result = fichesujet("import", str(pdf))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "fdap.docx : ce fichier n'est pas un document Word .docx (c'est un PDF)" in result.stderr
    truncated = tmp_path / "tronque.docx"
    truncated.write_bytes(_docx(tmp_path).read_bytes()[:5000])
    result = fichesujet("import", str(truncated))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "tronque.docx : fichier .docx endommagé" in result.stderr


def test_import_respects_the_size_setting(fichesujet: Runner, tmp_path: Path) -> None:
    result = fichesujet("import", str(_docx(tmp_path)), env={"FICHESUJET_MAX_DOCX_BYTES": "1048576"})
    assert result.returncode == 2
    assert "fichier trop volumineux" in result.stderr
    assert "limite 1,0 Mo" in result.stderr


def test_propose_and_check_take_the_word_form(fichesujet: Runner, tmp_path: Path) -> None:
    word = _docx(tmp_path)
    proposed = fichesujet("propose", str(word), "--variants", "1")
    assert proposed.returncode == 0, proposed.stderr
    from_json = fichesujet("propose", str(FDAP_PATH), "--variants", "1")
    assert json.loads(proposed.stdout) == json.loads(from_json.stdout)
    fiche = tmp_path / "fiche.json"
    fiche.write_text(json.dumps(json.loads(proposed.stdout)["propositions"][0]), encoding="utf-8")
    checked = fichesujet("check", str(fiche), "--fdap", str(word))
    assert checked.returncode == 0, checked.stderr
    assert json.loads(checked.stdout)["ok"] is True


def test_propose_names_the_empty_required_rubric_of_a_word_form(fichesujet: Runner, tmp_path: Path) -> None:
    thin = msgspec.structs.replace(FDAP, cadre=msgspec.structs.replace(FDAP.cadre, organisation=""))
    path = tmp_path / "sans-organisation.docx"
    path.write_bytes(write_fdap_docx(thin))
    result = fichesujet("propose", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert (
        "cadre.organisation : rubrique « Nom de l'organisation » vide dans le document Word" in result.stderr
    )
