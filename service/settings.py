"""One Settings object built from FICHESUJET_* variables; passed in, never read at import time."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from service.domain.fiche_sujet import DEFAULT_SIMULATION_MINUTES
from service.errors import FicheSujetError

OUTPUT_MODES = ("json_schema", "json_object", "prompt", "auto")
# The openai SDK's own variables, honoured as such so that any OpenAI-compatible endpoint works.
_STANDARD_NAMES = {"openai_base_url": "OPENAI_BASE_URL", "openai_api_key": "OPENAI_API_KEY"}


class SettingsError(FicheSujetError):
    """A FICHESUJET_* variable holds a value that cannot be used."""


@dataclass(frozen=True)
class Settings:
    """Every setting of the project, with a working default (the README documents each one)."""

    simulation_minutes: int = DEFAULT_SIMULATION_MINUTES
    max_input_bytes: int = 5 * 1024 * 1024
    max_docx_bytes: int = 10 * 1024 * 1024
    seed: int = 0
    data_dir: Path = Path("data")
    database_url: str = ""
    job_lease_seconds: float = 300.0
    max_pending_jobs: int = 3
    job_concurrency: int = 4
    render_processes: int = 1  # on 2 cores: the event loop keeps one (README, FICHESUJET_RENDER_PROCESSES)
    render_cache_mb: int = 512
    llm_model: str = ""
    llm_timeout: float = 60.0
    llm_retries: int = 2
    llm_reasks: int = 1
    llm_temperature: float = 0.7
    llm_max_tokens: int = 6000
    llm_output_mode: str = "json_schema"
    llm_concurrency: int = 8
    llm_log: Path | None = None
    eval_prices: str = ""
    openai_base_url: str = ""
    openai_api_key: str = ""
    secret_key: str = ""
    cookie_secure: bool = False
    session_idle_minutes: int = 120
    trusted_proxies: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        for f in fields(cls):
            name = _STANDARD_NAMES.get(f.name, f"FICHESUJET_{f.name.upper()}")
            raw = env.get(name)
            if raw is None or raw == "":
                continue
            values[f.name] = _convert(name, str(f.type), raw)
        settings = cls(**values)  # type: ignore[arg-type]
        settings.validate()
        return settings

    def validate(self) -> None:
        if not 5 <= self.simulation_minutes <= 120:
            raise SettingsError("FICHESUJET_SIMULATION_MINUTES doit être compris entre 5 et 120 minutes")
        if self.llm_output_mode not in OUTPUT_MODES:
            raise SettingsError(f"FICHESUJET_LLM_OUTPUT_MODE doit valoir {', '.join(OUTPUT_MODES)}")
        if self.job_lease_seconds <= 0:
            raise SettingsError("FICHESUJET_JOB_LEASE_SECONDS doit être un nombre de secondes positif")
        if self.max_pending_jobs < 1:
            raise SettingsError("FICHESUJET_MAX_PENDING_JOBS doit valoir au moins 1")
        if self.job_concurrency < 1:
            raise SettingsError("FICHESUJET_JOB_CONCURRENCY doit valoir au moins 1")
        if not 1 <= self.render_processes <= 16 or self.render_cache_mb < 0:
            raise SettingsError(
                "FICHESUJET_RENDER_PROCESSES doit être compris entre 1 et 16, "
                "FICHESUJET_RENDER_CACHE_MB positif ou nul (0 : aucun document gardé en cache)"
            )
        if self.llm_timeout <= 0 or self.llm_concurrency < 1 or self.llm_retries < 0 or self.llm_reasks < 0:
            raise SettingsError(
                "FICHESUJET_LLM_TIMEOUT doit être positif, FICHESUJET_LLM_CONCURRENCY au moins 1, "
                "FICHESUJET_LLM_RETRIES et FICHESUJET_LLM_REASKS positifs ou nuls"
            )

        if self.session_idle_minutes < 1:
            raise SettingsError("FICHESUJET_SESSION_IDLE_MINUTES doit être un nombre de minutes positif")
        _ = self.proxies  # an unreadable address is said at start, not at the first login

    @property
    def proxies(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        """The proxies whose X-Forwarded-For is believed (FICHESUJET_TRUSTED_PROXIES, comma-separated)."""
        names = [name.strip() for name in self.trusted_proxies.split(",") if name.strip()]
        try:
            return tuple(ipaddress.ip_network(name, strict=False) for name in names)
        except ValueError as exc:
            raise SettingsError(
                f"FICHESUJET_TRUSTED_PROXIES : adresses IP ou réseaux CIDR séparés par des virgules ({exc})"
            ) from None

    @property
    def database(self) -> str:
        """The SQLAlchemy URL of the database: a SQLite file under data_dir unless one is given."""
        return self.database_url or f"sqlite+aiosqlite:///{self.data_dir}/fichesujet.db"

    @property
    def call_log(self) -> Path:
        """Where every language-model call is recorded (JSON lines)."""
        return self.llm_log or self.data_dir / "llm-calls.jsonl"


def _convert(name: str, kind: str, raw: str) -> object:
    try:
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw.replace(",", "."))
    except ValueError:
        expected = "un nombre entier" if kind == "int" else "un nombre"
        raise SettingsError(f"{name} doit être {expected} (reçu : {raw!r})") from None
    if kind == "bool":
        if raw.lower() in ("1", "true", "oui", "yes"):
            return True
        if raw.lower() in ("0", "false", "non", "no"):
            return False
        raise SettingsError(f"{name} doit valoir 1 ou 0 (reçu : {raw!r})")
    if kind.startswith("Path"):
        return Path(raw)
    return raw
