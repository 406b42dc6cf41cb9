"""The demo school for tests/api/test_schemathesis.py: its app in-process, a signed-in client, and its real ids."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from litestar import Litestar
from schemathesis.python import asgi
from sqlalchemy import select

from service import db
from service.db.models import Candidate, Commission, ExamSession, FdapRecord, Fiche, GenerationJob, User
from service.review.demo import DEMO_PASSWORD, load_demo
from service.settings import Settings
from service.web.app import create_app
from service.web.auth import CSRF_COOKIE, CSRF_HEADER

ROLES = {
    "admin": "admin@demo.fichesujet.fr",
    "enseignant": "enseignante@demo.fichesujet.fr",
    "commission": "membre2@demo.fichesujet.fr",
}
# Path and query parameters drawn from the school's real rows: random UUIDs would only ever reach a 404.
TABLES: dict[str, Any] = {
    "fiche_id": Fiche,
    "fdap_id": FdapRecord,
    "candidate_id": Candidate,
    "commission_id": Commission,
    "session_id": ExamSession,
    "job_id": GenerationJob,
}
DOCUMENTS = [
    f"{sheets}.{kind}" for sheets in ("candidat", "jury", "les-deux") for kind in ("html", "docx", "pdf")
]
VERSIONS = ['"1"', '"2"', '"3"', '"4"']


@dataclass
class DemoWorld:
    role: str
    app: Litestar
    client: asgi.ASGIClient
    known: dict[str, list[str]] = field(default_factory=dict)

    def use_known_ids(self, case: Any, data: st.DataObject) -> None:
        """Most path and query ids become real ones (the rest stay as generated), If-Match a likely version."""
        for where in (case.path_parameters, case.query):
            for name in list(where or {}):
                choices = self.known.get(name, [])
                if choices and isinstance(where[name], str):
                    where[name] = data.draw(st.sampled_from([*choices, where[name]]))
        declared = case.operation.definition.raw.get("parameters", [])
        if any(parameter.get("name") == "If-Match" for parameter in declared):
            sent = case.headers.get("If-Match")
            case.headers["If-Match"] = data.draw(st.sampled_from([*VERSIONS, sent]))
            if case.headers["If-Match"] is None:
                del case.headers["If-Match"]


def demo_world(tmp_path: Path, role: str, database_url: str = "") -> DemoWorld:
    """Migrate a fresh database (SQLite unless `database_url`), load the demo, start the app, sign in as `role`."""
    settings = Settings(data_dir=tmp_path / "data", secret_key="cle-de-test", database_url=database_url)
    db.upgrade(settings)
    asyncio.run(load_demo(settings))
    known = asyncio.run(_known_ids(settings, ROLES[role]))
    app = create_app(settings)
    client = asgi.get_client(app).__enter__()
    world = DemoWorld(role=role, app=app, client=client, known=known)
    sign_in(world)
    return world


def sign_in(world: DemoWorld) -> None:
    """A fresh session cookie, and the CSRF token every write sends."""
    client = world.client
    client.cookies.clear()
    client.headers.pop(CSRF_HEADER, None)
    response = client.post("/api/session", json={"email": ROLES[world.role], "mot_de_passe": DEMO_PASSWORD})
    assert response.status_code == 200, response.text
    client.get("/api/sante")
    client.headers[CSRF_HEADER] = client.cookies[CSRF_COOKIE]


async def _known_ids(settings: Settings, email: str) -> dict[str, list[str]]:
    """Every id of the demo school per parameter name; the signed-in user's own account left out."""
    engine = db.create_engine(settings.database, null_pool=True)
    try:
        async with db.session_factory(engine)() as session:
            known = {
                name: [str(i) for i in await session.scalars(select(table.id))]
                for name, table in TABLES.items()
            }
            others = select(User.id).where(User.email != email)
            known["user_id"] = [str(i) for i in await session.scalars(others)]
    finally:
        await engine.dispose()
    known["fichier"] = DOCUMENTS
    return known
