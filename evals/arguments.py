"""The `fichesujet eval` options: kept apart from the run so that building the command line (every
`fichesujet` command, `serve` included) imports neither the evals nor the model client."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from evals.cases import DEFAULT_CASES, DEFAULT_LABELS
from service.engines.base import DEFAULT_VARIANTS, MAX_VARIANTS

DEFAULT_CACHE = Path("results") / "llm-cache"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", choices=("offline", "llm"), default="offline", help="moteur évalué")
    parser.add_argument(
        "--cases", metavar="CHEMIN", type=Path, default=DEFAULT_CASES, help="dossier (ou fichier) de FDAP"
    )
    parser.add_argument("--labels", metavar="FICHIER", type=Path, default=DEFAULT_LABELS, help="étiquettes")
    parser.add_argument(
        "--variants",
        type=_between(1, MAX_VARIANTS),
        default=DEFAULT_VARIANTS,
        help=f"propositions par FDAP ({DEFAULT_VARIANTS})",
    )
    parser.add_argument("--repeats", type=_between(1, 20), default=1, help="répétitions (1)")
    parser.add_argument("--concurrency", type=_between(1, 64), default=4, help="FDAP en parallèle (4)")
    parser.add_argument("--out", metavar="DOSSIER", type=Path, default=None, help="dossier des rapports")
    parser.add_argument(
        "--compare", metavar="REFERENCE", type=Path, default=None, help="référence à comparer"
    )
    parser.add_argument(
        "--fail-on-regression", action="store_true", help="code 1 si un score baisse au-delà de la tolérance"
    )
    parser.add_argument(
        "--save-baseline",
        metavar="REFERENCE",
        type=Path,
        default=None,
        help="écrit la référence de ce passage",
    )
    parser.add_argument(
        "--cache-dir",
        metavar="DOSSIER",
        type=Path,
        default=DEFAULT_CACHE,
        help="cache des réponses du modèle",
    )
    parser.add_argument("--no-cache", action="store_true", help="n'utilise pas le cache des réponses")
    parser.add_argument("--judge", metavar="MODELE", default=None, help="modèle juge (même point d'accès)")
    parser.add_argument(
        "--ratings",
        metavar="CHEMIN",
        type=Path,
        default=None,
        help="note les propositions notées par le panel (dossier ou fichier) au lieu de lancer le moteur",
    )


def _between(low: int, high: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"nombre entier attendu, reçu {value!r}") from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"valeur attendue entre {low} et {high}")
        return number

    return parse
