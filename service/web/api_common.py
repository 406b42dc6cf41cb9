"""What every JSON controller shares: the injected parameters, the caller, and reading an uploaded file."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Request
from litestar.datastructures import UploadFile
from litestar.di import Dependency, Provide
from litestar.enums import RequestEncodingType
from litestar.params import BodyKwarg, PathParameter
from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import User
from service.errors import InputError
from service.web.auth import signed_in_account

# Injected by name (Litestar 3 drops inferred dependencies); the alias NamedDependency is avoided.
Db = Annotated[AsyncSession, Dependency(kind="named")]
Me = Annotated[User, Dependency(kind="named")]
PathId = Annotated[uuid.UUID, PathParameter()]
JSON_BODY = BodyKwarg(media_type=RequestEncodingType.JSON)


async def provide_user(request: Request[Any, Any, Any], db_session: Db) -> User:
    return await signed_in_account(request, db_session)


USER = {"user": Provide(provide_user)}


async def uploaded(request: Request[Any, Any, Any], what: str, name: str) -> tuple[str, bytes]:
    """The uploaded file's name (`name` when none is given) and bytes: a multipart field « fichier », or the raw body."""
    kind = request.headers.get("content-type", "")
    if kind.startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("fichier")
        if not isinstance(upload, UploadFile):
            raise InputError("requête", "fichier", f"joignez {what} dans le champ « fichier »")
        return upload.filename or name, await upload.read()
    data = await request.body()
    if not data:
        raise InputError("requête", "", f"corps vide : envoyez {what}")
    return (f"{name}.docx" if "wordprocessingml" in kind else name), data
