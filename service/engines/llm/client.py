"""The one place that speaks to an OpenAI-compatible endpoint: the openai SDK, retries, the call log.

The engine and the eval judge both call models through it, so every call is retried (429, 5xx, network,
timeout) and logged (model, prompt version, tokens, duration, outcome) the same way. Refusals, length
cuts and content filters are reported as such.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx2
import pydantic
from openai import APIConnectionError, APIStatusError, APITimeoutError, AsyncOpenAI

from service.domain.text import shorten
from service.engines.llm.calllog import Call, CallLog
from service.engines.llm.prompts import Prompt
from service.errors import EngineError
from service.settings import Settings

# A pydantic model (the SDK's structured outputs), or a whole `response_format` of type json_schema.
Schema = type[pydantic.BaseModel] | Mapping[str, Any]


@dataclass
class Reply:
    """What one request gave: a value, or the reason to re-ask, or a fatal error."""

    content: str = ""
    value: Any = None  # what the caller's reader made of the answer, once it found nothing wrong
    finding: str = ""
    finding_kind: str = "invalide"  # as the call log names the finding ("regles" when the rules refused)
    fatal: EngineError | None = None
    status: int = 0


Reader = Callable[[dict[str, Any]], Reply]


class ModelClient:
    """Chat completions with one model on the configured endpoint, each HTTP attempt logged."""

    def __init__(
        self, settings: Settings, http_client: httpx2.AsyncClient | None = None, model: str = ""
    ) -> None:
        self.settings = settings
        self.model = model or settings.llm_model
        self.sdk = AsyncOpenAI(
            base_url=settings.openai_base_url or None,
            api_key=settings.openai_api_key or "sans-cle",
            timeout=settings.llm_timeout,
            max_retries=0,  # transport retries are ours, so that each HTTP attempt is logged
            http_client=http_client,
        )
        self.endpoint = str(self.sdk.base_url)
        self.log = CallLog(settings.call_log)
        self._mode = None if settings.llm_output_mode == "auto" else settings.llm_output_mode
        self._gate = asyncio.Semaphore(settings.llm_concurrency)
        self._probe_lock = asyncio.Lock()

    async def aclose(self) -> None:
        """Close the HTTP connections."""
        await self.sdk.close()

    async def send(
        self,
        prompt: Prompt,
        messages: list[dict[str, str]],
        read: Reader,
        *,
        mode: str,
        schema: Schema,
        attempt: int = 1,
        scrub: Callable[[str], str] = str,
        temperature: float | None = None,
    ) -> Reply:
        """One answer to `messages`, read by `read`; `schema` is asked for in mode json_schema."""

        def request() -> Awaitable[Any]:
            return self._request(messages, mode, schema, temperature)

        return await self._attempts(prompt, mode, attempt, request, read, scrub)

    async def output_mode(self) -> str:
        """The endpoint's output mode: the setting, or (auto) found once by a small probe."""
        async with self._probe_lock:
            if self._mode is None:
                self._mode = await self._probe()
        return self._mode

    async def _attempts(
        self,
        prompt: Prompt,
        mode: str,
        attempt: int,
        request: Callable[[], Awaitable[Any]],
        read: Reader,
        scrub: Callable[[str], str],
    ) -> Reply:
        """Send with transport retries (429, 5xx, network, timeout); each HTTP attempt is logged."""
        retries = self.settings.llm_retries
        for http_try in range(retries + 1):
            start = time.perf_counter()
            reply, usage, wait = Reply(), {"prompt_tokens": 0, "completion_tokens": 0}, None
            try:
                async with self._gate:
                    raw = await request()
                body = _json_body(raw)
                usage = body.get("usage") or usage
                # Reading may judge the answer by the rules (milliseconds of CPU): off the event loop.
                reply = await asyncio.to_thread(read, body)
            except APITimeoutError:
                reply.fatal = EngineError(
                    f"le modèle n'a pas répondu dans le délai de {self.settings.llm_timeout:g} s "
                    f"({http_try + 1} tentative(s))"
                )
                wait = _backoff(http_try, None, self.settings.llm_timeout)
            except APIStatusError as exc:
                reply.status = exc.status_code
                reply.fatal = EngineError(
                    f"le point d'accès a répondu HTTP {exc.status_code} : {_api_message(exc)}"
                )
                if exc.status_code in _TRANSIENT:
                    wait = _backoff(
                        http_try, exc.response.headers.get("retry-after"), self.settings.llm_timeout
                    )
            except APIConnectionError:
                reply.fatal = EngineError(f"point d'accès injoignable ({self.endpoint})")
                wait = _backoff(http_try, None, self.settings.llm_timeout)
            except EngineError as exc:
                reply.fatal = exc
            retrying = wait is not None and http_try < retries
            self._record(
                prompt, mode, attempt, start, usage, reply, scrub, "nouvel_essai" if retrying else None
            )
            if not retrying:
                return reply
            await asyncio.sleep(wait or 0)
        return reply

    async def _request(
        self, messages: list[dict[str, str]], mode: str, schema: Schema, temperature: float | None
    ) -> Any:
        completions = self.sdk.chat.completions.with_raw_response
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "temperature": self.settings.llm_temperature if temperature is None else temperature,
            "max_tokens": self.settings.llm_max_tokens,
        }
        if mode == "json_schema" and isinstance(schema, type):
            return await completions.parse(response_format=schema, **kwargs)
        if mode == "json_schema":
            kwargs["response_format"] = schema
        elif mode == "json_object":
            kwargs["response_format"] = {"type": "json_object"}
        return await completions.create(**kwargs)

    async def _probe(self) -> str:
        """The first output mode the endpoint accepts; other failures are reported, not guessed around."""
        messages: list[Any] = [{"role": "user", "content": 'Réponds {"ok": true}.'}]
        formats: tuple[tuple[str, Any], ...] = (
            ("json_schema", _PROBE_FORMAT),
            ("json_object", {"type": "json_object"}),
        )
        for mode, response_format in formats:

            def request(response_format: Any = response_format) -> Awaitable[Any]:
                return self.sdk.chat.completions.with_raw_response.create(
                    model=self.model, messages=messages, max_tokens=20, response_format=response_format
                )

            reply = await self._attempts(_PROBE, mode, 1, request, lambda body: Reply(), str)
            if reply.fatal is None:
                return mode
            if reply.status not in (400, 404, 415, 422, 501):
                raise reply.fatal
        return "prompt"

    def _record(
        self,
        prompt: Prompt,
        mode: str,
        attempt: int,
        start: float,
        usage: dict[str, int],
        reply: Reply,
        scrub: Callable[[str], str],
        outcome: str | None = None,
    ) -> None:
        if outcome:
            detail = str(reply.fatal or "")
        elif reply.fatal:
            outcome, detail = "echec", str(reply.fatal)
        elif reply.finding:
            outcome, detail = reply.finding_kind, reply.finding
        else:
            outcome, detail = "ok", ""
        self.log.record(
            Call(
                prompt=prompt.task,
                prompt_version=prompt.version,
                prompt_hash=prompt.sha256,
                model=self.model,
                endpoint=self.endpoint,
                output_mode=mode,
                attempt=attempt,
                tokens_in=int(usage.get("prompt_tokens") or 0),
                tokens_out=int(usage.get("completion_tokens") or 0),
                duration_ms=round((time.perf_counter() - start) * 1000),
                outcome=outcome,
                detail=shorten(scrub(detail), 500),  # the log keeps no personal data either
            )
        )


