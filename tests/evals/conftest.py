"""Fixtures of the evaluation tests: the language-model tests' fake endpoint, under the name used here."""

from __future__ import annotations

import pytest

from tests.llm.conftest import fake_llm  # noqa: F401 - the fixture, shared rather than copied
from tests.llm.fake_openai import FakeOpenAI


@pytest.fixture
def endpoint(fake_llm: FakeOpenAI) -> FakeOpenAI:  # noqa: F811
    return fake_llm
