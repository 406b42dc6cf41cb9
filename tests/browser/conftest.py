"""Debian's Chromium driving the real service (uvicorn, demo school, a temporary SQLite file).

Never `playwright install`: the browser is /usr/bin/chromium, installed by scripts/system-packages.
A page fails its test on any console error or failed request; `shot` keeps a screenshot of each step
under tests/browser/screenshots/ (ignored by git); `assert_accessible` runs axe-core on the page.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, sync_playwright

from service.review.demo import DEMO_PASSWORD
from tests.api.test_serve import ROOT, free_port

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"
BLOCKING = ("serious", "critical")


@pytest.fixture(scope="module")
def service_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The FICHESUJET_* variables of the module's service (a test may run the CLI on the same database)."""
    data = tmp_path_factory.mktemp("navigateur")
    return {
        **os.environ,
        "FICHESUJET_DATA_DIR": str(data),
        "FICHESUJET_DATABASE_URL": f"sqlite+aiosqlite:///{data / 'fichesujet.sqlite'}",
        "FICHESUJET_SECRET_KEY": "cle-de-test-navigateur",
    }


@pytest.fixture(scope="module")
def base_url(service_env: dict[str, str]) -> Iterator[str]:
    """The service on a free loopback port, with the demo school on a SQLite file of its own."""
    port = free_port()
    command = [sys.executable, "-m", "tests.browser.serve_demo", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, env=service_env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"{base}/api/sante", timeout=1)
            break
        except httpx.TransportError:
            assert process.poll() is None and time.monotonic() < deadline, "service non démarré"
            time.sleep(0.2)
    yield base
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for every browser test (each opens a fresh context): a launch costs seconds."""
    assert CHROMIUM.exists(), "Chromium de Debian absent : lancez `bash scripts/system-packages` en root"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def refusals() -> set[int]:
    """HTTP statuses a test expects a page to answer (a refused sign-in is a 401): Chromium, and htmx for
    its requests, log each one as a console error, which fails the test unless declared here."""
    return set()


@pytest.fixture
def page(browser: Browser, base_url: str, refusals: set[int]) -> Iterator[Page]:
    """A fresh context (no cookies); the test fails on a console error or a request that failed."""
    context = browser.new_context(base_url=base_url, locale="fr-FR")
    problems: list[str] = []
    yield watched(context.new_page(), refusals, problems)
    context.close()
    assert not problems, "\n".join(problems)


def watched(opened: Page, refusals: set[int], problems: list[str]) -> Page:
    """`opened`, noting in `problems` each console error (but the `refusals`) and each failed request."""

    def on_console(message: ConsoleMessage) -> None:
        status = re.search(
            r"(?:the server responded with a status of|Response Status Error Code) (\d{3})", message.text
        )
        if message.type == "error" and not (status and int(status.group(1)) in refusals):
            problems.append(f"console : {message.text} ({message.location.get('url', '')})")

    def on_failed(request: Request) -> None:
        # A static file (the favicon) still loading when the test navigates on is cancelled by the browser
        # itself: not a failure of the service.
        if request.failure == "net::ERR_ABORTED" and "/static/" in request.url:
            return
        problems.append(f"requête échouée : {request.method} {request.url} ({request.failure})")

    opened.on("console", on_console)
    opened.on("pageerror", lambda error: problems.append(f"erreur JavaScript : {error}"))
    opened.on("requestfailed", on_failed)
    return opened


@pytest.fixture
def shot(page: Page, request: pytest.FixtureRequest) -> Callable[[str], None]:
    """Screenshot of the current step: screenshots/<test>/<n>-<step>.png."""
    folder = SCREENSHOTS / re.sub(r"\W+", "-", request.node.name).strip("-")
    folder.mkdir(parents=True, exist_ok=True)
    steps = iter(range(1, 100))

    def take(step: str) -> None:
        page.screenshot(path=folder / f"{next(steps):02d}-{step}.png", full_page=True)

    return take


def assert_accessible(page: Page) -> None:
    """axe-core (bundled with axe-playwright-python, nothing downloaded): no serious or critical violation."""
    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v.get("impact") in BLOCKING]
    details = [
        f"{v['id']} ({v['impact']}) : {v['help']} — {[n['target'] for n in v['nodes']]}" for v in blocking
    ]
    assert not blocking, "\n".join(details)


def sign_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Fills the sign-in form as a user would (labels, then the button), and waits for the page it lands
    on: a test that goes elsewhere at once would otherwise abort the redirect to the dashboard."""
    page.goto("/connexion")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").click()
