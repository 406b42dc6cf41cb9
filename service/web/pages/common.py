"""What every page handler shares: the signed-in user, the return address after sign-in."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from litestar import Request
from litestar.di import Dependency
from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import User
from service.web.auth import signed_in_account

# Injected by name, as in the JSON API.
Db = Annotated[AsyncSession, Dependency(kind="named")]
Me = Annotated[User, Dependency(kind="named")]
HOME = "/tableau-de-bord"
SIGN_IN = "/connexion"


async def provide_page_user(request: Request[Any, Any, Any], db_session: Db) -> User:
    """The signed-in user; otherwise 401, which the pages answer with a redirect to the sign-in page."""
    return await signed_in_account(request, db_session)


def local_target(target: str | None) -> str:
    """Where to go after signing in: a path of this site only (never another host), else the dashboard."""
    parts = urlsplit(target or "")
    if not target or parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return HOME
    if "\\" in target or parts.path == SIGN_IN:
        return HOME
    return target


def sign_in_url(target: str) -> str:
    """The sign-in page that returns to `target` afterwards."""
    return f"{SIGN_IN}?{urlencode({'suivant': target})}" if local_target(target) != HOME else SIGN_IN
