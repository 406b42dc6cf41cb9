"""A real HTTP server on loopback speaking the OpenAI chat protocol, scripted per test (stdlib only).

Each scripted step answers one POST /v1/chat/completions, in order; the last step repeats once the script
is exhausted. Every request is recorded with its headers, so tests assert on what an endpoint received.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_ERROR_TYPES = {400: "invalid_request_error", 401: "authentication_error", 404: "not_found_error"}


@dataclass(frozen=True)
class Step:
    """One scripted answer: a chat completion (status 200) or an OpenAI-style error."""

    status: int = 200
    message: Mapping[str, Any] | None = None
    finish_reason: str = "stop"
    usage: tuple[int, int] = (100, 50)
    error: Mapping[str, Any] | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0
    text: str | None = None  # a body sent verbatim (a proxy's HTML page, say)


@dataclass(frozen=True)
class Received:
    """One HTTP request as the endpoint saw it (header names in lower case)."""

    method: str
    path: str
    headers: Mapping[str, str]
    body: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


def answer(content: str, finish_reason: str = "stop", usage: tuple[int, int] = (100, 50)) -> Step:
    return Step(message={"content": content, "refusal": None}, finish_reason=finish_reason, usage=usage)


def answer_json(obj: object, usage: tuple[int, int] = (100, 50)) -> Step:
    return answer(json.dumps(obj, ensure_ascii=False), usage=usage)


def refusal(text: str) -> Step:
    return Step(message={"content": None, "refusal": text})


def length_cut(partial_text: str) -> Step:
    return answer(partial_text, finish_reason="length")


def content_filter() -> Step:
    return Step(message={"content": None, "refusal": None}, finish_reason="content_filter")


def status(
    code: int, body: str | Mapping[str, Any] | None = None, headers: Mapping[str, str] | None = None
) -> Step:
    """An HTTP error; `body` is the error message, or the whole JSON body when a mapping."""
    if isinstance(body, Mapping):
        error: Mapping[str, Any] = body
    else:
        kind = _ERROR_TYPES.get(code, "rate_limit_error" if code == 429 else "server_error")
        error = {"error": {"message": body or f"erreur simulée {code}", "type": kind, "code": str(code)}}
    return Step(status=code, error=error, headers=dict(headers or {}))


def raw_body(text: str, code: int = 200, content_type: str = "text/html; charset=utf-8") -> Step:
    """A body that is not the protocol's JSON: what a misconfigured proxy or web server sends."""
    return Step(status=code, text=text, headers={"Content-Type": content_type})


def delayed(seconds: float, step: Step) -> Step:
    return dataclasses.replace(step, delay=step.delay + seconds)


def hang(seconds: float) -> Step:
    """An endpoint that answers only after `seconds` (longer than the client's timeout, in tests)."""
    return delayed(seconds, answer(""))


def completion(step: Step, model: str, number: int) -> dict[str, Any]:
    """The chat.completion body a real endpoint returns for a 200 step."""
    tokens_in, tokens_out = step.usage
    usage = {
        "prompt_tokens": tokens_in,
        "completion_tokens": tokens_out,
        "total_tokens": tokens_in + tokens_out,
    }
    return {
        "id": f"chatcmpl-fake-{number}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", **(step.message or {})},
                "finish_reason": step.finish_reason,
                "logprobs": None,
            }
        ],
        "usage": usage,
    }


class FakeOpenAI(ThreadingHTTPServer):
    """The fake endpoint: `script(...)` the answers, read `requests` afterwards, `close()` at the end."""

    daemon_threads = True
    request_queue_size = 128  # the default backlog (5) drops bursts of connections: 1 s SYN retries

    def __init__(self, model: str = "test-model") -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.model = model
        self.url = f"http://127.0.0.1:{self.server_address[1]}/v1"
        self.received: list[Received] = []
        self.closing = threading.Event()
        self.in_flight = self.max_in_flight = 0
        self._steps: list[Step] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def requests(self) -> list[dict[str, Any]]:
        """JSON bodies of the chat completion requests, in arrival order."""
        return [r.body for r in self.received if r.path.endswith("/chat/completions")]

    def script(self, *steps: Step) -> None:
        with self._lock:
            self._steps = list(steps)

    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def close(self) -> None:
        self.closing.set()  # wakes handlers that are waiting out a delay
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=5)

    def reset(self) -> None:
        """Forget what was received (between two phases of one test)."""
        with self._lock:
            self.received, self.max_in_flight = [], self.in_flight

    def record(self, request: Received) -> None:
        with self._lock:
            self.received.append(request)

    def begin(self, request: Received) -> tuple[Step, int]:
        """Record a chat request and pick its step: the n-th request gets the n-th step, or the last."""
        with self._lock:
            self.received.append(request)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            number = len(self.requests)
            if not self._steps:
                return status(500, "le serveur de test n'a pas de réponse scriptée"), number
            return self._steps[min(number, len(self._steps)) - 1], number

    def end(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (timeout) closes its socket: not worth a traceback on stderr."""
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # as real servers do: no 40 ms delayed-ACK stall on keep-alive
    timeout = 2.0  # an idle keep-alive connection does not outlive the test for long
    server: FakeOpenAI

    def do_GET(self) -> None:
        self.server.record(self._received({}))
        if self.path.rstrip("/") != "/v1/models":
            return self._not_found()
        model = {"id": self.server.model, "object": "model", "created": 0, "owned_by": "fichesujet-tests"}
        self._send(200, {"object": "list", "data": [model]})

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            body = {"_invalid_json": raw.decode("utf-8", "replace")}
        if self.path.rstrip("/") != "/v1/chat/completions":
            self.server.record(self._received(body))
            return self._not_found()
        step, number = self.server.begin(self._received(body))
        try:
            if step.delay and self.server.closing.wait(step.delay):
                return
        finally:
            self.server.end()  # before answering: the client may send its next request at once
        if step.text is not None:
            return self._send(step.status, step.text, step.headers)
        if step.status != 200:
            return self._send(step.status, step.error, step.headers)
        self._send(200, completion(step, str(body.get("model", self.server.model)), number), step.headers)

    def _received(self, body: dict[str, Any]) -> Received:
        return Received(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)

    def _not_found(self) -> None:
        self._send(404, status(404, f"chemin inconnu : {self.path}").error)

    def _send(self, code: int, payload: object, headers: Mapping[str, str] | None = None) -> None:
        """Send `payload` as JSON, or verbatim when it is a string."""
        data = (payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)).encode()
        headers = {"Content-Type": "application/json", **(headers or {})}
        self.send_response(code)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests read `received`, not the access log."""
