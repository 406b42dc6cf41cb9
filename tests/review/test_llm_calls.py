"""A generation job on the model engine writes each of its model calls into table llm_call."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import select

from service.db.models import LlmCall
from service.domain.codec import load_fdap
from service.review import jobs
from service.settings import Settings
from tests.llm.conftest import altered, valid_answer
from tests.llm.conftest import fake_llm as fake_llm  # the fixture: a scripted endpoint on loopback
from tests.llm.fake_openai import FakeOpenAI, answer_json
from tests.review.conftest import FDAP, Factory, World

pytestmark = pytest.mark.anyio


async def test_a_jobs_model_calls_are_stored_with_its_id(
    factory: Factory, db_settings: Settings, world: World, fake_llm: FakeOpenAI, tmp_path: Path
) -> None:
    good = valid_answer(load_fdap(FDAP))
    with_mark = altered(good, "fiche_candidat", "informations", " Le candidat sera noté sur 20.")
    fake_llm.script(answer_json(with_mark, usage=(1200, 800)), answer_json(good, usage=(1500, 700)))
    settings = dataclasses.replace(
        db_settings,
        llm_model="test-model",
        openai_base_url=fake_llm.url,
        openai_api_key="test",
        llm_output_mode="json_schema",
        llm_timeout=5.0,
        llm_reasks=1,
        llm_log=tmp_path / "appels.jsonl",
    )
    async with factory() as session, session.begin():
        job_id = await jobs.enqueue(session, world.fdap, 1, "llm")
    assert await jobs.run_once(factory, settings, "w1") == job_id
    async with factory() as session:
        progress = await jobs.job_progress(session, job_id)
        calls = list(await session.scalars(select(LlmCall).order_by(LlmCall.attempt)))
    assert (progress.statut, progress.moteur, progress.propositions) == ("done", "llm", 1)
    assert [(c.job_id, c.attempt, c.outcome) for c in calls] == [(job_id, 1, "regles"), (job_id, 2, "ok")]
    assert [(c.tokens_in, c.tokens_out) for c in calls] == [(1200, 800), (1500, 700)]
    assert {(c.prompt, c.model, c.output_mode) for c in calls} == {("propose", "test-model", "json_schema")}
    assert all(len(c.prompt_hash) == 16 and c.endpoint.startswith("http://127.0.0.1") for c in calls)
    assert "notation_interdite" in calls[0].detail and calls[1].detail == ""
    assert len((tmp_path / "appels.jsonl").read_text().splitlines()) == 2  # the JSON-lines log as well
