"""Small HTML pieces shared by the report's sections: numbers, cells and tables, escaped."""

from __future__ import annotations

from html import escape
from typing import Any


def num(value: Any, pct: bool = False) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value * 100:.1f} %" if pct else f"{value:.3f}"
    return escape(str(value))


def table(head: list[str], rows: list[list[str]]) -> str:
    cells = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def td(value: Any, pct: bool = False, cls: str = "n") -> str:
    return f'<td class="{cls}">{num(value, pct)}</td>'
