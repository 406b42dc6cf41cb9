"""Prompt templates as versioned files (prompts/<task>/v<N>.toml); the active versions live in one place.

A checkout reads the top-level prompts/ folder; an installed wheel carries it as `service/prompts`
(pyproject.toml, [tool.hatch]), found through importlib.resources.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from string import Template

from service.errors import FicheSujetError


def prompts_dir() -> Traversable:
    """The prompts shipped inside the installed package, else those of the checkout."""
    packaged = files("service") / "prompts"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "prompts"


@dataclass(frozen=True)
class Prompt:
    """One prompt file: its task, version, content hash and templates."""

    task: str
    version: str
    sha256: str
    system: str
    user: str
    prompt_format: str
    reask: str

    def render(self, part: str, **values: object) -> str:
        template: str = getattr(self, part)
        return Template(template).substitute({k: str(v) for k, v in values.items()}).strip()


@cache
def active(task: str, directory: Traversable | None = None) -> Prompt:
    """The active version of a task's prompt, as named in prompts/active.toml."""
    directory = directory or prompts_dir()
    try:
        versions = tomllib.loads((directory / "active.toml").read_text(encoding="utf-8"))
        version = versions[task]
        raw = (directory / task / f"{version}.toml").read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
    except (OSError, KeyError, tomllib.TOMLDecodeError) as exc:
        raise FicheSujetError(
            f"prompt « {task} » introuvable ou illisible dans {directory} ({exc})"
        ) from None
    return Prompt(
        task=task,
        version=version,
        sha256=hashlib.sha256(raw).hexdigest()[:16],
        system=data["system"],
        user=data["user"],
        prompt_format=data["prompt_format"],
        reask=data["reask"],
    )
