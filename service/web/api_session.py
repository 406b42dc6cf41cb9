"""The session routes: log in (a server-side session, throttled failures), log out, who am I."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, post

from service.web import auth
from service.web.api_common import JSON_BODY, USER, Me
from service.web.auth import requires_login
from service.web.dtos import Compte, Connexion, account_view


class SessionController(Controller):
    path = "/api/session"
    tags = ["session"]  # noqa: RUF012

    @post(
        "/",
        name="session:ouvrir",
        status_code=200,
        exclude_from_csrf=True,
        guards=[auth.accepts("application/json")],
    )
    async def login(
        self, data: Annotated[Connexion, JSON_BODY], request: Request[Any, Any, Any]
    ) -> Response[Compte]:
        """Ouvre une session (application/json seulement) ; les échecs répétés sont freinés."""
        signed_in = await auth.sign_in(request, data.email, data.mot_de_passe)
        response = Response(account_view(signed_in.user))
        auth.set_session_cookie(response, request, signed_in.token)
        return response

    @delete("/", name="session:fermer", status_code=204)
    async def logout(self, request: Request[Any, Any, Any]) -> Response[None]:
        """Ferme la session sur le serveur (une copie du cookie ne sert plus à rien) et efface le cookie."""
        response: Response[None] = Response(None, status_code=204)
        await auth.sign_out(request, response)
        return response

    @get("/", name="session:moi", guards=[requires_login], dependencies=USER)
    async def me(self, user: Me) -> Compte:
        """Le compte connecté."""
        return account_view(user)
