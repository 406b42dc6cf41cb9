"""The session routes: log in (signed cookie, throttled failures), log out, who am I."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, post

from service.web import auth
from service.web.api_common import JSON_BODY, USER, Db, Me
from service.web.auth import SESSION_COOKIE, requires_login
from service.web.dtos import Compte, Connexion, account_view


class SessionController(Controller):
    path = "/api/session"
    tags = ["session"]  # noqa: RUF012

    @post("/", name="session:ouvrir", status_code=200, exclude_from_csrf=True)
    async def login(
        self, data: Annotated[Connexion, JSON_BODY], request: Request[Any, Any, Any], db_session: Db
    ) -> Response[Compte]:
        """Ouvre une session (cookie signé) ; les échecs répétés sont freinés."""
        user = await auth.sign_in(request, db_session, data.email, data.mot_de_passe)
        response = Response(account_view(user))
        auth.set_session_cookie(response, request, user)
        return response

    @delete("/", name="session:fermer", status_code=204)
    async def logout(self) -> Response[None]:
        """Ferme la session (le cookie est effacé)."""
        response: Response[None] = Response(None, status_code=204)
        response.delete_cookie(SESSION_COOKIE)
        return response

    @get("/", name="session:moi", guards=[requires_login], dependencies=USER)
    async def me(self, user: Me) -> Compte:
        """Le compte connecté."""
        return account_view(user)
