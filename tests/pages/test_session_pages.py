"""The pages end sessions on the server like the API, and take the sign-in form only."""

from __future__ import annotations

from litestar.testing import TestClient

from service.settings import Settings
from service.web.app import create_app
from service.web.auth import SESSION_COOKIE
from tests.pages.conftest import csrf, sign_in

Client = TestClient[object]
TEACHER = "enseignante@demo.fichesujet.fr"


def test_sign_out_ends_the_session_and_a_copied_cookie_with_it(
    client: Client, demo_settings: Settings
) -> None:
    assert sign_in(client, TEACHER).status_code == 303
    cookie = client.cookies[SESSION_COOKIE]
    with TestClient(app=create_app(demo_settings)) as thief:
        thief.cookies.set(SESSION_COOKIE, cookie)
        assert thief.get("/tableau-de-bord").status_code == 200
        assert thief.get("/", follow_redirects=False).headers["location"] == "/tableau-de-bord"
        out = client.post(
            "/deconnexion", data={"_csrf_token": client.cookies["csrftoken"]}, follow_redirects=False
        )
        assert out.status_code == 303
        stolen = thief.get("/tableau-de-bord", follow_redirects=False)
        assert stolen.status_code == 303 and stolen.headers["location"].startswith("/connexion")
        assert thief.get("/", follow_redirects=False).headers["location"] == "/connexion"


def test_the_sign_in_page_takes_its_form_only(client: Client) -> None:
    token = csrf(client)
    body = f"email={TEACHER}&mot_de_passe=demo&_csrf_token={token}"
    for kind in ("text/plain", "application/json"):
        refused = client.post(
            "/connexion", content=body, headers={"content-type": kind, "x-csrftoken": token}
        )
        assert refused.status_code == 415, refused.text
        assert (
            "type de contenu « " in refused.text.lower()
            and "application/x-www-form-urlencoded" in refused.text
        )
    assert SESSION_COOKIE not in client.cookies
