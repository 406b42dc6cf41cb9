"""Offline proposals name the superior, partner or client with articles that agree with their gender."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import msgspec
import pytest

from service.domain.codec import load_fdap
from service.domain.fiche_sujet import FicheSujet
from service.engines.base import ProposalRequest
from service.engines.offline import OfflineEngine
from tests.conftest import FDAP_FILES, fdap_ids

SEEDS = range(6)
# A masculine article or contraction before a feminine noun: "du gérante", "Le directrice".
MASCULINE_BEFORE_FEMININE = re.compile(r"\b(du|au|le|Le|Du|Au) \w+(ante|rice|euse|ière|esse)\b")
# A feminine article before a masculine title: "la gérant", "à la directeur".
FEMININE_BEFORE_MASCULINE = re.compile(
    r"\b(de la|à la|la|La) (gérant|directeur|responsable commercial|président)\b"
)


@cache
def _proposals(path: Path) -> tuple[FicheSujet, ...]:
    fdap = load_fdap(path)
    return tuple(
        fiche
        for seed in SEEDS
        for fiche in OfflineEngine().generate(fdap, ProposalRequest(variants=6, seed=seed))
    )


def _rows(fiche: FicheSujet) -> list[str]:
    """Every row of both sheets, the actors and each objection as a row of its own."""
    rows: list[str] = []
    for sheet in (fiche.fiche_candidat, fiche.fiche_jury):
        for value in msgspec.to_builtins(sheet).values():
            if isinstance(value, dict):
                rows += value.values()
            elif isinstance(value, list):
                rows += value
            else:
                rows.append(value)
    return rows


@pytest.mark.parametrize("path", FDAP_FILES, ids=fdap_ids())
def test_articles_agree_with_the_gender_of_the_role(path: Path) -> None:
    found = [
        hit.group(0)
        for fiche in _proposals(path)
        for row in _rows(fiche)
        for pattern in (MASCULINE_BEFORE_FEMININE, FEMININE_BEFORE_MASCULINE)
        for hit in pattern.finditer(row)
    ]
    assert found == []


def test_a_feminine_manager_is_la_gerante_on_both_sheets() -> None:
    path = next(p for p in FDAP_FILES if p.stem.startswith("09-"))
    texts = [row for fiche in _proposals(path) for row in _rows(fiche)]
    assert any("l'accord de la gérante" in row for row in texts)
    assert any(row.startswith("La gérante") or ". La gérante " in row for row in texts)
