"""A response cache for model runs, as an httpx2 transport injected into the engine's HTTP client.

The key is the endpoint URL, the whole request body (model, messages, response schema, temperature,
max_tokens…) and the eval's repeat number. Only 200 answers carrying `choices` are stored: errors
(HTTP errors, timeouts, pages that are not JSON) are never cached, so a retry reaches the endpoint.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2

from evals.runner import REPEAT


@dataclass
class Traffic:
    """What the transport saw: answers from the cache, requests really sent, their tokens."""

    hits: int = 0
    sent: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    per_model: dict[str, list[int]] = field(default_factory=dict)

    def count(self, model: str, usage: dict[str, Any]) -> None:
        tokens_in, tokens_out = int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0)
        self.tokens_in += tokens_in
        self.tokens_out += tokens_out
        totals = self.per_model.setdefault(model, [0, 0])
        totals[0] += tokens_in
        totals[1] += tokens_out


def cache_key(url: str, body: bytes, repeat: int) -> str:
    try:
        canonical: Any = json.loads(body or b"{}")
    except ValueError:
        canonical = body.decode("utf-8", "replace")
    material = json.dumps(
        {"url": url, "body": canonical, "repeat": repeat}, sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(material.encode()).hexdigest()


class CachingTransport(httpx2.AsyncBaseTransport):
    """Serves chat completions from `folder` when it can; stores the successful ones it fetches."""

    def __init__(self, folder: Path | None, inner: httpx2.AsyncBaseTransport | None = None) -> None:
        self.folder = folder  # None: no cache, the traffic is still counted
        self.inner = inner or httpx2.AsyncHTTPTransport()
        self.traffic = Traffic()

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        if request.method != "POST" or not request.url.path.endswith("/chat/completions"):
            return await self.inner.handle_async_request(request)
        body = await request.aread()
        model = str(_json(body).get("model", ""))
        path = self._path(cache_key(str(request.url), body, REPEAT.get()))
        if path is not None and path.exists():
            self.traffic.hits += 1
            return httpx2.Response(
                200, headers={"content-type": "application/json"}, content=path.read_bytes(), request=request
            )
        response = await self.inner.handle_async_request(request)
        self.traffic.sent += 1
        if response.status_code != 200:
            return response
        content = await response.aread()
        answer = _json(content)
        self.traffic.count(model, answer.get("usage") or {})
        if path is not None and answer.get("choices"):
            _store(path, content)
        return httpx2.Response(
            200, headers={"content-type": "application/json"}, content=content, request=request
        )

    def _path(self, key: str) -> Path | None:
        return None if self.folder is None else self.folder / key[:2] / f"{key}.json"

    async def aclose(self) -> None:
        await self.inner.aclose()


def _json(data: bytes) -> dict[str, Any]:
    try:
        value = json.loads(data or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _store(path: Path, content: bytes) -> None:
    """Written atomically: a run interrupted mid-write leaves no truncated answer behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "wb") as stream:
        stream.write(content)
    os.replace(temporary, path)
