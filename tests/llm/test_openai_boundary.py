"""Only service/engines/llm/ speaks to a model endpoint: nothing else in service/ or evals/ imports openai."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES, ROOT

FDAP = FIXTURES / "fdap" / "13-club-fitness-cse.json"

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


def test_a_service_without_a_model_never_loads_openai(tmp_path: Path) -> None:
    """`serve` builds the command line and the app, and a job runs offline: with no model, openai (≈ 40 MB) stays out."""
    code = (
        "import asyncio, sys\n"
        "from pathlib import Path\n"
        "from service import generation\n"
        "from service.cli import build_parser\n"
        "from service.domain.codec import load_fdap\n"
        "from service.engines.base import ProposalRequest\n"
        "from service.settings import Settings\n"
        "from service.web.app import create_app\n"
        "build_parser()\n"
        f"settings = Settings(data_dir=Path({str(tmp_path)!r}), secret_key='cle-de-test')\n"
        "create_app(settings)\n"
        f"fdap = load_fdap(Path({str(FDAP)!r}))\n"
        "done = asyncio.run(generation.generate(fdap, ProposalRequest(variants=1), settings))\n"
        "assert done.moteur == 'offline' and len(done.propositions) == 1, done\n"
        "assert 'openai' not in sys.modules, 'openai chargé'\n"
        "from service.engines.llm import LlmEngine\n"
        "assert LlmEngine.__name__ == 'LlmEngine' and 'openai' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
