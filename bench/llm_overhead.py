"""Benchmark of the language-model pipeline's own overhead, against a local endpoint with a fixed latency.

The endpoint is the tests' real HTTP server speaking the OpenAI protocol (tests/llm/fake_openai.py), each
answer held for 300 ms. Baseline, measured in the same run: a bare HTTP POST of the same request to the
same endpoint. Targets (issue 3): median end-to-end at most 5 % above the endpoint's own latency, and 20
proposals requested at once in at most 1.3 times a single one (FICHESUJET_LLM_CONCURRENCY=20 here).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.domain.codec import load_fdap  # noqa: E402
from service.engines.base import ProposalRequest  # noqa: E402
from service.engines.llm import LlmEngine  # noqa: E402
from service.settings import Settings  # noqa: E402
from tests.llm.conftest import valid_answer  # noqa: E402
from tests.llm.fake_openai import FakeOpenAI, answer_json, delayed  # noqa: E402

LATENCY = 0.300
RUNS = 15


async def _bare_post(client: httpx2.AsyncClient, url: str, body: dict[str, object]) -> float:
    start = time.perf_counter()
    response = await client.post(f"{url}/chat/completions", json=body)
    response.raise_for_status()
    return time.perf_counter() - start


async def main() -> None:
    fdap = load_fdap(ROOT / "fixtures" / "fdap" / "01-assurance-sante-kine.json")
    server = FakeOpenAI().start()
    server.script(delayed(LATENCY, answer_json(valid_answer(fdap))))
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            llm_model="test-model",
            openai_base_url=server.url,
            openai_api_key="test",
            llm_concurrency=20,
            llm_log=Path(folder) / "calls.jsonl",
        )
        engine = LlmEngine(settings)
        await engine.propose(fdap, ProposalRequest(variants=1))  # warm-up: connection, prompt, schema
        body = server.requests[-1]
        async with httpx2.AsyncClient(timeout=10) as client:  # a kept-alive connection, as the SDK's
            await _bare_post(client, server.url, body)
            bare = [await _bare_post(client, server.url, body) for _ in range(RUNS)]
        single = []
        for _ in range(RUNS):
            start = time.perf_counter()
            await engine.propose(fdap, ProposalRequest(variants=1))
            single.append(time.perf_counter() - start)
        burst = []
        for _ in range(5):
            start = time.perf_counter()
            fiches = await engine.propose(fdap, ProposalRequest(variants=20))
            burst.append(time.perf_counter() - start)
            assert len(fiches) == 20
    server.close()
    base, one, twenty = statistics.median(bare), statistics.median(single), statistics.median(burst)
    print(f"point d'accès local, latence fixe {LATENCY * 1000:.0f} ms ; {RUNS} mesures")
    print(f"requête HTTP nue (référence) : médiane {base * 1000:.1f} ms")
    print(
        f"proposition de bout en bout : médiane {one * 1000:.1f} ms ; surcoût {100 * (one / base - 1):+.1f} %"
    )
    print(
        f"20 propositions à la fois : médiane {twenty * 1000:.1f} ms ; rapport à une seule : {twenty / one:.2f}"
    )


if __name__ == "__main__":
    asyncio.run(main())
