"""Every language-model call recorded as one JSON line: prompt, version, model, tokens, duration, outcome."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Call:
    prompt: str
    prompt_version: str
    prompt_hash: str
    model: str
    endpoint: str
    output_mode: str
    attempt: int
    tokens_in: int
    tokens_out: int
    duration_ms: int
    outcome: str  # "ok", "invalide", "regles", "refus", "tronquee", "filtre", "erreur_http", "delai", ...
    detail: str = ""


class CallLog:
    """Appends calls to a JSON-lines file (its folder is created on first use), and keeps them in `collected`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # Also kept in memory for the engine's owner: the service stores a job's calls in table llm_call.
        self.collected: list[Call] = []

    def record(self, call: Call) -> None:
        self.collected.append(call)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), **asdict(call)}, ensure_ascii=False)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
