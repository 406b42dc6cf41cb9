"""The load generator: Debian's wrk, one thread, N connections, its figures read from a Lua `done` hook."""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

# wrk's `done` hook prints one line the bench reads; latencies are in microseconds.
LUA_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d "
    .. "p50_us=%d p95_us=%d p99_us=%d max_us=%d\\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""
TIMEOUT_SECONDS = 5


class WrkError(Exception):
    """wrk could not run or printed no figures."""


@dataclass(frozen=True)
class WrkResult:
    """One load point: completed requests over the run, errors by kind, latency percentiles in ms."""

    requests: int
    seconds: float
    errors: int
    timeouts: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def parse(output: str) -> WrkResult:
    """The figures of wrk's output (the line LUA_REPORT prints); WrkError when it is missing."""
    match = re.search(r"^BENCH (.*)$", output, re.MULTILINE)
    if match is None:
        raise WrkError(f"wrk n'a imprimé aucun chiffre : {output.strip()[-300:] or 'sortie vide'}")
    values = {key: int(value) for key, value in re.findall(r"(\w+)=(\d+)", match.group(1))}
    return WrkResult(
        requests=values["requests"],
        seconds=values["duration_us"] / 1e6,
        errors=values["connect"] + values["read"] + values["write"] + values["status"],
        timeouts=values["timeout"],
        p50_ms=values["p50_us"] / 1000,
        p95_ms=values["p95_us"] / 1000,
        p99_ms=values["p99_us"] / 1000,
        max_ms=values["max_us"] / 1000,
    )


def run(url: str, clients: int, seconds: float, headers: dict[str, str]) -> WrkResult:
    """`clients` connections on one thread against `url` for `seconds`, with `headers` on every request."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA_REPORT)
    command = ["wrk", "-t1", f"-c{clients}", f"-d{max(1, round(seconds))}s", "--latency"]
    command += [f"--timeout={TIMEOUT_SECONDS}s", "-s", script.name]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    try:
        done = subprocess.run(
            [*command, url], capture_output=True, text=True, timeout=seconds + 30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise WrkError(f"wrk n'a pas pu tourner : {exc}") from exc
    finally:
        Path(script.name).unlink()
    return parse(done.stdout + done.stderr)
