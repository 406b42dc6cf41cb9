"""The prompts are found from a checkout and from an installed wheel, which carries them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from service.engines.llm.prompts import active, prompts_dir
from tests.conftest import ROOT

TASKS = sorted(tomllib.loads((ROOT / "prompts" / "active.toml").read_text(encoding="utf-8")))

# Run in the unpacked wheel: its own `service` comes first on the path, before the checkout's.
_LOAD_EVERY_PROMPT = """
import sys, service
from service.engines.llm.prompts import active, prompts_dir
assert service.__file__.startswith(sys.argv[1]), service.__file__
for task in sys.argv[2:]:
    prompt = active(task)
    assert prompt.system and prompt.user, task
    print(task, prompt.version, prompt.sha256)
print(prompts_dir())
"""


def test_a_checkout_reads_the_top_level_prompts_folder() -> None:
    assert Path(str(prompts_dir())) == ROOT / "prompts"
    assert TASKS == ["judge", "propose", "refine"]
    assert all(active(task).task == task for task in TASKS)


def test_an_installed_wheel_carries_every_prompt(tmp_path: Path) -> None:
    uv = os.environ.get("UV") or shutil.which("uv")
    assert uv, "uv est introuvable : lancez les tests par `uv run` (scripts/uv-env)"
    build = [uv, "build", "--offline", "--wheel", "--out-dir", str(tmp_path / "dist"), str(ROOT)]
    subprocess.run(build, check=True, capture_output=True, timeout=300)
    [wheel] = (tmp_path / "dist").glob("fichesujet-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    assert (site / "service" / "prompts" / "active.toml").is_file()
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run(
        [sys.executable, "-c", _LOAD_EVERY_PROMPT, str(site), *TASKS],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == str(site / "service" / "prompts")
    assert [line.split()[:2] for line in lines[:-1]] == [[t, active(t).version] for t in TASKS]
    assert [line.split()[2] for line in lines[:-1]] == [active(t).sha256 for t in TASKS]
