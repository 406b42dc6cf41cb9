"""The one generation path of every door (CLI, jobs, demo, evals): choose the engine, run it, check every
proposal with the rules, and fall back to the offline engine with the reason when the model fails.

The CPU work (the offline engine, the rules) runs in one thread beside the event loop, so that a service's
requests are answered while jobs run; one thread, because the GIL gives a second one nothing to gain.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

import msgspec

from service.domain.constats import Constat, FdapContext
from service.domain.fdap import Fdap
from service.domain.fiche_sujet import FicheSujet
from service.domain.rules import check, is_valid
from service.engines.base import Engine, ProposalRequest
from service.engines.llm.calllog import Call
from service.engines.offline import OfflineEngine
from service.errors import FicheSujetError
from service.settings import Settings

if TYPE_CHECKING:  # the model engine imports openai: only when a model is used
    import httpx2

    from service.engines.llm import LlmEngine

# "auto": the language model when one is configured, else the offline engine.
ENGINES = ("auto", "offline", "llm")
# The engine's and the rules' CPU work, off the event loop; threads start only when first used.
_CPU = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fichesujet-generation")
T = TypeVar("T")


class Proposal(msgspec.Struct, kw_only=True):
    """One proposed sheet with what the rules found in it; `valide` when no finding is an « erreur »."""

    fiche: FicheSujet
    constats: list[Constat]
    valide: bool


class Generation(msgspec.Struct, kw_only=True):
    """What a generation gives: the checked proposals, the engine that wrote them and why it is that one."""

    propositions: list[Proposal]
    moteur: str
    raison: str = ""
    appels: list[Call] = msgspec.field(default_factory=list)


def wants_model(choice: str, settings: Settings) -> bool:
    """The model engine is asked for, or chosen by "auto" because one is configured."""
    if choice not in ENGINES:
        raise FicheSujetError(f"moteur inconnu : {choice!r} (attendu : {', '.join(ENGINES)})")
    return choice == "llm" or (choice == "auto" and bool(settings.llm_model))


def model_engine(settings: Settings, http_client: httpx2.AsyncClient | None = None) -> LlmEngine:
    """The language-model engine (EngineError, in French, when no model is configured)."""
    from service.engines.llm import LlmEngine

    return LlmEngine(settings, http_client=http_client)


def engine_for(choice: str, settings: Settings, http_client: httpx2.AsyncClient | None = None) -> Engine:
    """The engine chosen, not yet used: for a caller that keeps one over many runs (the evals)."""
    return model_engine(settings, http_client) if wants_model(choice, settings) else OfflineEngine()


@contextlib.asynccontextmanager
async def open_engine(choice: str, settings: Settings, calls: list[Call]) -> AsyncIterator[Engine]:
    """The engine chosen, closed afterwards; the model's calls, failed ones included, land in `calls`."""
    if not wants_model(choice, settings):
        yield OfflineEngine()
        return
    async with model_engine(settings) as llm:
        try:
            yield llm
        finally:
            calls.extend(llm.log.collected)


def _context(fdap: Fdap | FdapContext) -> FdapContext:
    return fdap if isinstance(fdap, FdapContext) else FdapContext.of(fdap)


def checked(proposals: list[FicheSujet], fdap: Fdap | FdapContext, minutes: int) -> list[Proposal]:
    """Every proposal with its findings, by the same `check` as the `check` command."""
    ctx = _context(fdap)
    found = [(fiche, check(fiche, ctx, minutes)) for fiche in proposals]
    return [Proposal(fiche=f, constats=c, valide=is_valid(c)) for f, c in found]


async def off_loop(work: Callable[..., T], *args: object) -> T:
    """`work(*args)` in the generation thread, with the caller's context variables (jobs.CURRENT_JOB)."""
    call = functools.partial(contextvars.copy_context().run, work, *args)
    return await asyncio.get_running_loop().run_in_executor(_CPU, call)


def _offline(engine: OfflineEngine, fdap: Fdap | FdapContext, request: ProposalRequest) -> list[Proposal]:
    """The engine's proposals with the findings it already had: the same `check` on the same minutes."""
    found = engine.generate_checked(fdap.fdap if isinstance(fdap, FdapContext) else fdap, request)
    return [Proposal(fiche=f, constats=c, valide=is_valid(c)) for f, c in found]


async def run(engine: Engine, fdap: Fdap | FdapContext, request: ProposalRequest) -> Generation:
    """Proposals of an engine already open (the evals keep one for a whole run), each checked."""
    if isinstance(engine, OfflineEngine):
        return Generation(propositions=await off_loop(_offline, engine, fdap, request), moteur=engine.name)
    proposals = await engine.propose(fdap.fdap if isinstance(fdap, FdapContext) else fdap, request)
    found = await off_loop(checked, proposals, fdap, request.simulation_minutes)
    return Generation(propositions=found, moteur=engine.name)


async def generate(
    fdap: Fdap,
    request: ProposalRequest,
    settings: Settings,
    choice: str = "auto",
    *,
    fallback: bool = True,
    engine: Engine | None = None,
    calls: list[Call] | None = None,
) -> Generation:
    """Choose the engine (or use `engine`), run it and check its proposals.

    With `fallback`, a model that does not deliver (FicheSujetError) gives way to the offline engine and
    the result says why; the offline engine's own failures are never hidden. `calls` collects the model's
    calls even when the generation fails (the jobs store them).
    """
    calls = [] if calls is None else calls
    # The offline engine chosen has no one to give way to; a model, or an engine handed in, has.
    replaceable = engine is not None or wants_model(choice, settings)
    try:
        if engine is not None:
            result = await run(engine, fdap, request)
        else:
            async with open_engine(choice, settings, calls) as chosen:
                result = await run(chosen, fdap, request)
        result.appels = calls
        return result
    except FicheSujetError as exc:
        if not (fallback and replaceable):
            raise
        reason = f"le modèle de langage n'a pas abouti : {exc}"
    result = await run(OfflineEngine(), fdap, request)
    return Generation(propositions=result.propositions, moteur=result.moteur, raison=reason, appels=calls)
