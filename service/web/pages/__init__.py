"""The teacher's pages: server-rendered French HTML over the same services as the JSON API.

A new page is a controller in this package added to PAGE_ROUTES, a template under service/web/templates/
extending base.html, and a link in templates/partials/nav.html.
"""

from __future__ import annotations

from pathlib import Path

from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template import TemplateConfig
from litestar.types import ControllerRouterHandler

from service.web.pages.admin import AdminPages
from service.web.pages.admin_candidates import AdminCandidatePages
from service.web.pages.admin_purge import AdminPurgePages
from service.web.pages.candidates import CandidatePages
from service.web.pages.dashboard import DashboardController
from service.web.pages.deposit import DepositPages
from service.web.pages.editor import EditorPages
from service.web.pages.filters import FILTERS
from service.web.pages.generate import GeneratePages
from service.web.pages.review import ReviewPages
from service.web.pages.session import SessionPages
from service.web.pages.sheet import SheetPages

WEB = Path(__file__).resolve().parents[1]
TEMPLATES = WEB / "templates"
STATIC = WEB / "static"

PAGE_ROUTES: list[ControllerRouterHandler] = [
    SessionPages,
    DashboardController,
    CandidatePages,
    DepositPages,
    GeneratePages,
    AdminPages,
    AdminCandidatePages,
    AdminPurgePages,
    EditorPages,
    ReviewPages,
    SheetPages,
    create_static_files_router(path="/static", directories=[STATIC], name="static"),
]


def _register(engine: JinjaTemplateEngine) -> None:
    engine.engine.filters.update(FILTERS)


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    """Jinja2 over service/web/templates (autoescaped), with the pages' French filters."""
    return TemplateConfig(directory=TEMPLATES, engine=JinjaTemplateEngine, engine_callback=_register)
