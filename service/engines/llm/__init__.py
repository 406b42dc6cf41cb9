"""The language-model side: the only package that imports `openai` (client, engine, schema, prompts, privacy).

`LlmEngine` is loaded on first use: a service with no model configured never imports openai (≈ 40 MB), even
though its jobs import `calllog` from here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from service.engines.llm.engine import LlmEngine

__all__ = ["LlmEngine"]


def __getattr__(name: str) -> Any:
    if name == "LlmEngine":
        from service.engines.llm.engine import LlmEngine

        return LlmEngine
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
