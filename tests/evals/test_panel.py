"""Panel ratings: the loader, the separation of « à réécrire », agreement between raters, the command.

tests/evals/ratings/ holds two synthetic readings (raters « synthetique-A » and « synthetique-B ») of the
same six offline proposals, one of them spoiled by hand; they are test material, not a panel's ratings.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from evals.command import run
from evals.panel import agreement, auc, cohen_kappa, verdicts
from evals.ratings import load_ratings
from service.cli import build_parser
from service.errors import InputError
from service.settings import Settings
from tests.conftest import ROOT

RATINGS = ROOT / "tests" / "evals" / "ratings"
MAX = 5_000_000


def _args(*extra: str) -> Any:
    return build_parser().parse_args(["eval", *extra])


def _reading(tmp_path: Path, **changes: Any) -> Path:
    data = json.loads((RATINGS / "synthetique-A.json").read_text(encoding="utf-8"))
    proposal = data["proposals"][0]
    for key, value in changes.items():
        target = proposal["notes"] if key in proposal["notes"] else proposal
        target[key] = value
    path = tmp_path / "lecture.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_synthetic_readings_load_with_their_embedded_sheets() -> None:
    ratings = load_ratings(RATINGS, MAX)
    assert len(ratings) == 12 and len({r.proposal for r in ratings}) == 6
    assert {r.rater for r in ratings} == {"synthetique-A", "synthetique-B"}
    assert ratings[0].item.fiche.nature == "NV" and ratings[0].commit == "82b0840"


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"changement": 6}, "changement"),
        ({"verdict": "à reprendre"}, "verdict"),
        ({"note_globale": 3}, "note_globale"),
    ],
)
def test_a_reading_off_the_format_is_refused_naming_the_field(
    tmp_path: Path, change: dict[str, Any], said: str
) -> None:
    with pytest.raises(InputError, match=said) as caught:
        load_ratings(_reading(tmp_path, **change), MAX)
    assert "fichesujet-ratings/1" in str(caught.value)


def test_a_proposal_rated_twice_in_one_reading_is_refused(tmp_path: Path) -> None:
    data = json.loads((RATINGS / "synthetique-A.json").read_text(encoding="utf-8"))
    data["proposals"].append(data["proposals"][0])
    path = tmp_path / "double.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match="notée deux fois"):
        load_ratings(path, MAX)


def test_auc_reads_which_way_is_worse_and_counts_ties_half() -> None:
    assert auc([0.1, 0.2], [0.8, 0.9], +1) == 1.0
    assert auc([0.1, 0.2], [0.8, 0.9], -1) == 0.0
    assert auc([3.0], [0.0, 3.0], -1) == 0.75
    assert auc([0.5], [0.5], +1) == 0.5 and auc([], [0.5], +1) is None


def test_cohen_kappa_is_one_for_full_agreement_and_undefined_for_one_single_verdict() -> None:
    assert cohen_kappa([("a", "a"), ("b", "b")]) == 1.0
    assert cohen_kappa([("a", "a"), ("a", "a")]) is None
    assert cohen_kappa([("a", "b"), ("b", "a")]) == -1.0 and cohen_kappa([]) is None


def test_two_raters_of_the_same_proposals_are_compared() -> None:
    pair = agreement(load_ratings(RATINGS, MAX))
    assert len(pair) == 1 and pair[0]["shared"] == 6
    # 4 of 6 verdicts agree; A gave 2/3/1 and B 1/3/2 (tel quel / retouches / à réécrire): 13/36 by chance.
    assert pair[0]["agreement"] == 0.6667 and pair[0]["kappa"] == round((4 / 6 - 13 / 36) / (1 - 13 / 36), 4)


def test_verdict_counts_and_shares() -> None:
    v = verdicts(load_ratings(RATINGS, MAX))
    assert v["counts"] == {"tel_quel": 3, "retouches_legeres": 6, "a_reecrire": 3}
    assert v["share_tel_quel"] == 0.25 and v["share_approvable"] == 0.75 and v["without_quote"] == 1


def test_eval_ratings_rescores_the_rated_proposals_and_reports_the_separation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(_args("--ratings", str(RATINGS), "--out", str(tmp_path)), Settings()) == 0
    result = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    assert result["engine"] == "notations : offline @ 82b0840" and result["summary"]["proposals"] == 6
    rows = {r["score"]: r for r in result["ratings"]["separation"]}
    assert {"significance", "facts_carried", "writing_faults", "markers", "rule_errors"} <= set(rows)
    # The hand-spoiled sheet (broken French, no figure) is the one both raters send back.
    assert rows["writing_faults"]["mean_bad"] > rows["writing_faults"]["mean_rest"]
    assert rows["facts_carried"]["auc"] > 0.5
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "le panel d'enseignants" in html and "kappa de Cohen" in html and "de Optique" in html
    assert "panel : 12 notation(s) de 2 lecteur(s)" in capsys.readouterr().err


def test_rated_fdaps_missing_from_the_cases_folder_are_named(tmp_path: Path) -> None:
    kine = ROOT / "fixtures" / "fdap" / "01-assurance-sante-kine.json"
    args = _args("--ratings", str(RATINGS), "--cases", str(kine), "--out", str(tmp_path))
    with pytest.raises(InputError, match="17-opticien-verres-progressifs"):
        run(args, Settings())


def test_a_baseline_is_never_written_from_ratings(tmp_path: Path) -> None:
    args = _args("--ratings", str(RATINGS), "--save-baseline", str(tmp_path / "ref.json"))
    with pytest.raises(InputError, match="pas sur des notations"):
        run(args, Settings())
    assert not (tmp_path / "ref.json").exists()


@pytest.mark.parametrize(
    ("reading", "raters"),
    [
        ("lecture-1", {"lecteur-A", "lecteur-B", "lecteur-C"}),
        ("lecture-2", {"lecteur-D", "lecteur-E", "lecteur-F"}),
        ("lecture-3", {"lecteur-G", "lecteur-H", "lecteur-I"}),
        ("lecture-4", {"lecteur-J", "lecteur-N", "lecteur-P"}),
        ("lecture-5", {"lecteur-Q", "lecteur-R", "lecteur-S"}),
        ("lecture-6", {"lecteur-T", "lecteur-U", "lecteur-V"}),
        ("lecture-7", {"lecteur-W", "lecteur-X", "lecteur-Y"}),
    ],
)
def test_the_committed_panel_readings_are_complete_and_quote_every_fault(
    reading: str, raters: set[str]
) -> None:
    """evals/ratings/lecture-N/: three teachers' readings of the offline engine on the messy FDAPs (and
    held-out ones, kept beside them in evals/ratings/fdap/), each proposal embedded as it was rated."""
    ratings = load_ratings(ROOT / "evals" / "ratings" / reading, MAX)
    assert {r.rater for r in ratings} == raters
    assert len(ratings) >= 60
    assert len({r.commit for r in ratings}) == 1  # one reading, one engine
    cases = {path.stem for path in (ROOT / "evals" / "ratings" / "fdap").glob("*.json")}
    assert {r.item.case for r in ratings} <= cases
    assert all(r.item.citations for r in ratings if r.item.verdict != "tel_quel")
