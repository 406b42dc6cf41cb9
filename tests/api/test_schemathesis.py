"""schemathesis over the OpenAPI document, in-process on the demo school, signed in as an admin, a teacher and a
commission member (and on PostgreSQL once): every route, valid and invalid requests, seeded; not one 5xx, no
invalid request accepted, every answer as documented."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.schemathesis_world import ROLES, DemoWorld, demo_world, sign_in
from tests.review.conftest import postgresql_url as postgresql_url  # the fixture, for the PostgreSQL run

# Requests per route, role and generation mode (valid, then invalid): ≈ 15 s a role on the 2-core machine,
# 447 requests a role (15 examples before issue 13); CI's log shows the count (CI stays under 30 minutes).
EXAMPLES = 10
CHECKS = [
    negative_data_rejection,
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# A PDF takes seconds on a loaded 2-core machine: schemathesis's own 10 s would fail on load, not on a fault.
TIMEOUT = 120
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
# Wrong passwords last: a throttle that counts them per address then blocks no later sign-in.
LOGIN = "POST /api/session"
SENT: list[int] = []  # requests of every role run so far, for the grand total


@pytest.fixture(params=[*sorted(ROLES), "commission-postgresql"])
def world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DemoWorld]:
    """The demo school on a fresh SQLite file (one role also on PostgreSQL), served in-process, signed in."""
    role, _, server = request.param.partition("-")
    url = request.getfixturevalue("postgresql_url") if server else ""
    built = demo_world(tmp_path, role, url)
    try:
        yield built
    finally:
        asgi.shutdown_lifespans()


def fuzz(
    world: DemoWorld, operation: Any, mode: GenerationMode, sent: Counter[int], failures: list[str]
) -> None:
    """EXAMPLES derandomized requests to one operation; each answer counted by status and checked."""
    route = f"{operation.method.upper()} {operation.path}"

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(mode), data=st.data())
    def run(case: Any, data: st.DataObject) -> None:
        world.use_known_ids(case, data)
        response = case.call(session=world.client, timeout=TIMEOUT)
        sent[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except (AssertionError, FailureGroup) as error:  # each one listed at the end, not the first alone
            failures.append(f"{route} -> {response.status_code} ({mode.name}) : {str(error)[:600]}")
        if route == "DELETE /api/session" or (response.status_code == 401 and route != LOGIN):
            sign_in(world)

    try:
        run()
    except Unsatisfiable:  # no invalid request exists for a route without parameters nor body
        assert mode is GenerationMode.NEGATIVE, route


def test_every_route_for_every_role_answers_as_documented_and_never_a_5xx(
    world: DemoWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = schemathesis.openapi.from_asgi("/schema/openapi.json", world.app)
    failures: list[str] = []
    started = time.monotonic()
    total = 0
    report = []
    every = [result.ok() for result in schema.get_all_operations()]
    for operation in sorted(every, key=lambda op: f"{op.method.upper()} {op.path}" == LOGIN):
        sent: Counter[int] = Counter()
        for mode in MODES:
            fuzz(world, operation, mode, sent, failures)
        total += sum(sent.values())
        statuses = ", ".join(f"{status}×{n}" for status, n in sorted(sent.items()))
        report.append(f"  {sum(sent.values()):4d}  {operation.method.upper()} {operation.path}  ({statuses})")
    SENT.append(total)
    took = time.monotonic() - started
    print(*report, sep="\n")  # shown when the test fails
    with capsys.disabled():  # in every log: the budget actually spent
        print(f"\nschemathesis, {world.role} : {total} requêtes en {took:.1f} s (en tout : {sum(SENT)})")
    assert len(report) == len(schema), "chaque route du document est essayée"
    assert failures == [], "\n".join(failures)
