"""The engine under evaluation; for the model engine, its cache and its own call log for this run."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2

from evals.cache import CachingTransport
from evals.llm_figures import figures, parse_prices, read_log
from service import generation
from service.engines.base import Engine
from service.settings import Settings


@dataclass
class Subject:
    """An engine to evaluate, and how to read the model's figures once the run is over."""

    engine: Engine
    transport: CachingTransport | None = None
    log: Path | None = None
    model: str = ""
    prices: str = ""

    def llm_figures(self) -> dict[str, Any] | None:
        if self.transport is None or self.log is None:
            return None
        calls = read_log(self.log)
        return {"figures": figures(calls, self.transport.traffic, self.model, parse_prices(self.prices))}


def subject(name: str, settings: Settings, out: Path, cache: Path | None) -> Subject:
    """`cache` None bypasses the response cache (--no-cache)."""
    if name != "llm":
        return Subject(generation.engine_for("offline", settings))
    parse_prices(settings.eval_prices)  # a bad price table is reported before any request
    if not settings.llm_model:
        generation.model_engine(settings)  # raises the engine's own message: which variables to set
    log = out / "llm-calls.jsonl"
    log.unlink(missing_ok=True)
    transport = CachingTransport(cache)
    http = httpx2.AsyncClient(transport=transport)
    run_settings = dataclasses.replace(settings, llm_log=log)
    engine = generation.engine_for("llm", run_settings, http)
    return Subject(engine, transport, log, settings.llm_model, settings.eval_prices)