def read_choice(body: dict[str, Any], max_tokens: int) -> Reply:
    """The answer's text, or why there is none to read: a refusal, a content filter, a length cut."""
    choice = (body.get("choices") or [{}])[0]
    message = choice.get("message") or {}
    content = message.get("content") or ""
    if message.get("refusal"):
        return Reply(
            content, fatal=EngineError(f"le modèle a opposé un refus : {shorten(message['refusal'], 200)}")
        )
    if choice.get("finish_reason") == "content_filter":
        return Reply(
            content, fatal=EngineError("la réponse a été bloquée par le filtre de contenu du fournisseur")
        )
    if choice.get("finish_reason") == "length":
        return Reply(content, finding=TRUNCATED.format(max_tokens))
    return Reply(content)


def max_wait(timeout: float) -> float:
    """The longest pause between two attempts: never more than a request's own timeout, nor 30 s."""
    return min(30.0, timeout)


TRUNCATED = "réponse tronquée : la limite de {} jetons (FICHESUJET_LLM_MAX_TOKENS) a été atteinte"
_PROBE = Prompt(task="sonde", version="-", sha256="-", system="", user="", prompt_format="", reask="")
_TRANSIENT = frozenset({408, 409, 429, 500, 502, 503, 504})
_PROBE_FORMAT = {
    "type": "json_schema",
    "json_schema": {
        "name": "sonde",
        "strict": True,
        "schema": {
            "type": "object",
            "properties": {"ok": {"type": "boolean"}},
            "required": ["ok"],
            "additionalProperties": False,
        },
    },
}


def _json_body(raw: Any) -> dict[str, Any]:
    """The decoded JSON body of a 200 answer; a page that is not JSON says the address is wrong."""
    try:
        body = raw.http_response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise EngineError(
            "le point d'accès a répondu sans JSON : vérifiez OPENAI_BASE_URL (elle doit se terminer par /v1)"
        )
    return body


def _backoff(http_try: int, retry_after: str | None, timeout: float) -> float:
    """Seconds before the next attempt: the endpoint's Retry-After (capped), else exponential."""
    if retry_after:
        try:
            return min(max(float(retry_after), 0.0), max_wait(timeout))  # seconds form of Retry-After
        except ValueError:
            pass
    return min(0.5 * 2.0**http_try, 8.0, max_wait(timeout))


def _api_message(exc: APIStatusError) -> str:
    body = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error", body)
    message = error.get("message") if isinstance(error, dict) else None
    return shorten(str(message or exc.message), 200)
