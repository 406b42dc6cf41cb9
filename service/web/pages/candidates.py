"""The candidate's page (both FDAPs, their warnings, the fiches drawn) and an FDAP's page (where each text went)."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, get
from litestar.di import Provide
from litestar.params import QueryParameter
from litestar.response import Template

from service.engines.base import DEFAULT_VARIANTS
from service.review import candidate_file
from service.web.api_common import PathId
from service.web.pages.common import Db, Me, provide_page_user

Outcome = Annotated[Literal["nouvelle", "remplacee", ""], QueryParameter(required=False)]


class CandidatePages(Controller):
    include_in_schema = False
    dependencies = {"user": Provide(provide_page_user)}  # noqa: RUF012

    @get("/candidats/{candidate_id:uuid}", name="pages:candidat")
    async def show(self, candidate_id: PathId, user: Me, db_session: Db) -> Template:
        """Both FDAPs with their warnings, which one the commission chose, the fiches drawn and their state."""
        found = await candidate_file.candidate_file(db_session, user, candidate_id)
        return Template("candidat.html", context={"user": user, "file": found})

    @get("/fdaps/{fdap_id:uuid}", name="pages:fdap")
    async def fdap(self, fdap_id: PathId, user: Me, db_session: Db, depot: Outcome = "") -> Template:
        """Rubric by rubric, the text placed there and what the import could not place, then « générer »
        (one button with the defaults, the generate page's form for other choices)."""
        found = await candidate_file.placement(db_session, user, fdap_id)
        context = {"user": user, "p": found, "depot": depot, "variants": DEFAULT_VARIANTS}
        return Template("deposer_resultat.html", context=context)
