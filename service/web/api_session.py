"""The session routes: log in (signed cookie, throttled failures), log out, who am I."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, post

from service.review import access
from service.web.api_common import JSON_BODY, USER, Db, Me
from service.web.auth import SESSION_COOKIE, SESSION_SECONDS, Refusal, requires_login, session_token
from service.web.dtos import Compte, Connexion, account_view


class SessionController(Controller):
    path = "/api/session"
    tags = ["session"]  # noqa: RUF012

    @post("/", name="session:ouvrir", status_code=200, exclude_from_csrf=True)
    async def login(
        self, data: Annotated[Connexion, JSON_BODY], request: Request[Any, Any, Any], db_session: Db
    ) -> Response[Compte]:
        """Ouvre une session (cookie signé) ; les échecs répétés sont freinés."""
        if "\x00" in data.email:  # no account has one, and PostgreSQL refuses it in a query
            raise Refusal(status_code=401, detail="adresse électronique ou mot de passe incorrect")
        throttle = request.app.state.throttle
        address = request.client.host if request.client else ""
        wait = await throttle.retry_after(data.email, address)
        if wait:
            raise Refusal(
                status_code=429,
                detail=f"trop de tentatives de connexion échouées : réessayez dans {wait} secondes",
                headers={"Retry-After": str(wait)},
            )
        user = await access.authenticate(db_session, data.email, data.mot_de_passe)
        if user is None:
            await throttle.failed(data.email, address)
            raise Refusal(status_code=401, detail="adresse électronique ou mot de passe incorrect")
        await throttle.succeeded(data.email, address)
        response = Response(account_view(user))
        response.set_cookie(
            SESSION_COOKIE,
            session_token(request.app.state.secret, user.id),
            max_age=SESSION_SECONDS,
            httponly=True,
            samesite="lax",
            secure=request.app.state.settings.cookie_secure,
        )
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
