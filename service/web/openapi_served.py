"""/schema/openapi.json as the service answers, where Litestar's own document says otherwise."""

from __future__ import annotations

import copy
from typing import Any

import msgspec
from litestar import Request
from litestar.openapi.plugins import JsonRenderPlugin

from service.render.documents import DOCUMENT_TYPES

DOCX = DOCUMENT_TYPES["docx"]
DOCUMENTS = "/api/fiches/{fiche_id}/documents/{fichier}"
BINARY = {"type": "string", "format": "binary"}
FORM = {"type": "object", "required": ["fichier"], "properties": {"fichier": BINARY}}
# The routes that read their body themselves (api_common.uploaded): the raw file, or a form's « fichier ».
UPLOADS = {
    "/api/candidats/{candidate_id}/fdaps": {
        "application/json": {"schema": {"type": "object"}},
        DOCX: {"schema": BINARY},
        "multipart/form-data": {"schema": FORM},
    },
    "/api/candidats/import": {
        "text/csv": {"schema": {"type": "string"}},
        "multipart/form-data": {"schema": FORM},
    },
}
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
    document = {media: {"schema": BINARY} for media in DOCUMENT_TYPES.values()}
    served["paths"][DOCUMENTS]["get"]["responses"]["200"]["content"] = document
    for path, content in UPLOADS.items():
        served["paths"][path]["post"]["requestBody"] = {"required": True, "content": content}
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
