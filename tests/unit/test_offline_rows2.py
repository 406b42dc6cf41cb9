"""The FDAP's text as the offline engine restates it: never a word cut, a name redacted into a noun phrase
that reads, offer items that are names, no feelings of the student, figures with what they measure.

A second panel of teachers read « perdaient du tem. », « l'autrice jeunesse l'interlocuteur » and
« Offre « - contrôle technique » » on sheets built from FDAPs nobody had seen.
"""

from __future__ import annotations

from pathlib import Path

from msgspec.structs import replace

from service.domain.codec import load_fdap
from service.domain.constats import FdapContext
from service.domain.fdap import Fdap
from service.engines.offline import restate
from service.engines.offline.facts import build

ROOT = Path(__file__).resolve().parents[2]
SOLAR = ROOT / "fixtures" / "fdap" / "21-solaire-autoconsommation-couple.json"


def _with_history(text: str) -> Fdap:
    fdap = load_fdap(SOLAR)
    return replace(fdap, analyse=replace(fdap.analyse, historique_problematique=text))


def _story(text: str) -> str:
    fdap = _with_history(text)
    return restate.lived_story(build(fdap, FdapContext.of(fdap)))


def test_a_word_ending_like_a_problem_marker_is_never_cut() -> None:
    story = _story(
        "Le spa lavait son linge lui-même mais une machine est tombée en panne et les esthéticiennes "
        "perdaient du temps à faire les lessives entre les soins. Le problème c'était le prix."
    )
    assert "tem." not in story and "perdaient du temps à faire les lessives entre les soins." in story
    story = _story("Le client est fidèle à la concession depuis longtemps.")
    assert "depuis longtemps." in story


def test_a_story_cut_before_its_problem_statement_loses_the_connector() -> None:
    story = _story(
        "Le client est fidèle à la concession depuis dix ans mais son tracteur tombe souvent en panne "
        "donc la problématique c'était de lui faire accepter l'investissement."
    )
    assert story.endswith("tombe souvent en panne."), story
