"""The language-model side: the only package that imports `openai` (client, engine, schema, prompts, privacy)."""

from service.engines.llm.engine import LlmEngine

__all__ = ["LlmEngine"]
