"""The model's figures of one run, read from that run's call log: tokens, cost, latency, re-asks."""

from __future__ import annotations

import json
import math
from pathlib import Path
from statistics import mean
from typing import Any

from evals.cache import Traffic
from service.errors import InputError

_FINAL = "nouvel_essai"  # a transport attempt followed by another one: not the attempt's last word


def parse_prices(raw: str) -> dict[str, tuple[float, float]]:
    """FICHESUJET_EVAL_PRICES: {"model": [euros per million tokens in, per million out]}."""
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
        return {str(k): (float(v[0]), float(v[1])) for k, v in data.items()}
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        raise InputError(
            "FICHESUJET_EVAL_PRICES", "", 'table de prix attendue : {"modèle": [prix entrée, prix sortie]}'
        ) from None


def read_log(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def cost(tokens_in: int, tokens_out: int, price: tuple[float, float] | None) -> float | None:
    if price is None:
        return None
    return round(tokens_in / 1e6 * price[0] + tokens_out / 1e6 * price[1], 6)


def figures(
    calls: list[dict[str, Any]], traffic: Traffic, model: str, prices: dict[str, tuple[float, float]]
) -> dict[str, Any]:
    """Per HTTP attempt of the log; re-asks and first-try validity from the attempts' last words."""
    proposals = [c for c in calls if c["prompt"] == "propose"]
    finals = [c for c in proposals if c["outcome"] != _FINAL]
    first = [c for c in finals if c["attempt"] == 1]
    reasks = [c for c in finals if c["attempt"] > 1]
    first_ok = sum(1 for c in first if c["outcome"] == "ok")  # "ok" only once the rules found no erreur
    durations = sorted(c["duration_ms"] for c in calls)
    tokens_in, tokens_out = sum(c["tokens_in"] for c in calls), sum(c["tokens_out"] for c in calls)
    price = prices.get(model)
    return {
        "modèle": model,
        "requêtes consignées": len(calls),
        "requêtes envoyées au point d'accès": traffic.sent,
        "réponses servies par le cache": traffic.hits,
        "jetons en entrée": tokens_in,
        "jetons en sortie": tokens_out,
        "coût estimé sans cache (€)": cost(tokens_in, tokens_out, price),
        "coût de ce passage (€)": cost(traffic.tokens_in, traffic.tokens_out, price),
        "latence moyenne (ms)": round(mean(durations)) if durations else None,
        "latence p95 (ms)": durations[math.ceil(0.95 * len(durations)) - 1]
        if durations
        else None,  # nearest rank
        "relances (re-asks)": len(reasks),
        "nouveaux essais de transport": len(proposals) - len(finals),
        "valides du premier coup": round(first_ok / len(first), 4) if first else None,
    }
