"""Sign-in and sign-out pages, and `/` sending each visitor where they belong."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.enums import RequestEncodingType
from litestar.params import BodyKwarg, QueryParameter
from litestar.response import Redirect, Template

from service.web import auth
from service.web.auth import FAILURE_WINDOW, MAX_FAILURES, Refusal
from service.web.pages.common import HOME, SIGN_IN, local_target


class SignInForm(msgspec.Struct):
    email: str = ""
    mot_de_passe: str = ""


Form = Annotated[SignInForm, BodyKwarg(media_type=RequestEncodingType.URL_ENCODED)]
Next = Annotated[str, QueryParameter(required=False)]


def _form(email: str, target: str, errors: dict[str, str], wait: int = 0, status: int = 200) -> Template:
    """The sign-in form, with what went wrong; while throttled, the wait in words and in Retry-After."""
    context = {
        "email": email,
        "suivant": target,
        "errors": errors,
        "wait": wait,
        "max_failures": MAX_FAILURES,
        "window_minutes": int(FAILURE_WINDOW // 60),
    }
    headers = {"Retry-After": str(wait)} if wait else None
    return Template("connexion.html", context=context, status_code=status, headers=headers)


def _missing(data: SignInForm) -> dict[str, str]:
    errors = {}
    if not data.email.strip():
        errors["email"] = "Indiquez votre adresse électronique."
    if not data.mot_de_passe:
        errors["mot_de_passe"] = "Indiquez votre mot de passe."
    return errors


class SessionPages(Controller):
    include_in_schema = False

    @get("/", name="pages:accueil")
    async def home(self, request: Request[Any, Any, Any]) -> Redirect:
        """The dashboard for a signed-in visitor, the sign-in page otherwise."""
        return Redirect(HOME if await auth.is_signed_in(request) else SIGN_IN, status_code=303)

    @get(SIGN_IN, name="pages:connexion")
    async def sign_in_page(self, suivant: Next = "") -> Template:
        return _form("", local_target(suivant), {})

    @post(SIGN_IN, name="pages:connexion-envoi", guards=[auth.accepts("application/x-www-form-urlencoded")])
    async def sign_in(self, data: Form, request: Request[Any, Any, Any], suivant: Next = "") -> Response[Any]:
        """Signs in, then goes back to the page asked for; a refusal is said next to the form."""
        target = local_target(suivant)
        if errors := _missing(data):
            return _form(data.email, target, errors, status=400)
        try:
            signed_in = await auth.sign_in(request, data.email, data.mot_de_passe)
        except Refusal as refusal:
            wait = int((refusal.headers or {}).get("Retry-After", 0))
            return _form(data.email, target, {"form": str(refusal.detail)}, wait, refusal.status_code)
        response = Redirect(target, status_code=303)
        auth.set_session_cookie(response, request, signed_in.token)
        return response

    @post("/deconnexion", name="pages:deconnexion")
    async def sign_out(self, request: Request[Any, Any, Any]) -> Redirect:
        """Ends the session on the server, forgets the cookie and shows the sign-in page."""
        response = Redirect(SIGN_IN, status_code=303)
        await auth.sign_out(request, response)
        return response
