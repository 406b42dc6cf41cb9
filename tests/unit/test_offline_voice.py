"""The offline engine speaks in each sheet's voice and gives the jury one person to play.

The FDAP is written in the student's first person ("ma tutrice", "notre site", "j'ai"); the candidate
sheet says "vous", the jury sheet speaks of "le candidat". Objections are the character's own words and
quotations (« … ») are the FDAP's labels: both may say "je".
"""

from __future__ import annotations

import dataclasses
import random
import re
from pathlib import Path

import pytest

from service.domain.codec import load_fdap
from service.domain.constats import FdapContext
from service.domain.fiche_sujet import FicheSujet, body_fields
from service.engines.base import ProposalRequest
from service.engines.offline import OfflineEngine, ec, ec_jury
from service.engines.offline.facts import build
from service.engines.offline.french import theirs, yours
from service.engines.offline.levers import Plan
from service.engines.offline.roles import one_of, plural
from tests.conftest import FDAP_FILES, fdap_ids

ENGINE = OfflineEngine()
FIRST_PERSON = re.compile(r"\b(?:ma|mon|mes|notre|nos|moi|je|nous|me)\b|\b[jm]['’]", re.IGNORECASE)
QUOTED = re.compile(r"«[^»]*»")
GROUP = re.compile(r"^(?:deux|trois|quatre|les|des|\d+) \w+", re.IGNORECASE)
PLAYED = re.compile(r"Vous jouez [^,]+, \d+ ans, ((?:deux|trois|quatre|les|des|\d+) \w+)", re.IGNORECASE)


def _slips(fiche: FicheSujet, organisation: str = "") -> list[tuple[str, str]]:
    """First person outside objections, quotations and the firm's own name, and a group given to the jury."""
    name = re.split(r"\s+[-–(]", organisation)[0].strip()
    found = []
    for path, text in body_fields(fiche):
        if path.startswith(("fiche_jury.objections", "modifications")):
            continue
        text = text.replace(name, "") if name else text
        found += [(path, m.group(0)) for m in FIRST_PERSON.finditer(QUOTED.sub("", text))]
        found += [(path, m.group(1)) for m in PLAYED.finditer(text)]
    played = re.sub(r"^[^,]+, (?:\d+ ans, )?", "", fiche.fiche_candidat.acteurs.jury)
    found += [("fiche_candidat.acteurs.jury", played) for _ in GROUP.findall(played)]
    return found


@pytest.mark.parametrize("path", FDAP_FILES, ids=fdap_ids())
def test_sheets_never_speak_in_the_students_first_person_nor_cast_a_group(path: Path) -> None:
    fdap = load_fdap(path)
    for seed in range(5):
        for fiche in ENGINE.generate(fdap, ProposalRequest(variants=6, seed=seed)):
            assert _slips(fiche, fdap.cadre.organisation) == []


@pytest.mark.parametrize(
    ("fdap", "candidate", "jury"),
    [
        (
            "La directrice et associée du club, ma tutrice hésite.",
            "La directrice et associée du club, votre tutrice hésite.",
            "La directrice et associée du club, tutrice du candidat hésite.",
        ),
        (
            "Le gérant du domaine et mon tuteur décide.",
            "Le gérant du domaine et votre tuteur décide.",
            "Le gérant du domaine et tuteur du candidat décide.",
        ),
        ("Ma tutrice valide.", "Votre tutrice valide.", "La tutrice du candidat valide."),
        ("sur notre site internet", "sur votre site internet", "sur le site internet"),
        ("le contact de notre site", "le contact de votre site", "le contact du site"),
        (
            "l'accord de mon tuteur et de ma tutrice",
            "l'accord de votre tuteur et de votre tutrice",
            "l'accord du tuteur du candidat et de la tutrice du candidat",
        ),
        ("À nos clients", "À vos clients", "Aux clients"),
        (
            "que notre assurance et nos forfaits",
            "que votre assurance et vos forfaits",
            "que l'assurance et les forfaits",
        ),
        (
            "La directrice m'a confié l'organisation.",
            "La directrice vous a confié l'organisation.",
            "La directrice a confié au candidat l'organisation.",
        ),
        (
            "Nous avons ciblé les étudiants.",
            "Vous avez ciblé les étudiants.",
            "L'entreprise a ciblé les étudiants.",
        ),
        (
            "J'ai obtenu le rendez-vous.",
            "Vous avez obtenu le rendez-vous.",
            "Le candidat a obtenu le rendez-vous.",
        ),
        ("moi, stagiaire", "vous, stagiaire", "le candidat, stagiaire"),
        ("Mme Monet, Marc Nosy, Mathieu", "Mme Monet, Marc Nosy, Mathieu", "Mme Monet, Marc Nosy, Mathieu"),
    ],
)
def test_first_person_is_restated_in_each_sheets_voice(fdap: str, candidate: str, jury: str) -> None:
    assert yours(fdap) == candidate
    assert theirs(fdap) == jury


def test_a_group_is_played_by_one_of_its_members() -> None:
    assert plural("deux coachs du club") and plural("les 3 serveurs") and not plural("le magasin de sport")
    assert one_of("deux coachs du club", "m") == "l'un des coachs du club"
    assert one_of("les 3 serveurs", "f") == "l'une des serveurs"


def test_an_fdap_whose_only_partner_is_a_group_gets_one_member_of_it() -> None:
    fdap = load_fdap(next(p for p in FDAP_FILES if p.name.startswith("14-")))
    m = build(fdap, FdapContext.of(fdap))
    groups_only = dataclasses.replace(
        m, actors=tuple(a for a in m.actors if a.kind != "partenaire" or plural(a.label))
    )
    plan = Plan("partenaire", (("acteurs", "partenaire"),))
    for seed in range(4):
        draft = ec_jury.draft(ec.build_scene(groups_only, plan, random.Random(seed), 15, frozenset()))
        assert re.search(r", l'une? des coachs du club\b", draft.candidat.acteurs.jury)
        assert "l'engagement du partenaire" in draft.candidat.objectifs_communication
        assert "deux coachs" not in draft.candidat.acteurs.jury + draft.jury.identite
