"""The OpenAPI document names no mark: no path, parameter or schema property for a note, a grid, a level."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import AsyncTestClient

pytestmark = pytest.mark.anyio
FORBIDDEN = (
    "note",
    "grille",
    "niveau",
    "bareme",
    "barème",
    "evaluation",
    "évaluation",
    "appreciation",
    "appréciation",
)


def names(document: dict[str, Any]) -> set[str]:
    """Every path, parameter name, schema name and schema property name of an OpenAPI document."""
    found: set[str] = set(document["paths"])
    for operations in document["paths"].values():
        for operation in operations.values():
            if isinstance(operation, dict):
                found |= {p["name"] for p in operation.get("parameters", [])}
    schemas = document.get("components", {}).get("schemas", {})
    found |= set(schemas)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            found.update(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)
    return found


async def test_openapi_names_no_mark(client: AsyncTestClient[Any]) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    found = names(document)
    assert "/api/fiches/{fiche_id}/transitions" in found and "If-Match" in found and "motif" in found
    offending = sorted(n for n in found if any(word in n.lower() for word in FORBIDDEN))
    assert offending == []


async def test_openapi_lists_the_school_routes_and_the_class_list_columns(
    client: AsyncTestClient[Any],
) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    paths = document["paths"]
    for path in ("/api/commissions", "/api/enseignants", "/api/sessions-examen", "/api/candidats/import"):
        assert path in paths, path
    assert set(paths["/api/candidats"]) >= {"get", "post"}
    assert "`nom`, `prenom` et `numero`" in paths["/api/candidats/import"]["post"]["description"]
    body = paths["/api/fiches/{fiche_id}"]["put"]["requestBody"]["content"]["application/json"]["schema"]
    edition = document["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]
    assert edition["properties"]["document"]["$ref"].endswith("FicheSujet")


async def test_openapi_documents_what_the_service_answers(client: AsyncTestClient[Any]) -> None:
    """schemathesis reads this document: unknown keys refused, errors in problem+json, bodies as sent."""
    document = (await client.get("/schema/openapi.json")).json()
    schemas, paths = document["components"]["schemas"], document["paths"]
    assert schemas["Connexion"]["additionalProperties"] is False
    assert schemas["FicheSujet"]["additionalProperties"] is False
    assert "additionalProperties" not in schemas["Compte"]  # an answer may gain a key
    put = paths["/api/fiches/{fiche_id}"]["put"]["responses"]
    for status in ("400", "default"):
        assert put[status]["content"] == {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Probleme"}}
        }
    assert {"type", "title", "status", "detail"} <= set(schemas["Probleme"]["required"])
    assert "content" not in paths["/api/session"]["delete"]["responses"]["204"]
    document_types = paths["/api/fiches/{fiche_id}/documents/{fichier}"]["get"]["responses"]["200"]["content"]
    assert set(document_types) == {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "text/html",
    }
    fdap = paths["/api/candidats/{candidate_id}/fdaps"]["post"]["requestBody"]["content"]
    assert fdap["multipart/form-data"]["schema"]["required"] == ["fichier"] and "application/json" in fdap
    assert set(paths["/api/candidats/import"]["post"]["requestBody"]["content"]) == {
        "text/csv",
        "multipart/form-data",
    }
