"""The language-model engine: structured output, validation by the rules and one re-ask.

Every answer goes through the same rules as `fichesujet check`; a failing answer is sent back once (a
setting) with the French findings. The requests themselves (retries, call log) are the client's.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import threading
from functools import cache
from typing import Any

import httpx2
import msgspec
import pydantic
from openai.lib._pydantic import to_strict_json_schema

from service.domain.constats import FdapContext
from service.domain.fdap import Fdap
from service.domain.fiche_sujet import DEFAULT_SIMULATION_MINUTES, FicheSujet
from service.domain.rules import check
from service.domain.text import shorten
from service.engines.base import ProposalRequest
from service.engines.llm.calllog import CallLog
from service.engines.llm.client import ModelClient, Reply, max_wait, read_choice
from service.engines.llm.privacy import PrivacyGate
from service.engines.llm.prompts import Prompt, active
from service.engines.llm.schema import LlmProposal, from_fiche, to_fiche
from service.engines.offline.grounding import grounding
from service.errors import EngineError
from service.settings import Settings

_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


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
        self.client = ModelClient(settings, http_client)

    @property
    def log(self) -> CallLog:
        """The calls made so far (the service stores a job's calls in table llm_call)."""
        return self.client.log

    async def __aenter__(self) -> LlmEngine:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP connections (the CLI does, after its one request)."""
        await self.client.aclose()

    async def propose(self, fdap: Fdap, request: ProposalRequest) -> list[FicheSujet]:
        """Up to `request.variants` valid proposals; EngineError when none comes out."""
        prompt, minutes = active("propose"), request.simulation_minutes
        # The privacy gate's first pass on an FDAP takes tens of milliseconds: off the event loop.
        gate, data = await asyncio.to_thread(_pseudonymised, fdap)
        # The deterministic plan chooses each variant's angle and gives the facts; the model writes.
        grounded = await asyncio.to_thread(grounding, fdap, request.variants, request.seed, minutes)
        jobs = [
            self._produce(
                prompt,
                fdap,
                minutes,
                {
                    "fdap": data,
                    "faits": gate.scrub(grounded.facts),
                    "variant": i + 1,
                    "variants": request.variants,
                    "angle": gate.scrub(grounded.angles[i]),
                },
            )
            for i in range(request.variants)
        ]
        return await self._gather(jobs, request.variants)

    async def refine(
        self, fiche: FicheSujet, fdap: Fdap, instruction: str, minutes: int = DEFAULT_SIMULATION_MINUTES
    ) -> FicheSujet:
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
        per_request = s.llm_timeout * (s.llm_retries + 1) + s.llm_retries * max_wait(s.llm_timeout)
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
        mode = await self.client.output_mode()
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

        def judged(body: dict[str, Any]) -> Reply:
            """The answer read, then judged by the rules, before the call is logged with its outcome."""
            reply = read_choice(body, self.settings.llm_max_tokens)
            if reply.fatal or reply.finding:
                return reply
            proposal = _proposal(reply.content, mode)
            if isinstance(proposal, str):
                reply.finding = proposal
                return reply
            fiche = to_fiche(proposal, fdap, minutes)
            errors = [c for c in check(fiche, ctx, minutes) if c.gravite == "erreur"]
            if not errors:
                reply.value = fiche
            else:
                reply.finding_kind = "regles"
                reply.finding = "la fiche ne respecte pas les règles de l'épreuve : " + " ; ".join(
                    f"[{c.code}] {c.champ} : {c.message}" for c in errors
                )
            return reply

        for attempt in range(1, self.settings.llm_reasks + 2):
            # `messages` is the conversation so far: the re-asks extend it.
            reply = await self.client.send(
                prompt, messages, judged, mode=mode, schema=LlmProposal, attempt=attempt, scrub=gate.scrub
            )
            if reply.fatal:
                raise reply.fatal
            if isinstance(reply.value, FicheSujet):
                return reply.value
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


def _proposal(content: str, mode: str) -> LlmProposal | str:
    """The answer as a proposal, or what is wrong with it (told to the model when it is asked again)."""
    try:
        if mode == "json_schema":  # what the SDK's structured outputs would parse
            if not content:
                raise ValueError("réponse vide")
            return LlmProposal.model_validate_json(content)
        return LlmProposal.model_validate_json(_json_text(content))
    except (pydantic.ValidationError, ValueError) as exc:
        return _schema_findings(exc)


def _per_fdap(cache: dict[bytes, Any], fdap: Fdap, build: Any) -> Any:
    """A value derived from an FDAP, built once for all the variants and re-asks about it."""
    key = msgspec.json.encode(fdap)
    with _CACHES:  # the gate is also built in a thread (propose)
        value = cache.get(key)
    if value is None:
        value = build(fdap)
        with _CACHES:
            cache[key] = value
            while len(cache) > 32:
                cache.pop(next(iter(cache)))
    return value


_CACHES = threading.Lock()
_CONTEXTS: dict[bytes, FdapContext] = {}
_GATES: dict[bytes, PrivacyGate] = {}


def _context(fdap: Fdap) -> FdapContext:
    context: FdapContext = _per_fdap(_CONTEXTS, fdap, FdapContext.of)
    return context


def _gate(fdap: Fdap) -> PrivacyGate:
    gate: PrivacyGate = _per_fdap(_GATES, fdap, PrivacyGate)
    return gate


def _pseudonymised(fdap: Fdap) -> tuple[PrivacyGate, str]:
    """The FDAP's gate and the FDAP as sent, checked clean."""
    gate = _gate(fdap)
    data = msgspec.json.encode(gate.pseudonymised()).decode()
    gate.ensure_clean(data)
    return gate, data


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
