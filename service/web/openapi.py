"""The OpenAPI viewer at /schema, from the vendored Redoc: nothing is fetched from another site."""

from __future__ import annotations

import copy
from html import escape
from typing import Any

import msgspec
from litestar import Request
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, RedocRenderPlugin

from service.web.api import DOCUMENT_TYPES

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


DOCUMENTS = "/api/fiches/{fiche_id}/documents/{fichier}"
PROBLEM = {"$ref": "#/components/schemas/Probleme"}
# Every error of the service (app.problem): its own type, a French title and detail, the fields at fault.
PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "champs": {"type": "array", "items": {"type": "string"}},
    },
}


def _strict_structs() -> set[str]:
    """Names of the payloads that refuse an unknown key, which Litestar does not write in the document."""
    found: dict[str, bool] = {}
    pending: list[type[msgspec.Struct]] = [msgspec.Struct]
    while pending:
        struct = pending.pop()
        pending.extend(struct.__subclasses__())
        strict = bool(struct.__struct_config__.forbid_unknown_fields)
        found[struct.__name__] = found.get(struct.__name__, True) and strict
    return {name for name, strict in found.items() if strict}


def as_served(document: dict[str, Any]) -> dict[str, Any]:
    """The document as the service answers: unknown keys refused, and every error a problem+json."""
    served = copy.deepcopy(document)
    schemas = served.setdefault("components", {}).setdefault("schemas", {})
    for name in _strict_structs() & set(schemas):
        schemas[name]["additionalProperties"] = False
    schemas["Probleme"] = PROBLEM_SCHEMA
    error = {"application/problem+json": {"schema": PROBLEM}}
    binary = {"type": "string", "format": "binary"}
    document = {media: {"schema": binary} for media in DOCUMENT_TYPES.values()}
    served["paths"][DOCUMENTS]["get"]["responses"]["200"]["content"] = document
    for operations in served["paths"].values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            if "204" in responses:  # Litestar gives « No Content » a JSON body
                responses["204"].pop("content", None)
            if "400" in responses:
                responses["400"] = {"description": "Requête invalide", "content": error}
            responses["default"] = {"description": "Refus ou erreur, expliqué en français", "content": error}
    return served


class ServedJson(JsonRenderPlugin):
    """/schema/openapi.json, as the service answers (see as_served)."""

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        return self.render_json(request, as_served(openapi_schema))


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="fichesujet",
        version="1",
        path="/schema",
        description="API de la file de relecture",
        render_plugins=[LocalRedoc(), ServedJson()],
    )
