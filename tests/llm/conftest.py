"""Fixtures of the language-model tests: the fake endpoint, settings pointing at it, valid answers."""

from __future__ import annotations

import asyncio
import copy
import re
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx2
import pytest

from service.domain.codec import load_fdap
from service.domain.fdap import Fdap
from service.domain.fiche_sujet import FicheSujet
from service.domain.personal import EMAIL, PHONE, fdap_people, fdap_texts
from service.engines.base import ProposalRequest
from service.engines.llm import LlmEngine
from service.engines.llm.schema import from_fiche
from service.engines.offline import OfflineEngine
from service.settings import Settings
from tests.conftest import FIXTURES
from tests.llm.fake_openai import FakeOpenAI

KINE = FIXTURES / "fdap" / "01-assurance-sante-kine.json"
T = TypeVar("T")
# Mailboxes that name a role, not a person: only the whole address is personal data then.
_ROLE_ADDRESSES = {"contact", "info", "accueil", "commercial", "direction", "reservation", "bonjour"}


@pytest.fixture
def fake_llm() -> Iterator[FakeOpenAI]:
    """A scripted OpenAI-compatible endpoint on 127.0.0.1, shut down after the test."""
    server = FakeOpenAI().start()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def llm_settings(fake_llm: FakeOpenAI, tmp_path: Path) -> Settings:
    """Settings aimed at the fake endpoint, with short timeouts; tweak with dataclasses.replace."""
    return Settings(
        llm_model="test-model",
        openai_base_url=fake_llm.url,
        openai_api_key="test",
        llm_timeout=2.0,
        llm_retries=2,
        llm_reasks=1,
        llm_output_mode="json_schema",
        llm_log=tmp_path / "calls.jsonl",
        llm_concurrency=4,
    )


@pytest.fixture(scope="session")
def kine() -> Fdap:
    return load_fdap(KINE)


def with_engine(settings: Settings, use: Callable[[LlmEngine], Awaitable[T]]) -> T:
    """Run `use(engine)` in a fresh event loop, the engine's HTTP client closed afterwards."""

    async def run() -> T:
        async with httpx2.AsyncClient() as http:
            return await use(LlmEngine(settings, http_client=http))

    return asyncio.run(run())


def propose(settings: Settings, fdap: Fdap, variants: int = 1) -> list[FicheSujet]:
    return with_engine(settings, lambda engine: engine.propose(fdap, ProposalRequest(variants=variants)))


def offline_fiches(fdap: Fdap, variants: int = 1) -> list[FicheSujet]:
    return OfflineEngine().generate(fdap, ProposalRequest(variants=variants))


def answer_of(
    fiche: FicheSujet, raisonnement: str = "Leviers : l'historique et une contrainte."
) -> dict[str, Any]:
    """The answer a well-behaved model gives: the fiche's body, reasoning first."""
    return from_fiche(fiche, raisonnement)


def valid_answer(fdap: Fdap) -> dict[str, Any]:
    """A rule-abiding answer for `fdap`: the offline engine's own first proposal."""
    return answer_of(offline_fiches(fdap)[0])


def altered(answer: dict[str, Any], sheet: str, row: str, extra: str) -> dict[str, Any]:
    """A copy of `answer` with `extra` appended to one row."""
    changed = copy.deepcopy(answer)
    changed[sheet][row] += extra
    return changed


def _name(word: str) -> str:
    """A name as it may be written (as given, upper case, title case), not inside a longer word."""
    forms = sorted({word, word.upper(), word.title()}, key=len, reverse=True)
    return r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w-])"


def _digits(number: str) -> str:
    """A number however it is spaced or dotted."""
    return r"(?<!\d)" + r"[\s.-]?".join(re.escape(d) for d in re.sub(r"\D", "", number)) + r"(?!\d)"


def personal_patterns(fdap: Fdap) -> dict[str, re.Pattern[str]]:
    """What must never reach a model, by label: the candidate's identity, phones, e-mails, real people."""
    text = "\n".join(fdap_texts(fdap))
    found: dict[str, str] = {}
    for label in ("nom", "prenom"):
        value = getattr(fdap.candidat, label).strip()
        if value:
            found[f"candidat.{label}"] = _name(value)
    if fdap.candidat.numero.strip():
        found["candidat.numero"] = _digits(fdap.candidat.numero)
    for phone in PHONE.findall(text):
        found[f"téléphone {phone}"] = _digits(phone)
    for email in EMAIL.findall(text):
        local = email.split("@")[0]
        found[f"courriel {email}"] = r"(?i)" + re.escape(local if local not in _ROLE_ADDRESSES else email)
    for person in fdap_people(fdap):
        found[f"personne {person.full}"] = _name(person.surname)
    return {label: re.compile(pattern) for label, pattern in found.items()}


def leaks(text: str, fdap: Fdap) -> list[str]:
    return [label for label, pattern in personal_patterns(fdap).items() if pattern.search(text)]
