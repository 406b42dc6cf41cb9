"""Sign-in, sign-out and the redirects around them, through the test client."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from litestar.testing import TestClient

from service.web.auth import MAX_FAILURES
from service.web.pages.common import local_target
from tests.pages.conftest import csrf, sign_in

Client = TestClient[object]


def test_home_sends_a_visitor_to_sign_in_and_a_teacher_to_the_dashboard(client: Client) -> None:
    assert client.get("/", follow_redirects=False).headers["location"] == "/connexion"
    sign_in(client, "enseignante@demo.fichesujet.fr")
    assert client.get("/", follow_redirects=False).headers["location"] == "/tableau-de-bord"


def test_sign_in_page_is_french_labelled_and_protected(client: Client) -> None:
    page = client.get("/connexion")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<html lang="fr">' in page.text
    assert "<title>Connexion · fichesujet</title>" in page.text
    assert '<a class="lien-evitement" href="#contenu">' in page.text and 'id="contenu"' in page.text
    assert re.search(r'name="_csrf_token" value="[0-9a-f]{20,}"', page.text)
    for field in ("email", "mot_de_passe"):
        assert f'<label for="champ-{field}">' in page.text and f'id="champ-{field}"' in page.text


def test_a_page_asked_for_while_signed_out_comes_back_after_sign_in(client: Client) -> None:
    asked = client.get("/tableau-de-bord?relire=1", follow_redirects=False)
    assert asked.status_code == 303
    assert asked.headers["location"] == "/connexion?suivant=%2Ftableau-de-bord%3Frelire%3D1"
    form = client.get(asked.headers["location"])
    action = re.search(r'<form method="post" action="([^"]+)"', form.text)
    assert action and parse_qs(urlsplit(action.group(1)).query) == {"suivant": ["/tableau-de-bord?relire=1"]}
    signed_in = sign_in(client, "membre1@demo.fichesujet.fr", path=action.group(1))
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/tableau-de-bord?relire=1"
    assert "fichesujet_session" in signed_in.headers["set-cookie"]
    assert "httponly" in signed_in.headers["set-cookie"].lower()


def test_a_wrong_password_is_said_in_french_next_to_the_form(client: Client) -> None:
    refused = sign_in(client, "membre2@demo.fichesujet.fr", "pas-le-bon")
    assert refused.status_code == 401 and refused.headers["content-type"].startswith("text/html")
    assert 'role="alert"' in refused.text and "mot de passe est incorrect" in refused.text
    assert 'value="membre2@demo.fichesujet.fr"' in refused.text
    assert "fichesujet_session" not in refused.headers.get("set-cookie", "")


def test_empty_fields_are_named_beside_them(client: Client) -> None:
    form = {"email": "", "mot_de_passe": "", "_csrf_token": csrf(client)}
    refused = client.post("/connexion", data=form)
    assert refused.status_code == 400
    assert "Indiquez votre adresse électronique." in refused.text and 'aria-invalid="true"' in refused.text
    assert "Indiquez votre mot de passe." in refused.text


def test_the_throttle_says_how_long_to_wait(client: Client) -> None:
    for _ in range(MAX_FAILURES):
        assert sign_in(client, "admin@demo.fichesujet.fr", "faux").status_code == 401
    throttled = sign_in(client, "admin@demo.fichesujet.fr")
    assert throttled.status_code == 429 and int(throttled.headers["retry-after"]) > 200
    assert "Connexion suspendue" in throttled.text
    assert re.search(r"Réessayez dans [45] minutes( et \d+ secondes?)?\.", throttled.text)


def test_a_form_without_its_csrf_token_is_a_french_page(client: Client) -> None:
    client.get("/connexion")
    refused = client.post("/connexion", data={"email": "enseignante@demo.fichesujet.fr", "mot_de_passe": "x"})
    assert refused.status_code == 403 and refused.headers["content-type"].startswith("text/html")
    assert "Jeton anti-falsification (CSRF) absent" in refused.text and "Traceback" not in refused.text


def test_sign_out_forgets_the_session(client: Client) -> None:
    sign_in(client, "enseignante@demo.fichesujet.fr")
    assert client.get("/tableau-de-bord").status_code == 200
    out = client.post(
        "/deconnexion", data={"_csrf_token": client.cookies["csrftoken"]}, follow_redirects=False
    )
    assert out.status_code == 303 and out.headers["location"] == "/connexion"
    assert client.get("/tableau-de-bord", follow_redirects=False).status_code == 303


def test_the_return_address_never_leaves_the_site() -> None:
    for target in ("//evil.example/x", "https://evil.example", "/\\evil.example", "javascript:alert(1)", ""):
        assert local_target(target) == "/tableau-de-bord"
    assert local_target("/connexion?suivant=/x") == "/tableau-de-bord"
    assert local_target("/tableau-de-bord?relire=2") == "/tableau-de-bord?relire=2"
