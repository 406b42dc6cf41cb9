"""The demo school on a fresh SQLite file, plus another school with 25 candidates waiting for a sheet."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
from litestar.testing import TestClient

from service import db
from service.db.models import Candidate, Etablissement, ExamSession, User
from service.domain.codec import load_fdap
from service.review import service
from service.review.demo import DEMO_PASSWORD, FIXTURES, load_demo
from service.review.passwords import hash_password
from service.settings import Settings
from service.web.app import create_app
from tests import databases

OTHER_EMAIL = "ailleurs@lycee-lointain.example"
OTHER_CANDIDATES = 25


async def _other_school(settings: Settings) -> None:
    """A school of its own: one teacher, 25 candidates with an NV FDAP and no fiche (« Lointain-01 »...)."""
    engine = db.create_engine(settings.database)
    try:
        async with db.session_factory(engine)() as session, session.begin():
            school = Etablissement(name="Lycée lointain", uai="0990001Z")
            session.add(school)
            await session.flush()
            teacher = User(
                etablissement_id=school.id,
                email=OTHER_EMAIL,
                display_name="Odile Ailleurs",
                password_hash=hash_password(DEMO_PASSWORD),
                roles=["enseignant", "commission"],
            )
            exam = ExamSession(etablissement_id=school.id, year=2026, mode="ccf")
            session.add_all([teacher, exam])
            await session.flush()
            fdap = load_fdap(FIXTURES / "03-banque-assurance-emprunteur.json")
            for number in range(1, OTHER_CANDIDATES + 1):
                candidate = Candidate(
                    etablissement_id=school.id,
                    exam_session_id=exam.id,
                    nom=f"Lointain-{number:02d}",
                    prenom="Zoé",
                    numero=f"L-{number:03d}",
                    teachers=[teacher],
                )
                session.add(candidate)
                await session.flush()
                await service.add_fdap(session, candidate.id, fdap)
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def demo_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = Settings(data_dir=tmp_path_factory.mktemp("pages") / "data", secret_key="cle-de-test")
    databases.migrate_sqlite(settings)
    asyncio.run(load_demo(settings))
    asyncio.run(_other_school(settings))
    return settings


@pytest.fixture
def client(demo_settings: Settings) -> Iterator[TestClient[object]]:
    with TestClient(app=create_app(demo_settings)) as test_client:
        yield test_client  # type: ignore[misc]


def csrf(client: TestClient[object]) -> str:
    """The CSRF token a form of the sign-in page carries (the page sets its cookie)."""
    client.get("/connexion")
    token = client.cookies.get("csrftoken")
    assert token
    return token


def sign_in(
    client: TestClient[object], email: str, password: str = DEMO_PASSWORD, path: str = "/connexion"
) -> httpx.Response:
    """Posts the sign-in form as a browser would; the response, redirects not followed."""
    form = {"email": email, "mot_de_passe": password, "_csrf_token": csrf(client)}
    return client.post(path, data=form, follow_redirects=False)


@pytest.fixture
def teacher(client: TestClient[object]) -> TestClient[object]:
    """Signed in as the demo teacher (author of the demo sheets)."""
    assert sign_in(client, "enseignante@demo.fichesujet.fr").status_code == 303
    return client
