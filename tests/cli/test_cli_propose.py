"""`fichesujet propose` and `check` end to end, as a teacher runs them on every fixture FDAP."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.domain.codec import decode_fiche, load_fdap
from service.domain.rules import check
from tests.conftest import FDAP_FILES, FIXTURES, Runner, fdap_ids


def _propose(fichesujet: Runner, path: Path, *extra: str) -> list[dict[str, object]]:
    result = fichesujet("propose", str(path), *extra)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    proposals = json.loads(result.stdout)["propositions"]
    assert isinstance(proposals, list)
    return proposals


@pytest.mark.parametrize("path", FDAP_FILES, ids=fdap_ids())
def test_three_valid_proposals_with_distinct_levers(fichesujet: Runner, path: Path) -> None:
    proposals = _propose(fichesujet, path)
    assert len(proposals) == 3
    fdap = load_fdap(path)
    levers = []
    for raw in proposals:
        fiche = decode_fiche(json.dumps(raw).encode(), "proposition")
        errors = [c for c in check(fiche, fdap) if c.gravite == "erreur"]
        assert errors == [], errors
        assert fiche.nature == fdap.nature and fiche.candidat == fdap.candidat
        levers.append(frozenset(m.parametre for m in fiche.modifications))
    assert len(set(levers)) == 3, levers


def test_same_seed_same_proposals_other_seed_other_ones(fichesujet: Runner) -> None:
    path = FIXTURES / "fdap" / "02-running-analyse-foulee.json"
    first = _propose(fichesujet, path, "--seed", "11")
    assert _propose(fichesujet, path, "--seed", "11") == first
    assert _propose(fichesujet, path, "--seed", "12") != first


def test_check_accepts_a_proposal_and_refuses_a_marked_copy(fichesujet: Runner, tmp_path: Path) -> None:
    path = FIXTURES / "fdap" / "11-b2b-petit-dejeuner-cybersecurite.json"
    fiche = _propose(fichesujet, path, "--variants", "1")[0]
    good = tmp_path / "fiche.json"
    good.write_text(json.dumps(fiche, ensure_ascii=False), encoding="utf-8")
    result = fichesujet("check", str(good), "--fdap", str(path))
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout)["ok"] is True

    fiche["fiche_candidat"]["contraintes"] += " Le candidat sera évalué sur 20 points."  # type: ignore[index]
    bad = tmp_path / "fiche-notee.json"
    bad.write_text(json.dumps(fiche, ensure_ascii=False), encoding="utf-8")
    result = fichesujet("check", str(bad), "--fdap", str(path))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert {"code": "notation_interdite", "gravite": "erreur", "champ": "fiche_candidat.contraintes"} in [
        {k: c[k] for k in ("code", "gravite", "champ")} for c in report["constats"]
    ]


def test_thin_fdap_warns_of_missing_rubrics_and_still_proposes(fichesujet: Runner, tmp_path: Path) -> None:
    thin = tmp_path / "mince.json"
    thin.write_text(
        json.dumps(
            {
                "nature": "NV",
                "cadre": {
                    "organisation": "Cycles Martin",
                    "offre_commerciale": "Vélos électriques, entretien, location",
                },
                "analyse": {"historique_problematique": "Une cliente hésite entre deux vélos électriques."},
            }
        ),
        encoding="utf-8",
    )
    result = fichesujet("propose", str(thin))
    assert result.returncode == 0, result.stderr
    assert "Avertissement : " in result.stderr and "analyse.lieu" in result.stderr
    assert len(json.loads(result.stdout)["propositions"]) == 3


def test_llm_engine_not_configured_exits_3_with_a_reason(fichesujet: Runner) -> None:
    result = fichesujet("propose", str(FDAP_FILES[0]), "--engine", "llm", env={"FICHESUJET_LLM_MODEL": ""})
    assert result.returncode == 3
    assert result.stderr.startswith("Erreur : aucune proposition valide")
    assert "FICHESUJET_LLM_MODEL" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("path", sorted((FIXTURES / "fdap").glob("*.docx")), ids=lambda p: p.stem)
def test_the_official_word_form_of_a_messy_fdap_gives_three_valid_proposals(
    fichesujet: Runner, path: Path
) -> None:
    proposals = _propose(fichesujet, path)
    assert len(proposals) == 3
    fdap = load_fdap(path.with_suffix(".json"))
    for raw in proposals:
        fiche = decode_fiche(json.dumps(raw).encode(), "proposition")
        assert [c for c in check(fiche, fdap) if c.gravite == "erreur"] == []
