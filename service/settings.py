"""One Settings object built from FICHESUJET_* variables; passed in, never read at import time."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from service.errors import FicheSujetError


class SettingsError(FicheSujetError):
    """A FICHESUJET_* variable holds a value that cannot be used."""


@dataclass(frozen=True)
class Settings:
    """Every setting of the project, with a working default."""

    simulation_minutes: int = 15
    max_input_bytes: int = 5 * 1024 * 1024
    seed: int = 0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f"FICHESUJET_{f.name.upper()}")
            if raw is None or raw == "":
                continue
            values[f.name] = _convert(f.name, f.type, raw)
        settings = cls(**values)  # type: ignore[arg-type]
        if not 5 <= settings.simulation_minutes <= 120:
            raise SettingsError("FICHESUJET_SIMULATION_MINUTES doit être compris entre 5 et 120 minutes")
        return settings


def _convert(name: str, kind: object, raw: str) -> object:
    if kind in (int, "int"):
        try:
            return int(raw)
        except ValueError:
            raise SettingsError(
                f"FICHESUJET_{name.upper()} doit être un nombre entier (reçu : {raw!r})"
            ) from None
    if kind in (Path, "Path"):
        return Path(raw)
    return raw
