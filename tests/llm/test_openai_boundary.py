"""Only service/engines/llm/ speaks to a model endpoint: nothing else in service/ or evals/ imports openai."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

_HOME = ROOT / "service" / "engines" / "llm"


def _imports_openai(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "openai" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "openai":
            return True
    return False


def test_only_the_llm_package_imports_openai() -> None:
    sources = [*(ROOT / "service").rglob("*.py"), *(ROOT / "evals").rglob("*.py")]
    outside = [p.relative_to(ROOT) for p in sources if _imports_openai(p) and _HOME not in p.parents]
    assert outside == []
    assert _imports_openai(_HOME / "client.py")
