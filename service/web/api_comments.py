"""The JSON API's comments on a fiche's rows (/api/fiches/{id}/commentaires), over service.review.comments."""

from __future__ import annotations

import datetime
import uuid
from typing import Annotated

import msgspec
from litestar import Controller, get, post

from service.review import comments
from service.web.api_common import JSON_BODY, USER, Db, Me, PathId
from service.web.auth import requires_login


class NouveauCommentaire(msgspec.Struct, forbid_unknown_fields=True):
    version: Annotated[int, msgspec.Meta(ge=1)]
    ligne: str
    texte: str


class Commentaire(msgspec.Struct):
    id: uuid.UUID
    version: int
    ligne: str
    libelle: str
    auteur: str
    le: datetime.datetime
    texte: str


def _view(line: comments.CommentLine) -> Commentaire:
    return Commentaire(line.id, line.version, line.row, line.label, line.author, line.at, line.body)


class CommentController(Controller):
    path = "/api/fiches/{fiche_id:uuid}/commentaires"
    guards = [requires_login]  # noqa: RUF012
    dependencies = USER
    tags = ["relecture"]  # noqa: RUF012

    @get("/", name="fiches:commentaires")
    async def list_comments(self, fiche_id: PathId, user: Me, db_session: Db) -> list[Commentaire]:
        """Les commentaires de la fiche, ligne par ligne (membres de la commission et auteurs seulement)."""
        return [_view(c) for c in await comments.comments_for(db_session, user, fiche_id)]

    @post("/", name="fiches:commenter", status_code=201)
    async def add_comment(
        self, fiche_id: PathId, data: Annotated[NouveauCommentaire, JSON_BODY], user: Me, db_session: Db
    ) -> Commentaire:
        """Commente une ligne (`candidat.objet`, `jury.objections`…) d'une version de la fiche."""
        line = await comments.add_comment(db_session, user, fiche_id, data.version, data.ligne, data.texte)
        return _view(line)
