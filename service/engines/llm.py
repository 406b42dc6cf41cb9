"""The language-model engine: any OpenAI-compatible endpoint, structured output, validation and re-ask.

The only module that imports `openai`. Every answer goes through the same rules as `fichesujet check`;
a failing answer is sent back once (a setting) with the French findings. Transport retries (429, 5xx)
are the SDK's; timeouts, refusals, length cuts and content filters are reported as such.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import httpx2
import msgspec
import pydantic
from openai import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncOpenAI,
    ContentFilterFinishReasonError,
    LengthFinishReasonError,
)
from openai.lib._pydantic import to_strict_json_schema

from service.domain.constats import FdapContext
from service.domain.fdap import Fdap
from service.domain.fiche_sujet import FicheSujet
from service.domain.rules import check
from service.domain.text import shorten
from service.engines.base import ProposalRequest
from service.engines.calllog import Call, CallLog
from service.engines.llm_schema import LlmProposal, from_fiche, to_fiche
from service.engines.offline.grounding import grounding
from service.engines.privacy import PrivacyGate
from service.engines.prompts import Prompt, active
from service.errors import EngineError
from service.settings import Settings

_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


@dataclass
class _Reply:
    """What one request gave: a proposal, or the reason to re-ask, or a fatal error."""

    content: str = ""
    proposal: LlmProposal | None = None
    finding: str = ""
    fatal: EngineError | None = None
    status: int = 0
    fiche: FicheSujet | None = None  # the proposal as a fiche, once the rules found no erreur in it
    refused_by_rules: bool = False


class LlmEngine:
    """Proposals from a language model, validated by the rules, with the candidate's identity withheld."""

    name = "llm"

    def __init__(self, settings: Settings, http_client: httpx2.AsyncClient | None = None) -> None:
        if not settings.llm_model:
            raise EngineError(
                "aucun modèle de langage configuré : définissez FICHESUJET_LLM_MODEL, OPENAI_BASE_URL et "
                "OPENAI_API_KEY (voir le README), ou le moteur hors ligne (propose --engine offline, refine --preset)"
            )
        self.settings = settings
        self.client = AsyncOpenAI(
            base_url=settings.openai_base_url or None,
            api_key=settings.openai_api_key or "sans-cle",
            timeout=settings.llm_timeout,
            max_retries=0,  # transport retries are ours, so that each HTTP attempt is logged
            http_client=http_client,
        )
        self.endpoint = str(self.client.base_url)
        self.log = CallLog(settings.call_log)
        self._mode = None if settings.llm_output_mode == "auto" else settings.llm_output_mode
        self._gate = asyncio.Semaphore(settings.llm_concurrency)
        self._probe_lock = asyncio.Lock()

    async def __aenter__(self) -> LlmEngine:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP connections (the CLI does, after its one request)."""
        await self.client.close()

    async def propose(self, fdap: Fdap, request: ProposalRequest) -> list[FicheSujet]:
        """Up to `request.variants` valid proposals; EngineError when none comes out."""
        prompt, minutes = active("propose"), request.simulation_minutes
        gate = _gate(fdap)
        data = msgspec.json.encode(gate.pseudonymised()).decode()
        gate.ensure_clean(data)
        # The deterministic plan chooses each variant's angle and gives the facts; the model writes.
        grounded = await asyncio.to_thread(grounding, fdap, request.variants, request.seed, minutes)
        jobs = [
            self._produce(
                prompt,
                fdap,
                minutes,
                {
                    "fdap": data,
                    "faits": grounded.facts,
                    "variant": i + 1,
                    "variants": request.variants,
                    "angle": grounded.angles[i],
                },
            )
            for i in range(request.variants)
        ]
        return await self._gather(jobs, request.variants)

    async def refine(self, fiche: FicheSujet, fdap: Fdap, instruction: str, minutes: int = 15) -> FicheSujet:
        """The sheet revised by the model along a teacher's instruction, validated again."""
        prompt, gate = active("refine"), _gate(fdap)
        data = msgspec.json.encode(gate.pseudonymised()).decode()
        current = json.dumps(from_fiche(fiche), ensure_ascii=False)
        gate.ensure_clean(data)
        gate.ensure_clean(current)
        gate.ensure_clean(instruction)
        job = self._produce(
            prompt, fdap, minutes, {"fdap": data, "fiche": current, "instruction": instruction}
        )
        return (await self._gather([job], 1))[0]

    async def _gather(self, jobs: list[Any], count: int) -> list[FicheSujet]:
        waves = math.ceil(count / self.settings.llm_concurrency)
        s = self.settings
        per_request = s.llm_timeout * (s.llm_retries + 1) + s.llm_retries * _max_wait(s.llm_timeout)
        budget = waves * (s.llm_reasks + 1) * per_request + 5
        try:
            async with asyncio.timeout(budget):
                results = await asyncio.gather(*jobs, return_exceptions=True)
        except TimeoutError:
            raise EngineError(
                f"délai total dépassé ({budget:.0f} s) : le modèle répond trop lentement"
            ) from None
        fiches = [r for r in results if isinstance(r, FicheSujet)]
        failures = [r for r in results if isinstance(r, BaseException)]
        for failure in failures:
            if not isinstance(failure, EngineError):
                raise failure
        if not fiches:
            raise failures[0]
        return fiches

    async def _produce(
        self, prompt: Prompt, fdap: Fdap, minutes: int, values: dict[str, object]
    ) -> FicheSujet:
        mode = await self._output_mode()
        shape = prompt.render("prompt_format", schema=_schema_text()) if mode != "json_schema" else ""
        messages = [
            {"role": "system", "content": prompt.render("system", nature=fdap.nature, minutes=minutes)},
            {"role": "user", "content": prompt.render("user", minutes=minutes, format=shape, **values)},
        ]
        gate = _gate(fdap)
        # The FDAP and the sheet were checked by the caller; what this request adds is checked here.
        added = {k: v for k, v in values.items() if k not in ("fdap", "fiche")}
        gate.ensure_clean(
            messages[0]["content"]
            + prompt.render("user", minutes=minutes, format="", fdap="", fiche="", **added)
        )
        ctx, last = _context(fdap), ""

        def judged(raw: Any, body: dict[str, Any], mode: str) -> _Reply:
            """The answer read, then judged by the rules, before the call is logged with its outcome."""
            reply = self._read(raw, body, mode)
            if reply.proposal is not None:
                fiche = to_fiche(reply.proposal, fdap, minutes)
                errors = [c for c in check(fiche, ctx, minutes) if c.gravite == "erreur"]
                if not errors:
                    reply.fiche = fiche
                else:
                    reply.refused_by_rules = True
                    reply.finding = "la fiche ne respecte pas les règles de l'épreuve : " + " ; ".join(
                        f"[{c.code}] {c.champ} : {c.message}" for c in errors
                    )
            return reply

        def request() -> Awaitable[Any]:
            return self._request(messages, mode)  # the conversation so far (re-asks extend it)

        for attempt in range(1, self.settings.llm_reasks + 2):
            reply = await self._send(prompt, mode, attempt, request, judged, gate.scrub)
            if reply.fatal:
                raise reply.fatal
            if reply.fiche is not None:
                return reply.fiche
            last = reply.finding
            messages += [
                {"role": "assistant", "content": gate.scrub(reply.content) or "(réponse vide)"},
                {
                    "role": "user",
                    "content": prompt.render("reask", findings=gate.scrub(_for_model(reply.finding))),
                },
            ]
            gate.ensure_clean(messages[-2]["content"] + messages[-1]["content"])
        raise EngineError(
            f"le modèle n'a pas produit de proposition valide en {self.settings.llm_reasks + 1} essai(s) : "
            f"{shorten(last, 400)}"
        )

    async def _send(
        self,
        prompt: Prompt,
        mode: str,
        attempt: int,
        request: Callable[[], Awaitable[Any]],
        read: Callable[[Any, dict[str, Any], str], _Reply],
        scrub: Callable[[str], str] = str,
    ) -> _Reply:
        """Send with transport retries (429, 5xx, network, timeout); each HTTP attempt is logged."""
        retries = self.settings.llm_retries
        for http_try in range(retries + 1):
            start = time.perf_counter()
            reply, usage, wait = _Reply(), {"prompt_tokens": 0, "completion_tokens": 0}, None
            try:
                async with self._gate:
                    raw = await request()
                body = _json_body(raw)
                usage = body.get("usage") or usage
                reply = read(raw, body, mode)
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

    async def _request(self, messages: list[dict[str, str]], mode: str) -> Any:
        completions = self.client.chat.completions.with_raw_response
        kwargs: dict[str, Any] = {
            "model": self.settings.llm_model,
            "messages": messages,
            "temperature": self.settings.llm_temperature,
            "max_tokens": self.settings.llm_max_tokens,
        }
        if mode == "json_schema":
            return await completions.parse(response_format=LlmProposal, **kwargs)
        if mode == "json_object":
            kwargs["response_format"] = {"type": "json_object"}
        return await completions.create(**kwargs)

    def _read(self, raw: Any, body: dict[str, Any], mode: str) -> _Reply:
        choice = (body.get("choices") or [{}])[0]
        message = choice.get("message") or {}
        content = message.get("content") or ""
        if message.get("refusal"):
            return _Reply(
                content,
                fatal=EngineError(f"le modèle a opposé un refus : {shorten(message['refusal'], 200)}"),
            )
        if choice.get("finish_reason") == "content_filter":
            return _Reply(
                content, fatal=EngineError("la réponse a été bloquée par le filtre de contenu du fournisseur")
            )
        if choice.get("finish_reason") == "length":
            return _Reply(content, finding=_TRUNCATED.format(self.settings.llm_max_tokens))
        try:
            if mode == "json_schema":
                parsed = raw.parse().choices[0].message.parsed
                if parsed is None:
                    raise ValueError("réponse vide")
                return _Reply(content, proposal=parsed)
            return _Reply(content, proposal=LlmProposal.model_validate_json(_json_text(content)))
        except (LengthFinishReasonError, ContentFilterFinishReasonError):
            return _Reply(content, finding=_TRUNCATED.format(self.settings.llm_max_tokens))
        except (pydantic.ValidationError, ValueError) as exc:
            return _Reply(content, finding=_schema_findings(exc))

    async def _output_mode(self) -> str:
        """The endpoint's output mode: the setting, or (auto) found once by a small probe."""
        async with self._probe_lock:
            if self._mode is None:
                self._mode = await self._probe()
        return self._mode

    async def _probe(self) -> str:
        """The first output mode the endpoint accepts; other failures are reported, not guessed around."""
        messages: list[Any] = [{"role": "user", "content": 'Réponds {"ok": true}.'}]
        formats: tuple[tuple[str, Any], ...] = (
            ("json_schema", _PROBE_FORMAT),
            ("json_object", {"type": "json_object"}),
        )
        for mode, response_format in formats:

            def request(response_format: Any = response_format) -> Awaitable[Any]:
                return self.client.chat.completions.with_raw_response.create(
                    model=self.settings.llm_model,
                    messages=messages,
                    max_tokens=20,
                    response_format=response_format,
                )

            reply = await self._send(_PROBE, mode, 1, request, lambda raw, body, mode: _Reply())
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
        reply: _Reply,
        scrub: Callable[[str], str],
        outcome: str | None = None,
    ) -> None:
        if outcome:
            detail = str(reply.fatal or "")
        elif reply.fatal:
            outcome, detail = "echec", str(reply.fatal)
        elif reply.finding:
            outcome, detail = ("regles" if reply.refused_by_rules else "invalide"), reply.finding
        else:
            outcome, detail = "ok", ""
        self.log.record(
            Call(
                prompt=prompt.task,
                prompt_version=prompt.version,
                prompt_hash=prompt.sha256,
                model=self.settings.llm_model,
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


_PROBE = Prompt(task="sonde", version="-", sha256="-", system="", user="", prompt_format="", reask="")


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


_TRANSIENT = frozenset({408, 409, 429, 500, 502, 503, 504})


def _max_wait(timeout: float) -> float:
    """The longest pause between two attempts: never more than a request's own timeout, nor 30 s."""
    return min(30.0, timeout)


def _backoff(http_try: int, retry_after: str | None, timeout: float) -> float:
    """Seconds before the next attempt: the endpoint's Retry-After (capped), else exponential."""
    if retry_after:
        try:
            return min(max(float(retry_after), 0.0), _max_wait(timeout))  # seconds form of Retry-After
        except ValueError:
            pass
    return min(0.5 * 2.0**http_try, 8.0, _max_wait(timeout))


_TRUNCATED = "réponse tronquée : la limite de {} jetons (FICHESUJET_LLM_MAX_TOKENS) a été atteinte"
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


def _per_fdap(cache: dict[bytes, Any], fdap: Fdap, build: Any) -> Any:
    """A value derived from an FDAP, built once for all the variants and re-asks about it."""
    key = msgspec.json.encode(fdap)
    value = cache.get(key)
    if value is None:
        value = cache[key] = build(fdap)
        while len(cache) > 32:
            cache.pop(next(iter(cache)))
    return value


_CONTEXTS: dict[bytes, FdapContext] = {}
_GATES: dict[bytes, PrivacyGate] = {}


def _context(fdap: Fdap) -> FdapContext:
    context: FdapContext = _per_fdap(_CONTEXTS, fdap, FdapContext.of)
    return context


def _gate(fdap: Fdap) -> PrivacyGate:
    gate: PrivacyGate = _per_fdap(_GATES, fdap, PrivacyGate)
    return gate


@cache
def _schema_text() -> str:
    """The answer's JSON schema, written into the prompt for endpoints without structured outputs."""
    return json.dumps(to_strict_json_schema(LlmProposal), ensure_ascii=False)


def _for_model(finding: str) -> str:
    """A finding as told to the model: a cut answer comes with the advice to be shorter."""
    return f"{finding} ; sois plus concis" if finding.startswith("réponse tronquée") else finding


def _json_text(content: str) -> str:
    """The JSON object of an answer, without code fences or text around it."""
    fenced = _FENCE.search(content)
    text = fenced.group(1) if fenced else content
    first, last = text.find("{"), text.rfind("}")
    if first == -1 or last <= first:
        raise ValueError("la réponse ne contient aucun objet JSON")
    return text[first : last + 1]


def _schema_findings(exc: Exception) -> str:
    if isinstance(exc, pydantic.ValidationError):
        problems = [
            f"{'.'.join(str(p) for p in e['loc']) or 'réponse'} : "
            + (
                "champ manquant"
                if e["type"] == "missing"
                else "JSON invalide"
                if e["type"] == "json_invalid"
                else e["msg"]
            )
            for e in exc.errors()[:8]
        ]
        return "la réponse n'est pas conforme au schéma attendu : " + " ; ".join(problems)
    return f"la réponse n'est pas un JSON exploitable : {exc}"


def _api_message(exc: APIStatusError) -> str:
    body = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error", body)
    message = error.get("message") if isinstance(error, dict) else None
    return shorten(str(message or exc.message), 200)
