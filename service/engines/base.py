"""The Engine protocol: same input, same output type, whatever produces the proposals."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from service.domain.fdap import Fdap
from service.domain.fiche_sujet import DEFAULT_SIMULATION_MINUTES, FicheSujet

DEFAULT_VARIANTS = 3  # proposals asked for one FDAP unless told otherwise
MAX_VARIANTS = 10  # the most one request may ask for, at every door (CLI, API, pages, evals)


@dataclass(frozen=True)
class ProposalRequest:
    """What is asked of an engine for one FDAP."""

    variants: int = DEFAULT_VARIANTS
    seed: int = 0
    simulation_minutes: int = DEFAULT_SIMULATION_MINUTES


class Engine(Protocol):
    name: str

    async def propose(self, fdap: Fdap, request: ProposalRequest) -> list[FicheSujet]:
        """`request.variants` distinct proposals for `fdap`, each a complete fiche sujet."""
        ...
