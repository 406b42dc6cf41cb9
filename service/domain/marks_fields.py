"""Which fields of a fiche sujet hold a mark: every text of the document, header included, by its path."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import msgspec

from service.domain.fiche_sujet import FicheSujet
from service.domain.marks import find_marks
from service.domain.text import fold

_PRICE_GRID = re.compile(r"\bgrilles? (?:tarifaire|de prix|des prix|de tarifs?|des tarifs)")


def text_fields(document: FicheSujet) -> list[tuple[str, str]]:
    """Every text of `document` with its dotted path (`date`, `fiche_jury.objections[2]`): a mark hides
    anywhere, the header as well as the rows."""
    return list(_walk(msgspec.to_builtins(document), ""))


def _walk(node: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{path}[{index}]")


def marked_fields(document: FicheSujet, source: str = "") -> list[tuple[str, str]]:
    """(path, expression found) for each text field of `document` holding a mark, first expression only.

    `source` is the FDAP's folded text: where it or the sheet names a price grid, « la grille » alone is
    that grid (« un plan à partir de la grille »), not an assessment grid.
    """
    fields = text_fields(document)
    price_grid = bool(_PRICE_GRID.search(source)) or any(_PRICE_GRID.search(fold(t)) for _, t in fields)
    marked = []
    for path, text in fields:
        found = [f for f in find_marks(text) if not (price_grid and fold(f) in ("grille", "grilles"))]
        if found:
            marked.append((path, found[0]))
    return marked
