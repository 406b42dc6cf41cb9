"""The OpenAPI viewer at /schema, from the vendored Redoc: nothing is fetched from another site."""

from __future__ import annotations

from html import escape
from typing import Any

from litestar import Request
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import RedocRenderPlugin

from service.web.openapi_served import ServedJson

REDOC = "/static/vendor/redoc/redoc.standalone.js"
FAVICON = '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'


class LocalRedoc(RedocRenderPlugin):
    """Redoc started by its `<redoc spec-url>` element: no CDN, no web fonts, no inline script or style."""

    def __init__(self) -> None:
        super().__init__(js_url=REDOC, google_fonts=False, path="/", favicon=FAVICON, style="")

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        title = escape(str(openapi_schema["info"]["title"]))
        spec = escape(self.get_openapi_json_route(request))
        return (
            '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{title} : API</title>{self.favicon}</head><body>"
            f'<redoc spec-url="{spec}"></redoc><script src="{escape(self.js_url)}"></script>'
            "</body></html>"
        ).encode()


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="fichesujet",
        version="1",
        path="/schema",
        description="API de la file de relecture",
        render_plugins=[LocalRedoc(), ServedJson()],
    )
