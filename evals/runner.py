"""Runs an engine over cases × repeats (each asking for N variants), then scores every proposal."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TextIO

import msgspec

from evals import scorers, teacher
from evals.cases import Case
from service import generation
from service.domain.constats import Constat, FdapContext
from service.domain.fiche_sujet import FicheSujet
from service.domain.rules import check
from service.engines.base import Engine, ProposalRequest

# The repeat being run: part of the response cache's key (read by evals.cache).
REPEAT: ContextVar[int] = ContextVar("fichesujet_eval_repeat", default=0)


@dataclass
class Outcome:
    """One requested proposal: the sheet (or why there is none), its rule findings and scores."""

    case: str
    repeat: int
    variant: int
    fiche: FicheSujet | None = None
    failure: str = ""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    scores: dict[str, float | None] = field(default_factory=dict)
    measures: dict[str, Any] = field(default_factory=dict)
    constats: list[Constat] | None = None  # the findings of the generation path; None until checked

    @property
    def hard_pass(self) -> bool:
        return self.fiche is not None and not self.errors

    def as_json(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "repeat": self.repeat,
            "variant": self.variant,
            "hard_pass": self.hard_pass,
            "failure": self.failure,
            "errors": self.errors,
            "warnings": self.warnings,
            "scores": self.scores,
            "measures": self.measures,
            "fiche": msgspec.to_builtins(self.fiche) if self.fiche is not None else None,
        }


class Progress:
    """A plain-text progress bar on stderr: redrawn in place on a terminal, a line per tenth otherwise."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None) -> None:
        self.total, self.label, self.done = max(total, 1), label, 0
        self.stream = stream or sys.stderr
        self.start = time.perf_counter()
        self._tty = self.stream.isatty()
        self._shown = -1

    def advance(self) -> None:
        self.done += 1
        tenth = self.done * 10 // self.total
        if self._tty or tenth != self._shown or self.done == self.total:
            self._shown = tenth
            bar = "#" * (self.done * 30 // self.total)
            line = (
                f"{self.label} [{bar:<30}] {self.done}/{self.total} {time.perf_counter() - self.start:.1f} s"
            )
            end = "\n" if self.done == self.total or not self._tty else ""
            self.stream.write(("\r" if self._tty else "") + line + end)
            self.stream.flush()


async def run_engine(
    engine: Engine,
    cases: Sequence[Case],
    variants: int,
    repeats: int,
    minutes: int,
    concurrency: int,
    stream: TextIO | None = None,
) -> list[list[Outcome]]:
    """One group of outcomes per (case, repeat), in case order; engine failures become outcomes."""
    gate = asyncio.Semaphore(concurrency)
    progress = Progress(len(cases) * repeats, f"évaluation ({engine.name})", stream)
    contexts = {case.name: FdapContext.of(case.fdap) for case in cases}

    async def job(case: Case, repeat: int) -> list[Outcome]:
        REPEAT.set(repeat)
        request = ProposalRequest(variants=variants, seed=repeat, simulation_minutes=minutes)
        async with gate:
            try:
                found, failure = (await generation.run(engine, contexts[case.name], request)).propositions, ""
            except Exception as exc:  # an engine failure is a measured outcome, not a crash
                found, failure = [], f"{type(exc).__name__} : {exc}"
        progress.advance()
        outcomes = [
            Outcome(case.name, repeat, i + 1, fiche=p.fiche, constats=p.constats)
            for i, p in enumerate(found[:variants])
        ]
        missing = failure or "le moteur a rendu moins de propositions que demandé"
        outcomes += [
            Outcome(case.name, repeat, i + 1, failure=missing) for i in range(len(outcomes), variants)
        ]
        return outcomes

    jobs = [job(case, r) for case in cases for r in range(repeats)]
    return list(await asyncio.gather(*jobs))


def score_groups(groups: Sequence[list[Outcome]], cases: Sequence[Case], minutes: int) -> list[Outcome]:
    """Rules, soft scores and teacher measures of every proposal; diversity within each (case, repeat)."""
    contexts = {case.name: FdapContext.of(case.fdap) for case in cases}
    flat: list[Outcome] = []
    for group in groups:
        present = [o for o in group if o.fiche is not None]
        for outcome in present:
            assert outcome.fiche is not None
            ctx = contexts[outcome.case]
            constats = (
                outcome.constats if outcome.constats is not None else check(outcome.fiche, ctx, minutes)
            )
            outcome.errors = sorted({c.code for c in constats if c.gravite == "erreur"})
            outcome.warnings = sorted({c.code for c in constats if c.gravite == "avertissement"})
            outcome.scores = {**scorers.score(outcome.fiche, ctx, constats, minutes)}
        if present:
            fiches = [o.fiche for o in present if o.fiche is not None]
            for outcome, value in zip(
                present, scorers.diversity(fiches, contexts[present[0].case]), strict=True
            ):
                outcome.scores["diversity"] = value
        for outcome in group:
            if outcome.fiche is None:
                outcome.scores = {name: 0.0 for name in scorers.SCORES}
        flat.extend(group)
    teacher.measure_outcomes(flat, {case.name: case.fdap for case in cases})
    return flat
