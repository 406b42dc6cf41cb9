"""The dashboard: what awaits the signed-in user, from service.review.dashboard."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.di import Provide
from litestar.params import QueryParameter
from litestar.response import Template

from service.review import dashboard
from service.web.pages.common import HOME, Db, Me, provide_page_user

PageNumber = Annotated[int, QueryParameter(ge=1, le=100_000, required=False)]


class DashboardController(Controller):
    include_in_schema = False
    dependencies = {"user": Provide(provide_page_user)}  # noqa: RUF012

    @get(HOME, name="pages:tableau-de-bord")
    async def show(
        self,
        user: Me,
        db_session: Db,
        ecrire: PageNumber = 1,
        corriger: PageNumber = 1,
        relire: PageNumber = 1,
    ) -> Template:
        """Sheets to write, to fix, to review, each with its wait; the session's progress."""
        board = await dashboard.dashboard(db_session, user, (ecrire, corriger, relire))
        return Template("tableau_de_bord.html", context={"user": user, "board": board})
