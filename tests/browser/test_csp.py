"""Every page a teacher, a member and an admin can reach works under the service's Content-Security-Policy.

The pages are found by following the links of each one (same site, GET), from the dashboard and the
administration; a violation is caught both as a console error (the page fixture) and by the
`securitypolicyviolation` event, which also reports what a console message could leave out.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import sign_in

LISTEN = (
    "window.__violations = [];"
    "document.addEventListener('securitypolicyviolation',"
    " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
)
SKIPPED = ("/deconnexion", ".pdf", ".docx")  # a form's action, and files the browser downloads
MAX_PAGES = 60


def _links(page: Page, base_url: str) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" == base_url and not parts.path.endswith(SKIPPED):
            paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


def _crawl(page: Page, base_url: str, start: list[str]) -> dict[str, list[str]]:
    """Each page reached from `start`: the violations it reported (none expected)."""
    page.add_init_script(LISTEN)
    # The icon is not a page: answered at once, so that going to the next page never aborts its request.
    page.route("**/favicon.*", lambda route: route.fulfill(status=204, body=""))
    seen: dict[str, list[str]] = {}
    todo = list(start)
    while todo and len(seen) < MAX_PAGES:
        path = todo.pop(0)
        if path in seen or any(part in path for part in SKIPPED):
            continue
        response = page.goto(path)
        assert response is not None and (response.ok or response.status == 403), (
            path,
            response and response.status,
        )
        assert "script-src 'self'" in response.headers.get("content-security-policy", ""), path
        page.wait_for_load_state("networkidle")
        seen[path] = page.evaluate("window.__violations")
        todo += _links(page, base_url)
    return seen


@pytest.mark.parametrize(
    ("email", "start"),
    [
        ("enseignante@demo.fichesujet.fr", ["/tableau-de-bord", "/relecture"]),
        ("membre1@demo.fichesujet.fr", ["/tableau-de-bord", "/relecture"]),
        ("admin@demo.fichesujet.fr", ["/admin/enseignants", "/admin/sessions", "/schema"]),
    ],
)
def test_every_reachable_page_works_under_the_policy(
    page: Page, base_url: str, refusals: set[int], email: str, start: list[str]
) -> None:
    refusals.add(403)  # a page may link to an action this user may not take
    sign_in(page, email)
    seen = _crawl(page, base_url, start)
    assert len(seen) >= 5, seen
    assert {path: found for path, found in seen.items() if found} == {}


def test_a_sheet_as_an_html_document_keeps_its_style_under_the_policy(
    page: Page, base_url: str, refusals: set[int]
) -> None:
    refusals.add(404)  # the standalone document names no icon: the browser asks for /favicon.ico
    sign_in(page, "membre1@demo.fichesujet.fr")
    page.add_init_script(LISTEN)
    page.goto("/tableau-de-bord")
    sheet = next(path for path in _links(page, base_url) if path.startswith("/fiches/"))
    document = f"/api{sheet.split('?')[0].rstrip('/')}/documents/candidat.html"
    response = page.goto(document)
    assert response is not None and response.ok, document
    assert page.evaluate("window.__violations") == []
    # The inline stylesheet applied: the A4 page's own font, not the browser's default serif.
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != "serif"
