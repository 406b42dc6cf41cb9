"""The fake endpoint speaks the OpenAI protocol well enough for the real SDK."""

from __future__ import annotations

import asyncio

import openai
import pytest

from tests.llm.fake_openai import FakeOpenAI, answer, hang, raw_body, status


def _client(server: FakeOpenAI, timeout: float = 5.0, retries: int = 0) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(base_url=server.url, api_key="test", max_retries=retries, timeout=timeout)


def test_a_scripted_answer_reaches_the_sdk_and_the_request_is_recorded(fake_llm: FakeOpenAI) -> None:
    fake_llm.script(answer("Bonjour", usage=(12, 3)))

    async def call() -> openai.types.chat.ChatCompletion:
        async with _client(fake_llm) as client:
            return await client.chat.completions.create(
                model="test-model", messages=[{"role": "user", "content": "Salut"}]
            )

    completion = asyncio.run(call())
    assert completion.choices[0].message.content == "Bonjour"
    assert completion.choices[0].finish_reason == "stop"
    assert completion.model == "test-model"
    assert completion.usage is not None and completion.usage.total_tokens == 15
    assert fake_llm.requests == [{"model": "test-model", "messages": [{"role": "user", "content": "Salut"}]}]
    assert fake_llm.received[0].headers["authorization"] == "Bearer test"


def test_steps_play_in_order_and_the_last_one_repeats(fake_llm: FakeOpenAI) -> None:
    fake_llm.script(status(429, headers={"Retry-After": "0"}), answer("un"), answer("deux"))

    async def calls() -> list[str | None]:
        async with _client(fake_llm) as client:
            contents = []
            for _ in range(3):
                reply = await client.chat.completions.create(model="m", messages=[])
                contents.append(reply.choices[0].message.content)
            return contents

    with pytest.raises(openai.RateLimitError):
        asyncio.run(calls())
    assert asyncio.run(calls()) == ["un", "deux", "deux"]
    assert len(fake_llm.requests) == 4


def test_an_error_step_carries_an_openai_style_body(fake_llm: FakeOpenAI) -> None:
    fake_llm.script(status(400, "response_format json_schema not supported"))

    async def call() -> None:
        async with _client(fake_llm) as client:
            await client.chat.completions.create(model="m", messages=[])

    with pytest.raises(openai.BadRequestError) as caught:
        asyncio.run(call())
    assert caught.value.status_code == 400
    assert caught.value.body == {
        "message": "response_format json_schema not supported",
        "type": "invalid_request_error",
        "code": "400",
    }


def test_the_models_list_names_one_model(fake_llm: FakeOpenAI) -> None:
    async def call() -> list[str]:
        async with _client(fake_llm) as client:
            return [m.id async for m in client.models.list()]

    assert asyncio.run(call()) == ["test-model"]
    assert fake_llm.requests == []


def test_a_hanging_endpoint_trips_the_client_timeout_and_does_not_block_shutdown(
    fake_llm: FakeOpenAI,
) -> None:
    fake_llm.script(hang(30))

    async def call() -> None:
        async with _client(fake_llm, timeout=0.2) as client:
            await client.chat.completions.create(model="m", messages=[])

    with pytest.raises(openai.APITimeoutError):
        asyncio.run(call())
    assert fake_llm.max_in_flight == 1


def test_a_raw_body_is_sent_verbatim_with_its_content_type(fake_llm: FakeOpenAI) -> None:
    fake_llm.script(raw_body("<html><body>Portail captif</body></html>"))

    async def call() -> tuple[str, str]:
        async with _client(fake_llm) as client:
            raw = await client.chat.completions.with_raw_response.create(model="m", messages=[])
            return raw.http_response.headers["content-type"], raw.http_response.text

    assert asyncio.run(call()) == ("text/html; charset=utf-8", "<html><body>Portail captif</body></html>")
