"""The review queue (/relecture) and the diff between two versions of a fiche (/fiches/{id}/versions)."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, get
from litestar.di import Provide
from litestar.params import QueryParameter
from litestar.response import Template

from service.domain.fiche_sujet import ROWS_CANDIDAT, ROWS_JURY, FicheSujet, candidate_row, jury_row
from service.review import access, comments, queue, sheet
from service.review.worddiff import Segment, changed, word_diff
from service.web.pages.common import Db, Me, provide_page_user
from service.web.pages.sheet import ROW_CHOICES, PathId

PageNumber = Annotated[int, QueryParameter(ge=1, le=100_000, required=False)]
Version = Annotated[int | None, QueryParameter(ge=1, le=100_000, required=False)]
FilterParam = Annotated[queue.Filter, QueryParameter(required=False)]
CommissionParam = Annotated[uuid.UUID | None, QueryParameter(required=False)]


def diff_rows(before: FicheSujet, after: FicheSujet) -> list[tuple[str, str, bool, list[Segment]]]:
    """Every V-2 and V-3 row: its key, label, whether it changed, and the word-level diff."""
    pairs = [
        (f"candidat.{n}", f"V-2 · {label}", candidate_row(before, n), candidate_row(after, n))
        for n, label in ROWS_CANDIDAT
    ]
    pairs += [
        (f"jury.{n}", f"V-3 · {label}", jury_row(before, n), jury_row(after, n)) for n, label in ROWS_JURY
    ]
    return [(key, label, changed(old, new), list(word_diff(old, new))) for key, label, old, new in pairs]


class ReviewPages(Controller):
    include_in_schema = False
    dependencies = {"user": Provide(provide_page_user)}  # noqa: RUF012

    @get("/relecture", name="pages:relecture")
    async def queue(
        self,
        user: Me,
        db_session: Db,
        filtre: FilterParam = "a-relire",
        commission: CommissionParam = None,
        page: PageNumber = 1,
    ) -> Template:
        """The school's fiches to review, mine, or of one commission, a page at a time."""
        lines = await queue.review_queue(db_session, user, filtre, page, commission)
        context = {
            "user": user,
            "queue": lines,
            "filtre": filtre,
            "filters": queue.FILTERS,
            "commission": commission,
            "commissions": await queue.commission_choices(db_session, user),
        }
        return Template("relecture.html", context=context)

    @get("/fiches/{fiche_id:uuid}/versions", name="pages:fiche-versions")
    async def versions(
        self, fiche_id: PathId, user: Me, db_session: Db, de: Version = None, a: Version = None
    ) -> Template:
        """Version `de` against version `a` (by default the previous against the current), row by row."""
        current = (await access.fiche_for(db_session, user, fiche_id))[0].current_version
        after = a or current
        before = de or max(1, after - 1)
        found, old, new = await sheet.version_pair(db_session, user, fiche_id, before, after)
        context = {
            "user": user,
            "sheet": found,
            "before": before,
            "after": after,
            "rows": diff_rows(old, new),
            "remarks": comments.by_row(found.comments, after),
            "row_choices": ROW_CHOICES,
            "errors": {},
            "form": {},
        }
        return Template("fiche_versions.html", context=context)
