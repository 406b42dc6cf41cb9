"""What every page shares: French errors as pages, local assets only, no inline script or style."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from litestar.testing import TestClient

from service.review import dashboard
from service.web.pages import STATIC

Client = TestClient[object]


def test_an_unknown_page_is_a_french_404_page_and_the_api_stays_json(client: Client) -> None:
    page = client.get("/nulle-part")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "<title>Ressource introuvable · fichesujet</title>" in page.text
    api = client.get("/api/nulle-part")
    assert api.status_code == 404 and api.headers["content-type"].startswith("application/problem+json")


def test_pages_carry_no_inline_script_or_style(teacher: Client) -> None:
    for path in ("/connexion", "/tableau-de-bord", "/nulle-part", "/schema"):
        html = teacher.get(path).text
        assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html), path
        assert "<style" not in html and " style=" not in html, path
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), path


def test_page_routes_stay_out_of_the_openapi_document(client: Client) -> None:
    paths = client.get("/schema/openapi.json").json()["paths"]
    assert all(path.startswith("/api/") for path in paths)


def test_the_openapi_viewer_is_served_from_here(client: Client) -> None:
    page = client.get("/schema")
    assert page.status_code == 200 and '<redoc spec-url="/schema/openapi.json">' in page.text
    script = client.get("/static/vendor/redoc/redoc.standalone.js")
    assert script.status_code == 200 and len(script.content) > 500_000


def test_vendored_files_match_the_sha256_their_readme_gives() -> None:
    for readme in (STATIC / "vendor").glob("*/README"):
        sums = re.findall(r"^\s+(\S+\.js)\s+sha256 ([0-9a-f]{64})$", readme.read_text(), re.M)
        assert sums, readme
        for name, digest in sums:
            assert hashlib.sha256((readme.parent / name).read_bytes()).hexdigest() == digest, name
        assert (readme.parent / "LICENSE").is_file()


def test_htmx_is_version_2_and_served(client: Client) -> None:
    script = client.get("/static/vendor/htmx/htmx.min.js")
    assert script.status_code == 200 and 'version:"2.0.' in script.text
    assert Path(STATIC / "vendor/htmx/LICENSE").read_text().startswith("Zero-Clause BSD")


def test_an_htmx_request_without_session_is_sent_to_sign_in_by_htmx(client: Client) -> None:
    headers = {"HX-Request": "true", "HX-Current-URL": "http://testserver.local/tableau-de-bord?relire=2"}
    answer = client.get("/tableau-de-bord", headers=headers, follow_redirects=False)
    assert answer.status_code == 200
    assert answer.headers["hx-redirect"] == "/connexion?suivant=%2Ftableau-de-bord%3Frelire%3D2"


def test_an_unexpected_error_on_a_page_is_a_french_500_without_trace(
    teacher: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_args: object) -> None:
        raise RuntimeError("secret interne")

    monkeypatch.setattr(dashboard, "dashboard", broken)
    page = teacher.get("/tableau-de-bord")
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
    assert "<title>Erreur interne · fichesujet</title>" in page.text and "Une erreur inattendue" in page.text
    assert "secret interne" not in page.text and "Traceback" not in page.text
